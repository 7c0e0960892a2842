package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// czRun runs the citizen process alone into a fresh folder and returns the
// folder, the summary and the CSV files of citizen's product reports for
// the demo year (czReports).
func czRun(t *testing.T, seed uint64) (string, *Summary, map[string]string) {
	t.Helper()
	dir, sum := runAlone(t, NewCitizen(), seed, relaciona.Spanish)
	csvs, _ := czReports(t, dir, relaciona.Spanish)
	return dir, sum, csvs
}

// czOpen opens citizen on the demo's store in dir, as the deployment the
// demo leaves there would.
func czOpen(t *testing.T, dir string) (*citizen.Process, *citizen.Config, *relaciona.Tickets, *calendar.Calendar) {
	t.Helper()
	ctx := context.Background()
	store, err := relaciona.OpenStore(ctx, "sqlite://"+filepath.Join(dir, "demo.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	tickets, err := relaciona.OpenTickets(ctx, "desk://", relaciona.WithTicketStore(store))
	require.NoError(t, err)
	t.Cleanup(func() { tickets.Close() })
	cal, err := calendar.New(calendar.Colombia, calendar.Options{})
	require.NoError(t, err)
	cfg, err := citizen.LoadConfig(filepath.Join(dir, "citizen.yaml"), relaciona.Spanish)
	require.NoError(t, err)
	svc, err := citizen.New(store, cfg, cal, citizen.WithLocation(time.FixedZone("COT", -5*3600)), citizen.WithTickets(tickets))
	require.NoError(t, err)
	return svc, cfg, tickets, cal
}

// czReports builds citizen's product reports of the demo year 2026 from
// the store in dir, as `relaciona report --period 2026` does (personal data
// left out), and returns every table's CSV file by name (one name per
// table across the pages) and the pages.
func czReports(t *testing.T, dir string, lang relaciona.Lang) (map[string]string, []report.Page) {
	t.Helper()
	svc, _, _, _ := czOpen(t, dir)
	pages, err := svc.Reports(context.Background(), process.Period{From: calendar.Date{Year: 2026, Month: time.January, Day: 1},
		To: calendar.Date{Year: 2026, Month: time.December, Day: 31}, Lang: lang, Redact: true})
	require.NoError(t, err)
	csvs := map[string]string{}
	for _, pg := range pages {
		out := filepath.Join(t.TempDir(), pg.Slug)
		require.NoError(t, report.WriteCSVs(out, pg.Doc, report.WithBOM()))
		files, err := filepath.Glob(filepath.Join(out, "*.csv"))
		require.NoError(t, err)
		for _, f := range files {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			name := filepath.Base(f)
			require.NotContains(t, csvs, name, "one table %s across citizen's pages", name)
			csvs[name] = string(b)
		}
	}
	require.NotEmpty(t, csvs)
	return csvs, pages
}

func czInt(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err, s)
	return n
}

// TestCitizenDemoYear runs the year twice with one seed and checks the
// volume, the story the report tells (seasonality, extensions within the
// law, forwarding, late and overdue PQRSD, k-anonymous publication,
// spaces and commitments, the periodic job), the PQRSD and tickets in the
// store, the files, the configuration and the determinism of the CSV
// output.
func TestCitizenDemoYear(t *testing.T) {
	skipIfShort(t)
	dir, sum, csvs := czRun(t, 2026)
	c := sum.Counts["citizen"]
	t.Logf("counts: %v", c)

	// Volume.
	assert.Equal(t, 5000, c["pqrsd"], "5,000 PQRSD across the year")
	assert.Equal(t, 5000, c["pqrsd_imported"]+c["pqrsd_from_tickets"])
	assert.Greater(t, c["pqrsd_from_tickets"], 150, "some come from the ticket system")
	assert.Equal(t, c["pqrsd_from_tickets"], c["desk_tickets"], "one desk ticket each")
	assert.Equal(t, 2580, c["citizens"])
	assert.Equal(t, 145, c["organisations"])
	assert.Equal(t, 3, c["publications"])
	assert.Equal(t, 3, c["strategy_versions"])
	assert.Equal(t, 8, c["spaces"])
	assert.Equal(t, 2, c["spaces_accountability"])
	assert.Equal(t, 3, c["spaces_participation"])
	assert.Equal(t, 10, c["commitments"])
	assert.Equal(t, 2*len(czOffer), c["assessments"])
	assert.Equal(t, 2, c["adjustment_proposals"])
	assert.Equal(t, 2, c["adjustments_approved"])
	assert.Equal(t, 5, c["baselines"])
	assert.Equal(t, 11*2+12*2+4, c["measurements"], "PQRSD indicators from February, the others monthly, commitments quarterly")
	assert.Equal(t, 12, c["runs"])
	// The strategy's records (citizen_records.go): the exercise before the
	// publications, the inputs cited, the events, the skills actions (the
	// sign-language course falls due unmet) and the articulation (one
	// entry of versions 2 and 3 waits past a month's run).
	assert.Equal(t, 1, c["exercises"])
	assert.Equal(t, 3, c["disseminations"])
	assert.Equal(t, 11, c["strategy_inputs"])
	assert.Equal(t, 4, c["skills_actions"])
	assert.Equal(t, 3+2+8, c["strategy_events"])
	assert.Equal(t, 1, c["skills_overdue_told"], "the sign-language course only")
	assert.Equal(t, 2, c["strategy_unassigned_told"])
	for _, r := range csvTable(t, csvs, "tabla-articulacion.csv")[1:] {
		assert.NotEqual(t, "Sin asignar", r[2], "every entry of version 3 is implemented by December")
	}

	// Outcomes: most on time; some extended, forwarded, late, overdue.
	answered := c["pqrsd_answered"]
	assert.Equal(t, answered, c["pqrsd_answered_on_time"]+c["pqrsd_answered_late"])
	assert.Greater(t, answered, 4500)
	share := float64(c["pqrsd_answered_on_time"]) / float64(answered)
	assert.Greater(t, share, 0.88, "most are answered on time")
	assert.Less(t, share, 0.97, "but not all")
	assert.Greater(t, c["pqrsd_extended"], 150)
	assert.Greater(t, c["pqrsd_forwarded"], 80)
	assert.Positive(t, c["pqrsd_forwarded_late"], "some forwarded after the five days")
	assert.Greater(t, c["pqrsd_answered_late"], 100)
	assert.Positive(t, c["pqrsd_overdue_at_year_end"])
	assert.Positive(t, c["alerts_overdue"])
	assert.Positive(t, c["alerts_due_soon"])
	assert.Positive(t, c["alerts_commitment_overdue"])
	assert.Equal(t, 2, c["commitments_overdue_at_year_end"])
	assert.Positive(t, c["feedback"], "indicators below target feed back to the offer")
	assert.Greater(t, sum.AuditCount, int64(5000), "every step is an audited batch; Run verified the chain")

	// Files: the deployment's; the tables are the product reports'.
	for _, f := range []string{"citizen.yaml", "demo.db"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if assert.NoError(t, err, f) {
			assert.Positive(t, st.Size(), f)
		}
	}
	for _, f := range []string{"pqrsd-por-mes.csv", "recibidas-mes-datos.csv", "lista-vencidas.csv", "respuesta-por-tipo.csv", "tabla-ajustes.csv",
		"tabla-indicadores.csv", "tabla-compromisos.csv", "tabla-espacios.csv", "estrategia-versiones.csv", "estrategia-adoptada.csv",
		"participantes-segmento-datos.csv", "grafico-var-etnia-datos.csv"} {
		assert.Contains(t, csvs, f, "citizen's product reports hold %s", f)
	}

	// The year by month (citizen-period): the volumes and their
	// seasonality, then the total row.
	months := csvTable(t, csvs, "pqrsd-por-mes.csv")
	require.Len(t, months, 14)
	total := 0
	for i, row := range months[1:13] {
		n := czInt(t, row[1])
		assert.Equal(t, czMonthVolume[i], n, "month %s", row[0])
		total += n
	}
	assert.Equal(t, 5000, total)
	assert.Equal(t, []string{"Total", "5000"}, months[13][:2])
	overdueDec := czInt(t, months[12][9])
	assert.Positive(t, overdueDec+czInt(t, months[11][9]), "overdue PQRSD of the year-end rush")
	assert.Positive(t, czInt(t, months[12][8]), "December PQRSD still within their term")
	// The product report's overdue on 31 December are what the periodic
	// job found then.
	assert.Equal(t, c["pqrsd_overdue_at_year_end"], czInt(t, months[13][9]))
	assert.Equal(t, c["pqrsd_answered_on_time"], czInt(t, months[13][2]))
	assert.Equal(t, c["pqrsd_answered_late"], czInt(t, months[13][3]))
	// The withdrawals split (Ley 1755 de 2015): the last three columns are
	// tacit (art. 17), express (art. 18) and continued ex officio (art. 18).
	last := months[13][len(months[13])-3:]
	assert.Equal(t, c["pqrsd_tacit_withdrawals"], czInt(t, last[0]), "tacit withdrawals")
	assert.Positive(t, c["pqrsd_ex_officio"])
	assert.Equal(t, c["pqrsd_ex_officio"], czInt(t, last[2]), "continued ex officio")
	assert.Equal(t, c["pqrsd_withdrawn"]-c["pqrsd_ex_officio"], czInt(t, last[1]), "express withdrawals still withdrawn")

	// The quarterly report: Q4 with its overdue list, redacted.
	q4 := csvTable(t, csvs, "recibidas-tipo-canal.csv")
	assert.Equal(t, "Total", q4[len(q4)-1][0])
	assert.Equal(t, czMonthVolume[9]+czMonthVolume[10]+czMonthVolume[11], czInt(t, q4[len(q4)-1][len(q4[0])-1]), "Q4 = October to December")
	overdue := csvTable(t, csvs, "lista-vencidas.csv")
	assert.Greater(t, len(overdue), 5, "overdue PQRSD of the quarter")
	assert.NotContains(t, strings.Join(overdue[0], ","), "Peticionario", "personal data left out")

	// k-anonymity: no published group between 1 and k-1, and the small
	// ethnic groups merged.
	for name := range csvs {
		if !strings.HasPrefix(name, "grafico-") {
			continue
		}
		for _, row := range csvTable(t, csvs, name)[1:] {
			n := czInt(t, row[1])
			assert.True(t, n == 0 || n >= 5, "%s: group %q of %d", name, row[0], n)
		}
	}
	etnia := csvTable(t, csvs, "grafico-var-etnia-datos.csv")
	labels := map[string]bool{}
	for _, row := range etnia[1:] {
		labels[row[0]] = true
	}
	assert.True(t, labels["Otros"], "small groups merged: %v", labels)
	assert.False(t, labels["raizal"] || labels["palenquera"] || labels["rrom"], "never shown alone: %v", labels)

	// Strategy, spaces (citizen-spaces), offer and indicators.
	strat := csvTable(t, csvs, "estrategia-versiones.csv")
	require.Len(t, strat, 4)
	assert.Equal(t, []string{"Reemplazada", "Reemplazada", "Adoptada"}, []string{strat[1][1], strat[2][1], strat[3][1]})
	spaces := csvTable(t, csvs, "tabla-espacios.csv")
	assert.Len(t, spaces, 1+8+1, "header, the 8 spaces, total")
	comms := csvTable(t, csvs, "tabla-compromisos.csv")
	states := map[string]int{}
	for _, row := range comms[1:] {
		states[row[4]]++
	}
	assert.Equal(t, map[string]int{"Cumplido a tiempo": 4, "Cumplido tarde": 2, "Descartado": 1, "Vencido": 2, "En curso": 1}, states)
	assert.Equal(t, c["commitments_overdue_at_year_end"], states["Vencido"])
	assert.Equal(t, "Vencido", comms[1][4], "overdue first")
	adj := csvTable(t, csvs, "tabla-ajustes.csv")
	assert.Len(t, adj, 1+len(czOffer))
	assert.Contains(t, csvs["tabla-ajustes.csv"], "Ajustar a la normativa", "the tree-felling permit duplicates the environmental authority's")
	assert.Contains(t, csvs["tabla-ajustes.csv"], "Ampliar canales y cobertura")
	ind := csvTable(t, csvs, "tabla-indicadores.csv")
	assert.Len(t, ind, 1+5)

	// The configuration is what an agency would write: it validates and
	// loads.
	data, err := os.ReadFile(filepath.Join(dir, "citizen.yaml"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), Modeline(citizen.Kind)+"\n"))
	cfg, err := citizen.LoadConfig(filepath.Join(dir, "citizen.yaml"), relaciona.Spanish)
	require.NoError(t, err)
	assert.Len(t, cfg.Offer, len(czOffer))
	assert.Len(t, cfg.Segments, len(czSegments))
	assert.Len(t, cfg.Channels, len(czChannels))

	// The store: every PQRSD follows the law, and the desk's PQRSD kept
	// their tickets.
	czCheckStore(t, dir, c)

	// Determinism: the same seed gives the same CSV files.
	_, _, again := czRun(t, 2026)
	assert.Equal(t, csvs, again, "same seed, same CSV output")
}

