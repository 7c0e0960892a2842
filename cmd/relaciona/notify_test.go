package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/deployment"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// The notification kind these tests write (the process packages'
// kinds are not needed to test delivery).
func init() {
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{Kind: "clitest.due", Process: "clitest", Title: [2]string{"Vence", "Due"},
		Audience: relaciona.AudienceCitizen, Default: map[relaciona.Lang]relaciona.Template{
			relaciona.Spanish: {Subject: "Vence {{.record}}", Body: "Vence el {{.due}}."},
			relaciona.English: {Subject: "Due {{.record}}", Body: "Due on {{.due}}."},
		}})
}

// notifyDeployment writes a deployment whose webhook channel is url, and
// n notifications due in its outbox; extra goes under channels. It
// returns the path and the notifications' keys.
func notifyDeployment(t *testing.T, url string, n int, extra string) (string, []string) {
	t.Helper()
	t.Setenv("RELACIONA_TEST_HOOK_KEY", "una-clave-de-firma-de-prueba")
	dir := t.TempDir()
	y := "kind: deployment\nversion: 1\nname: Alcaldía de Prueba\ncountry: CO\nstore: sqlite://agency.db\n" +
		"notifications:\n  channels:\n    webhook:\n      url: " + url + "\n      secret_env: RELACIONA_TEST_HOOK_KEY\n" + extra + "  retry: {max_attempts: 3, backoff: 1s}\n  lease: 1s\n"
	path := filepath.Join(dir, "deployment.yaml")
	require.NoError(t, os.WriteFile(path, []byte(y), 0o644))
	dep, err := deployment.Load(path, relaciona.Spanish)
	require.NoError(t, err)
	return path, seedOutbox(t, dep.Store, "C", n, func(i int) relaciona.Recipient {
		return relaciona.Recipient{Name: "Marta Ruiz", Email: fmt.Sprintf("marta%d@correo.co", i)}
	}, "2026-12-04")
}

func outboxStatuses(t *testing.T, path string) map[relaciona.NotificationStatus]int {
	t.Helper()
	s := openRunStore(t, path)
	defer s.Close()
	out := map[relaciona.NotificationStatus]int{}
	for r, err := range s.Scan(context.Background(), relaciona.NotificationKind, relaciona.Filter{}) {
		require.NoError(t, err)
		var n relaciona.Notification
		require.NoError(t, json.Unmarshal(r.Body, &n))
		out[n.Status]++
	}
	return out
}

func TestNotifyDryRunListsAndSendsNothing(t *testing.T) {
	hook := newHookServer(t, 0, "")
	path, keys := notifyDeployment(t, hook.URL, 3, "")
	code, out, errOut := runCLI(t, "notify", "--config", path, "--dry-run")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "clitest.due  clitest.case/C-000  2026-12-04  webhook  m***@c***.co")
	assert.Contains(t, out, "se enviarían 3 avisos")
	assert.NotContains(t, out, "marta0@", "redacted without --personal")
	assert.Empty(t, hook.counts())
	assert.Equal(t, map[relaciona.NotificationStatus]int{relaciona.NotificationPending: 3}, outboxStatuses(t, path))

	code, out, _ = runCLI(t, "notify", "--config", path, "--dry-run", "--personal", "--lang", "en")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "marta0@correo.co")
	assert.Contains(t, out, "would send 3 notices")

	code, out, errOut = runCLI(t, "notify", "--config", path)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "avisos: 3 enviados")
	counts := hook.counts()
	for _, k := range keys {
		assert.Equal(t, 1, counts[k], k)
	}
	assert.Equal(t, map[relaciona.NotificationStatus]int{relaciona.NotificationSent: 3}, outboxStatuses(t, path))
}

