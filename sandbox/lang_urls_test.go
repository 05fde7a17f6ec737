package sandbox

import (
	"net/http"
	"strings"
	"testing"

	"qcadmin/sandbox/seed"
)

func langURLPathOf(id int64, language string) string {
	return articlesPath + itoa(id) + "/lang_urls/" + language
}

func TestLangURLLifecycle(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle(map[string]any{"content": "Returns within 30 days."})
	path := langURLPathOf(a.ID, "de")

	e.do("GET", path, e.read, nil).wantError(t, http.StatusNotFound, "NOT_FOUND", "no 'de' language URL")
	e.do("PATCH", path, e.write, `{"url":"https://example.com/de/x"}`).wantError(t, http.StatusNotFound, "NOT_FOUND", "no 'de' language URL")
	e.do("DELETE", path, e.write, nil).wantError(t, http.StatusNotFound, "NOT_FOUND", "no 'de' language URL")

	r := e.do("POST", path, e.write, `{"url":"https://example.com/de/rueckgabe"}`).wantStatus(t, http.StatusOK)
	if string(r.Body) != `{"url":"https://example.com/de/rueckgabe"}`+"\n" {
		t.Errorf("POST body = %s", r.Body)
	}
	var got langURLJSON
	e.do("GET", path, e.read, nil).wantStatus(t, http.StatusOK).decode(t, &got)
	if got.URL != "https://example.com/de/rueckgabe" {
		t.Errorf("GET = %q", got.URL)
	}
	e.do("POST", path, e.write, `{"url":"https://example.com/other"}`).wantError(t, http.StatusConflict, "CONFLICT", "use PATCH")
	e.do("GET", path, e.read, nil).decode(t, &got)
	if got.URL != "https://example.com/de/rueckgabe" {
		t.Errorf("a refused POST changed the URL to %q", got.URL)
	}

	e.do("PATCH", path+"/", e.write, `{"url":"  http://example.com/de/neu?x=1#top  "}`).wantStatus(t, http.StatusOK).decode(t, &got)
	if got.URL != "http://example.com/de/neu?x=1#top" {
		t.Errorf("PATCH = %q, want the trimmed URL", got.URL)
	}
	e.do("GET", path, e.read, nil).decode(t, &got)
	if got.URL != "http://example.com/de/neu?x=1#top" {
		t.Errorf("GET after PATCH = %q", got.URL)
	}

	// Languages are independent.
	e.do("POST", langURLPathOf(a.ID, "fr"), e.write, `{"url":"https://example.com/fr"}`).wantStatus(t, http.StatusOK)
	r = e.do("DELETE", path, e.write, nil).wantStatus(t, http.StatusOK)
	if string(r.Body) != "{}\n" {
		t.Errorf("DELETE body = %s", r.Body)
	}
	e.do("GET", path, e.read, nil).wantStatus(t, http.StatusNotFound)
	e.do("GET", langURLPathOf(a.ID, "fr"), e.read, nil).wantStatus(t, http.StatusOK)
	e.do("POST", path, e.write, `{"url":"https://example.com/de/again"}`).wantStatus(t, http.StatusOK)
}

func TestLangURLValidation(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle(map[string]any{"content": "x"})
	for _, language := range []string{"xx", "EN", "eng", "e", "d%C3%A9", "q1"} {
		e.do("GET", langURLPathOf(a.ID, language), e.read, nil).wantError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "Unknown language code '")
		e.do("POST", langURLPathOf(a.ID, language), e.write, `{"url":"https://example.com"}`).wantError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "ISO 639-1")
	}
	e.do("GET", langURLPathOf(a.ID, "xx"), e.read, nil).wantError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", "Unknown language code 'xx'")

	path := langURLPathOf(a.ID, "es")
	for body, msg := range map[string]string{
		`{}`:                             "'url' is required",
		`{"url":null}`:                   "'url' is required",
		`{"url":""}`:                     "must not be empty",
		`{"url":"   "}`:                  "must not be empty",
		`{"url":42}`:                     "must be a string",
		`{"url":"example.com/es"}`:       "absolute http or https URL",
		`{"url":"/es/page"}`:             "absolute http or https URL",
		`{"url":"ftp://example.com/es"}`: "absolute http or https URL",
		`{"url":"javascript:alert(1)"}`:  "absolute http or https URL",
		`{"url":"https://"}`:             "absolute http or https URL",
		`{"url":"https://exa mple.com"}`: "spaces",
		`{"url":42,"x":1}`:               "must be a string", // x is ignored, the wrong type is not
		`{"url":"https://example.com/` + strings.Repeat("a", 2000) + `"}`: "too long",
	} {
		e.do("POST", path, e.write, body).wantError(t, http.StatusUnprocessableEntity, "VALIDATION_ERROR", msg)
	}
	e.do("POST", path, e.write, `{"url":`).wantError(t, http.StatusBadRequest, "BAD_REQUEST", "Malformed JSON")
	e.do("GET", path, e.read, nil).wantStatus(t, http.StatusNotFound) // nothing was stored

	longest := "https://example.com/" + strings.Repeat("a", 2000-len("https://example.com/"))
	e.do("POST", path, e.write, map[string]string{"url": longest}).wantStatus(t, http.StatusOK)
	e.do("PATCH", path, e.write, map[string]string{"url": "HTTPS://Example.COM/ES"}).wantStatus(t, http.StatusOK)

	// A missing article is a 404 whatever the language.
	for _, id := range []string{"999999", "abc", "0"} {
		e.do("GET", articlesPath+id+"/lang_urls/de", e.read, nil).wantError(t, http.StatusNotFound, "NOT_FOUND", "Article "+id+" not found")
		e.do("POST", articlesPath+id+"/lang_urls/de", e.write, `{"url":"https://example.com"}`).wantError(t, http.StatusNotFound, "NOT_FOUND", "not found")
	}
	e.do("PUT", path, e.write, `{"url":"https://example.com"}`).wantError(t, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "DELETE")
}

