package ticketsync_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
	"github.com/relaciona/relaciona/ticketsync"
)

// TestMain doubles as the child process of the kill -9 test.
func TestMain(m *testing.M) {
	if src := os.Getenv("TICKETSYNC_CHILD_SRC"); src != "" {
		os.Exit(child(src, os.Getenv("TICKETSYNC_CHILD_DST")))
	}
	os.Exit(m.Run())
}

// child syncs src (a desk) into dst slowly, so a kill lands anywhere.
func child(src, dst string) int {
	ctx := context.Background()
	ss, err := sqlite.Open(ctx, src)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	d, _ := desk.New(ss, desk.Options{})
	tk, _ := relaciona.NewTickets(d)
	st, err := relaciona.OpenStore(ctx, "sqlite://"+dst)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	_, err = ticketsync.Sync(ctx, tk, st, ticketsync.Options{Source: "desk", BatchSize: 37, Progress: func(ticketsync.Progress) {
		fmt.Println("batch") // tells the parent a batch was committed
		time.Sleep(time.Millisecond)
	}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

type env struct {
	src   driver.Store
	desk  *desk.Desk
	t     *relaciona.Tickets
	store *relaciona.Store
}

func newEnv(t testing.TB, dir string) *env {
	ctx := context.Background()
	if dir == "" {
		dir = t.TempDir()
	}
	ss, err := sqlite.Open(ctx, filepath.Join(dir, "src.db"))
	require.NoError(t, err)
	t.Cleanup(func() { ss.Close() })
	d, err := desk.New(ss, desk.Options{})
	require.NoError(t, err)
	tk, err := relaciona.NewTickets(d)
	require.NoError(t, err)
	st, err := relaciona.OpenStore(ctx, "sqlite://"+filepath.Join(dir, "dst.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return &env{src: ss, desk: d, t: tk, store: st}
}

func (e *env) importN(t testing.TB, n int, base time.Time) []driver.Ticket {
	in := make([]driver.Ticket, n)
	for i := range in {
		at := base.Add(time.Duration(i) * time.Second)
		in[i] = driver.Ticket{Subject: fmt.Sprintf("ticket %d", i), Body: "cuerpo", Requester: fmt.Sprintf("c%d", i%50),
			Fields: map[string]string{"canal": "web"}, Created: at, Updated: at, Status: []string{"new", "open", "resolved"}[i%3]}
	}
	out, err := e.desk.Import(context.Background(), in)
	require.NoError(t, err)
	return out
}

func auditLen(t testing.TB, s *relaciona.Store) int {
	n := 0
	for _, err := range s.Audit(context.Background(), 1) {
		require.NoError(t, err)
		n++
	}
	return n
}

// verify checks that the store holds each desk ticket exactly once, in its
// current state, that the checkpoint is the latest Updated, and that the
// audit chain verifies.
func (e *env) verify(t testing.TB) {
	ctx := context.Background()
	want := map[string]driver.Ticket{}
	var latest time.Time
	require.NoError(t, e.desk.Changes(ctx, time.Time{}, func(tk driver.Ticket) error {
		want[ticketsync.RecordID("desk", tk.ID)] = tk
		if tk.Updated.After(latest) {
			latest = tk.Updated
		}
		return nil
	}))
	got := map[string]ticketsync.Ticket{}
	for r, err := range e.store.Scan(ctx, ticketsync.KindTicket, relaciona.Filter{Attrs: map[string]string{"source": "desk"}}) {
		require.NoError(t, err)
		_, dup := got[r.ID]
		require.False(t, dup, "ticket %s stored twice", r.ID)
		var x ticketsync.Ticket
		require.NoError(t, json.Unmarshal(r.Body, &x))
		got[r.ID] = x
	}
	require.Len(t, got, len(want), "every ticket exactly once")
	for id, w := range want {
		g, ok := got[id]
		if !assert.True(t, ok, "ticket %s synced", id) {
			continue
		}
		assert.Equal(t, w.Subject, g.Subject)
		assert.Equal(t, w.Status, g.Native)
		assert.True(t, w.Updated.Equal(g.Updated), "ticket %s in its latest state", id)
	}
	cp, err := ticketsync.LoadCheckpoint(ctx, e.store, "desk")
	require.NoError(t, err)
	assert.True(t, latest.Equal(cp.Updated), "checkpoint %s is the latest Updated %s", cp.Updated, latest)
	_, err = e.store.VerifyAudit(ctx)
	require.NoError(t, err, "the audit chain verifies")
}

func TestSyncIsIncrementalAndIdempotent(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "")
	base := time.Now().Add(-24 * time.Hour).UTC()
	made := e.importN(t, 2500, base)

	res, err := ticketsync.Sync(ctx, e.t, e.store, ticketsync.Options{Source: "desk", BatchSize: 1000})
	require.NoError(t, err)
	assert.Equal(t, 2500, res.Written)
	assert.Equal(t, 3, res.Batches)
	e.verify(t)

	// A re-run changes nothing: no versions, no audit entries.
	before := auditLen(t, e.store)
	res, err = ticketsync.Sync(ctx, e.t, e.store, ticketsync.Options{Source: "desk"})
	require.NoError(t, err)
	assert.Equal(t, 0, res.Written, "a re-run writes nothing")
	assert.Equal(t, 0, res.Batches)
	assert.Equal(t, before, auditLen(t, e.store), "a re-run adds no audit entry")

	// One ticket changes twice: the next run writes it once, at version 2.
	s := "closed"
	_, err = e.desk.Update(ctx, made[10].ID, driver.TicketUpdate{Status: &s})
	require.NoError(t, err)
	require.NoError(t, e.desk.Comment(ctx, made[10].ID, driver.Comment{Body: "nota"}))
	res, err = ticketsync.Sync(ctx, e.t, e.store, ticketsync.Options{Source: "desk"})
	require.NoError(t, err)
	assert.Equal(t, 1, res.Written)
	r, err := e.store.Get(ctx, ticketsync.KindTicket, ticketsync.RecordID("desk", made[10].ID))
	require.NoError(t, err)
	assert.Equal(t, int64(2), r.Version)
	assert.Equal(t, "closed", r.Attrs["status"])
	e.verify(t)
}

// wholeSeconds is a ticket system that keeps whole seconds and lists the
// tickets it has in a fixed order (the Redmine case).
type wholeSeconds struct {
	driver.Tickets
	ts []driver.Ticket
}

func (w *wholeSeconds) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	ts := append([]driver.Ticket(nil), w.ts...)
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Updated.Before(ts[j].Updated) })
	for _, t := range ts {
		if !t.Updated.Before(since) {
			if err := fn(t); err != nil {
				return err
			}
		}
	}
	return nil
}

func TestOverlapCatchesTicketsInTheSameSecond(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "")
	sec := time.Date(2026, 3, 4, 10, 0, 5, 0, time.UTC)
	ws := &wholeSeconds{ts: []driver.Ticket{
		{ID: "1", Subject: "a", Status: "new", Created: sec, Updated: sec},
		{ID: "2", Subject: "b", Status: "new", Created: sec, Updated: sec},
	}}
	tk, err := relaciona.NewTickets(ws)
	require.NoError(t, err)
	res, err := ticketsync.Sync(ctx, tk, e.store, ticketsync.Options{Source: "rm"})
	require.NoError(t, err)
	require.Equal(t, 2, res.Written)
	// A ticket stamped with the same second commits after the first run,
	// and one committed late with an earlier time.
	ws.ts = append(ws.ts, driver.Ticket{ID: "3", Subject: "c", Status: "new", Created: sec, Updated: sec},
		driver.Ticket{ID: "4", Subject: "d", Status: "new", Created: sec, Updated: sec.Add(-30 * time.Second)})
	res, err = ticketsync.Sync(ctx, tk, e.store, ticketsync.Options{Source: "rm"})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Written, "the overlap picks up both late tickets")
	assert.Equal(t, 4, res.Seen)
	assert.Equal(t, 2, res.Unchanged, "and de-duplicates the ones it had")
	n, err := e.store.Count(ctx, ticketsync.KindTicket, relaciona.Filter{Attrs: map[string]string{"source": "rm"}})
	require.NoError(t, err)
	assert.Equal(t, int64(4), n)
	// A listing that repeats a ticket (inclusive windows) stores it once.
	ws.ts = append(ws.ts, ws.ts[0])
	res, err = ticketsync.Sync(ctx, tk, e.store, ticketsync.Options{Source: "rm"})
	require.NoError(t, err)
	assert.Equal(t, 0, res.Written)
}

