package relaciona

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relaciona/relaciona/plugins/driver"
)

// The channels a notification is delivered on: the names a deployment
// gives its channels, and Notification.Channel's values.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
	ChannelTicket  = "ticket"
)

// DigestKind is the record kind of the daily digests (see Dispatcher).
const DigestKind = "relaciona.notification.digest"

// ExtensionNoticeKind is the citizen's PQRSD extension notice (Ley 1755 de
// 2015 art. 14): a legal notice, never held by a contact limit, and
// reported late by every dispatch that finds it unsent on or after its due
// date. It is the default of DispatchOptions.LegalKinds.
const ExtensionNoticeKind = "citizen.pqrsd.extension"

// ContactLimit caps how many messages a person outside the agency gets
// per period, across the four processes: at most Max messages in any
// Period. Audience is the audience limited ("" for every audience but
// staff: citizens, clients, stakeholders, partners); staff are limited
// only by a limit that names AudienceStaff.
type ContactLimit struct {
	Audience Audience
	Max      int
	Period   time.Duration
}

// applies reports whether the limit counts messages of audience a.
func (l ContactLimit) applies(a Audience) bool {
	if l.Audience == "" {
		return a != AudienceStaff
	}
	return l.Audience == a
}

// DispatchOptions configure a Dispatcher; the zero value works, with the
// defaults each field names.
type DispatchOptions struct {
	// Lang is the deployment's language, for a recipient whose language
	// neither the notification nor the directory gives (default Spanish).
	Lang Lang
	// Templates returns a process's template overrides (a process file's
	// notifications key); nil: every kind is written with its default.
	Templates func(process string) Templates
	// Lease is how long a claim holds an item before another dispatcher
	// may take it (default 10 minutes): longer than a send can take.
	Lease time.Duration
	// MaxAttempts is how many deliveries are tried before an item fails
	// (default 5).
	MaxAttempts int
	// Backoff is the wait after the first failed attempt, doubled after
	// each further one, at most a day (default 5 minutes).
	Backoff time.Duration
	// Limits are the contact limits (none by default).
	Limits []ContactLimit
	// LegalKinds are the kinds the law requires to be sent: never held by
	// a limit, and listed in DispatchResult.Late when unsent on or after
	// their due date (default: ExtensionNoticeKind).
	LegalKinds []string
	// Location is the deployment's time zone, which dates a digest and
	// says when an item is late (default UTC).
	Location *time.Location
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger gets counts and keys, never an address, a name or a body.
	Logger hclog.Logger
	// Actor is who the outbox's writes are audited as (default
	// SystemActor).
	Actor Actor
	// Page is how many due items are read at a time (default 256).
	Page int
}

// Dispatcher delivers the outbox the processes write with Batch.Notify.
//
// Each run reads the pending notifications whose next attempt is due, in
// pages, and for each: finds the recipient (a staff member in the
// directory: e-mail, name and language; a citizen's or client's contact as
// the record gave it; the ticket to reply on), renders the kind's template
// in the recipient's language (the notification's, else the person's,
// else the deployment's), applies the contact limits, and delivers it on
// its channel.
//
// Delivered once. Before sending, a dispatcher claims the item by an
// optimistic, versioned update of its record (one more attempt, the next
// attempt moved to the end of a lease); of two dispatchers that read the
// same item only one claim succeeds, and the other sees ErrConflict and
// leaves the item alone. After the channel accepts the message, the item
// is marked sent. A dispatcher killed between the send and the mark leaves
// the claim to expire with its lease, and a later run sends the item
// again, with the same message ID (the notification's Key: the e-mail's
// Message-ID, the webhook's Idempotency-Key), so the receiver can drop the
// repeat. Delivery is at-least-once on the wire and once per idempotency
// key; nothing is lost.
//
// Faults. A channel error wrapping ErrInvalid (a bad address, a 4xx
// refusal) fails the item at once; any other is retried with exponential
// backoff until MaxAttempts, then the item fails. A person no longer in the
// directory fails the item; a directory that cannot be reached leaves the
// items for people untouched until the next run while the others go on; a
// kind not registered, or a template that does not render, fails the item.
// A failed item keeps the reason, with any e-mail address in it
// redacted. A channel the deployment does not configure leaves its items
// pending.
//
// Daily digest. A person the directory marks Digest gets, per day (in
// Location), one e-mail listing the notifications due to them that day
// instead of one each; its message ID is "digest:<person>:<date>", the
// items are marked sent with it (Notification.Via), and items that arrive
// after the day's digest was sent wait for the next day's.
//
// Contact limits. A person outside the agency (DispatchOptions.Limits) is
// not sent more than a limit allows: the messages counted are those sent to
// the same contact, in any process, in the period before now; an item over
// the limit is held, with the reason and the time. Two dispatchers running
// at once may each send one message that the other would have held.
type Dispatcher struct {
	store    *Store
	dir      *Directory
	channels map[string]driver.Notifier
	o        DispatchOptions
}

