package satisfaction

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// TestRolesEnforcedPerActivity calls each activity first as an actor
// without its role (refused with a ForbiddenError naming the role, nothing
// changed: same audit count) and then as one with it (allowed).
func TestRolesEnforcedPerActivity(t *testing.T) {
	at := ts("2026-03-02T10:00:00Z")
	type act func(f *fixture, a relaciona.Actor, st *state) error
	cases := []struct {
		name    string
		setup   func(t *testing.T, f *fixture, st *state)
		refused func(f *fixture) relaciona.Actor
		allowed func(f *fixture) relaciona.Actor
		need    string
		do      act
	}{
		{"add client information", nil, exe, mgr, RoleManager, func(f *fixture, a relaciona.Actor, _ *state) error {
			_, err := f.p.AddInfo(f.ctx, a, InfoItem{Client: "salud", Source: SourceOwn, Title: "nuevo referente", At: at})
			return err
		}},
		// Not in the directory: the refusal names no role.
		{"report a complaint (anyone on the team)", nil, outsider, exe, "", func(f *fixture, a relaciona.Actor, _ *state) error {
			_, err := f.p.ReportComplaint(f.ctx, a, NewComplaint{Client: "salud", Service: "vpn", Channel: ChannelPhone, Scope: ScopeService}, at)
			return err
		}},
		{"follow a service complaint", reportService, owner, mgr, RoleManager, func(f *fixture, a relaciona.Actor, st *state) error {
			_, err := f.p.FollowComplaint(f.ctx, a, st.complaint, at)
			return err
		}},
		{"handle a complaint privately", reportOther, mgr, owner, RoleOwner, func(f *fixture, a relaciona.Actor, st *state) error {
			_, err := f.p.HandlePrivately(f.ctx, a, st.complaint, at)
			return err
		}},
		{"respond to a private complaint", func(t *testing.T, f *fixture, st *state) {
			reportOther(t, f, st)
			_, err := f.p.HandlePrivately(f.ctx, f.owner, st.complaint, at)
			require.NoError(t, err)
		}, mgr, owner, RoleOwner, func(f *fixture, a relaciona.Actor, st *state) error {
			_, err := f.p.RespondComplaint(f.ctx, a, st.complaint, ComplaintResponse{Text: "se revisó"}, at)
			return err
		}},
		{"design the interview", nil, dir, owner, RoleOwner, func(f *fixture, a relaciona.Actor, _ *state) error {
			_, err := f.p.DesignInterview(f.ctx, a, testDesign(2026), at)
			return err
		}},
		{"approve the interview design", designed, owner, dir, RoleDirection, func(f *fixture, a relaciona.Actor, _ *state) error {
			_, err := f.p.ApproveDesign(f.ctx, a, "interview-2026", at)
			return err
		}},
		{"record an interview", approved, exe, mgr, RoleManager, func(f *fixture, a relaciona.Actor, _ *state) error {
			_, err := f.p.RecordInterview(f.ctx, a, testInterview("salud", "2026-03-02"), at)
			return err
		}},
		{"agree a work plan", nil, mgr, owner, RoleOwner, func(f *fixture, a relaciona.Actor, _ *state) error {
			_, err := f.p.AgreeWorkPlan(f.ctx, a, "salud", day("2026-03-02"), "plan", ReasonNewClient, at)
			return err
		}},
		{"propose an action", nil, mgr, owner, RoleOwner, func(f *fixture, a relaciona.Actor, _ *state) error {
			_, err := f.p.ProposeAction(f.ctx, a, NewAction{Title: "x", Origin: OriginAnalysis}, at)
			return err
		}},
		{"record a work meeting", nil, dir, owner, RoleOwner, func(f *fixture, a relaciona.Actor, _ *state) error {
			_, err := f.p.RecordMeeting(f.ctx, a, MeetingInput{Date: day("2026-03-02"), Divisions: []string{"ops", "infra", "desk"}}, at)
			return err
		}},
		{"add a commitment", agreedAction, mgr, owner, RoleOwner, func(f *fixture, a relaciona.Actor, st *state) error {
			_, err := f.p.AddCommitment(f.ctx, a, NewCommitment{Action: st.action, Owner: "mgr-luis", Description: "d", Start: day("2026-03-02")}, at)
			return err
		}},
		// The client confirms, through the commitments register: the
		// team, the process owner included, does not confirm for it.
		{"record a client's confirmation", deliveredClientCommitment, owner, referent, "confirmer of client/salud", func(f *fixture, a relaciona.Actor, st *state) error {
			_, err := f.p.ConfirmCommitment(f.ctx, a, st.commitment, day("2026-03-20"), "referente", at)
			return err
		}},
		{"record availability", nil, owner, exe, RoleExecutor, func(f *fixture, a relaciona.Actor, _ *state) error {
			_, err := f.p.RecordAvailability(f.ctx, a, []Availability{{Service: "vpn", Date: day("2026-03-01"), ScheduledMinutes: 1440}}, at)
			return err
		}},
		{"import surveys", nil, exe, mgr, RoleManager, func(f *fixture, a relaciona.Actor, _ *state) error {
			_, err := f.p.ImportSurveys(f.ctx, a, []relaciona.SurveyResponse{{ID: "s1", Requester: "salud", Service: "vpn", Metric: "csat", Score: 5, Submitted: at}}, at)
			return err
		}},
		{"run the periodic job", nil, exe, mgr, RoleManager, func(f *fixture, a relaciona.Actor, _ *state) error {
			_, err := f.p.Run(f.ctx, a, day("2026-03-02"))
			return err
		}},
		{"a role the YAML does not assign", nil, func(f *fixture) relaciona.Actor {
			return relaciona.Actor{ID: "exe-sofia", Roles: []string{RoleOwner}} // claims owner; the YAML says executor
		}, owner, RoleOwner, func(f *fixture, a relaciona.Actor, _ *state) error {
			_, err := f.p.DesignInterview(f.ctx, a, testDesign(2026), at)
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			st := &state{}
			if tc.setup != nil {
				tc.setup(t, f, st)
			}
			before := f.auditCount(t)
			err := tc.do(f, tc.refused(f), st)
			require.Error(t, err)
			assert.True(t, errors.Is(err, relaciona.ErrForbidden), "%v", err)
			fe := proctest.Forbidden(t, err)
			if tc.need == "" {
				assert.True(t, fe.NotListed, "%v", err)
			} else {
				assert.Contains(t, fe.NeedRoles, tc.need)
			}
			assert.Equal(t, before, f.auditCount(t), "a refusal changes nothing")
			require.NoError(t, tc.do(f, tc.allowed(f), st))
			assert.Greater(t, f.auditCount(t), before)
		})
	}
}

