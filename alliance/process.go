package alliance

import (
	"context"
	"strings"

	"github.com/relaciona/relaciona"

	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

func init() {
	process.MustRegister(process.Define(Kind, [2]string{"alianzas estratégicas OMIL (PS54)", "OMIL strategic alliances (PS54)"}, DefaultRoles(), LoadConfig,
		func(cfg *Config, env process.Env) (process.Runner[RunSummary], error) {
			return New(env.Store, cfg, env.Calendar, WithLang(env.Lang), WithDirectory(env.Directory))
		}))
}

// DefaultRoles lists the role names the process checks when the YAML
// renames none: the Encargado OMIL, the Gestor Territorial, the team and
// the scheduled job. A Config's Roles may rename the first three. (The
// name Roles is the type of that YAML block.)
func DefaultRoles() []string {
	return []string{DefaultRoleEncargado, DefaultRoleGestor, DefaultRoleTeam, RoleSystem}
}

// Reports builds the network page of the period (NetworkReport, slug
// "alliance-network", the process's chart on the index) and then every
// office's reports as of period.To (portfolio, coverage, review dossier,
// territorial study: the office's cycle year up to that day), with slugs
// "alliance-OFFICE-REPORT". It wraps NetworkReport and Pages.
func (s *Process) Reports(ctx context.Context, period process.Period) ([]report.Page, error) {
	if err := period.Validate(); err != nil {
		return nil, err
	}
	doc, err := s.NetworkReport(ctx, period.From, period.To, period.Lang)
	if err != nil {
		return nil, err
	}
	L := period.Lang
	out := []report.Page{{Slug: Kind + "-network", Doc: doc, NavTitle: L.T("Alianzas: red de oficinas", "Alliances: network of offices")}}
	for _, o := range s.cfg.Offices {
		pages, err := s.Pages(ctx, ReportOptions{Office: o.ID, At: period.To, Lang: period.Lang, Redact: period.Redact})
		if err != nil {
			return nil, err
		}
		for _, p := range pages {
			kind := ReportKind(strings.TrimPrefix(p.Slug, Kind+"-"))
			p.Slug = Kind + "-" + o.ID + "-" + string(kind)
			// The office names its pages in the navigation: every office
			// has pages of the same titles.
			p.NavTitle = o.Name + ": " + navKind(kind, L)
			p.Headline = report.NoHeadline // the network page's chart stands for the process
			out = append(out, p)
		}
	}
	return out, nil
}

// navKind is the short name of a report kind in the site's navigation.
func navKind(k ReportKind, L relaciona.Lang) string {
	return process.Labels[ReportKind]{
		ReportPortfolio:   {"cartera", "portfolio"},
		ReportCoverage:    {"cobertura", "coverage"},
		ReportDossier:     {"expediente", "dossier"},
		ReportTerritorial: {"estudio territorial", "territorial study"},
	}.Of(L, k)
}
