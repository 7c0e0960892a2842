package satisfaction

import (
	"context"

	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

func init() {
	process.MustRegister(process.Define(Kind, [2]string{"satisfacción de clientes (Agesic)", "customer satisfaction (Agesic)"}, Roles(), LoadConfig,
		func(cfg *Config, env process.Env) (process.Runner[RunSummary], error) {
			opts := []Option{WithTickets(env.Tickets), WithLocation(env.Loc()), WithLang(env.Lang), WithLogger(env.Log().Named(Kind))}
			if env.Directory != nil {
				opts = append(opts, WithDirectory(env.Directory))
			}
			return New(env.Store, cfg, env.Calendar, opts...)
		}))
}

// Reports builds the report of the period's months (PeriodReport, slug
// "satisfaction-period", the process's chart on the index), then the
// reports of the month that holds period.To: the monthly CMI survey report
// ("satisfaction-cmi"), the monthly standard service report of each client
// ("satisfaction-service-CLIENT") and the annual interview report of that
// month's year ("satisfaction-interviews"). It wraps PeriodReport,
// CMIReport, ServiceReport and InterviewReport.
func (p *Process) Reports(ctx context.Context, period process.Period) ([]report.Page, error) {
	if err := period.Validate(); err != nil {
		return nil, err
	}
	m := MonthOf(period.To)
	L := period.Lang
	o := ReportOptions{Redact: period.Redact}
	doc, err := p.PeriodReport(ctx, MonthOf(period.From), m, L, o)
	if err != nil {
		return nil, err
	}
	// Short titles in the site's navigation, which lists every page: a
	// service report per client would otherwise fill it.
	pages := []report.Page{{Slug: Kind + "-period", Doc: doc, NavTitle: L.T("Satisfacción: periodo", "Satisfaction: period")}}
	if doc, err = p.CMIReport(ctx, m, L, o); err != nil {
		return nil, err
	}
	pages = append(pages, report.Page{Slug: Kind + "-cmi", Doc: doc, Headline: report.NoHeadline, NavTitle: L.Tf("CMI %s", "Scorecard %s", m)})
	clients, err := p.Clients(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range clients {
		doc, err := p.ServiceReport(ctx, c.ID, m, L, o)
		if err != nil {
			return nil, err
		}
		pages = append(pages, report.Page{Slug: Kind + "-service-" + c.ID, Doc: doc, NavTitle: c.Name})
	}
	if pages, err = p.improvementPage(ctx, pages, period); err != nil {
		return nil, err
	}
	if pages, err = p.governancePage(ctx, pages, period); err != nil {
		return nil, err
	}
	doc, err = p.InterviewReport(ctx, m.Year, L, o)
	if err != nil {
		return nil, err
	}
	return append(pages, report.Page{Slug: Kind + "-interviews", Doc: doc, NavTitle: L.Tf("Entrevistas %d", "Interviews %d", m.Year)}), nil
}
