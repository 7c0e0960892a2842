package satisfaction

import (
	"context"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// RunSummary says what a Run did.
type RunSummary struct {
	Date calendar.Date
	// Sync is what was read from the ticket system.
	Sync SyncResult
	// Overdue lists the commitments newly flagged overdue.
	Overdue []string
	// Snapshots lists the finished months whose figures were stored.
	Snapshots []Month
}

// Run does the date-driven work of the process, as the agency's scheduled
// job: it reads ticket changes and survey responses from the ticket system
// (registering complaint tickets as complaints), flags the commitments past
// their due date, and stores the figures of the finished months of the
// trend. It is idempotent for a date: a second call with the same date
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
	if out.Overdue, err = p.flagOverdue(ctx, a, date, at); err != nil {
		return out, err
	}
	if out.Snapshots, err = p.snapshot(ctx, a, MonthOf(date), at); err != nil {
		return out, err
	}
	p.log.Info("satisfaction run", "date", date.String(), "tickets", out.Sync.Tickets.Stored, "surveys", out.Sync.Surveys.Stored,
		"overdue", len(out.Overdue), "snapshots", len(out.Snapshots))
	return out, nil
}

// flagOverdue marks open and delivered commitments whose due date is
// before date, in one batch.
func (p *Process) flagOverdue(ctx context.Context, a relaciona.Actor, date calendar.Date, at time.Time) ([]string, error) {
	b := p.store.Begin(a, "satisfaction.commitment.overdue", "commitments past their due date flagged")
	var ids []string
	for _, st := range []CommitmentStatus{CommitmentOpen, CommitmentDelivered} {
		// Commitments are indexed by due date: read only those due before date.
		f := relaciona.Filter{Attrs: map[string]string{"status": string(st)}, To: dateTime(date)}
		for d, err := range p.commitments.Scan(ctx, f) {
			if err != nil {
				return nil, err
			}
			c := d.Value
			if c.Overdue || !c.Due.Before(date) {
				continue
			}
			c.Overdue, c.OverdueSince = true, c.Due.AddDays(1)
			p.commitments.Put(b, &c, d.Version)
			ids = append(ids, c.ID)
		}
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
