package seed

import _ "embed"

// MetadataSchema is the JSON Schema the demo agent's team configured for conversation metadata.
//
//go:embed metadata_schema.json
var MetadataSchema []byte

// MetadataSchemaURL is the address MetadataSchema goes by; nothing is served there.
const MetadataSchemaURL = Site + "/schemas/conversation-metadata.json"
