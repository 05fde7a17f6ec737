package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

const (
	sourcesPath        = "/v1/api/knowledge_base/sources/"
	intercomPath       = "/v1/api/knowledge_base/intercom/"
	sandboxSourcesPath = "/sandbox/sources/"
)

// diffItem is one item of an articles_diff answer.
type diffItem struct {
	Internal string      `json:"internal_article_diff"`
	External string      `json:"external_article_diff"`
	Snapshot articleJSON `json:"article_snapshot"`
}

func (e *testEnv) importSource(source string) []articleJSON {
	e.t.Helper()
	var got []articleJSON
	e.do("POST", sourcesPath+source+"/import", e.write, `{}`).wantStatus(e.t, http.StatusOK).decode(e.t, &got)
	return got
}

// intercomDiff reads the Intercom diff with a read-only token, keyed by knowledge base article id.
func (e *testEnv) intercomDiff() map[int64]diffItem {
	e.t.Helper()
	var items []diffItem
	e.do("GET", intercomPath+"articles_diff", e.read, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &items)
	out := map[int64]diffItem{}
	for _, d := range items {
		out[d.Snapshot.ID] = d
	}
	if len(out) != len(items) {
		e.t.Fatalf("diff lists an article twice: %+v", items)
	}
	return out
}

func (e *testEnv) external(source string) []externalArticleJSON {
	e.t.Helper()
	var list []externalArticleJSON
	e.do("GET", sandboxSourcesPath+source+"/articles", e.read, nil).wantStatus(e.t, http.StatusOK).decode(e.t, &list)
	return list
}

func wantDiff(t *testing.T, d diffItem, internal, external string) {
	t.Helper()
	if d.Internal != internal || d.External != external {
		t.Errorf("article %d (%s): diff %s/%s, want %s/%s", d.Snapshot.ID, d.Snapshot.Title, d.Internal, d.External, internal, external)
	}
}

