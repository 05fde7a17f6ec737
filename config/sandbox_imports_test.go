package config

import (
	"slices"
	"strings"
	"testing"
)

func TestSandboxFetchAllowAndUploadLimit(t *testing.T) {
	c := mustLoad(t, nil, env())
	if !slices.Equal(c.SandboxFetchAllow, []string{"127.0.0.1", "localhost", "::1"}) {
		t.Errorf("default SandboxFetchAllow = %q, want loopback only", c.SandboxFetchAllow)
	}
	if c.SandboxUploadLimit != 20<<20 {
		t.Errorf("default SandboxUploadLimit = %d, want 20 MiB", c.SandboxUploadLimit)
	}

	c = mustLoad(t, []string{"sandbox"}, env(
		"QCADMIN_SANDBOX_FETCH_ALLOW", " Docs.Example.com, 127.0.0.1:8080,[::1]:9000, docs.example.com ",
		"QCADMIN_SANDBOX_UPLOAD_LIMIT", "512KB",
	))
	if !slices.Equal(c.SandboxFetchAllow, []string{"docs.example.com", "127.0.0.1:8080", "[::1]:9000"}) {
		t.Errorf("SandboxFetchAllow = %q, want lower-cased, trimmed, without repeats", c.SandboxFetchAllow)
	}
	if c.SandboxUploadLimit != 512<<10 {
		t.Errorf("SandboxUploadLimit = %d", c.SandboxUploadLimit)
	}
	c = mustLoad(t, []string{"--sandbox-upload-limit", "1048576", "--sandbox-fetch-allow", "localhost"}, env("QCADMIN_SANDBOX_UPLOAD_LIMIT", "1GB"))
	if c.SandboxUploadLimit != 1<<20 || !slices.Equal(c.SandboxFetchAllow, []string{"localhost"}) {
		t.Errorf("flags should win: %d %q", c.SandboxUploadLimit, c.SandboxFetchAllow)
	}
	got := map[string]string{}
	for _, a := range c.Summary() {
		got[a.Key] = a.Value.String()
	}
	if got["sandbox_upload_limit"] != "1MB" || got["sandbox_fetch_allow"] != "localhost" {
		t.Errorf("summary: upload %q, fetch %q", got["sandbox_upload_limit"], got["sandbox_fetch_allow"])
	}

	for size, want := range map[string]int64{"20MB": 20 << 20, "20 mb": 20 << 20, "3MiB": 3 << 20, "1g": 1 << 30, "100b": 100, "7": 7} {
		if n, err := parseByteSize(size); err != nil || n != want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d", size, n, err, want)
		}
	}
	for n, want := range map[int64]string{20 << 20: "20MB", 1 << 30: "1GB", 1536: "1536", 2048: "2KB", 1000: "1000"} {
		if got := formatByteSize(n); got != want {
			t.Errorf("formatByteSize(%d) = %q, want %q", n, got, want)
		}
	}

	for _, tc := range []struct {
		name string
		env  []string
		want []string
	}{
		{"url instead of host", []string{"QCADMIN_SANDBOX_FETCH_ALLOW", "https://docs.example.com/"}, []string{"QCADMIN_SANDBOX_FETCH_ALLOW", "not a host"}},
		{"empty host", []string{"QCADMIN_SANDBOX_FETCH_ALLOW", "localhost,,x"}, []string{"QCADMIN_SANDBOX_FETCH_ALLOW", "empty host"}},
		{"bad port", []string{"QCADMIN_SANDBOX_FETCH_ALLOW", "localhost:99999"}, []string{"QCADMIN_SANDBOX_FETCH_ALLOW", "port"}},
		{"zero size", []string{"QCADMIN_SANDBOX_UPLOAD_LIMIT", "0"}, []string{"QCADMIN_SANDBOX_UPLOAD_LIMIT", "positive size"}},
		{"unknown unit", []string{"QCADMIN_SANDBOX_UPLOAD_LIMIT", "20 parsecs"}, []string{"QCADMIN_SANDBOX_UPLOAD_LIMIT", "KB, MB or GB"}},
		{"overflow", []string{"QCADMIN_SANDBOX_UPLOAD_LIMIT", "99999999999GB"}, []string{"QCADMIN_SANDBOX_UPLOAD_LIMIT", "too large"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(nil, env(tc.env...))
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
	if _, err := Load([]string{"serve", "--api-origin", "https://a.b", "--sandbox-upload-limit", "1MB"}, env()); err == nil {
		t.Error("serve mode should not take the sandbox's --sandbox-upload-limit")
	}
}

func TestConsoleUploadLimit(t *testing.T) {
	c := mustLoad(t, nil, env())
	if c.UploadLimit != 20<<20 {
		t.Errorf("default UploadLimit = %d, want 20 MiB", c.UploadLimit)
	}
	c = mustLoad(t, []string{"--upload-limit", "5MB"}, env("QCADMIN_UPLOAD_LIMIT", "1GB"))
	if c.UploadLimit != 5<<20 {
		t.Errorf("UploadLimit = %d, want the flag's 5 MiB", c.UploadLimit)
	}
}

func TestReviewPrefix(t *testing.T) {
	if c := mustLoad(t, nil, env()); c.ReviewPrefix != "review_" {
		t.Errorf("default ReviewPrefix = %q", c.ReviewPrefix)
	}
	if c := mustLoad(t, nil, env("QCADMIN_REVIEW_PREFIX", "qa_")); c.ReviewPrefix != "qa_" {
		t.Errorf("ReviewPrefix = %q, want qa_", c.ReviewPrefix)
	}
	for _, bad := range []string{"re view", "review-", "ü_", strings.Repeat("a", 33)} {
		if _, err := Load(nil, env("QCADMIN_REVIEW_PREFIX", bad)); err == nil || !strings.Contains(err.Error(), "QCADMIN_REVIEW_PREFIX") {
			t.Errorf("prefix %q: err = %v, want a refusal naming the setting", bad, err)
		}
	}
}
