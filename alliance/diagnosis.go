package alliance

import (
	"math"
	"slices"
	"sort"

	"github.com/relaciona/relaciona/calendar"
)

// Coverage grades how well an objective, or one alliance serving it, is
// doing.
type Coverage string

// The coverage grades (seed 001: the diagnosis finds "necesidades de
// profundización para las alianzas vigentes" and "requerimientos de
// trabajo con otras instituciones").
const (
	CoverageNone   Coverage = "none"    // no alliance serves the objective
	CoverageDeepen Coverage = "deepen"  // served, but below target, without data or missing resources
	CoverageOK     Coverage = "ok"      // served and on target
	CoverageNoData Coverage = "no_data" // an alliance with no measurement in the window
)

// IndicatorValue is an indicator computed over a window of measurements.
type IndicatorValue struct {
	Indicator string    `json:"indicator"`
	Metric    Metric    `json:"metric"`
	Target    float64   `json:"target"`
	Direction Direction `json:"direction"`
	Value     float64   `json:"value"`
	HasData   bool      `json:"has_data"`
	Met       bool      `json:"met"`
}

// AllianceCoverage is one alliance serving an objective, with its indicator
// values against the objective's targets.
type AllianceCoverage struct {
	Alliance   string           `json:"alliance"`
	Status     Coverage         `json:"status"`
	Indicators []IndicatorValue `json:"indicators"`
}

// ObjectiveDiagnosis is the diagnosis of one strategic objective.
type ObjectiveDiagnosis struct {
	Objective        string             `json:"objective"`
	Status           Coverage           `json:"status"`
	Alliances        []AllianceCoverage `json:"alliances"`
	MissingResources []string           `json:"missing_resources,omitempty"`
}

// Diagnosis is the needs diagnosis of an office on a date, over the
// measurements of the window [From, To].
type Diagnosis struct {
	Office     string               `json:"office"`
	From       calendar.Date        `json:"from,omitzero"`
	To         calendar.Date        `json:"to,omitzero"`
	Objectives []ObjectiveDiagnosis `json:"objectives"`
	Gaps       []Gap                `json:"gaps"`
}

// Objective returns the diagnosis of objective id.
func (d *Diagnosis) Objective(id string) (ObjectiveDiagnosis, bool) {
	for _, o := range d.Objectives {
		if o.Objective == id {
			return o, true
		}
	}
	return ObjectiveDiagnosis{}, false
}

// Totals sums an alliance's hard data over some measurements.
type Totals struct {
	Measurements int           `json:"measurements"`
	Sent         int           `json:"sent"`
	Accepted     int           `json:"accepted"`
	Resolved     int           `json:"resolved"`
	Answered     int           `json:"answered"`
	AnswerDays   float64       `json:"answer_days"` // mean over Answered; 0 when none answered
	Last         calendar.Date `json:"last,omitzero"`
	values       map[string][]float64
}

// AcceptanceRate is Accepted / Sent (NaN with nothing sent).
func (t Totals) AcceptanceRate() float64 { return ratio(t.Accepted, t.Sent) }

// ResolutionRate is Resolved / Sent (NaN with nothing sent).
func (t Totals) ResolutionRate() float64 { return ratio(t.Resolved, t.Sent) }

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// Sum adds up measurements (of one alliance).
func Sum(ms []Measurement) Totals {
	t := Totals{values: map[string][]float64{}}
	var days float64
	for _, m := range ms {
		t.Measurements++
		t.Sent += m.Sent
		t.Accepted += m.Accepted
		t.Resolved += m.Resolved
		t.Answered += m.Answered
		days += m.AnswerDays * float64(m.Answered)
		if m.Date.After(t.Last) {
			t.Last = m.Date
		}
		for k, v := range m.Values {
			t.values[k] = append(t.values[k], v)
		}
	}
	if t.Answered > 0 {
		t.AnswerDays = days / float64(t.Answered)
	}
	return t
}

