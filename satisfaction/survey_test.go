package satisfaction

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// withSurveys gives the fixture's process a surveys section.
func (f *fixture) withSurveys(sc SurveyConf) *fixture {
	sc.defaults()
	f.p.cfg.Surveys = &sc
	return f
}

func rate(v float64) *float64 { return &v }

// closedTicket is a ticket of client salud on vpn, created an hour before
// it closed at closed.
func closedTicket(id string, closed time.Time) relaciona.Ticket {
	return relaciona.Ticket{ID: id, Status: relaciona.StatusClosed, Subject: "vpn",
		Fields:  map[string]string{"client": "salud", "service": "vpn", "type": "incident"},
		Created: closed.Add(-time.Hour), Updated: closed}
}

func (f *fixture) importTickets(t *testing.T, at time.Time, tk ...relaciona.Ticket) {
	t.Helper()
	_, err := f.p.ImportTickets(f.ctx, f.mgr, tk, at)
	require.NoError(t, err)
}

func (f *fixture) invited(t *testing.T) []string {
	t.Helper()
	var out []string
	for d, err := range f.p.invitations.Scan(f.ctx, relaciona.Filter{}) {
		require.NoError(t, err)
		out = append(out, d.Value.Ticket)
	}
	return out
}

func TestSurveyConfigSection(t *testing.T) {
	orig, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	cases := []struct {
		name, section, want string
	}{
		{"a full section loads", "surveys:\n  delay_hours: 24\n  sample_rate: 0.5\n  lifetime_days: 7\n  comment_required_below:\n    csat: 3\n    nps: 7\n", ""},
		{"a sampling rate over 1", "surveys:\n  sample_rate: 1.5\n", "sample_rate"},
		{"a threshold off the CSAT scale", "surveys:\n  comment_required_below:\n    csat: 9\n", "9"},
		{"an unknown metric", "surveys:\n  comment_required_below:\n    wow: 3\n", "wow"},
		{"an unknown key", "surveys:\n  delay_minutes: 3\n", "delay_minutes"},
		{"a negative delay", "surveys:\n  delay_hours: -1\n", "delay_hours"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := string(orig) + tc.section
			if tc.want != "" {
				line := strings.Count(string(orig), "\n") + 2 // the line after "surveys:"
				parseRefused(t, "s.yaml", data, tc.want, fmt.Sprintf(`s\.yaml:(%d|%d|%d):\d+`, line, line+1, line+2))
				return
			}
			c, err := ParseConfig("s.yaml", []byte(data), relaciona.English)
			require.NoError(t, err)
			require.NotNil(t, c.Surveys)
			assert.Equal(t, 24, c.Surveys.DelayHours)
			assert.InDelta(t, 0.5, *c.Surveys.SampleRate, 1e-9)
			assert.Equal(t, 7, c.Surveys.LifetimeDays)
			assert.Equal(t, map[string]int{"csat": 3, "nps": 7}, c.Surveys.CommentBelow)
		})
	}
	t.Run("a config built in Go is checked too", func(t *testing.T) {
		for _, sc := range []SurveyConf{{SampleRate: rate(1.5)}, {DelayHours: -1}, {LifetimeDays: -2}, {CommentBelow: map[string]int{"nps": 11}}} {
			c := testConfig()
			c.Surveys = &sc
			_, err := NewConfig(c, relaciona.English)
			require.ErrorIs(t, err, relaciona.ErrInvalid, "%+v", sc)
			assert.Contains(t, err.Error(), "surveys.", "%+v", sc)
		}
	})
	t.Run("defaults: all tickets, 14 days, no section no governance", func(t *testing.T) {
		c, err := ParseConfig("s.yaml", append(orig, "surveys: {}\n"...), relaciona.English)
		require.NoError(t, err)
		assert.InDelta(t, 1.0, *c.Surveys.SampleRate, 1e-9)
		assert.Equal(t, 14, c.Surveys.LifetimeDays)
		c, err = ParseConfig("s.yaml", orig, relaciona.English)
		require.NoError(t, err)
		assert.Nil(t, c.Surveys)
	})
}

