package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func metadataPath(id string) string { return conversationsPath + "/" + id + "/metadata" }

// decodeExact decodes a metadata body keeping numbers as json.Number.
func decodeExact(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var body struct{ Metadata map[string]any }
	if err := dec.Decode(&body); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return body.Metadata
}

// plainConversation returns a demo conversation that has no seeded metadata.
func (e *testEnv) plainConversation() string {
	e.t.Helper()
	for _, c := range e.allConversations(e.read) {
		if r := e.do("GET", metadataPath(c.ID), e.read, nil); string(r.Body) == "{\"metadata\":{}}\n" {
			return c.ID
		}
	}
	e.t.Fatal("every conversation has metadata")
	return ""
}

func TestMetadataRoundTripKeepsTypes(t *testing.T) {
	e := newEnv(t)
	id := e.plainConversation()
	r := e.do("GET", metadataPath(id), e.read, nil).wantStatus(t, http.StatusOK)
	if string(r.Body) != "{\"metadata\":{}}\n" {
		t.Errorf("no metadata is %s, want an empty object", r.Body)
	}

	body := `{"metadata":{"count":12,"ratio":1.50,"one":"1","zero":0,"negative":-3.25e2,"big":12345678901234567890,` +
		`"flag":true,"off":false,"none":null,"text":"Zażółć <b>gęślą</b>","nested":{"list":[1,2.0,"x",{"deep":[false,null]}],"empty":{}},"arr":[]}}`
	posted := e.do("POST", metadataPath(id), e.write, body).wantStatus(t, http.StatusOK)
	got := e.do("GET", metadataPath(id)+"/", e.read, nil).wantStatus(t, http.StatusOK)
	if !bytes.Equal(posted.Body, got.Body) {
		t.Errorf("POST answered %s, GET %s", posted.Body, got.Body)
	}
	for _, exact := range []string{`"count":12`, `"ratio":1.50`, `"one":"1"`, `"zero":0`, `"negative":-3.25e2`, `"big":12345678901234567890`,
		`"flag":true`, `"off":false`, `"none":null`, `"list":[1,2.0,"x",{"deep":[false,null]}]`, `"empty":{}`, `"arr":[]`} {
		if !bytes.Contains(got.Body, []byte(exact)) {
			t.Errorf("stored metadata lacks %s: %s", exact, got.Body)
		}
	}
	m := decodeExact(t, got.Body)
	checks := map[string]any{"count": json.Number("12"), "ratio": json.Number("1.50"), "one": "1", "flag": true, "none": nil, "text": "Zażółć <b>gęślą</b>"}
	for key, want := range checks {
		if m[key] != want {
			t.Errorf("%s = %#v, want %#v", key, m[key], want)
		}
	}
	nested, ok := m["nested"].(map[string]any)
	if !ok {
		t.Fatalf("nested = %#v", m["nested"])
	}
	if list, ok := nested["list"].([]any); !ok || len(list) != 4 || list[1] != json.Number("2.0") {
		t.Errorf("nested.list = %#v", nested["list"])
	}
}

func TestMetadataPostReplacesTheObject(t *testing.T) {
	e := newEnv(t)
	id := e.plainConversation()
	e.do("POST", metadataPath(id), e.write, `{"metadata":{"priority":"high","ticket_id":"T-1","note":"x"}}`).wantStatus(t, http.StatusOK)
	r := e.do("POST", metadataPath(id), e.write, `{"metadata":{"priority":"low"}}`).wantStatus(t, http.StatusOK)
	if string(r.Body) != "{\"metadata\":{\"priority\":\"low\"}}\n" {
		t.Errorf("after replace: %s", r.Body)
	}
	if r := e.do("GET", metadataPath(id), e.read, nil); string(r.Body) != "{\"metadata\":{\"priority\":\"low\"}}\n" {
		t.Errorf("GET after replace: %s", r.Body)
	}
	e.do("POST", metadataPath(id), e.write, map[string]any{"metadata": map[string]any{}}).wantStatus(t, http.StatusOK)
	if r := e.do("GET", metadataPath(id), e.read, nil); string(r.Body) != "{\"metadata\":{}}\n" {
		t.Errorf("after clearing: %s", r.Body)
	}
	// Metadata is the conversation's own: the list and details do not change.
	other := e.conversations(e.read, "limit=1").Items[0].ID
	if other != id {
		if r := e.do("GET", metadataPath(other), e.read, nil); strings.Contains(string(r.Body), `"note"`) {
			t.Errorf("metadata leaked to another conversation: %s", r.Body)
		}
	}
}

