package report

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sofficePath finds LibreOffice for the office test. Without it the test
// skips, except in CI (CI set), where .ci/services.d/libreoffice.sh
// installs it and a missing soffice is a failure.
func sofficePath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("soffice"); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no soffice on PATH: CI must install LibreOffice Calc (see .ci/services.d/libreoffice.sh)")
	}
	t.Skip("no soffice on PATH: install LibreOffice Calc (apt-get install libreoffice-calc-nogui) to run the office test")
	return ""
}

// odsCell is one cell of a flat ODS sheet as LibreOffice read it.
type odsCell struct {
	Type  string // office:value-type: float, percentage, date, string, ""
	Value string // office:value or office:date-value
	Text  string // what the cell shows
}

// readFODS returns every sheet of a flat ODS document as rows of cells
// (trailing empty cells left out).
func readFODS(t *testing.T, name string) map[string][][]odsCell {
	t.Helper()
	f, err := os.Open(name)
	require.NoError(t, err)
	defer f.Close()
	const (
		tableNS  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
		officeNS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
		textNS   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	)
	sheets := map[string][][]odsCell{}
	var sheet string
	var cur *odsCell
	dec := xml.NewDecoder(f)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		switch e := tok.(type) {
		case xml.StartElement:
			switch {
			case e.Name.Space == tableNS && e.Name.Local == "table":
				for _, a := range e.Attr {
					if a.Name.Local == "name" {
						sheet = a.Value
					}
				}
			case e.Name.Space == tableNS && e.Name.Local == "table-row":
				sheets[sheet] = append(sheets[sheet], nil)
			case e.Name.Space == tableNS && e.Name.Local == "table-cell":
				c := odsCell{}
				repeat := 1
				for _, a := range e.Attr {
					switch {
					case a.Name.Space == officeNS && a.Name.Local == "value-type":
						c.Type = a.Value
					case a.Name.Space == officeNS && (a.Name.Local == "value" || a.Name.Local == "date-value"):
						c.Value = a.Value
					case a.Name.Local == "number-columns-repeated":
						if a.Value != "1" {
							repeat = 0 // a run of empty cells: the row's tail
						}
					}
				}
				rows := sheets[sheet]
				if repeat == 1 && len(rows) > 0 {
					rows[len(rows)-1] = append(rows[len(rows)-1], c)
					cur = &rows[len(rows)-1][len(rows[len(rows)-1])-1]
				}
			case e.Name.Space == textNS && e.Name.Local == "p":
				if cur != nil {
					var s string
					require.NoError(t, dec.DecodeElement(&s, &e))
					cur.Text += s
				}
			}
		case xml.EndElement:
			if e.Name.Space == tableNS && e.Name.Local == "table-cell" {
				cur = nil
			}
		}
	}
	return sheets
}

// officeDoc is a table with a value of every kind, unrounded numbers, and
// a total row.
func officeDoc() Document {
	d := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	t := Table{ID: "datos", Caption: "Datos", Columns: []Column{
		{Name: "Nombre"}, {Name: "Casos", Kind: KindInt}, {Name: "Tasa", Kind: KindFloat},
		{Name: "Logro", Kind: KindPercent}, {Name: "Fecha", Kind: KindDate}, {Name: "Acordado", Kind: KindDate},
	}, Rows: [][]Cell{
		{Text("Núñez; Peña, 1.5"), Int(1234), Float(0.9517241379310345), Percent(0.9517241379310345), Date(d), Day(2026, time.December, 31)},
		{Text("=SUMA(1)"), Int(-7), FloatN(2.5, 1), Percent(0.5), Empty(), Day(2025, time.January, 2)},
	}, Total: []Cell{Text("Total"), Int(1227), Empty(), Empty(), Empty(), Empty()}}
	return Document{Title: "Oficina", Sections: []Section{{Blocks: []Block{
		KeyFigures{Items: []KeyFigure{{Label: "Tasa", Value: Percent(0.9517241379310345)}}}, t,
	}}}}
}

