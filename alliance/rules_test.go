package alliance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// TestCycleTransitions walks every row of the cycle machine through the
// API and checks the phase after each step.
func TestCycleTransitions(t *testing.T) {
	f := newFixture(t)
	assert.Equal(t, PhaseNotStarted, f.phase())
	f.toRegistryReviewed()
	assert.Equal(t, PhaseRegistryReviewed, f.phase())
	require.NoError(t, f.attempt(StepMeasure, "convenio-sence", ""), "monitoring is continuous")
	_, err := f.s.Diagnose(f.ctx, enc, office, day("2026-01-19"))
	require.NoError(t, err)
	assert.Equal(t, PhaseDiagnosed, f.phase())

	t.Run("decide no new partners goes to monitoring", func(t *testing.T) {
		g := newFixture(t).to(PhaseDiagnosed)
		c, err := g.s.Decide(g.ctx, enc, office, day("2026-01-21"), false, "la red basta")
		require.NoError(t, err)
		assert.Equal(t, PhaseMonitoring, c.Phase)
		assert.False(t, c.NeedNew)
	})
	_, err = f.s.Decide(f.ctx, enc, office, day("2026-01-21"), true, "emprendimiento sin socios")
	require.NoError(t, err)
	assert.Equal(t, PhaseExpanding, f.phase())
	x, err := f.s.SearchPartners(f.ctx, gestor, office, day("2026-01-26"), SearchRequest{Objectives: []string{"emprendimiento"}})
	require.NoError(t, err)
	f.search = x.ID
	require.NoError(t, f.s.Meet(f.ctx, gestor, x.ID, "fosis-valparaiso", day("2026-02-03"), "primera reunión"))
	require.NoError(t, f.s.Agree(f.ctx, enc, x.ID, "fosis-valparaiso", day("2026-03-02"), Terms{Kind: KindAgreement, Objectives: []string{"emprendimiento"}}))
	_, err = f.s.StartMonitoring(f.ctx, enc, office, day("2026-03-03"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "an agreed partner must be registered first")
	a, err := f.s.Register(f.ctx, enc, x.ID, "fosis-valparaiso", day("2026-03-16"), "convenio-fosis", []Document{{Title: "Convenio", Ref: "Alianzas vigentes/fosis.pdf"}})
	require.NoError(t, err)
	assert.Equal(t, StatusActive, a.Status)
	assert.Equal(t, []string{"financiamiento", "asesoria"}, a.Resources, "resources default to the partner's")
	x, err = f.s.Search(f.ctx, x.ID)
	require.NoError(t, err)
	assert.Equal(t, CandidateRegistered, x.Candidate("fosis-valparaiso").Status)
	assert.Equal(t, "convenio-fosis", x.Candidate("fosis-valparaiso").Alliance)
	assert.Equal(t, PhaseExpanding, f.phase())
	_, err = f.s.StartMonitoring(f.ctx, enc, office, day("2026-03-17"))
	require.NoError(t, err)
	assert.Equal(t, PhaseMonitoring, f.phase())
	f.feed("2026-06-30")
	_, err = f.s.OpenReview(f.ctx, enc, office, day("2026-12-02"), false, nil)
	require.NoError(t, err)
	assert.Equal(t, PhaseReviewing, f.phase())

	// Alliance machine: keep → renegotiate → renew → active; drop → end.
	at := day("2026-12-03")
	require.NoError(t, f.s.DecideWithAnswer(f.ctx, enc, "red-comercio", at, Keep, "aporta vacantes", ReviewAnswer{Choice: ChoiceFormalise, Date: day("2027-12-31")}))
	assert.Equal(t, StatusKept, f.status("red-comercio"))
	require.NoError(t, f.s.Renegotiate(f.ctx, enc, "red-comercio", at, "proponer convenio"))
	assert.Equal(t, StatusRenegotiating, f.status("red-comercio"))
	require.NoError(t, f.s.Renegotiate(f.ctx, enc, "red-comercio", at, "segunda reunión"))
	assert.Equal(t, StatusRenegotiating, f.status("red-comercio"))
	require.NoError(t, f.s.Renew(f.ctx, enc, "red-comercio", at, &Terms{Kind: KindAgreement, Objectives: []string{"colocacion"}, Resources: []string{"vacantes"}}, []Document{{Title: "Convenio", Ref: "c.pdf"}}))
	rc, err := f.s.Alliance(f.ctx, "red-comercio")
	require.NoError(t, err)
	assert.Equal(t, StatusActive, rc.Status)
	assert.Equal(t, KindAgreement, rc.Kind, "the understanding became an agreement")
	assert.Len(t, rc.Notes, 2)
	for _, id := range []string{"convenio-sence", "convenio-junji", "convenio-fosis"} {
		require.NoError(t, keep(f.ctx, f.s, enc, id, at, "cumple"))
	}
	require.NoError(t, f.s.DecideAlliance(f.ctx, enc, "vinculo-inclusion", at, Drop, "no operativa"))
	assert.Equal(t, StatusDropped, f.status("vinculo-inclusion"))
	_, err = f.s.CloseReview(f.ctx, enc, office, at)
	assert.ErrorContains(t, err, "vinculo-inclusion", "a dropped alliance must be ended before the review closes")
	_, err = f.s.End(f.ctx, enc, "vinculo-inclusion", day("2026-12-04"), "sin derivaciones")
	require.NoError(t, err)
	assert.Equal(t, StatusEnded, f.status("vinculo-inclusion"))
	r, err := f.s.CloseReview(f.ctx, enc, office, day("2026-12-10"))
	require.NoError(t, err)
	assert.Equal(t, day("2026-12-10"), r.Closed)
	assert.Equal(t, PhaseExpanding, f.phase(), "a replacement search is open")
	_, err = f.s.StartMonitoring(f.ctx, enc, office, day("2026-12-11"))
	require.NoError(t, err)
	_, err = f.s.CloseCycle(f.ctx, enc, office, day("2026-12-30"))
	require.NoError(t, err)
	assert.Equal(t, PhaseClosed, f.phase())

	// The next year starts from the closed cycle.
	_, err = f.s.ReviewRegistry(f.ctx, enc, office, 2026, day("2027-01-10"), "")
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "the year must come after the closed one")
	c, err := f.s.ReviewRegistry(f.ctx, enc, office, 2027, day("2027-01-10"), "")
	require.NoError(t, err)
	assert.Equal(t, 2027, c.Year)
	assert.Equal(t, 4, c.Registry.Alliances, "the ended link is no longer in the registry review")
}

