package main

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/deployment"
)

// withRetention rewrites the personal_data section of the deployment at
// path to rules (YAML list items), or drops it when rules is empty.
func withRetention(t *testing.T, path string, rules ...string) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	y, _, _ := strings.Cut(string(b), "personal_data:\n")
	if len(rules) > 0 {
		y += "personal_data:\n  retention:\n"
		for _, r := range rules {
			y += "    - " + r + "\n"
		}
	}
	require.NoError(t, os.WriteFile(path, []byte(y), 0o644))
}

// The scheduled job applies the retention sweep for its date when the
// deployment has a personal_data section: it says how many records it
// anonymised and which fields (never a value); a second run of the date
// anonymises nothing; a run stopped mid-sweep (its first kinds' pages
// committed, the run not marked done) is finished by the next run; without
// the section the run sweeps nothing.
func TestRunSweepsPersonalDataPastRetention(t *testing.T) {
	path, _ := subjectDeployment(t) // a PQRSD of carmen@example.co, filed 2026-03-02
	// kinds lists the record kinds that still name carmen, or nil.
	kinds := func() []string {
		code, out, _ := runCLI(t, "subject", "export", "--config", path, "--actor", "dpo", "--id", "carmen@example.co", "--date", "2028-01-03")
		if code != 0 {
			return nil
		}
		var x relaciona.SubjectExport
		require.NoError(t, json.Unmarshal([]byte(out), &x))
		var ks []string
		for _, r := range x.Records {
			ks = append(ks, r.Kind)
		}
		return ks
	}
	// And a ticket of hers in the built-in desk.
	withDeployment(t, path, func(ctx context.Context, d *deployed) {
		_, err := d.tickets.Create(ctx, relaciona.NewTicket{Queue: "general", Subject: "Consulta", Requester: "carmen@example.co"})
		require.NoError(t, err)
	})

	// Without a personal_data section, nothing is swept, even long after.
	withRetention(t, path)
	code, out, errOut := runCLI(t, "run", "--config", path, "--at", "2027-06-01")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.NotContains(t, out, "conservación de datos personales")
	require.Contains(t, kinds(), "citizen.pqrsd")
	require.Contains(t, kinds(), "desk.ticket")

	// Retention of one year. A written rule for a kind no process holds,
	// sorted between citizen.pqrsd and desk.ticket, stops the sweep after
	// citizen.pqrsd's page is committed: the run fails, is not marked
	// done, and the desk ticket is not swept yet.
	pqrsd, desk := "{kind: citizen.pqrsd, keep_for: 1y, keep_fields: [type]}", "{kind: desk.ticket, keep_for: 1y}"
	withRetention(t, path, pqrsd, "{kind: citizen.zz_typo, keep_for: 1y}", desk)
	code, _, errOut = runCLI(t, "run", "--config", path, "--at", "2028-01-03")
	require.Equal(t, 1, code)
	assert.Contains(t, errOut, "citizen.zz_typo")
	left := kinds()
	assert.NotContains(t, left, "citizen.pqrsd", "the PQRSD's page was committed before the stop")
	assert.Contains(t, left, "desk.ticket", "the sweep stopped before the desk tickets")
	withDeployment(t, path, func(ctx context.Context, d *deployed) {
		done, err := runDone(ctx, d.store, mustDate(t, "2028-01-03"))
		require.NoError(t, err)
		assert.False(t, done, "a run stopped mid-sweep is not done")
	})

	// The next run of the date finishes the sweep where it stopped, and
	// the run is done; its summary names fields, never a value.
	withRetention(t, path, pqrsd, desk)
	code, out, errOut = runCLI(t, "run", "--config", path, "--at", "2028-01-03")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "conservación de datos personales: 1 registros anonimizados")
	assert.Contains(t, out, "requester")
	assert.Nil(t, kinds(), "nothing names her any more")
	for _, v := range []string{"carmen", "Carmen", "3001234567", "Calle 5"} {
		assert.NotContains(t, out, v, "no personal datum in the summary")
		assert.NotContains(t, errOut, v, "no personal datum in the log")
	}
	entries := auditEntries(t, path)

	// Idempotent: the same date again anonymises nothing, writes nothing.
	code, out, errOut = runCLI(t, "run", "--config", path, "--at", "2028-01-03")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "conservación de datos personales: 0 registros anonimizados")
	assert.Equal(t, entries, auditEntries(t, path))
	code, _, errOut = runCLI(t, "verify", "--config", path)
	require.Equal(t, 0, code, "the audit still verifies: %s", errOut)
}

// A run's sweep anonymises what the retention names and no more: the
// summary counts the PQRSD past its year, not before it.
func TestRunSweepSummary(t *testing.T) {
	path, _ := subjectDeployment(t)
	withRetention(t, path, "{kind: citizen.pqrsd, keep_for: 1y, keep_fields: [type]}")
	tests := []struct {
		date string
		want string
	}{
		{"2027-03-01", "conservación de datos personales: 0 registros anonimizados, 0 retenidos por un término legal"},
		{"2027-03-03", "conservación de datos personales: 1 registros anonimizados, 0 retenidos por un término legal (campos borrados: "},
		{"2027-03-04", "conservación de datos personales: 0 registros anonimizados"},
	}
	for _, tc := range tests {
		code, out, errOut := runCLI(t, "run", "--config", path, "--at", tc.date)
		require.Equal(t, 0, code, "stderr: %s", errOut)
		assert.Contains(t, out, tc.want, tc.date)
	}
	code, out, _ := runCLI(t, "--lang", "en", "run", "--config", path, "--at", "2027-03-05")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "personal-data retention: 0 records anonymised, 0 held by a legal term")
}

func mustDate(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	require.NoError(t, err)
	return d
}

// A run for a past date stamps its sweep within that date, as its other
// changes: the next date still runs (stamped now, the sweep would put the
// log's last change after it, and the run would be refused as before the
// data).
func TestRunSweepIsStampedOnItsDate(t *testing.T) {
	path, _ := subjectDeployment(t) // filed 2026-03-02
	withRetention(t, path, "{kind: citizen.pqrsd, keep_for: 90d}")
	code, out, errOut := runCLI(t, "run", "--config", path, "--at", "2026-06-01")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	require.Contains(t, out, "conservación de datos personales: 1 registros anonimizados")
	code, _, errOut = runCLI(t, "run", "--config", path, "--at", "2026-06-02")
	require.Equal(t, 0, code, "stderr: %s", errOut)

	dep, err := deployment.Load(path, relaciona.Spanish)
	require.NoError(t, err)
	s, err := relaciona.OpenStore(t.Context(), dep.Store)
	require.NoError(t, err)
	defer s.Close()
	loc, err := dep.Location()
	require.NoError(t, err)
	sweeps := 0
	for en, err := range s.Audit(t.Context(), 0) {
		require.NoError(t, err)
		if en.Action == relaciona.ActionSubjectSweep {
			sweeps++
			assert.Equal(t, "2026-06-01", en.Time.In(loc).Format(time.DateOnly), "the sweep is stamped on its run's date")
		}
	}
	assert.Equal(t, 1, sweeps)
}
