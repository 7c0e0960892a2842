package alliance

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// RunSummary says what one run of the periodic job found and raised.
type RunSummary struct {
	Date calendar.Date
	// Raised are the flags raised by this run (not those raised before).
	Raised []Flag
	// Open counts, per kind, the conditions that hold on Date, including
	// those flagged by earlier runs.
	Open map[FlagKind]int
	// Notified counts the notifications written to the outbox with the
	// flags raised (one per flag and recipient); Unnotified the flags
	// raised that call for a notice but found no one to tell (the
	// directory gives nobody the Encargado OMIL role).
	Notified   int
	Unnotified int
	// CommitmentsOverdue counts the agreement commitments newly notified
	// overdue by the commitments register (to each one's owner and the
	// person above them).
	CommitmentsOverdue int
}

// Run is the periodic job of the process for date (the agency's scheduled
// "relaciona run" calls it). For every office with a running cycle it
// flags:
//   - alliances in force with no measurement for more than
//     monitoring.max_days_without_measurement days (seed 001: monitoring
//     "se realiza continuamente durante el año");
//   - the yearly review, when review.due has passed and it has not been
//     opened (seed 001: "se evalúa normalmente al final de cada año");
//   - disagreement in the team's ratings of an alliance this year, above
//     monitoring.disagreement_spread;
//   - an alliance whose agreement ends within review.expiry_notice_days
//     days (once per end date: a renewal with a new end is flagged anew).
//
// Each condition is flagged once (flag ids are deterministic), all in one
// audited batch; a second run on the same date changes nothing. The actor
// needs the Encargado OMIL role or RoleSystem.
//
// In the same batch as each review_due, no_measurement and
// agreement_expiring flag it raises,
// it writes a notification (see notices.go) to every person the directory
// gives the Encargado OMIL role; since a flag is raised once, so is its
// notification.
func (s *Process) Run(ctx context.Context, actor relaciona.Actor, date calendar.Date) (RunSummary, error) {
	actor, err := s.authorize(ctx, actor, "alliance.run", s.cfg.Roles.Encargado, RoleSystem)
	if err != nil {
		return RunSummary{}, err
	}
	if err := s.checkDate("date", date); err != nil {
		return RunSummary{}, err
	}
	sum := RunSummary{Date: date, Open: map[FlagKind]int{}}
	var found []Flag
	for _, o := range s.cfg.Offices {
		fs, err := s.conditions(ctx, o.ID, date)
		if err != nil {
			return RunSummary{}, err
		}
		found = append(found, fs...)
	}
	for _, f := range found {
		sum.Open[f.Kind]++
	}
	ids := make([]string, len(found))
	for i, f := range found {
		ids[i] = f.ID
	}
	existing, err := s.flags.GetMany(ctx, ids)
	if err != nil {
		return RunSummary{}, err
	}
	had := map[string]bool{}
	for _, d := range existing {
		had[d.ID] = true
	}
	b := s.store.Begin(actor, "alliance.run", s.reason("tarea periódica del %s", "periodic job of %s", date)).At(stamp(date))
	var to []relaciona.Person // the Encargados, looked up once
	for i := range found {
		if had[found[i].ID] {
			continue
		}
		had[found[i].ID] = true
		s.flags.Put(b, &found[i], 0)
		sum.Raised = append(sum.Raised, found[i])
		if _, ok := flagNotice[found[i].Kind]; !ok {
			continue
		}
		if to == nil {
			if to, err = s.dir.Holders(ctx, Kind, s.cfg.Roles.Encargado); err != nil {
				return RunSummary{}, err
			}
		}
		n, err := s.notifyFlag(ctx, b, found[i], to)
		if err != nil {
			return RunSummary{}, err
		}
		sum.Notified += n
		if n == 0 {
			sum.Unnotified++
		}
	}
	if _, err := b.Commit(ctx); err != nil {
		return RunSummary{}, err
	}
	if sum.CommitmentsOverdue, err = s.notifyOverdueCommitments(ctx, actor, date); err != nil {
		return sum, err
	}
	return sum, nil
}

