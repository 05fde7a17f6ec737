package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

const widgetPath = "/v1/api/widget/configuration"

func (e *testEnv) widget(token string) widgetConfig {
	e.t.Helper()
	var c widgetConfig
	e.do("GET", widgetPath, token, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &c)
	return c
}

func TestWidgetDefaults(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", widgetPath+"/", e.token("fresh-agent", ScopeRead), nil).wantStatus(t, http.StatusOK)
	var raw map[string]json.RawMessage
	r.decode(t, &raw)
	want := []string{"welcome_message", "welcome_message2", "header", "subtitle", "input_placeholder", "background_disclaimer_text",
		"conversation_starters", "popup_active", "voice_active", "header_collapse", "header_text_color", "typing", "window_auto_open",
		"white_label", "streaming_active", "link_tracking_active", "primary_color", "header_color", "prechat_active",
		"prechat_header_text", "prechat_button_text", "prechat_message_text", "window_height", "window_width", "size", "location", "avatar_image"}
	if !slices.Equal(mapKeys(raw), slices.Sorted(slices.Values(want))) {
		t.Errorf("keys %v, want %v", mapKeys(raw), want)
	}
	// The reference's documented defaults.
	for key, value := range map[string]string{
		"prechat_message_text": "null", "prechat_header_text": "null", "prechat_button_text": "null",
		"background_disclaimer_text": "null", "header_text_color": "true", "window_height": "600", "window_width": "400", "size": `"medium"`,
		"location": `"bottom-right"`, "avatar_image": `""`, "primary_color": `"rgb(0, 122, 255)"`, "conversation_starters": "[]",
	} {
		if string(raw[key]) != value {
			t.Errorf("default %s = %s, want %s", key, raw[key], value)
		}
	}
	demo := e.widget(e.read)
	if demo.PrimaryColor != "rgb(22, 122, 92)" || len(demo.ConversationStarters) == 0 || demo.PrechatMessageText == nil {
		t.Errorf("demo widget: %+v", demo)
	}
}

func TestWidgetPatch(t *testing.T) {
	e := newEnv(t)
	var c widgetConfig
	e.do("PATCH", widgetPath, e.write, `{"primary_color":"RGB( 255 ,0,  7 )","header_color":"rgb(0,0,0)","voice_active":true,`+
		`"window_height":1200,"window_width":250,"size":"large","location":"bottom-left","conversation_starters":["A","B"],`+
		`"prechat_message_text":null,"header":"Hi","avatar_image":""}`).wantStatus(t, http.StatusOK).decode(t, &c)
	if c.PrimaryColor != "rgb(255, 0, 7)" || c.HeaderColor != "rgb(0, 0, 0)" || !c.VoiceActive || c.WindowHeight != 1200 ||
		c.WindowWidth != 250 || c.Size != "large" || c.Location != "bottom-left" || !slices.Equal(c.ConversationStarters, []string{"A", "B"}) ||
		c.PrechatMessageText != nil || c.Header != "Hi" || c.AvatarImage != "" {
		t.Errorf("after patch: %+v", c)
	}
	// Fields left out stay; an explicit string sets prechat_message_text again.
	e.do("PATCH", widgetPath, e.write, `{"prechat_message_text":"Your e-mail, please","window_height":300}`).wantStatus(t, http.StatusOK).decode(t, &c)
	if c.PrechatMessageText == nil || *c.PrechatMessageText != "Your e-mail, please" || c.PrimaryColor != "rgb(255, 0, 7)" || c.WindowHeight != 300 {
		t.Errorf("after second patch: %+v", c)
	}
	// Leaving prechat_message_text out keeps it; null clears it.
	e.do("PATCH", widgetPath, e.write, `{"typing":false}`).wantStatus(t, http.StatusOK).decode(t, &c)
	if c.PrechatMessageText == nil || c.Typing {
		t.Errorf("after a patch without prechat_message_text: %+v", c)
	}
	if got := e.widget(e.read); got.PrimaryColor != "rgb(255, 0, 7)" || got.Typing {
		t.Errorf("GET after patches: %+v", got)
	}
	e.do("PATCH", widgetPath, e.read, `{"typing":true}`).wantError(t, http.StatusForbidden, codePermissionDenied, "Required: write_all")
}

