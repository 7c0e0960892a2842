// Package sqlite is relaciona's embedded default store: a single SQLite file
// (or an in-memory database) through modernc.org/sqlite, which is pure Go, so
// no cgo and nothing to install.
//
// Open it by URL through relaciona.OpenStore:
//
//	sqlite:///var/lib/agency.db   absolute path
//	sqlite://agency.db            path relative to the working directory
//	sqlite://:memory:             a private in-memory database
//
// The database runs in WAL mode with a single writer connection (SQLite
// allows one writer at a time; write transactions start IMMEDIATE, so two
// processes on one file also serialise safely) and a small pool of readers.
// Its schema is created and upgraded by versioned migrations embedded in the
// package. Scans page through the (kind, time, id) index with keyset
// pagination, so a scan of millions of records holds one page in memory and
// no long read transaction, except Snapshot (driver.Snapshotter), whose
// reads share one read transaction, fixed when it begins.
//
// A batch (Apply) parses no SQL: every statement it runs is prepared once
// on the writer connection when the store opens, and bound to the batch's
// transaction with Tx.StmtContext (see writeStmts); creates go in
// fixed-size multi-row chunks and single rows for the rest. What a batch
// costs is then SQLite's own work, the b-tree pages it touches and the
// commit (see BenchmarkNotifyOverhead in the root package).
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	sqlitelib "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/microtime"
	"github.com/relaciona/relaciona/plugins/internal/migrate"
	"github.com/relaciona/relaciona/plugins/internal/sqlstore"
)

func init() {
	driver.RegisterStore("sqlite", driver.URLOpener(PathFromURL, Open))
}

//go:embed migrations/*.sql
var migrations embed.FS

// pageSize is how many records one scan query fetches.
const pageSize = 512

// micro converts the stored t: Unix microseconds, 0 for none.
var micro = microtime.Codec{None: 0}

// PathFromURL returns the file path of a sqlite:// URL.
func PathFromURL(raw string) (string, error) {
	rest, ok := strings.CutPrefix(raw, "sqlite://")
	if !ok {
		return "", driver.Errorf(driver.ErrInvalid, "store URL %q does not start with sqlite://", raw)
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		return "", driver.Errorf(driver.ErrInvalid, "store URL %q: sqlite takes no options", raw)
	}
	if rest == "" {
		return "", driver.Errorf(driver.ErrInvalid, "store URL %q names no file", raw)
	}
	return rest, nil
}

// Store is the SQLite driver. It implements driver.Store, driver.Counter,
// driver.LendingScanner, driver.Snapshotter, driver.AuditKeyer and
// driver.IndexVerifier.
type Store struct {
	path   string
	w      *sql.DB // the single writer connection
	r      *sql.DB // readers (the writer itself for :memory:)
	closed atomic.Bool
	// getOne reads one record by key: the commonest read, prepared once so
	// a call does not parse SQL.
	getOne *sql.Stmt
	// ws are the write path's statements, prepared once on the writer.
	ws writeStmts
	// attrPlanThreshold is attrPlanThreshold; tests force either plan.
	attrPlanThreshold int
	// key is the audit key the store chains with (driver.AuditKeyer);
	// nil or a zero KeyState: none.
	key driver.KeyHolder
}

var (
	_ driver.AuditKeyer    = (*Store)(nil)
	_ driver.IndexVerifier = (*Store)(nil)
)

// UseAuditKey implements driver.AuditKeyer: entries written from now on
// are chained with HMAC-SHA256 under key.
func (s *Store) UseAuditKey(id string, key []byte) error { return s.key.Use(id, key) }

var memSeq atomic.Int64

