package relaciona

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// catalogTestHead is the first two lines of a test catalog: its entries
// start at line 3.
const catalogTestHead = "process: catalogtest\nkinds:\n"

// catalogTestEntry is a valid eleven-line entry of kind catalogtest.<name>.
func catalogTestEntry(name string) string {
	return "  - kind: catalogtest." + name + "\n" +
		"    audience: staff\n" +
		"    title: {es: Prueba, en: Test}\n" +
		"    fields: [reason]\n" +
		"    es:\n" +
		"      subject: Vence {{.due}}\n" +
		"      body: |-\n" +
		"        {{.record}}: {{.reason}}\n" +
		"    en:\n" +
		"      subject: Due {{.due}}\n" +
		"      body: '{{.record}}: {{.reason}}'\n"
}

func TestRegisterNoticeCatalogRefusesBadCatalogs(t *testing.T) {
	// A kind already registered, for the conflict case.
	taken := testKind("catalogtest.taken")
	taken.Process = "catalogtest"
	require.NoError(t, RegisterNoticeKind(taken))

	a := catalogTestEntry("a")
	for _, tc := range []struct {
		name, catalog, want string
		conflict            bool
	}{
		{"unknown key of an entry", catalogTestHead + strings.Replace(a, "fields:", "fieldz:", 1),
			`catalogtest.yaml:6:5: catalogtest.a.fieldz: unknown key "fieldz" (the keys are kind, audience, title, fields, es, en)`, false},
		{"unknown key of a text", catalogTestHead + strings.Replace(a, "subject: Vence", "sujeto: Vence", 1),
			`catalogtest.yaml:8:7: catalogtest.a.es.sujeto: unknown key "sujeto" (the keys are subject, body)`, false},
		{"unknown key of the file", "proceso: catalogtest\nkinds:\n" + a,
			`catalogtest.yaml:1:1: proceso: unknown key "proceso" (the keys are process, kinds)`, false},
		{"unknown language", catalogTestHead + strings.Replace(a, "en: Test}", "en: Test, fr: Essai}", 1),
			`catalogtest.yaml:5:35: catalogtest.a.title.fr: unknown key "fr" (the keys are es, en)`, false},
		{"text missing in a language", catalogTestHead + a[:strings.Index(a, "    en:")],
			`catalogtest.yaml:3:5: catalogtest.a: the kind has no default text in "en"`, false},
		{"title missing in a language", catalogTestHead + strings.Replace(a, ", en: Test}", "}", 1),
			`catalogtest.yaml:5:5: catalogtest.a.title: the kind has no title in "en"`, false},
		{"kind listed twice", catalogTestHead + a + catalogTestEntry("b") + a,
			`catalogtest.yaml:25:11: catalogtest.a: the kind is listed twice (first at line 3)`, false},
		{"kind already registered", catalogTestHead + a + catalogTestEntry("taken"),
			`catalogtest.yaml:14:11: catalogtest.taken: conflict: record changed since it was read: notification kind "catalogtest.taken" is registered twice`, true},
		{"template that does not parse", catalogTestHead + strings.Replace(a, "{{.record}}: {{.reason}}\n", "{{.record}}: {{.reason\n", 1),
			`catalogtest.yaml:9:7: catalogtest.a.es.body: the template does not parse: body:1: unclosed action`, false},
		{"template naming a field the kind lacks", catalogTestHead + strings.Replace(a, "Due {{.due}}", "Due {{.when}}", 1),
			`catalogtest.yaml:12:7: catalogtest.a.en.subject: the template names field "when", which catalogtest.a does not give`, false},
		{"kind outside its process", "process: other\nkinds:\n" + a,
			`catalogtest.yaml:3:5: catalogtest.a: notification kind "catalogtest.a" must be "<process>.<what>" for process "other"`, false},
		{"no audience", catalogTestHead + strings.Replace(a, "    audience: staff\n", "", 1),
			`catalogtest.yaml:3:5: catalogtest.a: notification kind "catalogtest.a" needs an audience`, false},
		{"fields not a list", catalogTestHead + strings.Replace(a, "[reason]", "reason", 1),
			"catalogtest.yaml:3:5: catalogtest.a: line 6: cannot unmarshal !!str `reason` into []string", false},
		{"entry without its kind", catalogTestHead + strings.Replace(a, "kind: catalogtest.a", "kinde: catalogtest.a", 1),
			`catalogtest.yaml:3:5: kinds: each entry of kinds needs its kind`, false},
		{"no process", "kinds:\n" + a,
			`catalogtest.yaml:1:1: process: the catalog needs the process of its kinds`, false},
		{"no kinds", "process: catalogtest\n",
			`catalogtest.yaml:1:1: kinds: the catalog needs a list of kinds`, false},
		{"not YAML", "process: [catalogtest\n",
			`catalogtest.yaml: line 1: did not find expected ',' or ']'`, false},
		{"empty", "",
			`catalogtest.yaml: the catalog is empty`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := RegisterNoticeCatalog("catalogtest.yaml", []byte(tc.catalog))
			require.Error(t, err)
			assert.ErrorContains(t, err, tc.want)
			if tc.conflict {
				assert.ErrorIs(t, err, ErrConflict)
			} else {
				assert.ErrorIs(t, err, ErrInvalid)
			}
			// A refused catalog registers none of its kinds.
			var kinds []string
			for _, k := range NoticeKinds("catalogtest") {
				kinds = append(kinds, k.Kind)
			}
			assert.Equal(t, []string{"catalogtest.taken"}, kinds)
		})
	}
}

func TestRegisterNoticeCatalogRegistersItsKinds(t *testing.T) {
	catalog := "process: catalogok\nkinds:\n" +
		strings.ReplaceAll(catalogTestEntry("a")+catalogTestEntry("b"), "catalogtest.", "catalogok.")
	require.NoError(t, RegisterNoticeCatalog("catalogok.yaml", []byte(catalog)))
	for _, kind := range []string{"catalogok.a", "catalogok.b"} {
		k, ok := LookupNoticeKind(kind)
		require.True(t, ok, kind)
		assert.Equal(t, NoticeKind{
			Kind: kind, Process: "catalogok", Title: [2]string{"Prueba", "Test"}, Audience: AudienceStaff,
			Fields: []string{"reason"},
			Default: map[Lang]Template{
				Spanish: {Subject: "Vence {{.due}}", Body: "{{.record}}: {{.reason}}"},
				English: {Subject: "Due {{.due}}", Body: "{{.record}}: {{.reason}}"},
			},
		}, k)
	}
	assert.Panics(t, func() { MustRegisterNoticeCatalog("catalogok.yaml", []byte(catalog)) }, "registered twice")
}
