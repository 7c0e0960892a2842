package alliance

import (
	"context"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

func init() {
	if err := process.Register(process.Definition{
		Kind:  Kind,
		Title: [2]string{"alianzas estratégicas OMIL (PS54)", "OMIL strategic alliances (PS54)"},
		Roles: DefaultRoles(),
		Open:  open,
	}); err != nil {
		panic(err) // two packages claim the kind: a build mistake, not input
	}
}

// DefaultRoles lists the role names the process checks when the YAML
// renames none: the Encargado OMIL, the Gestor Territorial, the team and
// the scheduled job. A Config's Roles may rename the first three. (The
// name Roles is the type of that YAML block.)
func DefaultRoles() []string {
	return []string{DefaultRoleEncargado, DefaultRoleGestor, DefaultRoleTeam, RoleSystem}
}

// Reports builds every office's reports as of period.To (portfolio,
// coverage, review dossier, territorial study: the office's cycle year up
// to that day), with slugs "alliance-OFFICE-REPORT". It wraps Pages.
func (s *Process) Reports(ctx context.Context, period process.Period) ([]report.Page, error) {
	if err := period.Validate(); err != nil {
		return nil, err
	}
	var out []report.Page
	for _, o := range s.cfg.Offices {
		pages, err := s.Pages(ctx, ReportOptions{Office: o.ID, At: period.To, Lang: period.Lang, Redact: period.Redact})
		if err != nil {
			return nil, err
		}
		for _, p := range pages {
			p.Slug = Kind + "-" + o.ID + "-" + strings.TrimPrefix(p.Slug, Kind+"-")
			out = append(out, p)
		}
	}
	return out, nil
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
