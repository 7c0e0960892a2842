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
		})
	}
}

// checkSchemaNode walks a schema: object schemas close their keys, every
// declared property has a bilingual title and description, and x-errors
// name keywords of the same schema in both languages.
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
	if xe, ok := s["x-errors"].(map[string]any); ok {
		for kw, m := range xe {
			_, present := s[kw]
			assert.True(t, present, "%s: x-errors.%s names a keyword of the same schema", at, kw)
			msgs, _ := m.(map[string]any)
			assert.NotEmpty(t, msgs["es"], "%s: x-errors.%s.es", at, kw)
			assert.NotEmpty(t, msgs["en"], "%s: x-errors.%s.en", at, kw)
		}
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
