package relaciona_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

type note struct {
	ID     string    `json:"id"`
	Status string    `json:"status"`
	At     time.Time `json:"at"`
	Text   string    `json:"text"`
}

func notes(s *relaciona.Store) *relaciona.Collection[note] {
	return relaciona.NewCollection(s, "test.note", func(n *note) relaciona.Key {
		return relaciona.Key{ID: n.ID, Attrs: map[string]string{"status": n.Status}, Time: n.At}
	})
}

var clerk = relaciona.Actor{ID: "u1", Name: "Clerk", Roles: []string{"clerk"}, Level: 4}

// openStoreFile opens the SQLite store at path (":memory:" for one in
// memory), closed when the test ends.
func openStoreFile(t testing.TB, path string) *relaciona.Store {
	t.Helper()
	s, err := relaciona.OpenStore(context.Background(), "sqlite://"+path)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// openMem opens a SQLite store in memory, closed when the test ends.
func openMem(t *testing.T) *relaciona.Store {
	t.Helper()
	return openStoreFile(t, ":memory:")
}

func TestCollectionRoundTripAndConflict(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	c := notes(s)
	at := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)

	b := s.Begin(clerk, "note.create", "first note")
	c.Put(b, &note{ID: "n1", Status: "open", At: at, Text: "hola"}, 0)
	vs, err := b.Commit(ctx)
	require.NoError(t, err)
	assert.Equal(t, []int64{1}, vs)

	d, err := c.Get(ctx, "n1")
	require.NoError(t, err)
	assert.Equal(t, int64(1), d.Version)
	assert.Equal(t, "hola", d.Value.Text)

	// Two writers read version 1; the second to commit loses.
	b1 := s.Begin(clerk, "note.edit", "")
	c.Put(b1, &note{ID: "n1", Status: "closed", At: at, Text: "a"}, d.Version)
	b2 := s.Begin(clerk, "note.edit", "")
	c.Put(b2, &note{ID: "n1", Status: "open", At: at, Text: "b"}, d.Version)
	_, err = b1.Commit(ctx)
	require.NoError(t, err)
	_, err = b2.Commit(ctx)
	require.ErrorIs(t, err, relaciona.ErrConflict)
	d, err = c.Get(ctx, "n1")
	require.NoError(t, err)
	assert.Equal(t, "a", d.Value.Text, "the losing write changed nothing")

	_, err = c.Get(ctx, "nope")
	assert.ErrorIs(t, err, relaciona.ErrNotFound)
}

func TestBatchRejectsBadInput(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	c := notes(s)
	tests := []struct {
		name  string
		build func() *relaciona.Batch
		is    error
	}{
		{"no actor", func() *relaciona.Batch {
			b := s.Begin(relaciona.Actor{}, "x", "")
			c.Put(b, &note{ID: "a"}, 0)
			return b
		}, relaciona.ErrInvalid},
		{"bad level", func() *relaciona.Batch {
			b := s.Begin(relaciona.Actor{ID: "x", Level: 9}, "x", "")
			c.Put(b, &note{ID: "a"}, 0)
			return b
		}, relaciona.ErrInvalid},
		{"no action", func() *relaciona.Batch {
			b := s.Begin(clerk, "", "")
			c.Put(b, &note{ID: "a"}, 0)
			return b
		}, relaciona.ErrInvalid},
		{"empty id", func() *relaciona.Batch {
			b := s.Begin(clerk, "x", "")
			c.Put(b, &note{}, 0)
			return b
		}, relaciona.ErrInvalid},
		{"twice", func() *relaciona.Batch {
			b := s.Begin(clerk, "x", "")
			c.Put(b, &note{ID: "a"}, 0)
			c.Put(b, &note{ID: "a"}, 0)
			return b
		}, relaciona.ErrInvalid},
		{"not json", func() *relaciona.Batch {
			b := s.Begin(clerk, "x", "")
			b.Put(relaciona.Record{Kind: "k", ID: "a", Body: []byte("{nope")}, 0)
			return b
		}, relaciona.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.build().Commit(ctx)
			require.ErrorIs(t, err, tc.is)
		})
	}
	n, err := c.Count(ctx, relaciona.Filter{})
	require.NoError(t, err)
	assert.Zero(t, n, "nothing was written")
	sum, err := s.VerifyAudit(ctx)
	require.NoError(t, err)
	assert.Zero(t, sum.Entries, "and nothing audited")
}

