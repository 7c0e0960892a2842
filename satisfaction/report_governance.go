package satisfaction

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// GovernanceFigures are the figures of the owner's and Dirección's duties
// (seed 003 §4.1, §4.2, §6.6, §6.7) for a month.
type GovernanceFigures struct {
	Month Month
	// Definition is the version in force in the month; Versions every
	// stored version up to the month's end.
	Definition Definition
	Versions   []Definition
	// Documents are the process documents; DocumentsDue those past their
	// review date at the month's end.
	Documents    []ProcessDocument
	DocumentsDue int
	// Quality is the owner's last evaluation up to the month's end (nil
	// when none).
	Quality *QualityEvaluation
	// Periods are the Dirección review periods of the month's year that
	// began by the month's end, with their review (nil when none).
	Periods []PeriodReview
	// Proposals are the owner's proposals made by the month's end;
	// Endorsed how many of them Dirección endorsed by then. PlansEndorsed
	// and Plans count the work plans of the year.
	Proposals     []Action
	Endorsed      int
	Plans         int
	PlansEndorsed int
	// Meetings are the work meetings of the year up to the month's end;
	// AllDivisions how many involved every division.
	Meetings     []Meeting
	AllDivisions int
}

// PeriodReview is a Dirección review period and its review.
type PeriodReview struct {
	Period Month
	Review *DirectionReview
}

// GovernanceFigures reads the figures of the owner's and Dirección's
// duties for month m.
func (p *Process) GovernanceFigures(ctx context.Context, m Month) (GovernanceFigures, error) {
	f := GovernanceFigures{Month: m}
	_, end := p.span(m)
	var err error
	if f.Definition, err = p.DefinitionAt(ctx, m); err != nil {
		return f, err
	}
	all, err := p.Definitions(ctx)
	if err != nil {
		return f, err
	}
	for _, d := range all {
		if d.At.Before(end) {
			f.Versions = append(f.Versions, d)
		}
	}
	if f.Documents, err = p.Documents(ctx); err != nil {
		return f, err
	}
	last := calendar.DateOf(end.AddDate(0, 0, -1))
	for _, d := range f.Documents {
		if d.Overdue(last) {
			f.DocumentsDue++
		}
	}
	evs, err := p.QualityEvaluations(ctx)
	if err != nil {
		return f, err
	}
	for i := range evs {
		if !evs[i].On.After(last) {
			f.Quality = &evs[i]
		}
	}
	reviews, err := p.DirectionReviews(ctx)
	if err != nil {
		return f, err
	}
	n := max(p.cfg.Governance.DirectionReviewMonths, 1)
	for pm := (Month{m.Year, 1}); !m.Before(pm); pm = pm.Add(n) {
		pr := PeriodReview{Period: pm}
		for i := range reviews {
			if reviews[i].Period == pm && reviews[i].At.Before(end) {
				pr.Review = &reviews[i]
			}
		}
		f.Periods = append(f.Periods, pr)
	}
	acts, err := p.Actions(ctx, "")
	if err != nil {
		return f, err
	}
	for _, a := range acts {
		if a.Proposal && a.At.Before(end) {
			f.Proposals = append(f.Proposals, a)
			if a.EndorsedBy != "" && a.EndorsedAt.Before(end) {
				f.Endorsed++
			}
		}
	}
	slices.SortFunc(f.Proposals, func(a, b Action) int { return a.At.Compare(b.At) })
	plans, err := p.plans.Values(ctx, relaciona.Filter{Attrs: map[string]string{"year": strconv.Itoa(m.Year)}})
	if err != nil {
		return f, err
	}
	for _, w := range plans {
		if process.DateTime(w.Agreed).Before(end) {
			f.Plans++
			if w.EndorsedBy != "" && w.EndorsedAt.Before(end) {
				f.PlansEndorsed++
			}
		}
	}
	yearStart, _ := p.span(Month{m.Year, 1})
	for d, err := range p.meetings.Scan(ctx, relaciona.Filter{From: process.DateTime(calendar.DateOf(yearStart)), To: process.DateTime(calendar.DateOf(end))}) {
		if err != nil {
			return f, err
		}
		if !process.DateTime(d.Value.Date).Before(yearStart) && process.DateTime(d.Value.Date).Before(end) {
			f.Meetings = append(f.Meetings, d.Value)
			if len(d.Value.Absent) == 0 {
				f.AllDivisions++
			}
		}
	}
	return f, nil
}

