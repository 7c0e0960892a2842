package demo

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/satisfaction"
)

// satRun runs the satisfaction process alone into a new folder and returns
// the summary, the process and the folder.
func satRun(t *testing.T, seed uint64, lang relaciona.Lang) (*Summary, *satisfactionDemo, string) {
	t.Helper()
	p := NewSatisfaction()
	dir, sum := runAlone(t, p, seed, lang)
	return sum, p.(*satisfactionDemo), dir
}

// satCSVs reads the CSV files of the process's product reports for the
// demo year.
func satCSVs(t *testing.T, dir string) map[string]string {
	t.Helper()
	return readFiles(t, productSite(t, dir, 2026, relaciona.Spanish), "csv/*/*.csv")
}

// TestSatisfactionDemoYear runs the year twice with one seed: it checks the
// volume (30 clients, a year of tickets and surveys, one interview per
// client), the story (watermelon alerts for the clients whose satisfaction
// falls and not for the one with a real service problem, complaints by
// ticket and by phone, commitments overdue and confirmed, briefings done
// and pending), the files, the configuration and that the same seed gives
// the same CSV files.
func TestSatisfactionDemoYear(t *testing.T) {
	sum, p, dir := satRun(t, 2026, relaciona.Spanish)
	c := sum.Counts["satisfaction"]
	t.Logf("counts: %v", c)

	assert.Equal(t, 30, c["clients"])
	assert.Equal(t, 12, c["services"])
	assert.Equal(t, 12, c["runs"], "Run at each month end")
	assert.Greater(t, c["tickets"], 10000, "a year of tickets")
	assert.Greater(t, c["survey_answers"], 3*3000, "monthly surveys: CSAT, NPS and CES")
	assert.Equal(t, 30, c["interviews"], "one interview per client")
	assert.Equal(t, 30, c["work_plans"])
	assert.Equal(t, 6, c["work_plans_before_interview"])
	assert.Equal(t, 3, c["briefings"], "two told in the interview, one apart")
	cal, err := calendar.New("CO", calendar.Options{})
	require.NoError(t, err)
	business := 0
	for d := (calendar.Date{Year: 2026, Month: time.January, Day: 1}); d.Year == 2026; d = d.AddDays(1) {
		if cal.IsBusinessDay(d) {
			business++
		}
	}
	assert.Equal(t, 10*365+2*business, c["availability_records"], "every service, every day (office-hours services on business days)")
	assert.Positive(t, c["complaints_ticket"])
	assert.Positive(t, c["complaints_phone"])
	assert.Positive(t, c["complaints_registered_by_sync"], "some complaint tickets are registered by the sync alone")
	assert.Positive(t, c["complaints_followed_in_ticket"])
	assert.Positive(t, c["complaints_handled_privately"])
	assert.Greater(t, c["complaints"], c["complaints_closed"], "some complaints are still open at the year end")
	assert.Positive(t, c["complaints_closed"])
	assert.Equal(t, 5, c["meetings"])
	// The owner's and Dirección's duties (satisfaction_owner.go).
	assert.Equal(t, 3, c["process_documents"])
	assert.Equal(t, 2, c["process_documents_reviewed"])
	assert.Equal(t, 1, c["definition_changes"])
	assert.Equal(t, 4, c["direction_reviews"])
	assert.Equal(t, 2, c["quality_evaluations"])
	assert.Equal(t, 1, c["meetings_without_a_division"])
	assert.Positive(t, c["proposals_endorsed"])
	assert.Positive(t, c["work_plans_endorsed"])
	assert.Positive(t, c["complaints_interview"])
	assert.Positive(t, c["actions_new_at_meeting"])
	assert.Positive(t, c["commitments"])
	assert.Positive(t, c["commitments_flagged_overdue"], "Run flags late commitments")
	assert.Positive(t, c["commitments_confirmed"], "clients confirm commitments")
	assert.Greater(t, c["commitments"], c["commitments_confirmed"])
	assert.Greater(t, sum.AuditCount, int64(500), "every step is an audited batch; Run verified the chain")

	// The watermelon alert fires for each client whose satisfaction falls
	// while its service levels hold, in one of its dip months, and never
	// for the regional office with a real service problem in its bad
	// months.
	total := 0
	for _, cl := range p.clients {
		got := p.alerts[cl.id]
		if len(got) > 0 || cl.story != "" {
			t.Logf("%-22s %-9s alerts in %v", cl.id, cl.story, got)
		}
		total += len(got)
		switch cl.story {
		case "dip-early", "dip-mid", "dip-late":
			assert.True(t, slices.ContainsFunc(got, func(m time.Month) bool { _, ok := cl.dip[m]; return ok }), "%s (%s): alerts in %v", cl.id, cl.story, got)
		case "trouble":
			for _, m := range got {
				assert.False(t, cl.trouble[m], "%s has a real service problem in %s: red outside, no watermelon", cl.id, m)
			}
		}
	}
	assert.Equal(t, c["watermelon_alerts"], total)

	assert.NoDirExists(t, filepath.Join(dir, ReportDir), "the demo writes no report of its own")
	site := productSite(t, dir, 2026, relaciona.Spanish)
	for _, f := range []string{"satisfaction-period.html", "csv/satisfaction-period/sandia-periodo.csv", "csv/satisfaction-period/reclamos-periodo.csv",
		"csv/satisfaction-period/compromisos-tabla.csv", "csv/satisfaction-period/csat-cliente-mes-datos.csv", "csv/satisfaction-cmi/cmi-clientes.csv",
		"csv/satisfaction-interviews/planes-tabla.csv"} {
		st, err := os.Stat(filepath.Join(site, f))
		if assert.NoError(t, err, f) {
			assert.Positive(t, st.Size(), f)
		}
	}
	// The period page counts what the year did.
	alerts := readFiles(t, site, "csv/satisfaction-period/sandia-periodo.csv")["csv/satisfaction-period/sandia-periodo.csv"]
	assert.Equal(t, c["watermelon_alerts"], strings.Count(alerts, "\n")-1, "one row per watermelon alert of the year")
	complaints := readFiles(t, site, "csv/satisfaction-period/reclamos-periodo.csv")["csv/satisfaction-period/reclamos-periodo.csv"]
	assert.Equal(t, c["complaints"], strings.Count(complaints, "\n")-1, "one row per complaint of the year")

	// The tickets and the survey answers are in the desk (the demo's store),
	// and the audit chain verifies.
	ctx := context.Background()
	store, err := relaciona.OpenStore(ctx, "sqlite://"+filepath.Join(dir, "demo.db"))
	require.NoError(t, err)
	defer store.Close()
	audit, err := store.VerifyAudit(ctx)
	require.NoError(t, err)
	assert.Equal(t, sum.AuditCount, audit.Entries)
	tickets, err := relaciona.OpenTickets(ctx, "desk://", relaciona.WithTicketStore(store))
	require.NoError(t, err)
	inDesk, answers := 0, 0
	for tk, err := range tickets.Changes(ctx, time.Time{}) {
		require.NoError(t, err)
		inDesk++
		assert.Equal(t, 2026, tk.Created.In(bogota).Year(), "business times of the demo year")
		assert.Equal(t, 2026, tk.Updated.In(bogota).Year(), "business times of the demo year, never the clock")
	}
	for r, err := range tickets.SurveyResponses(ctx, time.Time{}) {
		require.NoError(t, err)
		answers++
		assert.Equal(t, 2026, r.Submitted.In(bogota).Year())
	}
	assert.Positive(t, c["complaint_tickets_opened"], "phone complaints about a service get a complaint ticket")
	assert.Equal(t, c["tickets"]+c["complaint_tickets_opened"], inDesk, "the imported tickets and the complaint tickets opened for phone complaints")
	assert.Equal(t, c["survey_answers"], answers)

	// The configuration is what an agency would write: it validates and
	// loads.
	data, err := os.ReadFile(filepath.Join(dir, "satisfaction.yaml"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), Modeline("satisfaction")+"\n"))
	cfg, err := satisfaction.LoadConfig(filepath.Join(dir, "satisfaction.yaml"), relaciona.Spanish)
	require.NoError(t, err)
	assert.Len(t, cfg.Clients, 30)
	assert.Equal(t, "Dirección Regional Antioquia (Medellín)", cfg.Clients[28].Name)

	var html strings.Builder
	for _, f := range []string{"satisfaction-period.html", "satisfaction-cmi.html", "satisfaction-interviews.html"} {
		page, err := os.ReadFile(filepath.Join(site, f))
		require.NoError(t, err)
		html.Write(page)
	}
	for _, want := range []string{"Satisfacción de los clientes: enero de 2026 a diciembre de 2026", "<svg", "Alertas «sandía» del periodo", "diciembre de 2026", "Planes de trabajo"} {
		assert.True(t, strings.Contains(html.String(), want), "the pages have %q", want)
	}
	assert.False(t, strings.Contains(html.String(), "@agencia.example"), "no requester e-mail in the report")
	for _, cl := range p.clients {
		assert.False(t, strings.Contains(html.String(), cl.contact), "contacts are redacted: %s", cl.id)
	}
	interviews := readFiles(t, site, "csv/satisfaction-interviews/planes-tabla.csv")
	assert.Contains(t, interviews["csv/satisfaction-interviews/planes-tabla.csv"], "pendiente", "some briefings are pending")
	checkSatSurveys(t, c, p, site) // satisfaction_surveys_test.go

	// Determinism: the same seed builds the same year.
	_, _, dir2 := satRun(t, 2026, relaciona.Spanish)
	assert.Equal(t, satCSVs(t, dir), satCSVs(t, dir2), "same seed, same CSV files")
}

