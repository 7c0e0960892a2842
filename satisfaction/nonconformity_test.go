package satisfaction

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// ncAt brings a new non-conformity to state (escalated on 2026-03-02)
// through the table's steps, each by its role, and returns its id.
func (f *fixture) ncAt(t *testing.T, state NCStatus, n int) string {
	t.Helper()
	at := ts("2026-03-02T10:00:00Z").Add(time.Duration(n) * time.Minute)
	to := RoleManager
	if state != NCAtManager {
		to = RoleOwner
	}
	nc, err := f.p.EscalateNonConformity(f.ctx, f.exe, NewNonConformity{Title: fmt.Sprintf("Encuesta sin enviar %d", n), Client: "identidad"}, to, at)
	require.NoError(t, err)
	if state == NCAtManager || state == NCAtOwner {
		return nc.ID
	}
	_, err = f.p.AddNCAction(f.ctx, f.owner, nc.ID, NCAction{Action: "Reenviar la encuesta", Owner: "mgr-luis", Due: day("2026-03-06")}, at.Add(time.Hour))
	require.NoError(t, err)
	if state == NCInProgress {
		return nc.ID
	}
	_, err = f.p.CompleteNCAction(f.ctx, f.owner, nc.ID, 0, day("2026-03-04"), at.Add(2*time.Hour))
	require.NoError(t, err)
	_, err = f.p.CloseNonConformity(f.ctx, f.owner, nc.ID, "Se verificó el envío en el sistema de tickets", at.Add(3*time.Hour))
	require.NoError(t, err)
	return nc.ID
}

// TestNCStateTableRefusesInvalidTransitions takes every step from every
// state, by the step's role, and checks it is allowed exactly when the
// table has it; a refused step changes nothing.
func TestNCStateTableRefusesInvalidTransitions(t *testing.T) {
	states := []NCStatus{NCAtManager, NCAtOwner, NCInProgress, NCClosed}
	steps := []NCStep{NCRefer, NCAddAction, NCCompleteAction, NCClose}
	// The table of seed 003 §4, written out by hand: the package's table
	// must allow these and nothing else.
	allowed := map[[2]string]bool{
		{string(NCAtManager), string(NCRefer)}:           true,
		{string(NCAtOwner), string(NCAddAction)}:         true,
		{string(NCInProgress), string(NCAddAction)}:      true,
		{string(NCInProgress), string(NCCompleteAction)}: true,
		{string(NCInProgress), string(NCClose)}:          true,
	}
	for _, st := range states {
		for _, step := range steps {
			t.Run(string(st)+"/"+string(step), func(t *testing.T) {
				f := newFixture(t)
				id := f.ncAt(t, st, 0)
				if st == NCInProgress && step == NCClose || st == NCInProgress && step == NCCompleteAction {
					// The table allows them here; their own rules are tested
					// apart: make them possible.
					_, err := f.p.CompleteNCAction(f.ctx, f.owner, id, 0, day("2026-03-04"), ts("2026-03-03T10:00:00Z"))
					require.NoError(t, err)
					if step == NCCompleteAction {
						_, err = f.p.AddNCAction(f.ctx, f.owner, id, NCAction{Action: "Otra", Owner: "mgr-luis", Due: day("2026-03-09")}, ts("2026-03-03T11:00:00Z"))
						require.NoError(t, err)
					}
				}
				before := f.auditCount(t)
				at := ts("2026-03-05T10:00:00Z")
				var err error
				switch step {
				case NCRefer:
					_, err = f.p.ReferNonConformity(f.ctx, f.mgr, id, "", at)
				case NCAddAction:
					_, err = f.p.AddNCAction(f.ctx, f.owner, id, NCAction{Action: "Revisar", Owner: "exe-sofia", Due: day("2026-03-10")}, at)
				case NCCompleteAction:
					nc, gerr := f.p.GetNonConformity(f.ctx, id)
					require.NoError(t, gerr)
					_, err = f.p.CompleteNCAction(f.ctx, f.owner, id, max(0, len(nc.Actions)-1), day("2026-03-05"), at)
				case NCClose:
					_, err = f.p.CloseNonConformity(f.ctx, f.owner, id, "Verificado", at)
				}
				if allowed[[2]string{string(st), string(step)}] {
					require.NoError(t, err)
					return
				}
				require.ErrorIs(t, err, relaciona.ErrInvalid)
				assert.Contains(t, err.Error(), "no admite el paso "+string(step))
				assert.Equal(t, before, f.auditCount(t), "a refused step writes nothing")
				nc, err := f.p.GetNonConformity(f.ctx, id)
				require.NoError(t, err)
				assert.Equal(t, st, nc.Status)
			})
		}
	}
}

