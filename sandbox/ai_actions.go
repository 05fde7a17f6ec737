package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Limits of a Knowledge Base AI action (reference: Update KB AI Action).
const (
	maxActionName         = 100
	maxActionDescription  = 1000
	maxParameterDescribed = 500
	maxActionTag          = 255
)

// aiActionJSON is an action as the list and PATCH show it, fields in the reference's order.
type aiActionJSON struct {
	ID          int64   `json:"id"`
	Name        string  `json:"name"`
	Description string  `json:"description"`
	IsActive    bool    `json:"is_active"`
	Type        string  `json:"type"`
	Icon        *string `json:"icon"`
	IconColor   *string `json:"icon_color"`
	IsValid     bool    `json:"is_valid"`
}

// kbActionJSON is a Knowledge Base action as its own calls show it, fields in the reference's order.
type kbActionJSON struct {
	ID                   int64   `json:"id"`
	Name                 string  `json:"name"`
	Description          string  `json:"description"`
	Icon                 *string `json:"icon"`
	IconColor            *string `json:"icon_color"`
	IsActive             bool    `json:"is_active"`
	IsValid              bool    `json:"is_valid"`
	Tag                  *string `json:"tag"`
	ParameterDescription string  `json:"parameter_description"`
	Type                 string  `json:"type"`
}

// actionSetup is what an action made in the dashboard needs before it can run.
type actionSetup struct {
	Method    string `json:"method,omitempty"`     // http_request
	URL       string `json:"url,omitempty"`        // http_request
	ServerURL string `json:"server_url,omitempty"` // remote_mcp
	Shop      string `json:"shop,omitempty"`       // shopify: the store's myshopify.com domain
	Connected bool   `json:"connected,omitempty"`  // shopify: the store granted access
}

// problems lists what keeps an action from running; none means it is valid. A Knowledge Base action
// needs all four fields and a tag that some article carries, or it would search nothing.
func (a aiActionRecord) problems(tagUsed bool) []string {
	var out []string
	if a.Type == actionKnowledgeBase {
		var empty []string
		for _, f := range []struct{ name, value string }{
			{"name", a.Name}, {"description", a.Description}, {"parameter_description", a.ParameterDescription}, {"tag", deref(a.Tag)},
		} {
			if strings.TrimSpace(f.value) == "" {
				empty = append(empty, f.name)
			}
		}
		if len(empty) > 0 {
			out = append(out, fmt.Sprintf("%s %s empty (set all four with PUT ai_actions/%d/knowledge_base)",
				joinWords(empty), map[bool]string{true: "is", false: "are"}[len(empty) == 1], a.ID))
		}
		if a.Tag != nil && strings.TrimSpace(*a.Tag) != "" && !tagUsed {
			out = append(out, fmt.Sprintf("no article uses its tag %q (tag an article with it, or choose a tag from GET knowledge_base/tags)", *a.Tag))
		}
		return out
	}
	var s actionSetup
	if err := json.Unmarshal([]byte(a.Setup), &s); err != nil {
		return []string{"its setup cannot be read"}
	}
	switch a.Type {
	case actionHTTPRequest:
		if s.Method == "" || s.URL == "" {
			out = append(out, "its request method and URL are not set up (do that in the Quickchat dashboard)")
		}
	case actionRemoteMCP:
		if s.ServerURL == "" {
			out = append(out, "its MCP server URL is not set up (do that in the Quickchat dashboard)")
		}
	case actionShopify:
		if s.Shop == "" || !s.Connected {
			out = append(out, "its Shopify store is not connected (connect it in the Quickchat dashboard)")
		}
	}
	return out
}

func actionView(a aiActionRecord, tagUsed bool) aiActionJSON {
	return aiActionJSON{ID: a.ID, Name: a.Name, Description: a.Description, IsActive: a.Active, Type: a.Type,
		Icon: a.Icon, IconColor: a.IconColor, IsValid: len(a.problems(tagUsed)) == 0}
}

