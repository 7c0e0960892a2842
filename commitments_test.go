package relaciona_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// commitmentFixture is a store, a directory and the register: ana owns
// commitments and reports to jefa; cli-1 and cli-2 speak for the client
// "salud"; pedro is staff who is neither.
type commitmentFixture struct {
	ctx   context.Context
	store *relaciona.Store
	dir   *relaciona.Directory
	reg   *relaciona.Commitments
}

func newCommitmentFixture(t *testing.T, url string) *commitmentFixture {
	t.Helper()
	ctx := context.Background()
	if url == "" {
		url = "sqlite://:memory:"
	}
	store, err := relaciona.OpenStore(ctx, url)
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	dir, err := relaciona.NewRoster(
		relaciona.Person{ID: "jefa", Name: "Jefa", Lang: "es"},
		relaciona.Person{ID: "ana", Name: "Ana", Manager: "jefa", Lang: "en"},
		relaciona.Person{ID: "pedro", Name: "Pedro", Manager: "jefa"},
		relaciona.Person{ID: "cli-1", Name: "Referente 1"},
		relaciona.Person{ID: "cli-2", Name: "Referente 2"},
	)
	require.NoError(t, err)
	return &commitmentFixture{ctx: ctx, store: store, dir: dir, reg: relaciona.NewCommitments(store, dir)}
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

var ana = relaciona.Actor{ID: "ana"}

func goodCommitment() relaciona.NewCommitment {
	return relaciona.NewCommitment{
		Key:    "c1",
		Source: relaciona.CommitmentSource{Process: "satisfaction", Kind: "satisfaction.action", ID: "a1"},
		Ours:   relaciona.OurParty{Owner: "ana", Unit: "operaciones"},
		Theirs: relaciona.OtherParty{Kind: "client", ID: "salud", Name: "Salud", Confirmers: []string{"cli-1", "cli-2"}},
		What:   "informe mensual de disponibilidad",
		Due:    day("2026-03-10"),
		Date:   day("2026-03-02"),
	}
}

// add makes n in a batch that also writes its source record, as a
// process does.
func (f *commitmentFixture) add(t *testing.T, n relaciona.NewCommitment) relaciona.Commitment {
	t.Helper()
	c, err := f.addErr(n)
	require.NoError(t, err)
	return c
}

func (f *commitmentFixture) addErr(n relaciona.NewCommitment) (relaciona.Commitment, error) {
	b := f.store.Begin(ana, "test.action", "action with a commitment").At(day("2026-03-02"))
	b.Put(relaciona.Record{Kind: n.Source.Kind, ID: n.Source.ID + "-" + n.Key, Body: json.RawMessage(`{}`)}, 0)
	c, err := f.reg.Add(f.ctx, b, n)
	if _, cerr := b.Commit(f.ctx); err == nil {
		err = cerr
	}
	return c, err
}

func (f *commitmentFixture) deliver(t *testing.T, id string) {
	t.Helper()
	_, err := f.reg.Do(f.ctx, ana, "test.deliver", "", time.Time{}, func(b *relaciona.Batch) (relaciona.Commitment, error) {
		return f.reg.Deliver(f.ctx, b, id, relaciona.Evidence{Note: "enviado", Link: "https://docs/inf-03"}, day("2026-03-09"))
	})
	require.NoError(t, err)
}

func (f *commitmentFixture) confirm(by relaciona.Actor, id string) (relaciona.Commitment, error) {
	return f.reg.Do(f.ctx, by, "test.confirm", "", time.Time{}, func(b *relaciona.Batch) (relaciona.Commitment, error) {
		return f.reg.Confirm(f.ctx, b, id, "conforme", day("2026-03-12"))
	})
}

func (f *commitmentFixture) version(t *testing.T, id string) (relaciona.Commitment, int64) {
	t.Helper()
	c, v, err := f.reg.Get(f.ctx, id)
	require.NoError(t, err)
	return c, v
}

func TestCommitmentIsConfirmedOnlyByTheOtherParty(t *testing.T) {
	f := newCommitmentFixture(t, "")
	c := f.add(t, goodCommitment())
	assert.Equal(t, "satisfaction:c1", c.ID)
	f.deliver(t, c.ID)
	_, before := f.version(t, c.ID)

	refused := []struct {
		name      string
		by        relaciona.Actor
		notListed bool
	}{
		{"our owner", ana, false},
		{"the owner's manager", relaciona.Actor{ID: "jefa"}, false},
		{"other staff claiming a role", relaciona.Actor{ID: "pedro", Roles: []string{"confirmer of client/salud", "process_owner"}, Level: 7}, false},
		{"someone the directory does not list", relaciona.Actor{ID: "cli-9"}, true},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.confirm(tc.by, c.ID)
			require.ErrorIs(t, err, relaciona.ErrForbidden)
			var fe *relaciona.ForbiddenError
			require.True(t, errors.As(err, &fe))
			assert.Equal(t, tc.notListed, fe.NotListed)
			got, v := f.version(t, c.ID)
			assert.Equal(t, before, v, "a refused confirmation changes nothing")
			assert.Equal(t, relaciona.CommitmentDelivered, got.Status)
		})
	}

	got, err := f.confirm(relaciona.Actor{ID: "cli-2"}, c.ID)
	require.NoError(t, err)
	assert.Equal(t, relaciona.CommitmentConfirmed, got.Status)
	assert.Equal(t, "cli-2", got.ConfirmedBy)
	assert.Equal(t, day("2026-03-12"), got.ClosedOn)
	steps := []string{}
	for _, e := range got.History {
		steps = append(steps, e.Step)
	}
	assert.Equal(t, []string{relaciona.StepMade, relaciona.StepDelivered, relaciona.StepConfirmed}, steps)
	_, err = f.store.VerifyAudit(f.ctx)
	require.NoError(t, err)
}

