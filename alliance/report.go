package alliance

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// ReportKind names one of the process's reports.
type ReportKind string

// The reports.
const (
	ReportPortfolio   ReportKind = "portfolio"   // the alliances and their hard data
	ReportCoverage    ReportKind = "coverage"    // objectives × alliances matrix
	ReportDossier     ReportKind = "dossier"     // the review dossier of every alliance
	ReportTerritorial ReportKind = "territorial" // the territorial study export
)

// ReportKinds lists the reports in reading order.
var ReportKinds = []ReportKind{ReportPortfolio, ReportCoverage, ReportDossier, ReportTerritorial}

// ReportOptions choose the office, the date the data runs to, the language
// and whether personal data is redacted.
type ReportOptions struct {
	Office string
	At     calendar.Date
	Lang   relaciona.Lang
	// Redact blanks the contact person's name, e-mail and phone (fields
	// tagged personal) in the territorial study.
	Redact bool
}

// Report builds one report as a report.Document, which the report package
// renders to HTML, CSV, XLSX or Markdown. The data covers the office's
// current cycle year up to opts.At.
func (s *Process) Report(ctx context.Context, kind ReportKind, opts ReportOptions) (report.Document, error) {
	if err := s.checkOffice(opts.Office); err != nil {
		return report.Document{}, err
	}
	if err := s.checkDate("at", opts.At); err != nil {
		return report.Document{}, err
	}
	d, err := s.gather(ctx, opts)
	if err != nil {
		return report.Document{}, err
	}
	L := opts.Lang
	o, _ := s.cfg.Office(opts.Office)
	doc := report.Document{Lang: L, Generated: stamp(opts.At), Subtitle: L.Tf("%s · datos al %s", "%s · data up to %s", o.Name, opts.At)}
	switch kind {
	case ReportPortfolio:
		doc.Title = L.T("Cartera de alianzas estratégicas", "Strategic alliance portfolio")
		doc.Sections = s.portfolio(d, L)
	case ReportCoverage:
		doc.Title = L.T("Cobertura de objetivos estratégicos", "Strategic objective coverage")
		doc.Sections = s.coverage(d, L)
	case ReportDossier:
		doc.Title = L.T("Expediente de revisión anual", "Yearly review dossier")
		doc.Sections = s.dossiers(d, L)
	case ReportTerritorial:
		doc.Title = L.T("Estudio Territorial", "Territorial study")
		ts, err := s.Territories(ctx, opts.Office)
		if err != nil {
			return report.Document{}, err
		}
		doc.Sections = s.territorial(d, ts, L, opts.Redact)
	default:
		return report.Document{}, s.invalid("report", "informe desconocido %q", "unknown report %q", kind)
	}
	return doc, nil
}

// Pages builds every report as the pages of a report.Site, slugs
// "alliance-<kind>".
func (s *Process) Pages(ctx context.Context, opts ReportOptions) ([]report.Page, error) {
	var out []report.Page
	for _, k := range ReportKinds {
		doc, err := s.Report(ctx, k, opts)
		if err != nil {
			return nil, err
		}
		pg := report.Page{Slug: "alliance-" + string(k), Doc: doc}
		if len(out) > 0 {
			pg.Headline = report.NoHeadline // one chart of the process on the index
		}
		out = append(out, pg)
	}
	return out, nil
}

// reportData is what every report reads, gathered in a few scans.
type reportData struct {
	office    string
	year      int
	at        calendar.Date
	cycle     Cycle
	alliances []Alliance
	orgs      map[string]Organisation
	orgList   []Organisation
	dossiers  map[string]Dossier
	diagnosis Diagnosis
	review    *Review
	flags     []Flag
	purpose   []PurposeRow // the cycle year up to at
}

