package satisfaction

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/report"
)

func defined(v float64) Score { return Score{N: 10, Value: v, Defined: true} }

// TestSatisfactionIndexVectors checks the ISO 10004 index against
// hand-computed vectors: Σ wᵢ·sᵢ / Σ wᵢ over CSAT×100, (NPS+100)/2 and CES
// on its scale (inverted when lower is better), weights renormalised over
// the metrics present.
func TestSatisfactionIndexVectors(t *testing.T) {
	sc := Scales{CSAT: Scale{Min: 1, Max: 5, SatisfiedFrom: 4}, NPS: Scale{Min: 0, Max: 10, PromotersFrom: 9, DetractorsUpTo: 6}, CES: Scale{Min: 1, Max: 7}}
	inv := sc
	inv.CES.LowerIsBetter = true
	w211 := CSIConf{Weights: map[string]float64{"csat": 2, "nps": 1, "ces": 1}}
	cases := []struct {
		name   string
		sc     Scales
		c      CSIConf
		f      Figures
		want   float64
		undef  bool
		answer int64
	}{
		// (80 + 60 + 75) / 3
		{"equal weights by default", sc, CSIConf{}, Figures{CSAT: defined(0.8), NPS: defined(20), CES: defined(5.5), Answered: 7}, 215.0 / 3, false, 7},
		// CES 2.5 on 1-7 lower-is-better: 100 - 25 = 75; (2·80 + 60 + 75) / 4
		{"an inverted CES and weights", inv, w211, Figures{CSAT: defined(0.8), NPS: defined(20), CES: defined(2.5)}, 73.75, false, 0},
		// the same CES not inverted: 25; (160 + 60 + 25) / 4
		{"the same CES higher is better", sc, w211, Figures{CSAT: defined(0.8), NPS: defined(20), CES: defined(2.5)}, 61.25, false, 0},
		// CES missing: weights renormalised over CSAT and NPS: (160 + 60) / 3
		{"a missing metric is left out", sc, w211, Figures{CSAT: defined(0.8), NPS: defined(20)}, 220.0 / 3, false, 0},
		{"NPS -100 is 0, CSAT 1 is 100", sc, CSIConf{}, Figures{CSAT: defined(1), NPS: defined(-100)}, 50, false, 0},
		{"a weight of 0 leaves a metric out", sc, CSIConf{Weights: map[string]float64{"nps": 0}}, Figures{CSAT: defined(0.9), NPS: defined(-100)}, 90, false, 0},
		{"no answers: undefined, never 0", sc, CSIConf{}, Figures{}, 0, true, 0},
		{"only a metric weighing 0: undefined", sc, CSIConf{Weights: map[string]float64{"ces": 0}}, Figures{CES: defined(4)}, 0, true, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := SatisfactionIndex(tc.sc, tc.c, tc.f)
			if tc.undef {
				assert.False(t, got.Defined)
				assert.Zero(t, got.Value)
				return
			}
			require.True(t, got.Defined)
			assert.InDelta(t, tc.want, got.Value, 1e-9)
			assert.Equal(t, tc.answer, got.N)
		})
	}
	t.Run("from raw answers", func(t *testing.T) {
		// CSAT 4 of 5 satisfied = 80; NPS 2 promoters, 1 detractor of 4 =
		// 25 → 62.5; CES mean 4 on 1-7 = 50.
		f := Figures{CSAT: CSAT(sc.CSAT, 5, 5, 4, 4, 2), NPS: NPS(sc.NPS, 10, 9, 7, 3), CES: CES(sc.CES, 3, 5)}
		assert.InDelta(t, (80+62.5+50)/3, SatisfactionIndex(sc, CSIConf{}, f).Value, 1e-9)
	})
}

// TestInterviewIndex: the annual interview's index weighs each scored
// question on the interview scale.
func TestInterviewIndex(t *testing.T) {
	s := Scale{Min: 1, Max: 5}
	scores := map[string]int{"general": 5, "tiempos": 3, "comunicacion": 1}
	assert.InDelta(t, 50, InterviewIndex(s, CSIConf{}, scores).Value, 1e-9, "(100 + 50 + 0) / 3")
	c := CSIConf{InterviewWeights: map[string]float64{"general": 2}}
	assert.InDelta(t, 62.5, InterviewIndex(s, c, scores).Value, 1e-9, "(2·100 + 50 + 0) / 4")
	assert.False(t, InterviewIndex(s, CSIConf{}, nil).Defined)
}

