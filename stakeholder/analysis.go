package stakeholder

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Engagement is a level of stakeholder engagement, from unaware to
// leading. The gap between the current and the desired level is what the
// engagement plan works to close.
type Engagement string

// The engagement levels, in order.
const (
	Unaware    Engagement = "unaware"
	Resistant  Engagement = "resistant"
	Neutral    Engagement = "neutral"
	Supportive Engagement = "supportive"
	Leading    Engagement = "leading"
)

// Engagements lists the levels in order, from unaware to leading.
func Engagements() []Engagement {
	return []Engagement{Unaware, Resistant, Neutral, Supportive, Leading}
}

// Rank is the position of e in Engagements (0 for unaware), or -1 for an
// unknown level.
func (e Engagement) Rank() int {
	for i, x := range Engagements() {
		if x == e {
			return i
		}
	}
	return -1
}

var engagementLabels = process.Labels[Engagement]{
	Unaware: {"desconoce", "unaware"}, Resistant: {"se resiste", "resistant"}, Neutral: {"neutral", "neutral"},
	Supportive: {"apoya", "supportive"}, Leading: {"lidera", "leading"},
}

// Label is the level's name in lang.
func (e Engagement) Label(lang relaciona.Lang) string { return engagementLabels.Of(lang, e) }

// Quadrant is a cell of the power / interest grid.
type Quadrant string

// The four quadrants of the grid, and "none" for a stakeholder not yet
// assessed.
const (
	ManageClosely Quadrant = "manage_closely" // high power, high interest
	KeepSatisfied Quadrant = "keep_satisfied" // high power, low interest
	KeepInformed  Quadrant = "keep_informed"  // low power, high interest
	Monitor       Quadrant = "monitor"        // low power, low interest
	Unassessed    Quadrant = "none"
)

// Quadrants lists the four quadrants of the grid.
func Quadrants() []Quadrant { return []Quadrant{ManageClosely, KeepSatisfied, KeepInformed, Monitor} }

var quadrantLabels = process.Labels[Quadrant]{
	ManageClosely: {"Gestionar de cerca", "Manage closely"}, KeepSatisfied: {"Mantener satisfecho", "Keep satisfied"},
	KeepInformed: {"Mantener informado", "Keep informed"}, Monitor: {"Monitorear", "Monitor"},
}

// Label is the quadrant's name in lang.
func (q Quadrant) Label(lang relaciona.Lang) string {
	return quadrantLabels.Or(lang, q, [2]string{"Sin análisis", "Not assessed"})
}

// Salience is Mitchell, Agle and Wood's stakeholder class, from which of
// the three attributes (power, legitimacy, urgency) the stakeholder has.
type Salience string

// The seven Mitchell classes, and none for a stakeholder with no attribute.
const (
	Dormant       Salience = "dormant"       // power only
	Discretionary Salience = "discretionary" // legitimacy only
	Demanding     Salience = "demanding"     // urgency only
	Dominant      Salience = "dominant"      // power and legitimacy
	Dangerous     Salience = "dangerous"     // power and urgency
	Dependent     Salience = "dependent"     // legitimacy and urgency
	Definitive    Salience = "definitive"    // all three
	NoSalience    Salience = "none"
)

var salienceLabels = process.Labels[Salience]{
	Dormant: {"latente", "dormant"}, Discretionary: {"discrecional", "discretionary"}, Demanding: {"demandante", "demanding"},
	Dominant: {"dominante", "dominant"}, Dangerous: {"peligroso", "dangerous"}, Dependent: {"dependiente", "dependent"},
	Definitive: {"definitivo", "definitive"},
}

// Label is the class's name in lang.
func (s Salience) Label(lang relaciona.Lang) string {
	return salienceLabels.Or(lang, s, [2]string{"ninguna", "none"})
}

// Classify returns the Mitchell class of the three attributes.
func Classify(power, legitimacy, urgency bool) Salience {
	switch {
	case power && legitimacy && urgency:
		return Definitive
	case power && legitimacy:
		return Dominant
	case power && urgency:
		return Dangerous
	case legitimacy && urgency:
		return Dependent
	case power:
		return Dormant
	case legitimacy:
		return Discretionary
	case urgency:
		return Demanding
	}
	return NoSalience
}

// Assessment is one dated analysis of a stakeholder. Every reassessment is
// kept as a new record, so the history shows how the stakeholder moved.
//
// Scores run from 1 (very low) to 5 (very high); Power and Interest are
// required, the others may be 0 (not assessed: the attribute is absent).
// Attitude runs from -2 (strongly against) to 2 (strongly for). Quadrant,
// Salience and Gap are derived when the assessment is recorded, with the
// thresholds of the configuration in force.
type Assessment struct {
	ID          string        `json:"id"`
	Stakeholder string        `json:"stakeholder" personal:"subject"`
	Date        calendar.Date `json:"date"`
	Power       int           `json:"power"`
	Interest    int           `json:"interest"`
	Influence   int           `json:"influence,omitempty"`
	Impact      int           `json:"impact,omitempty"`
	Legitimacy  int           `json:"legitimacy,omitempty"`
	Urgency     int           `json:"urgency,omitempty"`
	Attitude    int           `json:"attitude,omitempty"`
	Current     Engagement    `json:"current"`
	Desired     Engagement    `json:"desired"`
	Notes       string        `json:"notes,omitempty" personal:"true"`
	By          string        `json:"by,omitempty"`

	Quadrant Quadrant `json:"quadrant"`
	Salience Salience `json:"salience"`
	Gap      int      `json:"gap"`
}

