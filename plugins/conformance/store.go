package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/counterrace"
)

// TamperOp is a way to damage the audit log, for the tamper-evidence checks.
type TamperOp int

// Ways to tamper with an audit entry.
const (
	TamperAlter  TamperOp = iota // change the entry's reason text
	TamperRemove                 // delete the entry
	TamperSwap                   // swap the entry's content with the next entry's
)

// StoreHarness is what the store checks run against.
type StoreHarness struct {
	// Store is the driver under test. The checks write records of kinds
	// with a random prefix; they do not need an empty store.
	Store driver.Store
	// Tamper, when set, damages audit entry seq of Store directly in its
	// storage, bypassing the driver. It enables the tamper-evidence checks;
	// without it they are reported as not applicable. Only set it for a
	// throw-away store: the damage stays.
	Tamper func(ctx context.Context, seq int64, op TamperOp) error
	// Reopen, when set, closes nothing and returns a new driver on the same
	// storage (a second process, say). It enables the cross-connection
	// concurrency check.
	Reopen func(ctx context.Context) (driver.Store, error)
	// Timeout per check; default 2 minutes.
	Timeout time.Duration
}

// storeEnv is what a check receives: the harness and a unique kind prefix.
type storeEnv struct {
	StoreHarness
	prefix string
}

func (e *storeEnv) kind(name string) string { return e.prefix + name }

// RunStore runs every store check as a subtest of t.
func RunStore(t *testing.T, h StoreHarness) {
	for _, c := range StoreChecks() {
		t.Run(c.Name, func(t *testing.T) {
			r := RunStoreCheck(context.Background(), c, h)
			report1(t, r)
		})
	}
}

func report1(t *testing.T, r Result) {
	t.Helper()
	if r.Skipped != "" {
		t.Skip("not applicable: " + r.Skipped)
	}
	for _, f := range r.Failures {
		t.Error(f)
	}
	if !r.Passed && len(r.Failures) == 0 {
		t.Error("check failed")
	}
}

// RunStoreChecks runs every store check against h outside `go test`,
// calling progress after each, and returns the results.
func RunStoreChecks(ctx context.Context, h StoreHarness, progress func(Result)) []Result {
	return runEach(StoreChecks(), func(c StoreCheck) Result { return RunStoreCheck(ctx, c, h) }, progress)
}

// StoreCheck is one named store behaviour.
type StoreCheck = Check[*storeEnv]

// RunStoreCheck runs one check against h.
func RunStoreCheck(ctx context.Context, c StoreCheck, h StoreHarness) Result {
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	env := &storeEnv{StoreHarness: h, prefix: "conf" + randomHex(6) + "."}
	return runCheck(ctx, c, env, timeout)
}

var t0 = time.Date(2026, 3, 2, 9, 30, 0, 123456000, time.UTC)

func rec(kind, id string, attrs map[string]string, at time.Time, body string) driver.Record {
	return driver.Record{Kind: kind, ID: id, Attrs: attrs, Time: at, Body: []byte(body)}
}

func put(r driver.Record, expect int64) driver.Write {
	return driver.Write{Op: driver.OpPut, Record: r, Expect: expect}
}

func audit(action string) driver.AuditEntry {
	return driver.AuditEntry{Actor: "conformance", Action: action, Reason: "conformance check", Time: t0}
}

func apply(t *T, s driver.Store, action string, ws ...driver.Write) []int64 {
	vs, err := s.Apply(t.Context(), driver.Batch{Writes: ws, Audit: audit(action)})
	require.NoError(t, err, "apply %s", action)
	require.Len(t, vs, len(ws), "apply returns one version per write")
	return vs
}

func get1(t *T, s driver.Store, kind, id string) (driver.Record, bool) {
	rs, err := s.Get(t.Context(), kind, []string{id})
	require.NoError(t, err)
	if len(rs) == 0 {
		return driver.Record{}, false
	}
	require.Len(t, rs, 1)
	return rs[0], true
}

func scanAll(t *T, s driver.Store, q driver.Query) []driver.Record {
	var out []driver.Record
	require.NoError(t, s.Scan(t.Context(), q, func(r driver.Record) error {
		out = append(out, r)
		return nil
	}))
	return out
}