func TestSourceImportDiffRefreshDelete(t *testing.T) {
	e := newEnv(t)
	var diff []diffItem
	e.do("POST", sourcesPath+"intercom/articles_diff", e.write, nil).wantStatus(t, http.StatusOK).decode(t, &diff)
	if diff == nil || len(diff) != 0 {
		t.Fatalf("diff of a source never imported = %#v, want []", diff)
	}

	imported := e.importSource("intercom")
	if len(imported) != 5 {
		t.Fatalf("imported %d Intercom articles, want the 5 seeded", len(imported))
	}
	external := e.external("intercom")
	for i, a := range imported {
		x := external[i]
		if a.ParentType == nil || *a.ParentType != "intercom" || a.ParentID == nil || *a.ParentID != x.ID {
			t.Errorf("article %d: parent %v/%v, want intercom/%d", a.ID, a.ParentType, a.ParentID, x.ID)
		}
		if a.Content != nil || a.Title != x.Title || a.URL == nil || *a.URL != x.URL || a.State != "draft" || a.Type != "Article" {
			t.Errorf("snapshot %+v for external %+v", a, x)
		}
		if a.LastUpdatedFromExternalSourceTimestamp == nil || a.DownloadedTimestamp != e.clock.Now().UTC().Format(time.DateOnly) {
			t.Errorf("article %d lacks the external timestamps", a.ID)
		}
		if x.ImportedArticleID == nil || *x.ImportedArticleID != a.ID || x.ID < 7400001 {
			t.Errorf("external %+v does not point at its copy %d", x, a.ID)
		}
	}
	if !strings.HasPrefix(external[0].URL, "https://help.velora-bikes.example/en/articles/") {
		t.Errorf("external url %q", external[0].URL)
	}
	// The copies are real articles with the external content.
	var full articleJSON
	e.do("GET", articlesPath+itoa(imported[3].ID), e.read, nil).wantStatus(t, http.StatusOK).decode(t, &full)
	if *full.Content != external[3].Content {
		t.Errorf("copy content %q, want the external content", *full.Content)
	}
	for _, d := range e.intercomDiff() {
		wantDiff(t, d, "UNCHANGED", "UNCHANGED")
	}
	// Importing again changes nothing.
	if again := e.importSource("intercom"); len(again) != 5 || again[0].ID != imported[0].ID || again[0].Version != nil {
		t.Errorf("second import: %+v", again)
	}

	edited, changedOutside, removed := imported[0], imported[1], imported[2]
	e.do("PATCH", articlesPath+itoa(edited.ID), e.write, `{"content":"Our own wording.","save_mode":"publish"}`).wantStatus(t, http.StatusOK)
	e.do("PATCH", sandboxSourcesPath+"intercom/articles/"+itoa(external[1].ID), e.write, `{"title":"Changing where your bike is delivered"}`).wantStatus(t, http.StatusOK)
	e.do("DELETE", sandboxSourcesPath+"intercom/articles/"+itoa(external[2].ID), e.write, nil).wantStatus(t, http.StatusNoContent)
	var added externalArticleJSON
	e.do("POST", sandboxSourcesPath+"intercom/articles", e.write, `{"title":"Pairing a heart-rate monitor","content":"Open the app and choose Sensors."}`).
		wantStatus(t, http.StatusCreated).decode(t, &added)
	if added.ImportedArticleID != nil || added.Revision != 1 {
		t.Errorf("added = %+v", added)
	}

	d := e.intercomDiff()
	if len(d) != 5 {
		t.Fatalf("diff has %d items, want the 5 copies (the new external article is not imported yet)", len(d))
	}
	wantDiff(t, d[edited.ID], "CHANGED", "UNCHANGED")
	wantDiff(t, d[changedOutside.ID], "UNCHANGED", "CHANGED")
	wantDiff(t, d[removed.ID], "UNCHANGED", "REMOVED")
	wantDiff(t, d[imported[3].ID], "UNCHANGED", "UNCHANGED")
	if d[edited.ID].Snapshot.Content != nil || d[edited.ID].Snapshot.State != "published" {
		t.Errorf("snapshot = %+v", d[edited.ID].Snapshot)
	}
	// Reverting an edit by hand makes the copy unchanged again: the diff compares text, not save counts.
	e.do("PATCH", articlesPath+itoa(imported[3].ID), e.write, `{"tags":["intercom"]}`).wantStatus(t, http.StatusOK)
	wantDiff(t, e.intercomDiff()[imported[3].ID], "UNCHANGED", "UNCHANGED")

	// Refresh one article without new ones: the edited copy gets the Intercom text back, as a draft.
	e.do("POST", intercomPath+"refresh_articles", e.write, map[string]any{"article_ids": []int64{edited.ID}, "fetch_new_articles": false}).
		wantStatus(t, http.StatusNoContent)
	e.do("GET", articlesPath+itoa(edited.ID), e.read, nil).decode(t, &full)
	if *full.Content != external[0].Content || full.State != "draft" || ver(full.Version) != 2 {
		t.Errorf("after refresh: state %s version %d content %q", full.State, ver(full.Version), *full.Content)
	}
	var settings kbSettings
	e.do("GET", settingsPath, e.read, nil).decode(t, &settings)
	if settings.RetrainState == nil || *settings.RetrainState != "to_be_retrained" {
		t.Errorf("re-copying a published article should mark the knowledge base for retraining: %v", settings.RetrainState)
	}
	d = e.intercomDiff()
	if len(d) != 5 {
		t.Errorf("fetch_new_articles false imported something: %d copies", len(d))
	}
	wantDiff(t, d[edited.ID], "UNCHANGED", "UNCHANGED")
	wantDiff(t, d[changedOutside.ID], "UNCHANGED", "CHANGED")

	// Refresh everything: the external change is copied and the new article imported; the removed one stays.
	e.do("POST", intercomPath+"refresh_articles", e.write, nil).wantStatus(t, http.StatusNoContent)
	d = e.intercomDiff()
	if len(d) != 6 {
		t.Fatalf("after a full refresh %d copies, want 6", len(d))
	}
	wantDiff(t, d[changedOutside.ID], "UNCHANGED", "UNCHANGED")
	wantDiff(t, d[removed.ID], "UNCHANGED", "REMOVED")
	if d[changedOutside.ID].Snapshot.Title != "Changing where your bike is delivered" {
		t.Errorf("title not re-copied: %q", d[changedOutside.ID].Snapshot.Title)
	}
	if list := e.list(e.read, "title=heart-rate").Items; len(list) != 1 || *list[0].ParentID != added.ID {
		t.Errorf("new external article not imported: %+v", list)
	}

	e.do("POST", intercomPath+"refresh_articles", e.write, map[string]any{"article_ids": []int64{edited.ID, 999999, 1}}).
		wantError(t, 422, "VALIDATION_ERROR", "Articles 999999, 1 were not imported from Intercom")
	e.do("POST", intercomPath+"refresh_articles", e.write, `{"article_ids":[1.5]}`).wantError(t, 422, "VALIDATION_ERROR", "Field 'article_ids' must be an array of integers")

	// Delete removes every copy, and the diff is empty again.
	before := e.list(e.read, "").Count
	e.do("POST", intercomPath+"delete", e.write, `{}`).wantStatus(t, http.StatusNoContent)
	if after := e.list(e.read, "").Count; after != before-6 {
		t.Errorf("delete removed %d articles, want 6", before-after)
	}
	e.do("GET", articlesPath+itoa(edited.ID), e.read, nil).wantStatus(t, http.StatusNotFound)
	if d := e.intercomDiff(); len(d) != 0 {
		t.Errorf("diff after delete has %d items", len(d))
	}
	// The external side is untouched, so importing again brings its five articles back.
	if again := e.importSource("intercom"); len(again) != 5 {
		t.Errorf("import after delete: %d articles, want 5", len(again))
	}
}

