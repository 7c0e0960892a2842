package main

import (
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/deployment"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// openRunStore opens the store of a test deployment through the library.
func openRunStore(t *testing.T, path string) *relaciona.Store {
	t.Helper()
	dep, err := deployment.Load(path, relaciona.Spanish)
	require.NoError(t, err)
	s, err := relaciona.OpenStore(context.Background(), dep.Store)
	require.NoError(t, err)
	return s
}

// tamper runs SQL on the deployment's SQLite file, as someone with a
// database console could.
func tamper(t *testing.T, path string, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(filepath.Dir(path), "agency.db"))
	require.NoError(t, err)
	defer db.Close()
	for _, q := range stmts {
		require.NoError(t, db.Exec(ctx, q))
	}
}

// firstChanged is the first record the deployment's audit says changed.
func firstChanged(t *testing.T, path string) (kind, id string) {
	t.Helper()
	s := openRunStore(t, path)
	for e, err := range s.Audit(context.Background(), 1) {
		require.NoError(t, err)
		if len(e.Changes) > 0 {
			kind, id = e.Changes[0].Kind, e.Changes[0].ID
			break
		}
	}
	require.NoError(t, s.Close())
	require.NotEmpty(t, id)
	return kind, id
}

func readHead(t *testing.T, path string) relaciona.AuditHead {
	t.Helper()
	h, err := relaciona.ReadAuditHead(filepath.Join(filepath.Dir(path), deployment.DefaultAuditHeadFile))
	require.NoError(t, err)
	return h
}

// Removing the last audit entry together with the records it wrote leaves
// a store whose log and records agree: only the head file beside the
// deployment tells, and the next run refuses.
func TestRunFindsTheStoreWentBack(t *testing.T) {
	path := runDeployment(t, "stakeholder")
	code, _, errOut := runCLI(t, "run", "--config", path, "--at", "2026-05-04")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	head := readHead(t, path)
	require.Positive(t, head.Seen.Seq, "the head saw the run's own writes")

	ctx := context.Background()
	s := openRunStore(t, path)
	var last relaciona.AuditEntry
	for e, err := range s.Audit(ctx, 1) {
		require.NoError(t, err)
		last = e
	}
	require.NoError(t, s.Close())
	require.Equal(t, head.Seen.Seq, last.Seq)
	stmts := []string{"DELETE FROM audit WHERE seq = " + strconv.FormatInt(last.Seq, 10)}
	for _, c := range last.Changes {
		require.Zero(t, c.Before, "the last entry created its records: removing them undoes it")
		stmts = append(stmts,
			"DELETE FROM records WHERE kind = '"+c.Kind+"' AND id = '"+c.ID+"'",
			"DELETE FROM attrs WHERE kind = '"+c.Kind+"' AND id = '"+c.ID+"'")
	}
	tamper(t, path, stmts...)
	s = openRunStore(t, path)
	_, err := s.VerifyAudit(ctx)
	require.NoError(t, err, "the shortened log is a valid chain")
	_, err = s.VerifyRecords(ctx)
	require.NoError(t, err, "and the records match it")
	require.NoError(t, s.Close())

	code, _, errOut = runCLI(t, "run", "--config", path, "--at", "2026-05-05")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "el almacenamiento retrocedió")
	assert.Contains(t, errOut, deployment.DefaultAuditHeadFile)
	assert.Equal(t, head, readHead(t, path), "a refused run leaves the head as it was")

	code, _, errOut = runCLI(t, "verify", "--config", path)
	assert.Equal(t, 1, code, "the full check finds it too")
	assert.Contains(t, errOut, "retrocedió")
}

// A record written after the head (by anyone: here a web intake) and then
// changed behind the store's back is found by the next, incremental run.
func TestRunFindsRecordsChangedSinceTheHead(t *testing.T) {
	path := runDeployment(t, "stakeholder")
	for _, at := range []string{"2026-05-04", "2026-05-05"} {
		code, _, errOut := runCLI(t, "run", "--config", path, "--at", at)
		require.Equal(t, 0, code, "stderr: %s", errOut)
	}
	require.Positive(t, readHead(t, path).Verified.Seq, "the second run verified a point")

	ctx := context.Background()
	s := openRunStore(t, path)
	b := s.Begin(relaciona.SystemActor(), "intake.file", "")
	b.Put(relaciona.Record{Kind: "test.intake", ID: "i1", Body: []byte(`{"n":1}`)}, 0)
	_, err := b.Commit(ctx)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	tamper(t, path, `UPDATE records SET body = X'7B7D' WHERE kind = 'test.intake' AND id = 'i1'`)

	code, out, errOut := runCLI(t, "run", "--config", path, "--at", "2026-05-06")
	assert.Equal(t, 1, code, "stdout: %s", out)
	assert.Contains(t, errOut, "test.intake/i1")
	assert.Contains(t, errOut, "no es el que escribió la auditoría")
}

