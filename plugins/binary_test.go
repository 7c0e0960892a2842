package plugins_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

const (
	sqlitePkg = plugintest.Module + "/plugins/sqlite/cmd/relaciona-store-sqlite"
	testPkg   = plugintest.Module + "/plugins/internal/testplugins/"
)

func quietLog() hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{Level: hclog.Error, Output: os.Stderr})
}

func pluginURL(bin string, settings map[string]string) string {
	q := url.Values{}
	for k, v := range settings {
		q.Set(k, v)
	}
	return "plugin://" + bin + "?" + q.Encode()
}

// TestConformanceSQLiteBinary runs the whole store suite through the
// relaciona-store-sqlite binary, with its checksum pinned, tampering with
// the file behind it and reopening it from a second plugin process.
func TestConformanceSQLiteBinary(t *testing.T) {
	bin := plugintest.Build(t, sqlitePkg)
	path := filepath.Join(t.TempDir(), "conf.db")
	u := pluginURL(bin, map[string]string{"sha256": plugintest.SHA256(t, bin), "path": path})
	ctx := context.Background()
	s, err := plugins.OpenStore(ctx, u, plugins.WithLogger(quietLog()))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	_, isCounter := s.(driver.Counter)
	assert.True(t, isCounter, "the SQLite plugin reports its Counter capability")
	direct, err := sqlite.Open(ctx, path)
	require.NoError(t, err)
	t.Cleanup(func() { direct.Close() })
	conformance.RunStore(t, conformance.StoreHarness{
		Store:  s,
		Tamper: plugintest.TamperSQLite(direct),
		Reopen: func(ctx context.Context) (driver.Store, error) {
			return plugins.OpenStore(ctx, u, plugins.WithLogger(quietLog()))
		},
	})
}

func TestOpenURLErrors(t *testing.T) {
	ctx := context.Background()
	for name, u := range map[string]string{
		"relative":     "plugin://relative/bin",
		"no path":      "plugin://",
		"bad sha":      "plugin:///bin/true?sha256=abc",
		"twice":        "plugin:///bin/true?a=1&a=2",
		"bad timeout":  "plugin:///bin/true?start_timeout=soon",
		"not a binary": "plugin:///",
		"missing":      "plugin:///no/such/relaciona-plugin",
		"other scheme": "sqlite:///x.db",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := plugins.OpenStore(ctx, u, plugins.WithLogger(quietLog()))
			require.Error(t, err)
		})
	}
}

func TestChecksumMismatch(t *testing.T) {
	bin := plugintest.Build(t, sqlitePkg)
	sum := plugintest.SHA256(t, bin)
	wrong := strings.Repeat("ab", 32)
	_, err := plugins.OpenStore(context.Background(), pluginURL(bin, map[string]string{"sha256": wrong, "path": ":memory:"}), plugins.WithLogger(quietLog()))
	require.Error(t, err)
	assert.ErrorIs(t, err, driver.ErrInvalid)
	assert.Contains(t, err.Error(), bin, "the error names the file")
	assert.Contains(t, err.Error(), sum[:12], "and the file's hash")
	assert.Contains(t, err.Error(), wrong[:12], "and the expected one")
	assert.Empty(t, plugintest.Processes(bin), "the binary never ran")
}

func TestStdoutBeforeHandshake(t *testing.T) {
	bin := plugintest.Build(t, testPkg+"stdout")
	_, err := plugins.OpenStore(context.Background(), pluginURL(bin, nil), plugins.WithLogger(quietLog()))
	require.Error(t, err)
	assert.ErrorIs(t, err, driver.ErrUnavailable)
	assert.Contains(t, err.Error(), bin)
	assert.Contains(t, err.Error(), "stdout before its handshake")
	assert.Contains(t, err.Error(), "starting my great plugin", "the stray line is quoted")
	require.Eventually(t, func() bool { return len(plugintest.Processes(bin)) == 0 }, 10*time.Second, 50*time.Millisecond)
}

func TestWrongProtocolVersion(t *testing.T) {
	bin := plugintest.Build(t, testPkg+"badversion")
	_, err := plugins.OpenStore(context.Background(), pluginURL(bin, nil), plugins.WithLogger(quietLog()))
	require.Error(t, err)
	assert.Contains(t, err.Error(), bin)
	assert.Contains(t, err.Error(), "protocol version 2")
	assert.Contains(t, err.Error(), fmt.Sprintf("this host speaks version %d", plugins.ProtocolVersion))
	require.Eventually(t, func() bool { return len(plugintest.Processes(bin)) == 0 }, 10*time.Second, 50*time.Millisecond)
}

func TestHangAtStart(t *testing.T) {
	bin := plugintest.Build(t, testPkg+"hang")
	_, err := plugins.OpenStore(context.Background(), pluginURL(bin, map[string]string{"start_timeout": "1500ms"}), plugins.WithLogger(quietLog()))
	require.Error(t, err)
	assert.ErrorIs(t, err, driver.ErrUnavailable)
	assert.Contains(t, err.Error(), bin)
	assert.Contains(t, err.Error(), "did not complete its handshake within 1.5s")
	require.Eventually(t, func() bool { return len(plugintest.Processes(bin)) == 0 }, 10*time.Second, 50*time.Millisecond, "the hanging process is killed")
}

