//go:build unix

package relaciona_test

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// A FIFO named as the head file is refused at once, not opened (opening
// one for reading blocks until a writer comes).
func TestAuditHeadFileRefusesAFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "head.json")
	require.NoError(t, syscall.Mkfifo(path, 0o644))
	done := make(chan error, 1)
	go func() { _, err := relaciona.ReadAuditHead(path); done <- err }()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, relaciona.ErrInvalid)
		assert.Contains(t, err.Error(), "not a regular file")
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO head file hangs")
	}
	assert.ErrorIs(t, relaciona.WriteAuditHead(path, testHead()), relaciona.ErrInvalid)
}
