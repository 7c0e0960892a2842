package demo

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/alliance"
	"github.com/relaciona/relaciona/schemas"
)

// TestAllianceDemoYear runs the alliance process alone through the demo
// year and checks the volume, the story (searches, flags of every kind,
// keep and drop decisions, replacements), the files, the audit, and the
// year as the product reports of the deployment show it.
func TestAllianceDemoYear(t *testing.T) {
	skipIfShort(t)
	dir, sum := runAlone(t, NewAlliance(), 2026, "")
	c := sum.Counts["alliance"]
	t.Logf("counts: %v", c)

	assert.Equal(t, 4, c["offices"])
	assert.Equal(t, 40, c["alliances"], "40 alliances in the initial catastro")
	assert.Equal(t, 68, c["organisations"])
	assert.Equal(t, 4, c["reviews_yearly"], "every office holds its yearly review")
	assert.Equal(t, 1, c["reviews_on_demand"])
	assert.Equal(t, 2, c["partner_searches"], "the two offices with an objective without partners search in January")
	assert.GreaterOrEqual(t, c["new_alliances"], 2)
	assert.GreaterOrEqual(t, c["measurements"], 40*11, "hard data every month")
	assert.Greater(t, c["referrals"], 3000)
	assert.Greater(t, c["ratings"], 2*2*40, "two rounds, at least the Encargado and the Gestor")
	assert.GreaterOrEqual(t, c["kept"]+c["dropped"], 40, "every alliance under review is decided")
	assert.Positive(t, c["kept"])
	assert.GreaterOrEqual(t, c["dropped"], 2)
	assert.Equal(t, c["dropped"], c["replacement_searches"], "every dropped alliance ends with a replacement search")
	assert.Positive(t, c["renewed"])
	for _, k := range []alliance.FlagKind{alliance.FlagNoMeasurement, alliance.FlagDisagreement, alliance.FlagReviewDue} {
		assert.Positive(t, c["flags_"+string(k)], k)
	}
	assert.Equal(t, 1, c["flags_"+string(alliance.FlagReviewDue)], "only the late office is flagged")
	assert.GreaterOrEqual(t, c["cycles_closed"], 2)
	assert.Greater(t, sum.AuditCount, int64(500), "every step is an audited batch; Run verified the chain")
	// The purpose measured (seed 001): referrals followed case by case
	// with their outcomes, requests for information with their answers.
	assert.GreaterOrEqual(t, c["purpose_referrals"], 40*11, "referrals followed every month")
	assert.Positive(t, c["purpose_resolved"])
	assert.Less(t, c["purpose_resolved"], c["purpose_referrals"], "some referrals unresolved or pending")
	assert.Greater(t, c["info_requests"], 40*5, "information requested most months")
	assert.Positive(t, c["info_answered"])
	assert.Less(t, c["info_answered"], c["info_requests"], "some requests still unanswered")

	assert.NoDirExists(t, filepath.Join(dir, ReportDir), "the demo writes no report of its own")
	site := productSite(t, dir, 2026, relaciona.Spanish)
	for _, f := range []string{"alliance-network.html", "csv/alliance-network/oficinas.csv", "csv/alliance-network/decisiones.csv",
		"csv/alliance-network/derivaciones-mes-datos.csv", "alliance-omil-valparaiso-portfolio.html", "csv/alliance-omil-valparaiso-portfolio/cartera.csv",
		"csv/alliance-omil-quilpue-coverage/matriz-cobertura-datos.csv", "csv/alliance-omil-valparaiso-territorial/organizaciones.csv"} {
		st, err := os.Stat(filepath.Join(site, f))
		if assert.NoError(t, err, f) {
			assert.Positive(t, st.Size(), f)
		}
	}

	// The configuration is what an agency would write: it validates and
	// loads.
	data, err := os.ReadFile(filepath.Join(dir, "alliance.yaml"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), Modeline("alliance")+"\n"))
	kind, err := schemas.Decode("alliance.yaml", data, relaciona.Spanish, nil)
	require.NoError(t, err)
	assert.Equal(t, "alliance", kind)
	cfg, err := alliance.LoadConfig(filepath.Join(dir, "alliance.yaml"), relaciona.Spanish)
	require.NoError(t, err)
	assert.Len(t, cfg.Alliances, 40)
	assert.Len(t, cfg.Offices, 4)
	assert.Equal(t, "OMIL Viña del Mar", cfg.Offices[1].Name)
	for _, o := range cfg.Organisations {
		assert.NotContains(t, o.Name, `"`, "names are read back without quotes")
	}

	// The network page tells the year the demo simulated.
	page, err := os.ReadFile(filepath.Join(site, "alliance-network.html"))
	require.NoError(t, err)
	html := string(page)
	assert.Contains(t, html, "Red de oficinas OMIL")
	assert.Contains(t, html, "<svg", "charts are drawn")
	assert.Contains(t, html, "OMIL Viña del Mar")
	decisions := readFiles(t, site, "csv/alliance-network/decisiones.csv")["csv/alliance-network/decisiones.csv"]
	assert.Equal(t, c["kept"]+c["dropped"], strings.Count(decisions, "\n")-1, "one row per review decision of the year")
	offices := readFiles(t, site, "csv/alliance-network/oficinas.csv")["csv/alliance-network/oficinas.csv"]
	assert.Contains(t, offices, "OMIL Viña del Mar")
	purpose := readFiles(t, site, "csv/alliance-omil-valparaiso-portfolio/proposito.csv")["csv/alliance-omil-valparaiso-portfolio/proposito.csv"]
	assert.Greater(t, strings.Count(purpose, "\n")-1, 8*10, "the portfolio shows the purpose per alliance and month")
	assert.Contains(t, purpose, "-12,", "December's figures are there")
	netPurpose := readFiles(t, site, "csv/alliance-network/proposito-oficinas.csv")["csv/alliance-network/proposito-oficinas.csv"]
	assert.Equal(t, 4, strings.Count(netPurpose, "OMIL "), "the network page shows the purpose of every office")
	terr, err := os.ReadFile(filepath.Join(site, "alliance-omil-valparaiso-territorial.html"))
	require.NoError(t, err)
	assert.Contains(t, string(terr), "[reservado]", "contacts are redacted")
	assert.NotContains(t, string(terr), ".example.cl", "no contact e-mail in the report")
	assert.Contains(t, string(data), ".example.cl", "the configuration does hold the contacts")
	csv := readFiles(t, site, "csv/alliance-omil-valparaiso-territorial/organizaciones.csv")
	assert.NotContains(t, csv["csv/alliance-omil-valparaiso-territorial/organizaciones.csv"], ".example.cl")
}

