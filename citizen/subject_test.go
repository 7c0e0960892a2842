package citizen

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// TestPersonalDataMarked: every contact-looking field of a stored type is
// tagged personal, and every stored type with personal fields is reached
// by a PersonalKind, so that an erasure clears it (DOMAIN.md "Personal
// data").
func TestPersonalDataMarked(t *testing.T) {
	var p Process
	proctest.PersonalDataMarked(t, "github.com/relaciona/relaciona/citizen", p.PersonalKinds())
}

// TestOpenPQRSDInsideItsTermHoldsAnErasure: an open PQRSD holds its
// requester's erasure back until its due date, inclusive; an answered,
// forwarded or overdue one does not.
func TestOpenPQRSDInsideItsTermHoldsAnErasure(t *testing.T) {
	due, err := calendar.ParseDate("2026-03-20")
	require.NoError(t, err)
	var p Process
	var hold func(any, string) (relaciona.SubjectHold, bool)
	for _, k := range p.PersonalKinds() {
		if k.Kind == kindPQRSD {
			hold = k.Hold
		}
	}
	require.NotNil(t, hold)
	tests := []struct {
		status Status
		today  string
		held   bool
	}{
		{StatusOpen, "2026-03-02", true},
		{StatusOpen, "2026-03-20", true},
		{StatusOpen, "2026-03-21", false},
		{StatusAnswered, "2026-03-02", false},
		{StatusForwarded, "2026-03-02", false},
		{StatusClosed, "2026-03-02", false},
	}
	for _, tt := range tests {
		h, held := hold(&PQRSD{ID: "PQRSD-2026-000001", Status: tt.status, Due: due}, tt.today)
		assert.Equal(t, tt.held, held, "%s on %s", tt.status, tt.today)
		if held {
			assert.Equal(t, relaciona.SubjectHold{What: "PQRSD PQRSD-2026-000001", Due: "2026-03-20"}, h)
		}
	}
}

// A request for a space's participants (the space's id, the other party
// of its commitments) clears the space's summary and, in the commitments
// register, the commitments' texts and follow-up notes; another space
// keeps its own; the audit still verifies.
func TestErasureClearsSpaceAndCommitmentText(t *testing.T) {
	f := newFixture(t)
	dir, err := relaciona.NewRoster(relaciona.Person{ID: "dpo", Roles: []relaciona.Role{{Name: relaciona.RoleDataProtection}}})
	require.NoError(t, err)
	for _, id := range []string{"mesa-norte", "mesa-sur"} {
		_, err := f.s.RecordSpace(f.ctx, lead, Space{ID: id, Kind: SpaceParticipation, Name: "Mesa", Date: d("2026-03-05"),
			Participants: map[string]int{"organizaciones": 8}, Summary: "Intervino Rosa Gil, vecina de la vereda"},
			[]NewCommitment{{Text: "Responder a Rosa Gil sobre el puente", Owner: "planeacion", Due: d("2026-04-30")}})
		require.NoError(t, err)
		_, err = f.s.FollowUpCommitment(f.ctx, lead, id+"/1", "Llamada a Rosa Gil", CommitmentOpen, "", d("2026-03-10"))
		require.NoError(t, err)
	}

	var kinds []relaciona.PersonalKind
	kinds = append(kinds, f.s.PersonalKinds()...)
	x := relaciona.NewSubjects(f.store, dir, kinds, nil)
	_, err = x.Erase(f.ctx, relaciona.Actor{ID: "dpo"}, "mesa-norte", "SUP-9", time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)

	spaces, err := f.s.Spaces(f.ctx, d("2026-03-01"), d("2026-03-31"))
	require.NoError(t, err)
	require.Len(t, spaces, 2)
	for _, sp := range spaces {
		cs, err := f.s.Commitments(f.ctx, sp.ID)
		require.NoError(t, err)
		require.Len(t, cs, 1)
		require.NotEmpty(t, cs[0].FollowUps)
		if sp.ID == "mesa-norte" {
			assert.Empty(t, sp.Summary, sp.ID)
			assert.Empty(t, cs[0].Text, sp.ID)
			for _, fu := range cs[0].FollowUps {
				assert.Empty(t, fu.Note, sp.ID)
			}
			assert.Equal(t, map[string]int{"organizaciones": 8}, sp.Participants, "the counts stay")
			continue
		}
		assert.Contains(t, sp.Summary, "Rosa Gil", sp.ID)
		assert.Contains(t, cs[0].Text, "Rosa Gil", sp.ID)
		assert.Contains(t, cs[0].FollowUps[len(cs[0].FollowUps)-1].Note, "Rosa Gil", sp.ID)
	}
	_, err = f.store.VerifyAudit(f.ctx)
	require.NoError(t, err)
}
