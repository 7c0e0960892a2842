package stakeholder

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// kindImprovement is the record kind of the relationship-improvement
// actions.
const kindImprovement = "stakeholder.improvement"

// ImprovementStatus is the state of an improvement action.
type ImprovementStatus string

// The improvement action states.
const (
	ImprovementOpen ImprovementStatus = "open"
	ImprovementDone ImprovementStatus = "done"
)

// ImprovementAction is an action to improve the relationships and open
// communication with and between two or more stakeholders, directed at
// level 6 with an owner and a due date, and tracked until done: "Dirige
// acciones para mejorar las relaciones y las comunicaciones abiertas con y
// entre los interesados" (seed 000_f7cf2e5b8754cfa1.txt, "Nivel 6"). Run
// tells the owner, and whoever directed it, once when it is overdue.
type ImprovementAction struct {
	ID           string            `json:"id"`
	Stakeholders []string          `json:"stakeholders"`
	Action       string            `json:"action" personal:"no"`
	Owner        string            `json:"owner" personal:"no"`
	Due          calendar.Date     `json:"due"`
	Status       ImprovementStatus `json:"status"`
	DirectedBy   string            `json:"directed_by" personal:"no"`
	Directed     calendar.Date     `json:"directed"`
	Done         calendar.Date     `json:"done,omitzero"`
	Outcome      string            `json:"outcome,omitempty" personal:"no"`
}

// Overdue reports whether the action is open past its due date on date.
func (a ImprovementAction) Overdue(date calendar.Date) bool {
	return a.Status == ImprovementOpen && date.After(a.Due)
}

func improvementKey(a *ImprovementAction) relaciona.Key {
	t := a.Due
	if a.Status == ImprovementDone {
		t = a.Done
	}
	return relaciona.Key{ID: a.ID, Attrs: map[string]string{"status": string(a.Status)}, Time: dayTime(t)}
}

func (s *Process) improvementColl() *relaciona.Collection[ImprovementAction] {
	return relaciona.NewCollection(s.store, kindImprovement, improvementKey)
}

// DirectImprovement records an improvement action. It needs the
// "direct_improvement" level (6). It names at least two distinct
// stakeholders of the register (the relationship "entre los interesados"
// it improves), the action, an owner of the directory with the
// "log_interaction" level (4) and a due date not before today. An id
// already used is refused.
func (s *Process) DirectImprovement(ctx context.Context, actor relaciona.Actor, at time.Time, a ImprovementAction) (ImprovementAction, error) {
	actor, err := s.require(ctx, actor, ActDirectImprovement)
	if err != nil {
		return ImprovementAction{}, err
	}
	if err := s.checkID("id", a.ID); err != nil {
		return ImprovementAction{}, err
	}
	if err := s.checkStakeholders(ctx, "stakeholders", a.Stakeholders); err != nil {
		return ImprovementAction{}, err
	}
	seen := map[string]bool{}
	for _, st := range a.Stakeholders {
		seen[st] = true
	}
	if len(seen) < 2 {
		return ImprovementAction{}, s.invalid("stakeholders", "la acción de mejora debe nombrar al menos dos partes interesadas distintas", "the improvement action must name at least two distinct stakeholders")
	}
	if strings.TrimSpace(a.Action) == "" {
		return ImprovementAction{}, s.invalid("action", "describa la acción de mejora", "describe the improvement action")
	}
	if err := s.checkPerson(ctx, "owner", a.Owner, s.cfg.Level(ActLogInteraction)); err != nil {
		return ImprovementAction{}, err
	}
	today := calendar.DateOf(at)
	if a.Due.IsZero() || a.Due.Before(today) {
		return ImprovementAction{}, s.invalid("due", "la fecha límite debe ser hoy o posterior", "the due date must be today or later")
	}
	a.Status, a.DirectedBy, a.Directed, a.Done, a.Outcome = ImprovementOpen, actor.ID, today, calendar.Date{}, ""
	b := s.store.Begin(actor, "stakeholder.direct_improvement", "direct relationship improvement action").At(at)
	s.improvementColl().Put(b, &a, 0)
	if _, err := b.Commit(ctx); err != nil {
		return ImprovementAction{}, err
	}
	return a, nil
}

// CompleteImprovement marks an open improvement action done with its
// outcome. It needs the "log_interaction" level (4; "Ayuda a desarrollar
// y mejorar las relaciones") and is for the action's owner or someone
// with the "direct_improvement" level.
func (s *Process) CompleteImprovement(ctx context.Context, actor relaciona.Actor, at time.Time, id, outcome string) (ImprovementAction, error) {
	actor, err := s.require(ctx, actor, ActLogInteraction)
	if err != nil {
		return ImprovementAction{}, err
	}
	if strings.TrimSpace(outcome) == "" {
		return ImprovementAction{}, s.invalid("outcome", "indique el resultado de la acción", "give the action's outcome")
	}
	return process.UpdateRecord(ctx, s.store, actor, s.improvementColl(), "stakeholder.complete_improvement", "complete improvement action", at, "", id,
		func(_ *relaciona.Batch, a *ImprovementAction) error {
			if a.Owner != actor.ID {
				if _, err := s.require(ctx, actor, ActDirectImprovement); err != nil {
					return err
				}
			}
			if a.Status != ImprovementOpen {
				return s.invalid("id", "la acción de mejora %q ya está cumplida", "improvement action %q is already done", id)
			}
			a.Status, a.Done, a.Outcome = ImprovementDone, calendar.DateOf(at), outcome
			return nil
		})
}

// Improvements returns the improvement actions, open ones first by due
// date, then the done ones.
func (s *Process) Improvements(ctx context.Context) ([]ImprovementAction, error) {
	out, err := s.improvementColl().Values(ctx, relaciona.Filter{})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b ImprovementAction) int {
		if a.Status != b.Status {
			if a.Status == ImprovementOpen {
				return -1
			}
			return 1
		}
		return dayTime(a.Due).Compare(dayTime(b.Due))
	})
	return out, nil
}