// failing lists n tickets, then fails as a server that went away.
type failing struct {
	driver.Tickets
	after int
}

func (f *failing) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	n := 0
	err := f.Tickets.Changes(ctx, since, func(t driver.Ticket) error {
		if n == f.after {
			return driver.Errorf(driver.ErrUnavailable, "connection reset")
		}
		n++
		return fn(t)
	})
	return err
}

func TestServerGoesAwayMidSync(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "")
	e.importN(t, 500, time.Now().Add(-time.Hour))
	tk, err := relaciona.NewTickets(&failing{Tickets: e.desk, after: 250})
	require.NoError(t, err)
	res, err := ticketsync.Sync(ctx, tk, e.store, ticketsync.Options{Source: "desk", BatchSize: 100})
	require.ErrorIs(t, err, relaciona.ErrUnavailable, "a typed error")
	assert.Equal(t, 200, res.Written, "the complete batches before the failure are kept")
	cp, err := ticketsync.LoadCheckpoint(ctx, e.store, "desk")
	require.NoError(t, err)
	assert.True(t, cp.Updated.Equal(res.Checkpoint))
	// The next run completes.
	_, err = ticketsync.Sync(ctx, e.t, e.store, ticketsync.Options{Source: "desk", BatchSize: 100})
	require.NoError(t, err)
	e.verify(t)
}