func TestIntercomEndpointsShareTheSource(t *testing.T) {
	e := newEnv(t)
	var got []articleJSON
	e.do("POST", intercomPath+"import", e.write, nil).wantStatus(t, http.StatusOK).decode(t, &got)
	if len(got) != 5 {
		t.Fatalf("intercom/import gave %d articles", len(got))
	}
	var diff []diffItem
	e.do("POST", sourcesPath+"intercom/articles_diff", e.write, `{}`).wantStatus(t, http.StatusOK).decode(t, &diff)
	if len(diff) != 5 {
		t.Errorf("sources/intercom diff has %d items after intercom/import", len(diff))
	}
	// A copy deleted in the knowledge base drops out of the diff and comes back with the next import.
	e.do("DELETE", articlesPath, e.write, []int64{got[0].ID}).wantStatus(t, http.StatusOK)
	if d := e.intercomDiff(); len(d) != 4 {
		t.Errorf("diff after deleting a copy: %d items", len(d))
	}
	if again := e.importSource("intercom"); len(again) != 5 || again[4].ID <= got[4].ID {
		t.Errorf("re-import: %+v", again)
	}
	e.do("POST", sourcesPath+"intercom/delete", e.write, nil).wantStatus(t, http.StatusNoContent)
	if n := e.list(e.read, "url=help.velora-bikes.example").Count; n != 0 {
		t.Errorf("%d Intercom articles left after delete", n)
	}
}

