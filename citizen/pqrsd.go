package citizen

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// PQRSD is one petición, queja, reclamo, sugerencia or denuncia, with its
// legal term. Subject, Description, the Requester and the Location address
// are personal data: they are never logged, never used as index keys, and
// Redact clears them.
type PQRSD struct {
	// ID is the filing number (radicado), "PQRSD-YYYY-NNNNNN".
	ID      string      `json:"id"`
	Type    Type        `json:"type"`
	Kind    RequestKind `json:"kind"`
	Channel string      `json:"channel"`
	// Offer is the offer item the PQRSD is about, if any.
	Offer      string `json:"offer,omitempty"`
	Dependency string `json:"dependency,omitempty"`
	// Segment and CitizenID link the PQRSD to the characterisation.
	Segment     string    `json:"segment,omitempty"`
	CitizenID   string    `json:"citizen,omitempty" personal:"subject"`
	Subject     string    `json:"subject,omitempty" personal:"true"`
	Description string    `json:"description,omitempty" personal:"true"`
	Requester   Requester `json:"requester,omitzero"`
	Location    Location  `json:"location,omitzero"`
	// Authority is the public authority that filed the PQRSD (Ley 1755 de
	// 2015, art. 30), "" when a person or private organisation did.
	Authority string `json:"authority,omitempty"`
	// Priority is the priority attention the PQRSD gets (art. 20), nil
	// for none.
	Priority *Priority `json:"priority,omitempty"`
	// FiledAt is when the PQRSD was received; Filed its date in the
	// deployment's time zone, from which the term counts.
	FiledAt time.Time     `json:"filed_at"`
	Filed   calendar.Date `json:"filed"`
	// Term is the legal term in business days; Due the date by which the
	// answer is due (moved by an extension and by the suspension of an
	// incomplete petition, art. 17: while the PQRSD is incomplete no term
	// runs and Due is the date it would have had).
	Term   int           `json:"term"`
	Due    calendar.Date `json:"due"`
	Status Status        `json:"status"`
	// TicketID is the ticket the PQRSD was filed from.
	TicketID  string     `json:"ticket,omitempty"`
	Extension *Extension `json:"extension,omitempty"`
	Forward   *Forward   `json:"forward,omitempty"`
	// Completion is the request to complete an incomplete petition (art.
	// 17) and its outcome.
	Completion *Completion `json:"completion,omitempty"`
	// Withdrawal is the petitioner's withdrawal (art. 17 tacit, art. 18
	// express) and an ex officio continuation.
	Withdrawal *Withdrawal   `json:"withdrawal,omitempty"`
	Answer     *Answer       `json:"answer,omitempty"`
	Closed     calendar.Date `json:"closed,omitzero"`
	Updated    time.Time     `json:"updated"`
	FiledBy    string        `json:"filed_by,omitempty"`
}

// Requester is who filed a PQRSD. Every field is personal data; an
// anonymous PQRSD (a denuncia, often) has none.
type Requester struct {
	Name       string `json:"name,omitempty" personal:"true"`
	DocumentID string `json:"document_id,omitempty" personal:"key"`
	Email      string `json:"email,omitempty" personal:"key"`
	Phone      string `json:"phone,omitempty" personal:"key"`
	Address    string `json:"address,omitempty" personal:"true"`
	// Account is the requester's account in the ticket system or the
	// Open311 client.
	Account string `json:"account,omitempty" personal:"key"`
}

// Location is where a PQRSD is about (Open311 requests carry one). The
// address is personal data: it is often the citizen's home.
type Location struct {
	Lat       *float64 `json:"lat,omitempty"`
	Long      *float64 `json:"long,omitempty"`
	Address   string   `json:"address,omitempty" personal:"true"`
	AddressID string   `json:"address_id,omitempty" personal:"true"`
	Zipcode   string   `json:"zipcode,omitempty"`
}

// Extension is the one extension of a PQRSD's term (Ley 1755 de 2015, art.
// 14, parágrafo): told to the citizen before the term expires, with the
// reason and a new date that is at most twice the initial term from the
// filing.
type Extension struct {
	Date        calendar.Date `json:"date"`
	Reason      string        `json:"reason"`
	PreviousDue calendar.Date `json:"previous_due"`
	NewDue      calendar.Date `json:"new_due"`
	// NewTerm is the business days from the filing to NewDue.
	NewTerm int    `json:"new_term"`
	By      string `json:"by"`
	// Notice is the id of the notice to the citizen.
	Notice string `json:"notice"`
}

// Forward is the forwarding of a PQRSD to the competent authority (Ley
// 1755 de 2015, art. 21): within five business days of its receipt, telling
// the citizen. Late says it was forwarded after those five days.
type Forward struct {
	Date      calendar.Date `json:"date"`
	Authority string        `json:"authority"`
	Reason    string        `json:"reason,omitempty"`
	Late      bool          `json:"late,omitempty"`
	By        string        `json:"by"`
	Notice    string        `json:"notice"`
}

