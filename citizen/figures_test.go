package citizen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/report"
)

// keyFigures returns the key figures of doc by label.
func keyFigures(doc report.Document) map[string]report.KeyFigure {
	out := map[string]report.KeyFigure{}
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			if k, ok := b.(report.KeyFigures); ok {
				for _, it := range k.Items {
					out[it.Label] = it
				}
			}
		}
	}
	return out
}

// tableRows returns the formatted rows of the table id of doc.
func tableRows(t *testing.T, doc report.Document, id string) [][]string {
	t.Helper()
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			tb, ok := b.(report.Table)
			if !ok || tb.ID != id {
				continue
			}
			var out [][]string
			for _, r := range tb.Rows {
				row := make([]string, len(r))
				for i, c := range r {
					row[i] = c.Format(doc.Lang)
				}
				out = append(out, row)
			}
			return out
		}
	}
	t.Fatalf("no table %s", id)
	return nil
}

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
	doc, err := f.s.PQRSDReport(f.ctx, ReportOptions{Year: 2026, Quarter: 1, At: d("2026-03-31")})
	require.NoError(t, err)
	k := keyFigures(doc)
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
		k := keyFigures(doc)
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
		for _, r := range tableRows(t, doc, "tabla-indicadores") {
			byName[r[0]] = r
		}
		assert.Equal(t, c.lower, byName["Días hábiles promedio de respuesta"][6])

		// The feedback table: the same units as above, and the reason names
		// the target's side.
		var fbOnTime, fbDays []string
		for _, r := range tableRows(t, doc, "realimentacion-oferta") {
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
