package inbox

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/merge"
	"qcadmin/views"
	"qcadmin/views/components"
	"qcadmin/web"
)

// SaveMetadata saves the metadata editor: the rows, or the whole
// object as JSON (a field named metadata). Quickchat replaces the stored object
// on every save, so the whole object is sent; but it is merged per key first
// with what is saved now, against what the form was based on (its base), so a
// key someone else saved meanwhile is kept. The review's keys are never the
// editor's: whatever is saved under them now is sent back as it is. The rows'
// add and remove buttons change the form on the server and save nothing.
func (h *Handlers) SaveMetadata(c echo.Context) error {
	iq, form, err := conversationForm(c)
	if err != nil {
		return err
	}
	canWrite := h.Account(c).CanWrite()
	action := metadataAction(iq)
	base := form.Get("base")
	if len(base) > merge.MaxBase {
		base = ""
	}

	if form.Has("metadata") {
		raw := web.UnixNewlines(form.Get("metadata"))
		typed := func(problem string) views.MetadataEditor {
			ed := rawEditor(action, raw, problem, canWrite)
			ed.Base = base
			return ed
		}
		obj, problem := parseRawMetadata(raw)
		if problem == "" {
			problem = h.typedReviewKeys(obj)
		}
		if problem != "" {
			return h.metadataAgain(c, iq, typed(problem))
		}
		return h.saveMetadata(c, iq, base, obj, metadataTyped{
			refused: func(err error) views.MetadataEditor { return typed(h.Explain(c, err)) },
			asTyped: func() views.MetadataEditor { return typed("") },
			fieldID: func(string, any) string { return "" }, // one textarea holds every key
		})
	}

	rows := readMetadataRows(form)
	if op := form.Get("op"); op != "" && op != "save" {
		rows, focus := applyRowOp(rows, op)
		obj, _ := objectOf(rows)
		ed := metadataEditor(action, rows, indentJSON(obj), nil, canWrite)
		ed.Unsaved, ed.Focus, ed.Base = true, focus, base
		return h.metadataAgain(c, iq, ed)
	}
	obj, rowErrs := objectOf(rows)
	for i, r := range rows {
		if key := strings.TrimSpace(r.Key); h.isReviewKey(key) && rowErrs[i] == "" {
			rowErrs[i] = fmt.Sprintf("Keys starting with %q hold the team review: change it in the review panel, not here.", h.ReviewPrefix)
		}
	}
	if len(rowErrs) > 0 {
		ed := metadataEditor(action, rows, indentJSON(obj), rowErrs, canWrite)
		ed.Error = "Some rows cannot be saved as they are; see the messages next to them. Nothing was saved."
		ed.Base = base
		return h.metadataAgain(c, iq, ed)
	}
	return h.saveMetadata(c, iq, base, obj, metadataTyped{
		refused: func(err error) views.MetadataEditor {
			var rowErrs map[int]string
			var rest []string
			var apiErr *apiclient.APIError
			if errors.As(err, &apiErr) && (apiErr.Status == http.StatusUnprocessableEntity || apiErr.Status == http.StatusBadRequest) {
				rowErrs, rest = schemaRefusal(apiErr.Message, rows)
			}
			ed := metadataEditor(action, rows, indentJSON(obj), rowErrs, canWrite)
			ed.Base = base
			switch {
			case len(rowErrs) == 0:
				ed.Error = h.Explain(c, err)
			case len(rest) > 0:
				ed.Error = "Quickchat refused the metadata: " + strings.Join(rest, "; ") + ". Nothing was saved."
			default:
				ed.Error = "Quickchat refused some values; see the messages next to them. Nothing was saved."
			}
			return ed
		},
		asTyped: func() views.MetadataEditor { return metadataEditor(action, rows, indentJSON(obj), nil, canWrite) },
		fieldID: func(key string, theirs any) string {
			// The row holding the key takes the saved value as text when it holds that type.
			for i, r := range rows {
				typ := cmp.Or(r.Type, typeString)
				if strings.TrimSpace(r.Key) == key && typ == rowOf(key, theirs).Type {
					return metadataRowID(i) + "-value"
				}
			}
			return ""
		},
	})
}

// typedReviewKeys refuses review keys typed into the JSON: the review panel changes them.
func (h *Handlers) typedReviewKeys(obj map[string]any) string {
	var keys []string
	for k := range obj {
		if h.isReviewKey(k) {
			keys = append(keys, strconv.Quote(k))
		}
	}
	if len(keys) == 0 {
		return ""
	}
	slices.Sort(keys)
	return fmt.Sprintf("Keys starting with %q hold the team review, and this JSON has %s: leave them out here and change the review in its panel. Nothing was saved.",
		h.ReviewPrefix, strings.Join(keys, ", "))
}

