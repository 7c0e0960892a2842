package stakeholder

import (
	"context"
	"errors"
	"iter"
	"strconv"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// The notification kinds of the process, each written to the outbox in
// the same batch as the change that makes its item due.
const (
	// NoticeIssueEscalated: Run moved an unresolved issue up the chain. To
	// the new level's owner (the person who now holds it) and to the
	// person the directory puts above the one who held it (its assignee,
	// else its owner), so the escalation reaches a person, not a level
	// (seed 000_f7cf2e5b8754cfa1.txt: issues are handled at a level and
	// level 7 "es el último punto de escalamiento").
	NoticeIssueEscalated = "stakeholder.issue.escalated"
	// NoticeIssueOverdueFinal: an issue at level 7 passed the last term.
	// To the level-7 owner and the person above them, if any.
	NoticeIssueOverdueFinal = "stakeholder.issue.overdue_final"
	// NoticeCommunicationOverdue: a planned communication passed its
	// deadline (scheduled date plus plan.overdue_grace_days business days)
	// without being carried out. To the plan item's owner (seed: level 4
	// "Implementa el plan de participación / comunicación").
	NoticeCommunicationOverdue = "stakeholder.communication.overdue"
	// NoticeCommitmentDue: a commitment falls due: a follow-up agreed in
	// an interaction, or a corrective action of an issue not done yet. To
	// its owner, on its due date (seed: level 4 "Se ocupa de problemas y
	// asuntos, gestionando resoluciones, acciones correctivas").
	NoticeCommitmentDue = "stakeholder.commitment.due"
)

// commitment is the due-date index of a commitment (a follow-up of an
// interaction, a corrective action of an issue): one record per
// commitment, with its due date as the store time, written with the
// interaction or action. Run reads those due through the time index,
// notifies the owner and deletes the record in one batch, so a re-run
// finds it gone.
type commitment struct {
	ID          string        `json:"id"`
	Source      relaciona.Ref `json:"source"`
	Index       int           `json:"index"` // of the follow-up or corrective action in its source
	Action      string        `json:"action"`
	Owner       string        `json:"owner"`
	Due         calendar.Date `json:"due"`
	Stakeholder string        `json:"stakeholder"`
}

// notifyCommitments notifies the owner of each commitment due on or
// before date and still open, and deletes its index record in the same
// batch, in batches of up to runChunk; it returns the notifications and
// the batches written.
func (s *Process) notifyCommitments(ctx context.Context, actor relaciona.Actor, date calendar.Date) (notified, batches int, err error) {
	// The register's overdue commitments (follow-ups, agreements) first.
	if notified, err = s.notifyOverdueCommitments(ctx, actor, date); err != nil {
		return notified, batches, err
	}
	for conflicts := 0; ; {
		var due []relaciona.Doc[commitment]
		for d, err := range s.commitments.Scan(ctx, relaciona.Filter{To: dayTime(date.AddDays(1)), Limit: runChunk}) {
			if err != nil {
				return notified, batches, err
			}
			due = append(due, d)
		}
		if len(due) == 0 {
			return notified, batches, nil
		}
		b := s.store.Begin(actor, "stakeholder.notify_commitments", "commitments due by "+date.String()).At(dayTime(date))
		n := 0
		for _, d := range due {
			c := d.Value
			open, err := s.commitmentOpen(ctx, c)
			if err != nil {
				return notified, batches, err
			}
			if open && c.Owner != "" {
				source := s.lang.Tf("la interacción %s", "interaction %s", c.Source.ID)
				if c.Source.Kind == kindIssue {
					source = s.lang.Tf("el asunto %s", "issue %s", c.Source.ID)
				}
				b.Notify(relaciona.Notification{Kind: NoticeCommitmentDue, Process: Kind, About: relaciona.Ref{Kind: kindCommitment, ID: c.ID},
					Due: process.DateString(c.Due), To: relaciona.Recipient{Person: c.Owner}, Lang: s.personLang(ctx, c.Owner),
					Fields: map[string]string{"record": c.Source.ID, "commitment": c.Action, "source": source, "stakeholder": c.Stakeholder, "owner": c.Owner}})
				n++
			}
			s.commitments.Delete(b, c.ID, d.Version)
		}
		if _, err := b.Commit(ctx); err != nil {
			if errors.Is(err, relaciona.ErrConflict) && conflicts < 5 {
				conflicts++
				continue // another run took some: read again
			}
			return notified, batches, err
		}
		notified += n
		batches++
	}
}

// commitmentOpen reports whether a commitment is still to be done: a
// follow-up always (it has no done mark), a corrective action while its
// issue is open and the action not done.
func (s *Process) commitmentOpen(ctx context.Context, c commitment) (bool, error) {
	if c.Source.Kind != kindIssue {
		return true, nil
	}
	d, err := s.issues.Get(ctx, c.Source.ID)
	if errors.Is(err, relaciona.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	i := d.Value
	if i.Status != IssueOpen {
		return false, nil
	}
	if c.Index < 0 || c.Index >= len(i.Actions) {
		return false, nil
	}
	return i.Actions[c.Index].Done.IsZero(), nil
}

// manager returns the id of the person the directory puts above id, or ""
// when it names no one (or does not list id).
func (s *Process) manager(ctx context.Context, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	m, err := s.dir.Manager(ctx, id)
	if errors.Is(err, relaciona.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return m.ID, nil
}

// issueNotices returns the notifications an issue's change in Run calls
// for: escalated when it climbed (before is the number of steps it had;
// prev who held it: its assignee, else its owner), else overdue at the
// last level when it just became so; none otherwise.
func (s *Process) issueNotices(ctx context.Context, i *Issue, prev string, before int, wasOverdue bool) ([]relaciona.Notification, error) {
	escalated := len(i.Escalations) > before
	overdue := i.OverdueAtFinal && !wasOverdue
	var kind, due string
	var missed calendar.Date
	from := i.Level
	switch {
	case escalated:
		// Several steps when runs were missed: one notice, from the level
		// it held to the one it reached.
		kind, due = NoticeIssueEscalated, process.DateString(i.Deadline)
		if due == "" {
			due = process.DateString(i.LevelSince)
		}
		missed, from = i.Escalations[len(i.Escalations)-1].Missed, i.Escalations[before].From
	case overdue:
		kind, missed = NoticeIssueOverdueFinal, i.OverdueSince.AddDays(-1)
		due = process.DateString(missed)
	default:
		return nil, nil
	}
	fields := map[string]string{
		"record": i.ID, "issue": i.ID, "issue_title": i.Title, "stakeholder": i.Stakeholder,
		"severity": string(i.Severity), "level": strconv.Itoa(i.Level), "from_level": strconv.Itoa(from),
		"missed": process.DateString(missed), "owner": i.Owner,
	}
	to := []string{i.Owner}
	above := prev
	if !escalated {
		above = i.Owner
	}
	m, err := s.manager(ctx, above)
	if err != nil {
		return nil, err
	}
	if m != "" && m != i.Owner {
		to = append(to, m)
	}
	var out []relaciona.Notification
	for _, id := range to {
		if id == "" {
			continue
		}
		out = append(out, relaciona.Notification{Kind: kind, Process: Kind, About: relaciona.Ref{Kind: kindIssue, ID: i.ID},
			Due: due, To: relaciona.Recipient{Person: id}, Lang: s.personLang(ctx, id), Fields: fields})
	}
	return out, nil
}

// personLang is the language the directory says id reads, or "" (the
// deployment's).
func (s *Process) personLang(ctx context.Context, id string) relaciona.Lang {
	p, err := s.dir.Person(ctx, id)
	if err != nil {
		return ""
	}
	return relaciona.Lang(p.Lang)
}

// communicationNotice is the notification of an overdue planned
// communication, to the plan item's owner; its key holds the scheduled
// date, so each communication is notified once.
func (s *Process) communicationNotice(ctx context.Context, c Communication) relaciona.Notification {
	p := c.Item
	audience := p.Stakeholder
	if audience == "" {
		audience = p.Group
	}
	channel := p.Channel
	if ch, ok := s.channels[p.Channel]; ok && ch.Name != "" {
		channel = ch.Name
	}
	return relaciona.Notification{Kind: NoticeCommunicationOverdue, Process: Kind, About: relaciona.Ref{Kind: kindPlanItem, ID: p.ID},
		Due: process.DateString(c.Scheduled), To: relaciona.Recipient{Person: p.Owner}, Lang: s.personLang(ctx, p.Owner),
		Fields: map[string]string{
			"record": p.ID, "plan_item": p.ID, "objective": p.Objective, "channel": channel, "audience": audience,
			"scheduled": process.DateString(c.Scheduled), "deadline": process.DateString(c.Deadline), "pending": strconv.Itoa(c.Pending),
		}}
}

// notifyOverdue writes, in one audited batch per chunk, the notification
// of each communication overdue on date that is not in the outbox yet,
// and returns how many communications were overdue and how many
// notifications it wrote. Nothing else changes when a communication falls
// overdue, so the notification is the change: a re-run finds it in the
// outbox and writes nothing; a concurrent run's batch conflicts and is
// read again.
func (s *Process) notifyOverdue(ctx context.Context, actor relaciona.Actor, date calendar.Date) (overdue, notified int, err error) {
	scanned := false // the last pass read every overdue communication
	notices := func(yield func(relaciona.Notification, error) bool) {
		overdue, scanned = 0, false
		for c, err := range s.Overdue(ctx, date) {
			if err != nil {
				yield(relaciona.Notification{}, err)
				return
			}
			overdue++
			if c.Item.Owner != "" && !yield(s.communicationNotice(ctx, c), nil) {
				return
			}
		}
		scanned = true
	}
	notified, _, err = s.notifyUnsent(ctx, actor, date, "stakeholder.notify_overdue", "overdue communications of "+date.String(), runChunk, notices)
	if err != nil && !scanned {
		return 0, 0, err // a read failed
	}
	return overdue, notified, err
}

// notifyUnsent writes the notifications of notices that the outbox does
// not hold yet, in audited batches (op, note) of up to chunk each (all in
// one when chunk is 0), and returns how many it wrote and the batches. It
// serves the notices where the notification is itself the change: a
// re-run finds them in the outbox and writes nothing; when a concurrent
// run's batch conflicts, it ranges over notices again (up to three more
// times) and writes what is still missing.
func (s *Process) notifyUnsent(ctx context.Context, actor relaciona.Actor, date calendar.Date, op, note string, chunk int,
	notices iter.Seq2[relaciona.Notification, error]) (notified, batches int, err error) {
	for attempt := 0; ; attempt++ {
		var pending []relaciona.Notification
		for n, err := range notices {
			if err != nil {
				return 0, 0, err
			}
			_, _, err := s.store.Notified(ctx, n.Key())
			switch {
			case err == nil:
				continue // told already
			case !errors.Is(err, relaciona.ErrNotFound):
				return 0, 0, err
			}
			pending = append(pending, n)
		}
		if len(pending) == 0 {
			return notified, batches, nil
		}
		size := chunk
		if size <= 0 {
			size = len(pending)
		}
		var werr error
		for start := 0; start < len(pending) && werr == nil; start += size {
			b := s.store.Begin(actor, op, note).At(dayTime(date))
			part := pending[start:min(start+size, len(pending))]
			for _, n := range part {
				b.Notify(n)
			}
			if _, werr = b.Commit(ctx); werr == nil {
				notified += len(part)
				batches++
			}
		}
		if werr == nil {
			return notified, batches, nil
		}
		if !errors.Is(werr, relaciona.ErrConflict) || attempt >= 3 {
			return notified, batches, werr
		}
		// Another run wrote some of them meanwhile: read the outbox again.
	}
}
