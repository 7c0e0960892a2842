package satisfaction

import (
	"context"
	"errors"

	"github.com/relaciona/relaciona"
)

// The kinds of notification the process writes to the outbox, each in the
// same batch as the change that makes its item due. A process file may
// override their text under its notifications key (Config.Templates).
const (
	// NoticeComplaintReported tells each process owner of a complaint any
	// team member registered (seed 003 §6.4: "Cada involucrado dentro del
	// equipo de IOTI, debe informar al dueño del proceso ante cualquier
	// reclamo, para así poder registrarlo").
	NoticeComplaintReported = "satisfaction.complaint.reported"
	// NoticeCommitmentDueSoon tells a commitment's owner it falls due
	// within commitments.due_soon_days business days (seed 003 §6.7:
	// commitments with owners and due dates, followed until done).
	NoticeCommitmentDueSoon = "satisfaction.commitment.due_soon"
	// NoticeCommitmentOverdue told a commitment's owner, and the person
	// directly above them, that it was past its due date. Deprecated: the
	// commitments register writes relaciona.NoticeCommitmentOverdue for
	// every process; the kind stays registered so that a file overriding
	// its text still loads.
	NoticeCommitmentOverdue = "satisfaction.commitment.overdue"
	// NoticeSurveyInvitation invites the client's contact, on the closed
	// ticket, to answer its satisfaction survey before the invitation
	// expires (seed 003 §3.1, §6.5: the ticket system's surveys; the
	// surveys section governs when and to whom, see SurveyConf).
	NoticeSurveyInvitation = "satisfaction.survey.invitation"
)

// Templates returns the file's overrides of the notifications' text (the
// notifications key), checked at load; a kind or language without one is
// written with the kind's default. The dispatcher renders with them.
func (c *Config) Templates() relaciona.Templates { return c.Notifications }

// staff returns the directory's people with ids (repeats and "" dropped),
// in order; a person the directory no longer lists is left out and logged
// by id.
func (p *Process) staff(ctx context.Context, ids ...string) ([]relaciona.Person, error) {
	var out []relaciona.Person
	seen := map[string]bool{"": true}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		per, err := p.dir.Person(ctx, id)
		if errors.Is(err, relaciona.ErrNotFound) {
			p.log.Warn("a notification's recipient is not in the directory; left out", "person", id)
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, per)
	}
	return out, nil
}

// holders returns the ids of the people who hold role in this process.
func (p *Process) holders(ctx context.Context, role string) ([]string, error) {
	ps, err := p.dir.Holders(ctx, Kind, role)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(ps))
	for i, per := range ps {
		ids[i] = per.ID
	}
	return ids, nil
}

// holderStaff returns the directory's people who hold role in this
// process (holders, then staff).
func (p *Process) holderStaff(ctx context.Context, role string) ([]relaciona.Person, error) {
	ids, err := p.holders(ctx, role)
	if err != nil {
		return nil, err
	}
	return p.staff(ctx, ids...)
}

// commitmentFields are the fields of a commitment's notifications.
func commitmentFields(c Commitment) map[string]string {
	return map[string]string{"commitment": c.ID, "description": c.Description, "client": c.Client, "owner": c.Owner, "action": c.Action}
}
