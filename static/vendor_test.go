package static

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// vendored is one block of vendor/VERSIONS.
type vendored map[string]string

// readVersions parses vendor/VERSIONS: "key: value" lines, blocks separated
// by blank lines, "#" comments.
func readVersions(t *testing.T) []vendored {
	t.Helper()
	f, err := os.Open("vendor/VERSIONS")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var blocks []vendored
	var cur vendored
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#"):
		case line == "":
			cur = nil
		default:
			key, value, ok := strings.Cut(line, ":")
			if !ok {
				t.Fatalf("VERSIONS: malformed line %q", line)
			}
			if cur == nil {
				cur = vendored{}
				blocks = append(blocks, cur)
			}
			cur[strings.TrimSpace(key)] = strings.TrimSpace(value)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return blocks
}

// embeddedPath is the first word of a VERSIONS "file" value.
func (v vendored) embeddedPath() string {
	p, _, _ := strings.Cut(v["file"], " ")
	return p
}

func TestVendoredFilesMatchVERSIONS(t *testing.T) {
	blocks := readVersions(t)
	recorded := map[string]bool{}
	for _, v := range blocks {
		for _, key := range []string{"package", "version", "source", "file", "sha256", "integrity"} {
			if v[key] == "" {
				t.Errorf("VERSIONS block %v has no %s", v, key)
			}
		}
		name := v.embeddedPath()
		recorded[name] = true
		// Both the file in vendor/ and the one embedded in dist/ and served.
		for p, read := range map[string]func(string) ([]byte, error){name: os.ReadFile, "dist/" + name: dist.ReadFile} {
			b, err := read(p)
			if err != nil {
				t.Errorf("VERSIONS names %s: %v", name, err)
				continue
			}
			sum := sha256.Sum256(b)
			if got := hex.EncodeToString(sum[:]); got != v["sha256"] {
				t.Errorf("%s: sha256 %s, VERSIONS records %s", p, got, v["sha256"])
			}
		}
		if !strings.HasPrefix(v["integrity"], "sha512-") {
			t.Errorf("%s: integrity %q is not an npm sha512 integrity string", name, v["integrity"])
		}
	}

	// Every vendored file served must be recorded, so none slips in unpinned.
	for _, name := range newAssets(t).Names() {
		if strings.HasPrefix(name, "vendor/") && !recorded[name] {
			t.Errorf("%s is served but not recorded in vendor/VERSIONS", name)
		}
	}
}

func TestVendoredHtmxVersion(t *testing.T) {
	for _, v := range readVersions(t) {
		if v["package"] != "htmx.org" {
			continue
		}
		b, err := os.ReadFile(v.embeddedPath())
		if err != nil {
			t.Fatal(err)
		}
		if want := `version:"` + v["version"] + `"`; !strings.Contains(string(b), want) {
			t.Errorf("%s does not declare %s", v.embeddedPath(), want)
		}
		return
	}
	t.Fatal("vendor/VERSIONS records no htmx.org")
}
