package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
)

// HTML writes doc as one self-contained page: inline CSS and SVG, no
// script, no external resource. The page is responsive down to a phone's
// width and prints cleanly; every chart is a <figure> with its caption and
// its data table in a <details>. All text is escaped.
//
// HTML returns an error wrapping relaciona.ErrInvalid when the document is
// malformed (a chart without a table, a row wider than its table, two
// blocks with the same ID) and the writer's error when writing fails.
func HTML(w io.Writer, doc Document) error {
	return writePage(w, &doc, nil, "", nil)
}

// navLink is one entry of a site's navigation bar.
type navLink struct {
	href, title string
}

// writePage writes one page; links gives the charts (by pointer) whose
// caption links to another page: the headlines on a site's index.
func writePage(w io.Writer, doc *Document, nav []navLink, current string, links map[*Chart]navLink) error {
	p, err := prepare(doc)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	h := &htmlWriter{w: bw, L: p.lang, links: links}
	h.page(p, nav, current)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: write HTML: %w", err)
	}
	return nil
}

// htmlWriter writes to a bufio.Writer, which keeps the first error and
// reports it on Flush.
type htmlWriter struct {
	w     *bufio.Writer
	L     relaciona.Lang
	links map[*Chart]navLink
}

func (h *htmlWriter) s(parts ...string) {
	for _, p := range parts {
		_, _ = h.w.WriteString(p)
	}
}

func docTitle(d *Document) string {
	if d.Title != "" {
		return d.Title
	}
	return normLang(d.Lang).T("Informe", "Report")
}

func (h *htmlWriter) page(p *prepared, nav []navLink, current string) {
	L := h.L
	d := p.doc
	h.s(`<!DOCTYPE html>`, "\n", `<html lang="`, string(L), `">`, "\n<head>\n",
		`<meta charset="utf-8">`, "\n",
		`<meta name="viewport" content="width=device-width, initial-scale=1">`, "\n",
		`<meta name="generator" content="relaciona `, esc(relaciona.Version), `">`, "\n",
		`<title>`, esc(docTitle(d)), `</title>`, "\n",
		`<style>`, pageCSS, `</style>`, "\n</head>\n<body>\n",
		`<a class="skip" href="#main">`, L.T("Saltar al contenido", "Skip to content"), `</a>`, "\n")
	if len(nav) > 0 {
		h.s(`<nav class="site-nav" id="site-nav" aria-label="`, L.T("Informes", "Reports"), `"><ul>`)
		for _, l := range nav {
			h.s(`<li><a href="`, esc(l.href), `"`)
			if l.href == current {
				h.s(` aria-current="page"`)
			}
			h.s(`>`, esc(l.title), `</a></li>`)
		}
		h.s("</ul></nav>\n")
	}
	h.s(`<header class="doc"><h1>`, esc(docTitle(d)), `</h1>`)
	if d.Subtitle != "" {
		h.s(`<p class="subtitle">`, esc(d.Subtitle), `</p>`)
	}
	if !d.Generated.IsZero() {
		h.s(`<p class="generated">`, L.T("Datos al", "Data as of"), ` <time datetime="`,
			d.Generated.Format(time.RFC3339), `">`, d.Generated.Format("2006-01-02 15:04 MST"), `</time></p>`)
	}
	h.s("</header>\n")
	titled := 0
	for _, s := range p.sections {
		if s.title != "" {
			titled++
		}
	}
	if titled > 1 {
		h.s(`<nav class="toc" id="toc" aria-label="`, L.T("Contenido del informe", "Report contents"), `"><ol>`)
		for _, s := range p.sections {
			if s.title != "" {
				h.s(`<li><a href="#`, s.anchor, `">`, esc(s.title), `</a></li>`)
			}
		}
		h.s("</ol></nav>\n")
	}
	h.s(`<main id="main" tabindex="-1">`, "\n")
	for _, s := range p.sections {
		h.s(`<section id="`, s.anchor, `"`)
		heading := func() {
			h.s(`<h2 id="`, s.anchor, `--h">`, esc(s.title), `</h2>`)
		}
		switch {
		case s.folded:
			// The heading is the summary: the section reads as a closed
			// entry of the page, opened on demand.
			h.s(` class="folded"`)
			if s.title != "" {
				h.s(` aria-labelledby="`, s.anchor, `--h"`)
			}
			h.s(`><details><summary>`)
			if s.title != "" {
				heading()
			} else {
				h.s(L.T("Ver detalle", "Show details"))
			}
			h.s("</summary>\n")
		case s.title != "":
			h.s(` aria-labelledby="`, s.anchor, `--h">`)
			heading()
			h.s("\n")
		default:
			h.s(">\n")
		}
		// Charts that follow each other share a grid: two side by side on
		// a wide screen, one under the other on a phone.
		for i, b := range s.blocks {
			prev := i > 0 && s.blocks[i-1].chart != nil
			next := i+1 < len(s.blocks) && s.blocks[i+1].chart != nil
			if b.chart != nil && !prev && next {
				h.s(`<div class="figures">`, "\n")
			}
			h.block(b)
			if b.chart != nil && prev && !next {
				h.s("</div>\n")
			}
		}
		if s.folded {
			h.s("</details>")
		}
		h.s("</section>\n")
	}
	h.s("</main>\n", `<footer><p>`, L.T("Informe generado con relaciona", "Report generated with relaciona"), " ", esc(relaciona.Version), "</p></footer>\n</body>\n</html>\n")
}

