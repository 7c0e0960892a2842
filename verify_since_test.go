package relaciona_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// sinceStore is a SQLite file store with notes a..e written (b updated, e
// deleted) and verified in full; it returns the checkpoint, then writes
// after it: f created, c updated, d deleted, one entry each.
func sinceStore(t *testing.T) (context.Context, *sqlite.Store, *relaciona.Store, relaciona.AuditCheckpoint) {
	t.Helper()
	ctx := context.Background()
	d, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	require.NoError(t, err)
	s, cp := sinceStoreOn(t, d)
	return ctx, d, s, cp
}

// seedFiveNotes writes notes a to e, one commit each, then in one commit
// changes b and deletes e: six audit entries, four records.
func seedFiveNotes(t *testing.T, s *relaciona.Store) {
	t.Helper()
	c := notes(s)
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		b := s.Begin(clerk, "note.create", "")
		c.Put(b, &note{ID: id, Text: "hola " + id}, 0)
		_, err := b.Commit(context.Background())
		require.NoError(t, err)
	}
	b := s.Begin(clerk, "note.update", "")
	c.Put(b, &note{ID: "b", Text: "changed"}, 1)
	c.Delete(b, "e", 1)
	_, err := b.Commit(context.Background())
	require.NoError(t, err)
}

// sinceStoreOn is sinceStore on any driver.
func sinceStoreOn(t *testing.T, d driver.Store) (*relaciona.Store, relaciona.AuditCheckpoint) {
	t.Helper()
	ctx := context.Background()
	s := relaciona.NewStore(d)
	t.Cleanup(func() { s.Close() })
	c := notes(s)
	commit := func(fn func(b *relaciona.Batch)) {
		b := s.Begin(clerk, "note.write", "")
		fn(b)
		_, err := b.Commit(ctx)
		require.NoError(t, err)
	}
	seedFiveNotes(t, s)
	cp, st, err := s.VerifySince(ctx, relaciona.AuditCheckpoint{})
	require.NoError(t, err)
	assert.Equal(t, relaciona.VerifyStats{Full: true, Entries: 6, Records: 4}, st, "the first check is full: a, b, c, d")
	require.Equal(t, int64(6), cp.Seq)
	require.Len(t, cp.Hash, 32)

	commit(func(b *relaciona.Batch) { c.Put(b, &note{ID: "f", Text: "hola f"}, 0) })
	commit(func(b *relaciona.Batch) { c.Put(b, &note{ID: "c", Text: "changed"}, 1) })
	commit(func(b *relaciona.Batch) { c.Delete(b, "d", 1) })
	return s, cp
}

func TestVerifySinceChecksTheChangesAfterTheCheckpoint(t *testing.T) {
	tests := []tamperCase{
		{"untouched", "", "", ""},
		{"body of a record changed since", `UPDATE records SET body = X'7B7D' WHERE kind = 'test.note' AND id = 'c'`, "c", "body, attributes or time are not the ones written"},
		{"version of a record created since", `UPDATE records SET version = 7 WHERE kind = 'test.note' AND id = 'f'`, "f", "version is 7, the log last wrote 1"},
		{"record created since removed", `DELETE FROM records WHERE kind = 'test.note' AND id = 'f'`, "f", "it is missing"},
		{"record deleted since put back", `INSERT INTO records (kind, id, version, t, attrs, body) VALUES ('test.note', 'd', 1, 0, X'', X'7B7D')`, "d", "never wrote it, or deleted it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, d, s, cp := sinceStore(t)
			if tt.tamper != "" {
				require.NoError(t, d.Exec(ctx, tt.tamper))
			}
			next, st, err := s.VerifySince(ctx, cp)
			if tt.tamper != "" {
				checkMismatch(t, err, "test.note", tt.id, tt.what)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, relaciona.VerifyStats{Entries: 3, Records: 2}, st, "f and c read; d deleted and absent")
			assert.Equal(t, int64(9), next.Seq)
			again, st, err := s.VerifySince(ctx, next)
			require.NoError(t, err)
			assert.Equal(t, next, again, "nothing new: the same head")
			assert.Equal(t, relaciona.VerifyStats{}, st)
		})
	}
}

