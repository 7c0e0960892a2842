package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/relaciona/relaciona"
	"github.com/xuri/excelize/v2"
)

// Excel's limits.
const (
	xlsxMaxRows       = 1048576
	xlsxMaxCols       = 16384
	xlsxMaxSheetName  = 31
	xlsxMaxCellChars  = 32767
	xlsxWidthSample   = 500 // rows looked at to size a column
	xlsxMaxColWidth   = 60.0
	xlsxMinColWidth   = 8.0
	xlsxFirstDataDate = 1900
)

// XLSX writes doc as an Excel workbook: a first sheet with the title, the
// key figures and a linked list of the tables, then one sheet per table
// (chart data included) named after the table's ID. Sheet names are
// sanitised, cut to 31 characters and made unique. Each table sheet has a
// bold, frozen header row and typed cells: integers, decimals and
// percentages are numbers with a number format (a percent cell holds its
// fraction), dates are Excel dates, missing values are blank.
func XLSX(w io.Writer, doc Document) error {
	p, err := prepare(&doc)
	if err != nil {
		return err
	}
	for _, pt := range p.tables {
		if rows := len(pt.t.records()); rows+1 > xlsxMaxRows || len(pt.t.Columns) > xlsxMaxCols {
			return relaciona.Invalid("table "+pt.anchor, "table has %d rows and %d columns: a sheet holds at most %d rows and %d columns",
				rows, len(pt.t.Columns), xlsxMaxRows-1, xlsxMaxCols)
		}
	}
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return &sortedZip{w: w, files: map[string]*bytes.Buffer{}} })
	x := &xlsxWriter{f: f, L: p.lang, styles: map[styleKey]int{}}
	if err := x.write(p); err != nil {
		return fmt.Errorf("report: write XLSX: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: write XLSX: %w", err)
	}
	return nil
}

type styleKey struct {
	kind CellType
	prec int8
	bold bool
}

type xlsxWriter struct {
	f      *excelize.File
	L      relaciona.Lang
	styles map[styleKey]int
	names  map[string]bool // lower-cased sheet names taken
}

func (x *xlsxWriter) style(k styleKey) (int, error) {
	if id, ok := x.styles[k]; ok {
		return id, nil
	}
	s := &excelize.Style{}
	if k.bold {
		s.Font = &excelize.Font{Bold: true}
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6EE"}}
		s.Border = []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	}
	frac := ""
	if k.prec > 0 {
		frac = "." + strings.Repeat("0", int(k.prec))
	}
	switch k.kind {
	case CellInt:
		s.NumFmt = 3 // #,##0
	case CellFloat:
		f := "#,##0" + frac
		s.CustomNumFmt = &f
	case CellPercent:
		f := "0" + frac + "%"
		s.CustomNumFmt = &f
	case CellDate:
		f := "yyyy-mm-dd"
		s.CustomNumFmt = &f
	}
	id, err := x.f.NewStyle(s)
	if err != nil {
		return 0, err
	}
	x.styles[k] = id
	return id, nil
}

// sheetName turns s into a valid, unused sheet name.
func (x *xlsxWriter) sheetName(s, fallback string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']', '\n', '\t':
			return '_'
		}
		return r
	}, clean(s))
	s = strings.Trim(strings.TrimSpace(s), "'")
	if s == "" {
		s = fallback
	}
	base := truncUTF16(s, xlsxMaxSheetName)
	name := base
	for i := 2; x.names[strings.ToLower(name)] || strings.EqualFold(name, "history"); i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		name = strings.TrimRight(truncUTF16(s, xlsxMaxSheetName-len(suffix)), "'") + suffix
	}
	x.names[strings.ToLower(name)] = true
	return name
}

// truncUTF16 cuts s to at most max UTF-16 code units, as Excel counts.
func truncUTF16(s string, max int) string {
	units := 0
	for i, r := range s {
		units += len(utf16.Encode([]rune{r}))
		if units > max {
			return s[:i]
		}
	}
	return s
}