// TestAllianceDemoIsDeterministic runs the year twice with one seed (in
// English) and once with another: the same seed gives the same product
// reports (CSV files and the network page).
func TestAllianceDemoIsDeterministic(t *testing.T) {
	skipIfShort(t)
	read := func(seed uint64) (map[string]string, string) {
		dir := t.TempDir()
		_, err := Run(context.Background(), Options{Dir: dir, Seed: seed, Lang: relaciona.English}, NewAlliance())
		require.NoError(t, err)
		site := productSite(t, dir, 2026, relaciona.English)
		page, err := os.ReadFile(filepath.Join(site, "alliance-network.html"))
		require.NoError(t, err)
		return readFiles(t, site, "csv/*/*.csv"), string(page)
	}
	a, pageA := read(11)
	b, pageB := read(11)
	assert.Equal(t, a, b, "same seed, same CSV files")
	assert.Equal(t, pageA, pageB, "same seed, same page")
	assert.Contains(t, pageA, "Network of OMIL offices: strategic alliances", "the report follows the language")
	assert.Contains(t, pageA, "Review decisions")
	c, _ := read(12)
	assert.NotEqual(t, a["csv/alliance-network/decisiones.csv"], c["csv/alliance-network/decisiones.csv"], "another seed, another year")
}

func TestYAMLQuoting(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`OMIL Viña del Mar`, `OMIL Viña del Mar`},
		{`FOSIS, oficina de Quilpué`, `FOSIS, oficina de Quilpué`},
		{`Alianzas vigentes/2026/vpo-fosis.pdf`, `Alianzas vigentes/2026/vpo-fosis.pdf`},
		{`cdiaz@fosis.example.cl`, `cdiaz@fosis.example.cl`},
		{`a "b" \ c`, `"a \"b\" \\ c"`},
		{"x\ny", `"x\x0ay"`},
		{`+56 32 200 0001`, `"+56 32 200 0001"`},
		{`yes`, `"yes"`},
		{`Nota: importante`, `"Nota: importante"`},
		{`Centro # 2`, `"Centro # 2"`},
		{`2026`, `"2026"`},
		{``, `""`},
	} {
		assert.Equal(t, c.want, yq(c.in), c.in)
	}
}

// BenchmarkAllianceDemoYear measures the alliance process's whole demo
// year; its share of the demo's 60 s budget is about
// 10 s.
func BenchmarkAllianceDemoYear(b *testing.B) {
	for i := range b.N {
		if _, err := Run(context.Background(), Options{Dir: b.TempDir(), Seed: uint64(i)}, NewAlliance()); err != nil {
			b.Fatal(err)
		}
	}
}
