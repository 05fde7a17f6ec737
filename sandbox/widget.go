package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Limits of the widget configuration (EXTRA.md, Widget Configuration).
const (
	maxWidgetText        = 500
	maxWelcomeMessage    = 1000
	maxStarters          = 10
	maxStarter           = 200
	minWindowHeight      = 300
	maxWindowHeight      = 1200
	minWindowWidth       = 250
	maxWindowWidth       = 800
	maxAvatarImageLength = 2000
)

// Widget sizes and corners, as the API spells them.
var (
	widgetSizes     = []string{"small", "medium", "large"}
	widgetLocations = []string{"bottom-right", "bottom-left"}
)

// widgetConfig is the chat widget's configuration, exactly as the API shows it.
type widgetConfig struct {
	WelcomeMessage           string   `json:"welcome_message"` // HTML
	WelcomeMessage2          string   `json:"welcome_message2"`
	Header                   string   `json:"header"`
	Subtitle                 string   `json:"subtitle"`
	InputPlaceholder         string   `json:"input_placeholder"`
	BackgroundDisclaimerText *string  `json:"background_disclaimer_text"` // null by default, as the reference shows
	ConversationStarters     []string `json:"conversation_starters"`
	PopupActive              bool     `json:"popup_active"`
	VoiceActive              bool     `json:"voice_active"`
	HeaderCollapse           bool     `json:"header_collapse"`
	HeaderTextColor          bool     `json:"header_text_color"` // a boolean, as the reference lists it
	Typing                   bool     `json:"typing"`
	WindowAutoOpen           bool     `json:"window_auto_open"`
	WhiteLabel               bool     `json:"white_label"`
	StreamingActive          bool     `json:"streaming_active"`
	LinkTrackingActive       bool     `json:"link_tracking_active"`
	PrimaryColor             string   `json:"primary_color"` // "rgb(r, g, b)"
	HeaderColor              string   `json:"header_color"`
	PrechatActive            bool     `json:"prechat_active"`
	PrechatHeaderText        *string  `json:"prechat_header_text"` // the pre-chat texts are null by default
	PrechatButtonText        *string  `json:"prechat_button_text"`
	PrechatMessageText       *string  `json:"prechat_message_text"`
	WindowHeight             int      `json:"window_height"`
	WindowWidth              int      `json:"window_width"`
	Size                     string   `json:"size"`
	Location                 string   `json:"location"`
	AvatarImage              string   `json:"avatar_image"`
}

// defaultWidgetConfig is what a widget shows before anyone configures it: the reference's defaults where
// it gives them (layout; background_disclaimer_text and the pre-chat texts null; avatar_image ""), plain
// ones elsewhere.
func defaultWidgetConfig() widgetConfig {
	return widgetConfig{
		WelcomeMessage: "<p>Hi! How can I help you today?</p>", Header: "Chat with us", Subtitle: "We usually answer in seconds",
		InputPlaceholder: "Type your message…", ConversationStarters: []string{},
		PopupActive: true, Typing: true, StreamingActive: true, LinkTrackingActive: true, HeaderTextColor: true,
		PrimaryColor: "rgb(0, 122, 255)", HeaderColor: "rgb(0, 122, 255)",
		WindowHeight: 600, WindowWidth: 400, Size: "medium", Location: "bottom-right",
	}
}

// widgetPatch holds the writable fields; nil means "leave as is". The texts that are null by default
// (background_disclaimer_text and the pre-chat texts) are kept raw, because null is one of their values
// (no text), not "leave as is".
// inferred: see shared spec EXTRA.md (PATCH widget/configuration)
type widgetPatch struct {
	WelcomeMessage           *string         `json:"welcome_message"`
	WelcomeMessage2          *string         `json:"welcome_message2"`
	Header                   *string         `json:"header"`
	Subtitle                 *string         `json:"subtitle"`
	InputPlaceholder         *string         `json:"input_placeholder"`
	BackgroundDisclaimerText json.RawMessage `json:"background_disclaimer_text"`
	ConversationStarters     *[]string       `json:"conversation_starters"`
	PopupActive              *bool           `json:"popup_active"`
	VoiceActive              *bool           `json:"voice_active"`
	HeaderCollapse           *bool           `json:"header_collapse"`
	HeaderTextColor          *bool           `json:"header_text_color"`
	Typing                   *bool           `json:"typing"`
	WindowAutoOpen           *bool           `json:"window_auto_open"`
	WhiteLabel               *bool           `json:"white_label"`
	StreamingActive          *bool           `json:"streaming_active"`
	LinkTrackingActive       *bool           `json:"link_tracking_active"`
	PrimaryColor             *string         `json:"primary_color"`
	HeaderColor              *string         `json:"header_color"`
	PrechatActive            *bool           `json:"prechat_active"`
	PrechatHeaderText        json.RawMessage `json:"prechat_header_text"`
	PrechatButtonText        json.RawMessage `json:"prechat_button_text"`
	PrechatMessageText       json.RawMessage `json:"prechat_message_text"`
	WindowHeight             *int            `json:"window_height"`
	WindowWidth              *int            `json:"window_width"`
	Size                     *string         `json:"size"`
	Location                 *string         `json:"location"`
	AvatarImage              *string         `json:"avatar_image"`
}

