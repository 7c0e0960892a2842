package relaciona_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
)

// A process's stored shapes, as the subject API sees them.
type subContact struct {
	Name  string `json:"name" personal:"true"`
	Email string `json:"email" personal:"key"`
}

type subCase struct {
	ID       string       `json:"id"`
	Citizen  string       `json:"citizen,omitempty" personal:"subject"`
	Name     string       `json:"name,omitempty" personal:"true"`
	Email    string       `json:"email,omitempty" personal:"key"`
	Text     string       `json:"text,omitempty" personal:"true"`
	Open     bool         `json:"open"`
	Due      string       `json:"due,omitempty"`
	Ticket   string       `json:"ticket,omitempty"`
	Contacts []subContact `json:"contacts,omitempty"`
	Org      string       `json:"org,omitempty" personal:"no"`
}

type subNote struct {
	Case string `json:"case"`
	Text string `json:"text" personal:"true"`
}

const kindCase, kindNote = "test.case", "test.note"

func subjectKinds() []relaciona.PersonalKind {
	return []relaciona.PersonalKind{
		{Process: "test", Kind: kindCase, New: func() any { return &subCase{} },
			Refs: func(v any) []string {
				c := v.(*subCase)
				return []string{relaciona.RecordRef(kindCase, c.ID), relaciona.TicketRef(c.Ticket)}
			},
			Hold: func(v any, today string) (relaciona.SubjectHold, bool) {
				c := v.(*subCase)
				if c.Open && c.Due >= today {
					return relaciona.SubjectHold{What: "PQRSD " + c.ID, Due: c.Due}, true
				}
				return relaciona.SubjectHold{}, false
			}},
		{Process: "test", Kind: kindNote, New: func() any { return &subNote{} },
			LinkedBy: func(v any) []string { return []string{relaciona.RecordRef(kindCase, v.(*subNote).Case)} }},
	}
}

type subjectFixture struct {
	ctx   context.Context
	store *relaciona.Store
	subj  *relaciona.Subjects
	dpo   relaciona.Actor
	clerk relaciona.Actor
	today time.Time
}

func newSubjectFixture(t testing.TB, retention ...relaciona.Retention) *subjectFixture {
	t.Helper()
	ctx := context.Background()
	store := openStoreFile(t, ":memory:")
	dir, err := relaciona.NewRoster(
		relaciona.Person{ID: "dpo", Name: "Oficial de datos", Roles: []driver.Role{{Name: relaciona.RoleDataProtection}}},
		relaciona.Person{ID: "clerk", Name: "Funcionario", Roles: []driver.Role{{Name: "clerk"}}},
	)
	require.NoError(t, err)
	f := &subjectFixture{ctx: ctx, store: store, subj: relaciona.NewSubjects(store, dir, subjectKinds(), retention),
		dpo: relaciona.Actor{ID: "dpo"}, clerk: relaciona.Actor{ID: "clerk", Roles: []string{relaciona.RoleDataProtection}},
		today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	return f
}

func (f *subjectFixture) put(t *testing.T, kind, id string, at time.Time, v any) {
	t.Helper()
	body, err := json.Marshal(v)
	require.NoError(t, err)
	err = f.store.Update(f.ctx, relaciona.SystemActor(), "test.write", "fixture", 1, func(b *relaciona.Batch) error {
		old, err := f.store.Get(f.ctx, kind, id)
		expect := old.Version
		if errors.Is(err, relaciona.ErrNotFound) {
			expect = 0
		} else if err != nil {
			return err
		}
		b.Put(relaciona.Record{Kind: kind, ID: id, Time: at, Attrs: map[string]string{"a": "b"}, Body: body}, expect)
		return nil
	})
	require.NoError(t, err)
}

func (f *subjectFixture) get(t *testing.T, kind, id string, v any) relaciona.Record {
	t.Helper()
	r, err := f.store.Get(f.ctx, kind, id)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(r.Body, v))
	return r
}

// verified checks that the audit chain and every record still verify.
func (f *subjectFixture) verified(t *testing.T) {
	t.Helper()
	_, err := f.store.VerifyAudit(f.ctx)
	require.NoError(t, err)
	_, err = f.store.VerifyRecords(f.ctx)
	require.NoError(t, err)
}

