package sandbox

import (
	"net/http"
	"testing"
)

const articlesPath = "/v1/api/knowledge_base/articles/"

func TestBulkDelete(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle(map[string]any{"content": "one"})
	b := e.createArticle(map[string]any{"content": "two"})
	c := e.createArticle(map[string]any{"content": "three"})
	before := e.list(e.read, "").Count

	r := e.do("DELETE", articlesPath, e.write, []int64{a.ID, b.ID, a.ID}).wantStatus(t, http.StatusOK)
	if string(r.Body) != "{}\n" {
		t.Errorf("body = %q, want {}", r.Body)
	}
	if after := e.list(e.read, "").Count; after != before-2 {
		t.Errorf("count %d → %d, want two fewer", before, after)
	}
	e.do("GET", articlesPath+itoa(a.ID), e.read, nil).wantStatus(t, http.StatusNotFound)
	e.do("GET", articlesPath+itoa(c.ID), e.read, nil).wantStatus(t, http.StatusOK)

	// The official MCP client's {"ids": [...]} form works too.
	e.do("DELETE", articlesPath[:len(articlesPath)-1], e.write, map[string]any{"ids": []int64{c.ID}}).wantStatus(t, http.StatusOK)
	e.do("GET", articlesPath+itoa(c.ID), e.read, nil).wantStatus(t, http.StatusNotFound)
}

func TestBulkDeleteIsAtomic(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle(map[string]any{"content": "keep me"})
	b := e.createArticle(map[string]any{"content": "keep me too"})
	e.do("DELETE", articlesPath, e.write, []int64{a.ID, 987654, b.ID, 987655}).
		wantError(t, http.StatusNotFound, "NOT_FOUND", "987654, 987655")
	e.do("GET", articlesPath+itoa(a.ID), e.read, nil).wantStatus(t, http.StatusOK)
	e.do("GET", articlesPath+itoa(b.ID), e.read, nil).wantStatus(t, http.StatusOK)
	e.do("DELETE", articlesPath, e.write, []int64{a.ID, 987654}).wantError(t, http.StatusNotFound, "NOT_FOUND", "Article 987654 not found")
	e.do("GET", articlesPath+itoa(a.ID), e.read, nil).wantStatus(t, http.StatusOK)
}

func TestDeletingPublishedArticleAsksForRetraining(t *testing.T) {
	e := newEnv(t)
	tok := e.token("retrain", ScopeWrite)
	var a articleJSON
	e.do("POST", articlesPath, tok, `{"content":"draft only"}`).decode(t, &a)
	e.do("DELETE", articlesPath, tok, []int64{a.ID}).wantStatus(t, http.StatusOK)
	var s kbSettings
	e.do("GET", settingsPath, tok, nil).decode(t, &s)
	if s.RetrainState != nil {
		t.Errorf("deleting a draft set retrain_state to %q", *s.RetrainState)
	}
	e.do("POST", articlesPath, tok, `{"content":"published"}`).decode(t, &a)
	e.do("PATCH", articlesPath+itoa(a.ID), tok, `{"save_mode":"publish"}`).wantStatus(t, http.StatusOK)
	e.do("DELETE", articlesPath, tok, []int64{a.ID}).wantStatus(t, http.StatusOK)
	e.do("GET", settingsPath, tok, nil).decode(t, &s)
	if s.RetrainState == nil || *s.RetrainState != "to_be_retrained" {
		t.Errorf("retrain_state = %v, want to_be_retrained", s.RetrainState)
	}
}

func TestDeleteRemovesTags(t *testing.T) {
	e := newEnv(t)
	tok := e.token("tag-delete", ScopeWrite)
	var a articleJSON
	e.do("POST", articlesPath, tok, `{"content":"x"}`).decode(t, &a)
	e.do("PATCH", articlesPath+itoa(a.ID), tok, `{"tags":["solo"]}`).wantStatus(t, http.StatusOK)
	e.do("DELETE", articlesPath, tok, []int64{a.ID}).wantStatus(t, http.StatusOK)
	if r := e.do("GET", "/v1/api/knowledge_base/tags/", tok, nil); string(r.Body) != "[]\n" {
		t.Errorf("tags after delete = %s", r.Body)
	}
}
