package stakeholder

import (
	"context"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// GovernanceSlug is the slug of the governance page Reports adds.
const GovernanceSlug = Kind + "-gobernanza"

// govRows is how many rows of each governance table the HTML page shows
// before folding the rest, so that the page stays short.
const govRows = 6

// governancePage is the governance page of the period (seed
// 000_f7cf2e5b8754cfa1.txt, levels 6 and 7): the approach (version,
// status, who approved and who agreed), the monitoring reviews of the
// periods that ended in the report's period (and those missing), the
// improvement actions (open, done, overdue) and the most important
// stakeholders with the business days since their owner's last
// interaction. Everything as of period.To.
func (s *Process) governancePage(ctx context.Context, period process.Period) (report.Page, error) {
	L := period.Lang
	if L == "" {
		L = relaciona.Spanish
	}
	at := period.To
	r := &reporter{ctx: ctx, s: s, L: L, opts: ReportOptions{At: at, From: period.From, To: period.To, Lang: L, Redact: period.Redact}, people: map[string]*relaciona.Person{}}
	sts, err := s.Stakeholders(ctx)
	if err != nil {
		return report.Page{}, err
	}
	r.names = map[string]string{}
	for _, st := range sts {
		r.names[st.ID] = st.DisplayName(period.Redact)
	}
	approaches, err := s.Approaches(ctx)
	if err != nil {
		return report.Page{}, err
	}
	reviews, err := s.MonitoringReviews(ctx, calendar.Date{Year: period.From.Year - 1, Month: 1, Day: 1}, at)
	if err != nil {
		return report.Page{}, err
	}
	imps, err := s.Improvements(ctx)
	if err != nil {
		return report.Page{}, err
	}
	mis, err := s.MostImportantStakeholders(ctx, at)
	if err != nil {
		return report.Page{}, err
	}

	title := L.T("Gobernanza de las relaciones", "Relationship governance")
	if s.cfg.Name != "" {
		title += " — " + s.cfg.Name
	}
	doc := report.Document{Title: title, Lang: L, Generated: dayTime(at),
		Subtitle: L.Tf("Situación al %s · periodo %s a %s · SFIA RLMT, niveles 6 y 7", "Status on %s · period %s to %s · SFIA RLMT, levels 6 and 7", at, period.From, period.To)}

	// The approach in force on At.
	var cur *Approach
	for i := range approaches {
		a := &approaches[i]
		if !a.Approved.IsZero() && !a.Approved.After(at) && (cur == nil || a.Version > cur.Version) {
			cur = a
		}
	}
	// The monitoring periods that ended within the report's period, from
	// the first approval.
	byPeriod := map[string]MonitoringReview{}
	for _, rv := range reviews {
		byPeriod[rv.Period] = rv
	}
	first, err := s.firstApproved(ctx)
	if err != nil {
		return report.Page{}, err
	}
	var slots []govSlot
	if !first.IsZero() {
		start := first
		if start.Before(period.From) {
			start = period.From
		}
		for d := start; ; {
			id, from, to := s.cfg.monitoringPeriod(d)
			if to.After(at) {
				if _, ok := byPeriod[id]; ok { // reviewed before its end
					slots = append(slots, govSlot{id, from, to})
				}
				break
			}
			slots = append(slots, govSlot{id, from, to})
			d = to.AddDays(1)
		}
	}
	missing := 0
	for _, sl := range slots {
		if _, ok := byPeriod[sl.id]; !ok {
			missing++
		}
	}
	open, done, overdue := 0, 0, 0
	for _, a := range imps {
		switch {
		case a.Status == ImprovementDone && !a.Done.After(at):
			done++
		case a.Overdue(at):
			overdue++
			open++
		default:
			open++
		}
	}
	lapsed := 0
	for _, m := range mis {
		if m.Lapsed {
			lapsed++
		}
	}
	approachFig := report.KeyFigure{Label: L.T("Enfoque aprobado", "Approved approach"), Value: report.Text(L.T("ninguno", "none")), Status: report.StatusBad}
	if cur != nil {
		approachFig = report.KeyFigure{Label: L.T("Enfoque aprobado", "Approved approach"), Value: report.Text(L.Tf("versión %d", "version %d", cur.Version)),
			Note: L.Tf("aprobado por %s el %s", "approved by %s on %s", r.person(cur.ApprovedBy), cur.Approved), Status: report.StatusGood}
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "gobernanza-resumen", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{report.KeyFigures{Items: []report.KeyFigure{
		approachFig,
		{Label: L.T("Revisiones del monitoreo", "Monitoring reviews"), Value: report.Int(int64(len(slots) - missing)), Note: L.Tf("de %d periodos; %d sin revisión", "of %d periods; %d not reviewed", len(slots), missing), Status: badIf(missing > 0)},
		{Label: L.T("Acciones de mejora abiertas", "Open improvement actions"), Value: report.Int(int64(open)), Note: L.Tf("%d vencidas; %d cumplidas", "%d overdue; %d done", overdue, done), Status: badIf(overdue > 0)},
		{Label: L.T("Interesados más importantes", "Most important stakeholders"), Value: report.Int(int64(len(mis))), Note: L.Tf("%d sin interacción del responsable a tiempo", "%d without the owner's interaction in time", lapsed), Status: badIf(lapsed > 0)},
	}}, governanceChart(govDuties{reviewed: len(slots) - missing, missing: missing, done: done, open: open - overdue, overdue: overdue,
		inTime: len(mis) - lapsed, lapsed: lapsed}, L)}})
	doc.Sections = append(doc.Sections, r.approachSection(approaches, cur))
	doc.Sections = append(doc.Sections, r.reviewSection(slots, byPeriod))
	doc.Sections = append(doc.Sections, r.improvementSection(imps, at))
	doc.Sections = append(doc.Sections, r.mostImportantSection(mis, at))
	return report.Page{Slug: GovernanceSlug, NavTitle: L.T("Gobernanza RLMT", "RLMT governance"), Doc: doc, Headline: report.NoHeadline}, nil
}

