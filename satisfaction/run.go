package satisfaction

import (
	"context"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// RunSummary says what a Run did.
type RunSummary struct {
	Date calendar.Date
	// Sync is what was read from the ticket system.
	Sync SyncResult
	// Overdue lists the commitments newly flagged overdue (their owners,
	// and the people above them, notified).
	Overdue []string
	// Reminded lists the open commitments whose owners were newly reminded
	// that they fall due within commitments.due_soon_days business days.
	Reminded []string
	// Snapshots lists the finished months whose figures were stored.
	Snapshots []Month
	// Invited lists the tickets whose clients were newly invited to the
	// satisfaction survey (surveys section).
	Invited []string
	// Reports lists the standard service reports newly issued (ids of
	// IssuedReport).
	Reports []string
	// DocumentsDue lists the process documents whose owners were newly
	// told they are past their review date.
	DocumentsDue []string
	// DirectionMissing lists the Dirección review periods (first month)
	// that ended without a review, newly told to Dirección.
	DirectionMissing []string
}

// Run does the date-driven work of the process, as the agency's scheduled
// job: it reads ticket changes and survey responses from the ticket system
// (registering complaint tickets as complaints), flags the commitments past
// their due date, stores the figures of the finished months of the trend,
// invites the clients of closed tickets to their satisfaction survey
// (surveys section) and, from the first business day of a month, issues
// each client's standard service report of the month before. It is idempotent for a date: a second call with the same date
// changes nothing. The process manager runs it (seed 003 §4.3, §6.5).
func (p *Process) Run(ctx context.Context, a relaciona.Actor, date calendar.Date) (RunSummary, error) {
	// The agency's scheduled job (relaciona.SystemActor) runs it too: it is
	// no member of the team, and may do nothing else.
	a, err := p.authorize(ctx, a, "run the periodic job", RoleManager, RoleOwner, relaciona.RoleSystem)
	if err != nil {
		return RunSummary{}, err
	}
	if date.IsZero() {
		return RunSummary{}, p.invalid("date", "la fecha es obligatoria", "the date is required")
	}
	out := RunSummary{Date: date}
	at := p.dayStart(date)

	if out.Sync, err = p.sync(ctx, a, at); err != nil {
		return out, err
	}
	if out.Overdue, err = p.flagOverdue(ctx, a, date); err != nil {
		return out, err
	}
	if out.Reminded, err = p.remindDueSoon(ctx, a, date, at); err != nil {
		return out, err
	}
	if out.Snapshots, err = p.snapshot(ctx, a, MonthOf(date), at); err != nil {
		return out, err
	}
	if out.Invited, err = p.inviteSurveys(ctx, a, at); err != nil {
		return out, err
	}
	if out.Reports, err = p.issueStandardReports(ctx, a, date, at); err != nil {
		return out, err
	}
	if out.DocumentsDue, out.DirectionMissing, err = p.runGovernance(ctx, a, date, at); err != nil {
		return out, err
	}
	p.log.Info("satisfaction run", "date", date.String(), "tickets", out.Sync.Tickets.Stored, "surveys", out.Sync.Surveys.Stored,
		"overdue", len(out.Overdue), "snapshots", len(out.Snapshots), "invited", len(out.Invited), "reports", len(out.Reports))
	return out, nil
}

// flagOverdue asks the commitments register to notify this process's
// open commitments whose due date is before date
// (relaciona.NoticeCommitmentOverdue, to each one's owner and the person
// directly above the owner in the directory), once per commitment and due
// date, and returns the ids it notified: a second run notifies no one
// again. This is the call through which the process's commitments reach
// the outbox when overdue.
func (p *Process) flagOverdue(ctx context.Context, a relaciona.Actor, date calendar.Date) ([]string, error) {
	cs, err := p.register().NotifyOverdue(ctx, a, Kind, process.DateTime(date))
	ids := make([]string, 0, len(cs))
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids, err
}

// remindDueSoon reminds the owner of each open commitment that falls due
// from date to commitments.due_soon_days business days after it
// (NoticeCommitmentDueSoon), in one batch that also records the due date
// reminded of, so a second run reminds no one again.
func (p *Process) remindDueSoon(ctx context.Context, a relaciona.Actor, date calendar.Date, at time.Time) ([]string, error) {
	soon, err := p.cal.AddBusinessDays(date, p.cfg.Commitments.DueSoonDays)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", relaciona.ErrInvalid, err)
	}
	b := p.store.Begin(a, "satisfaction.commitment.remind", "owners of commitments falling due reminded")
	var ids []string
	f := relaciona.Filter{Attrs: map[string]string{"process": Kind, "status": string(CommitmentOpen)}, From: process.DateTime(date), To: process.DateTime(soon.AddDays(1))}
	for d, err := range p.commitments.Scan(ctx, f) {
		if err != nil {
			return nil, err
		}
		c := d.Value
		if c.Due.Before(date) || c.Due.After(soon) || c.Reminded == c.Due {
			continue
		}
		c.Reminded = c.Due
		p.commitments.Put(b, &c, d.Version)
		ids = append(ids, c.ID)
		to, err := p.staff(ctx, c.Owner)
		if err != nil {
			return nil, err
		}
		process.NotifyStaff(b, Kind, NoticeCommitmentDueSoon, relaciona.Ref{Kind: relaciona.CommitmentKind, ID: c.ID}, c.Due, to, commitmentFields(c))
	}
	return ids, p.commit(ctx, b, at)
}

// snapshot stores the figures of the finished months of the trend that have
// none.
func (p *Process) snapshot(ctx context.Context, a relaciona.Actor, cur Month, at time.Time) ([]Month, error) {
	var done []Month
	b := p.store.Begin(a, "satisfaction.month.snapshot", "figures of finished months stored")
	for i := p.cfg.CMI.TrendMonths; i >= 1; i-- {
		m := cur.Add(-i)
		var version int64
		if d, err := p.snapshots.Get(ctx, m.String()); err == nil {
			if d.Value.Format >= snapshotFormat {
				continue
			}
			version = d.Version // an older format: recomputed
		} else if !isNotFound(err) {
			return nil, err
		}
		s, err := p.monthStats(ctx, m, "")
		if err != nil {
			return nil, err
		}
		p.snapshots.Put(b, &s, version)
		done = append(done, m)
	}
	return done, p.commit(ctx, b, at)
}