// NewDispatcher returns a dispatcher of store's outbox that finds staff in
// dir (nil: notifications to a person wait until a directory is given)
// and delivers on channels, keyed by channel name (ChannelEmail,
// ChannelWebhook, ChannelTicket).
func NewDispatcher(store *Store, dir *Directory, channels map[string]driver.Notifier, opts DispatchOptions) *Dispatcher {
	if opts.Lang == "" {
		opts.Lang = Spanish
	}
	if opts.Lease <= 0 {
		opts.Lease = 10 * time.Minute
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 5
	}
	if opts.Backoff <= 0 {
		opts.Backoff = 5 * time.Minute
	}
	if opts.LegalKinds == nil {
		opts.LegalKinds = []string{ExtensionNoticeKind}
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = hclog.NewNullLogger()
	}
	if opts.Actor.ID == "" {
		opts.Actor = SystemActor()
	}
	if opts.Page <= 0 {
		opts.Page = 256
	}
	ch := make(map[string]driver.Notifier, len(channels))
	for k, v := range channels {
		if v != nil {
			ch[k] = v
		}
	}
	return &Dispatcher{store: store, dir: dir, channels: ch, o: opts}
}

// Outcome is what a dispatch did, or would do, with one notification.
type Outcome string

// The outcomes of a notification in a dispatch.
const (
	// OutcomeSent: delivered (in a plan: would be).
	OutcomeSent Outcome = "sent"
	// OutcomeDigest: delivered in the person's daily digest.
	OutcomeDigest Outcome = "digest"
	// OutcomeFailed: given up (a permanent error, or the retries spent).
	OutcomeFailed Outcome = "failed"
	// OutcomeHeld: held back by a contact limit.
	OutcomeHeld Outcome = "held"
	// OutcomeRetrying: a retryable error; tried again after a backoff.
	OutcomeRetrying Outcome = "retrying"
	// OutcomeWaiting: left pending as it is (no channel configured, the
	// directory down, another dispatcher holds it, the day's digest sent).
	OutcomeWaiting Outcome = "waiting"
)

// DispatchItem is one notification in a dispatch's result or plan. To is
// the recipient redacted (the person's id, or "c***@d***.gov.co"); Contact
// is the full address, personal data, only for a caller that was asked to
// show it (relaciona notify --personal): never log it.
type DispatchItem struct {
	Key     string
	Kind    string
	About   Ref
	Due     string
	Channel string
	To      string
	Contact driver.Address
	Outcome Outcome
	// Reason says why it was not sent (no personal datum).
	Reason string
}

// DispatchResult counts what a dispatch did and lists every item not sent:
// failed, held, retrying or waiting, each with its reason. Late lists the
// legal notices (DispatchOptions.LegalKinds) still unsent, pending or
// failed, on or after their due date: an agency must act on them today.
type DispatchResult struct {
	Sent     int // items delivered, one by one or in a digest
	Digests  int // digests delivered
	Failed   int
	Held     int
	Retrying int
	Waiting  int
	Items    []DispatchItem
	Late     []DispatchItem
}