func TestUnmappedStatusStopsWithANamedError(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "")
	ws := &wholeSeconds{ts: []driver.Ticket{{ID: "9", Subject: "x", Status: "stalled", Updated: time.Now()}}}
	tk, err := relaciona.NewTickets(ws)
	require.NoError(t, err)
	_, err = ticketsync.Sync(ctx, tk, e.store, ticketsync.Options{Source: "rt"})
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "stalled")
	assert.Contains(t, err.Error(), "9")
}

func TestInvalidSource(t *testing.T) {
	e := newEnv(t, "")
	for _, s := range []string{"", "a:b", "a/b", "a b"} {
		_, err := ticketsync.Sync(context.Background(), e.t, e.store, ticketsync.Options{Source: s})
		assert.ErrorIs(t, err, relaciona.ErrInvalid, "source %q", s)
	}
}

func TestProgress(t *testing.T) {
	e := newEnv(t, "")
	e.importN(t, 300, time.Now().Add(-300*time.Second))
	var ps []ticketsync.Progress
	_, err := ticketsync.Sync(context.Background(), e.t, e.store, ticketsync.Options{Source: "desk", BatchSize: 100, Progress: func(p ticketsync.Progress) { ps = append(ps, p) }})
	require.NoError(t, err)
	require.Len(t, ps, 4, "one report per batch and one at the end")
	assert.Equal(t, 100, ps[0].Seen)
	assert.Greater(t, ps[0].ETA, time.Duration(0), "an ETA once the stream has moved")
	assert.True(t, ps[3].Done)
	assert.Equal(t, 300, ps[3].Seen)
	assert.Equal(t, time.Duration(0), ps[3].ETA)
	assert.Greater(t, ps[3].Rate, 0.0)
}

