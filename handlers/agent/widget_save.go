package agent

import (
	"net/http"
	"regexp"
	"strconv"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/merge"
	"qcadmin/views"
	"qcadmin/web"
)

// SaveWidget saves the whole configuration, or, for the starters' add and
// remove buttons, shows the form again with the rows changed and nothing saved.
// The form carries the configuration it was loaded from: what someone else
// saved meanwhile in fields this person left alone is kept, and a field both
// changed is shown with both values, nothing saved, the typed one in the form.
func (h *Handlers) SaveWidget(c echo.Context) error {
	if _, err := c.FormParams(); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again.")
	}
	form := c.Request().PostForm
	in, op := readWidgetInput(form), form.Get("op")
	basis := views.FormBasis{Base: form.Get("base")}
	if isRowsOp(op) {
		focus := applyRowsOp(op, map[string]*[]string{"conversation_starters": &in.Starters})
		m := h.widgetView(c, in, nil)
		m.Unsaved, m.Starters.Focus = true, focus
		return h.renderWidget(c, m, basis)
	}
	if errs := in.check(); len(errs) > 0 {
		m := h.widgetView(c, in, errs)
		m.Error = "Nothing was saved: see the messages next to the fields."
		return h.renderWidget(c, m, basis)
	}
	ctx := c.Request().Context()
	api := h.API(c)
	if base, err := merge.Decode(basis.Base); err == nil {
		saved, err := api.GetWidgetConfiguration(apiclient.Fresh(ctx))
		if err != nil {
			m := h.widgetView(c, in, nil)
			m.Error = "Nothing was saved: the widget as saved now could not be read, to check nobody else changed it. " + h.Explain(c, err)
			return h.renderWidget(c, m, basis)
		}
		theirs := widgetInputOf(saved)
		out := merge.Three(base, in.fields(), theirs.fields())
		for _, name := range out.Kept {
			in.take(name, theirs)
		}
		basis = widgetObject.basis(theirs.fields(), "the widget", out)
		if len(out.Conflicts) > 0 {
			return h.renderWidget(c, h.widgetView(c, in, nil), basis)
		}
	}
	if _, err := api.UpdateWidgetConfiguration(ctx, in.update()); err != nil {
		errs := map[string]string{}
		field := refusedField(err, "header", "subtitle", "welcome_message", "welcome_message2", "input_placeholder",
			"background_disclaimer_text", "conversation_starters", "primary_color", "header_color", "prechat_header_text",
			"prechat_button_text", "prechat_message_text", "window_height", "window_width", "size", "location", "avatar_image")
		if field == "conversation_starters" {
			// Quickchat counts the starters sent, which leave out empty rows; the form counts every row.
			if i, ok := refusedItem(err); ok && formRow(in.Starters, i) >= 0 {
				field = rowKey(field, formRow(in.Starters, i))
			}
		}
		if field != "" {
			errs[field] = h.Explain(c, err)
		}
		m := h.widgetView(c, in, errs)
		m.Error = "Nothing was saved. " + h.Explain(c, err)
		if field != "" {
			m.Error = "Nothing was saved: see the message next to the field."
		}
		return h.renderWidget(c, m, basis) // others' changes kept are in the form, and said so
	}
	msg := "Widget saved. Visitors see the change the next time the widget loads."
	if basis.Kept != "" {
		msg += " " + basis.Kept
	}
	h.Sessions.Flash(ctx, "success", msg)
	return web.Redirect(c, "/widget")
}

// itemPattern finds which item of a list a Quickchat refusal is about: "Field 'conversation_starters' item 2 is empty."
var itemPattern = regexp.MustCompile(`\bitem (\d+)\b`)

func refusedItem(err error) (int, bool) {
	if refusedPath(err) == "" {
		return 0, false
	}
	m := itemPattern.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, false
	}
	i, aerr := strconv.Atoi(m[1])
	return i, aerr == nil
}
