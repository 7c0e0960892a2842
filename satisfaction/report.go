package satisfaction

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// ReportOptions tune a report.
type ReportOptions struct {
	// Redact replaces personal data (contact names) with "—".
	Redact bool
	// Generated stamps the report; the zero time leaves it out (so reports
	// are reproducible).
	Generated time.Time
}

// document is a report of the process titled title, in L, under the
// area's name, stamped as o says.
func (p *Process) document(title string, L relaciona.Lang, o ReportOptions) report.Document {
	return report.Document{Title: title, Subtitle: p.cfg.Area, Lang: L, Generated: o.Generated}
}

// listSection is section id titled title over n items: folded when they
// pass a page, the paragraph empty when there are none, else the table
// that table builds.
func listSection(id, title string, n int, empty string, table func() report.Table) report.Section {
	s := report.Section{ID: id, Title: title, Folded: n > report.DefaultPageRows}
	if n == 0 {
		s.Blocks = []report.Block{report.Paragraph{Text: empty}}
	} else {
		s.Blocks = []report.Block{table()}
	}
	return s
}

// dayOf shows the day of t in the process's location.
func (p *Process) dayOf(t time.Time) report.Cell {
	return process.DayCell(calendar.DateOf(t.In(p.loc)))
}

// monthName formats a month for readers.
func monthName(m Month, L relaciona.Lang) string {
	es := [...]string{"", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}
	if L == relaciona.English {
		return fmt.Sprintf("%s %d", m.Month, m.Year)
	}
	return fmt.Sprintf("%s de %d", es[m.Month], m.Year)
}

// clientName is the name of client id (Clients: the file's or the
// register's), or the id when none is known or the store cannot say.
func (p *Process) clientName(ctx context.Context, id string) string {
	if c, ok, err := p.client(ctx, id); err == nil && ok {
		return c.Name
	}
	return id
}

func (p *Process) serviceName(id string) string {
	if s, ok := p.cfg.Service(id); ok {
		return s.Name
	}
	if id == "" {
		return "—"
	}
	return id
}

func (p *Process) topicName(id string) string {
	for _, t := range p.cfg.Topics {
		if t.ID == id {
			return t.Name
		}
	}
	return id
}

// Cells of scores: an undefined score is an empty cell ("—"), never NaN.
func pct(s Score) report.Cell {
	if !s.Defined {
		return report.Empty()
	}
	return report.Percent(s.Value)
}

// pct2 shows availability with two decimals (99.95 %).
func pct2(s Score) report.Cell {
	if !s.Defined {
		return report.Empty()
	}
	return report.PercentN(s.Value, 2)
}

func num(s Score, dec int) report.Cell {
	if !s.Defined {
		return report.Empty()
	}
	return report.FloatN(s.Value, dec)
}

// chartValue is a chart point: NaN (a gap in the line, "—" in its table)
// when undefined.
func chartValue(s Score) float64 {
	if !s.Defined {
		return math.NaN()
	}
	return s.Value
}

// status grades a score against a target.
// status is good when s meets target on its good side d, bad when it
// does not, none without a value or a target.
func status(s Score, target *float64, d report.Direction) report.Status {
	if !s.Defined || target == nil {
		return report.StatusNone
	}
	if d.Meets(s.Value, *target) {
		return report.StatusGood
	}
	return report.StatusBad
}

// targetNote names the target with its good side: "meta: ≥ 85,0 %".
func targetNote(target *float64, d report.Direction, L relaciona.Lang, f func(float64) string) string {
	if target == nil {
		return ""
	}
	return report.TargetNote(L, d, f(*target))
}

// caseTypeLabel names a ticket type in the report's language: the usual
// ITIL types and the configured complaint type; a type of the agency's own
// ticket system is shown as written.
func (p *Process) caseTypeLabel(k string, L relaciona.Lang) string {
	if k == "" {
		return L.T("(sin tipo)", "(no type)")
	}
	if k == p.cfg.Tickets.ComplaintType {
		return L.T("Reclamo", "Complaint")
	}
	return process.Labels[string]{
		"incident":        {"Incidente", "Incident"},
		"request":         {"Solicitud", "Request"},
		"service_request": {"Solicitud de servicio", "Service request"},
		"change":          {"Cambio", "Change"},
		"problem":         {"Problema", "Problem"},
		"question":        {"Consulta", "Question"},
		"complaint":       {"Reclamo", "Complaint"},
	}.Of(L, k)
}