func (s *Process) gather(ctx context.Context, opts ReportOptions) (*reportData, error) {
	d := &reportData{office: opts.Office, at: opts.At, orgs: map[string]Organisation{}, dossiers: map[string]Dossier{}}
	cur, err := s.current(ctx, opts.Office)
	if err != nil {
		return nil, err
	}
	d.cycle = cur.Value
	year := d.cycle.Year
	if year == 0 {
		year = opts.At.Year
	}
	d.year = year
	if d.alliances, err = s.Alliances(ctx, opts.Office); err != nil {
		return nil, err
	}
	if d.orgList, err = s.Organisations(ctx); err != nil {
		return nil, err
	}
	for _, o := range d.orgList {
		d.orgs[o.ID] = o
	}
	// The dossier of each alliance reads its own measurements and ratings;
	// an office has tens of alliances, so this stays a few dozen reads.
	for _, a := range d.alliances {
		dos, err := s.dossier(ctx, a, year, opts.At)
		if err != nil {
			return nil, err
		}
		d.dossiers[a.ID] = dos
	}
	if d.diagnosis, err = s.diagnosis(ctx, opts.Office, opts.At); err != nil {
		return nil, err
	}
	if n := len(d.cycle.Reviews); n > 0 {
		r, err := s.Review(ctx, d.cycle.Reviews[n-1])
		if err != nil {
			return nil, err
		}
		d.review = &r
	}
	if d.flags, err = s.Flags(ctx, opts.Office, calendar.Date{Year: year, Month: 1, Day: 1}, opts.At); err != nil {
		return nil, err
	}
	if d.purpose, err = s.Purpose(ctx, opts.Office, calendar.Date{Year: year, Month: 1, Day: 1}, opts.At); err != nil {
		return nil, err
	}
	return d, nil
}

func kindLabel(k AllianceKind, L relaciona.Lang) string {
	return process.Labels[AllianceKind]{
		KindAgreement:     {"convenio", "agreement"},
		KindUnderstanding: {"entendimiento sin acuerdo", "understanding"},
		KindLink:          {"vínculo no operacionalizado", "non-operational link"},
	}.Of(L, k)
}

// sectorLabel names a sector in the report's language; a sector the
// package does not know is shown as written.
func sectorLabel(sc Sector, L relaciona.Lang) string {
	return process.Labels[Sector]{
		SectorPublic:       {"público", "public"},
		SectorPrivate:      {"privado", "private"},
		SectorCivilSociety: {"sociedad civil", "civil society"},
		SectorEducation:    {"educación", "education"},
		SectorHealth:       {"salud", "health"},
		SectorOther:        {"otro", "other"},
	}.Of(L, sc)
}

func statusLabel(st Status, L relaciona.Lang) string {
	return process.Labels[Status]{
		StatusActive:        {"vigente", "active"},
		StatusKept:          {"se mantiene", "kept"},
		StatusRenegotiating: {"en renegociación", "renegotiating"},
		StatusDropped:       {"no se mantiene", "dropped"},
		StatusEnded:         {"terminada", "ended"},
	}.Or(L, st, [2]string{}) // an unknown status has no name
}

func phaseLabel(p Phase, L relaciona.Lang) string {
	return process.Labels[Phase]{
		PhaseNotStarted:       {"sin iniciar", "not started"},
		PhaseRegistryReviewed: {"catastro revisado", "registry reviewed"},
		PhaseDiagnosed:        {"diagnosticado", "diagnosed"},
		PhaseExpanding:        {"búsqueda de socios", "searching partners"},
		PhaseMonitoring:       {"monitoreo", "monitoring"},
		PhaseReviewing:        {"en revisión", "under review"},
		PhaseClosed:           {"cerrado", "closed"},
	}.Of(L, p)
}

func coverageLabel(c Coverage, L relaciona.Lang) string {
	return process.Labels[Coverage]{
		CoverageNone:   {"sin alianzas", "no alliance"},
		CoverageDeepen: {"profundizar", "deepen"},
		CoverageOK:     {"cubierto", "covered"},
		CoverageNoData: {"sin datos", "no data"},
	}.Or(L, c, [2]string{}) // an unknown coverage has no name
}

func (s *Process) objectiveName(id string) string {
	if o, ok := s.cfg.Objective(id); ok {
		return o.Name
	}
	return id
}

func (s *Process) objectiveNames(ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = s.objectiveName(id)
	}
	return strings.Join(names, "; ")
}

