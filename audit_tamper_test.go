package relaciona_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/pgtest"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/postgres"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// tamperStore is a driver the tests can damage behind its back.
type tamperStore interface {
	driver.Store
	Exec(ctx context.Context, query string, args ...any) error
}

// tamperBackend opens a fresh store of one driver, and reopens it (a
// second process, without the first one's key).
type tamperBackend struct {
	name string
	open func(t *testing.T) (d tamperStore, reopen func() tamperStore)
	// rewrite stores entry e as given (changes, hashes, format, key id),
	// as someone with a database console would.
	rewrite func(ctx context.Context, d tamperStore, e driver.AuditEntry) error
	// cases damage note records; each must be found and named.
	cases []recordTamper
}

type recordTamper struct {
	name  string
	sql   string
	id    string
	cause relaciona.MismatchCause
}

// reopenable opens a store with open, closed when t ends, and gives the
// function that opens it again (a second process).
func reopenable(t *testing.T, open func(context.Context) (tamperStore, error)) (tamperStore, func() tamperStore) {
	reopen := func() tamperStore {
		d, err := open(context.Background())
		require.NoError(t, err)
		t.Cleanup(func() { d.Close() })
		return d
	}
	return reopen(), reopen
}

var testAuditKey = []byte("0123456789abcdef0123456789abcdef")

func sqliteBackend() tamperBackend {
	return tamperBackend{
		name: "sqlite",
		open: func(t *testing.T) (tamperStore, func() tamperStore) {
			path := filepath.Join(t.TempDir(), "tamper.db")
			return reopenable(t, func(ctx context.Context) (tamperStore, error) { return sqlite.Open(ctx, path) })
		},
		rewrite: func(ctx context.Context, d tamperStore, e driver.AuditEntry) error {
			cj, err := json.Marshal(e.Changes)
			if err != nil {
				return err
			}
			return d.Exec(ctx, `UPDATE audit SET changes = ?, prev_hash = ?, hash = ?, format = ?, key_id = ? WHERE seq = ?`, cj, e.PrevHash, e.Hash, e.Format, e.KeyID, e.Seq)
		},
		cases: []recordTamper{
			// The attribute index filters read, edited apart from the records.
			{"attrs row deleted", `DELETE FROM attrs WHERE kind = 'test.note' AND id = 'b' AND name = 'status'`, "b", relaciona.IndexDiffers},
			{"attrs row changed", `UPDATE attrs SET value = 'closed' WHERE kind = 'test.note' AND id = 'b' AND name = 'status'`, "b", relaciona.IndexDiffers},
			{"attrs row added", `INSERT INTO attrs (kind, name, value, id) VALUES ('test.note', 'status', 'open', 'zz')`, "zz", relaciona.IndexDiffers},
			// The record row itself: its time, its attributes, its body.
			{"time changed", `UPDATE records SET t = t + 86400000000 WHERE kind = 'test.note' AND id = 'c'`, "c", relaciona.ContentDiffers},
			{"attrs blob changed", `UPDATE records SET attrs = X'' WHERE kind = 'test.note' AND id = 'a'`, "a", relaciona.ContentDiffers},
			{"body changed", `UPDATE records SET body = X'7B7D' WHERE kind = 'test.note' AND id = 'a'`, "a", relaciona.ContentDiffers},
		},
	}
}

