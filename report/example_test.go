package report_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/report"
)

// A process package builds a Document and writes it as one HTML page.
func ExampleHTML() {
	chart := report.Chart{
		ID:        "csat",
		Title:     "CSAT mensual",
		Kind:      report.ChartLine,
		Labels:    []string{"2026-01", "2026-02", "2026-03"},
		ValueKind: report.KindPercent,
		Series:    []report.Series{{Name: "Mesa de ayuda", Values: []float64{0.72, 0.78, 0.81}}},
		Target:    &report.Target{Value: 0.8},
	}
	chart.Table = report.DataTable(chart, relaciona.Spanish)
	doc := report.Document{
		Title: "Satisfacción de clientes internos",
		Sections: []report.Section{{Title: "Resumen", Blocks: []report.Block{
			report.KeyFigures{Items: []report.KeyFigure{{Label: "CSAT", Value: report.Percent(0.81), Status: report.StatusGood}}},
			chart,
		}}},
	}
	var buf bytes.Buffer
	if err := report.HTML(&buf, doc); err != nil {
		fmt.Println(err)
		return
	}
	page := buf.String()
	fmt.Println(strings.Contains(page, `<html lang="es">`))
	fmt.Println(strings.Count(page, "<figure"), strings.Count(page, "<figcaption"), strings.Count(page, "<details>"))
	fmt.Println(strings.Contains(page, "81,0\u00a0%"))
	// Output:
	// true
	// 1 1 1
	// true
}

// Cells format per language; CSV and XLSX keep the plain value.
func ExampleCell_Format() {
	for _, c := range []report.Cell{
		report.Int(12345),
		report.Float(1234.5),
		report.Percent(0.452),
		report.Date(time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)),
		report.Empty(),
	} {
		// Spanish puts a no-break space before "%"; shown here as "_".
		es := strings.ReplaceAll(c.Format(relaciona.Spanish), "\u00a0", "_")
		fmt.Printf("%s | %s | %q\n", es, c.Format(relaciona.English), c.Raw())
	}
	// Output:
	// 12.345 | 12,345 | "12345"
	// 1.234,50 | 1,234.50 | "1234.5"
	// 45,2_% | 45.2% | "0.452"
	// 2026-03-09 | 2026-03-09 | "2026-03-09"
	// — | — | ""
}

// CSV guards text that a spreadsheet would run as a formula.
func ExampleCSV() {
	t := report.Table{
		Columns: []report.Column{{Name: "Asunto"}, {Name: "Días", Kind: report.KindInt}},
		Rows: [][]report.Cell{
			{report.Text("Copia de contrato, urgente"), report.Int(3)},
			{report.Text("=HYPERLINK(\"http://x\")"), report.Int(-1)},
		},
	}
	var buf bytes.Buffer
	if err := report.CSV(&buf, t); err != nil {
		fmt.Println(err)
	}
	// Lines end in CRLF, as RFC 4180 asks.
	fmt.Print(strings.ReplaceAll(buf.String(), "\r\n", "\n"))
	// Output:
	// Asunto,Días
	// "Copia de contrato, urgente",3
	// "'=HYPERLINK(""http://x"")",-1
}

// WithDialect(DialectES) writes what a spreadsheet in a Spanish locale reads
// as numbers: ';' between fields and a decimal comma. Numbers are rounded
// as the report shows them; dates stay ISO 8601, which every locale reads.
func ExampleWithDialect() {
	t := report.Table{
		Columns: []report.Column{{Name: "Mes"}, {Name: "CSAT", Kind: report.KindPercent}, {Name: "Días", Kind: report.KindFloat}, {Name: "Corte", Kind: report.KindDate}},
		Rows: [][]report.Cell{
			{report.Text("2026-03"), report.Percent(0.9517241379310345), report.Float(9.1034), report.Day(2026, time.March, 31)},
		},
	}
	var buf bytes.Buffer
	if err := report.CSV(&buf, t, report.WithDialect(report.DialectES)); err != nil {
		fmt.Println(err)
	}
	fmt.Print(strings.ReplaceAll(buf.String(), "\r\n", "\n"))
	// Output:
	// Mes;CSAT;Días;Corte
	// 2026-03;0,952;9,1;2026-03-31
}

// Markdown writes charts as their data tables.
func ExampleMarkdown() {
	c := report.Chart{
		Title:     "PQRSD por tipo",
		Kind:      report.ChartHBar,
		Labels:    []string{"Petición", "Queja"},
		Series:    []report.Series{{Name: "Cantidad", Values: []float64{120, 35}}},
		ValueKind: report.KindInt,
	}
	c.Table = report.DataTable(c, relaciona.English)
	doc := report.Document{Title: "PQRSD", Lang: relaciona.English, Sections: []report.Section{{Blocks: []report.Block{c}}}}
	if err := report.Markdown(os.Stdout, doc); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # PQRSD
	//
	// **Chart: PQRSD por tipo**
	//
	// *Data: PQRSD por tipo*
	//
	// | Category | Cantidad |
	// | --- | ---: |
	// | Petición | 120 |
	// | Queja | 35 |
}

// Site writes linked pages, one per process, into a folder.
func ExampleSite() {
	dir, err := os.MkdirTemp("", "report-site")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	err = report.Site(dir, report.Document{Title: "Tablero"}, []report.Page{
		{Slug: "pqrsd", Doc: report.Document{Title: "PQRSD"}},
		{Slug: "alianzas", NavTitle: "Alianzas", Doc: report.Document{Title: "Red de alianzas OMIL"}},
	})
	fmt.Println(err)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// <nil>
	// alianzas.html
	// index.html
	// pqrsd.html
}

// An application writes a report file in place: readers of the folder
// never see half a file.
func ExampleWriteFile() {
	dir, err := os.MkdirTemp("", "informes-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	doc := report.Document{Title: "Informe mensual", Sections: []report.Section{{Title: "Resumen",
		Blocks: []report.Block{report.Paragraph{Text: "Sin novedades."}}}}}
	if err := report.WriteFile(dir+"/informe.md", doc, report.Markdown); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(dir + "/informe.md")
	fmt.Println(strings.Contains(string(b), "Sin novedades."))
	// Output: true
}
