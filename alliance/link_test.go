package alliance

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

var archived = []Document{{Title: "Convenio", Ref: "Alianzas vigentes/2026/convenio.pdf"}}

// TestChangeKindFollowsTheLinkTable tries every step of LinkMachine on an
// alliance of each kind: what the table allows happens, with what the new
// kind needs; everything else is refused and changes nothing.
func TestChangeKindFollowsTheLinkTable(t *testing.T) {
	at := day("2026-03-02")
	cases := []struct {
		name     string
		alliance string
		actor    relaciona.Actor
		step     Step
		ch       LinkChange
		wantKind AllianceKind
		wantErr  error
		step404  bool // refused by the link table (a *StepError)
		check    func(t *testing.T, a Alliance)
	}{
		{name: "the gestor activates a link", alliance: "vinculo-inclusion", actor: gestor, step: StepActivate, ch: LinkChange{Reason: "primeras derivaciones"}, wantKind: KindUnderstanding},
		{name: "the gestor may not formalise", alliance: "vinculo-inclusion", actor: gestor, step: StepFormalise, ch: LinkChange{Reason: "firma", End: day("2027-12-31"), Documents: archived}, wantErr: relaciona.ErrForbidden},
		{name: "a team member may not activate", alliance: "vinculo-inclusion", actor: team1, step: StepActivate, ch: LinkChange{Reason: "x"}, wantErr: relaciona.ErrForbidden},
		{name: "formalising needs a term", alliance: "vinculo-inclusion", actor: enc, step: StepFormalise, ch: LinkChange{Reason: "firma", Documents: archived}, wantErr: relaciona.ErrInvalid},
		{name: "formalising needs a document", alliance: "red-comercio", actor: enc, step: StepFormalise, ch: LinkChange{Reason: "firma", End: day("2027-12-31")}, wantErr: relaciona.ErrInvalid},
		{name: "the encargado formalises a link", alliance: "vinculo-inclusion", actor: enc, step: StepFormalise, ch: LinkChange{Reason: "firma", End: day("2027-12-31"), Documents: archived}, wantKind: KindAgreement,
			check: func(t *testing.T, a Alliance) {
				assert.Equal(t, day("2027-12-31"), a.End)
				assert.Contains(t, a.Documents, archived[0])
			}},
		{name: "the encargado formalises an understanding", alliance: "red-comercio", actor: enc, step: StepFormalise, ch: LinkChange{Reason: "firma", End: day("2027-12-31"), Documents: archived}, wantKind: KindAgreement},
		{name: "an understanding that stops working needs a date", alliance: "red-comercio", actor: enc, step: StepSuspend, ch: LinkChange{Reason: "sin vacantes"}, wantErr: relaciona.ErrInvalid},
		{name: "the date is within links.decide_within_days", alliance: "red-comercio", actor: enc, step: StepSuspend, ch: LinkChange{Reason: "sin vacantes", DecideBy: at.AddDays(181)}, wantErr: relaciona.ErrInvalid},
		{name: "an understanding goes back to a link", alliance: "red-comercio", actor: enc, step: StepSuspend, ch: LinkChange{Reason: "sin vacantes", DecideBy: at.AddDays(180)}, wantKind: KindLink,
			check: func(t *testing.T, a Alliance) { assert.Equal(t, at.AddDays(180), a.DecideBy) }},
		{name: "an agreement lapses into an understanding", alliance: "convenio-sence", actor: enc, step: StepLapse, ch: LinkChange{Reason: "no se renueva"}, wantKind: KindUnderstanding,
			check: func(t *testing.T, a Alliance) {
				assert.True(t, a.End.IsZero(), "an understanding has no term")
				assert.Equal(t, day("2027-02-28"), a.Links[0].End, "the lapsed term is kept in the change")
			}},
		{name: "a reason is needed", alliance: "convenio-sence", actor: enc, step: StepLapse, ch: LinkChange{Reason: " "}, wantErr: relaciona.ErrInvalid},
		{name: "an agreement is not activated", alliance: "convenio-sence", actor: enc, step: StepActivate, ch: LinkChange{Reason: "x"}, step404: true},
		{name: "an agreement does not go straight back to a link", alliance: "convenio-sence", actor: enc, step: StepSuspend, ch: LinkChange{Reason: "x", DecideBy: at.AddDays(30)}, step404: true},
		{name: "an agreement is not formalised again", alliance: "convenio-sence", actor: enc, step: StepFormalise, ch: LinkChange{Reason: "x", End: day("2028-12-31"), Documents: archived}, step404: true},
		{name: "an understanding is not activated", alliance: "red-comercio", actor: enc, step: StepActivate, ch: LinkChange{Reason: "x"}, step404: true},
		{name: "an understanding does not lapse", alliance: "red-comercio", actor: enc, step: StepLapse, ch: LinkChange{Reason: "x"}, step404: true},
		{name: "a link does not lapse", alliance: "vinculo-inclusion", actor: enc, step: StepLapse, ch: LinkChange{Reason: "x"}, step404: true},
		{name: "a link is not suspended", alliance: "vinculo-inclusion", actor: enc, step: StepSuspend, ch: LinkChange{Reason: "x", DecideBy: at.AddDays(30)}, step404: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			before, err := f.s.Alliance(f.ctx, c.alliance)
			require.NoError(t, err)
			n := f.audits()
			a, err := f.s.ChangeKind(f.ctx, c.actor, c.alliance, at, c.step, c.ch)
			if c.wantErr != nil || c.step404 {
				if c.step404 {
					requireStepError(t, err, "link", LinkMachine(), string(before.Kind))
				} else {
					require.ErrorIs(t, err, c.wantErr)
				}
				after, err := f.s.Alliance(f.ctx, c.alliance)
				require.NoError(t, err)
				assert.Equal(t, before, after, "a refused change changes nothing")
				assert.Equal(t, n, f.audits())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.wantKind, a.Kind)
			stored, err := f.s.Alliance(f.ctx, c.alliance)
			require.NoError(t, err)
			assert.Equal(t, a, stored)
			require.Len(t, stored.Links, 1)
			assert.Equal(t, KindChange{Date: at, Step: c.step, From: before.Kind, To: c.wantKind, Actor: c.actor.ID, Reason: c.ch.Reason, End: stored.Links[0].End}, stored.Links[0])
			assert.Equal(t, n+1, f.audits(), "one audited batch")
			if c.check != nil {
				c.check(t, stored)
			}
		})
	}
}

