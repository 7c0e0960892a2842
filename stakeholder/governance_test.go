package stakeholder

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// fullApproach is an approach with every section, the IT ↔ end-users
// relationship owned by p7.
func fullApproach() Approach {
	return Approach{
		Vision:         "Relaciones de confianza con cada parte interesada",
		Roles:          []RoleAssignment{{Role: "Responsable del relacionamiento", Person: "p6"}, {Role: "Gestor", Person: "p5"}},
		Governance:     []string{"Comité trimestral de relacionamiento"},
		Policies:       []string{"Toda interacción se registra"},
		Processes:      []string{"Análisis, plan, seguimiento"},
		Tools:          []string{"relaciona"},
		Support:        []string{"Mesa de ayuda"},
		Principles:     []string{"Transparencia", "Reciprocidad"},
		ITRelationship: "p7",
	}
}

func fieldOf(t testing.TB, err error) string {
	t.Helper()
	return proctest.Invalid(t, err, "a validation error, got %v", err).Field
}

// TestApproachProposedAtSixApprovedAtSeven: seed 000 "Diseña el enfoque
// ..." and "Nivel 7": "Determina el enfoque estratégico ... Define y logra
// acuerdo sobre los principios". Level 6 proposes, only level 7 approves,
// and the approval records who agreed; a later approved version
// supersedes the earlier one.
func TestApproachProposedAtSixApprovedAtSeven(t *testing.T) {
	f := newFixture(t, testYAML, true)
	_, err := f.svc.ProposeApproach(ctx, actor(5), noon(t, "2026-01-07"), fullApproach())
	require.ErrorIs(t, err, relaciona.ErrForbidden)

	v1, err := f.svc.ProposeApproach(ctx, actor(6), noon(t, "2026-01-07"), fullApproach())
	require.NoError(t, err)
	assert.Equal(t, 1, v1.Version)
	assert.Equal(t, ApproachProposed, v1.Status)
	assert.Equal(t, "p6", v1.ProposedBy)
	assert.Equal(t, "stakeholder.propose_approach", f.lastAudit(t).Action)

	before := f.auditLen(t)
	_, err = f.svc.ApproveApproach(ctx, actor(6), noon(t, "2026-01-08"), 1, []string{"p5"})
	var fe *relaciona.ForbiddenError
	require.ErrorAs(t, err, &fe, "level 6 may not approve the strategic approach")
	assert.Equal(t, before, f.auditLen(t), "a refusal writes nothing")
	_, ok, err := f.svc.CurrentApproach(ctx)
	require.NoError(t, err)
	assert.False(t, ok)

	a1, err := f.svc.ApproveApproach(ctx, actor(7), noon(t, "2026-01-08"), 1, []string{"p6", "p5"})
	require.NoError(t, err)
	assert.Equal(t, ApproachApproved, a1.Status)
	assert.Equal(t, "p7", a1.ApprovedBy)
	assert.Equal(t, []string{"p7", "p6", "p5"}, a1.AgreedBy)
	assert.Equal(t, "stakeholder.approve_approach", f.lastAudit(t).Action)

	_, err = f.svc.ApproveApproach(ctx, actor(7), noon(t, "2026-01-09"), 1, []string{"p6"})
	assert.Equal(t, "version", fieldOf(t, err), "an approved version is not approved again")

	v2 := fullApproach()
	v2.Principles = append(v2.Principles, "Escucha activa")
	p2, err := f.svc.ProposeApproach(ctx, actor(6), noon(t, "2026-03-02"), v2)
	require.NoError(t, err)
	assert.Equal(t, 2, p2.Version)
	_, err = f.svc.ApproveApproach(ctx, actor(7), noon(t, "2026-03-03"), 2, []string{"p6"})
	require.NoError(t, err)
	cur, ok, err := f.svc.CurrentApproach(ctx)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, 2, cur.Version)
	all, err := f.svc.Approaches(ctx)
	require.NoError(t, err)
	require.Len(t, all, 2)
	assert.Equal(t, ApproachSuperseded, all[0].Status)
	assert.Equal(t, ApproachApproved, all[1].Status)
}

