package stakeholder

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

func TestQuadrantFromPowerInterestThresholds(t *testing.T) {
	cfg := testConfig(t)
	cases := []struct {
		power, interest int
		want            Quadrant
	}{
		{5, 5, ManageClosely}, {3, 3, ManageClosely}, {3, 2, KeepSatisfied}, {5, 1, KeepSatisfied},
		{2, 3, KeepInformed}, {1, 5, KeepInformed}, {2, 2, Monitor}, {1, 1, Monitor},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, cfg.quadrant(c.power, c.interest), "power %d interest %d", c.power, c.interest)
	}
	// The thresholds come from YAML.
	cfg.Analysis.PowerThreshold = 4
	assert.Equal(t, KeepInformed, cfg.quadrant(3, 3))
}

func TestSalienceMitchellClasses(t *testing.T) {
	cases := []struct {
		p, l, u bool
		want    Salience
	}{
		{false, false, false, NoSalience},
		{true, false, false, Dormant},
		{false, true, false, Discretionary},
		{false, false, true, Demanding},
		{true, true, false, Dominant},
		{true, false, true, Dangerous},
		{false, true, true, Dependent},
		{true, true, true, Definitive},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, Classify(c.p, c.l, c.u))
	}
	cfg := testConfig(t)
	a := cfg.Derive(Assessment{Power: 4, Interest: 1, Legitimacy: 3, Urgency: 5, Current: Neutral, Desired: Neutral})
	assert.Equal(t, Dangerous, a.Salience, "legitimacy 3 is below the default salience threshold 4")
}

func TestEngagementGapIsDesiredMinusCurrent(t *testing.T) {
	cfg := testConfig(t)
	cases := []struct {
		cur, des Engagement
		gap      int
	}{
		{Unaware, Leading, 4}, {Resistant, Supportive, 2}, {Neutral, Neutral, 0}, {Leading, Supportive, -1},
	}
	for _, c := range cases {
		a := cfg.Derive(Assessment{Power: 1, Interest: 1, Current: c.cur, Desired: c.des})
		assert.Equal(t, c.gap, a.Gap, "%s → %s", c.cur, c.des)
	}
}

func TestReassessmentKeepsDatedHistory(t *testing.T) {
	f := newFixture(t, testYAML, true)
	_, err := f.svc.Assess(ctx, actor(5), noon(t, "2026-04-01"),
		Assessment{Stakeholder: "junta", Date: day(t, "2026-04-01"), Power: 4, Interest: 4, Current: Neutral, Desired: Supportive})
	require.NoError(t, err)
	// A late entry of an older assessment joins the history but does not
	// replace the latest.
	_, err = f.svc.Assess(ctx, actor(5), noon(t, "2026-04-02"),
		Assessment{Stakeholder: "junta", Date: day(t, "2026-02-01"), Power: 2, Interest: 5, Current: Resistant, Desired: Supportive})
	require.NoError(t, err)

	var dates []string
	for a, err := range f.svc.History(ctx, "junta") {
		require.NoError(t, err)
		dates = append(dates, a.Date.String())
	}
	assert.Equal(t, []string{"2026-01-05", "2026-02-01", "2026-04-01"}, dates)

	st, err := f.svc.Get(ctx, "junta")
	require.NoError(t, err)
	require.NotNil(t, st.Latest)
	assert.Equal(t, "2026-04-01", st.Latest.Date.String())
	assert.Equal(t, ManageClosely, st.Latest.Quadrant)
	assert.Equal(t, 1, st.Latest.Gap)
	assert.Equal(t, 3, st.Assessments)
}

