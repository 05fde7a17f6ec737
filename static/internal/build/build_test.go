package build

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// Best-quality brotli allocates in proportion to its window: a window sized
// to the file keeps preparing the files from costing hundreds of megabytes,
// and the file still comes back whole.
func TestBrotliWindowFitsTheFile(t *testing.T) {
	for n, want := range map[int]int{0: 10, 1000: 10, 1009: 11, 40 << 10: 16, 1 << 30: 24} {
		if got := BrotliWindow(n); got != want {
			t.Errorf("BrotliWindow(%d) = %d, want %d", n, got, want)
		}
	}
	raw := bytes.Repeat([]byte("htmx-powered console, "), 2000) // 44 KB, like the largest script
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	br, err := Brotli(raw)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("compressing %d bytes allocated %d MiB", len(raw), alloc>>20)
	}
	back, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	if err != nil || !bytes.Equal(back, raw) {
		t.Errorf("the compressed file does not come back whole: %v", err)
	}
}

// The committed files are checked against a fresh run, so the same sources
// must give the same bytes every time: no time or name in a gzip header.
func TestDistIsDeterministic(t *testing.T) {
	src := os.DirFS("../..")
	first, err := Dist(src)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Dist(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != len(second) {
		t.Fatalf("%d files, then %d", len(first), len(second))
	}
	for i, f := range first {
		if f.Name != second[i].Name || !bytes.Equal(f.Data, second[i].Data) {
			t.Errorf("%s: a second run gives other bytes", f.Name)
		}
	}
	for _, f := range first {
		if !strings.HasSuffix(f.Name, ".gz") {
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !zr.ModTime.IsZero() || zr.Name != "" {
			t.Errorf("%s: gzip header holds time %v, name %q", f.Name, zr.ModTime, zr.Name)
		}
	}
}
