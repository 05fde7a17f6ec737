package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"qcadmin/config"
	"qcadmin/sandbox"
)

// The README's configuration table is the settings table qcadmin itself validates.
func TestReadmeListsEverySetting(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, []byte(config.MarkdownTable())) {
		t.Fatal("README.md's configuration table differs from config.MarkdownTable(); paste the new table in")
	}
	for _, cmd := range []string{"go run .", "make test"} {
		if !bytes.Contains(readme, []byte(cmd)) {
			t.Errorf("README.md does not show %q", cmd)
		}
	}
}

func TestTokenCommandPrintsTheTokenLast(t *testing.T) {
	t.Setenv("QCADMIN_DATA_DIR", t.TempDir())
	var out, errOut bytes.Buffer
	if code := run([]string{"token", "--scope", "read_all"}, &out, &errOut); code != 0 {
		t.Fatalf("qcadmin token exited %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	if strings.Count(last, ".") != 2 || strings.ContainsAny(last, " #") {
		t.Fatalf("last line %q is not a bare JWT", last)
	}
	if !strings.Contains(out.String(), "read_all") {
		t.Errorf("output does not say the scope: %q", out.String())
	}
}

func TestTokenCommandPrintsTheAPIKey(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("QCADMIN_DATA_DIR", dir)
	printed := func(args ...string) (string, string) {
		t.Helper()
		var out, errOut bytes.Buffer
		if code := run(append([]string{"token"}, args...), &out, &errOut); code != 0 {
			t.Fatalf("qcadmin token %v exited %d: %s", args, code, errOut.String())
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		return out.String(), lines[len(lines)-1]
	}
	out, key := printed("--api-key")
	if len(key) < 20 || strings.ContainsAny(key, " #.") {
		t.Fatalf("last line %q is not a bare api_key", key)
	}
	if !strings.Contains(out, sandbox.DemoScenarioID) {
		t.Errorf("output does not name the agent: %q", out)
	}
	// It is the key the sandbox checks, and the same on every call.
	sb, err := sandbox.Open(sandbox.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	want, err := sb.APIKey(sandbox.DemoScenarioID)
	sb.Close()
	if err != nil || key != want {
		t.Errorf("printed %q, the sandbox has %q (%v)", key, want, err)
	}
	if _, again := printed("--api-key"); again != key {
		t.Errorf("the key changed: %q then %q", key, again)
	}
	if _, other := printed("--api-key", "--scenario", "my-agent"); other == key || len(other) < 20 {
		t.Errorf("another agent's key %q (demo %q)", other, key)
	}
}

func TestBadSettingsStopStartUp(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"serve"}, &out, &errOut); code != 2 {
		t.Fatalf("serve without an API origin exited %d, want 2", code)
	}
	if !strings.Contains(errOut.String(), "api-origin") {
		t.Fatalf("the error does not name the missing setting: %q", errOut.String())
	}
}