func (s *Process) resourceNames(ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = id
		if r, ok := s.cfg.Resource(id); ok {
			names[i] = r.Name
		}
	}
	return strings.Join(names, "; ")
}

func dateCell(d calendar.Date) report.Cell {
	if d.IsZero() {
		return report.Empty()
	}
	return report.Date(stamp(d))
}

func numCell(v float64, ok bool) report.Cell {
	if !ok || math.IsNaN(v) {
		return report.Empty()
	}
	return report.Float(v)
}

func rateCell(v float64) report.Cell {
	if math.IsNaN(v) {
		return report.Empty()
	}
	return report.Percent(v)
}

// ReferralsResolvedTarget is the share of referrals resolved that the
// portfolio's key figure aims at (higher is better): below it the figure
// warns.
const ReferralsResolvedTarget = 0.5

func (s *Process) portfolio(d *reportData, L relaciona.Lang) []report.Section {
	var inForce, sent, resolved, disagree int
	byKind := map[AllianceKind]int{}
	for _, a := range d.alliances {
		if !live(a) {
			continue
		}
		inForce++
		byKind[a.Kind]++
		t := d.dossiers[a.ID].Totals
		sent += t.Sent
		resolved += t.Resolved
		if d.dossiers[a.ID].Team.Disagreement {
			disagree++
		}
	}
	covered := 0
	for _, o := range d.diagnosis.Objectives {
		if o.Status != CoverageNone {
			covered++
		}
	}
	resStatus := report.StatusNone
	if r := ratio(resolved, sent); !math.IsNaN(r) {
		resStatus = report.StatusWarn
		if report.HigherIsBetter.Meets(r, ReferralsResolvedTarget) {
			resStatus = report.StatusGood
		}
	}
	covStatus := report.StatusGood
	if covered < len(d.diagnosis.Objectives) {
		covStatus = report.StatusWarn
	}
	figs := report.KeyFigures{Items: []report.KeyFigure{
		{Label: L.T("Alianzas vigentes", "Alliances in force"), Value: report.Int(int64(inForce)),
			Note: L.Tf("%d convenios, %d entendimientos, %d vínculos", "%d agreements, %d understandings, %d links", byKind[KindAgreement], byKind[KindUnderstanding], byKind[KindLink])},
		{Label: L.T("Objetivos con alianzas", "Objectives with alliances"), Value: report.Text(fmt.Sprintf("%d / %d", covered, len(d.diagnosis.Objectives))), Status: covStatus},
		{Label: L.T("Derivaciones enviadas", "Referrals sent"), Value: report.Int(int64(sent)), Note: L.Tf("en %d", "in %d", d.year)},
		{Label: L.T("Derivaciones resueltas", "Referrals resolved"), Value: rateCell(ratio(resolved, sent)), Status: resStatus,
			Note: report.TargetNote(L, report.HigherIsBetter, report.Percent(ReferralsResolvedTarget).Format(L))},
		{Label: L.T("Desacuerdo del equipo", "Team disagreement"), Value: report.Int(int64(disagree)), Status: map[bool]report.Status{true: report.StatusWarn, false: report.StatusGood}[disagree > 0]},
		{Label: L.T("Fase del ciclo", "Cycle phase"), Value: report.Text(phaseLabel(d.cycle.Phase, L)), Note: L.Tf("ciclo %d", "%d cycle", d.year)},
	}}
	t := report.Table{ID: "cartera", Caption: L.T("Alianzas de la oficina", "The office's alliances"), Columns: []report.Column{
		{Name: L.T("Alianza", "Alliance")}, {Name: L.T("Socio", "Partner")}, {Name: L.T("Tipo", "Kind")}, {Name: L.T("Estado", "Status")},
		{Name: L.T("Objetivos", "Objectives")}, {Name: L.T("Recursos", "Resources")},
		{Name: L.T("Inicio", "Start"), Kind: report.KindDate}, {Name: L.T("Término", "End"), Kind: report.KindDate},
		{Name: L.T("Enviadas", "Sent"), Kind: report.KindInt}, {Name: L.T("Aceptadas", "Accepted"), Kind: report.KindInt},
		{Name: L.T("Resueltas", "Resolved"), Kind: report.KindInt}, {Name: L.T("% resueltas", "% resolved"), Kind: report.KindPercent},
		{Name: L.T("Días hábiles de respuesta", "Business days to answer"), Kind: report.KindFloat},
		{Name: L.T("Nota del equipo", "Team rating"), Kind: report.KindFloat}, {Name: L.T("Evaluadores", "Raters"), Kind: report.KindInt},
		{Name: L.T("Desacuerdo", "Disagreement")},
	}}
	for _, a := range d.alliances {
		dos := d.dossiers[a.ID]
		tt := dos.Totals
		t.Rows = append(t.Rows, []report.Cell{
			report.Text(a.ID), report.Text(d.orgs[a.Organisation].Name), report.Text(kindLabel(a.Kind, L)), report.Text(statusLabel(a.Status, L)),
			report.Text(s.objectiveNames(a.Objectives)), report.Text(s.resourceNames(a.Resources)),
			dateCell(a.Start), dateCell(a.End),
			report.Int(int64(tt.Sent)), report.Int(int64(tt.Accepted)), report.Int(int64(tt.Resolved)), rateCell(tt.ResolutionRate()),
			numCell(tt.AnswerDays, tt.Answered > 0), numCell(dos.Team.Mean, dos.Team.Raters > 0), report.Int(int64(dos.Team.Raters)),
			report.Text(map[bool]string{true: L.T("sí", "yes"), false: ""}[dos.Team.Disagreement]),
		})
	}
	secs := []report.Section{{ID: "resumen", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{figs, referralChart(d, L)}}, {ID: "alianzas", Title: L.T("Alianzas", "Alliances"), Blocks: []report.Block{t}, Folded: true},
		{ID: "proposito-medido", Title: L.T("Propósito: derivaciones e información", "Purpose: referrals and information"), Blocks: purposeBlocks(d.purpose, s.cfg.Purpose, L), Folded: true}}
	if len(d.flags) > 0 {
		l := report.List{Title: L.T("Alertas de la tarea periódica", "Periodic job flags")}
		for _, f := range d.flags {
			l.Items = append(l.Items, report.ListItem{Text: fmt.Sprintf("%s · %s · %s", f.Date, flagLabel(f.Kind, L), strings.TrimSpace(f.Alliance+" "+f.Detail)), Status: report.StatusWarn})
		}
		secs = append(secs, report.Section{ID: "alertas", Title: L.T("Alertas", "Flags"), Blocks: []report.Block{l}})
	}
	return secs
}

