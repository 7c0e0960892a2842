package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// longTable has n rows named "fila 1" ... and a total row.
func longTable(n, pageRows int) Table {
	t := Table{ID: "larga", Caption: "Larga", PageRows: pageRows,
		Columns: []Column{{Name: "Nombre"}, {Name: "Valor", Kind: KindInt}}}
	sum := int64(0)
	for i := 1; i <= n; i++ {
		t.Rows = append(t.Rows, []Cell{Text(fmt.Sprintf("fila %d", i)), Int(int64(i))})
		sum += int64(i)
	}
	t.Total = []Cell{Text("Total"), Int(sum)}
	return t
}

// bodyRows returns the first-cell texts of the body rows of a table
// element.
func bodyRows(tbl *html.Node) []string {
	var out []string
	for _, tb := range elems(tbl, atom.Tbody) {
		for _, tr := range elems(tb, atom.Tr) {
			out = append(out, textOf(tr.FirstChild))
		}
	}
	return out
}

func TestLongTablesFoldOnThePage(t *testing.T) {
	cases := []struct {
		name           string
		rows, pageRows int
		shown          int
	}{
		{"default cap", 60, 0, DefaultPageRows},
		{"short table shows all", 10, 0, 10},
		{"explicit cap", 60, 5, 5},
		{"negative shows all", 60, -1, 60},
		{"cap over the rows", 3, 10, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := Document{Sections: []Section{{Title: "S", Blocks: []Block{longTable(tc.rows, tc.pageRows)}}}}
			root, out := parseHTML(t, doc)
			checkPage(t, root, out, relaciona.Spanish)
			tables := elems(root, atom.Table)
			require.NotEmpty(t, tables)
			first := bodyRows(tables[0])
			require.Len(t, first, tc.shown)
			assert.Equal(t, "fila 1", first[0])
			// The total stays with the rows shown, in the footer.
			foot := elems(tables[0], atom.Tfoot)
			require.Len(t, foot, 1)
			assert.Contains(t, textOf(foot[0]), "Total")
			assert.Contains(t, textOf(foot[0]), formatInt(int64(tc.rows*(tc.rows+1)/2), relaciona.Spanish))

			details := findAll(root, func(n *html.Node) bool {
				c, _ := attr(n, "class")
				return n.DataAtom == atom.Details && c == "more-rows"
			})
			if tc.shown == tc.rows {
				assert.Empty(t, details)
				assert.Len(t, tables, 1)
				return
			}
			require.Len(t, details, 1)
			_, open := attr(details[0], "open")
			assert.False(t, open, "the rest is folded")
			sum := elems(details[0], atom.Summary)
			require.Len(t, sum, 1)
			assert.Contains(t, textOf(sum[0]), fmt.Sprintf("Ver las %d filas restantes (de %d)", tc.rows-tc.shown, tc.rows))
			rest := bodyRows(elems(details[0], atom.Table)[0])
			require.Len(t, rest, tc.rows-tc.shown)
			assert.Equal(t, fmt.Sprintf("fila %d", tc.shown+1), rest[0])
			assert.Equal(t, fmt.Sprintf("fila %d", tc.rows), rest[len(rest)-1])
			assert.Empty(t, elems(details[0], atom.Tfoot), "the total is shown once")
		})
	}
}

func TestChartDataTablesAreNotCapped(t *testing.T) {
	c := Chart{ID: "c", Title: "C", Kind: ChartBar}
	for i := range 40 {
		c.Labels = append(c.Labels, fmt.Sprintf("l%d", i))
	}
	c.Series = []Series{{Name: "s", Values: make([]float64, 40)}}
	c.Table = DataTable(c, relaciona.Spanish)
	root, _ := parseHTML(t, Document{Sections: []Section{{Blocks: []Block{c}}}})
	tables := elems(root, atom.Table)
	require.Len(t, tables, 1)
	assert.Len(t, bodyRows(tables[0]), 40, "a chart's data is folded already")
}

func TestExportsCarryTheWholeTable(t *testing.T) {
	tbl := longTable(60, 0)
	doc := Document{Sections: []Section{{Blocks: []Block{tbl}}}}

	var c bytes.Buffer
	require.NoError(t, CSV(&c, tbl))
	recs, err := csv.NewReader(&c).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 1+60+1)
	assert.Equal(t, []string{"Total", "1830"}, recs[61])

	var x bytes.Buffer
	require.NoError(t, XLSX(&x, doc))
	f, err := excelize.OpenReader(&x)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("larga")
	require.NoError(t, err)
	require.Len(t, rows, 62)
	assert.Equal(t, []string{"Total", "1,830"}, rows[61])

	var m bytes.Buffer
	require.NoError(t, Markdown(&m, doc))
	assert.Contains(t, m.String(), "| fila 60 | 60 |\n| Total | 1.830 |\n")

	bad := Table{Columns: []Column{{Name: "a"}}, Total: []Cell{Int(1), Int(2)}}
	assert.ErrorIs(t, CSV(&c, bad), relaciona.ErrInvalid, "a total wider than the table")
}

