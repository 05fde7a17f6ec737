package imports

import (
	"context"
	"encoding/json"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

// maxCompared bounds the articles whose text an import compares: two reads each.
const maxCompared = 10

// pending is what a source held just before an import or refresh: which
// articles were already imported, and the text of those changed at the
// source, so the page can then say what arrived new and what the import
// changed. Quickchat's comparison lists only articles already imported and
// no call returns the source's own text, so this is the one moment the
// console can show either.
type pending struct {
	known   map[int64]bool // nil when the comparison could not be read
	changed []apiclient.Article
	more    int // articles changed at the source beyond maxCompared
}

// beforeImport reads the comparison and the knowledge base's text of the
// articles changed at the source (all, or those in only). Reads that fail
// leave the page with less to say; the import itself goes ahead.
func beforeImport(ctx context.Context, api API, source string, only map[int64]bool) *pending {
	diffs, err := diffOf(ctx, api, source)
	if err != nil {
		return &pending{}
	}
	p := &pending{known: make(map[int64]bool, len(diffs))}
	for _, d := range diffs {
		id := d.ArticleSnapshot.ID
		p.known[id] = true
		if d.ExternalArticleDiff != apiclient.DiffChanged || id == 0 || (only != nil && !only[id]) {
			continue
		}
		if len(p.changed) == maxCompared {
			p.more++
			continue
		}
		if a, err := api.GetArticle(ctx, id); err == nil {
			p.changed = append(p.changed, *a)
		}
	}
	return p
}

// afterImport compares each article read before the import with the same article now.
func afterImport(ctx context.Context, api API, p *pending, label string) []views.SourceChange {
	var out []views.SourceChange
	for _, before := range p.changed {
		after, err := api.GetArticle(ctx, before.ID)
		if err != nil {
			continue
		}
		d := web.LineDiff(before.Content, after.Content, "Before the import", "From "+label)
		if d.Same() {
			d = web.LineDiff(before.Title, after.Title, "Title before the import", "Title from "+label)
		}
		if d.Same() {
			continue
		}
		out = append(out, views.SourceChange{Title: display.Title(after.Title), Href: web.ArticleHref(after.ID), Diff: d})
	}
	return out
}

// fresh is the articles of diffs that were not imported before; nil when that is not known.
func (p *pending) fresh(diffs []apiclient.ArticleDiff) map[int64]bool {
	if p == nil || p.known == nil {
		return nil
	}
	out := map[int64]bool{}
	for _, d := range diffs {
		if id := d.ArticleSnapshot.ID; id != 0 && !p.known[id] {
			out[id] = true
		}
	}
	return out
}

// outcomeKey holds, in the session, what the last import or refresh brought, until the source's page shows it.
const outcomeKey = "sources.outcome"

// maxOutcome bounds what the session keeps of an outcome; larger diffs are
// counted rather than shown.
const maxOutcome = 64 << 10

// outcome is what an import or refresh brought, for the page shown after it.
type outcome struct {
	Source  string
	Known   []int64 // the articles imported before; nil when not known
	Changes []views.SourceChange
	More    int
}

// keepOutcome keeps o for the next view of its source's page, trimming the
// diffs that would make the session too large.
func (h *Handlers) keepOutcome(c echo.Context, o outcome) {
	for {
		b, err := json.Marshal(o)
		if err != nil {
			return
		}
		if len(b) <= maxOutcome || len(o.Changes) == 0 {
			h.Sessions.Put(c.Request().Context(), outcomeKey, string(b))
			return
		}
		o.Changes, o.More = o.Changes[:len(o.Changes)-1], o.More+1
	}
}

// popOutcome takes the outcome kept for source, once.
func (h *Handlers) popOutcome(c echo.Context, source string) (outcome, bool) {
	ctx := c.Request().Context()
	raw, ok := h.Sessions.Get(ctx, outcomeKey).(string)
	if !ok {
		return outcome{}, false
	}
	var o outcome
	if json.Unmarshal([]byte(raw), &o) != nil || o.Source != source {
		return outcome{}, false
	}
	h.Sessions.Remove(ctx, outcomeKey)
	return o, true
}

// pendingOf is what the page needs of an outcome to mark the new articles.
func (o outcome) pendingOf() *pending {
	if o.Known == nil {
		return nil
	}
	p := &pending{known: make(map[int64]bool, len(o.Known))}
	for _, id := range o.Known {
		p.known[id] = true
	}
	return p
}