func (h *htmlWriter) block(b prepBlock) {
	L := h.L
	switch {
	case b.para != nil:
		h.s(`<p class="para">`, esc(b.para.Text), "</p>\n")
	case b.kf != nil:
		if len(b.kf.Items) == 0 {
			return
		}
		h.s(`<ul class="cards">`)
		for _, k := range b.kf.Items {
			h.s(`<li class="card`, statusClass(k.Status), `"><span class="label">`, esc(k.Label), `</span><span class="value">`, esc(k.Value.Format(L)), `</span>`)
			if sym, word := statusText(k.Status, L); word != "" {
				h.s(`<span class="status"><span aria-hidden="true">`, sym, `</span> `, word, `</span>`)
			}
			if k.Note != "" {
				h.s(`<span class="note">`, esc(k.Note), `</span>`)
			}
			h.s(`</li>`)
		}
		h.s("</ul>\n")
	case b.table != nil:
		h.table(b.table)
	case b.chart != nil:
		h.chart(b.chart)
	case b.list != nil:
		h.list(b.list)
	case b.note != nil:
		kind := b.note.Kind
		title := b.note.Title
		if kind != NoteWarning {
			kind = NoteInfo
		}
		if title == "" {
			title = L.T("Nota", "Note")
			if kind == NoteWarning {
				title = L.T("Atención", "Warning")
			}
		}
		sym := "ℹ"
		if kind == NoteWarning {
			sym = "⚠"
		}
		h.s(`<aside class="callout callout-`, string(kind), `" role="note"><p><strong><span aria-hidden="true">`, sym, `</span> `, esc(title), `:</strong> `, esc(b.note.Text), "</p></aside>\n")
	}
}

func statusClass(s Status) string {
	switch s {
	case StatusGood, StatusWarn, StatusBad:
		return " status-" + string(s)
	}
	return ""
}

func (h *htmlWriter) list(l *List) {
	if len(l.Items) == 0 {
		return
	}
	h.s(`<div class="list">`)
	if l.Title != "" {
		h.s(`<p class="list-title">`, esc(l.Title), `</p>`)
	}
	tag := "ul"
	if l.Ordered {
		tag = "ol"
	}
	h.s("<", tag, ">")
	for _, it := range l.Items {
		h.s(`<li`)
		if c := statusClass(it.Status); c != "" {
			h.s(` class="`, strings.TrimSpace(c), `"`)
		}
		h.s(`>`)
		if sym, word := statusText(it.Status, h.L); word != "" {
			h.s(`<span class="badge"><span aria-hidden="true">`, sym, `</span> `, word, `</span> `)
		}
		h.s(esc(it.Text), `</li>`)
	}
	h.s("</", tag, "></div>\n")
}

