package satisfaction

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
)

func TestComplaintReportTellsTheOwnerAndRegistersIt(t *testing.T) {
	f := newFixture(t)
	st := &state{}
	reportService(t, f, st)
	c, err := f.p.Complaint(f.ctx, st.complaint)
	require.NoError(t, err)
	assert.Equal(t, ComplaintRegistered, c.Status)
	assert.Equal(t, "exe-sofia", c.ReportedBy)
	assert.Equal(t, []string{"own-carla"}, c.Notified)
	inbox, err := f.p.Notices(f.ctx, f.owner)
	require.NoError(t, err)
	require.Len(t, inbox, 1)
	assert.Equal(t, c.ID, inbox[0].About)
	none, err := f.p.Notices(f.ctx, f.mgr)
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestServiceComplaintBecomesComplaintTicketFollowedByManager(t *testing.T) {
	f := newFixture(t)
	st := &state{}
	reportService(t, f, st)
	c, err := f.p.FollowComplaint(f.ctx, f.mgr, st.complaint, ts("2026-03-01T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, ComplaintFollowing, c.Status)
	assert.Equal(t, "mgr-luis", c.FollowedBy)
	require.NotEmpty(t, c.TicketID)
	tk, err := f.tickets.Get(f.ctx, c.TicketID)
	require.NoError(t, err)
	assert.Equal(t, "reclamos", tk.Queue)
	assert.Equal(t, "complaint", tk.Fields["type"])
	assert.Equal(t, "salud", tk.Fields["client"])
	assert.Equal(t, "vpn", tk.Fields["service"])
	assert.Equal(t, "mgr-luis", tk.Assignee)

	// The answer goes on the ticket, with its corrective action.
	c, err = f.p.RespondComplaint(f.ctx, f.mgr, c.ID, ComplaintResponse{Text: "Se cambió el concentrador VPN",
		Actions: []NewAction{{Title: "Cambiar concentrador", Kind: ActionCorrective}}}, ts("2026-03-03T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, ComplaintResponded, c.Status)
	require.Len(t, c.Response.Actions, 1)
	acts, err := f.p.Actions(f.ctx, ActionProposed)
	require.NoError(t, err)
	require.Len(t, acts, 1)
	assert.Equal(t, OriginComplaint, acts[0].Origin)
	assert.Equal(t, []string{"salud"}, acts[0].Clients)
	require.Len(t, f.desk.comments[c.TicketID], 1)
	assert.True(t, f.desk.comments[c.TicketID][0].Public)
	_, err = f.p.CloseComplaint(f.ctx, f.mgr, c.ID, ts("2026-03-04T10:00:00Z"))
	require.NoError(t, err)
}

func TestOtherComplaintFollowsOwnersPrivatePath(t *testing.T) {
	f := newFixture(t)
	st := &state{}
	reportOther(t, f, st)
	before := f.auditCount(t)
	_, err := f.p.FollowComplaint(f.ctx, f.mgr, st.complaint, ts("2026-03-01T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "no complaint ticket for a complaint that is not about a service")
	assert.Empty(t, f.desk.tickets)
	assert.Equal(t, before, f.auditCount(t))
	c, err := f.p.HandlePrivately(f.ctx, f.owner, st.complaint, ts("2026-03-01T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, ComplaintPrivate, c.Status)
	_, err = f.p.HandlePrivately(f.ctx, f.owner, st.complaint, ts("2026-03-01T11:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a complaint is taken once: it is no longer registered")
	assert.Contains(t, err.Error(), "no registrada")
	_, err = f.p.CloseComplaint(f.ctx, f.owner, c.ID, ts("2026-03-02T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "only an answered complaint closes")
}

func TestComplaintTicketsAreRegisteredByRun(t *testing.T) {
	f := newFixture(t)
	f.desk.put(driver.Ticket{ID: "900", Subject: "Reclamo por cortes", Status: "open", Requester: "maria.perez@example.gub.uy",
		Fields: map[string]string{"type": "complaint", "service": "vpn"}, Created: ts("2026-03-03T08:00:00Z"), Updated: ts("2026-03-03T08:00:00Z")})
	sum, err := f.p.Run(f.ctx, f.mgr, day("2026-03-04"))
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Sync.Complaints)
	cf, err := f.p.ClientFile(f.ctx, f.exe, "identidad")
	require.NoError(t, err)
	require.Len(t, cf.Complaints, 1)
	assert.Equal(t, "900", cf.Complaints[0].TicketID)
	assert.Equal(t, ChannelTicket, cf.Complaints[0].Channel)
	inbox, err := f.p.Notices(f.ctx, f.owner)
	require.NoError(t, err)
	assert.Len(t, inbox, 1)
	// The manager follows it in the same ticket: no new ticket.
	c, err := f.p.FollowComplaint(f.ctx, f.mgr, cf.Complaints[0].ID, ts("2026-03-04T09:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, "900", c.TicketID)
	assert.Len(t, f.desk.tickets, 1)
}

func TestInterviewNeedsApprovedDesign(t *testing.T) {
	f := newFixture(t)
	designed(t, f, nil)
	before := f.auditCount(t)
	_, err := f.p.RecordInterview(f.ctx, f.mgr, testInterview("salud", "2026-03-02"), ts("2026-03-02T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "no está aprobado")
	assert.Equal(t, before, f.auditCount(t))
	_, err = f.p.ApproveDesign(f.ctx, f.dir, "interview-2026", ts("2026-03-02T11:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.DesignInterview(f.ctx, f.owner, testDesign(2026), ts("2026-03-02T12:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "an approved design is frozen")
	iv, err := f.p.RecordInterview(f.ctx, f.mgr, testInterview("salud", "2026-03-02"), ts("2026-03-02T13:00:00Z"))
	require.NoError(t, err)
	assert.InDelta(t, 3.5, iv.Score, 1e-12)
}

func TestOneInterviewPerClientPerYear(t *testing.T) {
	f := newFixture(t)
	approved(t, f, nil)
	_, err := f.p.RecordInterview(f.ctx, f.mgr, testInterview("salud", "2026-03-02"), ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)
	before := f.auditCount(t)
	_, err = f.p.RecordInterview(f.ctx, f.owner, testInterview("salud", "2026-09-10"), ts("2026-09-10T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrConflict)
	assert.Contains(t, err.Error(), "una entrevista por cliente al año")
	assert.Equal(t, before, f.auditCount(t))
}

func TestInterviewScoreOutsideScaleIsRejected(t *testing.T) {
	f := newFixture(t)
	approved(t, f, nil)
	iv := testInterview("salud", "2026-03-02")
	iv.Scores["general"] = 6
	_, err := f.p.RecordInterview(f.ctx, f.mgr, iv, ts("2026-03-02T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "scores.general")
}

func TestWorkPlanBeforeInterviewLeavesBriefingPending(t *testing.T) {
	f := newFixture(t)
	approved(t, f, nil)
	// identidad: interview first, then the plan: nothing pending.
	_, err := f.p.RecordInterview(f.ctx, f.mgr, testInterview("identidad", "2026-02-02"), ts("2026-02-02T10:00:00Z"))
	require.NoError(t, err)
	w, err := f.p.AgreeWorkPlan(f.ctx, f.owner, "identidad", day("2026-02-10"), "plan anual", "", ts("2026-02-10T10:00:00Z"))
	require.NoError(t, err)
	assert.True(t, w.InterviewFirst)
	// salud: the plan came first; without a reason it is refused.
	_, err = f.p.AgreeWorkPlan(f.ctx, f.owner, "salud", day("2026-02-10"), "plan anual", "", ts("2026-02-10T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	_, err = f.p.AgreeWorkPlan(f.ctx, f.owner, "salud", day("2026-02-10"), "plan anual", ReasonStartedBefore, ts("2026-02-10T10:00:00Z"))
	require.NoError(t, err)
	// tramites: also plan first, briefed later by RecordBriefing.
	_, err = f.p.AgreeWorkPlan(f.ctx, f.owner, "tramites", day("2026-02-11"), "plan anual", ReasonNewClient, ts("2026-02-11T10:00:00Z"))
	require.NoError(t, err)
	pending, err := f.p.PendingBriefings(f.ctx, 2026)
	require.NoError(t, err)
	require.Len(t, pending, 2)
	_, err = f.p.RecordBriefing(f.ctx, f.mgr, "tramites", 2026, day("2026-03-01"), "se repasaron las acciones", true, ts("2026-03-01T10:00:00Z"))
	require.NoError(t, err)
	// salud is briefed during its interview.
	iv := testInterview("salud", "2026-04-01")
	iv.Briefed = true
	_, err = f.p.RecordInterview(f.ctx, f.mgr, iv, ts("2026-04-01T10:00:00Z"))
	require.NoError(t, err)
	pending, err = f.p.PendingBriefings(f.ctx, 2026)
	require.NoError(t, err)
	assert.Empty(t, pending)
}

func TestCommonNeedsAndComplaintsAboveThresholdAreRanked(t *testing.T) {
	f := newFixture(t)
	approved(t, f, nil)
	for _, c := range []struct {
		client     string
		needs, cmp []string
	}{
		{"identidad", []string{"tiempos", "capacidad"}, nil},
		{"salud", []string{"tiempos"}, []string{"comunicacion"}},
		{"tramites", []string{"tiempos"}, nil},
	} {
		iv := testInterview(c.client, "2026-03-02")
		iv.Needs, iv.Complaints = c.needs, c.cmp
		_, err := f.p.RecordInterview(f.ctx, f.mgr, iv, ts("2026-03-02T10:00:00Z"))
		require.NoError(t, err)
	}
	_, err := f.p.ReportComplaint(f.ctx, f.exe, NewComplaint{Client: "tramites", Channel: ChannelPhone, Scope: ScopeOther, Topic: "comunicacion"}, ts("2026-04-01T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.ProposeAction(f.ctx, f.owner, NewAction{Title: "Aviso de incidentes por correo", Origin: OriginAnalysis, Topic: "comunicacion"}, ts("2026-04-05T10:00:00Z"))
	require.NoError(t, err)
	an, err := f.p.Analyze(f.ctx, 2026)
	require.NoError(t, err)
	common := an.Common()
	require.Len(t, common, 2, "capacidad (1 client) is not common")
	assert.Equal(t, "tiempos", common[0].Topic)
	assert.Equal(t, []string{"identidad", "salud", "tramites"}, common[0].Clients)
	assert.Equal(t, "comunicacion", common[1].Topic)
	assert.Equal(t, 2, common[1].Complaints)
	require.Len(t, common[1].Proposals, 1)
}

func TestCommitmentDueDateInBusinessDays(t *testing.T) {
	f := newFixture(t)
	st := &state{}
	agreedAction(t, f, st)
	// 2026-04-30 is a Thursday; May 1 is a non-working holiday in Uruguay,
	// so 1 business day later is Monday May 4 and 10 is Friday May 15.
	for _, tc := range []struct {
		term int
		due  string
	}{{1, "2026-05-04"}, {10, "2026-05-15"}} {
		c, err := f.p.AddCommitment(f.ctx, f.owner, NewCommitment{Action: st.action, Owner: "mgr-luis", Description: "t" + tc.due, Start: day("2026-04-30"), TermDays: tc.term}, ts("2026-04-30T10:00:00Z"))
		require.NoError(t, err)
		assert.Equal(t, tc.due, c.Due.String())
	}
}

func TestOverdueCommitmentsAreFlaggedByRun(t *testing.T) {
	f := newFixture(t)
	st := &state{}
	agreedAction(t, f, st)
	c, err := f.p.AddCommitment(f.ctx, f.owner, NewCommitment{Action: st.action, Owner: "mgr-luis", Description: "x", Start: day("2026-03-02"), TermDays: 2}, ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)
	require.Equal(t, "2026-03-04", c.Due.String())
	sum, err := f.p.Run(f.ctx, f.mgr, day("2026-03-04"))
	require.NoError(t, err)
	assert.Empty(t, sum.Overdue, "due today is not overdue")
	sum, err = f.p.Run(f.ctx, f.mgr, day("2026-03-05"))
	require.NoError(t, err)
	assert.Equal(t, []string{c.ID}, sum.Overdue)
	before := f.auditCount(t)
	sum, err = f.p.Run(f.ctx, f.mgr, day("2026-03-05"))
	require.NoError(t, err)
	assert.Empty(t, sum.Overdue)
	assert.Empty(t, sum.Snapshots)
	assert.Equal(t, before, f.auditCount(t), "Run is idempotent for a date")
	open, err := f.p.Commitments(f.ctx, CommitmentOpen)
	require.NoError(t, err)
	require.Len(t, open, 1)
	assert.True(t, open[0].Overdue)
	assert.Equal(t, "2026-03-05", open[0].OverdueSince.String())
}

func TestClientCommitmentClosesOnlyOnClientConfirmation(t *testing.T) {
	f := newFixture(t)
	st := &state{}
	deliveredClientCommitment(t, f, st)
	got, err := f.p.Commitments(f.ctx, CommitmentDelivered)
	require.NoError(t, err)
	require.Len(t, got, 1, "done, but still waiting for the client")
	assert.NotEmpty(t, got[0].Record.Evidence, "the delivery keeps its evidence")
	// The team records no confirmation for the client (the rule changed
	// with the commitments register: the client's person confirms).
	before := f.auditCount(t)
	_, err = f.p.ConfirmCommitment(f.ctx, f.mgr, st.commitment, day("2026-03-10"), "María Pérez", ts("2026-03-10T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	assert.Equal(t, before, f.auditCount(t), "a refused confirmation changes nothing")
	c, err := f.p.ConfirmCommitment(f.ctx, relaciona.Actor{ID: "ref-salud"}, st.commitment, day("2026-03-10"), "conforme", ts("2026-03-10T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, CommitmentClosed, c.Status)
	assert.Equal(t, "ref-salud", c.ConfirmedBy)
	assert.Equal(t, relaciona.CommitmentConfirmed, c.Record.Status)
	// An internal commitment is delivered when done, and confirmed by a
	// process owner other than its owner.
	ic, err := f.p.AddCommitment(f.ctx, f.owner, NewCommitment{Action: st.action, Owner: "exe-sofia", Description: "interno", Start: day("2026-03-02")}, ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, []string{"own-carla"}, ic.Confirmers)
	ic, err = f.p.CompleteCommitment(f.ctx, f.exe, ic.ID, day("2026-03-03"), ts("2026-03-03T10:00:00Z"))
	require.NoError(t, err, "the commitment's owner completes it")
	assert.Equal(t, CommitmentDelivered, ic.Status)
	_, err = f.p.ConfirmCommitment(f.ctx, f.exe, ic.ID, day("2026-03-04"), "", ts("2026-03-04T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "its owner does not confirm it")
	ic, err = f.p.ConfirmCommitment(f.ctx, f.owner, ic.ID, day("2026-03-04"), "", ts("2026-03-04T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, CommitmentClosed, ic.Status)
	// The process owner's own internal commitment is confirmed by
	// Dirección: no one confirms their own.
	oc, err := f.p.AddCommitment(f.ctx, f.owner, NewCommitment{Action: st.action, Owner: "own-carla", Description: "propio", Start: day("2026-03-02")}, ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, []string{"dir-ana"}, oc.Confirmers)
}

func TestClientCommitmentNeedsWhoConfirmsIt(t *testing.T) {
	f := newFixture(t)
	st := &state{}
	agreedAction(t, f, st)
	for _, tc := range []struct {
		name       string
		confirmers []string
		err        error
	}{
		{"no one", nil, relaciona.ErrInvalid},
		{"someone the directory does not list", []string{"fantasma"}, relaciona.ErrInvalid},
		{"the owner themselves", []string{"mgr-luis"}, relaciona.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.auditCount(t)
			_, err := f.p.AddCommitment(f.ctx, f.owner, NewCommitment{Action: st.action, Client: "salud", Confirmers: tc.confirmers, Owner: "mgr-luis", Description: "x", Start: day("2026-03-02")}, ts("2026-03-02T10:00:00Z"))
			require.ErrorIs(t, err, tc.err)
			assert.Equal(t, before, f.auditCount(t))
		})
	}
}

func TestCommitmentClosesUnconfirmedByItsOwnerWithAReason(t *testing.T) {
	f := newFixture(t)
	st := &state{}
	deliveredClientCommitment(t, f, st)
	before := f.auditCount(t)
	_, err := f.p.CloseCommitmentUnconfirmed(f.ctx, f.mgr, st.commitment, "", day("2026-03-31"), ts("2026-03-31T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a reason is required")
	_, err = f.p.CloseCommitmentUnconfirmed(f.ctx, f.owner, st.commitment, "el cliente no responde", day("2026-03-31"), ts("2026-03-31T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "only the commitment's owner (mgr-luis)")
	assert.Equal(t, before, f.auditCount(t))
	c, err := f.p.CloseCommitmentUnconfirmed(f.ctx, f.mgr, st.commitment, "el cliente no responde", day("2026-03-31"), ts("2026-03-31T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, CommitmentClosed, c.Status)
	assert.Equal(t, "el cliente no responde", c.Reason)
	assert.Empty(t, c.ConfirmedBy)
}

func TestSurveyBadInputChangesNothing(t *testing.T) {
	at := ts("2026-03-02T10:00:00Z")
	good := relaciona.SurveyResponse{ID: "ok", Requester: "salud", Service: "vpn", Metric: "csat", Score: 5, Submitted: at}
	cases := []struct {
		name  string
		bad   relaciona.SurveyResponse
		field string
	}{
		{"unknown client", relaciona.SurveyResponse{ID: "b", Requester: "someone@example.com", Metric: "csat", Score: 4, Submitted: at}, "responses[1].requester"},
		{"score outside its scale", relaciona.SurveyResponse{ID: "b", Requester: "salud", Metric: "nps", Score: 11, Submitted: at}, "responses[1].score"},
		{"csat zero", relaciona.SurveyResponse{ID: "b", Requester: "salud", Metric: "csat", Score: 0, Submitted: at}, "responses[1].score"},
		{"unknown metric", relaciona.SurveyResponse{ID: "b", Requester: "salud", Metric: "ces2", Score: 1, Submitted: at}, "responses[1].metric"},
		{"unknown service", relaciona.SurveyResponse{ID: "b", Requester: "salud", Service: "web", Metric: "csat", Score: 1, Submitted: at}, "responses[1].service"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.auditCount(t)
			_, err := f.p.ImportSurveys(f.ctx, f.mgr, []relaciona.SurveyResponse{good, tc.bad}, at)
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Contains(t, err.Error(), tc.field)
			assert.NotContains(t, err.Error(), "someone@example.com", "personal data stays out of errors")
			assert.Equal(t, before, f.auditCount(t))
			n, err := f.store.Count(f.ctx, kindSurvey, relaciona.Filter{})
			require.NoError(t, err)
			assert.Zero(t, n)
		})
	}
}

// seedMonth loads one month of tickets and answers for salud/vpn:
// 4 tickets (3 resolved within 8 h, 1 in 20 h), answers CSAT 5,4,2,
// NPS 10,8,3 and CES 6,4.
func seedMonth(t *testing.T, f *fixture, month string, csat []int) {
	t.Helper()
	var tks []relaciona.Ticket
	for i, h := range []int{2, 5, 7, 20} {
		c := ts(month + "-05T09:00:00Z").Add(time.Duration(i) * time.Hour)
		tks = append(tks, relaciona.Ticket{ID: month + "-" + string(rune('a'+i)), Status: relaciona.StatusClosed, Requester: "salud",
			Fields: map[string]string{"service": "vpn", "type": "incident"}, Created: c, Updated: c.Add(time.Duration(h) * time.Hour)})
	}
	_, err := f.p.ImportTickets(f.ctx, f.mgr, tks, ts(month+"-28T10:00:00Z"))
	require.NoError(t, err)
	var rs []relaciona.SurveyResponse
	add := func(metric string, scores ...int) {
		for i, s := range scores {
			rs = append(rs, relaciona.SurveyResponse{ID: month + metric + string(rune('0'+i)), TicketID: month + "-a", Requester: "salud", Service: "vpn",
				Metric: metric, Score: s, Submitted: ts(month + "-10T12:00:00Z").Add(time.Duration(i) * time.Minute)})
		}
	}
	add("csat", csat...)
	add("nps", 10, 8, 3)
	add("ces", 6, 4)
	_, err = f.p.ImportSurveys(f.ctx, f.mgr, rs, ts(month+"-28T10:00:00Z"))
	require.NoError(t, err)
}

func TestCMIPerClientServiceAndMonth(t *testing.T) {
	f := newFixture(t)
	seedMonth(t, f, "2026-03", []int{5, 4, 2})
	cmi, err := f.p.CMI(f.ctx, Month{2026, time.March})
	require.NoError(t, err)
	require.False(t, cmi.Empty)
	require.Len(t, cmi.Services, 1)
	r := cmi.Services[0]
	assert.Equal(t, "salud", r.Client)
	assert.Equal(t, "vpn", r.Service)
	assert.InDelta(t, 2.0/3, r.CSAT.Value, 1e-12)
	assert.Equal(t, int64(3), r.CSAT.N)
	assert.InDelta(t, 0, r.NPS.Value, 1e-12) // 1 promoter, 1 detractor of 3
	assert.InDelta(t, 5, r.CES.Value, 1e-12)
	assert.Equal(t, int64(3), r.Answered)
	// Every answer names ticket a: 1 of the 4 closed cases was answered
	// (answered / asked on the month's closed cases; was 3 surveys / 4).
	assert.InDelta(t, 0.25, r.ResponseRate.Value, 1e-12)
	assert.Equal(t, int64(4), r.Opened)
	assert.Equal(t, int64(4), r.Closed)
	assert.InDelta(t, 0.75, r.ServiceLevel.Value, 1e-12) // 3 of 4 within 8 h
	require.Len(t, cmi.Trend, 6)
	assert.Equal(t, "2025-10", cmi.Trend[0].Month.String())
	assert.False(t, cmi.Trend[0].Figures.CSAT.Defined)
}

func TestEmptyMonthIsAnEmptyReportNotNaN(t *testing.T) {
	f := newFixture(t)
	cmi, err := f.p.CMI(f.ctx, Month{2026, time.March})
	require.NoError(t, err)
	assert.True(t, cmi.Empty)
	for _, v := range []float64{cmi.Total.CSAT.Value, cmi.Total.NPS.Value, cmi.Total.CES.Value, cmi.Total.ResponseRate.Value, cmi.Total.ServiceLevel.Value} {
		assert.False(t, math.IsNaN(v))
	}
	assert.False(t, cmi.Total.CSAT.Defined)
}

func TestWatermelonAlertWhenServiceLevelsMetButSatisfactionFalls(t *testing.T) {
	f := newFixture(t)
	cfg := f.p.cfg
	sl := 0.7
	cfg.CMI.Targets.ServiceLevel = &sl
	seedMonth(t, f, "2026-02", []int{5, 5, 5}) // CSAT 100 %
	seedMonth(t, f, "2026-03", []int{5, 4, 2}) // CSAT 67 %, service level 75 % >= 70 %
	cmi, err := f.p.CMI(f.ctx, Month{2026, time.March})
	require.NoError(t, err)
	require.Len(t, cmi.Alerts, 1)
	w := cmi.Alerts[0]
	assert.Equal(t, "salud", w.Client)
	assert.True(t, w.Drop)
	assert.True(t, w.BelowTarget)
	// Service level not met: the red is visible outside too, no watermelon.
	sl = 0.8
	cmi, err = f.p.CMI(f.ctx, Month{2026, time.March})
	require.NoError(t, err)
	assert.Empty(t, cmi.Alerts)
}

func TestImportIntoMonthInvalidatesSnapshot(t *testing.T) {
	f := newFixture(t)
	seedMonth(t, f, "2026-02", []int{5, 5, 5})
	sum, err := f.p.Run(f.ctx, f.mgr, day("2026-03-02"))
	require.NoError(t, err)
	assert.Len(t, sum.Snapshots, 6)
	cmi, err := f.p.CMI(f.ctx, Month{2026, time.March})
	require.NoError(t, err)
	assert.True(t, cmi.Trend[4].Snapshot)
	assert.InDelta(t, 1, cmi.Trend[4].Figures.CSAT.Value, 1e-12)
	// A late answer for February removes its snapshot; the figures follow.
	_, err = f.p.ImportSurveys(f.ctx, f.mgr, []relaciona.SurveyResponse{{ID: "late", Requester: "salud", Service: "vpn", Metric: "csat", Score: 1, Submitted: ts("2026-02-27T12:00:00Z")}}, ts("2026-03-03T10:00:00Z"))
	require.NoError(t, err)
	cmi, err = f.p.CMI(f.ctx, Month{2026, time.March})
	require.NoError(t, err)
	assert.False(t, cmi.Trend[4].Snapshot)
	assert.InDelta(t, 0.75, cmi.Trend[4].Figures.CSAT.Value, 1e-12)
	sum, err = f.p.Run(f.ctx, f.mgr, day("2026-03-03"))
	require.NoError(t, err)
	assert.Equal(t, []Month{{2026, time.February}}, sum.Snapshots)
}

func TestRunReadsSurveysFromTheTicketSystem(t *testing.T) {
	f := newFixture(t)
	at := ts("2026-03-10T12:00:00Z")
	f.desk.put(driver.Ticket{ID: "1", Status: "closed", Requester: "maria.perez@example.gub.uy", Fields: map[string]string{"service": "correo"},
		Created: ts("2026-03-09T08:00:00Z"), Updated: ts("2026-03-09T10:00:00Z")})
	require.NoError(t, f.tickets.RecordSurveys(f.ctx, []relaciona.SurveyResponse{
		{ID: "r1", TicketID: "1", Requester: "maria.perez@example.gub.uy", Service: "correo", Metric: "csat", Score: 4, Submitted: at},
		{ID: "r2", TicketID: "1", Requester: "maria.perez@example.gub.uy", Service: "correo", Metric: "nps", Score: 9, Submitted: at},
		{ID: "r3", TicketID: "9", Requester: "nobody@example.com", Service: "correo", Metric: "csat", Score: 1, Submitted: at},
	}))
	sum, err := f.p.Run(f.ctx, f.mgr, day("2026-03-11"))
	require.NoError(t, err)
	assert.Equal(t, 2, sum.Sync.Surveys.Stored)
	assert.Equal(t, []int{2}, sum.Sync.Surveys.Skipped, "the survey of an unknown client is left out")
	assert.Equal(t, 1, sum.Sync.Tickets.Stored)
	before := f.auditCount(t)
	sum, err = f.p.Run(f.ctx, f.mgr, day("2026-03-11"))
	require.NoError(t, err)
	assert.Zero(t, sum.Sync.Surveys.Stored)
	assert.Equal(t, before, f.auditCount(t), "a second run the same day changes nothing")
	cmi, err := f.p.CMI(f.ctx, Month{2026, time.March})
	require.NoError(t, err)
	require.Len(t, cmi.Clients, 1)
	assert.Equal(t, "identidad", cmi.Clients[0].Client)
	assert.InDelta(t, 1, cmi.Clients[0].ResponseRate.Value, 1e-12)
	assert.InDelta(t, 100, cmi.Clients[0].NPS.Value, 1e-12)
}

func TestMeetingActionsJoinTheClientInformation(t *testing.T) {
	f := newFixture(t)
	st := &state{}
	agreedAction(t, f, st)
	cf, err := f.p.ClientFile(f.ctx, f.exe, "salud")
	require.NoError(t, err)
	require.Len(t, cf.Actions, 1)
	assert.Equal(t, ActionAgreed, cf.Actions[0].Status)
	require.Len(t, cf.Info, 1)
	assert.Equal(t, SourceMeeting, cf.Info[0].Source)
	_, err = f.p.RecordMeeting(f.ctx, f.owner, MeetingInput{Date: day("2026-03-02")}, ts("2026-03-02T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a work meeting involves divisions")
}
