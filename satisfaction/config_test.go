package satisfaction

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

const examplePath = "../examples/satisfaction/satisfaction.yaml"

func TestExampleConfigValidates(t *testing.T) {
	c, err := LoadConfig(examplePath, relaciona.Spanish)
	require.NoError(t, err)
	assert.Len(t, c.Clients, 3)
	assert.Equal(t, 4, c.Scales.CSAT.SatisfiedFrom)
	a, ok := c.Actor("dir-ana")
	require.True(t, ok)
	assert.Equal(t, []string{RoleDirection}, a.Roles)
}

func TestBrokenConfigsAreRejectedWithLineAndColumn(t *testing.T) {
	orig, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	cases := []struct {
		name, from, to string
		line, col      int
		field, msg     string
	}{
		{"unknown service of a client", "services: [correo, hosting]", "services: [correo, web]", 61, 24, "clients[1].services[1]", "web"},
		{"repeated client id", "id: salud", "id: tramites", 62, 9, "clients[2].id", "repetido"},
		{"unknown division", "division: ops\n", "division: redes\n", 39, 15, "services[0].division", "redes"},
		{"schema: unknown role", "roles: [process_owner]", "roles: [dueño]", 19, 13, "team[1].roles[0]", ""},
		{"schema: unknown key", "area: Infraestructura", "zona: x\narea: Infraestructura", 7, 1, "zona", ""},
		{"nps thresholds crossed", "detractors_up_to: 6", "detractors_up_to: 9", 81, 42, "scales.nps.promoters_from", "umbrales"},
		{"team: manager not on the team", "manager: dir-ana", "manager: gerente", 20, 14, "team[1].manager", "gerente"},
		{"team: managers in a loop", "roles: [direction]\n", "roles: [direction]\n    manager: exe-sofia\n", 16, 14, "team[0].manager", "vuelta"},
		{"ces target off its scale", "ces: 5\n", "ces: 9\n", 89, 10, "cmi.targets.ces", "escala"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := strings.Replace(string(orig), tc.from, tc.to, 1)
			require.NotEqual(t, string(orig), data, "the replacement must apply")
			_, err := ParseConfig("broken.yaml", []byte(data), relaciona.Spanish)
			p := proctest.FirstProblem(t, err)
			assert.Equal(t, "broken.yaml", p.File)
			assert.Equal(t, tc.field, p.Field, "%v", err)
			assert.Equal(t, tc.line, p.Line, "%v", err)
			assert.Equal(t, tc.col, p.Column, "%v", err)
			assert.Contains(t, p.Msg, tc.msg)
		})
	}
}

func TestConfigRequiresEveryRole(t *testing.T) {
	c := testConfig()
	c.Team = c.Team[:1]
	_, err := NewConfig(c, relaciona.English)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "process_owner")
}

func FuzzParseConfig(f *testing.F) {
	orig, err := os.ReadFile(examplePath)
	require.NoError(f, err)
	f.Add(orig)
	f.Add([]byte("kind: satisfaction\nversion: 1\n"))
	f.Add([]byte("kind: satisfaction\nversion: 1\ndivisions: [{id: d, name: D}]\ngovernance: {document_review_months: 6, fresh_days: 30, direction_review_months: 4, meeting_divisions: [d, x]}\n"))
	f.Add([]byte("kind: satisfaction\nversion: 1\narea: x\nteam: [{id: a, roles: [direction]}]\nservices: [{id: s, name: S}]\nclients: [{id: c, name: C, services: [s, s]}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig("fuzz.yaml", data, relaciona.English)
		if err == nil {
			require.NotNil(t, c)
			require.Equal(t, Kind, c.Kind)
			return
		}
		require.ErrorIs(t, err, relaciona.ErrInvalid)
	})
}
