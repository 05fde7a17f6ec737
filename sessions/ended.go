package sessions

import (
	"context"
	"errors"
	"time"

	"qcadmin/database"
)

// A session that ends while a request holds it (signed out in another tab,
// revoked by an admin, on this replica or another) must stay ended: the
// request's save, which scs makes an insert-or-replace, would otherwise
// write the row back and sign the browser in again. So a session read from
// the store is saved only while its row is still there; a new or renewed
// session token is inserted as before.

// ErrSessionEnded is Commit's answer for a session that ended while the
// request held it. Nothing was saved and no cookie needs writing: the
// browser's cookie already finds nobody.
var ErrSessionEnded = errors.New("the session ended while the request held it")

// loadedKey holds, in a request's context, the session token Load found in the store.
type loadedKey struct{ m *Manager }

// rewriteKey marks a Commit that may only rewrite a row still in the store.
type rewriteKey struct{}

// rewriter returns how db rewrites the row of key, only while it is there
// and unexpired, in the format of scs's store for db's dialect; false when
// the row is gone.
func rewriter(db *database.DB) func(key string, b []byte, expiry time.Time) (bool, error) {
	return func(key string, b []byte, expiry time.Time) (bool, error) {
		var q string
		var at any
		switch db.Dialect {
		case database.Postgres:
			q, at = "UPDATE sessions SET data = $1, expiry = $2 WHERE token = $3 AND current_timestamp < expiry", expiry
		default:
			// As sqlite3store writes it: a Julian day from UTC text.
			q, at = "UPDATE sessions SET data = ?, expiry = julianday(?) WHERE token = ? AND julianday('now') < expiry", expiry.UTC().Format("2006-01-02T15:04:05.999")
		}
		res, err := db.Exec(q, b, at, key)
		if err != nil {
			return false, err
		}
		n, err := res.RowsAffected()
		return n == 1, err
	}
}

// CommitCtx is scs's commit with the request's context: a session read from
// the store is rewritten only while its row is still there.
func (s *idleStore) CommitCtx(ctx context.Context, key string, b []byte, expiry time.Time) error {
	if rewrite, _ := ctx.Value(rewriteKey{}).(bool); !rewrite || s.m.rewrite == nil {
		return s.Commit(key, b, expiry)
	}
	return s.write(key, func() error {
		ok, err := s.m.rewrite(key, b, s.m.idleExpiry(expiry))
		if err != nil {
			return err
		}
		if !ok {
			return ErrSessionEnded
		}
		if s.rows != nil {
			s.mu.Lock()
			s.rows.put(key, b)
			s.mu.Unlock()
		}
		return nil
	})
}
