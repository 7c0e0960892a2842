package process

import (
	"context"
	"slices"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/report"
)

// SharedReports builds the pages that read every process's records at
// once, for the period: today the one commitments report
// (CommitmentsReport), of the processes kinds (all when kinds is empty).
// A tool writes them beside the processes' own pages; it is here, and
// not in a process package, because it belongs to none of them, and it
// is one function so that the relaciona command adds every shared page
// without a switch of its own.
func SharedReports(ctx context.Context, store *relaciona.Store, p Period, kinds ...string) ([]report.Page, error) {
	pg, err := CommitmentsReport(ctx, store, p, CommitmentsOptions{Processes: kinds})
	if err != nil {
		return nil, err
	}
	return []report.Page{pg}, nil
}

// CommitmentsOptions tunes CommitmentsReport.
type CommitmentsOptions struct {
	// Processes keeps the commitments of these processes only (all when
	// empty).
	Processes []string
	// OverdueRows is how many overdue commitments the HTML page shows
	// before folding the rest (DefaultOverdueRows when zero).
	OverdueRows int
}

// DefaultOverdueRows is how many overdue commitments the commitments page
// shows before folding the rest.
const DefaultOverdueRows = 15

// CommitmentFigures are the key figures of the commitments register at
// the end of a period, for the commitments made up to then. The five
// states are disjoint: Open counts those open and not yet due, Overdue
// those open past their due date.
type CommitmentFigures struct {
	Open, Overdue, Delivered, Confirmed, Unconfirmed int
}

// Total is the number of commitments counted.
func (f CommitmentFigures) Total() int {
	return f.Open + f.Overdue + f.Delivered + f.Confirmed + f.Unconfirmed
}

// StatusAt is where commitment c stood at the end of day: the last step
// of its history dated on or before day ("" when it was made after day).
// Its history, not its current status, says it, so a report of a past
// period reads what was true then.
func StatusAt(c relaciona.Commitment, day time.Time) relaciona.CommitmentStatus {
	var st relaciona.CommitmentStatus
	for _, e := range c.History {
		if e.Date.After(day) {
			continue
		}
		switch e.Step {
		case relaciona.StepMade:
			st = relaciona.CommitmentOpen
		case relaciona.StepDelivered:
			st = relaciona.CommitmentDelivered
		case relaciona.StepConfirmed:
			st = relaciona.CommitmentConfirmed
		case relaciona.StepUnconfirmed:
			st = relaciona.CommitmentUnconfirmed
		}
	}
	return st
}

// add counts c as it stood at the end of day.
func (f *CommitmentFigures) add(c relaciona.Commitment, day time.Time) {
	switch StatusAt(c, day) {
	case relaciona.CommitmentOpen:
		if c.Due.Before(day) {
			f.Overdue++
		} else {
			f.Open++
		}
	case relaciona.CommitmentDelivered:
		f.Delivered++
	case relaciona.CommitmentConfirmed:
		f.Confirmed++
	case relaciona.CommitmentUnconfirmed:
		f.Unconfirmed++
	}
}

