package schemas

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// within runs f and fails the test if it has not returned after d: a read
// of a FIFO with no writer would block for ever.
func within(t *testing.T, d time.Duration, f func() error) error {
	t.Helper()
	got := make(chan error, 1)
	go func() { got <- f() }()
	select {
	case err := <-got:
		return err
	case <-time.After(d):
		t.Fatalf("still blocked after %s", d)
		return nil
	}
}

func TestLoadFileRefusesNonRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "deployment.yaml")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	link := filepath.Join(dir, "link.yaml")
	require.NoError(t, os.Symlink(fifo, link))
	good := filepath.Join(dir, "good.yaml")
	require.NoError(t, os.WriteFile(good, []byte(hdr), 0o644))
	goodLink := filepath.Join(dir, "goodlink.yaml")
	require.NoError(t, os.Symlink(good, goodLink))

	tests := []struct {
		name, path, es, en string
	}{
		{"fifo", fifo, "una tubería con nombre (FIFO)", "a named pipe (FIFO)"},
		{"link to a fifo", link, "una tubería con nombre (FIFO)", "a named pipe (FIFO)"},
		{"folder", dir, "una carpeta", "a folder"},
		{"device", os.DevNull, "un dispositivo", "a device"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := within(t, 5*time.Second, func() error {
				_, err := LoadFile(tc.path, relaciona.Spanish, nil)
				return err
			})
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrNotRegular)
			assert.Contains(t, err.Error(), tc.path, "the error names the file")
			assert.Contains(t, err.Error(), "no es un archivo regular sino "+tc.es)
			err = within(t, 5*time.Second, func() error {
				_, err := LoadFile(tc.path, relaciona.English, nil)
				return err
			})
			assert.Contains(t, err.Error(), "not a regular file but "+tc.en)
			_, err = ReadFile(tc.path)
			assert.ErrorIs(t, err, relaciona.ErrInvalid)
		})
	}
	for _, p := range []string{good, goodLink} {
		kind, err := LoadFile(p, relaciona.Spanish, nil)
		require.NoError(t, err, "a regular file, or a link to one, is read")
		assert.Equal(t, "deployment", kind)
	}
}