// The incremental run reads only what changed since the verified head: a
// record changed behind the store's back before it, and untouched since,
// is found by `relaciona verify` and by audit.verify: full, not by the
// daily run. The run documentation says so.
func TestRunLeavesOldRecordsToTheFullCheck(t *testing.T) {
	path := runDeployment(t, "stakeholder")
	code, out, errOut := runCLI(t, "run", "--config", path, "--at", "2026-05-04")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "verificación completa", "no head yet: the first run checks everything")
	code, out, errOut = runCLI(t, "run", "--config", path, "--at", "2026-06-02")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	head := readHead(t, path)
	require.Positive(t, head.Verified.Seq)

	// The reports of May publish the head verified by that run.
	index, err := os.ReadFile(filepath.Join(filepath.Dir(path), "reports", "2026-05", "index.html"))
	require.NoError(t, err)
	assert.Contains(t, string(index), hex.EncodeToString(head.Verified.Hash))
	assert.Contains(t, string(index), "Última entrada verificada")

	kind, id := firstChanged(t, path)
	tamper(t, path, `UPDATE records SET body = X'7B7D' WHERE kind = '`+kind+`' AND id = '`+id+`'`)

	code, out, errOut = runCLI(t, "run", "--config", path, "--at", "2026-06-03")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "entradas nuevas desde la cabeza verificada")

	code, _, errOut = runCLI(t, "verify", "--config", path)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, kind+"/"+id)
	assert.Contains(t, errOut, "su contenido no es el escrito")

	full := strings.Replace(readFile(t, path), "processes:", "audit:\n  verify: full\nprocesses:", 1)
	require.NoError(t, os.WriteFile(path, []byte(full), 0o644))
	code, _, errOut = runCLI(t, "run", "--config", path, "--at", "2026-06-04")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, kind+"/"+id)
}

func TestVerifyCommand(t *testing.T) {
	path := runDeployment(t, "stakeholder")
	code, _, errOut := runCLI(t, "run", "--config", path, "--at", "2026-05-04")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	code, out, errOut := runCLI(t, "verify", "--config", path)
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "verificación completa")
	assert.Contains(t, out, "coinciden con la auditoría")
	h := readHead(t, path)
	assert.Equal(t, h.Seen, h.Verified, "the full check verified up to what the head saw")
	assert.Contains(t, out, h.Verified.ShortHash())

	code, _, _ = runCLI(t, "verify")
	assert.Equal(t, 2, code)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// A deployment that names an audit key keys every entry it writes; the
// log then cannot be continued without that key, and a chain rewritten
// without it is refused by the next run.
func TestRunKeysTheAuditChainWithTheDeploymentsKey(t *testing.T) {
	path := runDeployment(t, "stakeholder")
	y, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, append(y, []byte("audit:\n  key_env: RELACIONA_TEST_AUDIT_KEY\n")...), 0o644))
	key := strings.Repeat("k3y-", 10)
	t.Setenv("RELACIONA_TEST_AUDIT_KEY", key)

	code, _, errOut := runCLI(t, "run", "--config", path, "--at", "2026-05-04")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	ctx := context.Background()
	s := openRunStore(t, path)
	require.NoError(t, s.UseAuditKey([]byte(key)))
	sum, err := s.VerifyAudit(ctx)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.NotEmpty(t, sum.KeyID, "the run's entries are keyed")
	assert.Equal(t, int64(1), sum.KeyedFrom, "from the first entry of a new store")

	// Without the key, no run goes on.
	t.Setenv("RELACIONA_TEST_AUDIT_KEY", "")
	code, _, errOut = runCLI(t, "run", "--config", path, "--at", "2026-05-05")
	assert.Equal(t, 1, code)
	assert.NotContains(t, errOut, key, "the key is never printed")

	// The chain recomputed by someone without the key (every hash
	// recomputed unkeyed, key ids kept): the next run refuses it.
	t.Setenv("RELACIONA_TEST_AUDIT_KEY", key)
	s = openRunStore(t, path)
	var entries []relaciona.AuditEntry
	for e, err := range s.Audit(ctx, 1) {
		require.NoError(t, err)
		entries = append(entries, e)
	}
	require.NoError(t, s.Close())
	require.NotEmpty(t, entries)
	var stmts []string
	prev := []byte{}
	for _, e := range entries {
		de := toDriverEntry(e)
		de.PrevHash = prev
		de.Hash = driver.ChainHash(nil, prev, &de)
		stmts = append(stmts, "UPDATE audit SET prev_hash = x'"+hex.EncodeToString(de.PrevHash)+"', hash = x'"+hex.EncodeToString(de.Hash)+"' WHERE seq = "+strconv.FormatInt(e.Seq, 10))
		prev = de.Hash
	}
	tamper(t, path, stmts...)
	code, _, errOut = runCLI(t, "run", "--config", path, "--at", "2026-05-05")
	assert.Equal(t, 1, code, "a chain recomputed without the key is refused")
	assert.NotContains(t, errOut, key)
}

func toDriverEntry(e relaciona.AuditEntry) driver.AuditEntry {
	de := driver.AuditEntry{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Action: e.Action, Reason: e.Reason, Format: e.Format, KeyID: e.KeyID}
	for _, c := range e.Changes {
		de.Changes = append(de.Changes, driver.Change{Kind: c.Kind, ID: c.ID, Before: c.Before, After: c.After, Digest: c.Digest})
	}
	return de
}