// Answer is the answer to a PQRSD. BusinessDays counts the days its term
// ran (the business day after the filing is day 1; the days an incomplete
// petition's term stood still, art. 17, do not count); OnTime says it was
// given by the due date in force. Summary may hold personal data.
type Answer struct {
	Date         calendar.Date `json:"date"`
	Summary      string        `json:"summary,omitempty" personal:"true"`
	BusinessDays int           `json:"business_days"`
	OnTime       bool          `json:"on_time"`
	By           string        `json:"by"`
	Notice       string        `json:"notice"`
}

// ForwardDays is the business days within which a PQRSD outside the
// agency's competence must be forwarded (Ley 1755 de 2015, art. 21).
const ForwardDays = 5

// MaxDescription is the longest description accepted, in characters (the
// Open311 GeoReport v2 limit).
const MaxDescription = 4000

// NewPQRSD is what File and Import take.
type NewPQRSD struct {
	Type        Type
	Kind        RequestKind
	Channel     string
	Offer       string
	Dependency  string
	Segment     string
	CitizenID   string
	Subject     string `personal:"true"`
	Description string `personal:"true"`
	Requester   Requester
	Location    Location
	// FiledAt is when the PQRSD was received; zero means the time of the
	// call. It cannot be later than that time.
	FiledAt time.Time
	// TicketID links the PQRSD to the ticket it came from.
	TicketID string
	// Authority names the public authority filing it (art. 30).
	Authority string
	// Priority asks for priority attention from the filing (art. 20).
	Priority *PriorityInput
}

type sequence struct {
	ID   string `json:"id"`
	Next int    `json:"next"`
}

// TermDays returns the legal term in business days of a PQRSD of type t
// and request kind k filed by a person (Ley 1755 de 2015, art. 14). A
// petición takes its kind's term (pqrsd.terms: 15 general, numeral 1: 10
// documents and information, numeral 2: 30 consultations). A queja,
// reclamo, sugerencia or denuncia is a form of the right of petition (art.
// 13) with no special term: it takes pqrsd.type_terms for its type when
// set, otherwise the general term, whatever kind it names (the special
// kinds are peticiones by the article's words: a sugerencia is not a
// consultation).
func (c *Config) TermDays(t Type, k RequestKind) int {
	if t != Peticion {
		if n := c.PQRSD.TypeTerms[string(t)]; n > 0 {
			return n
		}
		return c.PQRSD.Terms.General
	}
	switch k {
	case KindDocuments:
		return c.PQRSD.Terms.Documents
	case KindConsultation:
		return c.PQRSD.Terms.Consultation
	}
	return c.PQRSD.Terms.General
}

// PetitionTerm returns the term in business days of a PQRSD of type t and
// kind k: TermDays, except that a petition of information or documents
// filed by another public authority takes pqrsd.authority_terms.documents
// (Ley 1755 de 2015, art. 30: ten days; in every other case art. 14
// applies), and a priority PQRSD (art. 20) at most
// pqrsd.priority.term_days when the agency sets that cap (the law orders
// priority handling, not a shorter term: by default the term is the
// ordinary one).
func (c *Config) PetitionTerm(t Type, k RequestKind, byAuthority, priority bool) int {
	n := c.TermDays(t, k)
	if byAuthority && t == Peticion && k == KindDocuments {
		n = c.PQRSD.AuthorityTerms.Documents
	}
	if priority && c.PQRSD.Priority.TermDays > 0 {
		n = min(n, c.PQRSD.Priority.TermDays)
	}
	return n
}

// DueDate returns the due date of a PQRSD of type t and kind k filed on
// filed, and its term: the term counts from the business day after the
// filing on the deployment's calendar (DOMAIN.md "Time and calendars").
func (s *Process) DueDate(filed calendar.Date, t Type, k RequestKind) (calendar.Date, int, error) {
	n := s.cfg.TermDays(t, k)
	due, err := s.cal.AddBusinessDays(filed, n)
	return due, n, err
}

