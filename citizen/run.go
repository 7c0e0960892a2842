package citizen

import (
	"context"
	"fmt"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// AlertKind is what an alert of the periodic job is about.
type AlertKind string

// The alert kinds.
const (
	AlertOverdue           AlertKind = "pqrsd_overdue"
	AlertDueSoon           AlertKind = "pqrsd_due_soon"
	AlertCommitmentOverdue AlertKind = "commitment_overdue"
)

// Alert is raised once by the periodic job for a PQRSD whose term expired
// unanswered, one due soon, or a commitment past its due date.
type Alert struct {
	ID      string        `json:"id"`
	Kind    AlertKind     `json:"kind"`
	Subject string        `json:"subject"`
	Date    calendar.Date `json:"date"`
	Due     calendar.Date `json:"due"`

	// fields are what its notification says.
	fields map[string]string
}

// RunSummary says what one run of the periodic job found and did.
type RunSummary struct {
	Date calendar.Date
	// Overdue, DueSoon and CommitmentsOverdue count the conditions that
	// hold on Date; the New* fields those alerted for the first time.
	Overdue, NewOverdue                       int
	DueSoon, NewDueSoon                       int
	CommitmentsOverdue, NewCommitmentsOverdue int
	// TacitWithdrawals counts the incomplete PQRSD this run took as
	// withdrawn (Ley 1755 de 2015, art. 17).
	TacitWithdrawals int
	// NewFeedback counts the feedback records produced for the offer.
	NewFeedback int
	// NoticesSent and NoticesPending count the notices to citizens retried
	// through the ticket system and those still pending.
	NoticesSent, NoticesPending int
	// NewSkillsOverdue and NewStrategyUnassigned count the skills actions
	// found overdue and the adopted version found with unassigned entries
	// for the first time, whose owners were told (seed 002).
	NewSkillsOverdue, NewStrategyUnassigned int
}

// runChunk is how many alerts one batch of the periodic job writes.
const runChunk = 1000

// Run is the periodic job of the process for date (the agency's scheduled
// "relaciona run" calls it, daily). In one pass over the open PQRSD it
// raises an alert for each PQRSD whose term expired unanswered and each due
// within pqrsd.due_soon_days business days; it alerts commitments of
// participation spaces past their due date; it writes the feedback to the
// offer that the indicator measurements produce (seed 002, activity 5);
// it tells the owner of each skills action past its due date with its
// target unmet, and the author of the adopted strategy version while some
// of its entries have no implementing dependency, once each (seed 002);
// it takes as withdrawn each incomplete PQRSD whose deadline to complete
// passed (Ley 1755 de 2015, art. 17), telling the citizen; and it retries
// the notices to citizens that the ticket system did not take. Every alert
// and feedback has a deterministic id and is written once, in audited
// batches of at most runChunk, and a withdrawn PQRSD is no longer
// incomplete, so a second run on the same date changes nothing. The actor needs the system or
// relationship_lead role.
func (s *Process) Run(ctx context.Context, a relaciona.Actor, date calendar.Date) (RunSummary, error) {
	a, err := s.authorizeOn(ctx, a, "citizen.run", date, RoleSystem, RoleLead)
	if err != nil {
		return RunSummary{}, err
	}
	sum := RunSummary{Date: date}
	soon, err := s.cal.AddBusinessDays(date, s.cfg.PQRSD.DueSoonDays)
	if err != nil {
		return RunSummary{}, fmt.Errorf("%w: %v", relaciona.ErrInvalid, err)
	}
	var pending []Alert
	who := s.recipients()
	flush := func() error {
		n, err := s.putAlerts(ctx, a, date, pending, who)
		if err != nil {
			return err
		}
		for _, al := range n {
			switch al.Kind {
			case AlertOverdue:
				sum.NewOverdue++
			case AlertDueSoon:
				sum.NewDueSoon++
			case AlertCommitmentOverdue:
				sum.NewCommitmentsOverdue++
			}
		}
		pending = pending[:0]
		return nil
	}
	for p, err := range s.Open(ctx) {
		if err != nil {
			return RunSummary{}, err
		}
		switch {
		case p.Due.Before(date):
			sum.Overdue++
			pending = append(pending, Alert{ID: string(AlertOverdue) + "/" + p.ID, Kind: AlertOverdue, Subject: p.ID, Date: date, Due: p.Due, fields: s.pqrsdFields(&p)})
		case !p.Due.After(soon):
			sum.DueSoon++
			pending = append(pending, Alert{ID: string(AlertDueSoon) + "/" + p.ID + "/" + p.Due.String(), Kind: AlertDueSoon, Subject: p.ID, Date: date, Due: p.Due, fields: s.pqrsdFields(&p)})
		default:
			continue
		}
		if len(pending) >= runChunk {
			if err := flush(); err != nil {
				return RunSummary{}, err
			}
		}
	}
	for d, err := range s.commitments.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"process": Kind, "status": string(relaciona.CommitmentOpen)}, To: process.DateTime(date)}) {
		if err != nil {
			return RunSummary{}, err
		}
		c := d.Value
		if !c.Due.Before(date) {
			continue
		}
		sum.CommitmentsOverdue++
		pending = append(pending, Alert{ID: string(AlertCommitmentOverdue) + "/" + c.ID, Kind: AlertCommitmentOverdue, Subject: c.ID, Date: date, Due: c.Due,
			fields: map[string]string{"commitment": c.ID, "space": c.Space, "text": c.Text, "owner": c.Owner}})
		if len(pending) >= runChunk {
			if err := flush(); err != nil {
				return RunSummary{}, err
			}
		}
	}
	if err := flush(); err != nil {
		return RunSummary{}, err
	}
	if sum.TacitWithdrawals, err = s.tacitWithdrawals(ctx, a, date); err != nil {
		return RunSummary{}, err
	}
	// The overdue commitments reach the outbox through the commitments
	// register: its one notice kind, to each one's owner and the person
	// above them, once per commitment and due date.
	if _, err := s.register().NotifyOverdue(ctx, a, Kind, process.DateTime(date)); err != nil {
		return RunSummary{}, err
	}
	if sum.NewSkillsOverdue, sum.NewStrategyUnassigned, err = s.runRecords(ctx, a, date); err != nil {
		return RunSummary{}, err
	}
	n, err := s.putFeedback(ctx, a, date)
	if err != nil {
		return RunSummary{}, err
	}
	sum.NewFeedback = n
	sent, left, err := s.retryNotices(ctx, a, date)
	if err != nil {
		return RunSummary{}, err
	}
	sum.NoticesSent, sum.NoticesPending = sent, left
	s.log.Info("citizen run", "date", date.String(), "overdue", sum.Overdue, "new_overdue", sum.NewOverdue, "due_soon", sum.DueSoon,
		"commitments_overdue", sum.CommitmentsOverdue, "tacit_withdrawals", sum.TacitWithdrawals, "feedback", sum.NewFeedback, "notices_sent", sent, "notices_pending", left)
	return sum, nil
}