func ids(rs []driver.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func lastSeq(t *T, s driver.Store) (int64, []byte) {
	// Walk from the start only once per call; checks call it rarely.
	var seq int64
	var hash []byte
	require.NoError(t, s.ScanAudit(t.Context(), 1, func(e driver.AuditEntry) error {
		seq, hash = e.Seq, e.Hash
		return nil
	}))
	return seq, hash
}

func auditFrom(t *T, s driver.Store, from int64) []driver.AuditEntry {
	var out []driver.AuditEntry
	require.NoError(t, s.ScanAudit(t.Context(), from, func(e driver.AuditEntry) error {
		out = append(out, e)
		return nil
	}))
	return out
}

// StoreChecks lists every store behaviour, in the order they run.
func StoreChecks() []StoreCheck {
	return []StoreCheck{
		{"PutGet/RoundTrip", checkRoundTrip},
		{"PutGet/MissingAndOrder", checkGetMissingAndOrder},
		{"PutGet/LargeBody", checkLargeBody},
		{"PutGet/Unicode", checkUnicode},
		{"PutGet/ManyAttributes", checkManyAttrs},
		{"Version/UpdateIncrements", checkUpdateIncrements},
		{"Version/AnyVersion", checkAnyVersion},
		{"Conflict/StaleUpdateChangesNothing", checkStaleUpdate},
		{"Conflict/CreateExisting", checkCreateExisting},
		{"Conflict/UpdateMissing", checkUpdateMissing},
		{"Conflict/BatchIsAtomic", checkBatchAtomic},
		{"Delete/ByVersion", checkDelete},
		{"Invalid/Batch", checkInvalidBatch},
		{"Scan/Order", checkScanOrder},
		{"Scan/Attrs", checkScanAttrs},
		{"Scan/TimeRange", checkScanTimeRange},
		{"Scan/CursorAndLimit", checkScanCursor},
		{"Scan/ManyPages", checkScanManyPages},
		{"Scan/StopsOnError", checkScanStops},
		{"Scan/WriteWhileScanning", checkScanWrite},
		{"Scan/LentAgreesWithScan", checkScanLent},
		{"Audit/EntryPerBatch", checkAuditEntry},
		{"Audit/NoEntryOnFailure", checkAuditNoEntryOnFailure},
		{"Concurrency/NoLostUpdate", checkNoLostUpdate},
		{"Concurrency/OneCreateWins", checkOneCreateWins},
		{"Concurrency/AcrossConnections", checkAcrossConnections},
		{"Snapshot/ConcurrentBatchUnseen", checkSnapshot},
		{"Concurrency/ClaimOneWinner", checkClaimOneWinner},
		{"Context/Cancelled", checkCancelled},
		{"Lock/Exclusive", checkLock},
		{"Audit/RecordDigestAndKey", checkAuditV2}, // keys the log: after every check that reopens the store
		// Last: it damages the audit log for good.
		{"Audit/TamperEvident", checkTamper},
	}
}

func checkRoundTrip(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("round")
	at := time.Date(2026, 5, 4, 10, 11, 12, 987654321, time.FixedZone("COT", -5*3600))
	vs := apply(t, s, "create", put(rec(k, "a", map[string]string{"status": "open", "group": "g1"}, at, `{"name":"Ana","n":1}`), 0))
	assert.Equal(t, []int64{1}, vs, "a new record has version 1")
	r, ok := get1(t, s, k, "a")
	require.True(t, ok, "record written is read back")
	assert.Equal(t, k, r.Kind)
	assert.Equal(t, "a", r.ID)
	assert.Equal(t, int64(1), r.Version)
	assert.Equal(t, map[string]string{"status": "open", "group": "g1"}, r.Attrs)
	assert.True(t, r.Time.Equal(at.Truncate(time.Microsecond)), "time kept to the microsecond: got %s want %s", r.Time, at)
	assert.Equal(t, time.UTC, r.Time.Location(), "time comes back in UTC")
	assert.JSONEq(t, `{"name":"Ana","n":1}`, string(r.Body))

	// A record without time or attributes.
	apply(t, s, "create", put(rec(k, "b", nil, time.Time{}, `{}`), 0))
	r, ok = get1(t, s, k, "b")
	require.True(t, ok)
	assert.True(t, r.Time.IsZero(), "zero time stays zero")
	assert.Empty(t, r.Attrs)
}

func checkGetMissingAndOrder(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("order")
	apply(t, s, "create", put(rec(k, "x", nil, t0, `1`), 0), put(rec(k, "y", nil, t0, `2`), 0), put(rec(k, "z", nil, t0, `3`), 0))
	rs, err := s.Get(t.Context(), k, []string{"z", "missing", "x", "y"})
	require.NoError(t, err)
	assert.Equal(t, []string{"z", "x", "y"}, ids(rs), "Get keeps the order of ids and leaves missing ones out")
	rs, err = s.Get(t.Context(), e.kind("other"), []string{"x"})
	require.NoError(t, err)
	assert.Empty(t, rs, "ids are per kind")
	rs, err = s.Get(t.Context(), k, nil)
	require.NoError(t, err)
	assert.Empty(t, rs)
	// Many ids at once.
	var ws []driver.Write
	var want []string
	for i := range 1200 {
		id := fmt.Sprintf("m%04d", i)
		ws = append(ws, put(rec(k, id, nil, t0, `{}`), 0))
		want = append(want, id)
	}
	apply(t, s, "create", ws...)
	rs, err = s.Get(t.Context(), k, want)
	require.NoError(t, err)
	assert.Equal(t, want, ids(rs), "Get of 1,200 ids")
}

func checkLargeBody(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("large")
	big := bytes.Repeat([]byte("a"), 6<<20)
	body := append(append([]byte(`{"blob":"`), big...), '"', '}')
	apply(t, s, "create", put(rec(k, "big", nil, t0, string(body)), 0))
	r, ok := get1(t, s, k, "big")
	require.True(t, ok)
	assert.Equal(t, len(body), len(r.Body), "a 6 MB body round-trips")
	assert.True(t, bytes.Equal(body, r.Body))
}

func checkUnicode(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("unicode")
	id := "peticion-ñandú-日本-'\"; DROP TABLE records; --"
	apply(t, s, "create", put(rec(k, id, map[string]string{"municipio": "Bogotá D.C.", "x'y": "a\"b"}, t0, `{"nombre":"José Núñez"}`), 0))
	r, ok := get1(t, s, k, id)
	require.True(t, ok)
	assert.Equal(t, id, r.ID)
	got := scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"municipio": "Bogotá D.C.", "x'y": "a\"b"}})
	assert.Equal(t, []string{id}, ids(got))
}