func (f *subjectFixture) seed(t *testing.T) {
	t.Helper()
	filed := time.Date(2026, 5, 2, 10, 0, 0, 0, time.UTC)
	f.put(t, kindCase, "C1", filed, subCase{ID: "C1", Citizen: "cit-7", Name: "Carmen Ruiz", Email: "carmen@example.co", Text: "Mi vecino Luis", Due: "2026-05-20", Ticket: "T9"})
	f.put(t, kindCase, "C2", filed, subCase{ID: "C2", Email: "Carmen@Example.co ", Text: "Otra", Due: "2026-05-21"})
	f.put(t, kindCase, "C3", filed, subCase{ID: "C3", Citizen: "cit-8", Name: "Pedro Gil", Text: "De Pedro", Due: "2026-05-22"})
	f.put(t, kindCase, "ORG", filed, subCase{ID: "ORG", Org: "Fundación Sol", Contacts: []subContact{{Name: "Ana", Email: "ana@sol.org"}, {Name: "Carmen", Email: "carmen@example.co"}}})
	f.put(t, kindNote, "N1", filed, subNote{Case: "C1", Text: "Nota sobre Carmen"})
	f.put(t, kindNote, "N3", filed, subNote{Case: "C3", Text: "Nota sobre Pedro"})
	f.put(t, relaciona.NotificationKind, "n1", filed, map[string]any{"kind": "x.y", "process": "test", "about": map[string]string{"kind": kindCase, "id": "C1"},
		"to": map[string]string{"name": "Carmen Ruiz", "email": "carmen@example.co"}, "status": "sent"})
	f.put(t, relaciona.QuarantineKind, "citizen.tickets|T9", filed, relaciona.Quarantined{Source: "citizen.tickets", ItemID: "T9", Code: "invalid", Rule: "sin tipo"})
}

func TestSubjectExportGathersEveryRecordOfTheSubject(t *testing.T) {
	f := newSubjectFixture(t)
	f.seed(t)
	out, err := f.subj.Export(f.ctx, f.dpo, "carmen@example.co", f.today)
	require.NoError(t, err)
	var got []string
	for _, r := range out.Records {
		got = append(got, r.Kind+"/"+r.ID)
	}
	// By e-mail: C1 and C2 (another case, "Carmen@Example.co " as typed),
	// the organisation listing her as a contact, the note and notification
	// about C1, and the quarantined ticket C1 came from; not Pedro's.
	assert.ElementsMatch(t, []string{kindCase + "/C1", kindCase + "/C2", kindCase + "/ORG", kindNote + "/N1",
		relaciona.NotificationKind + "/n1", relaciona.QuarantineKind + "/citizen.tickets|T9"}, got)
	for _, r := range out.Records {
		if r.ID == "C1" {
			assert.Equal(t, []string{"email", "name", "text"}, r.Personal)
		}
	}
	byID, err := f.subj.Export(f.ctx, f.dpo, "cit-8", f.today)
	require.NoError(t, err)
	require.Len(t, byID.Records, 2, "by the opaque citizen id: C3 and its note")
}

func TestSubjectRequestRefusals(t *testing.T) {
	f := newSubjectFixture(t)
	f.seed(t)
	_, err := f.subj.Export(f.ctx, f.dpo, "nadie@example.co", f.today)
	require.ErrorIs(t, err, relaciona.ErrNotFound, "an unknown subject")
	assert.Contains(t, relaciona.ErrorText(err, relaciona.Spanish), "ningún registro nombra al titular")
	assert.NotContains(t, err.Error(), "nadie@", "the id, personal data, is not in a text that may be logged")
	_, err = f.subj.Erase(f.ctx, f.dpo, "nadie@example.co", "solicitud 1", f.today)
	require.ErrorIs(t, err, relaciona.ErrNotFound)
	// The clerk claims the role; the directory does not give it.
	_, err = f.subj.Export(f.ctx, f.clerk, "carmen@example.co", f.today)
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	_, err = f.subj.Erase(f.ctx, f.clerk, "carmen@example.co", "solicitud 1", f.today)
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	_, err = f.subj.Sweep(f.ctx, f.clerk, f.today)
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	_, err = f.subj.Erase(f.ctx, f.dpo, "carmen@example.co", " ", f.today)
	require.ErrorIs(t, err, relaciona.ErrInvalid, "an erasure needs a reason")
	_, err = f.subj.Erase(f.ctx, f.dpo, "", "solicitud 1", f.today)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	sum, err := f.store.VerifyAudit(f.ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 8, sum.Entries, "no refusal wrote anything")
}