func (r *DispatchResult) note(it DispatchItem) {
	switch it.Outcome {
	case OutcomeSent, OutcomeDigest:
		r.Sent++
		return
	case OutcomeFailed:
		r.Failed++
	case OutcomeHeld:
		r.Held++
	case OutcomeRetrying:
		r.Retrying++
	case OutcomeWaiting:
		r.Waiting++
	}
	r.Items = append(r.Items, it)
}

// Dispatch delivers the due notifications, then the day's digests, and
// returns what it did. It fails only when the store cannot be read or
// written (or ctx ends); whatever it could not deliver is in the result,
// and a later run takes it up.
func (d *Dispatcher) Dispatch(ctx context.Context) (DispatchResult, error) {
	r := d.newRun(false)
	err := d.run(ctx, r)
	d.o.Logger.Info("notifications dispatched", "sent", r.res.Sent, "digests", r.res.Digests, "failed", r.res.Failed,
		"held", r.res.Held, "retrying", r.res.Retrying, "waiting", r.res.Waiting, "late", len(r.res.Late))
	for _, l := range r.res.Late {
		d.o.Logger.Warn("legal notice unsent on or after its due date", "key", l.Key, "due", l.Due, "outcome", string(l.Outcome))
	}
	return r.res, err
}

// Plan lists what Dispatch would do now, item by item, and writes
// nothing: sent (or digest), held, failed with the reason, or waiting.
// The counts in its result are those the items would reach; Late lists
// the late legal notices as they stand.
func (d *Dispatcher) Plan(ctx context.Context) ([]DispatchItem, DispatchResult, error) {
	r := d.newRun(true)
	err := d.run(ctx, r)
	return r.plan, r.res, err
}

// dispatchRun is the state of one Dispatch or Plan.
type dispatchRun struct {
	dry     bool
	now     time.Time
	today   string
	people  map[string]personLookup
	dirDown bool
	digests map[string]*digestGroup
	order   []string // digest persons, in first-seen order
	res     DispatchResult
	plan    []DispatchItem
}

type personLookup struct {
	p   Person
	err error
}

type digestGroup struct {
	person Person
	lang   Lang
	keys   []string
}

func (d *Dispatcher) newRun(dry bool) *dispatchRun {
	now := d.o.Now()
	return &dispatchRun{dry: dry, now: now, today: now.In(d.o.Location).Format(time.DateOnly),
		people: map[string]personLookup{}, digests: map[string]*digestGroup{}}
}

func (d *Dispatcher) run(ctx context.Context, r *dispatchRun) error {
	if err := d.walk(ctx, r); err != nil {
		return err
	}
	if err := d.sendDigests(ctx, r); err != nil {
		return err
	}
	return d.findLate(ctx, r)
}

// walk reads the due pending items page by page. An item handled moves
// out of the range (its time goes past now, or its status changes), and
// the cursor moves past those left as they are.
func (d *Dispatcher) walk(ctx context.Context, r *dispatchRun) error {
	f := Filter{Attrs: map[string]string{"status": string(NotificationPending)}, To: r.now.Add(time.Microsecond), Limit: d.o.Page}
	for {
		page := make([]Record, 0, d.o.Page)
		for rec, err := range d.store.Scan(ctx, NotificationKind, f) {
			if err != nil {
				return fmt.Errorf("dispatch: read the outbox: %w", err)
			}
			page = append(page, rec)
		}
		for _, rec := range page {
			if err := d.item(ctx, r, rec); err != nil {
				return err
			}
		}
		if len(page) < d.o.Page {
			return nil
		}
		f.After = page[len(page)-1].Cursor()
	}
}

