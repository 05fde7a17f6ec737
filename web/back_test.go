package web

import (
	"strings"
	"testing"
)

func TestAreaOf(t *testing.T) {
	cases := []struct{ path, href, name string }{
		// The admin area refuses non-admins on every page, so its errors lead out of it.
		{"/admin/sessions", "/articles", "articles"},
		{"/admin/sessions/revoke", "/articles", "articles"},
		{"/admin", "/articles", "articles"},
		{"/conversations/abc", "/conversations", "the inbox"},
		{"/settings", "/settings", "settings"}, // a refused save goes back to the settings page, which shows
		{"/ai-actions/7", "/ai-actions", "AI actions"},
		{"/articles/12", "/articles", "articles"},
		{"/administrators", "/articles", "articles"}, // a prefix is a whole path segment
		{"/nowhere", "/articles", "articles"},
	}
	for _, tc := range cases {
		href, name := areaOf(tc.path)
		if href != tc.href || name != tc.name {
			t.Errorf("areaOf(%q) = %q, %q; want %q, %q", tc.path, href, name, tc.href, tc.name)
		}
	}
}

// No error in an area that refuses as a whole may lead back into it.
func TestBackNeverLeadsIntoARefusingArea(t *testing.T) {
	for _, a := range areas {
		if !a.out {
			continue
		}
		for _, path := range []string{a.prefix, a.prefix + "/sessions", a.prefix + "/x/y"} {
			href, _ := areaOf(path)
			if href == path || href == a.prefix || strings.HasPrefix(href, a.prefix+"/") {
				t.Errorf("an error at %s leads back to %s, inside the area that refused it", path, href)
			}
		}
	}
}