// table writes a table. A long table shows its first rows (Table.PageRows)
// and its total row, and folds the other rows into a closed <details>
// holding a second table with the same header. A chart's data table is in
// a <details> already and shows every row.
func (h *htmlWriter) table(pt *prepTable) {
	t := pt.t
	L := h.L
	shown := len(t.Rows)
	if pt.chart == nil {
		shown = t.pageRows()
	}
	h.s(`<div class="table-wrap" role="region" tabindex="0" `)
	if t.Caption != "" {
		h.s(`aria-labelledby="`, pt.anchor, `--cap">`)
	} else {
		h.s(`aria-label="`, L.T("Tabla", "Table"), `">`)
	}
	h.s(`<table id="`, pt.anchor, `">`)
	if t.Caption != "" {
		h.s(`<caption id="`, pt.anchor, `--cap">`, esc(t.Caption), `</caption>`)
	}
	h.tableHead(t)
	if len(t.Rows) == 0 {
		h.s(`<tr><td colspan="`, fmt.Sprint(len(t.Columns)), `" class="empty">`, L.T("Sin datos", "No data"), "</td></tr>\n")
	}
	h.tableRows(t, t.Rows[:shown])
	h.s("</tbody>")
	if t.Total != nil {
		h.s("<tfoot>")
		h.tableRow(t, t.Total, "total")
		h.s("</tfoot>")
	}
	h.s("</table></div>\n")
	if rest := len(t.Rows) - shown; rest > 0 {
		h.s(`<details class="more-rows"><summary>`,
			L.Tf("Ver las %s filas restantes (de %s)", "Show the other %s rows (of %s)", formatInt(int64(rest), L), formatInt(int64(len(t.Rows)), L)),
			"</summary>\n", `<div class="table-wrap" role="region" tabindex="0" aria-label="`)
		if t.Caption != "" {
			h.s(esc(t.Caption), ": ")
		}
		h.s(L.Tf("filas %d a %d", "rows %d to %d", shown+1, len(t.Rows)), `"><table>`)
		h.tableHead(t)
		h.tableRows(t, t.Rows[shown:])
		h.s("</tbody></table></div>\n</details>\n")
	}
}

// tableHead writes the header row and opens the body.
func (h *htmlWriter) tableHead(t *Table) {
	h.s(`<thead><tr>`)
	for _, c := range t.Columns {
		h.s(`<th scope="col"`, alignClass(c), `>`, esc(c.Name), `</th>`)
	}
	h.s("</tr></thead>\n<tbody>\n")
}

func (h *htmlWriter) tableRows(t *Table, rows [][]Cell) {
	for _, row := range rows {
		h.tableRow(t, row, "")
	}
}

// tableRow writes one row; a text first column is the row's header.
func (h *htmlWriter) tableRow(t *Table, row []Cell, class string) {
	rowHeader := t.Columns[0].Kind == KindText || t.Columns[0].Kind == ""
	if class != "" {
		h.s(`<tr class="`, class, `">`)
	} else {
		h.s(`<tr>`)
	}
	for i, c := range t.Columns {
		tag := "td"
		if i == 0 && rowHeader {
			tag = "th"
			h.s(`<th scope="row"`, alignClass(c), `>`)
		} else {
			h.s(`<td`, alignClass(c), `>`)
		}
		h.s(esc(cell(row, i).Format(h.L)), "</", tag, ">")
	}
	h.s("</tr>\n")
}

