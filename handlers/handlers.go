// Package handlers is the console's web layer: echo routes, middleware and
// the handlers that turn browser requests into Quickchat API calls.
package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/audit"
	"qcadmin/events"
	"qcadmin/identity"
	"qcadmin/jobs"
	"qcadmin/kbindex"
	"qcadmin/live"
	"qcadmin/markdown"
	"qcadmin/metrics"
	"qcadmin/sessions"
	"qcadmin/store"
	"qcadmin/views/layout"
	"qcadmin/web"
)

// API is what the console's pages need from the Quickchat API (see audit.API).
type API = audit.API

// Check is one dependency /readyz reports on.
type Check struct {
	Name string
	Ping func(ctx context.Context) error
}

// Deps is everything the web layer is built from.
type Deps struct {
	Log      *slog.Logger
	Sessions *sessions.Manager
	Assets   layout.Assets
	Static   http.Handler
	// Connect returns an API client bound to one session's token.
	Connect func(token string) API
	// DemoToken signs visitors in to the sandbox's demo agent with one click; empty outside demo mode.
	DemoToken string
	// DemoExposed says the demo console listens beyond loopback, so the sign-in page warns that anyone reaching it can change the demo data.
	DemoExposed bool
	Markdown    *markdown.Renderer
	// Languages are the ISO 639-1 codes offered for an article's language versions.
	Languages []string
	// ReviewPrefix starts the conversation metadata keys that hold team review state.
	ReviewPrefix string
	Ready        []Check
	// UploadLimit is the largest file, in bytes, a person may import; zero means 20 MiB.
	UploadLimit int64
	// RequestTimeout is the one deadline of a signed-in browser request: every
	// call it makes to Quickchat, and every wait for the rate budget, must end
	// within it. Zero sets none (each call keeps only the client's own bound).
	RequestTimeout time.Duration
	// HeavyRequestTimeout replaces RequestTimeout for the routes that import
	// or retrain, whose calls Quickchat takes longer to answer; zero means two
	// minutes. It is never shorter than RequestTimeout. File uploads, paced by
	// the person's connection, get no request deadline: each file's call keeps
	// the client's own bound for uploads.
	HeavyRequestTimeout time.Duration
	// Budgets are the process's Quickchat rate budgets, so pages can say when a request waits its turn; may be nil.
	Budgets *apiclient.Budgets
	// LegacyChatURL is the legacy chat's address (api_key in the body), for the playground.
	LegacyChatURL string
	// DemoAPIKey is the demo agent's legacy chat key, kept server-side; empty outside demo mode.
	DemoAPIKey string
	// Audit records every write made through the console; New wraps Connect with it. Nil keeps no log.
	Audit *store.Audit
	// Reviews keeps every conversation review given through the console, the thread the inbox shows; nil keeps only the metadata's latest.
	Reviews *store.Reviews
	// Views keeps the inbox views each agent's team saved; nil offers none.
	Views *store.Views
	// Auth says how people are identified behind an SSO proxy; the zero value is token mode.
	Auth identity.Auth
	// Agents are the provisioned agents people switch between; nil means people paste tokens.
	Agents *identity.Agents
	// Metrics, when set, times every page by its route template; nil keeps no metrics.
	Metrics *metrics.Metrics
	// Events carries live updates between the replicas (presence, heads-ups,
	// inbox changes); nil keeps them within this process.
	Events events.Bus
	// Live bounds the pages' event streams and sets the inbox poller's pace; the zero value takes the defaults.
	Live live.Config
	// Jobs runs bulk work on the knowledge base in the background; nil offers only bulk delete.
	Jobs *jobs.Engine
	// Index keeps each agent's article list for state filters, sorting, tag
	// counts and paragraphs' titles; nil makes one on Events.
	Index *kbindex.Index
}

// Handlers serves the console's pages.
type Handlers struct {
	Deps
	kit         *web.Kit
	live        *live.Hub
	liveServers sync.Map // the *http.Servers whose shutdown ends the streams
}

// New builds the console's echo server with its middleware and routes.
func New(d Deps) *echo.Echo {
	h := &Handlers{Deps: d}
	h.kit = &web.Kit{Log: d.Log, Sessions: d.Sessions, Assets: d.Assets, Frame: h.frameIdentity, BodyLimit: maxBody}
	if h.Events == nil {
		h.Events = events.NewLocal()
	}
	h.live = live.New(h.Events, d.Log, d.Live)
	if h.Index == nil {
		h.Index = kbindex.New(kbindex.Config{Bus: h.Events, Log: d.Log})
	}
	if d.Audit != nil {
		connect := d.Connect
		recorded := func(ctx context.Context, e store.Entry) {
			h.savedHeadsUp(ctx, e)
			h.Index.Recorded(ctx, e) // a save shows in the article index at once, on every replica
		}
		h.Connect = func(token string) API { // here, not in main, so no wiring can hand out an unaudited client
			return audit.Wrap(connect(token), d.Audit, d.Log, d.ReviewPrefix, audit.OnRecorded(recorded))
		}
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = h.kit.ErrorHandler
	h.middleware(e)
	h.routes(e)
	return e
}

func (h *Handlers) home(c echo.Context) error {
	// Someone the SSO proxy signed in is given an agent on the way, where agents are provisioned.
	if _, ok := h.person(c); ok && h.Agents != nil {
		return web.Redirect(c, "/articles")
	}
	if _, ok := h.Sessions.Account(c.Request().Context()); ok {
		return web.Redirect(c, "/articles")
	}
	return web.Redirect(c, "/login")
}
