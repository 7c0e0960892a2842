package relaciona_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
)

// The kinds the dispatcher tests write: a staff reminder, a citizen
// survey (limited), and a legal notice.
func init() {
	tpl := func(es, en string) map[relaciona.Lang]relaciona.Template {
		return map[relaciona.Lang]relaciona.Template{
			relaciona.Spanish: {Subject: es + " {{.record}}", Body: "Vence el {{.due}}. {{.recipient}}"},
			relaciona.English: {Subject: en + " {{.record}}", Body: "Due on {{.due}}. {{.recipient}}"},
		}
	}
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{Kind: "dtest.due", Process: "dtest", Title: [2]string{"Vence", "Due"},
		Audience: relaciona.AudienceStaff, Default: tpl("Vence", "Due")})
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{Kind: "dtest.survey", Process: "dtest", Title: [2]string{"Encuesta", "Survey"},
		Audience: relaciona.AudienceCitizen, Default: tpl("Encuesta", "Survey")})
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{Kind: "dtest.extension", Process: "dtest", Title: [2]string{"Prórroga", "Extension"},
		Audience: relaciona.AudienceCitizen, Fields: []string{"reason"}, Default: tpl("Prórroga", "Extension")})
}

// fakeChannel is a driver.Notifier that records what it is given; fail,
// when set, decides each send's error.
type fakeChannel struct {
	mu    sync.Mutex
	got   []driver.Message
	fail  func(m driver.Message) error
	delay time.Duration
}

func (c *fakeChannel) Send(ctx context.Context, m driver.Message) error {
	if c.delay > 0 {
		time.Sleep(c.delay)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail != nil {
		if err := c.fail(m); err != nil {
			return err
		}
	}
	c.got = append(c.got, m)
	return nil
}

func (c *fakeChannel) Close() error { return nil }

func (c *fakeChannel) ids() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.got {
		out = append(out, m.ID)
	}
	return out
}

// clock is a settable clock for a dispatcher.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// newClock starts a test clock at the wall time (the store stamps records
// with it), or, within ten minutes of midnight UTC, just after midnight,
// so that the minutes a test adds do not cross into another day's digest.
func newClock() *clock {
	t := time.Now().UTC().Add(time.Second)
	if t.Hour() == 23 && t.Minute() >= 50 {
		t = t.Truncate(time.Hour).Add(time.Hour + time.Second)
	}
	return &clock{t: t}
}

func notify(t *testing.T, s *relaciona.Store, ns ...relaciona.Notification) {
	t.Helper()
	require.NoError(t, s.Update(context.Background(), relaciona.SystemActor(), "test.notify", "", 1, func(b *relaciona.Batch) error {
		for _, n := range ns {
			b.Notify(n)
		}
		return nil
	}))
}

func due(kind, record string, to relaciona.Recipient) relaciona.Notification {
	return relaciona.Notification{Kind: kind, Process: "dtest", About: relaciona.Ref{Kind: "dtest.case", ID: record}, Due: "2026-12-04", To: to}
}

func roster(t *testing.T) *relaciona.Directory {
	t.Helper()
	d, err := relaciona.NewRoster(
		relaciona.Person{ID: "ana", Name: "Ana Pérez", Email: "ana.perez@agencia.gov.co", Lang: "en"},
		relaciona.Person{ID: "luis", Name: "Luis Gómez", Email: "luis.gomez@agencia.gov.co", Digest: true},
		relaciona.Person{ID: "nomail", Name: "Sin Correo"},
	)
	require.NoError(t, err)
	return d
}

func status(t *testing.T, s *relaciona.Store, n relaciona.Notification) relaciona.Notification {
	t.Helper()
	got, _, err := s.Notified(context.Background(), n.Key())
	require.NoError(t, err)
	return got
}

// downDirectory is a directory that cannot be reached.
type downDirectory struct{}

