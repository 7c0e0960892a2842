package alliance

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

var allSteps = []Step{StepReviewRegistry, StepDiagnose, StepDecide, StepSearch, StepMeet, StepAgree, StepRegister,
	StepMonitor, StepMeasure, StepRate, StepOpenReview, StepDecideAlliance, StepRenegotiate, StepRenew, StepEnd,
	StepCloseReview, StepClose}

// attempt takes step through the public API as the Encargado OMIL, with
// arguments that are valid but for the order of steps.
func (f *fixture) attempt(step Step, alliance, org string) error {
	ctx, s, at := f.ctx, f.s, day("2026-12-15")
	docs := []Document{{Title: "Convenio", Ref: "Alianzas vigentes/x.pdf"}}
	search := f.search
	if search == "" {
		search = "omil-valparaiso:2026:s1"
	}
	var err error
	switch step {
	case StepReviewRegistry:
		_, err = s.ReviewRegistry(ctx, enc, office, 2027, at, "")
	case StepDiagnose:
		_, err = s.Diagnose(ctx, enc, office, at)
	case StepDecide:
		_, err = s.Decide(ctx, enc, office, at, true, "porque sí")
	case StepSearch:
		_, err = s.SearchPartners(ctx, enc, office, at, SearchRequest{Objectives: []string{"emprendimiento"}})
	case StepMeet:
		err = s.Meet(ctx, enc, search, org, at, "reunión")
	case StepAgree:
		err = s.Agree(ctx, enc, search, org, at, Terms{Kind: KindAgreement, Objectives: []string{"emprendimiento"}})
	case StepRegister:
		_, err = s.Register(ctx, enc, search, org, at, "convenio-nuevo", docs)
	case StepMonitor:
		_, err = s.StartMonitoring(ctx, enc, office, at)
	case StepMeasure:
		err = s.RecordMeasurement(ctx, enc, Measurement{Alliance: alliance, Date: at, Sent: 1})
	case StepRate:
		_, err = s.Rate(ctx, enc, alliance, at, 3, "")
	case StepOpenReview:
		_, err = s.OpenReview(ctx, enc, office, at, true, []string{alliance})
	case StepDecideAlliance:
		err = keep(ctx, s, enc, alliance, at, "sirve")
	case StepRenegotiate:
		err = s.Renegotiate(ctx, enc, alliance, at, "notas")
	case StepRenew:
		err = s.Renew(ctx, enc, alliance, at, nil, docs)
	case StepEnd:
		_, err = s.End(ctx, enc, alliance, at, "no sirve")
	case StepCloseReview:
		_, err = s.CloseReview(ctx, enc, office, at)
	case StepClose:
		_, err = s.CloseCycle(ctx, enc, office, at)
	}
	return err
}

// candidateSteps act on a candidate of a search: before any search exists
// they are refused as not found.
var candidateSteps = map[Step]bool{StepMeet: true, StepAgree: true, StepRegister: true}

// TestStepOutOfOrderNamesAllowedSteps: in every phase of the cycle, every
// step the cycle machine does not allow is refused with ErrInvalid naming
// the steps allowed now, and nothing is written.
func TestStepOutOfOrderNamesAllowedSteps(t *testing.T) {
	m := CycleMachine()
	for _, p := range []Phase{PhaseNotStarted, PhaseRegistryReviewed, PhaseDiagnosed, PhaseExpanding, PhaseMonitoring, PhaseReviewing, PhaseClosed} {
		allowed := m.Allowed(string(p))
		for _, step := range allSteps {
			if containsStep(allowed, step) {
				continue
			}
			t.Run(string(p)+"/"+string(step), func(t *testing.T) {
				f := newFixture(t).to(p)
				before := f.audits()
				err := f.attempt(step, "convenio-sence", "fosis-valparaiso")
				if candidateSteps[step] && f.search == "" {
					assert.ErrorIs(t, err, relaciona.ErrNotFound)
				} else {
					requireStepError(t, err, "cycle", m, string(p))
				}
				assert.Equal(t, before, f.audits(), "nothing written")
				assert.Equal(t, p, f.phase())
				assert.Equal(t, StatusActive, f.status("convenio-sence"))
			})
		}
	}
}

func containsStep(steps []Step, s Step) bool {
	for _, x := range steps {
		if x == s {
			return true
		}
	}
	return false
}