// TestLinkMachineRolesComeFromTheDirectory: a caller who claims the
// Encargado's role but holds only the team's in the directory may not
// formalise.
func TestLinkMachineRolesComeFromTheDirectory(t *testing.T) {
	f := newFixture(t)
	claimed := relaciona.Actor{ID: team1.ID, Roles: []string{DefaultRoleEncargado}}
	_, err := f.s.ChangeKind(f.ctx, claimed, "red-comercio", day("2026-03-02"), StepFormalise, LinkChange{Reason: "firma", End: day("2027-12-31"), Documents: archived})
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	assert.Equal(t, KindUnderstanding, mustAlliance(t, f, "red-comercio").Kind)
}

// TestEveryReviewChoiceIsALinkTransition: the kind an answer leads to is
// the kind's own or one LinkMachine allows from it, so Renew can carry out
// every answer.
func TestEveryReviewChoiceIsALinkTransition(t *testing.T) {
	for kind, cs := range reviewChoices {
		for _, c := range cs {
			to, step := answerKind(kind, c.Choice)
			if to == kind {
				assert.Empty(t, step, "%s/%s", kind, c.Choice)
				continue
			}
			next, ok := LinkMachine().Next(string(kind), step, "")
			assert.True(t, ok, "%s/%s", kind, c.Choice)
			assert.Equal(t, string(to), next)
		}
	}
}

func mustAlliance(t *testing.T, f *fixture, id string) Alliance {
	t.Helper()
	a, err := f.s.Alliance(f.ctx, id)
	require.NoError(t, err)
	return a
}

