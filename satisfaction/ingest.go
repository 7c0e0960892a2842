package satisfaction

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/relaciona/relaciona"
)

// Survey is one answer to a monthly survey of the ticket system (seed 003
// §3.1: "Encuestas provenientes del sistema de tickets"), linked to its
// client and service in the central repository. Comment may hold personal
// data.
type Survey struct {
	ID      string    `json:"id"`
	Ticket  string    `json:"ticket,omitempty"`
	Client  string    `json:"client" personal:"subject"`
	Service string    `json:"service,omitempty"`
	Metric  string    `json:"metric"`
	Score   int       `json:"score"`
	At      time.Time `json:"at"`
	Comment string    `json:"comment,omitempty" personal:"true"`
}

// Case is a ticket of a client, as the monthly service report counts it:
// opened in the month of Created.
type Case struct {
	ID      string    `json:"id"`
	Client  string    `json:"client"`
	Service string    `json:"service,omitempty"`
	Type    string    `json:"type,omitempty"`
	Status  string    `json:"status"`
	Created time.Time `json:"created"`
	Closed  time.Time `json:"closed,omitzero"`
}

// Closure is a ticket's resolution, indexed by the time it was resolved so
// that the month's closed cases and service level are read by time range.
type Closure struct {
	ID       string    `json:"id"`
	Client   string    `json:"client"`
	Service  string    `json:"service,omitempty"`
	Type     string    `json:"type,omitempty"`
	Created  time.Time `json:"created"`
	Closed   time.Time `json:"closed"`
	HasSL    bool      `json:"has_sl,omitempty"`
	WithinSL bool      `json:"within_sl,omitempty"`
}

// ImportResult counts what an import did. Skipped lists the indexes of
// inputs left out (in a lenient import: unknown client or service, score
// off the scale), never their personal data.
type ImportResult struct {
	Stored     int
	Unchanged  int
	Skipped    []int
	Complaints int
	// Refused lists the survey answers of Skipped that the surveys section
	// refused, with the reason (see SurveyRefusal).
	Refused []SurveyRefusal
}

// clientOf maps a requester (client id or one of its requesters) or a
// client field to a client id, among clients (Clients).
func clientOf(clients []Client, field, requester string) (string, bool) {
	has := func(id string) bool {
		return slices.ContainsFunc(clients, func(c Client) bool { return c.ID == id })
	}
	if field != "" {
		return field, has(field)
	}
	if has(requester) {
		return requester, true
	}
	for _, c := range clients {
		if slices.Contains(c.Requesters, requester) {
			return c.ID, true
		}
	}
	return "", false
}

// ImportSurveys stores survey responses in the repository, in one batch:
// for agencies whose ticket system has no survey capability, and for bulk
// loads. A response for an unknown client or service, with an unknown
// metric or a score off the YAML scale, rejects the whole import (nothing
// changed). Responses already stored are left as they are, so an import can
// be repeated. With a surveys section (SurveyConf) a response must also
// answer an invitation of its ticket before it expired, carry a comment
// when its score is under comment_required_below, and be the first answer
// of its ticket for its metric (ClaimSurveyAnswer); else the import is
// refused with the reason. Run's sync leaves such a response out instead
// and lists it in ImportResult.Refused.
func (p *Process) ImportSurveys(ctx context.Context, a relaciona.Actor, rs []relaciona.SurveyResponse, at time.Time) (ImportResult, error) {
	a, err := p.authorize(ctx, a, "import survey responses", RoleManager, RoleOwner)
	if err != nil {
		return ImportResult{}, err
	}
	return p.importSurveys(ctx, a, rs, at, true)
}

func (p *Process) survey(clients []Client, r relaciona.SurveyResponse, i int) (Survey, error) {
	f := fmt.Sprintf("responses[%d]", i)
	if r.ID == "" {
		return Survey{}, p.invalid(f+".id", "una respuesta de encuesta necesita un identificador", "a survey response needs an id")
	}
	client, ok := clientOf(clients, "", r.Requester)
	if !ok {
		// The requester is personal data: it is not echoed.
		return Survey{}, p.invalid(f+".requester", "la respuesta de encuesta %s es de un solicitante que no pertenece a ningún cliente conocido", "survey response %s is from a requester of no known client", r.ID)
	}
	if err := p.checkService(f+".service", r.Service, false); err != nil {
		return Survey{}, err
	}
	sc, ok := p.cfg.scale(r.Metric)
	if !ok {
		return Survey{}, p.invalid(f+".metric", "métrica de encuesta desconocida %q (csat, nps, ces)", "unknown survey metric %q (csat, nps, ces)", r.Metric)
	}
	if !sc.Contains(r.Score) {
		return Survey{}, p.invalid(f+".score", "la puntuación %[1]s %[2]d está fuera de la escala %[3]d-%[4]d", "%s score %d is outside the scale %d-%d", r.Metric, r.Score, sc.Min, sc.Max)
	}
	if r.Submitted.IsZero() {
		return Survey{}, p.invalid(f+".submitted", "la hora en que se respondió la encuesta es obligatoria", "the time the survey was answered is required")
	}
	return Survey{ID: r.ID, Ticket: r.TicketID, Client: client, Service: r.Service, Metric: r.Metric, Score: r.Score,
		At: r.Submitted, Comment: r.Comment}, nil
}