func (x *xlsxWriter) write(p *prepared) error {
	L := x.L
	f := x.f
	x.names = map[string]bool{}
	index := x.sheetName(L.T("Índice", "Contents"), "Index")
	if err := f.SetSheetName("Sheet1", index); err != nil {
		return err
	}
	sheets := make([]string, len(p.tables))
	for i, pt := range p.tables {
		id := pt.t.ID
		if id == "" {
			id = pt.anchor
		}
		sheets[i] = x.sheetName(id, fmt.Sprintf("%s %d", L.T("Tabla", "Table"), i+1))
	}

	// The index sheet.
	head, err := x.style(styleKey{bold: true})
	if err != nil {
		return err
	}
	titleStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	row := 1
	set := func(col int, v any, style int) error {
		ref, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := f.SetCellValue(index, ref, v); err != nil {
			return err
		}
		if style > 0 {
			return f.SetCellStyle(index, ref, ref, style)
		}
		return nil
	}
	if err := set(1, xlsxText(docTitle(p.doc)), titleStyle); err != nil {
		return err
	}
	row++
	if p.doc.Subtitle != "" {
		if err := set(1, xlsxText(p.doc.Subtitle), 0); err != nil {
			return err
		}
		row++
	}
	if !p.doc.Generated.IsZero() {
		if err := set(1, L.T("Datos al", "Data as of")+" "+p.doc.Generated.Format("2006-01-02 15:04 MST"), 0); err != nil {
			return err
		}
		row++
	}
	row++
	var figures []KeyFigure
	for _, s := range p.sections {
		for _, b := range s.blocks {
			if b.kf != nil {
				figures = append(figures, b.kf.Items...)
			}
		}
	}
	if len(figures) > 0 {
		for c, h := range []string{L.T("Indicador", "Indicator"), L.T("Valor", "Value"), L.T("Estado", "Status"), L.T("Nota", "Note")} {
			if err := set(c+1, h, head); err != nil {
				return err
			}
		}
		row++
		for _, k := range figures {
			if err := set(1, xlsxText(k.Label), 0); err != nil {
				return err
			}
			v, st, err := x.value(k.Value)
			if err != nil {
				return err
			}
			if v != nil {
				if err := set(2, v, st); err != nil {
					return err
				}
			}
			if _, word := statusText(k.Status, L); word != "" {
				if err := set(3, word, 0); err != nil {
					return err
				}
			}
			if k.Note != "" {
				if err := set(4, xlsxText(k.Note), 0); err != nil {
					return err
				}
			}
			row++
		}
		row++
	}
	if len(p.tables) > 0 {
		for c, h := range []string{L.T("Hoja", "Sheet"), L.T("Tabla", "Table"), L.T("Filas", "Rows")} {
			if err := set(c+1, h, head); err != nil {
				return err
			}
		}
		row++
		for i, pt := range p.tables {
			if err := set(1, sheets[i], 0); err != nil {
				return err
			}
			ref, _ := excelize.CoordinatesToCellName(1, row)
			loc := "'" + strings.ReplaceAll(sheets[i], "'", "''") + "'!A1"
			if err := f.SetCellHyperLink(index, ref, loc, "Location"); err != nil {
				return err
			}
			caption := pt.t.Caption
			if caption == "" && pt.chart != nil {
				caption = pt.chart.c.Title
			}
			if err := set(2, xlsxText(caption), 0); err != nil {
				return err
			}
			if err := set(3, len(pt.t.Rows), 0); err != nil {
				return err
			}
			row++
		}
	}
	if err := f.SetColWidth(index, "A", "A", 32); err != nil {
		return err
	}
	if err := f.SetColWidth(index, "B", "B", 48); err != nil {
		return err
	}

	for i, pt := range p.tables {
		if _, err := f.NewSheet(sheets[i]); err != nil {
			return err
		}
		if err := x.table(sheets[i], pt.t, head); err != nil {
			return fmt.Errorf("sheet %q: %w", sheets[i], err)
		}
	}
	// The index sheet, first, is active already. (SetActiveSheet would parse
	// every streamed sheet back into memory.)
	return nil
}

