package alliance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// TestSummarizeReferralsRefusalsInTheDeploymentLanguage checks the two
// refusals of SummarizeReferrals word for word: Spanish from the package
// function and a Spanish process, English from a WithLang(English) process.
func TestSummarizeReferralsRefusalsInTheDeploymentLanguage(t *testing.T) {
	cases := []struct {
		name   string
		refs   []Referral
		es, en string
	}{
		{
			name: "resolved without being accepted",
			refs: []Referral{{Sent: day("2026-09-21"), Resolved: true}},
			es:   "referrals[0]: resuelta sin haber sido aceptada",
			en:   "referrals[0]: resolved without being accepted",
		},
		{
			name: "answered before sent",
			refs: []Referral{{Sent: day("2026-09-21"), Answered: day("2026-09-24")}, {Sent: day("2026-09-24"), Answered: day("2026-09-21")}},
			es:   "referrals[1]: respondida (2026-09-21) antes de enviarse (2026-09-24)",
			en:   "referrals[1]: answered (2026-09-21) before it was sent (2026-09-24)",
		},
	}
	cal, err := calendar.New(calendar.Chile, calendar.Options{})
	require.NoError(t, err)
	store := proctest.MemoryStore(t)
	cfg, err := LoadConfig(examplePath, relaciona.Spanish)
	require.NoError(t, err)
	es, err := New(store, cfg, cal)
	require.NoError(t, err)
	en, err := New(store, cfg, cal, WithLang(relaciona.English))
	require.NoError(t, err)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			end := day("2026-09-30")
			_, err := SummarizeReferrals(cal, "red-comercio", end, c.refs)
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Equal(t, c.es, err.Error(), "package function")
			_, err = es.SummarizeReferrals("red-comercio", end, c.refs)
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Equal(t, c.es, err.Error(), "Spanish process")
			_, err = en.SummarizeReferrals("red-comercio", end, c.refs)
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Equal(t, c.en, err.Error(), "English process")
		})
	}
}
