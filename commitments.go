package relaciona

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// CommitmentKind is the record kind of the commitments register: the one
// place the commitments of all four processes live (issue 18 item 1).
const CommitmentKind = "relaciona.commitment"

// CommitmentClaim is the uniqueness rule "one commitment per source record
// and key": its claim key is Source.Kind/Source.ID#Key.
const CommitmentClaim = "relaciona.commitment.source"

// NoticeCommitmentOverdue is the one notification kind of an overdue
// commitment, whatever process made it: written to the commitment's owner
// and the person directly above them in the directory, once per
// commitment and due date (Commitments.NotifyOverdue).
const NoticeCommitmentOverdue = "relaciona.commitment.overdue"

// CommitmentStatus is where a commitment stands in its life:
//
//	open ──Deliver──▶ delivered ──Confirm (the other party)──▶ confirmed
//	  │                   │
//	  └──────CloseUnconfirmed (our owner, with a reason)──────▶ unconfirmed
//
// Only the other party makes a commitment confirmed; when their
// confirmation does not come, our owner closes it as unconfirmed and says
// why. Confirmed and unconfirmed are final.
type CommitmentStatus string

// The commitment statuses.
const (
	CommitmentOpen        CommitmentStatus = "open"
	CommitmentDelivered   CommitmentStatus = "delivered"
	CommitmentConfirmed   CommitmentStatus = "confirmed"
	CommitmentUnconfirmed CommitmentStatus = "unconfirmed"
)

// Closed reports whether the status is final (confirmed or unconfirmed).
func (s CommitmentStatus) Closed() bool {
	return s == CommitmentConfirmed || s == CommitmentUnconfirmed
}

// Label is the status as a reader says it.
func (s CommitmentStatus) Label(l Lang) string {
	switch s {
	case CommitmentOpen:
		return l.T("abierto", "open")
	case CommitmentDelivered:
		return l.T("entregado, espera confirmación", "delivered, awaiting confirmation")
	case CommitmentConfirmed:
		return l.T("confirmado", "confirmed")
	case CommitmentUnconfirmed:
		return l.T("cerrado sin confirmar", "closed unconfirmed")
	}
	return string(s)
}

// OurParty is our side of a commitment: the person who owns it (a
// directory person id: the overdue notice reaches them and the person
// above them) and, optionally, the unit (dependency, division) it is
// owned by.
type OurParty struct {
	Owner string `json:"owner"`
	Unit  string `json:"unit,omitempty"`
}

// OtherParty is who the commitment is made to: a kind ("client",
// "partner", "stakeholder", "value_group"), the id of that party in its
// process, a name for reports, and the directory person ids who may
// confirm for it. Only they make the commitment confirmed.
type OtherParty struct {
	Kind       string   `json:"kind"`
	ID         string   `json:"id" personal:"subject"`
	Name       string   `json:"name,omitempty" personal:"true"`
	Confirmers []string `json:"confirmers" personal:"true"`
}

// String is "kind/id".
func (p OtherParty) String() string { return p.Kind + "/" + p.ID }

// CommitmentSource is the record that made a commitment: its process
// ("satisfaction"), record kind ("satisfaction.action") and id.
type CommitmentSource struct {
	Process string `json:"process"`
	Kind    string `json:"kind"`
	ID      string `json:"id"`
}

// Ref is the source record.
func (s CommitmentSource) Ref() Ref { return Ref{Kind: s.Kind, ID: s.ID} }

// Evidence is what shows a commitment was delivered: a note on what was
// done, and optionally the result it gave and a link to a document.
type Evidence struct {
	Note   string `json:"note"`
	Result string `json:"result,omitempty"`
	Link   string `json:"link,omitempty"`
}

// CommitmentEvent is one step of a commitment's history: made, followed
// up, delivered, confirmed, closed unconfirmed. Date is the day the step
// took place (as the actor gives it); At the time it was recorded.
type CommitmentEvent struct {
	Step string    `json:"step"`
	Date time.Time `json:"date"`
	At   time.Time `json:"at,omitzero"`
	By   string    `json:"by"`
	Note string    `json:"note,omitempty" personal:"true"`
}

