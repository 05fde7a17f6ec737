package agent

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

// Limits of a Knowledge Base action, in characters as Quickchat counts them.
const (
	maxActionName        = 100
	maxActionDescription = 1000
	maxActionParameter   = 500
	maxActionTag         = 255
)

func aiActionID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, echo.NewHTTPError(http.StatusNotFound, "There is no AI action with this address.")
	}
	return id, nil
}

// tagCoverage counts the articles carrying tag: one article page of one item, whose count says all.
func tagCoverage(ctx context.Context, api API, tag string) views.TagCoverage {
	tag = strings.TrimSpace(tag)
	t := views.TagCoverage{Tag: tag, Href: "/articles?tags=" + url.QueryEscape(tag)}
	if tag == "" {
		return t
	}
	page, err := api.ListArticles(ctx, apiclient.ListArticlesParams{Tags: []string{tag}, Limit: 1})
	if err != nil {
		t.Unknown = true
		return t
	}
	t.Count = page.Count
	return t
}

// kbActionProblems says what keeps a Knowledge Base action from running, as saved.
func kbActionProblems(a *apiclient.KBAction, cov views.TagCoverage) []string {
	if a.IsValid {
		return nil
	}
	var missing []string
	for _, f := range []struct{ label, value string }{
		{"a name", a.Name}, {"a description", a.Description}, {"a parameter description", a.ParameterDescription}, {"a tag", actionTag(a)},
	} {
		if strings.TrimSpace(f.value) == "" {
			missing = append(missing, f.label)
		}
	}
	var out []string
	if len(missing) > 0 {
		out = append(out, "It needs "+joinAnd(missing)+".")
	}
	if cov.Tag != "" && !cov.Unknown && cov.Count == 0 {
		out = append(out, "No article carries the tag “"+cov.Tag+"”, so it would search nothing: tag articles with it or pick another tag.")
	}
	if len(out) == 0 {
		out = append(out, "Quickchat says it is not ready but does not say why; check it in Quickchat's dashboard.")
	}
	return out
}

// actionTag is the action's tag, empty when none is chosen.
func actionTag(a *apiclient.KBAction) string {
	if a.Tag == nil {
		return ""
	}
	return *a.Tag
}

// joinAnd lists words the way a sentence does: "a, b and c".
func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// actionRow words one action of the list; problems come separately, as they cost reads.
func actionRow(a apiclient.AIAction, canWrite bool) views.AIActionRow {
	r := views.AIActionRow{ID: a.ID, Name: a.Name, Description: a.Description, TypeLabel: display.ActionType(a.Type),
		Active: a.IsActive, Valid: a.IsValid, CanWrite: canWrite}
	if a.Type == "knowledge_base" {
		r.EditHref = web.AIActionHref(a.ID)
	}
	return r
}

// actionProblems explains why an action is not ready: a Knowledge Base action by
// its fields and tag, any other by where it is set up.
func actionProblems(ctx context.Context, api API, a apiclient.AIAction) []string {
	if a.IsValid {
		return nil
	}
	if a.Type != "knowledge_base" {
		return []string{"Its setup is not finished; finish it in Quickchat's dashboard, where " + display.ActionType(a.Type) + " actions are set up."}
	}
	kb, err := api.GetKBAction(ctx, a.ID)
	if err != nil {
		return []string{"Quickchat could not say why just now; open the action to see."}
	}
	return kbActionProblems(kb, tagCoverage(ctx, api, actionTag(kb)))
}

// actionRows builds the list from the list call alone. A Knowledge Base
// action that is not ready is explained from its details, which cost a read:
// its row offers "Why?", which reads them when opened (ActionProblems).
func actionRows(ctx context.Context, api API, actions []apiclient.AIAction, canWrite bool) []views.AIActionRow {
	rows := make([]views.AIActionRow, len(actions))
	for i, a := range actions {
		rows[i] = actionRow(a, canWrite)
		switch {
		case a.IsValid:
		case a.Type == "knowledge_base":
			rows[i].ProblemsHref = web.AIActionHref(a.ID) + "/problems"
		default:
			rows[i].Problems = actionProblems(ctx, api, a)
		}
	}
	return rows
}

// aiActionList reads the list with the reasons for actions that are not ready.
func (h *Handlers) aiActionList(c echo.Context) (views.AIActionList, error) {
	ctx := c.Request().Context()
	api := h.API(c)
	actions, err := api.ListAIActions(ctx)
	if err != nil {
		return views.AIActionList{}, err
	}
	canWrite := h.Account(c).CanWrite()
	return views.AIActionList{Rows: actionRows(ctx, api, actions, canWrite), CanWrite: canWrite}, nil
}

func (h *Handlers) renderAIActions(c echo.Context, m views.AIActionList) error {
	return h.Render(c, http.StatusOK, web.Page{Title: "AI actions", Nav: "ai-actions", Body: views.AIActionsPage(m), Styles: []string{"forms.css", "agent.css"}})
}