func kbActionView(a aiActionRecord, tagUsed bool) kbActionJSON {
	return kbActionJSON{ID: a.ID, Name: a.Name, Description: a.Description, Icon: a.Icon, IconColor: a.IconColor,
		IsActive: a.Active, IsValid: len(a.problems(tagUsed)) == 0, Tag: a.Tag, ParameterDescription: a.ParameterDescription, Type: a.Type}
}

// listAIActions serves GET ai_actions: a bare JSON array, no pagination envelope.
func (s *Sandbox) listAIActions(w http.ResponseWriter, r *http.Request, p principal) error {
	actions, tags, err := s.store.aiActions(r.Context(), p.ScenarioID)
	if err != nil {
		return err
	}
	out := make([]aiActionJSON, len(actions))
	for i, a := range actions {
		out[i] = actionView(a, a.Tag != nil && tags[*a.Tag])
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// aiActionToggle is the body of PATCH ai_actions/{id}.
type aiActionToggle struct {
	IsActive *bool `json:"is_active"`
}

// patchAIAction serves PATCH ai_actions/{id}: switch an action on or off. An action that cannot run
// cannot be switched on; switching one off always works.
// inferred: see shared spec EXTRA.md
func (s *Sandbox) patchAIAction(w http.ResponseWriter, r *http.Request, p principal) error {
	id, err := actionPathID(r)
	if err != nil {
		return err
	}
	if _, _, err := s.store.aiAction(r.Context(), p.ScenarioID, id); errors.Is(err, errNotFound) {
		return actionNotFound(r.PathValue("id"))
	} else if err != nil {
		return err
	}
	var req aiActionToggle
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	if req.IsActive == nil {
		return invalid("Field 'is_active' is required (true or false).")
	}
	a, tagUsed, err := s.store.updateAIAction(r.Context(), p.ScenarioID, id, func(a *aiActionRecord, tagUsed bool) error {
		if problems := a.problems(tagUsed); *req.IsActive && len(problems) > 0 {
			return invalid("AI action %d cannot be activated: %s.", a.ID, strings.Join(problems, "; "))
		}
		a.Active = *req.IsActive
		return nil
	})
	if errors.Is(err, errNotFound) {
		return actionNotFound(r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, actionView(a, tagUsed))
	return nil
}

// deleteAIAction serves DELETE ai_actions/{id}: 204 without a body.
// inferred: see shared spec EXTRA.md
func (s *Sandbox) deleteAIAction(w http.ResponseWriter, r *http.Request, p principal) error {
	id, err := actionPathID(r)
	if err != nil {
		return err
	}
	if err := s.store.deleteAIAction(r.Context(), p.ScenarioID, id); errors.Is(err, errNotFound) {
		return actionNotFound(r.PathValue("id"))
	} else if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// kbActionFields is the body of PUT ai_actions/{id}/knowledge_base (all four required) and, optionally
// and as the sandbox's addition, of POST ai_actions/knowledge_base.
type kbActionFields struct {
	Name                 *string `json:"name"`
	Description          *string `json:"description"`
	ParameterDescription *string `json:"parameter_description"`
	Tag                  *string `json:"tag"`
}

// validate checks the lengths of the fields sent; with required, all four must be sent.
func (f *kbActionFields) validate(required bool) error {
	fields := []struct {
		name  string
		value *string
		limit int
	}{
		{"name", f.Name, maxActionName},
		{"description", f.Description, maxActionDescription},
		{"parameter_description", f.ParameterDescription, maxParameterDescribed},
		{"tag", f.Tag, maxActionTag},
	}
	var missing []string
	for _, c := range fields {
		if c.value == nil {
			missing = append(missing, "'"+c.name+"'")
			continue
		}
		if err := checkLength(c.name, *c.value, c.limit); err != nil {
			return err
		}
	}
	if required && len(missing) > 0 {
		return invalid("%s %s required: PUT replaces the whole action, so send name, description, parameter_description and tag.",
			joinWords(missing), map[bool]string{true: "is", false: "are"}[len(missing) == 1])
	}
	// Article tags are trimmed, so the action's tag is too, or " returns" would never match "returns".
	if f.Tag != nil {
		tag := strings.TrimSpace(*f.Tag)
		f.Tag = &tag
	}
	return nil
}

// apply writes the sent fields onto a; a blank tag is stored as null, "no tag chosen", as a new action has.
func (f kbActionFields) apply(a *aiActionRecord) {
	if f.Name != nil {
		a.Name = *f.Name
	}
	if f.Description != nil {
		a.Description = *f.Description
	}
	if f.ParameterDescription != nil {
		a.ParameterDescription = *f.ParameterDescription
	}
	if f.Tag != nil {
		a.Tag = f.Tag
		if *f.Tag == "" {
			a.Tag = nil
		}
	}
}

// createKBAction serves POST ai_actions/knowledge_base: 201 with a new, inactive action. The reference sends
// {}; the sandbox also takes the four fields here, and an empty body.
func (s *Sandbox) createKBAction(w http.ResponseWriter, r *http.Request, p principal) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var req kbActionFields
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := decodeJSON(body, &req); err != nil {
			return err
		}
	}
	if err := req.validate(false); err != nil {
		return err
	}
	a := aiActionRecord{Type: actionKnowledgeBase}
	req.apply(&a)
	a, tagUsed, err := s.store.createAIAction(r.Context(), p.ScenarioID, a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, kbActionView(a, tagUsed))
	return nil
}

// getKBAction serves GET ai_actions/{id}/knowledge_base.
func (s *Sandbox) getKBAction(w http.ResponseWriter, r *http.Request, p principal) error {
	id, err := actionPathID(r)
	if err != nil {
		return err
	}
	a, tagUsed, err := s.store.aiAction(r.Context(), p.ScenarioID, id)
	if err := kbActionError(r, a, err); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, kbActionView(a, tagUsed))
	return nil
}

// putKBAction serves PUT ai_actions/{id}/knowledge_base: all four fields replace the stored ones. An
// active action edited into one that cannot run stays on, and the list shows it as not valid.
func (s *Sandbox) putKBAction(w http.ResponseWriter, r *http.Request, p principal) error {
	id, err := actionPathID(r)
	if err != nil {
		return err
	}
	// The path is checked before the body: a wrong action is a 404 whatever was sent.
	a, _, err := s.store.aiAction(r.Context(), p.ScenarioID, id)
	if err := kbActionError(r, a, err); err != nil {
		return err
	}
	var req kbActionFields
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	if err := req.validate(true); err != nil {
		return err
	}
	a, tagUsed, err := s.store.updateAIAction(r.Context(), p.ScenarioID, id, func(a *aiActionRecord, _ bool) error {
		req.apply(a)
		return nil
	})
	if errors.Is(err, errNotFound) {
		return actionNotFound(r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, kbActionView(a, tagUsed))
	return nil
}

// kbActionError turns a lookup into the answer for …/knowledge_base: a missing action and an action of
// another type are both 404, because that path names a Knowledge Base action and there is none there;
// 422 would blame a body, and a GET has none.
func kbActionError(r *http.Request, a aiActionRecord, err error) error {
	if errors.Is(err, errNotFound) {
		return actionNotFound(r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	if a.Type != actionKnowledgeBase {
		return notFound("AI action %d is a %s action, not a knowledge_base action; only Knowledge Base actions have a "+
			"knowledge_base configuration. Use GET ai_actions to see its type.", a.ID, a.Type)
	}
	return nil
}

// actionPathID reads the {id} segment; anything but a canonical positive integer names no action.
func actionPathID(r *http.Request) (int64, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != raw {
		return 0, actionNotFound(raw)
	}
	return id, nil
}

func actionNotFound(id string) error {
	return notFound("AI action %s not found.", shortText(id))
}

// joinWords lists items as a sentence does: "a", "a and b", "a, b and c".
func joinWords(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
