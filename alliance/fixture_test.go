package alliance

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

const office = "omil-valparaiso"

var (
	enc      = relaciona.Actor{ID: "enc-1", Roles: []string{DefaultRoleEncargado}}
	gestor   = relaciona.Actor{ID: "gestor-1", Roles: []string{DefaultRoleGestor}}
	team1    = relaciona.Actor{ID: "team-1", Roles: []string{DefaultRoleTeam}}
	team2    = relaciona.Actor{ID: "team-2", Roles: []string{DefaultRoleTeam}}
	outsider = relaciona.Actor{ID: "visitor", Roles: []string{"citizen"}}
	job      = relaciona.SystemActor()
)

// testDirectory is the directory of the package's tests: the actors above
// (but not outsider), with the roles they carry, and a head above enc.
func testDirectory(t testing.TB) *relaciona.Directory {
	t.Helper()
	person := func(a relaciona.Actor, level int, manager string) relaciona.Person {
		p := relaciona.Person{ID: a.ID, Name: "Nombre de " + a.ID, Email: a.ID + "@omil.example.cl", Level: level, Manager: manager}
		for _, r := range a.Roles {
			p.Roles = append(p.Roles, relaciona.Role{Process: Kind, Name: r})
		}
		return p
	}
	d, err := relaciona.NewRoster(
		relaciona.Person{ID: "head-1", Name: "Jefatura", Email: "head@omil.example.cl", Level: 6},
		person(enc, 5, "head-1"), person(gestor, 4, "enc-1"), person(team1, 3, "enc-1"), person(team2, 3, "enc-1"))
	require.NoError(t, err)
	return d
}

// errOf is the error of a call that also returns a value, for a test that
// looks at the error only.
func errOf[T any](_ T, err error) error { return err }

// day parses a date of a test table.
var day = proctest.Date

// fixture is a service on an in-memory store with the example's catastro.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	s      *Process
	store  *relaciona.Store
	search string // the last search opened
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return fixtureWith(t, testDirectory(t))
}

// fixtureWith is newFixture with the directory dir.
func fixtureWith(t *testing.T, dir *relaciona.Directory) *fixture {
	t.Helper()
	return fixtureFrom(t, examplePath, dir)
}

// fixtureFrom is newFixture on the configuration file path, with the
// directory dir; its catastro is imported by enc on 2026-01-05.
func fixtureFrom(t *testing.T, path string, dir *relaciona.Directory) *fixture {
	t.Helper()
	ctx := context.Background()
	cfg, err := LoadConfig(path, relaciona.Spanish)
	require.NoError(t, err)
	store := proctest.MemoryStore(t)
	cal, err := calendar.New(calendar.Chile, calendar.Options{})
	require.NoError(t, err)
	s, err := New(store, cfg, cal, WithDirectory(dir))
	require.NoError(t, err)
	require.NoError(t, s.ImportConfig(ctx, enc, day("2026-01-05")))
	return &fixture{t: t, ctx: ctx, s: s, store: store}
}

// audits counts the audit entries: a refused call must leave it unchanged.
func (f *fixture) audits() int {
	n := 0
	for _, err := range f.store.Audit(f.ctx, 1) {
		require.NoError(f.t, err)
		n++
	}
	return n
}

func (f *fixture) phase() Phase {
	c, err := f.s.Cycle(f.ctx, office)
	require.NoError(f.t, err)
	return c.Phase
}

func (f *fixture) status(id string) Status {
	a, err := f.s.Alliance(f.ctx, id)
	require.NoError(f.t, err)
	return a.Status
}

// The alliances of the example catastro.
var catastro = []string{"convenio-junji", "convenio-sence", "red-comercio", "vinculo-inclusion"}

// toRegistryReviewed, toDiagnosed ... drive the cycle one phase on.
func (f *fixture) toRegistryReviewed() {
	_, err := f.s.ReviewRegistry(f.ctx, enc, office, 2026, day("2026-01-12"), "catastro revisado")
	require.NoError(f.t, err)
}

func (f *fixture) toDiagnosed() {
	f.toRegistryReviewed()
	_, err := f.s.Diagnose(f.ctx, enc, office, day("2026-01-19"))
	require.NoError(f.t, err)
}

func (f *fixture) toExpanding() {
	f.toDiagnosed()
	_, err := f.s.Decide(f.ctx, enc, office, day("2026-01-21"), true, "emprendimiento sin socios")
	require.NoError(f.t, err)
	x, err := f.s.SearchPartners(f.ctx, gestor, office, day("2026-01-26"), SearchRequest{Objectives: []string{"emprendimiento"}})
	require.NoError(f.t, err)
	f.search = x.ID
}

func (f *fixture) toMonitoring() {
	f.toExpanding()
	_, err := f.s.StartMonitoring(f.ctx, enc, office, day("2026-02-02"))
	require.NoError(f.t, err)
}

