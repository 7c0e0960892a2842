package main

import (
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

// withDeployment opens the deployment at path for fn, as an agency's web
// intake or a clerk would, and closes it.
func withDeployment(t *testing.T, path string, fn func(ctx context.Context, d *deployed)) {
	t.Helper()
	e, _, _ := testEnv()
	d, err := openDeployment(context.Background(), e, path)
	require.NoError(t, err)
	defer func() { require.NoError(t, d.Close()) }()
	fn(context.Background(), d)
}

func TestRunQuarantinesPoisonTicketsAndFilesTheGoodOnes(t *testing.T) {
	path := runDeployment(t, "citizen")
	bad := map[string]string{}
	withDeployment(t, path, func(ctx context.Context, d *deployed) {
		for i := range 10 {
			_, err := d.tickets.Create(ctx, relaciona.NewTicket{Queue: "pqrsd", Subject: "Solicitud", Body: "Texto", Requester: "c@example.co",
				Fields: map[string]string{"pqrsd_type": []string{"peticion", "queja"}[i%2]}})
			require.NoError(t, err)
		}
		for field, n := range map[string]relaciona.NewTicket{
			"body":       {Queue: "pqrsd", Subject: "Larga", Body: strings.Repeat("a", citizen.MaxDescription+1)},
			"subject":    {Queue: "pqrsd", Subject: strings.Repeat("s", 501), Body: "Texto"},
			"pqrsd_type": {Queue: "pqrsd", Subject: "Tipo", Body: "Texto", Fields: map[string]string{"pqrsd_type": "xyz"}},
		} {
			tk, err := d.tickets.Create(ctx, n)
			require.NoError(t, err)
			bad[field] = tk.ID
		}
	})
	now := time.Now()
	today, tomorrow := now.Format(time.DateOnly), now.AddDate(0, 0, 1).Format(time.DateOnly)

	code, out, errOut := runCLI(t, "run", "--config", path, "--at", today)
	require.Equal(t, 0, code, "a run with items in quarantine did its work; stderr: %s", errOut)
	assert.Contains(t, out, "10 PQRSD radicadas desde tickets")
	assert.Contains(t, out, "en cuarentena: 3 elementos")
	for field, id := range bad {
		assert.Contains(t, out, citizen.TicketSource+" "+id+": "+field+": ", "one line per item, naming the ticket and its field")
	}
	assert.NotContains(t, out, "[", "the error names the ticket, not an index")
	month := now.AddDate(0, 0, -now.Day()) // the last day of the month before
	index, err := os.ReadFile(filepath.Join(filepath.Dir(path), "reports", month.Format("2006-01"), "index.html"))
	require.NoError(t, err, "the month's reports are written")
	assert.Contains(t, string(index), "En cuarentena")
	for _, id := range bad {
		assert.Contains(t, string(index), id)
	}

	// The same date again: nothing new, nothing written.
	entries := auditEntries(t, path)
	code, out, errOut = runCLI(t, "run", "--config", path, "--at", today)
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.NotContains(t, out, "radicadas desde tickets")
	assert.Contains(t, out, "en cuarentena: 3 elementos")
	assert.Equal(t, entries, auditEntries(t, path), "a second run of the date changes nothing")

	// Fixed in the desk: filed by the next day's run and released; the
	// others stay, tried twice.
	withDeployment(t, path, func(ctx context.Context, d *deployed) {
		_, err := d.tickets.Update(ctx, bad["pqrsd_type"], relaciona.Update{Fields: map[string]string{"pqrsd_type": "reclamo"}})
		require.NoError(t, err)
	})
	code, out, errOut = runCLI(t, "run", "--config", path, "--at", tomorrow)
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "1 PQRSD radicadas desde tickets")
	assert.Contains(t, out, "en cuarentena: 2 elementos")
	assert.NotContains(t, out, citizen.TicketSource+" "+bad["pqrsd_type"]+":")
	withDeployment(t, path, func(ctx context.Context, d *deployed) {
		q := relaciona.NewQuarantine(d.store)
		_, err := q.Get(ctx, citizen.TicketSource, bad["pqrsd_type"])
		assert.ErrorIs(t, err, relaciona.ErrNotFound)
		for _, f := range []string{"body", "subject"} {
			e, err := q.Get(ctx, citizen.TicketSource, bad[f])
			require.NoError(t, err)
			assert.Equal(t, 2, e.Attempts, f)
		}
	})

	// An earlier date run again: it succeeds and writes nothing.
	entries = auditEntries(t, path)
	code, out, errOut = runCLI(t, "run", "--config", path, "--at", today)
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "ya se ejecutó")
	assert.Contains(t, out, "en cuarentena: 2 elementos")
	assert.Equal(t, entries, auditEntries(t, path))

	code, out, errOut = runCLI(t, "--lang", "en", "run", "--config", path, "--at", tomorrow)
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "in quarantine: 2 items")
}

// TestRunTwiceForADateWithTicketsFiled: filing stamped the next midnight
// put the log after the date, and the second run was refused.
func TestRunTwiceForADateWithTicketsFiled(t *testing.T) {
	path := runDeployment(t, "citizen")
	withDeployment(t, path, func(ctx context.Context, d *deployed) {
		_, err := d.tickets.Create(ctx, relaciona.NewTicket{Queue: "pqrsd", Subject: "Solicitud", Body: "Texto"})
		require.NoError(t, err)
	})
	today := time.Now().Format(time.DateOnly)
	date, err := calendar.ParseDate(today)
	require.NoError(t, err)
	code, out, errOut := runCLI(t, "run", "--config", path, "--at", today)
	require.Equal(t, 0, code, "stderr: %s", errOut)
	require.Contains(t, out, "1 PQRSD radicadas desde tickets")
	withDeployment(t, path, func(ctx context.Context, d *deployed) {
		loc, err := d.dep.Location()
		require.NoError(t, err)
		for e, err := range d.store.Audit(ctx, 1) {
			require.NoError(t, err)
			assert.False(t, calendar.DateOf(e.Time.In(loc)).After(date), "%s is stamped %s, after the run's date %s", e.Action, e.Time.In(loc), date)
		}
	})
	entries := auditEntries(t, path)
	code, _, errOut = runCLI(t, "run", "--config", path, "--at", today)
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Equal(t, entries, auditEntries(t, path), "the second run changes nothing")
}