func TestCloseReviewWithoutDropGoesBackToMonitoring(t *testing.T) {
	f := newFixture(t).to(PhaseReviewing)
	_, err := f.s.CloseReview(f.ctx, enc, office, day("2026-12-05"))
	assert.ErrorContains(t, err, "faltan decisiones")
	for _, id := range catastro {
		require.NoError(t, keep(f.ctx, f.s, enc, id, day("2026-12-03"), "cumple"))
	}
	_, err = f.s.CloseReview(f.ctx, enc, office, day("2026-12-05"))
	require.NoError(t, err)
	assert.Equal(t, PhaseMonitoring, f.phase())
}

func TestCloseCycleNeedsTheYearlyReview(t *testing.T) {
	f := newFixture(t).to(PhaseMonitoring)
	_, err := f.s.CloseCycle(f.ctx, enc, office, day("2026-12-30"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.ErrorContains(t, err, "revisión anual")
	assert.Equal(t, PhaseMonitoring, f.phase())
}

// TestRolesAreEnforced: each step at the role below (refused, a
// *ForbiddenError naming the role, nothing written) and at the one
// required (allowed). The Encargado runs every step; the Gestor
// Territorial only searches and meets; team members only rate.
func TestRolesAreEnforced(t *testing.T) {
	cases := []struct {
		step    Step
		phase   Phase
		allowed []relaciona.Actor
		refused []relaciona.Actor
	}{
		{StepReviewRegistry, PhaseNotStarted, []relaciona.Actor{enc}, []relaciona.Actor{gestor, team1, outsider}},
		{StepDiagnose, PhaseRegistryReviewed, []relaciona.Actor{enc}, []relaciona.Actor{gestor, team1}},
		{StepDecide, PhaseDiagnosed, []relaciona.Actor{enc}, []relaciona.Actor{gestor, team1}},
		{StepSearch, PhaseExpanding, []relaciona.Actor{enc, gestor}, []relaciona.Actor{team1, outsider}},
		{StepMeet, PhaseExpanding, []relaciona.Actor{enc, gestor}, []relaciona.Actor{team1, outsider}},
		{StepMonitor, PhaseExpanding, []relaciona.Actor{enc}, []relaciona.Actor{gestor, team1}},
		{StepMeasure, PhaseMonitoring, []relaciona.Actor{enc}, []relaciona.Actor{gestor, team1}},
		{StepRate, PhaseMonitoring, []relaciona.Actor{enc, gestor, team1}, []relaciona.Actor{outsider, job}},
		{StepOpenReview, PhaseMonitoring, []relaciona.Actor{enc}, []relaciona.Actor{gestor, team1}},
		{StepDecideAlliance, PhaseReviewing, []relaciona.Actor{enc}, []relaciona.Actor{gestor, team1}},
		{StepEnd, PhaseReviewing, []relaciona.Actor{}, []relaciona.Actor{gestor, team1}},
		{StepCloseReview, PhaseReviewing, []relaciona.Actor{}, []relaciona.Actor{gestor, team1}},
		{StepClose, PhaseMonitoring, []relaciona.Actor{}, []relaciona.Actor{gestor, team1}},
	}
	for _, tc := range cases {
		t.Run(string(tc.step), func(t *testing.T) {
			for _, a := range tc.refused {
				f := newFixture(t).to(tc.phase)
				before := f.audits()
				err := f.attemptAs(a, tc.step)
				require.Error(t, err, a.ID)
				assert.ErrorIs(t, err, relaciona.ErrForbidden, a.ID)
				fe := proctest.Forbidden(t, err)
				if a.ID == outsider.ID {
					assert.True(t, fe.NotListed, "an outsider is not in the directory")
				} else {
					assert.Contains(t, fe.NeedRoles, DefaultRoleEncargado)
				}
				assert.Equal(t, before, f.audits(), "nothing written")
				assert.Equal(t, tc.phase, f.phase())
			}
			for _, a := range tc.allowed {
				f := newFixture(t).to(tc.phase)
				before := f.audits()
				require.NoError(t, f.attemptAs(a, tc.step), a.ID)
				assert.Greater(t, f.audits(), before)
			}
		})
	}
	t.Run("run", func(t *testing.T) {
		f := newFixture(t).to(PhaseMonitoring)
		_, err := f.s.Run(f.ctx, gestor, day("2026-12-02"))
		assert.ErrorIs(t, err, relaciona.ErrForbidden)
		_, err = f.s.Run(f.ctx, job, day("2026-12-02"))
		assert.NoError(t, err)
	})
	t.Run("import", func(t *testing.T) {
		f := newFixture(t)
		err := f.s.Import(f.ctx, gestor, day("2026-01-05"), []Organisation{{ID: "nueva", Name: "Nueva"}}, nil)
		assert.ErrorIs(t, err, relaciona.ErrForbidden)
		require.NoError(t, f.s.AddOrganisation(f.ctx, gestor, day("2026-01-06"), Organisation{ID: "nueva", Name: "Nueva"}), "the Gestor adds candidates to the territorial study")
		err = f.s.AddOrganisation(f.ctx, team1, day("2026-01-06"), Organisation{ID: "otra", Name: "Otra"})
		assert.ErrorIs(t, err, relaciona.ErrForbidden)
	})
}

// attemptAs takes step as actor with valid arguments.
func (f *fixture) attemptAs(a relaciona.Actor, step Step) error {
	ctx, s, at := f.ctx, f.s, day("2026-12-15")
	switch step {
	case StepReviewRegistry:
		return errOf(s.ReviewRegistry(ctx, a, office, 2026, at, ""))
	case StepDiagnose:
		return errOf(s.Diagnose(ctx, a, office, at))
	case StepDecide:
		return errOf(s.Decide(ctx, a, office, at, true, "razón"))
	case StepSearch:
		return errOf(s.SearchPartners(ctx, a, office, at, SearchRequest{Objectives: []string{"emprendimiento"}}))
	case StepMeet:
		return s.Meet(ctx, a, f.search, "fosis-valparaiso", at, "reunión")
	case StepMonitor:
		return errOf(s.StartMonitoring(ctx, a, office, at))
	case StepMeasure:
		return s.RecordMeasurement(ctx, a, Measurement{Alliance: "convenio-sence", Date: at, Sent: 3, Accepted: 2})
	case StepRate:
		return errOf(s.Rate(ctx, a, "convenio-sence", at, 4, ""))
	case StepOpenReview:
		return errOf(s.OpenReview(ctx, a, office, at, false, nil))
	case StepDecideAlliance:
		return keep(ctx, s, a, "convenio-sence", at, "razón")
	case StepEnd:
		return errOf(s.End(ctx, a, "convenio-sence", at, "razón"))
	case StepCloseReview:
		return errOf(s.CloseReview(ctx, a, office, at))
	case StepClose:
		return errOf(s.CloseCycle(ctx, a, office, at))
	}
	return nil
}

// TestDiagnosisFindsCoverageDeepeningAndMissing: per objective, which
// alliances cover it, which are below target, which objectives have none,
// and which required resources nobody provides (seed 001, diagnosis).
func TestDiagnosisFindsCoverageDeepeningAndMissing(t *testing.T) {
	f := newFixture(t).to(PhaseRegistryReviewed)
	at := day("2026-01-15")
	require.NoError(t, f.s.RecordMeasurements(f.ctx, enc, []Measurement{
		// colocacion: 6/10 resolved (target 0.5) but 7 days to answer (target ≤ 5): deepen.
		{Alliance: "red-comercio", Date: at, Sent: 10, Accepted: 8, Resolved: 6, Answered: 10, AnswerDays: 7},
		// empleabilidad: 9/10 accepted (target 0.6): on target.
		{Alliance: "convenio-sence", Date: at, Sent: 10, Accepted: 9, Resolved: 5},
		// cuidados: manual satisfaction 4.5 (target 4): on target.
		{Alliance: "convenio-junji", Date: at, Sent: 2, Accepted: 2, Values: map[string]float64{"cuidados-satisfaccion": 4.5}},
	}))
	d, err := f.s.Diagnose(f.ctx, enc, office, day("2026-01-19"))
	require.NoError(t, err)
	want := map[string]Coverage{"colocacion": CoverageDeepen, "empleabilidad": CoverageOK, "inclusion": CoverageDeepen, "cuidados": CoverageOK, "emprendimiento": CoverageNone}
	for obj, c := range want {
		od, ok := d.Objective(obj)
		require.True(t, ok)
		assert.Equal(t, c, od.Status, obj)
	}
	col, _ := d.Objective("colocacion")
	require.Len(t, col.Alliances, 1)
	assert.Equal(t, CoverageDeepen, col.Alliances[0].Status)
	assert.True(t, col.Alliances[0].Indicators[0].Met, "resolution 60% meets 50%")
	assert.False(t, col.Alliances[0].Indicators[1].Met, "7 days miss the 5-day ceiling")
	inc, _ := d.Objective("inclusion")
	assert.Len(t, inc.Alliances, 2)
	for _, ac := range inc.Alliances {
		if ac.Alliance == "vinculo-inclusion" {
			assert.Equal(t, CoverageNoData, ac.Status)
		}
	}
	emp, _ := d.Objective("emprendimiento")
	assert.Equal(t, []string{"financiamiento", "asesoria"}, emp.MissingResources)
	assert.Contains(t, d.Gaps, Gap{Objective: "emprendimiento", Resource: "financiamiento"})
	assert.Contains(t, d.Gaps, Gap{Objective: "colocacion"})
	assert.NotContains(t, d.Gaps, Gap{Objective: "empleabilidad"})
	c, err := f.s.Cycle(f.ctx, office)
	require.NoError(t, err)
	require.NotNil(t, c.Diagnosis, "the diagnosis is kept in the cycle")
	assert.Equal(t, d.Gaps, c.Diagnosis.Gaps)
}

// TestPartnerSearchRanksAgainstGaps: candidates are ranked by the
// priority of the gaps they fill; current partners are left out; the
// shortlist is the best-ranked shortlist_size.
func TestPartnerSearchRanksAgainstGaps(t *testing.T) {
	f := newFixture(t).to(PhaseExpanding)
	x, err := f.s.Search(f.ctx, f.search)
	require.NoError(t, err)
	require.Len(t, x.Candidates, 2)
	// fosis offers both missing resources (2+2) and the objective (1);
	// the centro de negocios only asesoría (2) and the objective (1).
	assert.Equal(t, "fosis-valparaiso", x.Candidates[0].Organisation)
	assert.InDelta(t, 5.0, x.Candidates[0].Score, 1e-9)
	assert.Equal(t, "centro-negocios", x.Candidates[1].Organisation)
	assert.InDelta(t, 3.0, x.Candidates[1].Score, 1e-9)
	assert.Equal(t, []string{"fosis-valparaiso", "centro-negocios"}, x.Shortlist())

	all, err := f.s.SearchPartners(f.ctx, enc, office, day("2026-01-28"), SearchRequest{})
	require.NoError(t, err)
	for _, c := range all.Candidates {
		assert.NotContains(t, []string{"sence-valparaiso", "camara-comercio", "fundacion-inclusion", "jardin-junji"}, c.Organisation, "current partners are not candidates")
	}
	assert.Len(t, all.Shortlist(), 2)

	_, err = f.s.SearchPartners(f.ctx, enc, office, day("2026-01-28"), SearchRequest{Objectives: []string{"turismo"}})
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "unknown objective")
	_, err = f.s.SearchPartners(f.ctx, enc, office, day("2026-01-28"), SearchRequest{Objectives: []string{"emprendimiento"}, Shortlist: []string{"sence-valparaiso"}})
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "a current partner cannot be shortlisted")
}

