package alliance

import (
	"io"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/report"
)

// TestPortfolioKeyFiguresByHand records known referral counts for the
// alliances in force and checks the portfolio's figures worked out by hand.
func TestPortfolioKeyFiguresByHand(t *testing.T) {
	f := newFixture(t).to(PhaseMonitoring)
	all, err := f.s.Alliances(f.ctx, office)
	require.NoError(t, err)
	counts := map[string]Measurement{
		"convenio-sence": {Sent: 10, Accepted: 6, Resolved: 4, Answered: 8, AnswerDays: 2},
		"red-comercio":   {Sent: 5, Accepted: 5, Resolved: 4, Answered: 5, AnswerDays: 1},
	}
	var ms []Measurement
	live := 0
	for _, a := range all {
		if a.Status != StatusActive {
			continue
		}
		live++
		if m, ok := counts[a.ID]; ok {
			m.Alliance, m.Date = a.ID, day("2026-06-30")
			ms = append(ms, m)
		}
	}
	require.Len(t, ms, 2, "both alliances are in force")
	require.NoError(t, f.s.RecordMeasurements(f.ctx, enc, ms))

	doc, err := f.s.Report(f.ctx, ReportPortfolio, ReportOptions{Office: office, At: day("2026-07-01")})
	require.NoError(t, err)
	k := proctest.KeyValues(doc)
	// Sent: 10 + 5 = 15. Resolved: (4 + 4) / 15 = 0,5333 → 53,3 %.
	assert.Equal(t, "15", k["Derivaciones enviadas"])
	assert.Equal(t, "53,3\u00a0%", k["Derivaciones resueltas"])
	assert.Equal(t, report.Int(int64(live)).Format(relaciona.Spanish), k["Alianzas vigentes"])
	// The chart: every alliance in force, most sent first.
	labels, series := proctest.ChartSeries(t, doc, "derivaciones-alianza")
	require.Len(t, labels, live)
	assert.Equal(t, []string{"convenio-sence", "red-comercio"}, labels[:2])
	assert.Equal(t, []float64{10, 5}, series["Enviadas"][:2])
	assert.Equal(t, []float64{4, 4}, series["Resueltas"][:2])

	// The dossier's chart: the share resolved of each alliance, 4/10 and 4/5.
	doc, err = f.s.Report(f.ctx, ReportDossier, ReportOptions{Office: office, At: day("2026-07-01")})
	require.NoError(t, err)
	labels, series = proctest.ChartSeries(t, doc, "resueltas-alianza")
	got := map[string]float64{}
	for i, l := range labels {
		got[l] = series["% resueltas"][i]
	}
	assert.InDelta(t, 0.4, got["convenio-sence"], 1e-9)
	assert.InDelta(t, 0.8, got["red-comercio"], 1e-9)
}