// GovernanceReport is the page of the owner's and Dirección's duties for
// month m: the definition in force and its changes, the process documents
// and those due for review, the owner's last information quality
// evaluation, Dirección's reviews of the year, the proposals with and
// without Dirección's endorsement, and the work meetings with every
// division.
func (p *Process) GovernanceReport(ctx context.Context, m Month, lang relaciona.Lang, o ReportOptions) (report.Document, error) {
	L := lang
	f, err := p.GovernanceFigures(ctx, m)
	if err != nil {
		return report.Document{}, err
	}
	doc := p.document(L.Tf("Gobierno del proceso — %s", "Process governance — %s", monthName(m, L)), L, o)
	status := func(bad bool) report.Status {
		if bad {
			return report.StatusWarn
		}
		return report.StatusGood
	}
	missing := 0
	for _, pr := range f.Periods[:max(len(f.Periods)-1, 0)] { // the current period may still get its review
		if pr.Review == nil {
			missing++
		}
	}
	quality := report.Empty()
	qNote := L.T("sin evaluación del dueño del proceso", "no evaluation by the process owner")
	if f.Quality != nil {
		quality = report.FloatN(f.Quality.Score, 1)
		qNote = L.Tf("evaluada el %s", "evaluated on %s", f.Quality.On)
	}
	summary := report.Section{ID: "gobierno-resumen", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{
		report.KeyFigures{Items: []report.KeyFigure{
			{Label: L.T("Versión de la definición vigente", "Definition version in force"), Value: report.Int(int64(f.Definition.Version)),
				Note: L.Tf("%d cambios registrados", "%d changes recorded", max(len(f.Versions)-1, 0))},
			{Label: L.T("Documentos por revisar", "Documents due for review"), Value: report.Int(int64(f.DocumentsDue)), Status: status(f.DocumentsDue > 0),
				Note: L.Tf("de %d documentos", "of %d documents", len(f.Documents))},
			{Label: L.T("Calidad de la información (0-100)", "Information quality (0-100)"), Value: quality, Note: qNote},
			{Label: L.T("Periodos sin revisión de Dirección", "Periods without a Dirección review"), Value: report.Int(int64(missing)), Status: status(missing > 0),
				Note: L.Tf("periodos de %d meses del año", "%d-month periods of the year", p.cfg.Governance.DirectionReviewMonths)},
			{Label: L.T("Propuestas respaldadas por Dirección", "Proposals endorsed by Dirección"), Value: report.Int(int64(f.Endorsed)), Status: status(f.Endorsed < len(f.Proposals)),
				Note: L.Tf("de %d propuestas; planes de trabajo: %d de %d", "of %d proposals; work plans: %d of %d", len(f.Proposals), f.PlansEndorsed, f.Plans)},
			{Label: L.T("Reuniones con todas las divisiones", "Meetings with every division"), Value: report.Int(int64(f.AllDivisions)),
				Note: L.Tf("de %d reuniones del año", "of %d meetings of the year", len(f.Meetings))},
		}},
		report.Paragraph{Text: L.T(
			"El dueño del proceso cambia la definición (métricas y metas) como una nueva versión con su motivo, avisada a todo el equipo; mantiene revisados los documentos del proceso y evalúa la calidad de la información de los clientes. Dirección respalda las propuestas del dueño y revisa la satisfacción de los clientes en cada periodo.",
			"The process owner changes the definition (metrics and targets) as a new version with its reason, told to the whole team; keeps the process documents reviewed and evaluates the quality of the client information. Dirección endorses the owner's proposals and reviews client satisfaction every period.")},
		governanceChart(f, missing, L),
	}}

	def := report.Section{ID: "gobierno-definicion", Title: L.T("Definición del proceso", "Process definition"), Folded: len(f.Versions) > report.DefaultPageRows}
	def.Blocks = append(def.Blocks, report.Paragraph{Text: L.Tf("En %s rige la versión %d de la definición.", "In %s version %d of the definition is in force.", monthName(m, L), f.Definition.Version)})
	if len(f.Versions) > 0 {
		t := report.Table{ID: "gobierno-versiones", Caption: L.T("Versiones de la definición", "Definition versions"), Columns: []report.Column{
			{Name: L.T("Versión", "Version"), Kind: report.KindInt}, {Name: L.T("Vigente desde", "In force from")}, {Name: L.T("Registrada", "Recorded"), Kind: report.KindDate},
			{Name: L.T("Meta CSAT", "CSAT target"), Kind: report.KindPercent}, {Name: L.T("Motivo", "Reason")}}}
		for _, d := range f.Versions {
			from := L.T("el inicio", "the start")
			if d.From != (Month{}) {
				from = d.From.String()
			}
			csat := report.Empty()
			if d.Targets.CSAT != nil {
				csat = report.Percent(*d.Targets.CSAT)
			}
			t.Rows = append(t.Rows, []report.Cell{report.Int(int64(d.Version)), report.Text(from), p.dayOf(d.At), csat, report.Text(d.Reason)})
		}
		def.Blocks = append(def.Blocks, t)
	}

	docs := listSection("gobierno-documentos", L.T("Documentos del proceso", "Process documents"), len(f.Documents),
		L.T("No hay documentos del proceso registrados.", "No process documents are registered."), func() report.Table {
			t := report.Table{ID: "gobierno-documentos-tabla", Caption: L.T("Documentos y su revisión", "Documents and their review"), Columns: []report.Column{
				{Name: L.T("Documento", "Document")}, {Name: L.T("Versión", "Version")}, {Name: L.T("Revisado", "Reviewed"), Kind: report.KindDate},
				{Name: L.T("Próxima revisión", "Next review"), Kind: report.KindDate}, {Name: L.T("Estado", "Status")}}}
			_, end := p.span(m)
			last := calendar.DateOf(end.AddDate(0, 0, -1))
			for _, d := range f.Documents {
				st := L.T("al día", "up to date")
				if d.Overdue(last) {
					st = L.T("revisión vencida", "review overdue")
				}
				t.Rows = append(t.Rows, []report.Cell{report.Text(d.Title), report.Text(d.Version), process.DayCell(d.Reviewed),
					process.DayCell(d.NextReview()), report.Text(st)})
			}
			return t
		})

	qual := report.Section{ID: "gobierno-calidad", Title: L.T("Calidad de la información de los clientes", "Quality of the client information"), Folded: true}
	qual.Blocks = []report.Block{report.Paragraph{Text: L.Tf(
		"Puntuación de un cliente = 100 × (completitud + frescura) / 2. Completitud: parte presente de nombre, contacto, servicios y solicitantes. Frescura: 1 si su última información o interacción (repositorio, entrevista, reclamo) es de los %d días anteriores, si no 0. La puntuación del área es la media de sus clientes.",
		"A client's score = 100 × (completeness + freshness) / 2. Completeness: the share present of name, contact, services and requesters. Freshness: 1 when its last information or interaction (repository, interview, complaint) is within the %d days before, else 0. The area's score is the mean of its clients'.",
		p.cfg.Governance.FreshDays)}}
	if f.Quality == nil {
		qual.Folded = false
		qual.Blocks = append(qual.Blocks, report.Paragraph{Text: L.T("El dueño del proceso no registró ninguna evaluación hasta este mes.", "The process owner recorded no evaluation up to this month.")})
	} else {
		t := report.Table{ID: "gobierno-calidad-tabla", Caption: L.Tf("Evaluación del %s", "Evaluation of %s", f.Quality.On), Columns: []report.Column{
			{Name: L.T("Cliente", "Client")}, {Name: L.T("Completitud", "Completeness"), Kind: report.KindPercent}, {Name: L.T("Falta", "Missing")},
			{Name: L.T("Último contacto", "Last contact"), Kind: report.KindDate}, {Name: L.T("Fresca", "Fresh")}, {Name: L.T("Puntuación", "Score"), Kind: report.KindFloat}}}
		for _, c := range f.Quality.Clients {
			fresh := L.T("no", "no")
			if c.Fresh {
				fresh = L.T("sí", "yes")
			}
			var miss []string
			for _, x := range c.Missing {
				miss = append(miss, qualityFieldLabel(x, L))
			}
			t.Rows = append(t.Rows, []report.Cell{report.Text(p.clientName(ctx, c.Client)), report.Percent(c.Completeness), report.Text(strings.Join(miss, ", ")),
				process.DayCell(c.Last), report.Text(fresh), report.FloatN(c.Score, 1)})
		}
		t.Total = []report.Cell{report.Text(L.T("Área", "Area")), report.Percent(f.Quality.Completeness), report.Empty(), report.Empty(),
			report.Percent(f.Quality.Freshness), report.FloatN(f.Quality.Score, 1)}
		qual.Blocks = append(qual.Blocks, t)
	}

	dir := report.Section{ID: "gobierno-direccion", Title: L.T("Dirección: revisiones y respaldo", "Dirección: reviews and endorsement"), Folded: len(f.Proposals) > report.DefaultPageRows}
	rt := report.Table{ID: "gobierno-revisiones", Caption: L.Tf("Revisiones de Dirección de %d", "Dirección reviews of %d", m.Year), Columns: []report.Column{
		{Name: L.T("Periodo desde", "Period from")}, {Name: L.T("Revisada el", "Reviewed on"), Kind: report.KindDate}, {Name: L.T("Estado", "Status")}}}
	for i, pr := range f.Periods {
		on, st := report.Empty(), L.T("sin revisión", "no review")
		if pr.Review != nil {
			on, st = process.DayCell(pr.Review.On), L.T("revisado", "reviewed")
		} else if i == len(f.Periods)-1 {
			st = L.T("en curso", "in progress")
		}
		rt.Rows = append(rt.Rows, []report.Cell{report.Text(pr.Period.String()), on, report.Text(st)})
	}
	dir.Blocks = append(dir.Blocks, rt)
	if len(f.Proposals) > 0 {
		pt := report.Table{ID: "gobierno-propuestas", Caption: L.T("Propuestas del dueño del proceso", "The process owner's proposals"), Columns: []report.Column{
			{Name: L.T("Propuesta", "Proposal")}, {Name: L.T("Propuesta el", "Proposed on"), Kind: report.KindDate}, {Name: L.T("Respaldo de Dirección", "Dirección's endorsement")}}}
		for _, a := range f.Proposals {
			st := L.T("sin respaldo", "not endorsed")
			if a.EndorsedBy != "" {
				e := a.EndorsedAt.In(p.loc)
				st = L.Tf("respaldada el %s", "endorsed on %s", calendar.DateOf(e))
			}
			pt.Rows = append(pt.Rows, []report.Cell{report.Text(a.Title), p.dayOf(a.At), report.Text(st)})
		}
		dir.Blocks = append(dir.Blocks, pt)
	}

	meet := listSection("gobierno-reuniones", L.T("Reuniones de trabajo y divisiones", "Work meetings and divisions"), len(f.Meetings),
		L.T("No hubo reuniones de trabajo en el año hasta este mes.", "There were no work meetings in the year up to this month."), func() report.Table {
			mt := report.Table{ID: "gobierno-reuniones-tabla", Caption: L.T("Reuniones del año", "Meetings of the year"), Columns: []report.Column{
				{Name: L.T("Fecha", "Date"), Kind: report.KindDate}, {Name: L.T("Divisiones", "Divisions"), Kind: report.KindInt}, {Name: L.T("Faltó y por qué", "Missing and why")}}}
			for _, x := range f.Meetings {
				var why []string
				for _, d := range slices.Sorted(maps.Keys(x.Absent)) {
					why = append(why, p.divisionName(d)+": "+x.Absent[d])
				}
				mt.Rows = append(mt.Rows, []report.Cell{process.DayCell(x.Date), report.Int(int64(len(x.Divisions))), report.Text(strings.Join(why, "; "))})
			}
			return mt
		})
	doc.Sections = append(doc.Sections, summary, def, docs, qual, dir, meet)
	return doc, nil
}

