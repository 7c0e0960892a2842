package stakeholder

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
		Title: [2]string{"partes interesadas (SFIA RLMT)", "stakeholders (SFIA RLMT)"},
		Roles: Roles(),
		Open:  open,
	}); err != nil {
		panic(err) // two packages claim the kind: a build mistake, not input
	}
}

// Roles lists what the process checks an actor against. The stakeholder
// process checks SFIA levels, not role names: each action needs a minimum
// level (DefaultLevels, overridable in YAML), so Roles lists the actions
// (Actions, as strings), for tools that list every process's the same way.
func Roles() []string {
	acts := Actions()
	out := make([]string, len(acts))
	for i, a := range acts {
		out[i] = string(a)
	}
	return out
}

// Reports builds the process's reports for the period, one page with slug
// "stakeholder": interactions, feedback, effectiveness and resolved issues
// from period.From to period.To, and the map, overdue communications and
// open issues as of period.To. It wraps Report.
func (s *Process) Reports(ctx context.Context, period process.Period) ([]report.Page, error) {
	if err := period.Validate(); err != nil {
		return nil, err
	}
	doc, err := s.Report(ctx, ReportOptions{At: period.To, From: period.From, To: period.To, Lang: period.Lang, Redact: period.Redact})
	if err != nil {
		return nil, err
	}
	return []report.Page{{Slug: Kind, Doc: doc}}, nil
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
	p, err := New(env.Store, cfg, env.Calendar, WithLang(env.Lang))
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
