package schemas

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

func TestKindsAndSchema(t *testing.T) {
	kinds := Kinds()
	require.Contains(t, kinds, "deployment")
	assert.True(t, sort.StringsAreSorted(kinds))
	kinds[0] = "changed"
	assert.NotEqual(t, "changed", Kinds()[0], "Kinds returns a copy")

	raw, err := Schema("deployment")
	require.NoError(t, err)
	file, err := embedded.ReadFile("deployment.json")
	require.NoError(t, err)
	assert.Equal(t, file, raw)
	raw[0] = 'X'
	again, _ := Schema("deployment")
	assert.Equal(t, byte('{'), again[0], "Schema returns a copy")

	_, err = Schema("nonexistent")
	assert.ErrorIs(t, err, relaciona.ErrNotFound)
	assert.Contains(t, err.Error(), "deployment")
	assert.Equal(t, BaseURL+"deployment.json", URL("deployment"))
}

// TestSchemasFollowTheRules checks every embedded schema against the rules
// in the package documentation, so a kind added later is held to them too.
func TestSchemasFollowTheRules(t *testing.T) {
	reg := defaultRegistry()
	for _, kind := range Kinds() {
		t.Run(kind, func(t *testing.T) {
			ks := reg.byKind[kind]
			require.NoError(t, ks.err, "the schema compiles")
			root, ok := ks.doc.(map[string]any)
			require.True(t, ok, "the schema is a JSON object")
			assert.Equal(t, "https://json-schema.org/draft/2020-12/schema", root["$schema"])
			assert.Equal(t, URL(kind), root["$id"])
			assert.Equal(t, "object", root["type"])
			assert.Subset(t, root["required"], []any{"kind", "version"})
			props, _ := root["properties"].(map[string]any)
			require.NotNil(t, props, "the schema declares properties")
			kindProp, _ := props["kind"].(map[string]any)
			versionProp, _ := props["version"].(map[string]any)
			assert.Equal(t, kind, kindProp["const"], "properties.kind.const is the file name")
			assert.Equal(t, float64(Version), versionProp["const"], "properties.version.const is 1")
			checkSchemaNode(t, "#", root, true)
			checkKeywords(t, "#", root)
		})
	}
}

// checkSchemaNode walks a schema: object schemas close their keys and every
// declared property has a bilingual title and description.
func checkSchemaNode(t *testing.T, at string, node any, declared bool) {
	s, ok := node.(map[string]any)
	if !ok {
		return
	}
	if declared {
		for _, k := range []string{"title", "description"} {
			v, _ := s[k].(string)
			if assert.NotEmpty(t, v, "%s has a %s", at, k) {
				assert.Contains(t, v, " / ", "%s: %s is written \"Spanish / English\"", at, k)
			}
		}
	}
	_, hasProps := s["properties"]
	_, hasPatterns := s["patternProperties"]
	if hasProps || hasPatterns {
		ap, apSet := s["additionalProperties"]
		up, upSet := s["unevaluatedProperties"]
		closed := (apSet && ap == false) || (upSet && up == false)
		assert.True(t, closed, "%s rejects unknown keys (additionalProperties or unevaluatedProperties false)", at)
	}
	// Declared places: properties, patternProperties, additionalProperties
	// and items schemas, $defs. Constraint-only places (if, then, else, not,
	// propertyNames, dependentSchemas, contains) need no title.
	for _, k := range []string{"properties", "patternProperties", "$defs"} {
		if m, ok := s[k].(map[string]any); ok {
			for name, sub := range m {
				checkSchemaNode(t, at+"/"+k+"/"+name, sub, true)
			}
		}
	}
	for _, k := range []string{"additionalProperties", "items", "unevaluatedItems"} {
		if sub, ok := s[k].(map[string]any); ok {
			checkSchemaNode(t, at+"/"+k, sub, true)
		}
	}
	if arr, ok := s["prefixItems"].([]any); ok {
		for i, sub := range arr {
			checkSchemaNode(t, at+"/prefixItems/"+strconv.Itoa(i), sub, true)
		}
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		if arr, ok := s[k].([]any); ok {
			for i, sub := range arr {
				checkSchemaNode(t, at+"/"+k+"/"+strconv.Itoa(i), sub, false)
			}
		}
	}
}

