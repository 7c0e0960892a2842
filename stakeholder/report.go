package stakeholder

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
)

// ReportOptions are the parameters of Report.
type ReportOptions struct {
	// At is the date the report is made for: overdue communications and
	// open issues are as of that day. Required.
	At calendar.Date
	// From and To bound the period of interactions, feedback, effectiveness
	// and the issues resolved; the zero values take the year ending on At.
	From, To calendar.Date
	// Lang is the report's language (Spanish when empty).
	Lang relaciona.Lang
	// Redact hides personal data: the names of persons (stakeholders of
	// type person and the people of the directory) are replaced by ids.
	Redact bool
	// MaxRows caps the rows of the issue and communication tables (0: 1000).
	MaxRows int
}

// reportPeriod refuses opts without At and fills in the period's
// defaults: To is At, and From the day after To a year earlier (1 March
// for a To of 29 February), so the period is the year ending on To.
func (s *Process) reportPeriod(opts *ReportOptions) error {
	if opts.At.IsZero() {
		return s.invalid("at", "indique la fecha del informe", "give the date of the report")
	}
	if opts.To.IsZero() {
		opts.To = opts.At
	}
	if opts.From.IsZero() {
		opts.From = calendar.Date{Year: opts.To.Year - 1, Month: opts.To.Month, Day: opts.To.Day}.AddDays(1)
		if opts.From.Day != opts.To.Day && opts.To.Month == 2 && opts.To.Day == 29 { // 29 February
			opts.From = calendar.Date{Year: opts.To.Year - 1, Month: 3, Day: 1}
		}
	}
	return nil
}

// Report builds the stakeholder report for opts.At: key figures, the
// stakeholder map (the power / interest grid as a scatter chart), the
// engagement status and gaps, the overdue communications, the issue log
// with its escalations, and the effectiveness of the period. Render it
// with the report package (HTML, CSV, XLSX, Markdown).
func (s *Process) Report(ctx context.Context, opts ReportOptions) (report.Document, error) {
	L := opts.Lang
	if L == "" {
		L = relaciona.Spanish
	}
	if err := s.reportPeriod(&opts); err != nil {
		return report.Document{}, err
	}
	if opts.MaxRows <= 0 {
		opts.MaxRows = 1000
	}
	eff, err := s.Effectiveness(ctx, opts.From, opts.To)
	if err != nil {
		return report.Document{}, err
	}
	groups, err := s.Groups(ctx)
	if err != nil {
		return report.Document{}, err
	}
	r := &reporter{ctx: ctx, s: s, L: L, opts: opts, groups: map[string]string{}, people: map[string]*relaciona.Person{}}
	for _, g := range groups {
		r.groups[g.ID] = g.Name
	}
	if err := r.readInteractions(ctx); err != nil {
		return report.Document{}, err
	}
	overdue, err := r.communications(ctx)
	if err != nil {
		return report.Document{}, err
	}
	issues, err := r.issueLog(ctx)
	if err != nil {
		return report.Document{}, err
	}
	lessons, err := r.lessonsSection(ctx)
	if err != nil {
		return report.Document{}, err
	}
	// The map and the engagement status are as of At: each stakeholder's
	// latest assessment on or before that day.
	asOf := map[string]*Assessment{}
	for d, err := range s.assessments.Scan(ctx, relaciona.Filter{To: dayTime(opts.At.AddDays(1))}) {
		if err != nil {
			return report.Document{}, err
		}
		a := d.Value
		asOf[a.Stakeholder] = &a
	}
	sts := make([]Stakeholder, 0, len(eff.ByStakeholder))
	for _, m := range eff.ByStakeholder {
		st := m.Stakeholder
		st.Latest = asOf[st.ID]
		sts = append(sts, st)
	}
	title := L.T("Gestión de partes interesadas", "Stakeholder management")
	if s.cfg.Name != "" {
		title += " — " + s.cfg.Name
	}
	doc := report.Document{
		Title: title,
		Subtitle: L.Tf("Situación al %s · periodo %s a %s · SFIA RLMT, niveles 4 a 7", "Status on %s · period %s to %s · SFIA RLMT, levels 4 to 7",
			opts.At, opts.From, opts.To),
		Lang:      L,
		Generated: dayTime(opts.At),
	}
	// Key figures and charts first, then the tables a director opens.
	doc.Sections = append(doc.Sections,
		r.summary(sts, eff, overdue, issues, lessons),
		r.mapSection(sts),
		r.rootCauseSection(issues.causes),
	)
	effSec, perSec := r.effectivenessSection(eff)
	doc.Sections = append(doc.Sections, effSec, overdue.section, issues.section, lessons.section)
	if issues.escalationsSec != nil {
		doc.Sections = append(doc.Sections, *issues.escalationsSec)
	}
	doc.Sections = append(doc.Sections, perSec, r.engagementSection(sts, eff))
	return doc, nil
}

