package stakeholder

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

func openIssue(t *testing.T, f *fixture, id string, sev Severity, opened string) Issue {
	t.Helper()
	i, err := f.svc.OpenIssue(ctx, actor(4), noon(t, opened), Issue{ID: id, Stakeholder: "junta", Title: "Reclamo por obras", Severity: sev, Assignee: "p4"})
	require.NoError(t, err)
	return i
}

func run(t *testing.T, f *fixture, date string) RunSummary {
	t.Helper()
	sum, err := f.svc.Run(ctx, actor(0), day(t, date))
	require.NoError(t, err)
	return sum
}

func issue(t *testing.T, f *fixture, id string) Issue {
	t.Helper()
	i, err := f.svc.GetIssue(ctx, id)
	require.NoError(t, err)
	return i
}

func TestEscalationLimitsAreBusinessDaysPerSeverity(t *testing.T) {
	f := newFixture(t, testYAML, true)
	// Opened on Friday 2026-03-20; Monday 23 (San José), Thursday 2 and
	// Friday 3 April (Holy Week) are holidays in Colombia.
	cases := []struct {
		sev      Severity
		deadline string
	}{
		{Critical, "2026-03-24"}, {High, "2026-03-26"}, {Medium, "2026-03-30"}, {Low, "2026-04-08"},
	}
	for _, c := range cases {
		i := openIssue(t, f, "i-"+string(c.sev), c.sev, "2026-03-20")
		assert.Equal(t, c.deadline, i.Deadline.String(), "%s", c.sev)
		assert.Equal(t, 4, i.Level)
		assert.Equal(t, "p4", i.Owner)
		assert.True(t, i.Timer)
	}
}

func TestEscalationMovesToNextLevelOwner(t *testing.T) {
	f := newFixture(t, testYAML, true)
	openIssue(t, f, "i1", High, "2026-02-02") // level 4: 3 business days → Thursday 5

	assert.Zero(t, run(t, f, "2026-02-05").Escalated, "not past the deadline on the deadline itself")
	assert.Equal(t, 4, issue(t, f, "i1").Level)

	sum := run(t, f, "2026-02-06")
	assert.Equal(t, 1, sum.Escalated)
	i := issue(t, f, "i1")
	assert.Equal(t, 5, i.Level)
	assert.Equal(t, "p5", i.Owner, "the next level's owner from the chain")
	assert.Empty(t, i.Assignee, "the new owner assigns it again")
	assert.Equal(t, "2026-02-09", i.Deadline.String(), "level 5 gives high severity 2 business days from the missed deadline")
	require.Len(t, i.Escalations, 1)
	assert.Equal(t, Escalation{From: 4, To: 5, Date: day(t, "2026-02-06"), Missed: day(t, "2026-02-05"), Owner: "p5", RunDate: day(t, "2026-02-06"), Severity: High}, i.Escalations[0])

	run(t, f, "2026-02-10")
	i = issue(t, f, "i1")
	assert.Equal(t, 6, i.Level)
	assert.Equal(t, "p6", i.Owner)
	assert.False(t, i.Final)
}

func TestLevel7IsTheLastStopAndFlagged(t *testing.T) {
	f := newFixture(t, testYAML, true)
	openIssue(t, f, "i1", High, "2026-02-02")
	run(t, f, "2026-02-06")
	run(t, f, "2026-02-10")
	sum := run(t, f, "2026-02-12")
	assert.Equal(t, 1, sum.ReachedFinal)
	i := issue(t, f, "i1")
	assert.Equal(t, 7, i.Level)
	assert.Equal(t, "p7", i.Owner)
	assert.True(t, i.Final, "flagged as the last stop")
	assert.False(t, i.Timer, "level 7 has no term here: nothing further")
	assert.Zero(t, run(t, f, "2026-12-31").Escalated, "there is no level 8")
	assert.Equal(t, 7, issue(t, f, "i1").Level)
}

