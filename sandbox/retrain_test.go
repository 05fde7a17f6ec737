package sandbox

import (
	"net/http"
	"testing"
	"time"
)

const retrainPath = "/v1/api/knowledge_base/retrain"

// retrainState reads retrain_state from the settings; "null" when there is none.
func (e *testEnv) retrainState(tok string) string {
	e.t.Helper()
	var s kbSettings
	e.do("GET", settingsPath, tok, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &s)
	if s.RetrainState == nil {
		return "null"
	}
	return *s.RetrainState
}

func (e *testEnv) wantRetrainState(tok, want string) {
	e.t.Helper()
	if got := e.retrainState(tok); got != want {
		e.t.Errorf("retrain_state = %s, want %s", got, want)
	}
}

func TestRetrainStateMachine(t *testing.T) {
	e := newEnv(t)
	tok := e.token("retrain-clock", ScopeWrite)
	e.wantRetrainState(tok, "null")

	r := e.do("POST", retrainPath, tok, nil).wantStatus(t, http.StatusAccepted)
	if string(r.Body) != `{"retrain_state":"to_be_retrained"}`+"\n" {
		t.Errorf("body = %s", r.Body)
	}
	e.wantRetrainState(tok, "to_be_retrained")
	e.clock.Advance(1900 * time.Millisecond)
	e.wantRetrainState(tok, "to_be_retrained")
	// Asking again while queued changes nothing, the clock included.
	e.do("POST", retrainPath+"/", tok, `{}`).wantStatus(t, http.StatusAccepted)
	e.clock.Advance(100 * time.Millisecond)
	e.wantRetrainState(tok, "in_progress")
	e.do("POST", retrainPath, tok, nil).wantError(t, http.StatusConflict, "CONFLICT", "A retrain is already in progress.")
	e.clock.Advance(4900 * time.Millisecond)
	e.wantRetrainState(tok, "in_progress")
	e.clock.Advance(100 * time.Millisecond)
	e.wantRetrainState(tok, "up_to_date")
	e.clock.Advance(time.Hour)
	e.wantRetrainState(tok, "up_to_date")

	// A knowledge base that is up to date can be retrained again.
	e.do("POST", retrainPath, tok, nil).wantStatus(t, http.StatusAccepted)
	e.wantRetrainState(tok, "to_be_retrained")
	e.clock.Advance(7 * time.Second)
	e.wantRetrainState(tok, "up_to_date")
}

func TestKnowledgeChangesRestartTheRetrainClock(t *testing.T) {
	e := newEnv(t)
	tok := e.token("retrain-changes", ScopeWrite)
	a := e.publish(tok, "First", "Knowledge.")
	e.wantRetrainState(tok, "to_be_retrained")
	e.clock.Advance(time.Minute)
	e.wantRetrainState(tok, "to_be_retrained") // nothing retrains until asked

	for name, change := range map[string]func(){
		"publish": func() { e.publish(tok, "More", "More knowledge.") },
		"unpublish": func() {
			e.do("PATCH", articlesPath+itoa(a.ID), tok, `{"title":"back to draft"}`).wantStatus(t, http.StatusOK)
		},
		"delete a published": func() {
			e.do("DELETE", articlesPath, tok, []int64{e.publish(tok, "Gone", "Soon deleted.").ID}).wantStatus(t, http.StatusOK)
		},
	} {
		e.do("POST", retrainPath, tok, nil).wantStatus(t, http.StatusAccepted)
		e.clock.Advance(3 * time.Second)
		e.wantRetrainState(tok, "in_progress")
		change()
		if got := e.retrainState(tok); got != "to_be_retrained" {
			t.Errorf("%s during a retrain: retrain_state = %s", name, got)
		}
		e.clock.Advance(time.Minute)
		if got := e.retrainState(tok); got != "to_be_retrained" {
			t.Errorf("%s: the interrupted retrain still finished (%s)", name, got)
		}
	}
	e.do("POST", retrainPath, tok, nil).wantStatus(t, http.StatusAccepted)
	e.clock.Advance(7 * time.Second)
	e.wantRetrainState(tok, "up_to_date")

	// Draft edits of drafts change nothing the agent knows.
	var draft articleJSON
	e.do("POST", articlesPath, tok, `{"content":"draft"}`).decode(t, &draft)
	e.do("PATCH", articlesPath+itoa(draft.ID), tok, `{"content":"still a draft"}`).wantStatus(t, http.StatusOK)
	e.wantRetrainState(tok, "up_to_date")
}

func TestRetrainScopeTierAndPersistence(t *testing.T) {
	dir := t.TempDir()
	e := newEnvWith(t, Config{DataDir: dir, RateLimits: true})
	e.do("POST", retrainPath, e.read, nil).wantError(t, http.StatusForbidden, "PERMISSION_DENIED", "write_all")
	e.do("GET", retrainPath, e.read, nil).wantError(t, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "POST")
	if got := endpointTier("POST", "knowledge_base/retrain"); got != tierHeavy {
		t.Errorf("retrain tier = %d, want HEAVY", got)
	}
	for i := range 20 {
		if r := e.do("POST", retrainPath, e.write, nil); r.Status != http.StatusAccepted {
			t.Fatalf("request %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	e.do("POST", retrainPath, e.write, nil).wantError(t, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "")

	e.clock.Advance(3 * time.Second)
	e.wantRetrainState(e.read, "in_progress")
	e.sb.Close()
	e2 := newEnvWith(t, Config{DataDir: dir})
	e2.clock.Advance(3 * time.Second) // the new clock starts where the first did
	e2.wantRetrainState(e2.read, "in_progress")
	e2.clock.Advance(4 * time.Second)
	e2.wantRetrainState(e2.read, "up_to_date")
}