// pageRows is how many rows of the communications, issue and lesson
// tables the HTML page shows before folding the rest (every row is in the
// exports): the first five, enough to see what the table holds, so that
// the page stays under its height budget.
const pageRows = 5

type reporter struct {
	ctx    context.Context
	s      *Process
	L      relaciona.Lang
	people map[string]*relaciona.Person // directory entries looked up, nil when not listed
	opts   ReportOptions
	groups map[string]string
	last   map[string]calendar.Date // last interaction per stakeholder, up to At
	names  map[string]string        // stakeholder display names
}

// person is the name of a person of the directory, or the id when
// redacting or unknown.
func (r *reporter) person(id string) string {
	if id == "" {
		return ""
	}
	if p := r.lookup(id); p != nil && p.Name != "" && !r.opts.Redact {
		return p.Name
	}
	return id
}

// lookup returns the directory's entry for person id, once per report; nil
// when the directory does not list them or cannot be reached (the report
// then shows the id, and a key stakeholder's contact point as lacking the
// level).
func (r *reporter) lookup(id string) *relaciona.Person {
	if p, ok := r.people[id]; ok {
		return p
	}
	var out *relaciona.Person
	if p, err := r.s.dir.Person(r.ctx, id); err == nil {
		out = &p
	}
	r.people[id] = out
	return out
}

func (r *reporter) stakeholderName(id string) string {
	if n, ok := r.names[id]; ok {
		return n
	}
	return id
}

func (r *reporter) readInteractions(ctx context.Context) error {
	r.last = map[string]calendar.Date{}
	r.names = map[string]string{}
	sts, err := r.s.Stakeholders(ctx)
	if err != nil {
		return err
	}
	for _, st := range sts {
		r.names[st.ID] = st.DisplayName(r.opts.Redact)
	}
	for it, err := range r.s.Interactions(ctx, "", r.opts.From, r.opts.At) {
		if err != nil {
			return err
		}
		r.last[it.Stakeholder] = it.Date // oldest first: the last one wins
	}
	return nil
}

func dateCell(d calendar.Date) report.Cell {
	if d.IsZero() {
		return report.Empty()
	}
	return report.Date(dayTime(d))
}

func numCell(v float64, decimals int) report.Cell {
	if math.IsNaN(v) {
		return report.Empty()
	}
	return report.FloatN(v, decimals)
}

func pctCell(v float64) report.Cell {
	if math.IsNaN(v) {
		return report.Empty()
	}
	return report.Percent(v)
}

type commResult struct {
	section report.Section
	overdue int
	due     int
}