// TestEraseRefusedWhileAPQRSDIsOpenInsideItsTerm: the erasure names the
// open request and its due date, and changes nothing.
func TestEraseRefusedWhileAPQRSDIsOpenInsideItsTerm(t *testing.T) {
	f := newSubjectFixture(t)
	f.seed(t)
	var c subCase
	f.get(t, kindCase, "C2", &c)
	c.Open, c.Due = true, "2026-06-15"
	f.put(t, kindCase, "C2", time.Date(2026, 5, 2, 10, 0, 0, 0, time.UTC), c)
	before, err := f.store.VerifyAudit(f.ctx)
	require.NoError(t, err)

	_, err = f.subj.Erase(f.ctx, f.dpo, "carmen@example.co", "solicitud 1", f.today)
	var he *relaciona.HoldError
	require.ErrorAs(t, err, &he)
	require.ErrorIs(t, err, relaciona.ErrConflict)
	assert.Equal(t, []relaciona.SubjectHold{{Process: "test", Kind: kindCase, ID: "C2", What: "PQRSD C2", Due: "2026-06-15"}}, he.Holds)
	assert.Contains(t, relaciona.ErrorText(err, relaciona.Spanish), "PQRSD C2 (vence el 2026-06-15)")
	assert.Contains(t, relaciona.ErrorText(err, relaciona.English), "PQRSD C2 (due 2026-06-15)")
	assert.NotContains(t, err.Error(), "carmen@")
	after, err := f.store.VerifyAudit(f.ctx)
	require.NoError(t, err)
	assert.Equal(t, before.Entries, after.Entries, "nothing written")
	var c1 subCase
	f.get(t, kindCase, "C1", &c1)
	assert.Equal(t, "Carmen Ruiz", c1.Name)

	// Past its due date the request no longer holds the erasure back.
	_, err = f.subj.Erase(f.ctx, f.dpo, "carmen@example.co", "solicitud 1", time.Date(2026, 6, 16, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
}

// TestEraseWritesNewVersionsAndTheAuditStillVerifies: an erasure clears
// the subject's personal data through audited writes, keeps the opaque
// ids and the other people's data, and leaves the audit chain and every
// record verifying.
func TestEraseWritesNewVersionsAndTheAuditStillVerifies(t *testing.T) {
	f := newSubjectFixture(t)
	f.seed(t)
	before, err := f.store.Get(f.ctx, kindCase, "C1")
	require.NoError(t, err)

	res, err := f.subj.Erase(f.ctx, f.dpo, "carmen@example.co", "solicitud SUP-2026-4", f.today)
	require.NoError(t, err)
	assert.Equal(t, 5, res.Records, "C1, C2, the organisation's contact, the note, the notification")
	f.verified(t)

	var c1 subCase
	after := f.get(t, kindCase, "C1", &c1)
	assert.Equal(t, before.Version+1, after.Version, "a new version, not an edit")
	assert.Equal(t, before.Time, after.Time)
	assert.Equal(t, before.Attrs, after.Attrs)
	assert.Equal(t, subCase{ID: "C1", Citizen: "cit-7", Due: "2026-05-20", Ticket: "T9"}, c1, "the opaque citizen id stays")
	assert.NotContains(t, string(after.Body), "Carmen")
	var org subCase
	f.get(t, kindCase, "ORG", &org)
	assert.Equal(t, []subContact{{Name: "Ana", Email: "ana@sol.org"}, {}}, org.Contacts, "only her entry of the list")
	assert.Equal(t, "Fundación Sol", org.Org)
	var n3 subNote
	f.get(t, kindNote, "N3", &n3)
	assert.Equal(t, "Nota sobre Pedro", n3.Text, "another subject's note is left alone")
	n, err := f.store.Get(f.ctx, relaciona.NotificationKind, "n1")
	require.NoError(t, err)
	assert.NotContains(t, string(n.Body), "carmen")

	var last relaciona.AuditEntry
	for e, err := range f.store.Audit(f.ctx, 1) {
		require.NoError(t, err)
		last = e
	}
	assert.Equal(t, relaciona.ActionSubjectErase, last.Action)
	assert.Equal(t, "dpo", last.Actor)
	assert.Equal(t, "solicitud SUP-2026-4", last.Reason)
	assert.Len(t, last.Changes, 5)

	// Found again by the opaque id only; erasing twice writes nothing.
	_, err = f.subj.Export(f.ctx, f.dpo, "carmen@example.co", f.today)
	require.ErrorIs(t, err, relaciona.ErrNotFound, "nothing names her e-mail any more")
	res, err = f.subj.Erase(f.ctx, f.dpo, "cit-7", "solicitud SUP-2026-4", f.today)
	require.NoError(t, err)
	assert.Zero(t, res.Records)
	f.verified(t)
}

// TestSweepAnonymisesPastRetentionAndKeepsWhatTheArchiveRuleKeeps.
func TestSweepAnonymisesPastRetentionAndKeepsWhatTheArchiveRuleKeeps(t *testing.T) {
	f := newSubjectFixture(t, relaciona.Retention{Kind: kindCase, Years: 2, Keep: []string{"text"}})
	old := time.Date(2023, 3, 1, 9, 0, 0, 0, time.UTC)
	recent := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	f.put(t, kindCase, "OLD", old, subCase{ID: "OLD", Citizen: "c1", Name: "Ana", Email: "ana@x.co", Text: "Texto público", Due: "2023-03-20"})
	f.put(t, kindCase, "HELD", old, subCase{ID: "HELD", Name: "Berta", Open: true, Due: "2026-07-01"})
	f.put(t, kindCase, "NEW", recent, subCase{ID: "NEW", Name: "Carla", Due: "2025-03-20"})
	f.put(t, kindNote, "N", old, subNote{Case: "OLD", Text: "nota"})

	res, err := f.subj.Sweep(f.ctx, relaciona.SystemActor(), f.today)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Records)
	assert.Equal(t, 1, res.Held)
	assert.Equal(t, map[string]int{"email": 1, "name": 1}, res.Fields)
	assert.Equal(t, map[string]int{"text": 1}, res.Kept)
	f.verified(t)
	var c subCase
	f.get(t, kindCase, "OLD", &c)
	assert.Equal(t, subCase{ID: "OLD", Citizen: "c1", Text: "Texto público", Due: "2023-03-20"}, c)
	f.get(t, kindCase, "HELD", &c)
	assert.Equal(t, "Berta", c.Name, "open inside its term")
	f.get(t, kindCase, "NEW", &c)
	assert.Equal(t, "Carla", c.Name, "retention not passed")
	var n subNote
	f.get(t, kindNote, "N", &n)
	assert.Equal(t, "nota", n.Text, "a kind without a retention rule is kept")

	again, err := f.subj.Sweep(f.ctx, f.dpo, f.today)
	require.NoError(t, err)
	assert.Zero(t, again.Records, "a second sweep finds nothing left")
	f.verified(t)
}

func TestSweepOfAKindNoProcessDeclaresIsRefused(t *testing.T) {
	f := newSubjectFixture(t, relaciona.Retention{Kind: "nadie.sabe", Years: 1})
	_, err := f.subj.Sweep(f.ctx, relaciona.SystemActor(), f.today)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
}

func TestSweepPagesThroughManyRecords(t *testing.T) {
	f := newSubjectFixture(t, relaciona.Retention{Kind: kindCase, Days: 30})
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err := f.store.Update(f.ctx, relaciona.SystemActor(), "test.write", "fixture", 1, func(b *relaciona.Batch) error {
		for i := range 1203 {
			body, _ := json.Marshal(subCase{ID: "x", Name: "N"})
			b.Put(relaciona.Record{Kind: kindCase, ID: time.Duration(i).String(), Time: at.Add(time.Duration(i) * time.Second), Body: body}, 0)
		}
		return nil
	})
	require.NoError(t, err)
	res, err := f.subj.Sweep(f.ctx, relaciona.SystemActor(), f.today)
	require.NoError(t, err)
	assert.Equal(t, 1203, res.Records)
	f.verified(t)
}

func TestSweepSkipsADefaultRuleOfAKindNoProcessDeclares(t *testing.T) {
	f := newSubjectFixture(t, relaciona.Retention{Kind: "nadie.sabe", Years: 1, Default: true})
	_, err := f.subj.Sweep(f.ctx, relaciona.SystemActor(), f.today)
	require.NoError(t, err)
}

func TestRectifyCorrectsOnePersonalFieldThroughAnAuditedWrite(t *testing.T) {
	f := newSubjectFixture(t)
	f.seed(t)
	before, err := f.store.Get(f.ctx, kindCase, "C1")
	require.NoError(t, err)
	require.NoError(t, f.subj.Rectify(f.ctx, f.dpo, kindCase, "C1", "email", "carmen.ruiz@example.co", "RECT-7"))
	var c subCase
	after := f.get(t, kindCase, "C1", &c)
	assert.Equal(t, "carmen.ruiz@example.co", c.Email)
	assert.Equal(t, before.Version+1, after.Version)
	f.verified(t)

	for _, tc := range []struct {
		name, kind, id, path string
		want                 error
	}{
		{"not personal", kindCase, "C1", "due", relaciona.ErrInvalid},
		{"the opaque id", kindCase, "C1", "citizen", relaciona.ErrInvalid},
		{"no such field", kindCase, "C1", "nope", relaciona.ErrInvalid},
		{"into a list", kindCase, "ORG", "contacts.email", relaciona.ErrInvalid},
		{"unknown kind", "x.y", "C1", "email", relaciona.ErrInvalid},
		{"no record", kindCase, "C9", "email", relaciona.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorIs(t, f.subj.Rectify(f.ctx, f.dpo, tc.kind, tc.id, tc.path, "v", "RECT-7"), tc.want)
		})
	}
	require.ErrorIs(t, f.subj.Rectify(f.ctx, f.clerk, kindCase, "C1", "email", "v", "RECT-7"), relaciona.ErrForbidden)
}

