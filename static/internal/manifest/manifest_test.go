package manifest

import (
	"slices"
	"strings"
	"testing"
)

func TestWhatIsWrittenIsReadBack(t *testing.T) {
	entries := []Entry{
		{Hash: Hash([]byte("body{}")), Name: "app.css"},
		{Hash: Hash([]byte("htmx")), Name: "vendor/htmx.min.js"},
		{Hash: Hash([]byte("")), Name: "app.js"},
	}
	data := Write(entries)
	if !strings.HasPrefix(string(data), "# ") {
		t.Fatalf("the manifest does not open with its comment:\n%s", data)
	}
	got, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(entries)
	slices.SortFunc(want, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	if !slices.Equal(got, want) {
		t.Fatalf("read back %v, want %v (sorted by name)", got, want)
	}
	if h := Hash([]byte("body{}")); len(h) != HashLen || h != "7c98040a54" {
		t.Fatalf("Hash = %q, want the first %d hex digits of the sha256 (printf body{} | sha256sum)", h, HashLen)
	}
}

func TestMalformedManifestsAreRefused(t *testing.T) {
	for _, bad := range []string{
		"",
		"# only a comment\n",
		"0123456789\n",           // no name
		"01234 app.css\n",        // a short hash
		"0123456789ab app.css\n", // a long one
		"ABCDEF0123 app.css\n",   // not as written
		"zzzzzzzzzz app.css\n",   // not hex
		"0123456789 app.css\n0123456789 app.css\n", // a name twice
	} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) took it", bad)
		}
	}
}
