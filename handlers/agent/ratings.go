package agent

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/merge"
	"qcadmin/static"
	"qcadmin/views"
	"qcadmin/views/layout"
	"qcadmin/web"
)

// ratingsInput is the form as posted, or the configuration as stored.
type ratingsInput struct {
	Active bool
	Codes  []string
}

// ShowRatings is the conversation ratings page: whether visitors are asked to rate, and what.
func (h *Handlers) ShowRatings(c echo.Context) error {
	cfg, err := h.API(c).GetRatingConfiguration(c.Request().Context())
	if err != nil {
		return h.Failure(c, err)
	}
	in := ratingsInputOf(cfg)
	m := h.ratingsView(c, in)
	if cfg.ConvRatingActive != cfg.ConvRatingPopupActive {
		m.Inconsistent = "Quickchat reports rating " + display.OnOff(cfg.ConvRatingActive) + " but the rating popup " + display.OnOff(cfg.ConvRatingPopupActive) +
			". The popup should follow rating; saving this form sets both the same way."
	}
	return h.renderRatings(c, m, views.FormBasis{Base: merge.Encode(in.fields())})
}

func ratingsInputOf(cfg *apiclient.RatingConfiguration) ratingsInput {
	return ratingsInput{Active: cfg.ConvRatingActive, Codes: slices.Clone(cfg.ConvRatingQuestionCodes)}
}

// ratingsView ticks the questions in in.Codes; codes this console does not know are kept, under their code.
func (h *Handlers) ratingsView(c echo.Context, in ratingsInput) views.RatingsForm {
	m := views.RatingsForm{Active: in.Active, CanWrite: h.Account(c).CanWrite()}
	known := display.RatingQuestionCodes()
	for _, code := range known {
		m.Questions = append(m.Questions, views.RatingQuestion{Code: code, Label: display.RatingQuestion(code), Checked: slices.Contains(in.Codes, code)})
	}
	for _, code := range in.Codes {
		if !slices.Contains(known, code) {
			m.Questions = append(m.Questions, views.RatingQuestion{Code: code, Label: display.RatingQuestion(code), Checked: true})
		}
	}
	return m
}

// renderRatings shows the form with the base it carries and what its last save met.
func (h *Handlers) renderRatings(c echo.Context, m views.RatingsForm, b views.FormBasis) error {
	p := web.Page{Title: "Conversation ratings", Nav: "ratings", Body: views.RatingsPage(m, b), Styles: []string{"forms.css", "agent.css"}}
	if b.Conflict != nil {
		p.Scripts = []string{static.URL("merge.js")}
	}
	p.Live = &layout.Live{Watch: "ratings", Editing: true} // who else edits them; a heads-up when they save
	return h.Render(c, http.StatusOK, p)
}