type state struct {
	complaint  string
	action     string
	commitment string
}

func exe(f *fixture) relaciona.Actor    { return f.exe }
func mgr(f *fixture) relaciona.Actor    { return f.mgr }
func owner(f *fixture) relaciona.Actor  { return f.owner }
func referent(*fixture) relaciona.Actor { return relaciona.Actor{ID: "ref-salud"} }
func dir(f *fixture) relaciona.Actor    { return f.dir }
func outsider(*fixture) relaciona.Actor {
	return relaciona.Actor{ID: "visitor"}
}

func testDesign(year int) Design {
	return Design{Year: year, Title: "Entrevista anual", Questions: []Question{
		{ID: "general", Text: "¿Satisfacción general?", Kind: QuestionScore},
		{ID: "comms", Text: "¿Comunicación?", Kind: QuestionScore},
		{ID: "ideas", Text: "¿Qué mejoraría?", Kind: QuestionText},
	}}
}

func testInterview(client, date string) Interview {
	return Interview{Client: client, Design: "interview-" + date[:4], Date: day(date), Scores: map[string]int{"general": 4, "comms": 3}}
}

func reportService(t *testing.T, f *fixture, st *state) {
	c, err := f.p.ReportComplaint(f.ctx, f.exe, NewComplaint{Client: "salud", Service: "vpn", Channel: ChannelPhone, Scope: ScopeService, Summary: "la VPN se corta"}, ts("2026-03-01T09:00:00Z"))
	require.NoError(t, err)
	st.complaint = c.ID
}

func reportOther(t *testing.T, f *fixture, st *state) {
	c, err := f.p.ReportComplaint(f.ctx, f.exe, NewComplaint{Client: "salud", Channel: ChannelPhone, Scope: ScopeOther, Summary: "trato"}, ts("2026-03-01T09:00:00Z"))
	require.NoError(t, err)
	st.complaint = c.ID
}

func designed(t *testing.T, f *fixture, _ *state) {
	_, err := f.p.DesignInterview(f.ctx, f.owner, testDesign(2026), ts("2026-01-10T10:00:00Z"))
	require.NoError(t, err)
}

func approved(t *testing.T, f *fixture, st *state) {
	designed(t, f, st)
	_, err := f.p.ApproveDesign(f.ctx, f.dir, "interview-2026", ts("2026-01-12T10:00:00Z"))
	require.NoError(t, err)
}

func agreedAction(t *testing.T, f *fixture, st *state) {
	m, err := f.p.RecordMeeting(f.ctx, f.owner, MeetingInput{Date: day("2026-02-20"), Divisions: []string{"infra", "ops"}, Clients: []string{"salud"}, Absent: map[string]string{"desk": "sin acciones para la mesa"},
		NewActions: []NewAction{{Title: "Monitoreo de VPN", Division: "infra", Topic: "tiempos"}}}, ts("2026-02-20T15:00:00Z"))
	require.NoError(t, err)
	require.Len(t, m.Actions, 1)
	st.action = m.Actions[0]
}

func deliveredClientCommitment(t *testing.T, f *fixture, st *state) {
	agreedAction(t, f, st)
	c, err := f.p.AddCommitment(f.ctx, f.owner, NewCommitment{Action: st.action, Client: "salud", Confirmers: []string{"ref-salud"}, Owner: "mgr-luis", Description: "informe de monitoreo", Start: day("2026-03-02"), TermDays: 5}, ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.CompleteCommitment(f.ctx, f.mgr, c.ID, day("2026-03-06"), ts("2026-03-06T10:00:00Z"))
	require.NoError(t, err)
	st.commitment = c.ID
}

func TestOnlyTheCommitmentOwnerOrTheManagersCompleteIt(t *testing.T) {
	f := newFixture(t)
	st := &state{}
	agreedAction(t, f, st)
	c, err := f.p.AddCommitment(f.ctx, f.owner, NewCommitment{Action: st.action, Owner: "mgr-luis", Description: "x", Start: day("2026-03-02")}, ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)
	before := f.auditCount(t)
	_, err = f.p.CompleteCommitment(f.ctx, f.exe, c.ID, day("2026-03-03"), ts("2026-03-03T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "an executor completes only their own commitments")
	assert.Equal(t, before, f.auditCount(t))
	_, err = f.p.CompleteCommitment(f.ctx, f.owner, c.ID, day("2026-03-03"), ts("2026-03-03T10:00:00Z"))
	require.NoError(t, err)
}
