package citizen

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Rationalisation of procedures (issue #19, item 2; seed 002, result
// "Trámites, otros procedimientos y consultas de acceso a la información
// identificados, actualizados y racionalizados"). Función Pública's
// rationalisation strategy (Ley 962 de 2005, Decreto 2106 de 2019, and the
// SUIT's "estrategia de racionalización") classes each action as
// normativa (a rule removes or simplifies the procedure), administrativa
// (fewer steps, documents, costs or time) or tecnológica (the procedure,
// or part of it, done online). A rationalisation is planned for a
// procedure or another administrative procedure of the offer (an
// access-to-information request is not registered in the SUIT nor
// rationalised), with its action and planned date, and is marked done only
// with its evidence (the act, the SUIT update, the published form):
// an action declared done without it cannot be checked by the control
// bodies that audit the strategy.

// kindRationalisation is the record kind of a rationalisation action.
const kindRationalisation = "citizen.rationalisation"

// RationalisationClass is the class of a rationalisation action.
type RationalisationClass string

// The rationalisation classes (Función Pública, SUIT).
const (
	RationaliseNormative      RationalisationClass = "normativa"
	RationaliseAdministrative RationalisationClass = "administrativa"
	RationaliseTechnological  RationalisationClass = "tecnologica"
)

// RationalisationClasses lists the classes.
func RationalisationClasses() []RationalisationClass {
	return []RationalisationClass{RationaliseNormative, RationaliseAdministrative, RationaliseTechnological}
}

// Label is the class's name for a reader.
func (c RationalisationClass) Label(l relaciona.Lang) string {
	return process.Labels[RationalisationClass]{
		RationaliseNormative:      {"Normativa", "Regulatory"},
		RationaliseAdministrative: {"Administrativa", "Administrative"},
		RationaliseTechnological:  {"Tecnológica", "Technological"},
	}.Of(l, c)
}

// RationalisationStatus is where a rationalisation action is.
type RationalisationStatus string

// The rationalisation statuses.
const (
	RationalisationPlanned RationalisationStatus = "planned"
	RationalisationDone    RationalisationStatus = "done"
)

// Rationalisation is one rationalisation action on an offer item.
type Rationalisation struct {
	ID       string                `json:"id"`
	Item     string                `json:"item"`
	Class    RationalisationClass  `json:"class"`
	Action   string                `json:"action"`
	Planned  calendar.Date         `json:"planned"`
	Status   RationalisationStatus `json:"status"`
	Done     calendar.Date         `json:"done,omitzero"`
	Evidence string                `json:"evidence,omitempty"`
	Recorded calendar.Date         `json:"recorded"`
	By       string                `json:"by"`
	DoneBy   string                `json:"done_by,omitempty"`
}

// Pending reports whether the action is not done on date; Late whether it
// is pending after its planned date.
func (r Rationalisation) Pending(date calendar.Date) bool {
	return r.Status != RationalisationDone || date.Before(r.Done)
}

// Late reports whether the action is pending on date after its planned
// date.
func (r Rationalisation) Late(date calendar.Date) bool {
	return r.Pending(date) && r.Planned.Before(date)
}

// NotifyRationalisationPlanned tells the relationship leads that a
// rationalisation action is planned, due by its planned date.
const NotifyRationalisationPlanned = "citizen.rationalisation.planned"

func (s *Process) rationalisations() *relaciona.Collection[Rationalisation] {
	return relaciona.NewCollection(s.store, kindRationalisation, func(v *Rationalisation) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"item": v.Item, "status": string(v.Status)}, Time: process.DateTime(v.Planned)}
	})
}

