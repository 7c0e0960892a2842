package schemas

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// exampleFiles returns every YAML configuration file shipped under
// examples/, as paths relative to this package, sorted.
func exampleFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(filepath.Join("..", "examples"), func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			files = append(files, path)
		}
		return nil
	})
	require.NoError(t, err)
	sort.Strings(files)
	require.GreaterOrEqual(t, len(files), 7, "the examples are found")
	return files
}

// modeline reads the first line of an example: the modeline naming the
// schema by a path relative to the file. It returns that path.
func modeline(t *testing.T, data []byte) string {
	t.Helper()
	first, _, _ := strings.Cut(string(data), "\n")
	const prefix = "# yaml-language-server: $schema="
	require.True(t, strings.HasPrefix(first, prefix), "the first line is a yaml-language-server modeline: %q", first)
	return strings.TrimPrefix(first, prefix)
}

// TestExamplesHaveLocalModelines checks that every example names its
// schema by a relative path that resolves, in a checkout, to the schema file
// of its kind: an editor validates it offline.
func TestExamplesHaveLocalModelines(t *testing.T) {
	for _, f := range exampleFiles(t) {
		t.Run(f, func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			ref := modeline(t, data)
			assert.False(t, strings.Contains(ref, "://"), "the modeline is a relative path, not a URL: %s", ref)
			kind, err := Decode(f, data, relaciona.English, nil)
			require.NoError(t, err, "the example is valid")
			assert.Equal(t, kind+".json", filepath.Base(ref), "the modeline names the schema of the file's kind")
			onDisk, err := os.ReadFile(filepath.Join(filepath.Dir(f), filepath.FromSlash(ref)))
			require.NoError(t, err, "the modeline's path resolves from the file")
			embeddedRaw, err := Schema(kind)
			require.NoError(t, err)
			assert.Equal(t, embeddedRaw, onDisk, "the file the modeline names is the embedded schema")
		})
	}
}

// brokenExample is an example with one mistake: the first occurrence of old
// replaced by new, which breaks a rule on the line where old starts.
type brokenExample struct {
	name     string
	file     string // relative to examples/
	old, new string
	es       string // what the Spanish message says
}

// brokenExamples break one rule of each kind. The CI tests feed the same
// files to ajv and yaml-language-server.
var brokenExamples = []brokenExample{
	{"alliance id", "alliance/alliance.yaml", "  - id: omil-valparaiso", "  - id: OMIL Valparaíso",
		"debe usar solo minúsculas sin tilde, cifras, - o _ (p. ej. convenio-sence)"},
	{"citizen id", "citizen/citizen.yaml", "  - id: ana-atencion", "  - id: Ana Atención",
		"use minúsculas, cifras, punto, guion o guion bajo (p. ej. licencia-construccion)"},
	{"citizen rule value", "citizen/citizen.yaml", "{variable: zona, eq: rural}", "{variable: zona, eq: [rural]}",
		"tipo incorrecto: se esperaba un texto o un número o true o false, pero se encontró una lista"},
	{"deployment password", "deployment/deployment.yaml", "store: sqlite://relaciona.db", "store: postgres://relaciona:secreto@db/relaciona",
		"la URL lleva una contraseña: quítela y entréguela por el entorno del servidor (p. ej. PGPASSWORD)"},
	{"plugin-check duration", "custom-ticket-adapter/check.yaml", "  resolution: 1ms", "  resolution: un segundo",
		"debe ser una duración de Go, p. ej. 30s, 1m o 500ms"},
	{"satisfaction id", "satisfaction/satisfaction.yaml", "  - id: dir-ana", "  - id: Dir Ana",
		"minúsculas"},
	{"stakeholder id", "stakeholder/stakeholder.yaml", "{id: comite,", "{id: comité de seguimiento,",
		"identificador no válido: use letras, dígitos, «.», «-» o «_» (hasta 64, empezando por letra o dígito)"},
}

// load returns the broken file's path, its text and the 1-based line of
// the mistake.
func (b brokenExample) load(t *testing.T) (path string, data []byte, line int) {
	t.Helper()
	path = filepath.Join("..", "examples", filepath.FromSlash(b.file))
	orig, err := os.ReadFile(path)
	require.NoError(t, err)
	i := strings.Index(string(orig), b.old)
	require.GreaterOrEqual(t, i, 0, "%s contains %q", b.file, b.old)
	line = strings.Count(string(orig[:i]), "\n") + 1
	return path, []byte(strings.Replace(string(orig), b.old, b.new, 1)), line
}

// TestBrokenExamples checks that each broken example fails with one problem,
// on the line of the mistake, with the schema's own text where it has one.
func TestBrokenExamples(t *testing.T) {
	for _, b := range brokenExamples {
		t.Run(b.name, func(t *testing.T) {
			path, data, line := b.load(t)
			_, err := Decode(path, data, relaciona.Spanish, nil)
			var e *Error
			require.ErrorAs(t, err, &e)
			require.Len(t, e.Problems, 1, "%v", err)
			assert.Equal(t, line, e.Problems[0].Line, "%v", err)
			assert.Contains(t, e.Problems[0].Msg, b.es)
		})
	}
}

// TestConditionalTypeReportedOnce: deployment.json's "then" repeats
// "type": "object" for calendar (ajv's strict types ask for it); a calendar
// of the wrong type is still one problem, not two.
func TestConditionalTypeReportedOnce(t *testing.T) {
	doc := "kind: deployment\nversion: 1\nname: Alcaldía\ncountry: CO\nstore: sqlite://x.db\ntickets:\n  url: desk://\ncalendar: 5\n"
	_, err := Decode("d.yaml", []byte(doc), relaciona.Spanish, nil)
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Len(t, e.Problems, 1, "%v", err)
	assert.Equal(t, 8, e.Problems[0].Line)
	assert.Contains(t, e.Problems[0].Msg, "tipo incorrecto")
}
