package satisfaction

import (
	"context"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

func init() {
	if err := process.Register(process.Definition{
		Kind:  Kind,
		Title: [2]string{"satisfacción de clientes (Agesic)", "customer satisfaction (Agesic)"},
		Roles: Roles(),
		Open:  open,
	}); err != nil {
		panic(err) // two packages claim the kind: a build mistake, not input
	}
}

// Reports builds the reports of the month that holds period.To: the
// monthly CMI survey report (slug "satisfaction-cmi"), the monthly
// standard service report of each client ("satisfaction-service-CLIENT")
// and the annual interview report of that month's year
// ("satisfaction-interviews"). It wraps CMIReport, ServiceReport and
// InterviewReport.
func (p *Process) Reports(ctx context.Context, period process.Period) ([]report.Page, error) {
	if err := period.Validate(); err != nil {
		return nil, err
	}
	m := MonthOf(period.To)
	L := period.Lang
	o := ReportOptions{Redact: period.Redact}
	doc, err := p.CMIReport(ctx, m, L, o)
	if err != nil {
		return nil, err
	}
	pages := []report.Page{{Slug: Kind + "-cmi", Doc: doc}}
	for _, c := range p.cfg.Clients {
		doc, err := p.ServiceReport(ctx, c.ID, m, L, o)
		if err != nil {
			return nil, err
		}
		pages = append(pages, report.Page{Slug: Kind + "-service-" + c.ID, Doc: doc})
	}
	doc, err = p.InterviewReport(ctx, m.Year, L, o)
	if err != nil {
		return nil, err
	}
	return append(pages, report.Page{Slug: Kind + "-interviews", Doc: doc}), nil
}

// instance is the Process as process.Instance.
type instance struct {
	p    *Process
	lang relaciona.Lang
}

func open(path string, env process.Env) (process.Instance, error) {
	cfg, err := LoadConfig(path, env.Lang)
	if err != nil {
		return nil, err
	}
	p, err := New(env.Store, cfg, env.Calendar, WithTickets(env.Tickets), WithLocation(env.Loc()), WithLogger(env.Log().Named(Kind)))
	if err != nil {
		return nil, err
	}
	return instance{p: p, lang: env.Lang}, nil
}

func (i instance) Run(ctx context.Context, actor relaciona.Actor, date calendar.Date) (string, error) {
	sum, err := i.p.Run(ctx, actor, date)
	return process.Summarize(sum, i.lang), err
}

func (i instance) Reports(ctx context.Context, period process.Period) ([]report.Page, error) {
	return i.p.Reports(ctx, period)
}
