package satisfaction

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/report"
)

// wantFigure is a key figure as a reader sees it: label, formatted value,
// note and status.
type wantFigure struct {
	label, value, note string
	status             report.Status
}

// checkKeyFigures checks doc's key figures named in want, in doc's language.
func checkKeyFigures(t *testing.T, doc report.Document, want []wantFigure) {
	t.Helper()
	k := proctest.KeyFigures(doc)
	for _, c := range want {
		fig, ok := k[c.label]
		if assert.True(t, ok, c.label) {
			assert.Equal(t, c.value, fig.Value.Format(doc.Lang), c.label)
			assert.Equal(t, c.note, fig.Note, c.label)
			assert.Equal(t, c.status, fig.Status, c.label)
		}
	}
}

// figuresData loads a small fixed data set for client salud, service vpn
// (resolution within 8 h):
//   - March: tickets a, b, c, d opened on the 5th and closed after 2, 5,
//     7 and 20 hours (incidents a, b, d; request c);
//   - February: tickets e, f, g closed on the 26th;
//   - answers in March: a (CSAT 5, NPS 10, CES 6), b (4, 8, 5), and the
//     February tickets e (3, 6, 3), f (5, 9) and g (4).
func figuresData(t *testing.T, f *fixture) {
	t.Helper()
	var tks []relaciona.Ticket
	for i, h := range []int{2, 5, 7, 20} {
		id := string(rune('a' + i))
		typ := "incident"
		if id == "c" {
			typ = "request"
		}
		c := ts("2026-03-05T09:00:00Z").Add(time.Duration(i) * time.Hour)
		tks = append(tks, relaciona.Ticket{ID: id, Status: relaciona.StatusClosed, Requester: "salud",
			Fields: map[string]string{"service": "vpn", "type": typ}, Created: c, Updated: c.Add(time.Duration(h) * time.Hour)})
	}
	for _, id := range []string{"e", "f", "g"} {
		c := ts("2026-02-26T09:00:00Z")
		tks = append(tks, relaciona.Ticket{ID: id, Status: relaciona.StatusClosed, Requester: "salud",
			Fields: map[string]string{"service": "vpn", "type": "incident"}, Created: c, Updated: c.Add(time.Hour)})
	}
	_, err := f.p.ImportTickets(f.ctx, f.mgr, tks, ts("2026-03-28T10:00:00Z"))
	require.NoError(t, err)
	var rs []relaciona.SurveyResponse
	n := 0
	answer := func(ticket string, scores map[string]int) {
		for _, m := range []string{MetricCSAT, MetricNPS, MetricCES} {
			s, ok := scores[m]
			if !ok {
				continue
			}
			n++
			rs = append(rs, relaciona.SurveyResponse{ID: ticket + "-" + m, TicketID: ticket, Requester: "salud", Service: "vpn",
				Metric: m, Score: s, Submitted: ts("2026-03-10T12:00:00Z").Add(time.Duration(n) * time.Minute)})
		}
	}
	answer("a", map[string]int{MetricCSAT: 5, MetricNPS: 10, MetricCES: 6})
	answer("b", map[string]int{MetricCSAT: 4, MetricNPS: 8, MetricCES: 5})
	answer("e", map[string]int{MetricCSAT: 3, MetricNPS: 6, MetricCES: 3})
	answer("f", map[string]int{MetricCSAT: 5, MetricNPS: 9})
	answer("g", map[string]int{MetricCSAT: 4})
	_, err = f.p.ImportSurveys(f.ctx, f.mgr, rs, ts("2026-03-28T10:00:00Z"))
	require.NoError(t, err)
}

// TestCMIKeyFiguresByHand checks March's scorecard against values worked
// out by hand, and that each target names its side and the status follows.
func TestCMIKeyFiguresByHand(t *testing.T) {
	f := newFixture(t)
	figuresData(t, f)
	march := Month{2026, time.March}
	doc, err := f.p.CMIReport(f.ctx, march, relaciona.Spanish, ReportOptions{})
	require.NoError(t, err)
	checkKeyFigures(t, doc, []wantFigure{
		// CSAT: 4-5 among a5, b4, e3, f5, g4 = 4 / 5 = 80,0 % < 85 %.
		{"CSAT", "80,0\u00a0%", "meta: ≥ 85,0\u00a0%", report.StatusBad},
		// NPS: promoters (9-10) a, f = 2; detractors (0-6) e = 1; of 4:
		// (2 − 1) / 4 = 25,0 < 30.
		{"NPS", "25,0", "meta: ≥ 30", report.StatusBad},
		// CES: (6 + 5 + 3) / 3 = 4,666… → 4,67 < 5 (higher is better on
		// this scale).
		{"CES", "4,67", "meta: ≥ 5,0", report.StatusBad},
		// Answered surveys: the most-answered question, CSAT: 5.
		{"Encuestas respondidas", "5", "", report.StatusNone},
		// Response rate: of the 4 cases closed in March (asked), a and b
		// were answered: 2 / 4 = 50,0 % ≥ 20 %. (Was 5 answers / 4 closed
		// = 125,0 %: the answers to February's e, f, g counted too.)
		{"Tasa de respuesta", "50,0\u00a0%", "meta: ≥ 20,0\u00a0%", report.StatusGood},
		// Service level: 2, 5, 7 h within 8 h; 20 h not: 3 / 4 = 75,0 % < 90 %.
		{"Nivel de servicio", "75,0\u00a0%", "meta: ≥ 90,0\u00a0%", report.StatusBad},
	})

	// Every response rate of the report is within [0, 100 %].
	cmi, err := f.p.CMI(f.ctx, march)
	require.NoError(t, err)
	for _, r := range cmi.Services {
		if r.ResponseRate.Defined {
			assert.True(t, r.ResponseRate.Value >= 0 && r.ResponseRate.Value <= 1, "%s/%s: %v", r.Client, r.Service, r.ResponseRate.Value)
		}
	}
	// February: 3 closed (e, f, g), none answered in February: 0 %.
	feb, err := f.p.CMI(f.ctx, Month{2026, time.February})
	require.NoError(t, err)
	assert.InDelta(t, 0, feb.Total.ResponseRate.Value, 1e-12)
	assert.Equal(t, int64(3), feb.Total.Closed)
}

