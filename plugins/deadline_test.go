package plugins_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

// TestCallTimeoutOnAStoppedPlugin stops the plugin process (SIGSTOP): every
// kind of call (one-shot, streamed) fails within the call timeout with an
// error naming the plugin, instead of blocking for ever, and the next call
// starts a fresh process.
func TestCallTimeoutOnAStoppedPlugin(t *testing.T) {
	bin := plugintest.Build(t, sqlitePkg)
	path := filepath.Join(t.TempDir(), "stop.db")
	ctx := context.Background()
	u := pluginURL(bin, map[string]string{"path": path, "call_timeout": "1s"})
	s, err := plugins.OpenStore(ctx, u, plugins.WithLogger(quietLog()))
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Apply(ctx, driver.Batch{Writes: []driver.Write{{Record: driver.Record{Kind: "k", ID: "a", Body: []byte(`{}`)}}}, Audit: driver.AuditEntry{Actor: "t", Action: "create"}})
	require.NoError(t, err)

	calls := []struct {
		name string
		call func() error
	}{
		{"Get", func() error { _, err := s.Get(ctx, "k", []string{"a"}); return err }},
		{"Scan", func() error {
			return s.Scan(ctx, driver.Query{Kind: "k"}, func(driver.Record) error { return nil })
		}},
		{"ScanAudit", func() error { return s.ScanAudit(ctx, 1, func(driver.AuditEntry) error { return nil }) }},
		{"Lock", func() error {
			// The wait may be long; a plugin that does not even acknowledge
			// the request fails at its call timeout all the same.
			wctx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			_, err := s.(driver.Locker).Lock(wctx, "x")
			return err
		}},
		{"Apply", func() error {
			_, err := s.Apply(ctx, driver.Batch{Writes: []driver.Write{{Record: driver.Record{Kind: "k", ID: "b", Body: []byte(`{}`)}}}, Audit: driver.AuditEntry{Actor: "t", Action: "create"}})
			return err
		}},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			// Wake the plugin (a fresh one after the last kill), then stop it.
			_, err := s.Get(ctx, "k", []string{"a"})
			require.NoError(t, err)
			pids := plugintest.Processes(bin)
			require.Len(t, pids, 1)
			require.NoError(t, syscall.Kill(pids[0], syscall.SIGSTOP))
			t.Cleanup(func() { _ = syscall.Kill(pids[0], syscall.SIGCONT) })
			// kill returns before the signal takes effect: wait until the
			// kernel shows the process stopped.
			require.Eventually(t, func() bool { return processState(pids[0]) == 'T' }, 10*time.Second, 5*time.Millisecond,
				"the plugin process stops")

			start := time.Now()
			done := make(chan error, 1)
			go func() { done <- c.call() }()
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatalf("%s on a stopped plugin still blocks after 30s", c.name)
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, driver.ErrUnavailable)
			assert.Contains(t, err.Error(), bin, "the error names the plugin")
			assert.Contains(t, err.Error(), "within 1s (call_timeout)")
			assert.Less(t, time.Since(start), 10*time.Second)
			require.Eventually(t, func() bool { return len(plugintest.Processes(bin)) == 0 }, 20*time.Second, 50*time.Millisecond,
				"the stopped plugin is killed")
		})
	}
	rs, err := s.Get(ctx, "k", []string{"a"})
	require.NoError(t, err, "the next call starts a fresh plugin")
	assert.Len(t, rs, 1)
}

// TestCallTimeoutIsIdleTimeForStreams: a streamed read whose consumer is
// slower than the call timeout is not cut: only waiting for the plugin
// counts.
func TestCallTimeoutIsIdleTimeForStreams(t *testing.T) {
	bin := plugintest.Build(t, sqlitePkg)
	ctx := context.Background()
	s, err := plugins.OpenStore(ctx, pluginURL(bin, map[string]string{"path": ":memory:", "call_timeout": "2s"}), plugins.WithLogger(quietLog()))
	require.NoError(t, err)
	defer s.Close()
	var ws []driver.Write
	for _, id := range []string{"a", "b", "c"} {
		ws = append(ws, driver.Write{Record: driver.Record{Kind: "k", ID: id, Body: []byte(`{}`)}})
	}
	_, err = s.Apply(ctx, driver.Batch{Writes: ws, Audit: driver.AuditEntry{Actor: "t", Action: "create"}})
	require.NoError(t, err)
	n := 0
	err = s.Scan(ctx, driver.Query{Kind: "k"}, func(driver.Record) error {
		n++
		time.Sleep(time.Second)
		return nil
	})
	require.NoError(t, err, "3 s of consumer time in a scan with a 2 s call timeout")
	assert.Equal(t, 3, n)
}

func TestCallTimeoutURL(t *testing.T) {
	for _, v := range []string{"soon", "0s", "-1s"} {
		_, err := plugins.OpenStore(context.Background(), "plugin:///bin/true?call_timeout="+v, plugins.WithLogger(quietLog()))
		require.Error(t, err)
		assert.ErrorIs(t, err, driver.ErrInvalid)
		assert.Contains(t, err.Error(), "call_timeout")
	}
}

// processState is the state letter of /proc/PID/stat (R, S, T, Z, ...), or
// 0 when it cannot be read.
func processState(pid int) byte {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return 0
	}
	return b[i+2]
}
