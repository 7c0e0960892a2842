package alliance

import (
	"context"
	"fmt"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// SpeaksForRole is the directory role, in this process, of a person who
// speaks for partner organisation org: who confirms, for the partner, the
// commitments the office makes under its agreement ("speaks_for:<org>").
// The directory decides who holds it, never the caller.
func SpeaksForRole(org string) string { return "speaks_for:" + org }

// NewCommitment is one commitment of the office under a PS54 agreement
// with a partner (seed 001: "realizar tareas de negociación y el
// establecer acuerdos"): what, the directory person who owns it, the due
// date, and the directory people who confirm it for the partner (when
// empty, those the directory gives SpeaksForRole of the partner).
type NewCommitment struct {
	What       string
	Owner      string
	Due        calendar.Date
	Confirmers []string
}

// AddCommitments records the office's commitments under the agreement of
// alliance allianceID, in the commitments register, in the batch that
// adds the note of them to the alliance (so both are written or neither).
// The alliance must be in force (active, kept or renegotiating). Each
// commitment is owned by a person of the directory and confirmed only by
// who speaks for the partner; one with no one to confirm it is refused.
// Encargado OMIL only. It returns the register's ids.
func (s *Process) AddCommitments(ctx context.Context, actor relaciona.Actor, allianceID string, at calendar.Date, cs []NewCommitment) ([]string, error) {
	actor, err := s.allow(ctx, actor, StepAgree)
	if err != nil {
		return nil, err
	}
	if at.IsZero() {
		return nil, s.invalid("date", "la fecha es obligatoria", "the date is required")
	}
	if len(cs) == 0 {
		return nil, s.invalid("commitments", "indique al menos un compromiso", "give at least one commitment")
	}
	d, err := s.alliances.Get(ctx, allianceID)
	if err != nil {
		return nil, err
	}
	a := d.Value
	switch a.Status {
	case StatusActive, StatusKept, StatusRenegotiating:
	default:
		return nil, s.invalid("alliance", "la alianza %s está %s: los compromisos son de un acuerdo vigente", "alliance %s is %s: commitments belong to an agreement in force", a.ID, a.Status)
	}
	speaks, err := s.dir.Holders(ctx, Kind, SpeaksForRole(a.Organisation))
	if err != nil {
		return nil, err
	}
	b := s.store.Begin(actor, "alliance.commitments", s.reason("compromisos del acuerdo de %s", "commitments of the agreement of %s", a.ID)).At(stamp(at))
	reg := relaciona.NewCommitments(s.store, s.dir)
	var ids, whats []string
	n := len(a.Notes)
	for i, c := range cs {
		f := fmt.Sprintf("commitments[%d]", i)
		if strings.TrimSpace(c.What) == "" {
			return nil, s.invalid(f+".what", "el compromiso necesita qué se compromete", "the commitment needs what is committed")
		}
		if c.Due.IsZero() {
			return nil, s.invalid(f+".due", "el compromiso necesita una fecha de vencimiento", "the commitment needs a due date")
		}
		who := c.Confirmers
		if len(who) == 0 {
			for _, p := range speaks {
				who = append(who, p.ID)
			}
		}
		if len(who) == 0 {
			return nil, s.invalid(f+".confirmers", "nadie confirma por el socio %s: nómbrelo o dele en el directorio el rol %s", "no one confirms for partner %s: name them or give them the directory role %s", a.Organisation, SpeaksForRole(a.Organisation))
		}
		r, err := reg.Add(ctx, b, relaciona.NewCommitment{
			Key:    fmt.Sprintf("%s/%d", a.ID, n+i+1),
			Source: relaciona.CommitmentSource{Process: Kind, Kind: KindAlliance, ID: a.ID},
			Ours:   relaciona.OurParty{Owner: c.Owner, Unit: a.Office},
			Theirs: relaciona.OtherParty{Kind: "partner", ID: a.Organisation, Confirmers: who},
			What:   c.What, Due: dayStart(c.Due), Date: dayStart(at),
			Index: map[string]string{"office": a.Office, "alliance": a.ID},
		})
		if err != nil {
			return nil, prefix(err, f)
		}
		ids = append(ids, r.ID)
		whats = append(whats, c.What)
	}
	a.Notes = append(a.Notes, Note{Date: at, Actor: actor.ID, Text: s.reason("Compromisos del acuerdo: %s", "Commitments of the agreement: %s", strings.Join(whats, "; "))})
	s.alliances.Put(b, &a, d.Version)
	if _, err := b.Commit(ctx); err != nil {
		return nil, err
	}
	return ids, nil
}

// prefix puts f before the field of a validation error.
func prefix(err error, f string) error {
	if ve, ok := err.(*relaciona.ValidationError); ok {
		c := *ve
		c.Field = f + "." + c.Field
		return &c
	}
	return fmt.Errorf("%s: %w", f, err)
}

// Commitments lists the office's commitments under its agreements, in the
// register, those of alliance allianceID when it is not empty.
func (s *Process) Commitments(ctx context.Context, allianceID string) ([]relaciona.Commitment, error) {
	f := relaciona.CommitmentFilter{Process: Kind}
	if allianceID != "" {
		f.Source = KindAlliance + "/" + allianceID
	}
	return relaciona.NewCommitments(s.store, s.dir).List(ctx, f)
}

// notifyOverdueCommitments sends the process's overdue commitments to the
// outbox through the register (relaciona.NoticeCommitmentOverdue, to the
// owner and the person above them, once per commitment and due date): Run
// calls it.
func (s *Process) notifyOverdueCommitments(ctx context.Context, actor relaciona.Actor, date calendar.Date) (int, error) {
	cs, err := relaciona.NewCommitments(s.store, s.dir).NotifyOverdue(ctx, actor, Kind, dayStart(date))
	return len(cs), err
}
