package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestAgentConfigurationPersists: edits to the agent's configuration survive a restart, and the seed never
// writes over them.
func TestAgentConfigurationPersists(t *testing.T) {
	e := newEnv(t)
	e.do("PATCH", chatbotPath, e.write, `{"personality":7,"greeting":"<p>Edited</p>"}`).wantStatus(t, http.StatusOK)
	e.do("PATCH", widgetPath, e.write, `{"primary_color":"rgb(1,2,3)","prechat_message_text":null}`).wantStatus(t, http.StatusOK)
	e.do("PUT", handoffPath, e.write, `{"keyword_triggers":["human"]}`).wantStatus(t, http.StatusOK)
	list := e.actions(e.read)
	e.do("DELETE", actionsPath+"/"+itoa(list[0].ID), e.write, nil).wantStatus(t, http.StatusNoContent)
	c := e.chat(e.write, map[string]any{"text": "Where is my order?"})
	e.sb.Close()

	e2 := newEnvWith(t, Config{DataDir: e.dir})
	if got := e2.chatbot(e2.read); got.Personality != 7 || got.Greeting != "<p>Edited</p>" {
		t.Errorf("chatbot settings after restart: %+v", got)
	}
	if got := e2.widget(e2.read); got.PrimaryColor != "rgb(1, 2, 3)" || got.PrechatMessageText != nil || got.Header != "Velora Support" {
		t.Errorf("widget after restart: %+v", got)
	}
	if got := e2.handoff(e2.read); got.Active || !slices.Equal(got.KeywordTriggers, []string{"human"}) {
		t.Errorf("handoff after restart: %+v", got)
	}
	if got := e2.actions(e2.read); len(got) != len(list)-1 {
		t.Errorf("%d actions after restart, want %d", len(got), len(list)-1)
	}
	if evs := e2.events(e2.read, c.ConvID, ""); evs.Count != 2 {
		t.Errorf("chat after restart: %d events", evs.Count)
	}
}

// TestUpgradeAddsAgentConfiguration opens a database from before the agent's configuration existed: the
// demo agent gets it once, and the chat answers at once from the paragraphs already there.
func TestUpgradeAddsAgentConfiguration(t *testing.T) {
	e := newEnv(t)
	all := migrations()
	at := slices.IndexFunc(all, func(m string) bool { return strings.Contains(m, "CREATE TABLE agent_settings") })
	if at < 1 {
		t.Fatal("no agent migration")
	}
	// Undo the migration, as a database written by the previous qcadmin would be.
	for _, stmt := range []string{
		"DROP TRIGGER paragraphs_fts_insert", "DROP TRIGGER paragraphs_fts_delete", "DROP TABLE paragraphs_fts",
		"DROP TABLE agent_settings", "DROP TABLE ai_actions", "DROP TABLE chat_api_keys",
		"DELETE FROM sqlite_sequence WHERE name = 'ai_actions'",
		fmt.Sprintf("DELETE FROM meta WHERE key = '%s'", agentSeededKey),
		fmt.Sprintf("PRAGMA user_version = %d", at),
	} {
		if _, err := e.sb.store.db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	e.sb.Close()

	e2 := newEnvWith(t, Config{DataDir: e.dir})
	if n := len(e2.actions(e2.read)); n != 5 {
		t.Errorf("upgrade seeded %d actions", n)
	}
	if c := e2.chat(e2.write, map[string]any{"text": "What is your return policy?"}); !strings.Contains(c.Reply, "within 30 days of delivery") {
		t.Errorf("chat after upgrade: %q", c.Reply)
	}
	e2.do("PATCH", widgetPath, e2.write, `{"size":"small"}`).wantStatus(t, http.StatusOK)
	e2.sb.Close()
	e3 := newEnvWith(t, Config{DataDir: e.dir})
	if n := len(e3.actions(e3.read)); n != 5 {
		t.Errorf("second start: %d actions", n)
	}
	if got := e3.widget(e3.read); got.Size != "small" {
		t.Errorf("the seed wrote over an edit: %+v", got)
	}
}
