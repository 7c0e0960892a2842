package postgres

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/hashicorp/go-hclog"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/microtime"
	"github.com/relaciona/relaciona/plugins/internal/migrate"
	"github.com/relaciona/relaciona/plugins/internal/sqlstore"
)

func init() {
	driver.RegisterStore("postgres", driver.URLOpener(ParseURL, Open))
}

//go:embed migrations/*.sql
var migrations embed.FS

// pageSize is how many records one scan query fetches.
const pageSize = 256

// copyThreshold: a batch creating at least this many records sends them by
// COPY; fewer travel as INSERTs in the batch's pipeline.
const copyThreshold = 16

// noTime is the stored t of a record without a time.
const noTime = math.MinInt64

// micro converts the stored t: Unix microseconds, noTime for none.
var micro = microtime.Codec{None: noTime}

// Options configure a Store.
type Options struct {
	// DSN is the connection string (key=value or URL form). It may hold a
	// password, so it is never logged nor put in an error.
	DSN string
	// Schema, when set, is where the tables live (created if missing).
	Schema string
	// MaxConns caps the pool (0: pgx's default).
	MaxConns int32
	// Logger receives the driver's log lines (no DSN, no record bodies).
	Logger hclog.Logger
}

// Settings names: the URL query keys and plugin settings the driver reads.
const (
	SettingDSNEnv   = "dsn_env"
	SettingSchema   = "schema"
	SettingMaxConns = "max_conns"
)

// ParseURL reads a postgres:// store URL (see the package doc). A URL that
// carries a password is refused.
func ParseURL(raw string) (Options, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Options{}, driver.Errorf(driver.ErrInvalid, "postgres store URL is malformed")
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return Options{}, driver.Errorf(driver.ErrInvalid, "store URL scheme %q is not postgres", u.Scheme)
	}
	if _, has := u.User.Password(); has {
		return Options{}, driver.Errorf(driver.ErrInvalid, "postgres store URL carries a password: put the DSN in an environment variable and name it with dsn_env (postgres://?dsn_env=PG_DSN), or use PGPASSWORD or ~/.pgpass")
	}
	q := u.Query()
	if q.Has("password") {
		return Options{}, driver.Errorf(driver.ErrInvalid, "postgres store URL carries a password parameter: use dsn_env, PGPASSWORD or ~/.pgpass")
	}
	settings := map[string]string{}
	for _, k := range []string{SettingDSNEnv, SettingSchema, SettingMaxConns} {
		if q.Has(k) {
			settings[k] = q.Get(k)
			q.Del(k)
		}
	}
	if settings[SettingDSNEnv] != "" {
		if u.Host != "" || u.Path != "" || u.User != nil || len(q) > 0 {
			return Options{}, driver.Errorf(driver.ErrInvalid, "postgres store URL: with dsn_env the whole DSN comes from the environment; give nothing else but schema and max_conns")
		}
		return FromSettings(settings)
	}
	if u.Host == "" && u.Path == "" {
		return Options{}, driver.Errorf(driver.ErrInvalid, "postgres store URL names no server: use postgres://?dsn_env=PG_DSN or postgres://user@host/db")
	}
	u.RawQuery = q.Encode()
	o, err := FromSettings(settings)
	if err != nil {
		return o, err
	}
	o.DSN = u.String()
	return o, nil
}

