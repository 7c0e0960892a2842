package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// runDeployment writes a deployment that runs the example processes, with
// its store in a temporary folder.
func runDeployment(t *testing.T, kinds ...string) string {
	t.Helper()
	dir := t.TempDir()
	y := "kind: deployment\nversion: 1\nname: Alcaldía de Prueba\ncountry: CO\nstore: sqlite://agency.db\ntickets:\n  url: desk://?queues=general,pqrsd,reclamos\nprocesses:\n"
	for _, k := range kinds {
		abs, err := filepath.Abs(filepath.Join("..", "..", "examples", k, k+".yaml"))
		require.NoError(t, err)
		y += "  " + k + ": " + abs + "\n"
	}
	path := filepath.Join(dir, "deployment.yaml")
	require.NoError(t, os.WriteFile(path, []byte(y), 0o644))
	return path
}

func auditEntries(t *testing.T, deploymentPath string) int64 {
	t.Helper()
	s := openRunStore(t, deploymentPath)
	defer s.Close()
	sum, err := s.VerifyAudit(context.Background())
	require.NoError(t, err)
	return sum.Entries
}

func TestRunIsIdempotentForADate(t *testing.T) {
	path := runDeployment(t, "stakeholder", "alliance", "citizen")
	code, out, errOut := runCLI(t, "run", "--config", path, "--at", "2026-03-02")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "stakeholder:")
	assert.Contains(t, out, "alliance:")
	reports := filepath.Join(filepath.Dir(path), "reports", "2026-02")
	assert.FileExists(t, filepath.Join(reports, "index.html"), "the reports of the month before are written")
	assert.FileExists(t, filepath.Join(reports, "stakeholder.html"))
	entries := auditEntries(t, path)

	code, out, errOut = runCLI(t, "run", "--config", path, "--at", "2026-03-02")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.NotContains(t, out, "2026-02", "the month's reports are issued once")
	assert.Equal(t, entries, auditEntries(t, path), "a second run the same day changes nothing")
}

func TestRunRefusesBadInput(t *testing.T) {
	path := runDeployment(t, "stakeholder")
	code, _, _ := runCLI(t, "run", "--config", path, "--at", "2026-05-04")
	require.Equal(t, 0, code)

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no config", []string{"run"}, 2, "--config"},
		{"bad date", []string{"run", "--config", path, "--at", "2026-02-30"}, 2, "--at"},
		{"date before the data", []string{"run", "--config", path, "--at", "2026-01-05"}, 1, "anterior a los datos"},
		{"missing deployment", []string{"run", "--config", filepath.Join(t.TempDir(), "nope.yaml")}, 1, "nope.yaml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := auditEntries(t, path)
			code, _, errOut := runCLI(t, tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, errOut, tc.want)
			assert.Equal(t, before, auditEntries(t, path), "a refused run changes nothing")
		})
	}
}

// TestRunRefusesRecordsChangedBehindTheStore edits a record in the SQLite
// file directly, as someone with a database console could: the audit chain
// is intact, but the run must stop before any process reads altered data.
func TestRunRefusesRecordsChangedBehindTheStore(t *testing.T) {
	path := runDeployment(t, "stakeholder")
	code, out, errOut := runCLI(t, "run", "--config", path, "--at", "2026-05-04")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "coinciden con la auditoría")

	kind, id := firstChanged(t, path)
	tamper(t, path, `UPDATE records SET body = X'7B7D' WHERE kind = '`+kind+`' AND id = '`+id+`'`)

	before := auditEntries(t, path)
	code, _, errOut = runCLI(t, "run", "--config", path, "--at", "2026-05-05")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, kind+"/"+id)
	assert.Contains(t, errOut, "no es el que escribió la auditoría")
	assert.Contains(t, errOut, "su contenido no es el escrito")
	assert.Equal(t, before, auditEntries(t, path), "the refused run wrote nothing")
}

func TestRunFilesPQRSDArrivedThroughTheTicketSystem(t *testing.T) {
	path := runDeployment(t, "citizen")
	withDeployment(t, path, func(ctx context.Context, d *deployed) {
		_, err := d.tickets.Create(ctx, relaciona.NewTicket{Queue: "pqrsd", Subject: "Solicitud de copia de la resolución 12", Requester: "ciudadano-7"})
		require.NoError(t, err)
	})

	code, out, errOut := runCLI(t, "run", "--config", path, "--at", time.Now().Format("2006-01-02"))
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "1 PQRSD radicadas desde tickets")
	code, out, _ = runCLI(t, "run", "--config", path, "--at", time.Now().Format("2006-01-02"))
	require.Equal(t, 0, code)
	assert.NotContains(t, out, "radicadas desde tickets", "a ticket is filed once")
}
