package agent

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/merge"
	"qcadmin/static"
	"qcadmin/views"
	"qcadmin/views/layout"
	"qcadmin/web"
)

// Limits of the widget configuration, in characters as Quickchat counts them;
// the window's size in pixels.
const (
	maxWidgetText     = 500
	maxWelcomeMessage = 1000
	maxStarters       = 10
	maxStarter        = 200
	maxAvatarAddress  = 2000
	minWindowWidth    = 250
	maxWindowWidth    = 800
	minWindowHeight   = 300
	maxWindowHeight   = 1200
)

var (
	widgetSizes     = []views.Option{{Value: "small", Label: "Small"}, {Value: "medium", Label: "Medium"}, {Value: "large", Label: "Large"}}
	widgetLocations = []views.Option{{Value: "bottom-right", Label: "Bottom right"}, {Value: "bottom-left", Label: "Bottom left"}}
)

// widgetToggle is one switch of the widget's behaviour, in the API's name and people's words.
type widgetToggle struct {
	name, label, help string
	field             func(*apiclient.WidgetConfiguration) *bool
}

var widgetToggles = []widgetToggle{
	{"popup_active", "Greeting popup", "Show the welcome message in a bubble next to the chat button.", func(w *apiclient.WidgetConfiguration) *bool { return &w.PopupActive }},
	{"window_auto_open", "Open by itself", "Open the chat window when the page loads.", func(w *apiclient.WidgetConfiguration) *bool { return &w.WindowAutoOpen }},
	{"typing", "Typing indicator", "Show dots while the agent writes.", func(w *apiclient.WidgetConfiguration) *bool { return &w.Typing }},
	{"streaming_active", "Stream replies", "Show replies word by word as they are written.", func(w *apiclient.WidgetConfiguration) *bool { return &w.StreamingActive }},
	{"voice_active", "Voice", "Let visitors speak instead of typing.", func(w *apiclient.WidgetConfiguration) *bool { return &w.VoiceActive }},
	{"header_collapse", "Collapsing header", "Shrink the header as the conversation scrolls.", func(w *apiclient.WidgetConfiguration) *bool { return &w.HeaderCollapse }},
	{"header_text_color", "Light header text", "White text on the header; off for dark text on a light header colour.", func(w *apiclient.WidgetConfiguration) *bool { return &w.HeaderTextColor }},
	{"link_tracking_active", "Link tracking", "Count clicks on links in the agent's replies.", func(w *apiclient.WidgetConfiguration) *bool { return &w.LinkTrackingActive }},
	{"white_label", "Hide “Powered by Quickchat”", "Leave out the Quickchat line under the input.", func(w *apiclient.WidgetConfiguration) *bool { return &w.WhiteLabel }},
}

// colourInput is one colour as posted: the picker's #rrggbb, the text, and what the text said when the page was drawn.
type colourInput struct {
	Picker, Text, Shown string
}

// typed is what the person changed: the text when it differs from what was shown, else the picker.
func (c colourInput) typed() string {
	if strings.TrimSpace(c.Text) != strings.TrimSpace(c.Shown) {
		return c.Text
	}
	return c.Picker
}

// resolve reads the colour the person chose, in the API's form.
func (c colourInput) resolve() (string, error) {
	r, g, b, err := parseColour(c.typed())
	if err != nil {
		return "", err
	}
	return apiclient.FormatRGB(r, g, b), nil
}

// widgetInput is the widget form as posted, or the configuration as stored, kept verbatim.
type widgetInput struct {
	Header, Subtitle, WelcomeMessage, WelcomeMessage2, InputPlaceholder, Disclaimer, AvatarImage string
	Starters                                                                                     []string
	Toggles                                                                                      map[string]bool
	Primary, HeaderColour                                                                        colourInput
	PrechatActive                                                                                bool
	PrechatHeader, PrechatButton, PrechatMessage                                                 string
	WindowWidth, WindowHeight, Size, Location                                                    string
}

