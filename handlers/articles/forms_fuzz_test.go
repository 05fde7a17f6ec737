package articles

import (
	"net/url"
	"qcadmin/web"
	"strings"
	"testing"
)

// The list's query string comes from anyone's URL: parsing it never fails,
// and the URL it builds back parses to the same filters.
func FuzzArticleQuery(f *testing.F) {
	for _, s := range []string{"", "tags=shipping&limit=50&offset=25", "limit=-1&offset=abc", "query=%C3%BC&title=%00", "types=URL&url=https://x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		aq := parseArticleQuery(q)
		if aq.Offset < 0 || (aq.Limit != 10 && aq.Limit != 25 && aq.Limit != 50 && aq.Limit != 100) {
			t.Fatalf("out-of-range page: %+v", aq)
		}
		back, err := url.Parse(aq.href(aq.Offset))
		if err != nil {
			t.Fatalf("href %q does not parse: %v", aq.href(aq.Offset), err)
		}
		if again := parseArticleQuery(back.Query()); again != aq {
			t.Fatalf("round trip changed the filters: %+v → %+v", aq, again)
		}
	})
}

// Ids posted for deletion are either all valid positive ids or refused.
func FuzzDeleteIDs(f *testing.F) {
	for _, s := range []string{"1,2,3", "0", "-5", "abc", "9223372036854775808", "1,1,1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, joined string) {
		ids, err := parseIDs(strings.Split(joined, ","))
		if err != nil {
			return
		}
		seen := map[int64]bool{}
		for _, id := range ids {
			if id <= 0 || seen[id] {
				t.Fatalf("parseIDs(%q) = %v", joined, ids)
			}
			seen[id] = true
		}
	})
}

// Tags typed in the editor become a clean list: trimmed, non-empty, distinct, comma-free.
func FuzzTagList(f *testing.F) {
	for _, s := range []string{"a, b, a", " , ,", "ünïcode, 🚲", "x,,y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		seen := map[string]bool{}
		for _, tag := range web.Tags(typed) {
			if tag == "" || tag != strings.TrimSpace(tag) || strings.Contains(tag, ",") || seen[tag] {
				t.Fatalf("tagList(%q) gave %q", typed, tag)
			}
			seen[tag] = true
		}
	})
}