func checkManyAttrs(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("manyattrs")
	var ws []driver.Write
	for i := range 300 {
		attrs := map[string]string{}
		for a := range 40 {
			attrs[fmt.Sprintf("a%02d", a)] = fmt.Sprint((i + a) % 7)
		}
		ws = append(ws, put(rec(k, fmt.Sprintf("m%03d", i), attrs, t0, `{}`), 0))
	}
	apply(t, s, "create", ws...)
	got := scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"a00": "0", "a39": "4"}})
	assert.Len(t, got, 43, "300 records with 40 attributes each are all indexed")
	if len(got) > 0 {
		assert.Len(t, got[0].Attrs, 40)
	}
}

func checkUpdateIncrements(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("upd")
	apply(t, s, "create", put(rec(k, "a", nil, t0, `{"v":1}`), 0))
	vs := apply(t, s, "update", put(rec(k, "a", nil, t0, `{"v":2}`), 1))
	assert.Equal(t, []int64{2}, vs)
	vs = apply(t, s, "update", put(rec(k, "a", nil, t0, `{"v":3}`), 2))
	assert.Equal(t, []int64{3}, vs)
	r, _ := get1(t, s, k, "a")
	assert.Equal(t, int64(3), r.Version)
	assert.JSONEq(t, `{"v":3}`, string(r.Body))
}

func checkAnyVersion(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("any")
	vs := apply(t, s, "upsert", put(rec(k, "a", nil, t0, `1`), driver.AnyVersion))
	assert.Equal(t, []int64{1}, vs, "AnyVersion creates a missing record at version 1")
	vs = apply(t, s, "upsert", put(rec(k, "a", nil, t0, `2`), driver.AnyVersion))
	assert.Equal(t, []int64{2}, vs, "AnyVersion overwrites without a check")
}

func checkStaleUpdate(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("stale")
	apply(t, s, "create", put(rec(k, "a", map[string]string{"st": "one"}, t0, `{"v":1}`), 0))
	apply(t, s, "update", put(rec(k, "a", map[string]string{"st": "two"}, t0, `{"v":2}`), 1))
	_, err := s.Apply(t.Context(), driver.Batch{Writes: []driver.Write{put(rec(k, "a", map[string]string{"st": "three"}, t0.Add(time.Hour), `{"v":3}`), 1)}, Audit: audit("stale")})
	require.Error(t, err)
	assert.ErrorIs(t, err, driver.ErrConflict, "a stale expected version is a conflict")
	r, _ := get1(t, s, k, "a")
	assert.Equal(t, int64(2), r.Version, "a conflict changes nothing")
	assert.JSONEq(t, `{"v":2}`, string(r.Body))
	assert.Equal(t, []string{"a"}, ids(scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"st": "two"}})), "attributes unchanged")
	assert.Empty(t, scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"st": "three"}}))
}

