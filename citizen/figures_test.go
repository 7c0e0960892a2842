package citizen

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/report"
)

// figuresQuarter files four general peticiones on Monday 2 February 2026
// (term 15 business days: due Monday 23 February; no holiday in February)
// and answers three of them.
func figuresQuarter(t *testing.T, f *fixture) {
	t.Helper()
	var ids []string
	for range 4 {
		ids = append(ids, f.file(t, at("2026-02-02")).ID)
	}
	// Business days counted from the day after filing:
	// 5 February: 3, 4, 5 → 3 days, on time.
	// 13 February: 3-6, 9-13 → 9 days, on time.
	// 31 March: February 3-27 → 19, March 2-31 less San José (Monday 23)
	// → 21; 40 days, late.
	for i, on := range []string{"2026-02-05", "2026-02-13", "2026-03-31"} {
		_, err := f.s.Answer(f.ctx, clerk, ids[i], "Respuesta", at(on))
		require.NoError(t, err)
	}
}

// TestPQRSDKeyFiguresByHand checks the quarterly report's key figures.
func TestPQRSDKeyFiguresByHand(t *testing.T) {
	f := newFixture(t)
	figuresQuarter(t, f)
	doc := firstQuarterReport(t, f, "")
	k := proctest.KeyFigures(doc)
	L := relaciona.Spanish
	assert.Equal(t, "4", k["Recibidas"].Value.Format(L))
	// On time: 2 of the 3 answered = 66,7 % (the open one is not answered).
	assert.Equal(t, "66,7\u00a0%", k["Respondidas a tiempo"].Value.Format(L))
	// 66,7 % is below the floor of 80 %: bad; the note names the target.
	assert.Equal(t, report.StatusBad, k["Respondidas a tiempo"].Status)
	assert.Equal(t, "2 a tiempo, 1 fuera de término; meta: ≥ 95,0\u00a0%", k["Respondidas a tiempo"].Note)
	// Average business days: (3 + 9 + 40) / 3 = 17,33 → 17,3.
	assert.Equal(t, "17,3", k["Días hábiles promedio de respuesta"].Value.Format(L))
	// The fourth is open past its due date of 23 February.
	assert.Equal(t, "1", k["Vencidas sin respuesta"].Value.Format(L))
}

