package handlers_test

import (
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"qcadmin/identity"
	"strings"
	"testing"
)

// routePath fills a route's parameters with plausible values.
func routePath(pattern string) string {
	var parts []string
	for _, p := range strings.Split(pattern, "/") {
		switch {
		case p == "*":
			p = "x"
		case p == ":lang":
			p = "en"
		case p == ":source":
			p = "intercom"
		case strings.HasPrefix(p, ":"):
			p = "1"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "/")
}

// roleRefusal is what the 403 page of a reader's write says.
const roleRefusal = "you can see everything here but change nothing"

// TestEveryWriteRouteNeedsTheWriteRole walks every registered route: each
// state change a reader sends is refused with 403, even though the agent's
// token is write_all, except the few listed in identity.ReaderMayUse.
func TestEveryWriteRouteNeedsTheWriteRole(t *testing.T) {
	c := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora))
	rita := consoletest.As("rita@velora.example", "support") // support may read Velora support, whose token is write_all
	if res, body := c.Get("/articles", rita...); res.StatusCode != http.StatusOK || consoletest.Parse(t, body).Find(consoletest.TestID("read-role")).Length() != 1 {
		t.Fatalf("rita's first page: %d, want the console with the read role", res.StatusCode)
	}
	refused, exempt := 0, 0
	registered := map[string]bool{}
	for _, r := range c.Echo.Routes() {
		registered[r.Path] = true
		switch r.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		default:
			continue
		}
		path := routePath(r.Path)
		req, _ := http.NewRequest(r.Method, c.Server.URL+path, strings.NewReader(url.Values{"title": {"x"}, "content": {"x"}, "save_mode": {"publish"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for i := 0; i+1 < len(rita); i += 2 {
			req.Header.Set(rita[i], rita[i+1])
		}
		res, body := c.Do(req)
		if identity.ReaderMayUse(r.Path) {
			exempt++
			if strings.Contains(body, roleRefusal) {
				t.Errorf("%s %s is listed as open to readers but refused rita for her role", r.Method, r.Path)
			}
			continue
		}
		refused++
		if res.StatusCode != http.StatusForbidden || !strings.Contains(body, roleRefusal) {
			t.Errorf("%s %s (as %s) = %d, want 403 with the role refusal", r.Method, r.Path, path, res.StatusCode)
		}
	}
	for _, p := range identity.ReaderRoutes() {
		if !registered[p] {
			t.Errorf("%s is listed as open to readers but no such route exists; keep the list to real routes", p)
		}
	}
	t.Logf("%d state-changing routes refused to a reader, %d open to readers", refused, exempt)
	if refused < 20 || exempt < 4 {
		t.Errorf("checked %d refused and %d exempt routes; the walk missed the routes", refused, exempt)
	}
	if n := len(c.Entries()); n != 0 {
		t.Errorf("%d audited writes from a reader, want none", n)
	}
}

func TestReadRoleSeesNoWriteControls(t *testing.T) {
	c := consoletest.New(t, consoletest.WithHeaderAuth("127.0.0.1/32"), consoletest.WithAgents(t, consoletest.Velora))
	rita, ana := consoletest.As("rita@velora.example", "support"), consoletest.As("ana@velora.example", "editors")
	_, body := c.Get("/articles", rita...)
	doc := consoletest.Parse(t, body)
	for _, id := range []string{"new-article", "bulk-delete"} {
		if doc.Find(consoletest.TestID(id)).Length() != 0 {
			t.Errorf("a reader's article list shows %s", id)
		}
	}
	if doc.Find(`input[name=ids]`).Length() != 0 {
		t.Error("a reader's article list offers rows to select for deletion")
	}
	if got := doc.Find(consoletest.TestID("account")).Text(); !strings.Contains(got, "read only") {
		t.Errorf("account block %q does not say read only", got)
	}
	href, ok := doc.Find(consoletest.TestID("article-row") + " a").First().Attr("href")
	if !ok {
		t.Fatal("no article to open")
	}
	_, body = c.Get(href, rita...)
	doc = consoletest.Parse(t, body)
	for _, id := range []string{"save-draft", "publish", "delete-article"} {
		if doc.Find(consoletest.TestID(id)).Length() != 0 {
			t.Errorf("a reader's article page shows %s", id)
		}
	}
	if doc.Find("textarea#content[disabled]").Length() != 1 {
		t.Error("a reader's article content is editable")
	}

	// The same agent and token, for an editor: every control is there.
	c.FreshBrowser()
	_, body = c.Get(href, ana...)
	doc = consoletest.Parse(t, body)
	for _, id := range []string{"save-draft", "publish", "delete-article"} {
		if doc.Find(consoletest.TestID(id)).Length() != 1 {
			t.Errorf("an editor's article page lacks %s", id)
		}
	}
}
