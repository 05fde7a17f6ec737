package jobs

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"qcadmin/apiclient"
	"qcadmin/audit"
)

// Import is a job that creates and updates articles from a knowledge base
// zip the console exported.
const Import Kind = "import"

// Bounds of an import's zip, so a zip bomb is refused before it unpacks.
const (
	MaxImportUpload = 20 << 20  // the zip as uploaded
	MaxImportFiles  = 5000      // files in it
	MaxImportSize   = 100 << 20 // all its files unpacked
	maxArticleFile  = 1 << 20   // one article: content is at most 200,000 characters
	maxManifestFile = 4 << 20
)

// StagedKept is how long an uploaded import waits for its Apply before it is forgotten.
const StagedKept = 24 * time.Hour

// staged is an import whose dry run was shown, waiting for its Apply.
const staged = "staged"

// ImportError says why a zip was refused, naming the file and line at fault.
type ImportError struct {
	File string
	Line int
	Msg  string
}

func (e *ImportError) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Line > 0:
		return fmt.Sprintf("%s, line %d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// ImportArticle is one article file of a zip.
type ImportArticle struct {
	File    string
	ID      int64 // the article it was exported from; 0 for a new one
	Title   string
	Type    string
	State   string
	Tags    []string
	Content string
	// LangURLs are the addresses of the article's versions in other
	// languages, by language code; the import links each.
	LangURLs map[string]string
	raw      string
}

// ReadZip reads and checks a whole knowledge base zip: its manifest and
// every article file. Any fault refuses the zip as a whole.
func ReadZip(r io.ReaderAt, size int64) ([]ImportArticle, error) {
	zr, err := zip.NewReader(r, size)
	if errors.Is(err, zip.ErrInsecurePath) {
		err = nil // refused below, naming the file
	}
	if err != nil {
		return nil, &ImportError{Msg: "This is not a zip file, so it is not a knowledge base exported by the console."}
	}
	if len(zr.File) > MaxImportFiles+1 {
		return nil, &ImportError{Msg: fmt.Sprintf("The zip holds %d files; the console imports at most %d articles at once.", len(zr.File), MaxImportFiles)}
	}
	files := map[string]string{}
	var order []string
	var total int64
	for _, f := range zr.File {
		name := f.Name
		if strings.HasPrefix(name, "__MACOSX/") || path.Base(name) == ".DS_Store" {
			continue // what the Mac's own zipping adds
		}
		if !safePath(strings.TrimSuffix(name, "/")) {
			return nil, &ImportError{File: name, Msg: "its path leaves the zip's folder (“../” or an absolute path), so the zip is refused."}
		}
		if strings.HasSuffix(name, "/") {
			continue
		}
		if _, dup := files[name]; dup {
			return nil, &ImportError{File: name, Msg: "the zip holds this file twice."}
		}
		limit := int64(maxArticleFile)
		if name == "manifest.json" {
			limit = maxManifestFile
		}
		if f.UncompressedSize64 > uint64(limit) {
			return nil, &ImportError{File: name, Msg: fmt.Sprintf("it unpacks to more than %d MB, more than any article holds.", limit>>20)}
		}
		rc, err := f.Open()
		if err != nil {
			return nil, &ImportError{File: name, Msg: "it could not be unpacked: the zip is damaged."}
		}
		data, err := io.ReadAll(io.LimitReader(rc, limit+1))
		rc.Close()
		if err != nil {
			return nil, &ImportError{File: name, Msg: "it could not be unpacked: the zip is damaged."}
		}
		if int64(len(data)) > limit {
			return nil, &ImportError{File: name, Msg: fmt.Sprintf("it unpacks to more than %d MB, more than any article holds.", limit>>20)}
		}
		if total += int64(len(data)); total > MaxImportSize {
			return nil, &ImportError{Msg: fmt.Sprintf("The zip unpacks to more than %d MB; the console imports at most that at once.", MaxImportSize>>20)}
		}
		files[name] = string(data)
		order = append(order, name)
	}
	raw, ok := files["manifest.json"]
	if !ok {
		return nil, &ImportError{Msg: "This zip has no manifest.json, so it is not a knowledge base exported by the console. Export one from the article list's bulk actions."}
	}
	if line := invalidUTF8Line(raw); line > 0 {
		return nil, &ImportError{File: "manifest.json", Line: line, Msg: "it is not UTF-8 text."}
	}
	var m manifest
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		line := 0
		switch {
		case errors.As(err, &syn):
			line = lineAt(raw, syn.Offset)
		case errors.As(err, &typ):
			line = lineAt(raw, typ.Offset)
		}
		return nil, &ImportError{File: "manifest.json", Line: line, Msg: "it is not the manifest of a knowledge base export (" + err.Error() + ")."}
	}
	if m.Format != ExportFormat {
		return nil, &ImportError{File: "manifest.json", Line: lineOf(raw, `"format"`),
			Msg: fmt.Sprintf("its format is %q, not %q: this is not a knowledge base exported by the console.", m.Format, ExportFormat)}
	}
	for _, e := range m.Articles {
		if _, ok := files[e.File]; !ok {
			return nil, &ImportError{File: "manifest.json", Line: lineOf(raw, strconv.Quote(e.File)), Msg: "it lists " + e.File + ", which the zip does not hold."}
		}
	}
	var out []ImportArticle
	ids := map[int64]ImportArticle{}
	for _, name := range order {
		if name == "manifest.json" {
			continue
		}
		if !strings.HasSuffix(strings.ToLower(name), ".md") {
			return nil, &ImportError{File: name, Msg: "it is not an article: a knowledge base zip holds Markdown files and manifest.json only."}
		}
		a, err := parseArticle(name, files[name])
		if err != nil {
			return nil, err
		}
		if a.ID > 0 {
			if other, dup := ids[a.ID]; dup {
				return nil, &ImportError{File: name, Line: lineOf(a.raw, "id:"), Msg: fmt.Sprintf("it has id %d, as %s does: each article may be in the zip once.", a.ID, other.File)}
			}
			ids[a.ID] = a
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, &ImportError{Msg: "The zip holds no articles."}
	}
	return out, nil
}

// safePath reports whether a zip's path stays inside the folder it unpacks to.
func safePath(name string) bool {
	return fs.ValidPath(name) && !strings.ContainsAny(name, `\:`)
}

// frontMatterFields are the fields an article file's front matter may have.
var frontMatterFields = []string{"id", "title", "type", "tags", "state", "url", "language_urls", "last_modified"}

// parseArticle reads one article file: front matter between “---” lines, then its content.
func parseArticle(name, text string) (ImportArticle, error) {
	a := ImportArticle{File: name, raw: text}
	if line := invalidUTF8Line(text); line > 0 {
		return a, &ImportError{File: name, Line: line, Msg: "it is not UTF-8 text; save it as UTF-8 and zip it again."}
	}
	lines := strings.SplitAfter(text, "\n")
	if strings.TrimRight(lines[0], "\r\n") != "---" {
		return a, &ImportError{File: name, Line: 1, Msg: "it does not begin with front matter (a line “---”, then id, title, type, tags and state)."}
	}
	end := 0
	seen := map[string]int{}
	titleLine := 1
	for i := 1; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r\n")
		if l == "---" {
			end = i
			break
		}
		no := i + 1
		if strings.TrimSpace(l) == "" || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" {
			return a, &ImportError{File: name, Line: no, Msg: "this front matter line is not “name: value”."}
		}
		if !slices.Contains(frontMatterFields, k) {
			return a, &ImportError{File: name, Line: no, Msg: "“" + k + "” is not a field of an article (" + strings.Join(frontMatterFields, ", ") + ")."}
		}
		if prev, dup := seen[k]; dup {
			return a, &ImportError{File: name, Line: no, Msg: fmt.Sprintf("“%s” is given twice (first on line %d).", k, prev)}
		}
		seen[k] = no
		bad := func(what string) error {
			return &ImportError{File: name, Line: no, Msg: "“" + k + "” must be " + what + "."}
		}
		switch k {
		case "id":
			if v == "" || v == "null" {
				continue
			}
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id < 0 {
				return a, bad("a whole number, the article's id")
			}
			a.ID = id
		case "tags":
			if v == "" || v == "null" {
				continue
			}
			if err := json.Unmarshal([]byte(v), &a.Tags); err != nil {
				return a, bad(`a list of tags like ["returns", "shipping"]`)
			}
		case "language_urls":
			var langs map[string]string
			if v != "" && v != "null" && json.Unmarshal([]byte(v), &langs) != nil {
				return a, bad(`a map of languages to URLs like {"de": "https://…"}`)
			}
			for lang, u := range langs {
				if !languageCode.MatchString(lang) {
					return a, bad(`a map whose keys are language codes like "de" or "pt-BR", not “` + lang + `”`)
				}
				if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
					return a, bad("a map of languages to web addresses (http or https); “" + lang + "” has “" + u + "”")
				}
			}
			if len(langs) > 0 {
				a.LangURLs = langs
			}
		default:
			s, err := scalar(v)
			if err != nil {
				return a, bad("text (in double quotes when it holds quotes or a colon)")
			}
			switch k {
			case "title":
				a.Title, titleLine = s, no
			case "type":
				if s != "" && s != "Article" && s != "Paragraph" && s != "URL" {
					return a, bad("Article, Paragraph or URL")
				}
				a.Type = s
			case "state":
				if s != "" && s != "draft" && s != "published" {
					return a, bad("draft or published")
				}
				a.State = s
			}
		}
	}
	if end == 0 {
		return a, &ImportError{File: name, Line: len(lines), Msg: "its front matter has no closing “---” line."}
	}
	if strings.TrimSpace(a.Title) == "" {
		return a, &ImportError{File: name, Line: titleLine, Msg: "the article has no title."}
	}
	if a.Type == "" {
		a.Type = "Article"
	}
	if a.State == "" {
		a.State = "draft"
	}
	// The export ends every file with a line break.
	a.Content = strings.TrimSuffix(strings.Join(lines[end+1:], ""), "\n")
	return a, nil
}

