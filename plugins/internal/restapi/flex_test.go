package restapi

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFlex: ids come as strings, numbers or null; only a FlexList takes an
// array (a multiple-value custom field), and a FlexString refuses one.
func TestFlex(t *testing.T) {
	for _, c := range []struct {
		in         string
		str, list  string
		strRefused bool
	}{
		{in: `"7"`, str: "7", list: "7"},
		{in: `7`, str: "7", list: "7"},
		{in: ` 12.5 `, str: "12.5", list: "12.5"},
		{in: `null`, str: "", list: ""},
		{in: `["a", 2, null]`, list: "a, 2, ", strRefused: true},
		{in: `[]`, list: "", strRefused: true},
	} {
		t.Run(c.in, func(t *testing.T) {
			var s FlexString
			err := json.Unmarshal([]byte(c.in), &s)
			if c.strRefused {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
				assert.Equal(t, c.str, string(s))
			}
			var l FlexList
			require.NoError(t, json.Unmarshal([]byte(c.in), &l))
			assert.Equal(t, c.list, string(l))
		})
	}
	var s FlexString
	assert.ErrorContains(t, json.Unmarshal([]byte(`{"a":1}`), &s), "want a string or a number")
}