func alignClass(c Column) string {
	switch c.align() {
	case AlignRight:
		return ` class="num"`
	case AlignCenter:
		return ` class="center"`
	}
	return ""
}

func (h *htmlWriter) chart(pc *prepChart) {
	c := pc.c
	L := h.L
	h.s(`<figure id="`, pc.anchor, `" class="figure">`, "\n", `<figcaption id="`, pc.anchor, `--fc">`)
	if c.Title != "" {
		h.s(esc(c.Title))
	} else {
		h.s(L.T("Gráfico", "Chart"))
	}
	if c.Description != "" {
		h.s(`<span class="figdesc">`, esc(c.Description), `</span>`)
	}
	if l, ok := h.links[c]; ok {
		h.s(`<a class="figlink" href="`, esc(l.href), `">`, esc(l.title), `</a>`)
	}
	h.s("</figcaption>\n")
	// The SVG scales to the box's width (viewBox, width 100%), down to a
	// phone's.
	h.s(`<div class="chart-box" tabindex="0" role="group" aria-labelledby="`, pc.anchor, `--fc">`, renderChart(c, pc.anchor, L), "</div>\n")
	h.s(`<details><summary>`, L.T("Ver los datos del gráfico", "Show the chart's data"), "</summary>\n")
	h.table(pc.table)
	h.s("</details>\n</figure>\n")
}

// Site writes a small static site into dir (created if needed): index.html
// from index, and Slug + ".html" for each page, every one with a
// navigation bar linking them all by relative links, so the folder can be
// copied anywhere or opened from disk. Slugs must be unique, made of
// letters, digits, '-' and '_', and not "index".
//
// The index also shows each page's headline chart (Page.Headline: its first
// chart unless the page names another or NoHeadline), captioned with a
// link to the page, in a section of its own after the index's first
// section, so the index carries a picture of every process. A Headline
// naming no chart of its page is an error wrapping relaciona.ErrInvalid.
func Site(dir string, index Document, pages []Page) error {
	nav := []navLink{{href: "index.html", title: docTitle(&index)}}
	seen := map[string]bool{"index": true}
	for i, pg := range pages {
		if pg.Slug == "" || sanitizeID(pg.Slug) != strings.ToLower(pg.Slug) || seen[strings.ToLower(pg.Slug)] {
			return relaciona.Invalid(fmt.Sprintf("pages[%d].slug", i),
				"slug %q must be unique, not \"index\", and made of letters, digits, '-' and '_'", clean(pg.Slug))
		}
		seen[strings.ToLower(pg.Slug)] = true
		title := pg.NavTitle
		if title == "" {
			title = docTitle(&pages[i].Doc)
		}
		nav = append(nav, navLink{href: strings.ToLower(pg.Slug) + ".html", title: title})
	}
	index, links, err := withHeadlines(index, pages, nav[1:])
	if err != nil {
		return err
	}
	if len(nav) == 1 {
		nav = nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: site: %w", err)
	}
	if err := writeFile(filepath.Join(dir, "index.html"), func(w io.Writer) error {
		return writePage(w, &index, nav, "index.html", links)
	}); err != nil {
		return err
	}
	for i := range pages {
		href := strings.ToLower(pages[i].Slug) + ".html"
		if err := writeFile(filepath.Join(dir, href), func(w io.Writer) error {
			return writePage(w, &pages[i].Doc, nav, href, nil)
		}); err != nil {
			return fmt.Errorf("report: site page %q: %w", pages[i].Slug, err)
		}
	}
	return nil
}

