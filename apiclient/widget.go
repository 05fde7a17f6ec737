package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// WidgetConfiguration is how the chat window looks and behaves on the
// website: its texts, its colours, which features visitors see, the
// pre-chat form and the window's layout.
type WidgetConfiguration struct {
	WelcomeMessage           string   `json:"welcome_message"` // HTML
	WelcomeMessage2          string   `json:"welcome_message2"`
	Header                   string   `json:"header"`
	Subtitle                 string   `json:"subtitle"`
	InputPlaceholder         string   `json:"input_placeholder"`
	BackgroundDisclaimerText string   `json:"background_disclaimer_text"`
	ConversationStarters     []string `json:"conversation_starters"`
	PopupActive              bool     `json:"popup_active"`
	VoiceActive              bool     `json:"voice_active"`
	HeaderCollapse           bool     `json:"header_collapse"`
	// HeaderTextColor is listed among the widget's switches, so it is a
	// bool here; see UnmarshalJSON for an API that sends it as text.
	HeaderTextColor    bool `json:"header_text_color"`
	Typing             bool `json:"typing"`
	WindowAutoOpen     bool `json:"window_auto_open"`
	WhiteLabel         bool `json:"white_label"`
	StreamingActive    bool `json:"streaming_active"`
	LinkTrackingActive bool `json:"link_tracking_active"`
	// PrimaryColor and HeaderColor are written "rgb(0, 122, 255)"; see
	// ParseRGB and FormatRGB.
	PrimaryColor       string  `json:"primary_color"`
	HeaderColor        string  `json:"header_color"`
	PrechatActive      bool    `json:"prechat_active"` // a form visitors fill in before chatting
	PrechatHeaderText  string  `json:"prechat_header_text"`
	PrechatButtonText  string  `json:"prechat_button_text"`
	PrechatMessageText *string `json:"prechat_message_text"` // nil until someone writes one
	WindowHeight       int     `json:"window_height"`        // in pixels, 600 by default
	WindowWidth        int     `json:"window_width"`         // in pixels, 400 by default
	Size               string  `json:"size"`                 // such as "medium"
	Location           string  `json:"location"`             // such as "bottom-right"
	AvatarImage        string  `json:"avatar_image"`         // an image address, or empty
}

// UnmarshalJSON decodes the configuration as the API sends it. Only
// header_text_color needs care: the published list puts it among the
// switches (true or false), but its name says colour, and an API that
// answers with text there must not make the whole configuration unreadable.
// So it also accepts "true"/"false" (and "1"/"0") as text, 1 or 0, and
// null; any other text, such as a colour, reads as false, the switch's
// default. Nothing is lost on the way back: an update sends this field only
// when someone sets it.
func (w *WidgetConfiguration) UnmarshalJSON(data []byte) error {
	type plain WidgetConfiguration // the same fields, without this method
	aux := struct {
		*plain
		// Shallower than plain's field of the same name, so it takes the
		// value instead.
		HeaderTextColor json.RawMessage `json:"header_text_color"`
	}{plain: (*plain)(w)}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	w.HeaderTextColor = looseBool(aux.HeaderTextColor)
	return nil
}

// looseBool reads a switch that may come as a JSON boolean, text or number.
func looseBool(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		b, _ = strconv.ParseBool(strings.TrimSpace(s))
		return b
	}
	var n float64
	if json.Unmarshal(raw, &n) == nil {
		return n != 0
	}
	return false // null, absent, or an object the switch cannot be read from
}

// WidgetConfigurationUpdate is the body of UpdateWidgetConfiguration: only
// the fields that are set are sent. ConversationStarters replaces the whole
// list; an empty PrechatMessageText clears the pre-chat message. Colours
// must be written the API's way, "rgb(0, 122, 255)" (see FormatRGB).
type WidgetConfigurationUpdate struct {
	WelcomeMessage           *string   `json:"welcome_message,omitempty"`
	WelcomeMessage2          *string   `json:"welcome_message2,omitempty"`
	Header                   *string   `json:"header,omitempty"`
	Subtitle                 *string   `json:"subtitle,omitempty"`
	InputPlaceholder         *string   `json:"input_placeholder,omitempty"`
	BackgroundDisclaimerText *string   `json:"background_disclaimer_text,omitempty"`
	ConversationStarters     *[]string `json:"conversation_starters,omitempty"`
	PopupActive              *bool     `json:"popup_active,omitempty"`
	VoiceActive              *bool     `json:"voice_active,omitempty"`
	HeaderCollapse           *bool     `json:"header_collapse,omitempty"`
	HeaderTextColor          *bool     `json:"header_text_color,omitempty"`
	Typing                   *bool     `json:"typing,omitempty"`
	WindowAutoOpen           *bool     `json:"window_auto_open,omitempty"`
	WhiteLabel               *bool     `json:"white_label,omitempty"`
	StreamingActive          *bool     `json:"streaming_active,omitempty"`
	LinkTrackingActive       *bool     `json:"link_tracking_active,omitempty"`
	PrimaryColor             *string   `json:"primary_color,omitempty"`
	HeaderColor              *string   `json:"header_color,omitempty"`
	PrechatActive            *bool     `json:"prechat_active,omitempty"`
	PrechatHeaderText        *string   `json:"prechat_header_text,omitempty"`
	PrechatButtonText        *string   `json:"prechat_button_text,omitempty"`
	PrechatMessageText       *string   `json:"prechat_message_text,omitempty"`
	WindowHeight             *int      `json:"window_height,omitempty"`
	WindowWidth              *int      `json:"window_width,omitempty"`
	Size                     *string   `json:"size,omitempty"`
	Location                 *string   `json:"location,omitempty"`
	AvatarImage              *string   `json:"avatar_image,omitempty"`
}