// qualityFieldLabel names a client field of the quality score.
func qualityFieldLabel(f string, L relaciona.Lang) string {
	return process.Labels[string]{
		"name": {"nombre", "name"}, "contact": {"contacto", "contact"},
		"services": {"servicios", "services"}, "requesters": {"solicitantes", "requesters"},
	}.Of(L, f)
}

// divisionName is the name of division id in the file.
func (p *Process) divisionName(id string) string {
	for _, d := range p.cfg.Divisions {
		if d.ID == id {
			return d.Name
		}
	}
	return id
}

// governancePage appends the page of the owner's and Dirección's duties of
// the month that holds period.To (slug "satisfaction-governance", no
// headline on the index) to pages.
func (p *Process) governancePage(ctx context.Context, pages []report.Page, period process.Period) ([]report.Page, error) {
	m := MonthOf(period.To)
	doc, err := p.GovernanceReport(ctx, m, period.Lang, ReportOptions{Redact: period.Redact})
	if err != nil {
		return nil, err
	}
	return append(pages, report.Page{Slug: Kind + "-governance", Doc: doc, Headline: report.NoHeadline,
		NavTitle: period.Lang.T("Gobierno del proceso", "Process governance")}), nil
}

// governanceChart shows, for each duty the page follows, how many items
// are done and how many still wait: proposals and work plans endorsed by
// Dirección, meetings with every division, Dirección review periods
// (reviewed, and ended without a review; the current one waits for
// neither), and documents reviewed in time.
func governanceChart(f GovernanceFigures, missingReviews int, L relaciona.Lang) report.Chart {
	c := report.Chart{ID: "gobierno-grafico", Kind: report.ChartStacked, ValueKind: report.KindInt,
		Title: L.T("Deberes del dueño y de Dirección: cumplidos y pendientes", "The owner's and Dirección's duties: done and waiting"),
		Labels: []string{L.T("Propuestas respaldadas", "Proposals endorsed"), L.T("Planes de trabajo respaldados", "Work plans endorsed"),
			L.T("Reuniones con todas las divisiones", "Meetings with every division"), L.T("Periodos revisados por Dirección", "Periods reviewed by Dirección"),
			L.T("Documentos al día", "Documents up to date")}}
	reviewed := 0
	for _, pr := range f.Periods {
		if pr.Review != nil {
			reviewed++
		}
	}
	done := report.Series{Name: L.T("Cumplidos", "Done"), Values: []float64{float64(f.Endorsed), float64(f.PlansEndorsed),
		float64(f.AllDivisions), float64(reviewed), float64(len(f.Documents) - f.DocumentsDue)}}
	waiting := report.Series{Name: L.T("Pendientes", "Waiting"), Values: []float64{float64(len(f.Proposals) - f.Endorsed), float64(f.Plans - f.PlansEndorsed),
		float64(len(f.Meetings) - f.AllDivisions), float64(missingReviews), float64(f.DocumentsDue)}}
	c.Series = []report.Series{done, waiting}
	return chartWithTable(c, L)
}
