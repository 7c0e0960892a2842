package report

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relaciona/relaciona"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTML renders doc and parses the page.
func parseHTML(t testing.TB, doc Document) (*html.Node, string) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, HTML(&buf, doc))
	root, err := html.Parse(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	return root, buf.String()
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

// findAll returns the nodes under n (n included) for which match is true.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func elems(n *html.Node, a atom.Atom) []*html.Node {
	return findAll(n, func(x *html.Node) bool { return x.Type == html.ElementNode && x.DataAtom == a })
}

// svgElems finds SVG elements, which the parser leaves without an atom.
func svgElems(n *html.Node, name string) []*html.Node {
	return findAll(n, func(x *html.Node) bool { return x.Type == html.ElementNode && x.Namespace == "svg" && x.Data == name })
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for _, t := range findAll(n, func(x *html.Node) bool { return x.Type == html.TextNode }) {
		b.WriteString(t.Data)
	}
	return b.String()
}

// checkPage asserts the structural and accessibility rules every page
// keeps, and returns the root.
func checkPage(t *testing.T, root *html.Node, out string, lang relaciona.Lang) {
	t.Helper()
	htmlEl := elems(root, atom.Html)
	require.Len(t, htmlEl, 1)
	l, _ := attr(htmlEl[0], "lang")
	assert.Equal(t, string(lang), l, "html lang")

	viewport := false
	for _, m := range elems(root, atom.Meta) {
		if v, _ := attr(m, "name"); v == "viewport" {
			c, _ := attr(m, "content")
			viewport = strings.Contains(c, "width=device-width")
		}
	}
	assert.True(t, viewport, "viewport meta")
	htmlTitles := findAll(root, func(x *html.Node) bool { return x.DataAtom == atom.Title && x.Namespace == "" })
	require.Len(t, htmlTitles, 1, "one HTML <title>") // SVG titles are in the svg namespace
	assert.Equal(t, atom.Head, htmlTitles[0].Parent.DataAtom)
	assert.Empty(t, elems(root, atom.Script), "no script element")
	assert.False(t, nonFinite.MatchString(out), "NaN or Inf in output: %q", nonFinite.FindString(out))
	assert.Contains(t, out, "@media print")

	// No external resource or link.
	for _, n := range findAll(root, func(x *html.Node) bool { return x.Type == html.ElementNode }) {
		for _, a := range n.Attr {
			if a.Key == "src" || a.Key == "href" || a.Key == "xlink:href" || a.Key == "action" {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				assert.False(t, strings.HasPrefix(v, "http:") || strings.HasPrefix(v, "https:") || strings.HasPrefix(v, "//") || strings.HasPrefix(v, "javascript:"),
					"external or script URL %q on <%s>", a.Val, n.Data)
			}
		}
		for _, a := range n.Attr {
			assert.False(t, strings.HasPrefix(a.Key, "on"), "event handler attribute %s on <%s>", a.Key, n.Data)
		}
	}

	// Unique ids, and every reference points at one.
	ids := map[string]bool{}
	for _, n := range findAll(root, func(x *html.Node) bool { _, ok := attr(x, "id"); return x.Type == html.ElementNode && ok }) {
		id, _ := attr(n, "id")
		assert.False(t, ids[id], "duplicate id %q", id)
		ids[id] = true
	}
	for _, n := range findAll(root, func(x *html.Node) bool { return x.Type == html.ElementNode }) {
		if refs, ok := attr(n, "aria-labelledby"); ok {
			for _, r := range strings.Fields(refs) {
				assert.True(t, ids[r], "aria-labelledby %q has no target", r)
			}
		}
		if h, ok := attr(n, "href"); ok && strings.HasPrefix(h, "#") {
			assert.True(t, ids[h[1:]], "link %q has no target", h)
		}
		if f, ok := attr(n, "fill"); ok && strings.HasPrefix(f, "url(#") {
			assert.True(t, ids[strings.TrimSuffix(strings.TrimPrefix(f, "url(#"), ")")], "fill %q has no pattern", f)
		}
	}

	// A skip link to main, first in the body.
	skip := findAll(root, func(x *html.Node) bool { c, _ := attr(x, "class"); return x.DataAtom == atom.A && c == "skip" })
	require.Len(t, skip, 1)
	href, _ := attr(skip[0], "href")
	assert.Equal(t, "#main", href)
	require.Len(t, elems(root, atom.Main), 1)

	// Headings in order: one h1 first, and no level skipped.
	heads := findAll(root, func(x *html.Node) bool {
		return x.Type == html.ElementNode && (x.DataAtom == atom.H1 || x.DataAtom == atom.H2 || x.DataAtom == atom.H3 || x.DataAtom == atom.H4 || x.DataAtom == atom.H5 || x.DataAtom == atom.H6)
	})
	require.NotEmpty(t, heads)
	assert.Equal(t, "h1", heads[0].Data)
	assert.Len(t, elems(root, atom.H1), 1)
	prev := 1
	for _, h := range heads[1:] {
		lvl := int(h.Data[1] - '0')
		assert.LessOrEqual(t, lvl, prev+1, "heading %s after h%d", h.Data, prev)
		prev = lvl
	}

	// Every chart: a figure with a figcaption, an accessible svg, and its
	// data table in a details after the caption.
	for _, svg := range svgElems(root, "svg") {
		fig := svg.Parent
		for fig != nil && fig.DataAtom != atom.Figure {
			fig = fig.Parent
		}
		require.NotNil(t, fig, "svg outside a figure")
		role, _ := attr(svg, "role")
		assert.Equal(t, "img", role)
		vb, _ := attr(svg, "viewBox")
		assert.NotEmpty(t, vb)
		w, _ := attr(svg, "width")
		assert.Equal(t, "100%", w)
		titles, descs := svgElems(svg, "title"), svgElems(svg, "desc")
		require.NotEmpty(t, titles)
		require.NotEmpty(t, descs)
		assert.Equal(t, svg, titles[0].Parent, "the svg's own <title>")
		assert.NotEmpty(t, strings.TrimSpace(textOf(descs[0])))
	}
	for _, fig := range elems(root, atom.Figure) {
		caps := elems(fig, atom.Figcaption)
		require.Len(t, caps, 1)
		assert.NotEmpty(t, strings.TrimSpace(textOf(caps[0])))
		assert.Len(t, svgElems(fig, "svg"), 1)
		det := elems(fig, atom.Details)
		require.Len(t, det, 1)
		assert.Len(t, elems(det[0], atom.Table), 1, "chart data table in <details>")
		assert.Len(t, elems(det[0], atom.Summary), 1)
		// caption before details in document order
		order := findAll(fig, func(x *html.Node) bool { return x.DataAtom == atom.Figcaption || x.DataAtom == atom.Details })
		assert.Equal(t, atom.Figcaption, order[0].DataAtom)
	}
}