// colourRule is how a colour must be written, said in every refusal of one.
const colourRule = `a colour written as "rgb(r, g, b)" with r, g and b from 0 to 255, such as "rgb(0, 122, 255)"`

// widgetRules say each field's rule in full when a client sends it with the wrong type.
var widgetRules = []fieldRule{
	{"window_height", true, "an integer from 300 to 1200 (pixels)"},
	{"window_width", true, "an integer from 250 to 800 (pixels)"},
	{"primary_color", false, colourRule},
	{"header_color", false, colourRule},
	{"size", false, "one of small, medium, large"},
	{"location", false, "one of bottom-right, bottom-left"},
}

// getWidgetConfig serves GET widget/configuration.
func (s *Sandbox) getWidgetConfig(w http.ResponseWriter, r *http.Request, p principal) error {
	c, err := agentSetting(r.Context(), s.store, p.ScenarioID, kindWidget, defaultWidgetConfig())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// patchWidgetConfig serves PATCH widget/configuration: any subset of the fields, colours stored normalized.
// inferred: see shared spec EXTRA.md
func (s *Sandbox) patchWidgetConfig(w http.ResponseWriter, r *http.Request, p principal) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	if err := checkFieldKinds(body, widgetRules); err != nil {
		return err
	}
	var patch widgetPatch
	if err := decodeJSON(body, &patch); err != nil {
		return err
	}
	apply, err := patch.validate()
	if err != nil {
		return err
	}
	c, err := updateAgentSetting(r.Context(), s.store, p.ScenarioID, kindWidget, defaultWidgetConfig(), func(c *widgetConfig) error {
		apply(c)
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// validate checks every field sent and returns the change to make.
func (p widgetPatch) validate() (func(*widgetConfig), error) {
	texts := []struct {
		field string
		value *string
		limit int
	}{
		{"welcome_message", p.WelcomeMessage, maxWelcomeMessage},
		{"welcome_message2", p.WelcomeMessage2, maxWidgetText},
		{"header", p.Header, maxWidgetText},
		{"subtitle", p.Subtitle, maxWidgetText},
		{"input_placeholder", p.InputPlaceholder, maxWidgetText},
	}
	for _, t := range texts {
		if t.value != nil {
			if err := checkLength(t.field, *t.value, t.limit); err != nil {
				return nil, err
			}
		}
	}
	var starters []string
	if p.ConversationStarters != nil {
		starters = nonNil(*p.ConversationStarters)
		if err := checkList("conversation_starters", starters, maxStarters, maxStarter); err != nil {
			return nil, err
		}
	}
	var primary, header string
	var err error
	if p.PrimaryColor != nil {
		if primary, err = parseColour("primary_color", *p.PrimaryColor); err != nil {
			return nil, err
		}
	}
	if p.HeaderColor != nil {
		if header, err = parseColour("header_color", *p.HeaderColor); err != nil {
			return nil, err
		}
	}
	nullables := []struct {
		field string
		raw   json.RawMessage
		set   bool
		value *string
	}{
		{field: "background_disclaimer_text", raw: p.BackgroundDisclaimerText},
		{field: "prechat_header_text", raw: p.PrechatHeaderText},
		{field: "prechat_button_text", raw: p.PrechatButtonText},
		{field: "prechat_message_text", raw: p.PrechatMessageText},
	}
	for i := range nullables {
		n := &nullables[i]
		if n.set, n.value, err = nullableString(n.field, n.raw, maxWidgetText); err != nil {
			return nil, err
		}
	}
	if p.WindowHeight != nil && (*p.WindowHeight < minWindowHeight || *p.WindowHeight > maxWindowHeight) {
		return nil, invalid("Field 'window_height' must be an integer from %d to %d (pixels), got %d.", minWindowHeight, maxWindowHeight, *p.WindowHeight)
	}
	if p.WindowWidth != nil && (*p.WindowWidth < minWindowWidth || *p.WindowWidth > maxWindowWidth) {
		return nil, invalid("Field 'window_width' must be an integer from %d to %d (pixels), got %d.", minWindowWidth, maxWindowWidth, *p.WindowWidth)
	}
	if p.Size != nil && !slices.Contains(widgetSizes, *p.Size) {
		return nil, invalid("Field 'size' must be one of %s; got %q.", strings.Join(widgetSizes, ", "), *p.Size)
	}
	if p.Location != nil && !slices.Contains(widgetLocations, *p.Location) {
		return nil, invalid("Field 'location' must be one of %s; got %q.", strings.Join(widgetLocations, ", "), *p.Location)
	}
	if p.AvatarImage != nil {
		if err := checkImageURL("avatar_image", *p.AvatarImage); err != nil {
			return nil, err
		}
	}
	return func(c *widgetConfig) {
		for _, t := range []struct {
			dst *string
			v   *string
		}{
			{&c.WelcomeMessage, p.WelcomeMessage}, {&c.WelcomeMessage2, p.WelcomeMessage2}, {&c.Header, p.Header},
			{&c.Subtitle, p.Subtitle}, {&c.InputPlaceholder, p.InputPlaceholder}, {&c.Size, p.Size}, {&c.Location, p.Location}, {&c.AvatarImage, p.AvatarImage},
		} {
			if t.v != nil {
				*t.dst = *t.v
			}
		}
		for _, b := range []struct {
			dst *bool
			v   *bool
		}{
			{&c.PopupActive, p.PopupActive}, {&c.VoiceActive, p.VoiceActive}, {&c.HeaderCollapse, p.HeaderCollapse},
			{&c.HeaderTextColor, p.HeaderTextColor}, {&c.Typing, p.Typing}, {&c.WindowAutoOpen, p.WindowAutoOpen},
			{&c.WhiteLabel, p.WhiteLabel}, {&c.StreamingActive, p.StreamingActive}, {&c.LinkTrackingActive, p.LinkTrackingActive},
			{&c.PrechatActive, p.PrechatActive},
		} {
			if b.v != nil {
				*b.dst = *b.v
			}
		}
		if p.ConversationStarters != nil {
			c.ConversationStarters = starters
		}
		if p.PrimaryColor != nil {
			c.PrimaryColor = primary
		}
		if p.HeaderColor != nil {
			c.HeaderColor = header
		}
		for i, dst := range []**string{&c.BackgroundDisclaimerText, &c.PrechatHeaderText, &c.PrechatButtonText, &c.PrechatMessageText} {
			if nullables[i].set {
				*dst = nullables[i].value
			}
		}
		if p.WindowHeight != nil {
			c.WindowHeight = *p.WindowHeight
		}
		if p.WindowWidth != nil {
			c.WindowWidth = *p.WindowWidth
		}
	}, nil
}

// rgbColour matches "rgb(r, g, b)" with any spacing, in any letter case.
var rgbColour = regexp.MustCompile(`(?i)^\s*rgb\s*\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)\s*$`)

// hexColour matches a CSS hex colour, which the widget does not take but a refusal can translate.
var hexColour = regexp.MustCompile(`^\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\s*$`)

// parseColour reads a colour written "rgb(r, g, b)" and returns it normalized, as the widget stores it.
// Hex codes and names are refused; for a hex code the message gives its rgb() spelling to send instead.
func parseColour(field, value string) (string, error) {
	if m := rgbColour.FindStringSubmatch(value); m != nil {
		var c [3]int
		for i := range c {
			c[i], _ = strconv.Atoi(m[i+1])
			if c[i] > 255 {
				return "", invalid("Field '%s' must be %s; got %q (%d is above 255).", field, colourRule, value, c[i])
			}
		}
		return fmt.Sprintf("rgb(%d, %d, %d)", c[0], c[1], c[2]), nil
	}
	if m := hexColour.FindStringSubmatch(value); m != nil {
		h := m[1]
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		n, _ := strconv.ParseUint(h, 16, 32)
		return "", invalid("Field '%s' must be %s; got %q. Send it as \"rgb(%d, %d, %d)\".", field, colourRule, value, n>>16, n>>8&0xff, n&0xff)
	}
	return "", invalid("Field '%s' must be %s; got %q.", field, colourRule, shortText(value))
}

// nullableString reads a field whose values are a string or null; set is false when it was left out.
func nullableString(field string, raw json.RawMessage, limit int) (set bool, value *string, err error) {
	if len(raw) == 0 {
		return false, nil, nil
	}
	if string(bytes.TrimSpace(raw)) == "null" {
		return true, nil, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return false, nil, invalid("Field '%s' must be a string or null, got %s.", field, shortJSON(raw))
	}
	if err := checkLength(field, s, limit); err != nil {
		return false, nil, err
	}
	return true, &s, nil
}

// checkImageURL accepts "" (no image) or an absolute http(s) URL of an image the visitor's browser can load.
func checkImageURL(field, value string) error {
	if value == "" {
		return nil
	}
	if err := checkLength(field, value, maxAvatarImageLength); err != nil {
		return err
	}
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid("Field '%s' must be \"\" or an absolute http(s) URL of an image, got %q.", field, shortText(value))
	}
	return nil
}

// shortText shows a sent string in a message, cut so a huge value does not flood it.
func shortText(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