func TestMetadataBodyErrors(t *testing.T) {
	e := newEnv(t)
	id := e.plainConversation()
	for _, tc := range []struct {
		body   string
		status int
		msg    string
	}{
		{`{}`, 422, "Field 'metadata' is required."},
		{`{"metadata":null}`, 422, "Field 'metadata' must be a JSON object, got null."},
		{`{"metadata":[1,2]}`, 422, "Field 'metadata' must be a JSON object, got an array."},
		{`{"metadata":"priority=high"}`, 422, "Field 'metadata' must be a JSON object, got a string."},
		{`{"metadata":12}`, 422, "Field 'metadata' must be a JSON object, got a number."},
		{`{"metadata":[1],"priority":"high"}`, 422, "Field 'metadata' must be a JSON object, got an array."},
		{`[{"metadata":{}}]`, 422, "Request body must be a JSON object."},
		{`{"metadata":{"a":1}`, 400, "Malformed JSON"},
		{`{"metadata":{}} {}`, 400, "single JSON value"},
		{``, 400, "empty"},
		{`{"metadata":{"blob":"` + strings.Repeat("x", 70_000) + `"}}`, 422, "the limit is 65536 (64 KiB)"},
		{`{"metadata":{` + manyKeys(101) + `}}`, 422, "Field 'metadata' has 101 keys; the limit is 100."},
	} {
		r := e.do("POST", metadataPath(id), e.write, tc.body)
		code := codeValidation
		if tc.status == 400 {
			code = codeBadRequest
		}
		r.wantError(t, tc.status, code, tc.msg)
	}
	e.do("POST", metadataPath(id), e.write, `{"metadata":{`+manyKeys(100)+`}}`).wantStatus(t, http.StatusOK)
	req := newRequest("POST", metadataPath(id), `{"metadata":{}}`)
	req.Header.Set("Authorization", "Bearer "+e.write)
	req.Header.Set("Content-Type", "text/plain")
	e.send(req).wantError(t, http.StatusBadRequest, codeBadRequest, "Content-Type")
}

func manyKeys(n int) string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf(`"k%d":%d`, i, i)
	}
	return strings.Join(keys, ",")
}

func TestMetadataScopes(t *testing.T) {
	e := newEnv(t)
	id := e.plainConversation()
	e.do("GET", metadataPath(id), e.read, nil).wantStatus(t, http.StatusOK)
	r := e.do("POST", metadataPath(id), e.read, `{"metadata":{"priority":"high"}}`)
	r.wantError(t, http.StatusForbidden, codePermissionDenied, "")
	var env envelope
	r.decode(t, &env)
	if msg := env.Errors.Root[0].Message; msg != "Insufficient token scope. Required: write_all" {
		t.Errorf("message = %q", msg)
	}
	if r := e.do("GET", metadataPath(id), e.read, nil); string(r.Body) != "{\"metadata\":{}}\n" {
		t.Errorf("a refused write changed the metadata: %s", r.Body)
	}
}

func TestMetadataSchemaViolations(t *testing.T) {
	e := newEnv(t)
	id := e.plainConversation()
	for _, tc := range []struct{ metadata, msg string }{
		{`{"priority":"hgh"}`, `metadata/priority: value must be one of "low", "normal", "high", "urgent"`},
		{`{"priority":3}`, `metadata/priority: value must be one of "low", "normal", "high", "urgent"`},
		{`{"ticket_id":"1234"}`, `metadata/ticket_id: "1234" does not match the pattern "^T-[0-9]+$"`},
		{`{"ticket_id":1234}`, `metadata/ticket_id: must be string, got number`},
		{`{"review_status":"ok"}`, `metadata/review_status: value must be one of "unreviewed", "good", "needs_work"`},
		{`{"review_note":"` + strings.Repeat("é", 2001) + `"}`, `metadata/review_note: must be at most 2000 characters long, got 2001`},
		{`{"review_at":"yesterday"}`, `metadata/review_at: "yesterday" is not a valid date-time`},
		{`{"review_by":""}`, `metadata/review_by: must be at least 1 characters long, got 0`},
	} {
		e.do("POST", metadataPath(id), e.write, `{"metadata":`+tc.metadata+`}`).
			wantError(t, http.StatusUnprocessableEntity, codeValidation, "Field 'metadata' does not match the conversation metadata schema: "+tc.msg)
	}
	// Every violation is named, in path order.
	r := e.do("POST", metadataPath(id), e.write, `{"metadata":{"ticket_id":"X","priority":"hgh"}}`)
	r.wantError(t, http.StatusUnprocessableEntity, codeValidation, `metadata/priority: value must be one of "low", "normal", "high", "urgent"; metadata/ticket_id: "X" does not match`)

	// A whole review, and keys the schema does not know, pass.
	review := `{"metadata":{"priority":"urgent","ticket_id":"T-48213","review_status":"needs_work","review_note":"Offer a human sooner.",` +
		`"review_by":"Ana Kowalska","review_at":"2026-03-01T09:30:00Z","order":{"number":"VB-10482"}}}`
	e.do("POST", metadataPath(id), e.write, review).wantStatus(t, http.StatusOK)

	// Other agents have no schema, unless one is configured.
	other := e.token("another-agent", ScopeWrite)
	if n := e.conversations(other, "").Count; n != 0 {
		t.Fatalf("another agent has %d conversations", n)
	}
	if _, err := parseMetadataBody([]byte(`{"metadata":{"priority":"hgh"}}`), e.sb.schemas.forScenario("another-agent")); err != nil {
		t.Errorf("another agent, which has no schema, was refused: %v", err)
	}
}

