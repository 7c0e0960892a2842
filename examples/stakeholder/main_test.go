package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/stakeholder"
)

// TestExampleRuns runs the example end to end and checks its story.
func TestExampleRuns(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()
	require.NoError(t, run(context.Background(), &out, "stakeholder.yaml", dir, relaciona.Spanish))
	want := `imported: 4 groups, 7 stakeholders, 7 assessments, 4 plan items (drafts)
plan approved by level 6: 4 items
level 2 logs an interaction: forbidden=true
level 4 approves the plan: forbidden, needs level 6
communications due on 2026-03-10:
  boletin-gremios  scheduled 2026-02-06 pending 3 overdue=true
  audiencia-jac    scheduled 2026-02-16 pending 1 overdue=true
  comite-camara    scheduled 2026-03-02 pending 1 overdue=true
  informe-concejo  scheduled 2026-03-02 pending 1 overdue=true
issue ISS-20260223-0001 opened at level 4, owner lucia, deadline 2026-02-26
  run 2026-02-27: level 5, owner marta, final=false
  run 2026-03-03: level 6, owner jorge, final=false
  run 2026-03-05: level 7, owner sofia, final=true
notifications written by the runs: 9
level 6 closes the level-7 issue: forbidden=true
level 7 resolved it
effectiveness Q1: response rate 67%, average 3.00, trend +3.00/month, gap closure 11%
report: "Gestión de partes interesadas — Secretaría de Planeación — Alcaldía de Ejemplo", 10 sections
report written to ` + dir + `
audit: 18 entries, chain verified
`
	assert.Equal(t, want, out.String())
	html, err := os.ReadFile(filepath.Join(dir, "stakeholder.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), "<svg")
	assert.NotContains(t, string(html), "mgomez@camara.example.org", "contacts stay out of the report")
}

// TestExampleYAMLValidates checks the example against the schema and the
// cross-reference rules, and that broken copies are refused with a
// position.
func TestExampleYAMLValidates(t *testing.T) {
	data, err := os.ReadFile("stakeholder.yaml")
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(data, []byte("# yaml-language-server: $schema=../../schemas/"+stakeholder.Kind+".json")), "modeline")
	_, err = stakeholder.ParseConfig("stakeholder.yaml", data, relaciona.Spanish)
	require.NoError(t, err)

	for _, c := range []struct{ old, new, want string }{
		{"power: 5, interest: 5, influence: 4", "power: 7, interest: 5, influence: 4", "stakeholder.yaml:99:45: stakeholders[2].assessment.power"},
		{"parent: externos\n    needs: [Información", "parent: nadie\n    needs: [Información", "stakeholder.yaml:67:13: groups[2].parent"},
	} {
		broken := bytes.Replace(data, []byte(c.old), []byte(c.new), 1)
		require.NotEqual(t, data, broken)
		_, err := stakeholder.ParseConfig("stakeholder.yaml", broken, relaciona.Spanish)
		require.ErrorIs(t, err, relaciona.ErrInvalid)
		assert.Contains(t, err.Error(), c.want)
	}
}
