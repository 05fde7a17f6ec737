package jobs

import (
	"errors"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/display"
	"qcadmin/jobs"
	"qcadmin/views"
	"qcadmin/web"
)

// ImportRoute takes a knowledge base zip, larger than the console's general
// body limit allows; ImportBodyLimit bounds it instead.
const ImportRoute = "/jobs/import"

// maxDryRunReads bounds the articles a dry run reads to compare, so the page
// answers within its time and the read budget; the job compares the rest.
const maxDryRunReads = 30

// ImportBodyLimit lets the import route take a zip up to jobs.MaxImportUpload, and no more.
func (h *Handlers) ImportBodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		r.Body = http.MaxBytesReader(c.Response(), r.Body, jobs.MaxImportUpload+multipartOverhead)
		return next(c)
	}
}

// multipartOverhead is room for the form's boundaries around the zip.
const multipartOverhead = 64 << 10

func importMax() string { return strconv.Itoa(jobs.MaxImportUpload>>20) + " MB" }

// zipTooLarge says what to do with a zip over the limit.
func zipTooLarge() string {
	return "The zip is larger than " + importMax() + ", the most the console imports at once. Export fewer articles (filter the list) and import each zip."
}

// ImportForm asks for a knowledge base zip to import.
func (h *Handlers) ImportForm(c echo.Context) error {
	if !h.Account(c).CanWrite() {
		return echo.NewHTTPError(http.StatusForbidden, "Your role on "+h.Account(c).Label+" is read: importing changes articles. Ask your admin for the write role if you need it.")
	}
	return h.importPage(c, http.StatusOK, views.KBImportPage{MaxLabel: importMax()})
}

func (h *Handlers) importPage(c echo.Context, status int, m views.KBImportPage) error {
	return h.Render(c, status, web.Page{Title: "Import a knowledge base zip", Nav: "jobs", Body: views.KBImportPageView(m), Styles: []string{"forms.css"}})
}