// build validates n and returns the PQRSD it files (without its ID).
// build checks and builds a PQRSD; offer is the offer in force by id
// (offerIndex), or nil for the YAML's.
func (s *Process) build(n NewPQRSD, by string, at time.Time, offer map[string]*OfferItem) (PQRSD, error) {
	if offer == nil {
		offer = s.cfg.items
	}
	if _, err := ParseType(string(n.Type)); err != nil {
		return PQRSD{}, invalid(s.lang, "type", "tipo de PQRSD desconocido %q (%s)", "unknown PQRSD type %q (%s)", n.Type, typeList())
	}
	kind, err := ParseRequestKind(string(n.Kind))
	if err != nil {
		return PQRSD{}, invalid(s.lang, "kind", "tipo de solicitud desconocido %q (general, documents, consultation)", "unknown request kind %q (general, documents, consultation)", n.Kind)
	}
	if n.Type != Peticion {
		// Art. 14's special kinds are peticiones; the intake paths (Open311,
		// tickets) take the kind from the offer item, so a complaint about
		// an information item is recorded as general rather than refused.
		kind = KindGeneral
	}
	n.Authority = strings.TrimSpace(n.Authority)
	if utf8.RuneCountInString(n.Authority) > 300 {
		return PQRSD{}, invalid(s.lang, "authority", "el nombre de la autoridad supera 300 caracteres", "the authority's name is longer than 300 characters")
	}
	var prio *Priority
	if n.Priority != nil {
		if err := s.checkPriority(*n.Priority); err != nil {
			return PQRSD{}, err
		}
		prio = &Priority{Reason: n.Priority.Reason, Note: n.Priority.Note, By: by}
	}
	if _, ok := s.cfg.chans[n.Channel]; !ok {
		return PQRSD{}, invalid(s.lang, "channel", "canal desconocido %q", "unknown channel %q", n.Channel)
	}
	if n.Offer != "" {
		if _, ok := offer[n.Offer]; !ok {
			return PQRSD{}, invalid(s.lang, "offer", "elemento de la oferta desconocido %q", "unknown offer item %q", n.Offer)
		}
	}
	if n.Dependency != "" {
		if _, ok := s.cfg.deps[n.Dependency]; !ok {
			return PQRSD{}, invalid(s.lang, "dependency", "dependencia desconocida %q", "unknown dependency %q", n.Dependency)
		}
	} else if n.Offer != "" {
		n.Dependency = offer[n.Offer].Dependency
	}
	if n.Segment != "" {
		if _, ok := s.cfg.segs[n.Segment]; !ok {
			return PQRSD{}, invalid(s.lang, "segment", "segmento desconocido %q", "unknown segment %q", n.Segment)
		}
	}
	if strings.TrimSpace(n.Subject) == "" && strings.TrimSpace(n.Description) == "" {
		return PQRSD{}, invalid(s.lang, "subject", "una PQRSD necesita un asunto o una descripción", "a PQRSD needs a subject or a description")
	}
	if utf8.RuneCountInString(n.Description) > MaxDescription {
		return PQRSD{}, invalid(s.lang, "description", "la descripción supera %d caracteres", "the description is longer than %d characters", MaxDescription)
	}
	if utf8.RuneCountInString(n.Subject) > 500 {
		return PQRSD{}, invalid(s.lang, "subject", "el asunto supera 500 caracteres", "the subject is longer than 500 characters")
	}
	if err := checkLocation(s.lang, n.Location); err != nil {
		return PQRSD{}, err
	}
	if err := checkTime(s.lang, "at", at); err != nil {
		return PQRSD{}, err
	}
	filedAt := n.FiledAt
	if filedAt.IsZero() {
		filedAt = at
	}
	if filedAt.After(at) {
		return PQRSD{}, invalid(s.lang, "filed_at", "la fecha de radicación %s está en el futuro (ahora %s)", "the filing time %s is in the future (now %s)",
			filedAt.In(s.loc).Format(time.RFC3339), at.In(s.loc).Format(time.RFC3339))
	}
	filed := s.dateOf(filedAt)
	term := s.cfg.PetitionTerm(n.Type, kind, n.Authority != "", prio != nil)
	due, err := s.cal.AddBusinessDays(filed, term)
	if err != nil {
		return PQRSD{}, fmt.Errorf("%w: filing date %s: %v", relaciona.ErrInvalid, filed, err)
	}
	if prio != nil {
		prio.Date = filed
	}
	return PQRSD{Type: n.Type, Kind: kind, Channel: n.Channel, Offer: n.Offer, Dependency: n.Dependency, Segment: n.Segment,
		CitizenID: n.CitizenID, Subject: n.Subject, Description: n.Description, Requester: n.Requester, Location: n.Location,
		Authority: n.Authority, Priority: prio,
		FiledAt: filedAt.UTC(), Filed: filed, Term: term, Due: due, Status: StatusOpen, TicketID: n.TicketID,
		Updated: at.UTC(), FiledBy: by}, nil
}

func checkLocation(lang relaciona.Lang, l Location) error {
	if (l.Lat == nil) != (l.Long == nil) {
		return invalid(lang, "location", "lat y long van juntos", "lat and long go together")
	}
	if l.Lat != nil && (*l.Lat < -90 || *l.Lat > 90 || *l.Long < -180 || *l.Long > 180) {
		return invalid(lang, "location", "lat debe estar entre -90 y 90 y long entre -180 y 180", "lat must be in -90..90 and long in -180..180")
	}
	return nil
}