// Open opens (creating if needed) the SQLite database at path, or a private
// in-memory database for ":memory:", and brings its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	s := &Store{path: path, attrPlanThreshold: attrPlanThreshold}
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_txlock=immediate"
	if path == ":memory:" {
		// One connection holds the whole in-memory database.
		db, err := sql.Open("sqlite", fmt.Sprintf("file:relaciona-mem-%d?mode=memory&%s", memSeq.Add(1), pragmas))
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		s.w, s.r = db, db
	} else {
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			return nil, driver.Errorf(driver.ErrInvalid, "store file %s is a directory", path)
		}
		if dir := filepath.Dir(path); dir != "" {
			if _, err := os.Stat(dir); err != nil {
				return nil, fmt.Errorf("store file %s: directory %s: %w", path, dir, err)
			}
		}
		// The writer keeps 16 MiB of pages (SQLite's default is 2 MiB): a
		// write touches a handful of b-tree pages across records, attrs and
		// audit, and with the default a store of a few MB already read them
		// back from the file on each batch (alternated file runs of
		// BenchmarkNotifyOverhead, 10 rounds: the notification's extra cost
		// 843 -> 583 µs, median; the readers keep the default).
		dsn := "file:" + path + "?" + pragmas + "&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-16384)"
		w, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, err
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		r, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, err
		}
		r.SetMaxOpenConns(4)
		r.SetMaxIdleConns(4)
		s.w, s.r = w, r
	}
	if err := s.migrateWaiting(ctx); err != nil {
		s.Close()
		return nil, err
	}
	var err error
	if s.getOne, err = s.r.PrepareContext(ctx, `SELECT id, version, t, attrs, body FROM records WHERE kind = ? AND id = ?`); err != nil {
		s.Close()
		return nil, fmt.Errorf("store %s: preparing reads: %w", path, err)
	}
	if err := s.ws.prepare(ctx, s.w); err != nil {
		s.Close()
		return nil, fmt.Errorf("store %s: preparing writes: %w", path, s.explain(err))
	}
	return s, nil
}

// writeStmts are the statements of a batch (Apply), prepared once on the
// writer connection when the store opens and bound to each batch's
// transaction with Tx.StmtContext, which finds the statement already
// prepared on the transaction's connection: a batch parses no SQL.
// Preparing one lazily, at a batch's first need, would ask the pool for
// the writer connection that the batch's own transaction holds, and wait
// for ever; so every shape a batch runs is fixed here, and inserts of
// records and attributes go in full chunks of a fixed size (insRecs,
// insAttrs) and single rows (insRec, insAttr) for the rest. Before this, a
// batch prepared its statements anew: a fifth of the CPU of a one-record
// update went to SQLite's parser (see BenchmarkNotifyOverhead).
type writeStmts struct {
	lastAudit, sel, upd, del, delAttr, insAttr, insRec, insRecs, insAttrs, insAudit *sql.Stmt
}

// rowsPerInsert is how many records insRecs inserts (6 parameters each),
// and attrRowsPerInsert how many attributes insAttrs does (4 each).
const (
	rowsPerInsert     = 128
	attrRowsPerInsert = 128
)

func (ws *writeStmts) all() []**sql.Stmt {
	return []**sql.Stmt{&ws.lastAudit, &ws.sel, &ws.upd, &ws.del, &ws.delAttr, &ws.insAttr, &ws.insRec, &ws.insRecs, &ws.insAttrs, &ws.insAudit}
}