// putAlerts writes the alerts that do not exist yet, in one batch with
// their notifications (NotifyPQRSDOverdue, NotifyPQRSDDueSoon,
// NotifyCommitmentOverdue), and returns them. An alert is written once, so
// a second run for the date notifies no one again.
func (s *Process) putAlerts(ctx context.Context, a relaciona.Actor, date calendar.Date, as []Alert, who *recipients) ([]Alert, error) {
	if len(as) == 0 {
		return nil, nil
	}
	ids := make([]string, len(as))
	for i, al := range as {
		ids[i] = al.ID
	}
	have, err := s.alerts.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	had := map[string]bool{}
	for _, d := range have {
		had[d.ID] = true
	}
	b := s.store.Begin(a, "citizen.run", "periodic job of "+date.String()).At(s.stamp(date))
	var out []Alert
	for i := range as {
		if had[as[i].ID] {
			continue
		}
		had[as[i].ID] = true
		s.alerts.Put(b, &as[i], 0)
		out = append(out, as[i])
		if err := s.notifyAlert(ctx, b, &as[i], who); err != nil {
			return nil, err
		}
	}
	return out, commit(ctx, b)
}

// notifyAlert writes the notifications of alert al in batch b: a PQRSD
// due soon to the citizen-service staff; one overdue to them and the
// people directly above them (the relationship leads when the directory
// names no one above).
func (s *Process) notifyAlert(ctx context.Context, b *relaciona.Batch, al *Alert, who *recipients) error {
	var kind string
	var to []relaciona.Person
	var err error
	about := relaciona.Ref{Kind: kindPQRSD, ID: al.Subject}
	switch al.Kind {
	case AlertDueSoon:
		kind = NotifyPQRSDDueSoon
		to, err = who.holders(ctx, RoleService)
	case AlertOverdue:
		kind = NotifyPQRSDOverdue
		to, err = who.escalation(ctx, RoleService, RoleLead)
	default:
		// An overdue commitment is notified by the commitments register
		// (Run calls its NotifyOverdue).
		return nil
	}
	if err != nil {
		return err
	}
	process.NotifyStaff(b, Kind, kind, about, al.Due, to, al.fields)
	return nil
}

