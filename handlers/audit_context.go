package handlers

import "context"

// auditScope is who makes a request's writes, from where, on which agent:
// what the audit log records beside each write.
type auditScope struct {
	Identity   string
	ClientIP   string
	RequestID  string
	Agent      string
	ScenarioID string
}

type auditScopeKey struct{}

func withAuditScope(ctx context.Context, s auditScope) context.Context {
	return context.WithValue(ctx, auditScopeKey{}, s)
}

func auditScopeOf(ctx context.Context) auditScope {
	s, _ := ctx.Value(auditScopeKey{}).(auditScope)
	return s
}

// auditAction names the writes made with a context when the API call alone
// cannot tell: a restore is an UpdateArticle, but the log should say restore.
type auditAction struct {
	Action string
	Note   string // added to the summary, e.g. which version was restored
}

type auditActionKey struct{}

func auditAs(ctx context.Context, action, note string) context.Context {
	return context.WithValue(ctx, auditActionKey{}, auditAction{Action: action, Note: note})
}

func auditActionOf(ctx context.Context) (auditAction, bool) {
	a, ok := ctx.Value(auditActionKey{}).(auditAction)
	return a, ok
}
