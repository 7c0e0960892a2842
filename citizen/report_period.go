package citizen

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
)

// monthShort is a month's short name in the report's language.
func monthShort(m time.Month, L relaciona.Lang) string {
	es := [...]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"}
	if L == relaciona.English {
		return m.String()[:3]
	}
	return es[m-1]
}

// periodMonth is one calendar month of a period, clipped to the period.
type periodMonth struct {
	label    string
	from, to calendar.Date
}

// periodMonths splits [from, to] into calendar months, the first and last
// clipped to the period. A period over more than one year labels each
// month with its year.
func periodMonths(from, to calendar.Date, L relaciona.Lang) []periodMonth {
	var out []periodMonth
	for y, m := from.Year, from.Month; y < to.Year || y == to.Year && m <= to.Month; {
		first, next := calendar.Date{Year: y, Month: m, Day: 1}, calendar.Date{Year: y, Month: m + 1, Day: 1}
		if m == time.December {
			next = calendar.Date{Year: y + 1, Month: time.January, Day: 1}
		}
		pm := periodMonth{label: monthShort(m, L), from: first, to: next.AddDays(-1)}
		if from.Year != to.Year {
			pm.label += " " + strconv.Itoa(y)
		}
		if pm.from.Before(from) {
			pm.from = from
		}
		if to.Before(pm.to) {
			pm.to = to
		}
		out = append(out, pm)
		y, m = next.Year, next.Month
	}
	return out
}

