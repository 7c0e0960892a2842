package citizen

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

func TestExampleConfigLoads(t *testing.T) {
	cfg, err := LoadConfig(examplePath, relaciona.Spanish)
	require.NoError(t, err)
	assert.Equal(t, 5, cfg.Characterisation.K)
	assert.Equal(t, 15, cfg.TermDays(Peticion, KindGeneral))
	assert.Equal(t, 10, cfg.TermDays(Peticion, KindDocuments))
	assert.Equal(t, 30, cfg.TermDays(Peticion, KindConsultation))
	it, ok := cfg.OfferItemByID("informacion-contratos")
	require.True(t, ok)
	assert.Equal(t, "documents", it.RequestKind, "an information request defaults to the documents term")
	assert.Equal(t, "hacienda", cfg.Offer[0].Group, "the Open311 group defaults to the dependency")
}

// brokenCopy returns the example with old replaced by new (once).
func brokenCopy(t *testing.T, old, new string) []byte {
	t.Helper()
	data, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	require.Contains(t, string(data), old)
	return []byte(strings.Replace(string(data), old, new, 1))
}

// lineOf returns the 1-based line of the first occurrence of s in data.
func lineOf(data []byte, s string) int {
	i := strings.Index(string(data), s)
	return strings.Count(string(data[:i]), "\n") + 1
}

func TestBrokenConfigsAreRejectedWithLineAndColumn(t *testing.T) {
	cases := []struct {
		name     string
		old, new string
		at       string // text on the offending line
		field    string
		msg      string
	}{
		{"segment rule names an unknown variable", "{variable: zona, eq: rural}", "{variable: barrio, eq: rural}", "variable: barrio", "segments[0].rule.all[1].variable", "unknown variable \"barrio\""},
		{"segment rule value not in the category", "{variable: zona, eq: rural}", "{variable: zona, eq: selva}", "variable: zona, eq: selva", "segments[0].rule.all[1].eq", "\"selva\" is not a value"},
		{"number operator on a category", "{variable: zona, eq: rural}", "{variable: zona, gte: 3}", "variable: zona, gte: 3", "segments[0].rule.all[1].gte", "does not take gte"},
		{"unknown channel in offer", "channels: [ventanilla, web]", "channels: [ventanilla, fax]", "channels: [ventanilla, fax]", "offer[0].channels[1]", "\"fax\" is not in channels"},
		{"unknown dependency", "    dependency: hacienda\n", "    dependency: tesoreria\n", "dependency: tesoreria", "offer[0].dependency", "\"tesoreria\" is not in dependencies"},
		{"repeated id", "  - id: telefono\n", "  - id: ventanilla\n", "- id: ventanilla\n    name: Línea", "channels[1].id", "repeated"},
		{"percent target out of range", "target: 0.95", "target: 95", "target: 95", "indicators[0].target", "fraction"},
		{"strategy names an unknown segment", "with: [mayores-rurales]", "with: [adultos]", "with: [adultos]", "strategy.entries[0].with[0]", "\"adultos\" is not in segments"},
		{"people: unknown role", "    roles: [relationship_lead]\n    manager: marta-alcaldesa", "    roles: [relationship_lead, alcalde]\n    manager: marta-alcaldesa", "roles: [relationship_lead, alcalde]", "people[1].roles[1]", "alcalde"},
		{"people: manager not listed", "    manager: marta-alcaldesa", "    manager: gobernador", "manager: gobernador", "people[1].manager", "\"gobernador\" is not in people"},
		{"people: managers in a loop", "    level: 7\n    roles: [direction]", "    level: 7\n    roles: [direction]\n    manager: ana-atencion", "manager: ana-atencion", "people[0].manager", "loops"},
		{"people: repeated id", "  - id: luis-lider\n", "  - id: marta-alcaldesa\n", "- id: marta-alcaldesa\n    name: Luis", "people[1].id", "repeated"},
		{"a person in team and people", "people:\n", "team:\n  - id: luis-lider\n    roles: [relationship_lead]\npeople:\n", "- id: luis-lider\n    roles", "team[0].id", "in people already"},
		{"people: level out of range", "    level: 5\n", "    level: 9\n", "level: 9", "people[1].level", "7"},
		{"organisation with a demographic variable", "    applies_to: [person]\n    type: number", "    applies_to: [person, organisation]\n    type: number", "applies_to: [person, organisation]\n    type: number", "variables[1].applies_to[1]", "does not describe organisations"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := brokenCopy(t, tc.old, tc.new)
			_, err := ParseConfig("citizen.yaml", data, relaciona.English)
			p := proctest.FirstProblem(t, err)
			assert.Equal(t, "citizen.yaml", p.File)
			assert.Equal(t, lineOf(data, tc.at), p.Line, "%v", err)
			assert.Positive(t, p.Column)
			assert.Equal(t, tc.field, p.Field)
			assert.Contains(t, p.Msg, tc.msg)
		})
	}
}

func TestSchemaRejectsUnknownPQRSDTypeInConfig(t *testing.T) {
	data := brokenCopy(t, "    queue: pqrsd\n", "    queue: pqrsd\n    default_type: tutela\n")
	_, err := ParseConfig("citizen.yaml", data, relaciona.English)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "citizen.yaml:")
	assert.Contains(t, err.Error(), "default_type")
}

func TestDefaultTermsAreThoseOfLey1755(t *testing.T) {
	data := brokenCopy(t, "  terms:\n    general: 15\n    documents: 10\n    consultation: 30\n", "")
	cfg, err := ParseConfig("citizen.yaml", data, relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, Terms{General: 15, Documents: 10, Consultation: 30}, cfg.PQRSD.Terms)
	assert.Equal(t, DefaultK, cfg.Characterisation.K)
}

func TestTermsAreConfigurable(t *testing.T) {
	data := brokenCopy(t, "    general: 15\n", "    general: 12\n")
	data = []byte(strings.Replace(string(data), "  due_soon_days: 3\n", "  due_soon_days: 3\n  type_terms:\n    denuncia: 20\n", 1))
	cfg, err := ParseConfig("citizen.yaml", data, relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, 12, cfg.TermDays(Peticion, KindGeneral))
	assert.Equal(t, 12, cfg.TermDays(Queja, KindGeneral))
	assert.Equal(t, 20, cfg.TermDays(Denuncia, KindGeneral), "a type's own term wins")
	assert.Equal(t, 10, cfg.TermDays(Peticion, KindDocuments))
}

func TestNewConfigChecksCrossReferences(t *testing.T) {
	_, err := NewConfig(Config{Entity: "X", Channels: []Channel{{ID: "web", Name: "Web", Type: "web"}},
		Segments: []Segment{{ID: "s", Name: "S", Rule: Rule{Variable: "nada", Exists: ptr(true)}}}}, relaciona.English)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "segments[0].rule.variable")
	cfg, err := NewConfig(Config{Entity: "X", Channels: []Channel{{ID: "web", Name: "Web", Type: "web"}}}, relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, 15, cfg.TermDays(Peticion, KindGeneral))
}

func ptr[T any](v T) *T { return &v }
