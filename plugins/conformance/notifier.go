package conformance

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// NotifierHarness is what the notification-channel checks run against: a
// channel (driver.Notifier) and a way to read back what its receiver got
// (a real SMTP server's mailbox, a webhook receiver's log).
//
// Each check sends messages whose subject carries a random marker and
// looks only at deliveries with that marker, so the receiver may hold
// other mail.
type NotifierHarness struct {
	// Notifier is the channel under test.
	Notifier driver.Notifier
	// Recipient is an address the channel delivers to and Delivered reads.
	Recipient driver.Address
	// Delivered returns every delivery the receiver holds whose subject
	// contains marker, as the receiver saw it. The checks poll it up to
	// Lag.
	Delivered func(ctx context.Context, marker string) ([]Delivery, error)
	// Rejected, when set, is a recipient the channel's server refuses
	// permanently (an unknown mailbox: 550 at RCPT); Send to it must fail
	// with driver.ErrInvalid. Empty: that check is not applicable.
	Rejected driver.Address
	// Unreachable, when set, opens the same kind of channel pointed at a
	// receiver that is down (a closed port). Send must fail with a
	// retryable error (not driver.ErrInvalid) within 10 s. Nil: not
	// applicable.
	Unreachable func(ctx context.Context) (driver.Notifier, error)
	// Hanging, when set, opens the same kind of channel pointed at a
	// receiver that accepts the connection and never answers; a Send whose
	// context is cancelled must return within 5 s. Nil: only the
	// already-cancelled context is checked.
	Hanging func(ctx context.Context) (driver.Notifier, error)
	// Secret is the secret the channel was opened with (SMTP password,
	// signing key): every error a check sees is scanned for it.
	Secret string
	// Reopen, when set, opens the channel to the same receiver with the
	// secret it is given; the WrongSecret check passes a wrong one and
	// requires Send to fail, the secret in no error.
	Reopen func(ctx context.Context, secret string) (driver.Notifier, error)
	// Concurrency is how many goroutines the concurrency check uses;
	// default 8.
	Concurrency int
	// Lag is how long the receiver may take to show a delivery; default 5 s.
	Lag time.Duration
	// Timeout per check; default 1 minute.
	Timeout time.Duration
}

// Delivery is one message as the receiver got it.
type Delivery struct {
	// DeliveryID is what the channel derived from the message's idempotency
	// key for the receiver to drop repeats: the e-mail's Message-ID, the
	// webhook's Idempotency-Key.
	DeliveryID string
	Subject    string
	Body       string
}

// notifierEnv is what a notifier check receives.
type notifierEnv struct {
	NotifierHarness
	marker string
}

// NotifierCheck is one named channel behaviour.
type NotifierCheck = Check[*notifierEnv]

// NotifierChecks lists the notification-channel checks, in the order they
// run:
//
//   - Deliver/RoundTrip: a message is delivered once, subject (UTF-8, with
//     tildes and ñ) and body intact
//   - Deliver/SameIDSameDeliveryID: two sends of one message (a retry)
//     carry the same delivery id; another message another
//   - Errors/Permanent: a message without ID, and a recipient the server
//     refuses (Rejected), fail with driver.ErrInvalid
//   - Errors/Retryable: a receiver that is down fails retryably (not
//     driver.ErrInvalid), within 10 s
//   - Context/Cancelled: a cancelled context fails retryably, wrapping the
//     context's error, and delivers nothing; a Send to a receiver that
//     never answers returns within 5 s of its context's cancel
//   - Concurrency: Concurrency goroutines sending at once all succeed and
//     every message arrives
//   - Secrets/WrongSecret: opened with a wrong secret, Send fails and the
//     secret is in no error
//
// Every error any check sees is scanned for NotifierHarness.Secret.
func NotifierChecks() []NotifierCheck {
	return []NotifierCheck{
		{"Deliver/RoundTrip", checkNotifierRoundTrip},
		{"Deliver/SameIDSameDeliveryID", checkNotifierSameID},
		{"Errors/Permanent", checkNotifierPermanent},
		{"Errors/Retryable", checkNotifierRetryable},
		{"Context/Cancelled", checkNotifierCancelled},
		{"Concurrency", checkNotifierConcurrent},
		{"Secrets/WrongSecret", checkNotifierWrongSecret},
	}
}

