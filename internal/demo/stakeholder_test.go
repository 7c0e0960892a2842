package demo

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/stakeholder"
)

// shRun runs the stakeholder process alone into a fresh folder and returns
// the folder, the summary and the CSV files of its product report for the
// demo year (productSite: the demo writes no report of its own).
func shRun(t *testing.T, seed uint64, lang relaciona.Lang) (string, *Summary, map[string]string) {
	t.Helper()
	dir, sum := runAlone(t, NewStakeholder(), seed, lang)
	csvs := map[string]string{}
	for name, b := range readFiles(t, productSite(t, dir, 2026, lang), "csv/stakeholder/*.csv") {
		csvs[filepath.Base(name)] = b
	}
	return dir, sum, csvs
}

func shCol(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return -1
}

// TestStakeholderDemoYear runs the year twice with one seed and checks the
// volume, the story the report tells (escalations up to level 7, overdue
// communications, reassessments, feedback), the files, the configuration
// and the determinism of the CSV output.
func TestStakeholderDemoYear(t *testing.T) {
	skipIfShort(t)
	dir, sum, csvs := shRun(t, 2026, relaciona.Spanish)
	c := sum.Counts["stakeholder"]
	t.Logf("counts: %v", c)

	// Volume.
	assert.Equal(t, 200, c["stakeholders"], "about 200 stakeholders")
	assert.Equal(t, 180, c["stakeholders_imported"])
	assert.Equal(t, 20, c["stakeholders_registered"], "newcomers through the year")
	assert.Equal(t, 18, c["groups"])
	assert.Equal(t, 24, c["people"])
	assert.Equal(t, c["plan_items"], c["plan_items_approved"], "every plan item is approved")
	assert.Greater(t, c["plan_items"], 40)
	assert.Positive(t, c["plan_items_added"])
	assert.Greater(t, c["interactions"], 2000, "a year of interactions")
	assert.Greater(t, c["plan_communications"], 500)
	assert.Positive(t, c["agreements"])
	assert.Greater(t, c["issues"], 80)
	for _, sev := range stakeholder.Severities() {
		assert.Positive(t, c["issues_"+string(sev)], sev)
	}
	assert.Greater(t, c["issues_resolved"], c["issues"]/2)
	assert.Less(t, c["issues_resolved"], c["issues"], "some issues are left to escalate")
	assert.Positive(t, c["issues_resolved_at_level_7"], "level 7 closes some escalated issues")
	assert.Positive(t, c["escalations"])
	assert.Positive(t, c["issues_reached_level_7"])
	assert.Positive(t, c["issues_overdue_at_level_7"])
	assert.Positive(t, c["overdue_communications_at_year_end"])
	assert.Greater(t, c["reassessments"], 50, "the mid-year reassessment")
	assert.Equal(t, 180+20+c["reassessments"], c["assessments"])
	assert.Greater(t, c["feedback_requests"], 150)
	assert.Greater(t, c["feedback"], 100)
	assert.Equal(t, 12, c["runs"])
	// Decisions and information (stakeholder_decisions.go).
	assert.Equal(t, 8, c["decisions_taken"], "two a quarter")
	assert.Positive(t, c["decisions_refused_before_consultation"], "taken before consulting the key stakeholders: refused")
	assert.Positive(t, c["decision_consultations"])
	assert.Greater(t, c["decision_feedback_owed"], c["decision_feedback_given"], "some feedback is still owed")
	assert.Positive(t, c["decision_feedback_given"])
	assert.Equal(t, 24, c["information_gathered"])
	assert.Less(t, c["information_spread"], c["information_gathered"], "some items are never spread")
	assert.FileExists(t, filepath.Join(dir, "product", "csv", "stakeholder-decisions", "decisiones.csv"))
	assert.Greater(t, sum.AuditCount, int64(1000), "every step is an audited batch; Run verified the chain")

	// Files.
	for _, f := range []string{"stakeholder.yaml", "product/stakeholder.html", "product/csv/stakeholder/asuntos.csv", "product/csv/stakeholder/escalamientos.csv",
		"product/csv/stakeholder/comunicaciones-vencidas.csv", "product/csv/stakeholder/mapa-datos.csv", "demo.db"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if assert.NoError(t, err, f) {
			assert.Positive(t, st.Size(), f)
		}
	}

	// The report: escalations up to level 7, open issues at every level,
	// overdue communications, 200 stakeholders on the map.
	esc := csvTable(t, csvs, "escalamientos.csv")
	to := shCol(t, esc[0], "A nivel")
	reached := map[string]bool{}
	for _, row := range esc[1:] {
		reached[row[to]] = true
	}
	for _, l := range []string{"5", "6", "7"} {
		assert.True(t, reached[l], "an escalation to level %s", l)
	}
	log := csvTable(t, csvs, "asuntos.csv")
	lvl, status, flag := shCol(t, log[0], "Nivel"), shCol(t, log[0], "Estado"), shCol(t, log[0], "Marca")
	openAt := map[int]int{}
	flagged := 0
	for _, row := range log[1:] {
		if row[status] == "abierto" {
			n, err := strconv.Atoi(row[lvl])
			require.NoError(t, err)
			openAt[n]++
		}
		if strings.Contains(row[flag], "nivel 7") {
			flagged++
		}
	}
	assert.Positive(t, openAt[7], "open issues at the last stop: %v", openAt)
	assert.Positive(t, flagged)
	overdue := csvTable(t, csvs, "comunicaciones-vencidas.csv")
	assert.Greater(t, len(overdue), 3, "overdue communications at the year end")
	assert.Len(t, csvTable(t, csvs, "mapa-datos.csv"), 1+200, "every stakeholder is on the map")

	page, err := os.ReadFile(filepath.Join(dir, "product", "stakeholder.html"))
	require.NoError(t, err)
	html := string(page)
	assert.Contains(t, html, "Gestión de partes interesadas")
	assert.Contains(t, html, "<svg", "the map and the rating chart are drawn")
	assert.NotContains(t, html, ".example.org", "no contact e-mail in the report")

	// The configuration is what an agency would write: it validates and
	// loads.
	data, err := os.ReadFile(filepath.Join(dir, "stakeholder.yaml"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), Modeline("stakeholder")+"\n"))
	assert.Contains(t, string(data), ".example.org", "the configuration does hold the contacts")
	cfg, err := stakeholder.LoadConfig(filepath.Join(dir, "stakeholder.yaml"), relaciona.Spanish)
	require.NoError(t, err)
	assert.Len(t, cfg.Stakeholders, 180)
	assert.Len(t, cfg.Groups, 18)
	levels := map[int]int{}
	for _, a := range cfg.Actors {
		levels[a.Level]++
	}
	for l := 4; l <= 7; l++ {
		assert.Positive(t, levels[l], "people at level %d", l)
	}
	assert.Equal(t, 24, levels[4]+levels[5]+levels[6]+levels[7], "only levels 4 to 7")

	// Determinism: the same seed gives the same CSV files; another seed
	// builds another year, and the report follows the language.
	_, _, again := shRun(t, 2026, relaciona.Spanish)
	assert.Equal(t, csvs, again, "same seed, same CSV output")
	dirEN, sumEN, csvsEN := shRun(t, 7, relaciona.English)
	assert.Equal(t, 200, sumEN.Counts["stakeholder"]["stakeholders"])
	pageEN, err := os.ReadFile(filepath.Join(dirEN, "product", "stakeholder.html"))
	require.NoError(t, err)
	assert.Contains(t, string(pageEN), "Stakeholder management")
	logEN := csvTable(t, csvsEN, "asuntos.csv")
	assert.Equal(t, "Stakeholder", logEN[0][1], "English headers")
	ids := func(rows [][]string) []string {
		var out []string
		for _, r := range rows[1:] {
			out = append(out, r[0]+" "+r[1])
		}
		return out
	}
	assert.NotEqual(t, ids(log), ids(logEN), "another seed, another year")
}