// prepare prepares the statements on w (the writer), with no transaction
// open.
func (ws *writeStmts) prepare(ctx context.Context, w *sql.DB) error {
	qs := []string{
		`SELECT seq, hash, key_id FROM audit ORDER BY seq DESC LIMIT 1`,
		`SELECT version, attrs FROM records WHERE kind = ? AND id = ?`,
		`UPDATE records SET version = ?, t = ?, attrs = ?, body = ? WHERE kind = ? AND id = ?`,
		`DELETE FROM records WHERE kind = ? AND id = ?`,
		`DELETE FROM attrs WHERE kind = ? AND name = ? AND value = ? AND id = ?`,
		`INSERT INTO attrs (kind, name, value, id) VALUES (?, ?, ?, ?)`,
		`INSERT INTO records (kind, id, version, t, attrs, body) VALUES (?, ?, 1, ?, ?, ?)`,
		`INSERT INTO records (kind, id, version, t, attrs, body) VALUES (?,?,1,?,?,?)` + strings.Repeat(`,(?,?,1,?,?,?)`, rowsPerInsert-1),
		`INSERT INTO attrs (kind, name, value, id) VALUES (?,?,?,?)` + strings.Repeat(`,(?,?,?,?)`, attrRowsPerInsert-1),
		`INSERT INTO audit (seq, t, actor, action, reason, changes, prev_hash, hash, format, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	}
	for i, p := range ws.all() {
		st, err := w.PrepareContext(ctx, qs[i])
		if err != nil {
			return err
		}
		*p = st
	}
	return nil
}

func (ws *writeStmts) close() error {
	var err error
	for _, p := range ws.all() {
		if *p != nil {
			if e := (*p).Close(); e != nil && err == nil {
				err = e
			}
		}
	}
	return err
}

// txStmts binds writeStmts to one transaction as a batch first needs each
// (Tx.StmtContext; the transaction closes them when it ends).
type txStmts struct {
	tx    *sql.Tx
	ctx   context.Context
	bound map[*sql.Stmt]*sql.Stmt
}

func (t *txStmts) get(st *sql.Stmt) *sql.Stmt {
	if b, ok := t.bound[st]; ok {
		return b
	}
	b := t.tx.StmtContext(t.ctx, st)
	t.bound[st] = b
	return b
}

// openWait bounds how long Open waits for another process that holds the
// file while it opens it (its first connection switches the file to WAL,
// its migration writes).
const openWait = 15 * time.Second

// migrateWaiting is migrate, tried again while the file is busy. SQLite
// does not call the busy handler (busy_timeout) for every lock a new
// connection takes: switching a fresh file to WAL while another process
// opens it answers SQLITE_BUSY at once, so two `relaciona run` started
// together could fail to open the store (seen in CI). The busy answer
// changes nothing, so trying again is safe.
func (s *Store) migrateWaiting(ctx context.Context) error {
	deadline := time.Now().Add(openWait)
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, 250*time.Millisecond) {
		err := s.migrate(ctx)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

func isBusy(err error) bool {
	var se *sqlitelib.Error
	return errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED)
}

// SchemaVersion is the schema version this package's migrations reach.
func SchemaVersion() int { return migrate.Count(migrations, "migrations") }

func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.explain(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return s.explain(err)
	}
	var cur int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&cur); err != nil {
		return s.explain(err)
	}
	steps, known, err := migrate.Plan(migrations, "migrations", cur)
	if err != nil {
		return err
	}
	if cur > known {
		return fmt.Errorf("store file %s has schema version %d, newer than this program knows (%d): upgrade relaciona", s.path, cur, known)
	}
	if len(steps) == 0 {
		return nil
	}
	for _, m := range steps {
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("store file %s: migration %s: %w", s.path, m.Name, s.explain(err))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, m.Version); err != nil {
			return s.explain(err)
		}
	}
	return s.explain(tx.Commit())
}

// explain turns SQLite's codes for a bad file into errors a user can act on.
func (s *Store) explain(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlitelib.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("store file %s is not a SQLite database: %w", s.path, err)
		case sqlite3.SQLITE_READONLY:
			return fmt.Errorf("store file %s is read-only: %w", s.path, err)
		case sqlite3.SQLITE_CANTOPEN:
			return fmt.Errorf("store file %s cannot be opened: %w", s.path, err)
		case sqlite3.SQLITE_CORRUPT:
			return fmt.Errorf("store file %s is corrupt: %w", s.path, err)
		case sqlite3.SQLITE_FULL:
			return fmt.Errorf("store file %s: disk full: %w", s.path, err)
		}
	}
	return err
}

func isUniqueViolation(err error) bool {
	var se *sqlitelib.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE)
}

// Close closes the database. Calls after Close fail with driver.ErrClosed.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	err := s.ws.close()
	if s.getOne != nil {
		if e := s.getOne.Close(); e != nil && err == nil {
			err = e
		}
	}
	if s.r != s.w {
		if e := s.r.Close(); e != nil && err == nil {
			err = e
		}
	}
	if e := s.w.Close(); e != nil && err == nil {
		err = e
	}
	return err
}

func (s *Store) check() error {
	if s.closed.Load() {
		return driver.ErrClosed
	}
	return nil
}

// encodeAttrs stores attributes compactly: for each pair, sorted by name,
// the uvarint length and bytes of the name, then of the value.
func encodeAttrs(a map[string]string) []byte {
	if len(a) == 0 {
		return []byte{}
	}
	names := make([]string, 0, len(a))
	n := 0
	for k, v := range a {
		names = append(names, k)
		n += len(k) + len(v) + 4
	}
	sort.Strings(names)
	out := make([]byte, 0, n)
	for _, k := range names {
		out = binary.AppendUvarint(out, uint64(len(k)))
		out = append(out, k...)
		v := a[k]
		out = binary.AppendUvarint(out, uint64(len(v)))
		out = append(out, v...)
	}
	return out
}

func decodeAttrs(b []byte) (map[string]string, error) {
	if len(b) == 0 {
		return nil, nil
	}
	m := make(map[string]string, 2)
	for len(b) > 0 {
		var kv [2]string
		for j := range kv {
			l, n := binary.Uvarint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				return nil, fmt.Errorf("stored attributes are corrupt")
			}
			kv[j] = string(b[n : n+int(l)])
			b = b[n+int(l):]
		}
		m[kv[0]] = kv[1]
	}
	return m, nil
}

// Apply implements driver.Store.
func (s *Store) Apply(ctx context.Context, b driver.Batch) ([]int64, error) {
	vs, err := s.apply(ctx, b)
	if errors.Is(err, sql.ErrTxDone) && ctx.Err() != nil {
		// ctx ended mid-batch and database/sql rolled the transaction
		// back under a statement: say why.
		return nil, ctx.Err()
	}
	return vs, err
}

func (s *Store) apply(ctx context.Context, b driver.Batch) ([]int64, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if err := driver.CheckBatch(&b); err != nil {
		return nil, err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.explain(err)
	}
	defer tx.Rollback()
	// Every statement of a batch is bounded work (a keyed lookup or write,
	// a multi-row insert): they run under qctx, which never ends, and ctx
	// is checked before each. Under a context that can end, modernc starts
	// a goroutine per statement and has SQLite call back into Go every
	// thousand VM steps to look for the cancellation: a fifth of a batch's
	// time through a plugin, whose calls always carry such a context. If
	// ctx ends, database/sql also rolls the transaction back at once.
	qctx := context.WithoutCancel(ctx)
	st := &txStmts{tx: tx, ctx: qctx, bound: make(map[*sql.Stmt]*sql.Stmt, 4)}
	// The audit chain's last link, read first: a store without the log's
	// key writes nothing.
	var prevSeq int64
	var prevHash []byte
	var prevKeyID string
	err = st.get(s.ws.lastAudit).QueryRowContext(qctx).Scan(&prevSeq, &prevHash, &prevKeyID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, s.explain(err)
	}
	key := s.key.Current()
	if err := key.CheckChainKey(prevKeyID); err != nil {
		return nil, fmt.Errorf("store %s: %w", s.path, err)
	}
	versions := make([]int64, len(b.Writes))
	changes := make([]driver.Change, len(b.Writes))
	// Creates (expected version 0) are inserted together with multi-row
	// statements after the loop; a key appears once per batch (CheckBatch),
	// so the order of writes within the transaction does not matter.
	var creates []int
	for i := range b.Writes {
		w := &b.Writes[i]
		r := &w.Record
		if w.Expect == 0 && w.Op == driver.OpPut {
			creates = append(creates, i)
			versions[i] = 1
			changes[i] = driver.Change{Kind: r.Kind, ID: r.ID, Before: 0, After: 1, Digest: driver.RecordDigest(r)}
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// The record must exist (or may, for AnyVersion): read its version.
		before := int64(0)
		var oldAttrsRaw []byte
		err := st.get(s.ws.sel).QueryRowContext(qctx, r.Kind, r.ID).Scan(&before, &oldAttrsRaw)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			before = 0
		case err != nil:
			return nil, s.explain(err)
		}
		if w.Expect != driver.AnyVersion && before != w.Expect {
			return nil, driver.VersionConflict(r, w.Expect, before)
		}
		after := int64(0)
		switch w.Op {
		case driver.OpPut:
			if before == 0 { // AnyVersion on a missing record: a create
				creates = append(creates, i)
				versions[i] = 1
				changes[i] = driver.Change{Kind: r.Kind, ID: r.ID, Before: 0, After: 1, Digest: driver.RecordDigest(r)}
				continue
			}
			after = before + 1
			body := bodyOf(r)
			if _, err := st.get(s.ws.upd).ExecContext(qctx, after, micro.Encode(driver.NormalizeTime(r.Time)), encodeAttrs(r.Attrs), body, r.Kind, r.ID); err != nil {
				return nil, s.explain(err)
			}
			oldAttrs, err := decodeAttrs(oldAttrsRaw)
			if err != nil {
				return nil, fmt.Errorf("record %s/%s: %w", r.Kind, r.ID, err)
			}
			// Only the attributes that changed touch the index.
			for name, value := range oldAttrs {
				if nv, ok := r.Attrs[name]; ok && nv == value {
					continue
				}
				if _, err := st.get(s.ws.delAttr).ExecContext(qctx, r.Kind, name, value, r.ID); err != nil {
					return nil, s.explain(err)
				}
			}
			for name, value := range r.Attrs {
				if ov, ok := oldAttrs[name]; ok && ov == value {
					continue
				}
				if _, err := st.get(s.ws.insAttr).ExecContext(qctx, r.Kind, name, value, r.ID); err != nil {
					return nil, s.explain(err)
				}
			}
			changes[i] = driver.Change{Kind: r.Kind, ID: r.ID, Before: before, After: after, Digest: driver.RecordDigest(r)}
		case driver.OpDelete:
			if before == 0 {
				return nil, driver.Errorf(driver.ErrNotFound, "delete %s/%s: no such record", r.Kind, r.ID)
			}
			if _, err := st.get(s.ws.del).ExecContext(qctx, r.Kind, r.ID); err != nil {
				return nil, s.explain(err)
			}
			oldAttrs, err := decodeAttrs(oldAttrsRaw)
			if err != nil {
				return nil, fmt.Errorf("record %s/%s: %w", r.Kind, r.ID, err)
			}
			for name, value := range oldAttrs {
				if _, err := st.get(s.ws.delAttr).ExecContext(qctx, r.Kind, name, value, r.ID); err != nil {
					return nil, s.explain(err)
				}
			}
			changes[i] = driver.Change{Kind: r.Kind, ID: r.ID, Before: before, After: 0}
		}
		versions[i] = after
	}
	if err := s.insertMany(ctx, st, b.Writes, creates); err != nil {
		return nil, err
	}

	// Append the audit entry, chained to the last one.
	e := key.Chain(b.Audit, changes, prevSeq, prevHash)
	cj, err := json.Marshal(e.Changes)
	if err != nil {
		return nil, err
	}
	if _, err := st.get(s.ws.insAudit).ExecContext(qctx,
		e.Seq, micro.Encode(e.Time), e.Actor, e.Action, e.Reason, cj, e.PrevHash, e.Hash, e.Format, e.KeyID); err != nil {
		return nil, s.explain(err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, s.explain(err)
	}
	return versions, nil
}

func bodyOf(r *driver.Record) []byte {
	if r.Body == nil {
		return []byte{}
	}
	return r.Body
}

// insertMany inserts the records of writes[idx]: full chunks of
// rowsPerInsert with the multi-row insRecs, the rest one by one, and their
// attributes likewise (attrRowsPerInsert at a time, then one by one); every
// statement is prepared already (writeStmts). A key that exists already
// fails the batch with ErrConflict.
func (s *Store) insertMany(ctx context.Context, st *txStmts, writes []driver.Write, idx []int) error {
	// As in Apply: bounded statements under a context that never ends,
	// ctx checked before each.
	qctx := context.WithoutCancel(ctx)
	exec := func(stmt *sql.Stmt, args ...any) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		_, err := st.get(stmt).ExecContext(qctx, args...)
		return err
	}
	var args, aargs []any
	for start := 0; start < len(idx); start += rowsPerInsert {
		part := idx[start:min(start+rowsPerInsert, len(idx))]
		args = args[:0]
		for _, i := range part {
			r := &writes[i].Record
			args = append(args, r.Kind, r.ID, micro.Encode(driver.NormalizeTime(r.Time)), encodeAttrs(r.Attrs), bodyOf(r))
		}
		// Records first: a key that exists fails here, before its
		// attributes. A failed statement inserts none of its rows, so
		// failed names the records among which to look for the key.
		var err error
		failed := part
		if len(part) == rowsPerInsert {
			err = exec(s.ws.insRecs, args...)
		} else {
			for j := 0; j < len(part) && err == nil; j++ {
				err = exec(s.ws.insRec, args[5*j:5*j+5]...)
				failed = part[j : j+1]
			}
		}
		if err != nil {
			if isUniqueViolation(err) {
				return s.whichExists(ctx, st.tx, writes, failed)
			}
			return s.explain(err)
		}
		for _, i := range part {
			r := &writes[i].Record
			for name, value := range r.Attrs {
				aargs = append(aargs, r.Kind, name, value, r.ID)
				if len(aargs) == 4*attrRowsPerInsert {
					if err := exec(s.ws.insAttrs, aargs...); err != nil {
						return s.explain(err)
					}
					aargs = aargs[:0]
				}
			}
		}
	}
	for j := 0; j < len(aargs); j += 4 {
		if err := exec(s.ws.insAttr, aargs[j:j+4]...); err != nil {
			return s.explain(err)
		}
	}
	return nil
}

// whichExists builds the conflict error for a failed multi-row insert,
// naming the first record that exists already.
func (s *Store) whichExists(ctx context.Context, tx *sql.Tx, writes []driver.Write, part []int) error {
	for _, i := range part {
		r := &writes[i].Record
		var v int64
		err := tx.QueryRowContext(ctx, `SELECT version FROM records WHERE kind = ? AND id = ?`, r.Kind, r.ID).Scan(&v)
		if err == nil {
			return driver.VersionConflict(r, 0, v)
		}
	}
	return driver.Errorf(driver.ErrConflict, "a record of the batch already exists")
}

// Get implements driver.Store.
func (s *Store) Get(ctx context.Context, kind string, ids []string) ([]driver.Record, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.get(ctx, s.r, s.getOne, kind, ids)
}

// querier runs a query: the reader pool, or a snapshot's transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// get is Get on db, with one the prepared getOne statement on it.
func (s *Store) get(ctx context.Context, db querier, one *sql.Stmt, kind string, ids []string) ([]driver.Record, error) {
	if len(ids) == 1 {
		return s.getOneRecord(ctx, one, kind, ids[0])
	}
	found := make(map[string]driver.Record, len(ids))
	var recs []driver.Record
	const chunk = 400
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := make([]any, 0, len(part)+1)
		args = append(args, kind)
		for _, id := range part {
			args = append(args, id)
		}
		// A chunk is a bounded lookup by primary key (microseconds even
		// at 400 keys): the context is checked before each one rather
		// than handed to SQLite, whose driver would start a goroutine per
		// statement to watch for its cancellation.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		qctx := context.WithoutCancel(ctx)
		q := `SELECT id, version, t, attrs, body FROM records WHERE kind = ? AND id IN (?` + strings.Repeat(",?", len(part)-1) + `)`
		rows, err := db.QueryContext(qctx, q, args...)
		if err != nil {
			return nil, s.explain(err)
		}
		recs, err = sqlstore.AppendRows(rows, recs[:0], func() (driver.Record, error) { return scanRecord(rows, kind) }, s.explain)
		rows.Close()
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			found[r.ID] = r
		}
	}
	return driver.InOrder(ids, found), nil
}

// getOneRecord reads one record by key with the prepared statement (the
// commonest read); like a chunk of Get, it checks the context first.
func (s *Store) getOneRecord(ctx context.Context, one *sql.Stmt, kind, id string) ([]driver.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r, err := scanRecord(one.QueryRowContext(context.WithoutCancel(ctx), kind, id), kind)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, s.explain(err)
	}
	return []driver.Record{r}, nil
}

type rowScanner interface{ Scan(dest ...any) error }

// scanAudit reads one audit row.
func scanAudit(rows rowScanner) (driver.AuditEntry, error) {
	return sqlstore.ReadAudit(rows, micro.Decode)
}

func scanRecord(rows rowScanner, kind string) (driver.Record, error) {
	var r driver.Record
	var t int64
	var attrs []byte
	r.Kind = kind
	if err := rows.Scan(&r.ID, &r.Version, &t, &attrs, &r.Body); err != nil {
		return r, err
	}
	r.Time = micro.Decode(t)
	a, err := decodeAttrs(attrs)
	if err != nil {
		return r, fmt.Errorf("record %s/%s: %w", kind, r.ID, err)
	}
	r.Attrs = a
	return r, nil
}

// A scan with attribute filters runs one of two plans. The time plan walks
// the kind's (t, id) index and probes each record's attributes: right when
// many records match, since rows come out in order. The attribute plan reads
// the records of one filter's (name, value) from the attrs table and sorts
// them: right when few match, as in "is ticket 4711 filed already", which
// the time plan answers by walking the whole kind. A scan picks the
// attribute plan when one of its filters matches fewer than
// attrPlanThreshold records (counted, up to the threshold, when the scan
// starts); each page then sorts at most that many rows.
const attrPlanThreshold = 2048

// scanPlan is how a scan reads: drive is the filter the attribute plan
// starts from ("" for the time plan).
type scanPlan struct{ drive string }

// planScan picks the plan of a scan of q. Filters are counted first up to
// a small bound, which settles the common case of one very rare value
// cheaply, then (if none is that rare) up to threshold.
func (s *Store) planScan(ctx context.Context, db querier, q *driver.Query, threshold int) (scanPlan, error) {
	names := slices.Sorted(maps.Keys(q.Attrs))
	for _, bound := range []int{min(64, threshold), threshold} {
		best, bestN := "", bound
		for _, n := range names {
			var c int
			err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM attrs WHERE kind = ? AND name = ? AND value = ? LIMIT ?)`,
				q.Kind, n, q.Attrs[n], bound).Scan(&c)
			if err != nil {
				return scanPlan{}, s.explain(err)
			}
			if c < bestN {
				best, bestN = n, c
			}
		}
		if best != "" {
			return scanPlan{drive: best}, nil
		}
	}
	return scanPlan{}, nil
}

