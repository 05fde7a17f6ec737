package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"qcadmin/internal/testdocs"
)

// The conformance test runs every request example of the two reference pages in shared/spec
// (001_*.txt, the older full reference, and 000_*.txt, the newer overview) against the sandbox as
// written: same method, path, query, headers and body, with only the base URL swapped
// (https://app.quickchat.ai and https://chat.quickchat.ai become the sandbox) and the placeholders
// <API_TOKEN>, <API_KEY> and <SCENARIO_ID> filled with a real token, key and scenario. Each answer must
// have the documented status and the documented shape: every field of the page's example answer, with
// the example's JSON type (a null in the example allows any type).
//
// The examples assume an account that already holds what they name: articles 1234 and 5678, the
// conversation conv-uuid-1234, the KB AI Action 1 and the pages of example.com. conformanceAccount
// makes them, through the API where it can, so the examples need no change.

// refExample is one request example of a reference page.
type refExample struct {
	page   string // "001" (older reference) or "000" (newer overview)
	name   string // the section it is under
	method string
	url    string // as written on the page
	token  string // the token placeholder sent as "Authorization: Bearer …"; "" sends none
	body   string // the JSON body as written; "" sends none
	upload string // the multipart field of a file upload ("pdf_file", "file")
	status int    // the documented status
	shape  string // the documented answer (an example, or the schema the page points to); "" when none is documented
	// message is the error message the page quotes word for word, when it quotes one.
	message string
	// before prepares what the example assumes, when the account does not hold it already.
	before func(t *testing.T, e *testEnv)
}

// Documented answers, copied from the pages.
const (
	refKBSettings = `{ "one_word_description": "Support Agent", "short_description": "A helpful customer support assistant.", "ai_commands": ["Be polite", "Stay on topic"], "retrain_state": null}`
	refArticle    = `{ "id": 1234, "article_id": "abc-123", "type": "Article", "title": "Return Policy", "description": "", "content": "Our return policy allows returns within 30 days.", "state": "draft", "url": null, "parent_id": null, "parent_type": null, "shortened": false, "tags": [], "created_timestamp": "2026-01-15", "last_modified_timestamp": "2026-01-15"}`
	// refNewerArticle is the newer edition's create answer (NEWER.md §4.1), which the sandbox also gives.
	refNewerArticle  = `{"id": 1234, "article_id": "abc-123", "type": "Article", "title": "Return Policy", "description": "", "content": "Our return policy allows returns within 30 days.", "state": "draft", "deploy_state": "draft", "version": null, "max_available_version": null, "url": null, "tags": [], "created_timestamp": "2026-01-15", "last_modified_timestamp": "2026-01-15", "downloaded_timestamp": "2026-01-15", "last_updated_timestamp": "2026-01-15", "last_updated_from_external_source_timestamp": null}`
	refArticleList   = `{ "items": [ { "id": 1234, "article_id": "abc-123", "type": "Article", "title": "Return Policy", "description": "", "state": "published", "url": null, "parent_id": null, "parent_type": null, "shortened": false, "tags": ["policies"], "created_timestamp": "2026-01-15", "last_modified_timestamp": "2026-01-15" } ], "offset": 0, "count": 1}`
	refSearch        = `{ "article_snippets": [ { "article_id": 1234, "expository_sentence": "Our return policy allows returns within 30 days.", "query_words_ids": [ {"start_char": 4, "end_char": 10, "text": "return"} ] } ], "article_snapshots": { "items": [], "offset": 0, "count": 1 }}`
	refParagraphs    = `{ "items": [ { "id": 1, "content": "Our return policy allows returns within 30 days." } ], "offset": 0, "count": 1}`
	refLangURL       = `{ "url": "https://example.com/en/return-policy"}`
	refTags          = `["policies", "faq", "product-info"]`
	refUpload        = `{ "status": "success", "message": "File processed successfully.", "article": { "id": 1234, "title": "document.pdf" }}`
	refWebsite       = `{ "status": "success", "url": "https://example.com/docs", "article": {}}`
	refLinks         = `{ "status": "success", "links": ["https://example.com/page1", "https://example.com/page2"]}`
	refSnapshots     = `[{}]` // "a list of imported article snapshots"
	refDiff          = `[ { "internal_article_diff": "CHANGED", "external_article_diff": "UNCHANGED", "article_snapshot": {} }]`
	refConversations = `{ "items": [ { "id": "conv-uuid-1234", "ord": 42, "created_at": "2026-01-15T10:30:00Z", "last_message_at": "2026-01-15T10:35:00Z", "title": "Return policy question", "source": "widget", "terminated": false, "resolution_status": "open", "has_unread_messages": true, "assignee": { "type": "ai_assistant" }, "visitor_name": null, "visitor_email": null, "visitor_phone_number": null, "visitor_label": null } ], "offset": 0, "count": 42}`
	refConversation  = `{ "id": "conv-uuid-1234", "ord": 42, "created_at": "2026-01-15T10:30:00Z", "last_message_at": "2026-01-15T10:35:00Z", "title": "Return policy question", "source": "widget", "terminated": false, "resolution_status": "open", "has_unread_messages": true, "assignee": { "type": "ai_assistant" }, "url": null, "client_metadata": {"userId": 12}, "data_gathering": null, "last_visitor_message_at": "2026-01-15T10:34:00Z", "visitor_name": "John", "visitor_email": "john@example.com", "visitor_phone_number": null, "visitor_label": null}`
	refMetadata      = `{ "metadata": { "ticket_id": "T-1234", "priority": "high" }}`
	refKBAction      = `{ "id": 1, "name": "", "description": "", "icon": null, "icon_color": null, "is_active": false, "is_valid": false, "tag": null, "parameter_description": "", "type": "knowledge_base"}`
	refLegacyChat    = `{ "ord_number": 236, "conv_id": "abcd1234", "reply": "Hey there!"}`
	refPage          = `{ "items": [], "offset": 0, "limit": 10, "count": 100}`
	refError         = `{ "errors": { "root": [ { "message": "Description of the error", "code": "ERROR_CODE" } ] }}`
)

