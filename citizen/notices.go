package citizen

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// The kinds of notification the process writes to the outbox, each in the
// same batch as the change that makes its item due. A process file may
// override their text under its notifications key (Config.Templates).
const (
	// NotifyPQRSDDueSoon tells the citizen-service staff that a PQRSD
	// falls due within pqrsd.due_soon_days business days.
	NotifyPQRSDDueSoon = "citizen.pqrsd.due_soon"
	// NotifyPQRSDOverdue tells the citizen-service staff that a PQRSD's
	// legal term (Ley 1755 de 2015, art. 14) expired unanswered, and
	// escalates it to the person directly above each of them in the
	// directory (the relationship leads when the directory names no one).
	NotifyPQRSDOverdue = "citizen.pqrsd.overdue"
	// NotifyCommitmentOverdue told the relationship leads that a
	// commitment of a participation space was past its due date.
	// Deprecated: the commitments register writes
	// relaciona.NoticeCommitmentOverdue for every process; the kind stays
	// registered so that a file overriding its text still loads.
	NotifyCommitmentOverdue = "citizen.commitment.overdue"
	// NotifyExtension is the notice to the citizen that the term is
	// extended (Ley 1755 de 2015, art. 14, parágrafo): the reason and the
	// new date, told before the term expires. Its Due is the date the term
	// expired without the extension: it must be sent by then.
	NotifyExtension = "citizen.pqrsd.extension"
	// NotifyForward tells the citizen that the PQRSD went to the competent
	// authority (Ley 1755 de 2015, art. 21).
	NotifyForward = "citizen.pqrsd.forward"
	// NotifyAnswer takes the answer to the citizen.
	NotifyAnswer = "citizen.pqrsd.answer"
	// NotifyPQRSDPriority tells the citizen-service staff that a PQRSD has
	// priority attention (Ley 1755 de 2015, art. 20), with its reason, in
	// the batch that files or prioritises it.
	NotifyPQRSDPriority = "citizen.pqrsd.priority"
	// NotifyCompletionRequest asks the citizen to complete the petition
	// (Ley 1755 de 2015, art. 17): what is missing and the deadline; its
	// Due is the deadline.
	NotifyCompletionRequest = "citizen.pqrsd.completion_request"
	// NotifyTacitWithdrawal tells the citizen the petition is taken as
	// withdrawn and archived for not being completed in time (art. 17).
	NotifyTacitWithdrawal = "citizen.pqrsd.tacit_withdrawal"
	// NotifyExOfficio tells the citizen that the agency continues a
	// withdrawn petition ex officio, with its reasoned decision (art. 18).
	NotifyExOfficio = "citizen.pqrsd.ex_officio"
)

// Templates returns the file's overrides of the notifications' text (the
// notifications key), checked at load; a kind or language without one is
// written with the kind's default. The dispatcher renders with them.
func (c *Config) Templates() relaciona.Templates { return c.Notifications }

// recipients caches, for one run, who the directory says is told of what.
type recipients struct {
	s     *Process
	roles map[string][]relaciona.Person
	above map[string][]relaciona.Person
}

func (s *Process) recipients() *recipients {
	return &recipients{s: s, roles: map[string][]relaciona.Person{}, above: map[string][]relaciona.Person{}}
}

// holders returns the people who hold role in this process.
func (r *recipients) holders(ctx context.Context, role string) ([]relaciona.Person, error) {
	if ps, ok := r.roles[role]; ok {
		return ps, nil
	}
	ps, err := r.s.dir.Holders(ctx, Kind, role)
	if err != nil {
		return nil, err
	}
	r.roles[role] = ps
	return ps, nil
}

// escalation returns the holders of role and the people directly above
// each of them; with no one above any of them, the holders of fallback.
func (r *recipients) escalation(ctx context.Context, role, fallback string) ([]relaciona.Person, error) {
	key := role + "/" + fallback
	if ps, ok := r.above[key]; ok {
		return ps, nil
	}
	hs, err := r.holders(ctx, role)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(hs)
	var up []relaciona.Person
	for _, h := range hs {
		m, err := r.s.dir.Manager(ctx, h.ID)
		if errors.Is(err, relaciona.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		up = append(up, m)
	}
	if len(up) == 0 {
		if up, err = r.holders(ctx, fallback); err != nil {
			return nil, err
		}
	}
	out = append(out, up...)
	out = slices.CompactFunc(sortedPeople(out), func(a, b relaciona.Person) bool { return a.ID == b.ID })
	r.above[key] = out
	return out, nil
}

func sortedPeople(ps []relaciona.Person) []relaciona.Person {
	slices.SortFunc(ps, func(a, b relaciona.Person) int { return strings.Compare(a.ID, b.ID) })
	return ps
}

// citizenRecipient is how the outbox reaches the citizen of p: by the
// e-mail they gave, when the PQRSD did not come from a ticket. A PQRSD
// from a ticket is answered on its ticket by the process itself (the
// notice's public reply, in the change's transaction and retried by Run),
// so the outbox writes nothing for it: a ticket-channel notification would
// reply a second time. ok is false then, and when the citizen gave no
// contact (an anonymous PQRSD, a counter filing without e-mail).
func citizenRecipient(p *PQRSD) (relaciona.Recipient, string, bool) {
	if p.TicketID == "" && strings.TrimSpace(p.Requester.Email) != "" {
		return relaciona.Recipient{Email: p.Requester.Email, Name: p.Requester.Name}, relaciona.ChannelEmail, true
	}
	return relaciona.Recipient{}, "", false
}

// notifyCitizen writes, in batch b, the notification to the citizen of p
// that goes with notice n (an extension, a forwarding, an answer, a request
// to complete, a tacit withdrawal, an ex officio continuation), when the
// citizen gave a contact.
func (s *Process) notifyCitizen(b *relaciona.Batch, p *PQRSD, n *Notice) {
	to, channel, ok := citizenRecipient(p)
	if !ok {
		return
	}
	fields := map[string]string{"pqrsd": p.ID, "type": strings.ToLower(p.Type.Label(s.lang)), "entity": s.cfg.Entity}
	var kind string
	var due calendar.Date
	switch n.Kind {
	case NoticeExtension:
		kind, due = NotifyExtension, p.Extension.PreviousDue
		fields["reason"], fields["new_due"], fields["previous_due"] = p.Extension.Reason, p.Extension.NewDue.String(), p.Extension.PreviousDue.String()
	case NoticeForward:
		kind = NotifyForward
		fields["authority"] = p.Forward.Authority
	case NoticeAnswer:
		kind = NotifyAnswer
		fields["answer"] = p.Answer.Summary
	case NoticeCompletion:
		kind, due = NotifyCompletionRequest, p.Completion.Deadline
		fields["what"], fields["deadline"] = p.Completion.What, p.Completion.Deadline.String()
	case NoticeWithdrawal:
		kind = NotifyTacitWithdrawal
		fields["deadline"], fields["requested"] = p.Completion.Deadline.String(), p.Completion.Requested.String()
	case NoticeExOfficio:
		kind = NotifyExOfficio
		fields["reason"] = p.Withdrawal.ExOfficio.Reason
	default:
		return
	}
	b.Notify(relaciona.Notification{Kind: kind, Process: Kind, About: relaciona.Ref{Kind: kindPQRSD, ID: p.ID}, Due: process.DateString(due),
		To: to, Lang: s.lang, Channel: channel, Fields: fields})
}