// Value computes indicator in over the totals.
func (t Totals) Value(in Indicator) IndicatorValue {
	v := IndicatorValue{Indicator: in.ID, Metric: in.Metric, Target: in.Target, Direction: in.Direction, Value: math.NaN()}
	switch in.Metric {
	case MetricReferralsSent:
		if t.Measurements > 0 {
			v.Value = float64(t.Sent)
		}
	case MetricAcceptanceRate:
		v.Value = t.AcceptanceRate()
	case MetricResolutionRate:
		v.Value = t.ResolutionRate()
	case MetricAnswerDays:
		if t.Answered > 0 {
			v.Value = t.AnswerDays
		}
	case MetricManual:
		if xs := t.values[in.ID]; len(xs) > 0 {
			var sum float64
			for _, x := range xs {
				sum += x
			}
			v.Value = sum / float64(len(xs))
		}
	}
	v.HasData = !math.IsNaN(v.Value)
	v.Met = v.HasData && in.Met(v.Value)
	if !v.HasData {
		v.Value = 0 // stored as JSON, which has no NaN; HasData tells
	}
	return v
}

// Diagnose computes the needs diagnosis of office from its alliances and
// their measurements in [from, to] (seed 001: per strategic objective,
// "evaluar las alianzas vigentes y deseadas con criterios coherentes a las
// metas de desempeño de la oficina"). For each objective: the alliances in
// force that serve it and their indicators against target (CoverageDeepen
// when one misses its target or has no data), the required resources no
// serving alliance provides, and CoverageNone when nothing serves it. Gaps
// lists what a partner search should fill. It is a pure function.
func Diagnose(cfg *Config, office string, alliances []Alliance, ms []Measurement, from, to calendar.Date) Diagnosis {
	byAlliance := map[string][]Measurement{}
	for _, m := range ms {
		if m.Date.Before(from) || m.Date.After(to) {
			continue
		}
		byAlliance[m.Alliance] = append(byAlliance[m.Alliance], m)
	}
	d := Diagnosis{Office: office, From: from, To: to}
	for _, obj := range cfg.Objectives {
		od := ObjectiveDiagnosis{Objective: obj.ID, Status: CoverageOK}
		provided := map[string]bool{}
		for _, a := range alliances {
			if a.Office != office || !serving(a) || !slices.Contains(a.Objectives, obj.ID) {
				continue
			}
			for _, r := range a.Resources {
				provided[r] = true
			}
			ac := AllianceCoverage{Alliance: a.ID, Status: CoverageOK}
			t := Sum(byAlliance[a.ID])
			if t.Measurements == 0 {
				ac.Status = CoverageNoData
			}
			for _, in := range obj.Indicators {
				v := t.Value(in)
				ac.Indicators = append(ac.Indicators, v)
				if !v.Met && ac.Status == CoverageOK {
					ac.Status = CoverageDeepen
				}
			}
			if ac.Status != CoverageOK {
				od.Status = CoverageDeepen
			}
			od.Alliances = append(od.Alliances, ac)
		}
		for _, r := range obj.Resources {
			if !provided[r] {
				od.MissingResources = append(od.MissingResources, r)
			}
		}
		switch {
		case len(od.Alliances) == 0:
			od.Status = CoverageNone
			d.Gaps = append(d.Gaps, Gap{Objective: obj.ID})
		case od.Status == CoverageDeepen:
			d.Gaps = append(d.Gaps, Gap{Objective: obj.ID})
		case len(od.MissingResources) > 0:
			od.Status = CoverageDeepen
		}
		for _, r := range od.MissingResources {
			d.Gaps = append(d.Gaps, Gap{Objective: obj.ID, Resource: r})
		}
		d.Objectives = append(d.Objectives, od)
	}
	return d
}

// Rank ranks organisations against gaps: an organisation scores the
// objective's priority for each gap resource it offers, and half of it for
// each objective-level gap (no alliance, or below target) whose required
// resources it offers any of. Organisations in exclude and those scoring 0
// are left out; ties go by id. It is a pure function.
func Rank(cfg *Config, gaps []Gap, orgs []Organisation, exclude map[string]bool) []Candidate {
	var out []Candidate
	for _, o := range orgs {
		if exclude[o.ID] {
			continue
		}
		c := Candidate{Organisation: o.ID, Status: CandidateFound}
		for _, g := range gaps {
			obj, ok := cfg.Objective(g.Objective)
			if !ok {
				continue
			}
			switch {
			case g.Resource != "" && slices.Contains(o.Resources, g.Resource):
				c.Score += float64(obj.Priority)
				c.Gaps = append(c.Gaps, g)
			case g.Resource == "" && anyOf(o.Resources, obj.Resources):
				c.Score += float64(obj.Priority) / 2
				c.Gaps = append(c.Gaps, g)
			}
		}
		if c.Score > 0 {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Organisation < out[j].Organisation
	})
	return out
}

func anyOf(have, want []string) bool {
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}
