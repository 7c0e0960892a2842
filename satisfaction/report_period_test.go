package satisfaction

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/report"
)

// TestPeriodReportFiguresByHand reads February and March of figuresData
// (February: e, f, g closed within 1 h, no answer in the month; March: a,
// b, c, d closed after 2, 5, 7 and 20 h, five CSAT answers 5, 4, 3, 5, 4)
// with three complaints, one of them after the period, and checks the
// period's figures worked out by hand.
func TestPeriodReportFiguresByHand(t *testing.T) {
	f := newFixture(t)
	figuresData(t, f)
	for i, c := range []struct {
		at string
		ch Channel
	}{{"2026-02-10T15:00:00Z", ChannelTicket}, {"2026-03-12T15:00:00Z", ChannelPhone}, {"2026-04-02T15:00:00Z", ChannelTicket}} {
		_, err := f.p.ReportComplaint(f.ctx, f.exe, NewComplaint{Client: "salud", Service: "vpn", Channel: c.ch, Scope: ScopeService,
			Summary: "cortes", TicketID: map[bool]string{true: "R-" + string(rune('1'+i)), false: ""}[c.ch == ChannelTicket]}, ts(c.at))
		require.NoError(t, err)
	}
	feb, mar := Month{2026, time.February}, Month{2026, time.March}
	doc, err := f.p.PeriodReport(f.ctx, feb, mar, relaciona.Spanish, ReportOptions{})
	require.NoError(t, err)
	require.NoError(t, report.HTML(io.Discard, doc), "the page renders: ids unique")
	assert.Equal(t, "Satisfacción de los clientes: febrero de 2026 a marzo de 2026", doc.Title)
	checkKeyFigures(t, doc, []wantFigure{
		// Closed: 3 in February + 4 in March.
		{"Casos cerrados", "7", "", report.StatusNone},
		// Answered: none in February, 5 (CSAT) in March.
		{"Encuestas respondidas", "5", "", report.StatusNone},
		// CSAT pooled: 4-5 among 5, 4, 3, 5, 4 = 4 / 5; February has none.
		{"CSAT del periodo", "80,0\u00a0%", "meta: ≥ 85,0\u00a0%", report.StatusBad},
		// Service level pooled: February 3 of 3 within 8 h, March 3 of 4: 6 / 7 = 85,7 % < 90 %.
		{"Nivel de servicio del periodo", "85,7\u00a0%", "meta: ≥ 90,0\u00a0%", report.StatusBad},
		// Complaints reported in February and March; April's is outside.
		{"Reclamos", "2", "2 sin cerrar", report.StatusNone},
		{"Compromisos vencidos", "0", "de 0; 0 confirmados por el cliente", report.StatusGood},
	})
	labels, series := proctest.ChartSeries(t, doc, "reclamos-mes")
	assert.Equal(t, []string{"feb", "mar"}, labels)
	assert.Equal(t, []float64{1, 0}, series["Ticket"])
	assert.Equal(t, []float64{0, 1}, series["Teléfono"])
	assert.Len(t, proctest.TableRows(t, doc, "reclamos-periodo"), 2)
	_, series = proctest.ChartSeries(t, doc, "csat-cliente-mes")
	require.Contains(t, series, "Salud Digital")
	assert.True(t, series["Salud Digital"][0] != series["Salud Digital"][0], "no CSAT answer in February: a gap (NaN)")
	assert.InDelta(t, 0.8, series["Salud Digital"][1], 1e-12)
	_, series = proctest.ChartSeries(t, doc, "nivel-servicio-cliente-mes")
	assert.InDelta(t, 1.0, series["Salud Digital"][0], 1e-12)
	assert.InDelta(t, 0.75, series["Salud Digital"][1], 1e-12)

	// One month, in English: March alone.
	doc, err = f.p.PeriodReport(f.ctx, mar, mar, relaciona.English, ReportOptions{})
	require.NoError(t, err)
	assert.Equal(t, "Client satisfaction: March 2026", doc.Title)
	k := proctest.KeyFigures(doc)
	assert.Equal(t, "4", k["Cases closed"].Value.Format(relaciona.English))
	assert.Equal(t, "75.0%", k["Service level of the period"].Value.Format(relaciona.English))
	assert.Equal(t, "1", k["Complaints"].Value.Format(relaciona.English))

	_, err = f.p.PeriodReport(f.ctx, mar, feb, relaciona.Spanish, ReportOptions{})
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "a last month before the first")
}

