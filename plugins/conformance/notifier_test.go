package conformance_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
)

const chanSecret = "chan-secret-5e1f0a"

// inbox is an in-memory receiver.
type inbox struct {
	mu  sync.Mutex
	got []conformance.Delivery
}

func (b *inbox) delivered(_ context.Context, marker string) ([]conformance.Delivery, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []conformance.Delivery
	for _, d := range b.got {
		if strings.Contains(d.Subject, marker) {
			out = append(out, d)
		}
	}
	return out, nil
}

// fakeChannel is a correct channel delivering to an inbox; its fields
// switch on one fault at a time.
type fakeChannel struct {
	box    *inbox
	secret string
	down   bool // the receiver is down
	hang   bool // the receiver never answers

	randomID      bool // a new delivery id on every send
	allPermanent  bool // every failure is ErrInvalid
	ignoresCtx    bool // sends with a cancelled context
	leakSecret    bool // quotes the secret in its errors
	notConcurrent bool // fails a Send while another is in flight
	mangleUTF8    bool // drops what is not ASCII from the subject

	inFlight atomic.Int32
	n        atomic.Int64
}

func (f *fakeChannel) fail(base error, msg string) error {
	if f.allPermanent {
		base = driver.ErrInvalid
	}
	if f.leakSecret {
		msg += " (password " + f.secret + ")"
	}
	return driver.Errorf(base, "fake: %s", msg)
}

func (f *fakeChannel) Send(ctx context.Context, m driver.Message) error {
	if m.ID == "" {
		return driver.Errorf(driver.ErrInvalid, "fake: no ID")
	}
	if f.notConcurrent {
		if f.inFlight.Add(1) > 1 {
			f.inFlight.Add(-1)
			return f.fail(driver.ErrUnavailable, "busy")
		}
		defer f.inFlight.Add(-1)
		time.Sleep(20 * time.Millisecond)
	}
	if !f.ignoresCtx && ctx.Err() != nil {
		return fmt.Errorf("%w: fake: %w", driver.ErrUnavailable, ctx.Err())
	}
	if f.down {
		return f.fail(driver.ErrUnavailable, "connection refused")
	}
	if f.hang {
		if f.ignoresCtx {
			time.Sleep(time.Minute)
		}
		<-ctx.Done()
		return fmt.Errorf("%w: fake: %w", driver.ErrUnavailable, ctx.Err())
	}
	if f.secret != chanSecret {
		return f.fail(driver.ErrAuth, "535 authentication failed")
	}
	if m.To.Email == "nobody@unknown.invalid" {
		return driver.Errorf(driver.ErrInvalid, "fake: 550 user unknown")
	}
	sum := sha256.Sum256([]byte(m.ID))
	id := hex.EncodeToString(sum[:8])
	if f.randomID {
		id = fmt.Sprint(f.n.Add(1))
	}
	subj := m.Subject
	if f.mangleUTF8 {
		subj = strings.Map(func(r rune) rune {
			if r > 127 {
				return '?'
			}
			return r
		}, subj)
	}
	f.box.mu.Lock()
	f.box.got = append(f.box.got, conformance.Delivery{DeliveryID: id, Subject: subj, Body: m.Body})
	f.box.mu.Unlock()
	return nil
}

func (f *fakeChannel) Close() error { return nil }

// harness builds a harness around fakes made by mk (which sets the fault).
func harness(mk func() *fakeChannel) conformance.NotifierHarness {
	box := &inbox{}
	with := func(edit func(*fakeChannel)) *fakeChannel {
		f := mk()
		f.box, f.secret = box, chanSecret
		edit(f)
		return f
	}
	return conformance.NotifierHarness{
		Notifier:  with(func(*fakeChannel) {}),
		Recipient: driver.Address{Name: "Ana", Email: "ana@example.org"},
		Rejected:  driver.Address{Email: "nobody@unknown.invalid"},
		Delivered: box.delivered,
		Unreachable: func(context.Context) (driver.Notifier, error) {
			return with(func(f *fakeChannel) { f.down = true }), nil
		},
		Hanging: func(context.Context) (driver.Notifier, error) {
			return with(func(f *fakeChannel) { f.hang = true }), nil
		},
		Secret: chanSecret,
		Reopen: func(_ context.Context, s string) (driver.Notifier, error) {
			return with(func(f *fakeChannel) { f.secret = s }), nil
		},
		Lag:     300 * time.Millisecond,
		Timeout: 20 * time.Second,
	}
}

func TestNotifierSuitePassesACorrectChannel(t *testing.T) {
	conformance.RunNotifier(t, harness(func() *fakeChannel { return &fakeChannel{} }))
}

// TestNotifierSuiteFindsFaultyChannels: each fault, put alone into the
// correct fake, fails the check that guards against it.
func TestNotifierSuiteFindsFaultyChannels(t *testing.T) {
	checks := map[string]conformance.NotifierCheck{}
	for _, c := range conformance.NotifierChecks() {
		checks[c.Name] = c
	}
	tests := []struct {
		fault string
		mk    func() *fakeChannel
		check string
	}{
		{"a new delivery id on every retry", func() *fakeChannel { return &fakeChannel{randomID: true} }, "Deliver/SameIDSameDeliveryID"},
		{"every failure permanent", func() *fakeChannel { return &fakeChannel{allPermanent: true} }, "Errors/Retryable"},
		{"a cancelled context ignored", func() *fakeChannel { return &fakeChannel{ignoresCtx: true} }, "Context/Cancelled"},
		{"the secret in errors", func() *fakeChannel { return &fakeChannel{leakSecret: true} }, "Errors/Retryable"},
		{"the wrong secret in errors", func() *fakeChannel { return &fakeChannel{leakSecret: true} }, "Secrets/WrongSecret"},
		{"not safe for concurrent use", func() *fakeChannel { return &fakeChannel{notConcurrent: true} }, "Concurrency"},
		{"a subject not UTF-8 clean", func() *fakeChannel { return &fakeChannel{mangleUTF8: true} }, "Deliver/RoundTrip"},
	}
	for _, tt := range tests {
		t.Run(tt.fault, func(t *testing.T) {
			c, ok := checks[tt.check]
			require.True(t, ok, tt.check)
			r := conformance.RunNotifierCheck(context.Background(), c, harness(tt.mk))
			assert.False(t, r.Passed, "%s passed a channel with %s", tt.check, tt.fault)
			assert.Empty(t, r.Skipped)
			assert.NotEmpty(t, r.Failures)
			for _, f := range r.Failures {
				assert.NotContains(t, f, chanSecret, "the report itself must not repeat the secret")
			}
		})
	}
}