func checkCreateExisting(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("exists")
	apply(t, s, "create", put(rec(k, "a", nil, t0, `1`), 0))
	_, err := s.Apply(t.Context(), driver.Batch{Writes: []driver.Write{put(rec(k, "a", nil, t0, `2`), 0)}, Audit: audit("create")})
	assert.ErrorIs(t, err, driver.ErrConflict, "creating an existing record is a conflict")
	r, _ := get1(t, s, k, "a")
	assert.Equal(t, "1", string(r.Body))
}

func checkUpdateMissing(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("missing")
	_, err := s.Apply(t.Context(), driver.Batch{Writes: []driver.Write{put(rec(k, "nope", nil, t0, `1`), 3)}, Audit: audit("update")})
	assert.ErrorIs(t, err, driver.ErrConflict, "updating a record that does not exist is a conflict")
	_, ok := get1(t, s, k, "nope")
	assert.False(t, ok)
}

func checkBatchAtomic(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("atomic")
	apply(t, s, "create", put(rec(k, "last", nil, t0, `0`), 0))
	var ws []driver.Write
	for i := range 1000 {
		ws = append(ws, put(rec(k, fmt.Sprintf("r%04d", i), map[string]string{"b": "1"}, t0, `{}`), 0))
	}
	ws = append(ws, put(rec(k, "last", nil, t0, `1`), 7)) // stale
	_, err := s.Apply(t.Context(), driver.Batch{Writes: ws, Audit: audit("bulk")})
	assert.ErrorIs(t, err, driver.ErrConflict)
	assert.Empty(t, scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"b": "1"}}), "no write of a failed batch is applied")
	rs, err := s.Get(t.Context(), k, []string{"r0000", "r0999"})
	require.NoError(t, err)
	assert.Empty(t, rs)
}

func checkDelete(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("del")
	apply(t, s, "create", put(rec(k, "a", map[string]string{"x": "1"}, t0, `1`), 0))
	apply(t, s, "update", put(rec(k, "a", map[string]string{"x": "1"}, t0, `2`), 1))
	_, err := s.Apply(t.Context(), driver.Batch{Writes: []driver.Write{{Op: driver.OpDelete, Record: driver.Record{Kind: k, ID: "a"}, Expect: 1}}, Audit: audit("delete")})
	assert.ErrorIs(t, err, driver.ErrConflict, "delete at a stale version is a conflict")
	vs := apply(t, s, "delete", driver.Write{Op: driver.OpDelete, Record: driver.Record{Kind: k, ID: "a"}, Expect: 2})
	assert.Equal(t, []int64{0}, vs)
	_, ok := get1(t, s, k, "a")
	assert.False(t, ok, "a deleted record is gone")
	assert.Empty(t, scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"x": "1"}}), "and out of attribute scans")
	_, err = s.Apply(t.Context(), driver.Batch{Writes: []driver.Write{{Op: driver.OpDelete, Record: driver.Record{Kind: k, ID: "a"}, Expect: driver.AnyVersion}}, Audit: audit("delete")})
	assert.ErrorIs(t, err, driver.ErrNotFound, "deleting a missing record is not found")
	vs = apply(t, s, "recreate", put(rec(k, "a", nil, t0, `3`), 0))
	assert.Equal(t, []int64{1}, vs, "a record created again starts at version 1")
}

func checkInvalidBatch(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("invalid")
	cases := map[string]driver.Batch{
		"empty":      {Audit: audit("x")},
		"no kind":    {Writes: []driver.Write{put(rec("", "a", nil, t0, `1`), 0)}, Audit: audit("x")},
		"no id":      {Writes: []driver.Write{put(rec(k, "", nil, t0, `1`), 0)}, Audit: audit("x")},
		"twice":      {Writes: []driver.Write{put(rec(k, "a", nil, t0, `1`), 0), put(rec(k, "a", nil, t0, `2`), 0)}, Audit: audit("x")},
		"no actor":   {Writes: []driver.Write{put(rec(k, "a", nil, t0, `1`), 0)}, Audit: driver.AuditEntry{Action: "x"}},
		"negative":   {Writes: []driver.Write{put(rec(k, "a", nil, t0, `1`), -5)}, Audit: audit("x")},
		"unknown op": {Writes: []driver.Write{{Op: 9, Record: rec(k, "a", nil, t0, `1`)}}, Audit: audit("x")},
	}
	for name, b := range cases {
		_, err := s.Apply(t.Context(), b)
		assert.ErrorIs(t, err, driver.ErrInvalid, name)
	}
	_, ok := get1(t, s, k, "a")
	assert.False(t, ok, "invalid batches write nothing")
}