// TestApproachNeedsEverySection: the approach includes "roles y
// responsabilidades, gobernanza, políticas, procesos y herramientas, y
// mecanismos de apoyo", the vision and the principles (seed 000).
func TestApproachNeedsEverySection(t *testing.T) {
	f := newFixture(t, testYAML, false)
	for _, c := range []struct {
		field string
		edit  func(*Approach)
	}{
		{"vision", func(a *Approach) { a.Vision = " " }},
		{"roles", func(a *Approach) { a.Roles = nil }},
		{"roles[0].role", func(a *Approach) { a.Roles[0].Role = "" }},
		{"roles[1].person", func(a *Approach) { a.Roles[1].Person = "nadie" }},
		{"governance", func(a *Approach) { a.Governance = nil }},
		{"policies", func(a *Approach) { a.Policies = nil }},
		{"processes", func(a *Approach) { a.Processes = nil }},
		{"tools", func(a *Approach) { a.Tools = nil }},
		{"support", func(a *Approach) { a.Support = nil }},
		{"principles", func(a *Approach) { a.Principles = nil }},
		{"principles[1]", func(a *Approach) { a.Principles[1] = "" }},
		{"it_relationship", func(a *Approach) { a.ITRelationship = "p6" }},
	} {
		t.Run(c.field, func(t *testing.T) {
			a := fullApproach()
			c.edit(&a)
			_, err := f.svc.ProposeApproach(ctx, actor(6), noon(t, "2026-01-07"), a)
			assert.Equal(t, c.field, fieldOf(t, err))
		})
	}
}

// TestApproachNeedsLevelSevenITRelationship: level 7 holds "la
// responsabilidad de la relación entre las funciones de TI y los usuarios
// finales" (seed 000): an approach without that person, or with one below
// level 7, is not approved.
func TestApproachNeedsLevelSevenITRelationship(t *testing.T) {
	f := newFixture(t, testYAML, false)
	a := fullApproach()
	a.ITRelationship = ""
	_, err := f.svc.ProposeApproach(ctx, actor(6), noon(t, "2026-01-07"), a)
	require.NoError(t, err, "a draft may leave it open")
	_, err = f.svc.ApproveApproach(ctx, actor(7), noon(t, "2026-01-08"), 1, []string{"p6"})
	assert.Equal(t, "it_relationship", fieldOf(t, err))

	a.ITRelationship = "p6"
	_, err = f.svc.ProposeApproach(ctx, actor(6), noon(t, "2026-01-07"), a)
	assert.Equal(t, "it_relationship", fieldOf(t, err))
	assert.Contains(t, err.Error(), "7")
}

// TestApproachApprovalRecordsAgreement: "logra acuerdo" (seed 000): the
// approval names who agreed besides the approver, all in the directory.
func TestApproachApprovalRecordsAgreement(t *testing.T) {
	f := newFixture(t, testYAML, false)
	_, err := f.svc.ProposeApproach(ctx, actor(6), noon(t, "2026-01-07"), fullApproach())
	require.NoError(t, err)
	_, err = f.svc.ApproveApproach(ctx, actor(7), noon(t, "2026-01-08"), 1, nil)
	assert.Equal(t, "agreed_by", fieldOf(t, err))
	_, err = f.svc.ApproveApproach(ctx, actor(7), noon(t, "2026-01-08"), 1, []string{"p7"})
	assert.Equal(t, "agreed_by", fieldOf(t, err), "the approver alone is no agreement")
	_, err = f.svc.ApproveApproach(ctx, actor(7), noon(t, "2026-01-08"), 1, []string{"p6", "x"})
	assert.Equal(t, "agreed_by[1]", fieldOf(t, err))
}

// TestConcurrentProposalsGetDistinctVersions: two proposals at once get
// versions 1 and 2 (the version is created with expected version 0).
func TestConcurrentProposalsGetDistinctVersions(t *testing.T) {
	f := newFixture(t, testYAML, false)
	got, errs := proctest.Race(2, func(int) (Approach, error) {
		return f.svc.ProposeApproach(ctx, actor(6), noon(t, "2026-01-07"), fullApproach())
	})
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	assert.ElementsMatch(t, []int{1, 2}, []int{got[0].Version, got[1].Version})
}

// approve approves the full approach on date.
func (f *fixture) approve(t testing.TB, date string) {
	t.Helper()
	a, err := f.svc.ProposeApproach(ctx, actor(6), noon(t, date), fullApproach())
	require.NoError(t, err)
	_, err = f.svc.ApproveApproach(ctx, actor(7), noon(t, date), a.Version, []string{"p6"})
	require.NoError(t, err)
}