// feed records a measurement and two ratings for every alliance in force.
func (f *fixture) feed(at string) {
	all, err := f.s.Alliances(f.ctx, office)
	require.NoError(f.t, err)
	var ms []Measurement
	for _, a := range all {
		if a.Status == StatusActive {
			ms = append(ms, Measurement{Alliance: a.ID, Date: day(at), Sent: 12, Accepted: 9, Resolved: 7, Answered: 10, AnswerDays: 3})
			for _, r := range []relaciona.Actor{team1, team2} {
				_, err := f.s.Rate(f.ctx, r, a.ID, day(at), 4, "")
				require.NoError(f.t, err)
			}
		}
	}
	require.NoError(f.t, f.s.RecordMeasurements(f.ctx, enc, ms))
}

func (f *fixture) toReviewing() {
	f.toMonitoring()
	f.feed("2026-06-30")
	_, err := f.s.OpenReview(f.ctx, enc, office, day("2026-12-02"), false, nil)
	require.NoError(f.t, err)
}

func (f *fixture) toClosed() {
	f.toReviewing()
	for _, id := range catastro {
		require.NoError(f.t, keep(f.ctx, f.s, enc, id, day("2026-12-03"), "cumple"))
		require.NoError(f.t, f.s.Renegotiate(f.ctx, enc, id, day("2026-12-04"), "metas 2027"))
		require.NoError(f.t, f.s.Renew(f.ctx, enc, id, day("2026-12-05"), nil, []Document{{Title: "Adenda 2027", Ref: "Alianzas vigentes/2026/adenda-" + id + ".pdf"}}))
	}
	_, err := f.s.CloseReview(f.ctx, enc, office, day("2026-12-10"))
	require.NoError(f.t, err)
	_, err = f.s.CloseCycle(f.ctx, enc, office, day("2026-12-30"))
	require.NoError(f.t, err)
}

func (f *fixture) to(p Phase) *fixture {
	switch p {
	case PhaseRegistryReviewed:
		f.toRegistryReviewed()
	case PhaseDiagnosed:
		f.toDiagnosed()
	case PhaseExpanding:
		f.toExpanding()
	case PhaseMonitoring:
		f.toMonitoring()
	case PhaseReviewing:
		f.toReviewing()
	case PhaseClosed:
		f.toClosed()
	}
	require.Equal(f.t, p, f.phase())
	return f
}

// requireStepError checks a refusal by a state machine: ErrInvalid, a
// *StepError of machine naming the steps allowed now, nothing written.
func requireStepError(t *testing.T, err error, machine string, m Machine, state string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	var se *StepError
	require.True(t, errors.As(err, &se), "want a *StepError, got %v", err)
	assert.Equal(t, machine, se.Machine)
	assert.Equal(t, state, se.State)
	assert.Equal(t, m.Allowed(state), se.Allowed)
	for _, s := range se.Allowed {
		assert.Contains(t, err.Error(), string(s), "the message names the steps allowed now")
	}
}

// keepAnswer is the answer the tests give to the review's question when
// they keep an alliance on at (DecideWithAnswer): an agreement is renewed
// until its current end when that is still ahead, else until the end of
// the next year; an understanding stays; a link keeps its date to be
// activated or dropped when that is ahead and within
// links.decide_within_days, else gets 90 days.
func keepAnswer(ctx context.Context, s *Process, id string, at calendar.Date) (ReviewAnswer, error) {
	a, err := s.Alliance(ctx, id)
	if err != nil {
		return ReviewAnswer{}, err
	}
	switch a.Kind {
	case KindAgreement:
		if a.End.After(at) {
			return ReviewAnswer{Choice: ChoiceRenew, Date: a.End}, nil
		}
		return ReviewAnswer{Choice: ChoiceRenew, Date: calendar.Date{Year: at.Year + 1, Month: 12, Day: 31}}, nil
	case KindLink:
		if a.DecideBy.After(at) && !a.DecideBy.After(at.AddDays(s.cfg.Links.DecideWithinDays)) {
			return ReviewAnswer{Choice: ChoiceDecideBy, Date: a.DecideBy}, nil
		}
		return ReviewAnswer{Choice: ChoiceDecideBy, Date: at.AddDays(90)}, nil
	}
	return ReviewAnswer{Choice: ChoiceStay}, nil
}

// keep keeps an alliance in the open review, answering the review's
// question with keepAnswer.
func keep(ctx context.Context, s *Process, actor relaciona.Actor, id string, at calendar.Date, reason string) error {
	ans, err := keepAnswer(ctx, s, id, at)
	if err != nil {
		return err
	}
	return s.DecideWithAnswer(ctx, actor, id, at, Keep, reason, ans)
}