// languageCode is a language as Quickchat names one: "de", "pt-BR".
var languageCode = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// languages are a's language URL codes, in order.
func (a ImportArticle) languages() []string {
	return slices.Sorted(maps.Keys(a.LangURLs))
}

// scalar is a front matter value: JSON text as the export writes it, or plain text.
func scalar(v string) (string, error) {
	if strings.HasPrefix(v, `"`) {
		var s string
		err := json.Unmarshal([]byte(v), &s)
		return s, err
	}
	if v == "null" {
		return "", nil
	}
	return v, nil
}

// invalidUTF8Line is the first line of s that is not UTF-8, or 0.
func invalidUTF8Line(s string) int {
	if utf8.ValidString(s) {
		return 0
	}
	for i, l := range strings.Split(s, "\n") {
		if !utf8.ValidString(l) {
			return i + 1
		}
	}
	return 0
}

// lineAt is the line of s holding byte offset off.
func lineAt(s string, off int64) int {
	off = min(max(off, 0), int64(len(s)))
	return strings.Count(s[:off], "\n") + 1
}

// lineOf is the line of s where sub first appears, or 0.
func lineOf(s, sub string) int {
	i := strings.Index(s, sub)
	if i < 0 {
		return 0
	}
	return lineAt(s, int64(i))
}