// validate checks the scores and levels. Field names are the YAML keys.
func (a *Assessment) validate(lang relaciona.Lang) error {
	if a.Date.IsZero() {
		return relaciona.Invalid("date", "%s", lang.T("el análisis necesita una fecha", "the assessment needs a date"))
	}
	for _, s := range []struct {
		name     string
		v        int
		required bool
	}{
		{"power", a.Power, true}, {"interest", a.Interest, true}, {"influence", a.Influence, false},
		{"impact", a.Impact, false}, {"legitimacy", a.Legitimacy, false}, {"urgency", a.Urgency, false},
	} {
		lo := 1
		if !s.required {
			lo = 0
		}
		if s.v < lo || s.v > 5 {
			return relaciona.Invalid(s.name, "%s", lang.Tf("puntaje %d fuera de la escala 1 a 5", "score %d is outside the 1-5 scale", s.v))
		}
	}
	if a.Attitude < -2 || a.Attitude > 2 {
		return relaciona.Invalid("attitude", "%s", lang.Tf("actitud %d fuera de -2 a 2", "attitude %d is outside -2 to 2", a.Attitude))
	}
	if a.Current.Rank() < 0 {
		return relaciona.Invalid("current", "%s", lang.Tf("compromiso desconocido %q: use unaware, resistant, neutral, supportive o leading", "unknown engagement %q: use unaware, resistant, neutral, supportive or leading", a.Current))
	}
	if a.Desired.Rank() < 0 {
		return relaciona.Invalid("desired", "%s", lang.Tf("compromiso desconocido %q: use unaware, resistant, neutral, supportive o leading", "unknown engagement %q: use unaware, resistant, neutral, supportive or leading", a.Desired))
	}
	return nil
}

func (a *AssessmentSpec) toAssessment() (Assessment, error) {
	d, err := calendar.ParseDate(a.Date)
	if err != nil {
		return Assessment{}, err
	}
	return Assessment{Date: d, Power: a.Power, Interest: a.Interest, Influence: a.Influence, Impact: a.Impact,
		Legitimacy: a.Legitimacy, Urgency: a.Urgency, Attitude: a.Attitude, Current: a.Current, Desired: a.Desired, Notes: a.Notes}, nil
}

// quadrant places power and interest on the grid.
func (c *Config) quadrant(power, interest int) Quadrant {
	hp, hi := power >= c.Analysis.PowerThreshold, interest >= c.Analysis.InterestThreshold
	switch {
	case hp && hi:
		return ManageClosely
	case hp:
		return KeepSatisfied
	case hi:
		return KeepInformed
	}
	return Monitor
}

// derive fills in the quadrant, the salience class and the gap.
func (c *Config) derive(a *Assessment) {
	a.Quadrant = c.quadrant(a.Power, a.Interest)
	s := c.Analysis.Salience
	a.Salience = Classify(a.Power >= s.Power, a.Legitimacy >= s.Legitimacy, a.Urgency >= s.Urgency)
	a.Gap = a.Desired.Rank() - a.Current.Rank()
}

// Derive returns a with its quadrant, salience class and engagement gap
// computed with the configuration's thresholds.
func (c *Config) Derive(a Assessment) Assessment {
	c.derive(&a)
	return a
}

// newer reports whether a should replace cur as the latest assessment: a
// later date, or the same date recorded later.
func newer(a, cur *Assessment) bool { return cur == nil || !a.Date.Before(cur.Date) }

// Assess records one or more assessments in one batch (each one a new
// record of the stakeholder's history) and updates each stakeholder's
// latest assessment when the new one is not older. It needs the "assess"
// level (5 by default). A stakeholder that becomes key (manage closely)
// keeps its contact point; Engagement reports flag one below the
// "own_key_stakeholder" level.
func (s *Process) Assess(ctx context.Context, actor relaciona.Actor, at time.Time, as ...Assessment) ([]Assessment, error) {
	actor, err := s.require(ctx, actor, ActAssess)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, nil
	}
	var out []Assessment
	err = s.store.Update(ctx, actor, "stakeholder.assess", "reassessment", 3, func(b *relaciona.Batch) error {
		b.At(at)
		out = out[:0]
		ids := make([]string, 0, len(as))
		for _, a := range as {
			ids = append(ids, a.Stakeholder)
		}
		byID, err := docsByID(ctx, s.stakeholders, ids)
		if err != nil {
			return err
		}
		for i, a := range as {
			f := fmt.Sprintf("assessments[%d]", i)
			d, ok := byID[a.Stakeholder]
			if !ok {
				return s.notFound(f+".stakeholder", "parte interesada desconocida %q", "unknown stakeholder %q", a.Stakeholder)
			}
			if err := a.validate(s.lang); err != nil {
				return prefixField(err, f)
			}
			st := &d.Value
			st.Assessments++
			a.ID = fmt.Sprintf("%s/%04d", st.ID, st.Assessments)
			a.By = actor.ID
			s.cfg.derive(&a)
			if newer(&a, st.Latest) {
				cp := a
				st.Latest = &cp
			}
			s.assessments.Put(b, &a, 0)
			out = append(out, a)
		}
		putDocs(b, s.stakeholders, byID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// History streams the assessments of a stakeholder, oldest first.
func (s *Process) History(ctx context.Context, stakeholderID string) iter.Seq2[Assessment, error] {
	return func(yield func(Assessment, error) bool) {
		for d, err := range s.assessments.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"stakeholder": stakeholderID}}) {
			if !yield(d.Value, err) || err != nil {
				return
			}
		}
	}
}
