package stakeholder

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// permCase is one permission rule: an operation, the level it needs, and a
// read-back of what it would change.
type permCase struct {
	name   string
	action Action
	level  int
	setup  func(t *testing.T, f *fixture)
	op     func(t *testing.T, f *fixture, a relaciona.Actor) error
	state  func(t *testing.T, f *fixture) any
}

func countOf[T any](t *testing.T, seq func(yield func(T, error) bool)) int {
	n := 0
	for _, err := range seq {
		require.NoError(t, err)
		n++
	}
	return n
}

func permissionCases() []permCase {
	interaction := func(t *testing.T) Interaction {
		return Interaction{Stakeholder: "junta", Date: day(t, "2026-02-02"), Channel: "meeting", Direction: TwoWay, Summary: "Reunión", Sentiment: 1}
	}
	stakeholderField := func(id string, get func(Stakeholder) any) func(t *testing.T, f *fixture) any {
		return func(t *testing.T, f *fixture) any {
			st, err := f.svc.Get(ctx, id)
			if err != nil {
				return err.Error()
			}
			return get(st)
		}
	}
	// setContactPoint registers stakeholder id again with person as its
	// contact point.
	setContactPoint := func(id, person string) func(t *testing.T, f *fixture, a relaciona.Actor) error {
		return func(t *testing.T, f *fixture, a relaciona.Actor) error {
			st, err := f.svc.Get(ctx, id)
			require.NoError(t, err)
			st.ContactPoint = person
			_, err = f.svc.Register(ctx, a, noon(t, "2026-02-02"), st)
			return err
		}
	}
	openAt := func(level int) func(t *testing.T, f *fixture) {
		return func(t *testing.T, f *fixture) {
			_, err := f.svc.OpenIssue(ctx, actor(4), noon(t, "2026-02-02"), Issue{ID: "i1", Stakeholder: "junta", Title: "Queja", Severity: High, Level: level})
			require.NoError(t, err)
		}
	}
	resolve := func(t *testing.T, f *fixture, a relaciona.Actor) error {
		_, err := f.svc.ResolveIssue(ctx, a, noon(t, "2026-02-03"), "i1", Resolution{Text: "Atendida", RootCause: "communication", Lessons: []LessonInput{{Text: "Responder antes"}}})
		return err
	}
	issueStatus := func(t *testing.T, f *fixture) any {
		i, err := f.svc.GetIssue(ctx, "i1")
		require.NoError(t, err)
		return i.Status
	}
	return []permCase{
		{name: "register a stakeholder", action: ActRegister, level: 4,
			op: func(t *testing.T, f *fixture, a relaciona.Actor) error {
				_, err := f.svc.Register(ctx, a, noon(t, "2026-02-02"), Stakeholder{ID: "nueva", Name: "Nueva", Type: Organisation})
				return err
			},
			state: stakeholderField("nueva", func(s Stakeholder) any { return s.Name })},
		{name: "assess", action: ActAssess, level: 5,
			op: func(t *testing.T, f *fixture, a relaciona.Actor) error {
				_, err := f.svc.Assess(ctx, a, noon(t, "2026-02-02"), Assessment{Stakeholder: "junta", Date: day(t, "2026-02-02"), Power: 4, Interest: 4, Current: Neutral, Desired: Leading})
				return err
			},
			state: stakeholderField("junta", func(s Stakeholder) any { return s.Assessments })},
		{name: "define group needs", action: ActDefineGroupNeeds, level: 5,
			op: func(t *testing.T, f *fixture, a relaciona.Actor) error {
				return f.svc.DefineGroup(ctx, a, noon(t, "2026-02-02"), Group{ID: "academia", Name: "Academia", Needs: []string{"Datos abiertos"}})
			},
			state: func(t *testing.T, f *fixture) any {
				gs, err := f.svc.Groups(ctx)
				require.NoError(t, err)
				return len(gs)
			}},
		{name: "turn strategy into plan items", action: ActPlan, level: 5,
			op: func(t *testing.T, f *fixture, a relaciona.Actor) error {
				_, err := f.svc.AddPlanItem(ctx, a, noon(t, "2026-02-02"), PlanItem{ID: "taller", Stakeholder: "junta", Objective: "Taller", Channel: "event", Frequency: Frequency{3, Months}, Owner: "p4", Start: day(t, "2026-03-01")})
				return err
			},
			state: func(t *testing.T, f *fixture) any {
				ps, err := f.svc.PlanItems(ctx, "")
				require.NoError(t, err)
				return len(ps)
			}},
		{name: "assign a single point of contact", action: ActContactPoint, level: 5,
			op: setContactPoint("junta", "p5"), state: stakeholderField("junta", func(s Stakeholder) any { return s.ContactPoint })},
		{name: "own a key stakeholder", action: ActOwnKeyStakeholder, level: 6,
			op: setContactPoint("camara", "p7"), state: stakeholderField("camara", func(s Stakeholder) any { return s.ContactPoint })},
		{name: "log an interaction", action: ActLogInteraction, level: 4,
			op: func(t *testing.T, f *fixture, a relaciona.Actor) error {
				_, err := f.svc.LogInteraction(ctx, a, noon(t, "2026-02-02"), interaction(t))
				return err
			},
			state: func(t *testing.T, f *fixture) any {
				return countOf(t, f.svc.Interactions(ctx, "", day(t, "2026-01-01"), day(t, "2026-12-31")))
			}},
		{name: "carry out a plan item", action: ActCarryOutPlan, level: 4,
			op: func(t *testing.T, f *fixture, a relaciona.Actor) error {
				it := interaction(t)
				it.Stakeholder, it.PlanItem = "camara", "comite"
				_, err := f.svc.LogInteraction(ctx, a, noon(t, "2026-02-02"), it)
				return err
			},
			state: func(t *testing.T, f *fixture) any {
				ps, err := f.svc.PlanItems(ctx, PlanActive)
				require.NoError(t, err)
				return ps[0].Done + ps[1].Done
			}},
		{name: "record a negotiated agreement", action: ActRecordAgreement, level: 6,
			op: func(t *testing.T, f *fixture, a relaciona.Actor) error {
				it := interaction(t)
				it.Agreement = &Agreement{Terms: "Mesa de trabajo mensual", Until: day(t, "2026-12-31")}
				_, err := f.svc.LogInteraction(ctx, a, noon(t, "2026-02-02"), it)
				return err
			},
			state: func(t *testing.T, f *fixture) any {
				return countOf(t, f.svc.Interactions(ctx, "", day(t, "2026-01-01"), day(t, "2026-12-31")))
			}},
		{name: "open an issue", action: ActHandleIssue, level: 4,
			op: func(t *testing.T, f *fixture, a relaciona.Actor) error {
				_, err := f.svc.OpenIssue(ctx, a, noon(t, "2026-02-02"), Issue{Stakeholder: "junta", Title: "Queja", Severity: Low})
				return err
			},
			state: func(t *testing.T, f *fixture) any { return countOf(t, f.svc.SearchIssues(ctx, IssueQuery{})) }},
		{name: "add a corrective action", action: ActHandleIssue, level: 4, setup: openAt(4),
			op: func(t *testing.T, f *fixture, a relaciona.Actor) error {
				_, err := f.svc.AddCorrectiveAction(ctx, a, noon(t, "2026-02-03"), "i1", CorrectiveAction{Action: "Llamar", Owner: "p4"})
				return err
			},
			state: func(t *testing.T, f *fixture) any {
				i, err := f.svc.GetIssue(ctx, "i1")
				require.NoError(t, err)
				return len(i.Actions)
			}},
		{name: "resolve an issue at level 4", action: ActHandleIssue, level: 4, setup: openAt(4), op: resolve, state: issueStatus},
		{name: "resolve an issue escalated to level 5", action: ActHandleIssue, level: 5, setup: openAt(5), op: resolve, state: issueStatus},
		{name: "resolve an issue escalated to level 6", action: ActHandleIssue, level: 6, setup: openAt(6), op: resolve, state: issueStatus},
		{name: "close an issue escalated to level 7", action: ActCloseEscalated, level: 7, setup: openAt(7), op: resolve, state: issueStatus},
		{name: "record feedback", action: ActRecordFeedback, level: 4,
			op: func(t *testing.T, f *fixture, a relaciona.Actor) error {
				_, err := f.svc.RecordFeedback(ctx, a, noon(t, "2026-02-02"), Feedback{Stakeholder: "junta", Date: day(t, "2026-02-02"), Rating: 4})
				return err
			},
			state: func(t *testing.T, f *fixture) any {
				e, err := f.svc.Effectiveness(ctx, day(t, "2026-01-01"), day(t, "2026-12-31"))
				require.NoError(t, err)
				return e.Overall.Ratings
			}},
		{name: "approve the plan", action: ActApprove, level: 6,
			setup: func(t *testing.T, f *fixture) {
				_, err := f.svc.AddPlanItem(ctx, actor(5), noon(t, "2026-02-01"), PlanItem{ID: "taller", Stakeholder: "junta", Objective: "Taller", Channel: "event", Frequency: Frequency{3, Months}, Owner: "p4", Start: day(t, "2026-03-01")})
				require.NoError(t, err)
			},
			op: func(t *testing.T, f *fixture, a relaciona.Actor) error {
				_, err := f.svc.ApprovePlan(ctx, a, noon(t, "2026-02-02"), "taller")
				return err
			},
			state: func(t *testing.T, f *fixture) any {
				ps, err := f.svc.PlanItems(ctx, PlanDraft)
				require.NoError(t, err)
				return len(ps)
			}},
		{name: "approve the strategy", action: ActApprove, level: 6,
			op: func(t *testing.T, f *fixture, a relaciona.Actor) error {
				_, err := f.svc.ApproveStrategy(ctx, a, noon(t, "2026-02-02"), "Relaciones de confianza", []string{"Mesa con gremios"})
				return err
			},
			state: func(t *testing.T, f *fixture) any {
				s, err := f.svc.Strategy(ctx)
				require.NoError(t, err)
				return s.Approach
			}},
		{name: "set the principles", action: ActSetPrinciples, level: 7,
			op: func(t *testing.T, f *fixture, a relaciona.Actor) error {
				_, err := f.svc.SetPrinciples(ctx, a, noon(t, "2026-02-02"), []string{"Transparencia", "Reciprocidad"})
				return err
			},
			state: func(t *testing.T, f *fixture) any {
				s, err := f.svc.Strategy(ctx)
				require.NoError(t, err)
				return len(s.Principles)
			}},
	}
}