// referralChart shows each alliance in force: referrals sent and resolved
// in the cycle year, most sent first.
func referralChart(d *reportData, L relaciona.Lang) report.Chart {
	c := report.Chart{ID: "derivaciones-alianza", Kind: report.ChartHBar, Title: L.T("Derivaciones por alianza vigente", "Referrals by alliance in force"),
		Description: L.Tf("Enviadas y resueltas en el ciclo %d, de más a menos enviadas.", "Sent and resolved in the %d cycle, most sent first.", d.year),
		XLabel:      L.T("Alianza", "Alliance"), YLabel: L.T("Derivaciones", "Referrals"), ValueKind: report.KindInt,
		Series: []report.Series{{Name: L.T("Enviadas", "Sent")}, {Name: L.T("Resueltas", "Resolved")}}}
	var inForce []Alliance
	for _, a := range d.alliances {
		if live(a) {
			inForce = append(inForce, a)
		}
	}
	slices.SortStableFunc(inForce, func(a, b Alliance) int { return d.dossiers[b.ID].Totals.Sent - d.dossiers[a.ID].Totals.Sent })
	for _, a := range inForce {
		t := d.dossiers[a.ID].Totals
		c.Labels = append(c.Labels, a.ID)
		c.Series[0].Values = append(c.Series[0].Values, float64(t.Sent))
		c.Series[1].Values = append(c.Series[1].Values, float64(t.Resolved))
	}
	c.Table = report.DataTable(c, L)
	return c
}

