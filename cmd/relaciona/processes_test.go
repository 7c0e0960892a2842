package main

// The process commands' report subcommands (aliases of `relaciona report
// --process KIND`) on a deployment of one process with data.

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/alliance"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/satisfaction"
)

// processDeployment writes a deployment of the one process kind
// (exampleDeployment) in country (code and calendar) for agency, loads its
// example process file with load, opens the process with open (given
// opts) on the deployment's SQLite store, and hands it to fill for the
// data. The store is closed before it returns the folder, so the CLI can
// be run on it.
func processDeployment[C, P, O any](t *testing.T, code string, country calendar.Country, agency, kind string,
	load func(string, relaciona.Lang) (C, error),
	open func(*relaciona.Store, C, *calendar.Calendar, ...O) (P, error),
	fill func(ctx context.Context, p P, cfg C), opts ...O) string {
	t.Helper()
	dir := exampleDeployment(t, code, agency, kind)
	cfg, err := load(filepath.Join(dir, kind+".yaml"), relaciona.Spanish)
	require.NoError(t, err)
	store, err := relaciona.OpenStore(context.Background(), "sqlite://"+filepath.Join(dir, "agency.db"))
	require.NoError(t, err)
	defer store.Close()
	cal, err := calendar.New(country, calendar.Options{})
	require.NoError(t, err)
	p, err := open(store, cfg, cal, opts...)
	require.NoError(t, err)
	fill(context.Background(), p, cfg)
	return dir
}

// allianceDeployment writes a Chilean deployment with the example alliance
// file and a SQLite store holding its catastro and a reviewed registry.
func allianceDeployment(t *testing.T) string {
	t.Helper()
	return processDeployment(t, "CL", calendar.Chile, "Municipalidad de Valparaíso", "alliance", alliance.LoadConfig, alliance.New,
		func(ctx context.Context, s *alliance.Process, _ *alliance.Config) {
			enc := relaciona.Actor{ID: "encargado"} // listed under people in the example file, with the role
			d := calendar.MustParseDate
			require.NoError(t, s.ImportConfig(ctx, enc, d("2026-01-05")))
			_, err := s.ReviewRegistry(ctx, enc, "omil-valparaiso", 2026, d("2026-01-12"), "")
			require.NoError(t, err)
			require.NoError(t, s.RecordMeasurement(ctx, enc, alliance.Measurement{Alliance: "convenio-sence", Date: d("2026-01-31"), Sent: 10, Accepted: 8, Resolved: 6}))
		})
}

// satDeployment writes a Uruguayan deployment with the example
// satisfaction file and a SQLite store holding a month of tickets and
// survey answers for one client.
func satDeployment(t *testing.T) string {
	t.Helper()
	return processDeployment(t, "UY", calendar.Uruguay, "Agesic", "satisfaction", satisfaction.LoadConfig, satisfaction.New,
		func(ctx context.Context, p *satisfaction.Process, cfg *satisfaction.Config) {
			mgr, _ := cfg.Actor("mgr-luis")
			at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
			_, err := p.ImportTickets(ctx, mgr, []relaciona.Ticket{{ID: "1", Status: relaciona.StatusClosed, Requester: "salud",
				Fields: map[string]string{"service": "vpn", "type": "incident"}, Created: at.Add(-4 * time.Hour), Updated: at}}, at)
			require.NoError(t, err)
			_, err = p.ImportSurveys(ctx, mgr, []relaciona.SurveyResponse{{ID: "r1", TicketID: "1", Requester: "salud", Service: "vpn", Metric: "csat", Score: 5, Submitted: at}}, at)
			require.NoError(t, err)
		})
}

// citizenDeployment writes a Colombian deployment with the example citizen
// file and a SQLite store holding a few PQRSD of 2026-Q1.
func citizenDeployment(t *testing.T) string {
	t.Helper()
	bogota, err := time.LoadLocation("America/Bogota")
	require.NoError(t, err)
	return processDeployment(t, "CO", calendar.Colombia, "Alcaldía de Villa del Ejemplo", "citizen", citizen.LoadConfig, citizen.New,
		func(ctx context.Context, s *citizen.Process, _ *citizen.Config) {
			clerk := relaciona.Actor{ID: "ana-atencion"} // citizen_service in the example's people
			for i := range 4 {
				when := time.Date(2026, 2, 2+i, 10, 0, 0, 0, bogota)
				p, err := s.File(ctx, clerk, citizen.NewPQRSD{Type: citizen.Types()[i], Channel: "web", Subject: "Solicitud",
					Requester: citizen.Requester{Name: "Carmen Ruiz"}, FiledAt: when}, when)
				require.NoError(t, err)
				if i%2 == 0 {
					_, err = s.Answer(ctx, clerk, p.ID, "ok", when.Add(48*time.Hour))
					require.NoError(t, err)
				}
			}
		}, citizen.WithLocation(bogota))
}