func checkScanOrder(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("scanorder")
	apply(t, s, "create",
		put(rec(k, "c", nil, t0.Add(2*time.Hour), `1`), 0),
		put(rec(k, "b", nil, t0, `1`), 0),
		put(rec(k, "a", nil, t0, `1`), 0),
		put(rec(k, "z", nil, time.Time{}, `1`), 0),
		put(rec(k, "d", nil, t0.Add(time.Microsecond), `1`), 0),
	)
	got := scanAll(t, s, driver.Query{Kind: k})
	assert.Equal(t, []string{"z", "a", "b", "d", "c"}, ids(got), "scan order is (time, id), zero time first")
}

func checkScanAttrs(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("scanattrs")
	apply(t, s, "create",
		put(rec(k, "1", map[string]string{"status": "open", "type": "queja"}, t0, `1`), 0),
		put(rec(k, "2", map[string]string{"status": "open", "type": "peticion"}, t0, `1`), 0),
		put(rec(k, "3", map[string]string{"status": "closed", "type": "queja"}, t0, `1`), 0),
		put(rec(k, "4", nil, t0, `1`), 0),
	)
	assert.Equal(t, []string{"1", "2"}, ids(scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"status": "open"}})))
	assert.Equal(t, []string{"1"}, ids(scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"status": "open", "type": "queja"}})), "all attributes must match")
	assert.Empty(t, scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"status": "Open"}}), "match is exact")
	apply(t, s, "close", put(rec(k, "1", map[string]string{"status": "closed", "type": "queja"}, t0, `2`), 1))
	assert.Equal(t, []string{"2"}, ids(scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"status": "open"}})), "an update replaces the attributes")
	assert.Equal(t, []string{"1", "3"}, ids(scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"status": "closed"}})))
	if c, ok := s.(driver.Counter); ok {
		n, err := c.Count(t.Context(), driver.Query{Kind: k, Attrs: map[string]string{"status": "closed"}})
		require.NoError(t, err)
		assert.Equal(t, int64(2), n, "Count agrees with Scan")
	}
}

func checkScanTimeRange(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("range")
	var ws []driver.Write
	for d := range 10 {
		ws = append(ws, put(rec(k, fmt.Sprintf("d%d", d), nil, t0.AddDate(0, 0, d), `1`), 0))
	}
	apply(t, s, "create", ws...)
	got := scanAll(t, s, driver.Query{Kind: k, From: t0.AddDate(0, 0, 2), To: t0.AddDate(0, 0, 5)})
	assert.Equal(t, []string{"d2", "d3", "d4"}, ids(got), "From is inclusive and To exclusive")
	got = scanAll(t, s, driver.Query{Kind: k, From: t0.AddDate(0, 0, 8)})
	assert.Equal(t, []string{"d8", "d9"}, ids(got))
	got = scanAll(t, s, driver.Query{Kind: k, To: t0.AddDate(0, 0, 1)})
	assert.Equal(t, []string{"d0"}, ids(got))
	loc := time.FixedZone("CLT", -4*3600)
	got = scanAll(t, s, driver.Query{Kind: k, From: t0.AddDate(0, 0, 9).In(loc)})
	assert.Equal(t, []string{"d9"}, ids(got), "time zones of the bounds do not matter")
}

func checkScanCursor(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("cursor")
	var ws []driver.Write
	var want []string
	for i := range 25 {
		id := fmt.Sprintf("c%02d", i)
		ws = append(ws, put(rec(k, id, map[string]string{"p": "1"}, t0.Add(time.Duration(i%5)*time.Minute), `1`), 0))
	}
	apply(t, s, "create", ws...)
	for _, r := range scanAll(t, s, driver.Query{Kind: k}) {
		want = append(want, r.ID)
	}
	require.Len(t, want, 25)
	var got []string
	var after *driver.Position
	for range 10 {
		page := scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"p": "1"}, After: after, Limit: 7})
		assert.LessOrEqual(t, len(page), 7, "Limit caps a scan")
		if len(page) == 0 {
			break
		}
		got = append(got, ids(page)...)
		last := page[len(page)-1]
		after = &driver.Position{Time: last.Time, ID: last.ID}
	}
	assert.Equal(t, want, got, "pages resumed with After give every record once, in order")
}