// withHeadlines returns index with a section holding a copy of every
// page's headline chart, and the link each copy's caption carries to its
// page (pageLinks[i] is pages[i]'s file and title). The caller's index is
// not changed.
func withHeadlines(index Document, pages []Page, pageLinks []navLink) (Document, map[*Chart]navLink, error) {
	L := normLang(index.Lang)
	links := map[*Chart]navLink{}
	var blocks []Block
	for i := range pages {
		pg := &pages[i]
		if pg.Headline == NoHeadline {
			continue
		}
		p, err := prepare(&pg.Doc)
		if err != nil {
			return index, nil, fmt.Errorf("report: site page %q: %w", pg.Slug, err)
		}
		var found *prepChart
	search:
		for _, s := range p.sections {
			for _, b := range s.blocks {
				if b.chart != nil && (pg.Headline == "" || b.chart.c.ID == pg.Headline) {
					found = b.chart
					break search
				}
			}
		}
		if found == nil {
			if pg.Headline != "" {
				return index, nil, relaciona.Invalid(fmt.Sprintf("pages[%d].headline", i),
					"page %q has no chart with id %q", clean(pg.Slug), clean(pg.Headline))
			}
			continue
		}
		c := *found.c
		t := *c.Table
		c.ID, t.ID = "", ""
		c.Table = &t
		links[&c] = navLink{
			href:  pageLinks[i].href + "#" + found.anchor,
			title: L.Tf("Ver en «%s»", "See in “%s”", pageLinks[i].title),
		}
		blocks = append(blocks, &c)
	}
	if len(blocks) == 0 {
		return index, nil, nil
	}
	sec := Section{Title: L.T("Gráficos principales", "Headline charts"), Blocks: blocks}
	at := min(1, len(index.Sections))
	secs := make([]Section, 0, len(index.Sections)+1)
	secs = append(append(append(secs, index.Sections[:at]...), sec), index.Sections[at:]...)
	index.Sections = secs
	return index, links, nil
}

// WriteFile writes doc to the file name with render (HTML, XLSX,
// Markdown), through a temporary file renamed into place: a reader never
// sees half a report, and a failed render leaves nothing behind.
func WriteFile(name string, doc Document, render func(io.Writer, Document) error) error {
	return writeFile(name, func(w io.Writer) error { return render(w, doc) })
}

// writeFile writes name through a temporary file renamed into place, so a
// reader never sees half a report.
func writeFile(name string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".report-*")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	tmp := f.Name()
	if err := write(f); err != nil {
		_ = f.Close()
		_ = os.Remove(tmp)
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		_ = f.Close()
		_ = os.Remove(tmp)
		return fmt.Errorf("report: %w", err)
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("report: %w", err)
	}
	if err := os.Rename(tmp, name); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