// TestTeamDisagreementIsFlaggedAboveThreshold: a spread of ratings above
// monitoring.disagreement_spread is disagreement, at or below it is not;
// with fewer than min_raters the monitoring is not corroborated.
func TestTeamDisagreementIsFlaggedAboveThreshold(t *testing.T) {
	mon := Monitoring{DisagreementSpread: 2, MinRaters: 2}
	rs := func(scores ...int) []Rating {
		out := make([]Rating, len(scores))
		for i, s := range scores {
			out[i] = Rating{Score: s}
		}
		return out
	}
	cases := []struct {
		name                       string
		ratings                    []Rating
		disagreement, corroborated bool
	}{
		{"none", rs(), false, false},
		{"one rater", rs(5), false, false},
		{"spread at threshold", rs(3, 5), false, true},
		{"spread above threshold", rs(2, 5), true, false},
		{"three raters agree", rs(4, 4, 5), false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := Summarize(tc.ratings, mon)
			assert.Equal(t, tc.disagreement, s.Disagreement)
			assert.Equal(t, tc.corroborated, s.Corroborated)
		})
	}
	f := newFixture(t).to(PhaseMonitoring)
	_, err := f.s.Rate(f.ctx, team1, "red-comercio", day("2026-06-30"), 1, "no responden")
	require.NoError(t, err)
	_, err = f.s.Rate(f.ctx, team2, "red-comercio", day("2026-06-30"), 5, "excelente")
	require.NoError(t, err)
	sum, err := f.s.Run(f.ctx, job, day("2026-06-30"))
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Open[FlagDisagreement])
	// A rater who changes their mind replaces their rating.
	_, err = f.s.Rate(f.ctx, team1, "red-comercio", day("2026-07-15"), 4, "mejoró")
	require.NoError(t, err)
	rs2, err := f.s.Ratings(f.ctx, "red-comercio", 2026)
	require.NoError(t, err)
	assert.Len(t, rs2, 2)
	assert.False(t, Summarize(rs2, f.s.Config().Monitoring).Disagreement)
	_, err = f.s.Rate(f.ctx, team1, "red-comercio", day("2026-07-15"), 6, "")
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "outside the 1-5 scale")
}