func widgetInputOf(w *apiclient.WidgetConfiguration) widgetInput {
	in := widgetInput{
		Header: w.Header, Subtitle: w.Subtitle, WelcomeMessage: w.WelcomeMessage, WelcomeMessage2: w.WelcomeMessage2,
		InputPlaceholder: w.InputPlaceholder, Disclaimer: w.BackgroundDisclaimerText, AvatarImage: w.AvatarImage,
		Starters: append([]string{}, w.ConversationStarters...), Toggles: map[string]bool{},
		Primary: storedColour(w.PrimaryColor), HeaderColour: storedColour(w.HeaderColor),
		PrechatActive: w.PrechatActive, PrechatHeader: w.PrechatHeaderText, PrechatButton: w.PrechatButtonText,
		WindowWidth: strconv.Itoa(w.WindowWidth), WindowHeight: strconv.Itoa(w.WindowHeight), Size: w.Size, Location: w.Location,
	}
	if w.PrechatMessageText != nil {
		in.PrechatMessage = *w.PrechatMessageText
	}
	for _, t := range widgetToggles {
		in.Toggles[t.name] = *t.field(w)
	}
	return in
}

func storedColour(rgb string) colourInput {
	c := colourInput{Text: rgb, Shown: rgb}
	if r, g, b, err := apiclient.ParseRGB(rgb); err == nil {
		c.Picker = hexColour(r, g, b)
	}
	return c
}

func readWidgetInput(form url.Values) widgetInput {
	colour := func(name string) colourInput {
		return colourInput{Picker: form.Get(name), Text: form.Get(name + "_text"), Shown: form.Get(name + "_shown")}
	}
	in := widgetInput{
		Header: form.Get("header"), Subtitle: form.Get("subtitle"),
		WelcomeMessage: web.UnixNewlines(form.Get("welcome_message")), WelcomeMessage2: web.UnixNewlines(form.Get("welcome_message2")),
		InputPlaceholder: form.Get("input_placeholder"), Disclaimer: web.UnixNewlines(form.Get("background_disclaimer_text")),
		AvatarImage: strings.TrimSpace(form.Get("avatar_image")),
		Starters:    append([]string{}, form["conversation_starters"]...), Toggles: map[string]bool{},
		Primary: colour("primary_color"), HeaderColour: colour("header_color"),
		PrechatActive: form.Get("prechat_active") == "true", PrechatHeader: form.Get("prechat_header_text"),
		PrechatButton: form.Get("prechat_button_text"), PrechatMessage: web.UnixNewlines(form.Get("prechat_message_text")),
		WindowWidth: strings.TrimSpace(form.Get("window_width")), WindowHeight: strings.TrimSpace(form.Get("window_height")),
		Size: form.Get("size"), Location: form.Get("location"),
	}
	for _, t := range widgetToggles {
		in.Toggles[t.name] = form.Get(t.name) == "true"
	}
	return in
}

// starters are the rows to send: an empty row is a slot never filled in.
func (in widgetInput) starters() []string {
	out := []string{}
	for _, s := range in.Starters {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// pixels reads a window size; ok is false outside lo … hi.
func pixels(s string, lo, hi int) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= lo && n <= hi
}

// check catches what Quickchat would refuse, before asking it.
func (in widgetInput) check() map[string]string {
	errs := map[string]string{}
	checkLengths(errs,
		lengthRule{"header", "The title", in.Header, maxWidgetText},
		lengthRule{"subtitle", "The subtitle", in.Subtitle, maxWidgetText},
		lengthRule{"welcome_message", "The welcome message", in.WelcomeMessage, maxWelcomeMessage},
		lengthRule{"welcome_message2", "The second welcome message", in.WelcomeMessage2, maxWidgetText},
		lengthRule{"input_placeholder", "The placeholder", in.InputPlaceholder, maxWidgetText},
		lengthRule{"background_disclaimer_text", "The disclaimer", in.Disclaimer, maxWidgetText},
		lengthRule{"prechat_header_text", "The form title", in.PrechatHeader, maxWidgetText},
		lengthRule{"prechat_button_text", "The button", in.PrechatButton, maxWidgetText},
		lengthRule{"prechat_message_text", "The form message", in.PrechatMessage, maxWidgetText},
		lengthRule{"avatar_image", "The avatar address", in.AvatarImage, maxAvatarAddress})
	if in.AvatarImage != "" && errs["avatar_image"] == "" {
		if u, err := url.Parse(in.AvatarImage); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs["avatar_image"] = "Write the picture's full address, starting with https://, or leave it empty."
		}
	}
	starters := in.starters()
	if len(starters) > maxStarters {
		errs["conversation_starters"] = fmt.Sprintf("There are %d starters; Quickchat shows at most %d. Remove some.", len(starters), maxStarters)
	}
	for i, s := range in.Starters {
		if n := utf8.RuneCountInString(s); n > maxStarter {
			errs[rowKey("conversation_starters", i)] = tooLong("This starter", n, maxStarter)
		}
	}
	for field, c := range map[string]colourInput{"primary_color": in.Primary, "header_color": in.HeaderColour} {
		if _, err := c.resolve(); err != nil {
			errs[field] = colourProblem(err)
		}
	}
	if _, ok := pixels(in.WindowWidth, minWindowWidth, maxWindowWidth); !ok {
		errs["window_width"] = fmt.Sprintf("Write a whole number of pixels from %d to %d; “%s” is not one.", minWindowWidth, maxWindowWidth, in.WindowWidth)
	}
	if _, ok := pixels(in.WindowHeight, minWindowHeight, maxWindowHeight); !ok {
		errs["window_height"] = fmt.Sprintf("Write a whole number of pixels from %d to %d; “%s” is not one.", minWindowHeight, maxWindowHeight, in.WindowHeight)
	}
	if !hasOption(widgetSizes, in.Size) {
		errs["size"] = "Pick a size from the list."
	}
	if !hasOption(widgetLocations, in.Location) {
		errs["location"] = "Pick a position from the list."
	}
	return errs
}

