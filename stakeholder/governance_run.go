package stakeholder

import (
	"context"
	"strconv"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// The governance notification kinds, written by Run once each.
const (
	// NoticeReviewMissing: a monitoring period ended without its review.
	// To the level-6 owner of the escalation chain (seed
	// 000_f7cf2e5b8754cfa1.txt, "Nivel 6": "Supervisa el monitoreo de las
	// relaciones").
	NoticeReviewMissing = "stakeholder.monitoring.review_missing"
	// NoticeImprovementOverdue: an improvement action is open past its due
	// date. To its owner and to whoever directed it ("Nivel 6": "Dirige
	// acciones para mejorar las relaciones").
	NoticeImprovementOverdue = "stakeholder.improvement.overdue"
	// NoticeMostImportantLapsed: a most important stakeholder's owner has
	// not interacted with it within governance.most_important_max_days
	// business days. To the owner and the person the directory puts above
	// them ("Nivel 7": "Gestiona activamente las relaciones con los
	// interesados más importantes").
	NoticeMostImportantLapsed = "stakeholder.most_important.lapsed"
)

// governanceNotices returns the governance notifications due on date:
// one per monitoring period ended without a review (to the level-6 chain
// owner), per overdue improvement action (to its owner and director), and
// per most important stakeholder whose owner's interactions lapsed (to the
// owner and the person above). Their keys hold the date that made them
// due, so each is written once.
func (s *Process) governanceNotices(ctx context.Context, date calendar.Date) ([]relaciona.Notification, error) {
	var out []relaciona.Notification
	add := func(n relaciona.Notification, to ...string) {
		seen := map[string]bool{}
		for _, p := range to {
			if p == "" || seen[p] {
				continue
			}
			seen[p] = true
			n.To, n.Lang = relaciona.Recipient{Person: p}, s.personLang(ctx, p)
			out = append(out, n)
		}
	}
	ids, ends, err := s.missingReviews(ctx, date)
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		add(relaciona.Notification{Kind: NoticeReviewMissing, Process: Kind, About: relaciona.Ref{Kind: kindReview, ID: id[0]},
			Due: process.DateString(ends[i]), Fields: map[string]string{"record": id[0], "period": id[0], "period_end": id[1]}}, s.chain[6].Owner)
	}
	for d, err := range s.improvementColl().Scan(ctx, relaciona.Filter{Attrs: map[string]string{"status": string(ImprovementOpen)}, To: dayTime(date)}) {
		if err != nil {
			return nil, err
		}
		a := d.Value
		if !a.Overdue(date) {
			continue
		}
		add(relaciona.Notification{Kind: NoticeImprovementOverdue, Process: Kind, About: relaciona.Ref{Kind: kindImprovement, ID: a.ID},
			Due: process.DateString(a.Due), Fields: map[string]string{"record": a.ID, "improvement": a.ID, "action": a.Action,
				"stakeholders": strings.Join(a.Stakeholders, ", "), "owner": a.Owner}}, a.Owner, a.DirectedBy)
	}
	mis, err := s.MostImportantStakeholders(ctx, date)
	if err != nil {
		return nil, err
	}
	for _, m := range mis {
		if !m.Lapsed {
			continue
		}
		above, err := s.manager(ctx, m.Owner)
		if err != nil {
			return nil, err
		}
		add(relaciona.Notification{Kind: NoticeMostImportantLapsed, Process: Kind, About: relaciona.Ref{Kind: kindMostImportant, ID: m.Stakeholder},
			Due: process.DateString(m.DueBy), Fields: map[string]string{"record": m.Stakeholder, "stakeholder": m.Stakeholder, "owner": m.Owner,
				"last": process.DateString(m.LastOwnerInteraction), "days": strconv.Itoa(s.cfg.Governance.MostImportantMaxDays)}}, m.Owner, above)
	}
	return out, nil
}

// notifyGovernance writes, in one audited batch, the governance
// notifications due on date that the outbox does not hold yet, and
// returns how many it wrote and the batches. As with overdue
// communications, the notification is itself the change: a re-run finds
// it in the outbox; a concurrent run's batch conflicts and is read again.
func (s *Process) notifyGovernance(ctx context.Context, actor relaciona.Actor, date calendar.Date) (notified, batches int, err error) {
	notices := func(yield func(relaciona.Notification, error) bool) {
		all, err := s.governanceNotices(ctx, date)
		if err != nil {
			yield(relaciona.Notification{}, err)
			return
		}
		for _, n := range all {
			if !yield(n, nil) {
				return
			}
		}
	}
	return s.notifyUnsent(ctx, actor, date, "stakeholder.notify_governance", "governance notices of "+date.String(), 0, notices)
}