// route is the channel a notification goes on.
func route(n Notification) string {
	switch {
	case n.Channel != "":
		return n.Channel
	case n.To.Ticket != "":
		return ChannelTicket
	}
	return ChannelEmail
}

// item handles one due notification read at rec.Version.
func (d *Dispatcher) item(ctx context.Context, r *dispatchRun, rec Record) error {
	var n Notification
	if err := json.Unmarshal(rec.Body, &n); err != nil {
		d.o.Logger.Error("notification body does not decode; left as it is", "key", rec.ID)
		r.res.note(DispatchItem{Key: rec.ID, Outcome: OutcomeWaiting, Reason: "stored body does not decode"})
		return nil
	}
	it := DispatchItem{Key: rec.ID, Kind: n.Kind, About: n.About, Due: n.Due, Channel: route(n), To: redactRecipient(n.To)}
	ch, ok := d.channels[it.Channel]
	if !ok {
		return d.leave(r, it, fmt.Sprintf("channel %q is not configured", it.Channel))
	}
	addr, lang, p, reason, retry := d.recipient(ctx, r, n, it.Channel)
	it.Contact = addr
	switch {
	case retry:
		return d.leave(r, it, reason)
	case reason != "":
		return d.close(ctx, r, it, n, rec.Version, NotificationFailed, reason)
	}
	if p.Digest && it.Channel == ChannelEmail {
		g := r.digests[p.ID]
		if g == nil {
			g = &digestGroup{person: p, lang: lang}
			r.digests[p.ID] = g
			r.order = append(r.order, p.ID)
		}
		g.keys = append(g.keys, rec.ID)
		return nil
	}
	k, ok := LookupNoticeKind(n.Kind)
	if !ok {
		return d.close(ctx, r, it, n, rec.Version, NotificationFailed, fmt.Sprintf("notification kind %q is not registered", n.Kind))
	}
	subject, body, fields, err := d.render(k, n, lang, addr.Name)
	if err != nil {
		return d.close(ctx, r, it, n, rec.Version, NotificationFailed, scrub(err.Error(), addr))
	}
	if why, err := d.overLimit(ctx, r, n, k); err != nil {
		return err
	} else if why != "" {
		return d.close(ctx, r, it, n, rec.Version, NotificationHeld, why)
	}
	if r.dry {
		it.Outcome = OutcomeSent
		r.plan = append(r.plan, it)
		r.res.note(it)
		return nil
	}
	v, ok, err := d.claim(ctx, r, &n, rec.ID, rec.Version)
	if err != nil || !ok {
		return err
	}
	msg := driver.Message{ID: rec.ID, Kind: n.Kind, To: addr, Lang: string(lang), Subject: subject, Body: body, Ticket: n.To.Ticket, Data: fields}
	return d.deliver(ctx, r, it, &n, v, ch, msg)
}

// leave notes an item left pending as it is.
func (d *Dispatcher) leave(r *dispatchRun, it DispatchItem, reason string) error {
	it.Outcome, it.Reason = OutcomeWaiting, reason
	if r.dry {
		r.plan = append(r.plan, it)
	}
	r.res.note(it)
	return nil
}