// conditions returns the flags that hold for office on date, with their
// deterministic ids.
func (s *Process) conditions(ctx context.Context, office string, date calendar.Date) ([]Flag, error) {
	cur, err := s.current(ctx, office)
	if err != nil {
		return nil, err
	}
	c := cur.Value
	if c.Phase == PhaseNotStarted || c.Phase == PhaseClosed {
		return nil, nil
	}
	var out []Flag
	due := s.cfg.ReviewDue(c.Year)
	opened, err := s.yearlyReviewOpened(ctx, c)
	if err != nil {
		return nil, err
	}
	if !date.Before(due) && !opened {
		out = append(out, Flag{ID: fmt.Sprintf("%s:%s:%d", FlagReviewDue, office, c.Year), Kind: FlagReviewDue, Office: office, Date: date, Due: due,
			Detail: s.lang.Tf("la revisión anual %d venció el %s", "the %d yearly review fell due on %s", c.Year, due)})
	}
	all, err := s.Alliances(ctx, office)
	if err != nil {
		return nil, err
	}
	// Last measurement of each alliance up to date, in one scan of the
	// window that matters.
	window := s.cfg.Monitoring.MaxDaysWithoutMeasurement
	ms, err := s.measurementsOf(ctx, office, "", date.AddDays(-window), date)
	if err != nil {
		return nil, err
	}
	last := map[string]calendar.Date{}
	for _, m := range ms {
		if m.Date.After(last[m.Alliance]) {
			last[m.Alliance] = m.Date
		}
	}
	ratings, err := s.ratings.All(ctx, relaciona.Filter{Attrs: map[string]string{"office": office, "year": strconv.Itoa(c.Year)}})
	if err != nil {
		return nil, err
	}
	byAlliance := map[string][]Rating{}
	for _, r := range ratings {
		byAlliance[r.Value.Alliance] = append(byAlliance[r.Value.Alliance], r.Value)
	}
	for _, a := range all {
		if a.Status == StatusEnded || a.Status == StatusDropped {
			continue
		}
		// The clock starts at the later of the alliance's start and its
		// registration, so an alliance just registered is not overdue.
		since := a.Start
		if a.Registered.After(since) {
			since = a.Registered
		}
		if _, ok := last[a.ID]; !ok && date.After(since.AddDays(window)) {
			// No measurement in the window: the gap is counted from the
			// latest measurement before it (or the start), which also
			// keys the flag, so one gap raises one flag.
			prev, err := s.lastMeasurement(ctx, a, date.AddDays(-window))
			if err != nil {
				return nil, err
			}
			if prev.IsZero() || prev.Before(since) {
				prev = since
			}
			out = append(out, Flag{ID: fmt.Sprintf("%s:%s:%s", FlagNoMeasurement, a.ID, prev), Kind: FlagNoMeasurement, Office: office, Alliance: a.ID, Date: date, Due: prev.AddDays(window),
				Detail: s.lang.Tf("sin mediciones desde el %s (más de %d días)", "no measurement since %s (more than %d days)", prev, window)})
		}
		if !a.End.IsZero() && !date.Before(a.End.AddDays(-s.cfg.Review.ExpiryNoticeDays)) {
			out = append(out, Flag{ID: fmt.Sprintf("%s:%s:%s", FlagAgreementExpiring, a.ID, a.End), Kind: FlagAgreementExpiring, Office: office, Alliance: a.ID, Date: date, Due: a.End,
				Detail: s.lang.Tf("el acuerdo termina el %s", "the agreement ends on %s", a.End)})
		}
		if r := Summarize(byAlliance[a.ID], s.cfg.Monitoring); r.Disagreement {
			out = append(out, Flag{ID: fmt.Sprintf("%s:%s:%d", FlagDisagreement, a.ID, c.Year), Kind: FlagDisagreement, Office: office, Alliance: a.ID, Date: date,
				Detail: s.lang.Tf("el equipo no coincide: notas de %d a %d (umbral %v)", "the team disagrees: ratings from %d to %d (threshold %v)", r.Min, r.Max, s.cfg.Monitoring.DisagreementSpread)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// lastMeasurement returns the date of the alliance's latest measurement
// before before, or the zero date.
func (s *Process) lastMeasurement(ctx context.Context, a Alliance, before calendar.Date) (calendar.Date, error) {
	var last calendar.Date
	for d, err := range s.measurements.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"alliance": a.ID}, To: dayStart(before)}) {
		if err != nil {
			return last, err
		}
		last = d.Value.Date
	}
	return last, nil
}

func (s *Process) yearlyReviewOpened(ctx context.Context, c Cycle) (bool, error) {
	rs, err := s.reviews.GetMany(ctx, c.Reviews)
	if err != nil {
		return false, err
	}
	for _, r := range rs {
		if !r.Value.OnDemand {
			return true, nil
		}
	}
	return false, nil
}

// Flags returns the flags raised for office with dates in [from, to].
func (s *Process) Flags(ctx context.Context, office string, from, to calendar.Date) ([]Flag, error) {
	return s.flags.Values(ctx, relaciona.Filter{Attrs: map[string]string{"office": office}, From: dayStart(from), To: dayStart(to.AddDays(1))})
}
