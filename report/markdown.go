package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Markdown writes doc as CommonMark with GitHub pipe tables: headings for
// the title and sections, cards as a list, every chart as its title and its
// data table. User text is escaped so it cannot add links, HTML or
// formatting.
func Markdown(w io.Writer, doc Document) error {
	p, err := prepare(&doc)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	m := &mdWriter{w: bw, p: p}
	m.doc()
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: write Markdown: %w", err)
	}
	return nil
}

type mdWriter struct {
	w *bufio.Writer
	p *prepared
}

func (m *mdWriter) s(parts ...string) {
	for _, p := range parts {
		_, _ = m.w.WriteString(p)
	}
}

var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `|`, `\|`, `~`, `\~`, `#`, `\#`,
	`<`, `&lt;`, `>`, `&gt;`, `&`, `&amp;`, "\t", " ",
)

// mdInline escapes s for use after other text on a line (a heading mark,
// a list bullet, a table pipe): newlines become spaces.
func mdInline(s string) string {
	s = strings.ReplaceAll(clean(s), "\n", " ")
	return strings.TrimSpace(mdReplacer.Replace(s))
}

// mdLineStart escapes what would start a block at the head of a line: a
// heading, a list item, a quote or a thematic break.
func mdLineStart(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '+', '-', '=', '!':
		return `\` + s
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + `\` + s[i:]
	}
	return s
}

// mdPara escapes running text, keeping its line breaks as hard breaks.
func mdPara(s string) string {
	lines := strings.Split(clean(s), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = mdLineStart(mdInline(l)); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\\\n")
}

func (m *mdWriter) doc() {
	d := m.p.doc
	L := m.p.lang
	m.s("# ", mdInline(docTitle(d)), "\n\n")
	if d.Subtitle != "" {
		m.s("*", mdInline(d.Subtitle), "*\n\n")
	}
	if !d.Generated.IsZero() {
		m.s(L.T("Datos al", "Data as of"), " ", d.Generated.Format("2006-01-02 15:04 MST"), "\n\n")
	}
	for _, s := range m.p.sections {
		if s.title != "" {
			m.s("## ", mdInline(s.title), "\n\n")
		}
		for _, b := range s.blocks {
			m.block(b)
		}
	}
}

func (m *mdWriter) block(b prepBlock) {
	L := m.p.lang
	switch {
	case b.para != nil:
		if t := mdPara(b.para.Text); t != "" {
			m.s(t, "\n\n")
		}
	case b.kf != nil:
		for _, k := range b.kf.Items {
			m.s("- **", mdInline(k.Label), "**: ", mdInline(k.Value.Format(L)))
			if sym, word := statusText(k.Status, L); word != "" {
				m.s(" (", sym, " ", word, ")")
			}
			if k.Note != "" {
				m.s(" — ", mdInline(k.Note))
			}
			m.s("\n")
		}
		if len(b.kf.Items) > 0 {
			m.s("\n")
		}
	case b.table != nil:
		m.table(b.table.t)
	case b.chart != nil:
		c := b.chart.c
		title := c.Title
		if title == "" {
			title = L.T("Gráfico", "Chart")
		}
		m.s("**", L.T("Gráfico", "Chart"), ": ", mdInline(title), "**")
		if c.Description != "" {
			m.s(" — ", mdInline(c.Description))
		}
		m.s("\n\n")
		m.table(b.chart.table.t)
	case b.list != nil:
		if len(b.list.Items) == 0 {
			return
		}
		if b.list.Title != "" {
			m.s("**", mdInline(b.list.Title), "**\n\n")
		}
		for i, it := range b.list.Items {
			if b.list.Ordered {
				m.s(fmt.Sprintf("%d. ", i+1))
			} else {
				m.s("- ")
			}
			if sym, word := statusText(it.Status, L); word != "" {
				m.s(sym, " ", word, ": ")
			}
			m.s(mdInline(it.Text), "\n")
		}
		m.s("\n")
	case b.note != nil:
		title := b.note.Title
		if title == "" {
			title = L.T("Nota", "Note")
			if b.note.Kind == NoteWarning {
				title = L.T("Atención", "Warning")
			}
		}
		m.s("> **", mdInline(title), ":** ", strings.ReplaceAll(mdPara(b.note.Text), "\\\n", "\\\n> "), "\n\n")
	}
}

// mdCell escapes a table cell; an empty cell would shift nothing in a pipe
// table but reads better as a space.
func mdCell(s string) string {
	if s = mdInline(s); s == "" {
		return " "
	}
	return s
}

func (m *mdWriter) table(t *Table) {
	L := m.p.lang
	if t.Caption != "" {
		m.s("*", mdInline(t.Caption), "*\n\n")
	}
	m.s("|")
	for _, c := range t.Columns {
		m.s(" ", mdCell(c.Name), " |")
	}
	m.s("\n|")
	for _, c := range t.Columns {
		switch c.align() {
		case AlignRight:
			m.s(" ---: |")
		case AlignCenter:
			m.s(" :---: |")
		default:
			m.s(" --- |")
		}
	}
	m.s("\n")
	row := func(row []Cell) {
		m.s("|")
		for i := range t.Columns {
			m.s(" ", mdCell(cell(row, i).Format(L)), " |")
		}
		m.s("\n")
	}
	for _, r := range t.Rows {
		row(r)
	}
	if len(t.Rows) == 0 {
		m.s("|", " ", L.T("Sin datos", "No data"), " |", strings.Repeat("   |", len(t.Columns)-1), "\n")
	}
	if t.Total != nil {
		row(t.Total)
	}
	m.s("\n")
}