func TestScanCursorFilters(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	c := notes(s)
	b := s.Begin(clerk, "note.create", "")
	base := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	for i := range 30 {
		st := "open"
		if i%3 == 0 {
			st = "closed"
		}
		c.Put(b, &note{ID: string(rune('a'+i%26)) + string(rune('0'+i/26)), Status: st, At: base.AddDate(0, 0, i)}, 0)
	}
	_, err := b.Commit(ctx)
	require.NoError(t, err)

	open, err := c.All(ctx, relaciona.Filter{Attrs: map[string]string{"status": "open"}})
	require.NoError(t, err)
	assert.Len(t, open, 20)

	feb, err := c.All(ctx, relaciona.Filter{From: base, To: base.AddDate(0, 1, 0)})
	require.NoError(t, err)
	assert.Len(t, feb, 28, "February has 28 days in 2026")

	// Resume with a cursor.
	var got []string
	cursor := ""
	for {
		var page []relaciona.Doc[note]
		for r, err := range s.Scan(ctx, "test.note", relaciona.Filter{After: cursor, Limit: 8}) {
			require.NoError(t, err)
			d, err := c.Decode(r)
			require.NoError(t, err)
			page = append(page, d)
			cursor = r.Cursor()
		}
		if len(page) == 0 {
			break
		}
		for _, d := range page {
			got = append(got, d.ID)
		}
	}
	assert.Len(t, got, 30)

	// Breaking out of a scan early is fine.
	n := 0
	for range c.Scan(ctx, relaciona.Filter{}) {
		n++
		if n == 2 {
			break
		}
	}
	assert.Equal(t, 2, n)

	for _, f := range []relaciona.Filter{{After: "%%%"}, {Limit: -1}, {From: base, To: base.Add(-time.Hour)}} {
		_, err := c.All(ctx, f)
		assert.ErrorIs(t, err, relaciona.ErrInvalid, "%+v", f)
	}
}

func TestCollectionValues(t *testing.T) {
	ctx := context.Background()
	c := notes(openMem(t))
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	first := note{ID: "c", Status: "closed", At: day(1), Text: "first"}
	second := note{ID: "a", Status: "open", At: day(2), Text: "second"}
	third := note{ID: "b", Status: "open", At: day(3), Text: "third"}
	b := c.Store().Begin(clerk, "note.create", "")
	for _, n := range []note{third, first, second} {
		c.Put(b, &n, 0)
	}
	_, err := b.Commit(ctx)
	require.NoError(t, err)

	// Values follows the scan's (Time, ID) order, not the ids' or the puts'.
	for _, tc := range []struct {
		f    relaciona.Filter
		want []note
	}{
		{relaciona.Filter{}, []note{first, second, third}},
		{relaciona.Filter{Attrs: map[string]string{"status": "open"}}, []note{second, third}},
		{relaciona.Filter{From: day(2), To: day(3)}, []note{second}},
		{relaciona.Filter{Attrs: map[string]string{"status": "lost"}}, nil},
	} {
		got, err := c.Values(ctx, tc.f)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, "%+v", tc.f)
	}

	got, err := c.Values(ctx, relaciona.Filter{Limit: -1})
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "the scan's error comes back")
	assert.Nil(t, got)
}

func TestUpdateRetriesOnConflict(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	c := notes(s)
	b := s.Begin(clerk, "note.create", "")
	c.Put(b, &note{ID: "n", Text: "0"}, 0)
	_, err := b.Commit(ctx)
	require.NoError(t, err)
	calls := 0
	err = s.Update(ctx, clerk, "note.edit", "", 3, func(b *relaciona.Batch) error {
		calls++
		d, err := c.Get(ctx, "n")
		if err != nil {
			return err
		}
		if calls == 1 { // someone else writes between our read and commit
			o := s.Begin(clerk, "note.edit", "")
			c.Put(o, &note{ID: "n", Text: "other"}, d.Version)
			if _, err := o.Commit(ctx); err != nil {
				return err
			}
		}
		d.Value.Text += "+mine"
		c.Put(b, &d.Value, d.Version)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 2, calls)
	d, _ := c.Get(ctx, "n")
	assert.Equal(t, "other+mine", d.Value.Text)
}

func TestAuditChainVerifies(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	d, err := sqlite.Open(ctx, path)
	require.NoError(t, err)
	s := relaciona.NewStore(d)
	defer s.Close()
	c := notes(s)
	for i := range 5 {
		b := s.Begin(clerk, "note.create", "why")
		c.Put(b, &note{ID: string(rune('a' + i))}, 0)
		_, err := b.Commit(ctx)
		require.NoError(t, err)
	}
	sum, err := s.VerifyAudit(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(5), sum.Entries)
	assert.Len(t, sum.Head, 32)

	var hist []relaciona.AuditEntry
	for e, err := range s.History(ctx, "test.note", "c") {
		require.NoError(t, err)
		hist = append(hist, e)
	}
	require.Len(t, hist, 1)
	assert.Equal(t, "u1", hist[0].Actor)
	assert.Equal(t, int64(1), hist[0].Changes[0].After)

	require.NoError(t, d.Exec(ctx, `UPDATE audit SET actor = 'mallory' WHERE seq = 3`))
	_, err = s.VerifyAudit(ctx)
	var ae *relaciona.AuditError
	require.ErrorAs(t, err, &ae)
	assert.ErrorIs(t, err, relaciona.ErrAuditBroken)
	assert.Equal(t, int64(3), ae.Seq)
}

func TestOpenStoreErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(notDB, []byte("this is not a database, just some text that is long enough to fill a header page........................................................................................................"), 0o644))
	tests := []struct{ url, want string }{
		{"nothing", "no scheme"},
		{"ftp://x", "unknown scheme"},
		{"sqlite://", "names no file"},
		{"sqlite://" + dir, "is a directory"},
		{"sqlite://" + filepath.Join(dir, "missing", "x.db"), "missing"},
		{"sqlite://" + notDB, "not a SQLite database"},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			_, err := relaciona.OpenStore(ctx, tc.url)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	b, _ := os.ReadFile(notDB)
	assert.Contains(t, string(b), "this is not a database", "the file is left as it was")
}