// TestIndicatorFiguresHaveOneUnitAndADirection measures the two PQRSD
// indicators over the quarter and checks the indicators report: a percent
// indicator is a percent in every table, and a target where lower is
// better is missed from above, and says so.
func TestIndicatorFiguresHaveOneUnitAndADirection(t *testing.T) {
	f := newFixture(t)
	figuresQuarter(t, f)
	for _, id := range []string{"oportunidad", "dias-respuesta"} {
		_, err := f.s.MeasurePQRSD(f.ctx, lead, id, d("2026-01-01"), d("2026-03-31"), d("2026-03-31"))
		require.NoError(t, err)
	}
	_, err := f.s.Run(f.ctx, job, d("2026-03-31"))
	require.NoError(t, err)
	for _, c := range []struct {
		lang                     relaciona.Lang
		onTime, days             string
		onTimeNote, daysNote     string
		onTimeReason, daysReason string
		lower                    string
	}{
		{relaciona.Spanish, "66,7\u00a0%", "17,33", "meta: ≥ 95,0\u00a0%", "meta: ≤ 8,00",
			"no cumple la meta (≥ 95,0\u00a0%)", "no cumple la meta (≤ 8,00)", "menor es mejor"},
		{relaciona.English, "66.7%", "17.33", "target: ≥ 95.0%", "target: ≤ 8.00",
			"misses the target (≥ 95.0%)", "misses the target (≤ 8.00)", "lower is better"},
	} {
		doc, err := f.s.IndicatorsReport(f.ctx, ReportOptions{At: d("2026-03-31"), Lang: c.lang})
		require.NoError(t, err)
		k := proctest.KeyFigures(doc)
		var onTime, days report.KeyFigure
		for _, fig := range k {
			switch fig.Label {
			case "PQRSD respondidas a tiempo":
				onTime = fig
			case "Días hábiles promedio de respuesta":
				days = fig
			}
		}
		// On time 2 / 3 against a target of 95 %, higher better: missed.
		assert.Equal(t, c.onTime, onTime.Value.Format(c.lang))
		assert.Equal(t, c.onTimeNote, onTime.Note)
		assert.Equal(t, report.StatusBad, onTime.Status)
		// 17,33 days against 8, lower better: missed.
		assert.Equal(t, c.days, days.Value.Format(c.lang))
		assert.Equal(t, c.daysNote, days.Note)
		assert.Equal(t, report.StatusBad, days.Status)

		byName := map[string][]string{}
		for _, r := range proctest.TableRows(t, doc, "tabla-indicadores") {
			byName[r[0]] = r
		}
		assert.Equal(t, c.lower, byName["Días hábiles promedio de respuesta"][6])

		// The feedback table: the same units as above, and the reason names
		// the target's side.
		var fbOnTime, fbDays []string
		for _, r := range proctest.TableRows(t, doc, "realimentacion-oferta") {
			switch r[1] {
			case "PQRSD respondidas a tiempo":
				fbOnTime = r
			case "Días hábiles promedio de respuesta":
				fbDays = r
			}
		}
		require.NotNil(t, fbOnTime)
		require.NotNil(t, fbDays)
		assert.Equal(t, c.onTime, fbOnTime[3], "one unit per indicator (was 0,67)")
		assert.Equal(t, c.onTimeReason, fbOnTime[4])
		assert.Equal(t, c.days, fbDays[3])
		assert.Equal(t, c.daysReason, fbDays[4], "was: por debajo de la meta")
	}
}

// TestLowerIsBetterTargetJudgement: the status of an indicator whose
// target is a maximum follows the direction.
func TestLowerIsBetterTargetJudgement(t *testing.T) {
	eight := 8.0
	lower := IndicatorSpec{Better: "lower", Target: &eight}
	higher := IndicatorSpec{Better: "higher", Target: &eight}
	for _, c := range []struct {
		in   *IndicatorSpec
		v    float64
		want bool
	}{
		{&lower, 9.1, false}, {&lower, 8, true}, {&lower, 7.5, true},
		{&higher, 9.1, true}, {&higher, 8, true}, {&higher, 7.5, false},
	} {
		meets, _ := judge(c.in, c.v, nil)
		require.NotNil(t, meets)
		assert.Equal(t, c.want, *meets, "%s %v vs 8", c.in.Better, c.v)
	}
}

// firstQuarterReport is the quarterly PQRSD report of the first quarter of
// 2026 as of 31 March, in lang (the zero Lang: the process's).
func firstQuarterReport(t *testing.T, f *fixture, lang relaciona.Lang) report.Document {
	t.Helper()
	doc, err := f.s.PQRSDReport(f.ctx, ReportOptions{Year: 2026, Quarter: 1, At: d("2026-03-31"), Lang: lang})
	require.NoError(t, err)
	return doc
}

// firstQuarterPeriodReport is the period report from 1 January to 31
// March 2026, in lang.
func firstQuarterPeriodReport(t *testing.T, f *fixture, lang relaciona.Lang) report.Document {
	t.Helper()
	doc, err := f.s.PeriodReport(f.ctx, ReportOptions{From: d("2026-01-01"), At: d("2026-03-31"), Lang: lang})
	require.NoError(t, err)
	return doc
}

// chartOf returns the chart id of doc.
func chartOf(t *testing.T, doc report.Document, id string) report.Chart {
	t.Helper()
	return blockOf(t, doc, "chart", id, func(c report.Chart) string { return c.ID })
}

// blockOf returns the block of doc of type B whose id (as idOf reads it)
// is id, failing the test, naming what is missing, when there is none.
func blockOf[B report.Block](t *testing.T, doc report.Document, what, id string, idOf func(B) string) B {
	t.Helper()
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			if x, ok := b.(B); ok && idOf(x) == id {
				return x
			}
		}
	}
	t.Fatalf("no %s %s", what, id)
	var none B
	return none
}

