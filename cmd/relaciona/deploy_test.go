package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

func testEnv() (*env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &env{stdout: &out, stderr: &errb, lang: relaciona.Spanish, log: hclog.New(&hclog.LoggerOptions{Output: &errb, Level: hclog.Warn})}, &out, &errb
}

func TestOpenDeploymentOpensStoreTicketsAndCalendar(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "deployment.yaml")
	require.NoError(t, os.WriteFile(path, []byte("kind: deployment\nversion: 1\nname: Alcaldía de Prueba\ncountry: CO\nstore: sqlite://agency.db\ncalendar:\n  closures:\n    - date: \"2026-12-24\"\n      name: Cierre de fin de año\n"), 0o644))
	e, _, _ := testEnv()
	d, err := openDeployment(context.Background(), e, path)
	require.NoError(t, err)
	defer d.Close()
	assert.FileExists(t, filepath.Join(dir, "agency.db"), "a relative store path is resolved against the deployment's folder")
	assert.False(t, d.cal.IsBusinessDay(calendar.Date{Year: 2026, Month: 12, Day: 24}), "the agency's closure day is in its calendar")
	tk, err := d.tickets.Create(context.Background(), relaciona.NewTicket{Subject: "prueba"})
	require.NoError(t, err, "the default ticket system is the built-in desk")
	assert.Equal(t, relaciona.StatusNew, tk.Status)
}

func TestOpenDeploymentRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("kind: deployment\nversion: 1\nname: X\ncountry: AR\n"), 0o644))
	notDB := filepath.Join(dir, "x.db")
	require.NoError(t, os.WriteFile(notDB, bytes.Repeat([]byte("not a database "), 100), 0o644))
	badStore := filepath.Join(dir, "store.yaml")
	require.NoError(t, os.WriteFile(badStore, []byte("kind: deployment\nversion: 1\nname: X\ncountry: CO\nstore: sqlite://x.db\n"), 0o644))
	e, _, _ := testEnv()
	_, err := openDeployment(context.Background(), e, bad)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "bad.yaml:4:")
	_, err = openDeployment(context.Background(), e, badStore)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not a SQLite database")
}

// exampleDeployment copies examples/KIND/KIND.yaml into a temporary folder
// and writes deployment.yaml beside it: an agency of country named name,
// with its store in agency.db there and that process file. It returns the
// folder.
func exampleDeployment(t *testing.T, country, name, kind string) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", kind, kind+".yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, kind+".yaml"), src, 0o644))
	dep := "kind: deployment\nversion: 1\nname: " + name + "\ncountry: " + country + "\nstore: sqlite://agency.db\nprocesses:\n  " + kind + ": " + kind + ".yaml\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "deployment.yaml"), []byte(dep), 0o644))
	return dir
}