func (downDirectory) Person(context.Context, string) (driver.Person, error) {
	return driver.Person{}, fmt.Errorf("ldap://10.0.0.1: %w", driver.ErrUnavailable)
}
func (downDirectory) Holders(context.Context, string, string) ([]driver.Person, error) {
	return nil, driver.ErrUnavailable
}
func (downDirectory) Close() error { return nil }

func TestDispatchDeliversEachItemOnceInItsLanguage(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	email, tickets := &fakeChannel{}, &fakeChannel{}
	staff := due("dtest.due", "C-1", relaciona.Recipient{Person: "ana"})
	citizen := due("dtest.survey", "C-2", relaciona.Recipient{Name: "Marta Ruiz", Email: "marta@correo.co"})
	ticket := due("dtest.survey", "C-3", relaciona.Recipient{Ticket: "T-9"})
	notify(t, s, staff, citizen, ticket)
	c := newClock()
	d := relaciona.NewDispatcher(s, roster(t), map[string]driver.Notifier{"email": email, "ticket": tickets}, relaciona.DispatchOptions{Now: c.Now})

	res, err := d.Dispatch(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, res.Sent)
	assert.Empty(t, res.Items)
	require.Len(t, email.got, 2)
	byID := map[string]driver.Message{}
	for _, m := range append(email.got, tickets.got...) {
		byID[m.ID] = m
	}
	// Ana reads English (the directory says so); the citizen gets the
	// deployment's Spanish; the ticket reply carries the ticket.
	assert.Equal(t, "Due C-1", byID[staff.Key()].Subject)
	assert.Equal(t, "Due on December 4, 2026. Ana Pérez", byID[staff.Key()].Body)
	assert.Equal(t, "ana.perez@agencia.gov.co", byID[staff.Key()].To.Email)
	assert.Equal(t, "Vence el 4 de diciembre de 2026. Marta Ruiz", byID[citizen.Key()].Body)
	assert.Equal(t, "T-9", byID[ticket.Key()].Ticket)
	for _, n := range []relaciona.Notification{staff, citizen, ticket} {
		got := status(t, s, n)
		assert.Equal(t, relaciona.NotificationSent, got.Status, n.Key())
		assert.Equal(t, 1, got.Attempts)
		assert.False(t, got.SentAt.IsZero())
	}

	// A second run finds nothing due.
	c.add(time.Hour)
	res, err = d.Dispatch(ctx)
	require.NoError(t, err)
	assert.Equal(t, relaciona.DispatchResult{}, res)
	assert.Len(t, email.got, 2)
}

// Two dispatchers on two connections to one SQLite file, at once: every
// item is delivered exactly once.
func TestDispatchConcurrentDispatchersDeliverOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "outbox.db")
	s1, s2 := openStoreFile(t, path), openStoreFile(t, path)
	const n = 120
	var ns []relaciona.Notification
	for i := range n {
		ns = append(ns, due("dtest.survey", fmt.Sprintf("C-%03d", i), relaciona.Recipient{Email: fmt.Sprintf("p%d@correo.co", i)}))
	}
	notify(t, s1, ns...)
	ch := &fakeChannel{delay: time.Millisecond}
	c := newClock()
	var wg sync.WaitGroup
	results := make([]relaciona.DispatchResult, 2)
	for i, s := range []*relaciona.Store{s1, s2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := relaciona.NewDispatcher(s, nil, map[string]driver.Notifier{"email": ch}, relaciona.DispatchOptions{Now: c.Now, Page: 16})
			var err error
			results[i], err = d.Dispatch(ctx)
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	ids := ch.ids()
	assert.Len(t, ids, n)
	seen := map[string]int{}
	for _, id := range ids {
		seen[id]++
	}
	for _, x := range ns {
		assert.Equal(t, 1, seen[x.Key()], x.Key())
		assert.Equal(t, relaciona.NotificationSent, status(t, s2, x).Status)
	}
	assert.Equal(t, n, results[0].Sent+results[1].Sent)
	t.Logf("dispatcher 1 sent %d, dispatcher 2 sent %d", results[0].Sent, results[1].Sent)
}

