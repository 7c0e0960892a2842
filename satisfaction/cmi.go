package satisfaction

import (
	"context"
)

// Figures are the scorecard figures of a set of cases and answers.
type Figures struct {
	CSAT, NPS, CES Score
	Answered       int64
	ResponseRate   Score
	Opened, Closed int64
	ServiceLevel   Score
	Availability   Score
}

func (p *Process) figures(c *Cell, av ServiceAvailability) Figures {
	sc := p.cfg.Scales
	return Figures{CSAT: c.CSAT.CSAT(sc.CSAT), NPS: c.NPS.NPS(sc.NPS), CES: c.CES.Mean(sc.CES), Answered: c.Answered(),
		ResponseRate: c.ResponseRate(), Opened: c.Opened, Closed: c.Closed, ServiceLevel: c.ServiceLevel(), Availability: av.Value()}
}

// metric returns the named metric of f.
func (f Figures) metric(name string) Score {
	switch name {
	case MetricNPS:
		return f.NPS
	case MetricCES:
		return f.CES
	}
	return f.CSAT
}

// CMIRow is one client (Service "") or one client and service of the month.
type CMIRow struct {
	Client  string
	Service string
	Figures
}

// TrendPoint is a month of the trend.
type TrendPoint struct {
	Month    Month
	Figures  Figures
	Snapshot bool // read from the stored snapshot
}

// Watermelon is the "watermelon" alert: a client whose service levels are
// met (green outside) while its satisfaction falls (red inside).
type Watermelon struct {
	Client       string
	Metric       string
	Value        Score
	Previous     Score
	Target       *float64
	ServiceLevel Score
	Availability Score
	Drop         bool // fell at least min_drop from the previous month
	BelowTarget  bool // under the CMI target
}

// CMI is the monthly survey report for the balanced scorecard (seed 003
// §3.2: "Informe mensual de encuestas del sistema de tickets para Cuadro de
// Mando Integral").
type CMI struct {
	Month    Month
	Total    Figures
	Clients  []CMIRow // one per client with data, by client id
	Services []CMIRow // one per client and service with data
	Trend    []TrendPoint
	Alerts   []Watermelon
	Targets  Targets
	// Empty is true when the month has no survey answer and no case: the
	// report says so and shows no figure (never NaN).
	Empty bool
}

// CMI computes the month's scorecard: CSAT, NPS and CES per client and
// service with counts and response rates, service levels, availability,
// the trend over the YAML's trend_months and the watermelon alerts. The
// month itself is always read from the raw records (only that month's);
// earlier months come from their snapshots when Run stored them.
func (p *Process) CMI(ctx context.Context, m Month) (CMI, error) {
	out := CMI{Month: m, Targets: p.cfg.CMI.Targets}
	cur, err := p.monthStats(ctx, m, "")
	if err != nil {
		return out, err
	}
	k := p.cfg.CMI.TrendMonths
	months := make([]MonthSnapshot, k)
	months[k-1] = cur
	out.Trend = make([]TrendPoint, k)
	for i := k - 2; i >= 0; i-- {
		s, snap, err := p.month(ctx, m.Add(i-(k-1)), "")
		if err != nil {
			return out, err
		}
		months[i] = s
		out.Trend[i].Snapshot = snap
	}
	for i, s := range months {
		all := s.ClientMonth("")
		out.Trend[i].Month = s.Month
		if s.Month == (Month{}) {
			out.Trend[i].Month = m.Add(i - (k - 1))
		}
		out.Trend[i].Figures = p.figures(&all, s.availabilityOf(nil))
	}
	all := cur.ClientMonth("")
	out.Total = p.figures(&all, cur.availabilityOf(nil))
	out.Empty = all.empty()
	prev := months[max(k-2, 0)]
	var clients []string
	for _, c := range cur.Cells {
		if len(clients) == 0 || clients[len(clients)-1] != c.Client {
			clients = append(clients, c.Client)
		}
		svc := []string{c.Service}
		cc := c
		out.Services = append(out.Services, CMIRow{Client: c.Client, Service: c.Service, Figures: p.figures(&cc, cur.availabilityOf(svc))})
	}
	for _, c := range clients {
		cl, _, err := p.client(ctx, c)
		if err != nil {
			return CMI{}, err
		}
		svcs := cl.Services
		if svcs == nil {
			svcs = []string{}
		}
		cm := cur.ClientMonth(c)
		row := CMIRow{Client: c, Figures: p.figures(&cm, cur.availabilityOf(svcs))}
		out.Clients = append(out.Clients, row)
		pm := prev.ClientMonth(c)
		if w, ok := p.watermelon(row.Figures, p.figures(&pm, prev.availabilityOf(svcs)), c); ok {
			out.Alerts = append(out.Alerts, w)
		}
	}
	return out, nil
}

// watermelon decides the alert for a client: its service levels are met
// (every defined one of ticket service level and availability reaches its
// target, and at least one is defined) while the YAML's metric fell by at
// least min_drop from the previous month or is under its target.
func (p *Process) watermelon(cur, prev Figures, client string) (Watermelon, bool) {
	t := p.cfg.CMI.Targets
	w := Watermelon{Client: client, Metric: p.cfg.CMI.Watermelon.Metric, ServiceLevel: cur.ServiceLevel, Availability: cur.Availability}
	met, any := true, false
	if cur.ServiceLevel.Defined && t.ServiceLevel != nil {
		any = true
		met = met && cur.ServiceLevel.Value >= *t.ServiceLevel
	}
	if cur.Availability.Defined && t.Availability != nil {
		any = true
		met = met && cur.Availability.Value >= *t.Availability
	}
	if !any || !met {
		return w, false
	}
	w.Value, w.Previous = cur.metric(w.Metric), prev.metric(w.Metric)
	if !w.Value.Defined {
		return w, false
	}
	lowerBetter := w.Metric == MetricCES && p.cfg.Scales.CES.LowerIsBetter
	if w.Previous.Defined {
		fall := w.Previous.Value - w.Value.Value
		if lowerBetter {
			fall = -fall
		}
		w.Drop = fall > 0 && fall >= p.cfg.CMI.Watermelon.MinDrop-1e-12
	}
	switch w.Metric {
	case MetricCSAT:
		w.Target = t.CSAT
	case MetricNPS:
		w.Target = t.NPS
	case MetricCES:
		w.Target = t.CES
	}
	if w.Target != nil {
		if lowerBetter {
			w.BelowTarget = w.Value.Value > *w.Target
		} else {
			w.BelowTarget = w.Value.Value < *w.Target
		}
	}
	return w, w.Drop || w.BelowTarget
}