// recipient finds who n goes to: the address, the language, the person
// (for staff), and why it cannot go: a permanent reason, or one to retry.
func (d *Dispatcher) recipient(ctx context.Context, r *dispatchRun, n Notification, channel string) (addr driver.Address, lang Lang, p Person, reason string, retry bool) {
	lang = n.Lang
	switch {
	case n.To.Person != "":
		if d.dir == nil {
			return addr, lang, p, "no directory is configured to find the person in", true
		}
		if r.dirDown {
			return addr, lang, p, "the directory cannot be reached; tried again next run", true
		}
		l, seen := r.people[n.To.Person]
		if !seen {
			l.p, l.err = d.dir.Person(ctx, n.To.Person)
			r.people[n.To.Person] = l
		}
		switch {
		case errors.Is(l.err, ErrNotFound):
			return addr, lang, p, fmt.Sprintf("person %q is no longer in the directory", n.To.Person), false
		case l.err != nil:
			r.dirDown = true
			d.o.Logger.Warn("directory cannot be reached; notifications to people wait for the next run", "error", scrub(l.err.Error(), addr))
			return addr, lang, p, "the directory cannot be reached; tried again next run", true
		}
		p = l.p
		addr = driver.Address{Name: p.Name, Email: p.Email}
		if lang == "" && (p.Lang == string(Spanish) || p.Lang == string(English)) {
			lang = Lang(p.Lang)
		}
	case n.To.Email != "":
		addr = driver.Address{Name: n.To.Name, Email: n.To.Email}
	default:
		addr = driver.Address{Name: n.To.Name}
	}
	if lang == "" {
		lang = d.o.Lang
	}
	if channel == ChannelEmail && addr.Email == "" {
		if n.To.Person != "" {
			return addr, lang, p, fmt.Sprintf("person %q has no e-mail in the directory", n.To.Person), false
		}
		return addr, lang, p, "the recipient gave no e-mail", false
	}
	return addr, lang, p, "", false
}

// render writes n with its kind's template in lang.
func (d *Dispatcher) render(k NoticeKind, n Notification, lang Lang, name string) (subject, body string, fields map[string]string, err error) {
	var ts Templates
	if d.o.Templates != nil {
		ts = d.o.Templates(n.Process)
	}
	t := k.TemplateFor(ts, lang)
	if err := k.CheckTemplate(t); err != nil {
		return "", "", nil, fmt.Errorf("notification %s, template in %s: %w", n.Kind, lang, err)
	}
	fields = make(map[string]string, len(n.Fields)+len(CommonNoticeFields))
	for f, v := range n.Fields {
		fields[f] = v
	}
	fields["title"] = k.TitleIn(lang)
	fields["record"] = n.About.ID
	fields["due"] = longDate(n.Due, lang)
	fields["process"] = n.Process
	fields["recipient"] = name
	subject, body, err = k.Render(t, fields)
	return subject, body, fields, err
}

var monthsES = [13]string{"", "enero", "febrero", "marzo", "abril", "mayo", "junio",
	"julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}

// longDate writes a YYYY-MM-DD date as lang writes dates: "6 de diciembre
// de 2026", "December 6, 2026"; "" stays "".
func longDate(s string, lang Lang) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	if lang == English {
		return t.Format("January 2, 2006")
	}
	return fmt.Sprintf("%d de %s de %d", t.Day(), monthsES[t.Month()], t.Year())
}

// overLimit says why n is held back by a contact limit, or "".
func (d *Dispatcher) overLimit(ctx context.Context, r *dispatchRun, n Notification, k NoticeKind) (string, error) {
	if slices.Contains(d.o.LegalKinds, n.Kind) {
		return "", nil
	}
	for _, l := range d.o.Limits {
		if !l.applies(k.Audience) || l.Max <= 0 || l.Period <= 0 {
			continue
		}
		c, err := d.store.Count(ctx, NotificationKind, Filter{
			Attrs: map[string]string{"contact": contactHash(n.To), "status": string(NotificationSent)},
			From:  r.now.Add(-l.Period), To: r.now.Add(time.Microsecond)})
		if err != nil {
			return "", fmt.Errorf("dispatch: count messages for a contact limit: %w", err)
		}
		if c >= int64(l.Max) {
			return fmt.Sprintf("contact limit: %d messages in %s already sent to this recipient (%s limit: %d)",
				c, periodText(l.Period), audienceText(l.Audience), l.Max), nil
		}
	}
	return "", nil
}

func audienceText(a Audience) string {
	if a == "" {
		return "outside the agency"
	}
	return string(a)
}

// periodText writes a period in days when it is whole days.
func periodText(p time.Duration) string {
	if p%(24*time.Hour) == 0 {
		return strconv.Itoa(int(p/(24*time.Hour))) + " days"
	}
	return p.String()
}

