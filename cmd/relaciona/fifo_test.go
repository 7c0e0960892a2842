package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCLIWithin is runCLI that fails the test if the command has not
// returned after d: reading a FIFO with no writer would block for ever.
func runCLIWithin(t *testing.T, d time.Duration, args ...string) (int, string, string) {
	t.Helper()
	type res struct {
		code     int
		out, err string
	}
	got := make(chan res, 1)
	go func() {
		c, o, e := runCLI(t, args...)
		got <- res{c, o, e}
	}()
	select {
	case r := <-got:
		return r.code, r.out, r.err
	case <-time.After(d):
		t.Fatalf("relaciona %s still blocked after %s", strings.Join(args, " "), d)
		return 0, "", ""
	}
}

func TestConfigurationFIFOsAreRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.yaml")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))

	// A deployment whose process file is a FIFO.
	dep := filepath.Join(dir, "deployment.yaml")
	y := "kind: deployment\nversion: 1\nname: Alcaldía de Prueba\ncountry: CO\nstore: sqlite://agency.db\nprocesses:\n  stakeholder: " + fifo + "\n"
	require.NoError(t, os.WriteFile(dep, []byte(y), 0o644))

	tests := []struct {
		name string
		args []string
	}{
		{"validate a fifo", []string{"validate", fifo}},
		{"validate a deployment naming a fifo", []string{"validate", dep}},
		{"run a fifo deployment", []string{"run", "--config", fifo, "--at", "2026-03-02"}},
		{"run a deployment naming a fifo", []string{"run", "--config", dep, "--at", "2026-03-02"}},
		{"plugins check with a fifo as its --config", []string{"plugins", "check", "/bin/true", "--config", fifo}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLIWithin(t, 10*time.Second, tc.args...)
			assert.NotEqual(t, 0, code, "stdout: %s", out)
			all := out + errOut
			assert.Contains(t, all, fifo, "the error names the file")
			assert.Contains(t, all, "no es un archivo regular sino una tubería con nombre (FIFO)")
		})
	}
}
