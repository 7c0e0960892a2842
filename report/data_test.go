package report

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func TestCellFormat(t *testing.T) {
	d := time.Date(2026, 3, 9, 23, 59, 0, 0, time.FixedZone("COT", -5*3600))
	cases := []struct {
		name   string
		cell   Cell
		es, en string
		raw    string
	}{
		{"int", Int(1234567), "1.234.567", "1,234,567", "1234567"},
		{"small int", Int(999), "999", "999", "999"},
		{"negative int", Int(-1234), "-1.234", "-1,234", "-1234"},
		{"min int", Int(math.MinInt64), "-9.223.372.036.854.775.808", "-9,223,372,036,854,775,808", "-9223372036854775808"},
		{"float", Float(1234.5), "1.234,50", "1,234.50", "1234.5"},
		{"float rounds as shown", FloatN(2.345, 1), "2,3", "2.3", "2.3"},
		{"float no decimals", FloatN(1234567.8, 0), "1.234.568", "1,234,568", "1234568"},
		{"negative float", Float(-0.5), "-0,50", "-0.50", "-0.5"},
		{"negative zero after rounding", Float(-0.004), "0,00", "0.00", "0"},
		{"huge float", Float(1e20), "1,00e+20", "1.00e+20", "100000000000000000000"},
		{"huger float", Float(1e300), "1,00e+300", "1.00e+300", "1e+300"},
		{"NaN", Float(math.NaN()), "—", "—", ""},
		{"Inf", Float(math.Inf(1)), "—", "—", ""},
		{"-Inf percent", Percent(math.Inf(-1)), "—", "—", ""},
		{"percent", Percent(0.452), "45,2\u00a0%", "45.2%", "0.452"},
		{"percent decimals", PercentN(0.12345, 2), "12,35\u00a0%", "12.35%", "0.1235"},
		{"unrounded ratio is rounded as shown", Float(0.9517241379310345), "0,95", "0.95", "0.95"},
		{"unrounded percent keeps its shown decimals", Percent(0.9517241379310345), "95,2\u00a0%", "95.2%", "0.952"},
		{"percent over 100", Percent(12.5), "1.250,0\u00a0%", "1,250.0%", "12.5"},
		{"date in own zone", Date(d), "2026-03-09", "2026-03-09", "2026-03-09"},
		{"zero date", Date(time.Time{}), "—", "—", ""},
		{"empty", Empty(), "—", "—", ""},
		{"zero cell", Cell{}, "—", "—", ""},
		{"text", Text("hola, mundo"), "hola, mundo", "hola, mundo", "hola, mundo"},
		{"decimals clamped", FloatN(1, 99), "1,0000000000", "1.0000000000", "1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.es, tc.cell.Format(relaciona.Spanish))
			assert.Equal(t, tc.es, tc.cell.Format(""), "empty Lang is Spanish")
			assert.Equal(t, tc.en, tc.cell.Format(relaciona.English))
			assert.Equal(t, tc.raw, tc.cell.Raw())
		})
	}
}

func TestCellNumber(t *testing.T) {
	v, ok := Int(3).Number()
	assert.True(t, ok)
	assert.Equal(t, 3.0, v)
	_, ok = Float(math.NaN()).Number()
	assert.False(t, ok)
	_, ok = Text("3").Number()
	assert.False(t, ok)
	assert.Equal(t, CellPercent, Percent(0.1).Type())
}

func TestClean(t *testing.T) {
	assert.Equal(t, "ab\ncd\te", clean("a\x00b\r\ncd\te\x7f"[0:3]+"\ncd\te"))
	assert.Equal(t, "a\uFFFDb", clean("a\xffb"))
	assert.Equal(t, "ab", clean("a\uFFFEb"))
	assert.Equal(t, "año", clean("año"))
}

