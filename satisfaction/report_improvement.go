package satisfaction

import (
	"context"
	"math"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// ImprovementFigures are the figures of the non-conformity and improvement
// register for a month (seed 003 §4: the owner works non-conformities, the
// manager registers improvement opportunities and reports the process's
// performance).
type ImprovementFigures struct {
	Month Month
	// Open is the number of non-conformities open at the end of the month
	// (escalated before it ends, not closed by then).
	Open int
	// Escalated and Closed count the non-conformities escalated and closed
	// in the month.
	Escalated int
	Closed    int
	// AvgDaysToClose is the mean number of business days from escalation
	// to closure of those closed in the month; NaN when none closed.
	AvgDaysToClose float64
	// Opportunities registered in the month, and decided in it.
	OppRegistered int
	OppApplied    int
	OppDeclined   int
	// OppOpen is the number of opportunities registered by the end of the
	// month and not decided by then.
	OppOpen int
	// ByMonth is the trend: escalated and closed per month, for the
	// cmi.trend_months months that end with Month.
	ByMonth []ImprovementMonth
	// OpenList is the non-conformities open at the end of the month, the
	// oldest first, with their state then.
	OpenList []OpenNonConformity
}

// ImprovementMonth is one month of the trend.
type ImprovementMonth struct {
	Month     Month
	Escalated int
	Closed    int
}

// OpenNonConformity is a non-conformity open at the end of a month: its
// state then and its age in business days.
type OpenNonConformity struct {
	NonConformity
	StatusThen  NCStatus
	Days        int
	ActionsDone int
}

// statusAt is the state a non-conformity was in just before t (from its
// history), "" when it did not exist yet.
func (nc NonConformity) statusAt(t time.Time) NCStatus {
	var s NCStatus
	for _, e := range nc.History {
		if !e.At.Before(t) {
			break
		}
		s = e.To
	}
	return s
}

// ImprovementFigures computes the register's figures for month m, reading
// each register once.
func (p *Process) ImprovementFigures(ctx context.Context, m Month) (ImprovementFigures, error) {
	f := ImprovementFigures{Month: m, AvgDaysToClose: math.NaN()}
	months := max(1, p.cfg.CMI.TrendMonths)
	first := m.Add(-(months - 1))
	idx := map[Month]int{}
	for i := range months {
		mm := first.Add(i)
		idx[mm] = i
		f.ByMonth = append(f.ByMonth, ImprovementMonth{Month: mm})
	}
	start, end := p.span(m)
	days, closed := 0, 0
	for nc, err := range p.NonConformities(ctx, "") {
		if err != nil {
			return f, err
		}
		if i, ok := idx[p.monthOfTime(nc.Escalated)]; ok {
			f.ByMonth[i].Escalated++
		}
		if !nc.Closed.IsZero() {
			if i, ok := idx[p.monthOfTime(nc.Closed)]; ok {
				f.ByMonth[i].Closed++
			}
		}
		if !nc.Escalated.Before(start) && nc.Escalated.Before(end) {
			f.Escalated++
		}
		switch {
		case !nc.Closed.IsZero() && !nc.Closed.Before(start) && nc.Closed.Before(end):
			n, err := p.ncAge(nc, end)
			if err != nil {
				return f, err
			}
			closed++
			days += n
		}
		if nc.Escalated.Before(end) && (nc.Closed.IsZero() || !nc.Closed.Before(end)) {
			f.Open++
			n, err := p.ncAge(NonConformity{ID: nc.ID, Escalated: nc.Escalated}, end.Add(-time.Nanosecond))
			if err != nil {
				return f, err
			}
			o := OpenNonConformity{NonConformity: nc, StatusThen: nc.statusAt(end), Days: n}
			for _, a := range nc.Actions {
				if !a.Done.IsZero() && !p.dayStart(a.Done).After(end) {
					o.ActionsDone++
				}
			}
			f.OpenList = append(f.OpenList, o)
		}
	}
	f.Closed = closed
	if closed > 0 {
		f.AvgDaysToClose = float64(days) / float64(closed)
	}
	for o, err := range p.Opportunities(ctx, "") {
		if err != nil {
			return f, err
		}
		in := func(t time.Time) bool { return !t.IsZero() && !t.Before(start) && t.Before(end) }
		if in(o.Registered) {
			f.OppRegistered++
		}
		if in(o.Decided) {
			switch o.Status {
			case OppApplied:
				f.OppApplied++
			case OppDeclined:
				f.OppDeclined++
			}
		}
		if o.Registered.Before(end) && (o.Decided.IsZero() || !o.Decided.Before(end)) {
			f.OppOpen++
		}
	}
	return f, nil
}

// ImprovementReport is the report of the non-conformity and improvement
// registers for month m: the key figures first (open, escalated and closed
// non-conformities, average business days to close, open and registered
// improvement opportunities), a chart of escalated and closed by month,
// and the list of the non-conformities open at the end of the month.
func (p *Process) ImprovementReport(ctx context.Context, m Month, lang relaciona.Lang, o ReportOptions) (report.Document, error) {
	L := lang
	f, err := p.ImprovementFigures(ctx, m)
	if err != nil {
		return report.Document{}, err
	}
	doc := p.document(L.Tf("No conformidades y oportunidades de mejora — %s", "Non-conformities and improvement opportunities — %s", monthName(m, L)), L, o)
	avg := report.Empty()
	if !math.IsNaN(f.AvgDaysToClose) {
		avg = report.FloatN(f.AvgDaysToClose, 1)
	}
	openStatus := report.StatusGood
	if f.Open > 0 {
		openStatus = report.StatusWarn
	}
	summary := report.Section{ID: "mejora-resumen", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{
		report.KeyFigures{Items: []report.KeyFigure{
			{Label: L.T("No conformidades abiertas", "Open non-conformities"), Value: report.Int(int64(f.Open)), Status: openStatus, Note: L.T("al cierre del mes", "at the end of the month")},
			{Label: L.T("Escaladas en el mes", "Escalated in the month"), Value: report.Int(int64(f.Escalated))},
			{Label: L.T("Cerradas en el mes", "Closed in the month"), Value: report.Int(int64(f.Closed))},
			{Label: L.T("Días hábiles promedio hasta el cierre", "Average business days to close"), Value: avg, Note: L.T("de las cerradas en el mes", "of those closed in the month")},
			{Label: L.T("Oportunidades de mejora abiertas", "Open improvement opportunities"), Value: report.Int(int64(f.OppOpen))},
			{Label: L.T("Oportunidades registradas en el mes", "Opportunities registered in the month"), Value: report.Int(int64(f.OppRegistered)),
				Note: L.Tf("%d aplicadas, %d descartadas", "%d applied, %d declined", f.OppApplied, f.OppDeclined)},
		}},
		report.Paragraph{Text: L.T(
			"El ejecutor escala las no conformidades al gestor o al dueño del proceso; el dueño las trabaja con acciones (cada una con responsable y fecha) y las cierra cuando todas están hechas, con una nota de verificación. El gestor registra las oportunidades de mejora y las aplica; el dueño puede descartarlas.",
			"The executor escalates non-conformities to the process manager or owner; the owner works them with actions (each with an owner and a date) and closes them once all are done, with a verification note. The manager registers improvement opportunities and applies them; the owner may decline them.")},
	}}
	chart := report.Chart{ID: "mejora-grafico", Title: L.T("No conformidades escaladas y cerradas por mes", "Non-conformities escalated and closed by month"),
		Kind: report.ChartBar, ValueKind: report.KindInt}
	esc := report.Series{Name: L.T("Escaladas", "Escalated")}
	clo := report.Series{Name: L.T("Cerradas", "Closed")}
	for _, bm := range f.ByMonth {
		chart.Labels = append(chart.Labels, bm.Month.String())
		esc.Values = append(esc.Values, float64(bm.Escalated))
		clo.Values = append(clo.Values, float64(bm.Closed))
	}
	chart.Series = []report.Series{esc, clo}
	trend := report.Section{ID: "mejora-tendencia", Title: L.Tf("Tendencia (%d meses)", "Trend (%d months)", len(f.ByMonth)), Blocks: []report.Block{chartWithTable(chart, L)}}

	open := listSection("mejora-abiertas", L.T("No conformidades abiertas", "Open non-conformities"), len(f.OpenList),
		L.T("No hay no conformidades abiertas al cierre del mes.", "There are no open non-conformities at the end of the month."), func() report.Table {
			t := report.Table{ID: "mejora-abiertas-tabla", Caption: L.T("No conformidades abiertas al cierre del mes", "Non-conformities open at the end of the month"),
				Columns: []report.Column{{Name: L.T("Escalada", "Escalated"), Kind: report.KindDate}, {Name: L.T("No conformidad", "Non-conformity")},
					{Name: L.T("Cliente", "Client")}, {Name: L.T("Estado", "State")}, {Name: L.T("Días hábiles", "Business days"), Kind: report.KindInt},
					{Name: L.T("Acciones hechas", "Actions done"), Kind: report.KindInt}, {Name: L.T("Acciones", "Actions"), Kind: report.KindInt}}}
			for _, nc := range f.OpenList {
				client := ""
				if nc.Client != "" {
					client = p.clientName(ctx, nc.Client)
				}
				t.Rows = append(t.Rows, []report.Cell{p.dayOf(nc.Escalated), report.Text(nc.Title), report.Text(client),
					report.Text(nc.StatusThen.Label(L)), report.Int(int64(nc.Days)), report.Int(int64(nc.ActionsDone)), report.Int(int64(len(nc.Actions)))})
			}
			return t
		})
	doc.Sections = append(doc.Sections, summary, trend, open)
	return doc, nil
}

// improvementPage appends the page of the non-conformity and improvement
// report of the month that holds period.To (slug "satisfaction-improvement",
// no headline on the index) to pages.
func (p *Process) improvementPage(ctx context.Context, pages []report.Page, period process.Period) ([]report.Page, error) {
	doc, err := p.ImprovementReport(ctx, MonthOf(period.To), period.Lang, ReportOptions{Redact: period.Redact})
	if err != nil {
		return nil, err
	}
	return append(pages, report.Page{Slug: Kind + "-improvement", Doc: doc, Headline: report.NoHeadline}), nil
}