// cesDirection is the good side of CES: lower when the scale says so
// (effort asked as "how hard was it"), else higher.
func (p *Process) cesDirection() report.Direction {
	if p.cfg.Scales.CES.LowerIsBetter {
		return report.LowerIsBetter
	}
	return report.HigherIsBetter
}

func fmtPct(L relaciona.Lang) func(float64) string {
	return func(v float64) string { return report.Percent(v).Format(L) }
}

func fmtNum(L relaciona.Lang, dec int) func(float64) string {
	return func(v float64) string { return report.FloatN(v, dec).Format(L) }
}

// figureColumns are the scorecard columns of CMI tables.
func figureColumns(L relaciona.Lang) []report.Column {
	return []report.Column{
		{Name: L.T("Encuestas respondidas", "Answered surveys"), Kind: report.KindInt},
		{Name: "CSAT", Kind: report.KindPercent},
		{Name: "NPS", Kind: report.KindFloat},
		{Name: "CES", Kind: report.KindFloat},
		{Name: L.T("Tasa de respuesta", "Response rate"), Kind: report.KindPercent},
		{Name: L.T("Casos abiertos", "Cases opened"), Kind: report.KindInt},
		{Name: L.T("Casos cerrados", "Cases closed"), Kind: report.KindInt},
		{Name: L.T("Nivel de servicio", "Service level"), Kind: report.KindPercent},
		{Name: L.T("Disponibilidad", "Availability"), Kind: report.KindPercent},
	}
}

func figureCells(f Figures) []report.Cell {
	return []report.Cell{report.Int(f.Answered), pct(f.CSAT), num(f.NPS, 1), num(f.CES, 2), pct(f.ResponseRate),
		report.Int(f.Opened), report.Int(f.Closed), pct(f.ServiceLevel), pct2(f.Availability)}
}

func (p *Process) keyFigures(f Figures, L relaciona.Lang) report.KeyFigures {
	t := p.cfg.CMI.Targets
	hi, ces := report.HigherIsBetter, p.cesDirection()
	return report.KeyFigures{Items: []report.KeyFigure{
		{Label: "CSAT", Value: pct(f.CSAT), Status: status(f.CSAT, t.CSAT, hi), Note: targetNote(t.CSAT, hi, L, fmtPct(L))},
		{Label: "NPS", Value: num(f.NPS, 1), Status: status(f.NPS, t.NPS, hi), Note: targetNote(t.NPS, hi, L, fmtNum(L, 0))},
		{Label: "CES", Value: num(f.CES, 2), Status: status(f.CES, t.CES, ces), Note: targetNote(t.CES, ces, L, fmtNum(L, 1))},
		{Label: L.T("Encuestas respondidas", "Answered surveys"), Value: report.Int(f.Answered)},
		{Label: L.T("Tasa de respuesta", "Response rate"), Value: pct(f.ResponseRate), Status: status(f.ResponseRate, t.ResponseRate, hi), Note: targetNote(t.ResponseRate, hi, L, fmtPct(L))},
		{Label: L.T("Nivel de servicio", "Service level"), Value: pct(f.ServiceLevel), Status: status(f.ServiceLevel, t.ServiceLevel, hi), Note: targetNote(t.ServiceLevel, hi, L, fmtPct(L))},
		{Label: L.T("Disponibilidad", "Availability"), Value: pct2(f.Availability), Status: status(f.Availability, t.Availability, hi), Note: targetNote(t.Availability, hi, L, fmtPct(L))},
	}}
}

func chartWithTable(c report.Chart, L relaciona.Lang) report.Chart {
	c.Table = report.DataTable(c, L)
	return c
}

// target is a chart's target line, with its good side d.
func target(v *float64, label string, d report.Direction) *report.Target {
	if v == nil {
		return nil
	}
	return &report.Target{Value: *v, Label: label, Better: d}
}

