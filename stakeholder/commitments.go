package stakeholder

import (
	"context"
	"fmt"
	"slices"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// SpeaksForRole is the directory role, in this process, of a person who
// speaks for stakeholder id: who confirms, for the stakeholder, the
// commitments the agency makes to it ("speaks_for:<id>"). The directory
// decides who holds it (the deployment's roster or LDAP), never the
// caller.
func SpeaksForRole(id string) string { return "speaks_for:" + id }

// The commitments register's record kinds of the two sources: an agreed
// follow-up and an agreement's commitment are both made by an
// interaction.
const (
	partyStakeholder = "stakeholder"
)

// confirmers are the directory people who confirm for stakeholder st:
// those the directory gives SpeaksForRole(st.ID), else the stakeholder's
// single point of contact (level 5, "actúa como punto único de contacto":
// the person who carries the stakeholder's voice), never the commitment's
// owner.
func (s *Process) confirmers(ctx context.Context, st Stakeholder, owner string) ([]string, error) {
	ps, err := s.dir.Holders(ctx, Kind, SpeaksForRole(st.ID))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	if len(out) == 0 && st.ContactPoint != "" {
		out = []string{st.ContactPoint}
	}
	return slices.DeleteFunc(out, func(id string) bool { return id == owner }), nil
}

// registerCommitments makes, in b (the batch that logs interaction it),
// one entry of the commitments register for each follow-up agreed in the
// interaction and each commitment of the agreement it records (seed 000,
// level 6: "Negocia para asegurar que los interesados ... acuerden lo que
// satisfará sus necesidades, y que se definan los acuerdos apropiados").
// Each is owned by its owner, due on its date and confirmed by who speaks
// for the stakeholder (confirmers). An agreement's commitment with no one
// to confirm it is refused: an agreement is negotiated with someone. A
// follow-up with no one to confirm it stays what it was before the
// register, the owner's reminder (notifyCommitments), and no entry of the
// register.
func (s *Process) registerCommitments(ctx context.Context, b *relaciona.Batch, it *Interaction) error {
	type made struct {
		key, field string
		fu         FollowUp
	}
	var all []made
	for j, fu := range it.FollowUps {
		all = append(all, made{fmt.Sprintf("%s/fu/%d", it.ID, j), fmt.Sprintf("follow_ups[%d]", j), fu})
	}
	if it.Agreement != nil {
		for j, c := range it.Agreement.Commitments {
			f := fmt.Sprintf("agreement.commitments[%d]", j)
			if c.Action == "" {
				return s.invalid(f+".action", "el compromiso del acuerdo necesita qué se compromete", "the agreement's commitment needs what is committed")
			}
			if err := s.checkPerson(ctx, f+".owner", c.Owner, 1); err != nil {
				return err
			}
			if c.Due.IsZero() {
				return s.invalid(f+".due", "el compromiso del acuerdo necesita una fecha", "the agreement's commitment needs a due date")
			}
			all = append(all, made{fmt.Sprintf("%s/ag/%d", it.ID, j), f, c})
		}
	}
	if len(all) == 0 {
		return nil
	}
	sd, err := s.stakeholders.Get(ctx, it.Stakeholder)
	if err != nil {
		return err
	}
	reg := relaciona.NewCommitments(s.store, s.dir)
	for _, m := range all {
		who, err := s.confirmers(ctx, sd.Value, m.fu.Owner)
		if err != nil {
			return err
		}
		if len(who) == 0 && m.key[len(it.ID)+1:len(it.ID)+3] == "fu" {
			continue
		}
		if len(who) == 0 {
			return s.invalid(m.field+".owner", "nadie confirma por %q: el directorio no da a nadie el rol %s y su punto de contacto es el responsable o falta",
				"no one confirms for %q: the directory gives no one the role %s and its contact point is the owner or missing", it.Stakeholder, SpeaksForRole(it.Stakeholder))
		}
		extra := map[string]string{"kind": "follow_up"}
		if m.key[len(it.ID)+1:len(it.ID)+3] == "ag" {
			extra["kind"] = "agreement"
		}
		if _, err := reg.Add(ctx, b, relaciona.NewCommitment{
			Key:    m.key,
			Source: relaciona.CommitmentSource{Process: Kind, Kind: kindInteraction, ID: it.ID},
			Ours:   relaciona.OurParty{Owner: m.fu.Owner},
			Theirs: relaciona.OtherParty{Kind: partyStakeholder, ID: it.Stakeholder, Confirmers: who},
			What:   m.fu.Action, Due: dayTime(m.fu.Due), Date: dayTime(it.Date),
			Extra: extra, Index: map[string]string{"stakeholder": it.Stakeholder},
		}); err != nil {
			return prefixField(err, m.field)
		}
	}
	return nil
}

// CommitmentID is the commitments register's id of the follow-up j of
// interaction id (agreement false) or of its agreement's commitment j.
func CommitmentID(interaction string, j int, agreement bool) string {
	part := "fu"
	if agreement {
		part = "ag"
	}
	return relaciona.CommitmentID(Kind, fmt.Sprintf("%s/%s/%d", interaction, part, j))
}

// Commitments lists the process's commitments in the register (follow-ups
// and agreements), those of stakeholder id when it is not empty, by due
// date.
func (s *Process) Commitments(ctx context.Context, id string) ([]relaciona.Commitment, error) {
	f := relaciona.CommitmentFilter{Process: Kind}
	if id != "" {
		f.Party = partyStakeholder + "/" + id
	}
	return relaciona.NewCommitments(s.store, s.dir).List(ctx, f)
}

// notifyOverdueCommitments sends the process's overdue commitments to the outbox
// through the register (relaciona.NoticeCommitmentOverdue, owner and the
// person above them, once per commitment and due date): Run calls it.
func (s *Process) notifyOverdueCommitments(ctx context.Context, actor relaciona.Actor, date calendar.Date) (int, error) {
	cs, err := relaciona.NewCommitments(s.store, s.dir).NotifyOverdue(ctx, actor, Kind, dayTime(date))
	return len(cs), err
}
