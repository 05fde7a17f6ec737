package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// handlerFunc answers an authenticated, authorized, rate-limited API request, or returns an error for the envelope.
type handlerFunc func(w http.ResponseWriter, r *http.Request, p principal) error

// routes builds the sandbox's handler. Paths are registered without their trailing slash; requests lose theirs
// before routing, so both spellings reach the same endpoint.
func (s *Sandbox) routes() http.Handler {
	mux := http.NewServeMux()
	methods := map[string][]string{} // pattern → its methods, in registration order
	handle := func(base, method, route string, h handlerFunc) {
		pattern := base + route
		mux.Handle(method+" "+pattern, s.endpoint(method, route, h))
		methods[pattern] = append(methods[pattern], method)
	}
	api := func(method, route string, h handlerFunc) { handle("/v1/api/", method, route, h) }
	apiCore := func(method, route string, h handlerFunc) { handle("/v1/api_core/", method, route, h) }
	// Sandbox-only paths, outside the API's prefixes: they change what a real source would own.
	sandboxOnly := func(method, route string, h handlerFunc) { handle("/sandbox/", method, route, h) }

	api(http.MethodGet, "knowledge_base", s.getSettings)
	api(http.MethodPatch, "knowledge_base", s.patchSettings)
	api(http.MethodGet, "knowledge_base/articles", s.listArticles)
	api(http.MethodPost, "knowledge_base/articles", s.createArticle)
	api(http.MethodDelete, "knowledge_base/articles", s.deleteArticles)
	// Literal segments before {id}: the mux prefers them anyway, but a reader should see them first.
	api(http.MethodGet, "knowledge_base/articles/search", s.searchArticles)
	api(http.MethodGet, "knowledge_base/articles/paragraphs", s.listParagraphs)
	api(http.MethodGet, "knowledge_base/articles/{id}", s.getArticle)
	api(http.MethodPatch, "knowledge_base/articles/{id}", s.patchArticle)
	api(http.MethodGet, "knowledge_base/articles/{id}/lang_urls/{language}", s.getLangURL)
	api(http.MethodPost, "knowledge_base/articles/{id}/lang_urls/{language}", s.createLangURL)
	api(http.MethodPatch, "knowledge_base/articles/{id}/lang_urls/{language}", s.patchLangURL)
	api(http.MethodDelete, "knowledge_base/articles/{id}/lang_urls/{language}", s.deleteLangURL)
	api(http.MethodGet, "knowledge_base/tags", s.listTags)
	api(http.MethodPost, "knowledge_base/retrain", s.retrain) // inferred: see shared spec EXTRA.md
	api(http.MethodPost, "knowledge_base/file_upload_api/pdf", s.uploadPDF)
	api(http.MethodPost, "knowledge_base/file_upload_api", s.uploadFile)
	api(http.MethodPost, "knowledge_base/import_external/website", s.importWebsite)
	api(http.MethodPost, "knowledge_base/import_external/site-map", s.importSitemap)
	api(http.MethodPost, "knowledge_base/import_external/scrape-list", s.importScrapeList)
	api(http.MethodPost, "knowledge_base/import_external/youtube", s.importYouTube)
	api(http.MethodPost, "knowledge_base/sources/{source}/import", s.importSource)
	api(http.MethodPost, "knowledge_base/sources/{source}/delete", s.deleteSource)
	api(http.MethodPost, "knowledge_base/sources/{source}/articles_diff", s.diffSource)
	api(http.MethodPost, "knowledge_base/intercom/import", s.importIntercom)
	api(http.MethodPost, "knowledge_base/intercom/delete", s.deleteIntercom)
	api(http.MethodGet, "knowledge_base/intercom/articles_diff", s.diffIntercom)
	api(http.MethodPost, "knowledge_base/intercom/refresh_articles", s.refreshIntercom)
	api(http.MethodGet, "conversation_ratings/configuration", s.getRatingConfig)
	api(http.MethodPatch, "conversation_ratings/configuration", s.patchRatingConfig)
	api(http.MethodGet, "chatbot_settings", s.getChatbotSettings)
	api(http.MethodPatch, "chatbot_settings", s.patchChatbotSettings) // inferred: see shared spec EXTRA.md
	api(http.MethodGet, "widget/configuration", s.getWidgetConfig)
	api(http.MethodPatch, "widget/configuration", s.patchWidgetConfig) // inferred: see shared spec EXTRA.md
	api(http.MethodGet, "human_handoff/configuration", s.getHandoffConfig)
	api(http.MethodPut, "human_handoff/configuration", s.putHandoffConfig)
	api(http.MethodGet, "ai_actions", s.listAIActions)
	api(http.MethodPost, "ai_actions/knowledge_base", s.createKBAction)
	api(http.MethodPatch, "ai_actions/{id}", s.patchAIAction)   // inferred: see shared spec EXTRA.md
	api(http.MethodDelete, "ai_actions/{id}", s.deleteAIAction) // inferred: see shared spec EXTRA.md
	api(http.MethodGet, "ai_actions/{id}/knowledge_base", s.getKBAction)
	api(http.MethodPut, "ai_actions/{id}/knowledge_base", s.putKBAction)

	apiCore(http.MethodGet, "conversations", s.listConversations)
	apiCore(http.MethodGet, "conversations/{conversation_id}", s.getConversation)
	apiCore(http.MethodGet, "conversations/{conv_id}/events", s.listConversationEvents) // inferred: see shared spec EXTRA.md
	apiCore(http.MethodGet, "conversations/{conv_id}/metadata", s.getConversationMetadata)
	apiCore(http.MethodPost, "conversations/{conv_id}/metadata", s.setConversationMetadata)

	sandboxOnly(http.MethodGet, "sources/{source}/articles", s.listExternal)
	sandboxOnly(http.MethodPost, "sources/{source}/articles", s.addExternal)
	sandboxOnly(http.MethodPatch, "sources/{source}/articles/{external_id}", s.editExternal)
	sandboxOnly(http.MethodDelete, "sources/{source}/articles/{external_id}", s.removeExternal)
	sandboxOnly(http.MethodGet, "mcp", s.getSandboxMCP)
	sandboxOnly(http.MethodPut, "mcp", s.putSandboxMCP)

	// The chat lives at the origin, not under /v1/api/, and authenticates itself: a Bearer token or a legacy api_key.
	mux.Handle("POST /chat", s.chatEndpoint())
	methods["/chat"] = []string{http.MethodPost}
	// The official MCP client's calls: under /v1/api/, but a Bearer token of either scope or the older
	// header pair scenario-id + X-API-Key; the chat shares the chat's budget.
	mcpCall := func(method, route, limitKey string, t tier, h handlerFunc) {
		pattern := "/v1/api/" + route
		mux.Handle(method+" "+pattern, s.mcpEndpoint(limitKey, t, h))
		methods[pattern] = append(methods[pattern], method)
	}
	mcpCall(http.MethodGet, "mcp/settings", "GET mcp/settings", tierRead, s.getMCPSettings)
	mcpCall(http.MethodPost, "mcp/chat", chatEndpointKey, tierWrite, s.mcpChat)

	// A second mux, by path only, tells "wrong method" (405) from "no such path" (404).
	known := http.NewServeMux()
	for pattern, allowed := range methods {
		known.Handle(pattern, methodNotAllowed(allowed))
	}
	mux.HandleFunc("GET /{$}", s.index)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if h, pattern := known.Handler(r); pattern != "" {
			h.ServeHTTP(w, r)
			return
		}
		writeError(w, r, s.log, notFound("No API endpoint at %s %s.", r.Method, r.URL.Path))
	})
	return s.observe(stripTrailingSlash(mux))
}

