package sessions

import "context"

// Kinds of flash message, which the layout styles differently.
const (
	FlashSuccess = "success"
	FlashError   = "error"
	FlashInfo    = "info"
)

// Flash is a one-shot message carried across a redirect, e.g. "Article saved".
type Flash struct {
	Kind    string // FlashSuccess, FlashError or FlashInfo
	Message string
}

const flashKey = "flash"

// Flash sets the message the next page shows; a later call replaces it.
func (m *Manager) Flash(ctx context.Context, kind, msg string) {
	m.Put(ctx, flashKey, Flash{Kind: kind, Message: msg})
}

// PopFlash returns the pending message and removes it, so it shows once.
func (m *Manager) PopFlash(ctx context.Context) (Flash, bool) {
	f, ok := m.Pop(ctx, flashKey).(Flash)
	return f, ok
}
