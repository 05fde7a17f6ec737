package events

import (
	"context"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Leader is a bus on which one replica at a time may lead a named piece of
// work (such as polling one agent's inbox for everyone watching it), so
// that the work is done once however many replicas share the bus.
type Leader interface {
	// TryLead makes this replica the leader of name if no replica is, and
	// says whether it is. Leadership lasts until release is called, or
	// until held reports false: the replica lost it (its connection to the
	// database dropped), and should try again later.
	TryLead(ctx context.Context, name string) (l *Lease, ok bool, err error)
}

// Lease is leadership of one name.
type Lease struct {
	held    func(ctx context.Context) bool
	release func()
}

// Held reports whether this replica still leads. The zero Lease is always
// held: that of a bus with no other replicas.
func (l *Lease) Held(ctx context.Context) bool { return l.held == nil || l.held(ctx) }

// Release gives leadership up; calling it again is harmless.
func (l *Lease) Release() {
	if l.release != nil {
		l.release()
	}
}

// TryLead on one process always succeeds: it is the only replica. Its
// callers keep one leader per name within the process themselves.
func (l *Local) TryLead(context.Context, string) (*Lease, bool, error) {
	return &Lease{}, true, nil
}

// leaderSpace is the first key of the advisory locks that elect leaders,
// apart from the stores' lock spaces and the migration lock.
const leaderSpace int32 = 0x7163_0010

// releaseTimeout bounds giving a lease up; closing its connection gives it up anyway.
const releaseTimeout = 5 * time.Second

// TryLead takes PostgreSQL's session advisory lock of name without waiting,
// on a connection of its own that holds it: a replica that dies drops the
// connection, and the database the lock, so another replica leads next.
func (p *Postgres) TryLead(ctx context.Context, name string) (*Lease, bool, error) {
	cfg := p.pool.Config().ConnConfig.Copy()
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["application_name"] = "qcadmin leader"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, false, fmt.Errorf("events: lead %s: %w", name, err)
	}
	f := fnv.New32a()
	_, _ = f.Write([]byte(name))
	key := int32(f.Sum32())
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1::int4, $2::int4)`, leaderSpace, key).Scan(&ok); err != nil || !ok {
		closeCtx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
		defer cancel()
		_ = conn.Close(closeCtx)
		if err != nil {
			return nil, false, fmt.Errorf("events: lead %s: %w", name, err)
		}
		return nil, false, nil
	}
	var mu sync.Mutex // a pgx connection serves one query at a time
	return &Lease{
		held: func(ctx context.Context) bool {
			mu.Lock()
			defer mu.Unlock()
			return !conn.IsClosed() && conn.Ping(ctx) == nil
		},
		release: sync.OnceFunc(func() {
			mu.Lock()
			defer mu.Unlock()
			ctx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
			defer cancel()
			_, _ = conn.Exec(ctx, `SELECT pg_advisory_unlock($1::int4, $2::int4)`, leaderSpace, key)
			_ = conn.Close(ctx)
		}),
	}, true, nil
}
