package satisfaction

import (
	"context"
	"slices"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// perspectiveLabels name the perspectives (Spanish, English).
var perspectiveLabels = process.Labels[Perspective]{
	PerspectiveCustomer:  {"Cliente", "Customer"},
	PerspectiveProcess:   {"Procesos internos", "Internal process"},
	PerspectiveLearning:  {"Aprendizaje y crecimiento", "Learning and growth"},
	PerspectiveFinancial: {"Financiera / valor público", "Financial / public value"},
}

// perspectiveLabel names a perspective in the report's language.
func perspectiveLabel(ps Perspective, L relaciona.Lang) string {
	return perspectiveLabels.Of(L, ps)
}

// indicatorLabels name the indicators (Spanish, English); the survey
// metrics keep their names in both.
var indicatorLabels = process.Labels[string]{
	IndicatorCSI:             {"Índice de satisfacción (ISO 10004)", "Satisfaction index (ISO 10004)"},
	IndicatorCSAT:            {"CSAT", "CSAT"},
	IndicatorNPS:             {"NPS", "NPS"},
	IndicatorCES:             {"CES", "CES"},
	IndicatorInterviewCSI:    {"Índice de las entrevistas del año", "Interview index of the year"},
	IndicatorInterviewScore:  {"Nota de las entrevistas del año", "Interview score of the year"},
	IndicatorComplaints:      {"Reclamos del mes", "Complaints in the month"},
	IndicatorServiceLevel:    {"Nivel de servicio", "Service level"},
	IndicatorAvailability:    {"Disponibilidad", "Availability"},
	IndicatorResponseRate:    {"Tasa de respuesta", "Response rate"},
	IndicatorCommitmentsKept: {"Compromisos cumplidos a tiempo", "Commitments kept on time"},
}

// indicatorLabel names an indicator in the report's language.
func indicatorLabel(id string, L relaciona.Lang) string {
	return indicatorLabels.Of(L, id)
}

// refusalLabels name the refusal reasons (Spanish, English).
var refusalLabels = process.Labels[string]{
	RefusedNotInvited: {"Sin invitación", "Not invited"},
	RefusedExpired:    {"Invitación vencida", "Invitation expired"},
	RefusedNoComment:  {"Falta comentario", "Comment missing"},
	RefusedAnswered:   {"Ya respondida", "Already answered"},
	RefusedNoTicket:   {"Sin ticket", "No ticket"},
}

// refusalLabel names a refusal reason in the report's language.
func refusalLabel(reason string, L relaciona.Lang) string {
	return refusalLabels.Of(L, reason)
}

// indicatorCell shows an indicator's value in its unit.
func indicatorCell(x Indicator) report.Cell {
	switch x.Unit {
	case UnitShare:
		return pct(x.Value)
	case UnitPoints, UnitIndex:
		return num(x.Value, 1)
	case UnitMean:
		return num(x.Value, 2)
	}
	if !x.Value.Defined {
		return report.Empty()
	}
	return report.Int(int64(x.Value.Value))
}

// indicatorTarget shows an indicator's target with its good side.
func indicatorTarget(x Indicator, L relaciona.Lang) report.Cell {
	if x.Target == nil {
		return report.Text(L.T("sin meta", "no target"))
	}
	v := Score{Value: *x.Target, Defined: true}
	return report.Text(x.Better.Sign() + indicatorCell(Indicator{Value: v, Unit: x.Unit}).Format(L))
}

func statusText(s report.Status, L relaciona.Lang) string {
	switch s {
	case report.StatusGood:
		return L.T("cumple", "met")
	case report.StatusBad:
		return L.T("no cumple", "not met")
	}
	return "—"
}

// csiSections are the CMI report's index and scorecard sections (seed 003
// §3.2, ISO 10004 and the four perspectives of the balanced scorecard):
// the month's satisfaction index with its weights, the indicators grouped
// by perspective with target, direction and status, the index by client
// (folded), and the survey answers refused in the month by reason (folded,
// with a surveys section). They are appended to secs.
func (p *Process) csiSections(ctx context.Context, c CMI, secs []report.Section, L relaciona.Lang) ([]report.Section, error) {
	groups, err := p.Scorecard(ctx, c)
	if err != nil {
		return nil, err
	}
	w := p.cfg.CSI
	csi := p.CSI(c.Total)
	idx := report.Section{ID: "indice-satisfaccion", Title: L.T("Índice de satisfacción del cliente (ISO 10004)", "Customer satisfaction index (ISO 10004)")}
	idx.Blocks = append(idx.Blocks, report.KeyFigures{Items: []report.KeyFigure{{
		Label: L.T("Índice del mes (0-100)", "Index of the month (0-100)"), Value: num(csi, 1),
		Status: status(csi, w.Target, report.HigherIsBetter), Note: targetNote(w.Target, report.HigherIsBetter, L, fmtNum(L, 0)),
	}}}, report.Paragraph{Text: L.Tf(
		"Índice = Σ peso × satisfacción / Σ peso, con cada métrica llevada a 0-100 (CSAT × 100; (NPS + 100) / 2; CES según su lugar en la escala%s). Pesos: CSAT %s, NPS %s, CES %s. Una métrica sin respuestas queda fuera y los pesos se reparten entre las presentes.",
		"Index = Σ weight × satisfaction / Σ weight, each metric put on 0-100 (CSAT × 100; (NPS + 100) / 2; CES by its place on the scale%s). Weights: CSAT %s, NPS %s, CES %s. A metric without answers is left out and the weights are shared among those present.",
		p.cesInverted(L), fmtNum(L, 1)(csiWeight(w.Weights, MetricCSAT)), fmtNum(L, 1)(csiWeight(w.Weights, MetricNPS)), fmtNum(L, 1)(csiWeight(w.Weights, MetricCES)))})

	// The perspectives open as cards (value, status, target and
	// direction); the table of every indicator is folded apart.
	card := report.Section{ID: "perspectivas", Title: L.T("Cuadro de mando por perspectiva", "Scorecard by perspective")}
	tbl := report.Table{ID: "perspectivas-indicadores", Caption: L.T("Indicadores por perspectiva", "Indicators by perspective"), PageRows: -1, Columns: []report.Column{
		{Name: L.T("Perspectiva", "Perspective")}, {Name: L.T("Indicador", "Indicator")}, {Name: L.T("Valor", "Value"), Align: report.AlignRight},
		{Name: L.T("Meta", "Target"), Align: report.AlignRight}, {Name: L.T("Sentido", "Direction")}, {Name: L.T("Estado", "Status")}}}
	for _, g := range groups {
		name := perspectiveLabel(g.Perspective, L)
		if len(g.Indicators) == 0 {
			card.Blocks = append(card.Blocks, report.Paragraph{Text: L.Tf("Perspectiva %s: sin indicadores asignados (sección perspectives del archivo).",
				"%s perspective: no indicator assigned (the file's perspectives section).", name)})
			continue
		}
		card.Blocks = append(card.Blocks, report.Paragraph{Text: L.Tf("Perspectiva %s", "%s perspective", name)})
		var kf report.KeyFigures
		for _, x := range g.Indicators {
			note := process.DirectionLabel(x.Better, L)
			if x.Target != nil {
				note = L.T("meta: ", "target: ") + indicatorTarget(x, L).Format(L)
			}
			kf.Items = append(kf.Items, report.KeyFigure{Label: name + ": " + indicatorLabel(x.ID, L), Value: indicatorCell(x), Status: x.Status, Note: note})
			tbl.Rows = append(tbl.Rows, []report.Cell{report.Text(name), report.Text(indicatorLabel(x.ID, L)), indicatorCell(x), indicatorTarget(x, L),
				report.Text(process.DirectionLabel(x.Better, L)), report.Text(statusText(x.Status, L))})
		}
		card.Blocks = append(card.Blocks, kf)
	}
	cardTable := report.Section{ID: "perspectivas-tabla", Title: L.T("Indicadores por perspectiva: meta, sentido y estado", "Indicators by perspective: target, direction and status"), Folded: true, Blocks: []report.Block{tbl}}
	secs = append(secs, idx, card, cardTable)

	if !c.Empty {
		t := report.Table{ID: "indice-clientes", Caption: L.T("Índice de satisfacción por cliente", "Satisfaction index by client"), Columns: []report.Column{
			{Name: L.T("Cliente", "Client")}, {Name: L.T("Índice", "Index"), Kind: report.KindFloat}, {Name: "CSAT", Kind: report.KindPercent},
			{Name: "NPS", Kind: report.KindFloat}, {Name: "CES", Kind: report.KindFloat}, {Name: L.T("Encuestas respondidas", "Answered surveys"), Kind: report.KindInt}}}
		rows := slices.Clone(c.Clients)
		// Lowest index first: the clients to look at.
		slices.SortStableFunc(rows, func(a, b CMIRow) int {
			x, y := p.CSI(a.Figures), p.CSI(b.Figures)
			switch {
			case x.Defined != y.Defined:
				if x.Defined {
					return -1
				}
				return 1
			case x.Value < y.Value:
				return -1
			case x.Value > y.Value:
				return 1
			}
			return 0
		})
		for _, r := range rows {
			t.Rows = append(t.Rows, []report.Cell{report.Text(p.clientName(ctx, r.Client)), num(p.CSI(r.Figures), 1), pct(r.CSAT), num(r.NPS, 1), num(r.CES, 2), report.Int(r.Answered)})
		}
		secs = append(secs, report.Section{ID: "indice-clientes-detalle", Title: L.T("Índice por cliente (menor primero)", "Index by client (lowest first)"), Folded: true, Blocks: []report.Block{t}})
	}
	if p.cfg.Surveys != nil {
		rc, err := p.Refusals(ctx, c.Month, c.Month)
		if err != nil {
			return nil, err
		}
		secs = append(secs, report.Section{ID: "rechazadas-mes", Title: L.T("Respuestas rechazadas por motivo", "Refused answers by reason"), Folded: true,
			Blocks: []report.Block{refusalTable(rc, "rechazadas-motivo", L)}})
	}
	return secs, nil
}

// cesInverted says, in the formula, that CES is inverted when lower is
// better.
func (p *Process) cesInverted(L relaciona.Lang) string {
	if p.cfg.Scales.CES.LowerIsBetter {
		return L.T(", invertido: menor esfuerzo es mejor", ", inverted: less effort is better")
	}
	return ""
}

// refusalTable is one row per month with data and a column per reason,
// with the total row.
func refusalTable(rc []RefusalCounts, id string, L relaciona.Lang) report.Table {
	cols := []report.Column{{Name: L.T("Mes", "Month")}}
	for _, r := range refusalReasons() {
		cols = append(cols, report.Column{Name: refusalLabel(r, L), Kind: report.KindInt})
	}
	cols = append(cols, report.Column{Name: L.T("Total", "Total"), Kind: report.KindInt})
	t := report.Table{ID: id, Caption: L.T("Respuestas de encuesta rechazadas por motivo y mes de la respuesta", "Survey answers refused by reason and month of the answer"), Columns: cols}
	total := make([]int, len(refusalReasons())+1)
	for _, c := range rc {
		row := []report.Cell{report.Text(monthName(c.Month, L))}
		for i, r := range refusalReasons() {
			row = append(row, report.Int(int64(c.ByReason[r])))
			total[i] += c.ByReason[r]
		}
		total[len(total)-1] += c.Total
		t.Rows = append(t.Rows, append(row, report.Int(int64(c.Total))))
	}
	t.Total = []report.Cell{report.Text(L.T("Total", "Total"))}
	for _, n := range total {
		t.Total = append(t.Total, report.Int(int64(n)))
	}
	return t
}

// refusalSections is the period report's section of the refused survey
// answers by reason and month (with a surveys section), appended to secs.
func (p *Process) refusalSections(ctx context.Context, from, to Month, secs []report.Section, L relaciona.Lang) ([]report.Section, error) {
	if p.cfg.Surveys == nil {
		return secs, nil
	}
	rc, err := p.Refusals(ctx, from, to)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, c := range rc {
		n += c.Total
	}
	return append(secs, report.Section{ID: "rechazadas-periodo", Title: L.T("Respuestas rechazadas por motivo", "Refused answers by reason"), Folded: true,
		Blocks: []report.Block{report.Paragraph{Text: L.Tf("%d respuestas de encuesta no se tomaron en el periodo; cada una cuenta una vez por ticket, métrica y motivo.",
			"%d survey answers were not taken in the period; each counts once per ticket, metric and reason.", n)}, refusalTable(rc, "rechazadas-periodo-tabla", L)}}), nil
}