// TestSurveyInvitationAfterDelayOncePerTicket: a closed ticket's client is
// invited at the first Run past the delay, through the outbox on the
// ticket, once, even when the ticket is reopened and closed again.
func TestSurveyInvitationAfterDelayOncePerTicket(t *testing.T) {
	f := newFixture(t).withSurveys(SurveyConf{DelayHours: 24, LifetimeDays: 7})
	closed := ts("2026-03-02T10:00:00Z")
	f.importTickets(t, closed, closedTicket("T-1", closed))

	s, err := f.p.Run(f.ctx, f.mgr, day("2026-03-03")) // 14 h after: before the delay
	require.NoError(t, err)
	assert.Empty(t, s.Invited, "not before the delay")
	assert.Empty(t, ofKind(f.notifications(t), NoticeSurveyInvitation))

	s, err = f.p.Run(f.ctx, f.mgr, day("2026-03-04"))
	require.NoError(t, err)
	assert.Equal(t, []string{"T-1"}, s.Invited)
	ns := ofKind(f.notifications(t), NoticeSurveyInvitation)
	require.Len(t, ns, 1)
	assert.Equal(t, "T-1", ns[0].To.Ticket, "delivered on the ticket")
	assert.Equal(t, "Lucía Díaz", ns[0].To.Name, "to the client's contact")
	assert.Equal(t, "2026-03-11", ns[0].Due, "open for lifetime_days")
	inv, err := f.p.Invitation(f.ctx, f.exe, "T-1")
	require.NoError(t, err)
	assert.Equal(t, ts("2026-03-11T00:00:00Z"), inv.Expires)

	for _, d := range []string{"2026-03-04", "2026-03-05"} {
		s, err = f.p.Run(f.ctx, f.mgr, day(d))
		require.NoError(t, err)
		assert.Empty(t, s.Invited, "a second Run invites no one again")
	}
	// Reopened, then closed again: no second survey for the same ticket.
	reopened := closedTicket("T-1", ts("2026-03-05T09:00:00Z"))
	reopened.Status, reopened.Created = relaciona.StatusOpen, closed.Add(-time.Hour)
	f.importTickets(t, reopened.Updated, reopened)
	again := closedTicket("T-1", ts("2026-03-05T12:00:00Z"))
	again.Created = closed.Add(-time.Hour)
	f.importTickets(t, again.Updated, again)
	s, err = f.p.Run(f.ctx, f.mgr, day("2026-03-07"))
	require.NoError(t, err)
	assert.Empty(t, s.Invited, "a ticket closed twice is surveyed once")
	assert.Len(t, ofKind(f.notifications(t), NoticeSurveyInvitation), 1)
}

// TestSurveyNotSentOnceExpired: a ticket closed longer ago than delay plus
// lifetime is not invited (the invitation would be dead on arrival), and
// without a surveys section no one is invited.
func TestSurveyNotSentOnceExpired(t *testing.T) {
	f := newFixture(t)
	closed := ts("2026-03-02T10:00:00Z")
	f.importTickets(t, closed, closedTicket("T-1", closed))
	s, err := f.p.Run(f.ctx, f.mgr, day("2026-03-04"))
	require.NoError(t, err)
	assert.Empty(t, s.Invited, "no surveys section: no invitation")

	f.withSurveys(SurveyConf{DelayHours: 0, LifetimeDays: 3})
	s, err = f.p.Run(f.ctx, f.mgr, day("2026-03-06"))
	require.NoError(t, err)
	assert.Empty(t, s.Invited, "closed 3 days 14 hours before: past its lifetime")
	s, err = f.p.Run(f.ctx, f.mgr, day("2026-03-05"))
	require.NoError(t, err)
	assert.Equal(t, []string{"T-1"}, s.Invited)
}