// govSlot is a monitoring period on the governance page.
type govSlot struct {
	id       string
	from, to calendar.Date
}

// peopleNames is the names of the people ids, comma-separated.
func (r *reporter) peopleNames(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = r.person(id)
	}
	return strings.Join(out, ", ")
}

// approachSection lists the versions of the approach, newest first, and
// the principles of the one in force.
func (r *reporter) approachSection(as []Approach, cur *Approach) report.Section {
	L := r.L
	sec := report.Section{ID: "enfoque", Title: L.T("Enfoque de gestión de relaciones", "Relationship management approach")}
	if len(as) == 0 {
		sec.Blocks = append(sec.Blocks, report.Note{Kind: report.NoteWarning, Title: L.T("Sin enfoque", "No approach"),
			Text: L.T("No se ha propuesto ningún enfoque: el nivel 6 lo propone y el nivel 7 lo aprueba.", "No approach has been proposed: level 6 proposes it and level 7 approves it.")})
		return sec
	}
	if cur != nil {
		sec.Blocks = append(sec.Blocks, report.Paragraph{Text: L.Tf("Visión: %s. Responsable de la relación entre TI y los usuarios finales: %s. Principios: %s.",
			"Vision: %s. Responsible for the relationship between IT and the end users: %s. Principles: %s.",
			strings.TrimRight(cur.Vision, "."), r.person(cur.ITRelationship), strings.Join(cur.Principles, "; "))})
	}
	tbl := report.Table{ID: "enfoque-versiones", Caption: L.T("Versiones del enfoque", "Versions of the approach"), PageRows: govRows,
		Columns: []report.Column{{Name: L.T("Versión", "Version"), Kind: report.KindInt}, {Name: L.T("Estado", "Status")},
			{Name: L.T("Propuesto por", "Proposed by")}, {Name: L.T("Propuesto", "Proposed"), Kind: report.KindDate},
			{Name: L.T("Aprobado por", "Approved by")}, {Name: L.T("Aprobado", "Approved"), Kind: report.KindDate},
			{Name: L.T("Acordado por", "Agreed by")}, {Name: L.T("Responsable TI-usuarios", "IT-users owner")}}}
	for i := len(as) - 1; i >= 0; i-- {
		a := as[i]
		tbl.Rows = append(tbl.Rows, []report.Cell{report.Int(int64(a.Version)), report.Text(a.Status.Label(L)), report.Text(r.person(a.ProposedBy)), dateCell(a.Proposed),
			report.Text(r.person(a.ApprovedBy)), dateCell(a.Approved), report.Text(r.peopleNames(a.AgreedBy)), report.Text(r.person(a.ITRelationship))})
	}
	sec.Blocks = append(sec.Blocks, tbl)
	return sec
}

