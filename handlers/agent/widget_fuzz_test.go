package agent

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/web"
)

// A colour typed or picked is either refused or read as one that writes back
// the same way: the picker's hex and the API's rgb() name the same colour.
func FuzzColour(f *testing.F) {
	for _, s := range []string{"#167a5c", "#FFF", "rgb(0, 122, 255)", " RGB (1,2,3) ", "#12345", "rgb(300, 0, 0)", "red", "#ggg", "", "#+12345"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		r, g, b, err := parseColour(typed)
		if err != nil {
			if colourProblem(err) == "" {
				t.Fatalf("%q refused without a message", typed)
			}
			return
		}
		hex := hexColour(r, g, b)
		r2, g2, b2, err := parseColour(hex)
		if err != nil || r2 != r || g2 != g || b2 != b {
			t.Fatalf("%q → %s → %d,%d,%d (%v)", typed, hex, r2, g2, b2, err)
		}
		r3, g3, b3, err := apiclient.ParseRGB(apiclient.FormatRGB(r, g, b))
		if err != nil || r3 != r || g3 != g || b3 != b {
			t.Fatalf("%q does not survive rgb(): %v", typed, err)
		}
	})
}

// Operators typed as one text become addresses without separators or blanks.
func FuzzOperators(f *testing.F) {
	for _, s := range []string{"ana@example.com, jonas@example.com", " ; ,\n", "a@b.c;d@e.f\r\ng@h.i", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		for _, op := range splitOperators(typed) {
			if op == "" || op != strings.TrimSpace(op) || strings.ContainsAny(op, ",;\n\r") {
				t.Fatalf("splitOperators(%q) gave %q", typed, op)
			}
		}
	})
}

// Row buttons' ops come from the form: any op leaves the lists whole, changing at most one row.
func FuzzRowsOp(f *testing.F) {
	for _, s := range []string{"add:custom_guidelines", "remove:keyword_triggers:1", "remove:keyword_triggers:-1", "remove:routing_profiles:9", "add:routing_profiles", "up:1", "remove::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, op string) {
		in := handoffInput{Custom: []string{"a", "b"}, Keywords: []string{"k"}, Profiles: []profileInput{{Topic: "t"}}}
		in.applyRowsOp(op)
		d := len(in.Custom) + len(in.Keywords) + len(in.Profiles) - 4
		if d < -1 || d > 1 {
			t.Fatalf("%q changed %d rows", op, d)
		}
	})
}

// Quickchat's refusal messages place where their field path says, never on a made-up row.
func FuzzHandoffRefusal(f *testing.F) {
	for _, s := range []string{"Field 'working_hours.start' must be HH:MM.", "Field 'routing_profiles[7].operators' item 0 must be an e-mail address.",
		"Field 'keyword_triggers' item 3 is empty.", "Field 'routing_profiles[0]' is wrong.", "nothing to see", "Field 'routing_profiles[99999999999999999999].topic' x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		in := handoffInput{Keywords: []string{"", "k"}, Profiles: []profileInput{{}, {Topic: "t", Operators: "a@b.co"}}}
		refused := &apiclient.APIError{Status: http.StatusUnprocessableEntity, Code: "VALIDATION_ERROR", Message: msg}
		errs := in.refusal(refused, web.Describe(refused))
		if len(errs) != 1 {
			t.Fatalf("%q placed %d messages", msg, len(errs))
		}
		for key := range errs {
			if m := profileIndexPattern.FindStringSubmatch(key); m != nil {
				if i, err := strconv.Atoi(m[1]); err != nil || i != 1 {
					t.Fatalf("%q placed on profile row %q, only row 1 was sent", msg, key)
				}
			}
			if strings.HasPrefix(key, "keyword_triggers-") && key != "keyword_triggers-1" {
				t.Fatalf("%q placed on keyword row %q, only row 1 was sent", msg, key)
			}
		}
	})
}

// The playground's metadata rows never send more than 5 keys, or a key without a name.
func FuzzChatMetadata(f *testing.F) {
	f.Add("a,b,c", "1,2,3")
	f.Add("a,b,c,d,e,f", "1,2,3,4,5,6")
	f.Add(",x", "v,")
	f.Fuzz(func(t *testing.T, keys, values string) {
		form := url.Values{"metadata_key": strings.Split(keys, ","), "metadata_value": strings.Split(values, ",")}
		in := readChatInput(form)
		md, problem := in.metadata()
		if problem != "" {
			return
		}
		if len(md) > maxChatMetadataKey {
			t.Fatalf("%d keys sent", len(md))
		}
		for k := range md {
			if strings.TrimSpace(k) == "" {
				t.Fatal("a key without a name")
			}
		}
	})
}
