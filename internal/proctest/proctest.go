// Package proctest holds the test helpers the four process packages
// (alliance, citizen, satisfaction, stakeholder) share: reading the key
// figures, tables and charts of a report.Document as a reader sees them
// and rendering it in every format, a refusal (Forbidden) and a validation
// error (Invalid, FirstProblem), an in-memory store and a test's dates,
// the process tables for CSV import and export, the notice kinds of a
// schema and the outbox, a gate store and racers for claim races and a CPU
// timer for benchmarks.
package proctest

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/report"
)

// KeyFigures returns the key figures of doc by label.
func KeyFigures(doc report.Document) map[string]report.KeyFigure {
	out := map[string]report.KeyFigure{}
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			if k, ok := b.(report.KeyFigures); ok {
				for _, it := range k.Items {
					out[it.Label] = it
				}
			}
		}
	}
	return out
}

// KeyValues returns the key figures of doc by label, each value formatted
// in doc's language.
func KeyValues(doc report.Document) map[string]string {
	out := map[string]string{}
	for label, it := range KeyFigures(doc) {
		out[label] = it.Value.Format(doc.Lang)
	}
	return out
}

// TableRows returns the rows of the table id of doc, each cell formatted in
// doc's language; it fails t when doc has no such table.
func TableRows(t testing.TB, doc report.Document, id string) [][]string {
	t.Helper()
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			tb, ok := b.(report.Table)
			if !ok || tb.ID != id {
				continue
			}
			var out [][]string
			for _, r := range tb.Rows {
				row := make([]string, len(r))
				for i, c := range r {
					row[i] = c.Format(doc.Lang)
				}
				out = append(out, row)
			}
			return out
		}
	}
	t.Fatalf("no table %s", id)
	return nil
}

// ChartSeries returns the labels of the chart id of doc and its series'
// values by series name; it fails t when doc has no such chart or the chart
// carries no data table.
func ChartSeries(t testing.TB, doc report.Document, id string) ([]string, map[string][]float64) {
	t.Helper()
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			if c, ok := b.(report.Chart); ok && c.ID == id {
				require.NotNil(t, c.Table, "chart %s carries its data table", id)
				out := map[string][]float64{}
				for _, sr := range c.Series {
					out[sr.Name] = sr.Values
				}
				return c.Labels, out
			}
		}
	}
	t.Fatalf("no chart %s", id)
	return nil, nil
}

// Forbidden checks that err is a refusal (relaciona.ErrForbidden, as a
// *relaciona.ForbiddenError) and returns it, failing t otherwise.
func Forbidden(t testing.TB, err error) *relaciona.ForbiddenError {
	t.Helper()
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	var fe *relaciona.ForbiddenError
	require.True(t, errors.As(err, &fe), "%v", err)
	return fe
}
