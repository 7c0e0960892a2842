package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stakeholderDeployment writes a deployment with the example stakeholder
// file (edited by edit, when given) into a temporary folder.
func stakeholderDeployment(t *testing.T, edit func(string) string) (dir string) {
	t.Helper()
	dir = t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "stakeholder", "stakeholder.yaml"))
	require.NoError(t, err)
	y := string(src)
	if edit != nil {
		y = edit(y)
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stakeholder.yaml"), []byte(y), 0o644))
	dep := "kind: deployment\nversion: 1\nname: Alcaldía de Ejemplo\ncountry: CO\nstore: sqlite://agency.db\nprocesses:\n  stakeholder: stakeholder.yaml\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "deployment.yaml"), []byte(dep), 0o644))
	return dir
}

// importedStakeholders writes a stakeholderDeployment of the unedited
// example and imports its register as sofia on 2026-01-12. It returns the
// folder and the deployment file.
func importedStakeholders(t *testing.T) (dir, dep string) {
	t.Helper()
	dir = stakeholderDeployment(t, nil)
	dep = filepath.Join(dir, "deployment.yaml")
	code, _, stderr := runCLI(t, "stakeholder", "import", "--config", dep, "--actor", "sofia", "--at", "2026-01-12")
	require.Equal(t, 0, code, stderr)
	return dir, dep
}

func TestStakeholderImportAndReport(t *testing.T) {
	dir := stakeholderDeployment(t, nil)
	dep := filepath.Join(dir, "deployment.yaml")

	code, _, stderr := runCLI(t, "stakeholder", "import", "--config", dep, "--actor", "practicante", "--at", "2026-01-12")
	assert.Equal(t, 1, code)
	assert.Equal(t, "relaciona stakeholder import: prohibido: \"practicante\" no puede stakeholder.register: necesita el nivel SFIA 4 o superior (el directorio le da el nivel 2)\n", stderr,
		"a level-2 person may not import the register; the refusal is in Spanish by default")
	code, _, stderr = runCLI(t, "stakeholder", "import", "--lang", "en", "--config", dep, "--actor", "practicante", "--at", "2026-01-12")
	assert.Equal(t, 1, code)
	assert.Equal(t, "relaciona stakeholder import: forbidden: actor \"practicante\" may not stakeholder.register: needs SFIA level 4 or higher (the directory gives level 2)\n", stderr, "and in English with --lang en")

	code, stdout, stderr := runCLI(t, "stakeholder", "import", "--config", dep, "--actor", "sofia", "--at", "2026-01-12")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "importados: 4 grupos, 7 partes interesadas, 7 análisis, 4 actividades del plan (borradores); 0 ya existían")

	out := filepath.Join(dir, "reports")
	code, stdout, stderr = runCLI(t, "--lang", "en", "stakeholder", "report", "--config", dep, "--out", out, "--format", "html,csv,xlsx,md", "--from", "2025-04-01", "--to", "2026-03-31")
	require.Equal(t, 0, code, stderr)
	for _, f := range []string{"index.html", "stakeholder.html", "md/stakeholder.md", "xlsx/stakeholder.xlsx", "csv/stakeholder/mapa-datos.csv"} {
		_, err := os.Stat(filepath.Join(out, f))
		assert.NoError(t, err, f)
	}
	assert.Equal(t, 13, strings.Count(stdout, "\n"), "one line per output: index, and HTML, CSV, XLSX, Markdown of the main, the governance and the decisions page")
	html, err := os.ReadFile(filepath.Join(out, "stakeholder.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), "<svg")
	assert.Contains(t, string(html), "Manage closely")
	assert.NotContains(t, string(html), "Rosa Medina", "a person's name is redacted without --personal")

	code, _, _ = runCLI(t, "stakeholder", "report", "--config", dep, "--out", out, "--format", "pdf")
	assert.Equal(t, 2, code)
	code, _, _ = runCLI(t, "stakeholder", "frobnicate")
	assert.Equal(t, 2, code)
}

func TestStakeholderValidateRejectsBrokenCopiesWithPosition(t *testing.T) {
	code, stdout, stderr := runCLI(t, "validate", filepath.Join("..", "..", "examples", "stakeholder", "stakeholder.yaml"))
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "(stakeholder)")

	cases := []struct{ name, old, new, want string }{
		{"score out of range", "power: 5, interest: 5, influence: 4", "power: 9, interest: 5, influence: 4", "stakeholder.yaml:99:45: stakeholders[2].assessment.power"},
		{"unknown group", "groups: [gremios]\n    contact_point: jorge", "groups: [gremio]\n    contact_point: jorge", "stakeholder.yaml:94:13: stakeholders[2].groups[0]"},
		{"missing chain level", "    - level: 5\n      owner: marta\n      limits: {low: 10, medium: 5, high: 2, critical: 1}\n", "", "escalation.chain"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := stakeholderDeployment(t, func(y string) string {
				require.Contains(t, y, c.old)
				return strings.Replace(y, c.old, c.new, 1)
			})
			code, _, stderr := runCLI(t, "validate", filepath.Join(dir, "stakeholder.yaml"))
			assert.Equal(t, 1, code)
			assert.Contains(t, stderr, c.want)
		})
	}
}

// With the deployment's directory, stakeholder import passes only who
// acts: the directory's level decides, not the file's actors.
func TestStakeholderImportAsksTheDeploymentsDirectory(t *testing.T) {
	dir := stakeholderDeployment(t, nil)
	dep := filepath.Join(dir, "deployment.yaml")
	b, err := os.ReadFile(dep)
	require.NoError(t, err)
	// The file gives practicante level 2; the directory gives 6, and does
	// not list sofia (level 5 in the file).
	require.NoError(t, os.WriteFile(dep, append(b, []byte("directory:\n  people:\n    - {id: practicante, name: Practicante, level: 6}\n")...), 0o644))

	code, _, stderr := runCLI(t, "stakeholder", "import", "--config", dep, "--actor", "sofia", "--at", "2026-01-12")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, `"sofia"`, "not in the directory")

	code, stdout, stderr := runCLI(t, "stakeholder", "import", "--config", dep, "--actor", "practicante", "--at", "2026-01-12")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "importados: 4 grupos")
}