// TestPermissionsBySFIALevel checks every permission at the level below
// (refused with ErrForbidden naming the level; nothing changed, by
// read-back and by the audit count) and at the level required (allowed).
func TestPermissionsBySFIALevel(t *testing.T) {
	for _, c := range permissionCases() {
		t.Run(fmt.Sprintf("%s needs level %d", c.name, c.level), func(t *testing.T) {
			f := newFixture(t, testYAML, true)
			if c.setup != nil {
				c.setup(t, f)
			}
			before, audit := c.state(t, f), f.auditLen(t)

			err := c.op(t, f, actor(c.level-1))
			require.ErrorIs(t, err, relaciona.ErrForbidden)
			var fe *relaciona.ForbiddenError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, c.level, fe.NeedLevel, "the error names the level needed")
			assert.Contains(t, err.Error(), fmt.Sprintf("SFIA level %d", c.level))
			assert.Equal(t, before, c.state(t, f), "nothing changed")
			assert.Equal(t, audit, f.auditLen(t), "nothing audited")

			require.NoError(t, c.op(t, f, actor(c.level)))
			assert.NotEqual(t, before, c.state(t, f), "the change is made at the level required")
			assert.Equal(t, audit+1, f.auditLen(t), "one audited batch")
		})
	}
}

func TestPermissionOverrideFromYAMLIsEnforced(t *testing.T) {
	y := strings.Replace(testYAML, "name: Prueba\n", "name: Prueba\npermissions: {carry_out_plan: 5, run: 5}\n", 1)
	y = strings.ReplaceAll(y, "owner: p4, start", "owner: p5, start") // plan owners must carry it out
	f := newFixture(t, y, true)
	it := Interaction{Stakeholder: "camara", Date: day(t, "2026-02-02"), Channel: "meeting", Direction: TwoWay, Summary: "Comité", PlanItem: "comite"}
	_, err := f.svc.LogInteraction(ctx, actor(4), noon(t, "2026-02-02"), it)
	var fe *relaciona.ForbiddenError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, 5, fe.NeedLevel)
	assert.Equal(t, "stakeholder.carry_out_plan", fe.Action)
	it.PlanItem = ""
	_, err = f.svc.LogInteraction(ctx, actor(4), noon(t, "2026-02-02"), it)
	require.NoError(t, err, "logging without carrying out the plan keeps level 4")

	_, err = f.svc.Run(ctx, actor(4), day(t, "2026-03-01"))
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "stakeholder.run", fe.Action)
	_, err = f.svc.Run(ctx, actor(5), day(t, "2026-03-01"))
	require.NoError(t, err)
}