// TestTerritorialSectorsInTheReportLanguage: the sector column names the
// sector in Spanish or English, never the YAML value.
func TestTerritorialSectorsInTheReportLanguage(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		lang relaciona.Lang
		want map[string]string
	}{
		{relaciona.Spanish, map[string]string{"sence-valparaiso": "público", "camara-comercio": "privado", "fundacion-inclusion": "sociedad civil", "cft-regional": "educación"}},
		{relaciona.English, map[string]string{"sence-valparaiso": "public", "camara-comercio": "private", "fundacion-inclusion": "civil society", "cft-regional": "education"}},
	} {
		doc, err := f.s.Report(f.ctx, ReportTerritorial, ReportOptions{Office: office, At: day("2026-01-10"), Lang: c.lang})
		require.NoError(t, err)
		got := map[string]string{}
		for _, r := range proctest.TableRows(t, doc, "organizaciones") {
			got[r[0]] = r[2]
		}
		for id, want := range c.want {
			assert.Equal(t, want, got[id], "%s %s", c.lang, id)
		}
	}
	// The sector chart counts the study's organisations by sector, by hand
	// from the example: those of each sector, and the office's partners.
	doc, err := f.s.Report(f.ctx, ReportTerritorial, ReportOptions{Office: office, At: day("2026-01-10")})
	require.NoError(t, err)
	labels, series := proctest.ChartSeries(t, doc, "organizaciones-sector")
	wantAll, wantWith := map[string]float64{}, map[string]float64{}
	partners := map[string]bool{}
	for _, a := range f.s.cfg.Alliances {
		partners[a.Organisation] = true
	}
	for _, o := range f.s.cfg.Organisations {
		wantAll[sectorLabel(o.Sector, relaciona.Spanish)]++
		if partners[o.ID] {
			wantWith[sectorLabel(o.Sector, relaciona.Spanish)]++
		}
	}
	gotAll, gotWith := map[string]float64{}, map[string]float64{}
	for i, l := range labels {
		gotAll[l], gotWith[l] = series["En el estudio"][i], series["Socias de la oficina"][i]
	}
	assert.Equal(t, wantAll, gotAll)
	for l, v := range wantWith {
		assert.Equal(t, v, gotWith[l], l)
	}
	assert.Equal(t, "salud", sectorLabel(SectorHealth, relaciona.Spanish))
	assert.Equal(t, "otro", sectorLabel(SectorOther, relaciona.Spanish))
	assert.Equal(t, "minería", sectorLabel("minería", relaciona.Spanish), "an unknown sector is shown as written")
}

// TestResolvedReferralsTargetSaysItsDirection: the key figure names its
// target with the side that meets it, and the status follows.
func TestResolvedReferralsTargetSaysItsDirection(t *testing.T) {
	f := newFixture(t).to(PhaseMonitoring)
	// 2 resolved of 5 sent = 40 % < 50 %: a warning.
	require.NoError(t, f.s.RecordMeasurements(f.ctx, enc, []Measurement{{Alliance: "convenio-sence", Date: day("2026-06-30"), Sent: 5, Accepted: 3, Resolved: 2, Answered: 5, AnswerDays: 1}}))
	doc, err := f.s.Report(f.ctx, ReportPortfolio, ReportOptions{Office: office, At: day("2026-07-01")})
	require.NoError(t, err)
	var fig report.KeyFigure
	for _, b := range doc.Sections[0].Blocks {
		if k, ok := b.(report.KeyFigures); ok {
			for _, it := range k.Items {
				if it.Label == "Derivaciones resueltas" {
					fig = it
				}
			}
		}
	}
	assert.Equal(t, "40,0\u00a0%", fig.Value.Format(relaciona.Spanish))
	assert.Equal(t, report.StatusWarn, fig.Status)
	assert.Equal(t, "meta: ≥ 50,0\u00a0%", fig.Note)
}

