package audit

import (
	"context"

	"qcadmin/apiclient"
)

// Scope is who makes a request's writes, from where, on which agent:
// what the audit log records beside each write.
type Scope struct {
	Identity   string
	ClientIP   string
	RequestID  string
	Agent      string
	ScenarioID string
}

type auditScopeKey struct{}

// WithScope tells the audit log who makes ctx's writes.
func WithScope(ctx context.Context, s Scope) context.Context {
	return context.WithValue(ctx, auditScopeKey{}, s)
}

func scopeOf(ctx context.Context) Scope {
	s, _ := ctx.Value(auditScopeKey{}).(Scope)
	return s
}

// auditAction names the writes made with a context when the API call alone
// cannot tell: a restore is an UpdateArticle, but the log should say restore.
type auditAction struct {
	Action string
	Note   string // added to the summary, e.g. which version was restored
}

type auditActionKey struct{}

// As names the writes made with ctx: action, and a note added to the summary.
func As(ctx context.Context, action, note string) context.Context {
	return context.WithValue(ctx, auditActionKey{}, auditAction{Action: action, Note: note})
}

func auditActionOf(ctx context.Context) (auditAction, bool) {
	a, ok := ctx.Value(auditActionKey{}).(auditAction)
	return a, ok
}

type beforeKey struct{}

// WithBefore hands the audit log the article as the caller just read it
// (fresh) before writing it, so the write's "before" needs no second read.
// It is used only for a write of that same article.
func WithBefore(ctx context.Context, a *apiclient.Article) context.Context {
	return context.WithValue(ctx, beforeKey{}, a)
}

func beforeOf(ctx context.Context, id int64) (*apiclient.Article, bool) {
	a, ok := ctx.Value(beforeKey{}).(*apiclient.Article)
	return a, ok && a != nil && a.ID == id
}
