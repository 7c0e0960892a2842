package stakeholder

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// feedbackFixture: two requests on 1 February (camara answers, junta does
// not), camara's ratings 2, 4, 5 in January, February and March, and
// camara reassessed on 1 March one engagement level closer to its goal.
func feedbackFixture(t *testing.T) *fixture {
	f := newFixture(t, testYAML, true)
	reqs, err := f.svc.RequestFeedback(ctx, actor(4), noon(t, "2026-02-01"), day(t, "2026-02-01"), "Mesa de trabajo", "camara", "junta")
	require.NoError(t, err)
	require.Len(t, reqs, 2)
	_, err = f.svc.RecordFeedback(ctx, actor(4), noon(t, "2026-03-10"),
		Feedback{Stakeholder: "camara", Date: day(t, "2026-01-10"), Rating: 2, Comment: "Poca información"},
		Feedback{Stakeholder: "camara", Request: reqs[0].ID, Date: day(t, "2026-02-05"), Rating: 4},
		Feedback{Stakeholder: "camara", Date: day(t, "2026-03-10"), Rating: 5},
	)
	require.NoError(t, err)
	_, err = f.svc.Assess(ctx, actor(5), noon(t, "2026-03-01"),
		Assessment{Stakeholder: "camara", Date: day(t, "2026-03-01"), Power: 5, Interest: 5, Legitimacy: 5, Urgency: 4, Current: Supportive, Desired: Leading})
	require.NoError(t, err)
	return f
}

// effectiveness is f's Effectiveness from from to to (YYYY-MM-DD).
func (f *fixture) effectiveness(t *testing.T, from, to string) Effectiveness {
	t.Helper()
	e, err := f.svc.Effectiveness(ctx, day(t, from), day(t, to))
	require.NoError(t, err)
	return e
}

// byStakeholder is e's measure of each stakeholder, by id.
func byStakeholder(e Effectiveness) map[string]Measure {
	by := map[string]Measure{}
	for _, m := range e.ByStakeholder {
		by[m.Stakeholder.ID] = m.Measure
	}
	return by
}

func TestEffectivenessResponseRate(t *testing.T) {
	f := feedbackFixture(t)
	e := f.effectiveness(t, "2026-01-01", "2026-06-30")
	assert.Equal(t, 2, e.Overall.Requests)
	assert.Equal(t, 1, e.Overall.Responses)
	assert.InDelta(t, 0.5, e.Overall.ResponseRate, 1e-9)
	by := byStakeholder(e)
	assert.InDelta(t, 1.0, by["camara"].ResponseRate, 1e-9)
	assert.InDelta(t, 0.0, by["junta"].ResponseRate, 1e-9)
	assert.True(t, math.IsNaN(by["vecina"].ResponseRate), "no request: no rate")

	// A period that ends before the answer counts the request unanswered.
	e = f.effectiveness(t, "2026-02-01", "2026-02-03")
	assert.Equal(t, 0, e.Overall.Responses)
}

func TestEffectivenessAverageAndTrend(t *testing.T) {
	f := feedbackFixture(t)
	e := f.effectiveness(t, "2026-01-01", "2026-06-30")
	assert.Equal(t, 3, e.Overall.Ratings)
	assert.InDelta(t, 11.0/3, e.Overall.Average, 1e-9)
	assert.InDelta(t, 1.5, e.Overall.Trend, 1e-9, "ratings rise 1.5 points a month")
	assert.Equal(t, []MonthPoint{{"2026-01", 1, 2}, {"2026-02", 1, 4}, {"2026-03", 1, 5}}, e.Monthly)
	e = f.effectiveness(t, "2026-03-01", "2026-03-31")
	assert.True(t, math.IsNaN(e.Overall.Trend), "one month: no trend")
}

func TestEffectivenessEngagementGapClosure(t *testing.T) {
	f := feedbackFixture(t)
	e := f.effectiveness(t, "2026-01-01", "2026-06-30")
	by := byStakeholder(e)
	assert.Equal(t, 2, by["camara"].GapStart)
	assert.Equal(t, 1, by["camara"].GapEnd)
	assert.InDelta(t, 0.5, by["camara"].GapClosure, 1e-9)
	assert.InDelta(t, 0.0, by["junta"].GapClosure, 1e-9)
	assert.InDelta(t, 0.25, e.Overall.GapClosure, 1e-9)
	// Before the reassessment nothing has closed.
	e = f.effectiveness(t, "2026-01-01", "2026-02-28")
	assert.InDelta(t, 0.0, e.Overall.GapClosure, 1e-9)
}

func TestEffectivenessPerNestedGroup(t *testing.T) {
	f := feedbackFixture(t)
	e := f.effectiveness(t, "2026-01-01", "2026-06-30")
	by := map[string]GroupMeasure{}
	for _, g := range e.ByGroup {
		by[g.Group.ID] = g
	}
	assert.Equal(t, 1, by["gremios"].Members)
	assert.Equal(t, 2, by["externos"].Members, "externos holds junta and, through gremios, camara")
	assert.InDelta(t, 1.0, by["gremios"].ResponseRate, 1e-9)
	assert.InDelta(t, 0.5, by["externos"].ResponseRate, 1e-9)
	assert.InDelta(t, 0.25, by["externos"].GapClosure, 1e-9)
}

func TestRecordFeedbackRefusesBadInput(t *testing.T) {
	f := feedbackFixture(t)
	before := f.auditLen(t)
	reqs, err := f.svc.RequestFeedback(ctx, actor(4), noon(t, "2026-04-01"), day(t, "2026-04-01"), "x", "junta")
	require.NoError(t, err)
	before++
	for _, c := range []struct {
		fb    Feedback
		field string
	}{
		{Feedback{Stakeholder: "junta", Date: day(t, "2026-04-02"), Rating: 6}, "feedback[0].rating"},
		{Feedback{Stakeholder: "junta", Date: day(t, "2026-04-02"), Rating: 0}, "feedback[0].rating"},
		{Feedback{Stakeholder: "nadie", Date: day(t, "2026-04-02"), Rating: 3}, "feedback[0].stakeholder"},
		{Feedback{Stakeholder: "camara", Request: reqs[0].ID, Date: day(t, "2026-04-02"), Rating: 3}, "feedback[0].request"},
		{Feedback{Stakeholder: "junta", Request: "REQ-x", Date: day(t, "2026-04-02"), Rating: 3}, "feedback[0].request"},
	} {
		_, err := f.svc.RecordFeedback(ctx, actor(4), noon(t, "2026-04-02"), c.fb)
		ve := proctest.Invalid(t, err)
		assert.Equal(t, c.field, ve.Field)
	}
	assert.Equal(t, before, f.auditLen(t))
	_, err = f.svc.RecordFeedback(ctx, actor(4), noon(t, "2026-04-02"), Feedback{Stakeholder: "junta", Request: reqs[0].ID, Date: day(t, "2026-04-02"), Rating: 3})
	require.NoError(t, err)
	_, err = f.svc.RecordFeedback(ctx, actor(4), noon(t, "2026-04-02"), Feedback{Stakeholder: "junta", Request: reqs[0].ID, Date: day(t, "2026-04-02"), Rating: 3})
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a request is answered once")
}