// A record changed before the checkpoint and untouched since is not read
// by the incremental check: only the full one finds a change made to it.
func TestVerifySinceLeavesRecordsBeforeTheCheckpointToTheFullCheck(t *testing.T) {
	ctx, d, s, cp := sinceStore(t)
	require.NoError(t, d.Exec(ctx, `UPDATE records SET body = X'7B7D' WHERE kind = 'test.note' AND id = 'a'`))
	_, _, err := s.VerifySince(ctx, cp)
	require.NoError(t, err, "a was last written before the checkpoint")
	_, st, err := s.VerifySince(ctx, relaciona.AuditCheckpoint{})
	checkMismatch(t, err, "test.note", "a", "body, attributes or time are not the ones written")
	assert.True(t, st.Full)
}

func TestVerifySinceFindsTheStoreWentBack(t *testing.T) {
	t.Run("last entry truncated with the records it wrote", func(t *testing.T) {
		ctx, d, s, _ := sinceStore(t)
		cp, _, err := s.VerifySince(ctx, relaciona.AuditCheckpoint{})
		require.NoError(t, err)
		require.Equal(t, int64(9), cp.Seq, "entry 9 deleted d")
		// Undo entry 9 as if it never happened: the entry goes, d comes
		// back as entry 3 wrote it. The log and the records agree.
		require.NoError(t, d.Exec(ctx, `DELETE FROM audit WHERE seq = 9`))
		require.NoError(t, d.Exec(ctx, `INSERT INTO records (kind, id, version, t, attrs, body) SELECT kind, 'd', 1, t, attrs, CAST('{"id":"d","status":"","at":"0001-01-01T00:00:00Z","text":"hola d"}' AS BLOB) FROM records WHERE kind = 'test.note' AND id = 'a'`))
		require.NoError(t, d.Exec(ctx, `INSERT INTO attrs (kind, name, value, id) SELECT kind, name, value, 'd' FROM attrs WHERE kind = 'test.note' AND id = 'a'`))
		_, err = s.VerifyAudit(ctx)
		require.NoError(t, err, "the truncated log is a valid chain")
		_, err = s.VerifyRecords(ctx)
		require.NoError(t, err, "and the records match it: nothing but the head can tell")

		_, _, err = s.VerifySince(ctx, cp)
		var he *relaciona.HeadError
		require.ErrorAs(t, err, &he)
		assert.ErrorIs(t, err, relaciona.ErrAuditBroken)
		assert.Equal(t, int64(9), he.Seq)
		assert.Contains(t, err.Error(), "went back")
		assert.Contains(t, he.Problem(relaciona.Spanish), "retrocedió")
	})
	t.Run("entry seen after the verified one removed", func(t *testing.T) {
		ctx, d, s, cp := sinceStore(t)
		h, err := s.AdvanceHead(ctx, relaciona.AuditHead{Verified: cp, Seen: cp})
		require.NoError(t, err)
		assert.Equal(t, cp, h.Verified, "advancing does not verify records")
		assert.Equal(t, int64(9), h.Seen.Seq)
		require.NoError(t, d.Exec(ctx, `DELETE FROM audit WHERE seq >= 8`))
		_, _, err = s.VerifyHead(ctx, h)
		var he *relaciona.HeadError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, int64(9), he.Seq)
		assert.Equal(t, int64(7), he.Last)
		assert.Contains(t, err.Error(), "the verified head reaches entry 9 and the log ends at entry 7")
	})
	t.Run("checkpoint entry rewritten with its hash recomputed", func(t *testing.T) {
		ctx, d, s, cp := sinceStore(t)
		var e relaciona.AuditEntry
		for a, err := range s.Audit(ctx, cp.Seq) {
			require.NoError(t, err)
			e = a
			break
		}
		de := driver.AuditEntry{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Action: e.Action, Reason: "rewritten", PrevHash: e.PrevHash}
		for _, c := range e.Changes {
			de.Changes = append(de.Changes, driver.Change{Kind: c.Kind, ID: c.ID, Before: c.Before, After: c.After, Digest: c.Digest})
		}
		require.NoError(t, d.Exec(ctx, `UPDATE audit SET reason = 'rewritten', hash = ? WHERE seq = ?`, driver.AuditHash(e.PrevHash, &de), cp.Seq))
		_, _, err := s.VerifySince(ctx, cp)
		var he *relaciona.HeadError
		require.ErrorAs(t, err, &he)
		assert.True(t, he.Diverged)
		assert.Contains(t, err.Error(), "diverged")
	})
	t.Run("entry after the checkpoint altered", func(t *testing.T) {
		ctx, d, s, cp := sinceStore(t)
		require.NoError(t, d.Exec(ctx, `UPDATE audit SET reason = 'x' WHERE seq = 8`))
		_, _, err := s.VerifySince(ctx, cp)
		var ae *relaciona.AuditError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, int64(8), ae.Seq)
	})
	t.Run("whole log gone", func(t *testing.T) {
		ctx, d, s, cp := sinceStore(t)
		require.NoError(t, d.Exec(ctx, `DELETE FROM audit`))
		_, _, err := s.VerifySince(ctx, cp)
		var he *relaciona.HeadError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, int64(-1), he.Last)
		assert.Contains(t, err.Error(), "no longer has entry 6")
	})
}