func (p *Process) importSurveys(ctx context.Context, a relaciona.Actor, rs []relaciona.SurveyResponse, at time.Time, strict bool) (ImportResult, error) {
	var res ImportResult
	clients, err := p.Clients(ctx)
	if err != nil {
		return res, err
	}
	out := make([]Survey, 0, len(rs))
	ids := make([]string, 0, len(rs))
	idx := make([]int, 0, len(rs))
	seen := make(map[string]bool, len(rs))
	for i, r := range rs {
		s, err := p.survey(clients, r, i)
		if err != nil {
			if strict {
				return ImportResult{}, err
			}
			res.Skipped = append(res.Skipped, i)
			continue
		}
		k := timeKey(s.At, s.ID)
		if seen[k] {
			res.Unchanged++
			continue
		}
		seen[k] = true
		out = append(out, s)
		ids = append(ids, k)
		idx = append(idx, i)
	}
	base := res
	// Every attempt reads the stored answers and the survey claims again:
	// a conflict (another import claimed an answer of the same ticket
	// meanwhile) is retried on fresh data, and then refused as a second
	// survey of the ticket.
	err = p.store.Update(ctx, a, "satisfaction.surveys.import", "monthly survey responses imported", 5, func(b *relaciona.Batch) error {
		res = base
		res.Skipped = slices.Clone(base.Skipped)
		if !at.IsZero() {
			b.At(at)
		}
		have, err := p.surveys.GetMany(ctx, ids)
		if err != nil {
			return err
		}
		exists := make(map[string]bool, len(have))
		for _, d := range have {
			exists[d.ID] = true // d.ID is the record key
		}
		var fresh []Survey
		var freshIdx []int
		for i := range out {
			if exists[ids[i]] {
				res.Unchanged++
				continue
			}
			fresh = append(fresh, out[i])
			freshIdx = append(freshIdx, idx[i])
		}
		refused, reasons, err := p.governSurveys(ctx, b, fresh, freshIdx)
		if err != nil {
			return err
		}
		months := map[Month]bool{}
		for i := range fresh {
			if err := refused[i]; err != nil {
				if strict {
					return err
				}
				res.Skipped = append(res.Skipped, freshIdx[i])
				res.Refused = append(res.Refused, SurveyRefusal{Index: freshIdx[i], Reason: reasons[i]})
				continue
			}
			p.surveys.Put(b, &fresh[i], 0)
			months[p.monthOfTime(fresh[i].At)] = true
			res.Stored++
		}
		return p.invalidate(ctx, b, months)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// invalidate adds the removal of the month snapshots of months to b: the
// months' data changed, so Run recomputes them.
func (p *Process) invalidate(ctx context.Context, b *relaciona.Batch, months map[Month]bool) error {
	if len(months) == 0 {
		return nil
	}
	ids := make([]string, 0, len(months))
	for m := range months {
		ids = append(ids, m.String())
	}
	slices.Sort(ids)
	docs, err := p.snapshots.GetMany(ctx, ids)
	if err != nil {
		return err
	}
	for _, d := range docs {
		p.snapshots.Delete(b, d.ID, d.Version)
	}
	return nil
}

// ImportTickets stores tickets as cases of their clients (opened, closed,
// type, service level), in one batch: the API behind Run's ticket sync, also
// for agencies that feed tickets from elsewhere. A ticket of an unknown
// client or service rejects the whole import. A ticket of the complaint type
// not yet linked to a complaint registers one (channel ticket, service
// scope) and tells the owners, in the same batch (seed 003 §6.4).
func (p *Process) ImportTickets(ctx context.Context, a relaciona.Actor, ts []relaciona.Ticket, at time.Time) (ImportResult, error) {
	a, err := p.authorize(ctx, a, "import tickets", RoleManager, RoleOwner)
	if err != nil {
		return ImportResult{}, err
	}
	return p.importTickets(ctx, a, ts, at, true)
}

func (p *Process) caseOf(clients []Client, t relaciona.Ticket, i int) (Case, error) {
	f := fmt.Sprintf("tickets[%d]", i)
	tf := p.cfg.Tickets
	if t.ID == "" {
		return Case{}, p.invalid(f+".id", "un ticket necesita un identificador", "a ticket needs an id")
	}
	client, ok := clientOf(clients, t.Fields[tf.ClientField], t.Requester)
	if !ok {
		return Case{}, p.invalid(f+".client", "el ticket %s no pertenece a ningún cliente conocido", "ticket %s belongs to no known client", t.ID)
	}
	svc := t.Fields[tf.ServiceField]
	if err := p.checkService(f+".service", svc, false); err != nil {
		return Case{}, err
	}
	if t.Created.IsZero() {
		return Case{}, p.invalid(f+".created", "el ticket %s no tiene hora de creación", "ticket %s has no creation time", t.ID)
	}
	c := Case{ID: t.ID, Client: client, Service: svc, Type: t.Fields[tf.TypeField], Status: string(t.Status), Created: t.Created}
	if t.Status.Done() {
		c.Closed = t.Updated
		if c.Closed.Before(c.Created) {
			c.Closed = c.Created
		}
	}
	return c, nil
}

func (p *Process) importTickets(ctx context.Context, a relaciona.Actor, ts []relaciona.Ticket, at time.Time, strict bool) (ImportResult, error) {
	var res ImportResult
	clients, err := p.Clients(ctx)
	if err != nil {
		return res, err
	}
	cases := make([]Case, 0, len(ts))
	src := make([]relaciona.Ticket, 0, len(ts))
	ids := make([]string, 0, len(ts))
	pos := map[string]int{}
	for i, t := range ts {
		c, err := p.caseOf(clients, t, i)
		if err != nil {
			if strict {
				return ImportResult{}, err
			}
			res.Skipped = append(res.Skipped, i)
			continue
		}
		if j, dup := pos[c.ID]; dup { // the later state of a ticket wins
			cases[j], src[j] = c, t
			continue
		}
		pos[c.ID] = len(cases)
		cases = append(cases, c)
		src = append(src, t)
		ids = append(ids, timeKey(c.Created, c.ID))
	}
	skipped := res.Skipped
	// Every attempt reads the cases and the tickets' complaint claims
	// again: a conflict (another import, or a complaint reported for one of
	// the tickets meanwhile) is retried on fresh data.
	err = p.store.Update(ctx, a, "satisfaction.tickets.import", "ticket cases imported", 5, func(b *relaciona.Batch) error {
		res = ImportResult{Skipped: skipped}
		if !at.IsZero() {
			b.At(at)
		}
		return p.importCases(ctx, a, b, cases, src, ids, &res)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// importCases adds to b the writes of importing cases (from the tickets
// src, stored under ids), counting them in res.
func (p *Process) importCases(ctx context.Context, a relaciona.Actor, b *relaciona.Batch, cases []Case, src []relaciona.Ticket, ids []string, res *ImportResult) error {
	have, err := p.cases.GetMany(ctx, ids)
	if err != nil {
		return err
	}
	old := make(map[string]relaciona.Doc[Case], len(have))
	for _, d := range have {
		old[d.Value.ID] = d
	}
	var complaintTickets []string
	for i := range cases {
		if _, had := old[cases[i].ID]; !had && cases[i].Type == p.cfg.Tickets.ComplaintType && cases[i].Service != "" {
			complaintTickets = append(complaintTickets, cases[i].ID)
		}
	}
	held, err := p.heldClaims(ctx, ClaimComplaintTicket, complaintTickets)
	if err != nil {
		return err
	}
	months := map[Month]bool{}
	for i := range cases {
		cc := cases[i] // a copy: a retried attempt starts from the ticket again
		c := &cc
		prev, had := old[c.ID]
		if had && !prev.Value.Closed.IsZero() && !c.Closed.IsZero() {
			c.Closed = prev.Value.Closed // resolved once: keep the first resolution time
		}
		if had && sameCase(prev.Value, *c) {
			res.Unchanged++
			continue
		}
		p.cases.Put(b, c, prev.Version)
		months[p.monthOfTime(c.Created)] = true
		if had {
			months[p.monthOfTime(prev.Value.Created)] = true
			if !prev.Value.Closed.IsZero() {
				months[p.monthOfTime(prev.Value.Closed)] = true
			}
		}
		switch {
		case !c.Closed.IsZero():
			cl := Closure{ID: c.ID, Client: c.Client, Service: c.Service, Type: c.Type, Created: c.Created, Closed: c.Closed}
			if s, ok := p.cfg.Service(c.Service); ok && s.ResolutionHours > 0 {
				cl.HasSL = true
				cl.WithinSL = c.Closed.Sub(c.Created) <= time.Duration(s.ResolutionHours*float64(time.Hour))
			}
			p.closures.Put(b, &cl, relaciona.AnyVersion)
			months[p.monthOfTime(c.Closed)] = true
		case had && !prev.Value.Closed.IsZero(): // reopened
			p.closures.Delete(b, timeKey(prev.Value.Closed, c.ID), relaciona.AnyVersion)
		}
		res.Stored++
		if c.Type == p.cfg.Tickets.ComplaintType && c.Service != "" && !had && !held[c.ID] {
			known, err := p.complaintTicketKnown(ctx, c.ID)
			if err != nil {
				return err
			}
			if !known {
				cp, err := p.newComplaint(ctx, NewComplaint{Client: c.Client, Service: c.Service, Channel: ChannelTicket, Scope: ScopeService,
					Summary: src[i].Subject, TicketID: c.ID}, a.ID, c.Created)
				if err != nil {
					return err
				}
				if err := p.putComplaint(ctx, b, &cp); err != nil {
					return err
				}
				res.Complaints++
			}
		}
	}
	return p.invalidate(ctx, b, months)
}

// syncState is where Run's ticket-system sync resumes.
type syncState struct {
	TicketsSince time.Time `json:"tickets_since,omitzero"`
	SurveysSince time.Time `json:"surveys_since,omitzero"`
}

// syncChunk is how many tickets or responses one import batch takes.
const syncChunk = 2000

// SyncResult counts what a sync read from the ticket system.
type SyncResult struct {
	Tickets    ImportResult
	Surveys    ImportResult
	NoSurveys  bool // the ticket system has no survey capability
	Complaints int
}

func (r *ImportResult) add(o ImportResult, offset int) {
	r.Stored += o.Stored
	r.Unchanged += o.Unchanged
	r.Complaints += o.Complaints
	for _, i := range o.Skipped {
		r.Skipped = append(r.Skipped, offset+i)
	}
	for _, x := range o.Refused {
		r.Refused = append(r.Refused, SurveyRefusal{Index: offset + x.Index, Reason: x.Reason})
	}
}

// sync reads ticket changes and survey responses since the last sync.
func (p *Process) sync(ctx context.Context, a relaciona.Actor, at time.Time) (SyncResult, error) {
	var out SyncResult
	if p.tickets == nil {
		return out, nil
	}
	sd, err := p.state.Get(ctx, "sync")
	if err != nil && !isNotFound(err) {
		return out, err
	}
	st := sd.Value
	next := st
	// Run's sync is lenient (strict false): it leaves out and counts what
	// a strict import would refuse.
	tickets := func(buf []relaciona.Ticket) (ImportResult, error) { return p.importTickets(ctx, a, buf, at, false) }
	updated := func(t relaciona.Ticket) time.Time { return t.Updated }
	if err := syncChunks(p.tickets.Changes(ctx, st.TicketsSince), updated, &next.TicketsSince, tickets, &out.Tickets); err != nil {
		return out, err
	}
	out.Complaints = out.Tickets.Complaints
	surveys := func(buf []relaciona.SurveyResponse) (ImportResult, error) {
		return p.importSurveys(ctx, a, buf, at, false)
	}
	submitted := func(r relaciona.SurveyResponse) time.Time { return r.Submitted }
	if !p.tickets.Has(relaciona.CapSurveys) {
		out.NoSurveys = true
	} else if err := syncChunks(p.tickets.SurveyResponses(ctx, st.SurveysSince), submitted, &next.SurveysSince, surveys, &out.Surveys); err != nil {
		return out, err
	}
	if next != st {
		b := p.store.Begin(a, "satisfaction.sync", "ticket-system sync position")
		p.state.Put(b, &next, sd.Version)
		if err := p.commit(ctx, b, at); err != nil {
			return out, err
		}
	}
	return out, nil
}

// syncChunks imports what seq reads with imp, syncChunk items a batch (and
// a last, possibly empty, batch at the end), adding each batch's result to
// into with its indexes counted from the first item read. It moves *since
// to the latest time (at) of an item read and stops at the first error.
func syncChunks[T any](seq iter.Seq2[T, error], at func(T) time.Time, since *time.Time, imp func([]T) (ImportResult, error), into *ImportResult) error {
	var buf []T
	seen := 0
	flush := func() error {
		r, err := imp(buf)
		if err != nil {
			return err
		}
		into.add(r, seen)
		seen += len(buf)
		buf = buf[:0]
		return nil
	}
	for x, err := range seq {
		if err != nil {
			return err
		}
		buf = append(buf, x)
		if t := at(x); t.After(*since) {
			*since = t
		}
		if len(buf) == syncChunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

func sameCase(a, b Case) bool {
	return a.ID == b.ID && a.Client == b.Client && a.Service == b.Service && a.Type == b.Type && a.Status == b.Status &&
		a.Created.Equal(b.Created) && a.Closed.Equal(b.Closed)
}
