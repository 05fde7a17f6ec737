package jobs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"qcadmin/apiclient"
	"qcadmin/display"
	"qcadmin/gaps"
	"qcadmin/internal/cut"
	"qcadmin/store"
)

// GapsStart is a reading of a period's conversations for the knowledge gaps.
type GapsStart struct {
	ScenarioID string
	Identity   string // who asked: the run is theirs
	Token      string // the token it reads with, sealed at rest
	From, To   time.Time
}

// Limits of one reading: the conversations of a period it reads, the
// visitor's first messages it keeps of each, and how long each may be.
const (
	MaxGapConversations = 2000
	gapQuestions        = 3
	gapQuestionRunes    = 500
	// gapMinTerms is how many key terms make a question say enough about what the visitor needs.
	gapMinTerms = 3
	// gapEvents is the one page of events read per conversation: the first questions come early.
	gapEvents = 50
)

// gapsArgs is River's job: which run to carry on.
type gapsArgs struct {
	RunID int64 `json:"run_id"`
}

func (gapsArgs) Kind() string { return "qcadmin_gaps_read" }

type gapsWorker struct {
	river.WorkerDefaults[gapsArgs]
	e *Engine
}

// Timeout lets a run read as long as the rate budget makes it; each run works one slice.
func (gapsWorker) Timeout(*river.Job[gapsArgs]) time.Duration { return -1 }

func (w gapsWorker) Work(ctx context.Context, job *river.Job[gapsArgs]) error {
	return w.e.readGaps(ctx, job.Args.RunID)
}

// Gaps is where the readings keep what they learn.
func (e *Engine) Gaps() *store.Gaps { return store.NewGaps(e.cfg.DB) }

// ReadConversations queues a reading of the period's conversations not read
// yet, or changed since, or returns the agent's reading already under way.
func (e *Engine) ReadConversations(ctx context.Context, s GapsStart) (store.GapRun, error) {
	run, started, err := e.Gaps().StartRun(ctx, store.GapRun{ScenarioID: s.ScenarioID, Identity: s.Identity, From: s.From, To: s.To,
		Sealed: e.cfg.Sealer.SealForJob(s.Token, s.ScenarioID)})
	if err != nil || !started {
		return run, err
	}
	if _, err := e.river.Insert(ctx, gapsArgs{RunID: run.ID}, nil); err != nil {
		_ = e.Gaps().FinishRun(context.WithoutCancel(ctx), run.ID, store.GapRunFailed, "The reading could not be queued.")
		return run, err
	}
	return run, nil
}

// readGaps carries a run on: lists the period's conversations, then reads
// each one not read before or changed since (its details for Quickchat's
// analysis, and one page of its events for the visitor's questions),
// keeping what it learns as it goes, so a run resumed or started again
// reads only what is left.
func (e *Engine) readGaps(ctx context.Context, id int64) error {
	began := time.Now()
	st := e.Gaps()
	run, err := st.Run(ctx, id)
	if err != nil {
		return err
	}
	if ok, err := st.BeginRun(ctx, id); err != nil || !ok {
		return err
	}
	token, err := e.cfg.Sealer.OpenForJob(run.Sealed, run.ScenarioID)
	if err != nil {
		return st.FinishRun(ctx, id, store.GapRunFailed, "The reading's sign-in could not be read: the console's secret key has changed since it started.")
	}
	api := e.cfg.Connect(token)
	// Reads leave budget to page views.
	work := apiclient.Background(context.WithoutCancel(ctx))

	var convs []apiclient.Conversation
	lctx, cancel := context.WithTimeout(work, itemTimeout)
	err = api.AllConversations(lctx, apiclient.ListConversationsParams{LastMessageStart: run.From, LastMessageEnd: run.To}, listPage,
		func(p *apiclient.Page[apiclient.Conversation]) error {
			convs = append(convs, p.Items...)
			if len(convs) >= MaxGapConversations {
				return errEnough
			}
			return nil
		})
	cancel()
	if err != nil && !errors.Is(err, errEnough) {
		if ctx.Err() != nil {
			return river.JobSnooze(0)
		}
		return st.FinishRun(ctx, id, store.GapRunFailed, "The period's conversations could not be listed: "+failed(Item{}, err).Message)
	}
	convs = convs[:min(len(convs), MaxGapConversations)]
	ids := make([]string, len(convs))
	for i, c := range convs {
		ids[i] = c.ID
	}
	known, err := st.LastRead(ctx, run.ScenarioID, ids...)
	if err != nil {
		return err
	}
	// A run resumed finds what it read before unchanged: those count as read, not as skipped.
	total, done, unchanged, failures := len(convs), run.Done, 0, 0
	seen := map[string]bool{}
	tried := 0 // conversations this slice read or tried
	skipped := func() int { return max(0, unchanged-run.Done) }
	for _, c := range convs {
		if seen[c.ID] {
			total-- // the list moved while it was read
			continue
		}
		seen[c.ID] = true
		last := lastMessage(c)
		if at, ok := known[c.ID]; ok && !last.After(at) {
			unchanged++
			continue
		}
		if ctx.Err() != nil || tried > 0 && time.Since(began) > e.cfg.Slice {
			// Back to the queue: it lists again and reads on from here.
			if err := st.Progress(context.WithoutCancel(ctx), id, total, done, skipped(), failures); err != nil {
				return err
			}
			return river.JobSnooze(0)
		}
		tried++
		ictx, cancel := context.WithTimeout(work, itemTimeout)
		r, err := readConversation(ictx, api, run.ScenarioID, c)
		cancel()
		switch {
		case err == nil:
			if err := st.Keep(context.WithoutCancel(ctx), r); err != nil {
				return err // the console's database failed: the queue tries again, from here
			}
			done++
		case apiclient.IsStatus(err, http.StatusUnauthorized) || apiclient.IsStatus(err, http.StatusForbidden):
			_ = st.Progress(context.WithoutCancel(ctx), id, total, done, skipped(), failures)
			return st.FinishRun(context.WithoutCancel(ctx), id, store.GapRunFailed,
				"Quickchat no longer accepts the sign-in this reading uses (its token expired, was revoked or lost the right); read again to finish the rest.")
		default:
			failures++
			e.log.Warn("a conversation could not be read for the knowledge gaps", "conversation", c.ID, "err", err)
		}
		if err := st.Progress(context.WithoutCancel(ctx), id, total, done, skipped(), failures); err != nil {
			return err
		}
	}
	if err := st.Progress(context.WithoutCancel(ctx), id, total, done, skipped(), failures); err != nil {
		return err
	}
	msg := ""
	if failures > 0 {
		msg = display.Count(failures, "conversation", "conversations") + " could not be read; read again to try them."
	}
	return st.FinishRun(context.WithoutCancel(ctx), id, store.GapRunDone, msg)
}

