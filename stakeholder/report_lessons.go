package stakeholder

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
)

// noCause is the key of the issues resolved without a root cause (before
// the catalogue existed).
const noCause = ""

// causeCounts are the issues resolved in the report's period by root cause
// and the lessons they taught.
type causeCounts struct {
	resolved int
	issues   map[string]int // by root cause id (noCause: none recorded)
	lessons  map[string]int
}

// count adds issue i, resolved in the period, to c.
func (c *causeCounts) count(i Issue) {
	if c.issues == nil {
		c.issues, c.lessons = map[string]int{}, map[string]int{}
	}
	c.resolved++
	c.issues[i.RootCause]++
	c.lessons[i.RootCause] += len(i.LessonIDs)
}

// causeLabel is the catalogue's name of cause id in the report's language.
func (r *reporter) causeLabel(id string) string {
	if id == noCause {
		return r.L.T("Sin causa registrada", "No cause recorded")
	}
	if rc, ok := r.s.cfg.RootCause(id); ok {
		return rc.Label(r.L)
	}
	return id
}

// causeRank is the causes with issues, most issues first, then in the
// catalogue's order.
func (r *reporter) causeRank(c causeCounts) []string {
	order := map[string]int{}
	for n, rc := range r.s.cfg.RootCauses {
		order[rc.ID] = n
	}
	var ids []string
	for id := range c.issues {
		ids = append(ids, id)
	}
	pos := func(id string) int {
		if n, ok := order[id]; ok {
			return n
		}
		return len(order) // unknown and unrecorded causes last
	}
	slices.SortFunc(ids, func(a, b string) int {
		if d := cmp.Compare(c.issues[b], c.issues[a]); d != 0 {
			return d
		}
		if d := cmp.Compare(pos(a), pos(b)); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return ids
}

// rootCauseSection shows the issues resolved in the period by root cause:
// a bar chart whose data table (folded on the page, whole in the exports)
// gives each cause, the broader cause above it, its issues, their share
// and the lessons they taught.
func (r *reporter) rootCauseSection(c causeCounts) report.Section {
	L := r.L
	sec := report.Section{ID: "causas-raiz", Title: L.T("Asuntos resueltos por causa raíz", "Issues resolved by root cause")}
	if c.resolved == 0 {
		sec.Blocks = append(sec.Blocks, report.Note{Title: L.T("Sin asuntos resueltos", "No issue resolved"),
			Text: L.Tf("No se resolvió ningún asunto del %s al %s.", "No issue was resolved from %s to %s.", r.opts.From, r.periodEnd())})
		return sec
	}
	tbl := report.Table{ID: "causas-raiz-datos", Caption: L.Tf("Asuntos resueltos del %s al %s por causa raíz", "Issues resolved from %s to %s by root cause", r.opts.From, r.periodEnd()),
		Columns: []report.Column{{Name: L.T("Causa raíz", "Root cause")}, {Name: L.T("Causa general", "Broader cause")},
			{Name: L.T("Asuntos", "Issues"), Kind: report.KindInt}, {Name: L.T("Porcentaje", "Share"), Kind: report.KindPercent},
			{Name: L.T("Lecciones aprendidas", "Lessons learned"), Kind: report.KindInt}}, PageRows: -1}
	chart := report.Chart{ID: "grafico-causas-raiz", Title: L.T("Asuntos resueltos por causa raíz", "Issues resolved by root cause"),
		Description: L.T("Asuntos resueltos en el periodo, por la causa raíz del catálogo con que se cerraron.",
			"Issues resolved in the period, by the catalogue's root cause they were closed with."),
		Kind: report.ChartHBar, XLabel: L.T("Asuntos", "Issues"), ValueKind: report.KindInt}
	s := report.Series{Name: L.T("Asuntos", "Issues")}
	lessons := 0
	for _, id := range r.causeRank(c) {
		parent := ""
		if rc, ok := r.s.cfg.RootCause(id); ok && rc.Parent != "" {
			parent = r.causeLabel(rc.Parent)
		}
		n := c.issues[id]
		lessons += c.lessons[id]
		tbl.Rows = append(tbl.Rows, []report.Cell{report.Text(r.causeLabel(id)), report.Text(parent), report.Int(int64(n)),
			report.Percent(float64(n) / float64(c.resolved)), report.Int(int64(c.lessons[id]))})
		chart.Labels = append(chart.Labels, r.causeLabel(id))
		s.Values = append(s.Values, float64(n))
	}
	tbl.Total = []report.Cell{report.Text(L.T("Total", "Total")), report.Empty(), report.Int(int64(c.resolved)), report.Percent(1), report.Int(int64(lessons))}
	chart.Series = []report.Series{s}
	chart.Table = &tbl
	sec.Blocks = append(sec.Blocks, chart)
	return sec
}

// periodEnd is the last day of the period the report counts resolutions
// and lessons in: To, or At when earlier.
func (r *reporter) periodEnd() calendar.Date {
	if r.opts.At.Before(r.opts.To) {
		return r.opts.At
	}
	return r.opts.To
}

// inPeriod reports whether d falls in the report's period.
func (r *reporter) inPeriod(d calendar.Date) bool {
	return !d.IsZero() && !d.Before(r.opts.From) && !d.After(r.periodEnd())
}

// lessonResult is the lessons learned in the period and their section.
type lessonResult struct {
	section report.Section
	learned int
	spread  int // learned in the period and spread by the end of it
}

// redacted stands for a personal datum left out of a redacted report.
func (r *reporter) redacted() string {
	return r.L.T("[dato personal omitido]", "[personal data left out]")
}

// audience names who a lesson was spread to: a group by its name, a
// stakeholder by its display name, a person of the directory by name (by
// id when redacting); anything else is a name the spreader wrote, left
// out when redacting.
func (r *reporter) audience(to string) string {
	if g, ok := r.groups[to]; ok {
		return g
	}
	if n, ok := r.names[to]; ok {
		return n
	}
	if p := r.lookup(to); p != nil {
		return r.person(to)
	}
	if r.opts.Redact {
		return r.redacted()
	}
	return to
}

// lessonsSection lists the lessons the process learned in the period
// (learned from From to the period's end), the most recent first: the
// lesson, its issue and root cause, topics, groups and to whom and when it
// was spread by the period's end. The table is folded past its first rows
// on the page and whole in the exports; a redacted report leaves out the
// lesson's text and the names of the people it was spread to (the
// register marks both personal).
func (r *reporter) lessonsSection(ctx context.Context) (lessonResult, error) {
	L := r.L
	var res lessonResult
	end := dayTime(r.periodEnd().AddDays(1))
	var ls []relaciona.Lesson
	for l, err := range r.s.SearchLessons(ctx, relaciona.LessonQuery{}) {
		if err != nil {
			return res, err
		}
		if !r.inPeriod(calendar.DateOf(l.Learned)) {
			continue
		}
		ls = append(ls, l)
	}
	slices.SortStableFunc(ls, func(a, b relaciona.Lesson) int {
		if d := b.Learned.Compare(a.Learned); d != 0 {
			return d
		}
		return strings.Compare(a.ID, b.ID)
	})
	tbl := report.Table{ID: "lecciones", Caption: L.Tf("Lecciones aprendidas del %s al %s", "Lessons learned from %s to %s", r.opts.From, r.periodEnd()),
		Columns: []report.Column{{Name: "ID"}, {Name: L.T("Lección", "Lesson")}, {Name: L.T("Causa raíz", "Root cause")}, {Name: L.T("Temas", "Topics")},
			{Name: L.T("Grupos", "Groups")}, {Name: L.T("Aprendida", "Learned"), Kind: report.KindDate}, {Name: L.T("Difundida a", "Spread to")},
			{Name: L.T("Difusión", "Spread on"), Kind: report.KindDate}}, PageRows: pageRows}
	for _, l := range ls {
		res.learned++
		var to []string
		var first calendar.Date
		for _, sp := range l.Spreads {
			if !sp.At.Before(end) {
				continue
			}
			if first.IsZero() {
				first = calendar.DateOf(sp.At)
			}
			for _, t := range sp.To {
				if a := r.audience(t); !slices.Contains(to, a) {
					to = append(to, a)
				}
			}
		}
		if !first.IsZero() {
			res.spread++
		}
		var gs []string
		for _, g := range l.Groups {
			gs = append(gs, cmp.Or(r.groups[g], g))
		}
		text := l.Text
		if r.opts.Redact {
			text = r.redacted()
		}
		tbl.Rows = append(tbl.Rows, []report.Cell{report.Text(l.ID), report.Text(text), report.Text(r.causeLabel(l.RootCause)),
			report.Text(strings.Join(l.Topics, ", ")), report.Text(strings.Join(gs, ", ")), dateCell(calendar.DateOf(l.Learned)),
			report.Text(strings.Join(to, ", ")), dateCell(first)})
	}
	sec := report.Section{ID: "lecciones-aprendidas", Title: L.T("Lecciones aprendidas", "Lessons learned")}
	if res.learned == 0 {
		sec.Blocks = append(sec.Blocks, report.Note{Title: L.T("Sin lecciones", "No lessons"),
			Text: L.Tf("No se registraron lecciones aprendidas del %s al %s.", "No lesson learned was recorded from %s to %s.", r.opts.From, r.periodEnd())})
	} else {
		sec.Blocks = append(sec.Blocks, report.Paragraph{Text: L.Tf("%d lecciones aprendidas en el periodo; %d difundidas, %d sin difundir. El registro completo se busca por tema, grupo y proceso.",
			"%d lessons learned in the period; %d spread, %d not spread. The whole register is searched by topic, group and process.",
			res.learned, res.spread, res.learned-res.spread)}, tbl)
	}
	res.section = sec
	return res, nil
}

// spreadStatus grades the lessons' spreading: good when every lesson
// learned was spread, a warning otherwise.
func spreadStatus(lr lessonResult) report.Status {
	switch {
	case lr.learned == 0:
		return report.StatusNone
	case lr.spread < lr.learned:
		return report.StatusWarn
	}
	return report.StatusGood
}

// topCauseNote names the root cause of most issues resolved in the period.
func (r *reporter) topCauseNote(c causeCounts) string {
	if c.resolved == 0 {
		return ""
	}
	top := r.causeRank(c)[0]
	return r.L.Tf("causa principal: %s (%d)", "main cause: %s (%d)", r.causeLabel(top), c.issues[top])
}