// TestProcessReportAliases runs `relaciona KIND report` (the alias of
// `relaciona report --process KIND`) on a deployment of each process with
// data: the files of the one layout, Spanish and redacted by default,
// English and with personal data on request.
func TestProcessReportAliases(t *testing.T) {
	cases := []struct {
		kind    string
		deploy  func(*testing.T) string
		period  []string
		files   []string // under the output folder, with --format html,csv,xlsx,md
		page    string   // a Markdown page to read
		es, en  string   // a text of the page in each language
		private string   // personal data left out unless --personal
	}{
		{
			kind: "alliance", deploy: allianceDeployment, period: []string{"--to", "2026-02-01"},
			files: []string{"index.html", "alliance-omil-valparaiso-portfolio.html", "alliance-omil-valparaiso-coverage.html",
				"alliance-omil-valparaiso-dossier.html", "alliance-omil-valparaiso-territorial.html",
				"xlsx/alliance-omil-valparaiso-portfolio.xlsx", "md/alliance-omil-valparaiso-territorial.md", "csv/alliance-omil-valparaiso-coverage/"},
			page: "md/alliance-omil-valparaiso-territorial.md", es: "Estudio Territorial", en: "Territorial study", private: "mrojas@example.cl",
		},
		{
			kind: "satisfaction", deploy: satDeployment, period: []string{"--period", "2026-03"},
			files: []string{"index.html", "satisfaction-cmi.html", "xlsx/satisfaction-cmi.xlsx", "md/satisfaction-cmi.md", "csv/satisfaction-cmi/",
				"satisfaction-interviews.html", "satisfaction-service-salud.html", "xlsx/satisfaction-service-identidad.xlsx", "md/satisfaction-service-tramites.md"},
			page: "md/satisfaction-service-salud.md", es: "Informe mensual de servicio", en: "Monthly service report", private: "Lucía Díaz",
		},
		{
			kind: "citizen", deploy: citizenDeployment, period: []string{"--period", "2026-Q1"},
			files: []string{"index.html", "citizen-pqrsd.html", "citizen-characterisation.html", "citizen-offer.html", "citizen-indicators.html",
				"xlsx/citizen-pqrsd.xlsx", "md/citizen-pqrsd.md", "csv/citizen-pqrsd/"},
			page: "md/citizen-pqrsd.md", es: "Informe trimestral de PQRSD · 2026-T1", en: "Quarterly PQRSD report · 2026 Q1", private: "Carmen Ruiz",
		},
	}
	for _, c := range cases {
		t.Run(c.kind, func(t *testing.T) {
			dir := c.deploy(t)
			cfg := filepath.Join(dir, "deployment.yaml")
			out := filepath.Join(dir, "out")
			code, stdout, stderr := runCLI(t, append([]string{c.kind, "report", "--config", cfg, "--out", out, "--format", "html,csv,xlsx,md"}, c.period...)...)
			require.Equal(t, 0, code, stderr)
			for _, f := range c.files {
				p := filepath.Join(out, f)
				assert.Contains(t, stdout, strings.TrimSuffix(p, "/"), f)
				_, err := os.Stat(p)
				assert.NoError(t, err, f)
			}
			page, err := os.ReadFile(filepath.Join(out, c.page))
			require.NoError(t, err)
			assert.Contains(t, string(page), c.es, "Spanish by default")
			assert.NotContains(t, string(page), c.private, "personal data is left out by default")

			en := filepath.Join(dir, "en")
			code, _, stderr = runCLI(t, append([]string{"--lang", "en", c.kind, "report", "--config", cfg, "--out", en, "--format", "md", "--personal"}, c.period...)...)
			require.Equal(t, 0, code, stderr)
			page, err = os.ReadFile(filepath.Join(en, c.page))
			require.NoError(t, err)
			assert.Contains(t, string(page), c.en)
			assert.Contains(t, string(page), c.private, "--personal keeps it")
		})
	}
}

func TestProcessReportAliasBadUsage(t *testing.T) {
	dir := citizenDeployment(t)
	cfg := filepath.Join(dir, "deployment.yaml")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no subcommand", []string{"alliance"}, 2, "relaciona alliance report"},
		{"unknown format", []string{"citizen", "report", "--config", cfg, "--format", "pdf"}, 2, "pdf"},
		{"bad quarter", []string{"citizen", "report", "--config", cfg, "--period", "2026-Q5"}, 2, "2026-Q5"},
		{"bad month", []string{"satisfaction", "report", "--config", cfg, "--period", "2026-13"}, 2, "AAAA-MM"},
		{"bad date", []string{"citizen", "report", "--config", cfg, "--to", "2026-13-01", "--out", t.TempDir()}, 2, "2026-13-01"},
		{"period backwards", []string{"citizen", "report", "--config", cfg, "--from", "2026-03-01", "--to", "2026-02-01", "--out", t.TempDir()}, 2, "antes de empezar"},
		{"a flag of old", []string{"alliance", "report", "--config", cfg, "--office", "omil-x"}, 2, "-office"},
		{"process not in the deployment", []string{"alliance", "report", "--config", cfg, "--out", t.TempDir()}, 1, "processes.alliance"},
		{"missing deployment", []string{"citizen", "report", "--config", filepath.Join(dir, "nope.yaml")}, 1, "nope.yaml"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.args...)
			assert.Equal(t, tc.code, code, stderr)
			assert.Contains(t, stderr, tc.want)
		})
	}
}

func TestSatisfactionReportEmptyMonthSaysSo(t *testing.T) {
	dir := satDeployment(t)
	out := filepath.Join(dir, "out")
	code, _, stderr := runCLI(t, "--lang", "en", "satisfaction", "report", "--config", filepath.Join(dir, "deployment.yaml"), "--out", out,
		"--format", "md", "--period", "2025-11")
	require.Equal(t, 0, code, stderr)
	cmi, err := os.ReadFile(filepath.Join(out, "md", "satisfaction-cmi.md"))
	require.NoError(t, err)
	assert.Contains(t, string(cmi), "the report is empty")
	assert.NotContains(t, string(cmi), "NaN")
}
