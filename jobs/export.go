package jobs

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"qcadmin/apiclient"
)

// ExportFormat names the zip's layout in its manifest, so an import can tell
// a zip of ours, and which version of it, from any other.
const ExportFormat = "qcadmin-knowledge-base/1"

// markdownFile is one article as a Markdown file: YAML front matter with its
// fields, then its content as Quickchat holds it.
func markdownFile(a *apiclient.Article, langURLs map[string]string) string {
	var b strings.Builder
	b.WriteString("---\n")
	field := func(k string, v any) {
		raw, _ := json.Marshal(v) // JSON scalars and lists are YAML too
		fmt.Fprintf(&b, "%s: %s\n", k, raw)
	}
	field("id", a.ID)
	field("title", a.Title)
	field("type", a.Type)
	tags := a.Tags
	if tags == nil {
		tags = []string{}
	}
	field("tags", tags)
	field("state", a.State)
	if a.URL != nil {
		field("url", *a.URL)
	}
	if len(langURLs) > 0 {
		field("language_urls", langURLs) // JSON sorts the languages
	}
	field("last_modified", a.LastModifiedTimestamp)
	b.WriteString("---\n")
	// Always one line break more, so an import gives the content back exactly.
	b.WriteString(a.Content)
	b.WriteString("\n")
	return b.String()
}

// fileName is an article's path in the zip: its id, then its title as a slug.
func fileName(id int64, title string) string {
	var slug strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			slug.WriteRune(r)
			dash = false
		case !dash && slug.Len() > 0:
			slug.WriteByte('-')
			dash = true
		}
		if slug.Len() >= 60 {
			break
		}
	}
	name := strings.Trim(slug.String(), "-")
	if name == "" {
		return fmt.Sprintf("articles/%d.md", id)
	}
	return fmt.Sprintf("articles/%d-%s.md", id, name)
}

// manifest lists what a zip holds.
type manifest struct {
	Format     string          `json:"format"`
	ExportedAt string          `json:"exported_at"`
	Agent      string          `json:"agent"`
	ScenarioID string          `json:"scenario_id"`
	Filter     *Filter         `json:"filter,omitempty"`
	Articles   []manifestEntry `json:"articles"`
}

type manifestEntry struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	File  string `json:"file"`
}

// WriteZip writes a finished export job's zip to w: one Markdown file per
// article and manifest.json.
func (e *Engine) WriteZip(ctx context.Context, j Job, w io.Writer) error {
	if j.Kind != Export {
		return fmt.Errorf("jobs: job %d is not an export", j.ID)
	}
	zw := zip.NewWriter(w)
	m := manifest{Format: ExportFormat, ExportedAt: j.Finished.UTC().Format(time.RFC3339), Agent: j.Agent, ScenarioID: j.ScenarioID, Filter: j.Filter, Articles: []manifestEntry{}}
	err := e.store.eachBody(ctx, j.ID, func(it Item) error {
		name := fileName(it.ArticleID, it.Title)
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: j.Finished})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, it.Body); err != nil {
			return err
		}
		m.Articles = append(m.Articles, manifestEntry{ID: it.ArticleID, Title: it.Title, File: name})
		return nil
	})
	if err != nil {
		return err
	}
	f, err := zw.CreateHeader(&zip.FileHeader{Name: "manifest.json", Method: zip.Deflate, Modified: j.Finished})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return err
	}
	return zw.Close()
}
