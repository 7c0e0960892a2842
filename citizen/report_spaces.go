package citizen

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// commitmentState is where a commitment stood on a date: done (on time or
// late), dropped, overdue or in progress.
type commitmentState string

// The commitment states, in the order a report lists them: what needs
// action first.
const (
	stateOverdue    commitmentState = "overdue"
	stateInProgress commitmentState = "in_progress"
	stateDoneLate   commitmentState = "done_late"
	stateDoneOnTime commitmentState = "done_on_time"
	stateDropped    commitmentState = "dropped"
)

// commitmentStates lists the states in report order.
func commitmentStates() []commitmentState {
	return []commitmentState{stateOverdue, stateInProgress, stateDoneLate, stateDoneOnTime, stateDropped}
}

// Label is the state's name for a reader.
func (c commitmentState) Label(L relaciona.Lang) string {
	return process.Labels[commitmentState]{
		stateOverdue:    {"Vencido", "Overdue"},
		stateInProgress: {"En curso", "In progress"},
		stateDoneLate:   {"Cumplido tarde", "Done late"},
		stateDoneOnTime: {"Cumplido a tiempo", "Done on time"},
		stateDropped:    {"Descartado", "Dropped"},
	}.Of(L, c)
}

// commitmentStateAt is where c stood at the end of date: closed on or before date
// (done, on time when closed on or before its due date, or dropped), else
// overdue when its due date is before date, else in progress.
func commitmentStateAt(c Commitment, date calendar.Date) commitmentState {
	if !c.Closed.IsZero() && !date.Before(c.Closed) {
		switch {
		case c.Status == CommitmentDropped:
			return stateDropped
		case c.Due.Before(c.Closed):
			return stateDoneLate
		}
		return stateDoneOnTime
	}
	if c.Due.Before(date) {
		return stateOverdue
	}
	return stateInProgress
}

// strategyAt returns the versions of vs created by at, each with the
// status and observations it had at that instant: the version adopted
// last by at is adopted; a version adopted before it, or older than it,
// is superseded (as AdoptStrategy supersedes them); the others are
// socialised once socialised by at, else drafts.
func strategyAt(vs []StrategyVersion, at time.Time) []StrategyVersion {
	var out []StrategyVersion
	adopted := -1
	for _, v := range vs {
		if v.Created.After(at) {
			continue
		}
		v.Observations = slices.DeleteFunc(slices.Clone(v.Observations), func(o Observation) bool { return o.At.After(at) })
		if !v.Adopted.IsZero() && v.Adopted.After(at) {
			v.Adopted, v.AdoptedBy = time.Time{}, ""
		}
		if !v.Socialised.IsZero() && v.Socialised.After(at) {
			v.Socialised, v.SocialisedTo = time.Time{}, nil
		}
		out = append(out, v)
		if !v.Adopted.IsZero() && (adopted < 0 || v.Adopted.After(out[adopted].Adopted)) {
			adopted = len(out) - 1
		}
	}
	for i := range out {
		v := &out[i]
		switch {
		case i == adopted:
			v.Status = StrategyAdopted
		case !v.Adopted.IsZero(), adopted >= 0 && v.Version < out[adopted].Version:
			v.Status = StrategySuperseded
		case !v.Socialised.IsZero():
			v.Status = StrategySocialised
		default:
			v.Status = StrategyDraft
		}
	}
	return out
}

// Label is the status's name for a reader.
func (st StrategyStatus) Label(L relaciona.Lang) string {
	return process.Labels[StrategyStatus]{
		StrategyDraft:      {"Borrador", "Draft"},
		StrategySocialised: {"Socializada", "Socialised"},
		StrategyAdopted:    {"Adoptada", "Adopted"},
		StrategySuperseded: {"Reemplazada", "Superseded"},
	}.Of(L, st)
}