func TestSourceNamesAndSeeds(t *testing.T) {
	e := newEnv(t)
	shopify := e.importSource("shopify")
	if len(shopify) != 5 || *shopify[0].ParentType != "shopify" || !strings.HasPrefix(*shopify[0].URL, "https://shop.velora-bikes.example/pages/") {
		t.Errorf("shopify import: %d articles, first %+v", len(shopify), shopify[0])
	}
	custom := e.importSource("zendesk_eu-2")
	if len(custom) != 3 || *custom[0].ParentType != "zendesk_eu-2" {
		t.Errorf("a new source should start with 3 articles: %+v", custom)
	}
	// Sources are separate: deleting one leaves the others.
	e.do("POST", sourcesPath+"zendesk_eu-2/delete", e.write, nil).wantStatus(t, http.StatusNoContent)
	var diff []diffItem
	e.do("POST", sourcesPath+"shopify/articles_diff", e.write, nil).wantStatus(t, http.StatusOK).decode(t, &diff)
	if len(diff) != 5 {
		t.Errorf("shopify diff after deleting another source: %d items", len(diff))
	}
	// A never-used source deletes nothing and diffs to [].
	e.do("POST", sourcesPath+"freshdesk/delete", e.write, nil).wantStatus(t, http.StatusNoContent)
	r := e.do("POST", sourcesPath+"freshdesk/articles_diff", e.write, nil).wantStatus(t, http.StatusOK)
	if strings.TrimSpace(string(r.Body)) != "[]" {
		t.Errorf("diff of an unused source = %s, want []", r.Body)
	}

	for _, name := range []string{"Intercom", "my%20source", "a.b", strings.Repeat("x", 41), "caf%C3%A9"} {
		e.do("POST", sourcesPath+name+"/import", e.write, `{}`).wantError(t, 422, "VALIDATION_ERROR", "Unknown source")
		e.do("GET", sandboxSourcesPath+name+"/articles", e.read, nil).wantError(t, 422, "VALIDATION_ERROR", "lower-case letters, digits")
	}
	e.do("POST", sourcesPath+"intercom/import", e.write, `{"force":true}`).wantStatus(t, http.StatusOK) // unknown fields are ignored
	e.do("POST", sourcesPath+"intercom/import", e.write, `[`).wantError(t, 400, "BAD_REQUEST", "Malformed JSON")

	// Another agent has its own external side.
	other := e.token("another-agent", ScopeWrite)
	var list []externalArticleJSON
	e.do("POST", sandboxSourcesPath+"shopify/articles", other, `{"title":"Only here","content":"x"}`).wantStatus(t, http.StatusCreated)
	e.do("GET", sandboxSourcesPath+"shopify/articles", other, nil).wantStatus(t, http.StatusOK).decode(t, &list)
	if len(list) != 6 || len(e.external("shopify")) != 5 {
		t.Errorf("external sides are shared between agents: %d / %d", len(list), len(e.external("shopify")))
	}
}