// PeriodReport shows the PQRSD filed from opts.From to opts.At month by
// month, with their status as the day counters hold it (answered,
// forwarded or open; an open one due before opts.At is overdue, as in
// PQRSDStats, so a report of a past period shows today's answers): the
// period's key figures (received,
// the share of the answered ones answered on time against its target,
// average business days, extended, forwarded and overdue; incomplete on
// opts.At, withdrawn (split tacit, art. 17, and express, art. 18, with
// those continued ex officio) and with priority attention), the PQRSD
// received each month by channel, the on-time share by month of filing,
// and the month-by-month table (folded). It reads the day counters only.
func (s *Process) PeriodReport(ctx context.Context, opts ReportOptions) (report.Document, error) {
	if err := opts.check(); err != nil {
		return report.Document{}, err
	}
	L := opts.Lang
	total, err := s.PQRSDStats(ctx, opts.From, opts.At, opts.At)
	if err != nil {
		return report.Document{}, err
	}
	doc := report.Document{
		Lang:     L,
		Title:    L.Tf("PQRSD del periodo, mes a mes · %s a %s", "PQRSD of the period, month by month · %s to %s", opts.From, opts.At),
		Subtitle: L.Tf("%s · PQRSD radicadas del %s al %s, por mes de radicación · estado al %s", "%s · PQRSD filed %s to %s, by month filed · status on %s", s.cfg.Entity, opts.From, opts.At, opts.At),
	}
	months := periodMonths(opts.From, opts.At, L)
	chans := s.channelsIn(total)
	labels := make([]string, len(months))
	for i, m := range months {
		labels[i] = m.label
	}
	month := L.T("Mes de radicación", "Month filed")
	byChannel := report.Chart{ID: "recibidas-mes", Title: L.T("PQRSD recibidas por mes y canal", "PQRSD received by month and channel"), Kind: report.ChartStacked,
		ValueKind: report.KindInt, Labels: labels, XLabel: month, YLabel: L.T("PQRSD", "PQRSD")}
	perChannel := make([][]float64, len(chans))
	for i := range perChannel {
		perChannel[i] = make([]float64, len(months))
	}
	onTime := report.Chart{ID: "oportunidad-mes", Title: L.T("Respondidas a tiempo por mes de radicación", "Answered on time by month filed"), Kind: report.ChartLine,
		ValueKind: report.KindPercent, Labels: labels, Range: &report.Range{Min: 0, Max: 1}, XLabel: month, YLabel: L.T("De las respondidas", "Of those answered"),
		Description: L.T("Respondidas a tiempo entre las respondidas de cada mes; un mes sin respuestas queda en blanco.", "Answered on time among those answered of each month; a month without answers is left blank."),
		Target:      &report.Target{Value: onTimeTarget, Label: L.T("Meta", "Target"), Better: report.HigherIsBetter}}
	onTimeS := report.Series{Name: L.T("A tiempo", "On time")}
	table := report.Table{ID: "pqrsd-por-mes", Caption: L.Tf("PQRSD por mes de radicación, estado al %s", "PQRSD by month filed, status on %s", opts.At),
		Columns: []report.Column{{Name: L.T("Mes", "Month")}, {Name: L.T("Recibidas", "Received"), Kind: report.KindInt},
			{Name: L.T("A tiempo", "On time"), Kind: report.KindInt}, {Name: L.T("Fuera de término", "Late"), Kind: report.KindInt},
			{Name: L.T("% a tiempo de las respondidas", "% of answered on time"), Kind: report.KindPercent}, {Name: L.T("Días hábiles promedio", "Average business days"), Kind: report.KindFloat},
			{Name: L.T("Prorrogadas", "Extended"), Kind: report.KindInt}, {Name: L.T("Trasladadas", "Forwarded"), Kind: report.KindInt},
			{Name: L.T("En término", "Within term"), Kind: report.KindInt}, {Name: L.T("Vencidas", "Overdue"), Kind: report.KindInt},
			{Name: L.T("Incompletas", "Incomplete"), Kind: report.KindInt}, {Name: L.T("Desistidas", "Withdrawn"), Kind: report.KindInt},
			{Name: L.T("Prioritarias", "Priority"), Kind: report.KindInt}},
		PageRows: -1}
	table.Columns = append(table.Columns, withdrawalColumns(L)...) // Desistidas split: arts. 17 and 18
	row := func(label string, st Stats) []report.Cell {
		share, avg := report.Empty(), report.Empty()
		if st.Answered > 0 {
			share, avg = report.Percent(st.OnTimeShare()), report.FloatN(st.AvgDays(), 1)
		}
		return append([]report.Cell{report.Text(label), report.Int(int64(st.Total)), report.Int(int64(st.TotalOnTime)), report.Int(int64(st.TotalLate)),
			share, avg, report.Int(int64(sumTypes(st.Extended))), report.Int(int64(st.TotalForwarded)), report.Int(int64(st.TotalPending)), report.Int(int64(st.TotalOverdue)),
			report.Int(int64(st.TotalIncomplete)), report.Int(int64(st.TotalWithdrawn)), report.Int(int64(st.TotalPriority))}, withdrawalCells(st)...)
	}
	for i, m := range months {
		st, err := s.PQRSDStats(ctx, m.from, m.to, opts.At)
		if err != nil {
			return report.Document{}, err
		}
		for j, ch := range chans {
			for _, byCh := range st.Received {
				perChannel[j][i] += float64(byCh[ch])
			}
		}
		v := math.NaN()
		if st.Answered > 0 {
			v = st.OnTimeShare()
		}
		onTimeS.Values = append(onTimeS.Values, v)
		table.Rows = append(table.Rows, row(m.label, st))
	}
	table.Total = row(L.T("Total", "Total"), total)
	for j, ch := range chans {
		byChannel.Series = append(byChannel.Series, report.Series{Name: s.channelName(ch), Values: perChannel[j]})
	}
	byChannel.Table = report.DataTable(byChannel, L)
	onTime.Series = []report.Series{onTimeS}
	onTime.Table = report.DataTable(onTime, L)

	overdue := overdueFigure(L, total)
	overdue.Note = L.Tf("al %s", "on %s", opts.At)
	doc.Sections = append(doc.Sections,
		report.Section{ID: "resumen", Title: L.T("Resumen del periodo", "Summary of the period"), Blocks: []report.Block{
			report.KeyFigures{Items: []report.KeyFigure{
				{Label: L.T("Recibidas", "Received"), Value: report.Int(int64(total.Total))},
				onTimeFigure(L, total),
				avgDaysFigure(L, total),
				{Label: L.T("Prorrogadas", "Extended"), Value: report.Int(int64(sumTypes(total.Extended))),
					Note: L.T("antes del vencimiento, hasta el doble del término", "before expiry, up to twice the term")},
				{Label: L.T("Trasladadas por competencia", "Forwarded"), Value: report.Int(int64(total.TotalForwarded))},
				overdue,
			}},
			report.KeyFigures{Items: lawFigures(L, total, opts.At)},
			report.Paragraph{Text: L.T(
				"Las PQRSD se cuentan por su mes de radicación y con su estado al corte. Los términos corren en días hábiles desde el día siguiente a la radicación (Ley 1755 de 2015, art. 14).",
				"PQRSD are counted by the month they were filed, with their status at the cut-off date. Terms run in business days from the day after filing (Ley 1755 de 2015, art. 14).")},
		}},
		report.Section{ID: "por-mes", Title: L.T("Mes a mes", "Month by month"), Blocks: []report.Block{byChannel, onTime}},
		report.Section{ID: "por-mes-detalle", Title: L.T("Mes a mes: tabla", "Month by month: table"), Blocks: []report.Block{table}, Folded: true},
	)
	return doc, nil
}

// sumTypes adds the counts of every type.
func sumTypes(m map[Type]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
