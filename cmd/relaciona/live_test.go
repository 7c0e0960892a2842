package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
)

// fileEvery50ms files a PQRSD through the citizen package every 50 ms on
// the store file at path (its own connection, as a web intake in another
// process would have) until ctx ends, each received at the moment at. It
// returns how many it filed and its first error.
func fileEvery50ms(ctx context.Context, path string, at time.Time, loc *time.Location) (int, error) {
	cfg, err := citizen.LoadConfig(filepath.Join("..", "..", "examples", "citizen", "citizen.yaml"), relaciona.Spanish)
	if err != nil {
		return 0, err
	}
	store, err := relaciona.OpenStore(ctx, "sqlite://"+path)
	if err != nil {
		return 0, err
	}
	defer store.Close()
	cal, err := calendar.New(calendar.Colombia, calendar.Options{})
	if err != nil {
		return 0, err
	}
	s, err := citizen.New(store, cfg, cal, citizen.WithLocation(loc))
	if err != nil {
		return 0, err
	}
	clerk := relaciona.Actor{ID: "ana-atencion"} // citizen_service in the example's people
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	filed := 0
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return filed, nil
		case <-tick.C:
		}
		_, err := s.File(ctx, clerk, citizen.NewPQRSD{Type: citizen.Types()[i%len(citizen.Types())], Channel: "web",
			Subject: fmt.Sprintf("Solicitud %d", i), Requester: citizen.Requester{Name: "Carmen Ruiz"}, FiledAt: at}, at)
		if err != nil {
			if ctx.Err() != nil {
				return filed, nil
			}
			return filed, fmt.Errorf("PQRSD %d: %w", i, err)
		}
		filed++
	}
}

// fill writes n records of another kind, so that verifying the store
// takes long enough for the intake to file during it (an agency's store
// holds far more).
func fill(t *testing.T, path string, n int) {
	t.Helper()
	ctx := context.Background()
	store, err := relaciona.OpenStore(ctx, "sqlite://"+path)
	require.NoError(t, err)
	defer store.Close()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for start := 0; start < n; start += 2000 {
		b := store.Begin(relaciona.SystemActor(), "test.fill", "").At(at)
		for i := start; i < min(n, start+2000); i++ {
			b.Put(relaciona.Record{Kind: "test.filler", ID: fmt.Sprintf("f%06d", i), Time: at, Body: []byte(`{"text":"relleno"}`)}, 0)
		}
		_, err := b.Commit(ctx)
		require.NoError(t, err)
	}
}

// TestRunUnderConcurrentIntake: `relaciona run` while another connection
// to the same SQLite file files a PQRSD every 50 ms exits 0, with its
// records matching the audit log, every time (the issue saw "record … is
// not the one the audit log wrote" in 5 of 5 runs). The PQRSD are received
// on the run's own date, before the run, so that the data is never later
// than the date run for.
func TestRunUnderConcurrentIntake(t *testing.T) {
	tries := 20
	if testing.Short() {
		tries = 4
	}
	path := runDeployment(t, "citizen")
	// Every run compares the whole store with the log (the check the
	// issue saw fail), not only what changed since the last run.
	y, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, append(y, []byte("audit:\n  verify: full\n")...), 0o644))
	db := filepath.Join(filepath.Dir(path), "agency.db")
	code, _, errOut := runCLI(t, "run", "--config", path, "--at", "2026-03-02")
	require.Equal(t, 0, code, "the first run, alone: %s", errOut)
	fill(t, db, 20000)

	loc, err := time.LoadLocation("America/Bogota")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var wg sync.WaitGroup
	var filed int
	var ferr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		filed, ferr = fileEvery50ms(ctx, db, time.Date(2026, 3, 2, 8, 0, 0, 0, loc), loc)
	}()
	var failures []string
	for i := range tries {
		code, out, errOut := runCLI(t, "run", "--config", path, "--at", "2026-03-02")
		if code != 0 {
			failures = append(failures, fmt.Sprintf("run %d exited %d: %s", i+1, code, errOut))
			continue
		}
		assert.Contains(t, out, "coinciden con la auditoría", "run %d verified the records", i+1)
	}
	cancel()
	wg.Wait()
	require.NoError(t, ferr, "the concurrent intake")
	assert.Empty(t, failures, "every run under a concurrent intake exits 0 without an alarm")
	assert.Greater(t, filed, tries, "PQRSD were filed while the runs ran")
	t.Logf("%d runs, %d PQRSD filed meanwhile", tries, filed)

	// Quiet again, the store is sound.
	code, _, errOut = runCLI(t, "run", "--config", path, "--at", "2026-03-02")
	assert.Equal(t, 0, code, "a quiet run: %s", errOut)
	assert.False(t, errors.Is(ctx.Err(), context.DeadlineExceeded))
}
