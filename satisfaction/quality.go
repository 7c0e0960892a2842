package satisfaction

import (
	"context"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Information quality of the central client repository (seed 003 §4.2:
// the owner must "Evaluar calidad de la información del proceso"; §6.5 the
// repository). The score of a date, 0-100, is:
//
//	completeness(client) = fields present / 4, of: name, contact (the
//	                       business owner), services (at least one),
//	                       requesters (at least one ticket requester)
//	fresh(client)        = 1 when the client's last information or
//	                       interaction (an item of the repository, an
//	                       interview, a complaint) is on the date or at most
//	                       governance.fresh_days days before it, else 0
//	score(client)        = 100 × (completeness + fresh) / 2
//	Completeness         = mean of completeness over the clients
//	Freshness            = share of fresh clients
//	Score                = mean of score(client) = 100 × (Completeness + Freshness) / 2
//
// With no client every figure is 0.

// qualityFields are the client fields the completeness counts.
var qualityFields = []string{"name", "contact", "services", "requesters"}

// ClientQuality is one client's part of the information quality score.
type ClientQuality struct {
	Client       string        `json:"client"`
	Missing      []string      `json:"missing,omitempty"`
	Completeness float64       `json:"completeness"`
	Last         calendar.Date `json:"last,omitzero"`
	Fresh        bool          `json:"fresh"`
	Score        float64       `json:"score"`
}

// QualityEvaluation is the information quality score of a date; the
// owner's evaluations (EvaluateQuality) are stored as such snapshots.
type QualityEvaluation struct {
	ID           string          `json:"id"`
	On           calendar.Date   `json:"on"`
	FreshDays    int             `json:"fresh_days"`
	Clients      []ClientQuality `json:"clients"`
	Completeness float64         `json:"completeness"`
	Freshness    float64         `json:"freshness"`
	Score        float64         `json:"score"`
	Notes        string          `json:"notes,omitempty" personal:"no"`
	By           string          `json:"by,omitempty"`
	At           time.Time       `json:"at,omitzero"`
}

const kindQuality = "satisfaction.quality"

func (p *Process) qualityEvaluations() *relaciona.Collection[QualityEvaluation] {
	return relaciona.NewCollection(p.store, kindQuality, func(v *QualityEvaluation) relaciona.Key {
		return relaciona.Key{ID: v.ID, Time: process.DateTime(v.On)}
	})
}

// QualityScore computes the information quality score of the repository on
// date on (see the formula above); it stores nothing.
func (p *Process) QualityScore(ctx context.Context, on calendar.Date) (QualityEvaluation, error) {
	q := QualityEvaluation{ID: on.String(), On: on, FreshDays: p.cfg.Governance.FreshDays}
	clients, err := p.Clients(ctx)
	if err != nil {
		return q, err
	}
	end := p.dayStart(on.AddDays(1))
	from := on.AddDays(-q.FreshDays)
	var fresh int
	for _, c := range clients {
		cq := ClientQuality{Client: c.ID}
		present := map[string]bool{
			"name": strings.TrimSpace(c.Name) != "", "contact": strings.TrimSpace(c.Contact) != "",
			"services": len(c.Services) > 0, "requesters": len(c.Requesters) > 0,
		}
		for _, f := range qualityFields {
			if !present[f] {
				cq.Missing = append(cq.Missing, f)
			}
		}
		cq.Completeness = float64(len(qualityFields)-len(cq.Missing)) / float64(len(qualityFields))
		last, err := p.lastContact(ctx, c.ID, end)
		if err != nil {
			return q, err
		}
		cq.Last = last
		if !last.IsZero() && !last.Before(from) {
			cq.Fresh = true
			fresh++
		}
		f := 0.0
		if cq.Fresh {
			f = 1
		}
		cq.Score = 100 * (cq.Completeness + f) / 2
		q.Completeness += cq.Completeness
		q.Score += cq.Score
		q.Clients = append(q.Clients, cq)
	}
	if n := len(clients); n > 0 {
		q.Completeness /= float64(n)
		q.Freshness = float64(fresh) / float64(n)
		q.Score /= float64(n)
	}
	return q, nil
}

// lastContact is the date of the client's last information item,
// interview or complaint before end; zero when none.
func (p *Process) lastContact(ctx context.Context, client string, end time.Time) (calendar.Date, error) {
	var last time.Time
	by := relaciona.Filter{Attrs: map[string]string{"client": client}}
	see := func(t time.Time) {
		if t.Before(end) && t.After(last) {
			last = t
		}
	}
	for d, err := range p.info.Scan(ctx, by) {
		if err != nil {
			return calendar.Date{}, err
		}
		see(d.Value.At)
	}
	for d, err := range p.interviews.Scan(ctx, by) {
		if err != nil {
			return calendar.Date{}, err
		}
		see(p.dayStart(d.Value.Date))
	}
	for d, err := range p.complaints.Scan(ctx, by) {
		if err != nil {
			return calendar.Date{}, err
		}
		see(d.Value.ReportedAt)
	}
	if last.IsZero() {
		return calendar.Date{}, nil
	}
	return calendar.DateOf(last.In(p.loc)), nil
}

// EvaluateQuality is the owner's evaluation of the information quality of
// the repository on a date: the score of QualityScore stored as a snapshot
// with the owner's notes. Only a process owner may; one evaluation per date
// (a second is an ErrConflict).
func (p *Process) EvaluateQuality(ctx context.Context, a relaciona.Actor, on calendar.Date, notes string, at time.Time) (QualityEvaluation, error) {
	a, err := p.authorize(ctx, a, "evaluate the quality of the process information", RoleOwner)
	if err != nil {
		return QualityEvaluation{}, err
	}
	if on.IsZero() {
		return QualityEvaluation{}, p.invalid("on", "la fecha de la evaluación es obligatoria", "the evaluation date is required")
	}
	q, err := p.QualityScore(ctx, on)
	if err != nil {
		return QualityEvaluation{}, err
	}
	q.Notes, q.By, q.At = notes, a.ID, at
	if err := existsConflict(ctx, p, p.qualityEvaluations(), q.ID, "ya hay una evaluación de calidad del %s", "there is already a quality evaluation of %s", on); err != nil {
		return QualityEvaluation{}, err
	}
	return q, insert(ctx, p, a, p.qualityEvaluations(), &q, "satisfaction.quality.evaluate", "the owner evaluated the quality of the client information", at)
}

// QualityEvaluations lists the owner's stored evaluations, oldest first.
func (p *Process) QualityEvaluations(ctx context.Context) ([]QualityEvaluation, error) {
	return process.SortedValues(ctx, p.qualityEvaluations(), relaciona.Filter{}, func(a, b QualityEvaluation) int { return strings.Compare(a.ID, b.ID) })
}