// czCheckStore reopens the demo's store and checks every PQRSD against the
// terms of Ley 1755 de 2015 and the tickets of the desk's PQRSD.
func czCheckStore(t *testing.T, dir string, c map[string]int) {
	t.Helper()
	ctx := context.Background()
	svc, _, tickets, cal := czOpen(t, dir)
	var all []citizen.PQRSD
	after := ""
	for {
		page, cursor, err := svc.List(ctx, time.Time{}, time.Time{}, "", after, 1000)
		require.NoError(t, err)
		all = append(all, page...)
		if len(page) < 1000 {
			break
		}
		after = cursor
	}
	require.Len(t, all, 5000)
	// yearEnd is the demo's last day.
	yearEnd := calendar.Date{Year: 2026, Month: time.December, Day: 31}
	fromTickets, closedTickets, extended, open := 0, 0, 0, 0
	tacit, express, incomplete, priority, authority := 0, 0, 0, 0, 0
	for _, p := range all {
		if p.Priority != nil {
			priority++
			assert.NotEmpty(t, p.Priority.Reason, p.ID)
		}
		if p.Authority != "" {
			authority++
		}
		if p.Status == citizen.StatusIncomplete {
			incomplete++
		}
		if w := p.Withdrawal; w != nil {
			if w.Tacit {
				tacit++
				assert.NotNil(t, p.Completion, "%s: tacitly withdrawn after a request to complete", p.ID)
			} else {
				express++
			}
		}
		assert.Equal(t, 2026, p.Filed.Year, p.ID)
		due, err := cal.AddBusinessDays(p.Filed, p.Term)
		require.NoError(t, err)
		if x := p.Extension; x != nil {
			extended++
			assert.Equal(t, due, x.PreviousDue, "%s: one extension, from the legal due date", p.ID)
			assert.False(t, x.Date.After(x.PreviousDue), "%s: extended before the term expired", p.ID)
			assert.LessOrEqual(t, x.NewTerm, 2*p.Term, "%s: at most twice the term", p.ID)
			assert.Equal(t, x.NewDue, p.Due, p.ID)
		} else if p.Completion == nil {
			// (An incomplete petition's term stood still (art. 17): its
			// due date moved on from the calendar's.)
			assert.Equal(t, due, p.Due, "%s: due date from the calendar", p.ID)
		}
		if p.Answer != nil {
			assert.Equal(t, !p.Answer.Date.After(p.Due), p.Answer.OnTime, p.ID)
		}
		if p.Status == citizen.StatusOpen {
			open++
		}
		if p.TicketID != "" {
			fromTickets++
			assert.Equal(t, "mesa", p.Channel, p.ID)
			tk, err := tickets.Get(ctx, p.TicketID)
			require.NoError(t, err, p.ID)
			assert.Equal(t, p.FiledAt, tk.Created.UTC(), "%s: filed when the ticket was created", p.ID)
			assert.False(t, tk.Updated.After(time.Date(2027, 1, 1, 5, 0, 0, 0, time.UTC)), "%s: the desk's times are the demo year's", p.ID)
			if p.Status == citizen.StatusClosed {
				closedTickets++
				assert.Equal(t, relaciona.StatusClosed, tk.Status, "%s: the ticket is closed with the PQRSD", p.ID)
			}
		}
	}
	assert.Positive(t, fromTickets)
	assert.Positive(t, closedTickets)
	assert.Positive(t, extended)
	assert.Positive(t, open, "some still open on %s", yearEnd)
	// Ley 1755 de 2015 in the year: a few percent asked to complete, most
	// completed, some tacitly withdrawn by Run (art. 17); a few withdrawn
	// by the petitioner (art. 18); some with priority (art. 20); a few
	// from another authority (art. 30).
	assert.Equal(t, c["pqrsd_tacit_withdrawals"], tacit, "Run's tacit withdrawals")
	assert.Equal(t, c["pqrsd_withdrawn"], express)
	assert.Equal(t, c["pqrsd_priority"], priority)
	assert.Equal(t, c["pqrsd_from_authority"], authority)
	assert.Positive(t, tacit)
	assert.Positive(t, incomplete, "some still incomplete on %s", yearEnd)
	assert.Greater(t, c["pqrsd_completed"], 2*tacit, "most completed in time")
	assert.InDelta(t, 0.025, float64(c["pqrsd_incomplete"])/5000, 0.015, "a few percent asked to complete")
	assert.InDelta(t, 0.02, float64(express)/5000, 0.015, "a few withdrawn")
	assert.Greater(t, priority, 20)
	assert.Greater(t, authority, 10)
}

