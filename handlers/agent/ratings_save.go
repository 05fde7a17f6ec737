package agent

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/web"
)

// SaveRatings sends the form as a whole. The one checkbox sets rating and its
// popup together, because Quickchat refuses a configuration where they differ.
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
	_, err := h.API(c).UpdateRatingConfiguration(ctx, apiclient.RatingConfigurationUpdate{
		ConvRatingActive: &in.Active, ConvRatingPopupActive: &in.Active, ConvRatingQuestionCodes: &in.Codes,
	})
	if err != nil {
		m := h.ratingsView(c, in)
		m.Error = h.Explain(c, err)
		return h.renderRatings(c, m)
	}
	msg := "Saved. Visitors are no longer asked to rate conversations."
	if in.Active {
		msg = "Saved. Visitors are asked to rate their conversations."
	}
	h.Sessions.Flash(ctx, "success", msg)
	return web.Redirect(c, "/ratings")
}
