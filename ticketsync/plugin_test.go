package ticketsync_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	_ "github.com/relaciona/relaciona/plugins" // plugin:// URLs
	"github.com/relaciona/relaciona/ticketsync"
)

// buildDesk builds the desk's plugin binary once per test binary run.
func buildDesk(t testing.TB) string {
	bin := filepath.Join(t.TempDir(), "relaciona-tickets-desk")
	out, err := exec.Command("go", "build", "-o", bin, "../plugins/desk/cmd/relaciona-tickets-desk").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// openDeskPlugin opens the desk plugin binary on the source store of e.
func openDeskPlugin(t testing.TB, bin string, e *env) *relaciona.Tickets {
	src := relaciona.NewStore(e.src)
	tk, err := relaciona.OpenTickets(context.Background(), "plugin://"+bin, relaciona.WithTicketStore(src),
		relaciona.WithTicketsLogger(hclog.New(&hclog.LoggerOptions{Level: hclog.Error})))
	require.NoError(t, err)
	t.Cleanup(func() { tk.Close() })
	return tk
}

func TestSyncThroughThePluginBinary(t *testing.T) {
	e := newEnv(t, "")
	e.importN(t, 1500, time.Now().Add(-time.Hour))
	tk := openDeskPlugin(t, buildDesk(t), e)
	res, err := ticketsync.Sync(context.Background(), tk, e.store, ticketsync.Options{Source: "desk"})
	require.NoError(t, err)
	require.Equal(t, 1500, res.Written)
	e.verify(t)
	res, err = ticketsync.Sync(context.Background(), tk, e.store, ticketsync.Options{Source: "desk"})
	require.NoError(t, err)
	require.Equal(t, 0, res.Written)
}

// BenchmarkDeskPluginToSQLite is the speed target: sync 10,000
// changed tickets from the desk, served by its plugin binary (its tickets
// in one SQLite file, lent by the host), into another SQLite store.
//
// Besides wall-clock tickets/s it reports the CPU the host and the plugin
// process spent per 10,000 tickets (host-cpu-ms, plugin-cpu-ms; the
// plugin's includes its start), which does not depend on how busy the
// machine is.
func BenchmarkDeskPluginToSQLite(b *testing.B) {
	hclog.L().SetLevel(hclog.Error) // the plugin host's start/exit lines
	bin := buildDesk(b)
	var elapsed, hostCPU, pluginCPU time.Duration
	for range b.N {
		b.StopTimer()
		e := newEnv(b, b.TempDir())
		e.importN(b, 10000, time.Now().Add(-20000*time.Second))
		child0 := cpu(syscall.RUSAGE_CHILDREN)
		tk := openDeskPlugin(b, bin, e)
		b.StartTimer()
		self0, start := cpu(syscall.RUSAGE_SELF), time.Now()
		res, err := ticketsync.Sync(context.Background(), tk, e.store, ticketsync.Options{Source: "desk"})
		elapsed += time.Since(start)
		hostCPU += cpu(syscall.RUSAGE_SELF) - self0
		b.StopTimer()
		require.NoError(b, err)
		require.Equal(b, 10000, res.Written)
		require.NoError(b, tk.Close()) // waits for the plugin process
		pluginCPU += cpu(syscall.RUSAGE_CHILDREN) - child0
		b.StartTimer()
	}
	b.ReportMetric(float64(10000*b.N)/elapsed.Seconds(), "tickets/s")
	b.ReportMetric(float64(hostCPU.Milliseconds())/float64(b.N), "host-cpu-ms")
	b.ReportMetric(float64(pluginCPU.Milliseconds())/float64(b.N), "plugin-cpu-ms")
}

// cpu is the user+system CPU time of who (RUSAGE_SELF or RUSAGE_CHILDREN).
func cpu(who int) time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(who, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