func postgresBackend() tamperBackend {
	return tamperBackend{
		name: "postgres",
		open: func(t *testing.T) (tamperStore, func() tamperStore) {
			schema := pgTestSchema(t)
			return reopenable(t, func(ctx context.Context) (tamperStore, error) {
				return postgres.Open(ctx, postgres.Options{DSN: os.Getenv("PG_DSN"), Schema: schema})
			})
		},
		rewrite: func(ctx context.Context, d tamperStore, e driver.AuditEntry) error {
			cj, err := json.Marshal(e.Changes)
			if err != nil {
				return err
			}
			if err := d.Exec(ctx, `UPDATE audit SET changes = $1::jsonb, prev_hash = $2, hash = $3, format = $4, key_id = $5 WHERE seq = $6`, string(cj), e.PrevHash, e.Hash, e.Format, e.KeyID, e.Seq); err != nil {
				return err
			}
			return d.Exec(ctx, `UPDATE audit_head SET hash = $1, key_id = $2 WHERE seq = $3`, e.Hash, e.KeyID, e.Seq)
		},
		cases: []recordTamper{
			{"attrs changed", `UPDATE records SET attrs = '{"status":"closed"}' WHERE kind = 'test.note' AND id = 'b'`, "b", relaciona.ContentDiffers},
			{"attr removed", `UPDATE records SET attrs = attrs - 'status' WHERE kind = 'test.note' AND id = 'b'`, "b", relaciona.ContentDiffers},
			{"time changed", `UPDATE records SET t = t + 86400000000 WHERE kind = 'test.note' AND id = 'c'`, "c", relaciona.ContentDiffers},
			{"body changed", `UPDATE records SET body = '\x7b7d'::bytea WHERE kind = 'test.note' AND id = 'a'`, "a", relaciona.ContentDiffers},
		},
	}
}

// pgTestSchema returns a fresh schema name, dropped when the test ends;
// without PG_DSN the test is skipped.
func pgTestSchema(t *testing.T) string { return pgtest.Schema(t, "relaciona_test_") }

var tamperBackends = []func() tamperBackend{sqliteBackend, postgresBackend}

var noteAt = time.Date(2026, 2, 3, 9, 0, 0, 0, time.UTC)

// seeded opens a fresh store of the backend with seedNotes written: the
// driver, the store over it, and the function that reopens the driver.
func (be tamperBackend) seeded(t *testing.T) (tamperStore, *relaciona.Store, func() tamperStore) {
	t.Helper()
	d, reopen := be.open(t)
	s := relaciona.NewStore(d)
	seedNotes(t, s)
	return d, s, reopen
}

// seedNotes writes notes a, b, c (status open) and d (closed), then
// updates b.
func seedNotes(t *testing.T, s *relaciona.Store) {
	t.Helper()
	ctx := context.Background()
	c := notes(s)
	for i, id := range []string{"a", "b", "c", "d"} {
		st := "open"
		if id == "d" {
			st = "closed"
		}
		b := s.Begin(clerk, "note.create", "")
		c.Put(b, &note{ID: id, Status: st, At: noteAt.Add(time.Duration(i) * time.Hour), Text: "hola " + id}, 0)
		_, err := b.Commit(ctx)
		require.NoError(t, err)
	}
	b := s.Begin(clerk, "note.update", "")
	c.Put(b, &note{ID: "b", Status: "open", At: noteAt.Add(time.Hour), Text: "changed"}, 1)
	_, err := b.Commit(ctx)
	require.NoError(t, err)
}

// TestTamperRecordsFoundAndNamed: each way of editing what a reader relies
// on (attributes, their index, time, body) behind the store's back, with
// the log left intact, is found by VerifyRecords, naming kind, id and cause.
func TestTamperRecordsFoundAndNamed(t *testing.T) {
	for _, mk := range tamperBackends {
		be := mk()
		for _, tc := range be.cases {
			t.Run(be.name+"/"+tc.name, func(t *testing.T) {
				ctx := context.Background()
				d, s, _ := be.seeded(t)
				n, err := s.VerifyRecords(ctx)
				require.NoError(t, err, "untouched, the records match the log")
				require.Equal(t, int64(4), n)

				require.NoError(t, d.Exec(ctx, tc.sql))
				_, err = s.VerifyAudit(ctx)
				require.NoError(t, err, "the log itself is intact")
				for _, kinds := range [][]string{nil, {"test.note"}} {
					_, err = s.VerifyRecords(ctx, kinds...)
					var rm *relaciona.RecordMismatch
					require.ErrorAs(t, err, &rm, "%s is found", tc.name)
					assert.ErrorIs(t, err, relaciona.ErrAuditBroken)
					assert.Equal(t, "test.note", rm.Kind)
					assert.Equal(t, tc.id, rm.ID, "the record is named")
					assert.Equal(t, tc.cause, rm.Cause, "the cause is named: %s", rm.Problem(relaciona.English))
					assert.NotContains(t, rm.Error(), "hola", "no body in the message")
					assert.NotEmpty(t, rm.Problem(relaciona.Spanish))
				}
			})
		}
	}
}

