package satisfaction

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
)

// Cell is the month's figures for one client and service: survey tallies,
// ticket cases and service level.
type Cell struct {
	Client  string `json:"client"`
	Service string `json:"service,omitempty"`
	CSAT    Tally  `json:"csat"`
	NPS     Tally  `json:"nps"`
	CES     Tally  `json:"ces"`
	// Opened counts the cases created in the month, by type in ByType.
	Opened int64            `json:"opened"`
	ByType map[string]int64 `json:"by_type,omitempty"`
	// Closed counts the cases resolved in the month; WithSL those with a
	// service level, WithinSL those resolved within it.
	Closed   int64 `json:"closed"`
	WithSL   int64 `json:"with_sl"`
	WithinSL int64 `json:"within_sl"`
	// Surveyed counts the cases closed in the month whose survey was
	// answered in the month (a survey names its ticket): the answered
	// part of the population Closed was asked.
	Surveyed int64 `json:"surveyed"`
}

// Answered is the number of answered surveys: the answers to the
// most-answered question (each survey asks CSAT, NPS and CES; a respondent
// may skip some).
func (c *Cell) Answered() int64 { return max(c.CSAT.N(), c.NPS.N(), c.CES.N()) }

// ResponseRate is answered over asked on one population: the cases closed
// in the month (each is sent a survey) whose survey was answered in the
// month, over the cases closed in the month. It lies in [0, 1]. (Answered
// surveys over closed cases mixed two populations: answers to cases
// closed the month before, or several answers to one case, gave 120 %.)
func (c *Cell) ResponseRate() Score {
	if c.Closed == 0 {
		return Score{}
	}
	return Score{N: c.Closed, Value: float64(min(c.Surveyed, c.Closed)) / float64(c.Closed), Defined: true}
}

// ServiceLevel is the share of cases resolved within their service level.
func (c *Cell) ServiceLevel() Score {
	if c.WithSL == 0 {
		return Score{}
	}
	return Score{N: c.WithSL, Value: float64(c.WithinSL) / float64(c.WithSL), Defined: true}
}

func (c *Cell) merge(o *Cell) {
	c.CSAT.Merge(o.CSAT)
	c.NPS.Merge(o.NPS)
	c.CES.Merge(o.CES)
	c.Opened += o.Opened
	c.Closed += o.Closed
	c.WithSL += o.WithSL
	c.WithinSL += o.WithinSL
	c.Surveyed += o.Surveyed
	for k, v := range o.ByType {
		if c.ByType == nil {
			c.ByType = map[string]int64{}
		}
		c.ByType[k] += v
	}
}

func (c *Cell) empty() bool {
	return c.Opened == 0 && c.Closed == 0 && c.Answered() == 0
}

// ServiceAvailability is a service's availability over a month.
type ServiceAvailability struct {
	Service   string `json:"service"`
	Scheduled int64  `json:"scheduled"`
	Down      int64  `json:"down"`
	Days      int    `json:"days"`
}

// Value is the share of scheduled minutes the service was up.
func (s ServiceAvailability) Value() Score {
	if s.Scheduled == 0 {
		return Score{}
	}
	return Score{N: int64(s.Days), Value: float64(s.Scheduled-s.Down) / float64(s.Scheduled), Defined: true}
}

// MonthSnapshot is a month's figures: one Cell per client and service that
// had data, and the availability of each service. Run stores the snapshots
// of finished months, so trends read them instead of the raw records; any
// import into a month removes its snapshot.
type MonthSnapshot struct {
	Month        Month                 `json:"month"`
	Cells        []Cell                `json:"cells"`
	Availability []ServiceAvailability `json:"availability"`
	// Format is the snapshot's layout; a snapshot of an older format (one
	// without Cell.Surveyed) is recomputed from the raw records.
	Format int `json:"format,omitempty"`
}

// snapshotFormat is the current MonthSnapshot.Format.
const snapshotFormat = 1

type cellKey struct{ client, service string }

