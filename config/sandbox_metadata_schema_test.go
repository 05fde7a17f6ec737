package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSandboxMetadataSchema(t *testing.T) {
	dir := t.TempDir()
	schema := filepath.Join(dir, "metadata.schema.json")
	if err := os.WriteFile(schema, []byte(`{"type":"object"}`), 0o600); err != nil {
		t.Fatal(err)
	}

	if c := mustLoad(t, nil, env()); c.SandboxMetadataSchema != "" {
		t.Errorf("default = %q, want empty (the built-in schema)", c.SandboxMetadataSchema)
	}
	if c := mustLoad(t, []string{"sandbox"}, env("QCADMIN_SANDBOX_METADATA_SCHEMA", schema)); c.SandboxMetadataSchema != schema {
		t.Errorf("from env: %q", c.SandboxMetadataSchema)
	}
	other := filepath.Join(dir, "other.json")
	if err := os.WriteFile(other, []byte(`{}`), 0o600); err != nil {
		t.Fatal(err)
	}
	c := mustLoad(t, []string{"--sandbox-metadata-schema", schema}, env("QCADMIN_SANDBOX_METADATA_SCHEMA", other))
	if c.SandboxMetadataSchema != schema {
		t.Errorf("flag should win over the environment: %q", c.SandboxMetadataSchema)
	}
	var summary string
	for _, a := range c.Summary() {
		if a.Key == "sandbox_metadata_schema" {
			summary = a.Value.String()
		}
	}
	if summary != schema {
		t.Errorf("summary shows %q, want the path", summary)
	}

	for _, tc := range []struct {
		name string
		args []string
		env  []string
		want []string
	}{
		{"missing file", nil, []string{"QCADMIN_SANDBOX_METADATA_SCHEMA", filepath.Join(dir, "nope.json")}, []string{"QCADMIN_SANDBOX_METADATA_SCHEMA", "no such file"}},
		{"directory", []string{"sandbox", "--sandbox-metadata-schema", dir}, nil, []string{"sandbox-metadata-schema", "directory"}},
		{"console only", []string{"serve", "--api-origin", "https://a.b", "--sandbox-metadata-schema", schema}, nil, []string{"-sandbox-metadata-schema"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.args, env(tc.env...))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