func TestSandboxSourcePaths(t *testing.T) {
	e := newEnv(t)
	list := e.external("intercom")
	if len(list) != 5 || list[0].Revision != 1 || list[0].Source != "intercom" || list[0].ImportedArticleID != nil {
		t.Fatalf("seeded external side: %+v", list)
	}
	var raw []map[string]json.RawMessage
	e.do("GET", sandboxSourcesPath+"intercom/articles", e.read, nil).decode(t, &raw)
	for _, field := range []string{"id", "source", "title", "content", "url", "revision", "created_timestamp", "last_updated_timestamp", "imported_article_id"} {
		if _, ok := raw[0][field]; !ok {
			t.Errorf("external article lacks %q", field)
		}
	}
	id := itoa(list[0].ID)
	var x externalArticleJSON
	e.clock.Advance(3600e9)
	e.do("PATCH", sandboxSourcesPath+"intercom/articles/"+id, e.write, `{"content":"New text."}`).wantStatus(t, http.StatusOK).decode(t, &x)
	if x.Revision != 2 || x.Content != "New text." || x.Title != list[0].Title || x.LastUpdatedTimestamp == list[0].LastUpdatedTimestamp {
		t.Errorf("after edit: %+v", x)
	}
	e.do("PATCH", sandboxSourcesPath+"intercom/articles/"+id, e.write, `{"content":"New text."}`).decode(t, &x)
	if x.Revision != 2 {
		t.Errorf("an edit that changes nothing made revision %d", x.Revision)
	}

	for _, tc := range []struct {
		method, path string
		body         any
		status       int
		code, want   string
	}{
		{"POST", "intercom/articles", `{"title":"No content"}`, 422, "VALIDATION_ERROR", "Fields 'title' and 'content' are required"},
		{"POST", "intercom/articles", `{"title":" ","content":"x"}`, 422, "VALIDATION_ERROR", "Field 'title' must not be empty"},
		{"POST", "intercom/articles", `{"title":"t","content":"  "}`, 422, "VALIDATION_ERROR", "Field 'content' must not be empty"},
		{"PATCH", "intercom/articles/" + id, `{}`, 422, "VALIDATION_ERROR", "Send 'title', 'content' or both"},
		{"PATCH", "intercom/articles/999", `{"title":"x"}`, 404, "NOT_FOUND", "External article 999 not found in source intercom"},
		{"PATCH", "shopify/articles/" + id, `{"title":"x"}`, 404, "NOT_FOUND", "not found in source shopify"},
		{"DELETE", "intercom/articles/abc", nil, 404, "NOT_FOUND", "External article abc not found"},
		{"PUT", "intercom/articles/" + id, `{}`, 405, "METHOD_NOT_ALLOWED", "allowed: PATCH, DELETE"},
	} {
		e.do(tc.method, sandboxSourcesPath+tc.path, e.write, tc.body).wantError(t, tc.status, tc.code, tc.want)
	}
	e.do("DELETE", sandboxSourcesPath+"intercom/articles/"+id, e.write, nil).wantStatus(t, http.StatusNoContent)
	e.do("DELETE", sandboxSourcesPath+"intercom/articles/"+id, e.write, nil).wantError(t, 404, "NOT_FOUND", "not found")
	if n := len(e.external("intercom")); n != 4 {
		t.Errorf("%d external articles after removing one", n)
	}
}

func TestSourceScopesAndTiers(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ method, path string }{
		{"POST", sourcesPath + "intercom/import"},
		{"POST", sourcesPath + "intercom/delete"},
		{"POST", sourcesPath + "intercom/articles_diff"},
		{"POST", intercomPath + "import"},
		{"POST", intercomPath + "delete"},
		{"POST", intercomPath + "refresh_articles"},
		{"POST", sandboxSourcesPath + "intercom/articles"},
		{"PATCH", sandboxSourcesPath + "intercom/articles/7400001"},
		{"DELETE", sandboxSourcesPath + "intercom/articles/7400001"},
	} {
		e.do(c.method, c.path, e.read, `{}`).wantError(t, http.StatusForbidden, "PERMISSION_DENIED", "Insufficient token scope. Required: write_all")
	}
	e.do("GET", intercomPath+"articles_diff", e.read, nil).wantStatus(t, http.StatusOK)
	e.do("GET", sandboxSourcesPath+"intercom/articles", e.read, nil).wantStatus(t, http.StatusOK)
	e.do("GET", sandboxSourcesPath+"intercom/articles", "", nil).wantError(t, http.StatusUnauthorized, "PERMISSION_DENIED", "Bearer")
	for route, want := range map[string]tier{
		"knowledge_base/sources/{source}/import":        tierHeavy,
		"knowledge_base/intercom/import":                tierHeavy,
		"knowledge_base/sources/{source}/delete":        tierWrite,
		"knowledge_base/intercom/refresh_articles":      tierWrite,
		"knowledge_base/sources/{source}/articles_diff": tierWrite,
	} {
		if got := endpointTier(http.MethodPost, route); got != want {
			t.Errorf("%s: tier %v, want %v", route, got, want)
		}
	}
}

func TestIndexDocumentsImportsAndSources(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/", "", nil).wantStatus(t, http.StatusOK)
	for _, want := range []string{"/sandbox/sources/{source}/articles", "cannot reach", "YouTube", "QCADMIN_SANDBOX_FETCH_ALLOW", "file_upload_api/pdf", "intercom/refresh_articles"} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("index lacks %q", want)
		}
	}
}