func TestLevel7TermFlagsTheIssueOverdueAtTheLastStop(t *testing.T) {
	y := strings.Replace(testYAML, "{level: 7, owner: p7}", "{level: 7, owner: p7, limits: {low: 10, medium: 5, high: 2, critical: 1}}", 1)
	f := newFixture(t, y, true)
	openIssue(t, f, "i1", High, "2026-02-02")
	sum := run(t, f, "2026-02-13") // level 7 from the 12th, term to Friday 13
	assert.Equal(t, 3, sum.Steps)
	assert.False(t, issue(t, f, "i1").OverdueAtFinal)
	sum = run(t, f, "2026-02-16")
	assert.Equal(t, 1, sum.OverdueAtFinal)
	i := issue(t, f, "i1")
	assert.True(t, i.OverdueAtFinal)
	assert.Equal(t, "2026-02-14", i.OverdueSince.String())
	assert.Equal(t, 7, i.Level)
	assert.Zero(t, run(t, f, "2026-02-17").Escalated, "flagged once")
}

func TestEscalationIsIdempotentAndAudited(t *testing.T) {
	f := newFixture(t, testYAML, true)
	openIssue(t, f, "i1", Critical, "2026-02-02")
	openIssue(t, f, "i2", Low, "2026-02-02")
	before := f.auditLen(t)
	first := run(t, f, "2026-02-04")
	assert.Equal(t, 1, first.Escalated)
	assert.Equal(t, 2, first.Batches, "the escalation, and the notices of overdue communications")
	after := f.auditLen(t)
	assert.Equal(t, before+2, after)

	var esc relaciona.AuditEntry
	for e, err := range f.store.Audit(ctx, before+1) {
		require.NoError(t, err)
		if e.Action == "stakeholder.escalate" {
			esc = e
		}
	}
	assert.Equal(t, "stakeholder.escalate", esc.Action)
	assert.Equal(t, relaciona.SystemActor().ID, esc.Actor)
	assert.Equal(t, "2026-02-04", esc.Time.UTC().Format("2006-01-02"), "stamped with the run's date")
	require.Len(t, esc.Changes, 3, "the issue, its escalation timer, and its notice to the new owner (the file names no one above the old)")
	assert.Equal(t, "stakeholder.issue", esc.Changes[0].Kind)
	assert.Equal(t, "i1", esc.Changes[0].ID)
	assert.Equal(t, relaciona.NotificationKind, esc.Changes[2].Kind)

	again := run(t, f, "2026-02-04")
	assert.Zero(t, again.Escalated)
	assert.Zero(t, again.Batches)
	assert.Equal(t, after, f.auditLen(t), "a second run for the same date writes nothing")
}

func TestEscalationCatchesUpMissedRuns(t *testing.T) {
	daily := newFixture(t, testYAML, true)
	once := newFixture(t, testYAML, true)
	openIssue(t, daily, "i1", High, "2026-02-02")
	openIssue(t, once, "i1", High, "2026-02-02")
	for d := day(t, "2026-02-03"); !d.After(day(t, "2026-02-20")); d = d.AddDays(1) {
		run(t, daily, d.String())
	}
	sum := run(t, once, "2026-02-20")
	assert.Equal(t, 3, sum.Steps, "one run climbs every level missed")
	a, b := issue(t, daily, "i1"), issue(t, once, "i1")
	for k := range a.Escalations {
		a.Escalations[k].RunDate, b.Escalations[k].RunDate = day(t, "2000-01-01"), day(t, "2000-01-01")
	}
	assert.Equal(t, a, b, "the result depends on the date, not on how often Run ran")
	assert.Equal(t, []string{"2026-02-06", "2026-02-10", "2026-02-12"}, []string{b.Escalations[0].Date.String(), b.Escalations[1].Date.String(), b.Escalations[2].Date.String()})
}