func (r *reporter) communications(ctx context.Context) (commResult, error) {
	L := r.L
	t := report.Table{ID: "comunicaciones-vencidas", Caption: L.Tf("Comunicaciones vencidas al %s", "Communications overdue on %s", r.opts.At),
		Columns: []report.Column{{Name: L.T("Actividad", "Item")}, {Name: L.T("Dirigida a", "Aimed at")}, {Name: L.T("Objetivo", "Objective")},
			{Name: L.T("Canal", "Channel")}, {Name: L.T("Responsable", "Owner")}, {Name: L.T("Programada", "Scheduled"), Kind: report.KindDate},
			{Name: L.T("Plazo", "Deadline"), Kind: report.KindDate}, {Name: L.T("Pendientes", "Pending"), Kind: report.KindInt}},
		PageRows: pageRows}
	var res commResult
	var dueList report.List
	for c, err := range r.s.Due(ctx, r.opts.At) {
		if err != nil {
			return res, err
		}
		target := r.stakeholderName(c.Item.Stakeholder)
		if c.Item.Group != "" {
			target = L.Tf("Grupo: %s", "Group: %s", r.groups[c.Item.Group])
		}
		if !c.Overdue {
			res.due++
			if len(dueList.Items) < r.opts.MaxRows {
				dueList.Items = append(dueList.Items, report.ListItem{Text: fmt.Sprintf("%s — %s (%s)", c.Item.ID, target, c.Scheduled), Status: report.StatusWarn})
			}
			continue
		}
		res.overdue++
		if len(t.Rows) >= r.opts.MaxRows {
			continue
		}
		t.Rows = append(t.Rows, []report.Cell{report.Text(c.Item.ID), report.Text(target), report.Text(c.Item.Objective),
			report.Text(r.s.channels[c.Item.Channel].Name), report.Text(r.person(c.Item.Owner)), dateCell(c.Scheduled),
			dateCell(c.Deadline), report.Int(int64(c.Pending))})
	}
	sec := report.Section{ID: "comunicaciones", Title: L.T("Comunicaciones del plan", "Plan communications")}
	if res.overdue == 0 {
		sec.Blocks = append(sec.Blocks, report.Note{Title: L.T("Sin vencidas", "None overdue"), Text: L.Tf("No hay comunicaciones vencidas al %s.", "No communication is overdue on %s.", r.opts.At)})
	} else {
		sec.Blocks = append(sec.Blocks, report.Note{Kind: report.NoteWarning, Title: L.T("Comunicaciones vencidas", "Overdue communications"),
			Text: L.Tf("%d actividades del plan tienen comunicaciones vencidas.", "%d plan items have overdue communications.", res.overdue)})
		if res.overdue > len(t.Rows) {
			sec.Blocks = append(sec.Blocks, report.Paragraph{Text: L.Tf("Se muestran las primeras %d.", "The first %d are shown.", len(t.Rows))})
		}
	}
	sec.Blocks = append(sec.Blocks, t)
	if len(dueList.Items) > 0 {
		dueList.Title = L.Tf("Para hoy (%s), aún en plazo", "Due today (%s), still on time", r.opts.At)
		sec.Blocks = append(sec.Blocks, dueList)
	}
	res.section = sec
	return res, nil
}

type issueResult struct {
	section       report.Section
	open, atFinal int
	escalations   int
	causes        causeCounts // the issues resolved in the period
	// escalationsSec is the folded section of the escalations, nil when
	// there are none.
	escalationsSec *report.Section
}

