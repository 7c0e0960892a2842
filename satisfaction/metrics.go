package satisfaction

// Metric names of the monthly surveys.
const (
	MetricCSAT = "csat"
	MetricNPS  = "nps"
	MetricCES  = "ces"
)

// Tally counts the answers of one metric by score: Counts[i] is the number
// of answers with score Scale.Min+i. It is the sufficient statistic of
// CSAT, NPS and CES, so tallies of months, clients and services add up.
type Tally struct {
	Counts [maxScaleWidth + 1]int64 `json:"c"`
}

// Add counts one answer; a score off the scale is ignored and reported
// false.
func (t *Tally) Add(s Scale, score int) bool {
	if !s.Contains(score) {
		return false
	}
	t.Counts[score-s.Min]++
	return true
}

// Merge adds o's counts to t.
func (t *Tally) Merge(o Tally) {
	for i := range t.Counts {
		t.Counts[i] += o.Counts[i]
	}
}

// N is the number of answers.
func (t Tally) N() int64 {
	var n int64
	for _, c := range t.Counts {
		n += c
	}
	return n
}

// Score is a metric's value over a set of answers. Defined is false when
// there are no answers: Value is then 0, never NaN, and reports say "no
// data".
type Score struct {
	N       int64
	Value   float64
	Defined bool
}

// CSAT is the share (0-1) of answers at or above s.SatisfiedFrom
// (customer satisfaction: % of 4-5 on 1-5).
func (t Tally) CSAT(s Scale) Score {
	n := t.N()
	if n == 0 {
		return Score{}
	}
	var sat int64
	for score := max(s.SatisfiedFrom, s.Min); score <= s.Max; score++ {
		sat += t.Counts[score-s.Min]
	}
	return Score{N: n, Value: float64(sat) / float64(n), Defined: true}
}

// NPS is the share of promoters (score >= s.PromotersFrom) minus the share
// of detractors (score <= s.DetractorsUpTo), in points from -100 to 100.
func (t Tally) NPS(s Scale) Score {
	n := t.N()
	if n == 0 {
		return Score{}
	}
	var pro, det int64
	for score := s.Min; score <= s.Max; score++ {
		c := t.Counts[score-s.Min]
		switch {
		case score >= s.PromotersFrom:
			pro += c
		case score <= s.DetractorsUpTo:
			det += c
		}
	}
	return Score{N: n, Value: 100 * float64(pro-det) / float64(n), Defined: true}
}

// Mean is the mean score (CES is the mean on its scale).
func (t Tally) Mean(s Scale) Score {
	n := t.N()
	if n == 0 {
		return Score{}
	}
	var sum int64
	for i, c := range t.Counts {
		sum += int64(s.Min+i) * c
	}
	return Score{N: n, Value: float64(sum) / float64(n), Defined: true}
}

// CSAT computes CSAT over scores (scores off the scale are left out).
func CSAT(s Scale, scores ...int) Score { return tally(s, scores).CSAT(s) }

// NPS computes NPS over scores (scores off the scale are left out).
func NPS(s Scale, scores ...int) Score { return tally(s, scores).NPS(s) }

// CES computes the mean effort score over scores (scores off the scale are
// left out).
func CES(s Scale, scores ...int) Score { return tally(s, scores).Mean(s) }

func tally(s Scale, scores []int) Tally {
	var t Tally
	for _, v := range scores {
		t.Add(s, v)
	}
	return t
}

// scale returns the configured scale of a survey metric.
func (c *Config) scale(metric string) (Scale, bool) {
	switch metric {
	case MetricCSAT:
		return c.Scales.CSAT, true
	case MetricNPS:
		return c.Scales.NPS, true
	case MetricCES:
		return c.Scales.CES, true
	}
	return Scale{}, false
}