// buildScan returns the SQL and arguments of one page of q under plan.
func buildScan(q *driver.Query, plan scanPlan, after *driver.Position, limit int) (string, []any) {
	var sb strings.Builder
	var args []any
	if plan.drive != "" {
		// CROSS JOIN keeps attrs as the outer loop.
		sb.WriteString(`SELECT r.id, r.version, r.t, r.attrs, r.body FROM attrs d CROSS JOIN records r WHERE d.kind = ? AND d.name = ? AND d.value = ? AND r.kind = d.kind AND r.id = d.id`)
		args = append(args, q.Kind, plan.drive, q.Attrs[plan.drive])
	} else {
		sb.WriteString(`SELECT r.id, r.version, r.t, r.attrs, r.body FROM records r WHERE r.kind = ?`)
		args = append(args, q.Kind)
	}
	for _, n := range slices.Sorted(maps.Keys(q.Attrs)) {
		if n == plan.drive {
			continue
		}
		sb.WriteString(` AND EXISTS (SELECT 1 FROM attrs a WHERE a.kind = r.kind AND a.id = r.id AND a.name = ? AND a.value = ?)`)
		args = append(args, n, q.Attrs[n])
	}
	// A resume position at or after From already bounds the scan; leaving
	// From out then lets SQLite seek straight to the position instead of
	// walking from From again on every page (which made scans quadratic).
	if !q.From.IsZero() && (after == nil || after.Time.Before(q.From)) {
		sb.WriteString(` AND r.t >= ?`)
		args = append(args, micro.Encode(driver.NormalizeTime(q.From)))
	}
	if !q.To.IsZero() {
		sb.WriteString(` AND r.t < ?`)
		args = append(args, micro.Encode(driver.NormalizeTime(q.To)))
	}
	if after != nil {
		t := micro.Encode(driver.NormalizeTime(after.Time))
		sb.WriteString(` AND (r.t, r.id) > (?, ?)`)
		args = append(args, t, after.ID)
	}
	sb.WriteString(` ORDER BY r.t, r.id LIMIT ` + strconv.Itoa(limit))
	return sb.String(), args
}