// ImportUpload checks a whole uploaded zip and shows its dry run: what the
// import would create, update (with a diff) and leave alone. Nothing is written
// to Quickchat; the zip's articles wait in the console's database for Apply.
func (h *Handlers) ImportUpload(c echo.Context) error {
	m := views.KBImportPage{MaxLabel: importMax()}
	refuse := func(status int, msg string) error {
		m.Error = msg
		return h.importPage(c, status, m)
	}
	fh, err := c.FormFile("zip")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return refuse(http.StatusRequestEntityTooLarge, zipTooLarge())
	case err != nil:
		return refuse(http.StatusBadRequest, "Pick a zip file to import.")
	}
	f, err := fh.Open()
	if err != nil {
		return refuse(http.StatusBadRequest, "The zip could not be read. Try again.")
	}
	defer f.Close()
	if fh.Size > jobs.MaxImportUpload {
		return refuse(http.StatusRequestEntityTooLarge, zipTooLarge())
	}
	name := path.Base(strings.ReplaceAll(fh.Filename, `\`, "/"))
	// The upload is read where it lies (memory or a temporary file), not copied again.
	articles, err := jobs.ReadZip(f, fh.Size)
	if err != nil {
		return refuse(http.StatusUnprocessableEntity, "Nothing was imported. "+err.Error())
	}
	ctx := c.Request().Context()
	plan, err := jobs.Plan(ctx, h.API(c), articles, maxDryRunReads)
	if err != nil {
		return h.Failure(c, err)
	}
	acct := h.Account(c)
	start := jobs.Start{Identity: h.Identity(c), Agent: acct.Label, ScenarioID: acct.ScenarioID, Back: "/articles",
		Label: "Import " + display.Count(len(articles), "article", "articles") + " from " + name}
	id, err := h.Jobs.StageImport(ctx, start, plan)
	if err != nil {
		h.Log.Error("an import could not be kept for its dry run", "err", err, "request_id", web.RequestID(c))
		return refuse(http.StatusServiceUnavailable, "The zip could not be kept for the import: the console's database did not answer. Try again in a moment.")
	}
	m.StagedID, m.FileName = id, name
	m.Estimate = estimate(jobs.Total(plan))
	for _, p := range plan {
		a := p.Article
		r := views.KBImportRow{File: a.File, Title: a.Title, Action: p.Action}
		switch p.Action {
		case jobs.PlanCreate:
			m.Creates++
			if a.ID > 0 {
				r.Note = "The agent has no article " + strconv.FormatInt(a.ID, 10) + "."
			}
			r.Fields = append(r.Fields, langFields(p.Langs)...)
		case jobs.PlanUpdate:
			m.Updates++
			r.Href = web.ArticleHref(a.ID)
			for _, field := range p.Changed {
				switch field {
				case "title":
					r.Fields = append(r.Fields, views.KBImportField{Name: "title", Before: p.Current.Title, After: a.Title})
				case "tags":
					r.Fields = append(r.Fields, views.KBImportField{Name: "tags", Before: tagList(p.Current.Tags), After: tagList(a.Tags)})
				case "state":
					r.Fields = append(r.Fields, views.KBImportField{Name: "state", Before: p.Current.State, After: a.State})
				case "content":
					d := web.LineDiff(p.Current.Content, a.Content, "Now", "In the zip")
					r.Content = &d
				case "language URLs":
					r.Fields = append(r.Fields, langFields(p.Langs)...)
				}
			}
		case jobs.PlanUnchanged:
			m.Unchanged++
			r.Href = web.ArticleHref(a.ID)
		case jobs.PlanCheck:
			m.Checks++
			r.Note = "Updated if it differs from article " + strconv.FormatInt(a.ID, 10) + ", else created."
			if n := len(a.LangURLs); n > 0 {
				r.Note += " Its " + display.Count(n, "language URL is", "language URLs are") + " compared then too."
			}
		case jobs.PlanSkip:
			m.Skips++
		}
		m.Rows = append(m.Rows, r)
	}
	return h.importPage(c, http.StatusOK, m)
}

// langFields are the language URLs an import links, as the dry run lists them.
func langFields(langs []jobs.LangChange) []views.KBImportField {
	out := make([]views.KBImportField, 0, len(langs))
	for _, l := range langs {
		before := l.Before
		if before == "" {
			before = "none"
		}
		out = append(out, views.KBImportField{Name: "language URL (" + l.Lang + ")", Before: before, After: l.After})
	}
	return out
}

// estimate says how long applying the dry run takes within Quickchat's rate
// budget, and the calls it counts: the writes each article really needs (a
// create with tags or a published state two, each language URL one more).
func estimate(c jobs.Cost) string {
	writes, reads := c.Creates+c.Writes+c.LangWrites, c.Reads+c.LangReads
	took := "less than a minute"
	if d := c.Duration(); d >= time.Minute {
		took = "about " + display.Count(int(d.Round(time.Minute)/time.Minute), "minute", "minutes")
	}
	return "Applying it takes " + took + " within Quickchat's rate budget: " + display.Count(writes, "write", "writes") +
		" and " + display.Count(reads, "read", "reads") + " at most."
}

func tagList(tags []string) string {
	if len(tags) == 0 {
		return "none"
	}
	return strings.Join(tags, ", ")
}

// ImportApply starts the import whose dry run the person saw, as a job.
func (h *Handlers) ImportApply(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound, "There is no such import.")
	}
	acct := h.Account(c)
	s := jobs.Start{Identity: h.Identity(c), ScenarioID: acct.ScenarioID, Token: h.Token(c), Back: "/articles", Retrain: c.FormValue("retrain") == "yes"}
	switch err := h.Jobs.ApplyImport(c.Request().Context(), s, id); {
	case errors.Is(err, jobs.ErrNotFound):
		return echo.NewHTTPError(http.StatusNotFound, "This import is no longer waiting: it was applied already, or replaced by another upload, or a day has passed. Upload the zip again.")
	case err != nil:
		return err
	}
	h.Flash(c, "success", "Importing: its progress shows here and on the Jobs page.")
	return web.Redirect(c, "/jobs/"+strconv.FormatInt(id, 10))
}
