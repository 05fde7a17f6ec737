package articles_test

import (
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"strings"
	"testing"
	"time"
)

func TestLanguageURLsAddChangeRemove(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, _ := c.Post("/articles/new", url.Values{"title": {"Saddle height"}, "content": {"Set the saddle to hip height."}})
	article := res.Header.Get("Location")
	panel := article + "/lang-urls"
	htmx := []string{"HX-Request", "true"}

	_, body := c.Get(panel, htmx...)
	doc := consoletest.Parse(t, body)
	for _, code := range []string{"en", "de", "fr", "pl"} {
		if v, ok := doc.Find("#lang-url-" + code).Attr("value"); !ok || v != "" {
			t.Errorf("%s: field %v %q, want an empty field (none yet)", code, ok, v)
		}
	}

	_, body = c.Post(panel+"/de", url.Values{"url": {"https://velora.example/de/sattel"}, "op": {"save"}}, htmx...)
	doc = consoletest.Parse(t, body)
	if v, _ := doc.Find("#lang-url-de").Attr("value"); v != "https://velora.example/de/sattel" {
		t.Fatalf("after adding, de = %q\n%s", v, body)
	}
	if !strings.Contains(doc.Find(consoletest.TestID("lang-urls")).Text(), "German link added") {
		t.Errorf("no confirmation: %q", doc.Find(consoletest.TestID("lang-urls")).Text())
	}

	_, body = c.Post(panel+"/de", url.Values{"url": {"https://velora.example/de/sattelhoehe"}, "op": {"save"}}, htmx...)
	if v, _ := consoletest.Parse(t, body).Find("#lang-url-de").Attr("value"); v != "https://velora.example/de/sattelhoehe" {
		t.Fatalf("after changing, de = %q", v)
	}

	_, body = c.Post(panel+"/fr", url.Values{"url": {"not a url"}, "op": {"save"}}, htmx...)
	doc = consoletest.Parse(t, body)
	if v, _ := doc.Find("#lang-url-fr").Attr("value"); v != "not a url" {
		t.Errorf("a refused URL was not kept: %q", v)
	}
	if doc.Find(consoletest.TestID("lang-fr")+" .field-error").Text() == "" {
		t.Error("a refused URL has no message on its row")
	}

	_, body = c.Post(panel+"/de", url.Values{"url": {"https://velora.example/de/sattelhoehe"}, "op": {"delete"}}, htmx...)
	doc = consoletest.Parse(t, body)
	if v, _ := doc.Find("#lang-url-de").Attr("value"); v != "" {
		t.Fatalf("after removing, de = %q", v)
	}

	if res, _ := c.Post(panel+"/xx", url.Values{"url": {"https://x.example"}}, htmx...); res.StatusCode != http.StatusNotFound {
		t.Errorf("a language this console does not offer = %d, want 404", res.StatusCode)
	}

	// Without htmx the change ends on the article page with a flash.
	res, _ = c.Post(panel+"/pl", url.Values{"url": {"https://velora.example/pl/siodelko"}, "op": {"save"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != article {
		t.Fatalf("plain form post = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestLanguageURLsReadOnly(t *testing.T) {
	c := consoletest.New(t)
	c.SignInWith(c.Token("read_all", time.Hour))
	_, body := c.Get("/articles")
	href, _ := consoletest.Parse(t, body).Find("td.title a").First().Attr("href")
	_, body = c.Get(href+"/lang-urls", "HX-Request", "true")
	doc := consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("lang-urls")).Length() != 1 {
		t.Fatalf("no panel:\n%s", body)
	}
	if n := doc.Find("input, button").Length(); n != 0 {
		t.Fatalf("a read-only panel has %d inputs or buttons", n)
	}
}

// The panel lists the languages in use; the others wait behind "Add a language".
func TestLanguageURLsShowTheRowsInUse(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, _ := c.Post("/articles/new", url.Values{"title": {"Bell"}, "content": {"Ring twice."}})
	panel := res.Header.Get("Location") + "/lang-urls"
	htmx := []string{"HX-Request", "true"}
	_, body := c.Get(panel, htmx...)
	doc := consoletest.Parse(t, body)
	add := doc.Find(consoletest.TestID("lang-url-add"))
	if add.Length() != 1 || doc.Find(".lang-url").Length() != add.Find(".lang-url").Length() {
		t.Fatalf("with no links, %d rows, %d of them behind Add a language", doc.Find(".lang-url").Length(), add.Find(".lang-url").Length())
	}
	_, body = c.Post(panel+"/de", url.Values{"url": {"https://velora.example/de/klingel"}, "op": {"save"}}, htmx...)
	doc = consoletest.Parse(t, body)
	if doc.Find(consoletest.TestID("lang-url-add")+" "+consoletest.TestID("lang-de")).Length() != 0 || doc.Find(consoletest.TestID("lang-de")).Length() != 1 {
		t.Error("the German link is still behind Add a language")
	}
	if doc.Find(consoletest.TestID("lang-url-add")+" "+consoletest.TestID("lang-fr")).Length() != 1 {
		t.Error("French, without a link, is not behind Add a language")
	}
}

// The panel is one form with one Save: every changed row is saved at once, a
// refused row keeps its message and what was typed, and the others' typing
// is not lost.
func TestLanguageURLsOneFormOneSave(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, _ := c.Post("/articles/new", url.Values{"title": {"Brake pads"}, "content": {"Check them monthly."}})
	article := res.Header.Get("Location")
	panel := article + "/lang-urls"
	htmx := []string{"HX-Request", "true"}

	_, body := c.Get(panel, htmx...)
	doc := consoletest.Parse(t, body)
	forms := doc.Find("form")
	if forms.Length() != 1 || forms.AttrOr("action", "") != panel {
		t.Fatalf("%d forms, action %q; want one saving %s", forms.Length(), forms.AttrOr("action", ""), panel)
	}
	if n := doc.Find(`button[type=submit], input[type=submit]`).Length(); n != 1 || doc.Find(consoletest.TestID("lang-urls-save")).Length() != 1 {
		t.Fatalf("%d submit buttons, want the one Save", n)
	}

	_, body = c.Post(panel, url.Values{
		"url_de": {"https://velora.example/de/bremsen"},
		"url_fr": {"not a url"},
		"url_pl": {"https://velora.example/pl/hamulce"},
		"url_es": {""},
	}, htmx...)
	doc = consoletest.Parse(t, body)
	for code, want := range map[string]string{"de": "https://velora.example/de/bremsen", "fr": "not a url", "pl": "https://velora.example/pl/hamulce"} {
		if v := doc.Find("#lang-url-"+code).AttrOr("value", ""); v != want {
			t.Errorf("%s = %q after the save, want %q", code, v, want)
		}
	}
	if doc.Find(consoletest.TestID("lang-fr")+" .field-error").Text() == "" {
		t.Error("the refused French URL has no message on its row")
	}
	if doc.Find(".field-error").Length() != 1 {
		t.Errorf("%d rows with an error, want only French", doc.Find(".field-error").Length())
	}
	msg := doc.Find(consoletest.TestID("lang-urls-message")).Text()
	if !strings.Contains(msg, "German link added") || !strings.Contains(msg, "Polish link added") {
		t.Errorf("message = %q", msg)
	}
	// Saved for real: a fresh panel has them, and not the refused one.
	_, body = c.Get(panel, htmx...)
	doc = consoletest.Parse(t, body)
	if v := doc.Find("#lang-url-de").AttrOr("value", ""); v != "https://velora.example/de/bremsen" {
		t.Errorf("German after reload = %q", v)
	}
	if v := doc.Find("#lang-url-fr").AttrOr("value", ""); v != "" {
		t.Errorf("the refused French URL was saved: %q", v)
	}

	// Remove is a box ticked before Save; untouched rows are left alone.
	if doc.Find(consoletest.TestID("lang-remove-de")+" input[type=checkbox][name=remove]").Length() != 1 {
		t.Fatal("no Remove box on the German row")
	}
	_, body = c.Post(panel, url.Values{
		"url_de": {"https://velora.example/de/bremsen"}, "remove": {"de"},
		"url_pl": {"https://velora.example/pl/hamulce"},
	}, htmx...)
	doc = consoletest.Parse(t, body)
	if v := doc.Find("#lang-url-de").AttrOr("value", "missing"); v != "" {
		t.Errorf("German after Remove = %q", v)
	}
	if msg := doc.Find(consoletest.TestID("lang-urls-message")).Text(); msg != "German link removed." {
		t.Errorf("message = %q", msg)
	}

	_, body = c.Post(panel, url.Values{"url_pl": {"https://velora.example/pl/hamulce"}}, htmx...)
	if msg := consoletest.Parse(t, body).Find(consoletest.TestID("lang-urls-message")).Text(); msg != "No changes." {
		t.Errorf("an unchanged save says %q", msg)
	}

	// Without htmx a save ends on the article page; a refusal shows the panel with the typing kept.
	res, _ = c.Post(panel, url.Values{"url_pl": {"https://velora.example/pl/klocki"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != article {
		t.Fatalf("plain form post = %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, body = c.Post(panel, url.Values{"url_fr": {"still not a url"}, "url_pl": {"https://velora.example/pl/klocki"}})
	if res.StatusCode != http.StatusOK || consoletest.Parse(t, body).Find("#lang-url-fr").AttrOr("value", "") != "still not a url" {
		t.Errorf("plain refused post = %d, French field %q", res.StatusCode, consoletest.Parse(t, body).Find("#lang-url-fr").AttrOr("value", ""))
	}
}