// TestNetworkReportFiguresByHand records referrals in and out of a
// two-month period and checks the network page's figures worked out by
// hand: only the period's months count, the share resolved is resolved /
// sent of the same referrals, one bar group per month.
func TestNetworkReportFiguresByHand(t *testing.T) {
	f := newFixture(t).to(PhaseMonitoring)
	require.NoError(t, f.s.RecordMeasurements(f.ctx, enc, []Measurement{
		{Alliance: "convenio-sence", Date: day("2026-06-30"), Sent: 10, Accepted: 6, Resolved: 4, Answered: 8, AnswerDays: 2},
		{Alliance: "red-comercio", Date: day("2026-07-31"), Sent: 5, Accepted: 5, Resolved: 4, Answered: 5, AnswerDays: 1},
		{Alliance: "convenio-sence", Date: day("2026-08-31"), Sent: 7, Accepted: 7, Resolved: 7, Answered: 7, AnswerDays: 1}, // after the period
	}))
	for _, c := range []struct {
		lang                           relaciona.Lang
		sent, resolved, months, cycles string
		sentName                       string
	}{
		{relaciona.Spanish, "Derivaciones enviadas", "Derivaciones resueltas", "ene", "Ciclos cerrados", "Enviadas"},
		{relaciona.English, "Referrals sent", "Referrals resolved", "Jan", "Cycles closed", "Sent"},
	} {
		doc, err := f.s.NetworkReport(f.ctx, day("2026-06-01"), day("2026-07-31"), c.lang)
		require.NoError(t, err)
		require.NoError(t, report.HTML(io.Discard, doc), "the page renders: ids unique")
		k := proctest.KeyValues(doc)
		// Sent: 10 + 5 = 15 (August's 7 is outside). Resolved: (4 + 4) / 15 = 53,3 %.
		assert.Equal(t, "15", k[c.sent], c.lang)
		assert.Equal(t, report.Percent(8.0/15).Format(c.lang), k[c.resolved], c.lang)
		assert.Equal(t, "0 / 1", k[c.cycles], "one office, in monitoring")
		labels, series := proctest.ChartSeries(t, doc, "derivaciones-mes")
		assert.Len(t, labels, 2, "June and July")
		assert.Equal(t, []float64{10, 5}, series[c.sentName])
	}
	doc, err := f.s.NetworkReport(f.ctx, day("2026-06-01"), day("2026-07-31"), relaciona.Spanish)
	require.NoError(t, err)
	labels, series := proctest.ChartSeries(t, doc, "derivaciones-mes")
	assert.Equal(t, []string{"jun", "jul"}, labels)
	assert.Equal(t, []float64{6, 5}, series["Aceptadas"])
	assert.Equal(t, []float64{4, 4}, series["Resueltas"])
	rows := proctest.TableRows(t, doc, "oficinas")
	require.Len(t, rows, 1)
	// Office, phase, last review, in force, new, sent, % resolved, kept, dropped, flags.
	assert.Equal(t, []string{"OMIL Valparaíso", "monitoreo", "—", "4", "0", "15", "53,3\u00a0%", "0", "0", "0"}, rows[0])

	_, err = f.s.NetworkReport(f.ctx, day("2026-07-31"), day("2026-06-01"), relaciona.Spanish)
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "an end before the start")
}

// TestNetworkReportDecisionsByHand closes the yearly review (four
// alliances kept on 3 December) and checks the decisions counted in the
// year and left out of a period that ends before them.
func TestNetworkReportDecisionsByHand(t *testing.T) {
	f := newFixture(t).to(PhaseClosed)
	doc, err := f.s.NetworkReport(f.ctx, day("2026-01-01"), day("2026-12-31"), relaciona.Spanish)
	require.NoError(t, err)
	k := proctest.KeyValues(doc)
	assert.Equal(t, "4", k["Decisiones de revisión"])
	assert.Equal(t, "1 / 1", k["Ciclos cerrados"])
	_, series := proctest.ChartSeries(t, doc, "decisiones-oficina")
	assert.Equal(t, []float64{4}, series["se mantiene"])
	assert.Equal(t, []float64{0}, series["termina"])
	rows := proctest.TableRows(t, doc, "decisiones")
	require.Len(t, rows, 4)
	for _, r := range rows {
		assert.Equal(t, []string{"OMIL Valparaíso", "anual", "se mantiene", "2026-12-03", "cumple"}, []string{r[0], r[3], r[4], r[5], r[6]})
	}
	// feed gave each of the active alliances 12 sent and 7 resolved on 30 June.
	sent, err := strconv.Atoi(k["Derivaciones enviadas"])
	require.NoError(t, err)
	assert.Zero(t, sent%12)
	assert.Equal(t, report.Percent(7.0/12).Format(relaciona.Spanish), k["Derivaciones resueltas"])

	doc, err = f.s.NetworkReport(f.ctx, day("2026-01-01"), day("2026-11-30"), relaciona.Spanish)
	require.NoError(t, err)
	assert.Equal(t, "0", proctest.KeyValues(doc)["Decisiones de revisión"], "December's decisions are outside the period")
	assert.Empty(t, proctest.TableRows(t, doc, "decisiones"))
}
