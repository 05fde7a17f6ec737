package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"qcadmin/display"
	"qcadmin/internal/cut"
	"qcadmin/sandbox/seed"
)

// maxViolations caps how many schema violations one error message lists.
const maxViolations = 10

// metadataSchemas says which JSON Schema each scenario's conversation metadata must follow, as Quickchat
// validates metadata against the schema configured in its dashboard.
type metadataSchemas struct {
	demo *jsonschema.Schema // the demo agent's; other scenarios have none
	all  *jsonschema.Schema // from Config.MetadataSchema: every scenario's, the demo agent's included
}

// loadMetadataSchemas compiles the embedded demo schema, or, when path is set, the schema in that file.
func loadMetadataSchemas(path string) (metadataSchemas, error) {
	if path == "" {
		// Nothing is fetched from the schema's address: a $ref to another https URL fails to compile
		// instead of reaching the network.
		sch, err := compileSchema(seed.MetadataSchemaURL, seed.MetadataSchema)
		if err != nil {
			return metadataSchemas{}, fmt.Errorf("built-in metadata schema: %w", err)
		}
		return metadataSchemas{demo: sch}, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return metadataSchemas{}, fmt.Errorf("metadata schema %s: %w", path, err)
	}
	raw, err := os.ReadFile(abs)
	if err != nil {
		return metadataSchemas{}, fmt.Errorf("metadata schema: %w", err)
	}
	sch, err := compileSchema(abs, raw)
	if err != nil {
		return metadataSchemas{}, fmt.Errorf("metadata schema %s: %w", path, err)
	}
	return metadataSchemas{all: sch}, nil
}

// compileSchema compiles one JSON Schema document; "format" is asserted, so review_at must really be a date-time.
func compileSchema(location string, raw []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(location, doc); err != nil {
		return nil, err
	}
	sch, err := c.Compile(location)
	if err != nil {
		return nil, fmt.Errorf("not a valid JSON Schema: %w", err)
	}
	return sch, nil
}

// forScenario returns the schema the scenario's metadata must follow, or nil when anything goes.
func (m metadataSchemas) forScenario(scenarioID string) *jsonschema.Schema {
	if m.all != nil {
		return m.all
	}
	if scenarioID == DemoScenarioID {
		return m.demo
	}
	return nil
}

// validateMetadata checks metadata (decoded with UseNumber) against schema; the 422 names each failing
// JSON path under "metadata" and why, so the person editing knows which field to fix.
func validateMetadata(schema *jsonschema.Schema, metadata map[string]any) error {
	if schema == nil {
		return nil
	}
	err := schema.Validate(metadata)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return invalid("Field 'metadata' does not match the conversation metadata schema: %v.", err)
	}
	violations := schemaViolations(ve)
	more := ""
	if len(violations) > maxViolations {
		more = fmt.Sprintf("; and %d more", len(violations)-maxViolations)
		violations = violations[:maxViolations]
	}
	return invalid("Field 'metadata' does not match the conversation metadata schema: %s%s.", strings.Join(violations, "; "), more)
}

// schemaViolations lists the innermost failures, as "metadata/path: reason", sorted and without repeats.
func schemaViolations(ve *jsonschema.ValidationError) []string {
	var out []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, "metadata"+jsonPointer(e.InstanceLocation)+": "+violationReason(e.ErrorKind))
			return
		}
		for _, cause := range e.Causes {
			walk(cause)
		}
	}
	walk(ve)
	slices.Sort(out)
	return slices.Compact(out)
}

// jsonPointer writes a path as RFC 6901 does, so a key containing "/" stays one step.
func jsonPointer(tokens []string) string {
	var b strings.Builder
	for _, tok := range tokens {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// violationReason says what is wrong in the words of a JSON client (values as JSON, double-quoted strings);
// rarer keywords keep the library's own wording.
func violationReason(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, v := range k.Want {
			want[i] = jsonText(v)
		}
		if len(want) == 1 {
			return "value must be " + want[0]
		}
		return "value must be one of " + strings.Join(want, ", ")
	case *kind.Const:
		return "value must be " + jsonText(k.Want)
	case *kind.Type:
		return fmt.Sprintf("must be %s, got %s", strings.Join(k.Want, " or "), k.Got)
	case *kind.Pattern:
		return fmt.Sprintf("%s does not match the pattern %s", jsonText(k.Got), jsonText(k.Want))
	case *kind.Format:
		return fmt.Sprintf("%s is not a valid %s", jsonText(k.Got), k.Want)
	case *kind.MaxLength:
		return fmt.Sprintf("must be at most %d characters long, got %d", k.Want, k.Got)
	case *kind.MinLength:
		return fmt.Sprintf("must be at least %d characters long, got %d", k.Want, k.Got)
	case *kind.Required:
		return "missing " + display.Word(len(k.Missing), "property", "properties") + " " + jsonList(k.Missing)
	case *kind.AdditionalProperties:
		if len(k.Properties) == 1 {
			return "property " + jsonList(k.Properties) + " is not allowed"
		}
		return "properties " + jsonList(k.Properties) + " are not allowed"
	case *kind.FalseSchema:
		return "no value is allowed here"
	}
	if out := (&jsonschema.ValidationError{ErrorKind: k}).BasicOutput(); out.Error != nil {
		return out.Error.String()
	}
	return "value is not allowed"
}

// jsonText writes a value as JSON; long values are cut, so one bad field cannot flood the message.
func jsonText(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return cut.Ellipsis(string(raw), 80)
}

func jsonList(names []string) string {
	quoted := make([]string, len(names))
	for i, name := range names {
		quoted[i] = jsonText(name)
	}
	return strings.Join(quoted, ", ")
}
