package satisfaction

import (
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