// TestSurveySampling: with sample_rate 0.3 of 300 closed tickets, the
// invited are exactly those SurveySampled chooses, about 30 %, and two
// processes on two stores choose the same.
func TestSurveySampling(t *testing.T) {
	closed := ts("2026-03-02T10:00:00Z")
	var tk []relaciona.Ticket
	for i := range 300 {
		tk = append(tk, closedTicket(fmt.Sprintf("T-%d", i), closed.Add(time.Duration(i)*time.Second)))
	}
	var sets [2][]string
	for i := range sets {
		f := newFixture(t).withSurveys(SurveyConf{SampleRate: rate(0.3)})
		f.importTickets(t, closed, tk...)
		_, err := f.p.Run(f.ctx, f.mgr, day("2026-03-03"))
		require.NoError(t, err)
		sets[i] = f.invited(t)
	}
	var want []string
	for _, x := range tk {
		if SurveySampled(x.ID, 0.3) {
			want = append(want, x.ID)
		}
	}
	assert.ElementsMatch(t, want, sets[0])
	assert.Equal(t, sets[0], sets[1], "two processes choose the same tickets")
	assert.InDelta(t, 90, len(sets[0]), 25, "about 30 %% of 300")
	assert.True(t, SurveySampled("T-1", 1))
	assert.False(t, SurveySampled("T-1", 0))
}

func answer(id, ticket, metric string, score int, at time.Time, comment string) relaciona.SurveyResponse {
	return relaciona.SurveyResponse{ID: id, TicketID: ticket, Requester: "salud", Service: "vpn", Metric: metric, Score: score, Submitted: at, Comment: comment}
}

// invitedT1 gives f the surveys section sc, imports ticket T-1 closed on
// 2 March 2026 at 10:00 and runs the process on 3 March, which invites T-1.
func (f *fixture) invitedT1(t *testing.T, sc SurveyConf) *fixture {
	t.Helper()
	closed := ts("2026-03-02T10:00:00Z")
	f.withSurveys(sc).importTickets(t, closed, closedTicket("T-1", closed))
	_, err := f.p.Run(f.ctx, f.mgr, day("2026-03-03"))
	require.NoError(t, err)
	return f
}