// The steps of a commitment's history.
const (
	StepMade        = "made"
	StepFollowUp    = "follow_up"
	StepDelivered   = "delivered"
	StepConfirmed   = "confirmed"
	StepUnconfirmed = "unconfirmed"
)

// Commitment is one entry of the commitments register: who owes what to
// whom by when, which record made it, where it stands, the evidence of
// its delivery and its history. Dates (Due, DeliveredOn, ClosedOn) are
// days: midnight UTC.
//
// The seeds make commitments in all four processes: agreements
// negotiated at SFIA level 6 (seed 000), the agreements of a PS54
// alliance with a partner (seed 001), the commitments of the Agesic work
// meetings, with owners, closed when the client confirms (seed 003
// §5, §6.6), and those of MIPG participation and accountability spaces
// (seed 002, activity 3).
type Commitment struct {
	ID     string           `json:"id"`
	Key    string           `json:"key"`
	Source CommitmentSource `json:"source"`
	Ours   OurParty         `json:"ours"`
	Theirs OtherParty       `json:"theirs"`
	// What is free text that can name people: personal data.
	What   string           `json:"what" personal:"true"`
	Due    time.Time        `json:"due"`
	Status CommitmentStatus `json:"status"`
	// Evidence is what the owner showed when delivering.
	Evidence    []Evidence `json:"evidence,omitempty"`
	DeliveredOn time.Time  `json:"delivered_on,omitzero"`
	ClosedOn    time.Time  `json:"closed_on,omitzero"`
	// ConfirmedBy is the directory id of the person who confirmed for
	// the other party.
	ConfirmedBy string `json:"confirmed_by,omitempty" personal:"true"`
	// Reason is why it was closed unconfirmed.
	Reason string `json:"reason,omitempty"`
	// OverdueNotified is the due date whose overdue notice was written
	// (NotifyOverdue); zero until then.
	OverdueNotified time.Time         `json:"overdue_notified,omitzero"`
	History         []CommitmentEvent `json:"history"`
	// Extra keeps what the process that made it needs besides (the
	// improvement action and term of satisfaction, the space of citizen).
	Extra map[string]string `json:"extra,omitempty"`
	// Index are further attributes the process indexes the record by
	// ("client"), besides the register's own; they never override those.
	Index map[string]string `json:"index,omitempty"`
}

// Overdue reports whether the commitment is past its due date on day and
// not yet delivered.
func (c Commitment) Overdue(day time.Time) bool {
	return c.Status == CommitmentOpen && !c.Due.IsZero() && c.Due.Before(Day(day))
}

// Ref is the commitment's record.
func (c Commitment) Ref() Ref { return Ref{Kind: CommitmentKind, ID: c.ID} }

