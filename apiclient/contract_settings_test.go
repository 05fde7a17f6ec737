package apiclient_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

// settingsWrite sends one change of an agent's settings with the client it
// is given, and returns what the API answers.
type settingsWrite func(ctx context.Context, c *apiclient.Client) (any, error)

// change is a settingsWrite calling a client method with u.
func change[U, R any](method func(*apiclient.Client, context.Context, U) (R, error), u U) settingsWrite {
	return func(ctx context.Context, c *apiclient.Client) (any, error) { return method(c, ctx, u) }
}

// changes makes a settingsWrite of each named argument.
func changes[U, R any](method func(*apiclient.Client, context.Context, U) (R, error), args map[string]U) map[string]settingsWrite {
	out := make(map[string]settingsWrite, len(args))
	for name, u := range args {
		out[name] = change(method, u)
	}
	return out
}

// reading reads an agent's settings whole with a client method.
func reading[R any](method func(*apiclient.Client, context.Context) (R, error)) func(context.Context, *apiclient.Client) (any, error) {
	return func(ctx context.Context, c *apiclient.Client) (any, error) { return method(c, ctx) }
}

// settingsCase is one kind of an agent's settings, taken through the same
// steps: writes read back, refused writes that change nothing, and a write
// a read-only token may not make.
type settingsCase struct {
	name, scenario string
	// roundTrip checks a new agent's settings, then writes them and reads them back.
	roundTrip func(t *testing.T, ctx context.Context, c, reader *apiclient.Client)
	// read reads the settings whole, to compare before and after the refused writes.
	read func(ctx context.Context, c *apiclient.Client) (any, error)
	// refused are writes the API refuses with one of refusedWith (and, when set,
	// refusedCode) and a message, changing nothing.
	refused     map[string]settingsWrite
	refusedWith []int
	refusedCode string
	// afterRefusals checks what comes after the refusals, with the writing client.
	afterRefusals func(t *testing.T, ctx context.Context, c *apiclient.Client)
	// readOnly is a write a read-only token is refused (403).
	readOnly settingsWrite
}