// TestNCStepsNeedTheirRoleInTheDirectory: each step is refused to a
// person without its role, with a *ForbiddenError naming it, even when the
// caller claims it; nothing changes.
func TestNCStepsNeedTheirRoleInTheDirectory(t *testing.T) {
	claimsOwner := relaciona.Actor{ID: "exe-sofia", Roles: []string{RoleOwner, RoleManager}}
	at := ts("2026-03-05T10:00:00Z")
	cases := []struct {
		name  string
		state NCStatus
		op    func(f *fixture, id string) error
		role  string
	}{
		{"the owner may not escalate", NCAtOwner, func(f *fixture, _ string) error {
			_, err := f.p.EscalateNonConformity(f.ctx, f.owner, NewNonConformity{Title: "x"}, RoleOwner, at)
			return err
		}, RoleExecutor},
		{"an executor may not refer", NCAtManager, func(f *fixture, id string) error {
			_, err := f.p.ReferNonConformity(f.ctx, f.exe, id, "", at)
			return err
		}, RoleManager},
		{"the manager may not work it", NCAtOwner, func(f *fixture, id string) error {
			_, err := f.p.AddNCAction(f.ctx, f.mgr, id, NCAction{Action: "x", Owner: "mgr-luis", Due: day("2026-03-10")}, at)
			return err
		}, RoleOwner},
		{"a claimed role is not believed", NCAtOwner, func(f *fixture, id string) error {
			_, err := f.p.AddNCAction(f.ctx, claimsOwner, id, NCAction{Action: "x", Owner: "mgr-luis", Due: day("2026-03-10")}, at)
			return err
		}, RoleOwner},
		{"the manager may not complete an action", NCInProgress, func(f *fixture, id string) error {
			_, err := f.p.CompleteNCAction(f.ctx, f.mgr, id, 0, day("2026-03-05"), at)
			return err
		}, RoleOwner},
		{"Dirección may not close", NCInProgress, func(f *fixture, id string) error {
			_, err := f.p.CloseNonConformity(f.ctx, f.dir, id, "ok", at)
			return err
		}, RoleOwner},
		{"an executor may not register an opportunity", NCAtOwner, func(f *fixture, _ string) error {
			_, err := f.p.RegisterOpportunity(f.ctx, f.exe, NewOpportunity{Title: "x"}, at)
			return err
		}, RoleManager},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			id := f.ncAt(t, c.state, 0)
			before, _ := f.p.GetNonConformity(f.ctx, id)
			n := f.auditCount(t)
			err := c.op(f, id)
			var fe *relaciona.ForbiddenError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, []string{c.role}, fe.NeedRoles)
			assert.Equal(t, n, f.auditCount(t))
			after, _ := f.p.GetNonConformity(f.ctx, id)
			assert.Equal(t, before, after)
		})
	}
}