// metadataTyped is how the editor comes back as typed, in the mode it was sent from.
type metadataTyped struct {
	// refused is the editor with a refusal's reason.
	refused func(error) views.MetadataEditor
	// asTyped is the editor with nothing to say yet (a conflict is added to it).
	asTyped func() views.MetadataEditor
	// fieldID is the control holding this person's value for key, which the saved value theirs can fill; "" for none.
	fieldID func(key string, theirs any) string
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

// saveMetadata merges obj, the editable keys as sent, with the metadata as
// saved now against base, and sends the whole object: the merged keys and the
// review's keys as saved now. When someone else changed a key this person
// changed too, nothing is sent: both values are shown, the form kept as typed.
func (h *Handlers) saveMetadata(c echo.Context, iq inboxQuery, base string, obj map[string]any, typed metadataTyped) error {
	ctx := c.Request().Context()
	api := h.API(c)
	// A review save reads and writes the same object: take turns with it, or one undoes the other.
	unlock, err := h.lockConversation(ctx, h.Account(c).ScenarioID, iq.Selected)
	if err != nil {
		ed := typed.asTyped()
		ed.Error = h.lockRefused(c, err)
		return h.metadataAgain(c, iq, ed)
	}
	defer unlock()
	fresh, err := api.GetConversationMetadata(apiclient.Fresh(ctx), iq.Selected)
	if err != nil {
		if apiclient.IsStatus(err, http.StatusNotFound) {
			return h.Failure(c, err)
		}
		return h.metadataAgain(c, iq, typed.refused(err))
	}
	theirs, review := h.splitReview(fresh)
	based, err := merge.Decode(base)
	if err != nil {
		// A form from before forms said what they were based on: it replaces what is saved, as it always did.
		based = merge.Fields(theirs)
	}
	out := merge.Three(based, merge.Fields(obj), merge.Fields(theirs))
	if len(out.Conflicts) > 0 {
		ed := typed.asTyped()
		ed.Conflict = metadataConflict(out, typed.fieldID)
		// Saving again takes this person's values for the conflicting keys: the
		// base now holds the saved ones there, and what it was for the rest.
		next := maps.Clone(based)
		for _, cf := range out.Conflicts {
			if cf.TheirsGone {
				delete(next, cf.Field)
			} else {
				next[cf.Field] = cf.Theirs
			}
		}
		ed.Base = merge.Encode(next)
		if len(out.Kept) > 0 {
			ed.Merged = "Someone else also changed " + keyList(out.Kept) + " since this page was opened; saving keeps what they saved there."
		}
		return h.metadataAgain(c, iq, ed)
	}
	send := map[string]any(out.Fields)
	maps.Copy(send, review)
	saved, err := api.SetConversationMetadata(ctx, iq.Selected, send)
	if err != nil {
		if apiclient.IsStatus(err, http.StatusNotFound) {
			return h.Failure(c, err)
		}
		return h.metadataAgain(c, iq, typed.refused(err))
	}
	h.rememberReview(h.Account(c).ScenarioID, iq.Selected, saved)
	msg := "Metadata saved."
	if len(out.Kept) > 0 {
		msg += " Someone else changed " + keyList(out.Kept) + " meanwhile; what they saved there was kept."
	}
	h.Sessions.Flash(ctx, "success", msg)
	return web.Redirect(c, iq.href(iq.Offset))
}

// metadataConflict shows both values of each key two people changed.
func metadataConflict(out merge.Outcome, fieldID func(string, any) string) *components.SaveConflict {
	sc := &components.SaveConflict{What: "this conversation's metadata"}
	for _, cf := range out.Conflicts {
		r := components.ConflictRow{Label: cf.Field, Mine: "(removed)", Theirs: "(removed)"}
		if !cf.MineGone {
			r.Mine = metadataValueText(cf.Field, cf.Mine)
		}
		if !cf.TheirsGone {
			r.Theirs = metadataValueText(cf.Field, cf.Theirs)
			if !cf.MineGone {
				r.FieldID = fieldID(cf.Field, cf.Theirs)
			}
		}
		sc.Rows = append(sc.Rows, r)
	}
	return sc
}

// metadataValueText is a value as its row shows it, shortened; null says so.
func metadataValueText(key string, v any) string {
	row := rowOf(key, v)
	if row.Type == typeNull {
		return "null"
	}
	return shortened(row.Value, foldedMax)
}

// keyList names keys for a sentence: "a", "a and b", "a, b and c".
func keyList(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		k, _ = shorten(k, 200)
		q[i] = strconv.Quote(k)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// metadataAgain shows the editor as typed: alone for the editor's own htmx
// requests, or on the whole conversation page.
func (h *Handlers) metadataAgain(c echo.Context, iq inboxQuery, ed views.MetadataEditor) error {
	if web.FragmentFor(c, "metadata-editor") {
		// The review's keys are shown beside the rows: as read most recently will do.
		if stored, err := h.API(c).GetConversationMetadata(c.Request().Context(), iq.Selected); err == nil {
			_, review := h.splitReview(stored)
			h.showReviewKeys(&ed, review)
		}
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
		_, review := h.splitReview(stored)
		h.showReviewKeys(&ed, review)
		if ed.RawOpen && ed.Rows == nil {
			// The JSON was refused: the rows show what is stored, the JSON what was typed.
			shown := h.metadataPanel("", stored, false)
			if shown.TooLarge != "" {
				// Too large to edit here: no form that could save a shortened object.
				shown.Error, shown.RawError = ed.Error, ed.RawError
				d.Metadata = shown
				return
			}
			ed.Rows, ed.RowsBase = shown.Rows, shown.Base
		}
		d.Metadata = ed
	})
}
