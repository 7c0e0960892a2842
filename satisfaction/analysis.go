package satisfaction

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
)

// CommonTopic is a need or complaint topic and the clients that raised it
// in a year, with the improvement proposals made for it.
type CommonTopic struct {
	Topic       string
	Name        string
	Needs       int // mentions as a need in interviews
	Complaints  int // complaints (registered or said in interviews)
	Clients     []string
	Common      bool // raised by at least the YAML's common_threshold clients
	Proposals   []Action
	Occurrences int
}

// Analysis is the yearly analysis of needs and complaints common to several
// clients (seed 003 §3.2: "Informes sobre necesidades y/o reclamos comunes a
// varios clientes"; §6.3: the interview's aim is to find points in common).
type Analysis struct {
	Year      int
	Threshold int
	Topics    []CommonTopic // ranked: most clients first, then most occurrences
}

// Common returns the topics raised by at least Threshold clients, ranked.
func (a Analysis) Common() []CommonTopic {
	return slices.DeleteFunc(slices.Clone(a.Topics), func(t CommonTopic) bool { return !t.Common })
}

// Analyze counts, for a year, the needs and complaints of every topic over
// the interviews and the registered complaints, ranks them, marks those
// common to several clients and attaches the improvement proposals made
// for each topic.
func (p *Process) Analyze(ctx context.Context, year int) (Analysis, error) {
	out := Analysis{Year: year, Threshold: p.cfg.Analysis.CommonThreshold}
	type acc struct {
		needs, complaints int
		clients           map[string]bool
	}
	by := map[string]*acc{}
	get := func(t string) *acc {
		x := by[t]
		if x == nil {
			x = &acc{clients: map[string]bool{}}
			by[t] = x
		}
		return x
	}
	for d, err := range p.interviews.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"year": fmt.Sprint(year)}}) {
		if err != nil {
			return out, err
		}
		for _, t := range d.Value.Needs {
			x := get(t)
			x.needs++
			x.clients[d.Value.Client] = true
		}
		for _, t := range d.Value.Complaints {
			x := get(t)
			x.complaints++
			x.clients[d.Value.Client] = true
		}
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, p.loc)
	for d, err := range p.complaints.Scan(ctx, relaciona.Filter{From: from, To: from.AddDate(1, 0, 0)}) {
		if err != nil {
			return out, err
		}
		if d.Value.Topic == "" {
			continue
		}
		x := get(d.Value.Topic)
		x.complaints++
		x.clients[d.Value.Client] = true
	}
	names := map[string]string{}
	for _, t := range p.cfg.Topics {
		names[t.ID] = t.Name
	}
	for t, x := range by {
		ct := CommonTopic{Topic: t, Name: names[t], Needs: x.needs, Complaints: x.complaints, Occurrences: x.needs + x.complaints}
		ct.Clients = slices.Sorted(maps.Keys(x.clients))
		ct.Common = len(ct.Clients) >= out.Threshold
		out.Topics = append(out.Topics, ct)
	}
	for d, err := range p.actions.Scan(ctx, relaciona.Filter{}) {
		if err != nil {
			return out, err
		}
		if d.Value.Topic == "" || d.Value.At.In(p.loc).Year() != year {
			continue
		}
		for i := range out.Topics {
			if out.Topics[i].Topic == d.Value.Topic {
				out.Topics[i].Proposals = append(out.Topics[i].Proposals, d.Value)
			}
		}
	}
	slices.SortFunc(out.Topics, func(a, b CommonTopic) int {
		if len(a.Clients) != len(b.Clients) {
			return len(b.Clients) - len(a.Clients)
		}
		if a.Occurrences != b.Occurrences {
			return b.Occurrences - a.Occurrences
		}
		return strings.Compare(a.Topic, b.Topic)
	})
	return out, nil
}