// Every embedded schema is valid JSON with no duplicate top-level surprises:
// the raw bytes parse and re-encode.
func TestSchemasAreJSON(t *testing.T) {
	for _, kind := range Kinds() {
		raw, err := Schema(kind)
		require.NoError(t, err)
		assert.True(t, json.Valid(raw), kind)
		assert.True(t, strings.HasSuffix(strings.TrimSpace(string(raw)), "}"), kind)
	}
}

// keywords2020 are the keywords of JSON Schema draft 2020-12 (core,
// applicator, unevaluated, validation, format-annotation, content and
// meta-data vocabularies): all that ajv knows in strict mode.
var keywords2020 = map[string]bool{
	"$schema": true, "$id": true, "$ref": true, "$anchor": true, "$dynamicRef": true, "$dynamicAnchor": true,
	"$vocabulary": true, "$comment": true, "$defs": true,
	"allOf": true, "anyOf": true, "oneOf": true, "not": true, "if": true, "then": true, "else": true,
	"dependentSchemas": true, "prefixItems": true, "items": true, "contains": true, "properties": true,
	"patternProperties": true, "additionalProperties": true, "propertyNames": true,
	"unevaluatedItems": true, "unevaluatedProperties": true,
	"type": true, "enum": true, "const": true, "multipleOf": true, "maximum": true, "exclusiveMaximum": true,
	"minimum": true, "exclusiveMinimum": true, "maxLength": true, "minLength": true, "pattern": true,
	"maxItems": true, "minItems": true, "uniqueItems": true, "maxContains": true, "minContains": true,
	"maxProperties": true, "minProperties": true, "required": true, "dependentRequired": true,
	"format": true, "contentEncoding": true, "contentMediaType": true, "contentSchema": true,
	"title": true, "description": true, "default": true, "deprecated": true, "readOnly": true,
	"writeOnly": true, "examples": true,
}

// checkKeywords walks every subschema and fails on a keyword that is not
// JSON Schema 2020-12 (such as the "x-errors" the schemas once carried): a
// validator in strict mode (ajv) refuses the whole file for one. Own error
// texts belong in messages.
func checkKeywords(t *testing.T, at string, node any) {
	s, ok := node.(map[string]any)
	if !ok {
		return
	}
	for k, v := range s {
		if !assert.True(t, keywords2020[k], "%s: %q is not a JSON Schema 2020-12 keyword (own error texts go in messages.go)", at, k) {
			continue
		}
		switch k {
		case "$defs", "properties", "patternProperties", "dependentSchemas":
			if m, ok := v.(map[string]any); ok {
				for name, sub := range m {
					checkKeywords(t, at+"/"+k+"/"+name, sub)
				}
			}
		case "allOf", "anyOf", "oneOf", "prefixItems":
			if arr, ok := v.([]any); ok {
				for i, sub := range arr {
					checkKeywords(t, at+"/"+k+"/"+strconv.Itoa(i), sub)
				}
			}
		case "not", "if", "then", "else", "items", "contains", "additionalProperties", "propertyNames",
			"unevaluatedItems", "unevaluatedProperties", "contentSchema":
			checkKeywords(t, at+"/"+k, v)
		}
	}
}

// TestMessagesNameKeywords checks the schemas' own error texts: each is
// for a kind that exists, at a pointer that names a keyword of that kind's
// schema (so a text is not left behind when a schema changes), in both
// languages, and the explainer finds it there.
func TestMessagesNameKeywords(t *testing.T) {
	reg := defaultRegistry()
	require.NotEmpty(t, messages)
	for kind, texts := range messages {
		ks, ok := reg.byKind[kind]
		if !assert.True(t, ok, "messages names kind %q, which has no schema", kind) {
			continue
		}
		x := &explainer{reg: reg, lang: relaciona.English}
		for ptr, txt := range texts {
			at := kind + ".json#" + ptr
			assert.NotEmpty(t, txt.es, "%s: Spanish text", at)
			assert.NotEmpty(t, txt.en, "%s: English text", at)
			kw := lastSegment(ptr)
			assert.True(t, keywords2020[kw], "%s: names the keyword %q", at, kw)
			parent, ok := x.schemaValue(ks.url + "#" + parentPointer(ptr)).(map[string]any)
			if assert.True(t, ok, "%s: the pointer's parent is a schema object of %s.json", at, kind) {
				_, present := parent[kw]
				assert.True(t, present, "%s: the schema there has the keyword %q", at, kw)
			}
			msg, found := x.customMessage(ks.url + "#" + ptr)
			assert.True(t, found, at)
			assert.Equal(t, txt.en, msg, at)
		}
	}
}