func TestCSV(t *testing.T) {
	tbl := Table{
		Columns: []Column{{Name: "Nombre"}, {Name: "=SUM(A1)"}, {Name: "n", Kind: KindInt}, {Name: "f", Kind: KindFloat}, {Name: "d", Kind: KindDate}},
		Rows: [][]Cell{
			{Text("Pérez, \"Ana\"\nline 2"), Text("=HYPERLINK(\"http://x\")"), Int(-5), Float(-1.5), Date(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))},
			{Text("+57 300"), Text("-1"), Int(1), Float(math.NaN()), Empty()},
			{Text("@cmd"), Text("\tTAB"), Empty()},
			{Text(" spaced"), Text("ok")},
			{Text(" =1+1"), Text("'=x")},
		},
	}
	cases := []struct {
		name  string
		opts  []CSVOption
		bom   bool
		comma rune
	}{
		{"default", nil, false, ','},
		{"excel es", []CSVOption{WithBOM(), WithComma(';')}, true, ';'},
		{"bad comma ignored", []CSVOption{WithComma('"'), WithComma('\n')}, false, ','},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, CSV(&buf, tbl, tc.opts...))
			out := buf.String()
			assert.Equal(t, tc.bom, strings.HasPrefix(out, "\uFEFF"))
			assert.Contains(t, out, "\r\n", "RFC 4180 line ends")
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF")))
			r.Comma = tc.comma
			recs, err := r.ReadAll()
			require.NoError(t, err)
			require.Len(t, recs, 6)
			assert.Equal(t, []string{"Nombre", "'=SUM(A1)", "n", "f", "d"}, recs[0])
			assert.Equal(t, []string{"Pérez, \"Ana\"\nline 2", "'=HYPERLINK(\"http://x\")", "-5", "-1.5", "2026-01-02"}, recs[1], "numbers are not guarded")
			assert.Equal(t, []string{"'+57 300", "'-1", "1", "", ""}, recs[2])
			assert.Equal(t, []string{"'@cmd", "'\tTAB", "", "", ""}, recs[3])
			assert.Equal(t, []string{" spaced", "ok", "", "", ""}, recs[4])
			assert.Equal(t, []string{"' =1+1", "''=x", "", "", ""}, recs[5], "a formula behind spaces, and a value a reader would take for neutralised, as csvio.Neutralise guards them")
		})
	}
}

func TestCSVRejectsWideRows(t *testing.T) {
	err := CSV(&bytes.Buffer{}, Table{Columns: []Column{{Name: "a"}}, Rows: [][]Cell{{Int(1), Int(2)}}})
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
}

func TestWriteCSVs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	require.NoError(t, WriteCSVs(dir, sampleDoc(relaciona.Spanish), WithBOM()))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{
		"csat-datos.csv", "encuestas-datos.csv", "variacion-datos.csv", "tiempo-respuesta-datos.csv",
		"vencidas.csv", "vacio-datos.csv", "poder-interes-datos.csv", "cobertura-datos.csv",
	}, names)
	b, err := os.ReadFile(filepath.Join(dir, "vencidas.csv"))
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(b, []byte("\uFEFF")))
	assert.Contains(t, string(b), "2026-000123,Solicitud de copias,2026-08-03,4,0.5,1234.5\r\n")
	assert.Contains(t, string(b), `"'=HYPERLINK(""http://evil"")"`)

	// Tables without an ID get one from their position.
	doc := Document{Lang: relaciona.English, Sections: []Section{{Blocks: []Block{
		Table{Columns: []Column{{Name: "a"}}}, Table{ID: "../../etc/passwd", Columns: []Column{{Name: "a"}}},
	}}}}
	dir2 := t.TempDir()
	require.NoError(t, WriteCSVs(dir2, doc))
	entries, err = os.ReadDir(dir2)
	require.NoError(t, err)
	names = names[:0]
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{"table-1.csv", "etc-passwd.csv"}, names)
}