// TestOfficeReadsNumbersAndDates opens the XLSX and the Spanish-dialect
// CSV with LibreOffice, as a clerk in a Spanish locale would (';' fields,
// UTF-8, es-ES), converts both to flat ODS in one run and checks that every
// number is a number, every date a date, and the CSV's numbers are rounded
// as the report shows them.
func TestOfficeReadsNumbersAndDates(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the LibreOffice test starts soffice (a few seconds)")
	}
	soffice := sofficePath(t)
	dir := t.TempDir()
	doc := officeDoc()
	require.NoError(t, writeFile(filepath.Join(dir, "informe.xlsx"), func(w io.Writer) error { return XLSX(w, doc) }))
	require.NoError(t, writeFile(filepath.Join(dir, "datos.csv"), func(w io.Writer) error {
		return CSV(w, doc.Sections[0].Blocks[1].(Table), WithDialect(DialectES), WithBOM())
	}))

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out := filepath.Join(dir, "out")
	// The CSV filter options: ';' (59) between fields, '"' (34) around
	// text, UTF-8 (76), from line 1, no column formats, es-ES (3082). The
	// XLSX is read by its own filter. A profile of its own keeps this run
	// apart from any other soffice.
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--infilter=CSV:59,34,76,1,,3082", "--convert-to", "fods", "--outdir", out,
		filepath.Join(dir, "informe.xlsx"), filepath.Join(dir, "datos.csv"))
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "soffice: %s", msg)

	x := readFODS(t, filepath.Join(out, "informe.fods"))
	require.Contains(t, x, "datos", "sheets: %v", keys(x))
	rows := x["datos"]
	require.GreaterOrEqual(t, len(rows), 4)
	want := [][]odsCell{
		{{Type: "string", Text: "Núñez; Peña, 1.5"}, {Type: "float", Value: "1234"}, {Type: "float", Value: "0.951724137931034"},
			{Type: "percentage", Value: "0.951724137931034"}, {Type: "date", Value: "2026-03-09"}, {Type: "date", Value: "2026-12-31"}},
		{{Type: "string", Text: "=SUMA(1)"}, {Type: "float", Value: "-7"}, {Type: "float", Value: "2.5"},
			{Type: "percentage", Value: "0.5"}, {}, {Type: "date", Value: "2025-01-02"}},
		{{Type: "string", Text: "Total"}, {Type: "float", Value: "1227"}},
	}
	for i, w := range want {
		checkRow(t, "xlsx", rows[i+1], w)
	}
	// The key figure on the first sheet is a number too.
	var kf []odsCell
	for _, r := range x["Índice"] {
		if len(r) > 1 && r[0].Text == "Tasa" {
			kf = r
		}
	}
	require.NotNil(t, kf, "the index sheet lists the key figure")
	assert.Equal(t, "percentage", kf[1].Type)

	c := readFODS(t, filepath.Join(out, "datos.fods"))
	require.Len(t, c, 1)
	for _, rows := range c {
		require.GreaterOrEqual(t, len(rows), 4)
		assert.Equal(t, "Nombre", rows[0][0].Text)
		want := [][]odsCell{
			{{Type: "string", Text: "Núñez; Peña, 1.5"}, {Type: "float", Value: "1234"}, {Type: "float", Value: "0.95"},
				{Type: "float", Value: "0.952"}, {Type: "date", Value: "2026-03-09"}, {Type: "date", Value: "2026-12-31"}},
			{{Type: "string", Text: "'=SUMA(1)"}, {Type: "float", Value: "-7"}, {Type: "float", Value: "2.5"},
				{Type: "float", Value: "0.5"}, {}, {Type: "date", Value: "2025-01-02"}},
			{{Type: "string", Text: "Total"}, {Type: "float", Value: "1227"}},
		}
		for i, w := range want {
			checkRow(t, "csv", rows[i+1], w)
		}
	}
}

// checkRow compares the types and values (or, for text, the shown text) of
// a row's first cells.
func checkRow(t *testing.T, file string, got, want []odsCell) {
	t.Helper()
	require.GreaterOrEqual(t, len(got)+1, len(want), "%s: row %v", file, got)
	for i, w := range want {
		var g odsCell
		if i < len(got) {
			g = got[i]
		}
		assert.Equal(t, w.Type, g.Type, "%s: cell %d of %v", file, i, got)
		if w.Type == "string" {
			assert.Equal(t, w.Text, g.Text, "%s: cell %d", file, i)
		} else if w.Value != "" {
			assert.True(t, strings.HasPrefix(g.Value, w.Value), "%s: cell %d is %q, want %q", file, i, g.Value, w.Value)
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