// What an import will do with an article.
const (
	PlanCreate    = "create"
	PlanUpdate    = "update"
	PlanUnchanged = "unchanged"
	PlanCheck     = "check" // compared with the agent's article when the job runs
	PlanSkip      = "skip"  // URL articles come from their website
)

// PlanItem is one article of a dry run and what the import would do with it.
type PlanItem struct {
	Article ImportArticle
	Action  string
	Current *apiclient.Article // the agent's article, for an update
	Changed []string           // the fields an update changes ("language URLs" among them)
	// Langs are the language URLs the import links, with the address each
	// has now ("" for none); for an update, those that differ only.
	Langs []LangChange
}

// LangChange is one language URL an import sets.
type LangChange struct {
	Lang, Before, After string
}

// PlanAPI is what a dry run reads of the agent: its articles and their language URLs.
type PlanAPI interface {
	GetArticle(ctx context.Context, id int64) (*apiclient.Article, error)
	GetLangURL(ctx context.Context, articleID int64, language string) (string, error)
}

// Plan is a dry run: what importing articles would create, update and
// leave alone. Articles are matched by their id when the agent has it; it
// makes at most maxReads reads (an article and each of its language URLs),
// and the job compares the rest.
func Plan(ctx context.Context, api PlanAPI, articles []ImportArticle, maxReads int) ([]PlanItem, error) {
	out := make([]PlanItem, 0, len(articles))
	reads := 0
	for _, a := range articles {
		p := PlanItem{Article: a, Action: PlanCreate}
		langs := a.languages()
		switch {
		case a.Type == "URL":
			p.Action = PlanSkip
		case a.ID > 0 && reads+1+len(langs) > maxReads:
			p.Action = PlanCheck
		case a.ID > 0:
			reads++
			cur, err := api.GetArticle(ctx, a.ID)
			switch {
			case apiclient.IsStatus(err, http.StatusNotFound):
			case err != nil:
				return nil, err
			default:
				p.Current, p.Changed = cur, changes(cur, a)
				for _, lang := range langs {
					reads++
					now, err := api.GetLangURL(ctx, a.ID, lang)
					if err != nil && !apiclient.IsStatus(err, http.StatusNotFound) {
						return nil, err
					}
					if now != a.LangURLs[lang] {
						p.Langs = append(p.Langs, LangChange{Lang: lang, Before: now, After: a.LangURLs[lang]})
					}
				}
				if len(p.Langs) > 0 {
					p.Changed = append(p.Changed, "language URLs")
				}
				p.Action = PlanUpdate
				if len(p.Changed) == 0 {
					p.Action = PlanUnchanged
				}
			}
		}
		if p.Action == PlanCreate {
			for _, lang := range langs {
				p.Langs = append(p.Langs, LangChange{Lang: lang, After: a.LangURLs[lang]})
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// Cost is the calls to Quickchat an import's article needs, by the budget
// each spends: Quickchat counts each endpoint of a token apart.
type Cost struct {
	Creates    int // POST of a new article: a write
	Writes     int // PATCH of an article: a write
	Reads      int // GET of an article: a read
	LangWrites int // a language URL linked or changed: a write
	LangReads  int // a language URL read: a read
}

// Cost is what the job will call for p: exactly for what the dry run read,
// at most for what it left to the job to compare.
func (p PlanItem) Cost() Cost {
	a := p.Article
	n := len(a.LangURLs)
	switch p.Action {
	case PlanSkip:
		return Cost{}
	case PlanCreate:
		c := Cost{Creates: 1, LangWrites: n}
		if len(a.Tags) > 0 || a.State == "published" {
			c.Writes = 1 // a new article takes its tags and state in a second call
		}
		if a.ID > 0 {
			c.Reads = 1 // the job looks for it first
		}
		return c
	case PlanCheck:
		return Cost{Reads: 1, Writes: 1, LangReads: 2 * n, LangWrites: n}
	}
	c := Cost{Reads: 1, LangReads: n, LangWrites: len(p.Langs)}
	if slices.ContainsFunc(p.Changed, func(f string) bool { return f != "language URLs" }) {
		c.Writes = 1
	}
	for _, l := range p.Langs {
		if l.Before != "" {
			c.LangReads++ // the audit log reads the address it replaces
		}
	}
	return c
}

func (c Cost) add(o Cost) Cost {
	return Cost{c.Creates + o.Creates, c.Writes + o.Writes, c.Reads + o.Reads, c.LangWrites + o.LangWrites, c.LangReads + o.LangReads}
}

// Duration is how long c takes within Quickchat's rate budget once its
// bursts are spent: the endpoints' budgets refill side by side, so the
// busiest of them sets the pace.
func (c Cost) Duration() time.Duration {
	at := func(calls, perMinute int) time.Duration {
		return time.Duration(calls) * time.Minute / time.Duration(perMinute)
	}
	return max(at(c.Creates, writesPerMinute), at(c.Writes, writesPerMinute), at(c.LangWrites, writesPerMinute),
		at(c.Reads, readsPerMinute), at(c.LangReads, readsPerMinute))
}

// Total is the cost of a whole dry run.
func Total(plan []PlanItem) Cost {
	var c Cost
	for _, p := range plan {
		c = c.add(p.Cost())
	}
	return c
}

// changes lists the fields of cur an import of a would change.
func changes(cur *apiclient.Article, a ImportArticle) []string {
	var out []string
	if cur.Title != a.Title {
		out = append(out, "title")
	}
	if cur.Content != a.Content {
		out = append(out, "content")
	}
	tags := cur.Tags
	if tags == nil {
		tags = []string{}
	}
	want := a.Tags
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(tags, want) {
		out = append(out, "tags")
	}
	if cur.State != a.State {
		out = append(out, "state")
	}
	return out
}

// StageImport keeps a checked zip's articles until its starter applies the
// import, replacing any import they had waiting on the agent.
func (e *Engine) StageImport(ctx context.Context, s Start, plan []PlanItem) (int64, error) {
	if len(plan) == 0 {
		return 0, ErrNothing
	}
	db, q := e.store.db, e.store.q
	// Their files go with them (bulk_job_items cascades).
	if _, err := db.ExecContext(ctx, q(`DELETE FROM bulk_jobs WHERE state = ? AND scenario_id = ? AND identity = ?`), staged, s.ScenarioID, s.Identity); err != nil {
		return 0, err
	}
	// Staged from the start: the jobs page never shows it queued.
	j := Job{ScenarioID: s.ScenarioID, Agent: s.Agent, Identity: s.Identity, Kind: Import, Label: s.Label, State: staged}
	id, err := e.store.insert(ctx, j, params{Back: s.Back})
	if err != nil {
		return 0, err
	}
	items := make([]Item, len(plan))
	for i, p := range plan {
		a := p.Article
		items[i] = Item{ArticleID: a.ID, Title: a.Title, Body: a.raw, cost: p.Cost()}
	}
	return id, e.store.setItems(ctx, id, items)
}

// ApplyImport starts an import its starter saw the dry run of, acting with token.
func (e *Engine) ApplyImport(ctx context.Context, s Start, id int64) error {
	raw, err := json.Marshal(params{Back: s.Back, Retrain: s.Retrain})
	if err != nil {
		return err
	}
	res, err := e.store.db.ExecContext(ctx, e.store.q(`UPDATE bulk_jobs SET state = ?, sealed_token = ?, params = ?, created_utc = ?
		WHERE id = ? AND scenario_id = ? AND identity = ? AND state = ? AND kind = ?`),
		Queued, e.cfg.Sealer.SealForJob(s.Token, s.ScenarioID), string(raw), now(), id, s.ScenarioID, s.Identity, staged, string(Import))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	rj, err := e.river.Insert(ctx, bulkArgs{JobID: id}, nil)
	if err != nil {
		_, _ = e.store.finish(context.WithoutCancel(ctx), id, Failed, "The job could not be queued.")
		return err
	}
	return e.store.setRiverID(ctx, id, rj.Job.ID)
}

// importItem creates or updates one article from its file in the zip, and
// links its language URLs.
func (e *Engine) importItem(ctx context.Context, api audit.API, j Job, it Item) Item {
	a, err := parseArticle("", it.Body)
	it.Body = "" // done with: the outcome is what stays
	if err != nil {
		it.Outcome, it.Message = OutcomeFailed, "Its file could not be read: "+err.Error()
		return it
	}
	if a.Type == "URL" {
		it.Outcome, it.Message = OutcomeUnchanged, "URL articles come from their website; left alone."
		return it
	}
	note := "(import job #" + strconv.FormatInt(j.ID, 10) + ")"
	tags := a.Tags
	if tags == nil {
		tags = []string{}
	}
	mode := apiclient.SaveDraft
	if a.State == "published" {
		mode = apiclient.SavePublish
	}
	action := "article.update"
	if mode == apiclient.SavePublish {
		action = "article.publish"
	}
	var did string // what the import did to the article itself
	var target int64
	fresh := false // an article this run created: it has no language URLs yet
	if a.ID > 0 {
		cur, err := api.GetArticle(apiclient.Fresh(ctx), a.ID)
		switch {
		case err == nil:
			target = a.ID
			if changed := changes(cur, a); len(changed) > 0 {
				u := apiclient.ArticleUpdate{Title: &a.Title, Content: &a.Content, Tags: &tags, SaveMode: mode}
				if _, err := api.UpdateArticle(audit.As(audit.WithBefore(ctx, cur), action, note), a.ID, u); err != nil {
					return failed(it, err)
				}
				did = "Updated: " + strings.Join(changed, ", ") + "."
			}
		case !apiclient.IsStatus(err, http.StatusNotFound):
			return failed(it, err)
		}
	}
	if target == 0 {
		created, found, err := e.createOnce(ctx, api, j, it, a, note)
		if err != nil {
			return failed(it, err)
		}
		it.ArticleID, target, fresh = created.ID, created.ID, !found
		if len(tags) > 0 || mode == apiclient.SavePublish {
			u := apiclient.ArticleUpdate{Tags: &tags, SaveMode: mode}
			if _, err := api.UpdateArticle(audit.As(audit.WithBefore(ctx, created), action, note), created.ID, u); err != nil {
				it = failed(it, err)
				it.Message = "Created as a draft, but its tags and state could not be set: " + it.Message
				return it
			}
		}
		did = "Created."
		switch {
		case found:
			did = "Created (found after the job was interrupted while creating it; not created twice)."
		case a.ID > 0:
			did = "Created (the agent has no article " + strconv.FormatInt(a.ID, 10) + ")."
		}
	}
	linked, err := importLangs(ctx, api, target, a, !fresh, note)
	if err != nil {
		it = failed(it, err)
		if did != "" {
			it.Message = strings.TrimSuffix(did, ".") + ", but " + strings.ToLower(it.Message[:1]) + it.Message[1:]
		}
		it.Message = strings.TrimSuffix(it.Message, ".") + " (language URLs not all linked)."
		return it
	}
	if len(linked) > 0 {
		did = strings.TrimSpace(did + " Language URLs linked: " + strings.Join(linked, ", ") + ".")
	}
	if did == "" {
		it.Outcome, it.Message = OutcomeUnchanged, "Already the same."
		return it
	}
	it.Outcome, it.Message = OutcomeChanged, did
	return it
}

// importLangs links article id's versions in other languages as a's file
// gives them, reading each first when the article may have one (existing);
// it returns the languages it linked or changed. Languages the file does
// not name are left as they are.
func importLangs(ctx context.Context, api audit.API, id int64, a ImportArticle, existing bool, note string) ([]string, error) {
	var linked []string
	for _, lang := range a.languages() {
		want := a.LangURLs[lang]
		now := ""
		if existing {
			u, err := api.GetLangURL(apiclient.Fresh(ctx), id, lang)
			switch {
			case err == nil:
				now = u
			case !apiclient.IsStatus(err, http.StatusNotFound):
				return linked, err
			}
		}
		wctx := audit.As(ctx, "lang_url.set", note)
		var err error
		switch {
		case now == want:
			continue
		case now == "":
			_, err = api.CreateLangURL(wctx, id, lang, want)
		default:
			_, err = api.UpdateLangURL(wctx, id, lang, want)
		}
		if err != nil {
			return linked, err
		}
		linked = append(linked, lang)
	}
	return linked, nil
}

// createSlack is how far before the mark of a create an article found
// after a hard stop may say it was created: Quickchat gives the date only,
// and its clock is not the console's.
const createSlack = 24 * time.Hour

// createOnce creates a's article, once across runs. The item is marked
// "creating" before Quickchat is asked; a run that finds the mark (the one
// before stopped hard between the create and recording it) first looks for
// an article of that exact title and type created since, that no other item
// of the job names, and takes it instead of creating another.
func (e *Engine) createOnce(ctx context.Context, api audit.API, j Job, it Item, a ImportArticle, note string) (*apiclient.Article, bool, error) {
	if it.creating != "" {
		found, err := e.findCreated(ctx, api, j, a, parseTime(it.creating))
		if err != nil {
			return nil, false, err
		}
		if found != nil {
			return found, true, nil
		}
	}
	if _, err := e.store.markCreating(context.WithoutCancel(ctx), j.ID, it.Seq); err != nil {
		return nil, false, errors.New("the console's database did not answer, so the article was not created")
	}
	created, err := api.CreateArticle(audit.As(ctx, "article.create", note), apiclient.ArticleCreate{Content: a.Content, Type: a.Type, Title: a.Title})
	return created, false, err
}

// maxFindPages bounds the list pages a resumed import reads to find an article it may have created.
const maxFindPages = 10

// findCreated is the article an interrupted run may have created for a, or nil.
func (e *Engine) findCreated(ctx context.Context, api audit.API, j Job, a ImportArticle, since time.Time) (*apiclient.Article, error) {
	taken, err := e.store.recordedArticles(ctx, j.ID)
	if err != nil {
		return nil, err
	}
	after := since.Add(-createSlack).UTC().Format(time.DateOnly)
	var best *apiclient.Article
	for page := range maxFindPages {
		list, err := api.ListArticles(apiclient.Fresh(ctx), apiclient.ListArticlesParams{Title: a.Title, Types: []string{a.Type}, Limit: listPage, Offset: page * listPage})
		if err != nil {
			return nil, err
		}
		for _, cand := range list.Items {
			created := cand.CreatedTimestamp
			if len(created) > len(time.DateOnly) {
				created = created[:len(time.DateOnly)]
			}
			if cand.Title != a.Title || cand.Type != a.Type || taken[cand.ID] || (created != "" && created < after) {
				continue
			}
			if best == nil || cand.ID > best.ID {
				best = &cand
			}
		}
		if len(list.Items) == 0 || (page+1)*listPage >= list.Count {
			break
		}
	}
	if best == nil {
		return nil, nil
	}
	// The list carries no content: read the article for the audit log's "before".
	return api.GetArticle(apiclient.Fresh(ctx), best.ID)
}
