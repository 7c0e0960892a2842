package stakeholder

import (
	"context"
	"errors"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// kindMostImportant is the record kind of the most important
// stakeholders' designations.
const kindMostImportant = "stakeholder.most_important"

// MostImportant designates a stakeholder as one of the most important,
// whose relationship a level-7 owner manages actively: "Gestiona
// activamente las relaciones con los interesados más importantes" (seed
// 000_f7cf2e5b8754cfa1.txt, "Nivel 7").
//
// The designation is explicit (DesignateMostImportant, at level 7), not
// derived from power × interest: the manage-closely quadrant already has
// level-6 owners (own_key_stakeholder), and "the most important" are a
// level-7 judgement among those, a handful, not a score threshold. The
// owner must interact with the stakeholder at least every
// governance.most_important_max_days business days (interactions logged
// by the owner count); Run tells the owner, and the person above, once
// per lapse.
type MostImportant struct {
	Stakeholder string        `json:"stakeholder"`
	Owner       string        `json:"owner" personal:"no"`
	Since       calendar.Date `json:"since"`
	By          string        `json:"by" personal:"no"`
}

func mostImportantKey(m *MostImportant) relaciona.Key {
	return relaciona.Key{ID: m.Stakeholder, Attrs: map[string]string{"owner": m.Owner}}
}

func (s *Process) mostImportantColl() *relaciona.Collection[MostImportant] {
	return relaciona.NewCollection(s.store, kindMostImportant, mostImportantKey)
}

// DesignateMostImportant marks a stakeholder as most important with its
// relationship owner, or changes the owner of one marked before. It needs
// the "manage_most_important" level (7), and so does the owner: assigning
// a person of a lower level is refused.
func (s *Process) DesignateMostImportant(ctx context.Context, actor relaciona.Actor, at time.Time, stakeholderID, owner string) (MostImportant, error) {
	actor, err := s.require(ctx, actor, ActManageMostImportant)
	if err != nil {
		return MostImportant{}, err
	}
	if _, err := s.stakeholders.Get(ctx, stakeholderID); err != nil {
		return MostImportant{}, s.notFound("stakeholder", "parte interesada desconocida %q", "unknown stakeholder %q", stakeholderID)
	}
	if err := s.checkPerson(ctx, "owner", owner, s.cfg.Level(ActManageMostImportant)); err != nil {
		return MostImportant{}, err
	}
	c := s.mostImportantColl()
	m := MostImportant{Stakeholder: stakeholderID, Owner: owner, Since: calendar.DateOf(at), By: actor.ID}
	err = s.store.Update(ctx, actor, "stakeholder.designate_most_important", "designate most important stakeholder", 3, func(b *relaciona.Batch) error {
		b.At(at)
		d, err := c.Get(ctx, stakeholderID)
		if err != nil && !errors.Is(err, relaciona.ErrNotFound) {
			return err
		}
		c.Put(b, &m, d.Version)
		return nil
	})
	if err != nil {
		return MostImportant{}, err
	}
	return m, nil
}

// MostImportantStatus is a most important stakeholder as of a date: its
// designation, the last interaction its owner logged (zero when none), the
// date the owner's next interaction is due by (the last one, or the
// designation, plus the configured business days) and whether it lapsed.
type MostImportantStatus struct {
	MostImportant
	LastOwnerInteraction calendar.Date
	DueBy                calendar.Date
	Lapsed               bool
}

// MostImportantStakeholders returns the most important stakeholders with
// their status on date.
func (s *Process) MostImportantStakeholders(ctx context.Context, date calendar.Date) ([]MostImportantStatus, error) {
	docs, err := s.mostImportantColl().All(ctx, relaciona.Filter{})
	if err != nil {
		return nil, err
	}
	out := make([]MostImportantStatus, 0, len(docs))
	for _, d := range docs {
		st := MostImportantStatus{MostImportant: d.Value}
		for it, err := range s.Interactions(ctx, st.Stakeholder, st.Since, date) { // the designation is the baseline
			if err != nil {
				return nil, err
			}
			if it.By == st.Owner && it.Date.After(st.LastOwnerInteraction) {
				st.LastOwnerInteraction = it.Date
			}
		}
		base := st.Since
		if st.LastOwnerInteraction.After(base) {
			base = st.LastOwnerInteraction
		}
		if st.DueBy, err = s.cal.AddBusinessDays(base, s.cfg.Governance.MostImportantMaxDays); err != nil {
			return nil, err
		}
		st.Lapsed = date.After(st.DueBy)
		out = append(out, st)
	}
	return out, nil
}

// isMostImportant reports whether stakeholder id is designated most
// important.
func (s *Process) isMostImportant(ctx context.Context, id string) (bool, error) {
	_, err := s.mostImportantColl().Get(ctx, id)
	if errors.Is(err, relaciona.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}