// The visitor fields of the list example are strings for one visitor; other conversations of the
// account have no visitor details, which the API gives as null (as the example's phone and label).

// refExamples lists the examples in an order where each finds what it names: create before read,
// delete last. Requests with no example on the page (sources delete and diff, the Intercom calls
// other than the diff, PATCH of a language URL) are run with the documented method, path and status.
func refExamples() []refExample {
	const (
		api  = "https://app.quickchat.ai/v1/api/"
		core = "https://app.quickchat.ai/v1/api_core/"
		tok  = "<API_TOKEN>"
	)
	return []refExample{
		// 001: Chat (Legacy Auth).
		{page: "001", name: "Send Message (legacy chat)", method: "POST", url: "https://chat.quickchat.ai/chat",
			body: `{ "api_key": "<API_KEY>", "scenario_id": "<SCENARIO_ID>", "text": "Hello!", "conv_id": "abcd1234"}`,
			// "abcd1234" is a conversation the agent has never seen: it starts one with that id.
			status: http.StatusOK, shape: refLegacyChat},

		// 001: Knowledge Base settings.
		{page: "001", name: "Get Settings", method: "GET", url: api + "knowledge_base/", token: tok, status: http.StatusOK, shape: refKBSettings},
		{page: "001", name: "Update Settings", method: "PATCH", url: api + "knowledge_base/", token: tok,
			body: `{ "one_word_description": "Sales Bot"}`, status: http.StatusOK, shape: refKBSettings},

		// 001: Articles.
		{page: "001", name: "Create Article", method: "POST", url: api + "knowledge_base/articles/", token: tok,
			body:   `{ "content": "Our return policy allows returns within 30 days.", "title": "Return Policy"}`,
			status: http.StatusCreated, shape: refArticle, before: nextArticleID(1234)},
		{page: "001", name: "Create Article (newer edition's answer)", method: "POST", url: api + "knowledge_base/articles/", token: tok,
			body:   `{ "content": "Our return policy allows returns within 30 days.", "title": "Return Policy"}`,
			status: http.StatusCreated, shape: refNewerArticle, before: nextArticleID(5678)},
		{page: "001", name: "List Articles", method: "GET", url: api + "knowledge_base/articles/?limit=10&offset=0", token: tok, status: http.StatusOK, shape: refArticleList},
		{page: "001", name: "Get Article", method: "GET", url: api + "knowledge_base/articles/1234", token: tok, status: http.StatusOK, shape: refArticle},
		{page: "001", name: "Update Article", method: "PATCH", url: api + "knowledge_base/articles/1234", token: tok,
			body:   `{ "title": "Updated Return Policy", "content": "Returns accepted within 60 days.", "save_mode": "publish"}`,
			status: http.StatusOK, shape: refArticle},
		{page: "001", name: "Search Articles", method: "GET", url: api + "knowledge_base/articles/search?query=return%20policy", token: tok, status: http.StatusOK, shape: refSearch},
		{page: "001", name: "List Paragraphs", method: "GET", url: api + "knowledge_base/articles/paragraphs?limit=10", token: tok, status: http.StatusOK, shape: refParagraphs},

		// 001: Article Language URLs.
		{page: "001", name: "Create Language URL", method: "POST", url: api + "knowledge_base/articles/1234/lang_urls/en", token: tok,
			body: `{"url": "https://example.com/en/return-policy"}`, status: http.StatusOK, shape: refLangURL},
		{page: "001", name: "Get Language URL", method: "GET", url: api + "knowledge_base/articles/1234/lang_urls/en", token: tok, status: http.StatusOK, shape: refLangURL},
		{page: "001", name: "Update Language URL (no example: documented path and status)", method: "PATCH", url: api + "knowledge_base/articles/1234/lang_urls/en", token: tok,
			body: `{"url": "https://example.com/en/returns"}`, status: http.StatusOK, shape: refLangURL},
		{page: "001", name: "Delete Language URL", method: "DELETE", url: api + "knowledge_base/articles/1234/lang_urls/en", token: tok, status: http.StatusOK},

		// 001: Tags and File Upload.
		{page: "001", name: "List Tags", method: "GET", url: api + "knowledge_base/tags/", token: tok, status: http.StatusOK, shape: refTags},
		{page: "001", name: "Upload PDF", method: "POST", url: api + "knowledge_base/file_upload_api/pdf", token: tok, upload: "pdf_file", status: http.StatusOK, shape: refUpload},
		{page: "001", name: "Upload File", method: "POST", url: api + "knowledge_base/file_upload_api/", token: tok, upload: "file", status: http.StatusOK, shape: refUpload},

		// 001: Import External Content. The website import answers 202 as the newer edition documents
		// (NEWER.md §8, [N]); the older page's 200 is the one status the sandbox no longer gives. YouTube is
		// 202 in both. The sitemap and link list keep the older page's 200: the newer copy stops before the
		// sitemap's status and has no link list section ([O] only), so no newer status is documented.
		{page: "001", name: "Scrape Website (202 in the newer edition; the older page says 200)", method: "POST", url: api + "knowledge_base/import_external/website", token: tok,
			body: `{ "url": "https://example.com/docs", "mode": "individual"}`, status: http.StatusAccepted, shape: refWebsite},
		{page: "001", name: "Import YouTube Transcript", method: "POST", url: api + "knowledge_base/import_external/youtube", token: tok,
			body:   `{ "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "toast_process_uuid": "550e8400-e29b-41d4-a716-446655440000"}`,
			status: http.StatusAccepted},
		{page: "001", name: "Import Sitemap", method: "POST", url: api + "knowledge_base/import_external/site-map", token: tok,
			body: `{ "site_map": "https://example.com/sitemap.xml"}`, status: http.StatusOK, shape: refLinks},
		{page: "001", name: "Scrape List of Links", method: "POST", url: api + "knowledge_base/import_external/scrape-list", token: tok,
			body: `{ "links": ["https://example.com/page1", "https://example.com/page2"], "tags": ["imported"]}`, status: http.StatusOK, shape: refLinks},

		// 001: Sources and Intercom.
		{page: "001", name: "Import Source Articles", method: "POST", url: api + "knowledge_base/sources/intercom/import", token: tok, body: `{}`, status: http.StatusOK, shape: refSnapshots},
		{page: "001", name: "Diff Source Articles (no example)", method: "POST", url: api + "knowledge_base/sources/intercom/articles_diff", token: tok, status: http.StatusOK, shape: refDiff},
		{page: "001", name: "Diff Intercom Articles", method: "GET", url: api + "knowledge_base/intercom/articles_diff", token: tok, status: http.StatusOK, shape: refDiff},
		{page: "001", name: "Refresh Intercom Articles (no example)", method: "POST", url: api + "knowledge_base/intercom/refresh_articles", token: tok, status: http.StatusNoContent},
		{page: "001", name: "Delete Source Articles (no example)", method: "POST", url: api + "knowledge_base/sources/intercom/delete", token: tok, status: http.StatusNoContent},
		{page: "001", name: "Import Intercom Articles (no example)", method: "POST", url: api + "knowledge_base/intercom/import", token: tok, status: http.StatusOK, shape: refSnapshots},
		{page: "001", name: "Delete Intercom Articles (no example)", method: "POST", url: api + "knowledge_base/intercom/delete", token: tok, status: http.StatusNoContent},

		// 001: Conversations and their metadata.
		{page: "001", name: "List Conversations", method: "GET", url: core + "conversations?limit=10&resolution_status=open", token: tok, status: http.StatusOK, shape: refConversations},
		{page: "001", name: "Get Conversation Details", method: "GET", url: core + "conversations/conv-uuid-1234/", token: tok, status: http.StatusOK, shape: refConversation},
		{page: "001", name: "Set Metadata", method: "POST", url: core + "conversations/conv-uuid-1234/metadata", token: tok,
			body: `{ "metadata": { "ticket_id": "T-1234", "priority": "high" }}`, status: http.StatusOK, shape: refMetadata},
		{page: "001", name: "Get Metadata", method: "GET", url: core + "conversations/conv-uuid-1234/metadata", token: tok, status: http.StatusOK, shape: refMetadata},

		// 001: KB AI Actions.
		{page: "001", name: "Create KB AI Action", method: "POST", url: api + "ai_actions/knowledge_base", token: tok, body: `{}`, status: http.StatusCreated, shape: refKBAction},
		{page: "001", name: "Get KB AI Action", method: "GET", url: api + "ai_actions/1/knowledge_base", token: tok, status: http.StatusOK, shape: refKBAction},
		{page: "001", name: "Update KB AI Action", method: "PUT", url: api + "ai_actions/1/knowledge_base", token: tok,
			body:   `{ "name": "Search Returns", "description": "Search the return policy articles when customer asks about returns.", "parameter_description": "The return-related query from the customer", "tag": "returns"}`,
			status: http.StatusOK, shape: refKBAction},

		// 001: Delete Articles last, once nothing else needs 1234.
		{page: "001", name: "Delete Articles", method: "DELETE", url: api + "knowledge_base/articles/", token: tok, body: `[1234, 5678]`, status: http.StatusOK},

		// 000: the newer overview's examples: the pagination envelope (now with limit), an invalid token,
		// and a read_all token on a write endpoint.
		{page: "000", name: "Pagination", method: "GET", url: api + "knowledge_base/articles/?limit=10&offset=0", token: "<READ_TOKEN>", status: http.StatusOK, shape: refPage},
		{page: "000", name: "Error: invalid token (401)", method: "GET", url: api + "knowledge_base/", token: "not-a-token", status: http.StatusUnauthorized, shape: refError},
		{page: "000", name: "Error: read_all on a write endpoint (403)", method: "PATCH", url: api + "knowledge_base/", token: "<READ_TOKEN>",
			body: `{ "one_word_description": "Sales Bot"}`, status: http.StatusForbidden, shape: refError, message: "Insufficient token scope. Required: write_all"},
	}
}