const pageCSS = `
:root{--fg:#1b1b1b;--muted:#4f4f4f;--line:#d0d0d0;--accent:#075a9c;--good:#00704f;--warn:#8a5a00;--bad:#b23c00}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:#fff}
a{color:var(--accent)}
a:focus-visible,summary:focus-visible,.table-wrap:focus-visible,main:focus-visible{outline:3px solid #E69F00;outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0;background:#000;color:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
.site-nav{background:#0b3a60}
.site-nav ul{display:flex;flex-wrap:wrap;gap:.25rem;margin:0 auto;max-width:72rem;padding:.5rem 1rem;list-style:none}
.site-nav a{display:inline-block;color:#fff;padding:.35rem .7rem;border-radius:4px;text-decoration:none}
.site-nav a:hover{text-decoration:underline}
.site-nav a[aria-current=page]{background:#fff;color:#0b3a60;font-weight:700}
header.doc,main,footer,nav.toc{max-width:72rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.9rem;line-height:1.2;margin:1.5rem 0 .25rem}
h2{font-size:1.4rem;line-height:1.25;margin:2.25rem 0 1rem;padding-bottom:.3rem;border-bottom:2px solid var(--line)}
.subtitle{font-size:1.15rem;color:var(--muted);margin:.25rem 0}
.generated{font-size:.9rem;color:var(--muted);margin:.25rem 0 1rem}
nav.toc ol{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;list-style:none;padding:.25rem 0;margin:0}
.para{white-space:pre-line;max-width:48rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;list-style:none;padding:0;margin:1rem 0}
.card{border:1px solid var(--line);border-left:6px solid #767676;border-radius:6px;padding:.7rem 1rem;background:#fafafa;overflow-wrap:anywhere}
.card .label{display:block;font-size:.9rem;color:var(--muted)}
.card .value{display:block;font-size:1.8rem;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums}
.card .status{display:block;font-size:.85rem;font-weight:700}
.card .note{display:block;font-size:.85rem;color:var(--muted)}
.status-good{border-left-color:#009E73}.status-good .status,.status-good .badge{color:var(--good)}
.status-warn{border-left-color:#E69F00}.status-warn .status,.status-warn .badge{color:var(--warn)}
.status-bad{border-left-color:#D55E00}.status-bad .status,.status-bad .badge{color:var(--bad)}
.badge{font-weight:700;font-size:.9rem}
.list-title{font-weight:700;margin:1rem 0 .25rem}
.list li{margin:.2rem 0}
.callout{border:1px solid;border-left-width:6px;border-radius:6px;padding:.6rem 1rem;margin:1rem 0;max-width:48rem}
.callout p{margin:0}
.callout-info{background:#eef5fb;border-color:#0072B2}
.callout-warning{background:#fff5e0;border-color:#E69F00}
.table-wrap{overflow-x:auto;margin:1rem 0;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.95rem;font-variant-numeric:tabular-nums}
caption{caption-side:top;text-align:left;font-weight:700;padding:.5rem .75rem}
th,td{padding:.4rem .75rem;text-align:left;vertical-align:top;border-bottom:1px solid #e3e3e3}
thead th{background:#eef2f6;border-bottom:2px solid #b5b5b5}
tbody th{font-weight:600}
tbody tr:nth-child(even){background:#f8f9fb}
.num{text-align:right;white-space:nowrap}.center{text-align:center}
td.empty{text-align:center;color:var(--muted)}
.figure{margin:1.5rem 0;padding:1rem;border:1px solid var(--line);border-radius:8px;min-width:0}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));gap:0 1rem;align-items:start}
figcaption{font-weight:700;font-size:1.05rem;margin:0 0 .5rem}
.figdesc{display:block;font-weight:400;font-size:.9rem;color:var(--muted)}
.figlink{display:block;font-weight:400;font-size:.9rem}
tfoot th,tfoot td{font-weight:700;border-top:2px solid #b5b5b5;border-bottom:0;background:#eef2f6}
.more-rows{margin-top:-.5rem}
.chart-box{max-width:100%}
svg.chart{display:block;width:100%;height:auto;max-width:48rem;margin:0 auto}
details{margin-top:.75rem}
summary{cursor:pointer;color:var(--accent);font-weight:600;padding:.25rem 0}
section.folded>details>summary h2{display:inline;border:0;margin:0;padding:0;color:var(--fg)}
section.folded>details>summary{margin:2.25rem 0 1rem;padding-bottom:.3rem;border-bottom:2px solid var(--line)}
footer{color:var(--muted);font-size:.85rem;margin-top:2rem;padding-bottom:2rem}
@media (max-width:40rem){
body{font-size:15px}
h1{font-size:1.5rem}h2{font-size:1.25rem}
.cards{grid-template-columns:repeat(2,minmax(0,1fr))}
.card .value{font-size:1.4rem}
.figure{padding:.5rem;margin:1rem -.5rem;border-radius:0;border-left:0;border-right:0}
th,td{padding:.35rem .5rem}
}
@media print{
.skip,.site-nav,nav.toc,summary{display:none}
body{font-size:10.5pt}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}
header.doc,main,footer{max-width:none;padding:0}
h2{break-after:avoid}
.figure,.card,.callout,tr,caption{break-inside:avoid}
.table-wrap,.chart-box{overflow:visible;border:0}
.figures{display:block}
section.folded>details>summary{display:block;list-style:none}
svg.chart{max-width:100%}
details::details-content{content-visibility:visible;display:block}
}
`
