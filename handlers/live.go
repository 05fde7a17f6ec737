package handlers

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"qcadmin/events"
	"qcadmin/handlers/inbox"
	"qcadmin/live"
	"qcadmin/store"
	"qcadmin/views/layout"
)

// watchPattern is what a page may watch: a kind, and for one object its id.
// A bulk job's page watches "job:<id>": the stream hears only the signed-in agent's jobs.
var watchPattern = regexp.MustCompile(`^(inbox|settings|widget|handoff|ratings|(article|conversation|ai-action):[A-Za-z0-9_-]{1,64}|job:[0-9]{1,19})$`)

// events is a page's stream of live updates (server-sent events): who else
// has the same page open, a heads-up when someone saves what it shows, and
// on the inbox a nudge when its list changed. It carries small HTML
// fragments of the signed-in agent only, never tokens. It ends when the page
// closes, or the server stops; the page works without it.
func (h *Handlers) events(c echo.Context) error {
	watch, mode := c.QueryParam("watch"), c.QueryParam("mode")
	if !watchPattern.MatchString(watch) || (mode != "editing" && mode != "viewing") {
		return echo.NewHTTPError(http.StatusBadRequest, "This page cannot be followed live.")
	}
	ctx := c.Request().Context()
	acct := h.account(c)
	w := live.Watch{
		Scenario: acct.ScenarioID, Session: h.sessionDigest(ctx), Who: h.displayName(c.Request().Context(), c),
		Object: watch, Editing: mode == "editing", Inbox: watch == "inbox" || c.QueryParam("inbox") == "1",
	}
	if w.Inbox {
		api := h.api(c)
		w.Poll = func(ctx context.Context, fresh bool) (map[string]string, error) { return inbox.Rows(ctx, api, fresh) }
	}
	st, err := h.live.Open(w)
	if errors.Is(err, live.ErrTooMany) {
		return echo.NewHTTPError(http.StatusTooManyRequests, "Too many pages of this console are open live in this browser; close a tab.")
	}
	if err != nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "The console is stopping.")
	}
	defer st.Close()
	h.Metrics.StreamOpened()
	defer h.Metrics.StreamClosed()
	h.stopStreamsWith(c.Request())

	res := c.Response()
	hd := res.Header()
	hd.Set(echo.HeaderContentType, "text/event-stream")
	hd.Set("X-Accel-Buffering", "no") // nginx passes each event on at once
	res.WriteHeader(http.StatusOK)
	sse := &sseWriter{res: res}
	sse.comment("live")
	sse.render(ctx, "", "presence", h.presence(st))
	if last := c.Request().Header.Get("Last-Event-ID"); last != "" {
		missed, known := h.live.Since(st, last)
		if !known && w.Inbox {
			missed = []live.Message{{Kind: live.KindInbox}} // read the list again, to be sure
		}
		for _, m := range missed {
			h.sendMessage(ctx, sse, m)
		}
	}
	if sse.flush() != nil {
		return nil
	}
	beat := time.NewTicker(h.live.Config().Beat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-h.live.Done():
			return nil
		case <-beat.C:
			if !h.stillSignedIn(c, acct.ScenarioID) {
				return nil // signed out, revoked or switched agent: this page hears no more
			}
			sse.comment("beat")
		case <-st.Nudges():
			sse.render(ctx, "", "presence", h.presence(st))
		case m := <-st.Messages():
			h.sendMessage(ctx, sse, m)
		}
		if sse.flush() != nil {
			return nil // the page has gone
		}
	}
}

func (h *Handlers) presence(st *live.Stream) templ.Component {
	people := h.live.Presence(st)
	shown := make([]layout.LivePerson, len(people))
	for i, p := range people {
		shown[i] = layout.LivePerson{Who: p.Who, Editing: p.Editing}
	}
	return layout.LivePresence(shown)
}

func (h *Handlers) sendMessage(ctx context.Context, sse *sseWriter, m live.Message) {
	switch m.Kind {
	case live.KindSaved:
		sse.render(ctx, m.ID, "saved", layout.LiveSaved(m.Saved.Who, m.Saved.What, m.Saved.Href))
	case live.KindInbox:
		sse.event(m.ID, "inbox", "changed")
	case live.KindJob:
		// The page reads the job's progress again; "job-end" lets it close the stream.
		sse.event("", "job", "progressed")
		if m.Ended {
			sse.event("", "job-end", "ended")
		}
	}
}

// sseWriter writes server-sent events; the first write error sticks.
type sseWriter struct {
	res *echo.Response
	buf bytes.Buffer
	err error
}

func (w *sseWriter) comment(text string) {
	if w.err == nil {
		_, w.err = w.res.Write([]byte(": " + text + "\n\n"))
	}
}

func (w *sseWriter) render(ctx context.Context, id, name string, comp templ.Component) {
	w.buf.Reset()
	if err := comp.Render(ctx, &w.buf); err != nil {
		return
	}
	w.event(id, name, w.buf.String())
}

// event writes one event; each line of data gets its own "data:" field.
func (w *sseWriter) event(id, name, data string) {
	if w.err != nil {
		return
	}
	var b strings.Builder
	if id != "" {
		b.WriteString("id: " + id + "\n")
	}
	b.WriteString("event: " + name + "\n")
	for line := range strings.SplitSeq(data, "\n") {
		b.WriteString("data: " + strings.TrimSuffix(line, "\r") + "\n")
	}
	b.WriteString("\n")
	_, w.err = w.res.Write([]byte(b.String()))
}