func hasOption(options []views.Option, v string) bool {
	for _, o := range options {
		if o.Value == v {
			return true
		}
	}
	return false
}

// update is the PATCH body with every field, so what is sent is what the form shows. Call it after check.
func (in widgetInput) update() apiclient.WidgetConfigurationUpdate {
	primary, _ := in.Primary.resolve()
	header, _ := in.HeaderColour.resolve()
	width, _ := pixels(in.WindowWidth, minWindowWidth, maxWindowWidth)
	height, _ := pixels(in.WindowHeight, minWindowHeight, maxWindowHeight)
	starters := in.starters()
	u := apiclient.WidgetConfigurationUpdate{
		Header: &in.Header, Subtitle: &in.Subtitle, WelcomeMessage: &in.WelcomeMessage, WelcomeMessage2: &in.WelcomeMessage2,
		InputPlaceholder: &in.InputPlaceholder, BackgroundDisclaimerText: &in.Disclaimer, AvatarImage: &in.AvatarImage,
		ConversationStarters: &starters, PrimaryColor: &primary, HeaderColor: &header,
		PrechatActive: &in.PrechatActive, PrechatHeaderText: &in.PrechatHeader, PrechatButtonText: &in.PrechatButton,
		PrechatMessageText: &in.PrechatMessage, WindowWidth: &width, WindowHeight: &height, Size: &in.Size, Location: &in.Location,
	}
	toggles := map[string]**bool{
		"popup_active": &u.PopupActive, "window_auto_open": &u.WindowAutoOpen, "typing": &u.Typing, "streaming_active": &u.StreamingActive,
		"voice_active": &u.VoiceActive, "header_collapse": &u.HeaderCollapse, "header_text_color": &u.HeaderTextColor,
		"link_tracking_active": &u.LinkTrackingActive, "white_label": &u.WhiteLabel,
	}
	for name, dst := range toggles {
		on := in.Toggles[name]
		*dst = &on
	}
	return u
}

// widgetView builds the form and its preview from what was typed, with messages keyed by field name.
func (h *Handlers) widgetView(c echo.Context, in widgetInput, errs map[string]string) views.WidgetForm {
	canWrite := h.Account(c).CanWrite()
	m := views.WidgetForm{
		Header:           countedField("header", in.Header, maxWidgetText, errs),
		Subtitle:         countedField("subtitle", in.Subtitle, maxWidgetText, errs),
		WelcomeMessage:   countedField("welcome_message", in.WelcomeMessage, maxWelcomeMessage, errs),
		WelcomeMessage2:  countedField("welcome_message2", in.WelcomeMessage2, maxWidgetText, errs),
		InputPlaceholder: countedField("input_placeholder", in.InputPlaceholder, maxWidgetText, errs),
		Disclaimer:       countedField("background_disclaimer_text", in.Disclaimer, maxWidgetText, errs),
		AvatarImage:      countedField("avatar_image", in.AvatarImage, maxAvatarAddress, errs),
		Starters: textRows(textRowsSpec{
			id: "conversation_starters", label: "Conversation starters", itemLabel: "Starter", addLabel: "Add a starter",
			help: "Questions offered as buttons, so visitors can start with one click.", empty: "No starters: visitors start by typing.",
			limit: maxStarter, maxRows: maxStarters, action: "/widget", formID: "widget-form",
		}, in.Starters, errs, canWrite),
		PrimaryColor:   colourField("primary_color", "Main colour", in.Primary, errs),
		HeaderColor:    colourField("header_color", "Header colour", in.HeaderColour, errs),
		PrechatActive:  in.PrechatActive,
		PrechatHeader:  countedField("prechat_header_text", in.PrechatHeader, maxWidgetText, errs),
		PrechatButton:  countedField("prechat_button_text", in.PrechatButton, maxWidgetText, errs),
		PrechatMessage: countedField("prechat_message_text", in.PrechatMessage, maxWidgetText, errs),
		WindowWidth:    views.TextField{ID: "window_width", Value: in.WindowWidth, Error: errs["window_width"]},
		WindowHeight:   views.TextField{ID: "window_height", Value: in.WindowHeight, Error: errs["window_height"]},
		Size:           keepChoice(views.ChoiceField{ID: "size", Value: in.Size, Options: widgetSizes, Error: errs["size"]}),
		Location:       keepChoice(views.ChoiceField{ID: "location", Value: in.Location, Options: widgetLocations, Error: errs["location"]}),
		Preview:        h.widgetPreview(in),
		CanWrite:       canWrite,
	}
	for _, t := range widgetToggles {
		m.Toggles = append(m.Toggles, views.Toggle{Name: t.name, Label: t.label, Help: t.help, On: in.Toggles[t.name]})
	}
	return m
}