// A dispatcher that dies between the send and the mark: the item is sent
// again after the lease, with the same ID, and then marked once.
func TestDispatchCrashAfterSendResendsWithSameID(t *testing.T) {
	s := openMem(t)
	n := due("dtest.survey", "C-1", relaciona.Recipient{Email: "marta@correo.co"})
	notify(t, s, n)
	c := newClock()
	ctx, cancel := context.WithCancel(context.Background())
	ch := &fakeChannel{}
	ch.fail = func(m driver.Message) error {
		ch.got = append(ch.got, m) // delivered...
		cancel()                   // ...and the process dies before the mark
		return context.Canceled
	}
	opts := relaciona.DispatchOptions{Now: c.Now, Lease: 10 * time.Minute}
	_, err := relaciona.NewDispatcher(s, nil, map[string]driver.Notifier{"email": ch}, opts).Dispatch(ctx)
	require.ErrorIs(t, err, context.Canceled)
	got := status(t, s, n)
	assert.Equal(t, relaciona.NotificationPending, got.Status)
	assert.Equal(t, 1, got.Attempts)

	// Before the lease ends nobody sends it again.
	ch.fail = nil
	c.add(5 * time.Minute)
	res, err := relaciona.NewDispatcher(s, nil, map[string]driver.Notifier{"email": ch}, opts).Dispatch(context.Background())
	require.NoError(t, err)
	assert.Zero(t, res.Sent)
	// After it, a second dispatcher sends it once more, same ID.
	c.add(6 * time.Minute)
	res, err = relaciona.NewDispatcher(s, nil, map[string]driver.Notifier{"email": ch}, opts).Dispatch(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, res.Sent)
	assert.Equal(t, []string{n.Key(), n.Key()}, ch.ids())
	got = status(t, s, n)
	assert.Equal(t, relaciona.NotificationSent, got.Status)
	assert.Equal(t, 2, got.Attempts)
}