func flagLabel(k FlagKind, L relaciona.Lang) string {
	return process.Labels[FlagKind]{
		FlagNoMeasurement:     {"sin mediciones", "no measurement"},
		FlagReviewDue:         {"revisión anual vencida", "yearly review due"},
		FlagDisagreement:      {"desacuerdo del equipo", "team disagreement"},
		FlagAgreementExpiring: {"acuerdo por vencer", "agreement expiring"},
	}.Of(L, k)
}

// CoverageValue is the matrix value of an alliance for an objective: 0 it
// does not serve it, 1 it serves it without data, 2 below target, 3 on
// target.
func coverageValue(ac *AllianceCoverage) float64 {
	switch {
	case ac == nil:
		return 0
	case ac.Status == CoverageNoData:
		return 1
	case ac.Status == CoverageDeepen:
		return 2
	}
	return 3
}

func (s *Process) coverage(d *reportData, L relaciona.Lang) []report.Section {
	var ids []string
	for _, a := range d.alliances {
		if serving(a) {
			ids = append(ids, a.ID)
		}
	}
	chart := report.Chart{ID: "matriz-cobertura", Kind: report.ChartHeatmap,
		Title:       L.T("Objetivos × alianzas", "Objectives × alliances"),
		Description: L.T("0: no la sirve; 1: sin datos; 2: bajo la meta; 3: cumple la meta.", "0: does not serve it; 1: no data; 2: below target; 3: on target."),
		Labels:      ids, XLabel: L.T("Alianzas", "Alliances"), YLabel: L.T("Objetivos", "Objectives"),
		ValueKind: report.KindInt, Range: &report.Range{Min: 0, Max: 3}}
	t := report.Table{ID: "diagnostico", Caption: L.T("Diagnóstico por objetivo", "Diagnosis by objective"), Columns: []report.Column{
		{Name: L.T("Objetivo", "Objective")}, {Name: L.T("Prioridad", "Priority"), Kind: report.KindInt}, {Name: L.T("Estado", "Status")},
		{Name: L.T("Alianzas", "Alliances")}, {Name: L.T("Bajo la meta o sin datos", "Below target or no data")}, {Name: L.T("Recursos faltantes", "Missing resources")},
	}}
	for _, od := range d.diagnosis.Objectives {
		obj, _ := s.cfg.Objective(od.Objective)
		row := make([]float64, len(ids))
		var serving, weak []string
		for _, ac := range od.Alliances {
			serving = append(serving, ac.Alliance)
			if ac.Status != CoverageOK {
				weak = append(weak, ac.Alliance)
			}
			if i := slices.Index(ids, ac.Alliance); i >= 0 {
				row[i] = coverageValue(&ac)
			}
		}
		chart.Series = append(chart.Series, report.Series{Name: obj.Name, Values: row})
		t.Rows = append(t.Rows, []report.Cell{report.Text(obj.Name), report.Int(int64(obj.Priority)), report.Text(coverageLabel(od.Status, L)),
			report.Text(strings.Join(serving, ", ")), report.Text(strings.Join(weak, ", ")), report.Text(s.resourceNames(od.MissingResources))})
	}
	chart.Table = report.DataTable(chart, L)
	// The chart leads the page; the table per objective and the gaps are
	// detail, folded under it.
	detail := []report.Block{t}
	if len(d.diagnosis.Gaps) > 0 {
		l := report.List{Title: L.T("Brechas para la búsqueda de socios", "Gaps for the partner search")}
		for _, g := range d.diagnosis.Gaps {
			txt := s.objectiveName(g.Objective)
			if g.Resource != "" {
				txt += " · " + s.resourceNames([]string{g.Resource})
			}
			l.Items = append(l.Items, report.ListItem{Text: txt, Status: report.StatusWarn})
		}
		detail = append(detail, l)
	}
	return []report.Section{{ID: "cobertura", Title: L.T("Cobertura", "Coverage"), Blocks: []report.Block{chart}},
		{ID: "cobertura-detalle", Title: L.T("Cobertura: detalle por objetivo", "Coverage: detail by objective"), Blocks: detail, Folded: true}}
}

