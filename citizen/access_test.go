package citizen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas"
)

// TestAnalysisFlagsASegmentWithoutAnAccessibleChannel: an item whose
// channels offer none of the features a segment it serves needs gets the
// gap and the make_accessible action (seed 002, "Canales de atención a la
// ciudadanía accesibles"); a channel offering it closes the gap.
func TestAnalysisFlagsASegmentWithoutAnAccessibleChannel(t *testing.T) {
	f := newFixture(t)
	sg, _ := f.cfg.SegmentByID("mayores-rurales")
	sg.AccessNeeds = []string{AccessNoInternet, AccessHearing}
	ch, _ := f.cfg.ChannelByID("ventanilla")
	ch.Accessibility = []string{AccessNoInternet, AccessMobility}

	byItem := func() map[string]ItemAdjustment {
		items, err := f.s.AnalyseOffer(f.ctx, d("2026-01-01"), d("2026-03-31"), d("2026-03-31"))
		require.NoError(t, err)
		out := map[string]ItemAdjustment{}
		for _, ia := range items {
			out[ia.Item] = ia
		}
		return out
	}
	got := byItem()["certificado-residencia"]
	assert.Equal(t, []AccessGap{{Segment: "mayores-rurales", Need: AccessHearing}}, got.AccessGaps)
	assert.Contains(t, got.Actions, ActionAccessibility)
	it, _ := f.cfg.OfferItemByID("certificado-residencia")
	covered, total := f.cfg.accessCoverage(it)
	assert.Equal(t, [2]int{1, 2}, [2]int{covered, total})

	ch.Accessibility = append(ch.Accessibility, AccessHearing)
	got = byItem()["certificado-residencia"]
	assert.Empty(t, got.AccessGaps)
	assert.NotContains(t, got.Actions, ActionAccessibility)
}

// TestAccessibilityListsAreChecked: a feature outside the documented list
// is refused with its file position, in the channels and in the segments.
func TestAccessibilityListsAreChecked(t *testing.T) {
	for _, tc := range []struct{ old, new, path string }{
		{"accessibility: [visual]\n", "accessibility: [telepathy]\n", "channels[2].accessibility[0]"},
		{"access_needs: [no_internet, visual]\n", "access_needs: [no_internet, braile]\n", "segments[0].access_needs[1]"},
		{"  min_score: 55\n", "  min_score: 120\n", "plain_language.min_score"},
	} {
		data := brokenCopy(t, tc.old, tc.new)
		_, err := ParseConfig("citizen.yaml", data, relaciona.English)
		var se *schemas.Error
		require.ErrorAs(t, err, &se, tc.new)
		assert.Contains(t, err.Error(), "citizen.yaml:")
		assert.Contains(t, err.Error(), tc.path)
	}
	cfg, err := LoadConfig(examplePath, relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, 55.0, cfg.PlainLanguage.MinScore)
	ch, _ := cfg.ChannelByID("web")
	assert.Equal(t, []string{AccessVisual}, ch.Accessibility)
}
