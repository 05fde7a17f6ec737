package static

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPageStylesheetsExist finds every stylesheet a handler names in a page's
// Styles and checks it is embedded and served, not a 404 under a typo.
func TestPageStylesheetsExist(t *testing.T) {
	a := newAssets(t)
	known := map[string]bool{}
	for _, n := range a.Names() {
		known[n] = true
	}
	styles := regexp.MustCompile(`Styles:\s*\[\]string\{([^}]*)\}`)
	quoted := regexp.MustCompile(`"([^"]+)"`)
	seen := 0
	err := filepath.WalkDir("../handlers", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range styles.FindAllSubmatch(src, -1) {
			for _, q := range quoted.FindAllSubmatch(m[1], -1) {
				name := string(q[1])
				seen++
				if !known[name] || !strings.HasSuffix(name, ".css") {
					t.Errorf("%s: page stylesheet %q is not an embedded stylesheet", p, name)
					continue
				}
				if URL(name) != a.Path(name) {
					t.Errorf("URL(%q) = %q, Path = %q", name, URL(name), a.Path(name))
				}
				if rec := serve(a, http.MethodGet, URL(name), nil); rec.Code != http.StatusOK {
					t.Errorf("%s: GET %s = %d", p, URL(name), rec.Code)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen == 0 {
		t.Fatal("no page names a stylesheet; has Styles been renamed?")
	}
	if got := URL("no-such.css"); got != "/static/no-such.css" {
		t.Errorf("URL(no-such.css) = %q", got)
	}
}