// TestSatisfactionDemoEnglish runs another seed in English: the report
// follows the language and the story holds for any seed.
func TestSatisfactionDemoEnglish(t *testing.T) {
	if testing.Short() {
		t.Skip("a demo year takes seconds")
	}
	sum, p, dir := satRun(t, 7, relaciona.English)
	assert.Equal(t, 30, sum.Counts["satisfaction"]["interviews"])
	page, err := os.ReadFile(filepath.Join(productSite(t, dir, 2026, relaciona.English), "satisfaction-period.html"))
	require.NoError(t, err)
	for _, want := range []string{"Client satisfaction: January 2026 to December 2026", "Watermelon&#34; alerts of the period", "Complaints by month and channel"} {
		assert.True(t, strings.Contains(string(page), want), "the English page has %q", want)
	}
	for _, cl := range p.clients {
		if cl.story == "dip-mid" {
			assert.NotEmpty(t, p.alerts[cl.id], cl.id)
		}
	}
}

func TestSatisfactionYAMLScalars(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Oficina Asesora Jurídica", "Oficina Asesora Jurídica"},
		{"Dirección Regional Norte (Barranquilla)", "Dirección Regional Norte (Barranquilla)"},
		{"yes", `"yes"`},
		{"2026", `"2026"`},
		{"a: b", `"a: b"`},
		{"- lista", `"- lista"`},
		{"", `""`},
	} {
		assert.Equal(t, tc.want, satYQ(tc.in), tc.in)
	}
}

// BenchmarkSatisfactionDemoYear measures the satisfaction process alone
// through the demo year (the demo's budget is about 10 s per process).
func BenchmarkSatisfactionDemoYear(b *testing.B) {
	for b.Loop() {
		if _, err := Run(context.Background(), Options{Dir: b.TempDir(), Seed: 2026}, NewSatisfaction()); err != nil {
			b.Fatal(err)
		}
	}
}
