package inbox

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"qcadmin/store"
	"qcadmin/views"
	"qcadmin/web"
)

// decorate adds what every rendering of the inbox shows beside the list: the
// team's saved views, the save form with the current filters, the reviewers
// to pick from, and the filtered list's neighbours of the open conversation.
func (h *Handlers) decorate(c echo.Context, m *views.Inbox) {
	ctx := c.Request().Context()
	scenario := h.Account(c).ScenarioID
	filters := strings.TrimPrefix((inboxQuery{InboxFilters: m.Filters}).query(0), "?")
	m.SaveView.Filters = filters
	m.SaveView.NameMax = store.MaxViewName
	filteredNeighbours(m)
	if h.Reviews != nil {
		names, err := h.Reviews.Reviewers(ctx, scenario)
		if err != nil {
			h.Log.Warn("the reviewers could not be read for the reviewer filter", "err", err, "request_id", web.RequestID(c))
		}
		m.Reviewers = names
	}
	if h.Views == nil {
		return
	}
	m.SaveView.Available = true
	saved, err := h.Views.List(ctx, scenario)
	if err != nil {
		h.Log.Warn("the saved views could not be read", "err", err, "request_id", web.RequestID(c))
		m.SaveView.Message = "The saved views could not be read from the console's store, so they are not shown."
		return
	}
	for _, v := range saved {
		sv := views.SavedView{
			ID: v.ID, Name: v.Name, Href: viewHref(v.Query), By: v.CreatedBy, Current: v.Query == filters,
			DeleteHref: "/conversations/views/" + strconv.FormatInt(v.ID, 10) + "/delete",
		}
		m.SavedViews = append(m.SavedViews, sv)
		if sv.Current && len(m.FieldErrors) > 0 {
			// A saved view whose filters no longer work says which one is wrong.
			m.Error = "The saved view “" + v.Name + "” has a filter the console cannot use, so nothing was searched. " + allMessages(m.FieldErrors) +
				" Change it here and save the view again under a new name."
		}
	}
}

// viewHref is the inbox with a saved view's filters: the link a team shares.
func viewHref(query string) string {
	if query == "" {
		return "/conversations"
	}
	return "/conversations?" + query
}

// SaveView keeps the filters the form carries under a name, for everyone on
// this agent's team. A refused save comes back with the name as typed and why.
func (h *Handlers) SaveView(c echo.Context) error {
	if h.Views == nil {
		return echo.NewHTTPError(http.StatusNotFound, "This console keeps no saved views.")
	}
	if _, err := c.FormParams(); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again.")
	}
	form := c.Request().PostForm
	name := strings.TrimSpace(form.Get("name"))
	values, err := url.ParseQuery(form.Get("filters"))
	iq := parseInboxQuery(values)
	_, errs := iq.params()
	problem := ""
	switch {
	case err != nil:
		problem = "The filters of the form could not be read. Set them again and save."
	case name == "":
		problem = "Name the view, such as “Needs work this week”."
	case utf8.RuneCountInString(name) > store.MaxViewName:
		problem = "The name has " + strconv.Itoa(utf8.RuneCountInString(name)) + " characters; the limit is " + strconv.Itoa(store.MaxViewName) + "."
	case len(errs) > 0:
		problem = "These filters cannot be saved: " + allMessages(errs)
	case !iq.filtersActive() && iq.Limit == web.DefaultPageSize:
		problem = "Set a filter first: a view without filters is the whole list, which is already one click away."
	}
	if problem == "" {
		_, err := h.Views.Add(c.Request().Context(), store.View{
			ScenarioID: h.Account(c).ScenarioID, Name: name, Query: strings.TrimPrefix(iq.query(0), "?"), CreatedBy: h.Identity(c),
		})
		switch {
		case err == nil:
			h.Sessions.Flash(c.Request().Context(), "success", "View saved: “"+name+"”. Its link opens these filters for anyone on the team.")
			return web.Redirect(c, iq.href(0))
		case errors.Is(err, store.ErrViewExists):
			problem = "A view named “" + name + "” exists already. Pick another name, or delete that view first."
		case errors.Is(err, store.ErrViewsFull):
			problem = "This agent keeps " + strconv.Itoa(store.MaxViewsPerAgent) + " saved views, the most it may. Delete one the team no longer uses, then save again."
		case errors.Is(err, store.ErrViewTooLong):
			problem = "These filters are too long to save as a view."
		default:
			h.Log.Error("a view could not be saved", "err", err, "request_id", web.RequestID(c))
			problem = "The view could not be saved in the console's store. Try again in a moment."
		}
	}
	m, err := h.inbox(c, iq, nil)
	if err != nil {
		return h.Failure(c, err)
	}
	m.SaveView.Name, m.SaveView.Error = name, problem
	return h.renderInbox(c, m)
}

// savedView reads the path's view of the signed-in agent.
func (h *Handlers) savedView(c echo.Context) (store.View, error) {
	if h.Views == nil {
		return store.View{}, echo.NewHTTPError(http.StatusNotFound, "This console keeps no saved views.")
	}
	id, err := strconv.ParseInt(c.Param("view"), 10, 64)
	if err != nil || id <= 0 {
		return store.View{}, echo.NewHTTPError(http.StatusNotFound, "There is no saved view with this address.")
	}
	v, ok, err := h.Views.Get(c.Request().Context(), h.Account(c).ScenarioID, id)
	if err != nil {
		return store.View{}, err
	}
	if !ok {
		return store.View{}, echo.NewHTTPError(http.StatusNotFound, "There is no saved view with this address: someone may have deleted it.")
	}
	return v, nil
}

// ConfirmDeleteView asks before a saved view goes, naming it.
func (h *Handlers) ConfirmDeleteView(c echo.Context) error {
	v, err := h.savedView(c)
	if err != nil {
		return err
	}
	return h.confirmDelete(c, v)
}

func (h *Handlers) confirmDelete(c echo.Context, v store.View) error {
	return h.Render(c, http.StatusOK, web.Page{
		Title: "Delete the view " + v.Name,
		Nav:   "conversations",
		Body: views.SavedViewDeletePage(views.SavedViewDelete{
			Name: v.Name, By: v.CreatedBy, Href: viewHref(v.Query),
			Action: "/conversations/views/" + strconv.FormatInt(v.ID, 10) + "/delete", Back: viewHref(v.Query),
		}),
		Styles: []string{"forms.css", "inbox.css"},
	})
}

// DeleteView deletes a saved view once confirmed; it goes for the whole team.
func (h *Handlers) DeleteView(c echo.Context) error {
	v, err := h.savedView(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") != "yes" {
		return h.confirmDelete(c, v)
	}
	if _, err := h.Views.Delete(c.Request().Context(), v.ScenarioID, v.ID); err != nil {
		return err
	}
	h.Sessions.Flash(c.Request().Context(), "success", "Deleted the view “"+v.Name+"”.")
	return web.Redirect(c, "/conversations")
}
