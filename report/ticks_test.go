package report

import (
	"regexp"
	"testing"

	"github.com/relaciona/relaciona"
	"github.com/stretchr/testify/assert"
)

// TestAxisTicksAreRound checks the value axis ticks: a 1-2-5 step (never
// 2.5, whose ticks 2.5, 7.5, 12.5 print as 2, 8, 12 for whole numbers) and
// a whole step for counts.
func TestAxisTicksAreRound(t *testing.T) {
	cases := []struct {
		name   string
		lo, hi float64
		fixed  *Range
		kind   Kind
		want   []float64
	}{
		// 12/5 = 2.4 rounds up to 5 (was 2.5: 0, 2.5, 5, 7.5, 10, 12.5).
		{"counts up to 12", 0, 12, nil, KindInt, []float64{0, 5, 10, 15}},
		// 10/5 = 2.
		{"counts up to 10", 0, 10, nil, KindInt, []float64{0, 2, 4, 6, 8, 10}},
		// 3/5 = 0.6 rounds to 1 for counts: no tick between two integers.
		{"counts up to 3", 0, 3, nil, KindInt, []float64{0, 1, 2, 3}},
		// The same range as a float keeps the finer 1-2-5 step 1 (0.6 → 1).
		{"floats up to 3", 0, 3, nil, KindFloat, []float64{0, 1, 2, 3}},
		// 1.2/5 = 0.24 → 0.5 (was 0.25).
		{"floats up to 1.2", 0, 1.2, nil, KindFloat, []float64{0, 0.5, 1, 1.5}},
		// A fraction shown as percent: 0.9/5 = 0.18 → 0.2.
		{"percent up to 90 %", 0, 0.9, nil, KindPercent, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		// A fixed 0-1 range: 0.2 steps.
		{"fixed 0-1", 0.3, 0.7, &Range{Min: 0, Max: 1}, KindPercent, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		// Negative values: -7..23, 30/5 = 6 → 10.
		{"across zero", -7, 23, nil, KindInt, []float64{-10, 0, 10, 20, 30}},
		// All zero counts: one whole step.
		{"all zero", 0, 0, nil, KindInt, []float64{0, 1}},
		// Large: 0..1200, 240 → 500.
		{"large", 0, 1200, nil, KindInt, []float64{0, 500, 1000, 1500}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := niceScale(c.lo, c.hi, c.fixed, 5, c.kind)
			got := sc.ticks()
			assert.InDeltaSlice(t, c.want, got, 1e-9, "ticks %v", got)
		})
	}
}

// TestNiceNumIsOneTwoFive checks the step rounding on each decade.
func TestNiceNumIsOneTwoFive(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{
		{0.07, 0.1}, {0.1, 0.1}, {0.15, 0.2}, {0.24, 0.5}, {1, 1}, {1.01, 2}, {2, 2}, {2.4, 5}, {2.5, 5}, {5, 5}, {5.5, 10}, {24, 50}, {0, 0}, {-1, 0},
	} {
		assert.InDelta(t, c.want, niceNum(c.in), 1e-12, "niceNum(%v)", c.in)
	}
}

// TestBarChartTickLabels renders a bar chart of counts up to 12 (the
// alliance chart of the issue) and reads the y-axis labels.
func TestBarChartTickLabels(t *testing.T) {
	c := Chart{Kind: ChartBar, ValueKind: KindInt, Labels: []string{"a", "b", "c"}, Series: []Series{{Name: "s", Values: []float64{3, 12, 7}}}}
	svg := renderChart(&c, "t", relaciona.Spanish)
	g := regexp.MustCompile(`(?s)<g class="y-axis"[^>]*>(.*?)</g>`).FindStringSubmatch(svg)
	if assert.Len(t, g, 2, "no y axis in %s", svg) {
		var labels []string
		for _, m := range regexp.MustCompile(`<text[^>]*>([^<]*)</text>`).FindAllStringSubmatch(g[1], -1) {
			labels = append(labels, m[1])
		}
		assert.Equal(t, []string{"0", "5", "10", "15"}, labels)
	}
}

// TestTargetDirection checks that a target meets on its good side only and
// that the chart prints the side beside the target value.
func TestTargetDirection(t *testing.T) {
	for _, c := range []struct {
		d         Direction
		v, target float64
		want      bool
	}{
		{HigherIsBetter, 0.9, 0.85, true}, {HigherIsBetter, 0.85, 0.85, true}, {HigherIsBetter, 0.8, 0.85, false},
		// "Días hábiles promedio 9,10" with target 9 and lower better misses.
		{LowerIsBetter, 9.1, 9, false}, {LowerIsBetter, 9, 9, true}, {LowerIsBetter, 8.7, 9, true},
		{DirectionNone, 1, 0, false},
	} {
		assert.Equal(t, c.want, c.d.Meets(c.v, c.target), "%v %v vs %v", c.d, c.v, c.target)
	}
	assert.Equal(t, "meta: ≤ 9,00", TargetNote(relaciona.Spanish, LowerIsBetter, "9,00"))
	assert.Equal(t, "target: ≥ 85.0%", TargetNote(relaciona.English, HigherIsBetter, "85.0%"))
	c := Chart{Kind: ChartLine, ValueKind: KindFloat, Labels: []string{"a", "b"}, Series: []Series{{Name: "s", Values: []float64{8.7, 9.1}}},
		Target: &Target{Value: 9, Label: "Meta", Better: LowerIsBetter}}
	svg := renderChart(&c, "t", relaciona.Spanish)
	assert.Contains(t, svg, "≤ 9")
	// A horizontal bar chart draws its target as a vertical line.
	c.Kind = ChartHBar
	c.Target.Better = HigherIsBetter
	assert.Contains(t, renderChart(&c, "t", relaciona.Spanish), "Meta: ≥ 9")
}