// TestPeriodReportSurveyGovernanceByHand: with a surveys section (every
// ticket, no delay, 9 days), T-4 closes on 20 February and is invited by
// the Run of 21 February; T-1, T-2 and T-3 close on 2 March and are
// invited by the Run of 3 March, which also issues February's standard
// report to each client. In March, T-1 is answered twice (CSAT and NPS),
// T-2 once, T-3 never, and T-4 (invited in February) once. March's
// figures: 3 invited, 2 of them answered (T-4 is another population),
// rate 2 / 3 = 66,7 %; the reports issued in March are February's, one
// per client.
func TestPeriodReportSurveyGovernanceByHand(t *testing.T) {
	f := newFixture(t).withSurveys(SurveyConf{LifetimeDays: 9})
	feb := ts("2026-02-20T10:00:00Z")
	f.importTickets(t, feb, closedTicket("T-4", feb))
	_, err := f.p.Run(f.ctx, f.mgr, day("2026-02-21"))
	require.NoError(t, err)
	closed := ts("2026-03-02T10:00:00Z")
	f.importTickets(t, closed, closedTicket("T-1", closed), closedTicket("T-2", closed), closedTicket("T-3", closed))
	s, err := f.p.Run(f.ctx, f.mgr, day("2026-03-03"))
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"T-1", "T-2", "T-3"}, s.Invited)
	at := ts("2026-03-04T10:00:00Z")
	_, err = f.p.ImportSurveys(f.ctx, f.mgr, []relaciona.SurveyResponse{
		answer("S1", "T-1", "csat", 5, at, ""), answer("S2", "T-1", "nps", 9, at, ""),
		answer("S3", "T-2", "csat", 4, at, ""), answer("S4", "T-4", "csat", 5, ts("2026-03-01T10:00:00Z"), "")}, at)
	require.NoError(t, err)
	clients, err := f.p.Clients(f.ctx)
	require.NoError(t, err)

	mar := Month{2026, time.March}
	doc, err := f.p.PeriodReport(f.ctx, mar, mar, relaciona.Spanish, ReportOptions{})
	require.NoError(t, err)
	require.NoError(t, report.HTML(io.Discard, doc), "the page renders: ids unique")
	k := sectionFigures(t, doc, "encuestas-gobierno")
	assert.Equal(t, "3", k["Invitaciones enviadas"].Value.Format(relaciona.Spanish))
	assert.Equal(t, "2", k["Invitaciones respondidas"].Value.Format(relaciona.Spanish))
	assert.Equal(t, "66,7\u00a0%", k["Tasa de respuesta"].Value.Format(relaciona.Spanish))
	rows := proctest.TableRows(t, doc, "informes-emitidos")
	require.Len(t, rows, 1, "one month of issue")
	assert.Equal(t, "marzo de 2026", rows[0][0])
	assert.Equal(t, fmt.Sprint(len(clients)), rows[0][1], "February's standard report, one per client, issued on 3 March")
	assert.Equal(t, "0", rows[0][2])

	doc, err = f.p.PeriodReport(f.ctx, mar, mar, relaciona.English, ReportOptions{})
	require.NoError(t, err)
	k = sectionFigures(t, doc, "encuestas-gobierno")
	assert.Equal(t, "66.7%", k["Response rate"].Value.Format(relaciona.English))

	// February alone: T-4 invited and answered (in March): 1 of 1.
	doc, err = f.p.PeriodReport(f.ctx, Month{2026, time.February}, Month{2026, time.February}, relaciona.English, ReportOptions{})
	require.NoError(t, err)
	k = sectionFigures(t, doc, "encuestas-gobierno")
	assert.Equal(t, "1", k["Invitations sent"].Value.Format(relaciona.English))
	assert.Equal(t, "100.0%", k["Response rate"].Value.Format(relaciona.English))

	// Without a surveys section, no governance section.
	f.p.cfg.Surveys = nil
	doc, err = f.p.PeriodReport(f.ctx, mar, mar, relaciona.Spanish, ReportOptions{})
	require.NoError(t, err)
	for _, sec := range doc.Sections {
		assert.NotEqual(t, "encuestas-gobierno", sec.ID)
	}
}

// sectionFigures are the key figures of section id of doc, by label.
func sectionFigures(t *testing.T, doc report.Document, id string) map[string]report.KeyFigure {
	t.Helper()
	for _, sec := range doc.Sections {
		if sec.ID != id {
			continue
		}
		for _, b := range sec.Blocks {
			if kf, ok := b.(report.KeyFigures); ok {
				out := map[string]report.KeyFigure{}
				for _, it := range kf.Items {
					out[it.Label] = it
				}
				return out
			}
		}
	}
	t.Fatalf("no key figures in section %s", id)
	return nil
}