// TestIndexTamperChangesFilters shows why the index is verified: deleting
// the attrs rows of open notes makes a filter find none, while every record
// still matches the log.
func TestIndexTamperChangesFilters(t *testing.T) {
	ctx := context.Background()
	d, s, _ := sqliteBackend().seeded(t)
	count := func() int {
		n := 0
		for _, err := range notes(s).Scan(ctx, relaciona.Filter{Attrs: map[string]string{"status": "open"}}) {
			require.NoError(t, err)
			n++
		}
		return n
	}
	require.Equal(t, 3, count())
	require.NoError(t, d.Exec(ctx, `DELETE FROM attrs WHERE kind = 'test.note' AND name = 'status' AND value = 'open'`))
	require.Equal(t, 0, count(), "the filter reads the index")
	_, err := s.VerifyRecords(ctx)
	var rm *relaciona.RecordMismatch
	require.ErrorAs(t, err, &rm)
	assert.Equal(t, relaciona.IndexDiffers, rm.Cause)
	assert.Equal(t, "a", rm.ID, "the first record whose index rows are gone")
}

// auditEntries reads the whole audit log of d, oldest first.
func auditEntries(t *testing.T, d driver.Store) []driver.AuditEntry {
	t.Helper()
	var all []driver.AuditEntry
	require.NoError(t, d.ScanAudit(context.Background(), 1, func(e driver.AuditEntry) error {
		all = append(all, e)
		return nil
	}))
	return all
}

// How rewriteChain recomputes hashes without the key.
type rewriteMode int

const (
	unkeyedHash rewriteMode = iota // key ids kept, hashed as unkeyed entries
	guessedKey                     // key ids kept, HMAC under an empty key
	dropKeyIDs                     // key ids dropped: entries made unkeyed
)

// rewriteChain recomputes the chain from entry from on as someone without
// the key would: the digest of a record changed behind the store's back put
// in the log, and every hash after it recomputed by mode.
func rewriteChain(t *testing.T, be tamperBackend, d tamperStore, from int64, fix func(e *driver.AuditEntry), mode rewriteMode) {
	t.Helper()
	ctx := context.Background()
	all := auditEntries(t, d)
	prev := []byte{}
	for _, e := range all {
		if e.Seq >= from {
			e.PrevHash = prev
			if fix != nil {
				fix(&e)
			}
			switch mode {
			case unkeyedHash:
				u := e
				u.KeyID = ""
				e.Hash = driver.AuditHashV2(nil, e.PrevHash, &u)
			case guessedKey:
				e.Hash = driver.AuditHashV2(nil, e.PrevHash, &e)
			case dropKeyIDs:
				e.KeyID = ""
				e.Hash = driver.AuditHashV2(nil, e.PrevHash, &e)
			}
			require.NoError(t, be.rewrite(ctx, d, e))
		}
		prev = e.Hash
	}
}