// TestContractSettings takes each kind of an agent's settings (Knowledge
// Base, chatbot, widget, handoff, ratings) through a round trip and its
// refusals, each agent new in a sandbox of its own.
func TestContractSettings(t *testing.T) {
	handoff := apiclient.HandoffConfiguration{
		Active: true, GenericGuidelines: []string{"user_frustration", "lack_of_knowledge"}, CustomGuidelines: []string{"The visitor asks for a refund over 500 EUR"},
		ConfirmationMessage: "Would you like to talk to a person?", AISummaryActive: true,
		WorkingHours: apiclient.WorkingHours{Active: true, TimeZone: "Europe/Warsaw", Days: []string{"mon", "tue", "wed", "thu", "fri"},
			Start: "09:00", End: "17:00", OutOfHoursMessage: "We are back at 9."},
		KeywordTriggers: []string{"speak to human"},
		RoutingProfiles: []apiclient.RoutingProfile{{Topic: "Billing", Description: "Invoices and refunds", Operators: []string{"ana@example.com"}}},
	}
	badHandoff := func(edit func(*apiclient.HandoffConfiguration)) apiclient.HandoffConfiguration {
		b := handoff
		b.WorkingHours.Days = slices.Clone(handoff.WorkingHours.Days)
		b.RoutingProfiles = slices.Clone(handoff.RoutingProfiles)
		edit(&b)
		return b
	}

	// Colours written any other way than rgb(r, g, b) are refused.
	badColours := []string{"#007aff", "#fff", "blue", "rgb(256, 0, 0)", "rgba(0, 122, 255, 0.5)", "rgb(1, 2)", ""}
	badColourWrites := map[string]apiclient.WidgetConfigurationUpdate{}
	for _, colour := range badColours {
		badColourWrites[fmt.Sprintf("primary colour %q", colour)] = apiclient.WidgetConfigurationUpdate{PrimaryColor: ptr(colour)}
		badColourWrites[fmt.Sprintf("header colour %q", colour)] = apiclient.WidgetConfigurationUpdate{HeaderColor: ptr(colour)}
	}

	for _, tc := range []settingsCase{{
		name: "knowledge base", scenario: "contract-settings",
		roundTrip: func(t *testing.T, ctx context.Context, c, _ *apiclient.Client) {
			s, err := c.GetKnowledgeBase(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if s.OneWordDescription != "" || s.AICommands == nil || len(s.AICommands) != 0 {
				t.Errorf("a new agent's settings = %+v", s)
			}
			s, err = c.UpdateKnowledgeBase(ctx, apiclient.KnowledgeBaseSettingsUpdate{
				OneWordDescription: ptr("Sales Bot"), AICommands: &[]string{"Be polite", "Stay on topic"},
			})
			if err != nil {
				t.Fatal(err)
			}
			if s.OneWordDescription != "Sales Bot" || !slices.Equal(s.AICommands, []string{"Be polite", "Stay on topic"}) {
				t.Errorf("after the first patch: %+v", s)
			}
			// A patch leaves the fields it does not name alone.
			s, err = c.UpdateKnowledgeBase(ctx, apiclient.KnowledgeBaseSettingsUpdate{ShortDescription: ptr("Answers questions about orders.")})
			if err != nil {
				t.Fatal(err)
			}
			if s.OneWordDescription != "Sales Bot" || s.ShortDescription != "Answers questions about orders." || len(s.AICommands) != 2 {
				t.Errorf("after the second patch: %+v", s)
			}
			if _, err := c.UpdateKnowledgeBase(ctx, apiclient.KnowledgeBaseSettingsUpdate{AICommands: &[]string{}}); err != nil {
				t.Fatal(err)
			}
			s, err = c.GetKnowledgeBase(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if s.OneWordDescription != "Sales Bot" || len(s.AICommands) != 0 {
				t.Errorf("read back: %+v", s)
			}

			// Publishing an article asks for a retrain.
			a, err := c.CreateArticle(ctx, apiclient.ArticleCreate{Content: "Orders ship in 2 days."})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.UpdateArticle(ctx, a.ID, apiclient.ArticleUpdate{SaveMode: apiclient.SavePublish}); err != nil {
				t.Fatal(err)
			}
			if s, err = c.GetKnowledgeBase(ctx); err != nil {
				t.Fatal(err)
			}
			if s.RetrainState == nil || *s.RetrainState != "to_be_retrained" {
				t.Errorf("retrain state after publishing = %v", s.RetrainState)
			}
		},
	}, {
		name: "chatbot", scenario: "contract-chatbot",
		roundTrip: func(t *testing.T, ctx context.Context, c, reader *apiclient.Client) {
			start, err := reader.GetChatbotSettings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if start.AICommands == nil || start.Personality < 0 || start.Personality > 13 || start.CreativityLevel < 0 || start.CreativityLevel > 2 ||
				start.ReplyLength < 0 || start.ReplyLength > 2 || start.LanguageChosen == "" {
				t.Errorf("a new agent's chatbot settings = %+v", start)
			}

			// A patch changes what it names and leaves the rest.
			s, err := c.UpdateChatbotSettings(ctx, apiclient.ChatbotSettingsUpdate{
				Personality: ptr(13), CreativityLevel: ptr(2), ReplyLength: ptr(0), Profession: ptr("bike mechanic"),
				Greeting: ptr("<p>Servus!</p>"), LanguageChosen: ptr("de"), AICommands: &[]string{"Be polite", "Stay on topic"},
			})
			if err != nil {
				t.Fatal(err)
			}
			want := *start
			want.Personality, want.CreativityLevel, want.ReplyLength, want.Profession = 13, 2, 0, "bike mechanic"
			want.Greeting, want.LanguageChosen, want.AICommands = "<p>Servus!</p>", "de", []string{"Be polite", "Stay on topic"}
			if !reflect.DeepEqual(*s, want) {
				t.Errorf("after the patch:\n%+v\nwant\n%+v", *s, want)
			}
			if got, err := reader.GetChatbotSettings(ctx); err != nil || !reflect.DeepEqual(got, s) {
				t.Errorf("read back: %+v, %v", got, err)
			}

			// Zero is a value, not "leave as is".
			s, err = c.UpdateChatbotSettings(ctx, apiclient.ChatbotSettingsUpdate{Personality: ptr(0), CreativityLevel: ptr(0)})
			if err != nil || s.Personality != 0 || s.CreativityLevel != 0 || s.ReplyLength != 0 || s.Profession != "bike mechanic" {
				t.Errorf("setting zeros: %+v, %v", s, err)
			}

			// The name, purpose and commands are the Knowledge Base settings' too.
			s, err = c.UpdateChatbotSettings(ctx, apiclient.ChatbotSettingsUpdate{OneWordDescription: ptr("Velo"), ShortDescription: ptr("Helps riders.")})
			if err != nil {
				t.Fatal(err)
			}
			kb, err := c.GetKnowledgeBase(ctx)
			if err != nil || kb.OneWordDescription != "Velo" || kb.ShortDescription != "Helps riders." || !slices.Equal(kb.AICommands, s.AICommands) {
				t.Errorf("the Knowledge Base settings say %+v, %v; the chatbot settings %+v", kb, err, s)
			}
			if _, err := c.UpdateKnowledgeBase(ctx, apiclient.KnowledgeBaseSettingsUpdate{AICommands: &[]string{}}); err != nil {
				t.Fatal(err)
			}
			if s, err = c.GetChatbotSettings(ctx); err != nil || s.AICommands == nil || len(s.AICommands) != 0 {
				t.Errorf("after clearing the commands in the Knowledge Base settings: %+v, %v", s, err)
			}
		},
		read: reading((*apiclient.Client).GetChatbotSettings),
		// Values outside the ranges.
		refused: changes((*apiclient.Client).UpdateChatbotSettings, map[string]apiclient.ChatbotSettingsUpdate{
			"personality 14":    {Personality: ptr(14)},
			"personality -1":    {Personality: ptr(-1)},
			"creativity 3":      {CreativityLevel: ptr(3)},
			"creativity -1":     {CreativityLevel: ptr(-1)},
			"reply length 3":    {ReplyLength: ptr(3)},
			"profession of 201": {Profession: ptr(strings.Repeat("p", 201))},
			"greeting of 1001":  {Greeting: ptr(strings.Repeat("g", 1001))},
			"name of 201":       {OneWordDescription: ptr(strings.Repeat("n", 201))},
			"purpose of 2001":   {ShortDescription: ptr(strings.Repeat("s", 2001))},
			"a command of 501":  {AICommands: &[]string{strings.Repeat("c", 501)}},
			"commands of 5001 in all": {AICommands: &[]string{strings.Repeat("c", 500), strings.Repeat("c", 500), strings.Repeat("c", 500), strings.Repeat("c", 500),
				strings.Repeat("c", 500), strings.Repeat("c", 500), strings.Repeat("c", 500), strings.Repeat("c", 500), strings.Repeat("c", 500), strings.Repeat("c", 500), "c"}},
			"a valid field with an invalid one": {Profession: ptr("fine"), ReplyLength: ptr(7)},
		}),
		refusedWith: []int{http.StatusUnprocessableEntity}, refusedCode: "VALIDATION_ERROR",
		afterRefusals: func(t *testing.T, ctx context.Context, c *apiclient.Client) {
			// The limits themselves are accepted.
			edge := apiclient.ChatbotSettingsUpdate{Profession: ptr(strings.Repeat("p", 200)), Greeting: ptr(strings.Repeat("g", 1000)),
				OneWordDescription: ptr(strings.Repeat("n", 200)), ShortDescription: ptr(strings.Repeat("s", 2000)),
				AICommands: &[]string{strings.Repeat("c", 500), strings.Repeat("d", 500)}}
			if _, err := c.UpdateChatbotSettings(ctx, edge); err != nil {
				t.Errorf("values at the limits: %v", err)
			}
		},
		readOnly: change((*apiclient.Client).UpdateChatbotSettings, apiclient.ChatbotSettingsUpdate{ReplyLength: ptr(1)}),
	}, {
		name: "widget", scenario: "contract-widget",
		roundTrip: func(t *testing.T, ctx context.Context, c, reader *apiclient.Client) {
			start, err := reader.GetWidgetConfiguration(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// The defaults the reference names.
			if start.WindowHeight != 600 || start.WindowWidth != 400 || start.Size != "medium" || start.Location != "bottom-right" ||
				start.AvatarImage != "" || start.PrechatMessageText != nil || start.ConversationStarters == nil {
				t.Errorf("a new agent's widget = %+v", start)
			}
			for _, colour := range []string{start.PrimaryColor, start.HeaderColor} {
				if _, _, _, err := apiclient.ParseRGB(colour); err != nil {
					t.Errorf("the API's own colour: %v", err)
				}
			}

			// Colours: what the console writes comes back the same, and reads as
			// the same colour.
			w, err := c.UpdateWidgetConfiguration(ctx, apiclient.WidgetConfigurationUpdate{
				PrimaryColor: ptr(apiclient.FormatRGB(12, 34, 250)), HeaderColor: ptr(apiclient.FormatRGB(255, 255, 255)),
			})
			if err != nil {
				t.Fatal(err)
			}
			if w.PrimaryColor != "rgb(12, 34, 250)" || w.HeaderColor != "rgb(255, 255, 255)" {
				t.Errorf("colours after the patch: %q, %q", w.PrimaryColor, w.HeaderColor)
			}
			if r, g, b, err := apiclient.ParseRGB(w.PrimaryColor); err != nil || r != 12 || g != 34 || b != 250 {
				t.Errorf("ParseRGB(%q) = %d, %d, %d, %v", w.PrimaryColor, r, g, b, err)
			}
			// Another spelling of the same colour comes back in the API's own.
			if w, err = c.UpdateWidgetConfiguration(ctx, apiclient.WidgetConfigurationUpdate{PrimaryColor: ptr("RGB(1,2,3)")}); err != nil {
				t.Fatal(err)
			}
			if r, g, b, err := apiclient.ParseRGB(w.PrimaryColor); err != nil || r != 1 || g != 2 || b != 3 {
				t.Errorf("after sending RGB(1,2,3): %q, %v", w.PrimaryColor, err)
			}

			// Every spelling ParseRGB reads, the API takes, as the same colour.
			for _, spelling := range []string{"rgb(0,122,255)", "rgb( 0 , 122 , 255 )", "RGB(0, 122, 255)", "rgb (0, 122, 255)", "rgb(000, 122, 255)", " rgb(0,\t122,\n255) "} {
				r, g, b, err := apiclient.ParseRGB(spelling)
				if err != nil || r != 0 || g != 122 || b != 255 {
					t.Errorf("ParseRGB(%q) = %d, %d, %d, %v", spelling, r, g, b, err)
				}
				got, err := c.UpdateWidgetConfiguration(ctx, apiclient.WidgetConfigurationUpdate{HeaderColor: ptr(spelling)})
				if err != nil || got.HeaderColor != apiclient.FormatRGB(0, 122, 255) {
					t.Errorf("sending %q: %+v, %v; want it stored as %q", spelling, got, err, apiclient.FormatRGB(0, 122, 255))
				}
			}
			// And the colours the API refuses, the console's check refuses too.
			for _, colour := range badColours {
				if _, _, _, err := apiclient.ParseRGB(colour); err == nil {
					t.Errorf("ParseRGB accepts %q, which the API refuses", colour)
				}
			}

			// The rest of a patch, and what it leaves alone.
			w, err = c.UpdateWidgetConfiguration(ctx, apiclient.WidgetConfigurationUpdate{
				Header: ptr("Velora support"), ConversationStarters: &[]string{"Where is my bike?", "Returns"}, PopupActive: ptr(false),
				HeaderTextColor: ptr(false), PrechatMessageText: ptr("Tell us your order number."), WindowHeight: ptr(700), Location: ptr("bottom-left"),
			})
			if err != nil {
				t.Fatal(err)
			}
			if w.Header != "Velora support" || !slices.Equal(w.ConversationStarters, []string{"Where is my bike?", "Returns"}) || w.PopupActive ||
				w.HeaderTextColor || w.PrechatMessageText == nil || *w.PrechatMessageText != "Tell us your order number." || w.WindowHeight != 700 ||
				w.Location != "bottom-left" || w.WindowWidth != start.WindowWidth || w.Subtitle != start.Subtitle || w.PrimaryColor != "rgb(1, 2, 3)" {
				t.Errorf("after the second patch: %+v", w)
			}
			if got, err := reader.GetWidgetConfiguration(ctx); err != nil || !reflect.DeepEqual(got, w) {
				t.Errorf("read back: %+v, %v", got, err)
			}
			var none []string
			if w, err = c.UpdateWidgetConfiguration(ctx, apiclient.WidgetConfigurationUpdate{ConversationStarters: &none}); err != nil ||
				w.ConversationStarters == nil || len(w.ConversationStarters) != 0 {
				t.Errorf("clearing the starters: %+v, %v", w, err)
			}
		},
		read:        reading((*apiclient.Client).GetWidgetConfiguration),
		refused:     changes((*apiclient.Client).UpdateWidgetConfiguration, badColourWrites),
		refusedWith: []int{http.StatusUnprocessableEntity},
		readOnly:    change((*apiclient.Client).UpdateWidgetConfiguration, apiclient.WidgetConfigurationUpdate{Typing: ptr(false)}),
	}, {
		name: "handoff", scenario: "contract-handoff",
		roundTrip: func(t *testing.T, ctx context.Context, c, reader *apiclient.Client) {
			start, err := reader.GetHandoffConfiguration(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if start.GenericGuidelines == nil || start.CustomGuidelines == nil || start.KeywordTriggers == nil || start.RoutingProfiles == nil || start.WorkingHours.Days == nil {
				t.Errorf("a new agent's handoff = %+v", start)
			}

			got, err := c.PutHandoffConfiguration(ctx, handoff)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, handoff) {
				t.Errorf("after the PUT:\n%+v\nwant\n%+v", *got, handoff)
			}
			if read, err := reader.GetHandoffConfiguration(ctx); err != nil || !reflect.DeepEqual(read, got) {
				t.Errorf("read back: %+v, %v", read, err)
			}

			// PUT replaces everything: nil lists clear.
			off := apiclient.HandoffConfiguration{WorkingHours: apiclient.WorkingHours{TimeZone: "UTC", Start: "09:00", End: "17:00"},
				RoutingProfiles: []apiclient.RoutingProfile{{Topic: "Sales"}}}
			got, err = c.PutHandoffConfiguration(ctx, off)
			if err != nil {
				t.Fatal(err)
			}
			if got.Active || len(got.GenericGuidelines) != 0 || len(got.CustomGuidelines) != 0 || len(got.KeywordTriggers) != 0 || got.ConfirmationMessage != "" ||
				len(got.WorkingHours.Days) != 0 || len(got.RoutingProfiles) != 1 || got.RoutingProfiles[0].Operators == nil || len(got.RoutingProfiles[0].Operators) != 0 {
				t.Errorf("after a PUT of almost nothing: %+v", got)
			}
		},
		read: reading((*apiclient.Client).GetHandoffConfiguration),
		refused: changes((*apiclient.Client).PutHandoffConfiguration, map[string]apiclient.HandoffConfiguration{
			"an unknown time zone":    badHandoff(func(b *apiclient.HandoffConfiguration) { b.WorkingHours.TimeZone = "Mars/Olympus_Mons" }),
			"a made-up city":          badHandoff(func(b *apiclient.HandoffConfiguration) { b.WorkingHours.TimeZone = "Europe/Nowhere" }),
			"a start at 25:00":        badHandoff(func(b *apiclient.HandoffConfiguration) { b.WorkingHours.Start = "25:00" }),
			"an end before the start": badHandoff(func(b *apiclient.HandoffConfiguration) { b.WorkingHours.Start, b.WorkingHours.End = "17:00", "09:00" }),
			"an unknown day":          badHandoff(func(b *apiclient.HandoffConfiguration) { b.WorkingHours.Days = []string{"funday"} }),
			"an unknown guideline":    badHandoff(func(b *apiclient.HandoffConfiguration) { b.GenericGuidelines = []string{"full_moon"} }),
			"an operator without @":   badHandoff(func(b *apiclient.HandoffConfiguration) { b.RoutingProfiles[0].Operators = []string{"ana"} }),
			"a profile without topic": badHandoff(func(b *apiclient.HandoffConfiguration) { b.RoutingProfiles[0].Topic = "" }),
		}),
		refusedWith: []int{http.StatusUnprocessableEntity},
		readOnly:    change((*apiclient.Client).PutHandoffConfiguration, handoff),
	}, {
		name: "ratings", scenario: "contract-ratings",
		roundTrip: func(t *testing.T, ctx context.Context, c, reader *apiclient.Client) {
			start, err := reader.GetRatingConfiguration(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if start.ConvRatingActive != start.ConvRatingPopupActive || start.ConvRatingQuestionCodes == nil {
				t.Errorf("a new agent's rating configuration = %+v", start)
			}

			off, err := c.UpdateRatingConfiguration(ctx, apiclient.RatingConfigurationUpdate{ConvRatingActive: ptr(false), ConvRatingPopupActive: ptr(false)})
			if err != nil {
				t.Fatal(err)
			}
			if off.ConvRatingActive || off.ConvRatingPopupActive || !slices.Equal(off.ConvRatingQuestionCodes, start.ConvRatingQuestionCodes) {
				t.Errorf("after switching off: %+v (started as %+v)", off, start)
			}
			if got, err := reader.GetRatingConfiguration(ctx); err != nil || !reflect.DeepEqual(got, off) {
				t.Errorf("read back: %+v, %v", got, err)
			}

			// The questions alone; then none.
			codes, err := c.UpdateRatingConfiguration(ctx, apiclient.RatingConfigurationUpdate{ConvRatingQuestionCodes: &[]string{"HELPFUL_THUMBS"}})
			if err != nil {
				t.Fatal(err)
			}
			if codes.ConvRatingActive || !slices.Equal(codes.ConvRatingQuestionCodes, []string{"HELPFUL_THUMBS"}) {
				t.Errorf("after changing the questions: %+v", codes)
			}
			var none []string
			if cleared, err := c.UpdateRatingConfiguration(ctx, apiclient.RatingConfigurationUpdate{ConvRatingQuestionCodes: &none}); err != nil ||
				cleared.ConvRatingQuestionCodes == nil || len(cleared.ConvRatingQuestionCodes) != 0 {
				t.Errorf("after clearing the questions: %+v, %v", cleared, err)
			}
		},
		read: reading((*apiclient.Client).GetRatingConfiguration),
		// The popup goes with rating: a change that would part them is refused.
		refused: changes((*apiclient.Client).UpdateRatingConfiguration, map[string]apiclient.RatingConfigurationUpdate{
			"popup without rating":         {ConvRatingActive: ptr(false), ConvRatingPopupActive: ptr(true)},
			"rating without popup":         {ConvRatingActive: ptr(true), ConvRatingPopupActive: ptr(false)},
			"rating alone, popup left off": {ConvRatingActive: ptr(true)},
			"popup alone, rating left off": {ConvRatingPopupActive: ptr(true)},
		}),
		refusedWith: []int{http.StatusUnprocessableEntity, http.StatusBadRequest},
		afterRefusals: func(t *testing.T, ctx context.Context, c *apiclient.Client) {
			on, err := c.UpdateRatingConfiguration(ctx, apiclient.RatingConfigurationUpdate{ConvRatingActive: ptr(true), ConvRatingPopupActive: ptr(true)})
			if err != nil || !on.ConvRatingActive || !on.ConvRatingPopupActive {
				t.Errorf("switching on: %+v, %v", on, err)
			}
			// Unknown question codes are refused.
			if _, err := c.UpdateRatingConfiguration(ctx, apiclient.RatingConfigurationUpdate{ConvRatingQuestionCodes: &[]string{"NOT_A_QUESTION"}}); !apiclient.IsStatus(err, http.StatusUnprocessableEntity) {
				t.Errorf("an unknown question code: %v, want 422", err)
			}
		},
		readOnly: change((*apiclient.Client).UpdateRatingConfiguration, apiclient.RatingConfigurationUpdate{ConvRatingActive: ptr(false), ConvRatingPopupActive: ptr(false)}),
	}} {
		t.Run(tc.name, func(t *testing.T) {
			api := newContractAPI(t, false)
			c := api.client(t, tc.scenario, sandbox.ScopeWrite)
			reader := api.client(t, tc.scenario, sandbox.ScopeRead)
			ctx := t.Context()

			tc.roundTrip(t, ctx, c, reader)

			// Refused writes change nothing.
			if len(tc.refused) > 0 {
				before, err := tc.read(ctx, c)
				if err != nil {
					t.Fatal(err)
				}
				for name, write := range tc.refused {
					var apiErr *apiclient.APIError
					if got, err := write(ctx, c); !errors.As(err, &apiErr) || !slices.Contains(tc.refusedWith, apiErr.Status) ||
						(tc.refusedCode != "" && apiErr.Code != tc.refusedCode) || apiErr.Message == "" {
						t.Errorf("%s: %+v, %v; want %v %s with a message", name, got, err, tc.refusedWith, tc.refusedCode)
					}
				}
				if after, err := tc.read(ctx, c); err != nil || !reflect.DeepEqual(after, before) {
					t.Errorf("refused writes changed the settings: %+v, %v (were %+v)", after, err, before)
				}
			}
			if tc.afterRefusals != nil {
				tc.afterRefusals(t, ctx, c)
			}

			// A read-only token may read, not write.
			if tc.readOnly != nil {
				if _, err := tc.readOnly(ctx, reader); !apiclient.IsStatus(err, http.StatusForbidden) {
					t.Errorf("a write with a read-only token: %v, want 403", err)
				}
			}
		})
	}
}
