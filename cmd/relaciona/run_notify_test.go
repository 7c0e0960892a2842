package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/deployment"
	"github.com/relaciona/relaciona/plugins/webhook"
)

const runHookKey = "una-clave-de-firma-de-prueba-run"

// signedHook is a webhook receiver that verifies each request's signature
// (plugins/webhook.Verify) and counts the Idempotency-Keys of the verified
// ones; with holdAt > 0 the holdAt-th request is held until its sender
// goes away (arrived is closed when it comes).
type signedHook struct {
	*httptest.Server
	mu      sync.Mutex
	keys    map[string]int
	bad     int
	n       int
	holdAt  int
	arrived chan struct{}
}

func newSignedHook(t *testing.T, holdAt int) *signedHook {
	h := &signedHook{keys: map[string]int{}, holdAt: holdAt, arrived: make(chan struct{})}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := webhook.Verify(runHookKey, r.Header.Get("X-Relaciona-Signature"), r.Header.Get("X-Relaciona-Timestamp"), body, 5*time.Minute); err != nil {
			h.mu.Lock()
			h.bad++
			h.mu.Unlock()
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		h.mu.Lock()
		h.n++
		n := h.n
		h.keys[r.Header.Get("Idempotency-Key")]++
		h.mu.Unlock()
		if n == h.holdAt {
			close(h.arrived)
			select {
			case <-r.Context().Done():
			case <-time.After(20 * time.Second):
			}
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *signedHook) counts() (map[string]int, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make(map[string]int, len(h.keys))
	for k, v := range h.keys {
		out[k] = v
	}
	return out, h.bad
}

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
	s, err := relaciona.OpenStore(context.Background(), dep.Store)
	require.NoError(t, err)
	defer s.Close()
	var keys []string
	require.NoError(t, s.Update(context.Background(), relaciona.SystemActor(), "test.notify", "", 1, func(b *relaciona.Batch) error {
		b.At(time.Now().Add(-time.Hour))
		for i := range n {
			nt := relaciona.Notification{Kind: "clitest.due", Process: "clitest", About: relaciona.Ref{Kind: "clitest.case", ID: fmt.Sprintf("R-%03d", i)},
				To: relaciona.Recipient{Email: fmt.Sprintf("persona%d@correo.co", i)}, Channel: relaciona.ChannelWebhook}
			b.Notify(nt)
			keys = append(keys, nt.Key())
		}
		return nil
	}))
	return path, keys
}

// relaciona run killed with SIGKILL while a notice is in flight, then run
// again: every notice delivered, the one repeat with the same key, every
// request signed.
func TestRunKilledMidDispatchDeliversOnce(t *testing.T) {
	const n = 10
	hook := newSignedHook(t, 4)
	path, keys := runNotifyDeployment(t, hook.URL, n)
	c := cliProcess("run", "--config", path)
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	require.NoError(t, c.Start())
	select {
	case <-hook.arrived:
	case <-time.After(60 * time.Second):
		_ = c.Process.Kill()
		t.Fatalf("the fourth request never arrived: %s", out.String())
	}
	require.NoError(t, c.Process.Signal(syscall.SIGKILL))
	_ = c.Wait()
	assert.Equal(t, syscall.SIGKILL, c.ProcessState.Sys().(syscall.WaitStatus).Signal())
	assert.Equal(t, 3, outboxStatuses(t, path)[relaciona.NotificationSent], "three sent and marked before the kill")

	time.Sleep(1100 * time.Millisecond) // the lease (1s) of the item in flight ends
	code, stdout, errOut := runCLI(t, "run", "--config", path)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, stdout, fmt.Sprintf("avisos: %d enviados", n-3))
	counts, bad := hook.counts()
	assert.Zero(t, bad, "every request verifies")
	dups := 0
	for _, k := range keys {
		require.GreaterOrEqual(t, counts[k], 1, "%s delivered", k)
		if counts[k] > 1 {
			dups++
			assert.Equal(t, 2, counts[k], "%s: one repeat, with the same key", k)
		}
	}
	assert.Equal(t, 1, dups, "only the item in flight is repeated")
	assert.Len(t, counts, n, "no other key")
	assert.Equal(t, map[relaciona.NotificationStatus]int{relaciona.NotificationSent: n}, outboxStatuses(t, path))
}

// Two `relaciona run` started at once: each notice delivered once.
func TestRunTwoAtOnceDeliverOnce(t *testing.T) {
	const n = 30
	hook := newSignedHook(t, 0)
	path, keys := runNotifyDeployment(t, hook.URL, n)
	cmds := []*exec.Cmd{cliProcess("run", "--config", path, "--wait", "60s"), cliProcess("run", "--config", path, "--wait", "60s")}
	outs := []*bytes.Buffer{{}, {}}
	for i, c := range cmds {
		c.Stdout, c.Stderr = outs[i], outs[i]
		require.NoError(t, c.Start())
	}
	for i, c := range cmds {
		require.NoError(t, c.Wait(), outs[i].String())
	}
	counts, bad := hook.counts()
	assert.Zero(t, bad)
	for _, k := range keys {
		assert.Equal(t, 1, counts[k], k)
	}
	assert.Len(t, counts, n)
	assert.Equal(t, map[relaciona.NotificationStatus]int{relaciona.NotificationSent: n}, outboxStatuses(t, path))
}