// TestTheRootKindsReadEveryFieldTheyRewrite: the subject API rewrites the
// outbox's notifications and the built-in desk's tickets and replies from
// its own view of them; a field the view missed would be lost by an
// erasure. Each view reads back, field for field, what the desk and the
// outbox write, and is marked.
func TestTheRootKindsReadEveryFieldTheyRewrite(t *testing.T) {
	f := newSubjectFixture(t)
	tk, err := relaciona.OpenTickets(f.ctx, "desk://?queues=pqrsd", relaciona.WithTicketStore(f.store))
	require.NoError(t, err)
	defer tk.Close()
	created, err := tk.Create(f.ctx, relaciona.NewTicket{Queue: "pqrsd", Subject: "Alumbrado", Body: "Soy Carmen", Priority: 50,
		Assignee: "ana", Requester: "carmen@example.co", Fields: map[string]string{"tipo": "peticion"}})
	require.NoError(t, err)
	require.NoError(t, tk.Reply(f.ctx, created.ID, "Respuesta a Carmen"))
	err = f.store.Update(f.ctx, relaciona.SystemActor(), "test.notify", "fixture", 1, func(b *relaciona.Batch) error {
		b.Notify(relaciona.Notification{Kind: "citizen.pqrsd.answer", Process: "citizen", About: relaciona.Ref{Kind: "citizen.pqrsd", ID: "P1"},
			Due: "2026-06-01", To: relaciona.Recipient{Name: "Carmen", Email: "carmen@example.co", Ticket: created.ID}, Lang: relaciona.English,
			Channel: "email", Fields: map[string]string{"name": "Carmen"}})
		return nil
	})
	require.NoError(t, err)

	var types []reflect.Type
	for _, k := range f.subj.Kinds() {
		types = append(types, reflect.TypeOf(k.New()))
		if k.Process == "test" {
			continue
		}
		n := 0
		for r, err := range f.store.Scan(f.ctx, k.Kind, relaciona.Filter{}) {
			require.NoError(t, err)
			v := k.New()
			require.NoError(t, json.Unmarshal(r.Body, v))
			again, err := json.Marshal(v)
			require.NoError(t, err)
			assert.JSONEq(t, string(r.Body), string(again), "%s reads every field", k.Kind)
			n++
		}
		// The commitments and lessons registers are read through their own
		// types (not views), so there is nothing a view could miss.
		if k.Kind != relaciona.QuarantineKind && k.Kind != relaciona.DigestKind &&
			k.Kind != relaciona.CommitmentKind && k.Kind != relaciona.LessonKind {
			assert.Positive(t, n, "%s has a record to compare", k.Kind)
		}
	}
	assert.Empty(t, relaciona.CheckPersonalTypes(types...))

	out, err := f.subj.Export(f.ctx, f.dpo, "carmen@example.co", f.today)
	require.NoError(t, err)
	assert.Len(t, out.Records, 3, "the ticket, its reply and the notification")
}