const widgetConfigurationRoute = "widget/configuration"

// GetWidgetConfiguration returns how the chat window looks and behaves.
func (c *Client) GetWidgetConfiguration(ctx context.Context) (*WidgetConfiguration, error) {
	return call[WidgetConfiguration](ctx, c, request{method: http.MethodGet, route: widgetConfigurationRoute})
}

// UpdateWidgetConfiguration changes the fields set in u and returns the
// whole configuration. A value the API refuses (a colour written as hex,
// for one) gives a 422 *APIError carrying the API's reason.
//
// inferred: see shared spec EXTRA.md
func (c *Client) UpdateWidgetConfiguration(ctx context.Context, u WidgetConfigurationUpdate) (*WidgetConfiguration, error) {
	if u.ConversationStarters != nil && *u.ConversationStarters == nil {
		u.ConversationStarters = &[]string{} // a nil list would be sent as null, not as "no starters"
	}
	return call[WidgetConfiguration](ctx, c, request{method: http.MethodPatch, route: widgetConfigurationRoute, body: u})
}

// FormatRGB writes a colour the way the widget configuration does:
// "rgb(0, 122, 255)".
func FormatRGB(r, g, b uint8) string {
	return fmt.Sprintf("rgb(%d, %d, %d)", r, g, b)
}

// rgbSpace is the spacing ParseRGB allows: ASCII white space, as in CSS.
const rgbSpace = " \t\n\f\r"

// ParseRGB reads a colour written "rgb(0, 122, 255)", as the widget
// configuration gives it. White space around the numbers, before the
// parenthesis and around the whole is allowed, and "rgb" may be in
// capitals, as the API allows; anything else is refused with a message a
// person can act on: hex ("#007aff"), colour names, rgba and percentages,
// numbers outside 0–255, fractions and signs.
func ParseRGB(s string) (r, g, b uint8, err error) {
	t := strings.Trim(s, rgbSpace)
	inner, ok := rgbArguments(t)
	if !ok {
		switch {
		case t == "":
			return 0, 0, 0, errors.New("no colour given: write it as rgb(red, green, blue)")
		case strings.HasPrefix(t, "#"):
			return 0, 0, 0, fmt.Errorf("colour %q is hex: write it as rgb(red, green, blue), such as %s", s, FormatRGB(0, 122, 255))
		}
		return 0, 0, 0, fmt.Errorf("colour %q is not written as rgb(red, green, blue), such as %s", s, FormatRGB(0, 122, 255))
	}
	parts := strings.Split(inner, ",")
	if len(parts) != 3 {
		return 0, 0, 0, fmt.Errorf("colour %q should have 3 numbers (red, green, blue), it has %d", s, len(parts))
	}
	var v [3]uint8
	for i, p := range parts {
		p = strings.Trim(p, rgbSpace)
		if p == "" || len(p) > 3 || strings.Trim(p, "0123456789") != "" {
			return 0, 0, 0, fmt.Errorf("colour %q: %q is not a whole number from 0 to 255", s, p)
		}
		n, _ := strconv.Atoi(p) // only digits, at most 3 of them
		if n > 255 {
			return 0, 0, 0, fmt.Errorf("colour %q: %d is above 255", s, n)
		}
		v[i] = uint8(n)
	}
	return v[0], v[1], v[2], nil
}

// rgbArguments returns what stands between the parentheses of "rgb(…)".
func rgbArguments(t string) (string, bool) {
	if len(t) < 3 || !strings.EqualFold(t[:3], "rgb") {
		return "", false
	}
	rest := strings.TrimLeft(t[3:], rgbSpace)
	if len(rest) < 2 || rest[0] != '(' || rest[len(rest)-1] != ')' {
		return "", false
	}
	return rest[1 : len(rest)-1], true
}
