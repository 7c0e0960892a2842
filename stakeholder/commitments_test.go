package stakeholder

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// speaksForDirectory is the test file's people (p4 answers to p5, p5 to
// p6, p6 to p7) and rep-junta, whom the directory names as speaking for
// the stakeholder junta.
func speaksForDirectory(t *testing.T) *relaciona.Directory {
	t.Helper()
	d, err := relaciona.NewRoster(
		relaciona.Person{ID: "p3", Level: 3, Manager: "p4"},
		relaciona.Person{ID: "p4", Level: 4, Manager: "p5"},
		relaciona.Person{ID: "p5", Level: 5, Manager: "p6"},
		relaciona.Person{ID: "p6", Level: 6, Manager: "p7"},
		relaciona.Person{ID: "p7", Level: 7},
		relaciona.Person{ID: "rep-junta", Roles: []relaciona.Role{{Process: Kind, Name: SpeaksForRole("junta")}}},
	)
	require.NoError(t, err)
	return d
}

func agreementWith(t *testing.T, stakeholder string) Interaction {
	return Interaction{Stakeholder: stakeholder, Date: day(t, "2026-02-02"), Channel: "meeting", Direction: TwoWay, Summary: "Negociación",
		Agreement: &Agreement{Terms: "Mesa de trabajo trimestral", Commitments: []FollowUp{{Action: "Publicar el cronograma de obras", Owner: "p4", Due: day(t, "2026-02-20")}}}}
}

// TestAgreementCommitmentsLiveInTheRegister checks that the commitments of
// an agreement negotiated at level 6 (seed 000, level 6) are made in the
// commitments register with the interaction, confirmed only by who the
// directory says speaks for the stakeholder.
func TestAgreementCommitmentsLiveInTheRegister(t *testing.T) {
	f := newFixture(t, testYAML, true, WithDirectory(speaksForDirectory(t)))
	_, err := f.svc.LogInteraction(ctx, actor(4), noon(t, "2026-02-02"), agreementWith(t, "junta"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "an agreement is negotiated at level 6")

	its, err := f.svc.LogInteraction(ctx, actor(6), noon(t, "2026-02-02"), agreementWith(t, "junta"))
	require.NoError(t, err)
	cs, err := f.svc.Commitments(ctx, "junta")
	require.NoError(t, err)
	require.Len(t, cs, 1)
	c := cs[0]
	assert.Equal(t, CommitmentID(its[0].ID, 0, true), c.ID)
	assert.Equal(t, relaciona.CommitmentSource{Process: Kind, Kind: kindInteraction, ID: its[0].ID}, c.Source)
	assert.Equal(t, []string{"rep-junta"}, c.Theirs.Confirmers)
	assert.Equal(t, "agreement", c.Extra["kind"])

	reg := relaciona.NewCommitments(f.store, f.svc.Directory())
	_, err = reg.Do(ctx, actor(4), "test.deliver", "", noon(t, "2026-02-18"), func(b *relaciona.Batch) (relaciona.Commitment, error) {
		return reg.Deliver(ctx, b, c.ID, relaciona.Evidence{Note: "Cronograma publicado"}, noon(t, "2026-02-18"))
	})
	require.NoError(t, err)
	confirm := func(a relaciona.Actor) error {
		_, err := reg.Do(ctx, a, "test.confirm", "", noon(t, "2026-02-19"), func(b *relaciona.Batch) (relaciona.Commitment, error) {
			return reg.Confirm(ctx, b, c.ID, "", noon(t, "2026-02-19"))
		})
		return err
	}
	require.ErrorIs(t, confirm(actor(7)), relaciona.ErrForbidden, "level 7 is ours, not the stakeholder's")
	require.NoError(t, confirm(relaciona.Actor{ID: "rep-junta"}))
}

func TestAgreementCommitmentWithNoOneToConfirmIsRefused(t *testing.T) {
	f := newFixture(t, testYAML, true) // the file's roster: no one speaks for junta, which has no contact point
	before, err := f.store.Count(ctx, kindInteraction, relaciona.Filter{})
	require.NoError(t, err)
	_, err = f.svc.LogInteraction(ctx, actor(6), noon(t, "2026-02-02"), agreementWith(t, "junta"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	ve := proctest.Invalid(t, err)
	assert.Equal(t, "interactions[0].agreement.commitments[0].owner", ve.Field)
	after, err := f.store.Count(ctx, kindInteraction, relaciona.Filter{})
	require.NoError(t, err)
	assert.Equal(t, before, after, "the interaction is not logged without its commitments")

	bad := agreementWith(t, "camara")
	bad.Agreement.Commitments[0].Due = calendar.Date{}
	_, err = f.svc.LogInteraction(ctx, actor(6), noon(t, "2026-02-02"), bad)
	require.ErrorIs(t, err, relaciona.ErrInvalid, "an agreement's commitment needs a due date")
	unknown := agreementWith(t, "camara")
	unknown.Agreement.Commitments[0].Owner = "fantasma"
	_, err = f.svc.LogInteraction(ctx, actor(6), noon(t, "2026-02-02"), unknown)
	require.Error(t, err, "an unknown owner")
}

// TestFollowUpsHaveALifecycleInTheRegister checks that a follow-up agreed
// with a stakeholder someone confirms for (its contact point) is a
// commitment of the register, notified overdue once by Run to its owner
// and the person above them.
func TestFollowUpsHaveALifecycleInTheRegister(t *testing.T) {
	f := newFixture(t, testYAML, true, WithDirectory(speaksForDirectory(t)))
	its, err := f.svc.LogInteraction(ctx, actor(4), noon(t, "2026-02-02"), Interaction{Stakeholder: "camara", Date: day(t, "2026-02-02"),
		Channel: "meeting", Direction: TwoWay, Summary: "Reunión", FollowUps: []FollowUp{{Action: "Enviar acta", Owner: "p3", Due: day(t, "2026-02-06")}}})
	require.NoError(t, err)
	cs, err := f.svc.Commitments(ctx, "camara")
	require.NoError(t, err)
	require.Len(t, cs, 1)
	assert.Equal(t, CommitmentID(its[0].ID, 0, false), cs[0].ID)
	assert.Equal(t, []string{"p6"}, cs[0].Theirs.Confirmers, "the stakeholder's contact point")

	for range 2 {
		_, err = f.svc.Run(ctx, actor(0), day(t, "2026-02-09"))
		require.NoError(t, err)
	}
	var to []string
	for r, err := range f.store.Scan(ctx, relaciona.NotificationKind, relaciona.Filter{Attrs: map[string]string{"kind": relaciona.NoticeCommitmentOverdue}}) {
		require.NoError(t, err)
		n, _, err := f.store.Notified(ctx, r.ID)
		require.NoError(t, err)
		to = append(to, n.To.Person)
	}
	assert.ElementsMatch(t, []string{"p3", "p4"}, to, "owner and the person above, once")

	// A follow-up with no one to confirm it stays a reminder only.
	_, err = f.svc.LogInteraction(ctx, actor(4), noon(t, "2026-02-02"), Interaction{Stakeholder: "vecina", Date: day(t, "2026-02-02"),
		Channel: "meeting", Direction: TwoWay, Summary: "Visita", FollowUps: []FollowUp{{Action: "Llamar", Owner: "p3", Due: day(t, "2026-02-06")}}})
	require.NoError(t, err)
	cs, err = f.svc.Commitments(ctx, "vecina")
	require.NoError(t, err)
	assert.Empty(t, cs)
}