func (r *reporter) issueLog(ctx context.Context) (issueResult, error) {
	L := r.L
	log := report.Table{ID: "asuntos", Caption: L.T("Registro de asuntos: abiertos, y resueltos en el periodo", "Issue log: open, and resolved in the period"),
		Columns: []report.Column{{Name: "ID"}, {Name: L.T("Parte interesada", "Stakeholder")}, {Name: L.T("Asunto", "Issue")},
			{Name: L.T("Severidad", "Severity")}, {Name: L.T("Estado", "Status")}, {Name: L.T("Nivel", "Level"), Kind: report.KindInt},
			{Name: L.T("Responsable", "Owner")}, {Name: L.T("Abierto", "Opened"), Kind: report.KindDate}, {Name: L.T("Vence", "Deadline"), Kind: report.KindDate},
			{Name: L.T("Escalamientos", "Escalations"), Kind: report.KindInt}, {Name: L.T("Marca", "Flag")}, {Name: L.T("Lecciones aprendidas", "Lessons learned")}},
		PageRows: pageRows}
	esc := report.Table{ID: "escalamientos", Caption: L.T("Escalamientos", "Escalations"),
		Columns: []report.Column{{Name: L.T("Asunto", "Issue")}, {Name: L.T("De nivel", "From level"), Kind: report.KindInt}, {Name: L.T("A nivel", "To level"), Kind: report.KindInt},
			{Name: L.T("Fecha", "Date"), Kind: report.KindDate}, {Name: L.T("Plazo incumplido", "Missed deadline"), Kind: report.KindDate}, {Name: L.T("Nuevo responsable", "New owner")}}}
	var res issueResult
	shown := 0
	for i, err := range r.s.SearchIssues(ctx, IssueQuery{}) {
		if err != nil {
			return res, err
		}
		if i.Opened.After(r.opts.At) {
			continue
		}
		open := i.Status == IssueOpen || i.Resolved.After(r.opts.At)
		if !open && i.Resolved.Before(r.opts.From) {
			continue
		}
		if open {
			res.open++
			if i.Final {
				res.atFinal++
			}
		}
		res.escalations += len(i.Escalations)
		if !open && r.inPeriod(i.Resolved) {
			res.causes.count(i)
		}
		if shown >= r.opts.MaxRows {
			continue
		}
		shown++
		status := L.T("abierto", "open")
		if !open {
			status = L.T("resuelto", "resolved")
		}
		flag := ""
		switch {
		case i.OverdueAtFinal:
			flag = L.T("Vencido en la última instancia (nivel 7)", "Overdue at the last stop (level 7)")
		case i.Final:
			flag = L.T("Última instancia (nivel 7)", "Last stop (level 7)")
		}
		// An open issue shows its running deadline; one overdue at level 7
		// keeps the deadline it missed (its timer has stopped).
		deadline := report.Empty()
		if open && (i.Timer || i.OverdueAtFinal) && !i.Deadline.IsZero() {
			deadline = dateCell(i.Deadline)
		}
		log.Rows = append(log.Rows, []report.Cell{report.Text(i.ID), report.Text(r.stakeholderName(i.Stakeholder)), report.Text(i.Title),
			report.Text(i.Severity.Label(L)), report.Text(status), report.Int(int64(i.Level)), report.Text(r.person(i.Owner)),
			dateCell(i.Opened), deadline, report.Int(int64(len(i.Escalations))), report.Text(flag), report.Text(r.issueLessons(i))})
		for _, e := range i.Escalations {
			esc.Rows = append(esc.Rows, []report.Cell{report.Text(i.ID), report.Int(int64(e.From)), report.Int(int64(e.To)),
				dateCell(e.Date), dateCell(e.Missed), report.Text(r.person(e.Owner))})
		}
	}
	sec := report.Section{ID: "asuntos-escalamientos", Title: L.T("Asuntos y escalamientos", "Issues and escalations")}
	if res.atFinal > 0 {
		sec.Blocks = append(sec.Blocks, report.Note{Kind: report.NoteWarning, Title: L.T("En la última instancia", "At the last stop"),
			Text: L.Tf("%d asuntos abiertos están en el nivel 7, el último punto de escalamiento.", "%d open issues are at level 7, the last escalation point.", res.atFinal)})
	}
	sec.Blocks = append(sec.Blocks, log)
	if shown < res.open {
		sec.Blocks = append(sec.Blocks, report.Paragraph{Text: L.Tf("Se muestran los primeros %d asuntos.", "The first %d issues are shown.", shown)})
	}
	if len(esc.Rows) > 0 {
		// Every step of every issue is detail: folded on the page, whole
		// in the exports; the log shows each issue's count.
		res.escalationsSec = &report.Section{ID: "escalamientos-detalle", Title: L.T("Escalamientos", "Escalations"), Blocks: []report.Block{esc}, Folded: true}
	}
	res.section = sec
	return res, nil
}