var errEnough = errors.New("jobs: enough conversations")

func lastMessage(c apiclient.Conversation) time.Time {
	if c.LastMessageAt != nil {
		return *c.LastMessageAt
	}
	return c.CreatedAt
}

// readConversation reads what the knowledge gaps need of one conversation:
// Quickchat's analysis from its details, the visitor's first questions from
// its first page of events.
func readConversation(ctx context.Context, api interface {
	GetConversation(ctx context.Context, id string) (*apiclient.ConversationDetails, error)
	ListConversationEvents(ctx context.Context, id string, limit, offset int) (*apiclient.Page[apiclient.Event], error)
}, scenarioID string, c apiclient.Conversation) (store.GapRead, error) {
	r := store.GapRead{ScenarioID: scenarioID, ConversationID: c.ID, Ord: c.Ord, Title: c.Title, LastMessage: lastMessage(c),
		Handoff: c.Assignee.Type == "human_operator" || c.Assignee.Type == "unassigned"}
	d, err := api.GetConversation(ctx, c.ID)
	if err != nil {
		return r, fmt.Errorf("details: %w", err)
	}
	r.Language = d.MostFrequentLanguage
	r.Test = apiclient.IsTestChat(d.ClientMetadata)
	if a := d.UnifiedAnalysis; a != nil {
		r.Analysed = true
		r.Topic, r.Sentiment, r.Resolution, r.Flagged = strings.TrimSpace(a.Topic), a.Sentiment, a.Resolution, a.Flagged
	}
	events, err := api.ListConversationEvents(ctx, c.ID, gapEvents, 0)
	if err != nil {
		return r, fmt.Errorf("events: %w", err)
	}
	for _, ev := range events.Items {
		switch {
		case ev.Type == "message" && ev.Author == "visitor" && len(r.Questions) < gapQuestions:
			if q := strings.TrimSpace(ev.Text); q != "" {
				r.Questions = append(r.Questions, cut.Ellipsis(q, gapQuestionRunes))
			}
		case ev.Type == "log" && strings.Contains(strings.ToLower(ev.Text), "handoff"):
			r.Handoff = true
		}
	}
	// The first question says what the visitor came for; the next ones count only when it says too little ("Hi!").
	for _, q := range r.Questions {
		if len(r.Terms) >= gapMinTerms {
			break
		}
		for _, t := range gaps.Terms(q, r.Language) {
			if !slices.ContainsFunc(r.Terms, func(k store.GapTerm) bool { return k.Stem == t.Stem }) {
				r.Terms = append(r.Terms, t)
			}
		}
	}
	return r, nil
}
