package events

import (
	"context"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"qcadmin/database"
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

// leaderName is how the connection that holds a replica's leases shows in pg_stat_activity.
const leaderName = "qcadmin leader"

// leases is the one connection on which a replica asks to lead and holds
// what it leads. One connection however many names it tries, and however
// often: asking costs no connection of its own. When it drops, every lease
// it held is lost (the database freed their locks) and the next TryLead
// opens another.
type leases struct {
	mu     sync.Mutex // a pgx connection serves one query at a time
	conn   *pgx.Conn
	gen    int             // counts the connections opened, so a lease knows its own
	held   map[string]bool // the names led on conn
	closed bool            // the bus is closed: no more leading
}

// TryLead takes PostgreSQL's session advisory lock of name without waiting,
// on the replica's connection for leases: a replica that dies drops the
// connection, and the database the lock, so another replica leads next.
func (p *Postgres) TryLead(ctx context.Context, name string) (*Lease, bool, error) {
	l := &p.leases
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, false, fmt.Errorf("events: lead %s: the bus is closed", name)
	}
	if l.conn == nil || l.conn.IsClosed() {
		conn, err := database.OwnConn(ctx, p.pool, map[string]string{"application_name": leaderName})
		if err != nil {
			return nil, false, fmt.Errorf("events: lead %s: %w", name, err)
		}
		l.conn, l.held = conn, map[string]bool{}
		l.gen++
	}
	if l.held[name] {
		return nil, false, nil // led here already, by another of this replica's workers
	}
	key := leaderKey(name)
	// A query cut short closes its connection, and with it what the replica
	// leads: the one asking may stop waiting, the question is finished anyway.
	ask, cancel := context.WithTimeout(context.WithoutCancel(ctx), pingTimeout)
	defer cancel()
	var ok bool
	if err := l.conn.QueryRow(ask, `SELECT pg_try_advisory_lock($1::int4, $2::int4)`, leaderSpace, key).Scan(&ok); err != nil {
		return nil, false, fmt.Errorf("events: lead %s: %w", name, err)
	}
	if !ok {
		return nil, false, nil
	}
	l.held[name] = true
	gen, released := l.gen, false
	mine := func() bool { return !released && l.gen == gen && !l.conn.IsClosed() }
	return &Lease{
		held: func(ctx context.Context) bool {
			l.mu.Lock()
			defer l.mu.Unlock()
			if !mine() {
				return false
			}
			// As when asking to lead, the one asking may stop waiting.
			ping, cancel := context.WithTimeout(context.WithoutCancel(ctx), pingTimeout)
			defer cancel()
			return l.conn.Ping(ping) == nil
		},
		release: sync.OnceFunc(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			if !mine() {
				return // lost with the connection it was held on
			}
			released = true
			ctx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
			defer cancel()
			if _, err := l.conn.Exec(ctx, `SELECT pg_advisory_unlock($1::int4, $2::int4)`, leaderSpace, key); err != nil {
				// Closing frees it, and the replica's other leases with it:
				// their holders see them lost and ask again.
				_ = l.conn.Close(ctx)
				return
			}
			delete(l.held, name)
		}),
	}, true, nil
}

// leaderKey is the second key of name's advisory lock, the same in every replica.
func leaderKey(name string) int32 {
	f := fnv.New32a()
	_, _ = f.Write([]byte(name))
	return int32(f.Sum32())
}

// close gives up everything the replica leads.
func (l *leases) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	if l.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
		defer cancel()
		_ = l.conn.Close(ctx)
		l.held = nil
	}
}