func TestXLSX(t *testing.T) {
	doc := sampleDoc(relaciona.Spanish)
	long := strings.Repeat("x", 40)
	doc.Sections = append(doc.Sections, Section{Title: "Nombres", Blocks: []Block{
		Table{ID: long, Columns: []Column{{Name: "a"}}},
		Table{ID: long + "y", Columns: []Column{{Name: "a"}}},
		Table{ID: "a/b:c?[d]*", Columns: []Column{{Name: "a"}}},
		Table{ID: "'quoted'", Columns: []Column{{Name: "a"}}},
		Table{ID: "ÍNDICE", Columns: []Column{{Name: "a"}}},
	}})
	var buf bytes.Buffer
	require.NoError(t, XLSX(&buf, doc))
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	defer f.Close()

	sheets := f.GetSheetList()
	assert.Equal(t, []string{
		"Índice", "csat-datos", "encuestas-datos", "variacion-datos", "tiempo-respuesta-datos", "vencidas", "vacio-datos",
		"poder-interes-datos", "cobertura-datos",
		strings.Repeat("x", 31), strings.Repeat("x", 27) + " (2)", "a_b_c__d__", "quoted", "ÍNDICE (2)",
	}, sheets)
	for _, s := range sheets {
		assert.LessOrEqual(t, len([]rune(s)), 31)
	}

	// Header row bold, values typed.
	v, err := f.GetCellValue("vencidas", "A1")
	require.NoError(t, err)
	assert.Equal(t, "Radicado", v)
	sid, err := f.GetCellStyle("vencidas", "A1")
	require.NoError(t, err)
	st, err := f.GetStyle(sid)
	require.NoError(t, err)
	require.NotNil(t, st.Font)
	assert.True(t, st.Font.Bold)

	rawOpt := excelize.Options{RawCellValue: true}
	cases := []struct {
		cell string
		typ  excelize.CellType
		raw  string
	}{
		{"B3", excelize.CellTypeInlineString, `<script>alert("x")</script>`},
		{"B4", excelize.CellTypeInlineString, `=HYPERLINK("http://evil")`}, // text, not a formula
		{"D2", excelize.CellTypeUnset, "4"},                                // numbers are untyped (n) cells
		{"E2", excelize.CellTypeUnset, "0.5"},
		{"F2", excelize.CellTypeUnset, "1234.5"},
		{"C2", excelize.CellTypeUnset, "46237"}, // 2026-08-03 as an Excel serial date
		{"C4", excelize.CellTypeUnset, ""},      // empty date
		{"F4", excelize.CellTypeUnset, ""},      // Inf is blank
	}
	for _, tc := range cases {
		got, err := f.GetCellValue("vencidas", tc.cell, rawOpt)
		require.NoError(t, err)
		assert.Equal(t, tc.raw, got, tc.cell)
		typ, err := f.GetCellType("vencidas", tc.cell)
		require.NoError(t, err)
		assert.Equal(t, tc.typ, typ, tc.cell)
	}
	formula, err := f.GetCellFormula("vencidas", "B4")
	require.NoError(t, err)
	assert.Empty(t, formula)
	// Formatted as a reader sees them.
	shown, err := f.GetCellValue("vencidas", "E2")
	require.NoError(t, err)
	assert.Equal(t, "50.0%", shown)
	shown, err = f.GetCellValue("vencidas", "C2")
	require.NoError(t, err)
	assert.Equal(t, "2026-08-03", shown)

	// The index lists the key figures and links every table sheet.
	rows, err := f.GetRows("Índice")
	require.NoError(t, err)
	assert.Equal(t, "Informe de relacionamiento", rows[0][0])
	flat := ""
	for _, r := range rows {
		flat += strings.Join(r, "|") + "\n"
	}
	assert.Contains(t, flat, "Vencidas|23|Crítico")
	assert.Contains(t, flat, "vencidas|PQRSD vencidas|3")
	link, target, err := f.GetCellHyperLink("Índice", "A"+rowOf(rows, "vencidas"))
	require.NoError(t, err)
	assert.True(t, link)
	assert.Equal(t, "'vencidas'!A1", target)
}

// rowOf returns the 1-based row number (as a string) whose first cell is s.
func rowOf(rows [][]string, s string) string {
	for i, r := range rows {
		if len(r) > 0 && r[0] == s {
			return strings.TrimSpace(strings.Repeat(" ", 0) + itoa(i+1))
		}
	}
	return "0"
}

func itoa(i int) string { return formatInt(int64(i), relaciona.English) }