// endpoint wraps an API handler with authentication, the scope check and the rate limit.
func (s *Sandbox) endpoint(method, route string, h handlerFunc) http.Handler {
	key := method + " " + route
	t := endpointTier(method, route)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.serveAPI(w, r, key, t, h); err != nil {
			writeError(w, r, s.log, err)
		}
	})
}

func (s *Sandbox) serveAPI(w http.ResponseWriter, r *http.Request, endpoint string, t tier, h handlerFunc) error {
	p, err := s.authenticate(r)
	if err != nil {
		return err
	}
	if err := authorize(p, r.Method); err != nil {
		return err
	}
	if s.limiter != nil {
		if wait := s.limiter.wait(p.Token, endpoint, t); wait > 0 {
			return tooManyRequests(w, wait)
		}
	}
	return h(w, r, p)
}

func methodNotAllowed(allowed []string) http.Handler {
	if slices.Contains(allowed, http.MethodGet) {
		allowed = append(slices.Clone(allowed), http.MethodHead)
	}
	allow := strings.Join(allowed, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeJSON(w, http.StatusMethodNotAllowed, errorBody(codeMethodNotAllowed,
			fmt.Sprintf("Method %s is not allowed on %s; allowed: %s.", r.Method, r.URL.Path, allow)))
	})
}

// stripTrailingSlash removes one trailing slash from the path, so "articles/" and "articles" are the same route.
func stripTrailingSlash(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.Path) > 1 && strings.HasSuffix(r.URL.Path, "/") {
			u := *r.URL
			u.Path = strings.TrimSuffix(u.Path, "/")
			u.RawPath = strings.TrimSuffix(u.RawPath, "/")
			r = r.WithContext(r.Context())
			r.URL = &u
		}
		next.ServeHTTP(w, r)
	})
}
