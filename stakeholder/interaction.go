package stakeholder

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// Direction says who started an interaction.
type Direction string

// The directions.
const (
	Inbound  Direction = "inbound"  // the stakeholder came to the agency
	Outbound Direction = "outbound" // the agency went to the stakeholder
	TwoWay   Direction = "two_way"  // a meeting, a workshop
)

func (d Direction) valid() bool { return d == Inbound || d == Outbound || d == TwoWay }

// FollowUp is an action agreed in an interaction, with its owner (a person
// of the directory) and due date.
type FollowUp struct {
	Action string        `json:"action"`
	Owner  string        `json:"owner"`
	Due    calendar.Date `json:"due"`
}

// Agreement is a negotiated agreement recorded with an interaction; it
// needs the "record_agreement" level (6; seed 000_f7cf2e5b8754cfa1.txt,
// "Nivel 6": "Negocia para asegurar que ... se definan los acuerdos
// apropiados").
type Agreement struct {
	Terms string        `json:"terms"`
	Until calendar.Date `json:"until,omitzero"`
	// Commitments are what the agency commits to under the agreement,
	// each made in the commitments register (see registerCommitments).
	Commitments []FollowUp `json:"commitments,omitempty"`
}

// Interaction is one entry of the interaction log. Participants and
// Summary may name people: they are personal data. Sentiment runs from -2
// (very negative) to 2 (very positive). PlanItem, when set, marks that
// item's next communication as carried out.
type Interaction struct {
	ID           string        `json:"id"`
	Stakeholder  string        `json:"stakeholder" personal:"subject"`
	Date         calendar.Date `json:"date"`
	Channel      string        `json:"channel"`
	Direction    Direction     `json:"direction"`
	Participants []string      `json:"participants,omitempty" personal:"true"`
	Summary      string        `json:"summary" personal:"true"`
	Sentiment    int           `json:"sentiment"`
	FollowUps    []FollowUp    `json:"follow_ups,omitempty"`
	PlanItem     string        `json:"plan_item,omitempty"`
	Agreement    *Agreement    `json:"agreement,omitempty"`
	By           string        `json:"by,omitempty"`
}

