package proctest

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas"
)

// noticesInSchema returns the properties of the notifications key of the
// JSON Schema of the process kind.
func noticesInSchema(t *testing.T, kind string) map[string]struct{ Description string } {
	t.Helper()
	raw, err := schemas.Schema(kind)
	require.NoError(t, err)
	var s struct {
		Properties struct {
			Notifications struct {
				Properties map[string]struct{ Description string } `json:"properties"`
			} `json:"notifications"`
		} `json:"properties"`
	}
	require.NoError(t, json.Unmarshal(raw, &s))
	return s.Properties.Notifications.Properties
}

// SchemaListsNoticeKinds checks that the JSON Schema of the process kind
// lists under its notifications key exactly the notice kinds the process
// registers.
func SchemaListsNoticeKinds(t *testing.T, kind string) {
	t.Helper()
	var inSchema, registered []string
	for k := range noticesInSchema(t, kind) {
		inSchema = append(inSchema, k)
	}
	for _, k := range relaciona.NoticeKinds(kind) {
		registered = append(registered, k.Kind)
	}
	assert.ElementsMatch(t, registered, inSchema, "the notice kinds of %s", kind)
}

// SchemaNamesNoticeFields checks that the JSON Schema of the process kind
// describes each notice kind the process registers with every field its
// template may use.
func SchemaNamesNoticeFields(t *testing.T, kind string) {
	t.Helper()
	listed := noticesInSchema(t, kind)
	for _, k := range relaciona.NoticeKinds(kind) {
		p, ok := listed[k.Kind]
		if !assert.True(t, ok, k.Kind) {
			continue
		}
		for _, field := range append(slices.Clone(relaciona.CommonNoticeFields), k.Fields...) {
			assert.Contains(t, p.Description, field, k.Kind)
		}
	}
}

// ConfigWithoutNotices reads the configuration file path and cuts off its
// own notifications key, which ends the file, for a test to append one of
// its own; cut says whether the file had the key.
func ConfigWithoutNotices(t *testing.T, path string) (data []byte, cut bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	if i := strings.Index(string(data), "\nnotifications:\n"); i >= 0 {
		return data[:i+1], true
	}
	return data, false
}