func TestDispatchFailures(t *testing.T) {
	unavailable := func(m driver.Message) error {
		return fmt.Errorf("smtp: 451 mailbox %s busy: %w", m.To.Email, driver.ErrUnavailable)
	}
	refused := func(m driver.Message) error {
		return fmt.Errorf("smtp: 550 no such user <%s> (%s): %w", m.To.Email, m.To.Name, driver.ErrInvalid)
	}
	tests := []struct {
		name     string
		to       relaciona.Recipient
		kind     string
		dir      *relaciona.Directory
		fail     func(driver.Message) error
		tpl      relaciona.Templates
		runs     []time.Duration // clock steps before each further run
		want     relaciona.NotificationStatus
		attempts int
		reason   string
		outcome  relaciona.Outcome
	}{
		{name: "retried with backoff, then given up", to: relaciona.Recipient{Name: "Marta Ruiz", Email: "marta@correo.co"}, kind: "dtest.survey", fail: unavailable,
			runs: []time.Duration{30 * time.Second, 31 * time.Second, 2 * time.Minute}, want: relaciona.NotificationFailed, attempts: 3,
			reason: "gave up after 3 attempts: smtp: 451 mailbox m***@c***.co busy", outcome: relaciona.OutcomeFailed},
		{name: "a permanent refusal fails at once", to: relaciona.Recipient{Name: "Marta Ruiz", Email: "marta@correo.co"}, kind: "dtest.survey", fail: refused,
			want: relaciona.NotificationFailed, attempts: 1, reason: "smtp: 550 no such user <m***@c***.co> (***)", outcome: relaciona.OutcomeFailed},
		{name: "a person no longer in the directory", to: relaciona.Recipient{Person: "gone"}, kind: "dtest.due",
			want: relaciona.NotificationFailed, reason: `person "gone" is no longer in the directory`, outcome: relaciona.OutcomeFailed},
		{name: "a person without e-mail", to: relaciona.Recipient{Person: "nomail"}, kind: "dtest.due",
			want: relaciona.NotificationFailed, reason: `person "nomail" has no e-mail in the directory`, outcome: relaciona.OutcomeFailed},
		{name: "the directory down: left for the next run", to: relaciona.Recipient{Person: "ana"}, kind: "dtest.due", dir: relaciona.NewDirectory(downDirectory{}),
			want: relaciona.NotificationPending, reason: "the directory cannot be reached", outcome: relaciona.OutcomeWaiting},
		{name: "a kind not registered", to: relaciona.Recipient{Email: "marta@correo.co"}, kind: "dtest.nokind",
			want: relaciona.NotificationFailed, reason: `notification kind "dtest.nokind" is not registered`, outcome: relaciona.OutcomeFailed},
		{name: "a template that names an unknown field", to: relaciona.Recipient{Email: "marta@correo.co"}, kind: "dtest.survey",
			tpl:  relaciona.Templates{"dtest.survey": {relaciona.Spanish: {Subject: "x", Body: "{{.secret}}"}}},
			want: relaciona.NotificationFailed, reason: `names field "secret"`, outcome: relaciona.OutcomeFailed},
		{name: "a template that fails as it runs", to: relaciona.Recipient{Email: "marta@correo.co"}, kind: "dtest.survey",
			tpl:  relaciona.Templates{"dtest.survey": {relaciona.Spanish: {Subject: "x", Body: "{{.due.year}}"}}},
			want: relaciona.NotificationFailed, reason: "can't evaluate field year", outcome: relaciona.OutcomeFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := openMem(t)
			bad := relaciona.Notification{Kind: tt.kind, Process: "dtest", About: relaciona.Ref{Kind: "dtest.case", ID: "C-1"}, Due: "2026-12-04", To: tt.to}
			good := due("dtest.due", "C-2", relaciona.Recipient{Email: "otro@correo.co"})
			notify(t, s, bad, good)
			ch := &fakeChannel{}
			ch.fail = func(m driver.Message) error {
				if m.ID == bad.Key() && tt.fail != nil {
					return tt.fail(m)
				}
				return nil
			}
			dir := tt.dir
			if dir == nil {
				dir = roster(t)
			}
			c := newClock()
			d := relaciona.NewDispatcher(s, dir, map[string]driver.Notifier{"email": ch}, relaciona.DispatchOptions{
				Now: c.Now, MaxAttempts: 3, Backoff: time.Minute,
				Templates: func(p string) relaciona.Templates { return tt.tpl }})
			res, err := d.Dispatch(ctx)
			require.NoError(t, err)
			// The rest goes on.
			assert.Equal(t, relaciona.NotificationSent, status(t, s, good).Status)
			for _, step := range tt.runs {
				c.add(step)
				res, err = d.Dispatch(ctx)
				require.NoError(t, err)
			}
			got := status(t, s, bad)
			assert.Equal(t, tt.want, got.Status)
			assert.Equal(t, tt.attempts, got.Attempts)
			require.Len(t, res.Items, 1)
			assert.Equal(t, tt.outcome, res.Items[0].Outcome)
			assert.Contains(t, res.Items[0].Reason, tt.reason)
			if tt.want == relaciona.NotificationFailed {
				assert.Contains(t, got.LastError, tt.reason)
				assert.Equal(t, 1, res.Failed)
			}
			assert.NotContains(t, got.LastError, "marta@correo.co")
			assert.NotContains(t, got.LastError, "Marta Ruiz")
			assert.NotContains(t, res.Items[0].To, "marta@")
		})
	}
}