// TestReviewAsksEachKind: a keep decision answers what the review asks of
// the alliance's kind, and Renew carries the answer out.
func TestReviewAsksEachKind(t *testing.T) {
	at := day("2026-12-03")
	cases := []struct {
		name     string
		alliance string
		verdict  Verdict
		ans      ReviewAnswer
		wantErr  bool
		renewed  func(t *testing.T, a Alliance)
	}{
		{name: "an agreement is not asked whether to formalise", alliance: "convenio-sence", verdict: Keep, ans: ReviewAnswer{Choice: ChoiceStay}, wantErr: true},
		{name: "a renewal needs its new term", alliance: "convenio-sence", verdict: Keep, ans: ReviewAnswer{Choice: ChoiceRenew}, wantErr: true},
		{name: "the new term is after the decision", alliance: "convenio-sence", verdict: Keep, ans: ReviewAnswer{Choice: ChoiceRenew, Date: at}, wantErr: true},
		{name: "an agreement renewed until a term", alliance: "convenio-sence", verdict: Keep, ans: ReviewAnswer{Choice: ChoiceRenew, Date: day("2029-02-28")},
			renewed: func(t *testing.T, a Alliance) {
				assert.Equal(t, KindAgreement, a.Kind)
				assert.Equal(t, day("2029-02-28"), a.End)
			}},
		{name: "an agreement left to lapse", alliance: "convenio-junji", verdict: Keep, ans: ReviewAnswer{Choice: ChoiceLapse},
			renewed: func(t *testing.T, a Alliance) {
				assert.Equal(t, KindUnderstanding, a.Kind)
				require.Len(t, a.Links, 1)
				assert.Equal(t, StepLapse, a.Links[0].Step)
			}},
		{name: "lapse takes no date", alliance: "convenio-junji", verdict: Keep, ans: ReviewAnswer{Choice: ChoiceLapse, Date: day("2027-01-01")}, wantErr: true},
		{name: "an understanding formalised", alliance: "red-comercio", verdict: Keep, ans: ReviewAnswer{Choice: ChoiceFormalise, Date: day("2027-12-31")},
			renewed: func(t *testing.T, a Alliance) {
				assert.Equal(t, KindAgreement, a.Kind)
				assert.Equal(t, day("2027-12-31"), a.End)
				assert.Equal(t, StepFormalise, a.Links[0].Step)
			}},
		{name: "an understanding stays one", alliance: "red-comercio", verdict: Keep, ans: ReviewAnswer{Choice: ChoiceStay},
			renewed: func(t *testing.T, a Alliance) { assert.Equal(t, KindUnderstanding, a.Kind); assert.Empty(t, a.Links) }},
		{name: "an understanding is not renewed as an agreement", alliance: "red-comercio", verdict: Keep, ans: ReviewAnswer{Choice: ChoiceRenew, Date: day("2027-12-31")}, wantErr: true},
		{name: "a link activated", alliance: "vinculo-inclusion", verdict: Keep, ans: ReviewAnswer{Choice: ChoiceActivate},
			renewed: func(t *testing.T, a Alliance) { assert.Equal(t, KindUnderstanding, a.Kind) }},
		{name: "a link kept until a date", alliance: "vinculo-inclusion", verdict: Keep, ans: ReviewAnswer{Choice: ChoiceDecideBy, Date: day("2027-03-31")},
			renewed: func(t *testing.T, a Alliance) {
				assert.Equal(t, KindLink, a.Kind)
				assert.Equal(t, day("2027-03-31"), a.DecideBy)
			}},
		{name: "a link's date is within links.decide_within_days", alliance: "vinculo-inclusion", verdict: Keep, ans: ReviewAnswer{Choice: ChoiceDecideBy, Date: at.AddDays(181)}, wantErr: true},
		{name: "a link is not left to lapse", alliance: "vinculo-inclusion", verdict: Keep, ans: ReviewAnswer{Choice: ChoiceLapse}, wantErr: true},
		{name: "drop takes no answer", alliance: "vinculo-inclusion", verdict: Drop, ans: ReviewAnswer{Choice: ChoiceActivate}, wantErr: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t).to(PhaseReviewing)
			dos, err := f.s.Dossier(f.ctx, c.alliance, at)
			require.NoError(t, err)
			assert.Equal(t, Ask(dos.Alliance.Kind, relaciona.Spanish), dos.Ask, "the dossier says what the review asks")
			n := f.audits()
			err = f.s.DecideWithAnswer(f.ctx, enc, c.alliance, at, c.verdict, "razón", c.ans)
			if c.wantErr {
				require.ErrorIs(t, err, relaciona.ErrInvalid)
				assert.Equal(t, n, f.audits(), "a refused answer writes nothing")
				assert.Equal(t, StatusActive, f.status(c.alliance))
				return
			}
			require.NoError(t, err)
			a := mustAlliance(t, f, c.alliance)
			require.NotNil(t, a.Decisions[0].Answer)
			assert.Equal(t, c.ans, *a.Decisions[0].Answer)
			require.NoError(t, f.s.Renegotiate(f.ctx, enc, c.alliance, day("2026-12-04"), "reunión"))
			require.NoError(t, f.s.Renew(f.ctx, enc, c.alliance, day("2026-12-05"), nil, archived))
			c.renewed(t, mustAlliance(t, f, c.alliance))
		})
	}
}