// TestOpenByURLRefusesUnknownSchemes: a store, directory or tickets URL
// without a scheme, or with one no backend registered, is ErrInvalid,
// naming the kind of URL and, for a credential it holds, hiding it.
func TestOpenByURLRefusesUnknownSchemes(t *testing.T) {
	ctx := context.Background()
	open := map[string]func(url string) error{
		"store": func(url string) error { _, err := relaciona.OpenStore(ctx, url); return err },
		"directory": func(url string) error {
			_, err := relaciona.OpenDirectory(ctx, url, driver.DirectoryEnv{})
			return err
		},
		"tickets": func(url string) error { _, err := relaciona.OpenTickets(ctx, url); return err },
	}
	for _, c := range []struct{ what, url, want string }{
		{"store", "nothing", `store URL "nothing" has no scheme (want e.g. sqlite:///path/file.db)`},
		{"store", "ftp://x", `store URL "ftp://x": unknown scheme "ftp" (known: `},
		{"directory", "://x", `directory URL "://x" has no scheme (want e.g. ldap://)`},
		{"directory", "ftp://u:secreto@x", `directory URL "ftp://…@x": unknown scheme "ftp" (known: `},
		{"tickets", "desk", `tickets URL "desk" has no scheme (want e.g. desk://)`},
		{"tickets", "jira://u:secreto@x", `tickets URL "jira://…@x": unknown scheme "jira" (known: `},
	} {
		err := open[c.what](c.url)
		require.ErrorIs(t, err, relaciona.ErrInvalid, c.url)
		assert.Contains(t, err.Error(), c.want, c.url)
		assert.NotContains(t, err.Error(), "secreto", c.url)
	}
}

func TestReadOnlyStoreFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "ro.db")
	s, err := relaciona.OpenStore(ctx, "sqlite://"+path)
	require.NoError(t, err)
	c := notes(s)
	b := s.Begin(clerk, "note.create", "")
	c.Put(b, &note{ID: "keep"}, 0)
	_, err = b.Commit(ctx)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	if os.Geteuid() == 0 {
		// root ignores permission bits: make the file immutable instead.
		out, err := exec.Command("chattr", "+i", path).CombinedOutput()
		require.NoError(t, err, "chattr: %s", out)
		t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
	} else {
		require.NoError(t, os.Chmod(path, 0o444))
	}
	s, err = relaciona.OpenStore(ctx, "sqlite://"+path)
	if err == nil {
		// Opening may succeed (the schema is current); a write must not.
		b := s.Begin(clerk, "note.create", "")
		notes(s).Put(b, &note{ID: "new"}, 0)
		_, err = b.Commit(ctx)
		s.Close()
	}
	require.Error(t, err)
	assert.Contains(t, err.Error(), "read-only")
	after, _ := os.ReadFile(path)
	assert.Equal(t, before, after, "the file is unchanged")
}

func TestRecordDecodeRejectsBadBody(t *testing.T) {
	s := openMem(t)
	c := notes(s)
	_, err := c.Decode(relaciona.Record{Kind: "test.note", ID: "x", Body: json.RawMessage(`{"at": 5}`)})
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.False(t, errors.Is(err, relaciona.ErrNotFound))
}

func FuzzRecordDecode(f *testing.F) {
	f.Add([]byte(`{"id":"a","status":"open","at":"2026-01-01T00:00:00Z","text":"x"}`))
	f.Add([]byte(`{"at": 5}`))
	f.Add([]byte(`null`))
	f.Add([]byte{0xff, 0x00})
	s, err := relaciona.OpenStore(context.Background(), "sqlite://:memory:")
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	c := notes(s)
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := c.Decode(relaciona.Record{Kind: "test.note", ID: "x", Version: 1, Body: body})
		if err != nil {
			if !errors.Is(err, relaciona.ErrInvalid) {
				t.Fatalf("decode error does not wrap ErrInvalid: %v", err)
			}
			return
		}
		if d.ID != "x" || d.Version != 1 {
			t.Fatalf("decoded doc lost its key: %+v", d)
		}
	})
}
