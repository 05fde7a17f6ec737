package sandbox

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStatePersistsAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	e := newEnvWith(t, Config{DataDir: dir})
	seeded := e.list(e.read, "").Count
	a := e.createArticle(map[string]any{"content": "Survives restarts.", "title": "Durable"})
	e.do("PATCH", articlesPath+itoa(a.ID), e.write, `{"tags":["persist"],"save_mode":"publish"}`).wantStatus(t, http.StatusOK)
	e.do("PATCH", settingsPath, e.write, `{"one_word_description":"Renamed","ai_commands":["One"]}`).wantStatus(t, http.StatusOK)
	victim := e.list(e.read, "types=Paragraph&limit=1").Items[0]
	e.do("DELETE", articlesPath, e.write, []int64{victim.ID}).wantStatus(t, http.StatusOK)
	if err := e.sb.Close(); err != nil {
		t.Fatal(err)
	}

	e2 := newEnvWith(t, Config{DataDir: dir})
	if got := e2.list(e2.read, "").Count; got != seeded {
		t.Errorf("after restart %d articles, want %d (one added, one deleted, seed not repeated)", got, seeded)
	}
	var got articleJSON
	e2.do("GET", articlesPath+itoa(a.ID), e2.read, nil).wantStatus(t, http.StatusOK).decode(t, &got)
	if got.Title != "Durable" || got.State != "published" || ver(got.Version) != 1 || len(got.Tags) != 1 || got.Tags[0] != "persist" {
		t.Errorf("after restart: %+v", got)
	}
	e2.do("GET", articlesPath+itoa(victim.ID), e2.read, nil).wantStatus(t, http.StatusNotFound)
	var s kbSettings
	e2.do("GET", settingsPath, e2.read, nil).decode(t, &s)
	if s.OneWordDescription != "Renamed" || len(s.AICommands) != 1 || s.RetrainState == nil || *s.RetrainState != "to_be_retrained" {
		t.Errorf("settings after restart = %+v", s)
	}
	// New ids keep counting up; a deleted id is never reused.
	if b := e2.createArticle(map[string]any{"content": "next"}); b.ID <= a.ID {
		t.Errorf("new id %d not above %d", b.ID, a.ID)
	}
}

func TestSeedNotRepeatedWhenEverythingWasDeleted(t *testing.T) {
	dir := t.TempDir()
	e := newEnvWith(t, Config{DataDir: dir})
	var ids []int64
	for _, a := range e.list(e.read, "limit=100").Items {
		ids = append(ids, a.ID)
	}
	e.do("DELETE", articlesPath, e.write, ids).wantStatus(t, http.StatusOK)
	e.sb.Close()
	e2 := newEnvWith(t, Config{DataDir: dir})
	if n := e2.list(e2.read, "").Count; n != 0 {
		t.Errorf("restart re-seeded %d articles into an emptied knowledge base", n)
	}
}

func TestSecretGeneratedAndPersisted(t *testing.T) {
	dir := t.TempDir()
	sb, err := Open(Config{DataDir: filepath.Join(dir, "nested", "data")})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "nested", "data", "sandbox.secret")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("secret not written: %v", err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("secret mode = %v, want 0600", info.Mode().Perm())
	}
	raw, _ := os.ReadFile(path)
	if secret := strings.TrimSpace(string(raw)); len(secret) != 64 {
		t.Errorf("secret %q is not 32 bytes of hex", secret)
	}
	tok, err := sb.Token(DemoScenarioID, ScopeRead, 3600e9)
	if err != nil {
		t.Fatal(err)
	}
	sb.Close()

	// A restart reads the same secret, so earlier tokens stay valid.
	sb2, err := Open(Config{DataDir: filepath.Join(dir, "nested", "data")})
	if err != nil {
		t.Fatal(err)
	}
	defer sb2.Close()
	e := &testEnv{t: t, sb: sb2}
	e.do("GET", settingsPath, tok, nil).wantStatus(t, http.StatusOK)
	raw2, _ := os.ReadFile(path)
	if string(raw2) != string(raw) {
		t.Error("secret changed on restart")
	}
}

func TestConfiguredSecretIsNotWritten(t *testing.T) {
	dir := t.TempDir()
	sb, err := Open(Config{DataDir: dir, Secret: "from-env"})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	if _, err := os.Stat(filepath.Join(dir, "sandbox.secret")); !os.IsNotExist(err) {
		t.Errorf("sandbox.secret written although Secret was configured (stat: %v)", err)
	}
	if err := sb.Ping(context.Background()); err != nil {
		t.Errorf("Ping: %v", err)
	}
	sb.Close()
	if err := sb.Ping(context.Background()); err == nil {
		t.Error("Ping after Close succeeded")
	}
}

func TestOpenNeedsDataDir(t *testing.T) {
	if _, err := Open(Config{}); err == nil {
		t.Error("Open without DataDir succeeded")
	}
}