// TestRenewHoldsToTheAnswerAndTheLinkTable: terms of another kind than the
// review answered are refused, and so is a change of kind LinkMachine does
// not allow.
func TestRenewHoldsToTheAnswerAndTheLinkTable(t *testing.T) {
	f := newFixture(t).to(PhaseReviewing)
	at := day("2026-12-03")
	require.NoError(t, f.s.DecideWithAnswer(f.ctx, enc, "red-comercio", at, Keep, "cumple", ReviewAnswer{Choice: ChoiceFormalise, Date: day("2027-12-31")}))
	require.NoError(t, keep(f.ctx, f.s, enc, "convenio-sence", at, "cumple"))
	for _, id := range []string{"red-comercio", "convenio-sence"} {
		require.NoError(t, f.s.Renegotiate(f.ctx, enc, id, at, "reunión"))
	}
	// A keep decision stored before keep needed an answer has none: Renew
	// still holds its terms to LinkMachine.
	legacy, err := f.s.alliances.Get(f.ctx, "convenio-sence")
	require.NoError(t, err)
	legacy.Value.Decisions[len(legacy.Value.Decisions)-1].Answer = nil
	b := f.store.Begin(enc, "test.legacy_decision", "decisión sin respuesta").At(stamp(at))
	f.s.alliances.Put(b, &legacy.Value, legacy.Version)
	_, err = b.Commit(f.ctx)
	require.NoError(t, err)
	n := f.audits()
	err = f.s.Renew(f.ctx, enc, "red-comercio", at, &Terms{Kind: KindUnderstanding, Objectives: []string{"colocacion"}}, archived)
	require.ErrorIs(t, err, relaciona.ErrInvalid, "the review answered formalise")
	err = f.s.Renew(f.ctx, enc, "convenio-sence", at, &Terms{Kind: KindLink, Objectives: []string{"empleabilidad"}}, archived)
	requireStepError(t, err, "link", LinkMachine(), string(KindAgreement))
	assert.Equal(t, n, f.audits())
	assert.Equal(t, StatusRenegotiating, f.status("convenio-sence"))
	assert.Equal(t, KindAgreement, mustAlliance(t, f, "convenio-sence").Kind)
}

// TestOverdueLinkCannotBeKeptAsItIs: a link past the date by which it was
// to be activated or dropped is activated, formalised or dropped; keeping
// it as it is, or setting a new date, is refused.
func TestOverdueLinkCannotBeKeptAsItIs(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.ChangeKind(f.ctx, enc, "red-comercio", day("2026-01-06"), StepSuspend, LinkChange{Reason: "sin vacantes", DecideBy: day("2026-06-30")})
	require.NoError(t, err)
	f.to(PhaseReviewing)
	at := day("2026-12-03")
	n := f.audits()
	err = f.s.DecideAlliance(f.ctx, enc, "red-comercio", at, Keep, "seguimos")
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.ErrorContains(t, err, "2026-06-30")
	err = f.s.DecideWithAnswer(f.ctx, enc, "red-comercio", at, Keep, "seguimos", ReviewAnswer{Choice: ChoiceDecideBy, Date: day("2027-03-31")})
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Equal(t, n, f.audits())
	require.NoError(t, f.s.DecideWithAnswer(f.ctx, enc, "red-comercio", at, Keep, "retoma", ReviewAnswer{Choice: ChoiceActivate}))
	t.Run("a link within its date may be kept", func(t *testing.T) {
		g := newFixture(t)
		_, err := g.s.ChangeKind(g.ctx, enc, "red-comercio", day("2026-11-01"), StepSuspend, LinkChange{Reason: "pausa", DecideBy: day("2027-03-31")})
		require.NoError(t, err)
		g.to(PhaseReviewing)
		require.NoError(t, keep(g.ctx, g.s, enc, "red-comercio", day("2026-12-03"), "seguimos"))
	})
}

// TestDecideByOnlyOnLinks: the YAML's decide_by belongs to a link not yet
// operational; on another kind it is refused at its position.
func TestDecideByOnlyOnLinks(t *testing.T) {
	src, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	for _, c := range []struct {
		from, to string
		ok       bool
	}{
		{"    start: 2025-08-01\n", "    start: 2025-08-01\n    decide_by: 2026-06-30\n", true},
		{"    start: 2025-05-15\n", "    start: 2025-05-15\n    decide_by: 2026-06-30\n", false},
	} {
		bad := strings.Replace(string(src), c.from, c.to, 1)
		require.NotEqual(t, string(src), bad)
		cfg, err := ParseConfig("alliance.yaml", []byte(bad), relaciona.Spanish)
		if c.ok {
			require.NoError(t, err)
			assert.Equal(t, day("2026-06-30"), cfg.Alliances[2].DecideBy)
			continue
		}
		require.ErrorIs(t, err, relaciona.ErrInvalid)
		assert.Regexp(t, `alliance\.yaml:\d+:\d+: alliances\[1\]\.decide_by`, err.Error())
	}
}