func TestVerifySinceRefusesBadCheckpoints(t *testing.T) {
	s := openMem(t)
	ctx := context.Background()
	for name, cp := range map[string]relaciona.AuditCheckpoint{
		"negative":          {Seq: -1},
		"hash at zero":      {Hash: make([]byte, 32)},
		"short hash":        {Seq: 3, Hash: []byte{1, 2}},
		"missing hash":      {Seq: 3},
		"seen before":       {},
		"seen another hash": {},
	} {
		t.Run(name, func(t *testing.T) {
			var err error
			switch name {
			case "seen before":
				_, _, err = s.VerifyHead(ctx, relaciona.AuditHead{Verified: relaciona.AuditCheckpoint{Seq: 2, Hash: make([]byte, 32)}, Seen: relaciona.AuditCheckpoint{Seq: 1, Hash: make([]byte, 32)}})
			case "seen another hash":
				_, err = s.AdvanceHead(ctx, relaciona.AuditHead{Verified: relaciona.AuditCheckpoint{Seq: 2, Hash: make([]byte, 32)}, Seen: relaciona.AuditCheckpoint{Seq: 2, Hash: append(make([]byte, 31), 1)}})
			default:
				_, _, err = s.VerifySince(ctx, cp)
			}
			assert.ErrorIs(t, err, relaciona.ErrInvalid)
		})
	}
}

// VerifyHead moves both points to the log's end; the records written
// between Verified and Seen (by the job that advanced the head) are
// checked by the next VerifyHead.
func TestVerifyHeadChecksWhatTheHeadOnlySaw(t *testing.T) {
	ctx, d, s, cp := sinceStore(t)
	h, err := s.AdvanceHead(ctx, relaciona.AuditHead{Verified: cp, Seen: cp})
	require.NoError(t, err)
	require.NoError(t, d.Exec(ctx, `UPDATE records SET body = X'7B7D' WHERE kind = 'test.note' AND id = 'f'`))
	_, _, err = s.VerifyHead(ctx, h)
	checkMismatch(t, err, "test.note", "f", "body, attributes or time are not the ones written")

	require.NoError(t, d.Exec(ctx, `UPDATE records SET body = CAST('{"id":"f","status":"","at":"0001-01-01T00:00:00Z","text":"hola f"}' AS BLOB) WHERE kind = 'test.note' AND id = 'f'`))
	next, st, err := s.VerifyHead(ctx, h)
	require.NoError(t, err)
	assert.Equal(t, int64(2), st.Records)
	assert.Equal(t, int64(9), next.Verified.Seq)
	assert.Equal(t, next.Verified, next.Seen)
}