// FromSettings builds Options from driver settings (a plugin's configure
// settings or a URL's query): dsn_env, schema, max_conns. With dsn_env the
// DSN is read from that environment variable now.
func FromSettings(s map[string]string) (Options, error) {
	var o Options
	var unknown []string
	for k := range s {
		switch k {
		case SettingDSNEnv, SettingSchema, SettingMaxConns:
		default:
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return o, driver.Errorf(driver.ErrInvalid, "postgres: unknown settings %s (it takes dsn_env, schema, max_conns)", strings.Join(unknown, ", "))
	}
	if name := s[SettingDSNEnv]; name != "" {
		o.DSN = os.Getenv(name)
		if o.DSN == "" {
			return o, driver.Errorf(driver.ErrInvalid, "postgres: environment variable %s (named by dsn_env) is empty or unset", name)
		}
	}
	o.Schema = s[SettingSchema]
	if v := s[SettingMaxConns]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 || n > 1000 {
			return o, driver.Errorf(driver.ErrInvalid, "postgres: max_conns %q is not a number from 1 to 1000", v)
		}
		o.MaxConns = int32(n)
	}
	return o, nil
}

// Store is the PostgreSQL driver. It implements driver.Store and
// driver.Counter, and is safe for concurrent use by many goroutines and
// many processes.
type Store struct {
	pool   *pgxpool.Pool
	log    hclog.Logger
	schema string
	closed atomic.Bool
	// key is the audit key the store chains with (driver.AuditKeyer).
	key driver.KeyHolder
}

// The driver implements no driver.IndexVerifier: a record's attributes
// live in its own row (the jsonb attrs column, covered by the record
// digest), and the GIN index filters read is kept by PostgreSQL itself from
// those rows; no table of attributes exists that SQL could edit apart.
var (
	_ driver.Store      = (*Store)(nil)
	_ driver.Counter    = (*Store)(nil)
	_ driver.AuditKeyer = (*Store)(nil)
)

// UseAuditKey implements driver.AuditKeyer: entries written from now on
// are chained with HMAC-SHA256 under key.
func (s *Store) UseAuditKey(id string, key []byte) error { return s.key.Use(id, key) }

// Open connects, creates the schema if asked, and brings the tables up to
// date.
func Open(ctx context.Context, o Options) (*Store, error) {
	if o.DSN == "" {
		return nil, driver.Errorf(driver.ErrInvalid, "postgres: no DSN (set dsn_env to the name of an environment variable holding it)")
	}
	cfg, err := pgxpool.ParseConfig(o.DSN)
	if err != nil {
		// pgx's parse errors may quote the DSN: say only that it is bad.
		return nil, driver.Errorf(driver.ErrInvalid, "postgres: the DSN cannot be parsed")
	}
	if o.MaxConns > 0 {
		cfg.MaxConns = o.MaxConns
	}
	if o.Schema != "" {
		if !validIdent(o.Schema) {
			return nil, driver.Errorf(driver.ErrInvalid, "postgres: schema %q is not a plain identifier (letters, digits, _)", o.Schema)
		}
		cfg.ConnConfig.RuntimeParams["search_path"] = o.Schema
	}
	log := o.Logger
	if log == nil {
		log = hclog.NewNullLogger()
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, explain(err)
	}
	s := &Store{pool: pool, log: log, schema: o.Schema}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

func validIdent(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for i, c := range s {
		if c == '_' || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return false
	}
	return true
}

// SchemaVersion is the schema version this package's migrations reach.
func SchemaVersion() int { return migrate.Count(migrations, "migrations") }

func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return explain(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	// One migrator at a time per schema, whatever the process; taken before
	// the schema is created, since two processes creating it at once
	// collide (23505 on pg_namespace).
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('relaciona-migrate:' || COALESCE(NULLIF($1, ''), current_schema())))`, s.schema); err != nil {
		return explain(err)
	}
	if s.schema != "" {
		if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{s.schema}.Sanitize()); err != nil {
			return fmt.Errorf("postgres: creating schema %s: %w", s.schema, explain(err))
		}
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)`); err != nil {
		return explain(err)
	}
	var cur int
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&cur); err != nil {
		return explain(err)
	}
	steps, known, err := migrate.Plan(migrations, "migrations", cur)
	if err != nil {
		return err
	}
	if cur > known {
		return fmt.Errorf("postgres: the database has schema version %d, newer than this program knows (%d): upgrade relaciona", cur, known)
	}
	for _, m := range steps {
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("postgres: migration %s: %w", m.Name, explain(err))
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, m.Version); err != nil {
			return explain(err)
		}
		s.log.Info("migrated", "schema_version", m.Version)
	}
	return explain(tx.Commit(ctx))
}

