package alliance

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// Referral is one referral (derivación) of a job seeker to a partner: when
// it was sent, when the partner answered (zero if not yet), whether it
// accepted it and whether it was resolved.
type Referral struct {
	Sent     calendar.Date
	Answered calendar.Date
	Accepted bool
	Resolved bool
}

// SummarizeReferrals turns the referrals of one alliance in a period into
// a Measurement dated date: counts sent, accepted, resolved and answered,
// and the mean business days to answer on cal (terms count from the day
// after sending, as DOMAIN.md states). A referral answered before it was
// sent, or resolved without being accepted, is an ErrInvalid naming it,
// said in Spanish; the Process method of the same name says it in the
// deployment's language.
func SummarizeReferrals(cal *calendar.Calendar, alliance string, date calendar.Date, refs []Referral) (Measurement, error) {
	return summarizeReferrals(relaciona.Spanish, cal, alliance, date, refs)
}

// SummarizeReferrals is the package function SummarizeReferrals on the
// process's calendar, its refusals in the process's language (WithLang).
func (s *Process) SummarizeReferrals(alliance string, date calendar.Date, refs []Referral) (Measurement, error) {
	return summarizeReferrals(s.lang, s.cal, alliance, date, refs)
}

// summarizeReferrals is SummarizeReferrals with its refusals in lang.
func summarizeReferrals(lang relaciona.Lang, cal *calendar.Calendar, alliance string, date calendar.Date, refs []Referral) (Measurement, error) {
	m := Measurement{Alliance: alliance, Date: date}
	var days int
	for i, r := range refs {
		f := fmt.Sprintf("referrals[%d]", i)
		m.Sent++
		if r.Resolved && !r.Accepted {
			return Measurement{}, invalid(lang, f, "resuelta sin haber sido aceptada", "resolved without being accepted")
		}
		if r.Accepted {
			m.Accepted++
		}
		if r.Resolved {
			m.Resolved++
		}
		if r.Answered.IsZero() {
			continue
		}
		n, err := cal.BusinessDaysBetween(r.Sent, r.Answered)
		if err != nil {
			return Measurement{}, fmt.Errorf("%s: %w", f, err)
		}
		if n < 0 {
			return Measurement{}, invalid(lang, f, "respondida (%s) antes de enviarse (%s)", "answered (%s) before it was sent (%s)", r.Answered, r.Sent)
		}
		m.Answered++
		days += n
	}
	if m.Answered > 0 {
		m.AnswerDays = float64(days) / float64(m.Answered)
	}
	return m, nil
}

// RecordMeasurement records one period of hard data on an alliance; see
// RecordMeasurements.
func (s *Process) RecordMeasurement(ctx context.Context, actor relaciona.Actor, m Measurement) error {
	return s.RecordMeasurements(ctx, actor, []Measurement{m})
}