// TestBadInputChangesNothing: unknown objectives or partners, a
// measurement for a dropped alliance, a review with missing data, two
// decisions for one alliance in one review, inconsistent counts.
func TestBadInputChangesNothing(t *testing.T) {
	f := newFixture(t).to(PhaseMonitoring)
	f.feed("2026-06-30")
	_, err := f.s.OpenReview(f.ctx, enc, office, day("2026-12-02"), false, nil)
	require.NoError(t, err)
	require.NoError(t, f.s.DecideAlliance(f.ctx, enc, "vinculo-inclusion", day("2026-12-03"), Drop, "no operativa"))
	require.NoError(t, keep(f.ctx, f.s, enc, "convenio-sence", day("2026-12-03"), "cumple"))
	at := day("2026-12-04")
	cases := []struct {
		name string
		call func() error
		want error
	}{
		{"unknown objective in agreement terms", func() error {
			return f.s.Import(f.ctx, enc, at, nil, []Alliance{{ID: "x", Office: office, Organisation: "fosis-valparaiso", Kind: KindAgreement, Objectives: []string{"turismo"}, Start: at}})
		}, relaciona.ErrInvalid},
		{"unknown partner", func() error {
			return f.s.Import(f.ctx, enc, at, nil, []Alliance{{ID: "x", Office: office, Organisation: "nadie", Kind: KindAgreement, Objectives: []string{"colocacion"}, Start: at}})
		}, relaciona.ErrInvalid},
		{"alliance already registered", func() error {
			return f.s.Import(f.ctx, enc, at, nil, []Alliance{{ID: "convenio-sence", Office: office, Organisation: "sence-valparaiso", Kind: KindAgreement, Objectives: []string{"colocacion"}, Start: at}})
		}, relaciona.ErrInvalid},
		{"measurement for a dropped alliance", func() error {
			return f.s.RecordMeasurement(f.ctx, enc, Measurement{Alliance: "vinculo-inclusion", Date: at, Sent: 1})
		}, relaciona.ErrInvalid},
		{"measurement for an unknown alliance", func() error {
			return f.s.RecordMeasurement(f.ctx, enc, Measurement{Alliance: "nada", Date: at, Sent: 1})
		}, relaciona.ErrNotFound},
		{"resolved above accepted", func() error {
			return f.s.RecordMeasurement(f.ctx, enc, Measurement{Alliance: "convenio-junji", Date: at, Sent: 5, Accepted: 2, Resolved: 3})
		}, relaciona.ErrInvalid},
		{"manual value of another objective", func() error {
			return f.s.RecordMeasurement(f.ctx, enc, Measurement{Alliance: "convenio-junji", Date: at, Values: map[string]float64{"colocacion-resueltas": 1}})
		}, relaciona.ErrInvalid},
		{"one bad measurement in a batch writes none", func() error {
			return f.s.RecordMeasurements(f.ctx, enc, []Measurement{{Alliance: "convenio-junji", Date: at, Sent: 1}, {Alliance: "vinculo-inclusion", Date: at, Sent: 1}})
		}, relaciona.ErrInvalid},
		{"same date twice", func() error {
			return f.s.RecordMeasurement(f.ctx, enc, Measurement{Alliance: "convenio-junji", Date: day("2026-06-30"), Sent: 1})
		}, relaciona.ErrInvalid},
		{"two decisions for one alliance in one review", func() error {
			return f.s.DecideAlliance(f.ctx, enc, "convenio-sence", at, Drop, "cambio de opinión")
		}, relaciona.ErrInvalid},
		{"decision without reason", func() error {
			return keep(f.ctx, f.s, enc, "convenio-junji", at, " ")
		}, relaciona.ErrInvalid},
		{"register without documents", func() error {
			return errOf(f.s.Register(f.ctx, enc, f.search, "fosis-valparaiso", at, "c", nil))
		}, relaciona.ErrInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.audits()
			err := tc.call()
			assert.ErrorIs(t, err, tc.want)
			assert.Equal(t, before, f.audits(), "nothing written")
		})
	}
	assert.Equal(t, StatusKept, f.status("convenio-sence"))
	n, err := f.s.Measurements(f.ctx, "convenio-junji", day("2026-01-01"), day("2026-12-31"))
	require.NoError(t, err)
	assert.Len(t, n, 1)
}