func checkScanManyPages(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("many")
	const n = 5000
	for b := 0; b < n; b += 1000 {
		var ws []driver.Write
		for i := b; i < b+1000; i++ {
			ws = append(ws, put(rec(k, fmt.Sprintf("r%05d", i), map[string]string{"even": fmt.Sprint(i%2 == 0)}, t0.Add(time.Duration(i)*time.Second), `{}`), 0))
		}
		apply(t, s, "bulk", ws...)
	}
	seen := make(map[string]bool, n)
	prev := ""
	require.NoError(t, s.Scan(t.Context(), driver.Query{Kind: k}, func(r driver.Record) error {
		if seen[r.ID] {
			return fmt.Errorf("record %s seen twice", r.ID)
		}
		if r.ID <= prev {
			return fmt.Errorf("record %s after %s: out of order", r.ID, prev)
		}
		seen[r.ID], prev = true, r.ID
		return nil
	}))
	assert.Len(t, seen, n, "a scan over many pages returns every record once")
	assert.Len(t, scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"even": "true"}}), n/2)
}

func checkScanStops(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("stop")
	var ws []driver.Write
	for i := range 1500 {
		ws = append(ws, put(rec(k, fmt.Sprintf("s%04d", i), nil, t0, `1`), 0))
	}
	apply(t, s, "create", ws...)
	stopsOnError(t, "Scan", func(fn func(driver.Record) error) error { return s.Scan(t.Context(), driver.Query{Kind: k}, fn) })
}

// stopsOnError checks that scan returns its callback's first error and
// calls it no more.
func stopsOnError(t *T, name string, scan func(fn func(driver.Record) error) error) {
	boom := errors.New("enough")
	n := 0
	err := scan(func(driver.Record) error {
		n++
		if n == 3 {
			return boom
		}
		return nil
	})
	assert.ErrorIs(t, err, boom, "%s returns the callback's error", name)
	assert.Equal(t, 3, n, "and calls it no more")
}

func checkScanWrite(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("scanwrite")
	var ws []driver.Write
	for i := range 50 {
		ws = append(ws, put(rec(k, fmt.Sprintf("w%02d", i), map[string]string{"state": "new"}, t0, `1`), 0))
	}
	apply(t, s, "create", ws...)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	err := s.Scan(ctx, driver.Query{Kind: k, Attrs: map[string]string{"state": "new"}}, func(r driver.Record) error {
		_, err := s.Apply(ctx, driver.Batch{Writes: []driver.Write{put(rec(k, r.ID, map[string]string{"state": "seen"}, t0, `2`), r.Version)}, Audit: audit("mark")})
		return err
	})
	require.NoError(t, err, "the scan callback may write to the store (no deadlock)")
	assert.Len(t, scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"state": "seen"}}), 50)
}

// checkScanLent checks a driver.LendingScanner: ScanLent yields what Scan
// does (each record copied before the next arrives, as the contract asks of
// a borrower), over many pages and every kind of bound, stops on the
// callback's error, and lets the callback write.
func checkScanLent(t *T, e *storeEnv) {
	ls, ok := e.Store.(driver.LendingScanner)
	if !ok {
		t.Skip("the store does not lend scan records (driver.LendingScanner)")
	}
	s, k := e.Store, e.kind("lent")
	const n = 1300
	for b := 0; b < n; b += 650 {
		var ws []driver.Write
		for i := b; i < b+650; i++ {
			// Bodies of different lengths, so a reused buffer that was not
			// copied would show another record's bytes.
			body := fmt.Sprintf(`{"i":%d,"pad":%q}`, i, strings.Repeat("x", (i*37)%500))
			var attrs map[string]string
			if i%3 != 0 {
				attrs = map[string]string{"m3": fmt.Sprint(i % 3), "tag": fmt.Sprintf("t%d", i%7)}
			}
			ws = append(ws, put(rec(k, fmt.Sprintf("l%04d", i), attrs, t0.Add(time.Duration(i%400)*time.Minute), body), 0))
		}
		apply(t, s, "bulk", ws...)
	}
	scanLent := func(q driver.Query) []driver.Record {
		var out []driver.Record
		require.NoError(t, ls.ScanLent(t.Context(), q, func(r driver.Record) error {
			r.Body = bytes.Clone(r.Body)
			r.Attrs = maps.Clone(r.Attrs)
			out = append(out, r)
			return nil
		}))
		return out
	}
	after := &driver.Position{Time: t0.Add(100 * time.Minute), ID: "l0500"}
	for _, q := range []driver.Query{
		{Kind: k},
		{Kind: k, Attrs: map[string]string{"m3": "1"}},
		{Kind: k, Attrs: map[string]string{"m3": "2", "tag": "t3"}},
		{Kind: k, From: t0.Add(50 * time.Minute), To: t0.Add(300 * time.Minute)},
		{Kind: k, After: after, Limit: 700},
		{Kind: k, Limit: 1},
		{Kind: e.kind("lent-none")},
	} {
		want := scanAll(t, s, q)
		got := scanLent(q)
		if !assert.Equal(t, len(want), len(got), "ScanLent yields as many records as Scan (query %+v)", q) {
			continue
		}
		for i := range want {
			if !assert.Equal(t, want[i], got[i], "record %d of ScanLent is the one Scan gives (query %+v)", i, q) {
				break
			}
		}
	}
	stopsOnError(t, "ScanLent", func(fn func(driver.Record) error) error { return ls.ScanLent(t.Context(), driver.Query{Kind: k}, fn) })
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	err := ls.ScanLent(ctx, driver.Query{Kind: k, Attrs: map[string]string{"m3": "1"}, Limit: 20}, func(r driver.Record) error {
		_, err := s.Apply(ctx, driver.Batch{Writes: []driver.Write{put(rec(k, r.ID, map[string]string{"m3": "1", "seen": "yes"}, r.Time, `2`), r.Version)}, Audit: audit("mark")})
		return err
	})
	require.NoError(t, err, "the ScanLent callback may write to the store (no deadlock)")
	assert.Len(t, scanAll(t, s, driver.Query{Kind: k, Attrs: map[string]string{"seen": "yes"}}), 20)
}