// RecordMeasurements records periods of hard data on alliances, in one
// batch (seed 001: "evaluando cada alianza a partir de los indicadores del
// plan estratégico y en base a datos duros"; the information "se debe
// registrar de forma continua en el archivo digital Alianzas vigentes").
// Each alliance must be in force (a dropped or ended alliance takes no
// measurement) and its office's cycle running; counts must be consistent
// (accepted ≤ sent, resolved ≤ accepted, answered ≤ sent); manual values
// must name manual indicators of the alliance's objectives; one measurement
// per alliance and date. In the same batch, and so the same audit entry,
// each alliance measured gets its Standing rewritten in the registry
// (year-to-date totals and indicators against target), which the Estudio
// Territorial (Territories) shows. On any error nothing is written.
// Encargado OMIL only.
func (s *Process) RecordMeasurements(ctx context.Context, actor relaciona.Actor, ms []Measurement) error {
	actor, err := s.allow(ctx, actor, StepMeasure)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return nil
	}
	ids := make([]string, 0, len(ms))
	seen := map[string]bool{}
	for i := range ms {
		if _, ok := seen[ms[i].Alliance]; !ok {
			seen[ms[i].Alliance] = true
			ids = append(ids, ms[i].Alliance)
		}
	}
	docs, err := s.alliances.GetMany(ctx, ids)
	if err != nil {
		return err
	}
	byID := map[string]Alliance{}
	versions := map[string]int64{}
	for _, d := range docs {
		byID[d.ID] = d.Value
		versions[d.ID] = d.Version
	}
	phases := map[string]Cycle{}
	var last calendar.Date
	keys := make([]string, len(ms))
	for i := range ms {
		m := &ms[i]
		f := fmt.Sprintf("measurements[%d]", i)
		a, ok := byID[m.Alliance]
		if !ok {
			return fmt.Errorf("%w: %s: %s", relaciona.ErrNotFound, f, s.lang.Tf("alianza desconocida %q", "unknown alliance %q", m.Alliance))
		}
		if _, err := advance(AllianceMachine(), s.lang, a.ID, string(a.Status), StepMeasure, ""); err != nil {
			return err
		}
		c, ok := phases[a.Office]
		if !ok {
			cur, err := s.current(ctx, a.Office)
			if err != nil {
				return err
			}
			c = cur.Value
			phases[a.Office] = c
		}
		if err := s.step(&c, actor, m.Date, StepMeasure, "", a.ID); err != nil {
			return err
		}
		if err := s.checkMeasurement(f, a, *m); err != nil {
			return err
		}
		m.Office, m.By = a.Office, actor.ID
		m.ID = m.Alliance + ":" + m.Date.String()
		if seen[m.ID] {
			return s.invalid(f+".date", "dos mediciones de %s con la misma fecha %s", "two measurements of %s dated %s", m.Alliance, m.Date)
		}
		seen[m.ID] = true
		keys[i] = m.ID
		if m.Date.After(last) {
			last = m.Date
		}
	}
	if dup, err := s.measurements.GetMany(ctx, keys); err != nil {
		return err
	} else if len(dup) > 0 {
		return s.invalid("date", "ya hay una medición de %s con fecha %s", "there is already a measurement of %s dated %s", dup[0].Value.Alliance, dup[0].Value.Date)
	}
	standing, err := s.standings(ctx, byID, ms)
	if err != nil {
		return err
	}
	b := s.store.Begin(actor, "alliance.measure", s.reason("%d mediciones", "%d measurements", len(ms))).At(stamp(last))
	for i := range ms {
		s.measurements.Put(b, &ms[i], 0)
	}
	for _, a := range standing {
		s.alliances.Put(b, &a, versions[a.ID])
	}
	_, err = b.Commit(ctx)
	return err
}

// standings returns the alliances measured by ms with their standing
// recomputed (see Standing): over the year of the latest of their stored
// and new measurements, from the stored measurements of that year and the
// new ones. An alliance whose new measurements are all of an earlier year
// than its standing keeps it and is left out.
func (s *Process) standings(ctx context.Context, byID map[string]Alliance, ms []Measurement) ([]Alliance, error) {
	news := map[string][]Measurement{}
	var ids []string
	for _, m := range ms {
		if _, ok := news[m.Alliance]; !ok {
			ids = append(ids, m.Alliance)
		}
		news[m.Alliance] = append(news[m.Alliance], m)
	}
	var out []Alliance
	for _, id := range ids {
		a := byID[id]
		year := 0
		if a.Standing != nil {
			year = a.Standing.Year
		}
		var these []Measurement
		for _, m := range news[id] {
			year = max(year, m.Date.Year)
		}
		for _, m := range news[id] {
			if m.Date.Year == year {
				these = append(these, m)
			}
		}
		if len(these) == 0 {
			continue
		}
		stored, err := s.measurementsOf(ctx, a.Office, a.ID, calendar.Date{Year: year, Month: 1, Day: 1}, calendar.Date{Year: year, Month: 12, Day: 31})
		if err != nil {
			return nil, err
		}
		a.Standing = s.standingOf(a, year, append(stored, these...))
		out = append(out, a)
	}
	return out, nil
}