// TestResponseRateIsAnsweredOverAsked is the rule on a table of cells.
func TestResponseRateIsAnsweredOverAsked(t *testing.T) {
	for _, c := range []struct {
		name             string
		closed, surveyed int64
		want             float64
		defined          bool
	}{
		{"none closed", 0, 0, 0, false},
		{"half", 4, 2, 0.5, true},
		{"all", 3, 3, 1, true},
		{"never above one", 2, 5, 1, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := Cell{Closed: c.closed, Surveyed: c.surveyed}
			// Many answers to other months' cases do not change the rate.
			x.CSAT.Counts[4] = 7
			r := x.ResponseRate()
			assert.Equal(t, c.defined, r.Defined)
			assert.InDelta(t, c.want, r.Value, 1e-12)
		})
	}
}

// TestCaseTypesInTheReportLanguage: the ticket types of the service report
// are named in Spanish or English.
func TestCaseTypesInTheReportLanguage(t *testing.T) {
	f := newFixture(t)
	figuresData(t, f)
	for _, c := range []struct {
		lang relaciona.Lang
		want [][]string
	}{
		// March: incidents a, b, d; request c.
		{relaciona.Spanish, [][]string{{"Incidente", "3"}, {"Solicitud", "1"}}},
		{relaciona.English, [][]string{{"Incident", "3"}, {"Request", "1"}}},
	} {
		doc, err := f.p.ServiceReport(f.ctx, "salud", Month{2026, time.March}, c.lang, ReportOptions{})
		require.NoError(t, err)
		assert.Equal(t, c.want, proctest.TableRows(t, doc, "casos-tipo"), c.lang)
	}
	assert.Equal(t, "Reclamo", f.p.caseTypeLabel(f.p.cfg.Tickets.ComplaintType, relaciona.Spanish))
	assert.Equal(t, "otro-tipo", f.p.caseTypeLabel("otro-tipo", relaciona.Spanish), "an agency's own type is shown as written")
}

// TestOldSnapshotsAreRecomputed: a month snapshot stored before Surveyed
// existed (format 0) would read as a 0 % response rate; it is recomputed
// from the raw records instead, and Run replaces it.
func TestOldSnapshotsAreRecomputed(t *testing.T) {
	f := newFixture(t)
	figuresData(t, f)
	march := Month{2026, time.March}
	old, err := f.p.monthStats(f.ctx, march, "")
	require.NoError(t, err)
	old.Format = 0
	for i := range old.Cells {
		old.Cells[i].Surveyed = 0
	}
	b := f.store.Begin(f.dir, "test.snapshot", "an old snapshot")
	f.p.snapshots.Put(b, &old, 0)
	require.NoError(t, f.p.commit(f.ctx, b, ts("2026-04-01T06:00:00Z")))

	// April's trend reads March from its snapshot, unless it is old.
	cmi, err := f.p.CMI(f.ctx, Month{2026, time.April})
	require.NoError(t, err)
	p := cmi.Trend[len(cmi.Trend)-2]
	require.Equal(t, march, p.Month)
	assert.False(t, p.Snapshot, "an old snapshot is not used")
	assert.InDelta(t, 0.5, p.Figures.ResponseRate.Value, 1e-12, "2 of 4, not the old snapshot's 0")

	_, err = f.p.snapshot(f.ctx, f.dir, Month{2026, time.April}, ts("2026-04-01T07:00:00Z"))
	require.NoError(t, err)
	d, err := f.p.snapshots.Get(f.ctx, march.String())
	require.NoError(t, err)
	assert.Equal(t, snapshotFormat, d.Value.Format)
	assert.Equal(t, int64(2), d.Value.ClientMonth("salud").Surveyed)
}