func (s *Process) dossiers(d *reportData, L relaciona.Lang) []report.Section {
	var ids []string
	if d.review != nil {
		ids = d.review.Alliances
	} else {
		for _, a := range d.alliances {
			if live(a) {
				ids = append(ids, a.ID)
			}
		}
	}
	var secs []report.Section
	if d.review != nil {
		kind := L.T("anual", "yearly")
		if d.review.OnDemand {
			kind = L.T("a pedido", "on demand")
		}
		state := L.T("abierta", "open")
		if !d.review.Closed.IsZero() {
			state = L.Tf("cerrada el %s", "closed on %s", d.review.Closed)
		}
		secs = append(secs, report.Section{ID: "revision", Title: L.T("Revisión", "Review"), Blocks: []report.Block{report.Paragraph{
			Text: L.Tf("Revisión %s %s, abierta el %s, %s: %d alianzas, %d decididas.", "Review %s (%s), opened on %s, %s: %d alliances, %d decided.",
				d.review.ID, kind, d.review.Opened, state, len(d.review.Alliances), len(d.review.Decisions))}}})
	}
	for _, id := range ids {
		dos, ok := d.dossiers[id]
		if !ok {
			continue
		}
		a := dos.Alliance
		t := dos.Totals
		blocks := []report.Block{report.KeyFigures{Items: []report.KeyFigure{
			{Label: L.T("Socio", "Partner"), Value: report.Text(dos.Organisation.Name), Note: kindLabel(a.Kind, L)},
			{Label: L.T("Enviadas", "Sent"), Value: report.Int(int64(t.Sent)), Note: L.Tf("%d mediciones", "%d measurements", t.Measurements)},
			{Label: L.T("% aceptadas", "% accepted"), Value: rateCell(t.AcceptanceRate())},
			{Label: L.T("% resueltas", "% resolved"), Value: rateCell(t.ResolutionRate())},
			{Label: L.T("Días hábiles de respuesta", "Business days to answer"), Value: numCell(t.AnswerDays, t.Answered > 0)},
			{Label: L.T("Nota del equipo", "Team rating"), Value: numCell(dos.Team.Mean, dos.Team.Raters > 0),
				Note:   L.Tf("%d evaluadores, dispersión %v", "%d raters, spread %v", dos.Team.Raters, dos.Team.Spread),
				Status: map[bool]report.Status{true: report.StatusWarn, false: report.StatusNone}[dos.Team.Disagreement]},
		}}}
		it := report.Table{ID: "indicadores-" + id, Caption: L.Tf("Indicadores de %s", "Indicators of %s", id), Columns: []report.Column{
			{Name: L.T("Objetivo", "Objective")}, {Name: L.T("Indicador", "Indicator")}, {Name: L.T("Valor", "Value"), Kind: report.KindFloat},
			{Name: L.T("Meta", "Target"), Kind: report.KindFloat}, {Name: L.T("Cumple", "Met")},
		}}
		for _, in := range dos.Indicators {
			met := L.T("no", "no")
			if !in.HasData {
				met = L.T("sin datos", "no data")
			} else if in.Met {
				met = L.T("sí", "yes")
			}
			it.Rows = append(it.Rows, []report.Cell{report.Text(s.objectiveName(in.Objective)), report.Text(in.Name), numCell(in.Value, in.HasData), report.Float(in.Target), report.Text(met)})
		}
		blocks = append(blocks, it)
		var items []report.ListItem
		for _, m := range dos.Missing {
			items = append(items, report.ListItem{Text: L.T("Falta: ", "Missing: ") + m, Status: report.StatusBad})
		}
		for _, f := range dos.Flags {
			items = append(items, report.ListItem{Text: fmt.Sprintf("%s · %s · %s", f.Date, flagLabel(f.Kind, L), f.Detail), Status: report.StatusWarn})
		}
		for _, dec := range a.Decisions {
			items = append(items, report.ListItem{Text: L.Tf("Decisión %s (%s): %s, %s", "Decision %s (%s): %s, %s", dec.Review, dec.Date, dec.Verdict, dec.Reason)})
		}
		for _, n := range a.Notes {
			items = append(items, report.ListItem{Text: fmt.Sprintf("%s · %s", n.Date, n.Text)})
		}
		for _, doc := range a.Documents {
			items = append(items, report.ListItem{Text: L.Tf("Documento: %s (%s)", "Document: %s (%s)", doc.Title, doc.Ref)})
		}
		if len(items) > 0 {
			blocks = append(blocks, report.List{Title: L.T("Antecedentes", "Record"), Items: items})
		}
		secs = append(secs, report.Section{ID: "expediente-" + id, Title: fmt.Sprintf("%s · %s", id, statusLabel(a.Status, L)), Blocks: blocks, Folded: true})
	}
	if len(ids) > 0 {
		c := report.Chart{ID: "resueltas-alianza", Kind: report.ChartHBar, Title: L.T("Derivaciones resueltas por alianza", "Referrals resolved by alliance"),
			Description: L.T("Parte de las derivaciones enviadas que el socio resolvió, contra la meta.", "Share of the referrals sent that the partner resolved, against the target."),
			XLabel:      L.T("Alianza", "Alliance"), YLabel: L.T("% resueltas", "% resolved"), ValueKind: report.KindPercent, Range: &report.Range{Min: 0, Max: 1},
			Target: &report.Target{Value: ReferralsResolvedTarget, Label: L.T("meta", "target"), Better: report.HigherIsBetter},
			Series: []report.Series{{Name: L.T("% resueltas", "% resolved")}}}
		for _, id := range ids {
			if dos, ok := d.dossiers[id]; ok {
				c.Labels = append(c.Labels, id)
				c.Series[0].Values = append(c.Series[0].Values, dos.Totals.ResolutionRate())
			}
		}
		c.Table = report.DataTable(c, L)
		secs = append([]report.Section{{ID: "resumen-expedientes", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{c}}}, secs...)
	}
	if len(ids) == 0 {
		secs = append(secs, report.Section{ID: "vacio", Title: L.T("Sin alianzas", "No alliances"), Blocks: []report.Block{report.Paragraph{Text: L.T("La oficina no tiene alianzas que revisar.", "The office has no alliance to review.")}}})
	}
	return secs
}