func TestNotAStorePlugin(t *testing.T) {
	// A binary that is no plugin at all exits at once with go-plugin's notice.
	_, err := plugins.OpenStore(context.Background(), "plugin:///bin/true", plugins.WithLogger(quietLog()))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/bin/true")
}

func TestSettingsReachThePlugin(t *testing.T) {
	bin := plugintest.Build(t, sqlitePkg)
	_, err := plugins.OpenStore(context.Background(), pluginURL(bin, map[string]string{"colour": "blue"}), plugins.WithLogger(quietLog()))
	require.ErrorIs(t, err, driver.ErrInvalid)
	assert.Contains(t, err.Error(), "unknown settings colour", "the plugin's own refusal, with its text")
	require.Eventually(t, func() bool { return len(plugintest.Processes(bin)) == 0 }, 10*time.Second, 50*time.Millisecond)
}

func crashBatch(kind string) driver.Batch {
	return driver.Batch{Writes: []driver.Write{{Record: driver.Record{Kind: kind, ID: "x", Body: []byte(`{}`)}}}, Audit: driver.AuditEntry{Actor: "t", Action: "a"}}
}

// TestCrashIsReportedAndRestarts: a plugin that dies mid-call fails that
// call with an error naming it, saying it exited and quoting its stderr; the
// next call runs on a fresh process.
func TestCrashIsReportedAndRestarts(t *testing.T) {
	bin := plugintest.Build(t, testPkg+"crash")
	ctx := context.Background()
	s, err := plugins.OpenStore(ctx, pluginURL(bin, nil), plugins.WithLogger(quietLog()))
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Apply(ctx, crashBatch("ok"))
	require.NoError(t, err)
	first := plugintest.Processes(bin)
	require.Len(t, first, 1)

	_, err = s.Apply(ctx, crashBatch("crash"))
	require.Error(t, err)
	assert.ErrorIs(t, err, driver.ErrUnavailable)
	var ee *plugins.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, bin, ee.Plugin)
	assert.Equal(t, first[0], ee.Pid)
	assert.Equal(t, "exit status 3", ee.State)
	msg := err.Error()
	assert.Contains(t, msg, bin)
	assert.Contains(t, msg, "exited (exit status 3)")
	assert.Contains(t, msg, "about to crash on purpose", "the plugin's last log line")

	// The next call starts a fresh process (an in-memory store: empty again).
	rs, err := s.Get(ctx, "ok", []string{"x"})
	require.NoError(t, err)
	assert.Empty(t, rs, "a fresh process")
	now := plugintest.Processes(bin)
	require.Len(t, now, 1)
	assert.NotEqual(t, first[0], now[0])

	// A panic: the runtime's report is quoted.
	_, err = s.Apply(ctx, crashBatch("panic"))
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, "exit status 2", ee.State)
	assert.Contains(t, err.Error(), "panic: the plugin panics on purpose")
	_, err = s.Get(ctx, "ok", []string{"x"})
	require.NoError(t, err)
}

// TestDiedWhileIdle: a plugin killed between calls is reported by the next
// call; the one after runs on a fresh process.
func TestDiedWhileIdle(t *testing.T) {
	bin := plugintest.Build(t, sqlitePkg)
	ctx := context.Background()
	s, err := plugins.OpenStore(ctx, pluginURL(bin, map[string]string{"path": ":memory:"}), plugins.WithLogger(quietLog()))
	require.NoError(t, err)
	defer s.Close()
	pids := plugintest.Processes(bin)
	require.Len(t, pids, 1)
	require.NoError(t, syscall.Kill(pids[0], syscall.SIGKILL))
	require.Eventually(t, func() bool {
		_, err := s.Get(ctx, "k", []string{"a"})
		if err == nil {
			return false
		}
		var ee *plugins.ExitError
		return errors.As(err, &ee) && ee.State == "signal: killed"
	}, 10*time.Second, 20*time.Millisecond)
	_, err = s.Get(ctx, "k", []string{"a"})
	require.NoError(t, err, "the call after the report starts a fresh plugin")
}

