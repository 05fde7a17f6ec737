package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// stylesheetClasses reads static/*.css and says, for every class a rule's
// selector names, which stylesheets name it.
func stylesheetClasses(t *testing.T) map[string][]string {
	t.Helper()
	files, err := filepath.Glob("../static/*.css")
	if err != nil || len(files) == 0 {
		t.Fatalf("no stylesheets in ../static: %v", err)
	}
	comment := regexp.MustCompile(`(?s)/\*.*?\*/`)
	class := regexp.MustCompile(`\.([A-Za-z_][\w-]*)`)
	defined := map[string][]string{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		css := comment.ReplaceAllString(string(src), "")
		name := filepath.Base(f)
		// A selector is what comes before "{" since the last "{", "}" or ";".
		for prelude := range strings.SplitSeq(css, "{") {
			if i := strings.LastIndexAny(prelude, "};"); i >= 0 {
				prelude = prelude[i+1:]
			}
			if strings.HasPrefix(strings.TrimSpace(prelude), "@") {
				continue
			}
			for _, m := range class.FindAllStringSubmatch(prelude, -1) {
				if !slices.Contains(defined[m[1]], name) {
					defined[m[1]] = append(defined[m[1]], name)
				}
			}
		}
	}
	return defined
}

// formMarkers are what forms.js acts on.
const formMarkers = `[data-unsaved-warning], [data-save-shortcut], [data-maxlength], [data-enter-sends], [data-unsaved-pending]`

// TestPagesLinkTheirStylesheets opens every area's pages and checks that each
// links its area's stylesheet, that every stylesheet it links is served, and
// that every class on the page that a stylesheet styles is styled by one the
// page links: a rule moved out of what a page loads would leave it unstyled.
// Likewise every page with a form that forms.js looks after loads it.
func TestPagesLinkTheirStylesheets(t *testing.T) {
	a := startApp(t)
	c := a.signedInClient(t)
	defined := stylesheetClasses(t)
	hashed := regexp.MustCompile(`^/static/(.+)\.[0-9a-f]{10}\.css$`)

	get := func(t *testing.T, c *http.Client, path string) *goquery.Document {
		t.Helper()
		res, err := c.Get(a.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		doc, err := goquery.NewDocumentFromReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	firstHref := func(path, sel string) string {
		href, _ := get(t, c, path).Find(sel).First().Attr("href")
		return href
	}

	// Each page and the stylesheets it must link besides app.css.
	pages := map[string][]string{
		"/articles":             nil,
		"/articles/new":         {"forms.css", "editor.css"},
		"/search?query=return":  {"kb.css"},
		"/tags":                 {"kb.css"},
		"/paragraphs":           {"kb.css"},
		"/settings":             {"forms.css", "agent.css"},
		"/settings?tab=chatbot": {"forms.css", "agent.css"},
		"/ai-actions":           {"forms.css", "agent.css"},
		"/widget":               {"forms.css", "agent.css"},
		"/handoff":              {"forms.css", "agent.css"},
		"/chat":                 {"forms.css", "inbox.css", "agent.css"},
		"/ratings":              {"forms.css", "agent.css"},
		"/conversations":        {"forms.css", "inbox.css"},
		"/imports":              {"forms.css", "imports.css"},
		"/sources":              {"forms.css", "imports.css"},
		"/audit":                {"audit.css"},
		"/jobs":                 nil,
		"/no-such-page":         nil,
	}
	if href := firstHref("/articles", `[data-testid=article-row] td.title a`); href != "" {
		pages[href] = []string{"forms.css", "editor.css"}
		pages[href+"/history"] = []string{"forms.css", "editor.css"}
		pages[href+"/lang-urls"] = []string{"forms.css", "editor.css"}
	} else {
		t.Error("no article to open")
	}
	if href := firstHref("/conversations", `a.conversation-link`); href != "" {
		pages[href] = []string{"forms.css", "inbox.css"}
	} else {
		t.Error("no conversation to open")
	}
	if href := firstHref("/ai-actions", `a[href^="/ai-actions/"]:not([href$=new]):not([href*=coverage])`); href != "" {
		pages[href] = []string{"forms.css", "agent.css"}
	} else {
		t.Error("no AI action to open")
	}

	check := func(t *testing.T, c *http.Client, path string, want []string) {
		doc := get(t, c, path)
		var linked []string
		doc.Find(`link[rel=stylesheet]`).Each(func(_ int, s *goquery.Selection) {
			href, _ := s.Attr("href")
			m := hashed.FindStringSubmatch(href)
			if m == nil {
				t.Errorf("stylesheet %q is not a content-hash URL", href)
				return
			}
			linked = append(linked, m[1]+".css")
			res, err := c.Get(a.URL + href)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Errorf("stylesheet %s: %d", href, res.StatusCode)
			}
		})
		onOpen := ""
		// The command palette's stylesheet is not linked: app.js loads it, from the URL the
		// palette's button names, the first time the palette opens.
		if href, ok := doc.Find(`[data-palette-open]`).Attr("data-style"); ok {
			m := hashed.FindStringSubmatch(href)
			if m == nil {
				t.Errorf("the palette's stylesheet %q is not a content-hash URL", href)
			} else if res, err := c.Get(a.URL + href); err != nil {
				t.Fatal(err)
			} else {
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					t.Errorf("the palette's stylesheet %s: %d", href, res.StatusCode)
				}
				onOpen = m[1] + ".css"
			}
		}
		if len(linked) == 0 || linked[0] != "app.css" {
			t.Fatalf("stylesheets %q: app.css must come first", linked)
		}
		for _, w := range want {
			if !slices.Contains(linked, w) {
				t.Errorf("links %q, not %s", linked, w)
			}
		}
		if onOpen != "" {
			linked = append(linked, onOpen)
		}
		missing := map[string][]string{}
		doc.Find(`[class]`).Each(func(_ int, s *goquery.Selection) {
			for _, cl := range strings.Fields(s.AttrOr("class", "")) {
				in := defined[cl]
				if len(in) > 0 && !slices.ContainsFunc(in, func(f string) bool { return slices.Contains(linked, f) }) {
					missing[cl] = in
				}
			}
		})
		for cl, in := range missing {
			t.Errorf("class %q is styled in %q, which the page (linking %q) does not load", cl, in, linked)
		}
		// A form that guards what was typed, counts it or saves on Ctrl+S needs forms.js.
		formScript := doc.Find(`script[src^="/static/forms."]`).Length()
		if marked := doc.Find(formMarkers).Length(); marked > 0 && formScript != 1 {
			t.Errorf("%d elements need forms.js (%s), and the page loads it %d times", marked, formMarkers, formScript)
		}
		if slices.Contains(linked, "forms.css") != (formScript == 1) {
			t.Errorf("links %q and loads forms.js %d times: forms.js goes with forms.css", linked, formScript)
		}
	}
	for path, want := range pages {
		t.Run(path, func(t *testing.T) { check(t, c, path, want) })
	}
	t.Run("/login", func(t *testing.T) { check(t, http.DefaultClient, "/login", []string{"forms.css", "login.css"}) })
}
