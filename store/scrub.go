package store

import "regexp"

// Redacted replaces every secret the audit log refuses to keep.
const Redacted = "[redacted]"

// secretPatterns find what must never reach the log: Quickchat tokens are
// JWTs, the legacy chat takes an api_key, and people paste both into metadata,
// URLs and articles.
var secretPatterns = []struct {
	re   *regexp.Regexp
	with string
}{
	// A JWT: base64url JSON header and payload, then a signature.
	{regexp.MustCompile(`eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*`), Redacted},
	{regexp.MustCompile(`(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}`), "${1} " + Redacted},
	// A secret-named key in JSON: "api_key": "…".
	{regexp.MustCompile(`(?i)("(?:api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|id[_-]?token|token|secret|client[_-]?secret|password|authorization)"\s*:\s*)"(?:[^"\\]|\\.)*"`), `${1}"` + Redacted + `"`},
	// A secret-named key in a query string, form or config line: api_key=…, api_key: ….
	{regexp.MustCompile(`(?i)\b(api[_-]?key|apikey|access[_-]?token|client[_-]?secret)(\s*[:=]\s*)[^\s"'&,;<>]+`), "${1}${2}" + Redacted},
	{regexp.MustCompile(`(?i)\b(token|password|secret)=[^\s"'&,;<>]+`), "${1}=" + Redacted},
	// Provider keys shaped like sk-… (OpenAI and others).
	{regexp.MustCompile(`\bsk-[A-Za-z0-9_-]{20,}`), Redacted},
}

// Scrub masks anything in s that looks like a token or an api key.
func Scrub(s string) string {
	for _, p := range secretPatterns {
		s = p.re.ReplaceAllString(s, p.with)
	}
	return s
}

func scrubEntry(e Entry) Entry {
	for _, f := range []*string{&e.Identity, &e.ClientIP, &e.RequestID, &e.Agent, &e.ScenarioID, &e.Action,
		&e.Summary, &e.Before, &e.After, &e.ErrorCode} {
		*f = Scrub(*f)
	}
	targets := make([]string, len(e.TargetIDs))
	for i, t := range e.TargetIDs {
		targets[i] = Scrub(t)
	}
	if e.TargetIDs != nil {
		e.TargetIDs = targets
	}
	return e
}