// CMIReport is the monthly survey report for the balanced scorecard (seed
// 003 §3.2, §5: "Elaborar reportes mensuales de encuestas en el sistema de
// tickets ... para el CMI"). A month with no data is an empty report that
// says so.
func (p *Process) CMIReport(ctx context.Context, m Month, lang relaciona.Lang, o ReportOptions) (report.Document, error) {
	L := lang
	c, err := p.CMI(ctx, m)
	if err != nil {
		return report.Document{}, err
	}
	doc := p.document(L.Tf("Informe mensual de encuestas para el CMI — %s", "Monthly survey report for the balanced scorecard — %s", monthName(m, L)), L, o)
	summary := report.Section{ID: "resumen", Title: L.T("Resumen", "Summary")}
	if c.Empty {
		summary.Blocks = append(summary.Blocks, report.Note{Kind: report.NoteInfo, Title: L.T("Sin datos", "No data"),
			Text: L.Tf("No hubo encuestas respondidas ni casos en %s: el informe está vacío.", "There were no answered surveys and no cases in %s: the report is empty.", monthName(m, L))})
	} else {
		sc := p.cfg.Scales
		summary.Blocks = append(summary.Blocks, p.keyFigures(c.Total, L), report.Paragraph{Text: L.Tf(
			"CSAT: porcentaje de respuestas de %d a %d en la escala %d-%d. NPS: porcentaje de promotores (%d-%d) menos porcentaje de detractores (%d-%d). CES: promedio en la escala %d-%d. Tasa de respuesta: casos cerrados en el mes cuya encuesta se respondió en el mes, sobre casos cerrados en el mes.",
			"CSAT: share of answers from %d to %d on the %d-%d scale. NPS: share of promoters (%d-%d) minus share of detractors (%d-%d). CES: mean on the %d-%d scale. Response rate: cases closed in the month whose survey was answered in the month, over cases closed in the month.",
			sc.CSAT.SatisfiedFrom, sc.CSAT.Max, sc.CSAT.Min, sc.CSAT.Max, sc.NPS.PromotersFrom, sc.NPS.Max, sc.NPS.Min, sc.NPS.DetractorsUpTo, sc.CES.Min, sc.CES.Max)})
	}
	doc.Sections = append(doc.Sections, summary)

	alerts := report.Section{ID: "sandia", Title: L.T("Alertas «sandía»", "\"Watermelon\" alerts")}
	if len(c.Alerts) == 0 {
		alerts.Blocks = append(alerts.Blocks, report.Paragraph{Text: L.T("Ningún cliente cumple los niveles de servicio con la satisfacción en caída.", "No client meets its service levels while its satisfaction falls.")})
	} else {
		var items []report.ListItem
		for _, w := range c.Alerts {
			var why []string
			if w.Drop {
				why = append(why, L.Tf("cayó desde %s", "fell from %s", scoreText(w.Metric, w.Previous, L)))
			}
			if w.BelowTarget {
				why = append(why, L.T("está bajo la meta", "is below target"))
			}
			items = append(items, report.ListItem{Status: report.StatusBad, Text: L.Tf(
				"%s: niveles de servicio cumplidos (nivel de servicio %s, disponibilidad %s) pero %s = %s %s.",
				"%s: service levels met (service level %s, availability %s) but %s = %s %s.",
				p.clientName(ctx, w.Client), pct(w.ServiceLevel).Format(L), pct(w.Availability).Format(L), strings.ToUpper(w.Metric), scoreText(w.Metric, w.Value, L), strings.Join(why, L.T(" y ", " and ")))})
		}
		alerts.Blocks = append(alerts.Blocks, report.List{Items: items})
	}
	doc.Sections = append(doc.Sections, alerts)

	if !c.Empty {
		byClient := report.Table{ID: "cmi-clientes", Caption: L.T("Indicadores por cliente", "Figures by client"),
			Columns: append([]report.Column{{Name: L.T("Cliente", "Client")}}, figureColumns(L)...)}
		chart := report.Chart{ID: "csat-clientes", Title: L.T("CSAT por cliente", "CSAT by client"), Kind: report.ChartHBar, ValueKind: report.KindPercent,
			Range: &report.Range{Min: 0, Max: 1}, Target: target(p.cfg.CMI.Targets.CSAT, L.T("meta", "target"), report.HigherIsBetter)}
		csat := report.Series{Name: "CSAT"}
		for _, r := range c.Clients {
			byClient.Rows = append(byClient.Rows, append([]report.Cell{report.Text(p.clientName(ctx, r.Client))}, figureCells(r.Figures)...))
			chart.Labels = append(chart.Labels, p.clientName(ctx, r.Client))
			csat.Values = append(csat.Values, chartValue(r.CSAT))
		}
		chart.Series = []report.Series{csat}
		bySvc := report.Table{ID: "cmi-servicios", Caption: L.T("Indicadores por cliente y servicio", "Figures by client and service"),
			Columns: append([]report.Column{{Name: L.T("Cliente", "Client")}, {Name: L.T("Servicio", "Service")}}, figureColumns(L)...)}
		for _, r := range c.Services {
			bySvc.Rows = append(bySvc.Rows, append([]report.Cell{report.Text(p.clientName(ctx, r.Client)), report.Text(p.serviceName(r.Service))}, figureCells(r.Figures)...))
		}
		doc.Sections = append(doc.Sections,
			report.Section{ID: "clientes", Title: L.T("Por cliente", "By client"), Blocks: []report.Block{chartWithTable(chart, L)}},
			report.Section{ID: "clientes-indicadores", Title: L.T("Indicadores por cliente", "Figures by client"), Blocks: []report.Block{byClient}, Folded: true},
			report.Section{ID: "servicios", Title: L.T("Por cliente y servicio", "By client and service"), Blocks: []report.Block{bySvc}, Folded: true})
	}
	doc.Sections = append(doc.Sections, p.trendSections(c, L)...)
	if doc.Sections, err = p.csiSections(ctx, c, doc.Sections, L); err != nil { // report_csi.go
		return report.Document{}, err
	}
	return doc, nil
}

