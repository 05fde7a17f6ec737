package agent

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/merge"
	"qcadmin/static"
	"qcadmin/views"
	"qcadmin/views/layout"
	"qcadmin/web"
)

// kbActionInput is a Knowledge Base action's form as posted, kept verbatim so a refusal loses nothing.
type kbActionInput struct {
	Name, Description, ParameterDescription, Tag string
}

func kbActionInputOf(a *apiclient.KBAction) kbActionInput {
	return kbActionInput{Name: a.Name, Description: a.Description, ParameterDescription: a.ParameterDescription, Tag: actionTag(a)}
}

// check catches what Quickchat would refuse, before asking it.
func (in kbActionInput) check() map[string]string {
	errs := map[string]string{}
	checkLengths(errs,
		lengthRule{"name", "The name", in.Name, maxActionName},
		lengthRule{"description", "The description", in.Description, maxActionDescription},
		lengthRule{"parameter_description", "The parameter description", in.ParameterDescription, maxActionParameter},
		lengthRule{"tag", "The tag", in.Tag, maxActionTag})
	return errs
}

// aiActionForm builds the page from what was typed and the action as saved.
func (h *Handlers) aiActionForm(c echo.Context, saved *apiclient.KBAction, in kbActionInput, errs map[string]string) views.AIActionForm {
	ctx := c.Request().Context()
	api := h.API(c)
	field := func(id, value string, limit int) views.TextField {
		return views.TextField{ID: id, Value: value, Count: views.CharCount{N: utf8.RuneCountInString(value), Max: limit}, Error: errs[id]}
	}
	m := views.AIActionForm{
		ID:                   saved.ID,
		Name:                 field("name", in.Name, maxActionName),
		Description:          field("description", in.Description, maxActionDescription),
		ParameterDescription: field("parameter_description", in.ParameterDescription, maxActionParameter),
		Tag:                  field("tag", in.Tag, maxActionTag),
		Active:               saved.IsActive,
		Valid:                saved.IsValid,
		CanWrite:             h.Account(c).CanWrite(),
	}
	var savedCoverage views.TagCoverage
	m.Coverage, savedCoverage = h.coverages(ctx, api, in.Tag, actionTag(saved))
	m.Problems = kbActionProblems(saved, savedCoverage)
	if tags, err := api.ListTags(ctx); err == nil {
		m.Tags = tags
		slices.Sort(m.Tags)
	}
	return m
}

// coverages counts the typed tag's articles, and the saved tag's when it differs.
func (h *Handlers) coverages(ctx context.Context, api API, typed, saved string) (views.TagCoverage, views.TagCoverage) {
	t := tagCoverage(ctx, api, typed)
	if saved == t.Tag {
		return t, t
	}
	return t, tagCoverage(ctx, api, saved)
}

// EditAIAction is a Knowledge Base action's page: its four fields, what it still needs and its tag's coverage.
func (h *Handlers) EditAIAction(c echo.Context) error {
	id, err := aiActionID(c)
	if err != nil {
		return err
	}
	a, err := h.API(c).GetKBAction(c.Request().Context(), id)
	if err != nil {
		return h.Failure(c, err)
	}
	in := kbActionInputOf(a)
	return h.renderAIActionForm(c, h.aiActionForm(c, a, in, nil), views.FormBasis{Base: merge.Encode(in.fields())})
}

// renderAIActionForm shows the form with the base it carries and what its last save met.
func (h *Handlers) renderAIActionForm(c echo.Context, m views.AIActionForm, b views.FormBasis) error {
	title := m.Name.Value
	if title == "" {
		title = "Knowledge Base action"
	}
	p := web.Page{Title: title, Nav: "ai-actions", Body: views.AIActionEditPage(m, b), Styles: []string{"forms.css", "agent.css"}}
	if b.Conflict != nil {
		p.Scripts = []string{static.URL("merge.js")}
	}
	if m.ID != 0 {
		p.Live = &layout.Live{Watch: "ai-action:" + strconv.FormatInt(m.ID, 10), Editing: true} // who else edits it; a heads-up when they save
	}
	return h.Render(c, http.StatusOK, p)
}