// TestKeyedChain: a keyed log verifies with its key; rewritten without the
// key it is found; without the key, or with another, verification says
// which key the log needs and writing is refused.
func TestKeyedChain(t *testing.T) {
	for _, mk := range tamperBackends {
		be := mk()
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			d, s, reopen := be.seeded(t) // unkeyed entries 1-5
			require.NoError(t, s.UseAuditKey(testAuditKey))
			id := driver.AuditKeyID(testAuditKey)
			assert.Equal(t, id, s.AuditKeyID())
			c := notes(s)
			for _, nid := range []string{"k1", "k2", "k3"} {
				b := s.Begin(clerk, "note.create", "")
				c.Put(b, &note{ID: nid, Status: "open", At: noteAt, Text: "hola"}, 0)
				_, err := b.Commit(ctx)
				require.NoError(t, err)
			}
			sum, err := s.VerifyAudit(ctx)
			require.NoError(t, err)
			assert.Equal(t, int64(8), sum.Entries)
			assert.Equal(t, int64(6), sum.KeyedFrom, "the first entry written after UseAuditKey")
			assert.Equal(t, id, sum.KeyID)
			_, err = s.VerifyRecords(ctx)
			require.NoError(t, err)

			// No key, another key: told apart from tampering, and no write.
			bare := relaciona.NewStore(reopen())
			_, err = bare.VerifyAudit(ctx)
			var ke *relaciona.AuditKeyError
			require.ErrorAs(t, err, &ke)
			assert.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.NotErrorIs(t, err, relaciona.ErrAuditBroken)
			assert.Equal(t, id, ke.LogKeyID)
			assert.Equal(t, int64(6), ke.Seq)
			assert.Contains(t, ke.Problem(relaciona.Spanish), id)
			b := bare.Begin(clerk, "note.create", "")
			notes(bare).Put(b, &note{ID: "x", Status: "open", At: noteAt}, 0)
			_, err = b.Commit(ctx)
			require.ErrorIs(t, err, relaciona.ErrInvalid, "a store without the key refuses to continue a keyed log")
			assert.Contains(t, err.Error(), id)
			other := relaciona.NewStore(reopen(), relaciona.WithAuditKey([]byte("another key, thirty-two bytes!!!")))
			_, err = other.VerifyAudit(ctx)
			require.ErrorAs(t, err, &ke)
			assert.Equal(t, driver.AuditKeyID([]byte("another key, thirty-two bytes!!!")), ke.KeyID)
			short := relaciona.NewStore(reopen(), relaciona.WithAuditKey([]byte("short")))
			b = short.Begin(clerk, "note.create", "")
			notes(short).Put(b, &note{ID: "x", Status: "open", At: noteAt}, 0)
			_, err = b.Commit(ctx)
			require.ErrorIs(t, err, relaciona.ErrInvalid, "a refused key makes commits fail, not write unkeyed")

			// A body changed, its digest put in the log, the chain
			// recomputed without the key: found at the first rewritten
			// keyed entry.
			require.NoError(t, d.Exec(ctx, map[string]string{
				"sqlite":   `UPDATE records SET body = X'7B7D' WHERE kind = 'test.note' AND id = 'k2'`,
				"postgres": `UPDATE records SET body = '\x7b7d'::bytea WHERE kind = 'test.note' AND id = 'k2'`,
			}[be.name]))
			rs, err := d.Get(ctx, "test.note", []string{"k2"})
			require.NoError(t, err)
			fix := func(e *driver.AuditEntry) {
				for i := range e.Changes {
					if e.Changes[i].ID == "k2" {
						e.Changes[i].Digest = driver.RecordDigest(&rs[0])
					}
				}
			}
			var ae *relaciona.AuditError
			for _, mode := range []rewriteMode{unkeyedHash, guessedKey} {
				rewriteChain(t, be, d, 7, fix, mode)
				_, err = s.VerifyAudit(ctx)
				require.ErrorAs(t, err, &ae, "a chain recomputed without the key (mode %d) is found", mode)
				assert.Equal(t, int64(7), ae.Seq)
				assert.Contains(t, ae.Problem, "under key "+id)
			}

			// The same with the key ids dropped: an unkeyed entry after a
			// keyed one is a downgrade.
			rewriteChain(t, be, d, 7, nil, dropKeyIDs)
			_, err = s.VerifyAudit(ctx)
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, int64(7), ae.Seq)
			assert.Contains(t, ae.Problem, "not keyed")
		})
	}
}