// issueLessons is the issue log's lessons cell: the lessons' texts, or
// their ids in the register when redacting (a lesson's text is personal
// data: it may name people).
func (r *reporter) issueLessons(i Issue) string {
	if r.opts.Redact {
		return strings.Join(i.LessonIDs, "; ")
	}
	return strings.Join(i.Lessons, "; ")
}

func (r *reporter) summary(sts []Stakeholder, eff Effectiveness, comm commResult, iss issueResult, ls lessonResult) report.Section {
	L := r.L
	key, gaps, assessed := 0, 0, 0
	for _, st := range sts {
		if st.Latest == nil {
			continue
		}
		assessed++
		if st.Latest.Quadrant == ManageClosely {
			key++
		}
		if st.Latest.Gap > 0 {
			gaps++
		}
	}
	return report.Section{ID: "resumen", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{report.KeyFigures{Items: []report.KeyFigure{
		{Label: L.T("Partes interesadas", "Stakeholders"), Value: report.Int(int64(len(sts))), Note: L.Tf("%d con análisis", "%d assessed", assessed)},
		{Label: L.T("Clave (gestionar de cerca)", "Key (manage closely)"), Value: report.Int(int64(key))},
		{Label: L.T("Con brecha de compromiso", "With an engagement gap"), Value: report.Int(int64(gaps)), Status: badIf(gaps > 0)},
		{Label: L.T("Comunicaciones vencidas", "Overdue communications"), Value: report.Int(int64(comm.overdue)), Status: badIf(comm.overdue > 0)},
		{Label: L.T("Asuntos abiertos", "Open issues"), Value: report.Int(int64(iss.open)), Note: L.Tf("%d en el nivel 7", "%d at level 7", iss.atFinal), Status: badIf(iss.atFinal > 0)},
		{Label: L.T("Tasa de respuesta", "Response rate"), Value: pctCell(eff.Overall.ResponseRate)},
		{Label: L.T("Calificación promedio (1-5)", "Average rating (1-5)"), Value: numCell(eff.Overall.Average, 2), Note: trendNote(eff.Overall.Trend, L)},
		{Label: L.T("Cierre de brechas", "Gap closure"), Value: pctCell(eff.Overall.GapClosure)},
		{Label: L.T("Asuntos resueltos en el periodo", "Issues resolved in the period"), Value: report.Int(int64(iss.causes.resolved)), Note: r.topCauseNote(iss.causes)},
		{Label: L.T("Lecciones aprendidas", "Lessons learned"), Value: report.Int(int64(ls.learned)),
			Note: L.Tf("difundidas: %d", "spread: %d", ls.spread), Status: spreadStatus(ls)},
	}}}}
}

func trendNote(tr float64, L relaciona.Lang) string {
	switch {
	case math.IsNaN(tr):
		return ""
	case tr > 0.05:
		return L.Tf("tendencia ↑ +%s por mes", "trend ↑ +%s a month", report.FloatN(tr, 2).Format(L))
	case tr < -0.05:
		return L.Tf("tendencia ↓ %s por mes", "trend ↓ %s a month", report.FloatN(tr, 2).Format(L))
	}
	return L.T("tendencia estable", "stable trend")
}

// jitter spreads stakeholders with the same scores around their grid
// cell, deterministically, never past half a point (the threshold lines
// sit between scores).
func jitter(id string, axis byte) float64 {
	h := fnv.New32a()
	h.Write([]byte(id))
	h.Write([]byte{axis})
	return (float64(h.Sum32()%1000)/999 - 0.5) * 0.6
}