// The backoff: attempt 1 fails at t, so the item is due at t+1m, not
// before; attempt 2 fails then, due at t+1m+2m.
func TestDispatchBackoffDoubles(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	n := due("dtest.survey", "C-1", relaciona.Recipient{Email: "marta@correo.co"})
	notify(t, s, n)
	ch := &fakeChannel{fail: func(driver.Message) error { return driver.ErrUnavailable }}
	c := newClock()
	t0 := c.Now()
	d := relaciona.NewDispatcher(s, nil, map[string]driver.Notifier{"email": ch}, relaciona.DispatchOptions{Now: c.Now, Backoff: time.Minute, MaxAttempts: 10})
	for i, step := range []struct {
		at       time.Duration
		attempts int
		next     time.Duration
	}{{0, 1, time.Minute}, {59 * time.Second, 1, time.Minute}, {time.Minute, 2, 3 * time.Minute}, {3 * time.Minute, 3, 7 * time.Minute}} {
		c.t = t0.Add(step.at)
		_, err := d.Dispatch(ctx)
		require.NoError(t, err)
		got := status(t, s, n)
		assert.Equal(t, step.attempts, got.Attempts, "step %d", i)
		assert.Equal(t, t0.Add(step.next).UTC(), got.NextAttempt, "step %d", i)
	}
}

func TestDispatchLeavesItemsOfAChannelNotConfigured(t *testing.T) {
	s := openMem(t)
	n := due("dtest.survey", "C-1", relaciona.Recipient{Ticket: "T-1"})
	notify(t, s, n)
	res, err := relaciona.NewDispatcher(s, nil, map[string]driver.Notifier{"email": &fakeChannel{}}, relaciona.DispatchOptions{}).Dispatch(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, res.Waiting)
	assert.Contains(t, res.Items[0].Reason, `channel "ticket" is not configured`)
	assert.Equal(t, relaciona.NotificationPending, status(t, s, n).Status)
	assert.Zero(t, status(t, s, n).Attempts)
}

func TestDispatchDailyDigest(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	a := due("dtest.due", "C-1", relaciona.Recipient{Person: "luis"})
	b := due("dtest.due", "C-2", relaciona.Recipient{Person: "luis"})
	other := due("dtest.due", "C-3", relaciona.Recipient{Person: "ana"})
	notify(t, s, a, b, other)
	ch := &fakeChannel{}
	c := newClock()
	d := relaciona.NewDispatcher(s, roster(t), map[string]driver.Notifier{"email": ch}, relaciona.DispatchOptions{Now: c.Now})
	res, err := d.Dispatch(ctx)
	require.NoError(t, err)
	today := c.Now().Format(time.DateOnly)
	digestID := relaciona.DigestID("luis", today)
	assert.ElementsMatch(t, []string{other.Key(), digestID}, ch.ids())
	assert.Equal(t, 3, res.Sent)
	assert.Equal(t, 1, res.Digests)
	var dm driver.Message
	for _, m := range ch.got {
		if m.ID == digestID {
			dm = m
		}
	}
	assert.Contains(t, dm.Subject, ": 2 avisos")
	assert.Contains(t, dm.Body, "- Vence C-1 (C-1)")
	assert.Contains(t, dm.Body, "- Vence C-2 (C-2)")
	assert.Equal(t, "luis.gomez@agencia.gov.co", dm.To.Email)
	for _, n := range []relaciona.Notification{a, b} {
		got := status(t, s, n)
		assert.Equal(t, relaciona.NotificationSent, got.Status)
		assert.Equal(t, digestID, got.Via)
	}

	// Later the same day: a new item waits for tomorrow's digest.
	late := due("dtest.due", "C-4", relaciona.Recipient{Person: "luis"})
	notify(t, s, late)
	c.add(time.Minute)
	res, err = d.Dispatch(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Waiting)
	assert.Len(t, ch.got, 2)
	c.add(24 * time.Hour)
	res, err = d.Dispatch(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Digests)
	assert.Equal(t, relaciona.DigestID("luis", c.Now().Format(time.DateOnly)), ch.ids()[2])
	assert.Equal(t, relaciona.NotificationSent, status(t, s, late).Status)
}