// write puts n under key at version expect, with the record's time t, and
// returns the new version. action is audited.
func (d *Dispatcher) write(ctx context.Context, n Notification, key string, expect int64, t time.Time, action string) (int64, error) {
	body, err := json.Marshal(n)
	if err != nil {
		return 0, fmt.Errorf("%w: encode notification %s: %v", ErrInvalid, key, err)
	}
	b := d.store.Begin(d.o.Actor, action, "notification "+key).At(d.o.Now())
	b.Put(Record{Kind: NotificationKind, ID: key, Attrs: notificationAttrs(n), Time: t, Body: body}, expect)
	vs, err := b.Commit(ctx)
	if err != nil {
		return 0, err
	}
	return vs[0], nil
}

// claim takes n (read at version v) for one attempt, until the lease
// ends. ok is false when another dispatcher took it first.
func (d *Dispatcher) claim(ctx context.Context, r *dispatchRun, n *Notification, key string, v int64) (int64, bool, error) {
	n.Attempts++
	n.NextAttempt = r.now.Add(d.o.Lease).UTC()
	nv, err := d.write(ctx, *n, key, v, n.NextAttempt, "notification.claim")
	switch {
	case errors.Is(err, ErrConflict):
		d.o.Logger.Debug("notification taken by another dispatcher", "key", key)
		return 0, false, nil
	case err != nil:
		return 0, false, fmt.Errorf("dispatch: claim %s: %w", key, err)
	}
	return nv, true, nil
}

// close moves n (read at version v) to status st (failed or held) with
// reason, and notes it; in a plan it only notes it.
func (d *Dispatcher) close(ctx context.Context, r *dispatchRun, it DispatchItem, n Notification, v int64, st NotificationStatus, reason string) error {
	it.Outcome, it.Reason = Outcome(st), reason
	if r.dry {
		r.plan = append(r.plan, it)
		r.res.note(it)
		return nil
	}
	n.Status, n.LastError, n.ClosedAt, n.NextAttempt = st, reason, r.now.UTC(), time.Time{}
	if _, err := d.write(ctx, n, it.Key, v, r.now, "notification."+string(st)); err != nil {
		if errors.Is(err, ErrConflict) {
			return nil // another dispatcher has it
		}
		return fmt.Errorf("dispatch: record %s as %s: %w", it.Key, st, err)
	}
	d.o.Logger.Info("notification "+string(st), "key", it.Key, "kind", n.Kind)
	r.res.note(it)
	return nil
}

// deliver sends msg for n, claimed at version v, and records the outcome.
func (d *Dispatcher) deliver(ctx context.Context, r *dispatchRun, it DispatchItem, n *Notification, v int64, ch driver.Notifier, msg driver.Message) error {
	err := ch.Send(ctx, msg)
	if err != nil && ctx.Err() != nil {
		// Stopped: the claim expires with its lease and a later run sends
		// the item again, with the same ID.
		return fmt.Errorf("dispatch: stopped while sending %s: %w", it.Key, ctx.Err())
	}
	now := d.o.Now()
	var t time.Time
	switch {
	case err == nil:
		n.Status, n.SentAt, n.ClosedAt, n.NextAttempt, n.LastError = NotificationSent, now.UTC(), now.UTC(), time.Time{}, ""
		it.Outcome, t = OutcomeSent, now
	case errors.Is(err, ErrInvalid) || n.Attempts >= d.o.MaxAttempts:
		reason := scrub(err.Error(), msg.To)
		if !errors.Is(err, ErrInvalid) {
			reason = fmt.Sprintf("gave up after %d attempts: %s", n.Attempts, reason)
		}
		n.Status, n.LastError, n.ClosedAt, n.NextAttempt = NotificationFailed, reason, now.UTC(), time.Time{}
		it.Outcome, it.Reason, t = OutcomeFailed, reason, now
	default:
		n.LastError = scrub(err.Error(), msg.To)
		n.NextAttempt = now.Add(d.backoff(n.Attempts)).UTC()
		it.Outcome, it.Reason, t = OutcomeRetrying, n.LastError, n.NextAttempt
	}
	if _, werr := d.write(ctx, *n, it.Key, v, t, "notification."+string(it.Outcome)); werr != nil {
		if !errors.Is(werr, ErrConflict) {
			return fmt.Errorf("dispatch: record %s as %s: %w", it.Key, it.Outcome, werr)
		}
		// The lease ran out and another dispatcher took the item: it
		// sends it again with the same ID, and records the outcome.
		d.o.Logger.Warn("lease ran out before the outcome was recorded", "key", it.Key)
	}
	d.o.Logger.Debug("notification "+string(it.Outcome), "key", it.Key, "kind", n.Kind, "attempt", n.Attempts)
	r.res.note(it)
	return nil
}

