package satisfaction

import (
	"maps"
	"slices"
)

// CSIConf is the customer satisfaction index of the scorecard (seed 003
// §3.2: "Informe mensual de encuestas del sistema de tickets para Cuadro de
// Mando Integral (CMI)" and "Informe entrevistas satisfacción (anual) con
// nota para CMI"), after ISO 10004:2018 (Quality management — Customer
// satisfaction — Guidelines for monitoring and measuring), which describes
// a customer satisfaction index (CSI) as a composite indicator built from
// the satisfaction with each quality characteristic weighted by its
// importance to the customer. The standard fixes no weights: the agency
// sets them here, and without them every metric weighs the same.
//
//	csi:
//	  weights: {csat: 2, nps: 1, ces: 1}       # survey metrics (default 1 each)
//	  interview_weights: {general: 2}          # scored interview questions (default 1 each)
//	  target: 80                               # CSI target, 0-100 (optional)
//	  interview_target: 75                     # interview CSI target, 0-100 (optional)
//
// A weight of 0 leaves a metric out of the index.
type CSIConf struct {
	// Weights maps a survey metric (csat, nps, ces) to its importance;
	// a metric the map does not name weighs DefaultCSIWeight.
	Weights map[string]float64 `yaml:"weights"`
	// InterviewWeights maps a scored question id of the annual interview
	// to its importance; a question the map does not name weighs
	// DefaultCSIWeight.
	InterviewWeights map[string]float64 `yaml:"interview_weights"`
	// Target is the CSI target on 0-100; nil when not set.
	Target *float64 `yaml:"target"`
	// InterviewTarget is the annual interview CSI target on 0-100; nil
	// when not set.
	InterviewTarget *float64 `yaml:"interview_target"`
}

// DefaultCSIWeight is the importance of a metric or question the csi
// section does not weigh: all equal, which is what an index without an
// importance survey can defend.
const DefaultCSIWeight = 1.0

// weight is the importance of metric (or question) k in w.
func csiWeight(w map[string]float64, k string) float64 {
	if v, ok := w[k]; ok {
		return v
	}
	return DefaultCSIWeight
}

// NormalizeMetric puts a survey metric's value on 0-100, 100 the best:
// CSAT (a share 0-1) times 100; NPS (-100..100) as (NPS+100)/2; CES (a mean
// on its scale) as its place on the scale, inverted when the scale has
// lower_is_better (so a low effort scores high). An undefined value stays
// undefined.
func NormalizeMetric(sc Scales, metric string, v Score) Score {
	if !v.Defined {
		return Score{}
	}
	var x float64
	switch metric {
	case MetricCSAT:
		x = 100 * v.Value
	case MetricNPS:
		x = (v.Value + 100) / 2
	case MetricCES:
		x = onScale(sc.CES, v.Value)
	default:
		return Score{}
	}
	return Score{N: v.N, Value: clamp100(x), Defined: true}
}

// onScale is v's place on s, 0-100 (inverted when s.LowerIsBetter).
func onScale(s Scale, v float64) float64 {
	if s.Max <= s.Min {
		return 0
	}
	x := 100 * (v - float64(s.Min)) / float64(s.Max-s.Min)
	if s.LowerIsBetter {
		x = 100 - x
	}
	return x
}

func clamp100(x float64) float64 { return min(max(x, 0), 100) }

// SatisfactionIndex is the ISO 10004 customer satisfaction index of a set
// of figures, 0-100: Σ wᵢ·sᵢ / Σ wᵢ over the survey metrics (CSAT, NPS,
// CES), each normalised by NormalizeMetric, with the csi section's
// weights. A metric without answers is left out and the weights are
// renormalised over the metrics present (the index of a month whose
// respondents skipped CES is CSAT and NPS alone, not dragged to 0); with
// no metric present, or all present weighing 0, the index is undefined.
// N is the number of answered surveys.
func SatisfactionIndex(sc Scales, c CSIConf, f Figures) Score {
	var sum, wsum float64
	for _, m := range []string{MetricCSAT, MetricNPS, MetricCES} {
		s := NormalizeMetric(sc, m, f.metric(m))
		w := csiWeight(c.Weights, m)
		if !s.Defined || w <= 0 {
			continue
		}
		sum += w * s.Value
		wsum += w
	}
	if wsum == 0 {
		return Score{}
	}
	return Score{N: f.Answered, Value: sum / wsum, Defined: true}
}

// InterviewIndex is the satisfaction index of one annual interview, 0-100:
// Σ wq·sq / Σ wq over its scored questions, each score put on 0-100 on the
// interview scale, with the csi section's interview_weights (the same
// rule as SatisfactionIndex: weights of the questions answered only).
func InterviewIndex(scale Scale, c CSIConf, scores map[string]int) Score {
	qs := slices.Sorted(maps.Keys(scores)) // a fixed order: the same float sum every time
	var sum, wsum float64
	for _, q := range qs {
		w := csiWeight(c.InterviewWeights, q)
		if w <= 0 {
			continue
		}
		sum += w * clamp100(onScale(scale, float64(scores[q])))
		wsum += w
	}
	if wsum == 0 {
		return Score{}
	}
	return Score{N: 1, Value: sum / wsum, Defined: true}
}

// CSI is the satisfaction index of figures f with the process's scales and
// csi section.
func (p *Process) CSI(f Figures) Score { return SatisfactionIndex(p.cfg.Scales, p.cfg.CSI, f) }

// check validates the csi section: known metrics, weights not negative and
// not all zero, targets on 0-100.
func (c *CSIConf) check(k *checker) {
	metrics := slices.Sorted(maps.Keys(c.Weights))
	for _, m := range metrics {
		if !slices.Contains([]string{MetricCSAT, MetricNPS, MetricCES}, m) {
			k.Add([]any{"csi", "weights", m}, "métrica desconocida %q (csat, nps o ces)", "unknown metric %q (csat, nps or ces)", m)
		}
		if c.Weights[m] < 0 {
			k.Add([]any{"csi", "weights", m}, "el peso no puede ser negativo", "the weight cannot be negative")
		}
	}
	if len(metrics) > 0 {
		total := 0.0
		for _, m := range []string{MetricCSAT, MetricNPS, MetricCES} {
			total += max(csiWeight(c.Weights, m), 0)
		}
		if total == 0 {
			k.Add([]any{"csi", "weights"}, "al menos una métrica debe pesar más que 0", "at least one metric must weigh more than 0")
		}
	}
	qs := slices.Sorted(maps.Keys(c.InterviewWeights))
	for _, q := range qs {
		if c.InterviewWeights[q] < 0 {
			k.Add([]any{"csi", "interview_weights", q}, "el peso no puede ser negativo", "the weight cannot be negative")
		}
	}
	for _, t := range []struct {
		name string
		v    *float64
	}{{"target", c.Target}, {"interview_target", c.InterviewTarget}} {
		if t.v != nil && (*t.v < 0 || *t.v > 100) {
			k.Add([]any{"csi", t.name}, "la meta del índice debe estar entre 0 y 100", "the index target must be between 0 and 100")
		}
	}
}