// BenchmarkStakeholderDemoYear measures the stakeholder process's whole
// demo year with its report site; its share of the demo's 60 s budget is
// about 10 s.
func BenchmarkStakeholderDemoYear(b *testing.B) {
	for i := range b.N {
		if _, err := Run(context.Background(), Options{Dir: b.TempDir(), Seed: uint64(i)}, NewStakeholder()); err != nil {
			b.Fatal(err)
		}
	}
}

func TestStakeholderSlugAndQuote(t *testing.T) {
	for in, want := range map[string]string{
		"Junta de Acción Comunal del barrio El Triunfo (Fontibón)": "junta-de-accion-comunal-del-barrio-el-triunfo-fontibon",
		"  Ñandú--Río ":         "nandu-rio",
		"":                      "",
		"Cámara de Comercio, 1": "camara-de-comercio-1",
	} {
		assert.Equal(t, want, shSlug(in, 64), in)
	}
	assert.Equal(t, "abc-def", shSlug("abc def ghi", 7), "cut to the length")
	assert.Equal(t, "abc", shSlug("abc def ghi", 4), "no trailing dash")
	assert.Equal(t, `"a \"b\" \\ c\nd"`, shQuote("a \"b\" \\ c\nd"))
	assert.Equal(t, "m.rodriguez@gremio-camara.example.org", shEmail("María Fernanda Rodríguez Páez", "gremio-camara"))
}
