package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEnsureSecretKeyGeneratesOnceThenReads(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first := mustLoad(t, []string{"--data-dir", dir}, env())
	if err := first.EnsureSecretKey(); err != nil {
		t.Fatal(err)
	}
	if len(first.SecretKey) != 32 {
		t.Fatalf("generated key has %d bytes, want 32", len(first.SecretKey))
	}

	path := filepath.Join(dir, "console.key")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("console.key mode %o, want 600", mode)
	}
	if info, err := os.Stat(dir); err != nil {
		t.Error(err)
	} else if mode := info.Mode().Perm(); mode != 0o700 {
		t.Errorf("data dir mode %o, want 700", mode)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("data dir holds %d entries, want only console.key (no leftover temporary file)", len(entries))
	}

	second := mustLoad(t, []string{"--data-dir", dir}, env())
	if err := second.EnsureSecretKey(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.SecretKey, second.SecretKey) {
		t.Error("the second start read a different key; sessions would not survive a restart")
	}

	summary := attrText(second)
	if !strings.Contains(summary, "loaded from") || strings.Contains(summary, string(second.SecretKey)) {
		t.Errorf("summary after loading the key: %s", summary)
	}
	if !strings.Contains(attrText(first), "generated into") {
		t.Errorf("summary after generating the key: %s", attrText(first))
	}
}

func TestEnsureSecretKeyKeepsTheEnvironmentsKey(t *testing.T) {
	dir := t.TempDir()
	c := mustLoad(t, []string{"--data-dir", dir}, env("QCADMIN_SECRET_KEY", testKeyHex))
	if err := c.EnsureSecretKey(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "console.key")); !os.IsNotExist(err) {
		t.Errorf("console.key written although QCADMIN_SECRET_KEY is set (stat: %v)", err)
	}
}

func TestEnsureSecretKeyRefusesACorruptFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "console.key"), []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := mustLoad(t, []string{"--data-dir", dir}, env())
	err := c.EnsureSecretKey()
	if err == nil || !strings.Contains(err.Error(), "console.key") {
		t.Fatalf("err = %v, want one naming console.key", err)
	}
	if strings.Contains(err.Error(), "not a key") {
		t.Errorf("error echoes the file's content: %v", err)
	}
}

func attrText(c *Config) string {
	var b strings.Builder
	for _, a := range c.Summary() {
		b.WriteString(a.String() + "\n")
	}
	return b.String()
}
