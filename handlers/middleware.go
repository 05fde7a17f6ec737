package handlers

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"qcadmin/apiclient"
	"qcadmin/audit"
	"qcadmin/handlers/imports"
	"qcadmin/handlers/jobs"
	"qcadmin/metrics"
	"qcadmin/sessions"
	"qcadmin/web"
)

// contentSecurityPolicy allows nothing inline and nothing from elsewhere.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// maxBody bounds every request body, in bytes; article content is at most 200,000 characters.
const maxBody = 2 << 20

func (h *Handlers) middleware(e *echo.Echo) {
	cop := http.NewCrossOriginProtection()
	// echo's own RealIP would believe X-Forwarded-For from anyone; this one follows trusted proxies only.
	e.IPExtractor = h.Auth.ClientAddr
	if h.Metrics != nil {
		// Outermost, so a page is timed with the status it finally went out with, a panic's 500 included.
		e.Use(pageMetrics(h.Metrics))
	}
	e.Use(
		middleware.Recover(),
		securityHeaders,
		middleware.RequestID(),
		h.resolveClient,
		h.requestLog(),
		compress(),
		middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
			Limit: strconv.Itoa(maxBody),
			// File imports set their own, larger limit (imports' UploadBodyLimit).
			Skipper: func(c echo.Context) bool { return c.Path() == imports.UploadRoute || c.Path() == jobs.ImportRoute },
		}),
		crossOrigin(cop),
		h.kit.ReadForm,
	)
}

// compressMinSize is the smallest answer worth compressing, in bytes;
// smaller ones go out as they are.
const compressMinSize = 1024

// compress gzips answers for clients that accept it, in klauspost/compress's
// stateless mode: a 33 kB page costs under 0.1 ms and comes out within 3 % of
// its size at the fastest stateful level, and no compressor state (about
// 0.5 MB a response at that level, 0.8 MB at echo's default) stays allocated
// while responses are in flight. (klauspost's level 5 sends the article list
// in 604 fewer bytes, 3,959 instead of 4,563, but its 1 MB of state per page
// being written left the console 3–5 MB larger after a 32-connection run; see
// BENCHMARKS.md.) Answers under compressMinSize and /static/ (whose files
// have precompressed variants of their own) go out as they are; Vary:
// Accept-Encoding is set either way. A flush sends what was written so far,
// compressed, so streamed answers (server-sent events) keep flowing.
func compress() echo.MiddlewareFunc {
	wrap, err := gzhttp.NewWrapper(
		gzhttp.CompressionLevel(gzip.StatelessCompression),
		gzhttp.MinSize(compressMinSize),
		gzhttp.EnableZstd(false),
	)
	if err != nil {
		panic(err) // the options are constants
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if strings.HasPrefix(c.Path(), "/static/") || c.Path() == "/events" { // event streams go out as written
				return next(c)
			}
			res := c.Response()
			plain := res.Writer
			var err error
			wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				// The same echo.Response writes through the compressor, so its
				// Before hooks (the session's commit) and status stay as they are.
				res.Writer = w
				err = next(c)
			})).ServeHTTP(plain, c.Request())
			// An error not yet written is answered by echo's error handler after
			// this returns, when the compressor is closed: uncompressed.
			res.Writer = plain
			return err
		}
	}
}

// pageMetrics times every answer by its route template (such as
// "/articles/:id", never the address asked for), method and status class.
// Event streams, open for as long as their page, are counted as streams
// instead: as pages they would read as hours-long answers.
func pageMetrics(m *metrics.Metrics) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Path() == "/events" {
				return next(c)
			}
			start := time.Now()
			err := next(c)
			status := c.Response().Status
			if err != nil && !c.Response().Committed {
				// echo's error handler answers after this returns.
				status = http.StatusInternalServerError
				if he, ok := errors.AsType[*echo.HTTPError](err); ok {
					status = he.Code
				}
			}
			m.Page(c.Path(), c.Request().Method, status, time.Since(start))
			return err
		}
	}
}

func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		hd := c.Response().Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		// Pages carry account data; static assets override this with their own caching.
		hd.Set("Cache-Control", "no-store")
		return next(c)
	}
}

// crossOrigin refuses state changes that a browser says came from another site.
func crossOrigin(cop *http.CrossOriginProtection) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := cop.Check(c.Request()); err != nil {
				return echo.NewHTTPError(http.StatusForbidden, "This request came from another site and was refused.")
			}
			return next(c)
		}
	}
}

// requestLog writes one line per request, tagged with its request id. URLs
// never carry tokens, so the path is safe to log.
func (h *Handlers) requestLog() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURI: true, LogMethod: true, LogLatency: true, LogRequestID: true,
		HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			switch {
			case v.Status >= 500:
				level = slog.LevelError
			case v.Status >= 400:
				level = slog.LevelWarn
			}
			h.Log.LogAttrs(c.Request().Context(), level, "request",
				slog.String("method", v.Method), slog.String("uri", v.URI),
				slog.Int("status", v.Status), slog.Duration("latency", v.Latency),
				slog.String("request_id", v.RequestID))
			return nil
		},
	})
}

