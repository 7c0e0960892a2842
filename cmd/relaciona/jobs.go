package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/alliance"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/report"
	"github.com/relaciona/relaciona/satisfaction"
	"github.com/relaciona/relaciona/stakeholder"
)

// processJob is one process of a deployment as the scheduled job sees it:
// its periodic work for a date, and its reports as of a month's end.
type processJob struct {
	kind    string
	run     func(ctx context.Context, actor relaciona.Actor, date calendar.Date) (string, error)
	reports func(ctx context.Context, monthEnd calendar.Date, lang relaciona.Lang) ([]report.Page, error)
}

// openJobs loads each process file the deployment names and opens its
// service on the deployment's store and calendar.
func openJobs(d *deployed, lang relaciona.Lang) ([]processJob, error) {
	var jobs []processJob
	for _, kind := range d.dep.ProcessKinds() {
		path, _ := d.dep.ProcessPath(kind)
		var j processJob
		var err error
		switch kind {
		case "stakeholder":
			j, err = stakeholderJob(d, path, lang)
		case "alliance":
			j, err = allianceJob(d, path, lang)
		case "satisfaction":
			j, err = satisfactionJob(d, path, lang)
		case "citizen":
			j, err = citizenJob(d, path, lang)
		default:
			err = fmt.Errorf("%w: process %q has no periodic job", relaciona.ErrUnsupported, kind)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
		jobs = append(jobs, j)
	}
	return jobs, nil
}

func stakeholderJob(d *deployed, path string, lang relaciona.Lang) (processJob, error) {
	cfg, err := stakeholder.LoadConfig(path, lang)
	if err != nil {
		return processJob{}, err
	}
	s, err := stakeholder.New(d.store, cfg, d.cal)
	if err != nil {
		return processJob{}, err
	}
	return processJob{
		kind: "stakeholder",
		run: func(ctx context.Context, a relaciona.Actor, date calendar.Date) (string, error) {
			sum, err := s.Run(ctx, a, date)
			return summarize(sum, noChange(lang)), err
		},
		reports: func(ctx context.Context, at calendar.Date, l relaciona.Lang) ([]report.Page, error) {
			doc, err := s.Report(ctx, stakeholder.ReportOptions{At: at, Lang: l, Redact: true})
			if err != nil {
				return nil, err
			}
			return []report.Page{{Slug: "stakeholder", Doc: doc}}, nil
		},
	}, nil
}

func allianceJob(d *deployed, path string, lang relaciona.Lang) (processJob, error) {
	cfg, err := alliance.LoadConfig(path, lang)
	if err != nil {
		return processJob{}, err
	}
	s, err := alliance.New(d.store, cfg, d.cal, alliance.WithLang(lang))
	if err != nil {
		return processJob{}, err
	}
	return processJob{
		kind: "alliance",
		run: func(ctx context.Context, a relaciona.Actor, date calendar.Date) (string, error) {
			sum, err := s.Run(ctx, a, date)
			return summarize(sum, noChange(lang)), err
		},
		reports: func(ctx context.Context, at calendar.Date, l relaciona.Lang) ([]report.Page, error) {
			var out []report.Page
			for _, o := range cfg.Offices {
				pages, err := s.Pages(ctx, alliance.ReportOptions{Office: o.ID, At: at, Lang: l, Redact: true})
				if err != nil {
					return nil, err
				}
				for _, p := range pages {
					p.Slug = "alliance-" + o.ID + "-" + p.Slug
					out = append(out, p)
				}
			}
			return out, nil
		},
	}, nil
}

func satisfactionJob(d *deployed, path string, lang relaciona.Lang) (processJob, error) {
	cfg, err := satisfaction.LoadConfig(path, lang)
	if err != nil {
		return processJob{}, err
	}
	p, err := satisfaction.New(d.store, cfg, d.cal, satisfaction.WithTickets(d.tickets))
	if err != nil {
		return processJob{}, err
	}
	return processJob{
		kind: "satisfaction",
		run: func(ctx context.Context, a relaciona.Actor, date calendar.Date) (string, error) {
			sum, err := p.Run(ctx, a, date)
			return summarize(sum, noChange(lang)), err
		},
		reports: func(ctx context.Context, at calendar.Date, l relaciona.Lang) ([]report.Page, error) {
			doc, err := p.CMIReport(ctx, satisfaction.MonthOf(at), l, satisfaction.ReportOptions{Redact: true})
			if err != nil {
				return nil, err
			}
			return []report.Page{{Slug: "satisfaction-cmi", Doc: doc}}, nil
		},
	}, nil
}

func citizenJob(d *deployed, path string, lang relaciona.Lang) (processJob, error) {
	cfg, err := citizen.LoadConfig(path, lang)
	if err != nil {
		return processJob{}, err
	}
	loc, err := d.dep.Location()
	if err != nil {
		return processJob{}, err
	}
	s, err := citizen.New(d.store, cfg, d.cal, citizen.WithTickets(d.tickets), citizen.WithLocation(loc), citizen.WithLang(lang))
	if err != nil {
		return processJob{}, err
	}
	return processJob{
		kind: "citizen",
		run: func(ctx context.Context, a relaciona.Actor, date calendar.Date) (string, error) {
			// File the PQRSD that arrived through the ticket system: those of
			// the PQRSD queue changed in the 31 days before date and on date
			// itself, up to its end (already filed ones are skipped, so a
			// daily job covers a month of missed runs). A ticket of today is
			// filed today: leaving date out made it wait for tomorrow's run.
			// The filing is stamped at the last instant of date, not at the
			// next midnight: stamped on the next day, it put the log's last
			// change after date, and running date again was refused as a
			// date before the data. Tickets that break a rule wait in
			// quarantine (listed by runJob); the rest are filed.
			day := time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, loc)
			filing, err := s.FileNewTickets(ctx, a, day.AddDate(0, 0, -31), endOfDay(date, loc))
			if err != nil && !errors.Is(err, relaciona.ErrUnsupported) {
				return "", err
			}
			sum, err := s.Run(ctx, a, date)
			line := summarize(sum, noChange(lang))
			if filing.Filed > 0 {
				line = lang.Tf("%d PQRSD radicadas desde tickets; %s", "%d PQRSD filed from tickets; %s", filing.Filed, line)
			}
			if n := len(filing.Quarantined); n > 0 {
				line = lang.Tf("%s; %d tickets en cuarentena", "%s; %d tickets in quarantine", line, n)
			}
			return line, err
		},
		reports: func(ctx context.Context, at calendar.Date, l relaciona.Lang) ([]report.Page, error) {
			pages, err := s.Pages(ctx, citizen.ReportOptions{Year: at.Year, Quarter: (int(at.Month)-1)/3 + 1, At: at, Lang: l, Redact: true})
			if err != nil {
				return nil, err
			}
			for i := range pages {
				pages[i].Slug = "citizen-" + pages[i].Slug
			}
			return pages, nil
		},
	}, nil
}

func noChange(l relaciona.Lang) string { return l.T("sin cambios", "no changes") }

// endOfDay is the last instant of date in loc that the stores keep
// (microseconds): every change stamped with it falls on date.
func endOfDay(date calendar.Date, loc *time.Location) time.Time {
	return time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, loc).AddDate(0, 0, 1).Add(-time.Microsecond)
}
