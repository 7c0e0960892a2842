package postgres_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/internal/pgtest"
	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/counterrace"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	"github.com/relaciona/relaciona/plugins/postgres"
)

// testSchema returns a fresh schema name for this test, dropped when the
// test ends. Without PG_DSN the test is skipped.
func testSchema(t testing.TB) string { return pgtest.Schema(t, "relaciona_test_") }

func open(t testing.TB, schema string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), postgres.Options{DSN: os.Getenv("PG_DSN"), Schema: schema})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// tamper damages audit entry seq directly in the tables.
func tamper(ctx context.Context, s *postgres.Store, seq int64, op conformance.TamperOp) error {
	switch op {
	case conformance.TamperAlter:
		return s.Exec(ctx, `UPDATE audit SET reason = reason || ' (altered)' WHERE seq = $1`, seq)
	case conformance.TamperRemove:
		return s.Exec(ctx, `DELETE FROM audit WHERE seq = $1`, seq)
	case conformance.TamperSwap:
		return s.Exec(ctx, `UPDATE audit a SET actor = b.actor, action = b.action, reason = b.reason, changes = b.changes
			FROM audit b WHERE (a.seq = $1 AND b.seq = $1 + 1) OR (a.seq = $1 + 1 AND b.seq = $1)`, seq)
	}
	return fmt.Errorf("unknown tamper op %d", op)
}

func TestConformance(t *testing.T) {
	schema := testSchema(t)
	s := open(t, schema)
	conformance.RunStore(t, conformance.StoreHarness{
		Store:  s,
		Tamper: func(ctx context.Context, seq int64, op conformance.TamperOp) error { return tamper(ctx, s, seq, op) },
		Reopen: func(ctx context.Context) (driver.Store, error) {
			return postgres.Open(ctx, postgres.Options{DSN: os.Getenv("PG_DSN"), Schema: schema})
		},
	})
}

func quietLog() hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{Level: hclog.Error, Output: os.Stderr})
}

func pluginURL(bin, schema string) string {
	q := url.Values{"dsn_env": {"PG_DSN"}, "schema": {schema}}
	return "plugin://" + bin + "?" + q.Encode()
}

// TestConformanceBinary runs the store suite through the
// relaciona-store-postgres plugin binary.
func TestConformanceBinary(t *testing.T) {
	schema := testSchema(t)
	bin := plugintest.Build(t, plugintest.Module+"/plugins/postgres/cmd/relaciona-store-postgres")
	u := pluginURL(bin, schema) + "&sha256=" + plugintest.SHA256(t, bin)
	ctx := context.Background()
	s, err := plugins.OpenStore(ctx, u, plugins.WithLogger(quietLog()))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	direct := open(t, schema)
	conformance.RunStore(t, conformance.StoreHarness{
		Store: s,
		Tamper: func(ctx context.Context, seq int64, op conformance.TamperOp) error {
			return tamper(ctx, direct, seq, op)
		},
		Reopen: func(ctx context.Context) (driver.Store, error) {
			return plugins.OpenStore(ctx, u, plugins.WithLogger(quietLog()))
		},
	})
}