func TestCommitmentIsConfirmedOnlyAfterItsDelivery(t *testing.T) {
	f := newCommitmentFixture(t, "")
	c := f.add(t, goodCommitment())
	_, err := f.confirm(relaciona.Actor{ID: "cli-1"}, c.ID)
	require.ErrorIs(t, err, relaciona.ErrInvalid, "an open commitment is delivered before it is confirmed")

	_, err = f.reg.Do(f.ctx, ana, "test.deliver", "", time.Time{}, func(b *relaciona.Batch) (relaciona.Commitment, error) {
		return f.reg.Deliver(f.ctx, b, c.ID, relaciona.Evidence{Note: "  "}, day("2026-03-09"))
	})
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a delivery needs evidence")
	got, _ := f.version(t, c.ID)
	assert.Equal(t, relaciona.CommitmentOpen, got.Status)

	f.deliver(t, c.ID)
	_, err = f.reg.Do(f.ctx, relaciona.Actor{ID: "cli-1"}, "test.confirm", "", time.Time{}, func(b *relaciona.Batch) (relaciona.Commitment, error) {
		return f.reg.Confirm(f.ctx, b, c.ID, "", day("2026-03-08"))
	})
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a confirmation before the delivery")
}

func TestCommitmentClosesUnconfirmedOnlyByItsOwnerWithAReason(t *testing.T) {
	f := newCommitmentFixture(t, "")
	c := f.add(t, goodCommitment())
	f.deliver(t, c.ID)
	_, before := f.version(t, c.ID)
	closeAs := func(by relaciona.Actor, reason string) (relaciona.Commitment, error) {
		return f.reg.Do(f.ctx, by, "test.close", "", time.Time{}, func(b *relaciona.Batch) (relaciona.Commitment, error) {
			return f.reg.CloseUnconfirmed(f.ctx, b, c.ID, reason, day("2026-03-31"))
		})
	}
	_, err := closeAs(ana, " \t")
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a reason-less unconfirmed close")
	_, err = closeAs(relaciona.Actor{ID: "jefa"}, "el cliente no responde")
	require.ErrorIs(t, err, relaciona.ErrForbidden, "only our owner closes it")
	_, err = closeAs(relaciona.Actor{ID: "cli-1"}, "no hace falta")
	require.ErrorIs(t, err, relaciona.ErrForbidden, "the other party confirms, it does not close unconfirmed")
	_, v := f.version(t, c.ID)
	assert.Equal(t, before, v, "refused closes change nothing")

	got, err := closeAs(ana, "el cliente no respondió en tres avisos")
	require.NoError(t, err)
	assert.Equal(t, relaciona.CommitmentUnconfirmed, got.Status)
	assert.Equal(t, "el cliente no respondió en tres avisos", got.Reason)
	_, err = f.confirm(relaciona.Actor{ID: "cli-1"}, c.ID)
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a closed commitment is final")
}

