package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/alliance"
	"github.com/relaciona/relaciona/calendar"
)

// allianceDeployment writes a Chilean deployment with the example alliance
// file and a SQLite store holding its catastro and a reviewed registry.
func allianceDeployment(t *testing.T) string {
	t.Helper()
	dir := exampleDeployment(t, "CL", "Municipalidad de Valparaíso", "alliance")

	ctx := context.Background()
	cfg, err := alliance.LoadConfig(filepath.Join(dir, "alliance.yaml"), relaciona.Spanish)
	require.NoError(t, err)
	store, err := relaciona.OpenStore(ctx, "sqlite://"+filepath.Join(dir, "agency.db"))
	require.NoError(t, err)
	defer store.Close()
	cal, err := calendar.New(calendar.Chile, calendar.Options{})
	require.NoError(t, err)
	s, err := alliance.New(store, cfg, cal)
	require.NoError(t, err)
	enc := relaciona.Actor{ID: "enc", Roles: []string{"encargado_omil"}}
	d := func(s string) calendar.Date { v, _ := calendar.ParseDate(s); return v }
	require.NoError(t, s.ImportConfig(ctx, enc, d("2026-01-05")))
	_, err = s.ReviewRegistry(ctx, enc, "omil-valparaiso", 2026, d("2026-01-12"), "")
	require.NoError(t, err)
	require.NoError(t, s.RecordMeasurement(ctx, enc, alliance.Measurement{Alliance: "convenio-sence", Date: d("2026-01-31"), Sent: 10, Accepted: 8, Resolved: 6}))
	return dir
}

func TestAllianceReportWritesEveryFormat(t *testing.T) {
	dir := allianceDeployment(t)
	out := filepath.Join(dir, "out")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"alliance", "report", "--config", filepath.Join(dir, "deployment.yaml"), "--out", out,
		"--format", "html,csv,xlsx,md", "--to", "2026-02-01"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	for _, f := range []string{"index.html", "alliance-omil-valparaiso-portfolio.html", "alliance-omil-valparaiso-coverage.html",
		"alliance-omil-valparaiso-dossier.html", "alliance-omil-valparaiso-territorial.html",
		"xlsx/alliance-omil-valparaiso-portfolio.xlsx", "md/alliance-omil-valparaiso-territorial.md", "csv/alliance-omil-valparaiso-coverage/"} {
		p := filepath.Join(out, f)
		assert.Contains(t, stdout.String(), strings.TrimSuffix(p, "/"), f)
		_, err := os.Stat(p)
		assert.NoError(t, err, f)
	}
	portfolio, err := os.ReadFile(filepath.Join(out, "alliance-omil-valparaiso-portfolio.html"))
	require.NoError(t, err)
	assert.Contains(t, string(portfolio), "Cartera de alianzas estratégicas", "Spanish by default")
	md, err := os.ReadFile(filepath.Join(out, "md", "alliance-omil-valparaiso-territorial.md"))
	require.NoError(t, err)
	assert.NotContains(t, string(md), "mrojas@example.cl", "contacts are redacted by default")
}

func TestAllianceReportEnglishWithPersonalData(t *testing.T) {
	dir := allianceDeployment(t)
	out := filepath.Join(dir, "out")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"--lang", "en", "alliance", "report", "--config", filepath.Join(dir, "deployment.yaml"), "--out", out,
		"--format", "md", "--to", "2026-02-01", "--personal"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	md, err := os.ReadFile(filepath.Join(out, "md", "alliance-omil-valparaiso-territorial.md"))
	require.NoError(t, err)
	assert.Contains(t, string(md), "mrojas@example.cl")
	assert.Contains(t, string(md), "Territorial study")
}

func TestAllianceReportBadUsage(t *testing.T) {
	dir := allianceDeployment(t)
	cfg := filepath.Join(dir, "deployment.yaml")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no subcommand", []string{"alliance"}, 2, "relaciona alliance report"},
		{"unknown format", []string{"alliance", "report", "--config", cfg, "--format", "pdf"}, 2, "pdf"},
		{"bad date", []string{"alliance", "report", "--config", cfg, "--to", "2026-13-01", "--out", t.TempDir()}, 2, "2026-13-01"},
		{"unknown flag", []string{"alliance", "report", "--config", cfg, "--office", "omil-x", "--out", t.TempDir()}, 2, "-office"},
		{"missing deployment", []string{"alliance", "report", "--config", filepath.Join(dir, "nope.yaml")}, 1, "nope.yaml"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, tc.code, run(context.Background(), tc.args, &stdout, &stderr))
			assert.Contains(t, stderr.String(), tc.want)
		})
	}
}
