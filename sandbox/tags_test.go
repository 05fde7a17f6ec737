package sandbox

import (
	"net/http"
	"slices"
	"testing"
)

func TestTags(t *testing.T) {
	e := newEnv(t)
	tok := e.token("tags", ScopeWrite)
	var tags []string
	r := e.do("GET", "/v1/api/knowledge_base/tags/", tok, nil).wantStatus(t, http.StatusOK)
	if string(r.Body) != "[]\n" {
		t.Errorf("empty scenario tags = %s, want []", r.Body)
	}
	for _, set := range [][]string{{"zeta", "alpha"}, {"alpha", "Beta", "ß"}} {
		var a articleJSON
		e.do("POST", articlesPath, tok, `{"content":"x"}`).decode(t, &a)
		e.do("PATCH", articlesPath+itoa(a.ID), tok, map[string]any{"tags": set}).wantStatus(t, http.StatusOK)
	}
	e.do("GET", "/v1/api/knowledge_base/tags", tok, nil).wantStatus(t, http.StatusOK).decode(t, &tags)
	if want := []string{"Beta", "alpha", "zeta", "ß"}; !slices.Equal(tags, want) {
		t.Errorf("tags = %q, want %q", tags, want)
	}
	// Another scenario's tags stay out.
	e.do("GET", "/v1/api/knowledge_base/tags/", e.read, nil).decode(t, &tags)
	if slices.Contains(tags, "zeta") || !slices.Contains(tags, "shipping") {
		t.Errorf("demo tags = %q", tags)
	}
}