// Close closes the pool. Calls after Close fail with driver.ErrClosed.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.pool.Close()
	return nil
}

func (s *Store) check() error {
	if s.closed.Load() {
		return driver.ErrClosed
	}
	return nil
}

// explain maps PostgreSQL and connection errors to the driver sentinels,
// keeping the original error.
func explain(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505", pe.Code == "40001", pe.Code == "40P01":
			return fmt.Errorf("%w: %w", driver.ErrConflict, err)
		case pe.Code == "22021", pe.Code == "22P05", pe.Code == "54000", pe.Code == "22001":
			return fmt.Errorf("%w: %w", driver.ErrInvalid, err)
		case pe.Code == "28P01", pe.Code == "28000":
			return fmt.Errorf("%w: %w", driver.ErrAuth, err)
		case strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "53"), strings.HasPrefix(pe.Code, "57P"):
			return fmt.Errorf("%w: %w", driver.ErrUnavailable, err)
		}
		return err
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) || pgconn.SafeToRetry(err) {
		return fmt.Errorf("%w: %w", driver.ErrUnavailable, err)
	}
	return err
}

func encodeAttrs(a map[string]string) string {
	if len(a) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(a) // a map[string]string always marshals
	return string(b)
}

// checkText refuses what PostgreSQL's text and jsonb cannot hold: NUL
// bytes and invalid UTF-8.
func checkText(what, s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return driver.Errorf(driver.ErrInvalid, "%s contains a NUL byte, which PostgreSQL text cannot hold", what)
	}
	if !utf8.ValidString(s) {
		return driver.Errorf(driver.ErrInvalid, "%s is not valid UTF-8", what)
	}
	return nil
}

func checkBatchText(b *driver.Batch) error {
	for i := range b.Writes {
		r := &b.Writes[i].Record
		if err := checkText(fmt.Sprintf("write %d: kind", i), r.Kind); err != nil {
			return err
		}
		if err := checkText(fmt.Sprintf("write %d: id", i), r.ID); err != nil {
			return err
		}
		for k, v := range r.Attrs {
			if err := checkText(fmt.Sprintf("write %d: attribute name", i), k); err != nil {
				return err
			}
			if err := checkText(fmt.Sprintf("write %d: attribute %s", i, k), v); err != nil {
				return err
			}
		}
	}
	for _, f := range []struct{ n, v string }{{"audit actor", b.Audit.Actor}, {"audit action", b.Audit.Action}, {"audit reason", b.Audit.Reason}} {
		if err := checkText(f.n, f.v); err != nil {
			return err
		}
	}
	return nil
}

type key struct{ kind, id string }