// TestDirectoryDecides checks that who may act, and at what SFIA level,
// comes from the directory, never from what the caller claims: a person
// not in it may do nothing, a level or role it does not give is not held,
// and the actor used from then on is the directory's. A refusal changes
// nothing (read back, and by the audit count).
func TestDirectoryDecides(t *testing.T) {
	// dir gives p5 level 7 and lists no p3: WithDirectory replaces the
	// file's actors.
	dir, err := relaciona.NewRoster(
		relaciona.Person{ID: "p4", Name: "Cuatro", Level: 4},
		relaciona.Person{ID: "p5", Name: "Directora", Level: 7},
		relaciona.Person{ID: "p6", Name: "Seis", Level: 6},
		relaciona.Person{ID: "p7", Name: "Siete", Level: 7})
	require.NoError(t, err)
	everything := []string{relaciona.RoleSystem, "process_owner", "admin"}
	cases := []struct {
		name      string
		dir       *relaciona.Directory // nil: the file's actors
		actor     relaciona.Actor
		run       bool // the periodic job (level 5 here) instead of setting the principles (level 7)
		notListed bool
		have      int    // the level the refusal says the directory gives
		wantES    string // in the Spanish text of the refusal
		allowed   bool
	}{
		{name: "not in the file, claiming level 7 and every role",
			actor: relaciona.Actor{ID: "intruso", Name: "Intruso", Level: 7, Roles: everything}, notListed: true, wantES: "no figura en el directorio"},
		{name: "not in the file, running the job with its role",
			actor: relaciona.Actor{ID: "cron", Roles: []string{relaciona.RoleSystem}, Level: 7}, run: true, notListed: true, wantES: "no figura en el directorio"},
		{name: "listed at level 5, claiming 7",
			actor: relaciona.Actor{ID: "p5", Level: 7}, have: 5, wantES: "el directorio le da el nivel 5"},
		{name: "listed at level 4, claiming the job's role and level 7",
			actor: relaciona.Actor{ID: "p4", Level: 7, Roles: everything}, run: true, have: 4, wantES: "el directorio le da el nivel 4"},
		{name: "the file's level-7 person, claiming nothing",
			actor: relaciona.Actor{ID: "p7"}, allowed: true},
		{name: "the directory, not the file: p3 is not in it",
			dir: dir, actor: relaciona.Actor{ID: "p3", Level: 7}, run: true, notListed: true, wantES: "no figura en el directorio"},
		{name: "the directory, not the file: p6 claiming 7 is at 6",
			dir: dir, actor: relaciona.Actor{ID: "p6", Level: 7}, have: 6, wantES: "el directorio le da el nivel 6"},
		{name: "the directory, not the file: p5 is at level 7 there",
			dir: dir, actor: relaciona.Actor{ID: "p5", Level: 1}, allowed: true},
	}
	y := strings.Replace(testYAML, "name: Prueba\n", "name: Prueba\npermissions: {run: 5}\n", 1)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, y, true, WithDirectory(tc.dir))
			openIssue(t, f, "i1", Critical, "2026-02-02")
			audit := f.auditLen(t)
			var err error
			if tc.run {
				_, err = f.svc.Run(ctx, tc.actor, day(t, "2026-02-10"))
			} else {
				_, err = f.svc.SetPrinciples(ctx, tc.actor, noon(t, "2026-02-10"), []string{"Transparencia"})
			}
			st, serr := f.svc.Strategy(ctx)
			require.NoError(t, serr)
			is, ierr := f.svc.GetIssue(ctx, "i1")
			require.NoError(t, ierr)
			if tc.allowed {
				require.NoError(t, err)
				assert.Equal(t, audit+1, f.auditLen(t))
				assert.Equal(t, tc.actor.ID, f.lastAudit(t).Actor, "the audit records the directory's person")
				assert.Equal(t, tc.actor.ID, st.PrinciplesBy)
				return
			}
			require.ErrorIs(t, err, relaciona.ErrForbidden)
			var fe *relaciona.ForbiddenError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.notListed, fe.NotListed)
			if !tc.notListed {
				assert.True(t, fe.Checked, "looked up in the directory")
				assert.Equal(t, tc.have, fe.HaveLevel)
				need := 7
				if tc.run {
					need = 5
				}
				assert.Equal(t, need, fe.NeedLevel)
				assert.Contains(t, fe.Text(relaciona.Spanish), fmt.Sprintf("nivel SFIA %d", need), "names the level needed")
			}
			assert.Contains(t, fe.Text(relaciona.Spanish), tc.wantES)
			assert.Equal(t, audit, f.auditLen(t), "nothing audited")
			assert.Empty(t, st.Principles, "no principles set")
			assert.Equal(t, 4, is.Level, "no escalation")
		})
	}
}

func TestContactPointMustHoldTheLevel(t *testing.T) {
	f := newFixture(t, testYAML, true)
	st, err := f.svc.Get(ctx, "junta")
	require.NoError(t, err)
	st.ContactPoint = "p4" // level 4 cannot be a single point of contact
	_, err = f.svc.Register(ctx, actor(7), noon(t, "2026-02-02"), st)
	ve := proctest.Invalid(t, err)
	assert.Equal(t, "contact_point", ve.Field)

	key, err := f.svc.Get(ctx, "camara")
	require.NoError(t, err)
	key.ContactPoint = "p5" // a key stakeholder needs level 6
	_, err = f.svc.Register(ctx, actor(7), noon(t, "2026-02-02"), key)
	require.ErrorAs(t, err, &ve)
	assert.Contains(t, ve.Msg, "necesita 6")
}