func (s *Process) territorial(d *reportData, ts []Territory, L relaciona.Lang, redact bool) []report.Section {
	partners := map[string][]string{}
	for _, a := range d.alliances {
		partners[a.Organisation] = append(partners[a.Organisation], fmt.Sprintf("%s (%s)", a.ID, statusLabel(a.Status, L)))
	}
	ot := report.Table{ID: "organizaciones", Caption: L.T("Organizaciones del territorio", "Organisations of the territory"), Columns: []report.Column{
		{Name: L.T("Id", "Id")}, {Name: L.T("Organización", "Organisation")}, {Name: L.T("Sector", "Sector")}, {Name: L.T("Comuna", "Commune")},
		{Name: L.T("Recursos", "Resources")}, {Name: L.T("Alianzas", "Alliances")}, {Name: L.T("Contacto", "Contact")},
		{Name: L.T("Correo", "E-mail")}, {Name: L.T("Teléfono", "Phone")}, {Name: L.T("Notas", "Notes")}, {Name: L.T("En el estudio desde", "In the study since"), Kind: report.KindDate},
	}}
	redacted := L.T("[reservado]", "[redacted]")
	for _, o := range d.orgList {
		c := o.Contact
		if redact {
			c = redactContact(c, redacted)
		}
		ot.Rows = append(ot.Rows, []report.Cell{report.Text(o.ID), report.Text(o.Name), report.Text(sectorLabel(o.Sector, L)), report.Text(o.Commune),
			report.Text(s.resourceNames(o.Resources)), report.Text(strings.Join(partners[o.ID], "; ")),
			report.Text(c.Name), report.Text(c.Email), report.Text(c.Phone), report.Text(o.Notes), dateCell(o.Added)})
	}
	at := report.Table{ID: "alianzas-territorio", Caption: L.T("Alianzas del territorio", "Alliances of the territory"), Columns: []report.Column{
		{Name: L.T("Alianza", "Alliance")}, {Name: L.T("Socio", "Partner")}, {Name: L.T("Tipo", "Kind")}, {Name: L.T("Estado", "Status")},
		{Name: L.T("Objetivos", "Objectives")}, {Name: L.T("Inicio", "Start"), Kind: report.KindDate}, {Name: L.T("Término", "End"), Kind: report.KindDate},
		{Name: L.T("Registrada", "Registered"), Kind: report.KindDate}, {Name: L.T("Documentos en «Alianzas vigentes»", "Documents in \"Alianzas vigentes\"")},
	}}
	for _, a := range d.alliances {
		refs := make([]string, len(a.Documents))
		for i, doc := range a.Documents {
			refs[i] = doc.Ref
		}
		at.Rows = append(at.Rows, []report.Cell{report.Text(a.ID), report.Text(d.orgs[a.Organisation].Name), report.Text(kindLabel(a.Kind, L)),
			report.Text(statusLabel(a.Status, L)), report.Text(s.objectiveNames(a.Objectives)), dateCell(a.Start), dateCell(a.End), dateCell(a.Registered),
			report.Text(strings.Join(refs, "; "))})
	}
	blocks := []report.Block{ot, at, territoryTable(ts, L)}
	if redact {
		blocks = append([]report.Block{report.Note{Text: L.T("Los datos personales de los contactos están reservados (Ley 19.628).", "Contacts' personal data is redacted (Ley 19.628).")}}, blocks...)
	}
	return []report.Section{{ID: "sectores", Title: L.T("Organizaciones por sector", "Organisations by sector"), Blocks: []report.Block{sectorChart(d, L)}},
		{ID: "estudio-territorial", Title: L.T("Estudio Territorial", "Territorial study"), Blocks: blocks, Folded: true}}
}