func TestCommitmentNeedsOwnerDueDateAndOtherParty(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(n *relaciona.NewCommitment)
		field string
	}{
		{"no due date", func(n *relaciona.NewCommitment) { n.Due = time.Time{} }, "commitment.due"},
		{"unknown owner", func(n *relaciona.NewCommitment) { n.Ours.Owner = "fantasma" }, "commitment.ours.owner"},
		{"no owner", func(n *relaciona.NewCommitment) { n.Ours.Owner = "" }, "commitment.ours.owner"},
		{"no confirmer", func(n *relaciona.NewCommitment) { n.Theirs.Confirmers = nil }, "commitment.theirs.confirmers"},
		{"unknown confirmer", func(n *relaciona.NewCommitment) { n.Theirs.Confirmers = []string{"cli-1", "x"} }, "commitment.theirs.confirmers[1]"},
		{"owner confirms themselves", func(n *relaciona.NewCommitment) { n.Theirs.Confirmers = []string{"ana"} }, "commitment.theirs.confirmers[0]"},
		{"no party", func(n *relaciona.NewCommitment) { n.Theirs.ID = "" }, "commitment.theirs"},
		{"nothing owed", func(n *relaciona.NewCommitment) { n.What = " " }, "commitment.what"},
		{"no key", func(n *relaciona.NewCommitment) { n.Key = "" }, "commitment.key"},
		{"no source", func(n *relaciona.NewCommitment) { n.Source.ID = "" }, "commitment.source"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newCommitmentFixture(t, "")
			n := goodCommitment()
			tc.edit(&n)
			_, err := f.addErr(n)
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			var ve *relaciona.ValidationError
			require.True(t, errors.As(err, &ve), "%v", err)
			assert.Equal(t, tc.field, ve.Field)
			for _, kind := range []string{relaciona.CommitmentKind, "satisfaction.action", relaciona.ClaimKind} {
				cnt, err := f.store.Count(f.ctx, kind, relaciona.Filter{})
				require.NoError(t, err)
				assert.Zero(t, cnt, "nothing of the batch is written: %s", kind)
			}
		})
	}
}

func TestOneCommitmentPerSourceAndKey(t *testing.T) {
	f := newCommitmentFixture(t, "")
	f.add(t, goodCommitment())
	n := goodCommitment()
	n.What = "otra cosa"
	_, err := f.addErr(n)
	require.ErrorIs(t, err, relaciona.ErrConflict)
	var ce *relaciona.ClaimError
	require.True(t, errors.As(err, &ce), "%v", err)
	assert.Equal(t, relaciona.CommitmentClaim, ce.Name)
	assert.Equal(t, relaciona.Ref{Kind: relaciona.CommitmentKind, ID: "satisfaction:c1"}, ce.Holder)

	n.Key = "c2" // another key of the same source is another commitment
	f.add(t, n)
	cs, err := f.reg.List(f.ctx, relaciona.CommitmentFilter{Source: "satisfaction.action/a1"})
	require.NoError(t, err)
	assert.Len(t, cs, 2)
}

func TestTwoConfirmationsAtOnceOneWins(t *testing.T) {
	for round := range 5 {
		f := newCommitmentFixture(t, "sqlite://"+filepath.Join(t.TempDir(), "c.db"))
		c := f.add(t, goodCommitment())
		f.deliver(t, c.ID)
		who := []string{"cli-1", "cli-2"}
		_, errs := proctest.Race(len(who), func(i int) (relaciona.Commitment, error) {
			return f.confirm(relaciona.Actor{ID: who[i]}, c.ID)
		})
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
				continue
			}
			// The loser read before the winner wrote (ErrConflict), or
			// after (the commitment is confirmed already: ErrInvalid).
			assert.True(t, errors.Is(err, relaciona.ErrConflict) || errors.Is(err, relaciona.ErrInvalid), "round %d: %v", round, err)
		}
		assert.Equal(t, 1, won, "round %d: exactly one confirmation wins", round)
		got, _ := f.version(t, c.ID)
		confirmed := 0
		for _, e := range got.History {
			if e.Step == relaciona.StepConfirmed {
				confirmed++
			}
		}
		assert.Equal(t, 1, confirmed, "round %d: one confirmation in the history", round)
	}
}

func TestStaleCommitmentChangeIsAConflict(t *testing.T) {
	f := newCommitmentFixture(t, "")
	c := f.add(t, goodCommitment())
	f.deliver(t, c.ID)
	// Two batches read the same version; the second to commit loses.
	b1 := f.store.Begin(relaciona.Actor{ID: "cli-1"}, "test.confirm", "")
	_, err := f.reg.Confirm(f.ctx, b1, c.ID, "", day("2026-03-12"))
	require.NoError(t, err)
	b2 := f.store.Begin(relaciona.Actor{ID: "cli-2"}, "test.confirm", "")
	_, err = f.reg.Confirm(f.ctx, b2, c.ID, "", day("2026-03-12"))
	require.NoError(t, err)
	_, err = b1.Commit(f.ctx)
	require.NoError(t, err)
	_, err = b2.Commit(f.ctx)
	require.ErrorIs(t, err, relaciona.ErrConflict)
	got, _ := f.version(t, c.ID)
	assert.Equal(t, "cli-1", got.ConfirmedBy)
}

func notifications(t *testing.T, f *commitmentFixture) []relaciona.Notification {
	t.Helper()
	return proctest.Outbox(t, f.ctx, f.store)
}

