package report

import (
	"io"
	"testing"
	"time"
)

// bigDoc is one table of rows rows with every cell type.
func bigDoc(rows int) Document {
	t := &Table{ID: "big", Caption: "Radicados", Columns: []Column{
		{Name: "Radicado"}, {Name: "Asunto"}, {Name: "Fecha", Kind: KindDate},
		{Name: "Días", Kind: KindInt}, {Name: "Avance", Kind: KindPercent}, {Name: "Costo", Kind: KindFloat},
	}}
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		t.Rows = append(t.Rows, []Cell{
			Text("2026-" + formatInt(int64(i), "en")), Text("Solicitud de información <pública> & copias"),
			Date(day.AddDate(0, 0, i%365)), Int(int64(i % 30)), Percent(float64(i%100) / 100), Float(float64(i) * 1.25),
		})
	}
	return Document{Title: "Benchmark", Sections: []Section{{Title: "Datos", Blocks: []Block{t}}}}
}

// benchRender10k times render writing bigDoc(10000).
func benchRender10k(b *testing.B, render func(io.Writer, Document) error) {
	doc := bigDoc(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := render(io.Discard, doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHTML10k(b *testing.B) { benchRender10k(b, HTML) }

func BenchmarkXLSX10k(b *testing.B) { benchRender10k(b, XLSX) }

func BenchmarkCSV10k(b *testing.B) {
	doc := bigDoc(10000)
	t := *doc.Sections[0].Blocks[0].(*Table)
	b.ReportAllocs()
	for b.Loop() {
		if err := CSV(io.Discard, t); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkChartSVG(b *testing.B) {
	doc := sampleDoc("es")
	var charts []Chart
	for _, s := range doc.Sections {
		for _, blk := range s.Blocks {
			if c, ok := blk.(Chart); ok {
				charts = append(charts, c)
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range charts {
			_ = renderChart(&charts[i], "c", "es")
		}
	}
}
