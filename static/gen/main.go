// Command gen writes static/dist from the stylesheets, scripts and vendored
// htmx in static/: each file as served (minified), its .gz and .br, and the
// manifest of their hashes. Package static embeds static/dist and serves it
// as it is, so the console neither minifies nor compresses when it starts.
//
// Run it with `make generate` (or `go generate ./static/`) after changing a
// file in static/, and commit static/dist: `go test ./static/` fails while
// the committed files differ from what the sources give.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"qcadmin/static/internal/build"
)

func main() {
	src := flag.String("src", ".", "directory holding the stylesheets, scripts and vendor/")
	out := flag.String("out", "dist", "directory to write, replacing what it holds")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "static/gen:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	files, err := build.Dist(os.DirFS(src))
	if err != nil {
		return err
	}
	// Everything is made before anything is written, so a source the
	// minifier rejects leaves the old output whole; the directory is then
	// written afresh, so the file of a removed source goes with it.
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	for _, f := range files {
		p := filepath.Join(out, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