// File registers one PQRSD received at n.FiledAt (or at) and gives it its
// filing number and due date, in one audited batch. The actor needs the
// citizen_service or system role. A filing time later than at, an unknown
// type, kind, channel, offer item, dependency or segment, or a ticket
// already filed are refused and nothing is written.
//
// One PQRSD per ticket: a PQRSD with a TicketID claims the ticket
// (ClaimTicket) in its own batch, so of filers racing on one ticket, in
// this process or another, exactly one files it. Every other gets an error
// wrapping relaciona.ErrConflict and a *relaciona.ClaimError whose Holder
// names the winner's PQRSD; it writes nothing.
func (s *Process) File(ctx context.Context, a relaciona.Actor, n NewPQRSD, at time.Time) (PQRSD, error) {
	out, err := s.Import(ctx, a, []NewPQRSD{n}, at)
	if err != nil {
		return PQRSD{}, err
	}
	return out[0], nil
}

// Import files many PQRSD in one audited batch (bulk loads, migrations,
// the demo): each is checked as File checks it, and one bad entry refuses
// them all, naming its index. Keep batches to a few thousand. A ticket
// filed already, before or while Import runs, refuses the batch as File
// says; each retry after a conflict checks the tickets' claims again.
func (s *Process) Import(ctx context.Context, a relaciona.Actor, ns []NewPQRSD, at time.Time) ([]PQRSD, error) {
	a, err := s.Authorize(ctx, a, "citizen.pqrsd.file", RoleService, RoleSystem)
	if err != nil {
		return nil, err
	}
	if len(ns) == 0 {
		return nil, nil
	}
	ps := make([]PQRSD, len(ns))
	years := map[int]int{}
	tickets := map[string]bool{}
	offer, err := s.offerIndex(ctx)
	if err != nil {
		return nil, err
	}
	for i, n := range ns {
		p, err := s.build(n, a.ID, at, offer)
		if err != nil {
			return nil, indexed(i, len(ns), err)
		}
		if p.TicketID != "" {
			if tickets[p.TicketID] {
				return nil, indexed(i, len(ns), fmt.Errorf("%w: ticket %s appears twice", relaciona.ErrConflict, p.TicketID))
			}
			tickets[p.TicketID] = true
		}
		ps[i] = p
		years[p.Filed.Year]++
	}
	ticketIDs := make([]string, 0, len(tickets))
	for _, p := range ps {
		if p.TicketID != "" {
			ticketIDs = append(ticketIDs, p.TicketID)
		}
	}
	// PQRSD filed before tickets were claimed have no claim: look for them
	// by their ticket attribute. Every later filing claims its ticket.
	for _, id := range ticketIDs {
		if filed, err := s.legacyTicketFiled(ctx, id); err != nil {
			return nil, err
		} else if filed != "" {
			return nil, s.ticketFiledError(&relaciona.ClaimError{Name: ClaimTicket, Key: id, Holder: relaciona.Ref{Kind: kindPQRSD, ID: filed}})
		}
	}
	var staff []relaciona.Person
	for _, p := range ps {
		if p.Priority != nil {
			if staff, err = s.dir.Holders(ctx, Kind, RoleService); err != nil {
				return nil, err
			}
			break
		}
	}
	err = s.store.Update(ctx, a, "citizen.pqrsd.file", fmt.Sprintf("%d PQRSD filed", len(ps)), 5, func(b *relaciona.Batch) error {
		b.At(at)
		// Each attempt checks the tickets' claims again: a filer that lost
		// the race finds the winner here and stops.
		held, err := s.store.Claims(ctx, ClaimTicket, ticketIDs)
		if err != nil {
			return err
		}
		if len(held) > 0 {
			return &relaciona.ClaimError{Name: held[0].Name, Key: held[0].Key, Holder: held[0].Holder}
		}
		next := map[int]int{}
		for y := range years {
			d, err := s.seq.Get(ctx, seqID(y))
			switch {
			case errors.Is(err, relaciona.ErrNotFound):
				d = relaciona.Doc[sequence]{Value: sequence{ID: seqID(y), Next: 1}}
			case err != nil:
				return err
			}
			next[y] = d.Value.Next
			v := sequence{ID: seqID(y), Next: d.Value.Next + years[y]}
			s.seq.Put(b, &v, d.Version)
		}
		delta := statsDelta{}
		for i := range ps {
			y := ps[i].Filed.Year
			ps[i].ID = fmt.Sprintf("PQRSD-%04d-%06d", y, next[y])
			next[y]++
			s.pqrsd.Put(b, &ps[i], 0)
			if ps[i].Priority != nil {
				s.notifyPriority(b, &ps[i], staff)
			}
			if ps[i].TicketID != "" {
				b.Claim(ClaimTicket, ps[i].TicketID, relaciona.Ref{Kind: kindPQRSD, ID: ps[i].ID})
			}
			delta.add(ps[i], 1)
		}
		return s.putStats(ctx, b, delta)
	})
	if ce := (*relaciona.ClaimError)(nil); errors.As(err, &ce) && ce.Name == ClaimTicket {
		// An attempt found a ticket claimed, or the last one lost its claim.
		return nil, s.ticketFiledError(ce)
	}
	if err != nil {
		return nil, err
	}
	s.log.Debug("pqrsd filed", "count", len(ps))
	return ps, nil
}