// nextArticleID makes the next article created get id.
func nextArticleID(id int64) func(t *testing.T, e *testEnv) {
	return func(t *testing.T, e *testEnv) {
		t.Helper()
		if _, err := e.sb.store.db.Exec("UPDATE sqlite_sequence SET seq = ? WHERE name = 'articles'", id-1); err != nil {
			t.Fatal(err)
		}
	}
}

// conformanceAccount is the account the examples assume: the demo agent, plus the conversation
// conv-uuid-1234 of the examples, a KB AI Action numbered 1 (the demo's own actions make way), and
// example.com's pages served by a local site.
func conformanceAccount(t *testing.T) *testEnv {
	t.Helper()
	e := newEnvWith(t, Config{FetchAllow: []string{"example.com"}})
	ctx := context.Background()
	at := e.clock.Now().Add(-time.Hour)
	visitor, email := "John", "john@example.com"
	conv := conversationRecord{ID: "conv-uuid-1234", Ord: 100042, Created: at, LastMessage: at.Add(5 * time.Minute), LastVisitorMessage: &at,
		Title: "Return policy question", Source: "widget", ResolutionStatus: statusOpen, HasUnread: true, AssigneeType: assigneeAI,
		VisitorName: &visitor, VisitorEmail: &email, ClientMetadata: `{"userId": 12}`, Language: "en", Sentiment: "neutral", Topic: "returns", Resolution: "unresolved"}
	if err := insertConversation(ctx, e.sb.store.db, DemoScenarioID, conv, nil, "{}"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sb.store.db.Exec("DELETE FROM ai_actions"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sb.store.db.Exec("UPDATE sqlite_sequence SET seq = 0 WHERE name = 'ai_actions'"); err != nil {
		t.Fatal(err)
	}
	site := testdocs.HelpSite(t,
		testdocs.Page{Path: "/docs", Title: "Docs", Body: "<main><h1>Docs</h1><p>How returns work.</p></main>"},
		testdocs.Page{Path: "/page1", Title: "Page one", Body: "<main><h1>Page one</h1><p>Returns within 30 days.</p></main>"},
		testdocs.Page{Path: "/page2", Title: "Page two", Body: "<main><h1>Page two</h1><p>Refunds in 5 days.</p></main>"},
	)
	sitemap := `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
		`<url><loc>https://example.com/page1</loc></url><url><loc>https://example.com/page2</loc></url></urlset>`
	target, _ := url.Parse(site.URL)
	// example.com is served locally: the sitemap here, the pages by the help site.
	e.sb.fetcher.client.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.URL.Path == "/sitemap.xml" {
			rec := httptest.NewRecorder()
			rec.Header().Set("Content-Type", "application/xml")
			rec.WriteString(sitemap)
			res := rec.Result()
			res.Request = r
			return res, nil
		}
		out := r.Clone(r.Context())
		out.URL.Scheme, out.URL.Host, out.Host = target.Scheme, target.Host, ""
		return http.DefaultTransport.RoundTrip(out)
	})
	return e
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestReferenceExamples(t *testing.T) {
	e := conformanceAccount(t)
	key, err := e.sb.APIKey(DemoScenarioID)
	if err != nil {
		t.Fatal(err)
	}
	fill := strings.NewReplacer("<API_KEY>", key, "<SCENARIO_ID>", DemoScenarioID)
	for i, ex := range refExamples() {
		t.Run(fmt.Sprintf("%s_%02d_%s", ex.page, i, ex.name), func(t *testing.T) {
			if ex.before != nil {
				ex.before(t, e)
			}
			req := ex.request(t, e, fill)
			r := e.send(req)
			if problems := ex.check(r); len(problems) > 0 {
				t.Errorf("%s %s:\n  %s\nanswer %d: %s", ex.method, ex.url, strings.Join(problems, "\n  "), r.Status, clip(r.Body))
			}
		})
	}
}

// request builds the example's request with the base URL swapped and the placeholders filled.
func (ex refExample) request(t *testing.T, e *testEnv, fill *strings.Replacer) *http.Request {
	t.Helper()
	u, err := url.Parse(ex.url)
	if err != nil {
		t.Fatal(err)
	}
	target := u.RequestURI() // the base URL swapped: only path and query are kept
	var req *http.Request
	switch {
	case ex.upload != "":
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		name, data := "document.pdf", testdocs.PDF("Returns are accepted within 30 days.")
		if ex.upload == "file" {
			name, data = "document.docx", testdocs.DOCX("Returns are accepted within 30 days.")
		}
		w, err := mw.CreateFormFile(ex.upload, name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
		mw.Close()
		req = httptest.NewRequest(ex.method, target, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
	case ex.body != "":
		req = httptest.NewRequest(ex.method, target, strings.NewReader(fill.Replace(ex.body)))
		req.Header.Set("Content-Type", "application/json")
	default:
		req = httptest.NewRequest(ex.method, target, nil)
	}
	switch ex.token {
	case "":
	case "<API_TOKEN>":
		req.Header.Set("Authorization", "Bearer "+e.write)
	case "<READ_TOKEN>":
		req.Header.Set("Authorization", "Bearer "+e.read)
	default:
		req.Header.Set("Authorization", "Bearer "+ex.token)
	}
	return req
}

// check compares an answer with the documented status and shape.
func (ex refExample) check(r response) []string {
	var problems []string
	if r.Status != ex.status {
		problems = append(problems, fmt.Sprintf("status %d, documented %d", r.Status, ex.status))
	}
	if ex.shape == "" {
		return problems
	}
	var want, got any
	if err := json.Unmarshal([]byte(ex.shape), &want); err != nil {
		return append(problems, "the documented shape is not JSON: "+err.Error())
	}
	if err := json.Unmarshal(r.Body, &got); err != nil {
		return append(problems, "the answer is not JSON: "+err.Error())
	}
	problems = append(problems, shapeProblems("$", want, got)...)
	if ex.message != "" {
		var e struct {
			Errors struct {
				Root []struct {
					Message string `json:"message"`
				} `json:"root"`
			} `json:"errors"`
		}
		if json.Unmarshal(r.Body, &e) != nil || len(e.Errors.Root) == 0 || e.Errors.Root[0].Message != ex.message {
			problems = append(problems, fmt.Sprintf("the message is not the documented %q", ex.message))
		}
	}
	return problems
}

// shapeProblems lists where got differs from the documented example want: a missing field, or a value
// of another JSON type. A null in the example allows any type; an empty object or array in the example
// documents the type only; the items of an answer's array are each checked against the example's first.
func shapeProblems(at string, want, got any) []string {
	if want == nil {
		return nil
	}
	if kindOf(want) != kindOf(got) {
		return []string{fmt.Sprintf("%s is %s, documented %s", at, kindOf(got), kindOf(want))}
	}
	var out []string
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s.%s is missing", at, k))
				continue
			}
			out = append(out, shapeProblems(at+"."+k, wv, gv)...)
		}
	case []any:
		if len(w) > 0 {
			for i, gv := range got.([]any) {
				out = append(out, shapeProblems(fmt.Sprintf("%s[%d]", at, i), w[0], gv)...)
			}
		}
	}
	return out
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("%T", v)
}

func clip(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}
