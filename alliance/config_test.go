package alliance

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

const examplePath = "../examples/alliance/alliance.yaml"

func TestExampleConfigValidates(t *testing.T) {
	cfg, err := LoadConfig(examplePath, relaciona.Spanish)
	require.NoError(t, err)
	assert.Len(t, cfg.Offices, 1)
	assert.Len(t, cfg.Objectives, 5)
	assert.Equal(t, AtMost, cfg.Objectives[0].Indicators[1].Direction, "answer_days defaults to at_most")
	assert.Equal(t, []string{"apoyo_inclusion"}, cfg.Alliances[2].Resources, "resources default to the organisation's")
	assert.Equal(t, 2, cfg.Search.ShortlistSize)
}

// TestBrokenConfigsAreRejectedWithPosition: broken copies of the example
// are refused with file:line:col, by the schema or by the cross-reference
// check.
func TestBrokenConfigsAreRejectedWithPosition(t *testing.T) {
	good, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	cases := []struct {
		name, old, new, want string
	}{
		{"unknown key", "  disagreement_spread: 2", "  disagreement_spred: 2", ":87:3: monitoring"},
		{"wrong type", "  min_raters: 2", "  min_raters: dos", ":88:15: monitoring.min_raters"},
		{"bad kind", "    kind: link", "    kind: vinculo", ":167:11: alliances[2].kind"},
		{"unknown objective", "    objectives: [cuidados]", "    objectives: [cuidado]", ":174:18: alliances[3].objectives[0]"},
		{"unknown partner", "    organisation: jardin-junji", "    organisation: junji", ":172:19: alliances[3].organisation"},
		{"unknown resource", "    resources: [financiamiento, asesoria]\n\nmonitoring", "    resources: [financiamiento, credito]\n\nmonitoring", ":81:33: objectives[4].resources[1]"},
		{"unknown office", "    office: omil-valparaiso\n    organisation: jardin-junji", "    office: omil-vina\n    organisation: jardin-junji", ":171:13: alliances[3].office"},
		{"duplicate id", "  - id: cft-regional", "  - id: centro-negocios", ":134:9: organisations[6].id"},
		{"rate target above 1", "        target: 0.6", "        target: 60", ":59:17: objectives[1].indicators[0].target"},
		{"end before start", "    end: 2027-02-28", "    end: 2023-02-28", ":153:10: alliances[0].end"},
		{"rating scale upside down", "  rating_max: 5", "  rating_max: 1", ":86:15: monitoring.rating_max"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, string(good), tc.old)
			bad := strings.Replace(string(good), tc.old, tc.new, 1)
			cfg, err := ParseConfig("alliance.yaml", []byte(bad), relaciona.Spanish)
			require.Error(t, err)
			assert.Nil(t, cfg)
			assert.True(t, errors.Is(err, relaciona.ErrInvalid))
			assert.Contains(t, err.Error(), "alliance.yaml"+tc.want)
		})
	}
}