func TestResolvedIssuesDoNotEscalate(t *testing.T) {
	f := newFixture(t, testYAML, true)
	openIssue(t, f, "i1", High, "2026-02-02")
	_, err := f.svc.AddCorrectiveAction(ctx, actor(4), noon(t, "2026-02-03"), "i1", CorrectiveAction{Action: "Visita de obra con la junta", Owner: "p4", Due: day(t, "2026-02-04")})
	require.NoError(t, err)
	_, err = f.svc.CompleteCorrectiveAction(ctx, actor(4), noon(t, "2026-02-04"), "i1", 0, day(t, "2026-02-04"))
	require.NoError(t, err)
	i, err := f.svc.ResolveIssue(ctx, actor(4), noon(t, "2026-02-04"), "i1", Resolution{Text: "Se acordó horario de obras", RootCause: "communication", Lessons: []LessonInput{{Text: "Avisar a la junta antes de empezar obras"}}})
	require.NoError(t, err)
	assert.Equal(t, IssueResolved, i.Status)
	assert.Equal(t, "p4", i.ResolvedBy)
	assert.Zero(t, run(t, f, "2026-03-01").Escalated)
	assert.Equal(t, 4, issue(t, f, "i1").Level)
	_, err = f.svc.ResolveIssue(ctx, actor(4), noon(t, "2026-02-05"), "i1", Resolution{Text: "otra", RootCause: "communication"})
	require.ErrorIs(t, err, relaciona.ErrInvalid)
}

func TestIssueRegisterIsSearchable(t *testing.T) {
	f := newFixture(t, testYAML, true)
	openIssue(t, f, "i1", High, "2026-02-02")
	openIssue(t, f, "i2", Low, "2026-02-02")
	_, err := f.svc.ResolveIssue(ctx, actor(4), noon(t, "2026-02-03"), "i1", Resolution{Text: "Se acordó horario", RootCause: "communication", Lessons: []LessonInput{{Text: "Avisar a la JUNTA antes de las obras"}}})
	require.NoError(t, err)
	find := func(q IssueQuery) []string {
		return idsOf(t, f.svc.SearchIssues(ctx, q), func(i Issue) string { return i.ID })
	}
	assert.Equal(t, []string{"i1"}, find(IssueQuery{Text: "avisar a la junta"}), "lessons learned are searched, case-insensitively")
	assert.Equal(t, []string{"i2"}, find(IssueQuery{Status: IssueOpen}))
	assert.Equal(t, []string{"i1"}, find(IssueQuery{Severity: High}))
	assert.ElementsMatch(t, []string{"i1", "i2"}, find(IssueQuery{Stakeholder: "junta"}))
	assert.Empty(t, find(IssueQuery{Stakeholder: "camara"}))
}

func TestOpenIssueRefusesBadInputAndGeneratesIDs(t *testing.T) {
	f := newFixture(t, testYAML, true)
	before := f.auditLen(t)
	for _, c := range []struct {
		is    Issue
		field string
	}{
		{Issue{Stakeholder: "nadie", Title: "x", Severity: Low}, "stakeholder"},
		{Issue{Stakeholder: "junta", Title: "x", Severity: "urgent"}, "severity"},
		{Issue{Stakeholder: "junta", Title: " ", Severity: Low}, "title"},
		{Issue{Stakeholder: "junta", Title: "x", Severity: Low, Level: 3}, "level"},
		{Issue{Stakeholder: "junta", Title: "x", Severity: Low, Assignee: "p3"}, "assignee"},
	} {
		_, err := f.svc.OpenIssue(ctx, actor(4), noon(t, "2026-02-02"), c.is)
		ve := proctest.Invalid(t, err)
		assert.Equal(t, c.field, ve.Field)
	}
	assert.Equal(t, before, f.auditLen(t))
	a, err := f.svc.OpenIssue(ctx, actor(4), noon(t, "2026-02-02"), Issue{Stakeholder: "junta", Title: "x", Severity: Low})
	require.NoError(t, err)
	b, err := f.svc.OpenIssue(ctx, actor(4), noon(t, "2026-02-02"), Issue{Stakeholder: "junta", Title: "y", Severity: Low})
	require.NoError(t, err)
	assert.Equal(t, "ISS-20260202-0001", a.ID)
	assert.Equal(t, "ISS-20260202-0002", b.ID)
}

func TestPreviewEscalationsWritesNothing(t *testing.T) {
	f := newFixture(t, testYAML, true)
	openIssue(t, f, "i1", High, "2026-02-02")
	before := f.auditLen(t)
	var got []Issue
	for i, err := range f.svc.PreviewEscalations(ctx, day(t, "2026-02-20")) {
		require.NoError(t, err)
		got = append(got, i)
	}
	require.Len(t, got, 1)
	assert.Equal(t, 7, got[0].Level)
	assert.Equal(t, 4, issue(t, f, "i1").Level)
	assert.Equal(t, before, f.auditLen(t))
}