// seriesByName returns the values of a chart's series by name.
func seriesByName(c report.Chart) map[string][]float64 {
	out := map[string][]float64{}
	for _, s := range c.Series {
		out[s.Name] = s.Values
	}
	return out
}

// tableTotal returns the formatted total row of the table id of doc.
func tableTotal(t *testing.T, doc report.Document, id string) []string {
	t.Helper()
	tb := tableOf(t, doc, id)
	out := make([]string, len(tb.Total))
	for i, c := range tb.Total {
		out[i] = c.Format(doc.Lang)
	}
	return out
}

// figuresPeriod files, on Tuesday 13 January 2026 (the day after Reyes),
// two general peticiones by web, and on Monday 2 February one by the
// ventanilla. Business days are counted from the day after filing:
//   - answered 16 January: 14, 15, 16 → 3 days, on time (term 15, due 3
//     February: 13 days in January from the 14th, then 2 and 3 February);
//   - answered 10 February: 13 in January, 2-6 and 9-10 February → 20
//     days, late;
//   - the third is still open on 31 March, past its due date of 23
//     February: overdue.
func figuresPeriod(t *testing.T, f *fixture) {
	t.Helper()
	a := f.file(t, at("2026-01-13"))
	b := f.file(t, at("2026-01-13"))
	f.file(t, at("2026-02-02"), func(n *NewPQRSD) { n.Channel = "ventanilla" })
	_, err := f.s.Answer(f.ctx, clerk, a.ID, "Respuesta", at("2026-01-16"))
	require.NoError(t, err)
	_, err = f.s.Answer(f.ctx, clerk, b.ID, "Respuesta", at("2026-02-10"))
	require.NoError(t, err)
}

