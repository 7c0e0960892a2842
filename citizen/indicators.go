package citizen

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// Indicator sources computed from the PQRSD.
const (
	SourceManual       = "manual"
	SourcePQRSDOnTime  = "pqrsd_on_time"
	SourcePQRSDAvgDays = "pqrsd_avg_days"
)

// Baseline is the starting value of an indicator (seed 002, activity 5:
// "Definir la línea base de seguimiento de la gestión institucional y de la
// experiencia ciudadana").
type Baseline struct {
	Indicator string        `json:"indicator"`
	Value     float64       `json:"value"`
	Date      calendar.Date `json:"date"`
	Note      string        `json:"note,omitempty"`
	By        string        `json:"by"`
}

// Measurement is one measurement of an indicator ("Hacer seguimiento a la
// gestión del relacionamiento y a la experiencia ciudadana"). Computed
// measurements name the period they cover.
type Measurement struct {
	Indicator string        `json:"indicator"`
	Date      calendar.Date `json:"date"`
	Value     float64       `json:"value"`
	Note      string        `json:"note,omitempty"`
	From      calendar.Date `json:"from,omitzero"`
	To        calendar.Date `json:"to,omitzero"`
	Count     int           `json:"count,omitempty"`
	By        string        `json:"by"`
}

// Feedback is what a measurement that misses its target, or is worse than
// the baseline, feeds back to an offer item (seed 002, activity 5:
// "Realimentación a la oferta institucional de bienes y servicios").
type Feedback struct {
	ID          string        `json:"id"`
	Indicator   string        `json:"indicator"`
	Item        string        `json:"item,omitempty"`
	Date        calendar.Date `json:"date"`
	Value       float64       `json:"value"`
	Target      *float64      `json:"target,omitempty"`
	Baseline    *float64      `json:"baseline,omitempty"`
	BelowTarget bool          `json:"below_target"`
	Worse       bool          `json:"worse_than_baseline"`
}

func (s *Process) indicator(id string) (*IndicatorSpec, error) {
	in, ok := s.cfg.inds[id]
	if !ok {
		return nil, invalid(s.lang, "indicator", "indicador desconocido %q", "unknown indicator %q", id)
	}
	return in, nil
}

// SetBaseline sets (or resets) the baseline of an indicator. The actor
// needs the relationship_lead role.
func (s *Process) SetBaseline(ctx context.Context, a relaciona.Actor, b Baseline) (Baseline, error) {
	a, err := s.Authorize(ctx, a, "citizen.indicator.baseline", RoleLead)
	if err != nil {
		return Baseline{}, err
	}
	if err := s.checkIndicatorValue(b.Indicator, b.Date, b.Value); err != nil {
		return Baseline{}, err
	}
	b.By = a.ID
	err = upsert(ctx, s, a, s.baselines, "citizen.indicator.baseline", "baseline set", s.stamp(b.Date), b.Indicator, &b)
	return b, err
}

// checkIndicatorValue checks a value of an indicator on a date (a
// baseline or a measurement): the indicator is configured, the date valid
// and the value fits the indicator's unit.
func (s *Process) checkIndicatorValue(indicator string, date calendar.Date, v float64) error {
	in, err := s.indicator(indicator)
	if err != nil {
		return err
	}
	if err := checkDate(s.lang, "date", date); err != nil {
		return err
	}
	return checkValue(s.lang, in, v)
}

func checkValue(lang relaciona.Lang, in *IndicatorSpec, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return invalid(lang, "value", "el valor no es un número", "the value is not a number")
	}
	if in.Unit == "percent" && (v < 0 || v > 1) {
		return invalid(lang, "value", "un porcentaje es una fracción entre 0 y 1", "a percent is a fraction between 0 and 1")
	}
	if (in.Unit == "count" || in.Unit == "days") && v < 0 {
		return invalid(lang, "value", "un valor en %s no puede ser negativo", "a %s cannot be negative", in.Unit)
	}
	return nil
}

// RecordMeasurement records a measurement of a manual indicator; a second
// measurement of the indicator on the same date replaces the first. The
// actor needs the relationship_lead role.
func (s *Process) RecordMeasurement(ctx context.Context, a relaciona.Actor, m Measurement) (Measurement, error) {
	a, err := s.Authorize(ctx, a, "citizen.indicator.measure", RoleLead, RoleSystem)
	if err != nil {
		return Measurement{}, err
	}
	if err := s.checkIndicatorValue(m.Indicator, m.Date, m.Value); err != nil {
		return Measurement{}, err
	}
	m.By = a.ID
	err = upsert(ctx, s, a, s.measurements, "citizen.indicator.measure", "indicator measured", s.stamp(m.Date), m.Indicator+"/"+m.Date.String(), &m)
	return m, err
}

