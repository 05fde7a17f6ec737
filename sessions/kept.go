package sessions

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"time"
)

// KeptForm is what a person sent in a form that was not saved because
// Quickchat refused the session's token mid-edit. It stays in the session,
// sealed like the token, and is offered back on Page once the person has
// signed in again to the same agent.
type KeptForm struct {
	Action     string     `json:"action"` // where the form was sent, e.g. /articles/12
	Page       string     `json:"page"`   // the page it was sent from, where it is offered back
	ScenarioID string     `json:"scenario_id"`
	Fields     url.Values `json:"fields"`
	At         time.Time  `json:"at"`
}

// MaxKeptForm bounds what a session keeps of one form, encoded.
const MaxKeptForm = 512 << 10

const keptFormKey = "kept_form"

// keptFormAAD binds the seal to its purpose, so no other sealed value opens as a kept form.
const keptFormAAD = "kept-form"

// secretFields are never kept: a form's API key or password is the person's to type again.
var secretFields = []string{"api_key", "token", "password", "secret"}

// KeepForm keeps f in the session, without its secret fields, replacing any
// form kept before. It reports false when the form is too large to keep.
func (m *Manager) KeepForm(ctx context.Context, f KeptForm) bool {
	fields := url.Values{}
	for name, vs := range f.Fields {
		if !IsSecretField(name) {
			fields[name] = vs
		}
	}
	f.Fields = fields
	plain, err := json.Marshal(f)
	if err != nil || len(plain) > MaxKeptForm {
		return false
	}
	m.Put(ctx, keptFormKey, m.sealer.seal(string(plain), keptFormAAD))
	return true
}

// PopKeptForm returns the form kept for page on this agent and forgets it, so
// it is offered once. A form kept for another page or agent stays kept.
func (m *Manager) PopKeptForm(ctx context.Context, page, scenarioID string) (KeptForm, bool) {
	sealed, ok := m.Get(ctx, keptFormKey).([]byte)
	if !ok {
		return KeptForm{}, false
	}
	plain, err := m.sealer.open(sealed, keptFormAAD)
	var f KeptForm
	if err != nil || json.Unmarshal([]byte(plain), &f) != nil {
		m.Remove(ctx, keptFormKey) // the console's key changed: nothing can open it any more
		return KeptForm{}, false
	}
	if f.Page != page || f.ScenarioID != scenarioID {
		return KeptForm{}, false
	}
	m.Remove(ctx, keptFormKey)
	return f, true
}

// IsSecretField reports a form field the console never keeps or sends back:
// an API key or password is the person's to type again.
func IsSecretField(name string) bool {
	name = strings.ToLower(name)
	for _, s := range secretFields {
		if strings.Contains(name, s) {
			return true
		}
	}
	return false
}