// reviewSection shows each monitoring period with its review's figures
// and conclusions, or as missing.
func (r *reporter) reviewSection(slots []govSlot, by map[string]MonitoringReview) report.Section {
	L := r.L
	sec := report.Section{ID: "revisiones-monitoreo", Title: L.T("Revisiones del monitoreo (nivel 6)", "Monitoring reviews (level 6)")}
	if len(slots) == 0 {
		sec.Blocks = append(sec.Blocks, report.Note{Title: L.T("Sin periodos", "No period"),
			Text: L.T("Ningún periodo de monitoreo terminó en el periodo con un enfoque aprobado.", "No monitoring period ended in the period with an approved approach.")})
		return sec
	}
	tbl := report.Table{ID: "revisiones", Caption: L.T("Revisión de cada periodo de monitoreo", "Review of each monitoring period"), PageRows: govRows,
		Columns: []report.Column{{Name: L.T("Periodo", "Period")}, {Name: L.T("Revisado por", "Reviewed by")}, {Name: L.T("Fecha", "Date"), Kind: report.KindDate},
			{Name: L.T("Tasa de respuesta", "Response rate"), Kind: report.KindPercent}, {Name: L.T("Calificación promedio", "Average rating"), Kind: report.KindFloat},
			{Name: L.T("Lecciones (difundidas)", "Lessons (spread)")}, {Name: L.T("Asuntos resueltos", "Issues resolved"), Kind: report.KindInt},
			{Name: L.T("Conclusiones", "Conclusions")}}}
	for _, sl := range slots {
		rv, ok := by[sl.id]
		if !ok {
			tbl.Rows = append(tbl.Rows, []report.Cell{report.Text(sl.id), report.Text(L.T("sin revisión", "not reviewed"))})
			continue
		}
		f := rv.Figures
		tbl.Rows = append(tbl.Rows, []report.Cell{report.Text(sl.id), report.Text(r.person(rv.Reviewer)), dateCell(rv.Date), report.Percent(f.ResponseRate),
			report.FloatN(f.AverageRating, 2), report.Text(L.Tf("%d (%d)", "%d (%d)", f.Lessons, f.LessonsSpread)), report.Int(int64(f.IssuesResolved)), report.Text(clip(rv.Conclusions))})
	}
	sec.Blocks = append(sec.Blocks, tbl)
	return sec
}

// improvementSection lists the improvement actions: overdue first, then
// open by due date, then done.
func (r *reporter) improvementSection(imps []ImprovementAction, at calendar.Date) report.Section {
	L := r.L
	sec := report.Section{ID: "acciones-mejora", Title: L.T("Acciones de mejora de las relaciones (nivel 6)", "Relationship improvement actions (level 6)")}
	if len(imps) == 0 {
		sec.Blocks = append(sec.Blocks, report.Note{Title: L.T("Sin acciones", "No action"), Text: L.T("No se ha dirigido ninguna acción de mejora.", "No improvement action has been directed.")})
		return sec
	}
	tbl := report.Table{ID: "mejoras", Caption: L.T("Acciones de mejora entre partes interesadas", "Improvement actions between stakeholders"), PageRows: govRows,
		Columns: []report.Column{{Name: L.T("Acción", "Action")}, {Name: L.T("Partes interesadas", "Stakeholders")}, {Name: L.T("Responsable", "Owner")},
			{Name: L.T("Vence", "Due"), Kind: report.KindDate}, {Name: L.T("Estado", "Status")}, {Name: L.T("Cumplida", "Done"), Kind: report.KindDate}}}
	return lateFirst(sec, tbl, imps, func(a ImprovementAction) ([]report.Cell, bool) {
		st := L.T("abierta", "open")
		switch {
		case a.Status == ImprovementDone:
			st = L.T("cumplida", "done")
		case a.Overdue(at):
			st = L.T("vencida", "overdue")
		}
		names := make([]string, len(a.Stakeholders))
		for i, id := range a.Stakeholders {
			names[i] = r.stakeholderName(id)
		}
		return []report.Cell{report.Text(a.ID + ": " + clip(a.Action)), report.Text(strings.Join(names, ", ")), report.Text(r.person(a.Owner)), dateCell(a.Due), report.Text(st), dateCell(a.Done)},
			a.Overdue(at)
	})
}

