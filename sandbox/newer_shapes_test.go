package sandbox

import (
	"encoding/json"
	"net/http"
	"testing"
)

// The newer reference shows a new article with deploy_state "draft" and null versions; they stay null
// through draft saves and become numbers when the article is first published.
func TestNewArticleHasNoVersionUntilPublished(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", articlesPath, e.write, `{"content":"Our return policy allows returns within 30 days.","title":"Return Policy"}`).
		wantStatus(t, http.StatusCreated)
	var raw map[string]json.RawMessage
	r.decode(t, &raw)
	for key, want := range map[string]string{"deploy_state": `"draft"`, "version": "null", "max_available_version": "null", "state": `"draft"`} {
		if string(raw[key]) != want {
			t.Errorf("created %s = %s, want %s", key, raw[key], want)
		}
	}
	var id int64
	json.Unmarshal(raw["id"], &id)
	path := articlesPath + itoa(id)
	var a articleJSON
	e.do("PATCH", path, e.write, `{"content":"Returns within 60 days."}`).wantStatus(t, http.StatusOK).decode(t, &a)
	if a.Version != nil || a.MaxAvailableVersion != nil || a.DeployState != "draft" {
		t.Errorf("after a draft save: version %v of %v, %s", a.Version, a.MaxAvailableVersion, a.DeployState)
	}
	e.do("PATCH", path, e.write, `{"save_mode":"publish"}`).wantStatus(t, http.StatusOK).decode(t, &a)
	if ver(a.Version) != 1 || ver(a.MaxAvailableVersion) != 1 || a.DeployState != "deployed" {
		t.Errorf("after publishing: version %v of %v, %s", a.Version, a.MaxAvailableVersion, a.DeployState)
	}
	e.do("PATCH", path, e.write, `{"content":"Returns within 90 days."}`).wantStatus(t, http.StatusOK).decode(t, &a)
	if ver(a.Version) != 2 || ver(a.MaxAvailableVersion) != 2 || a.DeployState != "draft" {
		t.Errorf("a draft save after publishing: version %v of %v, %s", a.Version, a.MaxAvailableVersion, a.DeployState)
	}
}

// Imported pages are drafts too: no version until published.
func TestImportedArticleHasNoVersion(t *testing.T) {
	e := newEnv(t)
	site := newHelpSite(t)
	var got struct {
		Article map[string]json.RawMessage `json:"article"`
	}
	e.do("POST", websitePath, e.write, map[string]any{"url": site.URL + "/returns"}).wantStatus(t, http.StatusAccepted).decode(t, &got)
	if string(got.Article["version"]) != "null" || string(got.Article["deploy_state"]) != `"draft"` {
		t.Errorf("imported article: version %s, deploy_state %s", got.Article["version"], got.Article["deploy_state"])
	}
}

// The texts that are null by default can be set, and set back to null.
func TestWidgetNullableTexts(t *testing.T) {
	e := newEnv(t)
	tok := e.token("fresh-agent", ScopeWrite)
	var c widgetConfig
	e.do("PATCH", widgetPath, tok, `{"prechat_header_text":"Before we start","prechat_button_text":"Start","background_disclaimer_text":"AI answers"}`).
		wantStatus(t, http.StatusOK).decode(t, &c)
	if c.PrechatHeaderText == nil || *c.PrechatHeaderText != "Before we start" || c.PrechatButtonText == nil || *c.PrechatButtonText != "Start" ||
		c.BackgroundDisclaimerText == nil || *c.BackgroundDisclaimerText != "AI answers" {
		t.Fatalf("after setting: %+v", c)
	}
	e.do("PATCH", widgetPath, tok, `{"prechat_button_text":null,"background_disclaimer_text":null}`).wantStatus(t, http.StatusOK).decode(t, &c)
	if c.PrechatHeaderText == nil || c.PrechatButtonText != nil || c.BackgroundDisclaimerText != nil {
		t.Errorf("after clearing two: %+v", c)
	}
	r := e.do("PATCH", widgetPath, tok, `{"prechat_header_text":5}`)
	if r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusBadRequest {
		t.Errorf("a number for prechat_header_text: %d %s", r.Status, r.Body)
	}
}