// TestReviewWithMissingDataIsRefused: a decision needs the year's hard data
// and enough team ratings; the dossier says what is missing.
func TestReviewWithMissingDataIsRefused(t *testing.T) {
	f := newFixture(t).to(PhaseMonitoring)
	require.NoError(t, f.s.RecordMeasurement(f.ctx, enc, Measurement{Alliance: "convenio-junji", Date: day("2026-05-31"), Sent: 4, Accepted: 4}))
	_, err := f.s.Rate(f.ctx, team1, "convenio-junji", day("2026-05-31"), 4, "")
	require.NoError(t, err)
	_, err = f.s.OpenReview(f.ctx, enc, office, day("2026-12-02"), false, nil)
	require.NoError(t, err)
	d, err := f.s.Dossier(f.ctx, "convenio-junji", day("2026-12-02"))
	require.NoError(t, err)
	assert.Equal(t, []string{"1 de 2 calificaciones del equipo"}, d.Missing)
	d, err = f.s.Dossier(f.ctx, "convenio-sence", day("2026-12-02"))
	require.NoError(t, err)
	assert.Len(t, d.Missing, 2)
	before := f.audits()
	err = keep(f.ctx, f.s, enc, "convenio-junji", day("2026-12-03"), "cumple")
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.ErrorContains(t, err, "calificaciones")
	assert.Equal(t, before, f.audits())
	_, err = f.s.Rate(f.ctx, team2, "convenio-junji", day("2026-12-03"), 5, "")
	require.NoError(t, err)
	require.NoError(t, keep(f.ctx, f.s, enc, "convenio-junji", day("2026-12-03"), "cumple"))
}

