package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"qcadmin/apiclient"
	"qcadmin/audit"
	"qcadmin/database"
	"qcadmin/events"
	"qcadmin/store"
)

// Sealer keeps the token a job acts with encrypted at rest (sessions.Manager).
type Sealer interface {
	SealForJob(token, scenarioID string) []byte
	OpenForJob(sealed []byte, scenarioID string) (string, error)
}

// Config is what the engine is built from.
type Config struct {
	DB     *database.DB
	Sealer Sealer
	// Connect returns a Quickchat client bound to a token; the engine records
	// its writes in Audit, as the console's pages do.
	Connect      func(token string) audit.API
	Audit        *store.Audit // nil keeps no audit log
	ReviewPrefix string
	// Budgets are the console's rate budgets, for the time a job has left; may be nil.
	Budgets *apiclient.Budgets
	Log     *slog.Logger
	// Workers is how many jobs this process runs at once; zero means 2.
	Workers int
	// PollInterval is how often the queue looks for work where it is not told
	// (SQLite); zero means River's default, one second.
	PollInterval time.Duration
	// Slice is how long one run of a job works before it goes back to the
	// queue to continue; zero means two minutes. With the article in hand it
	// stays well under rescueAfter.
	Slice time.Duration
	// Bus carries each job's progress to the pages watching it, on every
	// replica (see package live); nil leaves the pages to poll.
	Bus events.Bus
	// OnRecorded is called after each write a job records in Audit, as for
	// the pages' writes: it gives the heads-up to people who have the
	// article open. Nil calls nothing.
	OnRecorded func(ctx context.Context, e store.Entry)
}

// riverClient is the part of River's client the engine uses, whichever the
// database driver.
type riverClient interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	JobCancel(ctx context.Context, jobID int64) (*rivertype.JobRow, error)
}

// Engine starts bulk jobs, runs them on River and reports how far they got.
type Engine struct {
	cfg   Config
	store jobStore
	river riverClient
	log   *slog.Logger
	notes progressNotes
}

// bulkArgs is River's job: which bulk job to run. Everything else,
// the sealed token included, stays in the job's own row.
type bulkArgs struct {
	JobID int64 `json:"job_id"`
}

func (bulkArgs) Kind() string { return "qcadmin_bulk" }

type bulkWorker struct {
	river.WorkerDefaults[bulkArgs]
	e *Engine
}

// Timeout lets a job run as long as its articles take within the rate budget.
func (bulkWorker) Timeout(*river.Job[bulkArgs]) time.Duration { return -1 }

func (w bulkWorker) Work(ctx context.Context, job *river.Job[bulkArgs]) error {
	return w.e.run(ctx, job.Args.JobID)
}

// rescueAfter is how long a job may show as running without finishing
// before another worker takes it over, as after a crash. A run of a job
// lasts at most its slice and the article in hand (itemTimeout).
const rescueAfter = 10 * time.Minute

// defaultSlice is how long one run of a job works before it goes back to the queue.
const defaultSlice = 2 * time.Minute