// SpacesReport shows the participation, accountability and feedback
// spaces held from opts.From to opts.At, the commitments made in them with
// where each stood on opts.At, and the interaction strategy as it stood at
// the end of opts.At (the adopted version's entries and every version's
// history). Its key figures: the spaces, their participants (counted by
// segment), the share of the commitments not dropped that were done, and
// the commitments overdue.
func (s *Process) SpacesReport(ctx context.Context, opts ReportOptions) (report.Document, error) {
	if err := opts.check(); err != nil {
		return report.Document{}, err
	}
	L := opts.Lang
	spaces, err := s.Spaces(ctx, opts.From, opts.At)
	if err != nil {
		return report.Document{}, err
	}
	slices.SortStableFunc(spaces, func(a, b Space) int { return cmp.Compare(a.Date.String(), b.Date.String()) })
	doc := report.Document{Lang: L, Title: L.T("Espacios de participación, compromisos y estrategia de interacción", "Participation spaces, commitments and interaction strategy"),
		Subtitle: L.Tf("%s · espacios del %s al %s · estado al %s", "%s · spaces %s to %s · status on %s", s.cfg.Entity, opts.From, opts.At, opts.At)}

	day := func(d calendar.Date) report.Cell {
		if d.IsZero() {
			return report.Empty()
		}
		return report.Date(process.DateTime(d))
	}
	spaceTable := report.Table{ID: "tabla-espacios", Caption: L.T("Espacios de participación, rendición de cuentas y realimentación", "Participation, accountability and feedback spaces"), Columns: []report.Column{
		{Name: L.T("Fecha", "Date"), Kind: report.KindDate}, {Name: L.T("Clase", "Kind")}, {Name: L.T("Espacio", "Space")}, {Name: L.T("Lugar", "Place")},
		{Name: L.T("Participantes", "Participants"), Kind: report.KindInt}, {Name: L.T("Compromisos", "Commitments"), Kind: report.KindInt}}}
	type row struct {
		c     Commitment
		space string
		state commitmentState
	}
	var rows []row
	bySegment := map[string]int{}
	people := 0
	for _, sp := range spaces {
		n := 0
		for seg, k := range sp.Participants {
			n += k
			bySegment[seg] += k
		}
		people += n
		spaceTable.Rows = append(spaceTable.Rows, []report.Cell{day(sp.Date), report.Text(sp.Kind.Label(L)), report.Text(sp.Name), report.Text(sp.Place),
			report.Int(int64(n)), report.Int(int64(len(sp.Commitments)))})
		cs, err := s.Commitments(ctx, sp.ID)
		if err != nil {
			return report.Document{}, err
		}
		for _, c := range cs {
			rows = append(rows, row{c: c, space: sp.Name, state: commitmentStateAt(c, opts.At)})
		}
	}
	spaceTable.Total = []report.Cell{report.Empty(), report.Empty(), report.Text(L.Tf("%d espacios", "%d spaces", len(spaces))), report.Empty(),
		report.Int(int64(people)), report.Int(int64(len(rows)))}
	order := map[commitmentState]int{}
	for i, st := range commitmentStates() {
		order[st] = i
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		return cmp.Or(cmp.Compare(order[a.state], order[b.state]), cmp.Compare(a.c.Due.String(), b.c.Due.String()))
	})
	count := map[commitmentState]int{}
	owners := map[string]map[commitmentState]int{}
	var ownerIDs []string
	ct := report.Table{ID: "tabla-compromisos", Caption: L.Tf("Compromisos de esos espacios y su estado al %s", "Commitments of those spaces and their status on %s", opts.At), Columns: []report.Column{
		{Name: L.T("Compromiso", "Commitment")}, {Name: L.T("Espacio", "Space")}, {Name: L.T("Responsable", "Owner")}, {Name: L.T("Vence", "Due"), Kind: report.KindDate},
		{Name: L.T("Estado", "Status")}, {Name: L.T("Cerrado", "Closed"), Kind: report.KindDate}, {Name: L.T("Último seguimiento", "Latest follow-up")}}}
	for _, r := range rows {
		c := r.c
		count[r.state]++
		if owners[c.Owner] == nil {
			owners[c.Owner] = map[commitmentState]int{}
			ownerIDs = append(ownerIDs, c.Owner)
		}
		owners[c.Owner][r.state]++
		closed := report.Empty()
		if r.state == stateDoneLate || r.state == stateDoneOnTime || r.state == stateDropped {
			closed = day(c.Closed)
		}
		last := ""
		for _, fu := range c.FollowUps {
			if !opts.At.Before(fu.Date) {
				last = fu.Date.String() + ": " + fu.Note
			}
		}
		ct.Rows = append(ct.Rows, []report.Cell{report.Text(c.Text), report.Text(r.space), report.Text(s.dependencyName(c.Owner)), day(c.Due),
			report.Text(r.state.Label(L)), closed, report.Text(last)})
	}
	slices.SortFunc(ownerIDs, func(a, b string) int { return cmp.Compare(s.dependencyName(a), s.dependencyName(b)) })

	done := count[stateDoneOnTime] + count[stateDoneLate]
	kept := len(rows) - count[stateDropped]
	doneFig := report.KeyFigure{Label: L.T("Compromisos cumplidos", "Commitments done"), Value: report.Empty(),
		Note: L.Tf("%d de %d no descartados (%d a tiempo)", "%d of %d not dropped (%d on time)", done, kept, count[stateDoneOnTime])}
	if kept > 0 {
		doneFig.Value = report.Percent(float64(done) / float64(kept))
	}
	overdueStatus := report.StatusGood
	if count[stateOverdue] > 0 {
		overdueStatus = report.StatusBad
	}
	end := s.startOf(opts.At.AddDays(1)).Add(-time.Nanosecond)
	vs, err := s.StrategyVersions(ctx)
	if err != nil {
		return report.Document{}, err
	}
	vs = strategyAt(vs, end)
	var adopted *StrategyVersion
	for i := range vs {
		if vs[i].Status == StrategyAdopted {
			adopted = &vs[i]
		}
	}
	stratFig := report.KeyFigure{Label: L.T("Estrategia de interacción vigente", "Interaction strategy in force"), Value: report.Empty(), Status: report.StatusWarn,
		Note: L.T("ninguna versión adoptada", "no version adopted")}
	if adopted != nil {
		stratFig.Value, stratFig.Status = report.Text(L.Tf("Versión %d", "Version %d", adopted.Version)), report.StatusNone
		stratFig.Note = L.Tf("adoptada el %s", "adopted on %s", s.dateOf(adopted.Adopted))
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "resumen", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{report.KeyFigures{Items: []report.KeyFigure{
		{Label: L.T("Espacios realizados", "Spaces held"), Value: report.Int(int64(len(spaces)))},
		{Label: L.T("Participantes", "Participants"), Value: report.Int(int64(people)), Note: L.T("contados por segmento, sin nombres", "counted by segment, without names")},
		doneFig,
		{Label: L.T("Compromisos vencidos", "Commitments overdue"), Value: report.Int(int64(count[stateOverdue])), Status: overdueStatus,
			Note: L.Tf("sin cerrar al %s", "not closed on %s", opts.At)},
		stratFig,
	}}}})

	// Participants by segment and commitments by owner: the two charts.
	var charts []report.Block
	if people > 0 {
		segs := report.Chart{ID: "participantes-segmento", Title: L.T("Participantes por segmento", "Participants by segment"), Kind: report.ChartHBar,
			ValueKind: report.KindInt, XLabel: L.T("Participantes", "Participants")}
		ser := report.Series{Name: L.T("Participantes", "Participants")}
		add := func(label string, n int) {
			if n > 0 {
				segs.Labels = append(segs.Labels, label)
				ser.Values = append(ser.Values, float64(n))
			}
		}
		for _, sg := range s.cfg.Segments {
			add(sg.Name, bySegment[sg.ID])
			delete(bySegment, sg.ID)
		}
		other := 0
		for _, n := range bySegment {
			other += n
		}
		add(L.T("Sin segmento", "No segment"), other)
		segs.Series = []report.Series{ser}
		segs.Table = report.DataTable(segs, L)
		charts = append(charts, segs)
	}
	if len(rows) > 0 {
		byOwner := report.Chart{ID: "compromisos-responsable", Title: L.T("Compromisos por dependencia responsable y estado", "Commitments by owner and status"), Kind: report.ChartStacked,
			ValueKind: report.KindInt, XLabel: L.T("Dependencia", "Dependency"), YLabel: L.T("Compromisos", "Commitments")}
		for _, o := range ownerIDs {
			byOwner.Labels = append(byOwner.Labels, s.dependencyName(o))
		}
		for _, st := range commitmentStates() {
			if count[st] == 0 {
				continue
			}
			ser := report.Series{Name: st.Label(L)}
			for _, o := range ownerIDs {
				ser.Values = append(ser.Values, float64(owners[o][st]))
			}
			byOwner.Series = append(byOwner.Series, ser)
		}
		byOwner.Table = report.DataTable(byOwner, L)
		charts = append(charts, byOwner)
	}
	if len(charts) == 0 {
		charts = append(charts, report.Note{Title: L.T("Sin espacios", "No spaces"), Text: L.Tf("No se registraron espacios del %s al %s.", "No space was recorded from %s to %s.", opts.From, opts.At)})
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "espacios", Title: L.T("Espacios y compromisos", "Spaces and commitments"), Blocks: charts})
	if len(rows) > 0 {
		doc.Sections = append(doc.Sections, report.Section{ID: "compromisos", Title: L.T("Compromisos: los vencidos primero", "Commitments: overdue first"), Blocks: []report.Block{ct}})
	}
	if len(spaces) > 0 {
		doc.Sections = append(doc.Sections, report.Section{ID: "espacios-detalle", Title: L.T("Espacios: tabla", "Spaces: table"), Blocks: []report.Block{spaceTable}, Folded: true})
	}
	doc.Sections = append(doc.Sections, s.strategySections(L, vs, adopted)...)
	return doc, nil
}