// pqrsdFields are the fields of a PQRSD's staff notifications.
func (s *Process) pqrsdFields(p *PQRSD) map[string]string {
	return map[string]string{"pqrsd": p.ID, "type": strings.ToLower(p.Type.Label(s.lang)), "channel": p.Channel, "filed": p.Filed.String()}
}

// putFeedback writes the feedback the measurements up to date produce and
// that does not exist yet.
func (s *Process) putFeedback(ctx context.Context, a relaciona.Actor, date calendar.Date) (int, error) {
	fs, err := s.feedbackDue(ctx, date)
	if err != nil || len(fs) == 0 {
		return 0, err
	}
	ids := make([]string, len(fs))
	for i, f := range fs {
		ids[i] = f.ID
	}
	have, err := s.feedback.GetMany(ctx, ids)
	if err != nil {
		return 0, err
	}
	had := map[string]bool{}
	for _, d := range have {
		had[d.ID] = true
	}
	b := s.store.Begin(a, "citizen.run.feedback", "indicator feedback to the offer").At(s.stamp(date))
	n := 0
	for i := range fs {
		if had[fs[i].ID] {
			continue
		}
		had[fs[i].ID] = true
		s.feedback.Put(b, &fs[i], 0)
		n++
	}
	return n, commit(ctx, b)
}

// retryNotices delivers the pending notices again.
func (s *Process) retryNotices(ctx context.Context, a relaciona.Actor, date calendar.Date) (sent, left int, err error) {
	var pending []Notice
	for d, err := range s.notices.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"status": string(NoticePending)}}) {
		if err != nil {
			return 0, 0, err
		}
		pending = append(pending, d.Value)
	}
	if len(pending) == 0 || s.tickets == nil {
		return 0, len(pending), nil
	}
	at := s.stamp(date)
	for _, n := range pending {
		if err := s.deliver(ctx, a, n, at); err != nil {
			left++
			continue
		}
		sent++
	}
	return sent, left, nil
}

// Alerts lists the alerts of a kind ("" for all) raised in [from, to].
func (s *Process) Alerts(ctx context.Context, kind AlertKind, from, to calendar.Date) ([]Alert, error) {
	var attrs map[string]string
	if kind != "" {
		attrs = map[string]string{"kind": string(kind)}
	}
	f := window(process.DateTime(from), process.DateTime(to.AddDays(1)), attrs)
	return s.alerts.Values(ctx, f)
}