// sectorChart counts the organisations of the territorial study by
// sector, and among them those that are the office's partners, sectors in
// the package's order and then any other as written.
func sectorChart(d *reportData, L relaciona.Lang) report.Chart {
	partner := map[string]bool{}
	for _, a := range d.alliances {
		if live(a) {
			partner[a.Organisation] = true
		}
	}
	order := []Sector{SectorPublic, SectorPrivate, SectorCivilSociety, SectorEducation, SectorHealth, SectorOther}
	all, with := map[Sector]int{}, map[Sector]int{}
	for _, o := range d.orgList {
		if !slices.Contains(order, o.Sector) {
			order = append(order, o.Sector)
		}
		all[o.Sector]++
		if partner[o.ID] {
			with[o.Sector]++
		}
	}
	c := report.Chart{ID: "organizaciones-sector", Kind: report.ChartHBar, Title: L.T("Organizaciones del territorio por sector", "Organisations of the territory by sector"),
		Description: L.T("Todas las del Estudio Territorial, y las que son socias de la oficina con una alianza vigente.", "All of the territorial study, and those that are the office's partners in an alliance in force."),
		XLabel:      L.T("Sector", "Sector"), YLabel: L.T("Organizaciones", "Organisations"), ValueKind: report.KindInt,
		Series: []report.Series{{Name: L.T("En el estudio", "In the study")}, {Name: L.T("Socias de la oficina", "The office's partners")}}}
	for _, sc := range order {
		if all[sc] == 0 {
			continue
		}
		c.Labels = append(c.Labels, sectorLabel(sc, L))
		c.Series[0].Values = append(c.Series[0].Values, float64(all[sc]))
		c.Series[1].Values = append(c.Series[1].Values, float64(with[sc]))
	}
	c.Table = report.DataTable(c, L)
	return c
}

// redactContact blanks every non-empty field of a contact (all of them
// are tagged personal).
func redactContact(c Contact, mark string) Contact {
	r := func(s string) string {
		if s == "" {
			return ""
		}
		return mark
	}
	return Contact{Name: r(c.Name), Email: r(c.Email), Phone: r(c.Phone)}
}