// TestMonitoringReviewOnePerPeriodAtSix: seed 000 "Nivel 6": "Supervisa el
// monitoreo de las relaciones, incluidas las lecciones aprendidas y los
// comentarios apropiados". Level 6 records one review per period, with a
// snapshot of the figures it saw and its conclusions.
func TestMonitoringReviewOnePerPeriodAtSix(t *testing.T) {
	f := newFixture(t, testYAML, true)
	_, err := f.svc.RequestFeedback(ctx, actor(4), noon(t, "2026-02-02"), day(t, "2026-02-02"), "Trimestre", "camara")
	require.NoError(t, err)
	_, err = f.svc.RecordMonitoringReview(ctx, actor(5), noon(t, "2026-03-31"), day(t, "2026-02-01"), "Bien")
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	_, err = f.svc.RecordMonitoringReview(ctx, actor(6), noon(t, "2026-03-31"), day(t, "2026-02-01"), " ")
	assert.Equal(t, "conclusions", fieldOf(t, err))
	_, err = f.svc.RecordMonitoringReview(ctx, actor(6), noon(t, "2026-03-31"), day(t, "2026-04-01"), "Antes de tiempo")
	assert.Equal(t, "period", fieldOf(t, err), "a period not started cannot be reviewed")
	_, err = f.svc.RecordMonitoringReview(ctx, actor(6), noon(t, "2026-03-31"), day(t, "2026-02-01"), "Bien", "no-existe")
	assert.Equal(t, "actions", fieldOf(t, err))

	r, err := f.svc.RecordMonitoringReview(ctx, actor(6), noon(t, "2026-03-31"), day(t, "2026-02-01"), "Respuesta baja: insistir")
	require.NoError(t, err)
	assert.Equal(t, "2026-Q1", r.Period)
	assert.Equal(t, day(t, "2026-01-01"), r.From)
	assert.Equal(t, day(t, "2026-03-31"), r.To)
	assert.Equal(t, 1, r.Figures.Requests, "the figures it saw are stored")
	assert.Equal(t, "p6", r.Reviewer)
	assert.Equal(t, "stakeholder.review_monitoring", f.lastAudit(t).Action)

	_, err = f.svc.RecordMonitoringReview(ctx, actor(6), noon(t, "2026-04-02"), day(t, "2026-03-15"), "Otra")
	assert.Equal(t, "period", fieldOf(t, err), "one review per period")
	rs, err := f.svc.MonitoringReviews(ctx, day(t, "2026-01-01"), day(t, "2026-12-31"))
	require.NoError(t, err)
	assert.Len(t, rs, 1)
}

// TestMonitoringReviewOnceUnderConcurrency: two reviews of one period at
// once: exactly one is written (a claim in the batch).
func TestMonitoringReviewOnceUnderConcurrency(t *testing.T) {
	f := newFixture(t, testYAML, true)
	_, errs := proctest.Race(2, func(int) (MonitoringReview, error) {
		return f.svc.RecordMonitoringReview(ctx, actor(6), noon(t, "2026-03-31"), day(t, "2026-03-01"), "Conclusión")
	})
	assert.Equal(t, 1, proctest.Winners(t, errs), "errors: %v", errs)
	rs, err := f.svc.MonitoringReviews(ctx, day(t, "2026-01-01"), day(t, "2026-12-31"))
	require.NoError(t, err)
	assert.Len(t, rs, 1)
}

// TestRunNotifiesAMissingReview: once the approach is approved, a period
// that ends without its review is told, once, to the level-6 owner.
func TestRunNotifiesAMissingReview(t *testing.T) {
	f := newFixture(t, testYAML, true)
	_, err := f.svc.Run(ctx, actor(0), day(t, "2026-04-02"))
	require.NoError(t, err)
	assert.Empty(t, f.notices(t, NoticeReviewMissing), "no approach, no governance to monitor")

	f.approve(t, "2026-01-08")
	sum, err := f.svc.Run(ctx, actor(0), day(t, "2026-03-31"))
	require.NoError(t, err)
	assert.Empty(t, f.notices(t, NoticeReviewMissing), "the quarter has not ended")
	sum, err = f.svc.Run(ctx, actor(0), day(t, "2026-04-02"))
	require.NoError(t, err)
	ns := f.notices(t, NoticeReviewMissing)
	require.Len(t, ns, 1)
	assert.Equal(t, "p6", ns[0].To.Person)
	assert.Equal(t, "2026-Q1", ns[0].Fields["period"])
	assert.Equal(t, "2026-03-31", ns[0].Due)
	assert.GreaterOrEqual(t, sum.Notified, 1)
	again, err := f.svc.Run(ctx, actor(0), day(t, "2026-04-03"))
	require.NoError(t, err)
	assert.Zero(t, again.Notified)
	assert.Len(t, f.notices(t, NoticeReviewMissing), 1, "told once")

	_, err = f.svc.RecordMonitoringReview(ctx, actor(6), noon(t, "2026-06-30"), day(t, "2026-05-01"), "Bien")
	require.NoError(t, err)
	_, err = f.svc.Run(ctx, actor(0), day(t, "2026-07-02"))
	require.NoError(t, err)
	assert.Len(t, f.notices(t, NoticeReviewMissing), 1, "Q2 was reviewed")
}

