package alliance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// TestOnDemandReviewCoversTheNamedAlliances: the review is held at the end
// of the year over every active alliance, "o cuando sea necesario" (seed
// 001) over the alliances named; the yearly one takes no list, the
// on-demand one needs one of active alliances; a refusal writes nothing.
func TestOnDemandReviewCoversTheNamedAlliances(t *testing.T) {
	f := newFixture(t).to(PhaseMonitoring)
	at := day("2026-08-03")
	n := f.audits()
	for name, call := range map[string]func() error{
		"a yearly review with a list": func() error {
			return errOf(f.s.OpenReview(f.ctx, enc, office, at, false, []string{"convenio-sence"}))
		},
		"an on-demand review without a list": func() error {
			return errOf(f.s.OpenReview(f.ctx, enc, office, at, true, nil))
		},
		"an on-demand review of an unknown alliance": func() error {
			return errOf(f.s.OpenReview(f.ctx, enc, office, at, true, []string{"convenio-sence", "no-existe"}))
		},
	} {
		assert.ErrorIs(t, call(), relaciona.ErrInvalid, name)
	}
	assert.Equal(t, n, f.audits(), "refusals write nothing")
	r, err := f.s.OpenReview(f.ctx, enc, office, at, true, []string{"red-comercio"})
	require.NoError(t, err)
	assert.True(t, r.OnDemand)
	assert.Equal(t, []string{"red-comercio"}, r.Alliances)
	assert.Equal(t, PhaseReviewing, f.phase())
}