// CommitmentsReport is the one report of the commitments register across
// the processes (issue 18): the key figures at the end of the period
// (open, overdue, delivered awaiting confirmation, confirmed, closed
// unconfirmed), a chart of them by process, and the list of overdue
// commitments, the longest overdue first, folded beyond
// CommitmentsOptions.OverdueRows rows. A commitment is overdue on the last
// day of the period when it was still open then and its due date had
// passed. Its slug is "compromisos" (Spanish) or "commitments"
// (English); it names no person (owners and parties by id; p.Redact
// changes nothing).
func CommitmentsReport(ctx context.Context, store *relaciona.Store, p Period, o CommitmentsOptions) (report.Page, error) {
	if err := p.Validate(); err != nil {
		return report.Page{}, err
	}
	L := p.Lang
	end := time.Date(p.To.Year, p.To.Month, p.To.Day, 0, 0, 0, 0, time.UTC)
	rows := o.OverdueRows
	if rows == 0 {
		rows = DefaultOverdueRows
	}
	var all CommitmentFigures
	by := map[string]*CommitmentFigures{}
	var overdue []relaciona.Commitment
	col := relaciona.NewCommitments(store, nil).Collection()
	for d, err := range col.Scan(ctx, relaciona.Filter{}) {
		if err != nil {
			return report.Page{}, err
		}
		c := d.Value
		if len(o.Processes) > 0 && !slices.Contains(o.Processes, c.Source.Process) {
			continue
		}
		if StatusAt(c, end) == "" {
			continue // made after the period
		}
		all.add(c, end)
		f := by[c.Source.Process]
		if f == nil {
			f = &CommitmentFigures{}
			by[c.Source.Process] = f
		}
		f.add(c, end)
		if StatusAt(c, end) == relaciona.CommitmentOpen && c.Due.Before(end) {
			overdue = append(overdue, c)
		}
	}
	var procs []string
	for k := range by {
		procs = append(procs, k)
	}
	slices.SortFunc(procs, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		if a < b {
			return -1
		}
		if a > b {
			return 1
		}
		return 0
	})
	titles := make([]string, len(procs))
	for i, k := range procs {
		titles[i] = processTitle(k, L)
	}
	slices.SortStableFunc(overdue, func(a, b relaciona.Commitment) int { return a.Due.Compare(b.Due) })

	labels := []string{
		L.T("Abiertos en plazo", "Open, not yet due"), L.T("Vencidos", "Overdue"),
		L.T("Entregados, esperan confirmación", "Delivered, awaiting confirmation"),
		L.T("Confirmados", "Confirmed"), L.T("Cerrados sin confirmar", "Closed unconfirmed"),
	}
	figs := func(f CommitmentFigures) []int {
		return []int{f.Open, f.Overdue, f.Delivered, f.Confirmed, f.Unconfirmed}
	}
	key := report.KeyFigures{}
	for i, v := range figs(all) {
		kf := report.KeyFigure{Label: labels[i], Value: report.Int(int64(v))}
		if i == 1 && v > 0 {
			kf.Status = report.StatusBad
		}
		key.Items = append(key.Items, kf)
	}

	chart := report.Chart{ID: "compromisos-por-proceso", Title: L.T("Compromisos por proceso y estado", "Commitments by process and state"),
		Kind: report.ChartStacked, Labels: titles, ValueKind: report.KindInt, YLabel: L.T("compromisos", "commitments")}
	for i, name := range labels {
		s := report.Series{Name: name}
		for _, k := range procs {
			s.Values = append(s.Values, float64(figs(*by[k])[i]))
		}
		chart.Series = append(chart.Series, s)
	}
	data := &report.Table{ID: "compromisos-por-proceso-datos", Caption: L.Tf("Datos: %s", "Data: %s", chart.Title),
		Columns: []report.Column{{Name: L.T("Proceso", "Process")}}}
	for _, name := range labels {
		data.Columns = append(data.Columns, report.Column{Name: name, Kind: report.KindInt})
	}
	data.Columns = append(data.Columns, report.Column{Name: L.T("Total", "Total"), Kind: report.KindInt})
	for _, k := range procs {
		row := []report.Cell{report.Text(processTitle(k, L))}
		for _, v := range figs(*by[k]) {
			row = append(row, report.Int(int64(v)))
		}
		data.Rows = append(data.Rows, append(row, report.Int(int64(by[k].Total()))))
	}
	total := []report.Cell{report.Text(L.T("Total", "Total"))}
	for _, v := range figs(all) {
		total = append(total, report.Int(int64(v)))
	}
	data.Total = append(total, report.Int(int64(all.Total())))
	chart.Table = data

	list := report.Table{ID: "compromisos-vencidos", Caption: L.Tf("Compromisos vencidos al %s", "Overdue commitments on %s", p.To),
		PageRows: rows, Columns: []report.Column{
			{Name: L.T("Proceso", "Process")}, {Name: L.T("Compromiso", "Commitment")}, {Name: L.T("Qué", "What")},
			{Name: L.T("Con", "To")}, {Name: L.T("Responsable", "Owner")}, {Name: L.T("Vence", "Due"), Kind: report.KindDate},
			{Name: L.T("Días de atraso", "Days overdue"), Kind: report.KindInt},
		}}
	for _, c := range overdue {
		list.Rows = append(list.Rows, []report.Cell{
			report.Text(processTitle(c.Source.Process, L)), report.Text(c.ID), report.Text(c.What), report.Text(c.Theirs.String()),
			report.Text(c.Ours.Owner), report.Date(c.Due), report.Int(int64(end.Sub(c.Due).Hours() / 24)),
		})
	}
	var late report.Block = list
	if len(overdue) == 0 {
		late = report.Paragraph{Text: L.T("No hay compromisos vencidos.", "There are no overdue commitments.")}
	}

	doc := report.Document{
		Title:    L.Tf("Compromisos de todos los procesos al %s", "Commitments of every process on %s", p.To),
		Subtitle: L.T("Registro único de compromisos: un compromiso se cumple solo cuando la otra parte lo confirma, o su responsable lo cierra sin confirmar y dice por qué.", "One commitments register: a commitment is done only when the other party confirms it, or its owner closes it unconfirmed and says why."),
		Lang:     L,
		Sections: []report.Section{
			{ID: "cifras", Title: L.T("Cifras clave", "Key figures"), Blocks: []report.Block{key, report.Paragraph{Text: L.Tf("%d compromisos hechos hasta el %s.", "%d commitments made up to %s.", all.Total(), p.To)}}},
			{ID: "por-proceso", Title: L.T("Por proceso", "By process"), Blocks: []report.Block{chart}},
			{ID: "vencidos", Title: L.T("Vencidos", "Overdue"), Blocks: []report.Block{late}},
		},
	}
	return report.Page{Slug: L.T("compromisos", "commitments"), NavTitle: L.T("Compromisos", "Commitments"), Doc: doc}, nil
}

// processTitle is the process's name for a reader: its definition's
// title when it is registered, else its kind.
func processTitle(kind string, L relaciona.Lang) string {
	if d, ok := Lookup(kind); ok {
		return d.TitleIn(L)
	}
	return kind
}