// strategySections are the adopted version's entries and the history of
// the versions, as strategyAt gave them.
func (s *Process) strategySections(L relaciona.Lang, vs []StrategyVersion, adopted *StrategyVersion) []report.Section {
	names := func(ids []string, name func(string) string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = name(id)
		}
		return strings.Join(out, ", ")
	}
	seg := func(id string) string {
		if x := s.cfg.segs[id]; x != nil {
			return x.Name
		}
		return id
	}
	item := func(id string) string {
		if x := s.cfg.items[id]; x != nil {
			return x.Name
		}
		return id
	}
	sec := report.Section{ID: "estrategia", Title: L.T("Estrategia de interacción", "Interaction strategy")}
	if adopted == nil {
		sec.Blocks = append(sec.Blocks, report.Note{Kind: report.NoteWarning, Title: L.T("Sin estrategia adoptada", "No strategy adopted"),
			Text: L.T("Ninguna versión fue adoptada por la dirección.", "No version was adopted by the direction.")})
	} else {
		entries := report.Table{ID: "estrategia-adoptada", Caption: L.Tf("Versión %d, adoptada: con quién, para qué, cómo y dónde", "Version %d, adopted: with whom, what for, how and where", adopted.Version),
			Columns: []report.Column{{Name: L.T("Con quién", "With whom")}, {Name: L.T("Para qué", "What for")}, {Name: L.T("Cómo (canales)", "How (channels)")},
				{Name: L.T("Dónde", "Where")}, {Name: L.T("Oferta", "Offer")}}}
		for _, e := range adopted.Entries {
			entries.Rows = append(entries.Rows, []report.Cell{report.Text(names(e.With, seg)), report.Text(e.WhatFor), report.Text(names(e.How, s.channelName)),
				report.Text(e.Where), report.Text(names(e.Offer, item))})
		}
		sec.Blocks = append(sec.Blocks, entries)
	}
	versions := report.Table{ID: "estrategia-versiones", Caption: L.T("Versiones de la estrategia de interacción", "Versions of the interaction strategy"), Columns: []report.Column{
		{Name: L.T("Versión", "Version"), Kind: report.KindInt}, {Name: L.T("Estado", "Status")}, {Name: L.T("Creada", "Created"), Kind: report.KindDate},
		{Name: L.T("Ajusta la versión", "Adjusts version")}, {Name: L.T("Motivo", "Reason")}, {Name: L.T("Socializada con", "Socialised with")},
		{Name: L.T("Observaciones", "Observations"), Kind: report.KindInt}, {Name: L.T("Adoptada", "Adopted"), Kind: report.KindDate}}}
	date := func(t time.Time) report.Cell {
		if t.IsZero() {
			return report.Empty()
		}
		return report.Date(process.DateTime(s.dateOf(t)))
	}
	for _, v := range vs {
		adj := ""
		if v.Adjusts > 0 {
			adj = strconv.Itoa(v.Adjusts)
		}
		versions.Rows = append(versions.Rows, []report.Cell{report.Int(int64(v.Version)), report.Text(v.Status.Label(L)), date(v.Created), report.Text(adj),
			report.Text(v.Reason), report.Text(names(v.SocialisedTo, s.dependencyName)), report.Int(int64(len(v.Observations))), date(v.Adopted)})
	}
	return []report.Section{sec, {ID: "estrategia-historia", Title: L.T("Estrategia: versiones", "Strategy: versions"), Blocks: []report.Block{versions}, Folded: true}}
}

// dependencyName is a dependency's name, or its id when unknown.
func (s *Process) dependencyName(id string) string {
	if d := s.cfg.deps[id]; d != nil {
		return d.Name
	}
	return id
}