var _ driver.LendingScanner = (*Store)(nil)

// Scan implements driver.Store with keyset pagination.
func (s *Store) Scan(ctx context.Context, q driver.Query, fn func(driver.Record) error) error {
	return s.scan(ctx, s.r, q, false, fn)
}

// ScanLent implements driver.LendingScanner: a page's bodies are read into
// one buffer, used again for the next page, instead of one allocation each
// (through a plugin this made scans 10-15% faster).
func (s *Store) ScanLent(ctx context.Context, q driver.Query, fn func(driver.Record) error) error {
	return s.scan(ctx, s.r, q, true, fn)
}

// lentRow is where a lending scan reads a row: the blobs alias the
// database driver's memory until the next row, so the body is copied into
// the page's buffer (the attributes are decoded into new strings).
type lentRow struct {
	id         string
	version, t int64
	attrs      sql.RawBytes
	body       sql.RawBytes
	dest       []any
}

func (l *lentRow) read(rows *sql.Rows, kind string, page *[]byte) (driver.Record, error) {
	if l.dest == nil {
		l.dest = []any{&l.id, &l.version, &l.t, &l.attrs, &l.body}
	}
	if err := rows.Scan(l.dest...); err != nil {
		return driver.Record{}, err
	}
	r := driver.Record{Kind: kind, ID: l.id, Version: l.version, Time: micro.Decode(l.t)}
	a, err := decodeAttrs(l.attrs)
	if err != nil {
		return r, fmt.Errorf("record %s/%s: %w", kind, r.ID, err)
	}
	r.Attrs = a
	if len(l.body) > 0 {
		start := len(*page)
		*page = append(*page, l.body...)
		r.Body = (*page)[start:len(*page):len(*page)]
	}
	return r, nil
}