func TestChartsScaleToTheScreen(t *testing.T) {
	root, out := parseHTML(t, sampleDoc(relaciona.Spanish))
	svgs := svgElems(root, "svg")
	require.NotEmpty(t, svgs)
	for _, s := range svgs {
		vb, ok := attr(s, "viewBox")
		if !ok {
			vb, ok = attr(s, "viewbox")
		}
		assert.True(t, ok && vb != "", "every chart has a viewBox")
		w, _ := attr(s, "width")
		assert.Equal(t, "100%", w)
		st, _ := attr(s, "style")
		assert.NotContains(t, st, "min-width", "a chart never forces a width wider than the screen")
	}
	assert.NotContains(t, out, "min-width:30rem")
}

func TestSiteIndexCarriesHeadlineCharts(t *testing.T) {
	doc := sampleDoc(relaciona.Spanish)
	noCharts := Document{Title: "Sin gráficos", Sections: []Section{{Blocks: []Block{Paragraph{Text: "x"}}}}}
	index := Document{Title: "Inicio", Sections: []Section{
		{ID: "informes", Title: "Informes", Blocks: []Block{KeyFigures{Items: []KeyFigure{{Label: "a", Value: Int(1)}}}}},
		{ID: "otra", Title: "Otra", Blocks: []Block{Paragraph{Text: "y"}}},
	}}
	pages := []Page{
		{Slug: "primero", NavTitle: "Primero", Doc: doc},                            // first chart
		{Slug: "elegido", NavTitle: "Elegido", Doc: doc, Headline: "poder-interes"}, // named chart
		{Slug: "ninguno", Doc: doc, Headline: NoHeadline},
		{Slug: "vacio", Doc: noCharts},
	}
	dir := t.TempDir()
	require.NoError(t, Site(dir, index, pages))
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	require.NoError(t, err)
	root, err := html.Parse(bytes.NewReader(b))
	require.NoError(t, err)
	checkPage(t, root, string(b), relaciona.Spanish)

	figs := elems(root, atom.Figure)
	require.Len(t, figs, 2, "one chart per page that has a headline")
	var links, titles []string
	for _, f := range figs {
		a := findAll(f, func(n *html.Node) bool { c, _ := attr(n, "class"); return n.DataAtom == atom.A && c == "figlink" })
		require.Len(t, a, 1)
		h, _ := attr(a[0], "href")
		links = append(links, h)
		titles = append(titles, textOf(svgElems(f, "title")[0]))
		assert.NotEmpty(t, elems(f, atom.Table), "the headline keeps its data table")
	}
	assert.Equal(t, []string{"primero.html#csat", "elegido.html#poder-interes"}, links)
	assert.Equal(t, doc.Sections[1].Blocks[0].(Chart).Title, titles[0], "the first chart of the page")

	// The charts come right after the index's first section.
	var order []string
	for _, s := range elems(root, atom.Section) {
		order = append(order, textOf(elems(s, atom.H2)[0]))
	}
	assert.Equal(t, []string{"Informes", "Gráficos principales", "Otra"}, order)
	// The caller's index is unchanged.
	assert.Len(t, index.Sections, 2)
	// The linked anchors exist on the pages.
	for _, l := range links {
		file, anchor, _ := strings.Cut(l, "#")
		pb, err := os.ReadFile(filepath.Join(dir, file))
		require.NoError(t, err)
		assert.Contains(t, string(pb), `<figure id="`+anchor+`"`)
	}

	err = Site(t.TempDir(), index, []Page{{Slug: "x", Doc: doc, Headline: "no-such-chart"}})
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.ErrorContains(t, err, "pages[0].headline")
}

