package agent

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/merge"
	"qcadmin/views"
	"qcadmin/web"
)

// SaveRatings sends the form as a whole. The one checkbox sets rating and its
// popup together, because Quickchat refuses a configuration where they differ.
// The form carries the configuration it was loaded from: a change someone else
// saved meanwhile to the field this person left alone is kept, and a field both
// changed is shown with both values, nothing saved.
func (h *Handlers) SaveRatings(c echo.Context) error {
	if _, err := c.FormParams(); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again.")
	}
	form := c.Request().PostForm
	in := ratingsInput{Active: form.Get("conv_rating_active") != "", Codes: []string{}}
	for _, code := range form["conv_rating_question_codes"] {
		if code != "" && !slices.Contains(in.Codes, code) {
			in.Codes = append(in.Codes, code)
		}
	}
	ctx := c.Request().Context()
	api := h.API(c)
	basis := views.FormBasis{Base: form.Get("base")}
	if base, err := merge.Decode(basis.Base); err == nil {
		saved, err := api.GetRatingConfiguration(apiclient.Fresh(ctx))
		if err != nil {
			m := h.ratingsView(c, in)
			m.Error = "Nothing was saved: the rating configuration as saved now could not be read, to check nobody else changed it. " + h.Explain(c, err)
			return h.renderRatings(c, m, basis)
		}
		theirs := ratingsInputOf(saved)
		out := merge.Three(base, in.fields(), theirs.fields())
		for _, name := range out.Kept {
			in.take(name, theirs)
		}
		basis = ratingsObject.basis(theirs.fields(), "the rating configuration", out)
		if len(out.Conflicts) > 0 {
			return h.renderRatings(c, h.ratingsView(c, in), basis)
		}
	}
	_, err := api.UpdateRatingConfiguration(ctx, apiclient.RatingConfigurationUpdate{
		ConvRatingActive: &in.Active, ConvRatingPopupActive: &in.Active, ConvRatingQuestionCodes: &in.Codes,
	})
	if err != nil {
		m := h.ratingsView(c, in)
		m.Error = h.Explain(c, err)
		return h.renderRatings(c, m, basis)
	}
	msg := "Saved. Visitors are no longer asked to rate conversations."
	if in.Active {
		msg = "Saved. Visitors are asked to rate their conversations."
	}
	if basis.Kept != "" {
		msg += " " + basis.Kept
	}
	h.Sessions.Flash(ctx, "success", msg)
	return web.Redirect(c, "/ratings")
}