// RunNotifier runs every notification-channel check as a subtest of t.
func RunNotifier(t *testing.T, h NotifierHarness) {
	for _, c := range NotifierChecks() {
		t.Run(c.Name, func(t *testing.T) {
			report1(t, RunNotifierCheck(context.Background(), c, h))
		})
	}
}

// RunNotifierCheck runs one check against h.
func RunNotifierCheck(ctx context.Context, c NotifierCheck, h NotifierHarness) Result {
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	if h.Lag <= 0 {
		h.Lag = 5 * time.Second
	}
	if h.Concurrency <= 0 {
		h.Concurrency = 8
	}
	return runCheck(ctx, c, &notifierEnv{NotifierHarness: h, marker: "conf" + randomHex(6)}, timeout)
}

// message is a test message whose subject carries the check's marker and
// a suffix.
func (e *notifierEnv) message(suffix string) driver.Message {
	return driver.Message{
		ID:      e.marker + "-" + suffix,
		Kind:    "conformance.test",
		To:      e.Recipient,
		Lang:    "es",
		Subject: "Notificación de prueba " + e.marker + suffix + " — año, señal, acción",
		Body:    "Prueba de conformidad: ñandú, pingüino, acción.\nSegunda línea.",
		Data:    map[string]string{"marker": e.marker},
	}
}

// noSecret fails the check if err's text holds the harness's secret.
func (e *notifierEnv) noSecret(t *T, err error) {
	if err != nil && e.Secret != "" && strings.Contains(err.Error(), e.Secret) {
		t.Errorf("an error quotes the channel's secret: %s", strings.ReplaceAll(err.Error(), e.Secret, "<SECRET>"))
	}
}

// send sends m and scans the error.
func (e *notifierEnv) send(t *T, ctx context.Context, n driver.Notifier, m driver.Message) error {
	err := n.Send(ctx, m)
	e.noSecret(t, err)
	return err
}

