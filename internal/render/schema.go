package render

import (
	"bytes"
	"embed"
)

//go:embed schema/*.schema.json
var schemaFS embed.FS

// SchemaNames are the JSON Schema files (draft 2020-12) of the JSON formats, as
// served under /schema/: one for event pages, one for every index page.
var SchemaNames = []string{"event.schema.json", "index.schema.json"}

// Schema returns the JSON Schema file of that name, and whether there is one.
func Schema(name string) ([]byte, bool) {
	b, err := schemaFS.ReadFile("schema/" + name)
	if err != nil {
		return nil, false
	}
	return bytes.Clone(b), true
}
