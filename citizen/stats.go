package citizen

import (
	"context"
	"errors"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// dayStats are the counters of the PQRSD filed on one day, kept in the
// same batch as every change to those PQRSD, so that a quarterly report
// reads about 90 small records instead of every PQRSD of the quarter. Keys
// join type, channel, due date or offer item with "|".
type dayStats struct {
	Day calendar.Date `json:"day"`
	// Received counts "type|channel".
	Received map[string]int `json:"received,omitempty"`
	// Kinds counts request kinds.
	Kinds map[string]int `json:"kinds,omitempty"`
	// Open counts the open PQRSD by "type|due".
	Open map[string]int `json:"open,omitempty"`
	// Outcomes by type.
	OnTime        map[string]int `json:"on_time,omitempty"`
	Late          map[string]int `json:"late,omitempty"`
	DaysSum       map[string]int `json:"days_sum,omitempty"`
	Forwarded     map[string]int `json:"forwarded,omitempty"`
	ForwardedLate map[string]int `json:"forwarded_late,omitempty"`
	Extended      map[string]int `json:"extended,omitempty"`
	// Incomplete counts by type the PQRSD whose term is suspended (Ley
	// 1755 de 2015, art. 17), Withdrawn those withdrawn (arts. 17 and 18)
	// and not answered, Priority those with priority attention (art. 20).
	Incomplete map[string]int `json:"incomplete,omitempty"`
	Withdrawn  map[string]int `json:"withdrawn,omitempty"`
	Priority   map[string]int `json:"priority,omitempty"`
	// Tacit counts by type the withdrawn ones that were withdrawn tacitly
	// (art. 17: not completed in time, decided by Run), a part of
	// Withdrawn; the rest of Withdrawn was withdrawn expressly (art. 18).
	// ExOfficio counts by type those expressly withdrawn and then continued
	// ex officio (art. 18), whatever their state now. Counters written
	// before these two existed lack them: RebuildStats fills them in.
	Tacit     map[string]int `json:"withdrawn_tacit,omitempty"`
	ExOfficio map[string]int `json:"ex_officio,omitempty"`
	// Offer counts "item|type".
	Offer map[string]int `json:"offer,omitempty"`
}

const kindDayStats = "citizen.pqrsd.day"

func bump(m *map[string]int, key string, d int) {
	if *m == nil {
		*m = map[string]int{}
	}
	(*m)[key] += d
	if (*m)[key] == 0 {
		delete(*m, key)
	}
}

// apply adds (sign 1) or removes (sign -1) what p contributes to the
// counters of its filing day.
func (st *dayStats) apply(p *PQRSD, sign int) {
	t := string(p.Type)
	bump(&st.Received, t+"|"+p.Channel, sign)
	bump(&st.Kinds, string(p.Kind), sign)
	if p.Offer != "" {
		bump(&st.Offer, p.Offer+"|"+t, sign)
	}
	if p.Extension != nil {
		bump(&st.Extended, t, sign)
	}
	if p.Priority != nil {
		bump(&st.Priority, t, sign)
	}
	switch {
	case p.Status == StatusOpen:
		bump(&st.Open, t+"|"+p.Due.String(), sign)
	case p.Status == StatusIncomplete:
		bump(&st.Incomplete, t, sign)
	case p.Answer != nil:
		if p.Answer.OnTime {
			bump(&st.OnTime, t, sign)
		} else {
			bump(&st.Late, t, sign)
		}
		bump(&st.DaysSum, t, sign*p.Answer.BusinessDays)
	case p.Forward != nil:
		bump(&st.Forwarded, t, sign)
		if p.Forward.Late {
			bump(&st.ForwardedLate, t, sign)
		}
	case p.Withdrawal != nil:
		bump(&st.Withdrawn, t, sign)
		if p.Withdrawal.Tacit {
			bump(&st.Tacit, t, sign)
		}
	}
	if p.Withdrawal != nil && p.Withdrawal.ExOfficio != nil {
		bump(&st.ExOfficio, t, sign)
	}
}

// statsDelta accumulates the counter changes of one batch by filing day.
type statsDelta map[calendar.Date][]struct {
	p    PQRSD
	sign int
}

func (d statsDelta) add(p PQRSD, sign int) {
	d[p.Filed] = append(d[p.Filed], struct {
		p    PQRSD
		sign int
	}{p, sign})
}

// put reads the counters of every day in d, applies d and adds the writes
// to b.
func (s *Process) putStats(ctx context.Context, b *relaciona.Batch, d statsDelta) error {
	ids := make([]string, 0, len(d))
	for day := range d {
		ids = append(ids, day.String())
	}
	sort.Strings(ids)
	rs, err := s.store.GetMany(ctx, kindDayStats, ids)
	if err != nil {
		return err
	}
	have := map[string]relaciona.Record{}
	for _, r := range rs {
		have[r.ID] = r
	}
	for _, id := range ids {
		day, _ := calendar.ParseDate(id)
		var st dayStats
		var ver int64
		if r, ok := have[id]; ok {
			doc, err := s.stats.Decode(r)
			if err != nil {
				return err
			}
			st, ver = doc.Value, doc.Version
		}
		st.Day = day
		for _, ch := range d[day] {
			st.apply(&ch.p, ch.sign)
		}
		s.stats.Put(b, &st, ver)
	}
	return nil
}

// Stats are the PQRSD figures of a period (the PQRSD filed in it), as of a
// date: what the quarterly PQRSD report shows.
type Stats struct {
	From, To, At calendar.Date
	// Received counts by type and channel.
	Received map[Type]map[string]int
	// Kinds counts by request kind.
	Kinds map[RequestKind]int
	// Per type: answered on time, late, business days to answer (sum),
	// forwarded (and forwarded late), extended, still open within the term
	// and overdue on At.
	OnTime, Late, DaysSum, Forwarded, ForwardedLate, Extended, Pending, Overdue map[Type]int
	// Per type: incomplete with the term suspended (Ley 1755 de 2015, art.
	// 17), withdrawn (arts. 17 and 18), with priority attention (art. 20).
	Incomplete, Withdrawn, Priority map[Type]int
	// Withdrawn split per type (Ley 1755 de 2015): WithdrawnTacit, not
	// completed in time and taken as withdrawn by Run (art. 17);
	// WithdrawnExpress, withdrawn by the petitioner (art. 18); their sum is
	// Withdrawn. ExOfficio counts the expressly withdrawn ones the agency
	// continued ex officio for public interest (art. 18): they are in
	// progress or answered again, so not in Withdrawn.
	WithdrawnTacit, WithdrawnExpress, ExOfficio map[Type]int
	// Offer counts the PQRSD about each offer item, by type.
	Offer map[string]map[Type]int
	// Total, Answered and the other totals add the maps up.
	Total, Answered, TotalOnTime, TotalLate, TotalForwarded, TotalPending, TotalOverdue, TotalDays int
	TotalIncomplete, TotalWithdrawn, TotalPriority                                                 int
	TotalTacit, TotalExpress, TotalExOfficio                                                       int
}

func newStats(from, to, at calendar.Date) Stats {
	return Stats{From: from, To: to, At: at, Received: map[Type]map[string]int{}, Kinds: map[RequestKind]int{},
		OnTime: map[Type]int{}, Late: map[Type]int{}, DaysSum: map[Type]int{}, Forwarded: map[Type]int{}, ForwardedLate: map[Type]int{},
		Extended: map[Type]int{}, Pending: map[Type]int{}, Overdue: map[Type]int{}, Offer: map[string]map[Type]int{},
		Incomplete: map[Type]int{}, Withdrawn: map[Type]int{}, Priority: map[Type]int{},
		WithdrawnTacit: map[Type]int{}, WithdrawnExpress: map[Type]int{}, ExOfficio: map[Type]int{}}
}

// OnTimeShare is the share of answered PQRSD answered on time (NaN when
// none was answered).
func (st Stats) OnTimeShare() float64 {
	if st.Answered == 0 {
		return math.NaN()
	}
	return float64(st.TotalOnTime) / float64(st.Answered)
}

// AvgDays is the average business days to answer (NaN when none was
// answered).
func (st Stats) AvgDays() float64 {
	if st.Answered == 0 {
		return math.NaN()
	}
	return float64(st.TotalDays) / float64(st.Answered)
}

func (st *Stats) addDay(d *dayStats) {
	addPairs(st.Received, d.Received, &st.Total)
	addCounts(st.Kinds, d.Kinds)
	for k, n := range d.Open {
		t, due, _ := strings.Cut(k, "|")
		dd, err := calendar.ParseDate(due)
		if err == nil && dd.Before(st.At) {
			st.Overdue[Type(t)] += n
			st.TotalOverdue += n
		} else {
			st.Pending[Type(t)] += n
			st.TotalPending += n
		}
	}
	addCounts(st.OnTime, d.OnTime, &st.TotalOnTime, &st.Answered)
	addCounts(st.Late, d.Late, &st.TotalLate, &st.Answered)
	addCounts(st.DaysSum, d.DaysSum, &st.TotalDays)
	addCounts(st.Forwarded, d.Forwarded, &st.TotalForwarded)
	addCounts(st.ForwardedLate, d.ForwardedLate)
	addCounts(st.Extended, d.Extended)
	addCounts(st.Incomplete, d.Incomplete, &st.TotalIncomplete)
	addCounts(st.Withdrawn, d.Withdrawn, &st.TotalWithdrawn)
	for k, n := range d.Withdrawn {
		tacit := d.Tacit[k]
		st.WithdrawnTacit[Type(k)] += tacit
		st.TotalTacit += tacit
		st.WithdrawnExpress[Type(k)] += n - tacit
		st.TotalExpress += n - tacit
	}
	addCounts(st.ExOfficio, d.ExOfficio, &st.TotalExOfficio)
	addCounts(st.Priority, d.Priority, &st.TotalPriority)
	addPairs(st.Offer, d.Offer)
}

// addCounts adds a day's counters (src, by type or request kind) to dst,
// and their sum to each of totals.
func addCounts[K ~string](dst map[K]int, src map[string]int, totals ...*int) {
	for k, n := range src {
		dst[K(k)] += n
		for _, t := range totals {
			*t += n
		}
	}
}

// addPairs adds a day's counters keyed "a|b" (src) to dst by a then b,
// and their sum to each of totals.
func addPairs[A, B ~string](dst map[A]map[B]int, src map[string]int, totals ...*int) {
	for k, n := range src {
		a, b, _ := strings.Cut(k, "|")
		if dst[A(a)] == nil {
			dst[A(a)] = map[B]int{}
		}
		dst[A(a)][B(b)] += n
		for _, t := range totals {
			*t += n
		}
	}
}

// PQRSDStats returns the figures of the PQRSD filed from from to to
// (inclusive, filing dates in the deployment's time zone), with their
// current state; an open PQRSD whose due date is before at counts as
// overdue, otherwise as pending. It reads one counter record per day of
// the period, whatever the number of PQRSD.
func (s *Process) PQRSDStats(ctx context.Context, from, to, at calendar.Date) (Stats, error) {
	if err := checkPeriod(s.lang, from, to); err != nil {
		return Stats{}, err
	}
	st := newStats(from, to, at)
	for d, err := range s.stats.Scan(ctx, window(process.DateTime(from), process.DateTime(to.AddDays(1)), nil)) {
		if err != nil {
			return Stats{}, err
		}
		st.addDay(&d.Value)
	}
	return st, nil
}

func checkPeriod(l relaciona.Lang, from, to calendar.Date) error {
	if err := checkDate(l, "from", from); err != nil {
		return err
	}
	if err := checkDate(l, "to", to); err != nil {
		return err
	}
	if to.Before(from) {
		return invalid(l, "to", "el periodo termina (%s) antes de empezar (%s)", "the period ends (%s) before it starts (%s)", to, from)
	}
	return nil
}

// PQRSDStatsScan computes the same figures as PQRSDStats by reading every
// PQRSD filed in the period: one pass in constant memory. It is the
// reference the counters are checked against (and what RebuildStats
// writes back).
func (s *Process) PQRSDStatsScan(ctx context.Context, from, to, at calendar.Date) (Stats, error) {
	if err := checkPeriod(s.lang, from, to); err != nil {
		return Stats{}, err
	}
	days := map[calendar.Date]*dayStats{}
	f := window(s.startOf(from).Add(-14*time.Hour), s.startOf(to.AddDays(1)).Add(14*time.Hour), nil)
	for d, err := range s.pqrsd.Scan(ctx, f) {
		if err != nil {
			return Stats{}, err
		}
		p := d.Value
		if p.Filed.Before(from) || p.Filed.After(to) {
			continue
		}
		ds := days[p.Filed]
		if ds == nil {
			ds = &dayStats{Day: p.Filed}
			days[p.Filed] = ds
		}
		ds.apply(&p, 1)
	}
	st := newStats(from, to, at)
	for _, d := range days {
		st.addDay(d)
	}
	return st, nil
}

// RebuildStats recomputes the day counters of the PQRSD filed in [from,
// to] from the PQRSD themselves and writes those that differ, in one
// batch. Use it after restoring a backup or migrating data written outside
// this package. The actor needs the system or relationship_lead role.
func (s *Process) RebuildStats(ctx context.Context, a relaciona.Actor, from, to calendar.Date, at time.Time) (int, error) {
	a, err := s.Authorize(ctx, a, "citizen.pqrsd.rebuild_stats", RoleSystem, RoleLead)
	if err != nil {
		return 0, err
	}
	if err := checkPeriod(s.lang, from, to); err != nil {
		return 0, err
	}
	fresh := map[string]*dayStats{}
	f := window(s.startOf(from).Add(-14*time.Hour), s.startOf(to.AddDays(1)).Add(14*time.Hour), nil)
	for d, err := range s.pqrsd.Scan(ctx, f) {
		if err != nil {
			return 0, err
		}
		p := d.Value
		if p.Filed.Before(from) || p.Filed.After(to) {
			continue
		}
		k := p.Filed.String()
		if fresh[k] == nil {
			fresh[k] = &dayStats{Day: p.Filed}
		}
		fresh[k].apply(&p, 1)
	}
	changed := 0
	err = s.store.Update(ctx, a, "citizen.pqrsd.rebuild_stats", "PQRSD day counters rebuilt", 3, func(b *relaciona.Batch) error {
		b.At(at)
		changed = 0
		old := map[string]relaciona.Doc[dayStats]{}
		for d, err := range s.stats.Scan(ctx, window(process.DateTime(from), process.DateTime(to.AddDays(1)), nil)) {
			if err != nil {
				return err
			}
			old[d.ID] = d
		}
		for k, st := range fresh {
			o, ok := old[k]
			if ok && sameStats(&o.Value, st) {
				continue
			}
			s.stats.Put(b, st, o.Version)
			changed++
		}
		for k, o := range old {
			if _, ok := fresh[k]; !ok {
				s.stats.Delete(b, k, o.Version)
				changed++
			}
		}
		return nil
	})
	if errors.Is(err, relaciona.ErrConflict) {
		return 0, err
	}
	return changed, err
}

func sameStats(a, b *dayStats) bool {
	eq := func(x, y map[string]int) bool {
		if len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if y[k] != v {
				return false
			}
		}
		return true
	}
	return eq(a.Received, b.Received) && eq(a.Kinds, b.Kinds) && eq(a.Open, b.Open) && eq(a.OnTime, b.OnTime) && eq(a.Late, b.Late) &&
		eq(a.DaysSum, b.DaysSum) && eq(a.Forwarded, b.Forwarded) && eq(a.ForwardedLate, b.ForwardedLate) && eq(a.Extended, b.Extended) && eq(a.Offer, b.Offer) &&
		eq(a.Incomplete, b.Incomplete) && eq(a.Withdrawn, b.Withdrawn) && eq(a.Priority, b.Priority) && eq(a.Tacit, b.Tacit) && eq(a.ExOfficio, b.ExOfficio)
}

// Quarter returns the first and last days of the calendar quarter q
// (1-4) of year.
func Quarter(year, q int) (calendar.Date, calendar.Date, error) {
	if q < 1 || q > 4 {
		return calendar.Date{}, calendar.Date{}, invalid(relaciona.Spanish, "quarter", "el trimestre %d está fuera de 1 a 4", "quarter %d is outside 1-4", q)
	}
	from := calendar.Date{Year: year, Month: time.Month(3*q - 2), Day: 1}
	next := calendar.Date{Year: year, Month: time.Month(3*q + 1), Day: 1}
	if q == 4 {
		next = calendar.Date{Year: year + 1, Month: time.January, Day: 1}
	}
	return from, next.AddDays(-1), nil
}
