package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/deployment"
)

// subjectDeployment writes a deployment that runs the example citizen
// process, with a directory that gives "dpo" the data-protection role, and
// files one PQRSD of carmen@example.co, due on its legal term.
func subjectDeployment(t *testing.T) (path string, pqrsd citizen.PQRSD) {
	t.Helper()
	dir := t.TempDir()
	abs, err := filepath.Abs(filepath.Join("..", "..", "examples", "citizen", "citizen.yaml"))
	require.NoError(t, err)
	y := "kind: deployment\nversion: 1\nname: Alcaldía de Prueba\ncountry: CO\nstore: sqlite://agency.db\n" +
		"processes:\n  citizen: " + abs + "\n" +
		"directory:\n  people:\n" +
		"    - {id: ana-atencion, name: Ana, roles: [{name: citizen_service, process: citizen}]}\n" +
		"    - {id: dpo, name: Delegada de datos, roles: [{name: data_protection}]}\n" +
		"personal_data:\n  retention:\n    - {kind: citizen.pqrsd, keep_for: 5y, keep_fields: [type]}\n"
	path = filepath.Join(dir, "deployment.yaml")
	require.NoError(t, os.WriteFile(path, []byte(y), 0o644))

	ctx := context.Background()
	dep, err := deployment.Load(path, relaciona.Spanish)
	require.NoError(t, err)
	store, err := relaciona.OpenStore(ctx, dep.Store)
	require.NoError(t, err)
	defer store.Close()
	cal, err := dep.NewCalendar()
	require.NoError(t, err)
	cfg, err := citizen.LoadConfig(abs, relaciona.Spanish)
	require.NoError(t, err)
	p, err := citizen.New(store, cfg, cal)
	require.NoError(t, err)
	pqrsd, err = p.File(ctx, relaciona.Actor{ID: "ana-atencion"}, citizen.NewPQRSD{Type: citizen.Peticion, Channel: "web",
		Subject: "Alumbrado", Description: "Carmen Ruiz pide luz en la Calle 5",
		Requester: citizen.Requester{Name: "Carmen Ruiz", Email: "carmen@example.co", Phone: "3001234567"}},
		time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	return path, pqrsd
}

func TestSubjectCommands(t *testing.T) {
	path, pq := subjectDeployment(t)
	due := pq.Due.String()

	// Export, as JSON on stdout.
	code, out, errOut := runCLI(t, "subject", "export", "--config", path, "--actor", "dpo", "--id", "carmen@example.co", "--date", "2026-03-03")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	var x relaciona.SubjectExport
	require.NoError(t, json.Unmarshal([]byte(out), &x))
	require.NotEmpty(t, x.Records)
	assert.Equal(t, "citizen.pqrsd", x.Records[0].Kind)
	assert.Equal(t, pq.ID, x.Records[0].ID)
	assert.Contains(t, x.Records[0].Personal, "requester.email")
	assert.Equal(t, []relaciona.SubjectHold{{Process: "citizen", Kind: "citizen.pqrsd", ID: pq.ID, What: "PQRSD " + pq.ID, Due: due}}, x.Holds)

	// And as readable HTML in a file only its owner reads.
	html := filepath.Join(t.TempDir(), "carmen.html")
	code, _, errOut = runCLI(t, "subject", "export", "--config", path, "--actor", "dpo", "--id", "carmen@example.co", "--format", "html", "--out", html, "--date", "2026-03-03")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	b, err := os.ReadFile(html)
	require.NoError(t, err)
	assert.Contains(t, string(b), "Carmen Ruiz")
	assert.Contains(t, string(b), "requester.email")
	st, err := os.Stat(html)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	// Rectified, in a new audited version.
	code, out, errOut = runCLI(t, "subject", "rectify", "--config", path, "--actor", "dpo", "--kind", "citizen.pqrsd", "--record", pq.ID,
		"--field", "requester.phone", "--value", "3009999999", "--reason", "RECT-1")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "requester.phone corregido")
	code, _, errOut = runCLI(t, "subject", "rectify", "--config", path, "--actor", "dpo", "--kind", "citizen.pqrsd", "--record", pq.ID,
		"--field", "status", "--value", "closed", "--reason", "RECT-1")
	require.Equal(t, 1, code, "only personal fields")
	assert.Contains(t, errOut, "status")

	entries := auditEntries(t, path)
	// Refused: the PQRSD is open within its term; the error names it and
	// its due date, and nothing is written.
	code, _, errOut = runCLI(t, "subject", "erase", "--config", path, "--actor", "dpo", "--id", "carmen@example.co", "--reason", "SUP-1", "--date", "2026-03-03")
	require.Equal(t, 1, code)
	assert.Contains(t, errOut, pq.ID)
	assert.Contains(t, errOut, "vence el "+due)
	// Refused: the clerk does not hold the role.
	code, _, errOut = runCLI(t, "subject", "erase", "--config", path, "--actor", "ana-atencion", "--id", "carmen@example.co", "--reason", "SUP-1", "--date", "2026-03-03")
	require.Equal(t, 1, code)
	assert.Contains(t, errOut, "data_protection")
	// Refused: nobody by that id.
	code, _, errOut = runCLI(t, "--lang", "en", "subject", "export", "--config", path, "--actor", "dpo", "--id", "nadie@example.co")
	require.Equal(t, 1, code)
	assert.Contains(t, errOut, "no record names the subject")
	assert.Equal(t, entries, auditEntries(t, path), "no refusal wrote anything")

	// Past its term, the erasure is done, keeping the type the archive
	// rule keeps, and the store still verifies.
	code, out, errOut = runCLI(t, "subject", "erase", "--config", path, "--actor", "dpo", "--id", "carmen@example.co", "--reason", "SUP-1", "--date", "2026-12-01")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "1 registros anonimizados")
	assert.Contains(t, out, "borrado requester.email: 1")
	code, _, errOut = runCLI(t, "verify", "--config", path)
	require.Equal(t, 0, code, "stderr: %s", errOut)
	code, _, errOut = runCLI(t, "subject", "export", "--config", path, "--actor", "dpo", "--id", "carmen@example.co")
	require.Equal(t, 1, code, "the e-mail is gone: %s", errOut)

	// The sweep as the scheduled job: nothing left past its retention.
	code, out, errOut = runCLI(t, "subject", "sweep", "--config", path, "--date", "2031-03-03")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "registros anonimizados")

	code, _, _ = runCLI(t, "subject", "export", "--config", path, "--id", "x")
	assert.Equal(t, 2, code, "--actor is required")
	code, _, _ = runCLI(t, "subject", "export", "--config", path, "--actor", "dpo", "--id", "x", "--format", "pdf")
	assert.Equal(t, 2, code)
}
