package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/relaciona/relaciona"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nonFinite matches a Go rendering of NaN or an infinity.
var nonFinite = regexp.MustCompile(`\b(NaN|Inf)\b`)

// FuzzRender feeds arbitrary text and numbers into every block and chart
// kind. Every renderer must either succeed with well-formed output or
// return an ErrInvalid; none may panic.
func FuzzRender(f *testing.F) {
	f.Add("hola", "<script>alert(1)</script>", 1.5, -2.0, 3.0, uint8(0), true)
	f.Add("", "", math.NaN(), math.Inf(1), math.Inf(-1), uint8(3), false)
	f.Add("=cmd|' /C calc'!A0", "\x00\xff\r\n\t", math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, uint8(5), true)
	f.Add("a\"b'c&d", "ñandú 😀 \u202e", 1e300, 0.0, -1e-300, uint8(4), false)
	f.Add("main", "toc", 0.0, 0.0, 0.0, uint8(1), true)
	f.Fuzz(func(t *testing.T, s1, s2 string, v1, v2, v3 float64, k uint8, en bool) {
		lang := relaciona.Spanish
		if en {
			lang = relaciona.English
		}
		kinds := []ChartKind{ChartBar, ChartHBar, ChartStacked, ChartLine, ChartScatter, ChartHeatmap}
		kind := kinds[int(k)%len(kinds)]
		vals := []float64{v1, v2, v3}
		c := Chart{
			ID: s1, Title: s2, Description: s1, Kind: kind, Labels: []string{s1, s2, s1 + s2},
			Series: []Series{
				{Name: s1, Values: vals, Points: []Point{{X: v1, Y: v2, Label: s2}, {X: v3, Y: v1, Label: s1}}},
				{Name: s2, Values: []float64{v3, v2}, Points: []Point{{X: v2, Y: v3}}},
			},
			XLabel: s2, YLabel: s1, ValueKind: []Kind{KindFloat, KindInt, KindPercent, ""}[int(k)%4],
			Range: &Range{Min: v2, Max: v1}, XRange: &Range{Min: v3, Max: v1},
			Target:    &Target{Value: v3, Label: s2},
			Quadrants: &Quadrants{X: v1, Y: v2, TopLeft: s1, TopRight: s2, BottomLeft: s1, BottomRight: s2},
		}
		c.Table = DataTable(c, lang)
		tbl := Table{ID: s2, Caption: s1, Columns: []Column{{Name: s1}, {Name: s2, Kind: KindFloat}, {Name: "p", Kind: KindPercent}},
			Rows:  [][]Cell{{Text(s1), Float(v1), Percent(v2)}, {Text(s2), FloatN(v3, int(k)), PercentN(v1, int(k))}, {}},
			Total: []Cell{Text(s2), Float(v3)}, PageRows: int(k)%3 - 1}
		doc := Document{Title: s1, Subtitle: s2, Lang: lang, Sections: []Section{
			{ID: s1, Title: s2, Blocks: []Block{
				Paragraph{Text: s1},
				KeyFigures{Items: []KeyFigure{{Label: s1, Value: Float(v1), Status: Status(s2), Note: s2}}},
				c, tbl,
				List{Title: s1, Items: []ListItem{{Text: s2, Status: StatusBad}}},
				Note{Kind: NoteKind(s1), Title: s2, Text: s1},
			}},
			{ID: s2, Title: s1, Folded: en},
		}}

		var buf bytes.Buffer
		err := HTML(&buf, doc)
		if err != nil {
			if !errors.Is(err, relaciona.ErrInvalid) {
				t.Fatalf("HTML: unexpected error %v", err)
			}
			return // duplicate ids from the fuzzed strings
		}
		out := buf.String()
		root, perr := html.Parse(strings.NewReader(out))
		if perr != nil {
			t.Fatalf("parse: %v", perr)
		}
		if n := len(elems(root, atom.Script)); n != 0 {
			t.Fatalf("%d script elements", n)
		}
		if len(svgElems(root, "svg")) != 1 || len(elems(root, atom.Figure)) != 1 || len(elems(root, atom.Figcaption)) != 1 {
			t.Fatalf("chart structure broken")
		}
		want := 2 // the chart's data and tbl
		if tbl.PageRows > 0 {
			want++ // tbl's other rows, folded
		}
		if len(elems(root, atom.Table)) != want {
			t.Fatalf("want %d tables, got %d", want, len(elems(root, atom.Table)))
		}
		if !nonFinite.MatchString(s1+s2) && nonFinite.MatchString(out) {
			t.Fatalf("NaN or Inf in output: %q", nonFinite.FindString(out))
		}

		buf.Reset()
		dialect, comma := DialectDefault, ','
		if en {
			dialect, comma = DialectES, ';'
		}
		if err := CSV(&buf, tbl, WithBOM(), WithDialect(dialect)); err != nil {
			t.Fatalf("CSV: %v", err)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), bom)))
		r.Comma = comma
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("CSV does not parse back: %v", err)
		}
		if len(recs) != 5 {
			t.Fatalf("CSV: %d records, want header, 3 rows and the total", len(recs))
		}
		for _, r := range recs {
			for _, v := range r[:1] {
				if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
					t.Fatalf("unguarded formula %q", v)
				}
			}
		}
		buf.Reset()
		if err := Markdown(&buf, doc); err != nil {
			t.Fatalf("Markdown: %v", err)
		}
		if strings.Contains(buf.String(), "<") {
			t.Fatalf("raw < in Markdown")
		}
		buf.Reset()
		if err := XLSX(&buf, doc); err != nil {
			t.Fatalf("XLSX: %v", err)
		}
	})
}