func seqID(year int) string { return fmt.Sprintf("pqrsd-%04d", year) }

func indexed(i, n int, err error) error {
	if n == 1 {
		return err
	}
	var ve *relaciona.ValidationError
	if errors.As(err, &ve) {
		c := *ve
		c.Field = fmt.Sprintf("[%d].%s", i, ve.Field)
		return &c
	}
	return fmt.Errorf("entry %d: %w", i, err)
}

// ClaimTicket is the name of the claim that makes the rule "one PQRSD per
// ticket": its key is the ticket id, its holder the PQRSD filed from it.
const ClaimTicket = "citizen.pqrsd.ticket"

// ticketFiledError is the ErrConflict of filing a ticket filed already as
// the holder of claim c: it wraps c, which names the PQRSD.
func (s *Process) ticketFiledError(c *relaciona.ClaimError) error {
	return fmt.Errorf("%s: %w", s.lang.Tf("el ticket %s ya está radicado como %s", "ticket %s is already filed as %s", c.Key, c.Holder.ID), c)
}

// ticketFiled returns the PQRSD filed from a ticket, or "": the holder of
// the ticket's claim, or a PQRSD filed before claims that names it.
func (s *Process) ticketFiled(ctx context.Context, ticketID string) (string, error) {
	c, err := s.store.Claimed(ctx, ClaimTicket, ticketID)
	switch {
	case err == nil:
		return c.Holder.ID, nil
	case !errors.Is(err, relaciona.ErrNotFound):
		return "", err
	}
	return s.legacyTicketFiled(ctx, ticketID)
}

// legacyTicketFiled returns the PQRSD filed from a ticket found by its
// ticket attribute, or "". Only PQRSD filed before tickets were claimed
// need it; it is not a uniqueness check (see ClaimTicket).
func (s *Process) legacyTicketFiled(ctx context.Context, ticketID string) (string, error) {
	for d, err := range s.pqrsd.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"ticket": ticketID}, Limit: 1}) {
		if err != nil {
			return "", err
		}
		return d.ID, nil
	}
	return "", nil
}

// Get reads one PQRSD.
func (s *Process) Get(ctx context.Context, id string) (PQRSD, error) {
	d, err := s.pqrsd.Get(ctx, id)
	return d.Value, err
}

// ExtendInput is an extension asked for: the new due date and the reason
// the citizen is told.
type ExtendInput struct {
	NewDue calendar.Date
	Reason string
}

// mutate applies change to PQRSD id in one audited batch, re-reading it
// (and its day counters) on a write conflict: the PQRSD, the counters of
// its filing day and the notice change returns are written together. A
// pending notice is then delivered through the ticket system.
func (s *Process) mutate(ctx context.Context, a relaciona.Actor, action, reason, id string, at time.Time, change func(p *PQRSD) (*Notice, error)) (PQRSD, error) {
	return s.mutateIn(ctx, a, action, reason, id, at, func(p *PQRSD, _ *relaciona.Batch) (*Notice, error) { return change(p) })
}

// petitionStep is a step on PQRSD id that tells the citizen nothing: it
// authorizes a for action with role as of at (authorizeAt), then, in one
// audited batch (action, note), lets change change the PQRSD, with the
// actor as the directory knows them and the civil date of at; a refusal of
// change changes nothing.
func (s *Process) petitionStep(ctx context.Context, a relaciona.Actor, role, action, note, id string, at time.Time, change func(p *PQRSD, by relaciona.Actor, today calendar.Date) error) (PQRSD, error) {
	a, err := s.authorizeAt(ctx, a, action, at, role)
	if err != nil {
		return PQRSD{}, err
	}
	today := s.dateOf(at)
	return s.mutate(ctx, a, action, note, id, at, func(p *PQRSD) (*Notice, error) { return nil, change(p, a, today) })
}