func TestNotifyExitStatus(t *testing.T) {
	// A receiver that refuses (4xx): the items fail, listed; exit 0.
	refuse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnprocessableEntity) }))
	defer refuse.Close()
	path, _ := notifyDeployment(t, refuse.URL, 2, "")
	code, out, errOut := runCLI(t, "notify", "--config", path)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "2 fallidos")
	assert.Contains(t, out, "fallido")
	assert.Contains(t, out, "422")

	// A receiver down: retrying, exit 0.
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	url := down.URL
	down.Close()
	path, _ = notifyDeployment(t, url, 2, "")
	code, out, errOut = runCLI(t, "notify", "--config", path)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "2 en reintento")

	// A configuration error: a channel whose secret is not set.
	path, _ = notifyDeployment(t, url, 1, "    email:\n      url: smtp://127.0.0.1:1?from=a@b.co\n      user: relaciona\n      password_env: RELACIONA_TEST_UNSET_SECRET\n")
	code, _, errOut = runCLI(t, "notify", "--config", path)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "relaciona notify:")
	assert.Contains(t, errOut, "RELACIONA_TEST_UNSET_SECRET", "the error names the variable")

	// Bad usage.
	code, _, _ = runCLI(t, "notify")
	assert.Equal(t, 2, code)
	code, _, _ = runCLI(t, "notify", "--config", path, "--at", "2026-13-01")
	assert.Equal(t, 2, code)
}

func TestNotifyHelp(t *testing.T) {
	code, out, _ := runCLI(t, "notify", "--help")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "Uso: relaciona notify --config deployment.yaml [--dry-run] [--personal] [--at AAAA-MM-DD]")
	assert.Contains(t, out, "-dry-run")
	assert.Contains(t, out, "-personal")
}

// A late legal notice is said on stderr, and the run still exits 0.
func TestNotifyReportsLateLegalNoticeOnStderr(t *testing.T) {
	if _, ok := relaciona.LookupNoticeKind(relaciona.ExtensionNoticeKind); !ok {
		relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{Kind: relaciona.ExtensionNoticeKind, Process: "citizen", Title: [2]string{"Prórroga", "Extension"},
			Audience: relaciona.AudienceCitizen, Default: map[relaciona.Lang]relaciona.Template{
				relaciona.Spanish: {Subject: "Prórroga {{.record}}", Body: "Nueva fecha {{.due}}"},
				relaciona.English: {Subject: "Extension {{.record}}", Body: "New date {{.due}}"},
			}})
	}
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }))
	defer down.Close()
	path, _ := notifyDeployment(t, down.URL, 0, "")
	notifyIn(t, path, time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC),
		relaciona.Notification{Kind: relaciona.ExtensionNoticeKind, Process: "citizen", About: relaciona.Ref{Kind: "citizen.pqrsd", ID: "P-7"},
			Due: "2026-12-04", To: relaciona.Recipient{Email: "marta@correo.co"}, Channel: relaciona.ChannelWebhook})
	code, _, errOut := runCLI(t, "notify", "--config", path, "--at", "2026-12-03")
	require.Equal(t, 0, code)
	assert.NotContains(t, errOut, "AVISO", "not late before its due date")
	code, _, errOut = runCLI(t, "notify", "--config", path, "--at", "2026-12-04")
	require.Equal(t, 0, code)
	assert.Contains(t, errOut, "AVISO: 1 avisos legales siguen sin enviar")
	assert.Contains(t, errOut, "citizen.pqrsd.extension  citizen.pqrsd/P-7  2026-12-04")
	assert.NotContains(t, errOut, "marta@")
}