// TestImprovementActionsDirectedAtSix: seed 000 "Nivel 6": "Dirige
// acciones para mejorar las relaciones y las comunicaciones abiertas con y
// entre los interesados": level 6 directs an action between two or more
// stakeholders, with an owner and a due date; it is tracked to done, and
// Run tells the owner and the director once when it is overdue.
func TestImprovementActionsDirectedAtSix(t *testing.T) {
	f := newFixture(t, testYAML, true)
	a := ImprovementAction{ID: "MEJ-1", Stakeholders: []string{"camara", "junta"}, Action: "Mesa conjunta comercio y comunidad", Owner: "p4", Due: day(t, "2026-02-27")}
	_, err := f.svc.DirectImprovement(ctx, actor(5), noon(t, "2026-02-02"), a)
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	for _, c := range []struct {
		field string
		edit  func(*ImprovementAction)
	}{
		{"stakeholders", func(a *ImprovementAction) { a.Stakeholders = []string{"camara"} }},
		{"stakeholders", func(a *ImprovementAction) { a.Stakeholders = []string{"camara", "camara"} }},
		{"stakeholders[1]", func(a *ImprovementAction) { a.Stakeholders = []string{"camara", "x"} }},
		{"action", func(a *ImprovementAction) { a.Action = "" }},
		{"owner", func(a *ImprovementAction) { a.Owner = "p3" }},
		{"due", func(a *ImprovementAction) { a.Due = day(t, "2026-01-30") }},
	} {
		b := a
		b.Stakeholders = slicesClone(a.Stakeholders)
		c.edit(&b)
		_, err := f.svc.DirectImprovement(ctx, actor(6), noon(t, "2026-02-02"), b)
		assert.Equal(t, c.field, fieldOf(t, err))
	}
	got, err := f.svc.DirectImprovement(ctx, actor(6), noon(t, "2026-02-02"), a)
	require.NoError(t, err)
	assert.Equal(t, ImprovementOpen, got.Status)
	assert.Equal(t, "p6", got.DirectedBy)
	_, err = f.svc.DirectImprovement(ctx, actor(6), noon(t, "2026-02-02"), a)
	require.ErrorIs(t, err, relaciona.ErrConflict, "an id is used once")

	_, err = f.svc.Run(ctx, actor(0), day(t, "2026-02-27"))
	require.NoError(t, err)
	assert.Empty(t, f.notices(t, NoticeImprovementOverdue), "due today is not overdue")
	_, err = f.svc.Run(ctx, actor(0), day(t, "2026-03-02"))
	require.NoError(t, err)
	ns := f.notices(t, NoticeImprovementOverdue)
	assert.ElementsMatch(t, []string{"p4", "p6"}, proctest.Recipients(ns))
	_, err = f.svc.Run(ctx, actor(0), day(t, "2026-03-03"))
	require.NoError(t, err)
	assert.Len(t, f.notices(t, NoticeImprovementOverdue), 2, "told once")

	_, err = f.svc.CompleteImprovement(ctx, actor(5), noon(t, "2026-03-04"), "MEJ-1", "Hecha")
	require.ErrorIs(t, err, relaciona.ErrForbidden, "neither the owner nor level 6")
	done, err := f.svc.CompleteImprovement(ctx, actor(4), noon(t, "2026-03-04"), "MEJ-1", "Mesa realizada")
	require.NoError(t, err)
	assert.Equal(t, ImprovementDone, done.Status)
	_, err = f.svc.CompleteImprovement(ctx, actor(6), noon(t, "2026-03-05"), "MEJ-1", "Otra vez")
	assert.Equal(t, "id", fieldOf(t, err))
	all, err := f.svc.Improvements(ctx)
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.False(t, all[0].Overdue(day(t, "2026-04-01")))
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// TestMostImportantManagedAtSeven: seed 000 "Nivel 7": "Gestiona
// activamente las relaciones con los interesados más importantes". A most
// important stakeholder has a level-7 owner (a lower one is refused) who
// interacts with it at least every most_important_max_days business days;
// Run tells the owner and the person above once per lapse.
func TestMostImportantManagedAtSeven(t *testing.T) {
	dir, err := relaciona.NewRoster(
		relaciona.Person{ID: "p3", Level: 3}, relaciona.Person{ID: "p4", Level: 4}, relaciona.Person{ID: "p5", Level: 5},
		relaciona.Person{ID: "p6", Level: 6}, relaciona.Person{ID: "p7", Level: 7},
		relaciona.Person{ID: "p7b", Level: 7, Manager: "p7"})
	require.NoError(t, err)
	y := strings.Replace(testYAML, "name: Prueba\n", "name: Prueba\ngovernance: {most_important_max_days: 10}\n", 1)
	f := newFixture(t, y, true, WithDirectory(dir))
	_, err = f.svc.DesignateMostImportant(ctx, actor(6), noon(t, "2026-02-02"), "camara", "p7")
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	_, err = f.svc.DesignateMostImportant(ctx, actor(7), noon(t, "2026-02-02"), "camara", "p6")
	assert.Equal(t, "owner", fieldOf(t, err), "a lower-level owner is refused")
	_, err = f.svc.DesignateMostImportant(ctx, actor(7), noon(t, "2026-02-02"), "nadie", "p7")
	assert.Equal(t, "stakeholder", fieldOf(t, err))
	m, err := f.svc.DesignateMostImportant(ctx, actor(7), noon(t, "2026-02-02"), "camara", "p7b")
	require.NoError(t, err)
	assert.Equal(t, "p7b", m.Owner)

	// 10 business days from Monday 2 February 2026 is Monday 16 February.
	_, err = f.svc.Run(ctx, actor(0), day(t, "2026-02-16"))
	require.NoError(t, err)
	assert.Empty(t, f.notices(t, NoticeMostImportantLapsed))
	_, err = f.svc.Run(ctx, actor(0), day(t, "2026-02-17"))
	require.NoError(t, err)
	ns := f.notices(t, NoticeMostImportantLapsed)
	assert.ElementsMatch(t, []string{"p7b", "p7"}, proctest.Recipients(ns), "the owner and the person above")
	_, err = f.svc.Run(ctx, actor(0), day(t, "2026-02-18"))
	require.NoError(t, err)
	assert.Len(t, f.notices(t, NoticeMostImportantLapsed), 2, "told once per lapse")

	// Someone else's interaction does not count; the owner's does.
	_, err = f.svc.LogInteraction(ctx, actor(6), noon(t, "2026-02-18"), Interaction{Stakeholder: "camara", Date: day(t, "2026-02-18"), Channel: "meeting", Direction: TwoWay, Summary: "Comité"})
	require.NoError(t, err)
	st, err := f.svc.MostImportantStakeholders(ctx, day(t, "2026-02-19"))
	require.NoError(t, err)
	require.Len(t, st, 1)
	assert.True(t, st[0].Lapsed)
	_, err = f.svc.LogInteraction(ctx, relaciona.Actor{ID: "p7b"}, noon(t, "2026-02-19"), Interaction{Stakeholder: "camara", Date: day(t, "2026-02-19"), Channel: "phone", Direction: Outbound, Summary: "Llamada"})
	require.NoError(t, err)
	st, err = f.svc.MostImportantStakeholders(ctx, day(t, "2026-02-20"))
	require.NoError(t, err)
	assert.False(t, st[0].Lapsed)
	assert.Equal(t, day(t, "2026-02-19"), st[0].LastOwnerInteraction)
	_, err = f.svc.Run(ctx, actor(0), day(t, "2026-03-06"))
	require.NoError(t, err)
	assert.Len(t, f.notices(t, NoticeMostImportantLapsed), 4, "a new lapse is told again")
}

// TestApprovePlanCombinesFormalAndInformal: seed 000 "Creativamente
// combina canales de comunicación formales e informales": approving a plan
// that leaves a most important stakeholder (or, with channel_mix: key, a
// manage-closely one) with only formal or only informal channels is
// refused, naming it.
func TestApprovePlanCombinesFormalAndInformal(t *testing.T) {
	for _, c := range []struct {
		name, mix  string
		designate  bool
		refused    bool
		withPhone  bool
		mustMatchF string
	}{
		{name: "most important, formal only", designate: true, refused: true},
		{name: "most important, mixed", designate: true, withPhone: true},
		{name: "not designated", refused: false},
		{name: "key mode, formal only", mix: "key", refused: true},
		{name: "off", mix: "off", designate: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			y := testYAML
			if c.mix != "" {
				y = strings.Replace(y, "name: Prueba\n", "name: Prueba\ngovernance: {channel_mix: "+c.mix+"}\n", 1)
			}
			f := newFixture(t, y, false)
			_, err := f.svc.Import(ctx, actor(7), noon(t, "2026-01-05"))
			require.NoError(t, err)
			if c.designate {
				_, err := f.svc.DesignateMostImportant(ctx, actor(7), noon(t, "2026-01-05"), "camara", "p7")
				require.NoError(t, err)
			}
			if c.withPhone {
				_, err := f.svc.AddPlanItem(ctx, actor(5), noon(t, "2026-01-05"), PlanItem{ID: "cafe", Stakeholder: "camara", Objective: "Confianza", Channel: "phone",
					Frequency: Frequency{1, Months}, Owner: "p4", Start: day(t, "2026-01-20")})
				require.NoError(t, err)
			}
			before := f.auditLen(t)
			n, err := f.svc.ApprovePlan(ctx, actor(6), noon(t, "2026-01-06"))
			if !c.refused {
				require.NoError(t, err)
				assert.Positive(t, n)
				return
			}
			assert.Equal(t, "ids", fieldOf(t, err))
			assert.Contains(t, err.Error(), `"camara"`)
			assert.Contains(t, err.Error(), "formales")
			assert.Equal(t, before, f.auditLen(t), "nothing is approved")
		})
	}
}

