package audit

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/store"
)

// auditAPI is the Quickchat client every session gets (the console wraps
// every client it connects with Wrap): it forwards each call and records each
// write in the audit log. Every method is written out, with no embedding, so a method added
// to API does not compile until someone decides whether it writes.
type auditAPI struct {
	api          API
	audit        *store.Audit
	log          *slog.Logger
	reviewPrefix string // metadata keys that hold team review state
	onRecorded   func(ctx context.Context, e store.Entry)
}

var _ API = (*auditAPI)(nil)

// Wrap returns api recording each write in log, with logger for a write the
// log failed to store; reviewPrefix starts the metadata keys that hold team
// review state, so their writes are named reviews.
func Wrap(api API, log *store.Audit, logger *slog.Logger, reviewPrefix string, opts ...Option) API {
	a := &auditAPI{api: api, audit: log, log: logger, reviewPrefix: reviewPrefix}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Option changes what Wrap records.
type Option func(*auditAPI)

// OnRecorded calls f after each write is recorded, whether or not it
// succeeded (Entry.ErrorCode says), with the write's context: so pages that
// show what was written can be told, once, for every write of the console.
func OnRecorded(f func(ctx context.Context, e store.Entry)) Option {
	return func(a *auditAPI) { a.onRecorded = f }
}

// write is what one audited call touched.
type write struct {
	action  string
	targets []string
	summary string
	before  string
	after   string
	okCode  int // the status of success: 200, 201 or 204
}

// recordTimeout bounds the audit write, which must not keep the person waiting long.
const recordTimeout = 5 * time.Second

// record appends one write to the log. A failure to store it is logged as an
// error and not returned: the change has already happened at Quickchat, and
// failing the page would tell the person it had not, so they would make it
// again; the entry's log line still reaches the log stream.
func (a *auditAPI) record(ctx context.Context, w write, err error) {
	s := scopeOf(ctx)
	if as, ok := auditActionOf(ctx); ok {
		w.action = as.Action
		if as.Note != "" {
			w.summary = strings.TrimSpace(w.summary + " " + as.Note)
		}
	}
	status, code := outcome(err, w.okCode)
	e := store.Entry{
		At: time.Now().UTC(), Identity: s.Identity, ClientIP: s.ClientIP, RequestID: s.RequestID,
		Agent: s.Agent, ScenarioID: s.ScenarioID, Action: w.action, TargetIDs: w.targets,
		Summary: w.summary, Before: w.before, After: w.after, Status: status, ErrorCode: code,
	}
	// Recorded even when the person's request has just been cancelled: the write may have happened.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if rerr := a.audit.Record(rctx, e); rerr != nil {
		a.log.ErrorContext(ctx, "audit log: a write through the console was not stored",
			"action", w.action, "targets", w.targets, "request_id", s.RequestID, "err", rerr)
	}
	if a.onRecorded != nil {
		a.onRecorded(ctx, e)
	}
}

// outcome is the API's status and code; with no answer, status 0 and a code of the console's own.
func outcome(err error, okCode int) (int, string) {
	var apiErr *apiclient.APIError
	switch {
	case err == nil:
		return okCode, ""
	case errors.As(err, &apiErr):
		return apiErr.Status, apiErr.Code
	case errors.Is(err, apiclient.ErrRateBudget):
		return 0, "RATE_BUDGET"
	case errors.Is(err, context.DeadlineExceeded):
		return 0, "TIMEOUT"
	case errors.Is(err, context.Canceled):
		return 0, "CANCELED"
	default:
		return 0, "NOT_ANSWERED"
	}
}

func auditJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return ""
	}
	return string(b)
}

func targetID(id int64) string { return strconv.FormatInt(id, 10) }

// ---------- Articles ----------

// articleBefore reads an article as it is before a write, fresh, unless the
// caller handed its own fresh read (WithBefore); empty when it cannot.
func (a *auditAPI) articleBefore(ctx context.Context, id int64) (ArticleVersion, bool) {
	if cur, ok := beforeOf(ctx, id); ok {
		return VersionOf(cur), true
	}
	cur, err := a.api.GetArticle(apiclient.Fresh(ctx), id)
	if err != nil || cur == nil {
		return ArticleVersion{}, false
	}
	return VersionOf(cur), true
}

