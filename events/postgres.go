package events

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"qcadmin/database"
)

// Channel is the PostgreSQL notification channel every replica listens on.
const Channel = "qcadmin_events"

// listenerName is how the listening connection shows in pg_stat_activity.
const listenerName = "qcadmin events"

// Reconnection back-off of the listening connection.
const (
	minBackoff = 100 * time.Millisecond
	maxBackoff = 10 * time.Second
)

// quietCheck is how long the listening connection may hear nothing before
// it is pinged: a connection cut without a word (a database failing over, a
// network dropping packets) would otherwise wait for events forever.
var quietCheck = 30 * time.Second

// pingTimeout bounds that ping.
const pingTimeout = 5 * time.Second

// Postgres is the bus of replicas that share one PostgreSQL database: events
// go out through NOTIFY on Channel and come in on one connection of its own
// that LISTENs, and is opened again, with back-off, when it drops.
type Postgres struct {
	hub
	pool   *pgxpool.Pool
	log    *slog.Logger
	cancel context.CancelFunc
	done   chan struct{}
	pid    atomic.Uint32 // the listening connection's backend, for tests
	once   sync.Once
	leases leases
}

// NewPostgres starts listening on pool's database and returns the bus once
// it hears events, so that none published after it returns is missed. The
// listening connection is its own, outside the pool.
func NewPostgres(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) (*Postgres, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	conn, err := listen(ctx, pool)
	if err != nil {
		return nil, fmt.Errorf("events: listen on PostgreSQL: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	p := &Postgres{hub: newHub(), pool: pool, log: log.With("component", "events"), cancel: cancel, done: make(chan struct{})}
	p.pid.Store(conn.PgConn().PID())
	go p.run(runCtx, conn)
	return p, nil
}

// listen opens a connection with pool's settings and LISTENs on Channel.
func listen(ctx context.Context, pool *pgxpool.Pool) (*pgx.Conn, error) {
	conn, err := database.OwnConn(ctx, pool, map[string]string{"application_name": listenerName})
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

// Publish sends e to every replica. This replica's subscribers get it at
// once; the others' when PostgreSQL passes it on.
func (p *Postgres) Publish(ctx context.Context, e Event) error {
	e, wire, err := p.encode(e)
	if err != nil {
		return err
	}
	if _, err := p.pool.Exec(ctx, "SELECT pg_notify($1, $2)", Channel, string(wire)); err != nil {
		return fmt.Errorf("events: publish %s: %w", e.Topic, err)
	}
	p.deliver(e)
	return nil
}

// run hears notifications on conn until ctx ends, and opens a new listening
// connection whenever it drops.
func (p *Postgres) run(ctx context.Context, conn *pgx.Conn) {
	defer close(p.done)
	backoff := minBackoff
	for {
		err := p.receive(ctx, conn)
		conn.Close(context.Background())
		p.pid.Store(0)
		if ctx.Err() != nil {
			return
		}
		p.log.Warn("lost the database connection that hears other replicas' events; opening it again", "error", err)
		for {
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
				return
			}
			backoff = min(2*backoff, maxBackoff)
			if conn, err = listen(ctx, p.pool); err == nil {
				break
			}
			if ctx.Err() != nil {
				return
			}
			p.log.Warn("cannot listen for other replicas' events yet", "error", err, "retry_in", backoff)
		}
		backoff = minBackoff
		p.pid.Store(conn.PgConn().PID())
		p.log.Info("hearing other replicas' events again")
		// Events sent while no connection listened are gone.
		p.deliver(Event{Topic: TopicMissed, Replica: p.replica})
	}
}

// receive passes each notification on conn to the subscribers, skipping the
// ones this replica sent: Publish delivered those already.
func (p *Postgres) receive(ctx context.Context, conn *pgx.Conn) error {
	for {
		wait, cancel := context.WithTimeout(ctx, quietCheck)
		n, err := conn.WaitForNotification(wait)
		cancel()
		if err != nil {
			if ctx.Err() != nil || wait.Err() == nil {
				return err
			}
			// A quiet while: a timeout leaves the connection usable, so ask
			// the server whether it is still there.
			ping, cancel := context.WithTimeout(ctx, pingTimeout)
			err = conn.Ping(ping)
			cancel()
			if err != nil {
				return err
			}
			continue
		}
		var e Event
		if err := json.Unmarshal([]byte(n.Payload), &e); err != nil || e.Topic == "" {
			p.log.Warn("ignored a notification that is not an event", "channel", n.Channel, "bytes", len(n.Payload))
			continue
		}
		if e.Replica == p.replica || e.Topic == TopicMissed {
			continue
		}
		p.deliver(e)
	}
}

// Close stops listening and closes every subscriber's channel.
func (p *Postgres) Close() error {
	p.once.Do(func() {
		p.cancel()
		<-p.done
		p.leases.close()
		p.close()
	})
	return nil
}