// scan is Scan (lend: ScanLent) on db.
func (s *Store) scan(ctx context.Context, db querier, q driver.Query, lend bool, fn func(driver.Record) error) error {
	if err := s.check(); err != nil {
		return err
	}
	if err := sqlstore.CheckScan(&q); err != nil {
		return err
	}
	plan, err := s.planScan(ctx, db, &q, s.attrPlanThreshold)
	if err != nil {
		return err
	}
	// Each page is read whole and its connection released before fn runs,
	// so fn may write to the store.
	var lent lentRow
	var buf []byte
	// A page without filters, or driven by a rare attribute, reads a
	// bounded number of rows: it runs under a context that never ends (see
	// Apply) and ctx is checked before each page. A page of the time plan
	// with filters may walk far between matches and keeps ctx.
	pctx := ctx
	if len(q.Attrs) == 0 || plan.drive != "" {
		pctx = context.WithoutCancel(ctx)
	}
	return driver.ScanPages(ctx, &q, pageSize, func(after *driver.Position, n int, page []driver.Record) ([]driver.Record, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sqlText, args := buildScan(&q, plan, after, n)
		rows, err := db.QueryContext(pctx, sqlText, args...)
		if err != nil {
			return nil, s.explain(err)
		}
		defer rows.Close()
		buf = buf[:0]
		return sqlstore.AppendRows(rows, page, func() (driver.Record, error) {
			if lend {
				return lent.read(rows, q.Kind, &buf)
			}
			return scanRecord(rows, q.Kind)
		}, s.explain)
	}, fn)
}

