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
	"github.com/relaciona/relaciona/satisfaction"
)

// satDeployment writes a Uruguayan deployment with the example
// satisfaction file and a SQLite store holding a month of tickets and
// survey answers for one client.
func satDeployment(t *testing.T) string {
	t.Helper()
	dir := exampleDeployment(t, "UY", "Agesic", "satisfaction")

	ctx := context.Background()
	cfg, err := satisfaction.LoadConfig(filepath.Join(dir, "satisfaction.yaml"), relaciona.Spanish)
	require.NoError(t, err)
	store, err := relaciona.OpenStore(ctx, "sqlite://"+filepath.Join(dir, "agency.db"))
	require.NoError(t, err)
	defer store.Close()
	cal, err := calendar.New(calendar.Uruguay, calendar.Options{})
	require.NoError(t, err)
	p, err := satisfaction.New(store, cfg, cal)
	require.NoError(t, err)
	mgr, _ := cfg.Actor("mgr-luis")
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	_, err = p.ImportTickets(ctx, mgr, []relaciona.Ticket{{ID: "1", Status: relaciona.StatusClosed, Requester: "salud",
		Fields: map[string]string{"service": "vpn", "type": "incident"}, Created: at.Add(-4 * time.Hour), Updated: at}}, at)
	require.NoError(t, err)
	_, err = p.ImportSurveys(ctx, mgr, []relaciona.SurveyResponse{{ID: "r1", TicketID: "1", Requester: "salud", Service: "vpn", Metric: "csat", Score: 5, Submitted: at}}, at)
	require.NoError(t, err)
	return dir
}

func TestSatisfactionReportWritesEveryFormat(t *testing.T) {
	dir := satDeployment(t)
	out := filepath.Join(dir, "out")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"satisfaction", "report", "--config", filepath.Join(dir, "deployment.yaml"), "--out", out,
		"--format", "html,csv,xlsx,md", "--period", "2026-03"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	for _, f := range []string{"index.html", "satisfaction-cmi.html", "xlsx/satisfaction-cmi.xlsx", "md/satisfaction-cmi.md", "csv/satisfaction-cmi/",
		"satisfaction-interviews.html", "satisfaction-service-salud.html", "xlsx/satisfaction-service-identidad.xlsx", "md/satisfaction-service-tramites.md"} {
		p := filepath.Join(out, f)
		assert.Contains(t, stdout.String(), strings.TrimSuffix(p, "/"), f)
		_, err := os.Stat(p)
		assert.NoError(t, err, f)
	}
	cmi, err := os.ReadFile(filepath.Join(out, "md", "satisfaction-cmi.md"))
	require.NoError(t, err)
	assert.Contains(t, string(cmi), "Informe mensual de encuestas para el CMI", "Spanish by default")
	assert.Contains(t, string(cmi), "Salud Digital")
	svc, err := os.ReadFile(filepath.Join(out, "md", "satisfaction-service-salud.md"))
	require.NoError(t, err)
	assert.NotContains(t, string(svc), "Lucía Díaz", "contacts are redacted by default")
}

func TestSatisfactionReportEnglishWithPersonalData(t *testing.T) {
	dir := satDeployment(t)
	out := filepath.Join(dir, "out")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"--lang", "en", "satisfaction", "report", "--config", filepath.Join(dir, "deployment.yaml"), "--out", out,
		"--format", "md", "--period", "2026-03", "--personal"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	svc, err := os.ReadFile(filepath.Join(out, "md", "satisfaction-service-salud.md"))
	require.NoError(t, err)
	assert.Contains(t, string(svc), "Monthly service report")
	assert.Contains(t, string(svc), "Lucía Díaz")
}

func TestSatisfactionReportEmptyMonthSaysSo(t *testing.T) {
	dir := satDeployment(t)
	out := filepath.Join(dir, "out")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"--lang", "en", "satisfaction", "report", "--config", filepath.Join(dir, "deployment.yaml"), "--out", out,
		"--format", "md", "--period", "2025-11"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	cmi, err := os.ReadFile(filepath.Join(out, "md", "satisfaction-cmi.md"))
	require.NoError(t, err)
	assert.Contains(t, string(cmi), "the report is empty")
	assert.NotContains(t, string(cmi), "NaN")
}

func TestSatisfactionReportBadArguments(t *testing.T) {
	dir := satDeployment(t)
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"satisfaction"}, 2, "Uso"},
		{[]string{"satisfaction", "report", "--format", "pdf"}, 2, "pdf"},
		{[]string{"satisfaction", "report", "--config", filepath.Join(dir, "deployment.yaml"), "--period", "2026-13"}, 2, "AAAA-MM"},
		{[]string{"satisfaction", "report", "--config", filepath.Join(dir, "deployment.yaml"), "--period", "2026-03", "--from", "2026-03-01"}, 2, "--period"},
		{[]string{"satisfaction", "report", "--config", filepath.Join(dir, "missing.yaml")}, 1, "missing.yaml"},
	}
	for _, tc := range cases {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tc.args, &stdout, &stderr)
		assert.Equal(t, tc.code, code, "%v: %s", tc.args, stderr.String())
		assert.Contains(t, stderr.String(), tc.msg, "%v", tc.args)
	}
}
