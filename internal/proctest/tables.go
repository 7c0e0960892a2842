package proctest

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/process"
)

// Table returns the table name of tables (a process's Tables()); it fails t
// when there is none.
func Table(t testing.TB, tables []process.Table, name string) process.Table {
	t.Helper()
	for _, tb := range tables {
		if tb.Name == name {
			return tb
		}
	}
	t.Fatalf("no table %q", name)
	return process.Table{}
}

// Text returns an opener of the text s, as process.Import takes one.
func Text(s string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(s)), nil }
}

// ExportCSV exports tb with o and returns what was written; it fails t on
// an error.
func ExportCSV(t testing.TB, ctx context.Context, tb process.Table, o process.ExportOptions) string {
	t.Helper()
	var b bytes.Buffer
	_, err := process.Export(ctx, tb, &b, o)
	require.NoError(t, err)
	return b.String()
}
