package inbox

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"qcadmin/apiclient"
	"qcadmin/web"
)

// exportPageSize is how many conversations each list call of an export asks for.
const exportPageSize = 100

// utf8BOM starts the file, so spreadsheet programs read it as UTF-8 and show
// "Wójcik" and "für" as written, not as mojibake.
const utf8BOM = "\ufeff"

var exportHeader = []string{
	"id", "ord", "created_at", "last_message_at", "title", "source", "terminated", "resolution_status",
	"has_unread_messages", "assignee_type", "assignee_name", "assignee_email", "visitor_name", "visitor_email",
	"visitor_phone_number", "visitor_label", "review_status", "review_note", "review_by", "review_at",
	"sentiment", "topic", "analysis_resolution", "flagged", "language", "console_link",
}

// Export streams the filtered list as CSV, every page of it, with each
// conversation's latest review as the console knows it (its review threads,
// and the metadata it has read), the analysis of the conversations it has
// opened, and a link to each conversation in the console. Rows go out page by
// page, so the download starts at once and shows progress; each page costs
// one list call to Quickchat and nothing per row.
func (h *Handlers) Export(c echo.Context) error {
	iq := parseInboxQuery(c.QueryParams())
	p, errs := iq.params()
	if len(errs) > 0 {
		return echo.NewHTTPError(http.StatusBadRequest, firstMessage(errs))
	}
	p.Offset = 0
	// A bulk read: people's page views on the same token go first.
	ctx := apiclient.Background(c.Request().Context())
	api := h.API(c)
	scenario := h.Account(c).ScenarioID
	origin := c.Scheme() + "://" + c.Request().Host
	res := c.Response()
	var w *csv.Writer
	start := func() {
		name := "conversations-" + time.Now().UTC().Format(time.DateOnly) + ".csv"
		res.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
		res.Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
		res.WriteHeader(http.StatusOK)
		_, _ = res.Write([]byte(utf8BOM))
		w = csv.NewWriter(res)
		_ = w.Write(exportHeader)
	}
	err := api.AllConversations(ctx, p, exportPageSize, func(page *apiclient.Page[apiclient.Conversation]) error {
		if w == nil {
			start()
		}
		ids := make([]string, len(page.Items))
		for i, conv := range page.Items {
			ids[i] = conv.ID
		}
		reviews := h.knownReviews(c.Request().Context(), scenario, ids)
		for _, conv := range page.Items {
			analysis, _ := h.seenAnalyses().get(scenario, conv.ID)
			st, reviewed := reviews[conv.ID]
			if err := w.Write(exportRow(conv, st, reviewed, analysis, origin+conversationPath(conv.ID))); err != nil {
				return err
			}
		}
		w.Flush()
		res.Flush()
		return w.Error()
	})
	if err != nil && w == nil {
		return h.Failure(c, err)
	}
	if w == nil {
		start() // nothing matched: the header row alone
	}
	if err != nil {
		// The status line is sent; the last row says the file is incomplete and why.
		h.Log.Warn("conversation export stopped", "err", err, "request_id", res.Header().Get(echo.HeaderXRequestID))
		_ = w.Write([]string{"export stopped early", web.Describe(err)})
	}
	w.Flush()
	return nil
}

func exportRow(conv apiclient.Conversation, st reviewState, reviewed bool, a analysisState, link string) []string {
	text := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	at := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	status := ""
	if reviewed {
		status = st.Status // a conversation nobody reviewed has an empty cell, not a made-up "unreviewed"
	}
	flagged := ""
	if a != (analysisState{}) {
		flagged = strconv.FormatBool(a.Flagged) // unknown stays empty, not "false"
	}
	row := []string{
		conv.ID, strconv.Itoa(conv.Ord), at(&conv.CreatedAt), at(conv.LastMessageAt), conv.Title, conv.Source,
		strconv.FormatBool(conv.Terminated), conv.ResolutionStatus, strconv.FormatBool(conv.HasUnreadMessages),
		conv.Assignee.Type, text(conv.Assignee.Name), text(conv.Assignee.Email), text(conv.VisitorName), text(conv.VisitorEmail),
		text(conv.VisitorPhoneNumber), text(conv.VisitorLabel), status, st.Note, st.By, st.At,
		a.Sentiment, a.Topic, a.Resolution, flagged, a.Language, link,
	}
	for i, cell := range row {
		row[i] = web.CSVSafe(cell)
	}
	return row
}