// PlanRationalisation records a rationalisation action of an offer item
// in force that is a procedure or another administrative procedure, and
// tells the relationship leads, due by the planned date, in the same
// batch. Its id is the item's id and a number. The actor needs the
// relationship_lead role.
func (s *Process) PlanRationalisation(ctx context.Context, a relaciona.Actor, in Rationalisation, date calendar.Date) (Rationalisation, error) {
	a, err := s.authorizeOn(ctx, a, "citizen.rationalisation.plan", date, RoleLead)
	if err != nil {
		return Rationalisation{}, err
	}
	it, ok, err := s.OfferItem(ctx, in.Item)
	if err != nil {
		return Rationalisation{}, err
	}
	if !ok {
		return Rationalisation{}, invalid(s.lang, "item", "elemento de la oferta desconocido %q", "unknown offer item %q", in.Item)
	}
	if it.Kind != OfferProcedure && it.Kind != OfferOther {
		return Rationalisation{}, invalid(s.lang, "item", "%q no es un trámite ni otro procedimiento administrativo: no se racionaliza", "%q is neither a procedure nor another administrative procedure: it is not rationalised", in.Item)
	}
	if !slices.Contains(RationalisationClasses(), in.Class) {
		return Rationalisation{}, invalid(s.lang, "class", "clase de racionalización desconocida %q (normativa, administrativa, tecnologica)", "unknown rationalisation class %q (normativa, administrativa, tecnologica)", in.Class)
	}
	if strings.TrimSpace(in.Action) == "" {
		return Rationalisation{}, invalid(s.lang, "action", "diga en qué consiste la racionalización", "say what the rationalisation does")
	}
	if err := checkDate(s.lang, "planned", in.Planned); err != nil {
		return Rationalisation{}, err
	}
	leads, err := s.dir.Holders(ctx, Kind, RoleLead)
	if err != nil {
		return Rationalisation{}, err
	}
	var out Rationalisation
	err = s.store.Update(ctx, a, "citizen.rationalisation.plan", "procedure rationalisation planned", 5, func(b *relaciona.Batch) error {
		b.At(s.stamp(date))
		n, err := s.rationalisations().Count(ctx, relaciona.Filter{Attrs: map[string]string{"item": in.Item}})
		if err != nil {
			return err
		}
		out = Rationalisation{ID: fmt.Sprintf("%s/%03d", in.Item, n+1), Item: in.Item, Class: in.Class, Action: strings.TrimSpace(in.Action),
			Planned: in.Planned, Status: RationalisationPlanned, Recorded: date, By: a.ID}
		s.rationalisations().Put(b, &out, 0)
		process.NotifyStaff(b, Kind, NotifyRationalisationPlanned, relaciona.Ref{Kind: kindRationalisation, ID: out.ID}, out.Planned, leads,
			map[string]string{"rationalisation": out.ID, "item": it.Name, "class": out.Class.Label(s.lang), "action": out.Action})
		return nil
	})
	return out, err
}

// CompleteRationalisation marks a planned action done on date with its
// evidence (the act, the SUIT record, the link to the published change),
// which is required. The actor needs the relationship_lead role.
func (s *Process) CompleteRationalisation(ctx context.Context, a relaciona.Actor, id, evidence string, date calendar.Date) (Rationalisation, error) {
	a, err := s.authorizeOn(ctx, a, "citizen.rationalisation.complete", date, RoleLead)
	if err != nil {
		return Rationalisation{}, err
	}
	if strings.TrimSpace(evidence) == "" {
		return Rationalisation{}, invalid(s.lang, "evidence", "una racionalización se da por cumplida solo con su evidencia (acto, registro en el SUIT, enlace)",
			"a rationalisation is done only with its evidence (the act, the SUIT record, a link)")
	}
	return changeRecord(ctx, s, a, s.rationalisations(), "citizen.rationalisation.complete", "procedure rationalisation done", s.stamp(date), "rationalisation", id, func(_ *relaciona.Batch, r *Rationalisation) error {
		if r.Status == RationalisationDone {
			return invalid(s.lang, "status", "la racionalización %s ya está cumplida", "rationalisation %s is done already", id)
		}
		if date.Before(r.Recorded) {
			return invalid(s.lang, "date", "el cumplimiento del %s es anterior al registro (%s)", "completion on %s is before it was recorded (%s)", date, r.Recorded)
		}
		r.Status, r.Done, r.Evidence, r.DoneBy = RationalisationDone, date, strings.TrimSpace(evidence), a.ID
		return nil
	})
}

// Rationalisations returns every rationalisation action, by id.
func (s *Process) Rationalisations(ctx context.Context) ([]Rationalisation, error) {
	return process.SortedValues(ctx, s.rationalisations(), relaciona.Filter{}, func(x, y Rationalisation) int { return strings.Compare(x.ID, y.ID) })
}