func TestMarkdown(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Markdown(&buf, sampleDoc(relaciona.English)))
	out := buf.String()
	assert.True(t, strings.HasPrefix(out, "# Relationship report\n"))
	assert.Contains(t, out, "## Satisfaction\n")
	assert.Contains(t, out, "| Filing | Subject | Filed | Days late | Progress | Cost |\n| --- | --- | --- | ---: | ---: | ---: |\n")
	assert.Contains(t, out, "| 2026-000187 | &lt;script&gt;alert(\"x\")&lt;/script&gt; | 2026-08-05 | 12 | 0.0% | 0.00 |")
	assert.Contains(t, out, "**Chart: Monthly CSAT by service**")
	assert.Contains(t, out, "- **Overdue**: 23 (✖ Critical)")
	assert.Contains(t, out, "> **Warning:**")
	assert.NotContains(t, out, "<script")

	buf.Reset()
	evil := Document{Title: "# a | b", Sections: []Section{{Title: "[x](javascript:y)", Blocks: []Block{
		Paragraph{Text: "1. not a list\n- nor this\n<b>bold</b> *x*"},
		Table{Columns: []Column{{Name: "a|b"}}, Rows: [][]Cell{{Text("p|q\nr")}}},
	}}}}
	require.NoError(t, Markdown(&buf, evil))
	out = buf.String()
	assert.Contains(t, out, "# \\# a \\| b\n")
	assert.Contains(t, out, "## \\[x\\](javascript:y)\n")
	assert.Contains(t, out, "1\\. not a list\\\n\\- nor this\\\n&lt;b&gt;bold&lt;/b&gt; \\*x\\*")
	assert.Contains(t, out, "| a\\|b |\n| --- |\n| p\\|q r |\n")
}

func TestDeterministicOutput(t *testing.T) {
	renderers := map[string]func(*bytes.Buffer, Document) error{
		"html":     func(b *bytes.Buffer, d Document) error { return HTML(b, d) },
		"markdown": func(b *bytes.Buffer, d Document) error { return Markdown(b, d) },
		"xlsx":     func(b *bytes.Buffer, d Document) error { return XLSX(b, d) },
		"csv": func(b *bytes.Buffer, d Document) error {
			return CSV(b, *d.Sections[2].Blocks[1].(*Table), WithBOM())
		},
	}
	for name, render := range renderers {
		t.Run(name, func(t *testing.T) {
			var a, b bytes.Buffer
			require.NoError(t, render(&a, sampleDoc(relaciona.Spanish)))
			require.NoError(t, render(&b, sampleDoc(relaciona.Spanish)))
			assert.NotZero(t, a.Len())
			assert.True(t, bytes.Equal(a.Bytes(), b.Bytes()), "two renders differ")
		})
	}
}

func TestDataTable(t *testing.T) {
	c := Chart{ID: "x", Title: "T", Kind: ChartBar, Labels: []string{"a", "b", "c"}, ValueKind: KindInt,
		Series: []Series{{Name: "s1", Values: []float64{1, 2.5, math.NaN()}}, {Values: []float64{4}}}}
	tbl := DataTable(c, relaciona.English)
	assert.Equal(t, "x-data", tbl.ID)
	assert.Equal(t, "Data: T", tbl.Caption)
	assert.Equal(t, []Column{{Name: "Category"}, {Name: "s1", Kind: KindInt}, {Name: "Series 2", Kind: KindInt}}, tbl.Columns)
	assert.Equal(t, [][]Cell{{Text("a"), Int(1), Int(4)}, {Text("b"), Float(2.5), Empty()}, {Text("c"), Empty(), Empty()}}, tbl.Rows)

	h := Chart{Kind: ChartHeatmap, Labels: []string{"A1", "A2"}, YLabel: "Objetivo", ValueKind: KindPercent,
		Series: []Series{{Name: "O1", Values: []float64{0.5, 1}}, {Name: "O2", Values: []float64{0}}}}
	ht := DataTable(h, relaciona.Spanish)
	assert.Equal(t, "", ht.ID)
	assert.Equal(t, []Column{{Name: "Objetivo"}, {Name: "A1", Kind: KindPercent}, {Name: "A2", Kind: KindPercent}}, ht.Columns)
	assert.Equal(t, [][]Cell{{Text("O1"), Percent(0.5), Percent(1)}, {Text("O2"), Percent(0), Empty()}}, ht.Rows)

	s := Chart{Kind: ChartScatter, XLabel: "Interés", Series: []Series{{Name: "g", Points: []Point{{X: 1, Y: 2, Label: "p"}}}}}
	st := DataTable(s, relaciona.Spanish)
	assert.Equal(t, []Column{{Name: "Serie"}, {Name: "Punto"}, {Name: "Interés", Kind: KindFloat}, {Name: "Y", Kind: KindFloat}}, st.Columns)
	assert.Equal(t, [][]Cell{{Text("g"), Text("p"), Float(1), Float(2)}}, st.Rows)
}
