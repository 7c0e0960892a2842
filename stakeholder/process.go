package stakeholder

import (
	"context"

	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

func init() {
	process.MustRegister(process.Define(Kind, [2]string{"partes interesadas (SFIA RLMT)", "stakeholders (SFIA RLMT)"}, Roles(), LoadConfig,
		func(cfg *Config, env process.Env) (process.Runner[RunSummary], error) {
			return New(env.Store, cfg, env.Calendar, WithLang(env.Lang), WithDirectory(env.Directory))
		}))
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

// Reports builds the process's reports for the period: the page with slug
// "stakeholder" (interactions, feedback, effectiveness and resolved issues
// from period.From to period.To, and the map, overdue communications and
// open issues as of period.To; it wraps Report), the page DecisionsSlug
// (DecisionsReport), then the governance page (GovernanceSlug: approach,
// monitoring reviews, improvement actions, most important stakeholders).
func (s *Process) Reports(ctx context.Context, period process.Period) ([]report.Page, error) {
	if err := period.Validate(); err != nil {
		return nil, err
	}
	doc, err := s.Report(ctx, ReportOptions{At: period.To, From: period.From, To: period.To, Lang: period.Lang, Redact: period.Redact})
	if err != nil {
		return nil, err
	}
	gov, err := s.governancePage(ctx, period) // report_governance.go
	if err != nil {
		return nil, err
	}
	return s.withDecisionsPage(ctx, period, []report.Page{{Slug: Kind, Doc: doc}, gov})
}