func TestOverdueCommitmentNotifiesOwnerAndManagerOncePerDueDate(t *testing.T) {
	f := newCommitmentFixture(t, "")
	c := f.add(t, goodCommitment()) // due 2026-03-10
	other := goodCommitment()
	other.Key, other.Source.Process = "c9", "citizen"
	f.add(t, other)
	delivered := goodCommitment()
	delivered.Key = "c3"
	d := f.add(t, delivered)
	f.deliver(t, d.ID)
	run := relaciona.SystemActor()

	ns0, err := f.reg.NotifyOverdue(f.ctx, run, "satisfaction", day("2026-03-10"))
	require.NoError(t, err)
	assert.Empty(t, ns0, "due today is not overdue")

	ns0, err = f.reg.NotifyOverdue(f.ctx, run, "satisfaction", day("2026-03-11"))
	require.NoError(t, err)
	require.Len(t, ns0, 1, "the open satisfaction commitment; not the delivered one, not citizen's")
	assert.Equal(t, c.ID, ns0[0].ID)
	ns := notifications(t, f)
	require.Len(t, ns, 2)
	to := map[string]relaciona.Notification{}
	for _, x := range ns {
		to[x.To.Person] = x
		assert.Equal(t, relaciona.NoticeCommitmentOverdue, x.Kind)
		assert.Equal(t, c.Ref(), x.About)
		assert.Equal(t, "2026-03-10", x.Due)
		assert.Equal(t, "satisfaction", x.Process)
		assert.Equal(t, "client/salud", x.Fields["party"])
	}
	require.Contains(t, to, "ana")
	require.Contains(t, to, "jefa")
	assert.Equal(t, relaciona.English, to["ana"].Lang)

	for _, on := range []string{"2026-03-11", "2026-03-12", "2026-04-30"} {
		ns0, err = f.reg.NotifyOverdue(f.ctx, run, "satisfaction", day(on))
		require.NoError(t, err)
		assert.Empty(t, ns0, "%s: notified once per due date", on)
	}
	assert.Len(t, notifications(t, f), 2)
	got, _ := f.version(t, c.ID)
	assert.Equal(t, c.Due, got.OverdueNotified)

	ns0, err = f.reg.NotifyOverdue(f.ctx, run, "", day("2026-03-11"))
	require.NoError(t, err)
	require.Len(t, ns0, 1, "every process: citizen's commitment now")
	assert.Equal(t, "citizen:c9", ns0[0].ID)
}

func TestCommitmentFollowUpsAreItsHistory(t *testing.T) {
	f := newCommitmentFixture(t, "")
	c := f.add(t, goodCommitment())
	follow := func(by relaciona.Actor, note string) (relaciona.Commitment, error) {
		return f.reg.Do(f.ctx, by, "test.follow", "", time.Time{}, func(b *relaciona.Batch) (relaciona.Commitment, error) {
			return f.reg.FollowUp(f.ctx, b, c.ID, note, day("2026-03-05"))
		})
	}
	got, err := follow(relaciona.Actor{ID: "pedro"}, "en curso")
	require.NoError(t, err)
	require.Len(t, got.History, 2)
	assert.Equal(t, relaciona.CommitmentEvent{Step: relaciona.StepFollowUp, Date: day("2026-03-05"), At: got.History[1].At, By: "pedro", Note: "en curso"}, got.History[1])
	_, err = follow(relaciona.Actor{ID: "pedro"}, "")
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	_, err = follow(relaciona.Actor{ID: "nadie"}, "x")
	require.ErrorIs(t, err, relaciona.ErrForbidden)
}

func TestCommitmentsAreIndexedForTheirProcessesViews(t *testing.T) {
	f := newCommitmentFixture(t, "")
	n := goodCommitment()
	n.Index = map[string]string{"client": "salud", "process": "not-this"}
	f.add(t, n)
	other := goodCommitment()
	other.Key, other.Source.Process, other.Index = "c2", "citizen", map[string]string{"space": "asamblea"}
	f.add(t, other)

	var got []string
	for d, err := range f.reg.Collection().Scan(f.ctx, relaciona.Filter{Attrs: map[string]string{"client": "salud"}}) {
		require.NoError(t, err)
		got = append(got, d.ID)
	}
	assert.Equal(t, []string{"satisfaction:c1"}, got, "a process's own attribute selects its commitments")
	cs, err := f.reg.List(f.ctx, relaciona.CommitmentFilter{Process: "satisfaction"})
	require.NoError(t, err)
	require.Len(t, cs, 1, "an Index entry never overrides the register's own attributes")
	cs, err = f.reg.List(f.ctx, relaciona.CommitmentFilter{Party: "client/salud", Status: relaciona.CommitmentOpen, Owner: "ana"})
	require.NoError(t, err)
	assert.Len(t, cs, 2)
}