func TestNCEscalationTellsTheRoleItGoesTo(t *testing.T) {
	f := newFixture(t)
	_, err := f.p.EscalateNonConformity(f.ctx, f.exe, NewNonConformity{Title: "x"}, RoleDirection, ts("2026-03-02T10:00:00Z"))
	ve := proctest.Invalid(t, err)
	assert.Equal(t, "to", ve.Field)
	_, err = f.p.EscalateNonConformity(f.ctx, f.exe, NewNonConformity{Title: " "}, RoleManager, ts("2026-03-02T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	_, err = f.p.EscalateNonConformity(f.ctx, f.exe, NewNonConformity{Title: "x", Client: "nadie"}, RoleManager, ts("2026-03-02T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)

	id := f.ncAt(t, NCAtManager, 0)
	nc, err := f.p.GetNonConformity(f.ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "exe-sofia", nc.EscalatedBy)
	assert.Equal(t, RoleManager, nc.Role)
	ns := ofKind(f.notifications(t), NoticeNonConformityEscalated)
	require.Len(t, ns, 1)
	assert.Equal(t, "mgr-luis", ns[0].To.Person, "every holder of the manager role, from the directory")
	assert.Equal(t, id, ns[0].Fields["nonconformity"])

	nc, err = f.p.ReferNonConformity(f.ctx, f.mgr, id, "Es del proceso, no del servicio", ts("2026-03-03T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, NCAtOwner, nc.Status)
	assert.Equal(t, RoleOwner, nc.Role)
	ns = ofKind(f.notifications(t), NoticeNonConformityEscalated)
	require.Len(t, ns, 2)
	assert.ElementsMatch(t, []string{"mgr-luis", "own-carla"}, proctest.Recipients(ns))
	require.Len(t, nc.History, 2)
	assert.Equal(t, NCRefer, nc.History[1].Step)
	assert.Equal(t, "mgr-luis", nc.History[1].By)
}

func TestNCClosesOnlyWithEveryActionDoneAndAVerification(t *testing.T) {
	f := newFixture(t)
	id := f.ncAt(t, NCAtOwner, 0)
	at := ts("2026-03-03T10:00:00Z")
	for _, c := range []struct {
		name  string
		act   NCAction
		field string
	}{
		{"no description", NCAction{Owner: "mgr-luis", Due: day("2026-03-10")}, "action"},
		{"no owner", NCAction{Action: "x", Due: day("2026-03-10")}, "owner"},
		{"an owner not in the directory", NCAction{Action: "x", Owner: "nadie", Due: day("2026-03-10")}, "owner"},
		{"no date", NCAction{Action: "x", Owner: "mgr-luis"}, "due"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.p.AddNCAction(f.ctx, f.owner, id, c.act, at)
			ve := proctest.Invalid(t, err)
			assert.Equal(t, c.field, ve.Field)
		})
	}
	for _, a := range []NCAction{{Action: "Reenviar", Owner: "mgr-luis", Due: day("2026-03-06")}, {Action: "Revisar la plantilla", Owner: "exe-sofia", Due: day("2026-03-09")}} {
		_, err := f.p.AddNCAction(f.ctx, f.owner, id, a, at)
		require.NoError(t, err)
	}
	_, err := f.p.CompleteNCAction(f.ctx, f.owner, id, 0, day("2026-03-05"), at)
	require.NoError(t, err)
	_, err = f.p.CompleteNCAction(f.ctx, f.owner, id, 0, day("2026-03-05"), at)
	require.ErrorIs(t, err, relaciona.ErrInvalid, "done once")
	_, err = f.p.CompleteNCAction(f.ctx, f.owner, id, 5, day("2026-03-05"), at)
	require.ErrorIs(t, err, relaciona.ErrInvalid)

	_, err = f.p.CloseNonConformity(f.ctx, f.owner, id, "Verificado", at)
	ve := proctest.Invalid(t, err)
	assert.Equal(t, "actions", ve.Field, "action 1 is not done")
	_, err = f.p.CompleteNCAction(f.ctx, f.owner, id, 1, day("2026-03-06"), at)
	require.NoError(t, err)
	_, err = f.p.CloseNonConformity(f.ctx, f.owner, id, "  ", at)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "verification", ve.Field)
	nc, err := f.p.CloseNonConformity(f.ctx, f.owner, id, "Se verificó en el sistema de tickets", ts("2026-03-09T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, NCClosed, nc.Status)
	assert.Equal(t, "own-carla", nc.ClosedBy)
	assert.Equal(t, "Se verificó en el sistema de tickets", nc.Verification)
	// Closed is closed.
	_, err = f.p.AddNCAction(f.ctx, f.owner, id, NCAction{Action: "x", Owner: "mgr-luis", Due: day("2026-03-10")}, at)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
}

func TestOpportunitiesRegisteredByTheManager(t *testing.T) {
	f := newFixture(t)
	at := ts("2026-03-02T10:00:00Z")
	_, err := f.p.RegisterOpportunity(f.ctx, f.mgr, NewOpportunity{Title: "x", NonConformity: "nc-nope"}, at)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	_, err = f.p.RegisterOpportunity(f.ctx, f.mgr, NewOpportunity{Title: "x", Topic: "nope"}, at)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	nc := f.ncAt(t, NCAtOwner, 0)
	a, err := f.p.RegisterOpportunity(f.ctx, f.mgr, NewOpportunity{Title: "Encuesta automática al cerrar", Topic: "tiempos", NonConformity: nc}, at)
	require.NoError(t, err)
	assert.Equal(t, OppRegistered, a.Status)
	assert.Equal(t, "mgr-luis", a.RegisteredBy)
	b, err := f.p.RegisterOpportunity(f.ctx, f.mgr, NewOpportunity{Title: "Tablero público"}, at.Add(time.Minute))
	require.NoError(t, err)

	_, err = f.p.DecideOpportunity(f.ctx, f.owner, a.ID, OppApply, "aplicada", at)
	var fe *relaciona.ForbiddenError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, []string{RoleManager}, fe.NeedRoles, "the manager applies improvements (§4.3)")
	_, err = f.p.DecideOpportunity(f.ctx, f.mgr, a.ID, OppApply, "", at)
	require.ErrorIs(t, err, relaciona.ErrInvalid, "an outcome is required")
	_, err = f.p.DecideOpportunity(f.ctx, f.mgr, a.ID, OppRegister, "x", at)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	a, err = f.p.DecideOpportunity(f.ctx, f.mgr, a.ID, OppApply, "Se configuró en la mesa", at.Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, OppApplied, a.Status)
	_, err = f.p.DecideOpportunity(f.ctx, f.owner, a.ID, OppDecline, "no", at.Add(2*time.Hour))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "applied is final")
	_, err = f.p.DecideOpportunity(f.ctx, f.mgr, b.ID, OppDecline, "no", at)
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, []string{RoleOwner}, fe.NeedRoles)
	b, err = f.p.DecideOpportunity(f.ctx, f.owner, b.ID, OppDecline, "Fuera de alcance", at.Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, OppDeclined, b.Status)

	var ids []string
	for o, err := range f.p.Opportunities(f.ctx, OppApplied) {
		require.NoError(t, err)
		ids = append(ids, o.ID)
	}
	assert.Equal(t, []string{a.ID}, ids)
}
