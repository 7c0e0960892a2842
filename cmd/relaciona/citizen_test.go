package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
)

// citizenDeployment writes a Colombian deployment with the example citizen
// file and a SQLite store holding a few PQRSD of 2026-Q1.
func citizenDeployment(t *testing.T) string {
	t.Helper()
	dir := exampleDeployment(t, "CO", "Alcaldía de Villa del Ejemplo", "citizen")

	ctx := context.Background()
	cfg, err := citizen.LoadConfig(filepath.Join(dir, "citizen.yaml"), relaciona.Spanish)
	require.NoError(t, err)
	store, err := relaciona.OpenStore(ctx, "sqlite://"+filepath.Join(dir, "agency.db"))
	require.NoError(t, err)
	defer store.Close()
	cal, err := calendar.New(calendar.Colombia, calendar.Options{})
	require.NoError(t, err)
	bogota, err := time.LoadLocation("America/Bogota")
	require.NoError(t, err)
	s, err := citizen.New(store, cfg, cal, citizen.WithLocation(bogota))
	require.NoError(t, err)
	clerk := relaciona.Actor{ID: "ana", Roles: []string{citizen.RoleService}}
	for i := range 4 {
		when := time.Date(2026, 2, 2+i, 10, 0, 0, 0, bogota)
		p, err := s.File(ctx, clerk, citizen.NewPQRSD{Type: citizen.Types()[i], Channel: "web", Subject: "Solicitud",
			Requester: citizen.Requester{Name: "Carmen Ruiz"}, FiledAt: when}, when)
		require.NoError(t, err)
		if i%2 == 0 {
			_, err = s.Answer(ctx, clerk, p.ID, "ok", when.Add(48*time.Hour))
			require.NoError(t, err)
		}
	}
	return dir
}

func TestCitizenReportWritesEveryFormat(t *testing.T) {
	dir := citizenDeployment(t)
	out := filepath.Join(dir, "out")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"citizen", "report", "--config", filepath.Join(dir, "deployment.yaml"), "--out", out,
		"--format", "html,csv,xlsx,md", "--period", "2026-Q1"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	for _, f := range []string{"index.html", "citizen-pqrsd.html", "citizen-characterisation.html", "citizen-offer.html", "citizen-indicators.html",
		"xlsx/citizen-pqrsd.xlsx", "md/citizen-pqrsd.md", "csv/citizen-pqrsd/"} {
		p := filepath.Join(out, f)
		assert.Contains(t, stdout.String(), strings.TrimSuffix(p, "/"), f)
		_, err := os.Stat(p)
		assert.NoError(t, err, f)
	}
	page, err := os.ReadFile(filepath.Join(out, "citizen-pqrsd.html"))
	require.NoError(t, err)
	assert.Contains(t, string(page), "Informe trimestral de PQRSD · 2026-T1", "Spanish, the quarter asked for")
	assert.Contains(t, string(page), "PQRSD-2026-000002", "overdue on 2026-03-31")
	assert.NotContains(t, string(page), "Carmen Ruiz", "redacted by default")
}

func TestCitizenReportEnglishQuarterAndPersonalData(t *testing.T) {
	dir := citizenDeployment(t)
	out := filepath.Join(dir, "out")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"--lang", "en", "citizen", "report", "--config", filepath.Join(dir, "deployment.yaml"), "--out", out,
		"--format", "md", "--from", "2026-01-01", "--to", "2026-03-31", "--personal"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	md, err := os.ReadFile(filepath.Join(out, "md", "citizen-pqrsd.md"))
	require.NoError(t, err)
	assert.Contains(t, string(md), "Quarterly PQRSD report · 2026 Q1")
	assert.Contains(t, string(md), "Carmen Ruiz")
}

func TestCitizenReportBadUsage(t *testing.T) {
	dir := citizenDeployment(t)
	cfg := filepath.Join(dir, "deployment.yaml")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no subcommand", []string{"citizen"}, 2, "relaciona citizen report"},
		{"unknown format", []string{"citizen", "report", "--config", cfg, "--format", "pdf"}, 2, "pdf"},
		{"bad quarter", []string{"citizen", "report", "--config", cfg, "--period", "2026-Q5"}, 2, "2026-Q5"},
		{"bad date", []string{"citizen", "report", "--config", cfg, "--to", "2026-13-01", "--out", t.TempDir()}, 2, "2026-13-01"},
		{"period backwards", []string{"citizen", "report", "--config", cfg, "--from", "2026-03-01", "--to", "2026-02-01", "--out", t.TempDir()}, 2, "antes de empezar"},
		{"missing deployment", []string{"citizen", "report", "--config", filepath.Join(dir, "nope.yaml")}, 1, "nope.yaml"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, tc.code, run(context.Background(), tc.args, &stdout, &stderr))
			assert.Contains(t, stderr.String(), tc.want)
		})
	}
}