func checkAuditEntry(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("audit")
	before, prevHash := lastSeq(t, s)
	apply(t, s, "create", put(rec(k, "a", nil, t0, `{"v":1}`), 0), put(rec(k, "b", nil, t0, `{"v":1}`), 0))
	_, err := s.Apply(t.Context(), driver.Batch{
		Writes: []driver.Write{put(rec(k, "a", nil, t0, `{"v":2}`), 1), {Op: driver.OpDelete, Record: driver.Record{Kind: k, ID: "b"}, Expect: 1}},
		Audit:  driver.AuditEntry{Actor: "ana", Action: "stakeholder.update", Reason: "cambio de nivel", Time: t0.Add(time.Hour)},
	})
	require.NoError(t, err)
	got := auditFrom(t, s, before+1)
	require.Len(t, got, 2, "one audit entry per batch")
	a, b := got[0], got[1]
	assert.Equal(t, before+1, a.Seq, "sequence numbers have no gaps")
	assert.Equal(t, before+2, b.Seq)
	if before == 0 {
		assert.Empty(t, a.PrevHash, "the first entry has no previous hash")
	} else {
		assert.Equal(t, prevHash, a.PrevHash, "each entry links to the previous one")
	}
	assert.Equal(t, a.Hash, b.PrevHash)
	assert.Equal(t, driver.ChainHash(auditKey, a.PrevHash, &a), a.Hash, "hash computed with driver.ChainHash")
	assert.Equal(t, driver.ChainHash(auditKey, b.PrevHash, &b), b.Hash)
	assert.Equal(t, "ana", b.Actor)
	assert.Equal(t, "stakeholder.update", b.Action)
	assert.Equal(t, "cambio de nivel", b.Reason)
	assert.True(t, b.Time.Equal(t0.Add(time.Hour)), "audit time as given")
	assert.Equal(t, []driver.Change{
		{Kind: k, ID: "a", Before: 1, After: 2, Digest: driver.RecordDigest(&driver.Record{Time: t0, Body: []byte(`{"v":2}`)})},
		{Kind: k, ID: "b", Before: 1, After: 0},
	}, normalizeChanges(b.Changes), "changes carry versions before and after and the record digest")
	assert.Equal(t, int64(0), a.Changes[0].Before, "a create has version 0 before")
}

func normalizeChanges(cs []driver.Change) []driver.Change {
	out := make([]driver.Change, len(cs))
	for i, c := range cs {
		if len(c.Digest) == 0 {
			c.Digest = nil
		}
		out[i] = c
	}
	return out
}

func checkAuditNoEntryOnFailure(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("auditfail")
	apply(t, s, "create", put(rec(k, "a", nil, t0, `1`), 0))
	before, _ := lastSeq(t, s)
	_, err := s.Apply(t.Context(), driver.Batch{Writes: []driver.Write{put(rec(k, "a", nil, t0, `2`), 5)}, Audit: audit("stale")})
	require.ErrorIs(t, err, driver.ErrConflict)
	after, _ := lastSeq(t, s)
	assert.Equal(t, before, after, "a failed batch writes no audit entry")
}

// verifyChain recomputes the chain like relaciona.Store.VerifyAudit and
// returns the first bad sequence number, or 0.
func verifyChain(t *T, s driver.Store) int64 {
	prev := []byte{}
	want := int64(1)
	bad := int64(0)
	require.NoError(t, s.ScanAudit(t.Context(), 1, func(e driver.AuditEntry) error {
		if bad != 0 {
			return nil
		}
		if e.Seq != want || !bytes.Equal(e.PrevHash, prev) || !bytes.Equal(driver.ChainHash(auditKey, prev, &e), e.Hash) {
			bad = want
			return nil
		}
		prev, want = e.Hash, want+1
		return nil
	}))
	return bad
}