// TestAuditFormat1Upgrade: a store whose log was written before format 2
// (body digests, unkeyed AuditHash chain, schema version 1) still
// verifies after the upgrade; new entries are format 2 and keyed; a format-1
// record's body is still checked; a format-1 entry after a format-2 one is
// a break.
func TestAuditFormat1Upgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	d, err := sqlite.Open(ctx, path)
	require.NoError(t, err)
	s := relaciona.NewStore(d)
	seedNotes(t, s)
	// Make the log what the old driver wrote, then the schema version 1.
	all := auditEntries(t, d)
	prev := []byte{}
	for _, e := range all {
		for i, c := range e.Changes {
			rs, err := d.Get(ctx, c.Kind, []string{c.ID})
			require.NoError(t, err)
			if len(rs) == 1 && rs[0].Version == c.After {
				e.Changes[i].Digest = driver.BodyDigest(rs[0].Body)
			} else {
				e.Changes[i].Digest = driver.BodyDigest([]byte(`{"id":"b","status":"open","at":"2026-02-03T10:00:00Z","text":"hola b"}`))
			}
		}
		e.Format, e.PrevHash = driver.FormatV1, prev
		e.Hash = driver.AuditHash(prev, &e)
		cj, err := json.Marshal(e.Changes)
		require.NoError(t, err)
		require.NoError(t, d.Exec(ctx, `UPDATE audit SET changes = ?, prev_hash = ?, hash = ? WHERE seq = ?`, cj, e.PrevHash, e.Hash, e.Seq))
		prev = e.Hash
	}
	require.NoError(t, d.Exec(ctx, `ALTER TABLE audit DROP COLUMN format`))
	require.NoError(t, d.Exec(ctx, `ALTER TABLE audit DROP COLUMN key_id`))
	require.NoError(t, d.Exec(ctx, `DELETE FROM schema_version WHERE version > 1`))
	require.NoError(t, d.Close())

	d, err = sqlite.Open(ctx, path) // migrates: existing entries become format 1
	require.NoError(t, err)
	defer d.Close()
	s = relaciona.NewStore(d, relaciona.WithAuditKey(testAuditKey))
	sum, err := s.VerifyAudit(ctx)
	require.NoError(t, err, "format-1 entries still verify")
	assert.Equal(t, int64(5), sum.Entries)
	assert.Empty(t, sum.KeyID)
	_, err = s.VerifyRecords(ctx)
	require.NoError(t, err, "format-1 records compare by body")
	b := s.Begin(clerk, "note.create", "")
	notes(s).Put(b, &note{ID: "new", Status: "open", At: noteAt, Text: "nueva"}, 0)
	_, err = b.Commit(ctx)
	require.NoError(t, err)
	var entries []relaciona.AuditEntry
	for e, err := range s.Audit(ctx, 1) {
		require.NoError(t, err)
		entries = append(entries, e)
	}
	require.Len(t, entries, 6)
	assert.Equal(t, driver.FormatV1, entries[0].Format)
	assert.Equal(t, driver.FormatV2, entries[5].Format)
	assert.Equal(t, driver.AuditKeyID(testAuditKey), entries[5].KeyID)
	sum, err = s.VerifyAudit(ctx)
	require.NoError(t, err, "a format-1 then format-2 keyed log verifies")
	assert.Equal(t, int64(6), sum.KeyedFrom)
	_, err = s.VerifyRecords(ctx)
	require.NoError(t, err)

	// A format-1 record's body edited: found by its body digest.
	require.NoError(t, d.Exec(ctx, `UPDATE records SET body = X'7B7D' WHERE kind = 'test.note' AND id = 'c'`))
	_, err = s.VerifyRecords(ctx)
	var rm *relaciona.RecordMismatch
	require.ErrorAs(t, err, &rm)
	assert.Equal(t, "c", rm.ID)
	assert.Equal(t, relaciona.BodyDiffers, rm.Cause)

	// Entry 6 claimed to be format 1: a downgrade.
	require.NoError(t, d.Exec(ctx, `UPDATE audit SET format = 1 WHERE seq = 6`))
	_, err = s.VerifyAudit(ctx)
	var ae *relaciona.AuditError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, int64(6), ae.Seq)
}

// TestAuditFormatDowngrade: an unkeyed log's last entries rewritten as
// format 1 (whose digests cover the body only) with a valid format-1 chain
// are found: no driver writes format 1 after format 2.
func TestAuditFormatDowngrade(t *testing.T) {
	ctx := context.Background()
	be := sqliteBackend()
	d, s, _ := be.seeded(t)
	all := auditEntries(t, d)
	e := all[4]
	rs, err := d.Get(ctx, "test.note", []string{"b"})
	require.NoError(t, err)
	e.Format = driver.FormatV1
	e.Changes[0].Digest = driver.BodyDigest(rs[0].Body)
	e.Hash = driver.AuditHash(e.PrevHash, &e)
	require.NoError(t, be.rewrite(ctx, d, e))
	_, err = s.VerifyAudit(ctx)
	var ae *relaciona.AuditError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, int64(5), ae.Seq)
	assert.Contains(t, ae.Problem, "format 1 after a format-2 entry")
}
