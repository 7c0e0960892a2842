package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/flock"
	"github.com/relaciona/relaciona/internal/pgtest"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

var (
	cliOnce sync.Once
	cliBin  string
	cliErr  error
)

// buildCLI builds the relaciona binary once per test process.
func buildCLI(t *testing.T) string {
	t.Helper()
	cliOnce.Do(func() {
		dir, err := os.MkdirTemp("", "relaciona-cli-")
		if err != nil {
			cliErr = err
			return
		}
		cliBin = filepath.Join(dir, "relaciona")
		out, err := exec.Command("go", "build", "-o", cliBin, ".").CombinedOutput()
		if err != nil {
			cliErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, cliErr)
	return cliBin
}

type procResult struct {
	code   int
	stdout string
	stderr string
}

// startRuns starts n `relaciona run` processes of one deployment at once
// and waits for them all.
func startRuns(t *testing.T, bin string, n int, args ...string) []procResult {
	t.Helper()
	cmds := make([]*exec.Cmd, n)
	outs := make([]*strings.Builder, n)
	errs := make([]*strings.Builder, n)
	for i := range cmds {
		cmds[i] = exec.Command(bin, args...)
		cmds[i].Env = append(os.Environ(), "RELACIONA_LANG=")
		outs[i], errs[i] = &strings.Builder{}, &strings.Builder{}
		cmds[i].Stdout, cmds[i].Stderr = outs[i], errs[i]
	}
	for _, c := range cmds {
		require.NoError(t, c.Start())
	}
	res := make([]procResult, n)
	for i, c := range cmds {
		_ = c.Wait()
		res[i] = procResult{c.ProcessState.ExitCode(), outs[i].String(), errs[i].String()}
	}
	return res
}

func TestRunTwoAtOnceSQLite(t *testing.T) {
	bin := buildCLI(t)
	ref := runDeployment(t, "stakeholder", "alliance", "citizen")
	code, _, errOut := runCLI(t, "run", "--config", ref, "--at", "2026-03-02")
	require.Equal(t, 0, code, errOut)
	want := auditEntries(t, ref)

	for round := range 3 {
		path := runDeployment(t, "stakeholder", "alliance", "citizen")
		res := startRuns(t, bin, 2, "run", "--config", path, "--at", "2026-03-02")
		for i, r := range res {
			require.Equal(t, 0, r.code, "round %d run %d: stdout %s stderr %s", round, i, r.stdout, r.stderr)
		}
		assert.Equal(t, want, auditEntries(t, path), "round %d: the store holds what one run writes", round)
		assert.DirExists(t, filepath.Join(filepath.Dir(path), "reports", "2026-02"))
	}
}

func TestRunTwoAtOncePostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	bin := buildCLI(t)
	t.Setenv("RELACIONA_TEST_PG_DSN", dsn)
	ref := runDeployment(t, "stakeholder", "alliance", "citizen")
	code, _, errOut := runCLI(t, "run", "--config", ref, "--at", "2026-03-02")
	require.Equal(t, 0, code, errOut)
	want := auditEntries(t, ref)

	for round := range 3 {
		schema := pgtest.Schema(t, "runlock_")
		path := runDeployment(t, "stakeholder", "alliance", "citizen")
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		y := strings.Replace(string(b), "store: sqlite://agency.db", "store: postgres://?dsn_env=RELACIONA_TEST_PG_DSN&schema="+schema, 1)
		require.NoError(t, os.WriteFile(path, []byte(y), 0o644))

		res := startRuns(t, bin, 2, "run", "--config", path, "--at", "2026-03-02")
		for i, r := range res {
			require.Equal(t, 0, r.code, "round %d run %d: stdout %s stderr %s", round, i, r.stdout, r.stderr)
		}
		assert.Equal(t, want, auditEntries(t, path), "round %d: the PostgreSQL store holds what one run writes", round)
	}
}

// holdRunLock takes the run lock of the SQLite store at db from this process.
func holdRunLock(t *testing.T, db string) func() error {
	t.Helper()
	s, err := sqlite.Open(context.Background(), db)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	unlock, err := s.Lock(context.Background(), runLockName)
	require.NoError(t, err)
	return unlock
}

func TestRunWhileAnotherRunHoldsTheLock(t *testing.T) {
	path := runDeployment(t, "stakeholder")
	db := filepath.Join(filepath.Dir(path), "agency.db")
	unlock := holdRunLock(t, db)

	start := time.Now()
	code, out, errOut := runCLI(t, "run", "--config", path, "--at", "2026-03-02")
	require.Equal(t, 0, code, "a run in progress is not an error: %s", errOut)
	assert.Contains(t, out, "está en curso")
	assert.Less(t, time.Since(start), 2*runLockTry, "without --wait it does not wait long")
	assert.Equal(t, int64(0), auditEntries(t, path), "and it did nothing")
	assert.NoDirExists(t, filepath.Join(filepath.Dir(path), "reports"))

	code, out, _ = runCLI(t, "--lang", "en", "run", "--config", path, "--at", "2026-03-02", "--wait", "200ms")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "is in progress (waited 200ms)")

	go func() {
		time.Sleep(300 * time.Millisecond)
		_ = unlock()
	}()
	code, out, errOut = runCLI(t, "run", "--config", path, "--at", "2026-03-02", "--wait", "30s")
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, out, "en curso", "with --wait it waits for the lock and runs")
	assert.Contains(t, out, "informes del mes")

	code, _, _ = runCLI(t, "run", "--config", path, "--wait", "-1s")
	assert.Equal(t, 2, code, "a negative --wait is a usage error")
}

