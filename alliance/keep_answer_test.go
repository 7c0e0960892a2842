package alliance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// TestKeepWithoutTheKindsAnswerIsRefused: every kind of alliance has a
// question the yearly review asks before keeping it (seed 001: "se evalúa
// ... la pertinencia de mantener cada alianza"; Ask), and none has a
// default, so a keep decision without the answer (DecideAlliance) is
// refused on every kind, naming the question and its choices and pointing
// to DecideWithAnswer, in Spanish and in English, writing nothing; drop
// needs no answer, and the same keep with the answer is taken.
func TestKeepWithoutTheKindsAnswerIsRefused(t *testing.T) {
	at := day("2026-12-03")
	for _, c := range []struct {
		alliance string
		kind     AllianceKind
		ans      ReviewAnswer
	}{
		{"convenio-sence", KindAgreement, ReviewAnswer{Choice: ChoiceRenew, Date: day("2028-02-29")}},
		{"red-comercio", KindUnderstanding, ReviewAnswer{Choice: ChoiceStay}},
		{"vinculo-inclusion", KindLink, ReviewAnswer{Choice: ChoiceDecideBy, Date: day("2027-03-31")}},
	} {
		t.Run(string(c.kind), func(t *testing.T) {
			f := newFixture(t).to(PhaseReviewing)
			en, err := New(f.store, f.s.cfg, f.s.cal, WithLang(relaciona.English), WithDirectory(testDirectory(t)))
			require.NoError(t, err)
			require.Equal(t, c.kind, mustAlliance(t, f, c.alliance).Kind)
			n := f.audits()
			for _, x := range []struct {
				s    *Process
				lang relaciona.Lang
				want []string
			}{
				{f.s, relaciona.Spanish, []string{"exige responder la pregunta de la revisión", "DecideWithAnswer"}},
				{en, relaciona.English, []string{"needs the answer to the review's question", "DecideWithAnswer"}},
			} {
				err := x.s.DecideAlliance(f.ctx, enc, c.alliance, at, Keep, "cumple")
				require.ErrorIs(t, err, relaciona.ErrInvalid)
				v := proctest.Invalid(t, err)
				assert.Equal(t, "answer", v.Field)
				ask := Ask(c.kind, x.lang)
				for _, w := range append(x.want, ask.Question, joinChoices(ask.Choices)) {
					assert.ErrorContains(t, err, w)
				}
			}
			assert.Equal(t, n, f.audits(), "a refused keep writes nothing")
			assert.Equal(t, StatusActive, f.status(c.alliance))
			require.NoError(t, f.s.DecideWithAnswer(f.ctx, enc, c.alliance, at, Keep, "cumple", c.ans))
			assert.Equal(t, StatusKept, f.status(c.alliance))
		})
	}
	t.Run("drop takes no answer", func(t *testing.T) {
		f := newFixture(t).to(PhaseReviewing)
		require.NoError(t, f.s.DecideAlliance(f.ctx, enc, "vinculo-inclusion", at, Drop, "no operativa"))
		assert.Equal(t, StatusDropped, f.status("vinculo-inclusion"))
	})
}