// MeasurePQRSD computes an indicator whose source is pqrsd_on_time or
// pqrsd_avg_days over the PQRSD filed in [from, to] as of date (see
// PQRSDStats) and records it as the measurement of date.
func (s *Process) MeasurePQRSD(ctx context.Context, a relaciona.Actor, indicator string, from, to, date calendar.Date) (Measurement, error) {
	a, err := s.Authorize(ctx, a, "citizen.indicator.measure", RoleLead, RoleSystem)
	if err != nil {
		return Measurement{}, err
	}
	in, err := s.indicator(indicator)
	if err != nil {
		return Measurement{}, err
	}
	if in.Source != SourcePQRSDOnTime && in.Source != SourcePQRSDAvgDays {
		return Measurement{}, invalid(s.lang, "indicator", "el indicador %q se mide a mano (fuente %s)", "indicator %q is measured by hand (source %s)", indicator, in.Source)
	}
	st, err := s.PQRSDStats(ctx, from, to, date)
	if err != nil {
		return Measurement{}, err
	}
	m := Measurement{Indicator: indicator, Date: date, From: from, To: to, Count: st.Answered}
	if in.Source == SourcePQRSDOnTime {
		m.Value = st.OnTimeShare()
	} else {
		m.Value = st.AvgDays()
	}
	if math.IsNaN(m.Value) {
		return Measurement{}, invalid(s.lang, "period", "ninguna PQRSD se respondió entre %s y %s: no hay qué medir", "no PQRSD was answered in %s..%s: nothing to measure", from, to)
	}
	return s.RecordMeasurement(ctx, a, m)
}

// IndicatorState is an indicator with its baseline, measurements and how
// the latest compares.
type IndicatorState struct {
	Spec         IndicatorSpec
	Baseline     *Baseline
	Measurements []Measurement
	// Latest is the last measurement, or nil.
	Latest *Measurement
	// MeetsTarget is nil without a target or a measurement.
	MeetsTarget *bool
	// Better is nil without a baseline or a measurement; true when the
	// latest is better than the baseline, false when worse or equal.
	Better *bool
}

// Indicators returns every indicator's state as of date.
func (s *Process) Indicators(ctx context.Context, date calendar.Date) ([]IndicatorState, error) {
	base := map[string]*Baseline{}
	for d, err := range s.baselines.Scan(ctx, relaciona.Filter{}) {
		if err != nil {
			return nil, err
		}
		v := d.Value
		base[v.Indicator] = &v
	}
	meas := map[string][]Measurement{}
	for d, err := range s.measurements.Scan(ctx, relaciona.Filter{To: process.DateTime(date.AddDays(1))}) {
		if err != nil {
			return nil, err
		}
		meas[d.Value.Indicator] = append(meas[d.Value.Indicator], d.Value)
	}
	var out []IndicatorState
	for _, in := range s.cfg.Indicators {
		st := IndicatorState{Spec: in, Baseline: base[in.ID], Measurements: meas[in.ID]}
		slices.SortFunc(st.Measurements, func(x, y Measurement) int { return x.Date.Compare(y.Date) })
		if n := len(st.Measurements); n > 0 {
			st.Latest = &st.Measurements[n-1]
			st.MeetsTarget, st.Better = judge(&in, st.Latest.Value, st.Baseline)
		}
		out = append(out, st)
	}
	return out, nil
}

// direction is whether a higher or a lower value of the indicator is
// better (its YAML "better", higher by default).
func direction(in *IndicatorSpec) report.Direction {
	if in.Better == "lower" {
		return report.LowerIsBetter
	}
	return report.HigherIsBetter
}

// judge compares a value with the indicator's target and baseline.
func judge(in *IndicatorSpec, v float64, b *Baseline) (meets, better *bool) {
	higher := direction(in) == report.HigherIsBetter
	if in.Target != nil {
		ok := direction(in).Meets(v, *in.Target)
		meets = &ok
	}
	if b != nil {
		ok := v > b.Value
		if !higher {
			ok = v < b.Value
		}
		better = &ok
	}
	return meets, better
}

// feedbackDue returns the feedback that the measurements up to date
// produce: one per measurement that misses its target or is worse than the
// baseline, per offer item the indicator feeds back into (or one with no
// item). Ids are deterministic, so a run can tell which exist.
func (s *Process) feedbackDue(ctx context.Context, date calendar.Date) ([]Feedback, error) {
	states, err := s.Indicators(ctx, date)
	if err != nil {
		return nil, err
	}
	var out []Feedback
	for _, st := range states {
		for _, m := range st.Measurements {
			meets, better := judge(&st.Spec, m.Value, st.Baseline)
			below := meets != nil && !*meets
			worse := better != nil && !*better && m.Value != st.Baseline.Value
			if !below && !worse {
				continue
			}
			items := st.Spec.Offer
			if len(items) == 0 {
				items = []string{""}
			}
			for _, it := range items {
				f := Feedback{ID: fmt.Sprintf("%s/%s/%s", st.Spec.ID, m.Date, or(it, "-")), Indicator: st.Spec.ID, Item: it, Date: m.Date,
					Value: m.Value, Target: st.Spec.Target, BelowTarget: below, Worse: worse}
				if st.Baseline != nil {
					v := st.Baseline.Value
					f.Baseline = &v
				}
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// FeedbackList returns the feedback produced in [from, to].
func (s *Process) FeedbackList(ctx context.Context, from, to calendar.Date) ([]Feedback, error) {
	return s.feedback.Values(ctx, window(process.DateTime(from), process.DateTime(to.AddDays(1)), nil))
}
