package render

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestSchemasFollowTheFieldLists holds the JSON Schemas to the field lists
// the JSON is written from: at every level the same members, and as
// required exactly those never left out, in the lists' order.
func TestSchemasFollowTheFieldLists(t *testing.T) {
	for name, fields := range map[string][]fieldInfo{
		"event.schema.json": infoOf(eventFields),
		"index.schema.json": infoOf(indexFields),
	} {
		raw, ok := Schema(name)
		if !ok {
			t.Fatalf("schema %s is not embedded", name)
		}
		var root map[string]any
		if err := json.Unmarshal(raw, &root); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkSchemaObject(t, name, root, root, fields)
	}
}

func checkSchemaObject(t *testing.T, where string, root, node map[string]any, fields []fieldInfo) {
	t.Helper()
	node = objectSchema(root, node)
	props, _ := node["properties"].(map[string]any)
	var names, required []string
	for _, f := range fields {
		names = append(names, f.name)
		if !f.omitEmpty {
			required = append(required, f.name)
		}
	}
	if got := slices.Sorted(maps.Keys(props)); !slices.Equal(got, slices.Sorted(slices.Values(names))) {
		t.Errorf("%s: the schema has properties %v, the field list %v", where, got, names)
	}
	var got []string
	if req, ok := node["required"].([]any); ok {
		for _, r := range req {
			got = append(got, r.(string))
		}
	}
	if !slices.Equal(got, required) {
		t.Errorf("%s: the schema requires %v, the field list always writes %v", where, got, required)
	}
	for _, f := range fields {
		if f.nested == nil {
			continue
		}
		child, _ := props[f.name].(map[string]any)
		child = objectSchema(root, child)
		if items, ok := child["items"].(map[string]any); ok {
			child = items
		}
		checkSchemaObject(t, where+" "+f.name, root, child, f.nested)
	}
}

// objectSchema follows a node's $ref, the first part of its allOf (the
// others only add constraints) and the alternative to null of its oneOf.
func objectSchema(root, node map[string]any) map[string]any {
	for {
		switch {
		case node["$ref"] != nil:
			node = root["$defs"].(map[string]any)[strings.TrimPrefix(node["$ref"].(string), "#/$defs/")].(map[string]any)
		case node["allOf"] != nil && node["properties"] == nil:
			node = node["allOf"].([]any)[0].(map[string]any)
		case node["oneOf"] != nil:
			for _, alt := range node["oneOf"].([]any) {
				if a := alt.(map[string]any); a["type"] != "null" {
					node = a
				}
			}
		default:
			return node
		}
	}
}
