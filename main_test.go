package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"qcadmin/config"
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

func TestBadSettingsStopStartUp(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"serve"}, &out, &errOut); code != 2 {
		t.Fatalf("serve without an API origin exited %d, want 2", code)
	}
	if !strings.Contains(errOut.String(), "api-origin") {
		t.Fatalf("the error does not name the missing setting: %q", errOut.String())
	}
}
