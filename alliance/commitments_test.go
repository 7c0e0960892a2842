package alliance

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// commitmentFixture is the package's fixture with ref-junji in the
// directory, speaking for jardin-junji, the partner of convenio-junji.
func commitmentFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	var people []relaciona.Person
	base := testDirectory(t)
	for _, id := range []string{"head-1", "enc-1", "gestor-1", "team-1", "team-2"} {
		p, err := base.Person(ctx, id)
		require.NoError(t, err)
		people = append(people, p)
	}
	people = append(people, relaciona.Person{ID: "ref-junji", Roles: []relaciona.Role{{Process: Kind, Name: SpeaksForRole("jardin-junji")}}})
	dir, err := relaciona.NewRoster(people...)
	require.NoError(t, err)
	return fixtureWith(t, dir)
}

// TestAgreementCommitmentsAreConfirmedByThePartner checks that the
// office's commitments under a PS54 agreement live in the commitments
// register with the alliance's note, and only who speaks for the partner
// confirms them.
func TestAgreementCommitmentsAreConfirmedByThePartner(t *testing.T) {
	f := commitmentFixture(t)
	_, err := f.s.AddCommitments(f.ctx, gestor, "convenio-junji", day("2026-02-02"), []NewCommitment{{What: "x", Owner: "gestor-1", Due: day("2026-03-02")}})
	require.ErrorIs(t, err, relaciona.ErrForbidden, "the Encargado OMIL establishes agreements")

	ids, err := f.s.AddCommitments(f.ctx, enc, "convenio-junji", day("2026-02-02"), []NewCommitment{
		{What: "Derivar usuarias con hijos en edad preescolar", Owner: "gestor-1", Due: day("2026-03-02")},
	})
	require.NoError(t, err)
	require.Equal(t, []string{"alliance:convenio-junji/1"}, ids)
	cs, err := f.s.Commitments(f.ctx, "convenio-junji")
	require.NoError(t, err)
	require.Len(t, cs, 1)
	assert.Equal(t, []string{"ref-junji"}, cs[0].Theirs.Confirmers)
	assert.Equal(t, relaciona.OurParty{Owner: "gestor-1", Unit: office}, cs[0].Ours)
	a, err := f.s.Alliance(f.ctx, "convenio-junji")
	require.NoError(t, err)
	require.NotEmpty(t, a.Notes)
	assert.Contains(t, a.Notes[len(a.Notes)-1].Text, "Derivar usuarias")

	reg := relaciona.NewCommitments(f.store, f.s.Directory())
	_, err = reg.Do(f.ctx, gestor, "test.deliver", "", stamp(day("2026-02-20")), func(b *relaciona.Batch) (relaciona.Commitment, error) {
		return reg.Deliver(f.ctx, b, ids[0], relaciona.Evidence{Note: "12 derivaciones"}, stamp(day("2026-02-20")))
	})
	require.NoError(t, err)
	confirm := func(a relaciona.Actor) error {
		_, err := reg.Do(f.ctx, a, "test.confirm", "", stamp(day("2026-02-23")), func(b *relaciona.Batch) (relaciona.Commitment, error) {
			return reg.Confirm(f.ctx, b, ids[0], "", stamp(day("2026-02-23")))
		})
		return err
	}
	require.ErrorIs(t, confirm(enc), relaciona.ErrForbidden, "the Encargado is the office, not the partner")
	require.NoError(t, confirm(relaciona.Actor{ID: "ref-junji"}))
}

func TestAgreementCommitmentBadInputChangesNothing(t *testing.T) {
	f := commitmentFixture(t)
	good := NewCommitment{What: "Derivar", Owner: "gestor-1", Due: day("2026-03-02")}
	cases := []struct {
		name     string
		alliance string
		c        NewCommitment
		err      error
	}{
		{"no due date", "convenio-junji", NewCommitment{What: "Derivar", Owner: "gestor-1"}, relaciona.ErrInvalid},
		{"unknown owner", "convenio-junji", NewCommitment{What: "Derivar", Owner: "fantasma", Due: day("2026-03-02")}, relaciona.ErrInvalid},
		{"no one speaks for the partner", "convenio-sence", good, relaciona.ErrInvalid},
		{"a named confirmer the directory does not list", "convenio-sence", NewCommitment{What: "Derivar", Owner: "gestor-1", Due: day("2026-03-02"), Confirmers: []string{"x"}}, relaciona.ErrInvalid},
		{"nothing committed", "convenio-junji", NewCommitment{Owner: "gestor-1", Due: day("2026-03-02")}, relaciona.ErrInvalid},
		{"unknown alliance", "nada", good, relaciona.ErrNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.audits()
			_, err := f.s.AddCommitments(f.ctx, enc, tc.alliance, day("2026-02-02"), []NewCommitment{tc.c})
			require.ErrorIs(t, err, tc.err)
			assert.Equal(t, before, f.audits(), "nothing written")
		})
	}
}

func TestOverdueAgreementCommitmentIsNotifiedByRun(t *testing.T) {
	f := commitmentFixture(t)
	_, err := f.s.AddCommitments(f.ctx, enc, "convenio-junji", day("2026-02-02"), []NewCommitment{{What: "Derivar", Owner: "gestor-1", Due: day("2026-03-02")}})
	require.NoError(t, err)
	sum, err := f.s.Run(f.ctx, job, day("2026-03-02"))
	require.NoError(t, err)
	assert.Zero(t, sum.CommitmentsOverdue, "due today is not overdue")
	sum, err = f.s.Run(f.ctx, job, day("2026-03-03"))
	require.NoError(t, err)
	assert.Equal(t, 1, sum.CommitmentsOverdue)
	sum, err = f.s.Run(f.ctx, job, day("2026-03-04"))
	require.NoError(t, err)
	assert.Zero(t, sum.CommitmentsOverdue, "once per commitment and due date")
	var to []string
	for r, err := range f.store.Scan(f.ctx, relaciona.NotificationKind, relaciona.Filter{Attrs: map[string]string{"kind": relaciona.NoticeCommitmentOverdue}}) {
		require.NoError(t, err)
		n, _, err := f.store.Notified(f.ctx, r.ID)
		require.NoError(t, err)
		to = append(to, n.To.Person)
	}
	assert.ElementsMatch(t, []string{"gestor-1", "enc-1"}, to, "the owner and the person above them")
}