func (r *reporter) mapSection(sts []Stakeholder) report.Section {
	L := r.L
	cfg := r.s.cfg
	series := map[Quadrant]*report.Series{}
	var order []Quadrant
	for _, q := range Quadrants() {
		series[q] = &report.Series{Name: q.Label(L)}
		order = append(order, q)
	}
	tbl := report.Table{ID: "mapa-datos", Caption: L.T("Datos del mapa de partes interesadas", "Stakeholder map data"),
		Columns: []report.Column{{Name: L.T("Parte interesada", "Stakeholder")}, {Name: L.T("Interés", "Interest"), Kind: report.KindInt},
			{Name: L.T("Poder", "Power"), Kind: report.KindInt}, {Name: L.T("Cuadrante", "Quadrant")}, {Name: L.T("Prominencia", "Salience")}, {Name: L.T("Análisis", "Assessed"), Kind: report.KindDate}}}
	unassessed := 0
	for _, st := range sts {
		a := st.Latest
		if a == nil {
			unassessed++
			continue
		}
		name := st.DisplayName(r.opts.Redact)
		series[a.Quadrant].Points = append(series[a.Quadrant].Points, report.Point{
			X: float64(a.Interest) + jitter(st.ID, 'x'), Y: float64(a.Power) + jitter(st.ID, 'y'), Label: name})
		tbl.Rows = append(tbl.Rows, []report.Cell{report.Text(name), report.Int(int64(a.Interest)), report.Int(int64(a.Power)),
			report.Text(a.Quadrant.Label(L)), report.Text(a.Salience.Label(L)), dateCell(a.Date)})
	}
	chart := report.Chart{ID: "mapa", Title: L.T("Mapa de partes interesadas: poder e interés", "Stakeholder map: power and interest"),
		Description: L.Tf("Cada punto es una parte interesada según su último análisis (escala 1 a 5; los puntos con iguales puntajes se separan un poco). Umbrales: poder %d, interés %d.",
			"Each point is a stakeholder by its latest assessment (1-5 scale; points with equal scores are spread a little). Thresholds: power %d, interest %d.",
			cfg.Analysis.PowerThreshold, cfg.Analysis.InterestThreshold),
		Kind: report.ChartScatter, XLabel: L.T("Interés", "Interest"), YLabel: L.T("Poder", "Power"), ValueKind: report.KindFloat,
		Range: &report.Range{Min: 0.5, Max: 5.5}, XRange: &report.Range{Min: 0.5, Max: 5.5},
		Quadrants: &report.Quadrants{X: float64(cfg.Analysis.InterestThreshold) - 0.5, Y: float64(cfg.Analysis.PowerThreshold) - 0.5,
			TopLeft: KeepSatisfied.Label(L), TopRight: ManageClosely.Label(L), BottomLeft: Monitor.Label(L), BottomRight: KeepInformed.Label(L)},
		Table: &tbl,
	}
	for _, q := range order {
		chart.Series = append(chart.Series, *series[q])
	}
	sec := report.Section{ID: "mapa-interesados", Title: L.T("Mapa de partes interesadas", "Stakeholder map"), Blocks: []report.Block{chart}}
	if unassessed > 0 {
		sec.Blocks = append(sec.Blocks, report.Note{Kind: report.NoteWarning, Title: L.T("Sin análisis", "Not assessed"),
			Text: L.Tf("%d partes interesadas no tienen análisis y no aparecen en el mapa.", "%d stakeholders have no assessment and are not on the map.", unassessed)})
	}
	return sec
}