// TestHelperNotifyCLI is not a test: the kill -9 and two-at-once tests run
// the test binary as `relaciona ARGS` (which knows the tests' kind).
func TestHelperNotifyCLI(t *testing.T) {
	args := os.Getenv("RELACIONA_TEST_CLI_ARGS")
	if args == "" {
		t.Skip("helper process for the notify kill -9 tests (RELACIONA_TEST_CLI_ARGS is not set)")
	}
	os.Exit(run(context.Background(), strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
}

func cliProcess(args ...string) *exec.Cmd {
	c := exec.Command(os.Args[0], "-test.run=^TestHelperNotifyCLI$")
	c.Env = append(os.Environ(), "RELACIONA_LANG=", "RELACIONA_TEST_CLI_ARGS="+strings.Join(args, "\x1f"))
	return c
}

// relaciona notify killed with SIGKILL while a request is in flight: the
// next run, after the lease, delivers everything; the one repeat carries
// the same Idempotency-Key.
func TestNotifyKilledMidDispatchLosesNothing(t *testing.T) {
	const n = 12
	hook := newHookServer(t, 5, "")
	path, keys := notifyDeployment(t, hook.URL, n, "")
	killWhenHookCalled(t, hook, 30*time.Second, "notify", "--config", path)
	st := outboxStatuses(t, path)
	assert.Equal(t, 4, st[relaciona.NotificationSent], "four sent and marked before the kill")

	time.Sleep(1100 * time.Millisecond) // the lease (1s) of the item in flight ends
	code, stdout, errOut := runCLI(t, "notify", "--config", path)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, stdout, fmt.Sprintf("avisos: %d enviados", n-4))
	counts := hook.counts()
	assertOneRepeat(t, counts, keys)
	assert.Equal(t, map[relaciona.NotificationStatus]int{relaciona.NotificationSent: n}, outboxStatuses(t, path))
}

// Two `relaciona notify` at once: each item delivered once.
func TestNotifyTwoAtOnceDeliverOnce(t *testing.T) {
	const n = 40
	hook := newHookServer(t, 0, "")
	path, keys := notifyDeployment(t, hook.URL, n, "")
	cmds := []*exec.Cmd{cliProcess("notify", "--config", path, "--wait", "30s"), cliProcess("notify", "--config", path, "--wait", "30s")}
	runAtOnce(t, cmds...)
	counts := hook.counts()
	assertOnce(t, counts, keys)
	assert.Equal(t, map[relaciona.NotificationStatus]int{relaciona.NotificationSent: n}, outboxStatuses(t, path))
}

// relaciona run dispatches after the processes, prints one line of
// counts, and the month's index carries the Notificaciones block.
func TestRunDispatchesAndTheIndexCountsNotices(t *testing.T) {
	hook := newHookServer(t, 0, "")
	t.Setenv("RELACIONA_TEST_HOOK_KEY", "una-clave-de-firma-de-prueba")
	path := runDeployment(t, "stakeholder")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, append(b, []byte("notifications:\n  channels:\n    webhook:\n      url: "+hook.URL+"\n      secret_env: RELACIONA_TEST_HOOK_KEY\n")...), 0o644))
	notifyIn(t, path, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
		relaciona.Notification{Kind: "clitest.due", Process: "clitest", About: relaciona.Ref{Kind: "clitest.case", ID: "C-1"},
			To: relaciona.Recipient{Email: "marta@correo.co"}, Channel: relaciona.ChannelWebhook})
	code, out, errOut := runCLI(t, "run", "--config", path, "--at", "2026-03-02")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "avisos: 1 enviados (0 resúmenes diarios), 0 fallidos, 0 retenidos, 0 en reintento, 0 en espera")
	assert.Len(t, hook.counts(), 1)
	index, err := os.ReadFile(filepath.Join(filepath.Dir(path), "reports", "2026-02", "index.html"))
	require.NoError(t, err)
	assert.Contains(t, string(index), "Notificaciones")
	assert.Contains(t, string(index), "Retenidas")
}

// The index's figures: sent, failed and held in the period, by when each
// was closed.
func TestNotificationsSectionCounts(t *testing.T) {
	ctx := context.Background()
	s, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	require.NoError(t, err)
	defer s.Close()
	to := func(i int) relaciona.Notification {
		return relaciona.Notification{Kind: "clitest.due", Process: "clitest", About: relaciona.Ref{Kind: "clitest.case", ID: fmt.Sprint("C-", i)},
			To: relaciona.Recipient{Email: "marta@correo.co"}}
	}
	require.NoError(t, s.Update(ctx, relaciona.SystemActor(), "test.notify", "", 1, func(b *relaciona.Batch) error {
		b.At(time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC))
		for i := range 4 {
			b.Notify(to(i))
		}
		return nil
	}))
	calls := 0
	ch := notifierFunc(func(m driver.Message) error {
		calls++
		if calls == 1 {
			return fmt.Errorf("550: %w", driver.ErrInvalid)
		}
		return nil
	})
	feb := time.Date(2026, 2, 10, 12, 0, 0, 0, time.UTC)
	_, err = relaciona.NewDispatcher(s, nil, map[string]driver.Notifier{"email": ch}, relaciona.DispatchOptions{
		Now: func() time.Time { return feb }, Limits: []relaciona.ContactLimit{{Max: 2, Period: 24 * time.Hour}}}).Dispatch(ctx)
	require.NoError(t, err)
	figures := func(p process.Period) []string {
		sec, err := notificationsSection(ctx, s, p, time.UTC, relaciona.Spanish)
		require.NoError(t, err)
		var out []string
		for _, f := range sec.Blocks[0].(report.KeyFigures).Items {
			out = append(out, f.Label+"="+f.Value.Raw())
		}
		return out
	}
	assert.Equal(t, []string{"Enviadas=2", "Fallidas=1", "Retenidas=1"},
		figures(process.Period{From: calendar.Date{Year: 2026, Month: 2, Day: 1}, To: calendar.Date{Year: 2026, Month: 2, Day: 28}}))
	assert.Equal(t, []string{"Enviadas=0", "Fallidas=0", "Retenidas=0"},
		figures(process.Period{From: calendar.Date{Year: 2026, Month: 3, Day: 1}, To: calendar.Date{Year: 2026, Month: 3, Day: 31}}))
}

