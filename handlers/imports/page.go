package imports

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

// defaultUploadLimit is the largest file imported when UploadLimit is not set.
const defaultUploadLimit = 20 << 20

// maxUploadFiles bounds one plain (script-less) upload; with scripts each file is its own request.
const maxUploadFiles = 10

// maxImportLinks bounds one link list, so a pasted dump does not hold an import slot for minutes.
const maxImportLinks = 200

// websiteModes are import_external/website's modes, as the select offers them.
var websiteModes = []views.ImportMode{
	{Value: apiclient.WebsiteIndividual, Label: "This page"},
	{Value: apiclient.WebsiteIndividualWithSummary, Label: "This page, with a summary"},
	{Value: apiclient.WebsiteSiteWide, Label: "Every page of the site"},
}

func (h *Handlers) uploadLimit() int64 {
	if h.UploadLimit > 0 {
		return h.UploadLimit
	}
	return defaultUploadLimit
}

// importsView is the page with every form empty.
func (h *Handlers) importsView(c echo.Context) views.Imports {
	limit := h.uploadLimit()
	return views.Imports{
		CanWrite: h.Account(c).CanWrite(),
		Sandbox:  h.Sandbox,
		Files: views.FileImport{
			Accept:   strings.Join(uploadExtensions, ","),
			Types:    uploadTypesLabel,
			MaxBytes: limit,
			MaxLabel: display.Bytes(limit),
			MaxFiles: maxUploadFiles,
		},
		Website: views.WebsiteImport{Mode: apiclient.WebsiteIndividual, Modes: websiteModes},
	}
}

// Page shows the imports page with every form empty.
func (h *Handlers) Page(c echo.Context) error {
	return h.renderImports(c, h.importsView(c), nil)
}

// renderImports shows the page; an htmx form gets back only its own section.
func (h *Handlers) renderImports(c echo.Context, m views.Imports, section templ.Component) error {
	p := web.Page{Title: "Imports", Nav: "imports", Body: views.ImportsPage(m), Partial: section, Styles: []string{"forms.css", "imports.css"}}
	if h.Assets.Imports != "" {
		p.Scripts = []string{h.Assets.Imports}
	}
	return h.Render(c, http.StatusOK, p)
}

// budgetNote tells the person why an import took a while: others were already waiting for Quickchat's budget.
func (h *Handlers) budgetNote() string {
	if h.Budgets == nil || h.Budgets.Waiting() == 0 {
		return ""
	}
	return "Other requests were already waiting for Quickchat's import budget (20 imports a minute), so this one waited its turn."
}

// importRefused puts Quickchat's reason next to the field it names, or above
// the form; a refused token signs the person out (Explain), keeping the form.
func (h *Handlers) importRefused(c echo.Context, st *views.ImportState, err error, fields ...string) {
	msg := h.Explain(c, err)
	if field := web.FieldOf(err, fields...); field != "" {
		st.Errors[field] = msg
		return
	}
	st.Error = msg
}

// webAddress checks an address Quickchat is asked to fetch: absolute, http or https, with a host.
func webAddress(s string) (string, bool) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return s, false
	}
	return s, true
}

// addressError words what is wrong with an address field, or "" when it is fine.
func addressError(s string) string {
	if strings.TrimSpace(s) == "" {
		return "Enter an address."
	}
	if _, ok := webAddress(s); !ok {
		return "“" + strings.TrimSpace(s) + "” is not a full web address: it must start with http:// or https://."
	}
	return ""
}

// importedPages links each page Quickchat imported to the articles made from it.
func importedPages(links []string) []views.ResultLink {
	out := make([]views.ResultLink, 0, len(links))
	for _, l := range links {
		out = append(out, views.ResultLink{Label: l, Href: "/articles?url=" + url.QueryEscape(l)})
	}
	return out
}
