package citizen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/personalcheck"
)

// TestPersonalDataMarked: every contact-looking field of a stored type is
// tagged personal, and every stored type with personal fields is reached
// by a PersonalKind, so that an erasure clears it (DOMAIN.md "Personal
// data").
func TestPersonalDataMarked(t *testing.T) {
	var p Process
	problems, err := personalcheck.Source(".", "github.com/relaciona/relaciona/citizen", p.PersonalKinds())
	require.NoError(t, err)
	require.Empty(t, problems)
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