func TestLangURLScopeAndScenarios(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle(map[string]any{"content": "x"})
	path := langURLPathOf(a.ID, "pl")
	for _, method := range []string{"POST", "PATCH", "DELETE"} {
		e.do(method, path, e.read, `{"url":"https://example.com/pl"}`).wantError(t, http.StatusForbidden, "PERMISSION_DENIED", "Required: write_all")
	}
	e.do("POST", path, e.write, `{"url":"https://example.com/pl"}`).wantStatus(t, http.StatusOK)
	e.do("GET", path, e.read, nil).wantStatus(t, http.StatusOK)
	other := e.token("lang-other", ScopeWrite)
	e.do("GET", path, other, nil).wantError(t, http.StatusNotFound, "NOT_FOUND", "Article")
	e.do("DELETE", path, other, nil).wantError(t, http.StatusNotFound, "NOT_FOUND", "Article")
	e.do("GET", path, e.read, nil).wantStatus(t, http.StatusOK)
}

func TestLangURLsGoWithTheirArticle(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle(map[string]any{"content": "x"})
	keep := e.createArticle(map[string]any{"content": "y"})
	for _, language := range []string{"de", "fr", "it"} {
		e.do("POST", langURLPathOf(a.ID, language), e.write, `{"url":"https://example.com/`+language+`"}`).wantStatus(t, http.StatusOK)
	}
	e.do("POST", langURLPathOf(keep.ID, "de"), e.write, `{"url":"https://example.com/keep"}`).wantStatus(t, http.StatusOK)
	// Saving the article leaves its language URLs alone.
	e.do("PATCH", articlesPath+itoa(a.ID), e.write, `{"content":"z","save_mode":"publish"}`).wantStatus(t, http.StatusOK)
	e.do("GET", langURLPathOf(a.ID, "it"), e.read, nil).wantStatus(t, http.StatusOK)

	e.do("DELETE", articlesPath, e.write, []int64{a.ID}).wantStatus(t, http.StatusOK)
	var left int
	e.sb.store.db.QueryRow("SELECT count(*) FROM article_lang_urls WHERE article_id = ?", a.ID).Scan(&left)
	if left != 0 {
		t.Errorf("%d language URLs outlived their article", left)
	}
	e.do("GET", langURLPathOf(a.ID, "de"), e.read, nil).wantError(t, http.StatusNotFound, "NOT_FOUND", "Article")
	e.do("GET", langURLPathOf(keep.ID, "de"), e.read, nil).wantStatus(t, http.StatusOK)
}

func TestLangURLsOfTheDemoSeed(t *testing.T) {
	e := newEnv(t)
	var n int
	e.sb.store.db.QueryRow(`SELECT count(DISTINCT u.article_id) FROM article_lang_urls u JOIN articles a ON a.id = u.article_id
		WHERE a.scenario_id = ?`, DemoScenarioID).Scan(&n)
	if n < 5 {
		t.Errorf("%d seeded articles have language URLs, want at least 5", n)
	}
	delivery := e.list(e.read, "title=Delivery times and costs").Items[0]
	var got langURLJSON
	e.do("GET", langURLPathOf(delivery.ID, "de"), e.read, nil).wantStatus(t, http.StatusOK).decode(t, &got)
	if !strings.HasPrefix(got.URL, "https://") || !strings.Contains(got.URL, "/de/") {
		t.Errorf("seeded de URL = %q", got.URL)
	}
	for _, sa := range seed.Articles() {
		for language, url := range sa.LangURLs {
			if !isLanguageCode(language) {
				t.Errorf("%q: seed uses unknown language %q", sa.Title, language)
			}
			if _, err := (langURLRequest{URL: &url}).validate(); err != nil {
				t.Errorf("%q: seed URL %q is invalid: %v", sa.Title, url, err)
			}
		}
	}
}
