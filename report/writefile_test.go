package report

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// TestWriteFile: a report file holds exactly what its renderer writes,
// readable by all; a renderer that fails leaves no file, neither the
// report nor a temporary one.
func TestWriteFile(t *testing.T) {
	doc := sampleDoc(relaciona.Spanish)
	failing := func(w io.Writer, _ Document) error {
		_, _ = w.Write([]byte("half"))
		return errors.New("render failed")
	}
	for _, c := range []struct {
		name   string
		render func(io.Writer, Document) error
		fails  bool
	}{
		{name: "doc.html", render: HTML},
		{name: "doc.xlsx", render: XLSX},
		{name: "doc.md", render: Markdown},
		{name: "bad.html", render: failing, fails: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, c.name)
			err := WriteFile(path, doc, c.render)
			if c.fails {
				require.Error(t, err)
				ents, err := os.ReadDir(dir)
				require.NoError(t, err)
				assert.Empty(t, ents, "nothing left behind")
				return
			}
			require.NoError(t, err)
			var want bytes.Buffer
			require.NoError(t, c.render(&want, doc))
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, want.String(), string(got))
			st, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())
		})
	}
}