// Apply implements driver.Store: one transaction that locks the audit
// chain's head, checks the expected versions, writes (COPY for many
// creates, a pipelined batch for the rest) and appends the audit entry.
func (s *Store) Apply(ctx context.Context, b driver.Batch) ([]int64, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if err := driver.CheckBatch(&b); err != nil {
		return nil, err
	}
	if err := checkBatchText(&b); err != nil {
		return nil, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, explain(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))

	var headSeq int64
	var headHash []byte
	var headKeyID string
	if err := tx.QueryRow(ctx, `SELECT seq, hash, key_id FROM audit_head FOR UPDATE`).Scan(&headSeq, &headHash, &headKeyID); err != nil {
		return nil, explain(err)
	}
	ak := s.key.Current()
	if err := ak.CheckChainKey(headKeyID); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}

	// Current versions of the records whose expectation needs them.
	var rk, ri []string
	for i := range b.Writes {
		w := &b.Writes[i]
		if w.Expect != 0 || w.Op == driver.OpDelete {
			rk, ri = append(rk, w.Record.Kind), append(ri, w.Record.ID)
		}
	}
	have := make(map[key]int64, len(rk))
	if len(rk) > 0 {
		rows, err := tx.Query(ctx, `SELECT r.kind, r.id, r.version FROM records r
			JOIN unnest($1::text[], $2::text[]) AS k(kind, id) ON r.kind = k.kind AND r.id = k.id`, rk, ri)
		if err != nil {
			return nil, explain(err)
		}
		for rows.Next() {
			var k key
			var v int64
			if err := rows.Scan(&k.kind, &k.id, &v); err != nil {
				rows.Close()
				return nil, explain(err)
			}
			have[k] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, explain(err)
		}
	}

	versions := make([]int64, len(b.Writes))
	changes := make([]driver.Change, len(b.Writes))
	var copyRows [][]any
	batch := &pgx.Batch{}
	var checks []int // index of the write each queued statement serves (-1: none)
	for i := range b.Writes {
		w := &b.Writes[i]
		r := &w.Record
		before := have[key{r.Kind, r.ID}]
		if w.Expect > 0 && before != w.Expect {
			return nil, driver.VersionConflict(r, w.Expect, before)
		}
		if w.Expect == 0 && before > 0 {
			return nil, driver.VersionConflict(r, 0, before)
		}
		switch w.Op {
		case driver.OpPut:
			after := before + 1
			body := r.Body
			if body == nil {
				body = []byte{}
			}
			t := micro.Encode(driver.NormalizeTime(r.Time))
			attrs := encodeAttrs(r.Attrs)
			if before == 0 {
				copyRows = append(copyRows, []any{r.Kind, r.ID, after, t, attrs, body})
			} else {
				batch.Queue(`UPDATE records SET version = $3, t = $4, attrs = $5, body = $6 WHERE kind = $1 AND id = $2 AND version = $7`,
					r.Kind, r.ID, after, t, attrs, body, before)
				checks = append(checks, i)
			}
			versions[i] = after
			changes[i] = driver.Change{Kind: r.Kind, ID: r.ID, Before: before, After: after, Digest: driver.RecordDigest(r)}
		case driver.OpDelete:
			if before == 0 {
				return nil, driver.Errorf(driver.ErrNotFound, "delete %s/%s: no such record", r.Kind, r.ID)
			}
			batch.Queue(`DELETE FROM records WHERE kind = $1 AND id = $2 AND version = $3`, r.Kind, r.ID, before)
			checks = append(checks, i)
			changes[i] = driver.Change{Kind: r.Kind, ID: r.ID, Before: before, After: 0}
		}
	}
	if len(copyRows) >= copyThreshold {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"records"}, []string{"kind", "id", "version", "t", "attrs", "body"}, pgx.CopyFromRows(copyRows)); err != nil {
			return nil, s.createError(err)
		}
	} else {
		for _, row := range copyRows {
			batch.Queue(`INSERT INTO records (kind, id, version, t, attrs, body) VALUES ($1, $2, $3, $4, $5, $6)`, row...)
			checks = append(checks, -1)
		}
	}

	// The audit entry, chained to the head.
	e := ak.Chain(b.Audit, changes, headSeq, headHash)
	cj, err := json.Marshal(e.Changes)
	if err != nil {
		return nil, err
	}
	batch.Queue(`INSERT INTO audit (seq, t, actor, action, reason, changes, prev_hash, hash, format, key_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.Seq, micro.Encode(e.Time), e.Actor, e.Action, e.Reason, string(cj), e.PrevHash, e.Hash, e.Format, e.KeyID)
	batch.Queue(`UPDATE audit_head SET seq = $1, hash = $2, key_id = $3`, e.Seq, e.Hash, e.KeyID)
	checks = append(checks, -1, -1)

	br := tx.SendBatch(ctx, batch)
	for _, i := range checks {
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			if i < 0 {
				return nil, s.createError(err)
			}
			return nil, explain(err)
		}
		if i >= 0 && tag.RowsAffected() != 1 {
			br.Close()
			r := &b.Writes[i].Record
			return nil, driver.Errorf(driver.ErrConflict, "%s/%s changed during the write", r.Kind, r.ID)
		}
	}
	if err := br.Close(); err != nil {
		return nil, explain(err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, explain(err)
	}
	return versions, nil
}

// createError explains a failed insert: a unique violation is a record
// created meanwhile (or created twice).
func (s *Store) createError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		detail := pe.Detail
		if detail == "" {
			detail = "a record of the batch already exists"
		}
		return driver.Errorf(driver.ErrConflict, "%s", detail)
	}
	return explain(err)
}

// Get implements driver.Store.
func (s *Store) Get(ctx context.Context, kind string, ids []string) ([]driver.Record, error) {
	return s.get(ctx, s.pool, kind, ids)
}

// querier runs a query: the pool, or a snapshot's transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// get is Get on db.
func (s *Store) get(ctx context.Context, db querier, kind string, ids []string) ([]driver.Record, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	found := make(map[string]driver.Record, len(ids))
	var recs []driver.Record
	const chunk = 2000
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		rows, err := db.Query(ctx, `SELECT id, version, t, attrs, body FROM records WHERE kind = $1 AND id = ANY($2::text[])`, kind, part)
		if err != nil {
			return nil, explain(err)
		}
		recs, err = sqlstore.AppendRows(rows, recs[:0], func() (driver.Record, error) { return scanRecord(rows, kind) }, explain)
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

func scanRecord(rows pgx.Rows, kind string) (driver.Record, error) {
	r := driver.Record{Kind: kind}
	var t int64
	var attrs map[string]string
	if err := rows.Scan(&r.ID, &r.Version, &t, &attrs, &r.Body); err != nil {
		return r, explain(err)
	}
	r.Time = micro.Decode(t)
	if len(attrs) > 0 {
		r.Attrs = attrs
	}
	return r, nil
}

// scanLentRecord reads a row like scanRecord, with the body copied from
// pgx's buffer (valid until the next row) to the end of page.
func scanLentRecord(rows pgx.Rows, kind string, page *[]byte) (driver.Record, error) {
	r := driver.Record{Kind: kind}
	var t int64
	var attrs map[string]string
	var body pgtype.DriverBytes
	if err := rows.Scan(&r.ID, &r.Version, &t, &attrs, &body); err != nil {
		return r, explain(err)
	}
	r.Time = micro.Decode(t)
	if len(attrs) > 0 {
		r.Attrs = attrs
	}
	if body != nil {
		start := len(*page)
		*page = append(*page, body...)
		r.Body = (*page)[start:len(*page):len(*page)]
	}
	return r, nil
}

// where builds the filter of q (after a position) and its arguments.
func where(q *driver.Query, after *driver.Position) (string, []any) {
	var sb strings.Builder
	args := []any{q.Kind}
	sb.WriteString(` WHERE kind = $1`)
	if len(q.Attrs) > 0 {
		args = append(args, encodeAttrs(q.Attrs))
		fmt.Fprintf(&sb, ` AND attrs @> $%d::jsonb`, len(args))
	}
	if !q.From.IsZero() {
		args = append(args, micro.Encode(driver.NormalizeTime(q.From)))
		fmt.Fprintf(&sb, ` AND t >= $%d`, len(args))
	}
	if !q.To.IsZero() {
		args = append(args, micro.Encode(driver.NormalizeTime(q.To)))
		fmt.Fprintf(&sb, ` AND t < $%d`, len(args))
	}
	if after != nil {
		args = append(args, micro.Encode(driver.NormalizeTime(after.Time)), after.ID)
		fmt.Fprintf(&sb, ` AND (t, id) > ($%d, $%d)`, len(args)-1, len(args))
	}
	return sb.String(), args
}

func checkQuery(q *driver.Query) error {
	if err := sqlstore.CheckScan(q); err != nil {
		return err
	}
	for k, v := range q.Attrs {
		if checkText("attribute name", k) != nil || checkText("attribute value", v) != nil {
			return driver.Errorf(driver.ErrInvalid, "scan attribute %q holds a NUL byte or invalid UTF-8", k)
		}
	}
	return nil
}

// Scan implements driver.Store with keyset pagination: each page is one
// query, read whole before fn runs, so fn may write to the store.
func (s *Store) Scan(ctx context.Context, q driver.Query, fn func(driver.Record) error) error {
	return s.scan(ctx, s.pool, q, false, fn)
}

var _ driver.LendingScanner = (*Store)(nil)

// ScanLent implements driver.LendingScanner: a page's bodies are copied
// from pgx's read buffer into one buffer, used again for the next page,
// instead of one allocation each.
func (s *Store) ScanLent(ctx context.Context, q driver.Query, fn func(driver.Record) error) error {
	return s.scan(ctx, s.pool, q, true, fn)
}

// scan is Scan (lend: ScanLent) on db.
func (s *Store) scan(ctx context.Context, db querier, q driver.Query, lend bool, fn func(driver.Record) error) error {
	if err := s.check(); err != nil {
		return err
	}
	if err := checkQuery(&q); err != nil {
		return err
	}
	var buf []byte
	return driver.ScanPages(ctx, &q, pageSize, func(after *driver.Position, n int, page []driver.Record) ([]driver.Record, error) {
		w, args := where(&q, after)
		rows, err := db.Query(ctx, `SELECT id, version, t, attrs, body FROM records`+w+` ORDER BY t, id LIMIT `+strconv.Itoa(n), args...)
		if err != nil {
			return nil, explain(err)
		}
		defer rows.Close()
		buf = buf[:0]
		return sqlstore.AppendRows(rows, page, func() (driver.Record, error) {
			if lend {
				return scanLentRecord(rows, q.Kind, &buf)
			}
			return scanRecord(rows, q.Kind)
		}, explain)
	}, fn)
}

// Count implements driver.Counter.
func (s *Store) Count(ctx context.Context, q driver.Query) (int64, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	if err := checkQuery(&q); err != nil {
		return 0, err
	}
	w, args := where(&q, q.After)
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM records`+w, args...).Scan(&n); err != nil {
		return 0, explain(err)
	}
	return sqlstore.CapCount(&q, n), nil
}

// ScanAudit implements driver.Store.
func (s *Store) ScanAudit(ctx context.Context, from int64, fn func(driver.AuditEntry) error) error {
	return s.scanAudit(ctx, s.pool, from, fn)
}

// scanAudit is ScanAudit on db.
func (s *Store) scanAudit(ctx context.Context, db querier, from int64, fn func(driver.AuditEntry) error) error {
	if err := s.check(); err != nil {
		return err
	}
	return driver.ScanAuditPages(ctx, from, pageSize, func(next int64, n int, page []driver.AuditEntry) ([]driver.AuditEntry, error) {
		rows, err := db.Query(ctx, `SELECT `+sqlstore.AuditColumns+` FROM audit WHERE seq >= $1 ORDER BY seq LIMIT `+strconv.Itoa(n), next)
		if err != nil {
			return nil, explain(err)
		}
		defer rows.Close()
		return sqlstore.AppendAudit(rows, page, micro.Decode, explain)
	}, fn)
}

// Exec runs a raw SQL statement. It is meant for tests that tamper with the
// tables to check that audit verification notices; application code has no
// use for it.
func (s *Store) Exec(ctx context.Context, query string, args ...any) error {
	if err := s.check(); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, query, args...)
	return explain(err)
}
