package relaciona_test

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/postgres"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// liveKinds are the kinds the live writer changes.
var liveKinds = []string{"live.pqrsd", "live.contact", "live.report"}

// liveWriter commits a batch every few milliseconds until ctx ends: each
// creates records of every kind, updates some and deletes one, as a web
// intake filing and editing PQRSD would. It returns how many batches it
// committed, and its first error.
func liveWriter(ctx context.Context, s *relaciona.Store, prefix string) (batches int, err error) {
	versions := map[[2]string]int64{}
	var keys [][2]string
	rnd := rand.New(rand.NewPCG(1, 2))
	for n := 0; ctx.Err() == nil; n++ {
		b := s.Begin(clerk, "live.write", "")
		touched := map[[2]string]bool{}
		for _, kind := range liveKinds {
			k := [2]string{kind, fmt.Sprintf("%s%06d", prefix, n)}
			b.Put(relaciona.Record{Kind: kind, ID: k[1], Attrs: map[string]string{"status": "open"},
				Time: time.Unix(int64(1_780_000_000+n), 0), Body: []byte(fmt.Sprintf(`{"n":%d}`, n))}, 0)
			touched[k] = true
			keys = append(keys, k)
			versions[k] = 0 // set after commit
		}
		var deleted [2]string
		for i := 0; i < 3 && len(keys) > 6; i++ {
			k := keys[rnd.IntN(len(keys)-3)]
			if touched[k] {
				continue
			}
			touched[k] = true
			if i == 2 {
				b.Delete(k[0], k[1], versions[k])
				deleted = k
				continue
			}
			b.Put(relaciona.Record{Kind: k[0], ID: k[1], Attrs: map[string]string{"status": "closed"},
				Time: time.Unix(int64(1_780_000_000+n), 0), Body: []byte(fmt.Sprintf(`{"n":%d,"edit":true}`, n))}, versions[k])
		}
		if _, err := b.Commit(ctx); err != nil {
			if ctx.Err() != nil {
				return batches, nil
			}
			return batches, fmt.Errorf("batch %d: %w", n, err)
		}
		batches++
		for k := range touched {
			versions[k]++
		}
		if deleted != ([2]string{}) {
			delete(versions, deleted)
			for i, k := range keys {
				if k == deleted {
					keys = append(keys[:i], keys[i+1:]...)
					break
				}
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(2 * time.Millisecond):
		}
	}
	return batches, nil
}

// fillLive writes n records of a kind of their own, so that each
// verification takes longer than the writer's pause between batches.
func fillLive(t *testing.T, s *relaciona.Store, n int) {
	t.Helper()
	prefix := fmt.Sprintf("f%d-", time.Now().UnixNano())
	for start := 0; start < n; start += 1000 {
		b := s.Begin(clerk, "live.fill", "")
		for i := start; i < min(n, start+1000); i++ {
			b.Put(relaciona.Record{Kind: "live.filler", ID: fmt.Sprintf("%s%06d", prefix, i), Body: []byte(`{"text":"relleno"}`)}, 0)
		}
		_, err := b.Commit(t.Context())
		require.NoError(t, err)
	}
}

// noSnapshot hides the driver's Snapshotter: verification then takes its
// fallback, reading the log and the records one after the other.
type noSnapshot struct{ driver.Store }

// verifyUnderWriter runs VerifyAudit and VerifyRecords tries times while
// liveWriter commits, and returns the alarms raised (stopping at the first
// when stopAtAlarm) and how many batches were committed meanwhile.
func verifyUnderWriter(t *testing.T, s *relaciona.Store, tries int, stopAtAlarm bool) (alarms []error, batches int) {
	t.Helper()
	fillLive(t, s, 5000)
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	var werr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		batches, werr = liveWriter(ctx, s, fmt.Sprintf("w%d-", time.Now().UnixNano()))
	}()
	time.Sleep(50 * time.Millisecond)
	for range tries {
		if _, err := s.VerifyAudit(t.Context()); err != nil {
			alarms = append(alarms, err)
		}
		if _, err := s.VerifyRecords(t.Context()); err != nil {
			alarms = append(alarms, err)
		}
		if stopAtAlarm && len(alarms) > 0 {
			break
		}
	}
	cancel()
	wg.Wait()
	require.NoError(t, werr, "the live writer")
	// Quiet now: the store is sound.
	_, err := s.VerifyAudit(t.Context())
	require.NoError(t, err, "VerifyAudit once the writer has stopped")
	_, err = s.VerifyRecords(t.Context())
	require.NoError(t, err, "VerifyRecords once the writer has stopped")
	return alarms, batches
}

// openLive opens the stores the live tests run on: a SQLite file, and the
// real PostgreSQL when PG_DSN is set.
func openLive(t *testing.T) map[string]driver.Store {
	t.Helper()
	ctx := context.Background()
	out := map[string]driver.Store{}
	d, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "live.db"))
	require.NoError(t, err)
	t.Cleanup(func() { d.Close() })
	out["sqlite"] = d
	if dsn := os.Getenv("PG_DSN"); dsn != "" {
		var rnd [6]byte
		_, _ = crand.Read(rnd[:])
		schema := "relaciona_live_" + hex.EncodeToString(rnd[:])
		p, err := postgres.Open(ctx, postgres.Options{DSN: dsn, Schema: schema})
		require.NoError(t, err)
		t.Cleanup(func() {
			assert.NoError(t, p.Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`))
			p.Close()
		})
		out["postgres"] = p
	} else {
		t.Log("PG_DSN is not set: the live verification runs on SQLite only")
	}
	return out
}

// TestVerifyUnderConcurrentWriter: a writer committing every few
// milliseconds (creating, updating and deleting records of three kinds)
// never makes VerifyAudit or VerifyRecords raise an alarm, in 20 tries, on
// a SQLite file and on PostgreSQL: both read one snapshot. Without the
// snapshot (the fallback path) the same run raises a false alarm, as the
// issue saw.
func TestVerifyUnderConcurrentWriter(t *testing.T) {
	for name, d := range openLive(t) {
		t.Run(name, func(t *testing.T) {
			s := relaciona.NewStore(d)
			alarms, batches := verifyUnderWriter(t, s, 20, false)
			assert.Empty(t, alarms, "no alarm while another writer commits (%d batches committed meanwhile)", batches)
			assert.Greater(t, batches, 20, "the writer committed while verification ran")
			t.Logf("20 verifications, %d batches committed meanwhile, no alarm", batches)
		})
		t.Run(name+"/without snapshot", func(t *testing.T) {
			s := relaciona.NewStore(noSnapshot{d})
			alarms, _ := verifyUnderWriter(t, s, 20, true)
			require.NotEmpty(t, alarms, "reading the log, then the records, without a snapshot raises a false alarm")
			assert.ErrorIs(t, alarms[0], relaciona.ErrAuditBroken)
			t.Logf("the fallback's false alarm: %v", alarms[0])
		})
	}
}
