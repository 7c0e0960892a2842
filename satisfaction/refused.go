package satisfaction

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/relaciona/relaciona"
)

// RefusedAnswer records that a survey answer was refused under the surveys
// section (seed 003 §3.1, §3.2; SurveyConf), so that the monthly report
// can count the refusals by reason ("respuestas rechazadas por motivo").
// Run's sync stores one when it leaves an answer out; a strict import
// (ImportSurveys) is refused whole and stores none. It keeps no personal
// data: not the requester, the score or the comment, only what says which
// survey it was (ticket, client, service, metric) and why.
//
// One record per ticket, metric and reason (the record key, see
// refusalKey): a second sync that reads the same answers again, or a
// third answer refused for the same ticket and metric and reason, stores
// nothing new. An answer with no ticket is keyed by its response id
// instead.
type RefusedAnswer struct {
	Key      string    `json:"key" personal:"no"`
	Ticket   string    `json:"ticket,omitempty" personal:"no"`
	Response string    `json:"response,omitempty" personal:"no"` // the response id, for an answer with no ticket
	Client   string    `json:"client" personal:"subject"`
	Service  string    `json:"service,omitempty" personal:"no"`
	Metric   string    `json:"metric" personal:"no"`
	Reason   string    `json:"reason" personal:"no"`
	At       time.Time `json:"at"` // when the answer was given (its month counts it)
}

const kindRefusal = "satisfaction.survey.refusal"

// refusalReasons lists the refusal reasons in the order reports show them.
func refusalReasons() []string {
	return []string{RefusedNotInvited, RefusedExpired, RefusedNoComment, RefusedAnswered, RefusedNoTicket}
}

func newRefusals(s *relaciona.Store) *relaciona.Collection[RefusedAnswer] {
	return relaciona.NewCollection(s, kindRefusal, func(v *RefusedAnswer) relaciona.Key {
		return relaciona.Key{ID: v.Key, Attrs: map[string]string{"reason": v.Reason, "client": v.Client}, Time: v.At}
	})
}

// refusalKey is the key of the refusal of s for reason: reason, ticket
// and metric; for an answer with no ticket, reason and response id.
func refusalKey(s Survey, reason string) string {
	if s.Ticket == "" {
		return reason + "|response|" + s.ID
	}
	return reason + "|" + s.Ticket + "|" + s.Metric
}

// storeRefusals adds to b a RefusedAnswer for each answer of ss refused
// (reasons, by position in ss) whose key is not stored yet. Two refusals
// with one key in ss store one. A concurrent sync writing the same key
// makes b conflict (the put expects no record), and the retry finds it
// stored.
func (p *Process) storeRefusals(ctx context.Context, b *relaciona.Batch, ss []Survey, reasons map[int]string) error {
	if len(reasons) == 0 {
		return nil
	}
	idx := slices.Sorted(maps.Keys(reasons))
	keys := make([]string, 0, len(idx))
	for _, i := range idx {
		keys = append(keys, refusalKey(ss[i], reasons[i]))
	}
	have, err := p.refusals.GetMany(ctx, keys)
	if err != nil {
		return err
	}
	stored := make(map[string]bool, len(have)+len(keys))
	for _, d := range have {
		stored[d.Value.Key] = true
	}
	for j, i := range idx {
		k := keys[j]
		if stored[k] {
			continue
		}
		stored[k] = true
		s := ss[i]
		r := RefusedAnswer{Key: k, Ticket: s.Ticket, Client: s.Client, Service: s.Service, Metric: s.Metric, Reason: reasons[i], At: s.At}
		if s.Ticket == "" {
			r.Response = s.ID
		}
		p.refusals.Put(b, &r, 0)
	}
	return nil
}

// RefusalCounts are the refused answers of one month by reason.
type RefusalCounts struct {
	Month    Month
	ByReason map[string]int
	Total    int
}

// Refusals counts the refused survey answers stored for each month from
// from to to (both included), by reason, in the month the answer was
// given (in the process's time zone).
func (p *Process) Refusals(ctx context.Context, from, to Month) ([]RefusalCounts, error) {
	var out []RefusalCounts
	for m := from; !to.Before(m); m = m.Add(1) {
		out = append(out, RefusalCounts{Month: m, ByReason: map[string]int{}})
	}
	if len(out) == 0 {
		return nil, nil
	}
	start, _ := p.span(from)
	_, end := p.span(to)
	for d, err := range p.refusals.Scan(ctx, relaciona.Filter{From: start, To: end}) {
		if err != nil {
			return nil, err
		}
		m := p.monthOfTime(d.Value.At)
		i := slices.IndexFunc(out, func(c RefusalCounts) bool { return c.Month == m })
		if i < 0 {
			continue
		}
		out[i].ByReason[d.Value.Reason]++
		out[i].Total++
	}
	return out, nil
}