func TestAssessRefusesScoresOutOfRangeAndChangesNothing(t *testing.T) {
	f := newFixture(t, testYAML, true)
	before := f.auditLen(t)
	cases := []struct {
		name  string
		a     Assessment
		field string
	}{
		{"power 6", Assessment{Stakeholder: "junta", Power: 6, Interest: 3, Current: Neutral, Desired: Neutral}, "assessments[0].power"},
		{"interest 0", Assessment{Stakeholder: "junta", Power: 3, Interest: 0, Current: Neutral, Desired: Neutral}, "assessments[0].interest"},
		{"urgency -1", Assessment{Stakeholder: "junta", Power: 3, Interest: 3, Urgency: -1, Current: Neutral, Desired: Neutral}, "assessments[0].urgency"},
		{"attitude 3", Assessment{Stakeholder: "junta", Power: 3, Interest: 3, Attitude: 3, Current: Neutral, Desired: Neutral}, "assessments[0].attitude"},
		{"unknown engagement", Assessment{Stakeholder: "junta", Power: 3, Interest: 3, Current: "hostile", Desired: Neutral}, "assessments[0].current"},
		{"unknown stakeholder", Assessment{Stakeholder: "nadie", Power: 3, Interest: 3, Current: Neutral, Desired: Neutral}, "assessments[0].stakeholder"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.a.Date = day(t, "2026-03-01")
			_, err := f.svc.Assess(ctx, actor(5), noon(t, "2026-03-01"), c.a)
			ve := proctest.Invalid(t, err)
			assert.Equal(t, c.field, ve.Field)
		})
	}
	assert.Equal(t, before, f.auditLen(t), "nothing written")
	st, err := f.svc.Get(ctx, "junta")
	require.NoError(t, err)
	assert.Equal(t, 1, st.Assessments)
}

func TestRegisterRefusesUnknownGroupsAndChannels(t *testing.T) {
	f := newFixture(t, testYAML, true)
	before := f.auditLen(t)
	_, err := f.svc.Register(ctx, actor(4), noon(t, "2026-02-01"), Stakeholder{ID: "nueva", Name: "Nueva", Type: Organisation, Groups: []string{"gremios", "nadie"}})
	ve := proctest.Invalid(t, err)
	assert.Equal(t, "groups[1]", ve.Field)
	_, err = f.svc.Register(ctx, actor(4), noon(t, "2026-02-01"), Stakeholder{ID: "nueva", Name: "Nueva", Type: Organisation, Channels: []string{"fax"}})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "channels[0]", ve.Field)
	assert.Equal(t, before, f.auditLen(t))
	_, err = f.svc.Get(ctx, "nueva")
	assert.ErrorIs(t, err, relaciona.ErrNotFound)
}

func TestRegisterUpdateKeepsAssessments(t *testing.T) {
	f := newFixture(t, testYAML, true)
	st, err := f.svc.Get(ctx, "camara")
	require.NoError(t, err)
	st.Contacts = append(st.Contacts, Contact{Name: "Otro Contacto"})
	st.Latest = nil // ignored: Register never touches the analysis
	_, err = f.svc.Register(ctx, actor(4), noon(t, "2026-02-01"), st)
	require.NoError(t, err)
	got, err := f.svc.Get(ctx, "camara")
	require.NoError(t, err)
	assert.Len(t, got.Contacts, 2)
	require.NotNil(t, got.Latest)
	assert.Equal(t, ManageClosely, got.Latest.Quadrant)
	assert.Equal(t, "2026-01-05", got.Registered.String())
}

func TestNestedGroupsRefuseCycles(t *testing.T) {
	f := newFixture(t, testYAML, true)
	before := f.auditLen(t)
	err := f.svc.DefineGroup(ctx, actor(5), noon(t, "2026-02-01"), Group{ID: "externos", Name: "Externos", Parent: "gremios"})
	ve := proctest.Invalid(t, err)
	assert.Equal(t, "parent", ve.Field)
	assert.Contains(t, ve.Msg, "externos → gremios → externos")
	err = f.svc.DefineGroup(ctx, actor(5), noon(t, "2026-02-01"), Group{ID: "x", Name: "X", Parent: "nadie"})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, before, f.auditLen(t))
	require.NoError(t, f.svc.DefineGroup(ctx, actor(5), noon(t, "2026-02-01"), Group{ID: "camaras", Name: "Cámaras", Parent: "gremios", Needs: []string{"Agenda conjunta"}}))
	gs, err := f.svc.Groups(ctx)
	require.NoError(t, err)
	assert.Len(t, gs, 3)
	assert.True(t, descendants(gs, "externos")["camaras"], "nesting is transitive")
}

func TestImportIsRepeatable(t *testing.T) {
	f := newFixture(t, testYAML, false)
	sum, err := f.svc.Import(ctx, actor(7), noon(t, "2026-01-05"))
	require.NoError(t, err)
	assert.Equal(t, ImportSummary{Groups: 2, Stakeholders: 3, Assessments: 2, PlanItems: 2}, sum, "the first import writes the whole register")
	sum, err = f.svc.Import(ctx, actor(7), noon(t, "2026-02-01"))
	require.NoError(t, err)
	assert.Equal(t, ImportSummary{Skipped: 7}, sum)
}
