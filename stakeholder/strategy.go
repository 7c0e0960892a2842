package stakeholder

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// Strategy is the agency's stakeholder management strategy: the approach
// and objectives, approved at level 6 (seed 000_f7cf2e5b8754cfa1.txt,
// "Nivel 6": "Lidera el desarrollo de estrategias y planes integrales"),
// and the principles of effective relationships, set at level 7 ("Nivel
// 7": "Define y logra acuerdo sobre los principios para establecer
// relaciones efectivas entre los interesados").
type Strategy struct {
	Approach      string        `json:"approach,omitempty"`
	Objectives    []string      `json:"objectives,omitempty"`
	ApprovedBy    string        `json:"approved_by,omitempty"`
	Approved      calendar.Date `json:"approved,omitzero"`
	Principles    []string      `json:"principles,omitempty"`
	PrinciplesBy  string        `json:"principles_by,omitempty"`
	PrinciplesSet calendar.Date `json:"principles_set,omitzero"`
}

// Strategy returns the current strategy (the zero Strategy when none has
// been set).
func (s *Process) Strategy(ctx context.Context) (Strategy, error) {
	d, err := s.strategy.Get(ctx, "current")
	if errors.Is(err, relaciona.ErrNotFound) {
		return Strategy{}, nil
	}
	return d.Value, err
}

func (s *Process) updateStrategy(ctx context.Context, actor relaciona.Actor, at time.Time, action string, fn func(*Strategy)) (Strategy, error) {
	var out Strategy
	err := s.store.Update(ctx, actor, action, "strategy", 3, func(b *relaciona.Batch) error {
		b.At(at)
		d, err := s.strategy.Get(ctx, "current")
		if err != nil && !errors.Is(err, relaciona.ErrNotFound) {
			return err
		}
		fn(&d.Value)
		s.strategy.Put(b, &d.Value, d.Version)
		out = d.Value
		return nil
	})
	return out, err
}

// ApproveStrategy sets and approves the strategy's approach and
// objectives. It needs the "approve" level (6). This is the plan-level
// strategy; the strategic approach of "Nivel 7" (roles, governance,
// policies, principles, the IT ↔ end-users owner) is the Approach record,
// approved only at level 7 (ApproveApproach).
func (s *Process) ApproveStrategy(ctx context.Context, actor relaciona.Actor, at time.Time, approach string, objectives []string) (Strategy, error) {
	actor, err := s.require(ctx, actor, ActApprove)
	if err != nil {
		return Strategy{}, err
	}
	if strings.TrimSpace(approach) == "" {
		return Strategy{}, s.invalid("approach", "la estrategia necesita un enfoque", "the strategy needs an approach")
	}
	return s.updateStrategy(ctx, actor, at, "stakeholder.approve_strategy", func(st *Strategy) {
		st.Approach, st.Objectives, st.ApprovedBy, st.Approved = approach, objectives, actor.ID, calendar.DateOf(at)
	})
}

// SetPrinciples sets the principles of effective relationships. It needs
// the "set_principles" level (7).
func (s *Process) SetPrinciples(ctx context.Context, actor relaciona.Actor, at time.Time, principles []string) (Strategy, error) {
	actor, err := s.require(ctx, actor, ActSetPrinciples)
	if err != nil {
		return Strategy{}, err
	}
	if len(principles) == 0 {
		return Strategy{}, s.invalid("principles", "indique al menos un principio", "give at least one principle")
	}
	for i, p := range principles {
		if strings.TrimSpace(p) == "" {
			return Strategy{}, s.invalid("principles", "el principio %d está vacío", "principle %d is empty", i)
		}
	}
	return s.updateStrategy(ctx, actor, at, "stakeholder.set_principles", func(st *Strategy) {
		st.Principles, st.PrinciplesBy, st.PrinciplesSet = principles, actor.ID, calendar.DateOf(at)
	})
}
