package citizen

import (
	"context"
	"strconv"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// StrategyRecordsReport shows the records behind the interaction strategy
// as they stood on opts.At (seed 002, activities 1 to 3): the
// characterisation exercises and their dissemination, the inputs register
// by kind, the socialisation and training events held from opts.From to
// opts.At with their attendance by audience, the progress of the skills
// strategy's actions, and the articulation of the adopted version (who
// implements each entry, with its indicators, and the entries no
// dependency implements yet).
func (s *Process) StrategyRecordsReport(ctx context.Context, opts ReportOptions) (report.Document, error) {
	if err := opts.check(); err != nil {
		return report.Document{}, err
	}
	L := opts.Lang
	from := opts.From
	if from.IsZero() {
		from = calendar.Date{Year: opts.At.Year, Month: 1, Day: 1}
	}
	doc := report.Document{Lang: L, Title: L.T("Estrategia de relacionamiento: caracterización, insumos, socialización, habilidades y articulación",
		"Relationship strategy: characterisation, inputs, socialisation, skills and articulation"),
		Subtitle: L.Tf("%s · eventos del %s al %s · estado al %s", "%s · events %s to %s · status on %s", s.cfg.Entity, from, opts.At, opts.At)}
	day := func(d calendar.Date) report.Cell {
		if d.IsZero() {
			return report.Empty()
		}
		return report.Date(process.DateTime(d))
	}

	// Exercises recorded by the cut-off.
	exs, err := s.Exercises(ctx)
	if err != nil {
		return report.Document{}, err
	}
	var inForce *Exercise
	exTable := report.Table{ID: "tabla-ejercicios", Caption: L.T("Ejercicios de caracterización", "Characterisation exercises"), Columns: []report.Column{
		{Name: L.T("Ejercicio", "Exercise")}, {Name: L.T("Dependencia responsable", "Responsible dependency")}, {Name: L.T("Grupo de trabajo", "Working group"), Kind: report.KindInt},
		{Name: L.T("Objetivos", "Objectives")}, {Name: L.T("Mecanismo", "Mechanism")}, {Name: L.T("Desde", "From"), Kind: report.KindDate}, {Name: L.T("Hasta", "To"), Kind: report.KindDate},
		{Name: L.T("Divulgaciones", "Disseminations"), Kind: report.KindInt}}}
	dsTable := report.Table{ID: "tabla-divulgaciones", Caption: L.T("Divulgación de la caracterización", "Dissemination of the characterisation"), Columns: []report.Column{
		{Name: L.T("Fecha", "Date"), Kind: report.KindDate}, {Name: L.T("Ejercicio", "Exercise")}, {Name: L.T("A quién", "To whom")}, {Name: L.T("Canal", "Channel")},
		{Name: L.T("Publicación", "Publication")}}}
	for i := range exs {
		e := exs[i]
		if s.dateOf(e.Recorded).After(opts.At) {
			continue
		}
		if e.Covers(opts.At) {
			inForce = &exs[i]
		}
		mech := e.Mechanism.Label(L)
		if e.Mechanism == MechanismOther {
			mech += ": " + e.OtherMechanism
		}
		n := 0
		for _, d := range e.Disseminations {
			if d.Date.After(opts.At) {
				continue
			}
			n++
			dsTable.Rows = append(dsTable.Rows, []report.Cell{day(d.Date), report.Text(e.ID), report.Text(d.Audience), report.Text(s.channelOrText(d.Channel)), report.Text(d.Publication)})
		}
		exTable.Rows = append(exTable.Rows, []report.Cell{report.Text(e.ID), report.Text(s.dependencyName(e.Responsible)), report.Int(int64(len(e.WorkingGroup))),
			report.Text(strings.Join(e.Objectives, "; ")), report.Text(mech), day(e.From), day(e.To), report.Int(int64(n))})
	}

	// Inputs registered by the cut-off, by kind.
	ins, err := s.Inputs(ctx)
	if err != nil {
		return report.Document{}, err
	}
	byKind := map[InputKind]int{}
	inTable := report.Table{ID: "tabla-insumos", Caption: L.T("Registro de insumos de la estrategia", "Register of the strategy's inputs"), Columns: []report.Column{
		{Name: L.T("Fecha", "Date"), Kind: report.KindDate}, {Name: L.T("Tipo", "Kind")}, {Name: L.T("Título", "Title")}, {Name: L.T("Fuente", "Source")},
		{Name: L.T("Referencia", "Reference")}}}
	nInputs := 0
	for _, in := range ins {
		if s.dateOf(in.Recorded).After(opts.At) {
			continue
		}
		nInputs++
		byKind[in.Kind]++
		kind := in.Kind.Label(L)
		if in.Kind == InputOther {
			kind += ": " + in.Name
		}
		inTable.Rows = append(inTable.Rows, []report.Cell{day(in.Date), report.Text(kind), report.Text(in.Title), report.Text(in.Source), report.Text(in.Reference)})
	}

	// Events of the period, attendance by audience.
	evs, err := s.Events(ctx, from, opts.At)
	if err != nil {
		return report.Document{}, err
	}
	attendance := map[Audience]int{}
	events := map[Audience]int{}
	evTable := report.Table{ID: "tabla-eventos", Caption: L.T("Eventos de socialización y capacitación", "Socialisation and training events"), Columns: []report.Column{
		{Name: L.T("Fecha", "Date"), Kind: report.KindDate}, {Name: L.T("Audiencia", "Audience")}, {Name: L.T("Evento", "Event")}, {Name: L.T("Versión", "Version"), Kind: report.KindInt},
		{Name: L.T("Con quién", "With whom")}, {Name: L.T("Asistentes", "Attendance"), Kind: report.KindInt}, {Name: L.T("Material", "Material")}}}
	total := 0
	for _, e := range evs {
		attendance[e.Audience] += e.Attendance
		events[e.Audience]++
		total += e.Attendance
		var with []string
		switch e.Audience {
		case AudienceLeaders:
			for _, d := range e.Dependencies {
				with = append(with, s.dependencyName(d))
			}
		case AudienceValueGroups:
			for _, sg := range e.Segments {
				if x := s.cfg.segs[sg]; x != nil {
					with = append(with, x.Name)
				} else {
					with = append(with, sg)
				}
			}
		case AudienceStaff:
			with = []string{L.Tf("%d servidores del directorio", "%d staff from the directory", len(e.Attendees))}
		}
		mat := e.Material.Title
		if e.Material.URL != "" {
			mat += " (" + e.Material.URL + ")"
		}
		evTable.Rows = append(evTable.Rows, []report.Cell{day(e.Date), report.Text(e.Audience.Label(L)), report.Text(or(e.Title, e.ID)), report.Int(int64(e.Strategy)),
			report.Text(strings.Join(with, ", ")), report.Int(int64(e.Attendance)), report.Text(mat)})
	}
	evTable.Total = []report.Cell{report.Empty(), report.Empty(), report.Text(L.Tf("%d eventos", "%d events", len(evs))), report.Empty(), report.Empty(),
		report.Int(int64(total)), report.Empty()}

	// Skills actions on the cut-off.
	prog, err := s.SkillsProgress(ctx, opts.At)
	if err != nil {
		return report.Document{}, err
	}
	met, overdue := 0, 0
	skTable := report.Table{ID: "tabla-habilidades", Caption: L.Tf("Acciones de fortalecimiento de habilidades y competencias al %s", "Skills and competences actions on %s", opts.At), Columns: []report.Column{
		{Name: L.T("Acción", "Action")}, {Name: L.T("Para", "For")}, {Name: L.T("Habilidad", "Skill")}, {Name: L.T("Responsable", "Responsible")},
		{Name: L.T("Vence", "Due"), Kind: report.KindDate}, {Name: L.T("Meta", "Target"), Kind: report.KindInt}, {Name: L.T("Alcanzadas", "Reached"), Kind: report.KindInt},
		{Name: L.T("Avance", "Progress"), Kind: report.KindPercent}, {Name: L.T("Estado", "Status")}}}
	var kept []ActionProgress
	for _, p := range prog {
		if s.dateOf(p.Action.Created).After(opts.At) {
			continue
		}
		kept = append(kept, p)
		state := L.T("En curso", "In progress")
		switch {
		case p.Met:
			met++
			state = L.T("Cumplida", "Met")
		case p.Overdue:
			overdue++
			state = L.T("Vencida", "Overdue")
		}
		skTable.Rows = append(skTable.Rows, []report.Cell{report.Text(p.Action.ID), report.Text(p.Action.Audience.Label(L)), report.Text(p.Action.Skill),
			report.Text(s.dependencyName(p.Action.Responsible)), day(p.Action.Due), report.Int(int64(p.Action.Target)), report.Int(int64(p.Reached)),
			report.Percent(min(1, float64(p.Reached)/float64(p.Action.Target))), report.Text(state)})
	}

	// Articulation of the version adopted on the cut-off.
	vs, err := s.StrategyVersions(ctx)
	if err != nil {
		return report.Document{}, err
	}
	vs = strategyAt(vs, s.startOf(opts.At.AddDays(1)).Add(-1))
	var adopted *StrategyVersion
	for i := range vs {
		if vs[i].Status == StrategyAdopted {
			adopted = &vs[i]
		}
	}
	var artBlocks []report.Block
	unassigned := 0
	if adopted == nil {
		artBlocks = append(artBlocks, report.Note{Kind: report.NoteWarning, Title: L.T("Sin estrategia adoptada", "No strategy adopted"),
			Text: L.T("No hay versión adoptada cuya implementación articular.", "There is no adopted version whose implementation to articulate.")})
	} else {
		as, err := s.Assignments(ctx, adopted.Version)
		if err != nil {
			return report.Document{}, err
		}
		byEntry := map[string]Assignment{}
		for _, x := range as {
			if !s.dateOf(x.At).After(opts.At) {
				byEntry[x.Entry] = x
			}
		}
		artTable := report.Table{ID: "tabla-articulacion", Caption: L.Tf("Versión %d: quién implementa cada línea y qué indicador sigue", "Version %d: who implements each entry and which indicator it follows", adopted.Version),
			Columns: []report.Column{{Name: L.T("Línea", "Entry")}, {Name: L.T("Para qué", "What for")}, {Name: L.T("Dependencia que implementa", "Implementing dependency")},
				{Name: L.T("Indicadores", "Indicators")}}}
		var missing []string
		for _, e := range adopted.Entries {
			x, ok := byEntry[e.ID]
			dep, inds := report.Text(L.T("Sin asignar", "Unassigned")), report.Empty()
			if ok {
				var names []string
				for _, in := range x.Indicators {
					if spec := s.cfg.inds[in]; spec != nil {
						names = append(names, or(spec.Name, in))
					} else {
						names = append(names, in)
					}
				}
				dep, inds = report.Text(s.dependencyName(x.Dependency)), report.Text(strings.Join(names, ", "))
			} else {
				missing = append(missing, e.ID)
			}
			artTable.Rows = append(artTable.Rows, []report.Cell{report.Text(e.ID), report.Text(e.WhatFor), dep, inds})
		}
		unassigned = len(missing)
		if len(missing) > 0 {
			artBlocks = append(artBlocks, report.Note{Kind: report.NoteWarning, Title: L.T("Líneas sin asignar", "Unassigned entries"),
				Text: L.Tf("Ninguna dependencia implementa aún: %s.", "No dependency implements yet: %s.", strings.Join(missing, ", "))})
		}
		artBlocks = append(artBlocks, artTable)
	}

	// Summary.
	exFig := report.KeyFigure{Label: L.T("Ejercicio de caracterización vigente", "Characterisation exercise in force"), Value: report.Empty(), Status: report.StatusWarn,
		Note: L.T("ningún ejercicio cubre la fecha", "no exercise covers the date")}
	if inForce != nil {
		exFig.Value, exFig.Status = report.Text(inForce.ID), report.StatusNone
		exFig.Note = L.Tf("%s, del %s al %s", "%s, %s to %s", s.dependencyName(inForce.Responsible), inForce.From, inForce.To)
	}
	skillsFig := report.KeyFigure{Label: L.T("Acciones de habilidades cumplidas", "Skills actions met"), Value: report.Empty(),
		Note: L.Tf("%d de %d; %d vencidas", "%d of %d; %d overdue", met, len(kept), overdue)}
	if len(kept) > 0 {
		skillsFig.Value = report.Percent(float64(met) / float64(len(kept)))
	}
	if overdue > 0 {
		skillsFig.Status = report.StatusBad
	}
	unFig := report.KeyFigure{Label: L.T("Líneas sin dependencia que las implemente", "Entries with no implementing dependency"), Value: report.Int(int64(unassigned))}
	if unassigned > 0 {
		unFig.Status = report.StatusBad
	} else if adopted != nil {
		unFig.Status = report.StatusGood
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "resumen", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{report.KeyFigures{Items: []report.KeyFigure{
		exFig,
		{Label: L.T("Insumos registrados", "Inputs registered"), Value: report.Int(int64(nInputs)), Note: L.Tf("de %d tipos", "of %d kinds", len(byKind))},
		{Label: L.T("Asistentes a socialización y capacitación", "Attendance at socialisation and training"), Value: report.Int(int64(total)),
			Note: L.Tf("en %d eventos", "in %d events", len(evs))},
		skillsFig,
		unFig,
	}}}})

	// Exercise section.
	exBlocks := []report.Block{}
	if len(exTable.Rows) == 0 {
		exBlocks = append(exBlocks, report.Note{Kind: report.NoteWarning, Title: L.T("Sin ejercicio", "No exercise"),
			Text: L.T("No se ha registrado ningún ejercicio de caracterización: sin él no se publica la caracterización.", "No characterisation exercise is recorded: without one the characterisation is not published.")})
	} else {
		exBlocks = append(exBlocks, exTable)
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "ejercicio", Title: L.T("Ejercicio de caracterización", "Characterisation exercise"), Blocks: exBlocks})
	if len(dsTable.Rows) > 0 {
		doc.Sections = append(doc.Sections, report.Section{ID: "divulgacion", Title: L.T("Divulgación de la caracterización: tabla", "Dissemination of the characterisation: table"),
			Blocks: []report.Block{dsTable}, Folded: true})
	}

	// Inputs section.
	var inBlocks []report.Block
	if nInputs > 0 {
		ch := report.Chart{ID: "insumos-tipo", Title: L.T("Insumos por tipo", "Inputs by kind"), Kind: report.ChartHBar, ValueKind: report.KindInt, XLabel: L.T("Insumos", "Inputs")}
		ser := report.Series{Name: L.T("Insumos", "Inputs")}
		for _, k := range InputKinds() {
			if byKind[k] > 0 {
				ch.Labels = append(ch.Labels, k.Label(L))
				ser.Values = append(ser.Values, float64(byKind[k]))
			}
		}
		ch.Series = []report.Series{ser}
		ch.Table = report.DataTable(ch, L)
		inBlocks = append(inBlocks, ch)
	} else {
		inBlocks = append(inBlocks, report.Note{Title: L.T("Sin insumos", "No inputs"), Text: L.T("No se ha registrado ningún insumo.", "No input is registered.")})
	}
	var req []string
	for _, k := range s.cfg.requiredInputs() {
		req = append(req, k.Label(L))
	}
	inBlocks = append(inBlocks, report.Note{Title: L.T("Insumos exigidos para adoptar", "Inputs required to adopt"),
		Text: L.Tf("Una versión se adopta solo si cita insumos de: %s.", "A version is adopted only if it cites inputs of: %s.", strings.Join(req, ", "))})
	doc.Sections = append(doc.Sections, report.Section{ID: "insumos", Title: L.T("Insumos de la estrategia", "Inputs of the strategy"), Blocks: inBlocks})
	if nInputs > 0 {
		doc.Sections = append(doc.Sections, report.Section{ID: "insumos-detalle", Title: L.T("Insumos: tabla", "Inputs: table"), Blocks: []report.Block{inTable}, Folded: true})
	}

	// Events section.
	if len(evs) > 0 {
		ch := report.Chart{ID: "asistencia-audiencia", Title: L.T("Asistentes por audiencia", "Attendance by audience"), Kind: report.ChartHBar, ValueKind: report.KindInt,
			XLabel: L.T("Asistentes", "Attendance")}
		ser := report.Series{Name: L.T("Asistentes", "Attendance")}
		for _, a := range Audiences() {
			if events[a] > 0 {
				ch.Labels = append(ch.Labels, a.Label(L)+" ("+strconv.Itoa(events[a])+")")
				ser.Values = append(ser.Values, float64(attendance[a]))
			}
		}
		ch.Series = []report.Series{ser}
		ch.Table = report.DataTable(ch, L)
		doc.Sections = append(doc.Sections, report.Section{ID: "socializacion", Title: L.T("Socialización y capacitación", "Socialisation and training"), Blocks: []report.Block{ch}})
		doc.Sections = append(doc.Sections, report.Section{ID: "eventos", Title: L.T("Eventos: tabla", "Events: table"), Blocks: []report.Block{evTable}, Folded: true})
	} else {
		doc.Sections = append(doc.Sections, report.Section{ID: "socializacion", Title: L.T("Socialización y capacitación", "Socialisation and training"), Blocks: []report.Block{
			report.Note{Title: L.T("Sin eventos", "No events"), Text: L.Tf("No se registraron eventos del %s al %s.", "No event was recorded from %s to %s.", from, opts.At)}}})
	}

	// Skills section.
	if len(kept) > 0 {
		doc.Sections = append(doc.Sections, report.Section{ID: "habilidades", Title: L.T("Fortalecimiento de habilidades y competencias", "Strengthening skills and competences"),
			Blocks: []report.Block{skTable}, Folded: len(kept) > 15})
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "articulacion", Title: L.T("Articulación con las dependencias", "Articulation with the dependencies"), Blocks: artBlocks})
	return doc, nil
}

// channelOrText is a configured channel's name, or the text given.
func (s *Process) channelOrText(id string) string {
	if c := s.cfg.chans[id]; c != nil {
		return c.Name
	}
	return id
}

// strategyRecordsNav is the page's title in the site's navigation.
func strategyRecordsNav(L relaciona.Lang) string {
	return L.T("Insumos, socialización y articulación", "Inputs, socialisation and articulation")
}