// mutateIn is mutate whose change also gets the batch, to write what else
// goes with it (staff notifications).
func (s *Process) mutateIn(ctx context.Context, a relaciona.Actor, action, reason, id string, at time.Time, change func(p *PQRSD, b *relaciona.Batch) (*Notice, error)) (PQRSD, error) {
	var out PQRSD
	var notice *Notice
	err := s.store.Update(ctx, a, action, reason, 5, func(b *relaciona.Batch) error {
		b.At(at)
		d, err := s.pqrsd.Get(ctx, id)
		if err != nil {
			return err
		}
		before := d.Value
		p := d.Value
		n, err := change(&p, b)
		if err != nil {
			return err
		}
		p.Updated = at.UTC()
		s.pqrsd.Put(b, &p, d.Version)
		if n != nil {
			s.notices.Put(b, n, 0)
			s.notifyCitizen(b, &p, n)
		}
		delta := statsDelta{}
		delta.add(before, -1)
		delta.add(p, 1)
		if err := s.putStats(ctx, b, delta); err != nil {
			return err
		}
		out, notice = p, n
		return nil
	})
	if err != nil {
		return PQRSD{}, err
	}
	if notice != nil {
		_ = s.deliver(ctx, a, *notice, at) // a failure stays pending for Run
	}
	return out, nil
}

// Extend extends the term of an open PQRSD (Ley 1755 de 2015, art. 14,
// parágrafo): only before the term expires (on the due date at the
// latest), once, with a reason, and to a new due date that is a business
// day after the current one and at most twice the initial term from the
// filing. The citizen is told in the same batch: a notice that goes out as
// a public reply on the ticket when the PQRSD came from the ticket system,
// or is recorded for the agency's own channel otherwise. The actor needs
// the citizen_service role.
func (s *Process) Extend(ctx context.Context, a relaciona.Actor, id string, in ExtendInput, at time.Time) (PQRSD, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.pqrsd.extend", at, RoleService)
	if err != nil {
		return PQRSD{}, err
	}
	if strings.TrimSpace(in.Reason) == "" {
		return PQRSD{}, invalid(s.lang, "reason", "la prórroga necesita el motivo que se informa al ciudadano", "an extension needs the reason told to the citizen")
	}
	if err := checkDate(s.lang, "new_due", in.NewDue); err != nil {
		return PQRSD{}, err
	}
	today := s.dateOf(at)
	return s.mutate(ctx, a, "citizen.pqrsd.extend", "term extended before expiry; citizen notified", id, at, func(p *PQRSD) (*Notice, error) {
		switch {
		case p.Status != StatusOpen:
			return nil, invalid(s.lang, "status", "la PQRSD %s está en estado %s: solo se prorroga una PQRSD en trámite", "PQRSD %s is %s: only an open PQRSD can be extended", id, p.Status)
		case p.Extension != nil:
			return nil, invalid(s.lang, "extension", "la PQRSD %s ya se prorrogó el %s: la ley permite una prórroga", "PQRSD %s was already extended on %s: the law allows one extension", id, p.Extension.Date)
		case today.After(p.Due):
			return nil, invalid(s.lang, "at", "el término de la PQRSD %s venció el %s: la prórroga se informa antes del vencimiento", "the term of PQRSD %s expired on %s: an extension must be told before it expires", id, p.Due)
		case today.Before(p.Filed):
			return nil, invalid(s.lang, "at", "%s es anterior a la radicación (%s)", "%s is before the filing date %s", today, p.Filed)
		case !in.NewDue.After(p.Due):
			return nil, invalid(s.lang, "new_due", "la nueva fecha de vencimiento %s debe ser posterior a la actual, %s", "the new due date %s must be after the current one, %s", in.NewDue, p.Due)
		case !s.cal.IsBusinessDay(in.NewDue):
			return nil, invalid(s.lang, "new_due", "la nueva fecha de vencimiento %s no es día hábil", "the new due date %s is not a business day", in.NewDue)
		}
		newTerm, err := s.ranDays(p, in.NewDue)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", relaciona.ErrInvalid, err)
		}
		if newTerm > 2*p.Term {
			limit, _ := s.termEnd(p, 2*p.Term)
			return nil, invalid(s.lang, "new_due", "el nuevo término de %d días hábiles supera el doble del inicial de %d (fecha máxima %s)", "the new term of %d business days exceeds twice the initial term of %d (latest due date %s)",
				newTerm, p.Term, limit)
		}
		n := s.newNotice(p, NoticeExtension, at, s.lang.Tf(
			"Su %s %s no podrá responderse dentro del término legal. Motivo: %s. Se responderá a más tardar el %s.",
			"Your %s %s cannot be answered within the legal term. Reason: %s. It will be answered by %s.",
			strings.ToLower(p.Type.Label(s.lang)), p.ID, in.Reason, in.NewDue))
		p.Extension = &Extension{Date: today, Reason: in.Reason, PreviousDue: p.Due, NewDue: in.NewDue, NewTerm: newTerm, By: a.ID, Notice: n.ID}
		p.Due = in.NewDue
		return &n, nil
	})
}

