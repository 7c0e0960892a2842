package conformance

import (
	"bytes"
	"errors"
	"maps"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// snapshotCommitWait is how long checkSnapshot waits, inside the snapshot,
// for a batch committed from outside. A store may make writers wait until
// a snapshot ends (in-memory SQLite has one connection): the batch is then
// still pending when the wait ends, which is as correct.
const snapshotCommitWait = time.Second

// snapView is what one pass of reads through a snapshot saw.
type snapView struct {
	got     []driver.Record // Get of every id
	scanned []driver.Record // Scan of the kind
	lent    []driver.Record // ScanLent of the kind (bodies copied), if offered
	entries []driver.AuditEntry
}

func readSnap(t *T, r driver.Reader, kind string, from int64) snapView {
	ctx := t.Context()
	var v snapView
	var err error
	v.got, err = r.Get(ctx, kind, []string{"a", "b", "c", "d"})
	require.NoError(t, err, "Get through the snapshot")
	require.NoError(t, r.Scan(ctx, driver.Query{Kind: kind}, func(rec driver.Record) error {
		v.scanned = append(v.scanned, rec)
		return nil
	}), "Scan through the snapshot")
	if ls, ok := r.(driver.LendingScanner); ok {
		require.NoError(t, ls.ScanLent(ctx, driver.Query{Kind: kind}, func(rec driver.Record) error {
			rec.Body = bytes.Clone(rec.Body)
			rec.Attrs = maps.Clone(rec.Attrs)
			v.lent = append(v.lent, rec)
			return nil
		}), "ScanLent through the snapshot")
	}
	require.NoError(t, r.ScanAudit(ctx, from, func(e driver.AuditEntry) error {
		v.entries = append(v.entries, e)
		return nil
	}), "ScanAudit through the snapshot")
	return v
}

// checkSnapshot: a batch committed while a snapshot is open is wholly
// invisible to it (its records and its audit entry), the records seen
// before are seen again unchanged, and once the snapshot ends the batch is
// seen. Every read of the snapshot agrees.
func checkSnapshot(t *T, e *storeEnv) {
	sn, ok := e.Store.(driver.Snapshotter)
	if !ok {
		t.Skip("the store offers no consistent snapshot (driver.Snapshotter)")
	}
	s, k := e.Store, e.kind("snap")
	ctx := t.Context()
	open := map[string]string{"status": "open"}
	apply(t, s, "snapshot.before",
		put(rec(k, "a", open, t0, `{"v":1}`), 0),
		put(rec(k, "b", open, t0.Add(time.Second), `{"v":1}`), 0),
		put(rec(k, "c", open, t0.Add(2*time.Second), `{"v":1}`), 0))
	head, _ := lastSeq(t, s)
	require.Positive(t, head, "the batch wrote an audit entry")

	// The batch committed from outside while the snapshot is open: it
	// updates a, deletes c and creates d.
	during := driver.Batch{
		Writes: []driver.Write{
			put(rec(k, "a", map[string]string{"status": "closed"}, t0, `{"v":2}`), 1),
			{Op: driver.OpDelete, Record: driver.Record{Kind: k, ID: "c"}, Expect: 1},
			put(rec(k, "d", open, t0.Add(3*time.Second), `{"v":1}`), 0),
		},
		Audit: driver.AuditEntry{Actor: "conformance", Action: "snapshot.during." + e.prefix, Reason: "conformance check", Time: t0},
	}
	committed := make(chan error, 1)
	started := false
	isDuring := func(en driver.AuditEntry) bool { return en.Action == during.Audit.Action }

	err := sn.Snapshot(ctx, func(r driver.Reader) error {
		first := readSnap(t, r, k, head)
		require.Equal(t, []string{"a", "b", "c"}, ids(first.got), "the snapshot sees the records committed before it")
		require.Equal(t, []string{"a", "b", "c"}, ids(first.scanned), "Scan through the snapshot sees the records committed before it")
		require.Len(t, first.entries, 1, "ScanAudit through the snapshot sees the log up to the last batch committed before it")
		require.Equal(t, head, first.entries[0].Seq)

		started = true
		go func() {
			_, err := s.Apply(ctx, during)
			committed <- err
		}()
		select {
		case err := <-committed:
			require.NoError(t, err, "the batch committed while the snapshot is open")
			committed <- nil // for the wait after the snapshot
		case <-time.After(snapshotCommitWait):
			// The store makes writers wait for the snapshot.
		case <-ctx.Done():
			return ctx.Err()
		}

		again := readSnap(t, r, k, head)
		assert.Equal(t, first.got, again.got, "Get through the snapshot: a batch committed meanwhile is not seen, the records are unchanged")
		assert.Equal(t, first.scanned, again.scanned, "Scan through the snapshot: a batch committed meanwhile is not seen, the records are unchanged")
		for _, en := range again.entries {
			assert.False(t, isDuring(en), "ScanAudit through the snapshot sees the audit entry of a batch committed after it began (seq %d)", en.Seq)
		}
		assert.Equal(t, first.entries, again.entries, "ScanAudit through the snapshot: the log is unchanged")
		if first.lent != nil || again.lent != nil {
			assert.Equal(t, first.scanned, first.lent, "ScanLent through the snapshot agrees with Scan")
			assert.Equal(t, again.scanned, again.lent, "ScanLent through the snapshot agrees with Scan")
		}
		return nil
	})
	require.NoError(t, err, "Snapshot")
	require.True(t, started, "Snapshot ran fn")

	select {
	case err := <-committed:
		require.NoError(t, err, "the batch committed while the snapshot was open")
	case <-ctx.Done():
		require.FailNow(t, "the batch committed while the snapshot was open did not finish once it ended")
	}
	// Once the snapshot has ended, the batch is seen, in both parts.
	got, err := s.Get(ctx, k, []string{"a", "b", "c", "d"})
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b", "d"}, ids(got), "after the snapshot the batch is seen")
	assert.Equal(t, int64(2), got[0].Version)
	assert.Equal(t, `{"v":2}`, string(got[0].Body))
	var seen bool
	for _, en := range auditFrom(t, s, head) {
		seen = seen || isDuring(en)
	}
	assert.True(t, seen, "after the snapshot the batch's audit entry is seen")

	// fn's error is Snapshot's.
	sentinel := errors.New("conformance: fn's own error")
	err = sn.Snapshot(ctx, func(driver.Reader) error { return sentinel })
	assert.ErrorIs(t, err, sentinel, "Snapshot returns fn's error")
}