// await polls Delivered for marker until it holds at least want
// deliveries or Lag has passed.
func (e *notifierEnv) await(t *T, marker string, want int) []Delivery {
	deadline := time.Now().Add(e.Lag)
	for {
		got, err := e.Delivered(t.Context(), marker)
		require.NoError(t, err, "reading the receiver")
		if len(got) >= want || time.Now().After(deadline) {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func clean(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }

func checkNotifierRoundTrip(t *T, e *notifierEnv) {
	m := e.message("rt")
	require.NoError(t, e.send(t, t.Context(), e.Notifier, m), "Send")
	got := e.await(t, e.marker+"rt", 1)
	require.Len(t, got, 1, "one Send, one delivery")
	assert.Equal(t, m.Subject, got[0].Subject, "subject as sent")
	assert.Equal(t, clean(m.Body), clean(got[0].Body), "body as sent")
	assert.NotEmpty(t, got[0].DeliveryID, "the delivery carries an id derived from the message's ID")
}

func checkNotifierSameID(t *T, e *notifierEnv) {
	m := e.message("twice")
	require.NoError(t, e.send(t, t.Context(), e.Notifier, m), "first Send")
	require.NoError(t, e.send(t, t.Context(), e.Notifier, m), "second Send of the same message (a retry)")
	other := e.message("other")
	require.NoError(t, e.send(t, t.Context(), e.Notifier, other), "Send of another message")
	got := e.await(t, e.marker+"twice", 2)
	require.NotEmpty(t, got, "the message arrived")
	for _, d := range got[1:] {
		assert.Equal(t, got[0].DeliveryID, d.DeliveryID, "a retry carries the same delivery id, so the receiver can drop it")
	}
	o := e.await(t, e.marker+"other", 1)
	require.NotEmpty(t, o, "the other message arrived")
	assert.NotEqual(t, got[0].DeliveryID, o[0].DeliveryID, "another message, another delivery id")
}

func checkNotifierPermanent(t *T, e *notifierEnv) {
	noID := e.message("noid")
	noID.ID = ""
	err := e.send(t, t.Context(), e.Notifier, noID)
	assert.ErrorIs(t, err, driver.ErrInvalid, "a message without ID (idempotency key) is refused permanently")
	if e.Rejected == (driver.Address{}) {
		return
	}
	m := e.message("rejected")
	m.To = e.Rejected
	err = e.send(t, t.Context(), e.Notifier, m)
	require.Error(t, err, "a recipient the server refuses")
	assert.ErrorIs(t, err, driver.ErrInvalid, "a permanent refusal is driver.ErrInvalid: %v", err)
	if e.Rejected.Email != "" {
		assert.NotContains(t, err.Error(), e.Rejected.Email, "the error names the recipient's address")
	}
}

func checkNotifierRetryable(t *T, e *notifierEnv) {
	if e.Unreachable == nil {
		t.Skip("NotifierHarness.Unreachable not set")
	}
	n, err := e.Unreachable(t.Context())
	require.NoError(t, err, "opening the channel to a receiver that is down")
	defer n.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	start := time.Now()
	err = e.send(t, ctx, n, e.message("down"))
	require.Error(t, err, "Send to a receiver that is down")
	assert.NotErrorIs(t, err, driver.ErrInvalid, "a receiver down is retryable, not permanent: %v", err)
	assert.Less(t, time.Since(start), 10*time.Second)
}

func checkNotifierCancelled(t *T, e *notifierEnv) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := e.send(t, ctx, e.Notifier, e.message("cancelled"))
	require.Error(t, err, "Send with a cancelled context")
	assert.NotErrorIs(t, err, driver.ErrInvalid, "a cancelled Send is retryable: %v", err)
	assert.ErrorIs(t, err, context.Canceled, "the error wraps the context's")
	time.Sleep(200 * time.Millisecond)
	got, rerr := e.Delivered(t.Context(), e.marker+"cancelled")
	require.NoError(t, rerr)
	assert.Empty(t, got, "a Send with a cancelled context delivers nothing")

	if e.Hanging == nil {
		return
	}
	n, err := e.Hanging(t.Context())
	require.NoError(t, err, "opening the channel to a receiver that never answers")
	defer n.Close()
	ctx2, cancel2 := context.WithCancel(t.Context())
	time.AfterFunc(200*time.Millisecond, cancel2)
	done := make(chan error, 1)
	go func() { done <- n.Send(ctx2, e.message("hang")) }()
	select {
	case err := <-done:
		e.noSecret(t, err)
		require.Error(t, err, "Send to a receiver that never answers")
		assert.NotErrorIs(t, err, driver.ErrInvalid, "a cancelled Send is retryable: %v", err)
	case <-time.After(5 * time.Second):
		t.Errorf("Send did not return within 5 s of its context's cancel")
	}
}

func checkNotifierConcurrent(t *T, e *notifierEnv) {
	var wg sync.WaitGroup
	errs := make([]error, e.Concurrency)
	for i := range e.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = e.send(t, t.Context(), e.Notifier, e.message(fmt.Sprintf("c%02d", i)))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		assert.NoError(t, err, "concurrent Send %d", i)
	}
	got := e.await(t, e.marker+"c", e.Concurrency)
	seen := map[string]bool{}
	for _, d := range got {
		seen[d.DeliveryID] = true
	}
	assert.Len(t, seen, e.Concurrency, "every message sent at once arrives, each with its own delivery id")
}

func checkNotifierWrongSecret(t *T, e *notifierEnv) {
	if e.Reopen == nil {
		t.Skip("NotifierHarness.Reopen not set")
	}
	wrong := "wrong-" + randomHex(12)
	n, err := e.Reopen(t.Context(), wrong)
	if err != nil {
		assert.NotContains(t, err.Error(), wrong, "the open error quotes the wrong secret")
		return
	}
	defer n.Close()
	err = n.Send(t.Context(), e.message("wrongsecret"))
	require.Error(t, err, "Send with a wrong secret is refused")
	// Any class is allowed: an SMTP server's 535 is driver.ErrAuth, a
	// webhook receiver's 401 driver.ErrInvalid.
	assert.NotContains(t, err.Error(), wrong, "the error quotes the secret")
}