func (a *auditAPI) CreateArticle(ctx context.Context, in apiclient.ArticleCreate) (*apiclient.Article, error) {
	out, err := a.api.CreateArticle(ctx, in)
	w := write{action: "article.create", okCode: http.StatusCreated, summary: "Created “" + display.Title(in.Title) + "”."}
	if err == nil && out != nil {
		w.targets = []string{targetID(out.ID)}
		w.after = VersionOf(out).json()
	}
	a.record(ctx, w, err)
	return out, err
}

func (a *auditAPI) UpdateArticle(ctx context.Context, id int64, u apiclient.ArticleUpdate) (*apiclient.Article, error) {
	before, known := a.articleBefore(ctx, id)
	out, err := a.api.UpdateArticle(ctx, id, u)
	w := write{action: "article.update", okCode: http.StatusOK, targets: []string{targetID(id)}}
	verb := "Saved a draft of"
	if u.SaveMode == apiclient.SavePublish {
		w.action, verb = "article.publish", "Published"
	}
	title, changes := before.Title, ""
	if known {
		w.before = before.json()
	}
	if err == nil && out != nil {
		after := VersionOf(out)
		w.after, title = after.json(), after.Title
		if changed := before.changed(after); known && len(changed) > 0 {
			changes = " (" + strings.Join(changed, ", ") + " changed)"
		}
	}
	w.summary = verb + " “" + display.Title(title) + "”" + changes + "."
	a.record(ctx, w, err)
	return out, err
}

// maxDeleteVersions bounds the articles whose content a bulk delete keeps:
// each costs a read under the API's rate limit before the delete is sent.
const maxDeleteVersions = 20

func (a *auditAPI) DeleteArticles(ctx context.Context, ids []int64) error {
	n := min(len(ids), maxDeleteVersions)
	found := make([]*ArticleVersion, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if v, ok := a.articleBefore(ctx, ids[i]); ok {
				found[i] = &v
			}
		})
	}
	wg.Wait()
	var before []ArticleVersion
	var titles []string
	for _, v := range found {
		if v != nil {
			before = append(before, *v)
			titles = append(titles, "“"+display.Title(v.Title)+"”")
		}
	}
	err := a.api.DeleteArticles(ctx, ids)
	w := write{action: "articles.delete", okCode: http.StatusNoContent}
	for _, id := range ids {
		w.targets = append(w.targets, targetID(id))
	}
	w.summary = "Deleted " + display.Count(len(ids), "article", "articles")
	if len(titles) > 0 {
		w.summary += ": " + strings.Join(titles, ", ")
	}
	w.summary += "."
	if len(ids) > maxDeleteVersions {
		w.summary += " Content kept for the first " + strconv.Itoa(maxDeleteVersions) + "."
	}
	if len(before) > 0 {
		w.before = auditJSON(before)
	}
	a.record(ctx, w, err)
	return err
}

// ---------- Language versions ----------

type langURL struct {
	Language string `json:"language"`
	URL      string `json:"url"`
}

func (a *auditAPI) langURLBefore(ctx context.Context, id int64, language string) string {
	u, err := a.api.GetLangURL(apiclient.Fresh(ctx), id, language)
	if err != nil {
		return ""
	}
	return auditJSON(langURL{language, u})
}

func (a *auditAPI) CreateLangURL(ctx context.Context, articleID int64, language, url string) (string, error) {
	out, err := a.api.CreateLangURL(ctx, articleID, language, url)
	a.record(ctx, write{action: "lang_url.set", okCode: http.StatusCreated, targets: []string{targetID(articleID)},
		summary: "Linked the " + display.Language(language) + " version: " + url, after: auditJSON(langURL{language, url})}, err)
	return out, err
}

func (a *auditAPI) UpdateLangURL(ctx context.Context, articleID int64, language, url string) (string, error) {
	before := a.langURLBefore(ctx, articleID, language)
	out, err := a.api.UpdateLangURL(ctx, articleID, language, url)
	a.record(ctx, write{action: "lang_url.set", okCode: http.StatusOK, targets: []string{targetID(articleID)},
		summary: "Changed the " + display.Language(language) + " version's link to " + url, before: before, after: auditJSON(langURL{language, url})}, err)
	return out, err
}