// TestCSISectionChecked: the csi and perspectives sections load, and bad
// values are reported with file:line.
func TestCSISectionChecked(t *testing.T) {
	orig := testExample(t)
	cases := []struct{ name, section, want string }{
		{"a full section", "csi:\n  weights: {csat: 2, nps: 1, ces: 0}\n  interview_weights: {general: 2}\n  target: 80\nperspectives:\n  availability: financial\n", ""},
		{"an unknown metric", "csi:\n  weights: {wow: 1}\n", "wow"},
		{"a negative weight", "csi:\n  weights: {csat: -1}\n", "csat"},
		{"all weights 0", "csi:\n  weights: {csat: 0, nps: 0, ces: 0}\n", "csi.weights"},
		{"a target over 100", "csi:\n  target: 120\n", "target"},
		{"an unknown perspective", "perspectives:\n  csat: money\n", "money"},
		{"an unknown indicator", "perspectives:\n  smiles: customer\n", "smiles"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want != "" {
				parseRefused(t, "s.yaml", orig+tc.section, tc.want, `s\.yaml:\d+:\d+`)
				return
			}
			c, err := ParseConfig("s.yaml", []byte(orig+tc.section), relaciona.English)
			require.NoError(t, err)
			assert.InDelta(t, 2, c.CSI.Weights["csat"], 1e-9)
			assert.Equal(t, PerspectiveFinancial, c.perspectiveOf(IndicatorAvailability))
		})
	}
	t.Run("built in Go", func(t *testing.T) {
		c := testConfig()
		c.CSI.Weights = map[string]float64{"csat": 0, "nps": 0, "ces": 0}
		_, err := NewConfig(c, relaciona.English)
		require.ErrorIs(t, err, relaciona.ErrInvalid)
	})
}

// parseRefused parses data as the file name and requires an ErrInvalid
// whose message holds want and names the file and line (the regexp where).
func parseRefused(t *testing.T, name, data, want, where string) {
	t.Helper()
	_, err := ParseConfig(name, []byte(data), relaciona.English)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), want)
	assert.Regexp(t, where, err.Error(), "the error names the file and line")
}

func testExample(t *testing.T) string {
	t.Helper()
	c := testConfig()
	require.Empty(t, c.CSI.Weights, "the example weighs nothing: the test adds its own csi section")
	data, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	return string(data)
}

// TestScorecardByPerspective: the indicators are grouped by the four
// perspectives in order, by the default mapping or the file's, each with
// its target, direction and status.
func TestScorecardByPerspective(t *testing.T) {
	f := newFixture(t)
	at := ts("2026-03-10T12:00:00Z")
	var rs []relaciona.SurveyResponse
	for i, s := range []int{5, 5, 5, 4, 2} { // CSAT 80 %: under the 85 % target
		rs = append(rs, answer("S"+string(rune('a'+i)), "", "csat", s, at, ""))
	}
	_, err := f.p.ImportSurveys(f.ctx, f.mgr, rs, at)
	require.NoError(t, err)
	c, err := f.p.CMI(f.ctx, Month{2026, 3})
	require.NoError(t, err)

	ids := func(gs []PerspectiveGroup) map[Perspective][]string {
		out := map[Perspective][]string{}
		for _, g := range gs {
			out[g.Perspective] = []string{}
			for _, x := range g.Indicators {
				out[g.Perspective] = append(out[g.Perspective], x.ID)
			}
		}
		return out
	}
	gs, err := f.p.Scorecard(f.ctx, c)
	require.NoError(t, err)
	require.Len(t, gs, 4)
	assert.Equal(t, []Perspective{PerspectiveCustomer, PerspectiveProcess, PerspectiveLearning, PerspectiveFinancial},
		[]Perspective{gs[0].Perspective, gs[1].Perspective, gs[2].Perspective, gs[3].Perspective})
	assert.Equal(t, map[Perspective][]string{
		PerspectiveCustomer:  {"csi", "csat", "nps", "ces", "interview_csi", "interview_score", "complaints"},
		PerspectiveProcess:   {"service_level", "availability", "response_rate"},
		PerspectiveLearning:  {"commitments_kept"},
		PerspectiveFinancial: {},
	}, ids(gs))
	csat := gs[0].Indicators[1]
	assert.InDelta(t, 0.8, csat.Value.Value, 1e-9)
	assert.InDelta(t, 0.85, *csat.Target, 1e-9)
	assert.Equal(t, report.HigherIsBetter, csat.Better)
	assert.Equal(t, report.StatusBad, csat.Status, "80 % under the 85 % target")
	csi := gs[0].Indicators[0]
	assert.InDelta(t, 80, csi.Value.Value, 1e-9, "only CSAT answered: the index is CSAT's")
	assert.Equal(t, report.StatusNone, csi.Status, "no csi target")
	assert.Equal(t, report.LowerIsBetter, gs[0].Indicators[6].Better, "complaints: lower is better")

	f.p.cfg.Perspectives = map[string]string{"availability": "financial", "ces": "internal_process"}
	f.p.cfg.CSI.Target = rate(75)
	gs, err = f.p.Scorecard(f.ctx, c)
	require.NoError(t, err)
	got := ids(gs)
	assert.Equal(t, []string{"availability"}, got[PerspectiveFinancial])
	assert.Equal(t, []string{"ces", "service_level", "response_rate"}, got[PerspectiveProcess])
	assert.NotContains(t, got[PerspectiveCustomer], "ces")
	assert.Equal(t, report.StatusGood, gs[0].Indicators[0].Status, "index 80 meets 75")

	doc, err := f.p.CMIReport(f.ctx, Month{2026, 3}, relaciona.Spanish, ReportOptions{})
	require.NoError(t, err)
	var titles []string
	for _, s := range doc.Sections {
		titles = append(titles, s.Title)
	}
	joined := strings.Join(titles, "|")
	assert.Contains(t, joined, "Cuadro de mando por perspectiva")
	assert.Contains(t, joined, "Índice de satisfacción del cliente (ISO 10004)")
}
