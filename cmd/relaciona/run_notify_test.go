package main

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/deployment"
)

const runHookKey = "una-clave-de-firma-de-prueba-run"

// runNotifyDeployment is a deployment running the example stakeholder
// process whose notifications go to the webhook url (lease 1s), with n
// notifications due today in its outbox; it returns the path and their
// keys.
func runNotifyDeployment(t *testing.T, url string, n int) (string, []string) {
	t.Helper()
	t.Setenv("RELACIONA_TEST_RUN_HOOK_KEY", runHookKey)
	path := runDeployment(t, "stakeholder")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, append(b, []byte("notifications:\n  channels:\n    webhook:\n      url: "+url+
		"\n      secret_env: RELACIONA_TEST_RUN_HOOK_KEY\n  retry: {max_attempts: 3, backoff: 1s}\n  lease: 1s\n")...), 0o644))
	dep, err := deployment.Load(path, relaciona.Spanish)
	require.NoError(t, err)
	return path, seedOutbox(t, dep.Store, "R", n, func(i int) relaciona.Recipient {
		return relaciona.Recipient{Email: fmt.Sprintf("persona%d@correo.co", i)}
	}, "")
}

// relaciona run killed with SIGKILL while a notice is in flight, then run
// again: every notice delivered, the one repeat with the same key, every
// request signed.
func TestRunKilledMidDispatchDeliversOnce(t *testing.T) {
	const n = 10
	hook := newHookServer(t, 4, runHookKey)
	path, keys := runNotifyDeployment(t, hook.URL, n)
	killWhenHookCalled(t, hook, 60*time.Second, "run", "--config", path)
	assert.Equal(t, 3, outboxStatuses(t, path)[relaciona.NotificationSent], "three sent and marked before the kill")

	time.Sleep(1100 * time.Millisecond) // the lease (1s) of the item in flight ends
	code, stdout, errOut := runCLI(t, "run", "--config", path)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, stdout, fmt.Sprintf("avisos: %d enviados", n-3))
	counts, bad := hook.counts(), hook.rejected()
	assert.Zero(t, bad, "every request verifies")
	assertOneRepeat(t, counts, keys)
	assert.Equal(t, map[relaciona.NotificationStatus]int{relaciona.NotificationSent: n}, outboxStatuses(t, path))
}

// Two `relaciona run` started at once: each notice delivered once.
func TestRunTwoAtOnceDeliverOnce(t *testing.T) {
	const n = 30
	hook := newHookServer(t, 0, runHookKey)
	path, keys := runNotifyDeployment(t, hook.URL, n)
	cmds := []*exec.Cmd{cliProcess("run", "--config", path, "--wait", "60s"), cliProcess("run", "--config", path, "--wait", "60s")}
	runAtOnce(t, cmds...)
	counts, bad := hook.counts(), hook.rejected()
	assert.Zero(t, bad)
	assertOnce(t, counts, keys)
	assert.Equal(t, map[relaciona.NotificationStatus]int{relaciona.NotificationSent: n}, outboxStatuses(t, path))
}