type notifierFunc func(m driver.Message) error

func (f notifierFunc) Send(_ context.Context, m driver.Message) error { return f(m) }
func (notifierFunc) Close() error                                     { return nil }

// killWhenHookCalled starts `relaciona ARGS` in a process of its own and
// kills it with SIGKILL as soon as hook holds a request (hook.arrived),
// failing the test when none comes within limit.
func killWhenHookCalled(t *testing.T, hook *hookServer, limit time.Duration, args ...string) {
	t.Helper()
	c := cliProcess(args...)
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	require.NoError(t, c.Start())
	select {
	case <-hook.arrived:
	case <-time.After(limit):
		_ = c.Process.Kill()
		t.Fatalf("the request to hold never arrived: %s", out.String())
	}
	require.NoError(t, c.Process.Signal(syscall.SIGKILL))
	_ = c.Wait()
	assert.Equal(t, syscall.SIGKILL, c.ProcessState.Sys().(syscall.WaitStatus).Signal())
}

// runAtOnce starts every command, then waits for each to succeed.
func runAtOnce(t *testing.T, cmds ...*exec.Cmd) {
	t.Helper()
	outs := make([]*bytes.Buffer, len(cmds))
	for i, c := range cmds {
		outs[i] = &bytes.Buffer{}
		c.Stdout, c.Stderr = outs[i], outs[i]
		require.NoError(t, c.Start())
	}
	for i, c := range cmds {
		require.NoError(t, c.Wait(), outs[i].String())
	}
}

// assertOnce checks that the webhook received each key exactly once, and
// no other key.
func assertOnce(t *testing.T, counts map[string]int, keys []string) {
	t.Helper()
	for _, k := range keys {
		assert.Equal(t, 1, counts[k], k)
	}
	assert.Len(t, counts, len(keys))
}

// assertOneRepeat checks that the webhook received each key, exactly one
// of them twice (the item in flight when the sender was killed, repeated
// with the same key), and no other key.
func assertOneRepeat(t *testing.T, counts map[string]int, keys []string) {
	t.Helper()
	dups := 0
	for _, k := range keys {
		require.GreaterOrEqual(t, counts[k], 1, "%s delivered", k)
		if counts[k] > 1 {
			dups++
			assert.Equal(t, 2, counts[k], "%s: one repeat, with the same key", k)
		}
	}
	assert.Equal(t, 1, dups, "only the item in flight is repeated")
	assert.Len(t, counts, len(keys), "no other key")
}

// TestOutcomeTextNamesEveryOutcome checks the plan's outcome column: every
// outcome a dispatch can give has a name in both languages, and one the
// table does not know is shown as written rather than blank.
func TestOutcomeTextNamesEveryOutcome(t *testing.T) {
	es, en := relaciona.Spanish, relaciona.English
	for _, tc := range []struct {
		o      relaciona.Outcome
		es, en string
	}{
		{relaciona.OutcomeSent, "enviar", "send"},
		{relaciona.OutcomeDigest, "resumen", "digest"},
		{relaciona.OutcomeFailed, "fallido", "failed"},
		{relaciona.OutcomeHeld, "retenido", "held"},
		{relaciona.OutcomeRetrying, "reintento", "retrying"},
		{relaciona.OutcomeWaiting, "en espera", "waiting"},
		{relaciona.Outcome(relaciona.NotificationPending), "pendiente", "pending"},
		{relaciona.Outcome("nuevo"), "nuevo", "nuevo"},
	} {
		assert.Equal(t, tc.es, outcomeText(tc.o, es), tc.o)
		assert.Equal(t, tc.en, outcomeText(tc.o, en), tc.o)
	}
}
