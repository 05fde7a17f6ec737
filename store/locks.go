package store

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"sync"
	"time"

	"qcadmin/database"
)

// Namespaces of the PostgreSQL advisory locks the stores take, as the first
// of the two keys: they keep apart from each other and from the migration
// lock, which uses the one-key form.
const (
	lockSpaceViews         int32 = 0x7163_0001 // one agent's saved views, while one is added
	lockSpaceConversations int32 = 0x7163_0002 // one conversation, while a review or metadata edit is saved
)

// lockKey is the second key of an advisory lock: a hash of the parts, the
// same in every replica. Two keys that hash alike only take turns needlessly.
func lockKey(parts ...string) int32 {
	f := fnv.New32a()
	for _, p := range parts {
		_, _ = f.Write([]byte(p))
		_, _ = f.Write([]byte{0})
	}
	return int32(f.Sum32())
}

// LocalLocks serialize work on one conversation within this process. It is
// the lock Reviews.Lock takes on SQLite, where the console is one process.
// Striped: a fixed set of locks, shared by conversations that hash alike.
// The zero value is ready for use.
type LocalLocks struct {
	once    sync.Once
	stripes [64]chan struct{}
}

// Lock waits until no one else in this process holds the conversation's
// lock, or ctx ends, and returns the function that releases it.
func (l *LocalLocks) Lock(ctx context.Context, scenarioID, conversationID string) (unlock func(), err error) {
	l.once.Do(func() {
		for i := range l.stripes {
			l.stripes[i] = make(chan struct{}, 1)
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ch := l.stripes[uint32(lockKey(scenarioID, conversationID))%uint32(len(l.stripes))]
	select {
	case ch <- struct{}{}:
		return sync.OnceFunc(func() { <-ch }), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// ErrLockUnavailable wraps a failure to take a conversation's lock: the
// console's database could not be reached, or the wait outlasted the request.
var ErrLockUnavailable = errors.New("store: the conversation's lock could not be taken")

// lockerName is how a connection holding a conversation's lock shows in pg_stat_activity.
const lockerName = "qcadmin conversation lock"

// unlockTimeout bounds the release of a PostgreSQL lock; closing the
// connection releases it anyway.
const unlockTimeout = 5 * time.Second

// pgLock takes the conversation's session advisory lock, which every replica
// on the database sees, on a connection of its own, and holds it until
// unlock. The connection is not taken from the pool: a lock held while its
// holder saves the review would otherwise hold one of the connections the
// save needs, and a queue of reviews of one conversation could take them all.
// A replica that dies drops its connection, and the server the lock with it.
func (r *Reviews) pgLock(ctx context.Context, scenarioID, conversationID string) (func(), error) {
	params := map[string]string{"application_name": lockerName}
	if deadline, ok := ctx.Deadline(); ok {
		// The server gives up waiting when the request does, and frees its place in the queue.
		ms := max(time.Until(deadline).Milliseconds(), 1)
		params["lock_timeout"] = strconv.FormatInt(ms, 10)
	}
	conn, err := database.OwnConn(ctx, r.db.Pool, params)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrLockUnavailable, err)
	}
	key := lockKey(scenarioID, conversationID)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1::int4, $2::int4)`, lockSpaceConversations, key); err != nil {
		// Closing the session drops the lock, had the server granted it as the wait was given up.
		closeCtx, cancel := context.WithTimeout(context.Background(), unlockTimeout)
		defer cancel()
		_ = conn.Close(closeCtx)
		return nil, fmt.Errorf("%w: %w", ErrLockUnavailable, err)
	}
	return sync.OnceFunc(func() {
		ctx, cancel := context.WithTimeout(context.Background(), unlockTimeout)
		defer cancel()
		_, _ = conn.Exec(ctx, `SELECT pg_advisory_unlock($1::int4, $2::int4)`, lockSpaceConversations, key)
		_ = conn.Close(ctx)
	}), nil
}

// Lock serializes the console's saves to one conversation's review and
// metadata, across every replica on the database, so the metadata's review
// and the thread's newest agree on who was last. It waits until no one else
// holds the conversation, or ctx ends, and returns the function that releases
// it (calling it twice is harmless). On SQLite, where the console is one
// process, the lock is in memory; on PostgreSQL it is an advisory lock on a
// connection of its own (so a connection pooler in front of PostgreSQL must
// keep sessions, not transactions).
func (r *Reviews) Lock(ctx context.Context, scenarioID, conversationID string) (unlock func(), err error) {
	if r.db.Dialect == database.Postgres {
		return r.pgLock(ctx, scenarioID, conversationID)
	}
	unlock, err = r.local.Lock(ctx, scenarioID, conversationID)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrLockUnavailable, err)
	}
	return unlock, nil
}
