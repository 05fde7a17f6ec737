package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Limits of one conversation's metadata: the stored JSON text, and its top-level keys.
const (
	maxMetadataBytes = 64 << 10
	maxMetadataKeys  = 100
)

// metadataJSON is the body of both metadata calls; the object is kept as JSON text, so every number,
// nested object and array comes back exactly as it was sent.
type metadataJSON struct {
	Metadata json.RawMessage `json:"metadata"`
}

// getConversationMetadata serves GET conversations/{conv_id}/metadata on the api_core base.
func (s *Sandbox) getConversationMetadata(w http.ResponseWriter, r *http.Request, p principal) error {
	id := r.PathValue("conv_id")
	metadata, err := s.store.conversationMetadata(r.Context(), p.ScenarioID, conversationKey(id))
	if errors.Is(err, errNotFound) {
		return conversationNotFound(id)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, metadataJSON{Metadata: json.RawMessage(metadata)})
	return nil
}

// setConversationMetadata serves POST conversations/{conv_id}/metadata on the api_core base. The reference
// says "Create or update"; we read it as replacing the whole object, so a client removes a key by sending
// the object without it (a merge could never remove one).
func (s *Sandbox) setConversationMetadata(w http.ResponseWriter, r *http.Request, p principal) error {
	id := r.PathValue("conv_id")
	key := conversationKey(id)
	// A missing conversation is a 404 even when the body is also wrong: the path is checked first.
	if _, err := s.store.conversationMetadata(r.Context(), p.ScenarioID, key); errors.Is(err, errNotFound) {
		return conversationNotFound(id)
	} else if err != nil {
		return err
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	metadata, err := parseMetadataBody(body, s.schemas.forScenario(p.ScenarioID))
	if err != nil {
		return err
	}
	if err := s.store.setConversationMetadata(r.Context(), p.ScenarioID, key, metadata); errors.Is(err, errNotFound) {
		return conversationNotFound(id)
	} else if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, metadataJSON{Metadata: json.RawMessage(metadata)})
	return nil
}

// parseMetadataBody reads {"metadata":{…}}, checks it against the limits and schema (nil: none) and
// returns the object as compact JSON text.
func parseMetadataBody(body []byte, schema *jsonschema.Schema) (string, error) {
	var req metadataJSON
	if err := decodeJSON(body, &req); err != nil {
		return "", err
	}
	if len(req.Metadata) == 0 {
		return "", invalid("Field 'metadata' is required.")
	}
	dec := json.NewDecoder(bytes.NewReader(req.Metadata))
	dec.UseNumber() // 12 stays 12 and 1.50 stays 1.50, not float64 approximations
	var value any
	if err := dec.Decode(&value); err != nil {
		return "", badRequest("Malformed JSON in field 'metadata'.")
	}
	metadata, ok := value.(map[string]any)
	if !ok {
		return "", invalid("Field 'metadata' must be a JSON object, got %s.", jsonValueKind(value))
	}
	if len(metadata) > maxMetadataKeys {
		return "", invalid("Field 'metadata' has %d keys; the limit is %d.", len(metadata), maxMetadataKeys)
	}
	text, err := json.Marshal(metadata)
	if err != nil {
		return "", invalid("Field 'metadata' cannot be stored: %v.", err)
	}
	if len(text) > maxMetadataBytes {
		return "", invalid("Field 'metadata' is %d bytes as JSON; the limit is %d (64 KiB).", len(text), maxMetadataBytes)
	}
	if err := validateMetadata(schema, metadata); err != nil {
		return "", err
	}
	return string(text), nil
}

// jsonValueKind names the kind of a decoded JSON value the way a JSON client thinks of it.
func jsonValueKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	}
	return "a JSON object"
}