func (r *reporter) engagementSection(sts []Stakeholder, eff Effectiveness) report.Section {
	L := r.L
	t := report.Table{ID: "compromiso", Caption: L.T("Estado del compromiso y brechas", "Engagement status and gaps"),
		Columns: []report.Column{{Name: L.T("Parte interesada", "Stakeholder")}, {Name: L.T("Tipo", "Type")}, {Name: L.T("Grupos", "Groups")},
			{Name: L.T("Cuadrante", "Quadrant")}, {Name: L.T("Prominencia", "Salience")}, {Name: L.T("Compromiso actual", "Current engagement")},
			{Name: L.T("Compromiso deseado", "Desired engagement")}, {Name: L.T("Brecha", "Gap"), Kind: report.KindInt},
			{Name: L.T("Punto único de contacto", "Single point of contact")}, {Name: L.T("Interacciones", "Interactions"), Kind: report.KindInt},
			{Name: L.T("Última interacción", "Last interaction"), Kind: report.KindDate}}}
	inter := map[string]int{}
	for _, m := range eff.ByStakeholder {
		inter[m.Stakeholder.ID] = m.Interactions
	}
	// Largest gaps first, then by name.
	sorted := append([]Stakeholder(nil), sts...)
	gap := func(s Stakeholder) int {
		if s.Latest == nil {
			return math.MinInt
		}
		return s.Latest.Gap
	}
	sort.SliceStable(sorted, func(i, j int) bool { return gap(sorted[i]) > gap(sorted[j]) })
	var warn report.List
	for _, st := range sorted {
		kind := L.T("organización", "organisation")
		if st.Type == Person {
			kind = L.T("persona", "person")
		}
		if st.Internal {
			kind += L.T(", interna", ", internal")
		} else {
			kind += L.T(", externa", ", external")
		}
		var gs []string
		for _, g := range st.Groups {
			gs = append(gs, r.groups[g])
		}
		row := []report.Cell{report.Text(st.DisplayName(r.opts.Redact)), report.Text(kind), report.Text(strings.Join(gs, ", "))}
		if a := st.Latest; a != nil {
			row = append(row, report.Text(a.Quadrant.Label(L)), report.Text(a.Salience.Label(L)), report.Text(a.Current.Label(L)),
				report.Text(a.Desired.Label(L)), report.Int(int64(a.Gap)))
		} else {
			row = append(row, report.Text(Unassessed.Label(L)), report.Empty(), report.Empty(), report.Empty(), report.Empty())
		}
		row = append(row, report.Text(r.person(st.ContactPoint)), report.Int(int64(inter[st.ID])), dateCell(r.last[st.ID]))
		t.Rows = append(t.Rows, row)
		if st.Latest != nil && st.Latest.Quadrant == ManageClosely {
			_, need := r.s.contactPointLevel(true)
			p := r.lookup(st.ContactPoint)
			switch {
			case st.ContactPoint == "":
				warn.Items = append(warn.Items, report.ListItem{Status: report.StatusBad, Text: L.Tf("%s es clave y no tiene punto único de contacto (nivel %d o más).",
					"%s is key and has no single point of contact (level %d or above).", st.DisplayName(r.opts.Redact), need)})
			case p == nil || p.Level < need:
				warn.Items = append(warn.Items, report.ListItem{Status: report.StatusBad, Text: L.Tf("%s es clave y su punto de contacto (%s) no tiene el nivel %d.",
					"%s is key and its contact point (%s) does not hold level %d.", st.DisplayName(r.opts.Redact), r.person(st.ContactPoint), need)})
			}
		}
	}
	// A table per stakeholder is detail: folded on the page, whole in the exports.
	sec := report.Section{ID: "compromiso-brechas", Title: L.T("Compromiso y brechas", "Engagement and gaps"), Blocks: []report.Block{t}, Folded: true}
	if len(warn.Items) > 0 {
		warn.Title = L.T("Partes interesadas clave sin responsable del nivel requerido", "Key stakeholders without an owner of the required level")
		sec.Blocks = append(sec.Blocks, warn)
	}
	return sec
}

