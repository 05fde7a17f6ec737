package apiclient

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestErrorEnvelopeBecomesAPIError(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/articles/99"}, 404,
		`{"errors":{"root":[{"message":"Article not found.","code":"NOT_FOUND"}]}}`)
	_, err := c.GetArticle(t.Context(), 99)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %#v, want *APIError", err)
	}
	if *apiErr != (APIError{Status: 404, Code: "NOT_FOUND", Message: "Article not found."}) {
		t.Errorf("APIError = %+v", *apiErr)
	}
	if got := err.Error(); got != "quickchat: 404 NOT_FOUND: Article not found." {
		t.Errorf("Error() = %q", got)
	}
	if !IsStatus(err, 404) || IsStatus(err, 403) {
		t.Error("IsStatus disagrees with the status")
	}
	if !IsStatus(fmt.Errorf("loading the editor: %w", err), 404) {
		t.Error("IsStatus does not see through wrapping")
	}
	if IsStatus(errors.New("quickchat: 404"), 404) || IsStatus(nil, 404) {
		t.Error("IsStatus matched something that is not an APIError")
	}
}

func TestErrorFromResponse(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		want   APIError
	}{
		{"scope", 403, `{"errors":{"root":[{"message":"Insufficient token scope. Required: write_all","code":"PERMISSION_DENIED"}]}}`,
			APIError{403, "PERMISSION_DENIED", "Insufficient token scope. Required: write_all"}},
		{"several messages", 422, `{"errors":{"root":[{"message":"content: required","code":"VALIDATION_ERROR"},{"message":"type: unknown","code":"VALIDATION_ERROR"}]}}`,
			APIError{422, "VALIDATION_ERROR", "content: required; type: unknown"}},
		{"per-field entries follow root", 422, `{"errors":{"title":[{"message":"too long","code":"VALIDATION_ERROR"}],"root":[{"message":"Invalid input","code":"BAD_REQUEST"}]}}`,
			APIError{422, "BAD_REQUEST", "Invalid input; title: too long"}},
		{"code without message", 409, `{"errors":{"root":[{"code":"CONFLICT"}]}}`,
			APIError{409, "CONFLICT", "The API answered 409 Conflict without details."}},
		{"proxy HTML", 502, `<html><body><h1>502 Bad Gateway</h1><script>alert(1)</script></body></html>`,
			APIError{502, "BAD_GATEWAY", "The API answered 502 Bad Gateway without details."}},
		{"empty 500", 500, ``, APIError{500, "UNKNOWN", "The API answered 500 Internal Server Error without details."}},
		{"empty 503", 503, ``, APIError{503, "SERVICE_UNAVAILABLE", "The API answered 503 Service Unavailable without details."}},
		{"empty 401", 401, ``, APIError{401, "PERMISSION_DENIED", "The API answered 401 Unauthorized without details."}},
		{"other JSON", 404, `{"detail":"Not Found"}`, APIError{404, "NOT_FOUND", "Not Found"}},
		{"detail list", 422, `{"detail":[{"loc":["body"],"msg":"bad"}]}`,
			APIError{422, "VALIDATION_ERROR", "The API answered 422 Unprocessable Entity without details."}},
		{"odd status", 418, `[]`, APIError{418, "UNKNOWN", "The API answered 418 I'm a teapot without details."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := errorFromResponse(tc.status, []byte(tc.body)); *got != tc.want {
				t.Errorf("got %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

func TestNonEnvelope502ThroughTheClient(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/tags/"}, 502, `<html><h1>Bad Gateway</h1></html>`)
	_, err := c.ListTags(t.Context())
	if !IsStatus(err, 502) {
		t.Fatalf("err = %v, want a 502 APIError", err)
	}
	if strings.Contains(err.Error(), "<") {
		t.Errorf("error passes on the proxy's HTML: %v", err)
	}
}

// FuzzErrorFromResponse: whatever the API or a proxy sends, the console gets
// an APIError with the status, a code and a message, and never a proxy's
// HTML.
func FuzzErrorFromResponse(f *testing.F) {
	f.Add(404, []byte(`{"errors":{"root":[{"message":"Article not found.","code":"NOT_FOUND"}]}}`))
	f.Add(422, []byte(`{"errors":{"content":[{"message":"required"}],"root":[]}}`))
	f.Add(502, []byte(`<html>Bad Gateway</html>`))
	f.Add(500, []byte(``))
	f.Add(429, []byte(`{"errors":null}`))
	f.Add(400, []byte(`{"errors":{"root":[{"message":7}]}}`))
	f.Add(404, []byte(`{"detail":"gone"}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := errorFromResponse(status, body)
		if e.Status != status || e.Code == "" || e.Message == "" {
			t.Fatalf("incomplete APIError %+v", *e)
		}
		if !strings.HasPrefix(e.Error(), fmt.Sprintf("quickchat: %d ", status)) {
			t.Fatalf("Error() = %q", e.Error())
		}
		if len(body) > 0 && body[0] == '<' && strings.Contains(e.Message, string(body)) {
			t.Fatalf("message repeats a non-JSON body: %q", e.Message)
		}
		if utf8.ValidString(string(body)) && !utf8.ValidString(e.Message) {
			t.Fatalf("message is not valid UTF-8: %q", e.Message)
		}
	})
}