// TestAllianceStepOutOfOrderIsRefused: during a review (where the cycle
// allows every alliance step), an alliance in each status refuses the
// steps its machine does not allow, naming those it allows.
func TestAllianceStepOutOfOrderIsRefused(t *testing.T) {
	m := AllianceMachine()
	alliance := map[Status]string{
		StatusActive:        "convenio-junji",
		StatusKept:          "convenio-sence",
		StatusRenegotiating: "red-comercio",
		StatusDropped:       "vinculo-inclusion",
	}
	setup := func(t *testing.T) *fixture {
		f := newFixture(t).to(PhaseReviewing)
		at := day("2026-12-03")
		require.NoError(t, keep(f.ctx, f.s, enc, "convenio-sence", at, "cumple"))
		require.NoError(t, keep(f.ctx, f.s, enc, "red-comercio", at, "cumple"))
		require.NoError(t, f.s.Renegotiate(f.ctx, enc, "red-comercio", at, "subir a convenio"))
		require.NoError(t, f.s.DecideAlliance(f.ctx, enc, "vinculo-inclusion", at, Drop, "no operativa"))
		return f
	}
	for status, id := range alliance {
		for _, step := range []Step{StepMeasure, StepRate, StepDecideAlliance, StepRenegotiate, StepRenew, StepEnd} {
			if containsStep(m.Allowed(string(status)), step) {
				continue
			}
			t.Run(string(status)+"/"+string(step), func(t *testing.T) {
				f := setup(t)
				require.Equal(t, status, f.status(id))
				before := f.audits()
				err := f.attempt(step, id, "")
				require.Error(t, err)
				assert.ErrorIs(t, err, relaciona.ErrInvalid)
				var se *StepError
				if step == StepDecideAlliance && status != StatusActive {
					// Already decided in this review: the rule of one
					// decision per alliance per review speaks first.
					assert.Contains(t, err.Error(), "una sola decisión")
				} else {
					require.True(t, errors.As(err, &se), "%v", err)
					assert.Equal(t, "alliance", se.Machine)
					assert.Equal(t, m.Allowed(string(status)), se.Allowed)
				}
				assert.Equal(t, before, f.audits(), "nothing written")
				assert.Equal(t, status, f.status(id))
			})
		}
	}
	t.Run("ended", func(t *testing.T) {
		f := setup(t)
		_, err := f.s.End(f.ctx, enc, "vinculo-inclusion", day("2026-12-04"), "no operativa")
		require.NoError(t, err)
		for _, step := range []Step{StepMeasure, StepRate, StepRenegotiate, StepRenew, StepEnd} {
			before := f.audits()
			err := f.attempt(step, "vinculo-inclusion", "")
			requireStepError(t, err, "alliance", m, string(StatusEnded))
			assert.Equal(t, before, f.audits())
		}
	})
}

// TestCandidateStepOutOfOrderIsRefused: a candidate only goes shortlisted
// → negotiating → agreed → registered; anything else is refused.
func TestCandidateStepOutOfOrderIsRefused(t *testing.T) {
	m := CandidateMachine()
	type state struct {
		status CandidateStatus
		org    string
		reach  func(f *fixture)
	}
	at := day("2026-02-01")
	terms := Terms{Kind: KindAgreement, Objectives: []string{"emprendimiento"}}
	states := []state{
		{CandidateShortlisted, "fosis-valparaiso", func(f *fixture) {}},
		{CandidateNegotiating, "fosis-valparaiso", func(f *fixture) {
			require.NoError(f.t, f.s.Meet(f.ctx, gestor, f.search, "fosis-valparaiso", at, "primera reunión"))
		}},
		{CandidateAgreed, "fosis-valparaiso", func(f *fixture) {
			require.NoError(f.t, f.s.Meet(f.ctx, gestor, f.search, "fosis-valparaiso", at, "primera reunión"))
			require.NoError(f.t, f.s.Agree(f.ctx, enc, f.search, "fosis-valparaiso", at, terms))
		}},
		{CandidateRegistered, "fosis-valparaiso", func(f *fixture) {
			require.NoError(f.t, f.s.Meet(f.ctx, gestor, f.search, "fosis-valparaiso", at, "primera reunión"))
			require.NoError(f.t, f.s.Agree(f.ctx, enc, f.search, "fosis-valparaiso", at, terms))
			_, err := f.s.Register(f.ctx, enc, f.search, "fosis-valparaiso", at, "convenio-fosis", []Document{{Title: "Convenio", Ref: "x.pdf"}})
			require.NoError(f.t, err)
		}},
	}
	for _, st := range states {
		for _, step := range []Step{StepMeet, StepAgree, StepRegister} {
			if containsStep(m.Allowed(string(st.status)), step) {
				continue
			}
			t.Run(string(st.status)+"/"+string(step), func(t *testing.T) {
				f := newFixture(t).to(PhaseExpanding)
				st.reach(f)
				before := f.audits()
				err := f.attempt(step, "", st.org)
				requireStepError(t, err, "candidate", m, string(st.status))
				assert.Equal(t, before, f.audits())
			})
		}
	}
	t.Run("found but not shortlisted", func(t *testing.T) {
		f := newFixture(t).to(PhaseExpanding)
		x, err := f.s.SearchPartners(f.ctx, enc, office, day("2026-01-27"), SearchRequest{Objectives: []string{"emprendimiento"}, Shortlist: []string{"fosis-valparaiso"}})
		require.NoError(t, err)
		f.search = x.ID
		require.Len(t, x.Candidates, 2)
		require.Equal(t, CandidateFound, x.Candidates[1].Status, "not on the shortlist")
		requireStepError(t, f.attempt(StepMeet, "", x.Candidates[1].Organisation), "candidate", m, string(CandidateFound))
	})
}

func TestMachineDOT(t *testing.T) {
	dot := CycleMachine().DOT()
	assert.True(t, strings.HasPrefix(dot, `digraph "cycle" {`))
	assert.Contains(t, dot, `"diagnosed" -> "expanding" [label="decide [new_partners]"];`)
	assert.Contains(t, dot, `"reviewing" -> "expanding" [label="close_review [replacement]"];`)
	for _, m := range []Machine{CycleMachine(), AllianceMachine(), CandidateMachine()} {
		assert.Equal(t, len(m.Rows), strings.Count(m.DOT(), "->"), m.Name)
	}
}