func scoreText(metric string, s Score, L relaciona.Lang) string {
	if metric == MetricCSAT {
		return pct(s).Format(L)
	}
	return num(s, 1).Format(L)
}

// trendSections are the trend's sections: CSAT, response rate and service
// level open on the page; NPS, CES and the table by month folded under it.
func (p *Process) trendSections(c CMI, L relaciona.Lang) []report.Section {
	sec := report.Section{ID: "tendencia", Title: L.Tf("Tendencia (%d meses)", "Trend (%d months)", len(c.Trend))}
	var labels []string
	csat := report.Series{Name: "CSAT"}
	rr := report.Series{Name: L.T("Tasa de respuesta", "Response rate")}
	sl := report.Series{Name: L.T("Nivel de servicio", "Service level")}
	nps := report.Series{Name: "NPS"}
	ces := report.Series{Name: "CES"}
	tbl := report.Table{ID: "tendencia-tabla", Caption: L.T("Indicadores por mes", "Figures by month"),
		Columns: append([]report.Column{{Name: L.T("Mes", "Month")}}, figureColumns(L)...)}
	for _, t := range c.Trend {
		labels = append(labels, t.Month.String())
		csat.Values = append(csat.Values, chartValue(t.Figures.CSAT))
		rr.Values = append(rr.Values, chartValue(t.Figures.ResponseRate))
		sl.Values = append(sl.Values, chartValue(t.Figures.ServiceLevel))
		nps.Values = append(nps.Values, chartValue(t.Figures.NPS))
		ces.Values = append(ces.Values, chartValue(t.Figures.CES))
		tbl.Rows = append(tbl.Rows, append([]report.Cell{report.Text(t.Month.String())}, figureCells(t.Figures)...))
	}
	pctChart := report.Chart{ID: "tendencia-csat", Title: L.T("CSAT, tasa de respuesta y nivel de servicio por mes", "CSAT, response rate and service level by month"),
		Kind: report.ChartLine, Labels: labels, Series: []report.Series{csat, rr, sl}, ValueKind: report.KindPercent, Range: &report.Range{Min: 0, Max: 1},
		Target: target(p.cfg.CMI.Targets.CSAT, L.T("meta CSAT", "CSAT target"), report.HigherIsBetter)}
	npsChart := report.Chart{ID: "tendencia-nps", Title: L.T("NPS por mes", "NPS by month"), Kind: report.ChartLine, Labels: labels,
		Series: []report.Series{nps}, Range: &report.Range{Min: -100, Max: 100}, Target: target(p.cfg.CMI.Targets.NPS, L.T("meta", "target"), report.HigherIsBetter)}
	cesChart := report.Chart{ID: "tendencia-ces", Title: L.T("CES por mes", "CES by month"), Kind: report.ChartLine, Labels: labels,
		Series: []report.Series{ces}, Range: &report.Range{Min: float64(p.cfg.Scales.CES.Min), Max: float64(p.cfg.Scales.CES.Max)}, Target: target(p.cfg.CMI.Targets.CES, L.T("meta", "target"), p.cesDirection())}
	sec.Blocks = []report.Block{chartWithTable(pctChart, L)}
	more := report.Section{ID: "tendencia-detalle", Title: L.T("Tendencia: NPS, CES e indicadores por mes", "Trend: NPS, CES and figures by month"), Folded: true,
		Blocks: []report.Block{chartWithTable(npsChart, L), chartWithTable(cesChart, L), tbl}}
	return []report.Section{sec, more}
}