// New applies River's schema to the console's database (after the console's
// own migrations) and builds the engine; Start runs it.
func New(ctx context.Context, cfg Config) (*Engine, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	if cfg.Slice <= 0 || cfg.Slice > defaultSlice {
		cfg.Slice = defaultSlice
	}
	e := &Engine{cfg: cfg, store: jobStore{db: cfg.DB}, log: cfg.Log.With("component", "jobs")}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, bulkWorker{e: e}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, pruneWorker{e: e}); err != nil {
		return nil, err
	}
	river.AddWorker(workers, gapsWorker{e: e}) // the knowledge gaps' readings of conversations
	rc := &river.Config{
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:              workers,
		Logger:               e.log,
		JobTimeout:           -1,
		RescueStuckJobsAfter: rescueAfter,
		MaxAttempts:          20,
		FetchPollInterval:    cfg.PollInterval,
		PeriodicJobs:         []*river.PeriodicJob{prunePeriodically()},
	}
	if cfg.PollInterval > 0 && cfg.PollInterval < 100*time.Millisecond {
		rc.FetchCooldown = cfg.PollInterval
	}
	var err error
	switch cfg.DB.Dialect {
	case database.Postgres:
		drv := riverpgxv5.New(cfg.DB.Pool)
		if err = cfg.DB.WithSchemaLock(ctx, func() error { return migrateRiver(ctx, drv) }); err == nil {
			e.river, err = river.NewClient(drv, rc)
		}
	default:
		drv := riversqlite.New(cfg.DB.DB)
		if err = migrateRiver(ctx, drv); err == nil {
			e.river, err = river.NewClient(drv, rc)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return e, nil
}

func migrateRiver[TTx any](ctx context.Context, drv riverdriver.Driver[TTx]) error {
	m, err := rivermigrate.New(drv, nil)
	if err != nil {
		return err
	}
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return err
}

// Migrate applies the job queue's schema to the console's database, after
// the console's own migrations; it is safe to run again and, on PostgreSQL,
// from several replicas at once.
func Migrate(ctx context.Context, db *database.DB) error {
	err := db.WithSchemaLock(ctx, func() error {
		if db.Dialect == database.Postgres {
			return migrateRiver(ctx, riverpgxv5.New(db.Pool))
		}
		return migrateRiver(ctx, riversqlite.New(db.DB))
	})
	if err != nil {
		return fmt.Errorf("jobs: job queue schema: %w", err)
	}
	return nil
}

// Start runs jobs, queued and interrupted ones included, until Stop.
func (e *Engine) Start(ctx context.Context) error { return e.river.Start(ctx) }

// Stop asks running jobs to stop after the article in hand and waits for
// them, so they resume at the next article when the console starts again.
func (e *Engine) Stop(ctx context.Context) error { return e.river.StopAndCancel(ctx) }

// Start is a job to begin: on ticked articles (IDs) or on every article
// matching Filter.
type Start struct {
	Kind       Kind
	IDs        []int64
	Filter     *Filter
	Tags       []string
	Languages  []string // an export's languages whose URLs each file gets (a read per article and language)
	Retrain    bool     // retrain the knowledge base once the job has changed articles
	Label      string
	Back       string
	Identity   string
	Agent      string
	ScenarioID string
	Token      string
}

// Errors of Enqueue.
var (
	ErrNothing = errors.New("jobs: no articles to work on")
	ErrNoTags  = errors.New("jobs: no tags given")
	ErrRename  = errors.New("jobs: a rename needs the tag's articles, its name and a new name")
)

// Enqueue records a job and queues it; its id names it on the jobs page.
func (e *Engine) Enqueue(ctx context.Context, s Start) (int64, error) {
	if !s.Kind.Valid() {
		return 0, fmt.Errorf("jobs: unknown kind %q", s.Kind)
	}
	if len(s.IDs) == 0 && s.Filter == nil {
		return 0, ErrNothing
	}
	tags := cleanTags(s.Tags)
	if (s.Kind == AddTags || s.Kind == RemoveTags) && len(tags) == 0 {
		return 0, ErrNoTags
	}
	if s.Kind == RenameTag && (len(tags) != 2 || s.Filter == nil || s.Filter.Tags != tags[0]) {
		return 0, ErrRename
	}
	j := Job{ScenarioID: s.ScenarioID, Agent: s.Agent, Identity: s.Identity, Kind: s.Kind, Label: s.Label,
		sealed: e.cfg.Sealer.SealForJob(s.Token, s.ScenarioID)}
	id, err := e.store.insert(ctx, j, params{IDs: s.IDs, Filter: s.Filter, Tags: tags, Back: s.Back, Languages: s.Languages, Retrain: s.Retrain && s.Kind != Export})
	if err != nil {
		return 0, err
	}
	if s.Filter == nil {
		items := make([]Item, len(s.IDs))
		for i, aid := range s.IDs {
			items[i] = Item{ArticleID: aid}
		}
		if err := e.store.setItems(ctx, id, items); err != nil {
			return 0, err
		}
	}
	res, err := e.river.Insert(ctx, bulkArgs{JobID: id}, nil)
	if err != nil {
		_, _ = e.store.finish(context.WithoutCancel(ctx), id, Failed, "The job could not be queued.")
		return 0, err
	}
	if err := e.store.setRiverID(ctx, id, res.Job.ID); err != nil {
		return 0, err
	}
	return id, nil
}

// Get is one job of the agent.
func (e *Engine) Get(ctx context.Context, scenarioID string, id int64) (Job, error) {
	j, err := e.store.get(ctx, id)
	if err == nil && (j.ScenarioID != scenarioID || j.State == staged) { // an import's dry run is no job yet
		return Job{}, ErrNotFound
	}
	return j, err
}

// List is the agent's latest jobs, newest first.
func (e *Engine) List(ctx context.Context, scenarioID string, limit int) ([]Job, error) {
	return e.store.list(ctx, scenarioID, limit)
}

// ItemPage is up to limit articles of a job with their outcomes, in order,
// from offset: a job's page shows them a page at a time, an import's
// thousands included.
func (e *Engine) ItemPage(ctx context.Context, id int64, offset, limit int) ([]Item, error) {
	return e.store.itemPage(ctx, id, offset, limit)
}

// Cancel stops a job of the agent after the article in hand; what is done stays done.
func (e *Engine) Cancel(ctx context.Context, scenarioID string, id int64) error {
	if err := e.store.askCancel(ctx, id, scenarioID); err != nil {
		return err
	}
	j, err := e.store.get(ctx, id)
	if err != nil {
		return err
	}
	if j.State == Queued {
		// Not begun: it ends here, and River need not hand it to a worker.
		if err := e.finish(ctx, j, Cancelled, ""); err != nil {
			return err
		}
		if j.riverJobID != 0 {
			if _, err := e.river.JobCancel(ctx, j.riverJobID); err != nil && !errors.Is(err, river.ErrNotFound) {
				e.log.Warn("a cancelled job stayed in the queue; it will end at once when it runs", "job", id, "err", err)
			}
		}
	}
	return nil
}

// ETA is about how long a running job has left: each article costs one write
// of the token's budget, 60 a minute (an export one read, 120 a minute; an
// import the calls its dry run counted, see Cost), after the wait the
// budget asks now.
func (e *Engine) ETA(j Job) time.Duration {
	left := j.Total - j.Done
	if !j.Running() || !j.Resolved || left <= 0 {
		return 0
	}
	method, perMinute := http.MethodPatch, writesPerMinute
	if j.Kind == Export {
		// Language URLs share one budget of their own: a read per language.
		method, perMinute = http.MethodGet, readsPerMinute/max(1, len(j.Languages))
	}
	var wait time.Duration
	if e.cfg.Budgets != nil && j.sealed != nil {
		if token, err := e.cfg.Sealer.OpenForJob(j.sealed, j.ScenarioID); err == nil {
			wait = e.cfg.Budgets.Wait(token, method, articleRoute)
		}
	}
	if j.Kind == Import {
		// An import's articles need different calls (a create with tags takes
		// two, each language URL more): count those its dry run found.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if c, err := e.store.pendingCost(ctx, j.ID); err == nil && c != (Cost{}) {
			return wait + c.Duration()
		}
	}
	return wait + time.Duration(left)*time.Minute/time.Duration(perMinute)
}

// articleRoute is the endpoint each article's call goes to, whose budget a job spends.
const articleRoute = "knowledge_base/articles/{id}"

// Quickchat's WRITE and READ tiers, which bound a job's pace.
const (
	writesPerMinute = 60
	readsPerMinute  = 120
)