// LogInteraction records one or more interactions in one batch. It needs
// the "log_interaction" level (4); an interaction that carries out a plan
// item also needs "carry_out_plan" (4), and one that records an agreement
// "record_agreement" (6). A plan item carried out is updated in the same
// batch. Interactions without an id get "INT-YYYYMMDD-NNNN".
func (s *Process) LogInteraction(ctx context.Context, actor relaciona.Actor, at time.Time, its ...Interaction) ([]Interaction, error) {
	actor, err := s.require(ctx, actor, ActLogInteraction)
	if err != nil {
		return nil, err
	}
	for _, it := range its {
		if it.PlanItem != "" {
			if _, err := s.require(ctx, actor, ActCarryOutPlan); err != nil {
				return nil, err
			}
		}
		if it.Agreement != nil {
			if _, err := s.require(ctx, actor, ActRecordAgreement); err != nil {
				return nil, err
			}
		}
	}
	if len(its) == 0 {
		return nil, nil
	}
	var out []Interaction
	err = s.store.Update(ctx, actor, "stakeholder.log_interaction", "log interaction", 3, func(b *relaciona.Batch) error {
		b.At(at)
		out = make([]Interaction, len(its))
		copy(out, its)
		have, plans, err := batchRefs(ctx, s, out, func(it Interaction) (string, string) { return it.Stakeholder, it.PlanItem }, s.plans)
		if err != nil {
			return err
		}
		ids := newIDs(ctx, s.store, kindInteraction, "INT")
		for i := range out {
			it := &out[i]
			f := fmt.Sprintf("interactions[%d]", i)
			if err := s.checkInteraction(ctx, it, have, plans); err != nil {
				return prefixField(err, f)
			}
			if err := s.giveID(ids, &it.ID, it.Date, f+".id"); err != nil {
				return err
			}
			it.By = actor.ID
			if it.PlanItem != "" {
				plans[it.PlanItem].Value.carryOut(s.cal, it.Date)
			}
			s.interactions.Put(b, it, 0)
			if err := s.registerCommitments(ctx, b, it); err != nil {
				return prefixField(err, f)
			}
			for j, fu := range it.FollowUps {
				s.commitments.Put(b, &commitment{ID: fmt.Sprintf("%s/fu/%d", it.ID, j), Source: relaciona.Ref{Kind: kindInteraction, ID: it.ID}, Index: j,
					Action: fu.Action, Owner: fu.Owner, Due: fu.Due, Stakeholder: it.Stakeholder}, 0)
			}
		}
		putDocs(b, s.plans, plans)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Process) checkInteraction(ctx context.Context, it *Interaction, have map[string]bool, plans map[string]*relaciona.Doc[PlanItem]) error {
	if !have[it.Stakeholder] {
		return s.notFound("stakeholder", "parte interesada desconocida %q", "unknown stakeholder %q", it.Stakeholder)
	}
	if it.Date.IsZero() {
		return s.invalid("date", "la interacción necesita una fecha", "the interaction needs a date")
	}
	if _, ok := s.channels[it.Channel]; !ok {
		return s.notFound("channel", "canal desconocido %q", "unknown channel %q", it.Channel)
	}
	if !it.Direction.valid() {
		return s.invalid("direction", "dirección %q: use inbound, outbound o two_way", "direction %q: use inbound, outbound or two_way", it.Direction)
	}
	if it.Summary == "" {
		return s.invalid("summary", "la interacción necesita un resumen", "the interaction needs a summary")
	}
	if it.Sentiment < -2 || it.Sentiment > 2 {
		return s.invalid("sentiment", "sentimiento %d fuera de -2 a 2", "sentiment %d is outside -2 to 2", it.Sentiment)
	}
	for j, fu := range it.FollowUps {
		if fu.Action == "" {
			return s.invalid(fmt.Sprintf("follow_ups[%d].action", j), "el seguimiento necesita una acción", "the follow-up needs an action")
		}
		if err := s.checkPerson(ctx, fmt.Sprintf("follow_ups[%d].owner", j), fu.Owner, 1); err != nil {
			return err
		}
		if fu.Due.IsZero() {
			return s.invalid(fmt.Sprintf("follow_ups[%d].due", j), "el seguimiento necesita una fecha", "the follow-up needs a due date")
		}
	}
	if it.Agreement != nil && it.Agreement.Terms == "" {
		return s.invalid("agreement.terms", "el acuerdo necesita sus términos", "the agreement needs its terms")
	}
	if it.PlanItem != "" {
		p, ok := plans[it.PlanItem]
		switch {
		case !ok:
			return s.notFound("plan_item", "actividad del plan desconocida %q", "unknown plan item %q", it.PlanItem)
		case p.Value.Status != PlanActive:
			return s.invalid("plan_item", "la actividad %q no está activa (estado %s): apruébela primero", "plan item %q is not active (status %s): approve it first", it.PlanItem, p.Value.Status)
		case p.Value.Stakeholder != "" && p.Value.Stakeholder != it.Stakeholder:
			return s.invalid("plan_item", "la actividad %q es para %q, no para %q", "plan item %q is for %q, not %q", it.PlanItem, p.Value.Stakeholder, it.Stakeholder)
		}
	}
	return nil
}

// Interactions streams the interactions logged with dates in [from, to]
// (a zero bound is open), oldest first; stakeholderID, when not empty,
// keeps only that stakeholder's.
func (s *Process) Interactions(ctx context.Context, stakeholderID string, from, to calendar.Date) iter.Seq2[Interaction, error] {
	return func(yield func(Interaction, error) bool) {
		f := relaciona.Filter{From: dayTime(from)}
		if !to.IsZero() {
			f.To = dayTime(to.AddDays(1))
		}
		if stakeholderID != "" {
			f.Attrs = map[string]string{"stakeholder": stakeholderID}
		}
		for d, err := range s.interactions.Scan(ctx, f) {
			if !yield(d.Value, err) || err != nil {
				return
			}
		}
	}
}

// idGen hands out ids "PREFIX-YYYYMMDD-NNNN" for records whose store time
// is their date: the count of records of that day, plus one. Two writers
// racing for the same id make one batch fail with ErrConflict, and
// Store.Update retries it with fresh counts.
//
// When attr is set, the day is counted through that attribute (holding the
// date) instead of the store time.
type idGen struct {
	ctx    context.Context
	store  *relaciona.Store
	kind   string
	prefix string
	attr   string
	byDay  map[calendar.Date]int64
}

func newIDs(ctx context.Context, store *relaciona.Store, kind, prefix string) *idGen {
	return &idGen{ctx: ctx, store: store, kind: kind, prefix: prefix, byDay: map[calendar.Date]int64{}}
}

// openedID is the next id of a record of kind counted by the day it was
// opened (its "opened" attribute), for records whose store time moves
// later (decisions, issues).
func openedID(ctx context.Context, store *relaciona.Store, kind, prefix string, opened calendar.Date) (string, error) {
	g := newIDs(ctx, store, kind, prefix)
	g.attr = "opened"
	return g.next(opened)
}

// giveID gives *id, when empty, the next id of ids for the day d; an id
// given must be valid (checked as field).
func (s *Process) giveID(ids *idGen, id *string, d calendar.Date, field string) error {
	if *id != "" {
		return s.checkID(field, *id)
	}
	var err error
	*id, err = ids.next(d)
	return err
}

func (g *idGen) next(d calendar.Date) (string, error) {
	n, ok := g.byDay[d]
	if !ok {
		f := relaciona.Filter{From: dayTime(d), To: dayTime(d.AddDays(1))}
		if g.attr != "" {
			f = relaciona.Filter{Attrs: map[string]string{g.attr: d.String()}}
		}
		var err error
		n, err = g.store.Count(g.ctx, g.kind, f)
		if err != nil {
			return "", err
		}
	}
	n++
	g.byDay[d] = n
	return fmt.Sprintf("%s-%04d%02d%02d-%04d", g.prefix, d.Year, int(d.Month), d.Day, n), nil
}