func TestWidgetColours(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"rgb(0, 122, 255)", "rgb(0, 122, 255)"},
		{"rgb(0,122,255)", "rgb(0, 122, 255)"},
		{"  RGB (0 , 122 ,255) ", "rgb(0, 122, 255)"},
		{"rgb(000, 007, 255)", "rgb(0, 7, 255)"},
	} {
		got, err := parseColour("primary_color", tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseColour(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	e := newEnv(t)
	for _, tc := range []struct{ body, msg string }{
		{`{"primary_color":"#007aff"}`, `Field 'primary_color' must be a colour written as "rgb(r, g, b)" with r, g and b from 0 to 255, such as "rgb(0, 122, 255)"; got "#007aff". Send it as "rgb(0, 122, 255)".`},
		{`{"primary_color":"#fff"}`, `Send it as "rgb(255, 255, 255)".`},
		{`{"header_color":"blue"}`, `Field 'header_color' must be a colour written as "rgb(r, g, b)"`},
		{`{"primary_color":"rgb(256, 0, 0)"}`, `(256 is above 255)`},
		{`{"primary_color":"rgb(1, 2)"}`, `got "rgb(1, 2)"`},
		{`{"primary_color":"rgba(0, 122, 255, 0.5)"}`, `must be a colour written as "rgb(r, g, b)"`},
		{`{"primary_color":"rgb(-1, 0, 0)"}`, `must be a colour written as "rgb(r, g, b)"`},
		{`{"primary_color":"rgb(1.5, 0, 0)"}`, `must be a colour written as "rgb(r, g, b)"`},
		{`{"primary_color":[0, 122, 255]}`, `Field 'primary_color' must be a colour written as "rgb(r, g, b)" with r, g and b from 0 to 255, such as "rgb(0, 122, 255)", got [0, 122, 255].`},
	} {
		e.do("PATCH", widgetPath, e.write, tc.body).wantError(t, http.StatusUnprocessableEntity, codeValidation, tc.msg)
	}
	if c := e.widget(e.read); c.PrimaryColor != "rgb(22, 122, 92)" {
		t.Errorf("a refused colour was stored: %q", c.PrimaryColor)
	}
}

func TestWidgetLimits(t *testing.T) {
	e := newEnv(t)
	starters := func(n, length int) string {
		items := make([]string, n)
		for i := range items {
			items[i] = `"` + strings.Repeat("s", length) + `"`
		}
		return "[" + strings.Join(items, ",") + "]"
	}
	for _, tc := range []struct{ body, msg string }{
		{`{"window_height":299}`, "Field 'window_height' must be an integer from 300 to 1200 (pixels), got 299."},
		{`{"window_height":1201}`, "Field 'window_height' must be an integer from 300 to 1200"},
		{`{"window_height":"600px"}`, `Field 'window_height' must be an integer from 300 to 1200 (pixels), got "600px".`},
		{`{"window_width":249}`, "Field 'window_width' must be an integer from 250 to 800 (pixels), got 249."},
		{`{"window_width":801}`, "Field 'window_width' must be an integer from 250 to 800"},
		{`{"size":"huge"}`, `Field 'size' must be one of small, medium, large; got "huge".`},
		{`{"size":2}`, "Field 'size' must be one of small, medium, large, got 2."},
		{`{"location":"top-left"}`, `Field 'location' must be one of bottom-right, bottom-left; got "top-left".`},
		{`{"conversation_starters":` + starters(11, 5) + `}`, "Field 'conversation_starters' has 11 items; the limit is 10."},
		{`{"conversation_starters":` + starters(1, 201) + `}`, "Field 'conversation_starters' item 0 is too long: 201 characters, the limit is 200."},
		{`{"conversation_starters":["ok","  "]}`, "Field 'conversation_starters' item 1 is empty."},
		{`{"conversation_starters":"Hi"}`, "Field 'conversation_starters' must be an array of strings."},
		{`{"welcome_message":"` + strings.Repeat("w", 1001) + `"}`, "Field 'welcome_message' is too long: 1001 characters, the limit is 1000."},
		{`{"welcome_message2":"` + strings.Repeat("w", 501) + `"}`, "Field 'welcome_message2' is too long: 501 characters, the limit is 500."},
		{`{"header":"` + strings.Repeat("h", 501) + `"}`, "Field 'header' is too long"},
		{`{"subtitle":"` + strings.Repeat("h", 501) + `"}`, "Field 'subtitle' is too long"},
		{`{"input_placeholder":"` + strings.Repeat("h", 501) + `"}`, "Field 'input_placeholder' is too long"},
		{`{"background_disclaimer_text":"` + strings.Repeat("h", 501) + `"}`, "Field 'background_disclaimer_text' is too long"},
		{`{"prechat_header_text":"` + strings.Repeat("h", 501) + `"}`, "Field 'prechat_header_text' is too long"},
		{`{"prechat_button_text":"` + strings.Repeat("h", 501) + `"}`, "Field 'prechat_button_text' is too long"},
		{`{"prechat_message_text":"` + strings.Repeat("h", 501) + `"}`, "Field 'prechat_message_text' is too long"},
		{`{"prechat_message_text":false}`, "Field 'prechat_message_text' must be a string or null, got false."},
		{`{"popup_active":"yes"}`, "Field 'popup_active' must be a boolean."},
		{`{"white_label":1}`, "Field 'white_label' must be a boolean."},
		{`{"avatar_image":"javascript:alert(1)"}`, `Field 'avatar_image' must be "" or an absolute http(s) URL of an image`},
		{`{"colour":"red","white_label":1}`, "Field 'white_label' must be a boolean."},
	} {
		e.do("PATCH", widgetPath, e.write, tc.body).wantError(t, http.StatusUnprocessableEntity, codeValidation, tc.msg)
	}
	// Exactly at the limits is fine.
	e.do("PATCH", widgetPath, e.write, `{"conversation_starters":`+starters(10, 200)+`,"welcome_message":"`+strings.Repeat("w", 1000)+
		`","header":"`+strings.Repeat("h", 500)+`","window_width":800,"avatar_image":"https://cdn.example.com/a.png"}`).wantStatus(t, http.StatusOK)
}
