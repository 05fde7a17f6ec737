package sandbox

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestUnknownPathIs404Envelope(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/v1/api/nope", "/v1/api/knowledge_base/articles/1/nope", "/favicon.ico", "/v1/api_core/nope"} {
		e.do("GET", path, e.write, nil).wantError(t, http.StatusNotFound, "NOT_FOUND", "No API endpoint")
	}
	// Without a token too: an unknown path is not an auth question.
	e.do("GET", "/v1/api/nope", "", nil).wantError(t, http.StatusNotFound, "NOT_FOUND", "")
}

func TestWrongMethodIs405Envelope(t *testing.T) {
	e := newEnv(t)
	r := e.do("PUT", "/v1/api/knowledge_base/articles/", e.write, `{}`)
	r.wantError(t, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "PUT")
	if allow := r.Header.Get("Allow"); allow != "GET, POST, DELETE, HEAD" {
		t.Errorf("Allow = %q", allow)
	}
	e.do("POST", "/v1/api/knowledge_base/tags", e.write, `{}`).wantError(t, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "")
	e.do("DELETE", "/v1/api/knowledge_base/articles/12", e.write, nil).wantError(t, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "")
}

func TestTrailingSlashIsOptional(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{
		"/v1/api/knowledge_base", "/v1/api/knowledge_base/",
		"/v1/api/knowledge_base/articles", "/v1/api/knowledge_base/articles/",
		"/v1/api/knowledge_base/tags", "/v1/api/knowledge_base/tags/",
		"/v1/api/knowledge_base/articles/1", "/v1/api/knowledge_base/articles/1/",
	} {
		if r := e.do("GET", path, e.read, nil); r.Status != http.StatusOK {
			t.Errorf("GET %s = %d: %s", path, r.Status, r.Body)
		}
	}
}

func TestBadBodies(t *testing.T) {
	e := newEnv(t)
	const create = "/v1/api/knowledge_base/articles/"
	cases := []struct {
		name   string
		method string
		path   string
		body   string
		status int
		code   string
		msg    string
	}{
		{"malformed JSON", "POST", create, `{"content": "x"`, 400, "BAD_REQUEST", "Malformed JSON"},
		{"not JSON", "POST", create, `content=x`, 400, "BAD_REQUEST", "Malformed JSON"},
		{"empty body", "POST", create, ``, 400, "BAD_REQUEST", "empty"},
		{"trailing data", "POST", create, `{"content":"x"} {}`, 400, "BAD_REQUEST", "single JSON value"},
		{"wrong type", "POST", create, `{"content": 42}`, 422, "VALIDATION_ERROR", "'content' must be a string"},
		{"array instead of object", "POST", create, `["x"]`, 422, "VALIDATION_ERROR", "JSON object"},
		{"unknown field beside a wrong type", "POST", create, `{"content":42,"colour":"red"}`, 422, "VALIDATION_ERROR", "'content' must be a string"},
		{"missing content", "POST", create, `{"title":"No body"}`, 422, "VALIDATION_ERROR", "'content' is required"},
		{"blank content", "POST", create, `{"content":"  \n "}`, 422, "VALIDATION_ERROR", "'content' must not be empty"},
		{"URL type", "POST", create, `{"content":"x","type":"URL"}`, 422, "VALIDATION_ERROR", "'type'"},
		{"title too long", "POST", create, `{"content":"x","title":"` + strings.Repeat("é", 501) + `"}`, 422, "VALIDATION_ERROR", "'title' is too long: 501"},
		{"content too long", "POST", create, `{"content":"` + strings.Repeat("a", 200_001) + `"}`, 422, "VALIDATION_ERROR", "'content' is too long"},
		{"tags wrong type", "PATCH", create + "1", `{"tags":["ok", 3]}`, 422, "VALIDATION_ERROR", "'tags' must be an array of strings"},
		{"tags not array", "PATCH", create + "1", `{"tags":"ok"}`, 422, "VALIDATION_ERROR", "'tags' must be an array of strings"},
		{"empty tag", "PATCH", create + "1", `{"tags":["  "]}`, 422, "VALIDATION_ERROR", "empty"},
		{"long tag", "PATCH", create + "1", `{"tags":["` + strings.Repeat("t", 51) + `"]}`, 422, "VALIDATION_ERROR", "at most 50"},
		{"control character in tag", "PATCH", create + "1", `{"tags":["a\u0007b"]}`, 422, "VALIDATION_ERROR", "control"},
		{"comma in tag", "PATCH", create + "1", `{"tags":["a,b"]}`, 422, "VALIDATION_ERROR", "comma"},
		{"too many tags", "PATCH", create + "1", `{"tags":[` + manyTags(21) + `]}`, 422, "VALIDATION_ERROR", "at most 20 tags"},
		{"bad save_mode", "PATCH", create + "1", `{"save_mode":"later"}`, 422, "VALIDATION_ERROR", "'save_mode'"},
		{"settings wrong type", "PATCH", settingsPath, `{"ai_commands":"be nice"}`, 422, "VALIDATION_ERROR", "'ai_commands' must be an array of strings"},
		{"delete ids not integers", "DELETE", create, `[1, 2.5]`, 422, "VALIDATION_ERROR", "array of integers"},
		{"delete empty", "DELETE", create, `[]`, 422, "VALIDATION_ERROR", "non-empty"},
		{"delete null", "DELETE", create, `null`, 422, "VALIDATION_ERROR", "non-empty"},
		{"delete object without ids", "DELETE", create, `{"ids":[]}`, 422, "VALIDATION_ERROR", "non-empty"},
		{"delete object wrong ids", "DELETE", create, `{"ids":["1"]}`, 422, "VALIDATION_ERROR", "'ids' must be an array of integers"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.do(tc.method, tc.path, e.write, tc.body).wantError(t, tc.status, tc.code, tc.msg)
		})
	}
}