func (w *sseWriter) flush() error {
	if w.err == nil {
		w.err = http.NewResponseController(w.res).Flush()
	}
	return w.err
}

// stopStreamsWith ends every stream when the server r came through shuts
// down: open streams would otherwise hold its graceful shutdown up.
func (h *Handlers) stopStreamsWith(r *http.Request) {
	srv, ok := r.Context().Value(http.ServerContextKey).(*http.Server)
	if !ok {
		return
	}
	if _, seen := h.liveServers.LoadOrStore(srv, true); !seen {
		srv.RegisterOnShutdown(h.live.Close)
	}
}

// stillSignedIn reads the stream's session again from the store: a stream
// outlives the request that checked it, and must stop hearing the agent's
// events once its session ended or moved to another agent.
func (h *Handlers) stillSignedIn(c echo.Context, scenario string) bool {
	ck, err := c.Cookie(h.Sessions.SessionManager.Cookie.Name)
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ctx, err = h.Sessions.Load(ctx, ck.Value)
	if err != nil {
		return false
	}
	acct, ok := h.Sessions.Account(ctx)
	return ok && acct.ScenarioID == scenario
}

// sessionDigest names the browser session without its token.
func (h *Handlers) sessionDigest(ctx context.Context) string {
	sum := sha256.Sum256([]byte("qcadmin live " + h.Sessions.SessionManager.Token(ctx)))
	return hex.EncodeToString(sum[:12])
}

// displayName is what others see of the person: the SSO proxy's name for
// them, else the name given at sign-in, else "Someone".
func (h *Handlers) displayName(ctx context.Context, c echo.Context) string {
	if c != nil {
		if p, ok := h.person(c); ok {
			return p.Display()
		}
	}
	if p, ok := h.Sessions.Person(ctx); ok && p.Display() != "" {
		return p.Display()
	}
	if acct, ok := h.Sessions.Account(ctx); ok && acct.PersonName != "" {
		return acct.PersonName
	}
	return "Someone"
}

// savedHeadsUp tells the pages open on what a successful write changed
// that someone saved it: the audit log sees every write of the console.
func (h *Handlers) savedHeadsUp(ctx context.Context, e store.Entry) {
	if !e.OK() || e.ScenarioID == "" {
		return
	}
	for _, sv := range headsUps(e, h.displayName(ctx, nil), h.sessionDigest(ctx)) {
		h.live.Saved(sv)
	}
}

// JobHeadsUp is the audit hook of bulk jobs: each article a job saves gives
// the pages that have it open, on every replica, the heads-up a page's save
// gives, in the name of the person who started the job. It needs no hub:
// the job engine is built before the console's pages.
func JobHeadsUp(bus events.Bus, log *slog.Logger) func(ctx context.Context, e store.Entry) {
	return func(ctx context.Context, e store.Entry) {
		if !e.OK() || e.ScenarioID == "" {
			return
		}
		who := "A bulk job"
		if e.Identity != "" {
			who = e.Identity + "'s bulk job"
		}
		for _, sv := range headsUps(e, who, "") {
			if err := live.PublishSaved(ctx, bus, sv); err != nil && log != nil {
				log.Warn("a bulk job's heads-up was not sent", "err", err)
			}
		}
	}
}

// headsUps are the heads-ups a successful write brings, said by who; the
// pages of session (the writer's own) are spared them.
func headsUps(e store.Entry, who, session string) []live.Saved {
	sv := live.Saved{Scenario: e.ScenarioID, Who: who, Session: session}
	first := ""
	if len(e.TargetIDs) > 0 {
		first = e.TargetIDs[0]
	}
	switch e.Action {
	case "article.update", "article.publish", "lang_url.set", "lang_url.delete":
		sv.Object, sv.What, sv.Href = "article:"+first, "a newer version", "/articles/"+first+"/history"
	case "articles.delete":
		var out []live.Saved
		for _, id := range e.TargetIDs {
			out = append(out, live.Saved{Scenario: sv.Scenario, Who: sv.Who, Session: sv.Session, Object: "article:" + id, What: "nothing more: the article was deleted", Href: "/articles"})
		}
		return out
	case "review.set":
		sv.Object, sv.What, sv.Href = "conversation:"+first, "a review", "/conversations/"+first
	case "metadata.set":
		sv.Object, sv.What, sv.Href = "conversation:"+first, "new metadata", "/conversations/"+first
	case "kb_settings.update", "chatbot_settings.update":
		sv.Object, sv.What, sv.Href = "settings", "newer settings", "/settings"
	case "widget.update":
		sv.Object, sv.What, sv.Href = "widget", "a newer widget", "/widget"
	case "handoff.update":
		sv.Object, sv.What, sv.Href = "handoff", "newer handoff settings", "/handoff"
	case "rating_config.update":
		sv.Object, sv.What, sv.Href = "ratings", "newer rating settings", "/ratings"
	case "ai_action.update", "ai_action.toggle", "ai_action.delete":
		sv.Object, sv.What, sv.Href = "ai-action:"+first, "a newer version of this AI action", "/ai-actions/"+first
	default:
		return nil
	}
	if first == "" && strings.HasSuffix(sv.Object, ":") {
		return nil
	}
	return []live.Saved{sv}
}