// requireAccount sends signed-out visitors to the sign-in page and remembers
// where they were going; behind an SSO proxy with provisioned agents it signs
// the person in to an agent shared with them instead.
func (h *Handlers) requireAccount(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := h.Sessions.Account(c.Request().Context()); !ok {
			signedIn, err := h.provision(c)
			switch {
			case err != nil || c.Response().Committed:
				return err
			case signedIn:
				return next(c)
			}
			to := "/login"
			if c.Request().Method == http.MethodGet && !web.IsHTMX(c) {
				to += "?next=" + url.QueryEscape(c.Request().URL.RequestURI())
			} else if c.Request().Method != http.MethodGet {
				// Say so, rather than land on sign-in with no word about what was sent; keep it to offer back.
				ctx := c.Request().Context()
				if page, kept := h.kit.KeepSent(c, h.Sessions.LastAgent(ctx)); kept {
					to += "?next=" + url.QueryEscape(page)
					h.Sessions.Flash(ctx, "error", "Your session had ended, so what you just sent was not saved. It is kept for you: sign in and you can restore your text on the page you were on.")
				} else {
					h.Sessions.Flash(ctx, "error", "Your session had ended, so what you just sent was not saved. Sign in, then make the change again.")
				}
			}
			return web.Reload(c, to)
		}
		return next(c)
	}
}

// account is the signed-in agent; requireAccount has checked it exists.
func (h *Handlers) account(c echo.Context) sessions.Account {
	acct, _ := h.Sessions.Account(c.Request().Context())
	return acct
}

// auditContext tells the audit log who makes this request's writes, from
// where, on which agent; the audited client reads it from the request context.
func (h *Handlers) auditContext(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		acct := h.account(c)
		scope := audit.Scope{
			Identity:   h.identity(c),
			ClientIP:   clientIP(c),
			RequestID:  c.Response().Header().Get(echo.HeaderXRequestID),
			Agent:      acct.Label,
			ScenarioID: acct.ScenarioID,
		}
		c.SetRequest(c.Request().WithContext(audit.WithScope(c.Request().Context(), scope)))
		return next(c)
	}
}

// defaultHeavyRequestTimeout bounds import requests when
// Deps.HeavyRequestTimeout is zero: the Quickchat client's own bound for
// such calls.
const defaultHeavyRequestTimeout = 2 * time.Minute

// heavyRoutes make calls in Quickchat's HEAVY tier (imports, retraining)
// besides every POST under /imports/.
var heavyRoutes = map[string]bool{
	"/sources/:source/import":   true,
	"/sources/intercom/refresh": true,
	"/settings/retrain":         true,
}

// requestDeadline gives each signed-in request one deadline that every call
// it makes to Quickchat shares, waits for the rate budget and after a 429
// included: a save that makes three calls to a hanging Quickchat fails once,
// at the deadline, instead of after three timeouts, and a wait that would
// outlast it fails at once as a rate-budget error. The deadline is carried
// for the Quickchat client only (apiclient.WithCallDeadline): the request's
// context stays alive, so the page that says what happened still renders.
func (h *Handlers) requestDeadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		d := h.deadlineFor(c)
		if d > 0 {
			ctx := apiclient.WithCallDeadline(c.Request().Context(), time.Now().Add(d))
			c.SetRequest(c.Request().WithContext(ctx))
		}
		return next(c)
	}
}

// deadlineFor is how long this request's calls to Quickchat may take in
// all: longer for imports, zero when none is set. File uploads get none:
// their files stream from the browser to Quickchat as they arrive, so the
// person's connection sets their pace, and each file's call keeps the
// client's own bound for uploads instead.
func (h *Handlers) deadlineFor(c echo.Context) time.Duration {
	d := h.RequestTimeout
	if d <= 0 || c.Path() == imports.UploadRoute {
		return 0
	}
	if c.Request().Method == http.MethodPost && (strings.HasPrefix(c.Path(), "/imports/") || heavyRoutes[c.Path()]) {
		heavy := h.HeavyRequestTimeout
		if heavy <= 0 {
			heavy = defaultHeavyRequestTimeout
		}
		d = max(d, heavy)
	}
	return d
}

// api is a Quickchat client bound to this session's token; for a
// provisioned agent, the token the server read from its agents file.
func (h *Handlers) api(c echo.Context) API {
	return h.Connect(h.token(c))
}

// token is the token this session's calls use: the session's own, or for a
// provisioned agent the one the server read from its agents file.
func (h *Handlers) token(c echo.Context) string {
	if acct := h.account(c); acct.Agent != "" && h.Agents != nil {
		if ag, ok := h.Agents.Find(acct.Agent); ok {
			return ag.Token()
		}
	}
	token, _ := h.Sessions.Token(c.Request().Context())
	return token
}