// TestPeriodReportFiguresByHand checks the PQRSD of the period, month by
// month, against figuresPeriod counted by hand.
func TestPeriodReportFiguresByHand(t *testing.T) {
	f := newFixture(t)
	figuresPeriod(t, f)
	for _, c := range []struct {
		lang                  relaciona.Lang
		received, onTime, avg string
		note                  string
		months                []string
		jan, feb, mar, total  []string
	}{
		{relaciona.Spanish, "Recibidas", "Respondidas a tiempo", "Días hábiles promedio de respuesta", "1 a tiempo, 1 fuera de término; meta: ≥ 95,0\u00a0%",
			[]string{"ene", "feb", "mar"},
			// Mes, recibidas, a tiempo, tarde, % a tiempo de las respondidas, días, prorrogadas, trasladadas, en término, vencidas,
			// incompletas, desistidas, prioritarias.
			[]string{"ene", "2", "1", "1", "50,0\u00a0%", "11,5", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
			[]string{"feb", "1", "0", "0", "—", "—", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0"},
			[]string{"mar", "0", "0", "0", "—", "—", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
			[]string{"Total", "3", "1", "1", "50,0\u00a0%", "11,5", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0"}},
		{relaciona.English, "Received", "Answered on time", "Average business days to answer", "1 on time, 1 late; target: ≥ 95.0%",
			[]string{"Jan", "Feb", "Mar"},
			[]string{"Jan", "2", "1", "1", "50.0%", "11.5", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
			[]string{"Feb", "1", "0", "0", "—", "—", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0"},
			[]string{"Mar", "0", "0", "0", "—", "—", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
			[]string{"Total", "3", "1", "1", "50.0%", "11.5", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0"}},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			doc := firstQuarterPeriodReport(t, f, c.lang)
			k := proctest.KeyFigures(doc)
			assert.Equal(t, "3", k[c.received].Value.Format(c.lang))
			// Of the 2 answered, 1 on time: 50 %, not 1 of 3 received; below
			// the floor of 80 %, higher is better: bad.
			assert.Equal(t, c.total[4], k[c.onTime].Value.Format(c.lang))
			assert.Equal(t, report.StatusBad, k[c.onTime].Status)
			assert.Equal(t, c.note, k[c.onTime].Note)
			// (3 + 20) / 2 = 11,5.
			assert.Equal(t, c.total[5], k[c.avg].Value.Format(c.lang))

			assert.Equal(t, [][]string{c.jan, c.feb, c.mar}, proctest.TableRows(t, doc, "pqrsd-por-mes"))
			assert.Equal(t, c.total, tableTotal(t, doc, "pqrsd-por-mes"))

			recv := chartOf(t, doc, "recibidas-mes")
			assert.Equal(t, c.months, recv.Labels)
			assert.Equal(t, map[string][]float64{"Ventanilla única": {0, 1, 0}, "Formulario web": {2, 0, 0}}, seriesByName(recv))
			on := chartOf(t, doc, "oportunidad-mes")
			require.Len(t, on.Series, 1)
			require.Len(t, on.Series[0].Values, 3)
			assert.InDelta(t, 0.5, on.Series[0].Values[0], 1e-9)
			assert.True(t, math.IsNaN(on.Series[0].Values[1]), "February: none answered, a gap, not 0 %")
			assert.True(t, math.IsNaN(on.Series[0].Values[2]))
			require.NotNil(t, on.Target)
			assert.Equal(t, report.HigherIsBetter, on.Target.Better)
			assert.InDelta(t, 0.95, on.Target.Value, 1e-9)
			require.NotNil(t, on.Range)
			assert.Equal(t, report.Range{Min: 0, Max: 1}, *on.Range, "a share lies in [0, 1]")
		})
	}
}

// TestPeriodMonthsClipAndNameTheYear: the months of a period are clipped
// to it, and carry their year when the period spans two.
func TestPeriodMonthsClipAndNameTheYear(t *testing.T) {
	got := periodMonths(d("2025-11-15"), d("2026-02-10"), relaciona.Spanish)
	var labels, spans []string
	for _, m := range got {
		labels = append(labels, m.label)
		spans = append(spans, m.from.String()+".."+m.to.String())
	}
	assert.Equal(t, []string{"nov 2025", "dic 2025", "ene 2026", "feb 2026"}, labels)
	assert.Equal(t, []string{"2025-11-15..2025-11-30", "2025-12-01..2025-12-31", "2026-01-01..2026-01-31", "2026-02-01..2026-02-10"}, spans)
	one := periodMonths(d("2026-02-01"), d("2026-02-28"), relaciona.English)
	require.Len(t, one, 1)
	assert.Equal(t, "Feb", one[0].label)
}

// figuresSpaces records the strategy and two spaces with five commitments:
//   - version 1 drafted 12 January, socialised 14, adopted 20 January;
//     version 2 (adjusting 1) drafted 10 March, socialised 12 March, adopted
//     2 April;
//   - "Audiencia" on 10 February: 20 rural elders, 5 young digital users,
//     10 outside every segment; commitments: c1 (Atención) due 28 February,
//     done 20 February; c2 (Hacienda) due 1 March, done 10 March; c3
//     (Hacienda) due 15 March, open;
//   - "Mesa" on 5 March: 8 organisations; commitments: c4 (Planeación) due
//     30 April, done 5 April; c5 (Atención) due 10 April, dropped 20 March.
func figuresSpaces(t *testing.T, f *fixture) {
	t.Helper()
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-12")))
	_, err := f.s.SocialiseStrategy(f.ctx, lead, 1, []string{"hacienda"}, at("2026-01-14"))
	require.NoError(t, err)
	f.readyToAdopt(t, 1, at("2026-01-14"))
	_, err = f.s.AdoptStrategy(f.ctx, boss, 1, at("2026-01-20"))
	require.NoError(t, err)
	v1, err := f.s.Strategy(f.ctx, 1)
	require.NoError(t, err)
	_, err = f.s.DraftStrategy(f.ctx, lead, v1.Entries, 1, "Observaciones de Hacienda", at("2026-03-10"))
	require.NoError(t, err)
	_, err = f.s.SocialiseStrategy(f.ctx, lead, 2, []string{"hacienda", "planeacion"}, at("2026-03-12"))
	require.NoError(t, err)
	_, err = f.s.ObserveStrategy(f.ctx, lead, 2, "planeacion", "De acuerdo", at("2026-04-01"))
	require.NoError(t, err)
	f.readyToAdopt(t, 2, at("2026-03-12"))
	_, err = f.s.AdoptStrategy(f.ctx, boss, 2, at("2026-04-02"))
	require.NoError(t, err)

	_, err = f.s.RecordSpace(f.ctx, lead, Space{ID: "audiencia", Kind: SpaceAccountability, Name: "Audiencia", Date: d("2026-02-10"),
		Participants: map[string]int{"mayores-rurales": 20, "jovenes-digitales": 5, "": 10}},
		[]NewCommitment{{Text: "c1", Owner: "atencion", Due: d("2026-02-28")}, {Text: "c2", Owner: "hacienda", Due: d("2026-03-01")}, {Text: "c3", Owner: "hacienda", Due: d("2026-03-15")}})
	require.NoError(t, err)
	_, err = f.s.RecordSpace(f.ctx, lead, Space{ID: "mesa", Kind: SpaceParticipation, Name: "Mesa", Date: d("2026-03-05"),
		Participants: map[string]int{"organizaciones": 8}},
		[]NewCommitment{{Text: "c4", Owner: "planeacion", Due: d("2026-04-30")}, {Text: "c5", Owner: "atencion", Due: d("2026-04-10")}})
	require.NoError(t, err)
	for _, c := range []struct {
		id     string
		status CommitmentStatus
		on     string
	}{
		{"audiencia/1", CommitmentDone, "2026-02-20"}, {"audiencia/2", CommitmentDone, "2026-03-10"},
		{"mesa/2", CommitmentDropped, "2026-03-20"}, {"mesa/1", CommitmentDone, "2026-04-05"},
	} {
		_, err := f.s.FollowUpCommitment(f.ctx, lead, c.id, "Seguimiento del "+c.on, c.status, "Resultado", d(c.on))
		require.NoError(t, err, c.id)
	}
}

// TestSpacesReportFiguresByHand checks the spaces report on 31 March
// against figuresSpaces counted by hand: c3 is overdue, c4 in progress
// (done only in April), c2 done late, c1 on time, c5 dropped.
func TestSpacesReportFiguresByHand(t *testing.T) {
	f := newFixture(t)
	figuresSpaces(t, f)
	for _, c := range []struct {
		lang                                       relaciona.Lang
		spaces, people, done, overdue, strategy    string
		doneValue, doneNote, strategyV, strategyAt string
		states                                     []string
		segments                                   []string
		versionStatus                              []string
	}{
		{relaciona.Spanish, "Espacios realizados", "Participantes", "Compromisos cumplidos", "Compromisos vencidos", "Estrategia de interacción vigente",
			"50,0\u00a0%", "2 de 4 no descartados (1 a tiempo)", "Versión 1", "adoptada el 2026-01-20",
			[]string{"Vencido", "En curso", "Cumplido tarde", "Cumplido a tiempo", "Descartado"},
			[]string{"Personas mayores en zona rural", "Jóvenes que usan canales digitales", "Organizaciones", "Sin segmento"},
			[]string{"Adoptada", "Socializada"}},
		{relaciona.English, "Spaces held", "Participants", "Commitments done", "Commitments overdue", "Interaction strategy in force",
			"50.0%", "2 of 4 not dropped (1 on time)", "Version 1", "adopted on 2026-01-20",
			[]string{"Overdue", "In progress", "Done late", "Done on time", "Dropped"},
			[]string{"Personas mayores en zona rural", "Jóvenes que usan canales digitales", "Organizaciones", "No segment"},
			[]string{"Adopted", "Socialised"}},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			doc, err := f.s.SpacesReport(f.ctx, ReportOptions{From: d("2026-01-01"), At: d("2026-03-31"), Lang: c.lang})
			require.NoError(t, err)
			k := proctest.KeyFigures(doc)
			assert.Equal(t, "2", k[c.spaces].Value.Format(c.lang))
			assert.Equal(t, "43", k[c.people].Value.Format(c.lang), "20 + 5 + 10 + 8")
			// Done: c1 and c2 of the four not dropped; at most 100 %.
			assert.Equal(t, c.doneValue, k[c.done].Value.Format(c.lang))
			assert.Equal(t, c.doneNote, k[c.done].Note)
			assert.Equal(t, "1", k[c.overdue].Value.Format(c.lang))
			assert.Equal(t, report.StatusBad, k[c.overdue].Status)
			assert.Equal(t, c.strategyV, k[c.strategy].Value.Format(c.lang), "version 2 is adopted only on 2 April")
			assert.Equal(t, c.strategyAt, k[c.strategy].Note)

			rows := proctest.TableRows(t, doc, "tabla-compromisos")
			var texts, states, closed, last []string
			for _, r := range rows {
				texts, states, closed, last = append(texts, r[0]), append(states, r[4]), append(closed, r[5]), append(last, r[6])
			}
			assert.Equal(t, []string{"c3", "c4", "c2", "c1", "c5"}, texts, "overdue first")
			assert.Equal(t, c.states, states)
			assert.Equal(t, []string{"—", "—", "2026-03-10", "2026-02-20", "2026-03-20"}, closed, "c4 closes only in April")
			assert.Equal(t, "", last[1], "a follow-up after the cut-off is not shown")
			assert.Equal(t, "2026-03-10: Seguimiento del 2026-03-10", last[2])

			segs := chartOf(t, doc, "participantes-segmento")
			assert.Equal(t, c.segments, segs.Labels)
			assert.Equal(t, []float64{20, 5, 8, 10}, segs.Series[0].Values)
			owners := chartOf(t, doc, "compromisos-responsable")
			assert.Equal(t, []string{"Oficina de Atención a la Ciudadanía", "Secretaría de Hacienda", "Secretaría de Planeación"}, owners.Labels)
			assert.Equal(t, map[string][]float64{c.states[0]: {0, 1, 0}, c.states[1]: {0, 0, 1}, c.states[2]: {0, 1, 0}, c.states[3]: {1, 0, 0}, c.states[4]: {1, 0, 0}},
				seriesByName(owners))

			var vstatus []string
			for _, r := range proctest.TableRows(t, doc, "estrategia-versiones") {
				vstatus = append(vstatus, r[1])
			}
			assert.Equal(t, c.versionStatus, vstatus)
		})
	}
	// On 30 April: version 2 adopted, version 1 superseded; c4 done on time.
	doc, err := f.s.SpacesReport(f.ctx, ReportOptions{From: d("2026-01-01"), At: d("2026-04-30")})
	require.NoError(t, err)
	var vstatus []string
	for _, r := range proctest.TableRows(t, doc, "estrategia-versiones") {
		vstatus = append(vstatus, r[1]+" "+r[6])
	}
	assert.Equal(t, []string{"Reemplazada 0", "Adoptada 1"}, vstatus, "status and observations as of 30 April")
	assert.Equal(t, "75,0\u00a0%", proctest.KeyFigures(doc)["Compromisos cumplidos"].Value.Format(relaciona.Spanish), "c1, c2, c4 of 4")
}

// TestStrategyAtFollowsTheVersionsLifeCycle: the status a version had at
// an instant, from its recorded times alone.
func TestStrategyAtFollowsTheVersionsLifeCycle(t *testing.T) {
	vs := []StrategyVersion{
		{Version: 1, Status: StrategySuperseded, Created: at("2026-01-12"), Socialised: at("2026-01-14"), Adopted: at("2026-01-20")},
		{Version: 2, Status: StrategyAdopted, Adjusts: 1, Created: at("2026-03-10"), Socialised: at("2026-03-12"), Adopted: at("2026-04-02"),
			Observations: []Observation{{At: at("2026-03-13")}, {At: at("2026-04-01")}}},
		{Version: 3, Status: StrategyDraft, Created: at("2026-05-01")},
	}
	for _, c := range []struct {
		at   string
		want []string
	}{
		{"2026-01-13", []string{"1 draft 0"}},
		{"2026-01-15", []string{"1 socialised 0"}},
		{"2026-02-01", []string{"1 adopted 0"}},
		{"2026-03-11", []string{"1 adopted 0", "2 draft 0"}},
		{"2026-03-31", []string{"1 adopted 0", "2 socialised 1"}},
		{"2026-04-02", []string{"1 superseded 0", "2 adopted 2"}},
		{"2026-06-01", []string{"1 superseded 0", "2 adopted 2", "3 draft 0"}},
	} {
		var got []string
		for _, v := range strategyAt(vs, at(c.at)) {
			got = append(got, fmt.Sprintf("%d %s %d", v.Version, v.Status, len(v.Observations)))
		}
		assert.Equal(t, c.want, got, c.at)
	}
	assert.Len(t, vs[1].Observations, 2, "the caller's versions are left as they were")
}

// TestCharacterisationKeyFiguresByHand: 16 persons registered (6 rural
// elders, 8 young digital users, 2 with a disability), k = 5: the six
// tables are published (each counts all 16, "Sin dato" included); with 3
// persons every table is withheld and no total is shown.
func TestCharacterisationKeyFiguresByHand(t *testing.T) {
	f := newFixture(t)
	smallGroups(t, f)
	doc, err := f.s.CharacterisationReport(f.ctx, ReportOptions{At: d("2026-03-31")})
	require.NoError(t, err)
	k := proctest.KeyFigures(doc)
	L := relaciona.Spanish
	assert.Equal(t, "6", k["Tablas publicadas"].Value.Format(L))
	assert.Equal(t, "de 6; las de menos de 5 personas no se publican", k["Tablas publicadas"].Note)
	assert.Equal(t, "16", k["Personas y organizaciones caracterizadas"].Value.Format(L))
	assert.Equal(t, "5", k["Grupo mínimo publicado (k)"].Value.Format(L))
	// The charts follow one another in one section, the key figures first.
	require.GreaterOrEqual(t, len(doc.Sections), 2)
	assert.Equal(t, "resumen", doc.Sections[0].ID)
	assert.Equal(t, "publicado", doc.Sections[1].ID)
	for _, b := range doc.Sections[1].Blocks {
		assert.IsType(t, report.Chart{}, b)
	}
	assert.Equal(t, "Total: 16. «Otros» reúne: 30–<60, ≥ 60.", chartOf(t, doc, "grafico-var-edad").Description)

	g := newFixture(t)
	population(t, g, "few", 3, map[string]string{"edad": "70", "zona": "rural"})
	doc, err = g.s.CharacterisationReport(g.ctx, ReportOptions{At: d("2026-03-31")})
	require.NoError(t, err)
	k = proctest.KeyFigures(doc)
	assert.Equal(t, "0", k["Tablas publicadas"].Value.Format(L))
	assert.Equal(t, "—", k["Personas y organizaciones caracterizadas"].Value.Format(L), "3 < k: not even the total")
}

// figuresLaw files, in the first quarter of 2026, five PQRSD that use the
// rules of Ley 1755 de 2015, arts. 17, 18 and 20:
//   - ordinary: a general petición filed Monday 5 January, left open (due
//     in January): overdue on 31 March;
//   - urgent: filed Tuesday 6 January with priority attention (a
//     journalist's), left open: overdue too, and listed first although
//     filed later;
//   - tacit: filed 5 January, asked to complete on 6 January, never
//     completed: Run on 2 March takes it as withdrawn (more than a month);
//   - incomplete: filed Monday 2 March, asked to complete on 3 March: its
//     term is suspended on 31 March;
//   - express: a queja filed 2 March, withdrawn by the citizen on 3 March.
func figuresLaw(t *testing.T, f *fixture) (ordinary, urgent PQRSD) {
	t.Helper()
	ordinary = f.file(t, at("2026-01-05"))
	urgent = f.file(t, at("2026-01-06"), func(n *NewPQRSD) { n.Priority = &PriorityInput{Reason: PriorityJournalist} })
	f.fileIncomplete(t, at("2026-01-05"), "Anexo", at("2026-01-06"))                             // tacit
	f.fileIncomplete(t, at("2026-03-02"), "Dirección exacta", at("2026-03-03"))                  // incomplete
	f.fileWithdrawn(t, at("2026-03-02"), at("2026-03-03"), func(n *NewPQRSD) { n.Type = Queja }) // express
	f.runTakesWithdrawn(t, d("2026-03-02"), 1)
	return ordinary, urgent
}

// TestLawFiguresByHand checks that the quarterly and period reports show
// the PQRSD incomplete (1), withdrawn (2: one tacit, one express) and with
// priority (1) of figuresLaw, in Spanish and English, in the key figures
// and in the folded tables, and that the overdue list puts the priority
// PQRSD first.
func TestLawFiguresByHand(t *testing.T) {
	f := newFixture(t)
	ordinary, urgent := figuresLaw(t, f)
	for _, c := range []struct {
		lang                        relaciona.Lang
		incomplete, withdrawn, prio string
		yes, no                     string
	}{
		{relaciona.Spanish, "Incompletas, término suspendido", "Desistidas", "Con atención prioritaria", "Sí", "No"},
		{relaciona.English, "Incomplete, term suspended", "Withdrawn", "With priority attention", "Yes", "No"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			q, p := firstQuarterReport(t, f, c.lang), firstQuarterPeriodReport(t, f, c.lang)
			for _, doc := range []report.Document{q, p} {
				k := proctest.KeyFigures(doc)
				assert.Equal(t, "1", k[c.incomplete].Value.Format(c.lang))
				assert.Equal(t, "2", k[c.withdrawn].Value.Format(c.lang), "one tacit, one express")
				assert.Equal(t, "1", k[c.prio].Value.Format(c.lang))
			}
			// Per type: peticiones 1 incomplete, 1 withdrawn (tacit), 1
			// priority; quejas 1 withdrawn (express).
			tb := tableOf(t, q, "respuesta-por-tipo")
			n := len(tb.Columns)
			for _, row := range tb.Rows {
				got := []string{row[n-3].Format(c.lang), row[n-2].Format(c.lang), row[n-1].Format(c.lang)}
				switch row[0].Format(c.lang) {
				case Peticion.Label(c.lang):
					assert.Equal(t, []string{"1", "1", "1"}, got)
				case Queja.Label(c.lang):
					assert.Equal(t, []string{"0", "1", "0"}, got)
				default:
					assert.Equal(t, []string{"0", "0", "0"}, got)
				}
			}
			total := tableTotal(t, p, "pqrsd-por-mes")
			assert.Equal(t, []string{"5", "1", "2", "1"}, []string{total[1], total[10], total[11], total[12]}, "received, incomplete, withdrawn, priority")
			list := tableOf(t, q, "lista-vencidas")
			require.Len(t, list.Rows, 2)
			assert.Equal(t, []string{urgent.ID, c.yes}, []string{list.Rows[0][0].Format(c.lang), list.Rows[0][7].Format(c.lang)}, "priority first")
			assert.Equal(t, []string{ordinary.ID, c.no}, []string{list.Rows[1][0].Format(c.lang), list.Rows[1][7].Format(c.lang)})
		})
	}
}

// tableOf returns the table id of doc.
func tableOf(t *testing.T, doc report.Document, id string) report.Table {
	t.Helper()
	return blockOf(t, doc, "table", id, func(tb report.Table) string { return tb.ID })
}