func TestHTMLStructure(t *testing.T) {
	for _, lang := range []relaciona.Lang{relaciona.Spanish, relaciona.English} {
		t.Run(string(lang), func(t *testing.T) {
			doc := sampleDoc(lang)
			root, out := parseHTML(t, doc)
			checkPage(t, root, out, lang)
			assert.Len(t, elems(root, atom.Figure), 7, "one figure per chart")
			assert.Len(t, svgElems(root, "svg"), 7)
			// Every chart kind is there.
			for _, cls := range []string{"bars", "series", "points", "quadrants", "cells"} {
				assert.Contains(t, out, `class="`+cls+`"`)
			}
			assert.Contains(t, out, lang.T("Sin datos", "No data"))
			assert.Contains(t, out, lang.T("Saltar al contenido", "Skip to content"))
			// Cards carry the status as a word, not only a colour.
			assert.Contains(t, out, lang.T("Crítico", "Critical"))
		})
	}
}

func TestHTMLEscapesUserData(t *testing.T) {
	evil := `<script>alert("x")</script><img src=x onerror=alert(1)>&"'`
	tbl := &Table{ID: evil + "t", Caption: evil, Columns: []Column{{Name: evil}}, Rows: [][]Cell{{Text(evil)}}}
	ch := Chart{ID: "c", Title: evil, Description: evil, Kind: ChartBar, Labels: []string{evil}, XLabel: evil, YLabel: evil,
		Series: []Series{{Name: evil, Values: []float64{1}}, {Name: "b", Values: []float64{2}}}}
	ch.Table = DataTable(ch, relaciona.Spanish)
	sc := Chart{ID: "s", Title: evil, Kind: ChartScatter, Series: []Series{{Name: evil, Points: []Point{{X: 1, Y: 1, Label: evil}}}},
		Quadrants: &Quadrants{X: 0.5, Y: 0.5, TopLeft: evil}}
	sc.Table = DataTable(sc, relaciona.Spanish)
	doc := Document{Title: evil, Subtitle: evil, Sections: []Section{{ID: evil, Title: evil, Blocks: []Block{
		Paragraph{Text: evil}, KeyFigures{Items: []KeyFigure{{Label: evil, Value: Text(evil), Note: evil}}},
		tbl, ch, sc, List{Title: evil, Items: []ListItem{{Text: evil}}}, Note{Title: evil, Text: evil},
	}}}}
	root, out := parseHTML(t, doc)
	checkPage(t, root, out, relaciona.Spanish)
	assert.Empty(t, elems(root, atom.Img))
	assert.NotContains(t, out, "<script")
	assert.NotContains(t, out, "<img")
	// The text survives, as text.
	assert.Contains(t, textOf(elems(root, atom.H1)[0]), `<script>alert("x")</script>`)
	assert.Contains(t, out, "&lt;script&gt;")
}

