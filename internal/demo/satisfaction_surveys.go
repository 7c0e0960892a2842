package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/satisfaction"
)

// The satisfaction demo's surveys (seed 003 §3.1: "Encuestas provenientes
// del sistema de tickets"), under the surveys section of its YAML: the
// package's Run invites the client of each closed ticket a day after it
// closes (nine tickets in ten), and the requesters answer the invitation in
// the days after it, as a helpdesk survey module works. So the demo lives
// each month week by week (satSegments) and runs Run at the end of each
// week as well as at the month end: an answer always comes after its
// invitation. A few answers are refused by the surveys section, one of
// each kind the process counts: after the invitation expired, a low score
// without its comment, a second answer to the same survey, an answer to a
// ticket outside the sample (never invited), and answers through the
// generic survey link with no ticket.

// The demo's surveys section (configYAML writes it).
const (
	satSurveyDelayHours   = 24
	satSurveySampleRate   = 0.9
	satSurveyLifetimeDays = 14
	satSurveyAnswerRate   = 0.45 // share of invitations answered
)

// satSurveyYAML is the demo's surveys, csi and perspectives sections.
func satSurveyYAML() string {
	return fmt.Sprintf(`
surveys:
  delay_hours: %d
  sample_rate: %v
  lifetime_days: %d
  comment_required_below:
    csat: 3
    nps: 7

csi:
  weights: {csat: 2, nps: 1, ces: 1}
  target: 80
  interview_target: 70
`, satSurveyDelayHours, satSurveySampleRate, satSurveyLifetimeDays)
}

// satSurveys is what the demo knows of the tickets closed and not yet
// surveyed.
type satSurveys struct {
	closed []satOpen // closed tickets awaiting their invitation, in order of closing
	link   int       // answers through the generic link so far
}

// satSegments are the ends of the weeks of the month that starts at
// start: the 8th, the 15th and the 22nd at midnight, and cut.
func satSegments(start, cut time.Time) []time.Time {
	return []time.Time{start.AddDate(0, 0, 7), start.AddDate(0, 0, 14), start.AddDate(0, 0, 21), cut}
}

// closed notes a ticket closed, whose client the next Runs may invite.
func (s *satisfactionDemo) closed(o satOpen) { s.srv.closed = append(s.srv.closed, o) }

// run is a Run of the package on date, made at the time at and counted
// under counter (a week's or the month end's): the sync, the overdue
// commitments and the invitations of the tickets closed; then the
// complaint tickets it registered are planned and the invitations
// answered, from floor on.
func (s *satisfactionDemo) run(ctx context.Context, env *Env, date calendar.Date, at time.Time, counter string, floor time.Time) error {
	s.now = at
	sum, err := s.p.Run(ctx, s.mgr, date)
	if err != nil {
		return err
	}
	env.Count(counter, 1)
	env.Count("commitments_flagged_overdue", len(sum.Overdue))
	env.Count("complaints_registered_by_sync", sum.Sync.Complaints)
	if err := s.afterSync(ctx, env, date); err != nil {
		return err
	}
	s.answerInvitations(env, sum, floor)
	return nil
}

// answerInvitations makes the answers to the invitations sum's Run sent
// (at the midnight of its date), given from floor on (after every answer
// the desk holds: the sync reads answers in the order they were given),
// and the few answers to tickets outside the sample and through the
// generic link. They are recorded in the week they are given.
func (s *satisfactionDemo) answerInvitations(env *Env, sum satisfaction.RunSummary, floor time.Time) {
	r := env.Rand
	sent := satAt(sum.Date, 0, 0)
	env.Count("survey_invitations", len(sum.Invited))
	invited := make(map[string]bool, len(sum.Invited))
	for _, id := range sum.Invited {
		invited[id] = true
	}
	due := sent.Add(-satSurveyDelayHours * time.Hour)
	var keep []satOpen
	for _, o := range s.srv.closed {
		switch {
		case invited[o.id]:
			s.queue(env, s.surveyAnswers(env, o, sent, floor))
		case !o.resolved.Before(due):
			keep = append(keep, o) // the delay has not passed: a later Run
		case !satisfaction.SurveySampled(o.id, satSurveySampleRate):
			// Outside the sample: no invitation, though a requester
			// now and then answers through the generic link on the
			// ticket anyway (refused: not invited).
			if r.IntN(12) == 0 {
				a := s.answer(env, o, satDateOf(floor).Month)[0]
				a.Submitted = floor.Add(time.Duration(1+r.IntN(72)) * time.Hour)
				a.Comment = satComment(a, r.IntN(2) == 0)
				s.queue(env, []relaciona.SurveyResponse{a})
			}
		case o.resolved.Before(due.Add(-satSurveyLifetimeDays * 24 * time.Hour)):
			// Too old to be invited any more.
		default:
			keep = append(keep, o)
		}
	}
	s.srv.closed = keep
	// The generic survey link, with no ticket (refused: no ticket).
	if r.IntN(2) == 0 {
		c := s.clients[r.IntN(len(s.clients))]
		s.srv.link++
		s.queue(env, []relaciona.SurveyResponse{{ID: fmt.Sprintf("encuesta-enlace-%d", s.srv.link), Requester: c.requesters[r.IntN(len(c.requesters))],
			Metric: satisfaction.MetricCSAT, Score: 4 + r.IntN(2), Submitted: floor.Add(time.Duration(1+r.IntN(72)) * time.Hour)}})
	}
}

// queue keeps answers for the week they are given, within the year.
func (s *satisfactionDemo) queue(env *Env, rs []relaciona.SurveyResponse) {
	for _, a := range rs {
		if a.Submitted.Before(s.yearEnd(env)) {
			s.pending = append(s.pending, a)
		}
	}
}

// surveyAnswers are the answers to the invitation of o sent at sent, or
// none (most invitations go unanswered): usually given two hours to four
// days after it, one in thirty after it expired; a low score carries its
// comment four times in five; one respondent in fifty answers CSAT twice.
func (s *satisfactionDemo) surveyAnswers(env *Env, o satOpen, sent, floor time.Time) []relaciona.SurveyResponse {
	r := env.Rand
	if r.Float64() >= satSurveyAnswerRate {
		return nil
	}
	at := sent.Add(time.Duration(2+r.IntN(94))*time.Hour + time.Duration(r.IntN(3600))*time.Second)
	if r.IntN(30) == 0 {
		at = sent.Add(time.Duration(satSurveyLifetimeDays*24+6+r.IntN(120)) * time.Hour)
	}
	if at.Before(floor) {
		at = floor.Add(time.Duration(1+r.IntN(180)) * time.Minute)
	}
	out := s.answer(env, o, satDateOf(at).Month)
	for i := range out {
		out[i].Submitted = at
		out[i].Comment = satComment(out[i], r.IntN(5) != 0)
	}
	if r.IntN(50) == 0 {
		again := out[0]
		again.ID += "-2"
		again.Submitted = at.Add(time.Duration(20+r.IntN(30)) * time.Hour)
		out = append(out, again)
	}
	return out
}

// satComment is the comment of a low score, when the respondent writes
// one.
func satComment(a relaciona.SurveyResponse, writes bool) string {
	low := (a.Metric == satisfaction.MetricCSAT && a.Score < 3) || (a.Metric == satisfaction.MetricNPS && a.Score < 7)
	if !low || !writes {
		return ""
	}
	return "El caso tardó más de lo esperado y nadie informó el avance."
}