// crashedDigest is a store whose digest to luis, carrying item a, was sent
// and then the dispatcher died (its context cancelled) before recording
// it; item b came due afterwards. ch sends normally again.
type crashedDigest struct {
	s    *relaciona.Store
	ch   *fakeChannel
	c    *clock
	opts relaciona.DispatchOptions
	a, b relaciona.Notification
}

// crashDigest sets up a crashedDigest with a one-minute lease.
func crashDigest(t *testing.T) crashedDigest {
	t.Helper()
	s := openMem(t)
	a := due("dtest.due", "C-1", relaciona.Recipient{Person: "luis"})
	notify(t, s, a)
	ch := &fakeChannel{}
	ctx, cancel := context.WithCancel(context.Background())
	ch.fail = func(m driver.Message) error { ch.got = append(ch.got, m); cancel(); return context.Canceled }
	c := newClock()
	opts := relaciona.DispatchOptions{Now: c.Now, Lease: time.Minute}
	_, err := relaciona.NewDispatcher(s, roster(t), map[string]driver.Notifier{"email": ch}, opts).Dispatch(ctx)
	require.ErrorIs(t, err, context.Canceled)
	b := due("dtest.due", "C-2", relaciona.Recipient{Person: "luis"})
	notify(t, s, b)
	ch.fail = nil
	return crashedDigest{s: s, ch: ch, c: c, opts: opts, a: a, b: b}
}

// A digest that dies after its send is sent again after the lease, with
// the same ID and the same items.
func TestDispatchDigestCrashResendsSameDigest(t *testing.T) {
	x := crashDigest(t)
	s, ch, a, b := x.s, x.ch, x.a, x.b
	x.c.add(2 * time.Minute)
	res, err := relaciona.NewDispatcher(s, roster(t), map[string]driver.Notifier{"email": ch}, x.opts).Dispatch(context.Background())
	require.NoError(t, err)
	require.Len(t, ch.got, 2)
	assert.Equal(t, ch.got[0].ID, ch.got[1].ID)
	assert.Equal(t, ch.got[0].Body, ch.got[1].Body, "the resend carries the same items")
	assert.Equal(t, relaciona.NotificationSent, status(t, s, a).Status)
	assert.Equal(t, relaciona.NotificationPending, status(t, s, b).Status, "C-2 waits for the next digest")
	assert.Equal(t, 1, res.Waiting)
}

// A digest that died after its send and is retried on a later day (the
// dispatcher died just before midnight) goes again under its first ID with
// its first items; the items it did not carry go in the new day's digest.
func TestDispatchDigestCrashResendsSameDigestNextDay(t *testing.T) {
	x := crashDigest(t)
	s, ch, c, a, b := x.s, x.ch, x.c, x.a, x.b
	first := c.Now().Format(time.DateOnly)
	c.add(25 * time.Hour)
	d := relaciona.NewDispatcher(s, roster(t), map[string]driver.Notifier{"email": ch}, x.opts)
	_, err := d.Dispatch(context.Background())
	require.NoError(t, err)
	require.Len(t, ch.got, 2)
	assert.Equal(t, relaciona.DigestID("luis", first), ch.got[1].ID, "the first digest's ID, not the new day's")
	assert.Equal(t, ch.got[0].Body, ch.got[1].Body, "the resend carries the same items")
	assert.Equal(t, relaciona.NotificationSent, status(t, s, a).Status)
	assert.Equal(t, relaciona.NotificationPending, status(t, s, b).Status)

	_, err = d.Dispatch(context.Background())
	require.NoError(t, err)
	require.Len(t, ch.got, 3)
	assert.Equal(t, relaciona.DigestID("luis", c.Now().Format(time.DateOnly)), ch.got[2].ID)
	assert.Contains(t, ch.got[2].Body, "C-2")
	assert.NotContains(t, ch.got[2].Body, "C-1")
	assert.Equal(t, relaciona.NotificationSent, status(t, s, b).Status)
}