// Count implements driver.Counter.
func (s *Store) Count(ctx context.Context, q driver.Query) (int64, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	if q.Kind == "" {
		return 0, driver.Errorf(driver.ErrInvalid, "count needs a kind")
	}
	plan, err := s.planScan(ctx, s.r, &q, s.attrPlanThreshold)
	if err != nil {
		return 0, err
	}
	sqlText, args := buildScan(&q, plan, q.After, -1)
	sqlText = strings.Replace(sqlText, `SELECT r.id, r.version, r.t, r.attrs, r.body FROM`, `SELECT COUNT(*) FROM`, 1)
	sqlText = sqlText[:strings.Index(sqlText, " ORDER BY")]
	var n int64
	if err := s.r.QueryRowContext(ctx, sqlText, args...).Scan(&n); err != nil {
		return 0, s.explain(err)
	}
	return sqlstore.CapCount(&q, n), nil
}

// ScanAudit implements driver.Store.
func (s *Store) ScanAudit(ctx context.Context, from int64, fn func(driver.AuditEntry) error) error {
	return s.scanAudit(ctx, s.r, from, fn)
}

// scanAudit is ScanAudit on db.
func (s *Store) scanAudit(ctx context.Context, db querier, from int64, fn func(driver.AuditEntry) error) error {
	if err := s.check(); err != nil {
		return err
	}
	return driver.ScanAuditPages(ctx, from, pageSize, func(next int64, n int, page []driver.AuditEntry) ([]driver.AuditEntry, error) {
		rows, err := db.QueryContext(ctx, `SELECT `+sqlstore.AuditColumns+` FROM audit WHERE seq >= ? ORDER BY seq LIMIT `+strconv.Itoa(n), next)
		if err != nil {
			return nil, s.explain(err)
		}
		defer rows.Close()
		return sqlstore.AppendAudit(rows, page, micro.Decode, s.explain)
	}, fn)
}

// Exec runs a raw SQL statement on the writer connection. It is meant for
// tests that tamper with the file to check that audit verification notices;
// application code has no use for it.
func (s *Store) Exec(ctx context.Context, query string, args ...any) error {
	if err := s.check(); err != nil {
		return err
	}
	_, err := s.w.ExecContext(ctx, query, args...)
	return s.explain(err)
}