func (a *auditAPI) DeleteLangURL(ctx context.Context, articleID int64, language string) error {
	before := a.langURLBefore(ctx, articleID, language)
	err := a.api.DeleteLangURL(ctx, articleID, language)
	a.record(ctx, write{action: "lang_url.delete", okCode: http.StatusNoContent, targets: []string{targetID(articleID)},
		summary: "Removed the " + display.Language(language) + " version's link.", before: before}, err)
	return err
}

// ---------- Knowledge base settings ----------

func (a *auditAPI) UpdateKnowledgeBase(ctx context.Context, u apiclient.KnowledgeBaseSettingsUpdate) (*apiclient.KnowledgeBaseSettings, error) {
	return auditSettings(ctx, a, "kb_settings.update", "Saved the knowledge base settings", a.api.GetKnowledgeBase, func() (*apiclient.KnowledgeBaseSettings, error) { return a.api.UpdateKnowledgeBase(ctx, u) }, nil)
}

func (a *auditAPI) RetrainKnowledgeBase(ctx context.Context) error {
	err := a.api.RetrainKnowledgeBase(ctx)
	a.record(ctx, write{action: "kb.retrain", okCode: http.StatusOK, summary: "Started retraining the knowledge base."}, err)
	return err
}

// auditSettings records a write of one settings object (knowledge base,
// ratings, chatbot, widget, handoff): the object as it was, as it became,
// and which fields changed. With asked set, a refusal records what was asked.
func auditSettings[T any](ctx context.Context, a *auditAPI, action, what string,
	get func(context.Context) (*T, error), save func() (*T, error), asked any) (*T, error) {
	var before string
	if cur, err := get(apiclient.Fresh(ctx)); err == nil {
		before = auditJSON(cur)
	}
	out, err := save()
	w := write{action: action, okCode: http.StatusOK, before: before, summary: what + "."}
	switch {
	case err == nil:
		w.after = auditJSON(out)
		w.summary = changedSummary(what, before, w.after)
	case asked != nil:
		w.after = auditJSON(asked)
	}
	a.record(ctx, w, err)
	return out, err
}

// changedSummary names the top-level fields that differ between two JSON objects.
func changedSummary(what, before, after string) string {
	var b, a map[string]json.RawMessage
	if json.Unmarshal([]byte(before), &b) != nil || json.Unmarshal([]byte(after), &a) != nil {
		return what + "."
	}
	var changed []string
	for k := range maps.Keys(a) {
		if string(a[k]) != string(b[k]) {
			changed = append(changed, k)
		}
	}
	for k := range maps.Keys(b) {
		if _, ok := a[k]; !ok {
			changed = append(changed, k)
		}
	}
	if len(changed) == 0 {
		return what + ": nothing changed."
	}
	slices.Sort(changed)
	return what + ": " + strings.Join(changed, ", ") + " changed."
}

// ---------- Conversations and ratings ----------

// SetConversationMetadata is recorded as review.set when only the team's
// review keys change, so the log tells a verdict from an edit of the data.
func (a *auditAPI) SetConversationMetadata(ctx context.Context, id string, metadata map[string]any) (map[string]any, error) {
	cur, berr := a.api.GetConversationMetadata(apiclient.Fresh(ctx), id)
	out, err := a.api.SetConversationMetadata(ctx, id, metadata)
	w := write{action: "metadata.set", okCode: http.StatusOK, targets: []string{id}}
	if berr == nil {
		w.before = auditJSON(cur)
	}
	if err == nil {
		w.after = auditJSON(out)
	} else {
		w.after = auditJSON(metadata) // what was asked, so a refusal shows what was refused
	}
	changed := metadataChanges(cur, metadata)
	if berr == nil && len(changed) > 0 && a.reviewPrefix != "" && allStartWith(changed, a.reviewPrefix) {
		w.action = "review.set"
		w.summary = "Reviewed conversation " + id + ": " + reviewVerdict(metadata, a.reviewPrefix) + "."
	} else if berr == nil {
		w.summary = "Set conversation " + id + "'s metadata: " + changedOrNothing(changed) + "."
	} else {
		w.summary = "Set conversation " + id + "'s metadata."
	}
	a.record(ctx, w, err)
	return out, err
}

