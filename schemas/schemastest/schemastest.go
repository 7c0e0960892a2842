// Package schemastest holds what the fuzz tests of the YAML file loaders
// share (deployment files, process files, plugin-check files): every
// input is either refused the way schemas refuses a file, or loaded.
package schemastest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas"
)

// Refused fails t unless err, a loader's refusal of the file at path,
// wraps relaciona.ErrInvalid and is a *schemas.Error whose every problem
// names path with a line, a column and a message.
func Refused(t testing.TB, err error, path string) {
	t.Helper()
	if !errors.Is(err, relaciona.ErrInvalid) {
		t.Fatalf("error is not ErrInvalid: %v", err)
	}
	var se *schemas.Error
	if !errors.As(err, &se) || len(se.Problems) == 0 {
		t.Fatalf("error is not a *schemas.Error with problems: %v", err)
	}
	for _, p := range se.Problems {
		if p.File != path || p.Line < 1 || p.Column < 1 || p.Msg == "" {
			t.Fatalf("problem without file, position or message: %#v", p)
		}
	}
}

// FuzzFile fuzzes a file loader with the corpus f holds: each input (up
// to 64 KiB) is written to a file called name in a folder of its own, and
// load reads it. When load returns an error, the loader refused the file,
// and the refusal must pass Refused; otherwise load has checked what it
// loaded.
func FuzzFile(f *testing.F, name string, load func(t *testing.T, path string) error) {
	path := filepath.Join(f.TempDir(), name)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := load(t, path); err != nil {
			Refused(t, err, path)
		}
	})
}