// Forward sends an open PQRSD to the competent authority (Ley 1755 de
// 2015, art. 21) and tells the citizen, in one batch. A forwarding more
// than ForwardDays business days after the filing is marked late. The
// actor needs the citizen_service role.
func (s *Process) Forward(ctx context.Context, a relaciona.Actor, id, authority, reason string, at time.Time) (PQRSD, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.pqrsd.forward", at, RoleService)
	if err != nil {
		return PQRSD{}, err
	}
	if strings.TrimSpace(authority) == "" {
		return PQRSD{}, invalid(s.lang, "authority", "indique la autoridad competente a la que se traslada", "name the competent authority the PQRSD goes to")
	}
	today := s.dateOf(at)
	return s.mutate(ctx, a, "citizen.pqrsd.forward", "forwarded to the competent authority; citizen notified", id, at, func(p *PQRSD) (*Notice, error) {
		if p.Status != StatusOpen {
			return nil, invalid(s.lang, "status", "la PQRSD %s está en estado %s: solo se traslada una PQRSD en trámite", "PQRSD %s is %s: only an open PQRSD can be forwarded", id, p.Status)
		}
		if today.Before(p.Filed) {
			return nil, invalid(s.lang, "at", "%s es anterior a la radicación (%s)", "%s is before the filing date %s", today, p.Filed)
		}
		days, err := s.cal.BusinessDaysBetween(p.Filed, today)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", relaciona.ErrInvalid, err)
		}
		n := s.newNotice(p, NoticeForward, at, s.lang.Tf(
			"Su %s %s fue trasladada por competencia a %s.",
			"Your %s %s was forwarded to the competent authority, %s.",
			strings.ToLower(p.Type.Label(s.lang)), p.ID, authority))
		p.Forward = &Forward{Date: today, Authority: authority, Reason: reason, Late: days > ForwardDays, By: a.ID, Notice: n.ID}
		p.Status = StatusForwarded
		return &n, nil
	})
}

// Answer records the answer to an open PQRSD: the business days it took
// and whether it was on time (by the due date in force, extension
// included). The answer goes to the citizen as a notice (a public reply on
// the ticket, which is then resolved, for a PQRSD from the ticket system).
// The actor needs the citizen_service role.
func (s *Process) Answer(ctx context.Context, a relaciona.Actor, id, summary string, at time.Time) (PQRSD, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.pqrsd.answer", at, RoleService)
	if err != nil {
		return PQRSD{}, err
	}
	if strings.TrimSpace(summary) == "" {
		return PQRSD{}, invalid(s.lang, "summary", "la respuesta está vacía", "the answer is empty")
	}
	today := s.dateOf(at)
	return s.mutate(ctx, a, "citizen.pqrsd.answer", "answered", id, at, func(p *PQRSD) (*Notice, error) {
		if p.Status != StatusOpen {
			return nil, invalid(s.lang, "status", "la PQRSD %s está en estado %s: solo se responde una PQRSD en trámite", "PQRSD %s is %s: only an open PQRSD can be answered", id, p.Status)
		}
		if at.Before(p.FiledAt) {
			return nil, invalid(s.lang, "at", "la respuesta es anterior a la radicación", "the answer time is before the filing")
		}
		days, err := s.ranDays(p, today)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", relaciona.ErrInvalid, err)
		}
		n := s.newNotice(p, NoticeAnswer, at, summary)
		p.Answer = &Answer{Date: today, Summary: summary, BusinessDays: days, OnTime: !today.After(p.Due), By: a.ID, Notice: n.ID}
		p.Status = StatusAnswered
		return &n, nil
	})
}

// Close closes an answered, forwarded or withdrawn PQRSD (and its ticket,
// if it came from one): for a withdrawn one, the archive of the file (Ley
// 1755 de 2015, arts. 17 and 18). The actor needs the citizen_service role.
func (s *Process) Close(ctx context.Context, a relaciona.Actor, id string, at time.Time) (PQRSD, error) {
	p, err := s.petitionStep(ctx, a, RoleService, "citizen.pqrsd.close", "closed", id, at, func(p *PQRSD, _ relaciona.Actor, today calendar.Date) error {
		if p.Status != StatusAnswered && p.Status != StatusForwarded && p.Status != StatusWithdrawn {
			return invalid(s.lang, "status", "la PQRSD %s está en estado %s: solo se cierra una PQRSD respondida, trasladada o desistida", "PQRSD %s is %s: only an answered, forwarded or withdrawn PQRSD can be closed", id, p.Status)
		}
		p.Status = StatusClosed
		p.Closed = today
		return nil
	})
	if err != nil {
		return PQRSD{}, err
	}
	if p.TicketID != "" && s.tickets != nil {
		if _, err := s.tickets.SetStatus(ctx, p.TicketID, relaciona.StatusClosed); err != nil {
			s.log.Warn("closing the ticket of a PQRSD failed; close it in the ticket system", "pqrsd", p.ID, "ticket", p.TicketID, "error", errorKind(err))
		}
	}
	return p, nil
}