func TestDispatchContactLimitHolds(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	to := relaciona.Recipient{Email: "Marta@Correo.co"}
	var ns []relaciona.Notification
	for i := range 3 {
		ns = append(ns, due("dtest.survey", fmt.Sprintf("C-%d", i), to))
	}
	legal := due("dtest.extension", "C-9", to)
	staff := []relaciona.Notification{due("dtest.due", "C-1", relaciona.Recipient{Person: "ana"}), due("dtest.due", "C-2", relaciona.Recipient{Person: "ana"}), due("dtest.due", "C-3", relaciona.Recipient{Person: "ana"})}
	notify(t, s, append(append(ns, legal), staff...)...)
	ch := &fakeChannel{}
	c := newClock()
	d := relaciona.NewDispatcher(s, roster(t), map[string]driver.Notifier{"email": ch}, relaciona.DispatchOptions{Now: c.Now,
		Limits: []relaciona.ContactLimit{{Max: 2, Period: 30 * 24 * time.Hour}}, LegalKinds: []string{"dtest.extension"}})
	res, err := d.Dispatch(ctx)
	require.NoError(t, err)
	// Two surveys go (or one and the legal notice, which is never held and
	// counts); staff are not limited.
	assert.Equal(t, 1, res.Held)
	assert.Equal(t, 6, res.Sent)
	assert.Equal(t, relaciona.NotificationSent, status(t, s, legal).Status)
	var held relaciona.Notification
	for _, n := range ns {
		if got := status(t, s, n); got.Status == relaciona.NotificationHeld {
			held = got
		}
	}
	assert.Contains(t, held.LastError, "contact limit: 2 messages in 30 days")
	assert.False(t, held.ClosedAt.IsZero())
	assert.Equal(t, relaciona.OutcomeHeld, res.Items[0].Outcome)

	// 31 days later the limit has room again.
	more := due("dtest.survey", "C-8", to)
	notify(t, s, more)
	c.add(31 * 24 * time.Hour)
	res, err = d.Dispatch(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Sent)
}

func TestDispatchReportsLateLegalNotice(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	c := newClock()
	today := c.Now().Format(time.DateOnly)
	tomorrow := c.Now().Add(24 * time.Hour).Format(time.DateOnly)
	late := due("dtest.extension", "C-1", relaciona.Recipient{Email: "marta@correo.co"})
	late.Due = today
	early := due("dtest.extension", "C-2", relaciona.Recipient{Email: "marta@correo.co"})
	early.Due = tomorrow
	notify(t, s, late, early)
	ch := &fakeChannel{fail: func(driver.Message) error { return driver.ErrUnavailable }}
	d := relaciona.NewDispatcher(s, nil, map[string]driver.Notifier{"email": ch}, relaciona.DispatchOptions{Now: c.Now, LegalKinds: []string{"dtest.extension"}})
	res, err := d.Dispatch(ctx)
	require.NoError(t, err)
	require.Len(t, res.Late, 1)
	assert.Equal(t, late.Key(), res.Late[0].Key)
	assert.Equal(t, "m***@c***.co", res.Late[0].To)
	// Once sent it is no longer late.
	ch.fail = nil
	c.add(time.Hour)
	res, err = d.Dispatch(ctx)
	require.NoError(t, err)
	assert.Empty(t, res.Late)
	// The default legal kind is the citizen's extension notice.
	assert.Equal(t, "citizen.pqrsd.extension", relaciona.ExtensionNoticeKind)
}