// colourField shows a colour as typed; the picker keeps the last colour it could read, or the typed one when it reads.
func colourField(id, label string, in colourInput, errs map[string]string) views.ColourField {
	f := views.ColourField{ID: id, Label: label, Hex: in.Picker, Text: in.typed(), Error: errs[id]}
	if r, g, b, err := parseColour(in.typed()); err == nil {
		f.Hex, f.Text = hexColour(r, g, b), apiclient.FormatRGB(r, g, b)
	}
	if f.Hex == "" {
		f.Hex = "#000000"
	}
	return f
}

// widgetPreview draws the widget from what was typed, the welcome messages sanitized.
func (h *Handlers) widgetPreview(in widgetInput) views.WidgetPreview {
	p := views.WidgetPreview{
		Header: in.Header, Subtitle: in.Subtitle, Placeholder: in.InputPlaceholder, Disclaimer: in.Disclaimer,
		WelcomeHTML: h.safeHTML(in.WelcomeMessage), Welcome2HTML: h.safeHTML(in.WelcomeMessage2), Starters: in.starters(),
		LightHeaderText: in.Toggles["header_text_color"], WhiteLabel: in.Toggles["white_label"],
		Prechat: in.PrechatActive, PrechatHeader: in.PrechatHeader, PrechatButton: in.PrechatButton, PrechatMessage: in.PrechatMessage,
		Size: in.Size, Location: in.Location, Width: 400, Height: 600,
	}
	p.PrimaryColor, _ = in.Primary.resolve()
	p.HeaderColor, _ = in.HeaderColour.resolve()
	if w, ok := pixels(in.WindowWidth, minWindowWidth, maxWindowWidth); ok {
		p.Width = w
	}
	if ht, ok := pixels(in.WindowHeight, minWindowHeight, maxWindowHeight); ok {
		p.Height = ht
	}
	return p
}

// ShowWidget is the widget page: its texts, starters, colours, switches and window, with a live preview.
func (h *Handlers) ShowWidget(c echo.Context) error {
	w, err := h.API(c).GetWidgetConfiguration(c.Request().Context())
	if err != nil {
		return h.Failure(c, err)
	}
	in := widgetInputOf(w)
	return h.renderWidget(c, h.widgetView(c, in, nil), views.FormBasis{Base: merge.Encode(in.fields())})
}

// renderWidget shows the form with the base it carries and what its last save met.
func (h *Handlers) renderWidget(c echo.Context, m views.WidgetForm, b views.FormBasis) error {
	p := web.Page{Title: "Widget", Nav: "widget", Body: views.WidgetPage(m, b), Partial: views.WidgetFormView(m, b), Styles: []string{"forms.css", "agent.css"}}
	if h.Assets.Widget != "" {
		p.Scripts = []string{h.Assets.Widget}
	}
	if b.Conflict != nil {
		p.Scripts = append(p.Scripts, static.URL("merge.js"))
	}
	p.Live = &layout.Live{Watch: "widget", Editing: true} // who else edits it; a heads-up when they save
	return h.Render(c, http.StatusOK, p)
}