// TestKilledSyncResumes kills a syncing child process with SIGKILL at
// random points, changes tickets between runs, and checks that the final
// run leaves every ticket exactly once, in its latest state.
func TestKilledSyncResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; slow")
	}
	dir := t.TempDir()
	e := newEnv(t, dir)
	made := e.importN(t, 3000, time.Now().Add(-10*time.Hour))
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	killed, partial := 0, 0
	for round := range 10 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "TICKETSYNC_CHILD_SRC="+filepath.Join(dir, "src.db"), "TICKETSYNC_CHILD_DST="+filepath.Join(dir, "dst.db"))
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		// Kill after a random number of committed batches (the child
		// prints a line after each), then a random moment more: a kill
		// lands mid-run whatever the machine's speed.
		lines := bufio.NewScanner(out)
		for k := 1 + rng.IntN(12); k > 0 && lines.Scan(); k-- {
		}
		time.Sleep(time.Duration(rng.IntN(3)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err == nil {
			killed++
		}
		io.Copy(io.Discard, out)
		err = cmd.Wait()
		var ee *exec.ExitError
		if err != nil && !(errors.As(err, &ee) && !ee.Exited()) {
			t.Fatalf("round %d: child failed on its own: %v", round, err)
		}
		if n, err := e.store.Count(ctx, ticketsync.KindTicket, relaciona.Filter{}); err == nil && n > 0 && n < int64(len(made)) {
			partial++ // killed with part of the tickets stored
		}
		// Change a few tickets between runs.
		for range 5 {
			s := []string{"pending", "closed", "open"}[rng.IntN(3)]
			_, err := e.desk.Update(ctx, made[rng.IntN(len(made))].ID, driver.TicketUpdate{Status: &s})
			require.NoError(t, err)
		}
	}
	t.Logf("killed %d of 10 child syncs, %d of them with part of the tickets stored", killed, partial)
	require.Positive(t, partial, "at least one child was killed mid-run")
	_, err := ticketsync.Sync(ctx, e.t, e.store, ticketsync.Options{Source: "desk"})
	require.NoError(t, err)
	e.verify(t)
	before := auditLen(t, e.store)
	res, err := ticketsync.Sync(ctx, e.t, e.store, ticketsync.Options{Source: "desk"})
	require.NoError(t, err)
	assert.Equal(t, 0, res.Written)
	assert.Equal(t, before, auditLen(t, e.store))
}

// BenchmarkDeskToSQLite syncs 10,000 changed tickets from a desk (its own
// SQLite file) into another SQLite store, in process.
func BenchmarkDeskToSQLite(b *testing.B) {
	ctx := context.Background()
	var elapsed time.Duration
	for i := range b.N {
		b.StopTimer()
		e := newEnv(b, filepath.Join(b.TempDir()))
		_ = i
		e.importN(b, 10000, time.Now().Add(-20000*time.Second))
		b.StartTimer()
		start := time.Now()
		res, err := ticketsync.Sync(ctx, e.t, e.store, ticketsync.Options{Source: "desk"})
		elapsed += time.Since(start)
		require.NoError(b, err)
		require.Equal(b, 10000, res.Written)
	}
	b.ReportMetric(float64(10000*b.N)/elapsed.Seconds(), "tickets/s")
}

func TestSyncStampsItsAuditEntriesAtOptionsAt(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "")
	e.importN(t, 3, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	at := time.Date(2026, 3, 2, 23, 59, 59, 999999000, time.UTC)
	res, err := ticketsync.Sync(ctx, e.t, e.store, ticketsync.Options{Source: "desk", At: at})
	require.NoError(t, err)
	require.Equal(t, 3, res.Written)
	sum, err := e.store.VerifyAudit(ctx)
	require.NoError(t, err)
	assert.True(t, at.Equal(sum.Last), "the sync's entry is stamped at Options.At, got %s", sum.Last)
}
