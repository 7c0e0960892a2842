package satisfaction

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
)

// The reasons a survey answer is refused under the surveys section
// (SurveyConf), as SurveyRefusal.Reason.
const (
	// RefusedNoTicket: the answer names no ticket, so no invitation can
	// vouch for it.
	RefusedNoTicket = "no_ticket"
	// RefusedNotInvited: no invitation was sent for the ticket (outside the
	// sample, not closed, or the delay not yet past).
	RefusedNotInvited = "not_invited"
	// RefusedExpired: the answer came after the invitation expired.
	RefusedExpired = "expired"
	// RefusedNoComment: the score is under comment_required_below and the
	// answer has no comment.
	RefusedNoComment = "comment_required"
	// RefusedAnswered: the ticket's survey was answered already for this
	// metric (a second survey for the same ticket).
	RefusedAnswered = "already_answered"
)

// SurveyRefusal is a survey answer a lenient import (Run's sync) left out
// under the surveys section: its index in the input and why, never its
// personal data. A strict import (ImportSurveys) refuses the whole import
// with the same reason instead.
type SurveyRefusal struct {
	Index  int
	Reason string
}

// answerKey is the ClaimSurveyAnswer key of s.
func answerKey(s Survey) string { return s.Ticket + "/" + s.Metric }

// governSurveys applies the surveys section to the new answers ss (from the
// inputs idx), adding to b the ClaimSurveyAnswer claim of each one it
// accepts. It returns, by position in ss, the refusal of each one it
// refuses. Without a surveys section it accepts all and claims nothing.
func (p *Process) governSurveys(ctx context.Context, b *relaciona.Batch, ss []Survey, idx []int) (map[int]error, map[int]string, error) {
	sc := p.cfg.Surveys
	if sc == nil || len(ss) == 0 {
		return nil, nil, nil
	}
	var tickets, keys []string
	for _, s := range ss {
		if s.Ticket != "" {
			tickets = append(tickets, s.Ticket)
			keys = append(keys, answerKey(s))
		}
	}
	invs, err := p.invitations.GetMany(ctx, tickets)
	if err != nil {
		return nil, nil, err
	}
	inv := make(map[string]Invitation, len(invs))
	for _, d := range invs {
		inv[d.Value.Ticket] = d.Value
	}
	answered, err := p.heldClaims(ctx, ClaimSurveyAnswer, keys)
	if err != nil {
		return nil, nil, err
	}
	errs, reasons := map[int]error{}, map[int]string{}
	refuse := func(i int, reason string, err error) {
		errs[i], reasons[i] = err, reason
	}
	for i, s := range ss {
		f := fmt.Sprintf("responses[%d]", idx[i])
		in, invited := inv[s.Ticket]
		sc2, _ := p.cfg.scale(s.Metric)
		switch {
		case s.Ticket == "":
			refuse(i, RefusedNoTicket, p.invalid(f+".ticket", "la respuesta de encuesta %s no indica su ticket: sin él no hay invitación que la respalde",
				"survey response %s names no ticket: without it no invitation vouches for it", s.ID))
		case !invited:
			refuse(i, RefusedNotInvited, p.invalid(f+".ticket", "no se envió invitación a la encuesta del ticket %s (fuera de la muestra, no cerrado o antes de la demora): la respuesta %s no se toma",
				"no survey invitation was sent for ticket %s (outside the sample, not closed, or before the delay): response %s is not taken", s.Ticket, s.ID))
		case s.At.After(in.Expires):
			refuse(i, RefusedExpired, p.invalid(f+".submitted", "la invitación a la encuesta del ticket %s venció el %s: la respuesta %s llegó tarde",
				"the survey invitation of ticket %s expired on %s: response %s came too late", s.Ticket, in.Expires.In(p.loc).Format(time.DateOnly), s.ID))
		case sc.commentRequired(s.Metric, s.Score, sc2) && strings.TrimSpace(s.Comment) == "":
			refuse(i, RefusedNoComment, p.invalid(f+".comment", "la respuesta %s puntúa %s %d, bajo el umbral %d: debe explicar la puntuación en un comentario",
				"response %s scores %s %d, under the threshold %d: it must explain the score in a comment", s.ID, s.Metric, s.Score, sc.CommentBelow[s.Metric]))
		case answered[answerKey(s)]:
			refuse(i, RefusedAnswered, p.invalid(f+".ticket", "la encuesta del ticket %s ya fue respondida (%s): la respuesta %s es una segunda encuesta del mismo ticket",
				"the survey of ticket %s was answered already (%s): response %s is a second survey for the same ticket", s.Ticket, s.Metric, s.ID))
		default:
			answered[answerKey(s)] = true
			b.Claim(ClaimSurveyAnswer, answerKey(s), relaciona.Ref{Kind: kindSurvey, ID: timeKey(s.At, s.ID)})
		}
	}
	// Each refusal is stored once per ticket, metric and reason (a strict
	// import refuses the whole batch, so it stores none).
	return errs, reasons, p.storeRefusals(ctx, b, ss, reasons)
}