func metadataChanges(before, after map[string]any) []string {
	var keys []string
	for k, v := range after {
		if old, ok := before[k]; !ok || auditJSON(old) != auditJSON(v) {
			keys = append(keys, k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func allStartWith(keys []string, prefix string) bool {
	for _, k := range keys {
		if !strings.HasPrefix(k, prefix) {
			return false
		}
	}
	return true
}

func reviewVerdict(metadata map[string]any, prefix string) string {
	if s, ok := metadata[prefix+"status"].(string); ok && s != "" {
		return s
	}
	return "review changed"
}

func changedOrNothing(keys []string) string {
	if len(keys) == 0 {
		return "nothing changed"
	}
	return strings.Join(keys, ", ") + " changed"
}

func (a *auditAPI) UpdateRatingConfiguration(ctx context.Context, u apiclient.RatingConfigurationUpdate) (*apiclient.RatingConfiguration, error) {
	return auditSettings(ctx, a, "rating_config.update", "Saved the rating configuration", a.api.GetRatingConfiguration, func() (*apiclient.RatingConfiguration, error) { return a.api.UpdateRatingConfiguration(ctx, u) }, nil)
}

// ---------- Imports and sources ----------

// importedArticle is what the log keeps of an article an import made: not its content, which the source has.
type importedArticle struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

func importedOf(articles []apiclient.Article) []importedArticle {
	out := make([]importedArticle, 0, len(articles))
	for _, x := range articles {
		out = append(out, importedArticle{x.ID, x.Title})
	}
	return out
}

func (a *auditAPI) upload(ctx context.Context, kind, filename string, out *apiclient.UploadResult, err error) {
	w := write{action: "import.upload", okCode: http.StatusOK, targets: []string{filename}, summary: "Uploaded " + kind + " “" + filename + "”."}
	if err == nil && out != nil {
		w.after = auditJSON(struct {
			Status  string          `json:"status"`
			Message string          `json:"message"`
			Article importedArticle `json:"article"`
		}{out.Status, out.Message, importedArticle{out.Article.ID, out.Article.Title}})
		if out.Article.ID != 0 {
			w.targets = append(w.targets, targetID(out.Article.ID))
		}
	}
	a.record(ctx, w, err)
}

func (a *auditAPI) UploadPDF(ctx context.Context, filename string, r io.Reader) (*apiclient.UploadResult, error) {
	out, err := a.api.UploadPDF(ctx, filename, r)
	a.upload(ctx, "the PDF", filename, out, err)
	return out, err
}

func (a *auditAPI) UploadFile(ctx context.Context, filename string, r io.Reader) (*apiclient.UploadResult, error) {
	out, err := a.api.UploadFile(ctx, filename, r)
	a.upload(ctx, "the file", filename, out, err)
	return out, err
}

func (a *auditAPI) ImportWebsite(ctx context.Context, in apiclient.WebsiteImport) (*apiclient.WebsiteImportResult, error) {
	out, err := a.api.ImportWebsite(ctx, in)
	w := write{action: "import.website", okCode: http.StatusOK, targets: []string{in.URL}, summary: "Imported the website " + in.URL + "."}
	if err == nil && out != nil {
		w.after = auditJSON(struct {
			Request         apiclient.WebsiteImport `json:"request"`
			Status          string                  `json:"status"`
			Article         importedArticle         `json:"article"`
			ArticlesCreated int                     `json:"articles_created,omitempty"`
		}{in, out.Status, importedArticle{out.Article.ID, out.Article.Title}, out.ArticlesCreated})
	}
	a.record(ctx, w, err)
	return out, err
}

func (a *auditAPI) ImportSitemap(ctx context.Context, in apiclient.SitemapImport) (*apiclient.LinksResult, error) {
	out, err := a.api.ImportSitemap(ctx, in)
	w := write{action: "import.sitemap", okCode: http.StatusOK, targets: []string{in.SiteMap}, summary: "Imported the sitemap " + in.SiteMap + "."}
	if err == nil && out != nil {
		w.after = auditJSON(struct {
			Request apiclient.SitemapImport `json:"request"`
			Result  *apiclient.LinksResult  `json:"result"`
		}{in, out})
		w.summary = "Imported the sitemap " + in.SiteMap + ": " + strconv.Itoa(len(out.Links)) + " pages."
	}
	a.record(ctx, w, err)
	return out, err
}

func (a *auditAPI) ImportLinks(ctx context.Context, in apiclient.LinkListImport) (*apiclient.LinksResult, error) {
	out, err := a.api.ImportLinks(ctx, in)
	w := write{action: "import.links", okCode: http.StatusOK, targets: in.Links, summary: "Imported " + strconv.Itoa(len(in.Links)) + " links."}
	if err == nil && out != nil {
		w.after = auditJSON(struct {
			Request apiclient.LinkListImport `json:"request"`
			Result  *apiclient.LinksResult   `json:"result"`
		}{in, out})
	}
	a.record(ctx, w, err)
	return out, err
}

func (a *auditAPI) ImportYouTube(ctx context.Context, in apiclient.YouTubeImport) error {
	err := a.api.ImportYouTube(ctx, in)
	a.record(ctx, write{action: "import.youtube", okCode: http.StatusOK, targets: []string{in.URL},
		summary: "Imported the YouTube video " + in.URL + ".", after: auditJSON(map[string]string{"url": in.URL})}, err)
	return err
}

func (a *auditAPI) ImportSource(ctx context.Context, source string) ([]apiclient.Article, error) {
	out, err := a.api.ImportSource(ctx, source)
	w := write{action: "source.import", okCode: http.StatusOK, targets: []string{source}, summary: "Imported from " + source + "."}
	if err == nil {
		w.after = auditJSON(importedOf(out))
		w.summary = "Imported " + display.Count(len(out), "article", "articles") + " from " + source + "."
	}
	a.record(ctx, w, err)
	return out, err
}

func (a *auditAPI) DeleteSource(ctx context.Context, source string) error {
	err := a.api.DeleteSource(ctx, source)
	a.record(ctx, write{action: "source.delete", okCode: http.StatusNoContent, targets: []string{source},
		summary: "Deleted every article imported from " + source + "."}, err)
	return err
}

func (a *auditAPI) ImportIntercom(ctx context.Context) ([]apiclient.Article, error) {
	out, err := a.api.ImportIntercom(ctx)
	w := write{action: "intercom.import", okCode: http.StatusOK, targets: []string{"intercom"}, summary: "Imported from Intercom."}
	if err == nil {
		w.after = auditJSON(importedOf(out))
		w.summary = "Imported " + display.Count(len(out), "article", "articles") + " from Intercom."
	}
	a.record(ctx, w, err)
	return out, err
}

func (a *auditAPI) DeleteIntercom(ctx context.Context) error {
	err := a.api.DeleteIntercom(ctx)
	a.record(ctx, write{action: "intercom.delete", okCode: http.StatusNoContent, targets: []string{"intercom"},
		summary: "Deleted every article imported from Intercom."}, err)
	return err
}

func (a *auditAPI) RefreshIntercom(ctx context.Context, in apiclient.IntercomRefresh) error {
	err := a.api.RefreshIntercom(ctx, in)
	w := write{action: "intercom.refresh", okCode: http.StatusOK, targets: []string{"intercom"}, after: auditJSON(in), summary: "Refreshed the articles imported from Intercom."}
	for _, id := range in.ArticleIDs {
		w.targets = append(w.targets, targetID(id))
	}
	a.record(ctx, w, err)
	return err
}

// ---------- Reads, forwarded unrecorded ----------

func (a *auditAPI) GetKnowledgeBase(ctx context.Context) (*apiclient.KnowledgeBaseSettings, error) {
	return a.api.GetKnowledgeBase(ctx)
}

func (a *auditAPI) ListParagraphs(ctx context.Context, p apiclient.ListParagraphsParams) (*apiclient.Page[apiclient.Paragraph], error) {
	return a.api.ListParagraphs(ctx, p)
}

func (a *auditAPI) SearchArticles(ctx context.Context, p apiclient.SearchParams) (*apiclient.SearchResult, error) {
	return a.api.SearchArticles(ctx, p)
}

func (a *auditAPI) GetLangURL(ctx context.Context, articleID int64, language string) (string, error) {
	return a.api.GetLangURL(ctx, articleID, language)
}

func (a *auditAPI) ListArticles(ctx context.Context, p apiclient.ListArticlesParams) (*apiclient.Page[apiclient.Article], error) {
	return a.api.ListArticles(ctx, p)
}

func (a *auditAPI) GetArticle(ctx context.Context, id int64) (*apiclient.Article, error) {
	return a.api.GetArticle(ctx, id)
}

func (a *auditAPI) ListTags(ctx context.Context) ([]string, error) { return a.api.ListTags(ctx) }

func (a *auditAPI) ListConversations(ctx context.Context, p apiclient.ListConversationsParams) (*apiclient.Page[apiclient.Conversation], error) {
	return a.api.ListConversations(ctx, p)
}

func (a *auditAPI) AllConversations(ctx context.Context, p apiclient.ListConversationsParams, pageSize int, each func(*apiclient.Page[apiclient.Conversation]) error) error {
	return a.api.AllConversations(ctx, p, pageSize, each)
}

func (a *auditAPI) GetConversation(ctx context.Context, id string) (*apiclient.ConversationDetails, error) {
	return a.api.GetConversation(ctx, id)
}

func (a *auditAPI) ListConversationEvents(ctx context.Context, id string, limit, offset int) (*apiclient.Page[apiclient.Event], error) {
	return a.api.ListConversationEvents(ctx, id, limit, offset)
}

func (a *auditAPI) GetConversationMetadata(ctx context.Context, id string) (map[string]any, error) {
	return a.api.GetConversationMetadata(ctx, id)
}

func (a *auditAPI) GetRatingConfiguration(ctx context.Context) (*apiclient.RatingConfiguration, error) {
	return a.api.GetRatingConfiguration(ctx)
}

func (a *auditAPI) DiffSource(ctx context.Context, source string) ([]apiclient.ArticleDiff, error) {
	return a.api.DiffSource(ctx, source)
}

func (a *auditAPI) DiffIntercom(ctx context.Context) ([]apiclient.ArticleDiff, error) {
	return a.api.DiffIntercom(ctx)
}

// ---------- Agent configuration ----------

func (a *auditAPI) UpdateChatbotSettings(ctx context.Context, u apiclient.ChatbotSettingsUpdate) (*apiclient.ChatbotSettings, error) {
	return auditSettings(ctx, a, "chatbot_settings.update", "Saved the chatbot settings", a.api.GetChatbotSettings, func() (*apiclient.ChatbotSettings, error) { return a.api.UpdateChatbotSettings(ctx, u) }, nil)
}

func (a *auditAPI) UpdateWidgetConfiguration(ctx context.Context, u apiclient.WidgetConfigurationUpdate) (*apiclient.WidgetConfiguration, error) {
	return auditSettings(ctx, a, "widget.update", "Saved the widget configuration", a.api.GetWidgetConfiguration, func() (*apiclient.WidgetConfiguration, error) { return a.api.UpdateWidgetConfiguration(ctx, u) }, nil)
}

func (a *auditAPI) PutHandoffConfiguration(ctx context.Context, in apiclient.HandoffConfiguration) (*apiclient.HandoffConfiguration, error) {
	return auditSettings(ctx, a, "handoff.update", "Saved the handoff configuration", a.api.GetHandoffConfiguration, func() (*apiclient.HandoffConfiguration, error) { return a.api.PutHandoffConfiguration(ctx, in) }, &in)
}

// aiActionBefore finds an AI action as it is before a write; nil when it cannot.
func (a *auditAPI) aiActionBefore(ctx context.Context, id int64) *apiclient.AIAction {
	list, err := a.api.ListAIActions(apiclient.Fresh(ctx))
	if err != nil {
		return nil
	}
	for _, x := range list {
		if x.ID == id {
			return &x
		}
	}
	return nil
}

func (a *auditAPI) SetAIActionActive(ctx context.Context, id int64, active bool) (*apiclient.AIAction, error) {
	out, err := a.api.SetAIActionActive(ctx, id, active)
	name := "#" + targetID(id)
	if err == nil && out != nil {
		name = "“" + display.Title(out.Name) + "”"
	}
	a.record(ctx, write{action: "ai_action.toggle", okCode: http.StatusOK, targets: []string{targetID(id)},
		summary: "Switched " + display.OnOff(active) + " the AI action " + name + ".", after: auditJSON(map[string]bool{"is_active": active})}, err)
	return out, err
}

func (a *auditAPI) DeleteAIAction(ctx context.Context, id int64) error {
	before := a.aiActionBefore(ctx, id)
	err := a.api.DeleteAIAction(ctx, id)
	w := write{action: "ai_action.delete", okCode: http.StatusNoContent, targets: []string{targetID(id)}, summary: "Deleted the AI action #" + targetID(id) + "."}
	if before != nil {
		w.before = auditJSON(before)
		w.summary = "Deleted the AI action “" + display.Title(before.Name) + "”."
	}
	a.record(ctx, w, err)
	return err
}

func (a *auditAPI) CreateKBAction(ctx context.Context) (*apiclient.KBAction, error) {
	out, err := a.api.CreateKBAction(ctx)
	w := write{action: "ai_action.create", okCode: http.StatusCreated, summary: "Created a Knowledge Base AI action."}
	if err == nil && out != nil {
		w.targets = []string{targetID(out.ID)}
		w.after = auditJSON(out)
	}
	a.record(ctx, w, err)
	return out, err
}

func (a *auditAPI) UpdateKBAction(ctx context.Context, id int64, in apiclient.KBActionInput) (*apiclient.KBAction, error) {
	var before string
	if cur, err := a.api.GetKBAction(apiclient.Fresh(ctx), id); err == nil {
		before = auditJSON(cur)
	}
	out, err := a.api.UpdateKBAction(ctx, id, in)
	w := write{action: "ai_action.update", okCode: http.StatusOK, targets: []string{targetID(id)}, before: before,
		summary: "Saved the AI action “" + display.Title(in.Name) + "”."}
	if err == nil {
		w.after = auditJSON(out)
	} else {
		w.after = auditJSON(in)
	}
	a.record(ctx, w, err)
	return out, err
}

// chatSent is what the log keeps of a playground message: never an API key.
type chatSent struct {
	ConvID         string         `json:"conv_id,omitempty"`
	Text           string         `json:"text"`
	ClientMetadata map[string]any `json:"client_metadata,omitempty"`
	MessageContext string         `json:"message_context,omitempty"`
	SkipReply      bool           `json:"skip_reply,omitempty"`
	Legacy         bool           `json:"legacy,omitempty"`
	OrdNumber      int            `json:"ord_number,omitempty"`
}

func (a *auditAPI) recordChat(ctx context.Context, sent chatSent, out *apiclient.ChatReply, err error) {
	w := write{action: "chat.send", okCode: http.StatusOK, summary: "Sent a message to the agent."}
	if sent.Legacy {
		w.summary = "Sent a message to the agent through the legacy chat."
	}
	if err == nil && out != nil {
		sent.ConvID, sent.OrdNumber = out.ConvID, out.OrdNumber
	}
	if sent.ConvID != "" {
		w.targets = []string{sent.ConvID}
	}
	w.after = auditJSON(sent)
	a.record(ctx, w, err)
}

func (a *auditAPI) Chat(ctx context.Context, m apiclient.ChatMessage) (*apiclient.ChatReply, error) {
	out, err := a.api.Chat(ctx, m)
	a.recordChat(ctx, chatSent{ConvID: m.ConvID, Text: m.Text, ClientMetadata: m.ClientMetadata}, out, err)
	return out, err
}

func (a *auditAPI) LegacyChat(ctx context.Context, chatURL string, m apiclient.LegacyChatMessage) (*apiclient.ChatReply, error) {
	out, err := a.api.LegacyChat(ctx, chatURL, m)
	a.recordChat(ctx, chatSent{ConvID: m.ConvID, Text: m.Text, ClientMetadata: m.ClientMetadata, MessageContext: m.MessageContext,
		SkipReply: m.SkipReply, Legacy: true}, out, err)
	return out, err
}

func (a *auditAPI) GetChatbotSettings(ctx context.Context) (*apiclient.ChatbotSettings, error) {
	return a.api.GetChatbotSettings(ctx)
}

func (a *auditAPI) GetWidgetConfiguration(ctx context.Context) (*apiclient.WidgetConfiguration, error) {
	return a.api.GetWidgetConfiguration(ctx)
}

func (a *auditAPI) GetHandoffConfiguration(ctx context.Context) (*apiclient.HandoffConfiguration, error) {
	return a.api.GetHandoffConfiguration(ctx)
}

func (a *auditAPI) ListAIActions(ctx context.Context) ([]apiclient.AIAction, error) {
	return a.api.ListAIActions(ctx)
}

func (a *auditAPI) GetKBAction(ctx context.Context, id int64) (*apiclient.KBAction, error) {
	return a.api.GetKBAction(ctx, id)
}