// TestContextReachesThePlugin: the call's deadline reaches the plugin, and
// a cancelled call ends there too.
func TestContextReachesThePlugin(t *testing.T) {
	bin := plugintest.Build(t, testPkg+"crash")
	s, err := plugins.OpenStore(context.Background(), pluginURL(bin, nil), plugins.WithLogger(quietLog()))
	require.NoError(t, err)
	defer s.Close()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	_, err = s.Apply(ctx, crashBatch("deadline"))
	cancel()
	require.ErrorIs(t, err, driver.ErrInvalid)
	assert.Equal(t, "invalid: deadline set: true", err.Error(), "the driver's message crosses unchanged")
	_, err = s.Apply(context.Background(), crashBatch("deadline"))
	assert.Equal(t, "invalid: deadline set: false", err.Error())

	ctx, cancel = context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = s.Apply(ctx, crashBatch("block"))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 30*time.Second, "the blocked call ends with its deadline")

	ctx, cancel = context.WithCancel(context.Background())
	go func() { time.Sleep(200 * time.Millisecond); cancel() }()
	_, err = s.Apply(ctx, crashBatch("block"))
	require.ErrorIs(t, err, context.Canceled)
	_, err = s.Apply(context.Background(), crashBatch("ok"))
	require.NoError(t, err, "the plugin is still alive and well")
}

// TestKilledMidBatch kills the plugin while it applies a large batch: the
// batch is then wholly applied or not at all, as reading it back shows.
func TestKilledMidBatch(t *testing.T) {
	bin := plugintest.Build(t, sqlitePkg)
	path := filepath.Join(t.TempDir(), "kill.db")
	ctx := context.Background()
	s, err := plugins.OpenStore(ctx, pluginURL(bin, map[string]string{"path": path}), plugins.WithLogger(quietLog()))
	require.NoError(t, err)
	defer s.Close()
	const n = 20000
	for round, delay := range []time.Duration{5 * time.Millisecond, 50 * time.Millisecond, 150 * time.Millisecond, 400 * time.Millisecond, 5 * time.Second} {
		kind := fmt.Sprintf("kill%d", round)
		ws := make([]driver.Write, n)
		ids := make([]string, n)
		for i := range ws {
			ids[i] = fmt.Sprintf("r%05d", i)
			ws[i] = driver.Write{Record: driver.Record{Kind: kind, ID: ids[i], Attrs: map[string]string{"round": kind}, Body: []byte(`{"payload":"` + strings.Repeat("x", 200) + `"}`)}}
		}
		// Warm up so the process exists, then kill it while the batch runs.
		_, err := s.Get(ctx, kind, []string{"none"})
		require.NoError(t, err)
		pids := plugintest.Processes(bin)
		require.Len(t, pids, 1)
		done := make(chan error, 1)
		go func() {
			_, err := s.Apply(ctx, driver.Batch{Writes: ws, Audit: driver.AuditEntry{Actor: "t", Action: "bulk"}})
			done <- err
		}()
		time.Sleep(delay)
		_ = syscall.Kill(pids[0], syscall.SIGKILL)
		callErr := <-done
		// Read back through a fresh, in-process view of the file.
		direct, err := sqlite.Open(ctx, path)
		require.NoError(t, err)
		rs, err := direct.Get(ctx, kind, ids)
		require.NoError(t, err)
		direct.Close()
		t.Logf("round %d: kill after %s: call error: %v; %d of %d records stored", round, delay, callErr != nil, len(rs), n)
		switch len(rs) {
		case 0:
			require.Error(t, callErr, "round %d: nothing stored, so the call must have failed", round)
			assert.ErrorIs(t, callErr, driver.ErrUnavailable, "round %d", round)
			var ee *plugins.ExitError
			assert.ErrorAs(t, callErr, &ee, "round %d: the call says the plugin exited", round)
		case n:
			// Applied before the kill landed (the call may or may not have
			// seen its answer).
		default:
			t.Errorf("round %d (kill after %s): %d of %d records applied: a batch must be all or nothing", round, delay, len(rs), n)
		}
		// The store keeps working (a fresh process) for the next round.
		require.Eventually(t, func() bool { _, err := s.Get(ctx, kind, []string{"x"}); return err == nil }, 10*time.Second, 20*time.Millisecond)
	}
}

// TestCloseLeavesNothing: after Close no plugin process and no goroutine of
// the transport remain.
func TestCloseLeavesNothing(t *testing.T) {
	bin := plugintest.Build(t, sqlitePkg)
	ctx := context.Background()
	before := runtime.NumGoroutine()
	for range 3 {
		s, err := plugins.OpenStore(ctx, pluginURL(bin, map[string]string{"path": ":memory:"}), plugins.WithLogger(quietLog()))
		require.NoError(t, err)
		_, err = s.Apply(ctx, crashBatch("k"))
		require.NoError(t, err)
		require.NoError(t, s.Scan(ctx, driver.Query{Kind: "k"}, func(driver.Record) error { return nil }))
		require.Len(t, plugintest.Processes(bin), 1)
		require.NoError(t, s.Close())
		assert.Empty(t, plugintest.Processes(bin), "Close waits for the process to end")
		_, err = s.Get(ctx, "k", []string{"x"})
		assert.ErrorIs(t, err, driver.ErrClosed)
	}
	// Polled by hand: testify's Eventually runs its condition in a goroutine.
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if runtime.NumGoroutine() > before {
		buf := make([]byte, 1<<20)
		t.Errorf("goroutines: %d before, %d after:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
	}
}