// ServiceReport is the monthly standard service report of a client (seed
// 003 §6.8: "Existe un formato estándar para reportar mensualmente niveles
// de servicio y datos estadísticos a los clientes internos"): availability
// of the client's services, ticket cases (opened, closed, by type, within
// service level), the month's survey scores and open commitments to the
// client.
func (p *Process) ServiceReport(ctx context.Context, client string, m Month, lang relaciona.Lang, o ReportOptions) (report.Document, error) {
	L := lang
	cl, ok, err := p.client(ctx, client)
	if err != nil {
		return report.Document{}, err
	}
	if !ok {
		return report.Document{}, p.unknownClient(client)
	}
	snap, err := p.monthStats(ctx, m, client)
	if err != nil {
		return report.Document{}, err
	}
	doc := p.document(L.Tf("Informe mensual de servicio — %s — %s", "Monthly service report — %s — %s", cl.Name, monthName(m, L)), L, o)
	all := snap.ClientMonth(client)
	fig := p.figures(&all, snap.availabilityOf(cl.Services))
	summary := report.Section{ID: "resumen", Title: L.T("Resumen", "Summary")}
	if c := redact(cl.Contact, o.Redact); c != "" {
		summary.Blocks = append(summary.Blocks, report.Paragraph{Text: L.Tf("Referente: %s.", "Contact: %s.", c)})
	}
	empty := all.empty() && !fig.Availability.Defined
	if empty {
		summary.Blocks = append(summary.Blocks, report.Note{Kind: report.NoteInfo, Title: L.T("Sin datos", "No data"),
			Text: L.Tf("No hubo casos, encuestas ni registros de disponibilidad de %s en %s: el informe está vacío.", "There were no cases, surveys or availability records for %s in %s: the report is empty.", cl.Name, monthName(m, L))})
	} else {
		summary.Blocks = append(summary.Blocks, p.keyFigures(fig, L))
	}
	doc.Sections = append(doc.Sections, summary)

	// Availability of each service the client uses.
	avT := report.Table{ID: "disponibilidad-tabla", Caption: L.T("Disponibilidad por servicio", "Availability by service"), Columns: []report.Column{
		{Name: L.T("Servicio", "Service")}, {Name: L.T("Días informados", "Days reported"), Kind: report.KindInt},
		{Name: L.T("Horas programadas", "Scheduled hours"), Kind: report.KindFloat}, {Name: L.T("Minutos fuera de servicio", "Minutes down"), Kind: report.KindInt},
		{Name: L.T("Disponibilidad", "Availability"), Kind: report.KindPercent}, {Name: L.T("Meta", "Target"), Kind: report.KindPercent}}}
	avC := report.Chart{ID: "disponibilidad-grafico", Title: L.T("Disponibilidad por servicio", "Availability by service"), Kind: report.ChartBar,
		ValueKind: report.KindPercent, Target: target(p.cfg.CMI.Targets.Availability, L.T("meta del CMI", "CMI target"), report.HigherIsBetter)}
	avS := report.Series{Name: L.T("Disponibilidad", "Availability")}
	for _, s := range cl.Services {
		a := snap.availabilityOf([]string{s})
		svc, _ := p.cfg.Service(s)
		tgt := report.Empty()
		if svc.AvailabilityTarget > 0 {
			tgt = report.PercentN(svc.AvailabilityTarget, 2)
		}
		avT.Rows = append(avT.Rows, []report.Cell{report.Text(p.serviceName(s)), report.Int(int64(a.Days)), report.FloatN(float64(a.Scheduled)/60, 1),
			report.Int(a.Down), pct2(a.Value()), tgt})
		avC.Labels = append(avC.Labels, p.serviceName(s))
		avS.Values = append(avS.Values, chartValue(a.Value()))
	}
	avC.Series = []report.Series{avS}
	doc.Sections = append(doc.Sections, report.Section{ID: "disponibilidad", Title: L.T("Disponibilidad", "Availability"), Blocks: []report.Block{chartWithTable(avC, L)}},
		report.Section{ID: "disponibilidad-detalle", Title: L.T("Disponibilidad: minutos por servicio", "Availability: minutes by service"), Blocks: []report.Block{avT}, Folded: true})

	// Ticket cases.
	caseT := report.Table{ID: "casos-tabla", Caption: L.T("Casos por servicio", "Cases by service"), Columns: []report.Column{
		{Name: L.T("Servicio", "Service")}, {Name: L.T("Abiertos", "Opened"), Kind: report.KindInt}, {Name: L.T("Cerrados", "Closed"), Kind: report.KindInt},
		{Name: L.T("Dentro del nivel de servicio", "Within service level"), Kind: report.KindInt}, {Name: L.T("Nivel de servicio", "Service level"), Kind: report.KindPercent}}}
	caseC := report.Chart{ID: "casos-grafico", Title: L.T("Casos abiertos y cerrados por servicio", "Cases opened and closed by service"), Kind: report.ChartBar, ValueKind: report.KindInt}
	op, clo := report.Series{Name: L.T("Abiertos", "Opened")}, report.Series{Name: L.T("Cerrados", "Closed")}
	types := map[string]int64{}
	for _, c := range snap.Cells {
		cc := c
		caseT.Rows = append(caseT.Rows, []report.Cell{report.Text(p.serviceName(c.Service)), report.Int(c.Opened), report.Int(c.Closed), report.Int(c.WithinSL), pct(cc.ServiceLevel())})
		caseC.Labels = append(caseC.Labels, p.serviceName(c.Service))
		op.Values = append(op.Values, float64(c.Opened))
		clo.Values = append(clo.Values, float64(c.Closed))
		for k, v := range c.ByType {
			types[k] += v
		}
	}
	caseC.Series = []report.Series{op, clo}
	typeT := report.Table{ID: "casos-tipo", Caption: L.T("Casos abiertos por tipo", "Cases opened by type"), Columns: []report.Column{{Name: L.T("Tipo", "Type")}, {Name: L.T("Casos", "Cases"), Kind: report.KindInt}}}
	keys := slices.Sorted(maps.Keys(types))
	for _, k := range keys {
		name := p.caseTypeLabel(k, L)
		typeT.Rows = append(typeT.Rows, []report.Cell{report.Text(name), report.Int(types[k])})
	}
	caseBlocks := []report.Block{caseT, typeT}
	if len(snap.Cells) > 0 {
		caseBlocks = append([]report.Block{chartWithTable(caseC, L)}, caseBlocks...)
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "casos", Title: L.T("Casos en el sistema de tickets", "Cases in the ticket system"), Blocks: caseBlocks, Folded: true})

	// Survey scores.
	svT := report.Table{ID: "encuestas-tabla", Caption: L.T("Encuestas por servicio", "Surveys by service"), Columns: append([]report.Column{{Name: L.T("Servicio", "Service")}}, figureColumns(L)[:5]...)}
	for _, c := range snap.Cells {
		cc := c
		f := p.figures(&cc, ServiceAvailability{})
		svT.Rows = append(svT.Rows, append([]report.Cell{report.Text(p.serviceName(c.Service))}, figureCells(f)[:5]...))
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "encuestas", Title: L.T("Encuestas de satisfacción", "Satisfaction surveys"), Blocks: []report.Block{svT}, Folded: true})

	// Commitments to the client still open.
	var items []report.ListItem
	for d, err := range p.commitments.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"client": client}}) {
		if err != nil {
			return report.Document{}, err
		}
		c := d.Value
		if c.Status == CommitmentClosed {
			continue
		}
		st, word := report.StatusWarn, ""
		if c.Overdue {
			st, word = report.StatusBad, L.T(" — vencido", " — overdue")
		}
		if c.Status == CommitmentDelivered {
			word += L.T(" — entregado, espera su conformidad", " — delivered, awaiting your confirmation")
		}
		items = append(items, report.ListItem{Status: st, Text: L.Tf("%s (vence el %s)%s", "%s (due %s)%s", c.Description, c.Due, word)})
	}
	comm := report.Section{ID: "compromisos", Title: L.T("Compromisos abiertos", "Open commitments")}
	if len(items) == 0 {
		comm.Blocks = []report.Block{report.Paragraph{Text: L.T("No hay compromisos abiertos con el cliente.", "There are no open commitments with the client.")}}
	} else {
		comm.Blocks = []report.Block{report.List{Items: items}}
	}
	doc.Sections = append(doc.Sections, comm)
	return doc, nil
}