// xlsxText cleans s and cuts it to what a cell holds.
func xlsxText(s string) string {
	s = clean(s)
	if len(s) > xlsxMaxCellChars {
		s = truncUTF16(s, xlsxMaxCellChars)
	}
	return s
}

// value returns a cell's typed value and style; nil for a missing value.
func (x *xlsxWriter) value(c Cell) (any, int, error) {
	if c.IsNA() {
		return nil, 0, nil
	}
	switch c.typ {
	case CellText:
		return xlsxText(c.s), 0, nil
	case CellInt:
		st, err := x.style(styleKey{kind: CellInt})
		return c.i, st, err
	case CellFloat, CellPercent:
		st, err := x.style(styleKey{kind: c.typ, prec: c.prec})
		return c.f, st, err
	case CellDate:
		y, m, d := c.t.Date()
		if y < xlsxFirstDataDate || y > 9999 || (y == 1900 && m < 3) {
			return c.t.Format(time.DateOnly), 0, nil
		}
		st, err := x.style(styleKey{kind: CellDate})
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), st, err
	}
	return nil, 0, nil
}

func (x *xlsxWriter) table(sheet string, t *Table, head int) error {
	sw, err := x.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for ci, col := range t.Columns {
		w := float64(len([]rune(col.Name))) + 2
		for ri, row := range t.Rows {
			if ri >= xlsxWidthSample {
				break
			}
			w = max(w, float64(len([]rune(cell(row, ci).Format(x.L))))+2)
		}
		w = min(max(w, xlsxMinColWidth), xlsxMaxColWidth)
		if err := sw.SetColWidth(ci+1, ci+1, w); err != nil {
			return err
		}
	}
	if len(t.records()) > 0 {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	vals := make([]any, len(t.Columns))
	for i, col := range t.Columns {
		vals[i] = excelize.Cell{StyleID: head, Value: xlsxText(col.Name)}
	}
	if err := sw.SetRow("A1", vals); err != nil {
		return err
	}
	for ri, row := range t.records() {
		for i := range t.Columns {
			v, st, err := x.value(cell(row, i))
			if err != nil {
				return err
			}
			if v == nil {
				vals[i] = nil
				continue
			}
			vals[i] = excelize.Cell{StyleID: st, Value: v}
		}
		ref, err := excelize.CoordinatesToCellName(1, ri+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// sortedZip is an excelize.ZipWriter that writes the archive's entries in
// a fixed order ([Content_Types].xml first, then by name) when closed.
// excelize writes streamed sheets in map order, which would make two
// renders of one document differ.
type sortedZip struct {
	w     io.Writer
	names []string
	files map[string]*bytes.Buffer
}

// Create starts an entry; its content is kept until Close.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if _, dup := z.files[name]; !dup {
		z.names = append(z.names, name)
	}
	b := &bytes.Buffer{}
	z.files[name] = b
	return b, nil
}

// AddFS adds every regular file of fsys.
func (z *sortedZip) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		w, _ := z.Create(name)
		_, err = w.Write(b)
		return err
	})
}

// Close writes the entries in order and closes the archive.
func (z *sortedZip) Close() error {
	const first = "[Content_Types].xml"
	sort.Slice(z.names, func(i, j int) bool {
		a, b := z.names[i], z.names[j]
		if (a == first) != (b == first) {
			return a == first
		}
		return a < b
	})
	zw := zip.NewWriter(z.w)
	for _, name := range z.names {
		w, err := zw.Create(name)
		if err != nil {
			return err
		}
		if _, err := z.files[name].WriteTo(w); err != nil {
			return err
		}
	}
	return zw.Close()
}
