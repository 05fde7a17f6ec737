package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

// FuzzMetadataBody feeds arbitrary bytes to the metadata body, parsed alone and posted to the sandbox:
// it must never panic or answer 5xx, fail only with a 400 or 422, and store only objects within the limits
// that follow the demo schema and come back unchanged.
func FuzzMetadataBody(f *testing.F) {
	for _, seed := range []string{
		`{"metadata":{"ticket_id":"T-1234","priority":"high"}}`,
		`{"metadata":{}}`,
		`{"metadata":{"count":12,"ratio":1.50,"big":1e400,"tiny":-0.0e-400,"one":"1","nested":{"a":[1,{"b":null}]}}}`,
		`{"metadata":{"priority":"hgh","ticket_id":"x","review_at":"yesterday","review_note":7}}`,
		`{"metadata":{"a/b~c":{"d":[true,false]}}}`,
		`{"metadata":{"review_at":"2026-03-01T09:30:00+01:00","review_status":"good"}}`,
		`{"metadata":null}`,
		`{"metadata":[]}`,
		`{"metadata":"x"}`,
		`{"metadata":{"x":"\ud800"}}`,
		`{"metadata":{"x":1},"metadata":{"y":2}}`,
		`{"metadata":{},"extra":1}`,
		`{}`,
		`[]`,
		`null`,
		`{"metadata":{"a":1}`,
		`{"metadata":{}} trailing`,
		"\xff\xfe{",
		``,
	} {
		f.Add([]byte(seed))
	}
	sb, err := Open(Config{DataDir: f.TempDir(), Secret: "test-secret", Now: newTestClock().Now})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { sb.Close() })
	token, err := sb.Token(DemoScenarioID, ScopeWrite, time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	first, _, err := sb.store.listConversations(context.Background(), DemoScenarioID, conversationFilter{Limit: 1})
	if err != nil || len(first) == 0 {
		f.Fatalf("no demo conversation: %v", err)
	}
	e, id, schema := &testEnv{sb: sb}, first[0].ID, sb.schemas.forScenario(DemoScenarioID)
	f.Fuzz(func(t *testing.T, body []byte) {
		stored, err := parseMetadataBody(body, schema)
		if err != nil {
			wantClientError(t, err)
		} else {
			var m map[string]any
			dec := json.NewDecoder(bytes.NewReader([]byte(stored)))
			dec.UseNumber()
			if err := dec.Decode(&m); err != nil || m == nil {
				t.Fatalf("stored %q is not a JSON object: %v", stored, err)
			}
			if len(stored) > maxMetadataBytes || len(m) > maxMetadataKeys {
				t.Errorf("stored %d bytes, %d keys", len(stored), len(m))
			}
			if err := validateMetadata(schema, m); err != nil {
				t.Errorf("stored metadata breaks the schema: %v", err)
			}
			again, err := parseMetadataBody([]byte(`{"metadata":`+stored+`}`), schema)
			if err != nil || again != stored {
				t.Errorf("sending back %s gives %s (%v)", stored, again, err)
			}
		}

		req := newRequest("POST", metadataPath(id), string(body))
		req.Header.Set("Authorization", "Bearer "+token)
		r := e.send(req)
		switch {
		case r.Status >= 500:
			t.Fatalf("status %d: %s", r.Status, r.Body)
		case (r.Status == http.StatusOK) != (err == nil):
			t.Errorf("handler answered %d, parser said %v", r.Status, err)
		case r.Status == http.StatusOK && string(r.Body) != `{"metadata":`+stored+"}\n":
			t.Errorf("handler stored %s, parser %s", r.Body, stored)
		}
	})
}