func TestJSONPointerEscapes(t *testing.T) {
	if got := jsonPointer([]string{"a/b", "c~d", "0"}); got != "/a~1b/c~0d/0" {
		t.Errorf("jsonPointer = %q", got)
	}
}

func TestCustomMetadataSchema(t *testing.T) {
	dir := t.TempDir()
	schema := filepath.Join(dir, "schema.json")
	write(t, filepath.Join(dir, "owner.json"), `{"type":"string","pattern":"^[a-z]+$"}`)
	write(t, schema, `{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"type": "object",
		"required": ["owner"],
		"properties": {"owner": {"$ref": "owner.json"}, "score": {"type": "integer", "maximum": 10}},
		"additionalProperties": false
	}`)
	e := newEnvWith(t, Config{MetadataSchema: schema})
	id := e.plainConversation()
	// The file replaces the demo agent's schema: its priority rule is gone.
	e.do("POST", metadataPath(id), e.write, `{"metadata":{"owner":"ana","score":10}}`).wantStatus(t, http.StatusOK)
	for _, tc := range []struct{ metadata, msg string }{
		{`{}`, `metadata: missing property "owner"`},
		{`{"owner":"Ana"}`, `metadata/owner: "Ana" does not match the pattern "^[a-z]+$"`},
		{`{"owner":"ana","score":11}`, `metadata/score: maximum: got 11, want 10`},
		{`{"owner":"ana","score":1.5}`, `metadata/score: must be integer, got number`},
		{`{"owner":"ana","priority":"hgh"}`, `metadata: property "priority" is not allowed`},
	} {
		e.do("POST", metadataPath(id), e.write, `{"metadata":`+tc.metadata+`}`).wantError(t, http.StatusUnprocessableEntity, codeValidation, tc.msg)
	}
	// It applies to every agent.
	if e.sb.schemas.forScenario("another-agent") == nil {
		t.Error("a configured schema should apply to every agent")
	}
	if _, err := parseMetadataBody([]byte(`{"metadata":{}}`), e.sb.schemas.forScenario("another-agent")); err == nil {
		t.Error("another agent's metadata skipped the configured schema")
	}
}

func TestBadMetadataSchemaFailsOpen(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, content, msg string }{
		{"missing.json", "", "no such file"},
		{"broken.json", `{"type": "object"`, "not valid JSON"},
		{"wrong.json", `{"type": 12}`, "not a valid JSON Schema"},
		{"pattern.json", `{"properties": {"x": {"pattern": "("}}}`, "not a valid JSON Schema"},
		{"remote.json", `{"$ref": "https://schemas.example/metadata.json"}`, "not a valid JSON Schema"},
	} {
		path := filepath.Join(dir, tc.name)
		if tc.content != "" {
			write(t, path, tc.content)
		}
		sb, err := Open(Config{DataDir: t.TempDir(), Secret: "test-secret", MetadataSchema: path})
		if err == nil {
			sb.Close()
			t.Errorf("%s: Open succeeded", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.msg) || !strings.Contains(err.Error(), "metadata schema") {
			t.Errorf("%s: error %q, want it to mention the metadata schema and %q", tc.name, err, tc.msg)
		}
	}
}

func TestSeededMetadataFollowsTheSchema(t *testing.T) {
	e := newEnv(t)
	schema := e.sb.schemas.forScenario(DemoScenarioID)
	ticket := regexp.MustCompile(`^T-[0-9]+$`)
	withMetadata, reviewed := 0, 0
	for _, c := range e.allConversations(e.read) {
		r := e.do("GET", metadataPath(c.ID), e.read, nil).wantStatus(t, http.StatusOK)
		if _, err := parseMetadataBody(r.Body, schema); err != nil {
			t.Errorf("conversation %d: seeded metadata %s breaks the schema: %v", c.Ord, r.Body, err)
		}
		m := decodeExact(t, r.Body)
		if len(m) > 0 {
			withMetadata++
		}
		if _, ok := m["review_status"]; ok {
			reviewed++
		}
		if c.Assignee.Type == assigneeHuman {
			if id, _ := m["ticket_id"].(string); !ticket.MatchString(id) || m["priority"] == nil {
				t.Errorf("conversation %d handed to %s has metadata %v, want a ticket and a priority", c.Ord, c.Assignee.Name, m)
			}
		}
	}
	if n := len(e.allConversations(e.read)); withMetadata < n/4 || withMetadata > n/2 || reviewed < 3 {
		t.Errorf("%d of %d conversations have metadata, %d a review; want about a third, a few reviewed", withMetadata, n, reviewed)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
