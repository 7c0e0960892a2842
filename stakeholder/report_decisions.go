package stakeholder

import (
	"cmp"
	"context"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// DecisionsSlug is the slug of the decisions and information page.
const DecisionsSlug = Kind + "-decisions"

// withDecisionsPage adds the decisions and information page of period to
// pages (Reports' hook).
func (s *Process) withDecisionsPage(ctx context.Context, period process.Period, pages []report.Page) ([]report.Page, error) {
	doc, err := s.DecisionsReport(ctx, ReportOptions{At: period.To, From: period.From, To: period.To, Lang: period.Lang, Redact: period.Redact})
	if err != nil {
		return nil, err
	}
	L := cmp.Or(period.Lang, relaciona.Spanish)
	return append(pages, report.Page{Slug: DecisionsSlug, Doc: doc,
		NavTitle: L.T("Partes interesadas: decisiones e información", "Stakeholders: decisions and information")}), nil
}

// decisionFigures are the decision register's counts for the period.
type decisionFigures struct {
	taken, open, consulted, owed, given, late int
}

// infoFigures are the information register's counts for one kind.
type infoFigures struct {
	gathered, spread int
}

// DecisionsReport builds the page of the decision and information
// registers for opts (seed 000_f7cf2e5b8754cfa1.txt: "consulta y la
// consideración de los impactos", "Facilita los procesos de toma de
// decisiones", "Proporciona retroalimentación informada", "recopilación y
// difusión de información", "Captura y difunde información técnica y
// comercial"): key figures (decisions taken in the period, stakeholders
// consulted, informed feedback owed and given by the period's end, and
// late; information gathered and spread), the decisions taken in the
// period (folded past their first rows) and the information by kind. The
// period defaults as Report's (the year ending on At). A redacted report
// names persons by id.
func (s *Process) DecisionsReport(ctx context.Context, opts ReportOptions) (report.Document, error) {
	L := cmp.Or(opts.Lang, relaciona.Spanish)
	if err := s.reportPeriod(&opts); err != nil {
		return report.Document{}, err
	}
	r := &reporter{ctx: ctx, s: s, L: L, opts: opts, groups: map[string]string{}, people: map[string]*relaciona.Person{}, names: map[string]string{}}
	end := r.periodEnd()
	groups, err := s.Groups(ctx)
	if err != nil {
		return report.Document{}, err
	}
	for _, g := range groups {
		r.groups[g.ID] = g.Name
	}
	sts, err := s.Stakeholders(ctx)
	if err != nil {
		return report.Document{}, err
	}
	for _, st := range sts {
		r.names[st.ID] = st.DisplayName(opts.Redact)
	}

	var df decisionFigures
	tbl := report.Table{ID: "decisiones", Caption: L.Tf("Decisiones tomadas del %s al %s", "Decisions taken from %s to %s", opts.From, end),
		Columns: []report.Column{{Name: "ID"}, {Name: L.T("Decisión", "Decision")}, {Name: L.T("Fecha", "Date"), Kind: report.KindDate},
			{Name: L.T("Facilitador", "Facilitator")}, {Name: L.T("Participantes", "Participants"), Kind: report.KindInt},
			{Name: L.T("Afectados", "Affected")}, {Name: L.T("Opciones", "Options"), Kind: report.KindInt},
			{Name: L.T("Consultados", "Consulted"), Kind: report.KindInt}, {Name: L.T("Impactos negativos", "Negative impacts"), Kind: report.KindInt},
			{Name: L.T("Resultado", "Outcome")}, {Name: L.T("Retroalimentación debida", "Feedback owed"), Kind: report.KindInt},
			{Name: L.T("Retroalimentación dada", "Feedback given"), Kind: report.KindInt}},
		PageRows: pageRows}
	for d, err := range s.Decisions(ctx, DecisionQuery{}) {
		if err != nil {
			return report.Document{}, err
		}
		if d.Status != DecisionTaken || !r.inPeriod(d.Decided) {
			if d.Status != DecisionTaken && !d.Opened.After(end) {
				df.open++
			}
			continue
		}
		df.taken++
		consulted := map[string]bool{}
		for _, c := range d.Consultations {
			consulted[cmp.Or(c.Stakeholder, "\x00"+c.Person)] = true
		}
		df.consulted += len(consulted)
		neg := 0
		for _, im := range d.Impacts {
			if im.Effect == EffectNegative {
				neg++
			}
		}
		given := 0
		for _, f := range d.Feedback {
			df.owed++
			switch {
			case !f.Given.IsZero() && !f.Given.After(end):
				given++
			case f.Due.Before(end):
				df.late++
			}
		}
		df.given += given
		var affected []string
		for _, id := range d.Affected {
			affected = append(affected, r.stakeholderName(id))
		}
		for _, g := range d.AffectedGroups {
			affected = append(affected, cmp.Or(r.groups[g], g))
		}
		tbl.Rows = append(tbl.Rows, []report.Cell{report.Text(d.ID), report.Text(d.Title), dateCell(d.Decided), report.Text(r.person(d.Facilitator)),
			report.Int(int64(len(d.Participants))), report.Text(strings.Join(affected, ", ")), report.Int(int64(len(d.Options))),
			report.Int(int64(len(consulted))), report.Int(int64(neg)), report.Text(d.Outcome), report.Int(int64(len(d.Feedback))), report.Int(int64(given))})
	}

	byKind := map[InfoKind]*infoFigures{}
	for _, k := range InfoKinds() {
		byKind[k] = &infoFigures{}
	}
	for it, err := range s.InformationItems(ctx, InfoQuery{From: opts.From, To: end}) {
		if err != nil {
			return report.Document{}, err
		}
		fig, ok := byKind[it.Kind]
		if !ok {
			continue
		}
		fig.gathered++
		for _, sp := range it.Spreads {
			if !sp.Date.After(end) {
				fig.spread++
				break
			}
		}
	}
	var info infoFigures
	itbl := report.Table{ID: "informacion", Caption: L.Tf("Información recopilada del %s al %s por tipo", "Information gathered from %s to %s by kind", opts.From, end),
		Columns: []report.Column{{Name: L.T("Tipo", "Kind")}, {Name: L.T("Nivel SFIA", "SFIA level"), Kind: report.KindInt},
			{Name: L.T("Recopilada", "Gathered"), Kind: report.KindInt}, {Name: L.T("Difundida", "Spread"), Kind: report.KindInt},
			{Name: L.T("Sin difundir al cierre", "Not spread by the end"), Kind: report.KindInt}}}
	for _, k := range InfoKinds() {
		f := byKind[k]
		info.gathered += f.gathered
		info.spread += f.spread
		itbl.Rows = append(itbl.Rows, []report.Cell{report.Text(k.Label(L)), report.Int(int64(s.cfg.Level(k.action()))),
			report.Int(int64(f.gathered)), report.Int(int64(f.spread)), report.Int(int64(f.gathered - f.spread))})
	}
	itbl.Total = []report.Cell{report.Text(L.T("Total", "Total")), report.Empty(), report.Int(int64(info.gathered)), report.Int(int64(info.spread)),
		report.Int(int64(info.gathered - info.spread))}

	status := func(bad bool, none bool) report.Status {
		switch {
		case none:
			return report.StatusNone
		case bad:
			return report.StatusWarn
		}
		return report.StatusGood
	}
	figures := report.KeyFigures{Items: []report.KeyFigure{
		{Label: L.T("Decisiones tomadas", "Decisions taken"), Value: report.Int(int64(df.taken)), Note: L.Tf("%d en preparación", "%d in preparation", df.open)},
		{Label: L.T("Partes consultadas", "Parties consulted"), Value: report.Int(int64(df.consulted))},
		{Label: L.T("Retroalimentación debida", "Feedback owed"), Value: report.Int(int64(df.owed)),
			Note: L.Tf("dada: %d; vencida: %d", "given: %d; late: %d", df.given, df.late), Status: status(df.late > 0, df.owed == 0)},
		{Label: L.T("Información recopilada", "Information gathered"), Value: report.Int(int64(info.gathered)),
			Note: L.Tf("difundida: %d", "spread: %d", info.spread), Status: status(info.spread < info.gathered, info.gathered == 0)},
	}}
	dsec := report.Section{ID: "decisiones-tomadas", Title: L.T("Decisiones tomadas", "Decisions taken")}
	if df.taken == 0 {
		dsec.Blocks = append(dsec.Blocks, report.Note{Title: L.T("Sin decisiones", "No decisions"),
			Text: L.Tf("No se tomó ninguna decisión del %s al %s.", "No decision was taken from %s to %s.", opts.From, end)})
	} else {
		dsec.Blocks = append(dsec.Blocks, report.Paragraph{Text: L.T(
			"Cada decisión se toma solo después de consultar a las partes interesadas clave afectadas y de ponderar su impacto sobre cada parte y grupo afectado; a cada parte consultada se le debe una retroalimentación informada sobre el resultado.",
			"Each decision is taken only after consulting the affected key stakeholders and weighing its impact on each affected stakeholder and group; each party consulted is owed informed feedback on the outcome.")}, tbl)
	}
	isec := report.Section{ID: "informacion-recopilada", Title: L.T("Información recopilada y difundida", "Information gathered and spread"), Blocks: []report.Block{itbl}}

	title := L.T("Partes interesadas: decisiones e información", "Stakeholders: decisions and information")
	if s.cfg.Name != "" {
		title += " — " + s.cfg.Name
	}
	return report.Document{
		Title:     title,
		Subtitle:  L.Tf("Periodo %s a %s · SFIA RLMT, niveles 4 y 5", "Period %s to %s · SFIA RLMT, levels 4 and 5", opts.From, end),
		Lang:      L,
		Generated: dayTime(opts.At),
		Sections: []report.Section{
			{ID: "resumen-decisiones", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{figures, informationChart(byKind, L)}},
			dsec, isec,
		},
	}, nil
}

// informationChart shows the information gathered in the period by kind,
// split into what was spread and what was not by the period's end.
func informationChart(byKind map[InfoKind]*infoFigures, L relaciona.Lang) report.Chart {
	c := report.Chart{ID: "informacion-grafico", Kind: report.ChartStacked, ValueKind: report.KindInt,
		Title: L.T("Información recopilada por tipo: difundida y sin difundir", "Information gathered by kind: spread and not spread")}
	spread := report.Series{Name: L.T("Difundida", "Spread")}
	not := report.Series{Name: L.T("Sin difundir al cierre", "Not spread by the end")}
	for _, k := range InfoKinds() {
		f := byKind[k]
		c.Labels = append(c.Labels, k.Label(L))
		spread.Values = append(spread.Values, float64(f.spread))
		not.Values = append(not.Values, float64(f.gathered-f.spread))
	}
	c.Series = []report.Series{spread, not}
	c.Table = report.DataTable(c, L)
	return c
}
