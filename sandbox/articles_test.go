package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestArticleLifecycle(t *testing.T) {
	e := newEnv(t)
	created := e.createArticle(map[string]any{"content": "Our return policy allows returns within 30 days.", "title": "Return Policy"})
	if created.ID == 0 || created.ArticleID == "" {
		t.Fatalf("created article lacks ids: %+v", created)
	}
	if created.Type != "Article" || created.State != "draft" || created.DeployState != "draft" ||
		created.Version != nil || created.MaxAvailableVersion != nil || created.Content == nil ||
		created.Title != "Return Policy" || len(created.Tags) != 0 || created.URL != nil {
		t.Errorf("created = %+v", created)
	}
	if created.CreatedTimestamp != "2026-03-02" || created.LastModifiedTimestamp != "2026-03-02" {
		t.Errorf("dates = %q, %q", created.CreatedTimestamp, created.LastModifiedTimestamp)
	}
	// Written through the API: downloaded that day, as the newer reference shows; never from an external source.
	if created.LastUpdatedTimestamp != "2026-03-02T10:00:00Z" || created.DownloadedTimestamp != "2026-03-02" || created.LastUpdatedFromExternalSourceTimestamp != nil {
		t.Errorf("timestamps = %q, %q, %v", created.LastUpdatedTimestamp, created.DownloadedTimestamp, created.LastUpdatedFromExternalSourceTimestamp)
	}

	path := "/v1/api/knowledge_base/articles/" + itoa(created.ID)
	var got articleJSON
	e.do("GET", path, e.read, nil).wantStatus(t, http.StatusOK).decode(t, &got)
	if *got.Content != *created.Content || got.ArticleID != created.ArticleID {
		t.Errorf("GET returned %+v", got)
	}

	// Reset the retrain state so the publish below visibly changes it.
	var settings kbSettings
	e.do("GET", settingsPath, e.read, nil).decode(t, &settings)
	if settings.RetrainState == nil || *settings.RetrainState != "up_to_date" {
		t.Fatalf("seeded retrain_state = %v", settings.RetrainState)
	}

	e.clock.Advance(26 * time.Hour)
	var draft articleJSON
	e.do("PATCH", path, e.write, map[string]any{"content": "Returns accepted within 60 days.", "tags": []string{" policies ", "faq", "policies"}}).
		wantStatus(t, http.StatusOK).decode(t, &draft)
	// Versions stay null until the article is first published.
	if draft.State != "draft" || draft.DeployState != "draft" || draft.Version != nil || draft.MaxAvailableVersion != nil {
		t.Errorf("after draft save: %+v", draft)
	}
	if *draft.Content != "Returns accepted within 60 days." || draft.Title != "Return Policy" {
		t.Errorf("draft save changed the wrong fields: %+v", draft)
	}
	if !slices.Equal(draft.Tags, []string{"policies", "faq"}) {
		t.Errorf("tags = %q, want trimmed, deduplicated, in order", draft.Tags)
	}
	if draft.LastModifiedTimestamp != "2026-03-03" || draft.CreatedTimestamp != "2026-03-02" || draft.LastUpdatedTimestamp != "2026-03-03T12:00:00Z" {
		t.Errorf("after draft save: dates %q %q %q", draft.CreatedTimestamp, draft.LastModifiedTimestamp, draft.LastUpdatedTimestamp)
	}
	e.do("GET", settingsPath, e.read, nil).decode(t, &settings)
	if *settings.RetrainState != "up_to_date" {
		t.Errorf("a draft save set retrain_state to %q", *settings.RetrainState)
	}

	var published articleJSON
	e.do("PATCH", path, e.write, map[string]any{"title": "Updated Return Policy", "save_mode": "publish"}).
		wantStatus(t, http.StatusOK).decode(t, &published)
	if published.State != "published" || published.DeployState != "deployed" || ver(published.Version) != 1 || ver(published.MaxAvailableVersion) != 1 {
		t.Errorf("after publish: %+v", published)
	}
	if published.Title != "Updated Return Policy" || !slices.Equal(published.Tags, []string{"policies", "faq"}) {
		t.Errorf("publish lost fields: %+v", published)
	}
	e.do("GET", settingsPath, e.read, nil).decode(t, &settings)
	if settings.RetrainState == nil || *settings.RetrainState != "to_be_retrained" {
		t.Errorf("after publish retrain_state = %v, want to_be_retrained", settings.RetrainState)
	}

	// A later draft save unpublishes the shown version; an empty PATCH still saves a version.
	var again articleJSON
	e.do("PATCH", path, e.write, `{}`).wantStatus(t, http.StatusOK).decode(t, &again)
	if again.State != "draft" || again.DeployState != "draft" || ver(again.Version) != 2 {
		t.Errorf("after empty draft save: %+v", again)
	}
	// Sending an empty tag list removes the tags.
	e.do("PATCH", path, e.write, `{"tags":[]}`).wantStatus(t, http.StatusOK).decode(t, &again)
	if again.Tags == nil || len(again.Tags) != 0 {
		t.Errorf("tags after clearing = %#v, want []", again.Tags)
	}
}

func TestCreateParagraph(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle(map[string]any{"content": "Short answer.", "type": "Paragraph"})
	if a.Type != "Paragraph" || a.Title != "" {
		t.Errorf("paragraph = %+v", a)
	}
}

func TestArticleJSONFieldNames(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", "/v1/api/knowledge_base/articles/", e.write, `{"content":"x"}`).wantStatus(t, http.StatusCreated)
	var fields map[string]json.RawMessage
	r.decode(t, &fields)
	want := []string{"id", "article_id", "type", "title", "description", "content", "state", "url", "parent_id", "parent_type",
		"shortened", "tags", "created_timestamp", "last_modified_timestamp", "deploy_state", "version", "max_available_version",
		"downloaded_timestamp", "last_updated_timestamp", "last_updated_from_external_source_timestamp"}
	for _, name := range want {
		if _, ok := fields[name]; !ok {
			t.Errorf("article lacks %q", name)
		}
	}
	if len(fields) != len(want) {
		t.Errorf("article has %d fields, want %d: %s", len(fields), len(want), r.Body)
	}
	for name, wantRaw := range map[string]string{"url": "null", "parent_id": "null", "parent_type": "null", "shortened": "false", "tags": "[]", "description": `""`} {
		if string(fields[name]) != wantRaw {
			t.Errorf("%s = %s, want %s", name, fields[name], wantRaw)
		}
	}
}

func TestArticleNotFound(t *testing.T) {
	e := newEnv(t)
	for _, id := range []string{"999999", "abc", "1.5", "-1", "0", "+1", "01", "99999999999999999999999"} {
		e.do("GET", "/v1/api/knowledge_base/articles/"+id, e.read, nil).wantError(t, http.StatusNotFound, "NOT_FOUND", "not found")
	}
	e.do("PATCH", "/v1/api/knowledge_base/articles/999999", e.write, `{"title":"x"}`).wantError(t, http.StatusNotFound, "NOT_FOUND", "999999")
}

func TestNonASCIIAndNULContentRoundTrips(t *testing.T) {
	e := newEnv(t)
	content := "Zażółć gęślą jaźń 🚲 \u0000 end"
	a := e.createArticle(map[string]any{"content": content, "title": "Ünïcödé"})
	var got articleJSON
	e.do("GET", "/v1/api/knowledge_base/articles/"+itoa(a.ID), e.read, nil).decode(t, &got)
	if *got.Content != content || got.Title != "Ünïcödé" {
		t.Errorf("round trip: %q / %q", *got.Content, got.Title)
	}
}