// TestCitizenDemoJanuaryEnglish runs the setup and January on a fresh
// store and builds citizen's product reports of January in English: the
// month's PQRSD, the first registration, and what the demo's own page used
// to show (the PQRSD month by month, the strategy) in the reader's
// language.
func TestCitizenDemoJanuaryEnglish(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	store, err := relaciona.OpenStore(ctx, "sqlite://"+filepath.Join(dir, "demo.db"))
	require.NoError(t, err)
	defer store.Close()
	tickets, err := relaciona.OpenTickets(ctx, "desk://", relaciona.WithTicketStore(store))
	require.NoError(t, err)
	defer tickets.Close()
	cal, err := calendar.New(calendar.Colombia, calendar.Options{})
	require.NoError(t, err)
	env := &Env{Store: store, Tickets: tickets, Cal: cal, Rand: rand.New(rand.NewPCG(7, 7)), Year: 2026, Lang: relaciona.English,
		Dir: dir, Counts: map[string]int{}}
	p := NewCitizen().(*citizenDemo) // Report left Process (demoa); democ removes it
	require.NoError(t, p.Setup(ctx, env))
	require.NoError(t, p.Month(ctx, env, time.January))
	assert.Equal(t, czMonthVolume[0], env.Counts["pqrsd"])
	assert.Equal(t, 1920, env.Counts["citizens"])
	assert.Equal(t, 1, env.Counts["runs"])
	pages, err := p.svc.Reports(ctx, process.Period{From: env.Day(time.January, 1), To: env.MonthEnd(time.January), Lang: relaciona.English, Redact: true})
	require.NoError(t, err)
	docs := map[string]report.Document{}
	for _, pg := range pages {
		docs[pg.Slug] = pg.Doc
		var html bytes.Buffer
		require.NoError(t, report.HTML(&html, pg.Doc), pg.Slug)
	}
	period := docs["citizen-period"]
	assert.Equal(t, "PQRSD of the period, month by month · 2026-01-01 to 2026-01-31", period.Title)
	months, err := csvOf(period, "pqrsd-por-mes")
	require.NoError(t, err)
	require.Len(t, months, 3, "header, January, total")
	assert.Equal(t, []string{"Jan", strconv.Itoa(czMonthVolume[0])}, months[1][:2])
	var titles []string
	for _, s := range docs["citizen-spaces"].Sections {
		titles = append(titles, s.Title)
	}
	assert.Contains(t, titles, "Interaction strategy")
	_, err = store.VerifyAudit(ctx)
	require.NoError(t, err)
}

// csvOf is the table id of doc as CSV records, its total row last.
func csvOf(doc report.Document, id string) ([][]string, error) {
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			if tb, ok := b.(report.Table); ok && tb.ID == id {
				var out bytes.Buffer
				if err := report.CSV(&out, tb); err != nil {
					return nil, err
				}
				return csv.NewReader(&out).ReadAll()
			}
		}
	}
	return nil, fmt.Errorf("no table %s", id)
}

// BenchmarkCitizenDemoYear measures the citizen process's whole demo year; its share of the demo's 60 s budget is about 10 s.
func BenchmarkCitizenDemoYear(b *testing.B) {
	for i := range b.N {
		if _, err := Run(context.Background(), Options{Dir: b.TempDir(), Seed: uint64(i)}, NewCitizen()); err != nil {
			b.Fatal(err)
		}
	}
}
