package stakeholder

import (
	"context"
	"errors"
	"math"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// kindReview is the record kind of the monitoring reviews.
const kindReview = "stakeholder.monitoring_review"

// claimReview is the uniqueness rule "one monitoring review per period".
const claimReview = "stakeholder.monitoring_review.period"

// ReviewFigures are the figures a monitoring review saw, stored with it:
// effectiveness (feedback requested and answered, ratings and their
// trend, engagement-gap closure, interactions), issues resolved and the
// lessons learned and spread in the period, as of the review's date. A
// rate with nothing to measure (no request, no rating) is 0.
type ReviewFigures struct {
	Requests       int     `json:"requests"`
	Responses      int     `json:"responses"`
	ResponseRate   float64 `json:"response_rate"`
	Ratings        int     `json:"ratings"`
	AverageRating  float64 `json:"average_rating"`
	Trend          float64 `json:"trend"`
	GapClosure     float64 `json:"gap_closure"`
	Interactions   int     `json:"interactions"`
	IssuesResolved int     `json:"issues_resolved"`
	Lessons        int     `json:"lessons"`
	LessonsSpread  int     `json:"lessons_spread"`
}

// MonitoringReview is the level-6 review of the monitoring of the
// relationships for one period (Governance.MonitoringPeriod): "Supervisa
// el monitoreo de las relaciones, incluidas las lecciones aprendidas y los
// comentarios apropiados" (seed 000_f7cf2e5b8754cfa1.txt, "Nivel 6"). It
// keeps the figures the reviewer saw and the conclusions drawn; Actions
// names the improvement actions it led to. One per period.
type MonitoringReview struct {
	Period      string        `json:"period"`
	From        calendar.Date `json:"from"`
	To          calendar.Date `json:"to"`
	Reviewer    string        `json:"reviewer" personal:"no"`
	Date        calendar.Date `json:"date"`
	Figures     ReviewFigures `json:"figures"`
	Conclusions string        `json:"conclusions" personal:"no"`
	Actions     []string      `json:"actions,omitempty"`
}

func reviewKey(r *MonitoringReview) relaciona.Key {
	return relaciona.Key{ID: r.Period, Time: dayTime(r.From)}
}

func (s *Process) reviewColl() *relaciona.Collection[MonitoringReview] {
	return relaciona.NewCollection(s.store, kindReview, reviewKey)
}

// finite is x, or 0 when x is not a number (a rate with nothing to
// measure), which JSON cannot hold.
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// ReviewFiguresFor computes the figures of [from, to]: what a monitoring
// review of that period sees.
func (s *Process) ReviewFiguresFor(ctx context.Context, from, to calendar.Date) (ReviewFigures, error) {
	var f ReviewFigures
	eff, err := s.Effectiveness(ctx, from, to)
	if err != nil {
		return f, err
	}
	m := eff.Overall
	f.Requests, f.Responses, f.ResponseRate = m.Requests, m.Responses, finite(m.ResponseRate)
	f.Ratings, f.AverageRating, f.Trend, f.GapClosure, f.Interactions = m.Ratings, finite(m.Average), finite(m.Trend), finite(m.GapClosure), m.Interactions
	for i, err := range s.SearchIssues(ctx, IssueQuery{}) {
		if err != nil {
			return f, err
		}
		if i.Status != IssueOpen && !i.Resolved.IsZero() && !i.Resolved.Before(from) && !i.Resolved.After(to) {
			f.IssuesResolved++
		}
	}
	for l, err := range s.SearchLessons(ctx, relaciona.LessonQuery{From: dayTime(from), To: dayTime(to.AddDays(1))}) {
		if err != nil {
			return f, err
		}
		f.Lessons++
		if l.WasSpread() {
			f.LessonsSpread++
		}
	}
	return f, nil
}

// RecordMonitoringReview records the monitoring review of the period that
// holds day of (a month, quarter, half or year, as
// governance.monitoring_period says), with its conclusions and the ids of
// the improvement actions it led to (each must exist). It needs the
// "review_monitoring" level (6). The figures of the period up to the
// review's date are computed and stored with it. A period that has not
// started, or that has a review already, is refused (one review per
// period, claimed in the batch).
func (s *Process) RecordMonitoringReview(ctx context.Context, actor relaciona.Actor, at time.Time, of calendar.Date, conclusions string, actions ...string) (MonitoringReview, error) {
	actor, err := s.require(ctx, actor, ActReviewMonitoring)
	if err != nil {
		return MonitoringReview{}, err
	}
	date := calendar.DateOf(at)
	id, from, to := s.cfg.monitoringPeriod(of)
	if of.IsZero() || date.Before(from) {
		return MonitoringReview{}, s.invalid("period", "el periodo %s aún no empieza: no se puede revisar", "period %s has not started: it cannot be reviewed", id)
	}
	if strings.TrimSpace(conclusions) == "" {
		return MonitoringReview{}, s.invalid("conclusions", "la revisión necesita conclusiones", "the review needs conclusions")
	}
	imp := s.improvementColl()
	for i, a := range actions {
		if _, err := imp.Get(ctx, a); err != nil {
			return MonitoringReview{}, s.notFound("actions", "acción de mejora desconocida %q (%d)", "unknown improvement action %q (%d)", a, i)
		}
	}
	end := to
	if date.Before(end) {
		end = date
	}
	figs, err := s.ReviewFiguresFor(ctx, from, end)
	if err != nil {
		return MonitoringReview{}, err
	}
	r := MonitoringReview{Period: id, From: from, To: to, Reviewer: actor.ID, Date: date, Figures: figs, Conclusions: conclusions, Actions: actions}
	c := s.reviewColl()
	err = s.store.Update(ctx, actor, "stakeholder.review_monitoring", "monitoring review of "+id, 2, func(b *relaciona.Batch) error {
		b.At(at)
		if _, err := s.store.Claimed(ctx, claimReview, id); err == nil {
			return s.invalid("period", "el periodo %s ya tiene su revisión del monitoreo", "period %s already has its monitoring review", id)
		} else if !errors.Is(err, relaciona.ErrNotFound) {
			return err
		}
		b.Claim(claimReview, id, relaciona.Ref{Kind: kindReview, ID: id})
		c.Put(b, &r, 0)
		return nil
	})
	if err != nil {
		return MonitoringReview{}, err
	}
	return r, nil
}

// MonitoringReviews returns the reviews of the periods that start from
// from to to, oldest first.
func (s *Process) MonitoringReviews(ctx context.Context, from, to calendar.Date) ([]MonitoringReview, error) {
	return s.reviewColl().Values(ctx, relaciona.Filter{From: dayTime(from), To: dayTime(to.AddDays(1))})
}

// missingReviews returns the monitoring periods that ended before date
// without a review, from the period of the first approval of the approach
// (governance starts with an approved approach; see Approach). Each is
// (id, last day).
func (s *Process) missingReviews(ctx context.Context, date calendar.Date) ([][2]string, []calendar.Date, error) {
	first, err := s.firstApproved(ctx)
	if err != nil || first.IsZero() {
		return nil, nil, err
	}
	var ids [][2]string
	var ends []calendar.Date
	c := s.reviewColl()
	for d := first; ; {
		id, _, to := s.cfg.monitoringPeriod(d)
		if !to.Before(date) {
			break
		}
		if _, err := c.Get(ctx, id); errors.Is(err, relaciona.ErrNotFound) {
			ids = append(ids, [2]string{id, to.String()})
			ends = append(ends, to)
		} else if err != nil {
			return nil, nil, err
		}
		d = to.AddDays(1)
	}
	return ids, ends, nil
}