func (s *Process) checkMeasurement(f string, a Alliance, m Measurement) error {
	if err := s.checkDate(f+".date", m.Date); err != nil {
		return err
	}
	if m.Date.Before(a.Start) {
		return s.invalid(f+".date", "la medición (%s) es anterior al inicio de la alianza (%s)", "the measurement (%s) is before the alliance started (%s)", m.Date, a.Start)
	}
	switch {
	case m.Sent < 0 || m.Accepted < 0 || m.Resolved < 0 || m.Answered < 0:
		return s.invalid(f, "los conteos no pueden ser negativos", "counts cannot be negative")
	case m.Accepted > m.Sent:
		return s.invalid(f+".accepted", "aceptadas (%d) no puede superar enviadas (%d)", "accepted (%d) cannot exceed sent (%d)", m.Accepted, m.Sent)
	case m.Resolved > m.Accepted:
		return s.invalid(f+".resolved", "resueltas (%d) no puede superar aceptadas (%d)", "resolved (%d) cannot exceed accepted (%d)", m.Resolved, m.Accepted)
	case m.Answered > m.Sent:
		return s.invalid(f+".answered", "respondidas (%d) no puede superar enviadas (%d)", "answered (%d) cannot exceed sent (%d)", m.Answered, m.Sent)
	case m.AnswerDays < 0 || math.IsNaN(m.AnswerDays) || math.IsInf(m.AnswerDays, 0):
		return s.invalid(f+".answer_days", "días de respuesta no válidos", "invalid days to answer")
	case m.Answered == 0 && m.AnswerDays != 0:
		return s.invalid(f+".answer_days", "hay días de respuesta sin derivaciones respondidas", "days to answer given with no referral answered")
	}
	for _, k := range slices.Sorted(maps.Keys(m.Values)) {
		v := m.Values[k]
		if !s.manualIndicatorOf(a, k) {
			return s.invalid(f+".values."+k, "%q no es un indicador manual de los objetivos de la alianza %s", "%q is not a manual indicator of the objectives of alliance %s", k, a.ID)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return s.invalid(f+".values."+k, "valor no válido", "invalid value")
		}
	}
	return nil
}

func (s *Process) manualIndicatorOf(a Alliance, id string) bool {
	for _, o := range a.Objectives {
		obj, _ := s.cfg.Objective(o)
		for _, in := range obj.Indicators {
			if in.ID == id && in.Metric == MetricManual {
				return true
			}
		}
	}
	return false
}

// measurementsOf reads the measurements of office (and of one alliance when
// alliance is set) dated in [from, to].
func (s *Process) measurementsOf(ctx context.Context, office, alliance string, from, to calendar.Date) ([]Measurement, error) {
	attrs := map[string]string{"office": office}
	if alliance != "" {
		attrs["alliance"] = alliance
	}
	return s.measurements.Values(ctx, relaciona.Filter{Attrs: attrs, From: dayStart(from), To: dayStart(to.AddDays(1))})
}

// Measurements returns the measurements of an alliance dated in [from, to].
func (s *Process) Measurements(ctx context.Context, allianceID string, from, to calendar.Date) ([]Measurement, error) {
	a, err := s.Alliance(ctx, allianceID)
	if err != nil {
		return nil, err
	}
	return s.measurementsOf(ctx, a.Office, a.ID, from, to)
}