// TestHelperHoldRunLock is not a test: TestRunLockFreedByKill runs the test
// binary as a process that holds the run lock until it is killed.
func TestHelperHoldRunLock(t *testing.T) {
	db := os.Getenv("RELACIONA_TEST_HOLD_LOCK")
	if db == "" {
		t.Skip("helper process for TestRunLockFreedByKill")
	}
	holdRunLock(t, db)
	fmt.Println("held")
	time.Sleep(time.Minute)
}

func TestRunLockFreedByKill(t *testing.T) {
	path := runDeployment(t, "stakeholder")
	db := filepath.Join(filepath.Dir(path), "agency.db")
	holder := exec.Command(os.Args[0], "-test.run=^TestHelperHoldRunLock$")
	holder.Env = append(os.Environ(), "RELACIONA_TEST_HOLD_LOCK="+db)
	stdout, err := holder.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, holder.Start())
	t.Cleanup(func() { _ = holder.Process.Kill(); _ = holder.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "held\n", line)

	code, out, _ := runCLI(t, "run", "--config", path, "--at", "2026-03-02")
	require.Equal(t, 0, code)
	require.Contains(t, out, "está en curso", "another process's lock keeps the run out")

	require.NoError(t, holder.Process.Signal(syscall.SIGKILL))
	_ = holder.Wait()
	code, out, errOut := runCLI(t, "run", "--config", path, "--at", "2026-03-02")
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, out, "en curso", "the killed holder's lock is released")
	assert.Contains(t, out, "informes del mes")
}

// TestRunLockFallsBackToAFileLock: a store without locks (a plugin that
// does not offer them) is locked by a file beside the deployment, and run
// says that this only keeps out runs on this machine.
func TestRunLockFallsBackToAFileLock(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "deployment.yaml")
	s, err := sqlite.Open(context.Background(), ":memory:")
	require.NoError(t, err)
	defer s.Close()
	// Embedding the interface hides the driver's Lock.
	d := &deployed{store: relaciona.NewStore(struct{ driver.Store }{s})}
	var out strings.Builder
	e := &env{stdout: &out, stderr: &out, lang: relaciona.Spanish, log: hclog.NewNullLogger()}

	held, err := flock.Lock(context.Background(), cfg+".lock")
	require.NoError(t, err)
	_, busy, err := lockRun(context.Background(), e, d, cfg, 100*time.Millisecond)
	require.NoError(t, err)
	assert.True(t, busy, "the file lock beside the deployment is held by another")
	assert.Contains(t, out.String(), "solo impide otra ejecución en esta máquina")
	assert.Contains(t, out.String(), "está en curso")

	require.NoError(t, held())
	out.Reset()
	unlock, busy, err := lockRun(context.Background(), e, d, cfg, 0)
	require.NoError(t, err)
	assert.False(t, busy)
	assert.Contains(t, out.String(), cfg+".lock")
	require.NoError(t, unlock())
}