// TestGovernanceConfigErrors: bad governance values are refused with
// file:line:col (schema) or the field (a Config built in Go).
func TestGovernanceConfigErrors(t *testing.T) {
	for _, bad := range []string{"governance: {monitoring_period: weekly}\n", "governance: {most_important_max_days: 0}\n", "governance: {channel_mix: all}\n"} {
		_, err := ParseConfig("g.yaml", []byte(strings.Replace(testYAML, "name: Prueba\n", "name: Prueba\n"+bad, 1)), relaciona.Spanish)
		require.ErrorIs(t, err, relaciona.ErrInvalid, bad)
		assert.Contains(t, err.Error(), "g.yaml:4:", bad)
	}
	cfg, err := ParseConfig("g.yaml", []byte(testYAML), relaciona.Spanish)
	require.NoError(t, err)
	assert.Equal(t, GovernanceConfig{MonitoringPeriod: "quarter", MostImportantMaxDays: 60, ChannelMix: "most_important"}, GovernanceConfig{
		MonitoringPeriod: cfg.Governance.MonitoringPeriod, MostImportantMaxDays: cfg.Governance.MostImportantMaxDays, ChannelMix: cfg.Governance.ChannelMix})
	cfg.Governance.MostImportantMaxDays = 400
	cfg.Governance.ChannelMix = "all"
	err = cfg.Check(relaciona.English)
	assert.ErrorContains(t, err, "governance.most_important_max_days")
	assert.ErrorContains(t, err, "governance.channel_mix")
}

// TestMonitoringPeriods: the period that holds a date, for each setting.
func TestMonitoringPeriods(t *testing.T) {
	for _, c := range []struct {
		period, id, from, to string
	}{
		{"month", "2026-02", "2026-02-01", "2026-02-28"},
		{"quarter", "2026-Q1", "2026-01-01", "2026-03-31"},
		{"half", "2026-H1", "2026-01-01", "2026-06-30"},
		{"year", "2026", "2026-01-01", "2026-12-31"},
	} {
		cfg := Config{Governance: GovernanceConfig{MonitoringPeriod: c.period}}
		id, from, to := cfg.monitoringPeriod(day(t, "2026-02-14"))
		assert.Equal(t, c.id, id)
		assert.Equal(t, []calendar.Date{day(t, c.from), day(t, c.to)}, []calendar.Date{from, to})
	}
}