// TestSurveyAnswersGoverned: under the surveys section an answer needs an
// invitation of its ticket, before it expired, a comment under the score
// threshold, and must be the first of its ticket for its metric. A strict
// import is refused with the reason; Run's sync leaves the answer out and
// says why.
func TestSurveyAnswersGoverned(t *testing.T) {
	open := ts("2026-03-05T10:00:00Z")
	late := ts("2026-03-12T00:00:01Z") // invitation sent 2026-03-03, 9 days
	cases := []struct {
		name   string
		rs     []relaciona.SurveyResponse
		reason string // "" accepted
	}{
		{"an invited ticket's answer", []relaciona.SurveyResponse{answer("S1", "T-1", "csat", 5, open, "")}, ""},
		{"an answer without a ticket", []relaciona.SurveyResponse{answer("S1", "", "csat", 5, open, "")}, RefusedNoTicket},
		{"an answer to a ticket never invited", []relaciona.SurveyResponse{answer("S1", "T-9", "csat", 5, open, "")}, RefusedNotInvited},
		{"an answer after the invitation expired", []relaciona.SurveyResponse{answer("S1", "T-1", "csat", 5, late, "")}, RefusedExpired},
		{"a low score without a comment", []relaciona.SurveyResponse{answer("S1", "T-1", "csat", 2, open, " ")}, RefusedNoComment},
		{"a low score with its comment", []relaciona.SurveyResponse{answer("S1", "T-1", "csat", 2, open, "lento")}, ""},
		{"an NPS under its own threshold", []relaciona.SurveyResponse{answer("S1", "T-1", "nps", 6, open, "")}, RefusedNoComment},
		{"a score at the threshold needs none", []relaciona.SurveyResponse{answer("S1", "T-1", "csat", 3, open, "")}, ""},
		{"a second survey of the same ticket", []relaciona.SurveyResponse{answer("S1", "T-1", "csat", 5, open, ""), answer("S2", "T-1", "csat", 4, open.Add(time.Hour), "")}, RefusedAnswered},
		{"another metric of the same ticket", []relaciona.SurveyResponse{answer("S1", "T-1", "csat", 5, open, ""), answer("S2", "T-1", "nps", 9, open.Add(time.Hour), "")}, ""},
	}
	setup := func(t *testing.T) *fixture {
		return newFixture(t).invitedT1(t, SurveyConf{LifetimeDays: 9, CommentBelow: map[string]int{"csat": 3, "nps": 7}})
	}
	for _, tc := range cases {
		t.Run("strict/"+tc.name, func(t *testing.T) {
			f := setup(t)
			res, err := f.p.ImportSurveys(f.ctx, f.mgr, tc.rs, open)
			if tc.reason == "" {
				require.NoError(t, err)
				assert.Equal(t, len(tc.rs), res.Stored)
				return
			}
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Equal(t, 0, f.countSurveys(t), "a refused import stores nothing")
		})
		t.Run("sync/"+tc.name, func(t *testing.T) {
			f := setup(t)
			require.NoError(t, f.desk.RecordSurveys(f.ctx, tc.rs))
			s, err := f.p.Run(f.ctx, f.mgr, day("2026-03-13"))
			require.NoError(t, err)
			if tc.reason == "" {
				assert.Empty(t, s.Sync.Surveys.Refused)
				assert.Equal(t, len(tc.rs), s.Sync.Surveys.Stored)
				return
			}
			require.Len(t, s.Sync.Surveys.Refused, 1)
			assert.Equal(t, tc.reason, s.Sync.Surveys.Refused[0].Reason)
			assert.Equal(t, len(tc.rs)-1, s.Sync.Surveys.Stored)
		})
	}
	t.Run("the reason is in the refusal", func(t *testing.T) {
		f := setup(t)
		f.p.lang = relaciona.English
		_, err := f.p.ImportSurveys(f.ctx, f.mgr, []relaciona.SurveyResponse{answer("S1", "T-1", "csat", 1, open, "")}, open)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "it must explain the score in a comment")
		assert.NotContains(t, err.Error(), "salud", "no requester in the message")
	})
	t.Run("a repeated import of the same answer is unchanged, not a second survey", func(t *testing.T) {
		f := setup(t)
		rs := []relaciona.SurveyResponse{answer("S1", "T-1", "csat", 5, open, "")}
		_, err := f.p.ImportSurveys(f.ctx, f.mgr, rs, open)
		require.NoError(t, err)
		res, err := f.p.ImportSurveys(f.ctx, f.mgr, rs, open)
		require.NoError(t, err)
		assert.Equal(t, 1, res.Unchanged)
	})
	t.Run("on a lower-is-better scale a comment is required above the threshold", func(t *testing.T) {
		f := setup(t)
		f.p.cfg.Scales.CES.LowerIsBetter = true
		f.p.cfg.Surveys.CommentBelow = map[string]int{"ces": 5}
		_, err := f.p.ImportSurveys(f.ctx, f.mgr, []relaciona.SurveyResponse{answer("S1", "T-1", "ces", 6, open, "")}, open)
		require.ErrorIs(t, err, relaciona.ErrInvalid, "a high effort needs its comment")
		_, err = f.p.ImportSurveys(f.ctx, f.mgr, []relaciona.SurveyResponse{answer("S1", "T-1", "ces", 2, open, "")}, open)
		require.NoError(t, err, "a low effort needs none")
	})
	t.Run("without a surveys section an answer is taken as it comes", func(t *testing.T) {
		f := newFixture(t)
		res, err := f.p.ImportSurveys(f.ctx, f.mgr, []relaciona.SurveyResponse{answer("S1", "T-9", "csat", 1, open, "")}, open)
		require.NoError(t, err)
		assert.Equal(t, 1, res.Stored)
	})
}

