package satisfaction

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/plugins/sqlite"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

func fptr(v float64) *float64 { return &v }

// gated returns a fixture whose process writes to a store that holds n
// batches of action until all n have read (proctest.Gate): the worst case
// of a race.
func gated(t *testing.T, action string, n int, opts ...Option) *fixture {
	t.Helper()
	f := newFixture(t)
	d, err := sqlite.Open(f.ctx, filepath.Join(t.TempDir(), "gated.db"))
	require.NoError(t, err)
	store := relaciona.NewStore(proctest.NewGate(d, action, n))
	t.Cleanup(func() { store.Close() })
	cfg := *f.p.cfg
	cal, err := calendar.New(calendar.Uruguay, calendar.Options{})
	require.NoError(t, err)
	p, err := New(store, &cfg, cal, opts...)
	require.NoError(t, err)
	f.p, f.store = p, store
	return f
}

// TestDefinitionChangedOnlyByTheOwnerAsANewVersionToldToTheTeam: seed 003
// §4.2 "Patrocinar, diseñar y realizar la gestión de cambios al proceso y
// sus métricas" / "Comunicar información del proceso o cambios".
func TestDefinitionChangedOnlyByTheOwnerAsANewVersionToldToTheTeam(t *testing.T) {
	f := newFixture(t)
	// Version 1 is the file's, imported once.
	_, err := f.p.Run(f.ctx, f.mgr, day("2026-01-05"))
	require.NoError(t, err)
	imported, err := f.p.ImportDefinition(f.ctx, f.mgr, ts("2026-01-06T10:00:00Z"))
	require.NoError(t, err)
	assert.False(t, imported, "a second import changes nothing")
	all, err := f.p.Definitions(f.ctx)
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.Equal(t, f.p.cfg.CMI.Targets, all[0].Targets)

	ch := DefinitionChange{From: Month{2026, time.April}, Reason: "nueva meta de CSAT acordada con Dirección",
		Targets: Targets{CSAT: fptr(0.9), NPS: fptr(35)}}
	before := f.auditCount(t)
	_, err = f.p.ChangeDefinition(f.ctx, f.mgr, ch, ts("2026-03-10T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "only the owner changes the definition")
	_, err = f.p.ChangeDefinition(f.ctx, f.dir, ch, ts("2026-03-10T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "Dirección neither")
	noReason := ch
	noReason.Reason = " "
	_, err = f.p.ChangeDefinition(f.ctx, f.owner, noReason, ts("2026-03-10T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a change needs its reason")
	bad := ch
	bad.Targets.CSAT = fptr(1.5)
	_, err = f.p.ChangeDefinition(f.ctx, f.owner, bad, ts("2026-03-10T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "targets are checked as the file's")
	assert.Equal(t, before, f.auditCount(t), "a refused change writes nothing")

	d, err := f.p.ChangeDefinition(f.ctx, f.owner, ch, ts("2026-03-10T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, 2, d.Version)
	assert.Equal(t, f.p.cfg.Scales, d.Scales, "a zero scale keeps the one in force")
	told := ofKind(f.notifications(t), NoticeDefinitionChanged)
	var to []string
	for _, n := range told {
		to = append(to, n.To.Person)
		assert.Equal(t, "2", n.Fields["version"])
		assert.Equal(t, "2026-04", n.Fields["from"])
	}
	assert.ElementsMatch(t, []string{"dir-ana", "own-carla", "mgr-luis", "exe-sofia"}, to, "every team member is told, in the change's batch")

	in, err := f.p.DefinitionAt(f.ctx, Month{2026, time.March})
	require.NoError(t, err)
	assert.Equal(t, 1, in.Version, "March keeps version 1")
	in, err = f.p.DefinitionAt(f.ctx, Month{2026, time.May})
	require.NoError(t, err)
	assert.Equal(t, 2, in.Version)
	assert.InDelta(t, 0.9, *in.Targets.CSAT, 1e-12)

	back := ch
	back.From = Month{2026, time.February}
	_, err = f.p.ChangeDefinition(f.ctx, f.owner, back, ts("2026-03-11T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "no change in force before the last version")
}

// TestTwoOwnersChangingTheDefinitionAtOnceMakeOneVersion: two goroutines
// change the definition at once; one gets version 2, the other a conflict.
func TestTwoOwnersChangingTheDefinitionAtOnceMakeOneVersion(t *testing.T) {
	f := gated(t, "satisfaction.definition.change", 2)
	_, err := f.p.ImportDefinition(f.ctx, f.owner, ts("2026-01-05T10:00:00Z"))
	require.NoError(t, err)
	errs := atOnce(2, func(i int) error {
		_, err := f.p.ChangeDefinition(f.ctx, f.owner, DefinitionChange{From: Month{2026, time.April}, Reason: "cambio", Targets: Targets{CSAT: fptr(0.8 + float64(i)/100)}}, ts("2026-03-10T10:00:00Z"))
		return err
	})
	all, err := f.p.Definitions(f.ctx)
	require.NoError(t, err)
	require.Len(t, all, 2, "one new version: %v", errs)
	assert.Equal(t, 1, proctest.Winners(t, errs, relaciona.ErrConflict))
}

// TestProcessDocumentsReviewedByTheOwnerAndRemindedOnce: seed 003 §4.2
// "Asegurar que esté disponible y actualizada la documentación del proceso".
func TestProcessDocumentsReviewedByTheOwnerAndRemindedOnce(t *testing.T) {
	f := newFixture(t)
	doc := ProcessDocument{Title: "Descripción del proceso", Location: "https://intranet.example/procesos/satisfaccion.pdf", Version: "1.0", Reviewed: day("2025-03-01")}
	_, err := f.p.RegisterDocument(f.ctx, f.mgr, doc, ts("2025-03-01T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "only the owner registers documents")
	noPlace := doc
	noPlace.Location = ""
	_, err = f.p.RegisterDocument(f.ctx, f.owner, noPlace, ts("2025-03-01T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	d, err := f.p.RegisterDocument(f.ctx, f.owner, doc, ts("2025-03-01T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, 12, d.ReviewMonths, "the default review interval")
	assert.Equal(t, day("2026-03-01"), d.NextReview())

	sum, err := f.p.Run(f.ctx, f.mgr, day("2026-02-27"))
	require.NoError(t, err)
	assert.Empty(t, sum.DocumentsDue, "not yet due")
	sum, err = f.p.Run(f.ctx, f.mgr, day("2026-03-02"))
	require.NoError(t, err)
	assert.Equal(t, []string{d.ID}, sum.DocumentsDue)
	told := ofKind(f.notifications(t), NoticeDocumentReviewDue)
	require.Len(t, told, 1)
	assert.Equal(t, "own-carla", told[0].To.Person)
	assert.Equal(t, "2026-03-01", told[0].Fields["next_review"])
	sum, err = f.p.Run(f.ctx, f.mgr, day("2026-03-03"))
	require.NoError(t, err)
	assert.Empty(t, sum.DocumentsDue, "the owner is told once")

	_, err = f.p.ReviewDocument(f.ctx, f.mgr, d.ID, "1.1", "", day("2026-03-05"), ts("2026-03-05T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "only the owner reviews documents")
	r, err := f.p.ReviewDocument(f.ctx, f.owner, d.ID, "1.1", "", day("2026-03-05"), ts("2026-03-05T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, day("2027-03-05"), r.NextReview())
	assert.Equal(t, doc.Location, r.Location)
	sum, err = f.p.Run(f.ctx, f.mgr, day("2026-03-06"))
	require.NoError(t, err)
	assert.Empty(t, sum.DocumentsDue)
	assert.Len(t, ofKind(f.notifications(t), NoticeDocumentReviewDue), 1)
}

// TestInformationQualityScoreAgainstAHandComputedVector: seed 003 §4.2
// "Evaluar calidad de la información del proceso", §6.5.
func TestInformationQualityScoreAgainstAHandComputedVector(t *testing.T) {
	f := newFixture(t)
	// identidad: all 4 fields, information 50 days before: fresh.
	_, err := f.p.AddInfo(f.ctx, f.mgr, InfoItem{Client: "identidad", Source: SourceOwn, Title: "nuevo referente", At: ts("2026-01-10T10:00:00Z")})
	require.NoError(t, err)
	// salud: no requesters (3/4), last contact 273 days before: stale.
	_, err = f.p.ReportComplaint(f.ctx, f.exe, NewComplaint{Client: "salud", Service: "vpn", Channel: ChannelPhone, Scope: ScopeService}, ts("2025-06-01T10:00:00Z"))
	require.NoError(t, err)
	// tramites: no requesters (3/4), information only after the date.
	_, err = f.p.AddInfo(f.ctx, f.mgr, InfoItem{Client: "tramites", Source: SourceTeam, Title: "migración", At: ts("2026-03-05T10:00:00Z")})
	require.NoError(t, err)

	q, err := f.p.QualityScore(f.ctx, day("2026-03-01"))
	require.NoError(t, err)
	want := map[string][2]float64{"identidad": {1, 100}, "tramites": {0.75, 37.5}, "salud": {0.75, 37.5}}
	require.Len(t, q.Clients, 3)
	for _, c := range q.Clients {
		assert.InDelta(t, want[c.Client][0], c.Completeness, 1e-12, c.Client)
		assert.InDelta(t, want[c.Client][1], c.Score, 1e-12, c.Client)
	}
	assert.InDelta(t, 2.5/3, q.Completeness, 1e-12)
	assert.InDelta(t, 1.0/3, q.Freshness, 1e-12)
	assert.InDelta(t, 175.0/3, q.Score, 1e-12)
	assert.Equal(t, []string{"requesters"}, q.Clients[1].Missing)

	q, err = f.p.QualityScore(f.ctx, day("2026-03-10"))
	require.NoError(t, err)
	assert.InDelta(t, (100+87.5+37.5)/3, q.Score, 1e-12, "tramites is fresh once its information is in")

	_, err = f.p.EvaluateQuality(f.ctx, f.mgr, day("2026-03-10"), "", ts("2026-03-10T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "the owner evaluates")
	ev, err := f.p.EvaluateQuality(f.ctx, f.owner, day("2026-03-10"), "faltan solicitantes", ts("2026-03-10T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, "own-carla", ev.By)
	_, err = f.p.EvaluateQuality(f.ctx, f.owner, day("2026-03-10"), "", ts("2026-03-10T11:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrConflict, "one evaluation per date")
	evs, err := f.p.QualityEvaluations(f.ctx)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.InDelta(t, q.Score, evs[0].Score, 1e-12, "the snapshot keeps the score")
}

// TestProposalsNeedDirectionEndorsementBeforeAgreement: seed 003 §6.6 "El
// Dueño del proceso ... trabajará junto a Dirección para proponer acciones"
// and §6.7 "conjuntamente con Equipo de Dirección, elabora una propuesta de
// trabajo ... y lo incorpora al repositorio".
func TestProposalsNeedDirectionEndorsementBeforeAgreement(t *testing.T) {
	f := newFixture(t)
	act, err := f.p.ProposeAction(f.ctx, f.owner, NewAction{Title: "Aviso de incidentes por correo", Origin: OriginAnalysis, Topic: "comunicacion", Clients: []string{"salud"}}, ts("2026-04-05T10:00:00Z"))
	require.NoError(t, err)
	meeting := MeetingInput{Date: day("2026-04-10"), Divisions: []string{"infra", "ops", "desk"}, Clients: []string{"salud"}, Agree: []string{act.ID}}
	_, err = f.p.RecordMeeting(f.ctx, f.owner, meeting, ts("2026-04-10T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a proposal Dirección has not endorsed is not agreed")
	_, err = f.p.AddCommitment(f.ctx, f.owner, NewCommitment{Action: act.ID, Owner: "mgr-luis", Description: "x", Start: day("2026-04-10")}, ts("2026-04-10T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "no commitment follows it")
	for _, a := range []relaciona.Actor{f.owner, f.mgr} {
		_, err = f.p.EndorseAction(f.ctx, a, act.ID, ts("2026-04-06T10:00:00Z"))
		require.ErrorIs(t, err, relaciona.ErrForbidden, "only Dirección endorses")
	}
	e, err := f.p.EndorseAction(f.ctx, f.dir, act.ID, ts("2026-04-06T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, "own-carla", e.By)
	assert.Equal(t, "dir-ana", e.EndorsedBy)
	_, err = f.p.EndorseAction(f.ctx, f.dir, act.ID, ts("2026-04-07T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "endorsed once")
	cf, err := f.p.ClientFile(f.ctx, f.exe, "salud")
	require.NoError(t, err)
	require.Len(t, cf.Info, 1, "the endorsed proposal joins the client's information")
	assert.Equal(t, SourceProposal, cf.Info[0].Source)
	_, err = f.p.RecordMeeting(f.ctx, f.owner, meeting, ts("2026-04-10T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.AddCommitment(f.ctx, f.owner, NewCommitment{Action: act.ID, Owner: "mgr-luis", Description: "x", Start: day("2026-04-10")}, ts("2026-04-10T10:00:00Z"))
	require.NoError(t, err)

	// The work plan: the owner agrees it, Dirección co-authors it.
	w, err := f.p.AgreeWorkPlan(f.ctx, f.owner, "identidad", day("2026-04-12"), "plan anual", ReasonNewClient, ts("2026-04-12T10:00:00Z"))
	require.NoError(t, err)
	assert.Empty(t, w.EndorsedBy)
	cf, err = f.p.ClientFile(f.ctx, f.exe, "identidad")
	require.NoError(t, err)
	assert.Empty(t, cf.Info, "not in the repository until Dirección endorses it")
	_, err = f.p.EndorseWorkPlan(f.ctx, f.owner, "identidad", 2026, ts("2026-04-13T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	w, err = f.p.EndorseWorkPlan(f.ctx, f.dir, "identidad", 2026, ts("2026-04-13T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, "dir-ana", w.EndorsedBy)
	assert.Equal(t, "own-carla", w.By)
	cf, err = f.p.ClientFile(f.ctx, f.exe, "identidad")
	require.NoError(t, err)
	require.Len(t, cf.Info, 1)
	assert.Equal(t, SourceProposal, cf.Info[0].Source)
}

// TestCoAuthorsAreTwoPeople: a person holding both roles cannot endorse
// their own proposal or plan: the owner and Dirección are two co-authors.
func TestCoAuthorsAreTwoPeople(t *testing.T) {
	d, err := relaciona.NewRoster(
		relaciona.Person{ID: "both", Roles: []relaciona.Role{{Process: Kind, Name: RoleOwner}, {Process: Kind, Name: RoleDirection}}},
		relaciona.Person{ID: "dir-ana", Roles: []relaciona.Role{{Process: Kind, Name: RoleDirection}}},
	)
	require.NoError(t, err)
	f := newFixture(t, WithDirectory(d))
	both, ana := relaciona.Actor{ID: "both"}, relaciona.Actor{ID: "dir-ana"}
	act, err := f.p.ProposeAction(f.ctx, both, NewAction{Title: "x", Origin: OriginAnalysis}, ts("2026-04-05T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.EndorseAction(f.ctx, both, act.ID, ts("2026-04-06T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	_, err = f.p.EndorseAction(f.ctx, ana, act.ID, ts("2026-04-06T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.AgreeWorkPlan(f.ctx, both, "salud", day("2026-04-12"), "plan", ReasonNewClient, ts("2026-04-12T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.EndorseWorkPlan(f.ctx, both, "salud", 2026, ts("2026-04-13T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	_, err = f.p.EndorseWorkPlan(f.ctx, ana, "salud", 2026, ts("2026-04-13T10:00:00Z"))
	require.NoError(t, err)
}

// TestDirectionReviewEachPeriodAndReminderOnce: seed 003 §4.1 Dirección
// "velar por la satisfacción de los clientes a lo largo del ciclo de vida".
func TestDirectionReviewEachPeriodAndReminderOnce(t *testing.T) {
	f := newFixture(t)
	sum, err := f.p.Run(f.ctx, f.mgr, day("2026-01-05"))
	require.NoError(t, err)
	assert.Empty(t, sum.DirectionMissing, "no period before the process ran is asked for")
	_, err = f.p.RecordDirectionReview(f.ctx, f.owner, Month{}, day("2026-02-10"), "revisión", ts("2026-02-10T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "Dirección records its review")

	sum, err = f.p.Run(f.ctx, f.mgr, day("2026-04-02"))
	require.NoError(t, err)
	assert.Equal(t, []string{"2026-01"}, sum.DirectionMissing, "the first quarter ended without a review")
	told := ofKind(f.notifications(t), NoticeDirectionReviewMissing)
	require.Len(t, told, 1)
	assert.Equal(t, "dir-ana", told[0].To.Person)
	sum, err = f.p.Run(f.ctx, f.mgr, day("2026-04-03"))
	require.NoError(t, err)
	assert.Empty(t, sum.DirectionMissing, "told once")

	r, err := f.p.RecordDirectionReview(f.ctx, f.dir, Month{}, day("2026-05-10"), "satisfacción estable; seguir el plan de salud", ts("2026-05-10T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, "2026-04", r.ID)
	_, err = f.p.RecordDirectionReview(f.ctx, f.dir, Month{}, day("2026-06-10"), "otra", ts("2026-06-10T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrConflict, "one review per period")
	sum, err = f.p.Run(f.ctx, f.mgr, day("2026-07-01"))
	require.NoError(t, err)
	assert.Empty(t, sum.DirectionMissing, "the second quarter has its review")
	// A review of the quarter just ended, recorded after it.
	_, err = f.p.RecordDirectionReview(f.ctx, f.dir, Month{2026, time.September}, day("2026-10-02"), "tercer trimestre", ts("2026-10-02T10:00:00Z"))
	require.NoError(t, err)
	sum, err = f.p.Run(f.ctx, f.mgr, day("2026-10-05"))
	require.NoError(t, err)
	assert.Empty(t, sum.DirectionMissing)
}

// TestMeetingInvolvesEveryDivisionOrSaysWhy: seed 003 §6.6 "será
// imprescindible participar a todas las divisiones del área".
func TestMeetingInvolvesEveryDivisionOrSaysWhy(t *testing.T) {
	f := newFixture(t)
	at := ts("2026-03-02T10:00:00Z")
	in := MeetingInput{Date: day("2026-03-02"), Divisions: []string{"infra", "ops"}}
	_, err := f.p.RecordMeeting(f.ctx, f.owner, in, at)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "desk", "names the missing division")
	in.Absent = map[string]string{"desk": " "}
	_, err = f.p.RecordMeeting(f.ctx, f.owner, in, at)
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a blank reason is no reason")
	in.Absent = map[string]string{"desk": "licencia", "ops": "x"}
	_, err = f.p.RecordMeeting(f.ctx, f.owner, in, at)
	require.ErrorIs(t, err, relaciona.ErrInvalid, "ops took part")
	in.Absent = map[string]string{"desk": "la mesa no tiene acciones en esta ronda"}
	m, err := f.p.RecordMeeting(f.ctx, f.owner, in, at)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"desk": "la mesa no tiene acciones en esta ronda"}, m.Absent)
	m, err = f.p.RecordMeeting(f.ctx, f.owner, MeetingInput{Date: day("2026-03-03"), Divisions: []string{"infra", "ops", "desk"}}, ts("2026-03-03T10:00:00Z"))
	require.NoError(t, err)
	assert.Empty(t, m.Absent)

	g := newFixture(t)
	g.p.cfg.Governance.MeetingDivisions = []string{"infra"}
	_, err = g.p.RecordMeeting(g.ctx, g.owner, MeetingInput{Date: day("2026-03-02"), Divisions: []string{"infra"}}, at)
	require.NoError(t, err, "the file names the divisions every meeting involves")
}

// TestOneApprovedDesignPerYearUnderConcurrentApprovals: seed 003 §6.3 "La
// misma será unificada para toda el área": two members of Dirección
// approving at once approve it once; an interview without a design takes
// the year's.
func TestOneApprovedDesignPerYearUnderConcurrentApprovals(t *testing.T) {
	d, err := relaciona.NewRoster(
		relaciona.Person{ID: "own-carla", Roles: []relaciona.Role{{Process: Kind, Name: RoleOwner}}},
		relaciona.Person{ID: "dir-ana", Roles: []relaciona.Role{{Process: Kind, Name: RoleDirection}}},
		relaciona.Person{ID: "dir-bruno", Roles: []relaciona.Role{{Process: Kind, Name: RoleDirection}}},
	)
	require.NoError(t, err)
	f := gated(t, "satisfaction.design.approve", 2, WithDirectory(d))
	_, err = f.p.DesignInterview(f.ctx, f.owner, testDesign(2026), ts("2026-01-10T10:00:00Z"))
	require.NoError(t, err)
	who := []string{"dir-ana", "dir-bruno"}
	errs := atOnce(len(who), func(i int) error {
		_, err := f.p.ApproveDesign(f.ctx, relaciona.Actor{ID: who[i]}, "interview-2026", ts("2026-01-12T10:00:00Z"))
		return err
	})
	assert.Equal(t, 1, proctest.Winners(t, errs), "approved once: %v", errs)
	_, err = f.p.DesignInterview(f.ctx, f.owner, Design{ID: "otra-2026", Year: 2026, Title: "otra", Questions: testDesign(2026).Questions}, ts("2026-01-13T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrConflict, "one design a year for the whole area")

	iv := testInterview("salud", "2026-03-02")
	iv.Design = ""
	got, err := f.p.RecordInterview(f.ctx, f.owner, iv, ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, "interview-2026", got.Design, "the year's design")
}

// TestComplaintFromInterviewOnceAndOwnerTold: seed 003 §6.3 "deberá
// Registrar y atender reclamos de los clientes sobre los servicios".
func TestComplaintFromInterviewOnceAndOwnerTold(t *testing.T) {
	f := newFixture(t)
	approved(t, f, &state{})
	iv := testInterview("salud", "2026-03-02")
	iv.Complaints = []string{"tiempos", "comunicacion"}
	iv, err := f.p.RecordInterview(f.ctx, f.mgr, iv, ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)

	in := InterviewComplaint{Interview: iv.ID, Topic: "tiempos", Scope: ScopeService, Service: "vpn", Summary: "demoras en la VPN"}
	_, err = f.p.ComplaintFromInterview(f.ctx, f.mgr, in, ts("2026-03-03T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "the owner analyses the interview and registers its complaints")
	other := in
	other.Topic = "capacidad"
	_, err = f.p.ComplaintFromInterview(f.ctx, f.owner, other, ts("2026-03-03T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "only a complaint the interview recorded")

	c, err := f.p.ComplaintFromInterview(f.ctx, f.owner, in, ts("2026-03-03T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, ChannelInterview, c.Channel)
	assert.Equal(t, iv.ID, c.Interview)
	assert.Equal(t, "salud", c.Client)
	told := ofKind(f.notifications(t), NoticeComplaintReported)
	require.Len(t, told, 1)
	assert.Equal(t, "own-carla", told[0].To.Person)
	_, err = f.p.ComplaintFromInterview(f.ctx, f.owner, in, ts("2026-03-04T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrConflict, "registered once")

}

// TestInterviewComplaintOnceUnderConcurrentOwners: two owners register the same complaint of an
// interview at once (their batches held until both have read): one is
// registered, the other is an ErrConflict.
func TestInterviewComplaintOnceUnderConcurrentOwners(t *testing.T) {
	f := gated(t, "satisfaction.complaint.interview", 2)
	approved(t, f, &state{})
	iv := testInterview("salud", "2026-03-02")
	iv.Complaints = []string{"tiempos", "comunicacion"}
	iv, err := f.p.RecordInterview(f.ctx, f.mgr, iv, ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)
	errs := atOnce(2, func(i int) error {
		_, err := f.p.ComplaintFromInterview(f.ctx, f.owner, InterviewComplaint{Interview: iv.ID, Topic: "comunicacion", Scope: ScopeOther}, ts("2026-03-05T10:00:00Z").Add(time.Duration(i)*time.Minute))
		return err
	})
	assert.Equal(t, 1, proctest.Winners(t, errs, relaciona.ErrConflict), "two owners at once register it once")
	n, err := f.p.complaints.Count(f.ctx, relaciona.Filter{Attrs: map[string]string{"client": "salud"}})
	require.NoError(t, err)
	assert.Equal(t, int64(1), n)
}

// TestGovernanceReportShowsTheDutiesInBothLanguages: the governance page
// states the definition version in force and its changes, the documents
// due, the quality evaluation, Dirección's reviews, the proposals with and
// without endorsement and the meetings with every division.
func TestGovernanceReportShowsTheDutiesInBothLanguages(t *testing.T) {
	f := newFixture(t)
	_, err := f.p.Run(f.ctx, f.mgr, day("2026-01-05"))
	require.NoError(t, err)
	_, err = f.p.ChangeDefinition(f.ctx, f.owner, DefinitionChange{From: Month{2026, time.March}, Reason: "meta CSAT más exigente", Targets: Targets{CSAT: fptr(0.9)}}, ts("2026-02-20T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.RegisterDocument(f.ctx, f.owner, ProcessDocument{Title: "Guía de la entrevista", Location: "intranet/guia.pdf", Version: "2", Reviewed: day("2025-01-15")}, ts("2026-01-06T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.EvaluateQuality(f.ctx, f.owner, day("2026-03-10"), "", ts("2026-03-10T10:00:00Z"))
	require.NoError(t, err)
	a1, err := f.p.ProposeAction(f.ctx, f.owner, NewAction{Title: "Tablero de tiempos", Origin: OriginAnalysis}, ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.ProposeAction(f.ctx, f.owner, NewAction{Title: "Aviso por correo", Origin: OriginAnalysis}, ts("2026-03-03T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.EndorseAction(f.ctx, f.dir, a1.ID, ts("2026-03-04T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.RecordMeeting(f.ctx, f.owner, MeetingInput{Date: day("2026-03-05"), Divisions: []string{"infra", "ops"}, Absent: map[string]string{"desk": "guardia de fin de mes"}, Agree: []string{a1.ID}}, ts("2026-03-05T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.RecordMeeting(f.ctx, f.owner, MeetingInput{Date: day("2026-03-20"), Divisions: []string{"infra", "ops", "desk"}}, ts("2026-03-20T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.RecordDirectionReview(f.ctx, f.dir, Month{}, day("2026-03-25"), "primer trimestre revisado", ts("2026-03-25T10:00:00Z"))
	require.NoError(t, err)

	fig, err := f.p.GovernanceFigures(f.ctx, Month{2026, time.March})
	require.NoError(t, err)
	assert.Equal(t, 2, fig.Definition.Version)
	assert.Equal(t, 1, fig.DocumentsDue)
	assert.Equal(t, 1, fig.Endorsed)
	assert.Len(t, fig.Proposals, 2)
	assert.Equal(t, 1, fig.AllDivisions)
	assert.Len(t, fig.Meetings, 2)
	fig, err = f.p.GovernanceFigures(f.ctx, Month{2026, time.February})
	require.NoError(t, err)
	assert.Equal(t, 1, fig.Definition.Version, "February's report uses the version in force then")

	for _, lang := range []relaciona.Lang{relaciona.Spanish, relaciona.English} {
		doc, err := f.p.GovernanceReport(f.ctx, Month{2026, time.March}, lang, ReportOptions{})
		require.NoError(t, err)
		h, _ := render(t, doc)
		has(t, h, lang.T("rige la versión 2", "version 2 of the definition is in force"))
		has(t, h, lang.T("revisión vencida", "review overdue"))
		has(t, h, lang.T("sin respaldo", "not endorsed"))
		has(t, h, "guardia de fin de mes")
		has(t, h, lang.T("Reuniones con todas las divisiones", "Meetings with every division"))
	}
	// The summary's chart: done and waiting per duty, by hand: proposals
	// 1 endorsed of 2, no work plan, meetings 1 of 2 with every division,
	// the first quarter reviewed (and current), the one document overdue.
	doc, err := f.p.GovernanceReport(f.ctx, Month{2026, time.March}, relaciona.Spanish, ReportOptions{})
	require.NoError(t, err)
	chart := proctest.LastChart(doc.Sections[0])
	require.NotNil(t, chart, "the summary opens with a chart")
	require.Len(t, chart.Series, 2)
	assert.Equal(t, []float64{1, 0, 1, 1, 0}, chart.Series[0].Values, "done")
	assert.Equal(t, []float64{1, 0, 1, 0, 1}, chart.Series[1].Values, "waiting")
	require.NotNil(t, chart.Table, "the chart carries its data table")
	pages, err := f.p.Reports(f.ctx, process.Period{From: day("2026-03-01"), To: day("2026-03-31"), Lang: relaciona.English})
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(pages, func(p report.Page) bool { return p.Slug == Kind+"-governance" }), "Reports has the governance page")
}

// TestGovernanceConfigSection: the governance section loads with its
// defaults, and a bad value is refused naming the file, line and field.
func TestGovernanceConfigSection(t *testing.T) {
	orig, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	// The example's own governance section, taken out.
	base := regexp.MustCompile(`(?m)^governance:\n(  .*\n)+`).ReplaceAllString(string(orig), "")
	require.NotContains(t, base, "\ngovernance:")
	c, err := ParseConfig("g.yaml", []byte(base), relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, GovernanceConf{DocumentReviewMonths: 12, FreshDays: 180, DirectionReviewMonths: 3}, c.Governance, "the defaults")
	assert.Empty(t, c.Governance.MeetingDivisions, "every division by default")
	cases := []struct{ name, section, want string }{
		{"an unknown division", "governance:\n  meeting_divisions: [infra, bodega]\n", "bodega"},
		{"a period that does not divide the year", "governance:\n  direction_review_months: 5\n", "direction_review_months"},
		{"an unknown key", "governance:\n  review_every: 3\n", "review_every"},
		{"a zero interval", "governance:\n  document_review_months: 0\n", "document_review_months"},
	}
	line := strings.Count(base, "\n") + 2
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			parseRefused(t, "g.yaml", base+tc.section, tc.want, fmt.Sprintf(`g\.yaml:(%d|%d):\d+`, line-1, line))
		})
	}
	cfg := testConfig()
	cfg.Governance.DirectionReviewMonths = 7
	_, err = NewConfig(cfg, relaciona.English)
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a config built in Go is checked too")
}
