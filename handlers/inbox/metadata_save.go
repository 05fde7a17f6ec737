package inbox

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/views"
	"qcadmin/web"
)

// SaveMetadata saves the metadata editor: the rows, or the whole
// object as JSON (a field named metadata). Quickchat replaces the stored object
// on every save, so the whole object is always sent. The rows' add and remove
// buttons change the form on the server and save nothing.
func (h *Handlers) SaveMetadata(c echo.Context) error {
	iq, form, err := conversationForm(c)
	if err != nil {
		return err
	}
	canWrite := h.Account(c).CanWrite()

	if form.Has("metadata") {
		raw := web.UnixNewlines(form.Get("metadata"))
		obj, problem := parseRawMetadata(raw)
		if problem != "" {
			return h.metadataAgain(c, iq, rawEditor(metadataAction(iq), raw, problem, canWrite))
		}
		return h.saveMetadata(c, iq, obj, func(err error) views.MetadataEditor {
			return rawEditor(metadataAction(iq), raw, h.Explain(c, err), canWrite)
		})
	}

	rows := readMetadataRows(form)
	if op := form.Get("op"); op != "" && op != "save" {
		rows, focus := applyRowOp(rows, op)
		obj, _ := objectOf(rows)
		ed := metadataEditor(metadataAction(iq), rows, indentJSON(obj), nil, canWrite)
		ed.Unsaved, ed.Focus = true, focus
		return h.metadataAgain(c, iq, ed)
	}
	obj, rowErrs := objectOf(rows)
	if len(rowErrs) > 0 {
		ed := metadataEditor(metadataAction(iq), rows, indentJSON(obj), rowErrs, canWrite)
		ed.Error = "Some rows cannot be saved as they are; see the messages next to them. Nothing was saved."
		return h.metadataAgain(c, iq, ed)
	}
	return h.saveMetadata(c, iq, obj, func(err error) views.MetadataEditor {
		var rowErrs map[int]string
		var rest []string
		var apiErr *apiclient.APIError
		if errors.As(err, &apiErr) && (apiErr.Status == http.StatusUnprocessableEntity || apiErr.Status == http.StatusBadRequest) {
			rowErrs, rest = schemaRefusal(apiErr.Message, rows)
		}
		ed := metadataEditor(metadataAction(iq), rows, indentJSON(obj), rowErrs, canWrite)
		switch {
		case len(rowErrs) == 0:
			ed.Error = h.Explain(c, err)
		case len(rest) > 0:
			ed.Error = "Quickchat refused the metadata: " + strings.Join(rest, "; ") + ". Nothing was saved."
		default:
			ed.Error = "Quickchat refused some values; see the messages next to them. Nothing was saved."
		}
		return ed
	})
}

// readMetadataRows pairs the rows' key, type and value fields, which the browser sends in page order.
func readMetadataRows(form url.Values) []metadataRow {
	keys, types, values := form["key"], form["type"], form["value"]
	n := max(len(keys), len(types), len(values))
	at := func(list []string, i int) string {
		if i < len(list) {
			return list[i]
		}
		return ""
	}
	rows := make([]metadataRow, 0, n)
	for i := range n {
		rows = append(rows, metadataRow{Key: at(keys, i), Type: at(types, i), Value: web.UnixNewlines(at(values, i))})
	}
	return rows
}

// typedRows lays out typed JSON as the editor's rows, for when what is stored
// is unknown: both of the editor's forms then hold what was typed. JSON that
// is not an object, is empty, or is too large for the editor gives no rows.
func typedRows(raw string) ([]views.MetadataRow, bool) {
	obj, problem := parseRawMetadata(raw)
	if problem != "" || len(compactJSON(obj)) > metadataMaxEdit || len(obj) > metadataMaxKeys {
		return nil, false
	}
	ed := metadataEditor("", rowsOf(obj), "", nil, false)
	return ed.Rows, len(ed.Rows) > 0
}

// rawEditor is the JSON mode kept as typed, with its message; the rows come from what is stored.
func rawEditor(action, raw, problem string, canWrite bool) views.MetadataEditor {
	return views.MetadataEditor{Action: action, Types: metadataTypes, Raw: raw, RawOpen: true, RawError: problem, CanWrite: canWrite}
}

// saveMetadata sends the whole object; a refusal shows the editor again as refused(err) builds it.
func (h *Handlers) saveMetadata(c echo.Context, iq inboxQuery, obj map[string]any, refused func(error) views.MetadataEditor) error {
	ctx := c.Request().Context()
	saved, err := h.API(c).SetConversationMetadata(ctx, iq.Selected, obj)
	if err != nil {
		if apiclient.IsStatus(err, http.StatusNotFound) {
			return h.Failure(c, err)
		}
		return h.metadataAgain(c, iq, refused(err))
	}
	h.rememberReview(h.Account(c).ScenarioID, iq.Selected, saved)
	h.Sessions.Flash(ctx, "success", "Metadata saved.")
	return web.Redirect(c, iq.href(iq.Offset))
}

// metadataAgain shows the editor as typed: alone for the editor's own htmx
// requests, or on the whole conversation page.
func (h *Handlers) metadataAgain(c echo.Context, iq inboxQuery, ed views.MetadataEditor) error {
	if web.FragmentFor(c, "metadata-editor") {
		return h.Render(c, http.StatusOK, web.Page{Title: "Metadata", Nav: "conversations", Body: views.MetadataEditorView(ed), Styles: []string{"forms.css", "inbox.css"}})
	}
	return h.showConversation(c, iq, func(d *views.ConversationDetail, stored map[string]any, unread string) {
		if stored == nil {
			// The metadata as saved could not be read either: the editor
			// comes back with what was typed alone, and says so.
			if ed.RawOpen && ed.Rows == nil {
				rows, ok := typedRows(ed.Raw)
				ed.Rows, ed.Unsaved = rows, ok
				if !ok {
					// No rows to offer, and an empty rows form would save an
					// empty object over what is stored: the JSON is kept to copy.
					ed.CanWrite = false
				}
			}
			ed.Error = joinMessages(ed.Error, "The metadata as saved could not be read, so what is stored is not shown here. "+unread)
			d.Metadata = ed
			return
		}
		if ed.RawOpen && ed.Rows == nil {
			// The JSON was refused: the rows show what is stored, the JSON what was typed.
			shown := conversationMetadataEditor("", stored, false)
			if shown.TooLarge != "" {
				// Too large to edit here: no form that could save a shortened object.
				shown.Error, shown.RawError = ed.Error, ed.RawError
				d.Metadata = shown
				return
			}
			ed.Rows = shown.Rows
		}
		d.Metadata = ed
	})
}