// Open streams the open PQRSD, those with priority attention first (Ley
// 1755 de 2015, art. 20), each group in filing order, in constant memory.
// An incomplete PQRSD (art. 17) is not open: its term is suspended.
func (s *Process) Open(ctx context.Context) iter.Seq2[PQRSD, error] {
	return func(yield func(PQRSD, error) bool) {
		for d, err := range s.pqrsd.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"status": string(StatusOpen), attrPriority: "yes"}}) {
			if !yield(d.Value, err) || err != nil {
				return
			}
		}
		for d, err := range s.pqrsd.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"status": string(StatusOpen)}}) {
			if err == nil && d.Value.Priority != nil {
				continue
			}
			if !yield(d.Value, err) || err != nil {
				return
			}
		}
	}
}

// OverdueSeq streams the open PQRSD whose due date is before date, the
// priority ones first, in filing order: one pass over the open PQRSD in
// constant memory.
func (s *Process) OverdueSeq(ctx context.Context, date calendar.Date) iter.Seq2[PQRSD, error] {
	return s.openWhere(ctx, func(p PQRSD) bool { return p.Due.Before(date) })
}

// Overdue lists the open PQRSD whose term expired before date.
func (s *Process) Overdue(ctx context.Context, date calendar.Date) ([]PQRSD, error) {
	return collect(s.OverdueSeq(ctx, date))
}

// DueSoonSeq streams the open PQRSD due on date or within
// pqrsd.due_soon_days business days after it.
func (s *Process) DueSoonSeq(ctx context.Context, date calendar.Date) iter.Seq2[PQRSD, error] {
	limit, err := s.cal.AddBusinessDays(date, s.cfg.PQRSD.DueSoonDays)
	if err != nil {
		return func(yield func(PQRSD, error) bool) { yield(PQRSD{}, fmt.Errorf("%w: %v", relaciona.ErrInvalid, err)) }
	}
	return s.openWhere(ctx, func(p PQRSD) bool { return !p.Due.Before(date) && !p.Due.After(limit) })
}

// DueSoon lists the open PQRSD due on date or within
// pqrsd.due_soon_days business days after it.
func (s *Process) DueSoon(ctx context.Context, date calendar.Date) ([]PQRSD, error) {
	return collect(s.DueSoonSeq(ctx, date))
}

// openWhere streams the open PQRSD that keep accepts, in Open's order;
// it stops at the first error, which it yields.
func (s *Process) openWhere(ctx context.Context, keep func(PQRSD) bool) iter.Seq2[PQRSD, error] {
	return func(yield func(PQRSD, error) bool) {
		for p, err := range s.Open(ctx) {
			if err != nil {
				yield(PQRSD{}, err)
				return
			}
			if keep(p) && !yield(p, nil) {
				return
			}
		}
	}
}

// collect reads seq to its end into a slice, or returns its first error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// List returns up to limit PQRSD filed in [from, to) (zero times: no
// bound) with the given status ("" for any), after the cursor after, and
// the cursor of the last one.
func (s *Process) List(ctx context.Context, from, to time.Time, status Status, after string, limit int) ([]PQRSD, string, error) {
	var attrs map[string]string
	if status != "" {
		attrs = map[string]string{"status": string(status)}
	}
	f := window(from, to, attrs)
	f.Limit = limit
	if after != "" {
		f.After = after
	}
	var out []PQRSD
	cursor := ""
	for r, err := range s.store.Scan(ctx, kindPQRSD, f) {
		if err != nil {
			return nil, "", err
		}
		d, err := s.pqrsd.Decode(r)
		if err != nil {
			return nil, "", err
		}
		out = append(out, d.Value)
		cursor = r.Cursor()
	}
	return out, cursor, nil
}

// errorKind names an error's class for a log line without its text, which
// may quote personal data.
func errorKind(err error) string {
	for _, k := range []struct {
		err  error
		name string
	}{{relaciona.ErrNotFound, "not_found"}, {relaciona.ErrConflict, "conflict"}, {relaciona.ErrInvalid, "invalid"},
		{relaciona.ErrUnavailable, "unavailable"}, {relaciona.ErrAuth, "auth"}, {relaciona.ErrUnsupported, "unsupported"}, {relaciona.ErrClosed, "closed"}} {
		if errors.Is(err, k.err) {
			return k.name
		}
	}
	return "other"
}