// TestDroppingOpensReplacementSearch: ending a dropped alliance opens, in
// the same batch, a search for the objectives it served, without its
// partner.
func TestDroppingOpensReplacementSearch(t *testing.T) {
	f := newFixture(t).to(PhaseReviewing)
	require.NoError(t, f.s.DecideAlliance(f.ctx, enc, "vinculo-inclusion", day("2026-12-03"), Drop, "no operativa"))
	before := f.audits()
	x, err := f.s.End(f.ctx, enc, "vinculo-inclusion", day("2026-12-04"), "sin derivaciones")
	require.NoError(t, err)
	assert.Equal(t, before+1, f.audits(), "one batch")
	assert.Equal(t, "vinculo-inclusion", x.Replaces)
	assert.Contains(t, x.Gaps, Gap{Objective: "inclusion", Resource: "apoyo_inclusion"})
	require.NotEmpty(t, x.Candidates)
	assert.Equal(t, "fundacion-emplea", x.Candidates[0].Organisation)
	for _, c := range x.Candidates {
		assert.NotEqual(t, "fundacion-inclusion", c.Organisation)
	}
	stored, err := f.s.Search(f.ctx, x.ID)
	require.NoError(t, err)
	assert.Equal(t, x.Candidates, stored.Candidates)
	a, err := f.s.Alliance(f.ctx, "vinculo-inclusion")
	require.NoError(t, err)
	assert.Equal(t, day("2026-12-04"), a.Ended)
	require.Len(t, a.Decisions, 1)
	assert.Equal(t, "no operativa", a.Decisions[0].Reason)
	var reason string
	for e, err := range f.store.Audit(f.ctx, 1) {
		require.NoError(t, err)
		if e.Action == "alliance.decide_alliance" {
			reason = e.Reason
		}
	}
	assert.Equal(t, "no operativa", reason, "the decision's reason is audited")
}