func TestCSVDialects(t *testing.T) {
	tbl := Table{Columns: []Column{{Name: "Nombre"}, {Name: "Tasa", Kind: KindFloat}, {Name: "Pct", Kind: KindPercent}, {Name: "N", Kind: KindInt}, {Name: "Fecha", Kind: KindDate}},
		Rows: [][]Cell{{Text("Ana; Bea, 1.5"), Float(0.9517241379310345), Percent(0.9517241379310345), Int(-1234), Date(time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC))}}}
	cases := []struct {
		name string
		opts []CSVOption
		want string
	}{
		{"default", nil, "Nombre,Tasa,Pct,N,Fecha\r\n\"Ana; Bea, 1.5\",0.95,0.952,-1234,2026-03-09\r\n"},
		{"explicit default", []CSVOption{WithDialect(DialectDefault)}, "Nombre,Tasa,Pct,N,Fecha\r\n\"Ana; Bea, 1.5\",0.95,0.952,-1234,2026-03-09\r\n"},
		{"es", []CSVOption{WithDialect(DialectES)}, "Nombre;Tasa;Pct;N;Fecha\r\n\"Ana; Bea, 1.5\";0,95;0,952;-1234;2026-03-09\r\n"},
		{"es then comma", []CSVOption{WithDialect(DialectES), WithComma('\t')}, "Nombre\tTasa\tPct\tN\tFecha\r\nAna; Bea, 1.5\t0,95\t0,952\t-1234\t2026-03-09\r\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, CSV(&b, tbl, tc.opts...))
			assert.Equal(t, tc.want, b.String())
		})
	}
}

func TestParseDialect(t *testing.T) {
	for in, want := range map[string]Dialect{"": DialectDefault, "default": DialectDefault, "ES": DialectES, " es ": DialectES} {
		got, err := ParseDialect(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"fr", "es-CO", ";"} {
		_, err := ParseDialect(bad)
		assert.ErrorIs(t, err, relaciona.ErrInvalid, bad)
	}
}

func TestDayCell(t *testing.T) {
	c := Day(2026, time.March, 9)
	assert.Equal(t, CellDate, c.Type())
	assert.Equal(t, "2026-03-09", c.Format(relaciona.Spanish))
	assert.True(t, Day(0, 0, 0).IsNA(), "a zero calendar date is missing")

	var x bytes.Buffer
	require.NoError(t, XLSX(&x, Document{Sections: []Section{{Blocks: []Block{Table{ID: "t", Columns: []Column{{Name: "d", Kind: KindDate}}, Rows: [][]Cell{{c}}}}}}}))
	f, err := excelize.OpenReader(&x)
	require.NoError(t, err)
	defer f.Close()
	raw, err := f.GetCellValue("t", "A2", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, "46090", raw, "a date serial, not text")
}

func TestChartsInARowShareAGrid(t *testing.T) {
	doc := sampleDoc(relaciona.Spanish)
	root, out := parseHTML(t, doc)
	checkPage(t, root, out, relaciona.Spanish)
	grids := findAll(root, func(n *html.Node) bool { c, _ := attr(n, "class"); return n.DataAtom == atom.Div && c == "figures" })
	// satisfaccion: line, stacked, bar; interesados: scatter, heat. The
	// lone charts of pqrsd (hbar, then a table between) stand alone.
	require.Len(t, grids, 2)
	assert.Len(t, elems(grids[0], atom.Figure), 3)
	assert.Len(t, elems(grids[1], atom.Figure), 2)
	hbar := findAll(root, func(n *html.Node) bool {
		id, _ := attr(n, "id")
		return n.DataAtom == atom.Figure && id == "tiempo-respuesta"
	})
	require.Len(t, hbar, 1)
	assert.Equal(t, atom.Section, hbar[0].Parent.DataAtom, "a chart alone is not in a grid")
}

func TestFoldedSectionsShowOnlyTheirTitle(t *testing.T) {
	doc := sampleDoc(relaciona.Spanish)
	doc.Sections[2].Folded = true // pqrsd
	doc.Sections = append(doc.Sections, Section{Folded: true, Blocks: []Block{Paragraph{Text: "sin título"}}})
	root, out := parseHTML(t, doc)
	checkPage(t, root, out, relaciona.Spanish)
	folded := findAll(root, func(n *html.Node) bool { c, _ := attr(n, "class"); return n.DataAtom == atom.Section && c == "folded" })
	require.Len(t, folded, 2)
	id, _ := attr(folded[0], "id")
	assert.Equal(t, "pqrsd", id)
	d := folded[0].FirstChild
	for d != nil && d.Type != html.ElementNode {
		d = d.NextSibling
	}
	require.NotNil(t, d)
	require.Equal(t, atom.Details, d.DataAtom, "the section's content is in a details")
	_, open := attr(d, "open")
	assert.False(t, open)
	sum := elems(d, atom.Summary)
	require.NotEmpty(t, sum)
	assert.Equal(t, "PQRSD", textOf(elems(sum[0], atom.H2)[0]), "the title is the summary")
	assert.Len(t, elems(d, atom.Figure), 2, "the blocks are inside, folded")
	assert.Contains(t, textOf(elems(folded[1], atom.Summary)[0]), "Ver detalle")

	open2 := findAll(root, func(n *html.Node) bool { id, _ := attr(n, "id"); return n.DataAtom == atom.Section && id == "resumen" })
	require.Len(t, open2, 1)
	assert.Empty(t, elems(open2[0], atom.Summary), "other sections are not folded")
}