func checkTamper(t *T, e *storeEnv) {
	if e.Tamper == nil {
		t.Skip("the harness gives no Tamper hook")
	}
	s, k := e.Store, e.kind("tamper")
	require.Equal(t, int64(0), verifyChain(t, s), "the chain verifies before tampering")
	for i := range 6 {
		apply(t, s, "create", put(rec(k, fmt.Sprintf("t%d", i), nil, t0, `1`), 0))
	}
	last, _ := lastSeq(t, s)
	require.Equal(t, int64(0), verifyChain(t, s))
	for _, c := range []struct {
		op  TamperOp
		seq int64
	}{{TamperAlter, last - 1}, {TamperSwap, last - 3}, {TamperRemove, last - 5}} {
		require.NoError(t, e.Tamper(t.Context(), c.seq, c.op))
		assert.Equal(t, c.seq, verifyChain(t, s), "tampering (%d) with entry %d is found at that entry", c.op, c.seq)
	}
}

func checkNoLostUpdate(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("lost")
	apply(t, s, "create", put(rec(k, "counter", nil, t0, `0`), 0))
	const writers, rounds = 16, 10
	res := counterrace.Run(t.Context(), []driver.Store{s}, k, []string{"counter"}, writers, rounds, func(int) driver.AuditEntry { return audit("inc") })
	for _, err := range res.Errs {
		t.Errorf("%v", err)
	}
	wins, conflicts := res.Wins, res.Conflicts
	r, _ := get1(t, s, k, "counter")
	assert.Equal(t, writers*rounds, wins+conflicts)
	assert.Equal(t, fmt.Sprint(wins), string(r.Body), "every successful increment is kept: no lost update")
	assert.Equal(t, int64(wins+1), r.Version)
}

func checkOneCreateWins(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("race")
	const n = 16
	var wg sync.WaitGroup
	results := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Apply(t.Context(), driver.Batch{Writes: []driver.Write{put(rec(k, "only", nil, t0, fmt.Sprint(i)), 0)}, Audit: audit("create")})
			results <- err
		}()
	}
	wg.Wait()
	close(results)
	ok, conflicts := 0, 0
	for err := range results {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, driver.ErrConflict):
			conflicts++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	assert.Equal(t, 1, ok, "exactly one concurrent create wins")
	assert.Equal(t, n-1, conflicts, "every other gets a conflict")
}

func checkAcrossConnections(t *T, e *storeEnv) {
	if e.Reopen == nil {
		t.Skip("the harness gives no Reopen hook")
	}
	s2, err := e.Reopen(t.Context())
	require.NoError(t, err)
	defer s2.Close()
	k := e.kind("conn")
	before, _ := lastSeq(t, e.Store)
	apply(t, e.Store, "create", put(rec(k, "a", nil, t0, `1`), 0))
	r, ok := get1(t, s2, k, "a")
	require.True(t, ok, "a second connection sees the write")
	apply(t, s2, "update", put(rec(k, "a", nil, t0, `2`), r.Version))
	_, err = e.Store.Apply(t.Context(), driver.Batch{Writes: []driver.Write{put(rec(k, "a", nil, t0, `3`), 1)}, Audit: audit("stale")})
	assert.ErrorIs(t, err, driver.ErrConflict, "a write stale because of another connection conflicts")
	got := auditFrom(t, e.Store, before+1)
	require.Len(t, got, 2, "both connections' entries are in one log")
	assert.Equal(t, got[0].Hash, got[1].PrevHash, "the chain holds across connections")
	assert.Equal(t, driver.ChainHash(auditKey, got[1].PrevHash, &got[1]), got[1].Hash)
}

func checkCancelled(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("cancel")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := s.Apply(ctx, driver.Batch{Writes: []driver.Write{put(rec(k, "a", nil, t0, `1`), 0)}, Audit: audit("create")})
	assert.Error(t, err, "a cancelled context fails the write")
	_, ok := get1(t, s, k, "a")
	assert.False(t, ok, "and nothing is written")
	err = s.Scan(ctx, driver.Query{Kind: k}, func(driver.Record) error { return nil })
	assert.Error(t, err, "a cancelled context fails a scan")
	_, err = s.Get(ctx, k, []string{"a"})
	assert.Error(t, err, "a cancelled context fails a one-key read")
	_, err = s.Get(ctx, k, []string{"a", "b", "c"})
	assert.Error(t, err, "a cancelled context fails a read of several keys")
}
