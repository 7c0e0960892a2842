package stakeholder

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// FeedbackRequest is a request for feedback sent to a stakeholder; its
// answer is a Feedback naming it. Requests are the denominator of the
// response rate.
type FeedbackRequest struct {
	ID          string        `json:"id"`
	Stakeholder string        `json:"stakeholder" personal:"subject"`
	Date        calendar.Date `json:"date"`
	Topic       string        `json:"topic,omitempty"`
	By          string        `json:"by,omitempty"`
	Answered    calendar.Date `json:"answered,omitzero"`
	Response    string        `json:"response,omitempty"`
}

// Feedback is a rating (1 to 5) and a comment from a stakeholder,
// answering a request or not. Comment is personal data.
type Feedback struct {
	ID          string        `json:"id"`
	Stakeholder string        `json:"stakeholder" personal:"subject"`
	Request     string        `json:"request,omitempty"`
	Date        calendar.Date `json:"date"`
	Rating      int           `json:"rating"`
	Comment     string        `json:"comment,omitempty" personal:"true"`
	By          string        `json:"by,omitempty"`
}

// RequestFeedback sends a feedback request dated date to each stakeholder
// given, in one batch. It needs the "record_feedback" level (4; seed
// 000_f7cf2e5b8754cfa1.txt, "Nivel 4": "Recopila y utiliza los
// comentarios de clientes e interesados para ayudar a medir la
// efectividad").
func (s *Process) RequestFeedback(ctx context.Context, actor relaciona.Actor, at time.Time, date calendar.Date, topic string, stakeholderIDs ...string) ([]FeedbackRequest, error) {
	actor, err := s.require(ctx, actor, ActRecordFeedback)
	if err != nil {
		return nil, err
	}
	if date.IsZero() {
		return nil, s.invalid("date", "la solicitud necesita una fecha", "the request needs a date")
	}
	var out []FeedbackRequest
	err = s.store.Update(ctx, actor, "stakeholder.request_feedback", "request feedback", 3, func(b *relaciona.Batch) error {
		b.At(at)
		out = out[:0]
		if err := s.checkStakeholders(ctx, "stakeholders", stakeholderIDs); err != nil {
			return err
		}
		ids := newIDs(ctx, s.store, kindRequest, "REQ")
		for _, sid := range stakeholderIDs {
			id, err := ids.next(date)
			if err != nil {
				return err
			}
			r := FeedbackRequest{ID: id, Stakeholder: sid, Date: date, Topic: topic, By: actor.ID}
			s.requests.Put(b, &r, 0)
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// RecordFeedback records one or more pieces of feedback in one batch; one
// that answers a request marks it answered in the same batch. It needs the
// "record_feedback" level (4).
func (s *Process) RecordFeedback(ctx context.Context, actor relaciona.Actor, at time.Time, fs ...Feedback) ([]Feedback, error) {
	actor, err := s.require(ctx, actor, ActRecordFeedback)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, nil
	}
	var out []Feedback
	err = s.store.Update(ctx, actor, "stakeholder.record_feedback", "record feedback", 3, func(b *relaciona.Batch) error {
		b.At(at)
		out = make([]Feedback, len(fs))
		copy(out, fs)
		have, reqs, err := batchRefs(ctx, s, out, func(f Feedback) (string, string) { return f.Stakeholder, f.Request }, s.requests)
		if err != nil {
			return err
		}
		ids := newIDs(ctx, s.store, kindFeedback, "FBK")
		for i := range out {
			f := &out[i]
			field := fmt.Sprintf("feedback[%d]", i)
			if !have[f.Stakeholder] {
				return s.notFound(field+".stakeholder", "parte interesada desconocida %q", "unknown stakeholder %q", f.Stakeholder)
			}
			if f.Date.IsZero() {
				return s.invalid(field+".date", "la retroalimentación necesita una fecha", "the feedback needs a date")
			}
			if f.Rating < 1 || f.Rating > 5 {
				return s.invalid(field+".rating", "calificación %d fuera de 1 a 5", "rating %d is outside 1 to 5", f.Rating)
			}
			if err := s.giveID(ids, &f.ID, f.Date, field+".id"); err != nil {
				return err
			}
			if f.Request != "" {
				r, ok := reqs[f.Request]
				switch {
				case !ok:
					return s.notFound(field+".request", "solicitud desconocida %q", "unknown request %q", f.Request)
				case r.Value.Stakeholder != f.Stakeholder:
					return s.invalid(field+".request", "la solicitud %q es de %q, no de %q", "request %q belongs to %q, not %q", f.Request, r.Value.Stakeholder, f.Stakeholder)
				case !r.Value.Answered.IsZero():
					return s.invalid(field+".request", "la solicitud %q ya tiene respuesta", "request %q is already answered", f.Request)
				}
				r.Value.Answered, r.Value.Response = f.Date, f.ID
			}
			f.By = actor.ID
			s.feedback.Put(b, f, 0)
		}
		putDocs(b, s.requests, reqs)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Measure is the effectiveness of stakeholder management for one
// stakeholder, one group or everyone, over a period.
//
// ResponseRate is Responses / Requests for the requests dated in the
// period (answered by its end). Average is the mean rating (1-5) of the
// feedback dated in the period; Trend the least-squares slope of those
// ratings per month (positive: improving). GapStart and GapEnd add up the
// positive engagement gaps (desired minus current) at the start of the
// period (the latest assessment on or before it, or else the first one in
// it) and at its end; GapClosure is (GapStart - GapEnd) / GapStart. A value
// that cannot be computed (no request, no rating, one month of ratings, no
// gap at the start) is NaN.
type Measure struct {
	Requests, Responses int
	ResponseRate        float64
	Ratings             int
	Average             float64
	Trend               float64
	GapStart, GapEnd    int
	GapClosure          float64
	Interactions        int
}

// acc accumulates a Measure in constant memory.
type acc struct {
	requests, responses, interactions int
	n                                 int
	sx, sy, sxy, sxx                  float64
	gapStart, gapEnd                  int
}

func (a *acc) add(o *acc) {
	a.requests += o.requests
	a.responses += o.responses
	a.interactions += o.interactions
	a.n += o.n
	a.sx += o.sx
	a.sy += o.sy
	a.sxy += o.sxy
	a.sxx += o.sxx
	a.gapStart += o.gapStart
	a.gapEnd += o.gapEnd
}

func (a *acc) rating(month, r int) {
	x, y := float64(month), float64(r)
	a.n++
	a.sx += x
	a.sy += y
	a.sxy += x * y
	a.sxx += x * x
}

func (a *acc) measure() Measure {
	m := Measure{Requests: a.requests, Responses: a.responses, Ratings: a.n, GapStart: a.gapStart, GapEnd: a.gapEnd,
		Interactions: a.interactions, ResponseRate: math.NaN(), Average: math.NaN(), Trend: math.NaN(), GapClosure: math.NaN()}
	if a.requests > 0 {
		m.ResponseRate = float64(a.responses) / float64(a.requests)
	}
	if a.n > 0 {
		m.Average = a.sy / float64(a.n)
		n := float64(a.n)
		if den := n*a.sxx - a.sx*a.sx; den > 1e-9 {
			m.Trend = (n*a.sxy - a.sx*a.sy) / den
		}
	}
	if a.gapStart > 0 {
		m.GapClosure = float64(a.gapStart-a.gapEnd) / float64(a.gapStart)
	}
	return m
}

// StakeholderMeasure is the Measure of one stakeholder.
type StakeholderMeasure struct {
	Stakeholder Stakeholder
	Measure
}

// GroupMeasure is the Measure of one group and every group nested in it.
type GroupMeasure struct {
	Group   Group
	Members int
	Measure
}

// MonthPoint is the average rating of one month ("2026-03").
type MonthPoint struct {
	Month   string
	Ratings int
	Average float64
}

// Effectiveness is the effectiveness of stakeholder management over a
// period: overall, per stakeholder, per group, and the monthly average
// rating.
type Effectiveness struct {
	From, To      calendar.Date
	Overall       Measure
	ByStakeholder []StakeholderMeasure
	ByGroup       []GroupMeasure
	Monthly       []MonthPoint
}

func monthIndex(d calendar.Date) int { return d.Year*12 + int(d.Month) - 1 }

// Effectiveness measures the period [from, to]: response rate, average
// rating and its trend, and engagement-gap closure, per stakeholder, per
// group and overall (seed 000_f7cf2e5b8754cfa1.txt, "Nivel 4": measure the
// effectiveness of stakeholder management; "Nivel 6": "Supervisa el
// monitoreo de las relaciones"). It streams the period's records once,
// holding one accumulator per stakeholder and month.
func (s *Process) Effectiveness(ctx context.Context, from, to calendar.Date) (Effectiveness, error) {
	e := Effectiveness{From: from, To: to}
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return e, s.invalid("to", "periodo no válido: %s a %s", "invalid period: %s to %s", from, to)
	}
	sts, err := s.Stakeholders(ctx)
	if err != nil {
		return e, err
	}
	groups, err := s.Groups(ctx)
	if err != nil {
		return e, err
	}
	per := make(map[string]*acc, len(sts))
	for _, st := range sts {
		per[st.ID] = &acc{}
	}
	get := func(id string) *acc {
		a, ok := per[id]
		if !ok {
			a = &acc{}
			per[id] = a
		}
		return a
	}
	period := relaciona.Filter{From: dayTime(from), To: dayTime(to.AddDays(1))}
	for d, err := range s.requests.Scan(ctx, period) {
		if err != nil {
			return e, err
		}
		a := get(d.Value.Stakeholder)
		a.requests++
		if !d.Value.Answered.IsZero() && !d.Value.Answered.After(to) {
			a.responses++
		}
	}
	m0 := monthIndex(from)
	months := map[int]*acc{}
	for d, err := range s.feedback.Scan(ctx, period) {
		if err != nil {
			return e, err
		}
		x := monthIndex(d.Value.Date) - m0
		get(d.Value.Stakeholder).rating(x, d.Value.Rating)
		if months[x] == nil {
			months[x] = &acc{}
		}
		months[x].rating(x, d.Value.Rating)
	}
	for d, err := range s.interactions.Scan(ctx, period) {
		if err != nil {
			return e, err
		}
		get(d.Value.Stakeholder).interactions++
	}
	// Gaps: the latest assessment on or before from, else the first in the
	// period; and the latest on or before to.
	type gaps struct {
		start, first, end *Assessment
	}
	g := map[string]*gaps{}
	for d, err := range s.assessments.Scan(ctx, relaciona.Filter{To: dayTime(to.AddDays(1))}) {
		if err != nil {
			return e, err
		}
		a := d.Value
		x := g[a.Stakeholder]
		if x == nil {
			x = &gaps{}
			g[a.Stakeholder] = x
		}
		if !a.Date.After(from) {
			x.start = &a
		} else if x.first == nil {
			x.first = &a
		}
		x.end = &a
	}
	for id, x := range g {
		start := x.start
		if start == nil {
			start = x.first
		}
		a := get(id)
		a.gapStart = max(start.Gap, 0)
		a.gapEnd = max(x.end.Gap, 0)
	}
	var all acc
	for _, st := range sts {
		a := per[st.ID]
		all.add(a)
		e.ByStakeholder = append(e.ByStakeholder, StakeholderMeasure{Stakeholder: st, Measure: a.measure()})
	}
	e.Overall = all.measure()
	for _, grp := range groups {
		in := descendants(groups, grp.ID)
		var ga acc
		members := 0
		for _, st := range sts {
			for _, gid := range st.Groups {
				if in[gid] {
					ga.add(per[st.ID])
					members++
					break
				}
			}
		}
		e.ByGroup = append(e.ByGroup, GroupMeasure{Group: grp, Members: members, Measure: ga.measure()})
	}
	for _, k := range slices.Sorted(maps.Keys(months)) {
		mi := m0 + k
		e.Monthly = append(e.Monthly, MonthPoint{Month: fmt.Sprintf("%04d-%02d", mi/12, mi%12+1), Ratings: months[k].n, Average: months[k].sy / float64(months[k].n)})
	}
	return e, nil
}