func TestHTMLInvalidDocuments(t *testing.T) {
	good := &Table{Columns: []Column{{Name: "a"}}}
	cases := []struct {
		name  string
		block []Block
		field string
	}{
		{"chart without table", []Block{Chart{Kind: ChartBar, Title: "x"}}, "sections[0].blocks[0].table"},
		{"unknown chart kind", []Block{Chart{Kind: "pie", Table: good}}, "sections[0].blocks[0].kind"},
		{"row wider than columns", []Block{Table{Columns: []Column{{Name: "a"}}, Rows: [][]Cell{{Int(1), Int(2)}}}}, "sections[0].blocks[0].rows[0]"},
		{"table without columns", []Block{Table{}}, "sections[0].blocks[0].columns"},
		{"duplicate ids", []Block{Table{ID: "t", Columns: []Column{{Name: "a"}}}, Table{ID: "t", Columns: []Column{{Name: "a"}}}}, "sections[0].blocks[1].id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := Document{Sections: []Section{{Blocks: tc.block}}}
			for name, render := range map[string]func() error{
				"html":     func() error { return HTML(&bytes.Buffer{}, doc) },
				"markdown": func() error { return Markdown(&bytes.Buffer{}, doc) },
				"xlsx":     func() error { return XLSX(&bytes.Buffer{}, doc) },
				"csvs":     func() error { return WriteCSVs(t.TempDir(), doc) },
			} {
				err := render()
				require.Error(t, err, name)
				assert.True(t, errors.Is(err, relaciona.ErrInvalid), "%s: %v", name, err)
				var ve *relaciona.ValidationError
				require.True(t, errors.As(err, &ve), name)
				assert.Equal(t, tc.field, ve.Field, name)
			}
		})
	}
}

func TestHTMLNilAndPointerBlocks(t *testing.T) {
	var nilTable *Table
	var nilChart *Chart
	tbl := &Table{ID: "p", Columns: []Column{{Name: "n", Kind: KindInt}}, Rows: [][]Cell{{Int(7)}}}
	doc := Document{Sections: []Section{{Title: "S", Blocks: []Block{nil, nilTable, nilChart, tbl, &Paragraph{Text: "hola"}}}}}
	root, out := parseHTML(t, doc)
	checkPage(t, root, out, relaciona.Spanish)
	assert.Len(t, elems(root, atom.Table), 1)
	assert.Contains(t, out, "hola")
}

func TestHTMLAnchorsAreUniqueAndSafe(t *testing.T) {
	doc := Document{Sections: []Section{
		{ID: "main", Title: "A"},
		{ID: "Año 2026!", Title: "B"},
		{ID: "año-2026", Title: "C"},
		{Title: "D"},
	}}
	root, out := parseHTML(t, doc)
	checkPage(t, root, out, relaciona.Spanish)
	var got []string
	for _, s := range elems(root, atom.Section) {
		id, _ := attr(s, "id")
		got = append(got, id)
	}
	assert.Equal(t, []string{"main-2", "a-o-2026", "a-o-2026-2", "seccion-4"}, got)
}

func TestSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	pages := []Page{
		{Slug: "stakeholder", Doc: Document{Title: "Interesados"}},
		{Slug: "pqrsd", NavTitle: "PQRSD", Doc: sampleDoc(relaciona.English)},
	}
	require.NoError(t, Site(dir, Document{Title: "Inicio"}, pages))
	for _, name := range []string{"index.html", "stakeholder.html", "pqrsd.html"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err, name)
		root, err := html.Parse(bytes.NewReader(b))
		require.NoError(t, err)
		lang := relaciona.Spanish
		if name == "pqrsd.html" {
			lang = relaciona.English
		}
		checkPage(t, root, string(b), lang)
		var hrefs, current []string
		for _, a := range findAll(root, func(x *html.Node) bool {
			p := x.Parent
			for p != nil && p.DataAtom != atom.Nav {
				p = p.Parent
			}
			id := ""
			if p != nil {
				id, _ = attr(p, "id")
			}
			return x.DataAtom == atom.A && id == "site-nav"
		}) {
			h, _ := attr(a, "href")
			hrefs = append(hrefs, h)
			if v, _ := attr(a, "aria-current"); v == "page" {
				current = append(current, h)
			}
		}
		assert.Equal(t, []string{"index.html", "stakeholder.html", "pqrsd.html"}, hrefs, name)
		assert.Equal(t, []string{name}, current, name)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 3, "no temporary files left")

	for _, bad := range []string{"", "index", "a/b", "../x", "dup"} {
		pages := []Page{{Slug: "dup"}, {Slug: bad}}
		err := Site(t.TempDir(), Document{}, pages)
		assert.ErrorIs(t, err, relaciona.ErrInvalid, "slug %q", bad)
	}
}

func TestEmptyChartsSayNoData(t *testing.T) {
	kinds := []ChartKind{ChartBar, ChartHBar, ChartStacked, ChartLine, ChartScatter, ChartHeatmap}
	data := []struct {
		name   string
		series []Series
		labels []string
	}{
		{"no series", nil, []string{"a"}},
		{"no labels or values", []Series{{Name: "s"}}, nil},
		{"only NaN and Inf", []Series{{Name: "s", Values: []float64{math.NaN(), math.Inf(1)}, Points: []Point{{X: math.NaN(), Y: 1}}}}, []string{"a", "b"}},
	}
	for _, k := range kinds {
		for _, d := range data {
			t.Run(string(k)+"/"+d.name, func(t *testing.T) {
				for _, lang := range []relaciona.Lang{relaciona.Spanish, relaciona.English} {
					c := Chart{Title: "t", Kind: k, Series: d.series, Labels: d.labels}
					c.Table = DataTable(c, lang)
					svg := renderChart(&c, "c", lang)
					assert.Contains(t, svg, lang.T("Sin datos", "No data"))
					assert.Contains(t, svg, `role="img"`)
					assert.NotContains(t, svg, "NaN")
				}
			})
		}
	}
}

func TestChartsNeverUseColourAlone(t *testing.T) {
	doc := sampleDoc(relaciona.Spanish)
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			c, ok := b.(Chart)
			if !ok || len(c.Series) < 2 {
				continue
			}
			svg := renderChart(&c, "x", relaciona.Spanish)
			t.Run(string(c.Kind), func(t *testing.T) {
				switch c.Kind {
				case ChartBar, ChartStacked, ChartHBar:
					assert.Contains(t, svg, `patternTransform`, "bars carry patterns")
					assert.Contains(t, svg, `class="legend"`)
				case ChartLine:
					assert.Contains(t, svg, `stroke-dasharray="7 4"`, "lines differ by dash")
					assert.Contains(t, svg, `class="legend"`)
				case ChartScatter:
					assert.Contains(t, svg, `class="legend"`)
					assert.Contains(t, svg, `class="quadrant-labels"`)
				case ChartHeatmap:
					assert.Contains(t, svg, ">90\u00a0%<", "cells print their values")
				}
			})
		}
	}
}

func TestChartHandlesExtremeValues(t *testing.T) {
	vals := []float64{math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, 1e300, -1e-300, 0, math.NaN(), math.Inf(-1)}
	for _, k := range []ChartKind{ChartBar, ChartHBar, ChartStacked, ChartLine, ChartScatter, ChartHeatmap} {
		t.Run(string(k), func(t *testing.T) {
			var pts []Point
			for i, v := range vals {
				pts = append(pts, Point{X: v, Y: vals[len(vals)-1-i], Label: "p"})
			}
			c := Chart{Kind: k, Labels: []string{"a", "b", "c"}, Series: []Series{{Name: "s", Values: vals, Points: pts}, {Values: vals[2:]}},
				Target: &Target{Value: math.MaxFloat64}, Range: &Range{Min: math.Inf(-1), Max: 3}, Quadrants: &Quadrants{X: math.NaN(), Y: 1e308}}
			c.Table = DataTable(c, relaciona.English)
			doc := Document{Lang: relaciona.English, Sections: []Section{{Title: "x", Blocks: []Block{c}}}}
			root, out := parseHTML(t, doc)
			checkPage(t, root, out, relaciona.English)
			assert.False(t, nonFinite.MatchString(out), "NaN or Inf in output: %q", nonFinite.FindString(out))
		})
	}
}
