package relaciona

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// digest is the record of one person's daily digest: which items it
// carries (fixed when it is first claimed, so a resend after a crash
// carries the same items under the same ID) and its delivery state.
type digest struct {
	Person      string             `json:"person" personal:"subject"`
	Date        string             `json:"date"`
	Items       []string           `json:"items"`
	Status      NotificationStatus `json:"status"`
	Attempts    int                `json:"attempts"`
	NextAttempt time.Time          `json:"next_attempt,omitzero"`
	LastError   string             `json:"last_error,omitempty"`
	SentAt      time.Time          `json:"sent_at,omitzero"`
}

// DigestID is the id and message ID of person's digest of date
// (YYYY-MM-DD).
func DigestID(person, date string) string { return "digest:" + person + ":" + date }

// digestItem is one item of a digest being sent.
type digestItem struct {
	it      DispatchItem
	n       Notification
	v       int64
	subject string
}

// sendDigests sends the day's digest of each person who asked for one.
func (d *Dispatcher) sendDigests(ctx context.Context, r *dispatchRun) error {
	for _, pid := range r.order {
		if err := d.sendDigest(ctx, r, r.digests[pid]); err != nil {
			return err
		}
	}
	return nil
}

func (d *Dispatcher) sendDigest(ctx context.Context, r *dispatchRun, g *digestGroup) error {
	id := DigestID(g.person.ID, r.today)
	// A digest of an earlier day that was claimed and never marked sent
	// (its dispatcher died after the send, say just before midnight) is
	// sent again under its own ID with its own items, not folded into
	// today's under a new ID the receiver could not recognise.
	if earlier, err := d.unsentDigest(ctx, g, id); err != nil {
		return err
	} else if earlier != "" {
		id = earlier
	}
	ch := d.channels[ChannelEmail]
	addr := driver.Address{Name: g.person.Name, Email: g.person.Email}
	var dg digest
	var dv int64
	rec, err := d.store.Get(ctx, DigestKind, id)
	switch {
	case errors.Is(err, ErrNotFound):
		dg = digest{Person: g.person.ID, Date: r.today, Items: g.keys, Status: NotificationPending}
	case err != nil:
		return fmt.Errorf("dispatch: read digest %s: %w", id, err)
	default:
		if err := json.Unmarshal(rec.Body, &dg); err != nil {
			return fmt.Errorf("%w: digest %s: stored body does not decode: %v", ErrInvalid, id, err)
		}
		dv = rec.Version
		if dg.Status != NotificationPending || dg.NextAttempt.After(r.now) {
			// The day's digest is sent, given up, or held by another
			// dispatcher: the items it does not carry wait for the next.
			for _, k := range g.keys {
				if !slices.Contains(dg.Items, k) || dg.Status == NotificationPending {
					d.leave(r, DispatchItem{Key: k, Channel: ChannelEmail, To: g.person.ID, Contact: addr}, "the day's digest is "+string(dg.Status)+"; the next digest carries it")
				}
			}
			return nil
		}
	}
	if dv != 0 {
		for _, k := range g.keys {
			if !slices.Contains(dg.Items, k) {
				d.leave(r, DispatchItem{Key: k, Channel: ChannelEmail, To: g.person.ID, Contact: addr}, "the day's digest was fixed before it came; the next digest carries it")
			}
		}
	}
	// Read the items it carries, render each subject; an item that
	// cannot be rendered fails alone.
	recs, err := d.store.GetMany(ctx, NotificationKind, dg.Items)
	if err != nil {
		return fmt.Errorf("dispatch: read the items of digest %s: %w", id, err)
	}
	var items []digestItem
	for _, rec := range recs {
		var n Notification
		if err := json.Unmarshal(rec.Body, &n); err != nil || n.Status != NotificationPending {
			continue
		}
		it := DispatchItem{Key: rec.ID, Kind: n.Kind, About: n.About, Due: n.Due, Channel: ChannelEmail, To: g.person.ID, Contact: addr}
		k, ok := LookupNoticeKind(n.Kind)
		if !ok {
			if err := d.close(ctx, r, it, n, rec.Version, NotificationFailed, fmt.Sprintf("notification kind %q is not registered", n.Kind)); err != nil {
				return err
			}
			continue
		}
		subject, _, _, err := d.render(k, n, g.lang, addr.Name)
		if err != nil {
			if err := d.close(ctx, r, it, n, rec.Version, NotificationFailed, scrub(err.Error(), addr)); err != nil {
				return err
			}
			continue
		}
		items = append(items, digestItem{it: it, n: n, v: rec.Version, subject: subject})
	}
	if len(items) == 0 {
		return nil
	}
	if r.dry {
		for _, di := range items {
			di.it.Outcome = OutcomeDigest
			r.plan = append(r.plan, di.it)
			r.res.note(di.it)
		}
		r.res.Digests++
		return nil
	}
	// Claim the digest and all its items in one batch: of two
	// dispatchers only one gets the whole set.
	dg.Items = dg.Items[:0:0]
	for _, di := range items {
		dg.Items = append(dg.Items, di.it.Key)
	}
	dg.Attempts++
	dg.NextAttempt = r.now.Add(d.o.Lease).UTC()
	b := d.store.Begin(d.o.Actor, "notification.digest.claim", "digest "+id).At(d.o.Now())
	d.putDigest(b, id, dg, dv, dg.NextAttempt)
	for i := range items {
		items[i].n.Attempts++
		items[i].n.NextAttempt = dg.NextAttempt
		items[i].n.Via = id
		d.putItem(b, items[i].it.Key, items[i].n, items[i].v, dg.NextAttempt)
	}
	vs, err := b.Commit(ctx)
	if errors.Is(err, ErrConflict) {
		d.o.Logger.Debug("digest taken by another dispatcher", "key", id)
		return nil
	}
	if err != nil {
		return fmt.Errorf("dispatch: claim digest %s: %w", id, err)
	}
	dv = vs[0]
	for i := range items {
		items[i].v = vs[i+1]
	}
	msg := driver.Message{ID: id, Kind: "relaciona.digest", To: addr, Lang: string(g.lang),
		Subject: g.lang.Tf("Resumen del %s: %d avisos", "Digest of %s: %d notices", longDate(dg.Date, g.lang), len(items)),
		Data:    map[string]string{"date": dg.Date, "count": fmt.Sprint(len(items))}}
	var body strings.Builder
	body.WriteString(g.lang.Tf("Avisos del %s:\n\n", "Notices of %s:\n\n", longDate(dg.Date, g.lang)))
	for _, di := range items {
		fmt.Fprintf(&body, "- %s (%s)\n", di.subject, di.n.About.ID)
	}
	msg.Body = body.String()
	err = ch.Send(ctx, msg)
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("dispatch: stopped while sending digest %s: %w", id, ctx.Err())
	}
	now := d.o.Now()
	outcome, t := OutcomeDigest, now
	switch {
	case err == nil:
		dg.Status, dg.SentAt, dg.NextAttempt, dg.LastError = NotificationSent, now.UTC(), time.Time{}, ""
	case errors.Is(err, ErrInvalid) || dg.Attempts >= d.o.MaxAttempts:
		dg.Status, dg.NextAttempt, dg.LastError = NotificationFailed, time.Time{}, scrub(err.Error(), addr)
		if !errors.Is(err, ErrInvalid) {
			dg.LastError = fmt.Sprintf("gave up after %d attempts: %s", dg.Attempts, dg.LastError)
		}
		outcome = OutcomeFailed
	default:
		dg.NextAttempt, dg.LastError = now.Add(d.backoff(dg.Attempts)).UTC(), scrub(err.Error(), addr)
		outcome, t = OutcomeRetrying, dg.NextAttempt
	}
	b = d.store.Begin(d.o.Actor, "notification.digest."+string(outcome), "digest "+id).At(now)
	d.putDigest(b, id, dg, dv, t)
	for i := range items {
		n := &items[i].n
		switch outcome {
		case OutcomeDigest:
			n.Status, n.SentAt, n.ClosedAt, n.NextAttempt, n.LastError = NotificationSent, now.UTC(), now.UTC(), time.Time{}, ""
		case OutcomeFailed:
			n.Status, n.ClosedAt, n.NextAttempt, n.LastError = NotificationFailed, now.UTC(), time.Time{}, dg.LastError
		default:
			n.NextAttempt, n.LastError = dg.NextAttempt, dg.LastError
		}
		d.putItem(b, items[i].it.Key, *n, items[i].v, t)
		items[i].it.Outcome = outcome
		if outcome != OutcomeDigest {
			items[i].it.Reason = dg.LastError
		}
	}
	if _, err := b.Commit(ctx); err != nil {
		if !errors.Is(err, ErrConflict) {
			return fmt.Errorf("dispatch: record digest %s: %w", id, err)
		}
		d.o.Logger.Warn("lease ran out before the digest's outcome was recorded", "key", id)
	}
	if outcome == OutcomeDigest {
		r.res.Digests++
	}
	d.o.Logger.Info("digest "+string(outcome), "key", id, "items", len(items))
	for _, di := range items {
		r.res.note(di.it)
	}
	return nil
}