// TestRunFlagsAndIsIdempotent: the periodic job flags alliances without
// measurements for longer than the threshold and the yearly review once
// due; a second run on the same date changes nothing.
func TestRunFlagsAndIsIdempotent(t *testing.T) {
	f := newFixture(t).to(PhaseMonitoring)
	sum, err := f.s.Run(f.ctx, job, day("2026-02-15"))
	require.NoError(t, err)
	assert.Empty(t, sum.Raised, "45 days from the 2026-01-05 registration have not passed")
	require.NoError(t, f.s.RecordMeasurement(f.ctx, enc, Measurement{Alliance: "convenio-sence", Date: day("2026-02-20"), Sent: 2}))
	sum, err = f.s.Run(f.ctx, job, day("2026-03-01"))
	require.NoError(t, err)
	assert.Equal(t, 3, sum.Open[FlagNoMeasurement], "every alliance but convenio-sence")
	assert.Len(t, sum.Raised, 3)
	before := f.audits()
	again, err := f.s.Run(f.ctx, job, day("2026-03-01"))
	require.NoError(t, err)
	assert.Empty(t, again.Raised)
	assert.Equal(t, before, f.audits(), "a second run the same day writes nothing")
	later, err := f.s.Run(f.ctx, job, day("2026-03-31"))
	require.NoError(t, err)
	assert.Empty(t, later.Raised, "the same gap is flagged once")
	sum, err = f.s.Run(f.ctx, job, day("2026-12-01"))
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Open[FlagReviewDue])
	fl, err := f.s.Flags(f.ctx, office, day("2026-01-01"), day("2026-12-31"))
	require.NoError(t, err)
	assert.Len(t, fl, 5, "3 alliances, convenio-sence after its February measurement, review due")
}
