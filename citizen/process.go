package citizen

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

func init() {
	process.MustRegister(process.Definition{
		Kind:  Kind,
		Title: [2]string{"relacionamiento con la ciudadanía (MIPG) y PQRSD", "citizen relationship (MIPG) and PQRSD"},
		Roles: Roles(),
		Open:  open,
	})
}

// Reports builds the reports as of period.To, with slugs
// "citizen-REPORT": the quarterly PQRSD report of the quarter that holds
// period.To, the PQRSD of the period month by month, the characterisation,
// the spaces, commitments and strategy of the period, the offer adjustment
// and the indicators. It wraps Pages.
func (s *Process) Reports(ctx context.Context, period process.Period) ([]report.Page, error) {
	if err := period.Validate(); err != nil {
		return nil, err
	}
	year, quarter := process.Quarter(period.To)
	pages, err := s.Pages(ctx, ReportOptions{Year: year, Quarter: quarter, From: period.From, At: period.To, Lang: period.Lang, Redact: period.Redact})
	if err != nil {
		return nil, err
	}
	for i := range pages {
		if !strings.HasPrefix(pages[i].Slug, Kind+"-") {
			pages[i].Slug = Kind + "-" + pages[i].Slug
		}
	}
	return pages, nil
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
	opts := []Option{WithTickets(env.Tickets), WithLocation(env.Loc()), WithLang(env.Lang), WithLogger(env.Log().Named(Kind))}
	if env.Directory != nil {
		opts = append(opts, WithDirectory(env.Directory))
	}
	p, err := New(env.Store, cfg, env.Calendar, opts...)
	if err != nil {
		return nil, err
	}
	return instance{p: p, lang: env.Lang}, nil
}

// Run is the deployment's daily job: it files the PQRSD that arrived
// through the ticket system, then runs Run. The tickets filed are those of
// the PQRSD queue changed in the 31 days before date and on date itself, up
// to its end (already filed ones are skipped, so a daily job covers a
// month of missed runs); a ticket of today is filed today. The filing is
// stamped at the last instant of date, not at the next midnight, so the
// log's last change is never after date. Tickets that break a rule wait in
// quarantine; the rest are filed. Without a ticket system it only runs.
func (i instance) Run(ctx context.Context, actor relaciona.Actor, date calendar.Date) (string, error) {
	loc := i.p.loc
	day := time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, loc)
	end := day.AddDate(0, 0, 1).Add(-time.Microsecond)
	filing, err := i.p.FileNewTickets(ctx, actor, day.AddDate(0, 0, -31), end)
	if err != nil && !errors.Is(err, relaciona.ErrUnsupported) {
		return "", err
	}
	sum, err := i.p.Run(ctx, actor, date)
	line := process.Summarize(sum, i.lang)
	L := i.lang
	if filing.Filed > 0 {
		line = L.Tf("%d PQRSD radicadas desde tickets; %s", "%d PQRSD filed from tickets; %s", filing.Filed, line)
	}
	if n := len(filing.Quarantined); n > 0 {
		line = L.Tf("%s; %d tickets en cuarentena", "%s; %d tickets in quarantine", line, n)
	}
	return line, err
}

func (i instance) Reports(ctx context.Context, period process.Period) ([]report.Page, error) {
	return i.p.Reports(ctx, period)
}

// Templates offers the process file's notification templates to the
// dispatcher, which asks the Instance (see (*Process).Templates).
func (i instance) Templates() relaciona.Templates { return i.p.Templates() }