func manyTags(n int) string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = `"tag` + strings.Repeat("x", i) + `"`
	}
	return strings.Join(tags, ",")
}

func TestWrongContentType(t *testing.T) {
	e := newEnv(t)
	req := newRequest("POST", "/v1/api/knowledge_base/articles/", `{"content":"x"}`)
	req.Header.Set("Authorization", "Bearer "+e.write)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	e.send(req).wantError(t, http.StatusBadRequest, "BAD_REQUEST", "Content-Type")

	// No Content-Type at all is read as JSON, and charset parameters are fine.
	req = newRequest("POST", "/v1/api/knowledge_base/articles/", `{"content":"x"}`)
	req.Header.Set("Authorization", "Bearer "+e.write)
	e.send(req).wantStatus(t, http.StatusCreated)
	req = newRequest("POST", "/v1/api/knowledge_base/articles/", `{"content":"x"}`)
	req.Header.Set("Authorization", "Bearer "+e.write)
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	e.send(req).wantStatus(t, http.StatusCreated)
}

func TestHugeBodyIs400(t *testing.T) {
	e := newEnv(t)
	huge := `{"content":"` + strings.Repeat("a", maxBodyBytes+1) + `"}`
	e.do("POST", "/v1/api/knowledge_base/articles/", e.write, huge).wantError(t, http.StatusBadRequest, "BAD_REQUEST", "too large")
	if p := e.list(e.read, "query=aaaaaaaaaa"); p.Count != 0 {
		t.Errorf("a rejected body created %d articles", p.Count)
	}
}

func TestPanicBecomes500Envelope(t *testing.T) {
	var logs bytes.Buffer
	e := newEnvWith(t, Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	h := e.sb.observe(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom: secret internals") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	r := response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	r.wantError(t, http.StatusInternalServerError, "UNKNOWN", "Internal server error.")
	if strings.Contains(string(r.Body), "boom") {
		t.Error("the panic value leaked into the response")
	}
	if !strings.Contains(logs.String(), "boom") || !strings.Contains(logs.String(), "status=500") {
		t.Errorf("panic not logged with its status: %s", logs.String())
	}
}

func TestRequestLogNeverShowsToken(t *testing.T) {
	var logs bytes.Buffer
	e := newEnvWith(t, Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	e.do("GET", "/v1/api/knowledge_base/tags/?x=1", e.write, nil).wantStatus(t, http.StatusOK)
	e.do("GET", "/v1/api/knowledge_base/tags/", "broken", nil).wantStatus(t, http.StatusUnauthorized)
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one log line per request, got %d:\n%s", len(lines), logs.String())
	}
	for _, want := range []string{"method=GET", "path=/v1/api/knowledge_base/tags/", "status=200", "duration="} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("log line %q lacks %q", lines[0], want)
		}
	}
	if strings.Contains(logs.String(), e.write) || strings.Contains(logs.String(), "broken") {
		t.Error("a token appeared in the log")
	}
}

func TestIndex(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/", "", nil).wantStatus(t, http.StatusOK)
	for _, want := range []string{"Quickchat sandbox", "qcadmin token", "/v1/api/knowledge_base/articles/", DemoScenarioID} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("index lacks %q", want)
		}
	}
}