// The log of a dispatch full of personal data holds none of it.
func TestDispatchLogsNoPersonalData(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	notify(t, s,
		due("dtest.survey", "C-1", relaciona.Recipient{Name: "Marta Ruiz", Email: "marta@correo.co"}),
		due("dtest.survey", "C-2", relaciona.Recipient{Name: "Pedro Díaz", Email: "pedro@correo.co"}),
		due("dtest.due", "C-3", relaciona.Recipient{Person: "ana"}),
		due("dtest.due", "C-4", relaciona.Recipient{Person: "luis"}),
		due("dtest.due", "C-5", relaciona.Recipient{Person: "gone"}),
	)
	var buf bytes.Buffer
	log := hclog.New(&hclog.LoggerOptions{Output: &buf, Level: hclog.Trace})
	ch := &fakeChannel{fail: func(m driver.Message) error {
		if m.ID[len(m.ID)-1] == '1' || m.To.Name == "Pedro Díaz" {
			return fmt.Errorf("550 %s <%s> refused: %w", m.To.Name, m.To.Email, driver.ErrInvalid)
		}
		return nil
	}}
	c := newClock()
	d := relaciona.NewDispatcher(s, roster(t), map[string]driver.Notifier{"email": ch}, relaciona.DispatchOptions{Now: c.Now, Logger: log})
	res, err := d.Dispatch(ctx)
	require.NoError(t, err)
	require.NotZero(t, res.Failed)
	_, _, err = relaciona.NewDispatcher(s, relaciona.NewDirectory(downDirectory{}), map[string]driver.Notifier{"email": ch}, relaciona.DispatchOptions{Now: c.Now, Logger: log}).Plan(ctx)
	require.NoError(t, err)
	out := buf.String()
	require.NotEmpty(t, out)
	assert.Contains(t, out, "notifications dispatched")
	for _, personal := range []string{"@", "Marta", "Ruiz", "Pedro", "Díaz", "Ana", "Pérez", "Luis", "Gómez", "Vence el"} {
		assert.NotContains(t, out, personal)
	}
}

func TestPlanWritesNothing(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	ns := []relaciona.Notification{
		due("dtest.survey", "C-1", relaciona.Recipient{Email: "marta@correo.co"}),
		due("dtest.due", "C-2", relaciona.Recipient{Person: "luis"}),
		due("dtest.due", "C-3", relaciona.Recipient{Person: "gone"}),
	}
	notify(t, s, ns...)
	ch := &fakeChannel{}
	d := relaciona.NewDispatcher(s, roster(t), map[string]driver.Notifier{"email": ch}, relaciona.DispatchOptions{})
	plan, res, err := d.Plan(ctx)
	require.NoError(t, err)
	assert.Empty(t, ch.got)
	require.Len(t, plan, 3)
	outcomes := map[string]relaciona.Outcome{}
	for _, it := range plan {
		outcomes[it.About.ID] = it.Outcome
		assert.NotContains(t, it.To, "marta@")
	}
	assert.Equal(t, map[string]relaciona.Outcome{"C-1": relaciona.OutcomeSent, "C-2": relaciona.OutcomeDigest, "C-3": relaciona.OutcomeFailed}, outcomes)
	assert.Equal(t, 1, res.Failed)
	for _, n := range ns {
		got := status(t, s, n)
		assert.Equal(t, relaciona.NotificationPending, got.Status)
		assert.Zero(t, got.Attempts)
	}
	idx := slices.IndexFunc(plan, func(it relaciona.DispatchItem) bool { return it.About.ID == "C-1" })
	assert.Equal(t, "m***@c***.co", plan[idx].To)
	assert.Equal(t, "marta@correo.co", plan[idx].Contact.Email)
}

func TestRedactEmail(t *testing.T) {
	for in, want := range map[string]string{
		"carlos@dominio.gov.co": "c***@d***.gov.co",
		"a@b":                   "a***@b***",
		"nobody":                "***",
		"@x.co":                 "***",
	} {
		assert.Equal(t, want, relaciona.RedactEmail(in), in)
	}
	assert.True(t, errors.Is(fmt.Errorf("x: %w", driver.ErrInvalid), relaciona.ErrInvalid))
}