func (f *fixture) countSurveys(t *testing.T) int {
	t.Helper()
	n := 0
	for _, err := range f.p.surveys.Scan(f.ctx, relaciona.Filter{}) {
		require.NoError(t, err)
		n++
	}
	return n
}

// TestOneSurveyAnswerPerTicketUnderConcurrentImports: imports racing with
// different answers for the same ticket store one; the others are refused
// as a second survey (the claim, not a read-then-write).
func TestOneSurveyAnswerPerTicketUnderConcurrentImports(t *testing.T) {
	f := fileFixture(t).invitedT1(t, SurveyConf{})
	errs := atOnce(6, func(i int) error {
		at := ts("2026-03-04T10:00:00Z").Add(time.Duration(i) * time.Minute)
		_, err := f.p.ImportSurveys(f.ctx, f.mgr, []relaciona.SurveyResponse{answer(fmt.Sprintf("S%d", i), "T-1", "csat", 5, at, "")}, at)
		return err
	})
	assert.Equal(t, 1, proctest.Winners(t, errs, relaciona.ErrInvalid), "one stored; the losers are refused as a second survey")
	assert.Equal(t, 1, f.countSurveys(t))
}

// TestConcurrentRunsInviteOnce: the invitation steps of three Runs of the
// same date at once write one invitation per ticket. (Whole Runs at once
// conflict earlier, on the month snapshots.)
func TestConcurrentRunsInviteOnce(t *testing.T) {
	f := fileFixture(t).withSurveys(SurveyConf{})
	closed := ts("2026-03-02T10:00:00Z")
	var tk []relaciona.Ticket
	for i := range 20 {
		tk = append(tk, closedTicket(fmt.Sprintf("T-%d", i), closed))
	}
	f.importTickets(t, closed, tk...)
	errs := atOnce(3, func(int) error {
		_, err := f.p.inviteSurveys(f.ctx, relaciona.SystemActor(), ts("2026-03-03T00:00:00Z"))
		return err
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Len(t, f.invited(t), 20)
	assert.Len(t, ofKind(f.notifications(t), NoticeSurveyInvitation), 20)
}

// FuzzSurveysSection feeds the surveys section of the satisfaction YAML
// with arbitrary values: ParseConfig never panics, and a file it accepts
// has a section whose values the process can use.
func FuzzSurveysSection(f *testing.F) {
	orig, err := os.ReadFile(examplePath)
	require.NoError(f, err)
	for _, s := range []string{
		"surveys:\n  delay_hours: 24\n  sample_rate: 0.5\n  lifetime_days: 7\n  comment_required_below:\n    csat: 3\n",
		"surveys: {}\n", "surveys:\n  sample_rate: 1e308\n", "surveys:\n  comment_required_below:\n    nps: -1\n",
		"surveys:\n  delay_hours: 1.5\n", "surveys: [1]\n", "surveys:\n  comment_required_below: {csat: x}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, section string) {
		c, err := ParseConfig("s.yaml", append(slices.Clone(orig), section...), relaciona.English)
		if err != nil {
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			return
		}
		sc := c.Surveys
		if sc == nil {
			return
		}
		require.GreaterOrEqual(t, sc.DelayHours, 0)
		require.GreaterOrEqual(t, sc.LifetimeDays, 1)
		require.True(t, *sc.SampleRate >= 0 && *sc.SampleRate <= 1, "rate %v", *sc.SampleRate)
		for m, v := range sc.CommentBelow {
			s, ok := c.scale(m)
			require.True(t, ok, m)
			require.True(t, s.Contains(v), "%s %d", m, v)
		}
	})
}