// InterviewReport is the annual interview report with its CMI score (seed
// 003 §3.2: "Informe entrevistas satisfacción (anual) con nota para CMI"):
// interviews done and pending, the score (mean of the interviews' scores),
// the mean of each question, the needs and complaints common to several
// clients with their proposals, and the work plans with their briefings.
func (p *Process) InterviewReport(ctx context.Context, year int, lang relaciona.Lang, o ReportOptions) (report.Document, error) {
	L := lang
	ivs, err := p.interviews.Values(ctx, relaciona.Filter{Attrs: map[string]string{"year": fmt.Sprint(year)}})
	if err != nil {
		return report.Document{}, err
	}
	plans, err := p.plans.Values(ctx, relaciona.Filter{Attrs: map[string]string{"year": fmt.Sprint(year)}})
	if err != nil {
		return report.Document{}, err
	}
	an, err := p.Analyze(ctx, year)
	if err != nil {
		return report.Document{}, err
	}
	clients, err := p.Clients(ctx)
	if err != nil {
		return report.Document{}, err
	}
	doc := p.document(L.Tf("Informe anual de entrevistas de satisfacción %d", "Annual satisfaction interview report %d", year), L, o)
	byClient := map[string]Interview{}
	var score Score
	for _, iv := range ivs {
		byClient[iv.Client] = iv
		score.N++
		score.Value += iv.Score
	}
	if score.N > 0 {
		score.Value /= float64(score.N)
		score.Defined = true
	}
	pendingBrief := 0
	for _, w := range plans {
		if w.BriefingPending() {
			pendingBrief++
		}
	}
	t := p.cfg.CMI.Targets.InterviewScore
	summary := report.Section{ID: "resumen", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{report.KeyFigures{Items: []report.KeyFigure{
		{Label: L.T("Nota para el CMI", "CMI score"), Value: num(score, 2), Status: status(score, t, report.HigherIsBetter), Note: targetNote(t, report.HigherIsBetter, L, fmtNum(L, 1))},
		{Label: L.T("Entrevistas realizadas", "Interviews done"), Value: report.Int(int64(len(ivs))), Note: L.Tf("de %d clientes", "of %d clients", len(clients))},
		{Label: L.T("Entrevistas pendientes", "Interviews pending"), Value: report.Int(int64(len(clients) - len(byClient)))},
		{Label: L.T("Puestas al día pendientes", "Briefings pending"), Value: report.Int(int64(pendingBrief)), Status: map[bool]report.Status{true: report.StatusWarn, false: report.StatusNone}[pendingBrief > 0]},
	}}}}
	if len(ivs) == 0 {
		summary.Blocks = append(summary.Blocks, report.Note{Kind: report.NoteInfo, Title: L.T("Sin entrevistas", "No interviews"),
			Text: L.Tf("No se registraron entrevistas en %d: no hay nota para el CMI.", "No interviews were recorded in %d: there is no CMI score.", year)})
	}
	doc.Sections = append(doc.Sections, summary)

	sc := p.cfg.Interviews.Scale
	clientT := report.Table{ID: "entrevistas-tabla", Caption: L.T("Entrevistas por cliente", "Interviews by client"), Columns: []report.Column{
		{Name: L.T("Cliente", "Client")}, {Name: L.T("Fecha", "Date"), Kind: report.KindDate}, {Name: L.Tf("Nota (%d-%d)", "Score (%d-%d)", sc.Min, sc.Max), Kind: report.KindFloat},
		{Name: L.T("Necesidades", "Needs")}, {Name: L.T("Reclamos", "Complaints")}, {Name: L.T("Estado", "Status")}}}
	names := func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = p.topicName(id)
		}
		return strings.Join(out, "; ")
	}
	qsum := map[string][2]float64{}
	var qorder []string
	for _, cl := range clients {
		iv, ok := byClient[cl.ID]
		if !ok {
			clientT.Rows = append(clientT.Rows, []report.Cell{report.Text(cl.Name), report.Empty(), report.Empty(), report.Empty(), report.Empty(), report.Text(L.T("pendiente", "pending"))})
			continue
		}
		clientT.Rows = append(clientT.Rows, []report.Cell{report.Text(cl.Name), process.DayCell(iv.Date), report.FloatN(iv.Score, 2),
			report.Text(names(iv.Needs)), report.Text(names(iv.Complaints)), report.Text(L.T("realizada", "done"))})
		keys := slices.Sorted(maps.Keys(iv.Scores))
		for _, q := range keys {
			if _, seen := qsum[q]; !seen {
				qorder = append(qorder, q)
			}
			s := qsum[q]
			qsum[q] = [2]float64{s[0] + float64(iv.Scores[q]), s[1] + 1}
		}
	}
	var blocks []report.Block
	if len(qorder) > 0 {
		qc := report.Chart{ID: "preguntas", Title: L.T("Promedio por pregunta", "Mean by question"), Kind: report.ChartHBar,
			Range: &report.Range{Min: float64(sc.Min), Max: float64(sc.Max)}, Target: target(t, L.T("meta", "target"), report.HigherIsBetter)}
		qs := report.Series{Name: L.T("Promedio", "Mean")}
		for _, q := range qorder {
			qc.Labels = append(qc.Labels, q)
			qs.Values = append(qs.Values, qsum[q][0]/qsum[q][1])
		}
		qc.Series = []report.Series{qs}
		blocks = append(blocks, chartWithTable(qc, L))
	}
	// The chart by question leads; the table by client is detail, folded.
	if len(blocks) > 0 {
		doc.Sections = append(doc.Sections, report.Section{ID: "clientes", Title: L.T("Clientes", "Clients"), Blocks: blocks},
			report.Section{ID: "clientes-tabla", Title: L.T("Entrevistas por cliente", "Interviews by client"), Blocks: []report.Block{clientT}, Folded: true})
	} else {
		doc.Sections = append(doc.Sections, report.Section{ID: "clientes", Title: L.T("Clientes", "Clients"), Blocks: []report.Block{clientT}})
	}

	// Needs and complaints common to several clients.
	common := an.Common()
	cs := report.Section{ID: "comunes", Title: L.Tf("Necesidades y reclamos comunes (%d clientes o más)", "Needs and complaints common to %d or more clients", an.Threshold), Folded: true}
	if len(common) == 0 {
		cs.Blocks = []report.Block{report.Paragraph{Text: L.T("Ninguna necesidad ni reclamo es común a varios clientes.", "No need or complaint is common to several clients.")}}
	} else {
		ct := report.Table{ID: "comunes-tabla", Caption: L.T("Temas comunes, por número de clientes", "Common topics, by number of clients"), Columns: []report.Column{
			{Name: L.T("Tema", "Topic")}, {Name: L.T("Clientes", "Clients"), Kind: report.KindInt}, {Name: L.T("Necesidades", "Needs"), Kind: report.KindInt},
			{Name: L.T("Reclamos", "Complaints"), Kind: report.KindInt}, {Name: L.T("Propuestas de mejora", "Improvement proposals")}}}
		cc := report.Chart{ID: "comunes-grafico", Title: L.T("Clientes por tema común", "Clients by common topic"), Kind: report.ChartHBar, ValueKind: report.KindInt}
		cser := report.Series{Name: L.T("Clientes", "Clients")}
		for _, x := range common {
			var props []string
			for _, a := range x.Proposals {
				props = append(props, a.Title)
			}
			ct.Rows = append(ct.Rows, []report.Cell{report.Text(p.topicName(x.Topic)), report.Int(int64(len(x.Clients))), report.Int(int64(x.Needs)),
				report.Int(int64(x.Complaints)), report.Text(strings.Join(props, "; "))})
			cc.Labels = append(cc.Labels, p.topicName(x.Topic))
			cser.Values = append(cser.Values, float64(len(x.Clients)))
		}
		cc.Series = []report.Series{cser}
		cs.Blocks = []report.Block{chartWithTable(cc, L), ct}
	}
	doc.Sections = append(doc.Sections, cs)

	// Work plans and briefings.
	pt := report.Table{ID: "planes-tabla", Caption: L.T("Planes de trabajo", "Work plans"), Columns: []report.Column{
		{Name: L.T("Cliente", "Client")}, {Name: L.T("Acordado", "Agreed"), Kind: report.KindDate}, {Name: L.T("Entrevista antes del plan", "Interview before the plan")},
		{Name: L.T("Puesta al día", "Briefing")}}}
	for _, w := range plans {
		first := L.T("sí", "yes")
		brief := "—"
		if !w.InterviewFirst {
			first = L.T("no", "no") + " (" + w.Reason + ")"
			brief = L.T("pendiente", "pending")
			if !w.BriefedOn.IsZero() {
				brief = w.BriefedOn.String()
			}
		}
		pt.Rows = append(pt.Rows, []report.Cell{report.Text(p.clientName(ctx, w.Client)), process.DayCell(w.Agreed), report.Text(first), report.Text(brief)})
	}
	// The plans are detail, folded, unless a briefing is pending: then the
	// warning leads it, open.
	ps := report.Section{ID: "planes", Title: L.T("Planes de trabajo", "Work plans"), Blocks: []report.Block{pt}, Folded: pendingBrief == 0}
	if pendingBrief > 0 {
		ps.Blocks = append([]report.Block{report.Note{Kind: report.NoteWarning, Title: L.T("Puestas al día pendientes", "Briefings pending"),
			Text: L.Tf("%d planes se acordaron antes de la entrevista y el cliente aún no fue informado de lo hecho hasta el momento.", "%d plans were agreed before the interview and the client has not yet been told what was done so far.", pendingBrief)}}, ps.Blocks...)
	}
	doc.Sections = append(doc.Sections, ps)
	return doc, nil
}