// backoff is the wait after attempt n (1, 2, ...) failed: Backoff doubled
// n-1 times, at most a day.
func (d *Dispatcher) backoff(n int) time.Duration {
	b := d.o.Backoff
	for i := 1; i < n && b < 24*time.Hour; i++ {
		b *= 2
	}
	return min(b, 24*time.Hour)
}

// findLate lists the legal notices unsent on or after their due date.
func (d *Dispatcher) findLate(ctx context.Context, r *dispatchRun) error {
	for _, kind := range d.o.LegalKinds {
		for _, st := range []NotificationStatus{NotificationPending, NotificationFailed} {
			for rec, err := range d.store.Scan(ctx, NotificationKind, Filter{Attrs: map[string]string{"kind": kind, "status": string(st)}}) {
				if err != nil {
					return fmt.Errorf("dispatch: read the legal notices: %w", err)
				}
				var n Notification
				if err := json.Unmarshal(rec.Body, &n); err != nil || n.Due == "" || n.Due > r.today {
					continue
				}
				r.res.Late = append(r.res.Late, DispatchItem{Key: rec.ID, Kind: n.Kind, About: n.About, Due: n.Due,
					Channel: route(n), To: redactRecipient(n.To), Outcome: Outcome(st), Reason: n.LastError})
			}
		}
	}
	slices.SortFunc(r.res.Late, func(a, b DispatchItem) int { return strings.Compare(a.Due+a.Key, b.Due+b.Key) })
	return nil
}

// emailRE finds e-mail addresses in text to redact.
var emailRE = regexp.MustCompile(`[^\s@<>"'(),;:\[\]]+@[^\s@<>"'(),;:\[\]]+`)

// RedactEmail writes an e-mail address as "c***@d***.gov.co": the first
// letter of the mailbox and of the domain, and the domain's suffix.
func RedactEmail(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || domain == "" {
		return "***"
	}
	first, rest, _ := strings.Cut(domain, ".")
	out := local[:1] + "***@"
	if first != "" {
		out += first[:1] + "***"
	}
	if rest != "" {
		out += "." + rest
	}
	return out
}

// redactRecipient names a recipient without personal data: the person's
// id, the ticket, or the redacted e-mail.
func redactRecipient(r Recipient) string {
	switch {
	case r.Person != "":
		return r.Person
	case r.Ticket != "":
		return "ticket " + r.Ticket
	case r.Email != "":
		return RedactEmail(r.Email)
	}
	return ""
}

// scrub removes personal data from an error's text before it is kept or
// logged: the recipient's name, and every e-mail address, redacted.
func scrub(s string, addr driver.Address) string {
	if addr.Email != "" {
		s = strings.ReplaceAll(s, addr.Email, RedactEmail(addr.Email))
	}
	if len(strings.TrimSpace(addr.Name)) > 1 {
		s = strings.ReplaceAll(s, addr.Name, "***")
	}
	return emailRE.ReplaceAllStringFunc(s, RedactEmail)
}
