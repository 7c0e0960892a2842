package proctest

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/report"
)

// Rendered is a report.Document written in every format a reader gets.
type Rendered struct {
	HTML     string
	Markdown string
	XLSX     []byte
	CSVDir   string // the directory holding one CSV file per table
}

// Render writes doc as HTML, Markdown, XLSX and CSV files (in a temporary
// directory of t), failing t when any of them fails.
func Render(t testing.TB, doc report.Document) Rendered {
	t.Helper()
	var h, md, x bytes.Buffer
	require.NoError(t, report.HTML(&h, doc))
	require.NoError(t, report.Markdown(&md, doc))
	require.NoError(t, report.XLSX(&x, doc))
	dir := t.TempDir()
	require.NoError(t, report.WriteCSVs(dir, doc))
	return Rendered{HTML: h.String(), Markdown: md.String(), XLSX: x.Bytes(), CSVDir: dir}
}

// LastChart returns the last chart among the blocks of sec, or nil when it
// has none.
func LastChart(sec report.Section) *report.Chart {
	var chart *report.Chart
	for _, b := range sec.Blocks {
		if c, ok := b.(report.Chart); ok {
			chart = &c
		}
	}
	return chart
}
