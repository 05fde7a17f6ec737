package static

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"

	"qcadmin/static/internal/build"
	"qcadmin/static/internal/manifest"
)

// stale is what a developer who changed a file in static/ without
// regenerating dist/ needs to do.
const stale = "static/dist is not what the files in static/ give: run `make generate` and commit static/dist"

// TestDistIsFresh makes dist/ afresh, in memory, from the sources and
// compares it with the files embedded and served, byte for byte.
func TestDistIsFresh(t *testing.T) {
	want, err := build.Dist(os.DirFS("."))
	if err != nil {
		t.Fatalf("the files in static/ cannot be prepared: %v", err)
	}
	made := map[string]bool{}
	for _, f := range want {
		made["dist/"+f.Name] = true
		got, err := dist.ReadFile("dist/" + f.Name)
		switch {
		case err != nil:
			t.Errorf("dist/%s is missing. %s", f.Name, stale)
		case !bytes.Equal(got, f.Data):
			t.Errorf("dist/%s differs (%d bytes, a fresh run gives %d). %s", f.Name, len(got), len(f.Data), stale)
		}
	}
	err = fs.WalkDir(dist, "dist", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !made[name] {
			t.Errorf("%s has no source. %s", name, stale)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The manifest gives each file the hash of the bytes served; Path puts it
// in the URL.
func TestManifestHashesTheBytesServed(t *testing.T) {
	a := newAssets(t)
	for _, name := range a.Names() {
		b, err := dist.ReadFile("dist/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if hash, p := manifest.Hash(b), a.Path(name); !strings.Contains(p, "."+hash+".") {
			t.Errorf("Path(%q) = %q, want the hash %s of the bytes served", name, p, hash)
		}
	}
}