// mostImportantSection lists the most important stakeholders, lapsed
// first, with the business days since the owner's last interaction.
func (r *reporter) mostImportantSection(mis []MostImportantStatus, at calendar.Date) report.Section {
	L := r.L
	sec := report.Section{ID: "mas-importantes", Title: L.T("Interesados más importantes (nivel 7)", "Most important stakeholders (level 7)")}
	if len(mis) == 0 {
		sec.Blocks = append(sec.Blocks, report.Note{Title: L.T("Sin designar", "None designated"), Text: L.T("El nivel 7 no ha designado interesados más importantes.", "Level 7 has designated no most important stakeholder.")})
		return sec
	}
	tbl := report.Table{ID: "mas-importantes-datos", Caption: L.Tf("Interacción del responsable (máximo %d días hábiles)", "Owner's interaction (at most %d business days)", r.s.cfg.Governance.MostImportantMaxDays), PageRows: govRows,
		Columns: []report.Column{{Name: L.T("Parte interesada", "Stakeholder")}, {Name: L.T("Responsable", "Owner")},
			{Name: L.T("Última interacción del responsable", "Owner's last interaction"), Kind: report.KindDate},
			{Name: L.T("Días hábiles desde entonces", "Business days since"), Kind: report.KindInt},
			{Name: L.T("Próxima a más tardar", "Next due by"), Kind: report.KindDate}, {Name: L.T("Estado", "Status")}}}
	return lateFirst(sec, tbl, mis, func(m MostImportantStatus) ([]report.Cell, bool) {
		since := m.LastOwnerInteraction
		if since.IsZero() {
			since = m.Since
		}
		days, err := r.s.cal.BusinessDaysBetween(since, at)
		daysCell := report.Int(int64(days))
		if err != nil {
			daysCell = report.Empty()
		}
		st := L.T("al día", "on time")
		if m.Lapsed {
			st = L.T("sin interacción a tiempo", "lapsed")
		}
		return []report.Cell{report.Text(r.stakeholderName(m.Stakeholder)), report.Text(r.person(m.Owner)), dateCell(m.LastOwnerInteraction), daysCell, dateCell(m.DueBy), report.Text(st)},
			m.Lapsed
	})
}

// lateFirst adds tbl to sec with one row per item, as row makes it: the
// rows row marks late first, then the others, each part in the items'
// order.
func lateFirst[T any](sec report.Section, tbl report.Table, items []T, row func(T) (cells []report.Cell, late bool)) report.Section {
	var late, rest [][]report.Cell
	for _, it := range items {
		if cells, isLate := row(it); isLate {
			late = append(late, cells)
		} else {
			rest = append(rest, cells)
		}
	}
	tbl.Rows = append(late, rest...)
	sec.Blocks = append(sec.Blocks, tbl)
	return sec
}

// govDuties counts the governance duties of the page's summary.
type govDuties struct {
	reviewed, missing   int // monitoring periods
	done, open, overdue int // improvement actions
	inTime, lapsed      int // most important stakeholders
}

// governanceChart shows each level-6 and level-7 duty as done, waiting
// within its term, or late: monitoring periods reviewed or not,
// improvement actions done, open or overdue, most important stakeholders
// with the owner's interaction in time or lapsed.
func governanceChart(d govDuties, L relaciona.Lang) report.Chart {
	c := report.Chart{ID: "gobernanza-grafico", Kind: report.ChartStacked, ValueKind: report.KindInt,
		Title: L.T("Deberes de gobernanza: al día, en plazo y atrasados", "Governance duties: done, within term and late"),
		Labels: []string{L.T("Periodos de monitoreo", "Monitoring periods"), L.T("Acciones de mejora", "Improvement actions"),
			L.T("Interesados más importantes", "Most important stakeholders")}}
	c.Series = []report.Series{
		{Name: L.T("Al día", "Done"), Values: []float64{float64(d.reviewed), float64(d.done), float64(d.inTime)}},
		{Name: L.T("En plazo", "Within term"), Values: []float64{0, float64(d.open), 0}},
		{Name: L.T("Atrasados", "Late"), Values: []float64{float64(d.missing), float64(d.overdue), float64(d.lapsed)}},
	}
	c.Table = report.DataTable(c, L)
	return c
}