func measureRow(name string, m Measure) []report.Cell {
	return []report.Cell{report.Text(name), report.Int(int64(m.Interactions)), report.Int(int64(m.Requests)), report.Int(int64(m.Responses)),
		pctCell(m.ResponseRate), report.Int(int64(m.Ratings)), numCell(m.Average, 2), numCell(m.Trend, 2),
		report.Int(int64(m.GapStart)), report.Int(int64(m.GapEnd)), pctCell(m.GapClosure)}
}

func (r *reporter) measureColumns(first string) []report.Column {
	L := r.L
	return []report.Column{{Name: first}, {Name: L.T("Interacciones", "Interactions"), Kind: report.KindInt},
		{Name: L.T("Solicitudes", "Requests"), Kind: report.KindInt}, {Name: L.T("Respuestas", "Responses"), Kind: report.KindInt},
		{Name: L.T("Tasa de respuesta", "Response rate"), Kind: report.KindPercent}, {Name: L.T("Calificaciones", "Ratings"), Kind: report.KindInt},
		{Name: L.T("Promedio", "Average"), Kind: report.KindFloat}, {Name: L.T("Tendencia por mes", "Trend a month"), Kind: report.KindFloat},
		{Name: L.T("Brecha inicial", "Gap at start"), Kind: report.KindInt}, {Name: L.T("Brecha final", "Gap at end"), Kind: report.KindInt},
		{Name: L.T("Cierre de brechas", "Gap closure"), Kind: report.KindPercent}}
}

func (r *reporter) effectivenessSection(eff Effectiveness) (report.Section, report.Section) {
	L := r.L
	groups := report.Table{ID: "efectividad-grupos", Caption: L.T("Efectividad por grupo (incluye grupos anidados)", "Effectiveness by group (nested groups included)"),
		Columns: r.measureColumns(L.T("Grupo", "Group"))}
	groups.Rows = append(groups.Rows, measureRow(L.T("Todas", "All"), eff.Overall))
	for _, g := range eff.ByGroup {
		groups.Rows = append(groups.Rows, measureRow(g.Group.Name, g.Measure))
	}
	per := report.Table{ID: "efectividad-interesados", Caption: L.T("Efectividad por parte interesada", "Effectiveness by stakeholder"),
		Columns: r.measureColumns(L.T("Parte interesada", "Stakeholder"))}
	for _, m := range eff.ByStakeholder {
		per.Rows = append(per.Rows, measureRow(m.Stakeholder.DisplayName(r.opts.Redact), m.Measure))
	}
	// The chart first, then the tables.
	sec := report.Section{ID: "efectividad", Title: L.Tf("Efectividad del %s al %s", "Effectiveness from %s to %s", eff.From, eff.To)}
	if len(eff.Monthly) > 0 {
		c := report.Chart{ID: "calificacion-mensual", Title: L.T("Calificación promedio por mes", "Average rating by month"), Kind: report.ChartLine,
			YLabel: L.T("Calificación (1-5)", "Rating (1-5)"), ValueKind: report.KindFloat, Range: &report.Range{Min: 1, Max: 5}}
		s := report.Series{Name: L.T("Promedio", "Average")}
		for _, m := range eff.Monthly {
			c.Labels = append(c.Labels, m.Month)
			s.Values = append(s.Values, m.Average)
		}
		c.Series = []report.Series{s}
		c.Table = report.DataTable(c, L)
		sec.Blocks = append(sec.Blocks, c)
	}
	sec.Blocks = append(sec.Blocks, groups)
	// A row per stakeholder is detail: folded on the page, whole in the
	// exports.
	return sec, report.Section{ID: "efectividad-por-interesado", Title: L.T("Efectividad por parte interesada", "Effectiveness by stakeholder"),
		Blocks: []report.Block{per}, Folded: true}
}

// badIf is a key figure's status: bad when bad holds, else good.
func badIf(bad bool) report.Status {
	if bad {
		return report.StatusBad
	}
	return report.StatusGood
}