func (d *Dispatcher) putDigest(b *Batch, id string, dg digest, expect int64, t time.Time) {
	body, err := json.Marshal(dg)
	if err != nil {
		b.Fail(fmt.Errorf("%w: encode digest %s: %v", ErrInvalid, id, err))
		return
	}
	b.Put(Record{Kind: DigestKind, ID: id, Attrs: map[string]string{"status": string(dg.Status), "person": dg.Person},
		Time: t, Body: body}, expect)
}

func (d *Dispatcher) putItem(b *Batch, key string, n Notification, expect int64, t time.Time) {
	body, err := json.Marshal(n)
	if err != nil {
		b.Fail(fmt.Errorf("%w: encode notification %s: %v", ErrInvalid, key, err))
		return
	}
	b.Put(Record{Kind: NotificationKind, ID: key, Attrs: notificationAttrs(n), Time: t, Body: body}, expect)
}

// unsentDigest returns the ID of a digest other than today's that one of
// g's items was claimed by (Notification.Via) and that is still pending,
// or "".
func (d *Dispatcher) unsentDigest(ctx context.Context, g *digestGroup, today string) (string, error) {
	recs, err := d.store.GetMany(ctx, NotificationKind, g.keys)
	if err != nil {
		return "", fmt.Errorf("dispatch: read the items of %s's digest: %w", g.person.ID, err)
	}
	seen := map[string]bool{today: true}
	for _, rec := range recs {
		var n Notification
		if json.Unmarshal(rec.Body, &n) != nil || n.Status != NotificationPending || !strings.HasPrefix(n.Via, "digest:") || seen[n.Via] {
			continue
		}
		seen[n.Via] = true
		dr, err := d.store.Get(ctx, DigestKind, n.Via)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("dispatch: read digest %s: %w", n.Via, err)
		}
		var dg digest
		if json.Unmarshal(dr.Body, &dg) == nil && dg.Status == NotificationPending && dg.Person == g.person.ID {
			return n.Via, nil
		}
	}
	return "", nil
}