// monthStats computes a month's figures from the raw records, reading only
// that month (time-range scans), optionally for one client, in memory
// proportional to clients × services plus the month's surveyed tickets.
func (p *Process) monthStats(ctx context.Context, m Month, client string) (MonthSnapshot, error) {
	from, to := p.span(m)
	f := relaciona.Filter{From: from, To: to}
	if client != "" {
		f.Attrs = map[string]string{"client": client}
	}
	cells := map[cellKey]*Cell{}
	cell := func(c, s string) *Cell {
		k := cellKey{c, s}
		x := cells[k]
		if x == nil {
			x = &Cell{Client: c, Service: s}
			cells[k] = x
		}
		return x
	}
	sc := p.cfg.Scales
	surveyed := map[string]bool{} // tickets with an answer in the month
	err := scanRange(ctx, p.surveys, f, func(s *Survey) {
		if s.Ticket != "" {
			surveyed[s.Ticket] = true
		}
		x := cell(s.Client, s.Service)
		switch s.Metric {
		case MetricCSAT:
			x.CSAT.Add(sc.CSAT, s.Score)
		case MetricNPS:
			x.NPS.Add(sc.NPS, s.Score)
		case MetricCES:
			x.CES.Add(sc.CES, s.Score)
		}
	})
	if err != nil {
		return MonthSnapshot{}, err
	}
	err = scanRange(ctx, p.cases, f, func(c *Case) {
		x := cell(c.Client, c.Service)
		x.Opened++
		if x.ByType == nil {
			x.ByType = map[string]int64{}
		}
		x.ByType[c.Type]++
	})
	if err != nil {
		return MonthSnapshot{}, err
	}
	err = scanRange(ctx, p.closures, f, func(c *Closure) {
		x := cell(c.Client, c.Service)
		x.Closed++
		if surveyed[c.ID] {
			x.Surveyed++
		}
		if c.HasSL {
			x.WithSL++
			if c.WithinSL {
				x.WithinSL++
			}
		}
	})
	if err != nil {
		return MonthSnapshot{}, err
	}
	snap := MonthSnapshot{Month: m, Format: snapshotFormat}
	for _, x := range cells {
		snap.Cells = append(snap.Cells, *x)
	}
	slices.SortFunc(snap.Cells, func(a, b Cell) int {
		if c := strings.Compare(a.Client, b.Client); c != 0 {
			return c
		}
		return strings.Compare(a.Service, b.Service)
	})
	// Availability is per service; availability records are keyed by UTC
	// midnight of their civil date.
	af := relaciona.Filter{From: time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC), To: time.Date(m.Year, m.Month+1, 1, 0, 0, 0, 0, time.UTC)}
	av := map[string]*ServiceAvailability{}
	for d, err := range p.avail.Scan(ctx, af) {
		if err != nil {
			return MonthSnapshot{}, err
		}
		s := av[d.Value.Service]
		if s == nil {
			s = &ServiceAvailability{Service: d.Value.Service}
			av[d.Value.Service] = s
		}
		s.Scheduled += int64(d.Value.ScheduledMinutes)
		s.Down += int64(d.Value.DownMinutes)
		s.Days++
	}
	for _, s := range av {
		snap.Availability = append(snap.Availability, *s)
	}
	slices.SortFunc(snap.Availability, func(a, b ServiceAvailability) int { return strings.Compare(a.Service, b.Service) })
	return snap, nil
}

// month returns a month's figures: its stored snapshot when there is one
// (and no client filter), else computed from the raw records.
func (p *Process) month(ctx context.Context, m Month, client string) (MonthSnapshot, bool, error) {
	if client == "" {
		d, err := p.snapshots.Get(ctx, m.String())
		if err == nil && d.Value.Format >= snapshotFormat {
			return d.Value, true, nil
		}
		if err != nil && !isNotFound(err) {
			return MonthSnapshot{}, false, err
		}
	} else if d, err := p.snapshots.Get(ctx, m.String()); err == nil && d.Value.Format >= snapshotFormat {
		s := d.Value
		s.Cells = slices.DeleteFunc(s.Cells, func(c Cell) bool { return c.Client != client })
		return s, true, nil
	}
	s, err := p.monthStats(ctx, m, client)
	return s, false, err
}

// ClientMonth sums a snapshot's cells of one client (all clients when
// client is "").
func (s MonthSnapshot) ClientMonth(client string) Cell {
	out := Cell{Client: client}
	for i := range s.Cells {
		if client == "" || s.Cells[i].Client == client {
			out.merge(&s.Cells[i])
		}
	}
	return out
}

// availabilityOf returns the availability of a set of services (all when
// nil) in the snapshot, summing their minutes.
func (s MonthSnapshot) availabilityOf(services []string) ServiceAvailability {
	var out ServiceAvailability
	for _, a := range s.Availability {
		if services == nil || slices.Contains(services, a.Service) {
			out.Scheduled += a.Scheduled
			out.Down += a.Down
			out.Days += a.Days
		}
	}
	return out
}

// scanBatch is about how many records one window of scanRange holds: less
// than a store page (512 in the SQLite driver), so a window is read by one
// query.
const scanBatch = 400

// scanRange streams the values of c in f's time range [From, To), in
// windows that each hold about scanBatch records (sized from a count of the
// range). A store scan pages through its results with a cursor; a backend
// that seeks each page from the start of the range (the embedded SQLite
// driver does, as of this writing) reads a long range quadratically, so
// small windows keep the reading linear in the range's records whatever the
// backend does. Memory stays constant.
func scanRange[T any](ctx context.Context, c *relaciona.Collection[T], f relaciona.Filter, fn func(*T)) error {
	n, err := c.Count(ctx, f)
	if err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	span := f.To.Sub(f.From)
	win := span / time.Duration((n+scanBatch-1)/scanBatch)
	if win < time.Second {
		win = time.Second
	}
	for from := f.From; from.Before(f.To); from = from.Add(win) {
		w := f
		w.From, w.To = from, from.Add(win)
		if w.To.After(f.To) {
			w.To = f.To
		}
		for d, err := range c.Scan(ctx, w) {
			if err != nil {
				return err
			}
			fn(&d.Value)
		}
	}
	return nil
}