// Day is t's date as a day: midnight UTC of t's year, month and day.
func Day(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// CommitmentID is the id of the commitment process made under key: key is
// unique within the process ("asamblea/1", an action's commitment id).
func CommitmentID(process, key string) string { return process + ":" + key }

// NewCommitment is what Commitments.Add takes.
type NewCommitment struct {
	// Key names the commitment within its process; with Source it is
	// unique (the register claims Source.Kind/Source.ID#Key).
	Key    string
	Source CommitmentSource
	Ours   OurParty
	Theirs OtherParty
	What   string
	Due    time.Time
	// Date is the day it was made (default: Due's batch time).
	Date  time.Time
	Extra map[string]string
	// Index are attributes to index the record by besides the register's
	// (see Commitment.Index); ids, never personal data.
	Index map[string]string
}

// Commitments is the commitments register on a store, with the directory
// that says who owns a commitment, who stands above them and who may
// confirm for the other party. Its rules, the same for all four
// processes:
//
//   - A commitment is made inside the caller's batch (Add), in the same
//     transaction as the record that made it, once per source and key (a
//     uniqueness claim).
//   - It has an owner the directory lists, a due date, something owed
//     and another party with at least one confirmer the directory lists.
//   - Delivering it takes evidence; only a confirmer of the other party,
//     as the directory knows them, confirms it (anyone else gets a
//     *ForbiddenError and nothing changes); our owner may close it as
//     unconfirmed, with a reason.
//   - Every change expects the version it read: of two confirmations at
//     once one wins and the other fails with ErrConflict.
//   - NotifyOverdue, which each process's Run calls for its own
//     commitments, writes one NoticeCommitmentOverdue per commitment and
//     due date to the owner and the person above them.
type Commitments struct {
	s   *Store
	dir *Directory
	col *Collection[Commitment]
}

// NewCommitments returns the register on s, deciding people through dir.
func NewCommitments(s *Store, dir *Directory) *Commitments {
	return &Commitments{s: s, dir: dir, col: NewCollection(s, CommitmentKind, CommitmentRecordKey)}
}

// CommitmentRecordKey is how the register stores a commitment: indexed by
// process, status, owner, other party ("kind/id"), source ("kind/id") and
// its Index; its Time is the due date, so the overdue scan is a range. A
// process's view of the register (a Collection over CommitmentKind) keys
// its writes with it, so they index as the register's do.
func CommitmentRecordKey(c *Commitment) Key {
	a := make(map[string]string, 5+len(c.Index))
	for k, v := range c.Index {
		a[k] = v
	}
	a["process"] = c.Source.Process
	a["status"] = string(c.Status)
	a["owner"] = c.Ours.Owner
	a["party"] = c.Theirs.String()
	a["source"] = c.Source.Ref().String()
	return Key{ID: c.ID, Time: c.Due, Attrs: a}
}

// Collection is the register's typed collection, for scans a view needs.
func (r *Commitments) Collection() *Collection[Commitment] { return r.col }

// Get returns the commitment id and its version, or an error wrapping
// ErrNotFound.
func (r *Commitments) Get(ctx context.Context, id string) (Commitment, int64, error) {
	d, err := r.col.Get(ctx, id)
	if err != nil {
		return Commitment{}, 0, err
	}
	return d.Value, d.Version, nil
}

// CommitmentFilter selects commitments in List: by process, status,
// owner, other party ("kind/id") or source record ("kind/id"); empty
// fields select all.
type CommitmentFilter struct {
	Process string
	Status  CommitmentStatus
	Owner   string
	Party   string
	Source  string
}

func (f CommitmentFilter) filter() Filter {
	a := map[string]string{}
	for k, v := range map[string]string{"process": f.Process, "status": string(f.Status), "owner": f.Owner, "party": f.Party, "source": f.Source} {
		if v != "" {
			a[k] = v
		}
	}
	return Filter{Attrs: a}
}

// List returns the commitments f selects, by due date.
func (r *Commitments) List(ctx context.Context, f CommitmentFilter) ([]Commitment, error) {
	var out []Commitment
	for d, err := range r.col.Scan(ctx, f.filter()) {
		if err != nil {
			return nil, err
		}
		out = append(out, d.Value)
	}
	return out, nil
}

// person checks that id is a person of the directory; field names it in
// the error.
func (r *Commitments) person(ctx context.Context, field, id string) error {
	if strings.TrimSpace(id) == "" {
		return Invalid(field, "a directory person id is required")
	}
	if _, err := r.dir.Person(ctx, id); errors.Is(err, ErrNotFound) {
		return Invalid(field, "person %q is not in the directory", id)
	} else if err != nil {
		return err
	}
	return nil
}

// Add makes a commitment in b, the caller's batch, so that it is written
// with the record that made it or not at all, and returns it. It checks
// the commitment (a key, a complete source, something owed, a due date,
// an owner and confirmers the directory lists, a party) and claims its
// source and key: a second commitment of the same source and key makes
// the batch fail with a *ClaimError. The batch's actor is recorded as
// who made it; date is the day it was made.
func (r *Commitments) Add(ctx context.Context, b *Batch, n NewCommitment) (Commitment, error) {
	c, err := r.add(ctx, b, n)
	if err != nil {
		return failed(b, err)
	}
	return c, nil
}

func (r *Commitments) add(ctx context.Context, b *Batch, n NewCommitment) (Commitment, error) {
	switch {
	case strings.TrimSpace(n.Key) == "":
		return Commitment{}, Invalid("commitment.key", "a commitment needs a key, unique for its source")
	case n.Source.Process == "" || n.Source.Kind == "" || n.Source.ID == "":
		return Commitment{}, Invalid("commitment.source", "a commitment needs the process, kind and id of the record that made it")
	case strings.TrimSpace(n.What) == "":
		return Commitment{}, Invalid("commitment.what", "a commitment needs what is owed")
	case n.Due.IsZero():
		return Commitment{}, Invalid("commitment.due", "commitment %q needs a due date", n.Key)
	case n.Theirs.Kind == "" || n.Theirs.ID == "":
		return Commitment{}, Invalid("commitment.theirs", "commitment %q needs the other party (kind and id)", n.Key)
	case len(n.Theirs.Confirmers) == 0:
		return Commitment{}, Invalid("commitment.theirs.confirmers", "commitment %q needs at least one person who may confirm for %s", n.Key, n.Theirs)
	}
	if err := r.person(ctx, "commitment.ours.owner", n.Ours.Owner); err != nil {
		return Commitment{}, err
	}
	for i, id := range n.Theirs.Confirmers {
		field := fmt.Sprintf("commitment.theirs.confirmers[%d]", i)
		if err := r.person(ctx, field, id); err != nil {
			return Commitment{}, err
		}
		if id == n.Ours.Owner {
			return Commitment{}, Invalid(field, "the owner %q cannot confirm their own commitment: a confirmer speaks for %s", id, n.Theirs)
		}
	}
	date := Day(n.Date)
	if date.IsZero() {
		date = Day(b.time())
	}
	c := Commitment{
		ID: CommitmentID(n.Source.Process, n.Key), Key: n.Key, Source: n.Source, Ours: n.Ours, What: n.What,
		Theirs: n.Theirs, Due: Day(n.Due), Status: CommitmentOpen,
		History: []CommitmentEvent{{Step: StepMade, Date: date, At: b.time(), By: b.actor.ID}},
	}
	c.Theirs.Confirmers = slices.Clone(n.Theirs.Confirmers)
	c.Extra, c.Index = cloneMap(n.Extra), cloneMap(n.Index)
	r.col.Put(b, &c, 0)
	b.Claim(CommitmentClaim, n.Source.Ref().String()+"#"+n.Key, c.Ref())
	return c, nil
}

func cloneMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// time is the batch's time: the one At set, else the store's clock.
func (b *Batch) time() time.Time {
	if !b.at.IsZero() {
		return b.at
	}
	return b.s.now()
}

// change reads commitment id, lets fn change it, and adds the write to b
// expecting the version read: a concurrent change makes b's commit fail
// with ErrConflict.
func (r *Commitments) change(ctx context.Context, b *Batch, id string, fn func(c *Commitment) error) (Commitment, error) {
	d, err := r.col.Get(ctx, id)
	if err != nil {
		return failed(b, err)
	}
	c := d.Value
	if err := fn(&c); err != nil {
		return failed(b, err)
	}
	r.col.Put(b, &c, d.Version)
	return c, nil
}

// FollowUp adds a follow-up note of date to an open or delivered
// commitment, in b. The batch's actor must be in the directory.
func (r *Commitments) FollowUp(ctx context.Context, b *Batch, id, note string, date time.Time) (Commitment, error) {
	if err := r.listed(ctx, b, "follow up commitment "+id); err != nil {
		return failed(b, err)
	}
	if strings.TrimSpace(note) == "" {
		return failed(b, Invalid("note", "a follow-up needs a note"))
	}
	if date.IsZero() {
		return failed(b, Invalid("date", "a follow-up needs a date"))
	}
	return r.change(ctx, b, id, func(c *Commitment) error {
		if c.Status.Closed() {
			return Invalid("status", "commitment %s is %s: it takes no more follow-ups", id, c.Status)
		}
		c.History = append(c.History, CommitmentEvent{Step: StepFollowUp, Date: Day(date), At: b.time(), By: b.actor.ID, Note: note})
		return nil
	})
}

// listed checks, in the directory, that the batch's actor is a person it
// lists: a *ForbiddenError for action when not.
func (r *Commitments) listed(ctx context.Context, b *Batch, action string) error {
	if _, err := r.dir.Person(ctx, b.actor.ID); err != nil {
		if errors.Is(err, ErrNotFound) {
			return &ForbiddenError{ActorID: b.actor.ID, Action: action, NotListed: true}
		}
		return err
	}
	return nil
}

// failed fails b with err, so that nothing of it is written, and returns
// err.
func failed(b *Batch, err error) (Commitment, error) {
	b.Fail(err)
	return Commitment{}, err
}

// Deliver records an open commitment as delivered on date, with its
// evidence (a note or a link is required), in b: it then awaits the other
// party's confirmation. The batch's actor must be in the directory; the
// process that calls it decides who else besides the owner may deliver.
func (r *Commitments) Deliver(ctx context.Context, b *Batch, id string, ev Evidence, date time.Time) (Commitment, error) {
	if err := r.listed(ctx, b, "deliver commitment "+id); err != nil {
		return failed(b, err)
	}
	if strings.TrimSpace(ev.Note) == "" && strings.TrimSpace(ev.Result) == "" && strings.TrimSpace(ev.Link) == "" {
		return failed(b, Invalid("evidence", "delivering commitment %s needs evidence: a note, a result or a link", id))
	}
	if date.IsZero() {
		return failed(b, Invalid("date", "the delivery date is required"))
	}
	return r.change(ctx, b, id, func(c *Commitment) error {
		if c.Status != CommitmentOpen {
			return Invalid("status", "commitment %s is %s, not open", id, c.Status)
		}
		c.Status, c.DeliveredOn = CommitmentDelivered, Day(date)
		c.Evidence = append(c.Evidence, ev)
		c.History = append(c.History, CommitmentEvent{Step: StepDelivered, Date: Day(date), At: b.time(), By: b.actor.ID, Note: ev.Note})
		return nil
	})
}

// Confirm records the other party's confirmation of a delivered
// commitment on date, which closes it, in b. The batch's actor must be,
// as the directory knows them, one of the other party's confirmers:
// anyone else (our own staff included) gets a *ForbiddenError and b is
// failed, so nothing is written. The date cannot be before the delivery.
func (r *Commitments) Confirm(ctx context.Context, b *Batch, id, note string, date time.Time) (Commitment, error) {
	fail := func(err error) (Commitment, error) { return failed(b, err) }
	d, err := r.col.Get(ctx, id)
	if err != nil {
		return fail(err)
	}
	c := d.Value
	// The directory decides: the actor must be listed, and be a
	// confirmer of the other party. What the Actor carries is not read.
	if err := r.listed(ctx, b, "confirm commitment "+id); err != nil {
		return fail(err)
	}
	if !slices.Contains(c.Theirs.Confirmers, b.actor.ID) {
		return fail(&ForbiddenError{ActorID: b.actor.ID, Action: "confirm commitment " + id,
			NeedRoles: []string{"confirmer of " + c.Theirs.String()}, Checked: true})
	}
	if c.Status != CommitmentDelivered {
		return fail(Invalid("status", "commitment %s is %s: the other party confirms a delivered commitment", id, c.Status))
	}
	if date.IsZero() || Day(date).Before(c.DeliveredOn) {
		return fail(Invalid("date", "the confirmation date is required and cannot be before the delivery (%s)", c.DeliveredOn.Format(time.DateOnly)))
	}
	c.Status, c.ClosedOn, c.ConfirmedBy = CommitmentConfirmed, Day(date), b.actor.ID
	c.History = append(c.History, CommitmentEvent{Step: StepConfirmed, Date: Day(date), At: b.time(), By: b.actor.ID, Note: note})
	r.col.Put(b, &c, d.Version)
	return c, nil
}

// CloseUnconfirmed closes an open or delivered commitment without the
// other party's confirmation, on date, with the reason (required), in b.
// Only our owner may: anyone else gets a *ForbiddenError and b is failed.
func (r *Commitments) CloseUnconfirmed(ctx context.Context, b *Batch, id, reason string, date time.Time) (Commitment, error) {
	fail := func(err error) (Commitment, error) { return failed(b, err) }
	if strings.TrimSpace(reason) == "" {
		return fail(Invalid("reason", "closing commitment %s without the other party's confirmation needs a reason", id))
	}
	if date.IsZero() {
		return fail(Invalid("date", "the closing date is required"))
	}
	d, err := r.col.Get(ctx, id)
	if err != nil {
		return fail(err)
	}
	c := d.Value
	if err := r.listed(ctx, b, "close commitment "+id+" unconfirmed"); err != nil {
		return fail(err)
	}
	if b.actor.ID != c.Ours.Owner {
		return fail(&ForbiddenError{ActorID: b.actor.ID, Action: "close commitment " + id + " unconfirmed",
			NeedRoles: []string{"owner of the commitment (" + c.Ours.Owner + ")"}, Checked: true})
	}
	if c.Status.Closed() {
		return fail(Invalid("status", "commitment %s is %s already", id, c.Status))
	}
	c.Status, c.ClosedOn, c.Reason = CommitmentUnconfirmed, Day(date), reason
	c.History = append(c.History, CommitmentEvent{Step: StepUnconfirmed, Date: Day(date), At: b.time(), By: b.actor.ID, Note: reason})
	r.col.Put(b, &c, d.Version)
	return c, nil
}

// Do runs one register step as actor in its own batch (action, reason for
// the audit log) and commits it: the convenience for a caller that writes
// nothing else with it. A stale read fails with ErrConflict; it is not
// retried, so of two confirmations at once the second gets ErrConflict.
func (r *Commitments) Do(ctx context.Context, actor Actor, action, reason string, at time.Time, step func(b *Batch) (Commitment, error)) (Commitment, error) {
	b := r.s.Begin(actor, action, reason)
	if !at.IsZero() {
		b.At(at)
	}
	c, err := step(b)
	if err != nil {
		return Commitment{}, err
	}
	if _, err := b.Commit(ctx); err != nil {
		return Commitment{}, err
	}
	return c, nil
}

// NotifyOverdue writes, for each open commitment of process past its due
// date on day, one NoticeCommitmentOverdue to its owner and to the person
// directly above the owner (Directory.Manager, when there is one), and
// marks the commitment notified for its due date, all in one batch per
// commitment made by actor (the scheduled job). A later run, or a second
// process's run, finds it marked and writes nothing; a commitment whose
// due date moved is notified again for the new date. Each process's Run
// calls it for its own commitments. It returns the commitments it
// notified, as written. A commitment changed meanwhile is left to the
// next run.
func (r *Commitments) NotifyOverdue(ctx context.Context, actor Actor, process string, day time.Time) ([]Commitment, error) {
	day = Day(day)
	if day.IsZero() {
		return nil, Invalid("date", "the run's date is required")
	}
	f := Filter{Attrs: map[string]string{"status": string(CommitmentOpen)}, To: day}
	if process != "" {
		f.Attrs["process"] = process
	}
	var due []Doc[Commitment]
	for d, err := range r.col.Scan(ctx, f) {
		if err != nil {
			return nil, err
		}
		if c := d.Value; c.Overdue(day) && !c.OverdueNotified.Equal(c.Due) {
			due = append(due, d)
		}
	}
	var done []Commitment
	for _, d := range due {
		c := d.Value
		to := []string{c.Ours.Owner}
		if m, err := r.dir.Manager(ctx, c.Ours.Owner); err == nil {
			to = append(to, m.ID)
		} else if !errors.Is(err, ErrNotFound) {
			return done, err
		}
		b := r.s.Begin(actor, "commitment.overdue", "commitment past its due date").At(day)
		c.OverdueNotified = c.Due
		r.col.Put(b, &c, d.Version)
		for _, id := range to {
			lang := Lang("")
			if p, err := r.dir.Person(ctx, id); err == nil {
				lang = Lang(p.Lang)
			}
			b.Notify(Notification{Kind: NoticeCommitmentOverdue, Process: c.Source.Process, About: c.Ref(),
				Due: c.Due.Format(time.DateOnly), To: Recipient{Person: id}, Lang: lang, Fields: map[string]string{
					"commitment": c.ID, "what": c.What, "owner": c.Ours.Owner, "party": c.Theirs.String(),
					"source": c.Source.Ref().String(),
				}})
		}
		if _, err := b.Commit(ctx); errors.Is(err, ErrConflict) {
			continue
		} else if err != nil {
			return done, err
		}
		done = append(done, c)
	}
	return done, nil
}