// Rate records a team member's rating of an alliance for the office's
// current cycle year (seed 001: "consultar a los integrantes de su equipo
// los resultados de las mismas, para asegurarse que su impresión se
// corrobora"). Score is on the scale of monitoring.rating_min..rating_max;
// a member's later rating in the same year replaces the earlier one. The
// Encargado OMIL, the Gestor Territorial and team members may rate.
func (s *Process) Rate(ctx context.Context, actor relaciona.Actor, allianceID string, at calendar.Date, score int, comment string) (Rating, error) {
	actor, err := s.allowAt(ctx, actor, StepRate, at)
	if err != nil {
		return Rating{}, err
	}
	m := s.cfg.Monitoring
	if score < m.RatingMin || score > m.RatingMax {
		return Rating{}, s.invalid("score", "la nota %d está fuera de la escala %d a %d", "rating %d is outside the scale %d to %d", score, m.RatingMin, m.RatingMax)
	}
	a, err := s.getAlliance(ctx, allianceID)
	if err != nil {
		return Rating{}, err
	}
	if _, err := advance(AllianceMachine(), s.lang, a.ID, string(a.Value.Status), StepRate, ""); err != nil {
		return Rating{}, err
	}
	_, c, err := s.cycleStep(ctx, actor, a.Value.Office, at, StepRate, "", a.ID)
	if err != nil {
		return Rating{}, err
	}
	r := Rating{ID: a.ID + ":" + strconv.Itoa(c.Year) + ":" + actor.ID, Alliance: a.ID, Office: a.Value.Office, Year: c.Year, Rater: actor.ID, Score: score, Comment: comment, Date: at}
	var version int64
	if old, err := s.ratings.GetMany(ctx, []string{r.ID}); err != nil {
		return Rating{}, err
	} else if len(old) == 1 {
		version = old[0].Version
	}
	if err := putOne(ctx, s, s.ratings, actor, "alliance.rate", s.reason("calificación de %s", "rating of %s", a.ID), at, &r, version); err != nil {
		return Rating{}, err
	}
	return r, nil
}

// Ratings returns the team's ratings of an alliance for year, by rater.
func (s *Process) Ratings(ctx context.Context, allianceID string, year int) ([]Rating, error) {
	out, err := s.ratings.Values(ctx, relaciona.Filter{Attrs: map[string]string{"alliance": allianceID, "year": strconv.Itoa(year)}})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rater < out[j].Rater })
	return out, nil
}

// RatingSummary is the team's corroboration of one alliance: how many
// rated it, the mean, the spread (highest minus lowest), and whether the
// spread is above monitoring.disagreement_spread (Disagreement) and enough
// members rated (Corroborated: at least monitoring.min_raters, without
// disagreement).
type RatingSummary struct {
	Raters       int     `json:"raters"`
	Mean         float64 `json:"mean"`
	Min          int     `json:"min"`
	Max          int     `json:"max"`
	Spread       float64 `json:"spread"`
	Disagreement bool    `json:"disagreement"`
	Corroborated bool    `json:"corroborated"`
}

// Summarize computes the corroboration of ratings against mon's thresholds.
func Summarize(ratings []Rating, mon Monitoring) RatingSummary {
	var r RatingSummary
	if len(ratings) == 0 {
		return r
	}
	r.Min, r.Max = ratings[0].Score, ratings[0].Score
	sum := 0
	for _, x := range ratings {
		sum += x.Score
		r.Min = min(r.Min, x.Score)
		r.Max = max(r.Max, x.Score)
	}
	r.Raters = len(ratings)
	r.Mean = float64(sum) / float64(len(ratings))
	r.Spread = float64(r.Max - r.Min)
	r.Disagreement = r.Raters >= 2 && r.Spread > mon.DisagreementSpread
	r.Corroborated = r.Raters >= mon.MinRaters && !r.Disagreement
	return r
}

// indicatorsOf returns the indicator values of an alliance for each of its
// objectives over totals t, keyed "objective/indicator" in objective order.
func (s *Process) indicatorsOf(a Alliance, t Totals) []ObjectiveIndicator {
	var out []ObjectiveIndicator
	for _, o := range a.Objectives {
		obj, ok := s.cfg.Objective(o)
		if !ok {
			continue
		}
		for _, in := range obj.Indicators {
			out = append(out, ObjectiveIndicator{Objective: o, Name: in.Name, IndicatorValue: t.Value(in)})
		}
	}
	return out
}

// ObjectiveIndicator is an indicator value with the objective it belongs
// to and its display name.
type ObjectiveIndicator struct {
	Objective string `json:"objective"`
	Name      string `json:"name" personal:"no"`
	IndicatorValue
}

func joinIDs(ids []string) string {
	ids = slices.Clone(ids)
	sort.Strings(ids)
	return strings.Join(ids, ", ")
}

// invalid returns a *relaciona.ValidationError for field, its message es
// in Spanish and en in English, both formats taking args.
func invalid(lang relaciona.Lang, field, es, en string, args ...any) error {
	return &relaciona.ValidationError{Field: field, Msg: lang.Tf(es, en, args...)}
}
