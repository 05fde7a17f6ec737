package apiclient

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// widgetConfigurationJSON is a configuration as EXTRA.md lists it, with the
// defaults it names.
const widgetConfigurationJSON = `{
	"welcome_message": "<p>Hi there!</p>", "welcome_message2": "Ask anything", "header": "Support", "subtitle": "We reply fast",
	"input_placeholder": "Type here…", "background_disclaimer_text": "AI may make mistakes.",
	"conversation_starters": ["Where is my order?", "Returns"],
	"popup_active": true, "voice_active": false, "header_collapse": true, "header_text_color": true, "typing": true,
	"window_auto_open": false, "white_label": true, "streaming_active": true, "link_tracking_active": false,
	"primary_color": "rgb(0, 122, 255)", "header_color": "rgb(255, 255, 255)",
	"prechat_active": true, "prechat_header_text": "Before we start", "prechat_button_text": "Start", "prechat_message_text": null,
	"window_height": 600, "window_width": 400, "size": "medium", "location": "bottom-right", "avatar_image": ""
}`

func TestGetWidgetConfigurationDecodesEveryField(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/widget/configuration"}, 200, widgetConfigurationJSON)
	got, err := c.GetWidgetConfiguration(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := WidgetConfiguration{
		WelcomeMessage: "<p>Hi there!</p>", WelcomeMessage2: "Ask anything", Header: "Support", Subtitle: "We reply fast",
		InputPlaceholder: "Type here…", BackgroundDisclaimerText: "AI may make mistakes.",
		ConversationStarters: []string{"Where is my order?", "Returns"},
		PopupActive:          true, HeaderCollapse: true, HeaderTextColor: true, Typing: true, WhiteLabel: true, StreamingActive: true,
		PrimaryColor: "rgb(0, 122, 255)", HeaderColor: "rgb(255, 255, 255)",
		PrechatActive: true, PrechatHeaderText: "Before we start", PrechatButtonText: "Start",
		WindowHeight: 600, WindowWidth: 400, Size: "medium", Location: "bottom-right",
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got  %+v\nwant %+v", *got, want)
	}
}

func TestWidgetConfigurationPrechatMessage(t *testing.T) {
	var w WidgetConfiguration
	if err := json.Unmarshal([]byte(`{"prechat_message_text":"Tell us your email."}`), &w); err != nil {
		t.Fatal(err)
	}
	if w.PrechatMessageText == nil || *w.PrechatMessageText != "Tell us your email." {
		t.Errorf("prechat message = %v", w.PrechatMessageText)
	}
}

func TestWidgetHeaderTextColorIsReadTolerantly(t *testing.T) {
	cases := []struct {
		raw  string
		want bool
	}{
		{`true`, true}, {`false`, false}, {`null`, false},
		{`"true"`, true}, {`"false"`, false}, {`" TRUE "`, true}, {`"1"`, true}, {`"0"`, false}, {`""`, false},
		{`1`, true}, {`0`, false},
		{`"rgb(255, 255, 255)"`, false}, {`"#ffffff"`, false}, {`"white"`, false},
		{`{"r":1}`, false}, {`[true]`, false},
	}
	for _, tc := range cases {
		var w WidgetConfiguration
		body := `{"header":"Support","header_text_color":` + tc.raw + `,"typing":true,"window_width":400}`
		if err := json.Unmarshal([]byte(body), &w); err != nil {
			t.Errorf("%s: %v", tc.raw, err)
			continue
		}
		if w.HeaderTextColor != tc.want || w.Header != "Support" || !w.Typing || w.WindowWidth != 400 {
			t.Errorf("%s: %+v, want header_text_color %v and the other fields kept", tc.raw, w, tc.want)
		}
	}
	// Absent: the switch's default, and earlier values are not kept.
	w := WidgetConfiguration{HeaderTextColor: true}
	if err := json.Unmarshal([]byte(`{"header":"x"}`), &w); err != nil || w.HeaderTextColor {
		t.Errorf("absent: %+v, %v", w, err)
	}
	// The rest of the configuration still has to be right.
	if err := json.Unmarshal([]byte(`{"window_width":"wide"}`), &w); err == nil {
		t.Error("a text window width was accepted")
	}
	// Encoding is untouched: a bool.
	out, err := json.Marshal(WidgetConfiguration{HeaderTextColor: true})
	if err != nil || !strings.Contains(string(out), `"header_text_color":true`) {
		t.Errorf("encoded as %s, %v", out, err)
	}
}

func TestUpdateWidgetConfigurationSendsOnlySetFields(t *testing.T) {
	var none []string
	cases := []struct {
		name string
		u    WidgetConfigurationUpdate
		body string
	}{
		{"nothing", WidgetConfigurationUpdate{}, `{}`},
		{"colours", WidgetConfigurationUpdate{PrimaryColor: ptr(FormatRGB(0, 122, 255)), HeaderColor: ptr("rgb(1, 2, 3)")},
			`{"primary_color":"rgb(0, 122, 255)","header_color":"rgb(1, 2, 3)"}`},
		{"false switches are sent", WidgetConfigurationUpdate{PopupActive: ptr(false), HeaderTextColor: ptr(false), WhiteLabel: ptr(true)},
			`{"popup_active":false,"header_text_color":false,"white_label":true}`},
		{"starters", WidgetConfigurationUpdate{ConversationStarters: &[]string{"Track my order"}}, `{"conversation_starters":["Track my order"]}`},
		{"no starters", WidgetConfigurationUpdate{ConversationStarters: &[]string{}}, `{"conversation_starters":[]}`},
		{"no starters with a nil list", WidgetConfigurationUpdate{ConversationStarters: &none}, `{"conversation_starters":[]}`},
		{"clearing the pre-chat message", WidgetConfigurationUpdate{PrechatMessageText: ptr("")}, `{"prechat_message_text":""}`},
		{"every field", WidgetConfigurationUpdate{
			WelcomeMessage: ptr("<p>Hi</p>"), WelcomeMessage2: ptr("2"), Header: ptr("H"), Subtitle: ptr("S"), InputPlaceholder: ptr("I"),
			BackgroundDisclaimerText: ptr("B"), ConversationStarters: &[]string{"a"}, PopupActive: ptr(true), VoiceActive: ptr(true),
			HeaderCollapse: ptr(true), HeaderTextColor: ptr(true), Typing: ptr(true), WindowAutoOpen: ptr(true), WhiteLabel: ptr(true),
			StreamingActive: ptr(true), LinkTrackingActive: ptr(true), PrimaryColor: ptr("rgb(1, 1, 1)"), HeaderColor: ptr("rgb(2, 2, 2)"),
			PrechatActive: ptr(true), PrechatHeaderText: ptr("PH"), PrechatButtonText: ptr("PB"), PrechatMessageText: ptr("PM"),
			WindowHeight: ptr(0), WindowWidth: ptr(500), Size: ptr("large"), Location: ptr("bottom-left"), AvatarImage: ptr("https://x.test/a.png"),
		}, `{"welcome_message":"<p>Hi</p>","welcome_message2":"2","header":"H","subtitle":"S","input_placeholder":"I",
			"background_disclaimer_text":"B","conversation_starters":["a"],"popup_active":true,"voice_active":true,
			"header_collapse":true,"header_text_color":true,"typing":true,"window_auto_open":true,"white_label":true,
			"streaming_active":true,"link_tracking_active":true,"primary_color":"rgb(1, 1, 1)","header_color":"rgb(2, 2, 2)",
			"prechat_active":true,"prechat_header_text":"PH","prechat_button_text":"PB","prechat_message_text":"PM",
			"window_height":0,"window_width":500,"size":"large","location":"bottom-left","avatar_image":"https://x.test/a.png"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := expectOne(t, wantRequest{method: "PATCH", path: "/v1/api/widget/configuration", body: tc.body}, 200, widgetConfigurationJSON)
			got, err := c.UpdateWidgetConfiguration(t.Context(), tc.u)
			if err != nil {
				t.Fatal(err)
			}
			if got.PrimaryColor != "rgb(0, 122, 255)" || got.WindowHeight != 600 {
				t.Errorf("configuration = %+v", got)
			}
		})
	}
	if none != nil {
		t.Error("UpdateWidgetConfiguration changed the caller's list")
	}
}

func TestUpdateWidgetConfigurationRefusal(t *testing.T) {
	c := expectOne(t, wantRequest{method: "PATCH", path: "/v1/api/widget/configuration", body: `{"primary_color":"#007aff"}`}, 422,
		`{"errors":{"primary_color":[{"message":"must be written rgb(r, g, b)","code":"VALIDATION_ERROR"}]}}`)
	got, err := c.UpdateWidgetConfiguration(t.Context(), WidgetConfigurationUpdate{PrimaryColor: ptr("#007aff")})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 422 || apiErr.Message != "primary_color: must be written rgb(r, g, b)" || got != nil {
		t.Errorf("%+v, %v; want the API's refusal", got, err)
	}
}

func TestFormatRGB(t *testing.T) {
	for _, tc := range []struct {
		r, g, b uint8
		want    string
	}{
		{0, 122, 255, "rgb(0, 122, 255)"}, {0, 0, 0, "rgb(0, 0, 0)"}, {255, 255, 255, "rgb(255, 255, 255)"}, {7, 80, 9, "rgb(7, 80, 9)"},
	} {
		if got := FormatRGB(tc.r, tc.g, tc.b); got != tc.want {
			t.Errorf("FormatRGB(%d, %d, %d) = %q, want %q", tc.r, tc.g, tc.b, got, tc.want)
		}
	}
}

func TestParseRGBAccepts(t *testing.T) {
	for in, want := range map[string][3]uint8{
		"rgb(0, 122, 255)":           {0, 122, 255},
		"rgb(0,122,255)":             {0, 122, 255},
		"rgb( 0 , 122 , 255 )":       {0, 122, 255},
		"rgb(0,\t122,\t255)":         {0, 122, 255},
		"  rgb(0, 122, 255)\t":       {0, 122, 255},
		"RGB(0, 122, 255)":           {0, 122, 255},
		"Rgb(1, 2, 3)":               {1, 2, 3},
		"rgb(000, 007, 255)":         {0, 7, 255},
		"rgb(255, 255, 255)":         {255, 255, 255},
		"rgb(0,    0,          0)":   {0, 0, 0},
		"rgb (0, 122, 255)":          {0, 122, 255},
		"rgb\t(0, 122, 255)":         {0, 122, 255},
		"rgb(0, 122, 255)\n":         {0, 122, 255},
		"\r\nrgb(\n0,\n122,\n255\n)": {0, 122, 255},
	} {
		r, g, b, err := ParseRGB(in)
		if err != nil || [3]uint8{r, g, b} != want {
			t.Errorf("ParseRGB(%q) = %d, %d, %d, %v; want %v", in, r, g, b, err, want)
		}
	}
}

func TestParseRGBRefuses(t *testing.T) {
	for in, mention := range map[string]string{
		"":                       "no colour",
		"   ":                    "no colour",
		"#007aff":                "hex",
		"#fff":                   "hex",
		"007aff":                 "rgb(red, green, blue)",
		"0x007aff":               "rgb(red, green, blue)",
		"blue":                   "rgb(red, green, blue)",
		"transparent":            "rgb(red, green, blue)",
		"rgba(0, 122, 255, 0.5)": "rgb(red, green, blue)",
		"hsl(210, 100%, 50%)":    "rgb(red, green, blue)",
		"rgba (0, 122, 255)":     "rgb(red, green, blue)",
		"r g b(0, 122, 255)":     "rgb(red, green, blue)",
		"rgb(0, 122, 255)\v":     "rgb(red, green, blue)",
		"rgb(0, 122, 255\u00a0)": "whole number",
		"\u00a0rgb(0, 122, 255)": "rgb(red, green, blue)",
		"rgb)":                   "rgb(red, green, blue)",
		"rgb(":                   "rgb(red, green, blue)",
		"rgb":                    "rgb(red, green, blue)",
		"rgb(0, 122, 255":        "rgb(red, green, blue)",
		"rgb 0, 122, 255)":       "rgb(red, green, blue)",
		"rgb(0 122 255)":         "3 numbers",
		"rgb(0, 122)":            "3 numbers",
		"rgb(0, 122, 255, 1)":    "3 numbers",
		"rgb()":                  "3 numbers",
		"rgb(256, 0, 0)":         "above 255",
		"rgb(0, 999, 0)":         "above 255",
		"rgb(0, 0, 1000)":        "whole number",
		"rgb(-1, 0, 0)":          "whole number",
		"rgb(+1, 0, 0)":          "whole number",
		"rgb(1.5, 0, 0)":         "whole number",
		"rgb(50%, 0, 0)":         "whole number",
		"rgb(, 0, 0)":            "whole number",
		"rgb(0, , 0)":            "whole number",
		"rgb(0x1, 0, 0)":         "whole number",
		"rgb(1 2, 3, 4)":         "whole number",
		"rgb(٣, 0, 0)":           "whole number", // Arabic-Indic digit
		"rgb(0, 122, 255)x":      "rgb(red, green, blue)",
	} {
		r, g, b, err := ParseRGB(in)
		if err == nil {
			t.Errorf("ParseRGB(%q) = %d, %d, %d, want a refusal", in, r, g, b)
			continue
		}
		if !strings.Contains(err.Error(), mention) || r != 0 || g != 0 || b != 0 {
			t.Errorf("ParseRGB(%q): %d, %d, %d, %q; want an error mentioning %q", in, r, g, b, err, mention)
		}
	}
}

func TestRGBRoundTrips(t *testing.T) {
	check := func(r, g, b uint8) {
		s := FormatRGB(r, g, b)
		pr, pg, pb, err := ParseRGB(s)
		if err != nil || pr != r || pg != g || pb != b {
			t.Fatalf("ParseRGB(FormatRGB(%d, %d, %d) = %q) = %d, %d, %d, %v", r, g, b, s, pr, pg, pb, err)
		}
	}
	for v := range 256 {
		check(uint8(v), 0, 0)
		check(0, uint8(v), 0)
		check(0, 0, uint8(v))
		check(uint8(v), uint8(255-v), uint8(v*7))
	}
}

func FuzzParseRGB(f *testing.F) {
	for _, seed := range []string{"rgb(0, 122, 255)", "rgb(0,0,0)", "RGB( 255 ,1,2 )", "#007aff", "blue", "rgb(256, 0, 0)", "rgb(1.5,2,3)", "rgb(", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, g, b, err := ParseRGB(s)
		if err != nil {
			if r != 0 || g != 0 || b != 0 {
				t.Errorf("ParseRGB(%q) refused it but gave %d, %d, %d", s, r, g, b)
			}
			return
		}
		// What is accepted is a colour: written back the API's way it
		// reads the same, and that writing is the one FormatRGB gives.
		canonical := FormatRGB(r, g, b)
		r2, g2, b2, err := ParseRGB(canonical)
		if err != nil || r2 != r || g2 != g || b2 != b {
			t.Errorf("ParseRGB(%q) = %d, %d, %d, but %q reads %d, %d, %d, %v", s, r, g, b, canonical, r2, g2, b2, err)
		}
		if !strings.EqualFold(strings.Join(strings.Fields(strings.NewReplacer(",", " , ", "(", " ( ").Replace(s)), ""),
			strings.Join(strings.Fields(strings.NewReplacer(",", " , ", "(", " ( ").Replace(canonical)), "")) && !hasLeadingZero(s) {
			t.Errorf("ParseRGB(%q) accepted more than spacing and case differences from %q", s, canonical)
		}
	})
}

// hasLeadingZero tells whether a number in s is written with a leading 0,
// such as "007", which ParseRGB accepts.
func hasLeadingZero(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '0' && (i == 0 || s[i-1] < '0' || s[i-1] > '9') && s[i+1] >= '0' && s[i+1] <= '9' {
			return true
		}
	}
	return false
}