// TestConcurrentWritersNoLostUpdate: 64 writers in four "instances" (two
// connection pools in this process, two plugin processes) update the same
// three records in one batch each round. No update is lost and every loser
// gets ErrConflict.
func TestConcurrentWritersNoLostUpdate(t *testing.T) {
	schema := testSchema(t)
	ctx := context.Background()
	bin := plugintest.Build(t, plugintest.Module+"/plugins/postgres/cmd/relaciona-store-postgres")
	stores := []driver.Store{open(t, schema), open(t, schema)}
	for range 2 {
		p, err := plugins.OpenStore(ctx, pluginURL(bin, schema), plugins.WithLogger(quietLog()))
		require.NoError(t, err)
		t.Cleanup(func() { p.Close() })
		stores = append(stores, p)
	}
	ids := []string{"a", "b", "c"}
	var ws []driver.Write
	for _, id := range ids {
		ws = append(ws, driver.Write{Record: driver.Record{Kind: "counter", ID: id, Body: []byte("0")}})
	}
	_, err := stores[0].Apply(ctx, driver.Batch{Writes: ws, Audit: driver.AuditEntry{Actor: "t", Action: "create"}})
	require.NoError(t, err)

	const writers, rounds = 64, 8
	res := counterrace.Run(ctx, stores, "counter", ids, writers, rounds, func(w int) driver.AuditEntry {
		return driver.AuditEntry{Actor: fmt.Sprintf("w%d", w), Action: "inc"}
	})
	wins, conflicts, unexpected := res.Wins, res.Conflicts, res.Errs
	require.Empty(t, unexpected, "every loser gets ErrConflict, nothing else")
	assert.Equal(t, writers*rounds, wins+conflicts)
	assert.Positive(t, wins)
	rs, err := stores[1].Get(ctx, "counter", ids)
	require.NoError(t, err)
	for _, r := range rs {
		assert.Equal(t, fmt.Sprint(wins), string(r.Body), "record %s: every successful increment is kept", r.ID)
		assert.Equal(t, int64(wins+1), r.Version, "record %s", r.ID)
	}
	// And the audit chain, written from four processes' worth of writers,
	// is whole: one entry per successful batch, each linked to the last.
	var n int64
	var prev []byte = []byte{}
	require.NoError(t, stores[2].ScanAudit(ctx, 1, func(e driver.AuditEntry) error {
		n++
		if e.Seq != n || string(e.PrevHash) != string(prev) || string(driver.ChainHash(nil, prev, &e)) != string(e.Hash) {
			return fmt.Errorf("audit chain broken at %d", e.Seq)
		}
		prev = e.Hash
		return nil
	}))
	assert.Equal(t, int64(wins+1), n)
	t.Logf("%d writers × %d rounds: %d wins, %d conflicts", writers, rounds, wins, conflicts)
}

func TestParseURL(t *testing.T) {
	t.Setenv("RELACIONA_TEST_DSN", "postgres://u:secret@h/db")
	cases := []struct {
		url     string
		dsn     string
		schema  string
		wantErr string
	}{
		{url: "postgres://?dsn_env=RELACIONA_TEST_DSN&schema=agency", dsn: "postgres://u:secret@h/db", schema: "agency"},
		{url: "postgres://relaciona@db.internal:5432/agency?sslmode=require", dsn: "postgres://relaciona@db.internal:5432/agency?sslmode=require"},
		{url: "postgres://u:secret@h/db", wantErr: "carries a password"},
		{url: "postgres://h/db?password=secret", wantErr: "password parameter"},
		{url: "postgres://?dsn_env=RELACIONA_NO_SUCH_VAR", wantErr: "RELACIONA_NO_SUCH_VAR"},
		{url: "postgres://h/db?dsn_env=RELACIONA_TEST_DSN", wantErr: "whole DSN comes from the environment"},
		{url: "postgres://", wantErr: "names no server"},
		{url: "postgres://?dsn_env=RELACIONA_TEST_DSN&max_conns=lots", wantErr: "max_conns"},
		{url: "sqlite:///x.db", wantErr: "not postgres"},
	}
	for _, c := range cases {
		t.Run(c.url, func(t *testing.T) {
			o, err := postgres.ParseURL(c.url)
			if c.wantErr != "" {
				require.ErrorIs(t, err, driver.ErrInvalid)
				assert.Contains(t, err.Error(), c.wantErr)
				assert.NotContains(t, err.Error(), "secret", "no password in an error")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.dsn, o.DSN)
			assert.Equal(t, c.schema, o.Schema)
		})
	}
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"postgres://?dsn_env=X", "postgres://u:p@h/db", "postgres://h/db?sslmode=disable&schema=a", "postgres://%zz", "postgresql://?schema=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		o, err := postgres.ParseURL(raw)
		if err != nil {
			require.ErrorIs(t, err, driver.ErrInvalid)
			return
		}
		u, perr := url.Parse(o.DSN)
		if perr == nil && u.User != nil {
			_, has := u.User.Password()
			require.False(t, has, "an accepted URL never carries a password")
		}
	})
}

func TestOpenWithoutServerIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := postgres.Open(ctx, postgres.Options{DSN: "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"})
	require.Error(t, err)
	assert.ErrorIs(t, err, driver.ErrUnavailable)
}

func TestRefusesTextPostgreSQLCannotHold(t *testing.T) {
	s := open(t, testSchema(t))
	for name, r := range map[string]driver.Record{
		"nul in id":     {Kind: "k", ID: "a\x00b"},
		"bad utf8 attr": {Kind: "k", ID: "a", Attrs: map[string]string{"x": "\xff"}},
	} {
		_, err := s.Apply(context.Background(), driver.Batch{Writes: []driver.Write{{Record: r}}, Audit: driver.AuditEntry{Actor: "t", Action: "a"}})
		assert.ErrorIs(t, err, driver.ErrInvalid, name)
	}
}
