package citizen

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// SpaceKind is the kind of an interaction space (seed 002, activity 3 and
// 5: "Espacios de participación y rendición de cuentas incidentes en la
// gestión institucional"; "Coordinar y desarrollar espacios de
// realimentación con las dependencias").
type SpaceKind string

// The space kinds.
const (
	SpaceParticipation  SpaceKind = "participation"
	SpaceAccountability SpaceKind = "accountability"
	SpaceFeedback       SpaceKind = "feedback"
)

// Label is the kind's name for a reader.
func (k SpaceKind) Label(l relaciona.Lang) string {
	return process.Labels[SpaceKind]{
		SpaceParticipation:  {"Participación ciudadana", "Citizen participation"},
		SpaceAccountability: {"Rendición de cuentas", "Accountability"},
		SpaceFeedback:       {"Realimentación con dependencias", "Feedback with dependencies"},
	}.Of(l, k)
}

// Space is one event of participation, accountability or feedback: who
// took part, counted by segment (aggregates, never names), and the
// commitments made there.
//
// The space's id is the subject id of its participants (personal:
// "subject"), as the commitments register names them (the other party of
// the space's commitments): a request for them finds the space and its
// commitments. The summary is free text that can name people who took
// part: personal data.
type Space struct {
	ID           string         `json:"id" personal:"subject"`
	Kind         SpaceKind      `json:"kind"`
	Name         string         `json:"name" personal:"no"`
	Date         calendar.Date  `json:"date"`
	Place        string         `json:"place,omitempty"`
	Channel      string         `json:"channel,omitempty"`
	Dependencies []string       `json:"dependencies,omitempty"`
	Participants map[string]int `json:"participants,omitempty"`
	// Feedback lists the feedback (from indicators) discussed, for a
	// feedback space.
	Feedback    []string `json:"feedback,omitempty"`
	Summary     string   `json:"summary,omitempty" personal:"true"`
	Commitments []string `json:"commitments,omitempty"`
	By          string   `json:"by"`
}

// CommitmentStatus is where a commitment is, as this process says it:
// open; done (delivered, with its result; confirmed or awaiting the other
// party's confirmation: Commitment.Confirmed); dropped (closed unconfirmed
// by its owner, with the reason in Result).
type CommitmentStatus string

// The commitment statuses.
const (
	CommitmentOpen    CommitmentStatus = "open"
	CommitmentDone    CommitmentStatus = "done"
	CommitmentDropped CommitmentStatus = "dropped"
)

// Commitment is a commitment made in a space, owned by a dependency, with
// a due date and its follow-ups until done ("resultados ... seguimiento").
// It is this process's view of its entry in the commitments register
// (relaciona.Commitments, process "citizen", source the space): the
// register holds it and its rules decide. Ours is the dependency (Owner)
// and the person who answers for it (OwnerPerson: the lead who recorded
// the space unless named); theirs is the space's participants, confirmed
// by the directory people the commitment names (Confirmers: their
// representatives, or, when none is named, the entity's direction, which
// answers to them in the accountability it renders).
//
// Text and the follow-ups' notes are free text that can name people: this
// view is not stored, and the register's fields they come from
// (relaciona.Commitment.What, CommitmentEvent.Note) are marked personal,
// so an erasure or a sweep of the register clears them.
type Commitment struct {
	ID          string
	Space       string
	Text        string
	Owner       string
	OwnerPerson string
	Due         calendar.Date
	Status      CommitmentStatus
	Result      string
	Closed      calendar.Date
	FollowUps   []FollowUp
	Confirmers  []string
	// Confirmed is true once the other party confirmed it.
	Confirmed bool
	// Record is the register's entry this view is of.
	Record relaciona.Commitment
}

// FollowUp is one follow-up note on a commitment.
type FollowUp struct {
	Date calendar.Date `json:"date"`
	Note string        `json:"note"`
	By   string        `json:"by"`
}

// NewCommitment is a commitment made in a space. Owner is the dependency
// that owes it; OwnerPerson the directory person who answers for it (the
// recording lead when empty); Confirmers the directory people who may
// confirm it for the participants (the direction when empty).
type NewCommitment struct {
	Text        string
	Owner       string
	OwnerPerson string
	Confirmers  []string
	Due         calendar.Date
}

// viewOf is the view of the register's entry r.
func viewOf(r relaciona.Commitment) Commitment {
	c := Commitment{ID: r.Key, Space: r.Source.ID, Text: r.What, Owner: r.Ours.Unit, OwnerPerson: r.Ours.Owner,
		Due: calendar.DateOf(r.Due), Confirmers: slices.Clone(r.Theirs.Confirmers), Confirmed: r.Status == relaciona.CommitmentConfirmed, Record: r}
	switch r.Status {
	case relaciona.CommitmentOpen:
		c.Status = CommitmentOpen
	case relaciona.CommitmentDelivered, relaciona.CommitmentConfirmed:
		c.Status, c.Closed = CommitmentDone, calendar.DateOf(r.DeliveredOn)
		if n := len(r.Evidence); n > 0 {
			c.Result = r.Evidence[n-1].Result
		}
	case relaciona.CommitmentUnconfirmed:
		c.Status, c.Result, c.Closed = CommitmentDropped, r.Reason, calendar.DateOf(r.ClosedOn)
	}
	for _, e := range r.History {
		if e.Step != relaciona.StepMade && e.Step != relaciona.StepConfirmed {
			c.FollowUps = append(c.FollowUps, FollowUp{Date: calendar.DateOf(e.Date), Note: e.Note, By: e.By})
		}
	}
	return c
}

// MarshalJSON writes the view as the register's record.
func (c Commitment) MarshalJSON() ([]byte, error) {
	return process.MarshalCommitmentView(c.Record, c.ID, "RecordSpace")
}

// UnmarshalJSON reads the register's record as the view.
func (c *Commitment) UnmarshalJSON(b []byte) error {
	return process.UnmarshalCommitmentView(b, c, viewOf)
}

// commitmentView is this process's typed view of the register's records.
func commitmentView(store *relaciona.Store) *relaciona.Collection[Commitment] {
	return process.CommitmentViews(store, func(v *Commitment) relaciona.Commitment { return v.Record })
}

// register is the commitments register on the process's store and
// directory.
func (s *Process) register() *relaciona.Commitments { return relaciona.NewCommitments(s.store, s.dir) }

// RecordSpace records a space that took place, with its participants by
// segment ("" for participants outside every segment) and the commitments
// made, in one batch. The actor needs the relationship_lead role.
func (s *Process) RecordSpace(ctx context.Context, a relaciona.Actor, sp Space, cs []NewCommitment) (Space, error) {
	a, err := s.Authorize(ctx, a, "citizen.space.record", RoleLead)
	if err != nil {
		return Space{}, err
	}
	switch sp.Kind {
	case SpaceParticipation, SpaceAccountability, SpaceFeedback:
	default:
		return Space{}, invalid(s.lang, "kind", "tipo de espacio desconocido %q (participation, accountability, feedback)", "unknown space kind %q (participation, accountability, feedback)", sp.Kind)
	}
	if strings.TrimSpace(sp.ID) == "" || strings.TrimSpace(sp.Name) == "" {
		return Space{}, invalid(s.lang, "id", "un espacio necesita un identificador y un nombre", "a space needs an id and a name")
	}
	if err := checkDate(s.lang, "date", sp.Date); err != nil {
		return Space{}, err
	}
	if sp.Channel != "" {
		if _, ok := s.cfg.chans[sp.Channel]; !ok {
			return Space{}, invalid(s.lang, "channel", "canal desconocido %q", "unknown channel %q", sp.Channel)
		}
	}
	if i := firstUnknown(sp.Dependencies, s.cfg.deps); i >= 0 {
		return Space{}, invalid(s.lang, "dependencies", "dependencia desconocida %q", "unknown dependency %q", sp.Dependencies[i])
	}
	if sp.Kind == SpaceFeedback && len(sp.Dependencies) == 0 {
		return Space{}, invalid(s.lang, "dependencies", "un espacio de realimentación se hace con dependencias: nómbrelas", "a feedback space is held with dependencies: name them")
	}
	for seg, n := range sp.Participants {
		if _, ok := s.cfg.segs[seg]; seg != "" && !ok {
			return Space{}, invalid(s.lang, "participants", "segmento desconocido %q", "unknown segment %q", seg)
		}
		if n < 0 {
			return Space{}, invalid(s.lang, "participants", "un conteo negativo para el segmento %q", "a negative count for segment %q", seg)
		}
	}
	for i, c := range cs {
		if strings.TrimSpace(c.Text) == "" {
			return Space{}, invalid(s.lang, fmt.Sprintf("commitments[%d].text", i), "el compromiso está vacío", "the commitment is empty")
		}
		if _, ok := s.cfg.deps[c.Owner]; !ok {
			return Space{}, invalid(s.lang, fmt.Sprintf("commitments[%d].owner", i), "dependencia desconocida %q", "unknown dependency %q", c.Owner)
		}
		if err := checkDate(s.lang, fmt.Sprintf("commitments[%d].due", i), c.Due); err != nil {
			return Space{}, err
		}
		if c.Due.Before(sp.Date) {
			return Space{}, invalid(s.lang, fmt.Sprintf("commitments[%d].due", i), "el vencimiento %s es anterior al espacio (%s)", "due %s is before the space (%s)", c.Due, sp.Date)
		}
	}
	var confirmers []string
	sp.By = a.ID
	b := s.store.Begin(a, "citizen.space.record", string(sp.Kind)+" space recorded").At(s.stamp(sp.Date))
	reg := s.register()
	for i, c := range cs {
		who := c.Confirmers
		if len(who) == 0 {
			if confirmers == nil {
				ps, err := s.dir.Holders(ctx, Kind, RoleDirection)
				if err != nil {
					return Space{}, err
				}
				confirmers = []string{}
				for _, p := range ps {
					confirmers = append(confirmers, p.ID)
				}
			}
			who = confirmers
		}
		owner := c.OwnerPerson
		if owner == "" {
			owner = a.ID
		}
		key := fmt.Sprintf("%s/%d", sp.ID, i+1)
		if _, err := reg.Add(ctx, b, relaciona.NewCommitment{
			Key:    key,
			Source: relaciona.CommitmentSource{Process: Kind, Kind: kindSpace, ID: sp.ID},
			Ours:   relaciona.OurParty{Owner: owner, Unit: c.Owner},
			Theirs: relaciona.OtherParty{Kind: "space_participants", ID: sp.ID, Name: sp.Name, Confirmers: slices.DeleteFunc(slices.Clone(who), func(id string) bool { return id == owner })},
			What:   c.Text, Due: process.DateTime(c.Due), Date: process.DateTime(sp.Date),
			Index: map[string]string{"space": sp.ID},
		}); err != nil {
			return Space{}, fmt.Errorf("commitments[%d]: %w", i, err)
		}
		sp.Commitments = append(sp.Commitments, key)
	}
	s.spaces.Put(b, &sp, 0)
	return sp, commit(ctx, b)
}

// FollowUpCommitment adds a follow-up to an open commitment; with status
// done it delivers it, with result as its evidence (it then awaits the
// participants' confirmation, ConfirmCommitment); with status dropped its
// owner closes it unconfirmed, with result as the reason (anyone else gets
// a *relaciona.ForbiddenError). The actor needs the relationship_lead
// role.
func (s *Process) FollowUpCommitment(ctx context.Context, a relaciona.Actor, id, note string, status CommitmentStatus, result string, date calendar.Date) (Commitment, error) {
	a, err := s.authorizeOn(ctx, a, "citizen.commitment.follow_up", date, RoleLead)
	if err != nil {
		return Commitment{}, err
	}
	if strings.TrimSpace(note) == "" {
		return Commitment{}, invalid(s.lang, "note", "el seguimiento está vacío", "the follow-up is empty")
	}
	switch status {
	case CommitmentOpen:
	case CommitmentDone, CommitmentDropped:
		if strings.TrimSpace(result) == "" {
			return Commitment{}, invalid(s.lang, "result", "al cerrar un compromiso indique su resultado", "closing a commitment states its result")
		}
	default:
		return Commitment{}, invalid(s.lang, "status", "estado desconocido %q (open, done, dropped)", "unknown status %q (open, done, dropped)", status)
	}
	rid := relaciona.CommitmentID(Kind, id)
	cur, _, err := s.register().Get(ctx, rid)
	if err != nil {
		return Commitment{}, err
	}
	if cur.Status != relaciona.CommitmentOpen {
		return Commitment{}, invalid(s.lang, "status", "el compromiso %s está en estado %s", "commitment %s is %s", id, viewOf(cur).Status)
	}
	b := s.store.Begin(a, "citizen.commitment.follow_up", "commitment followed up").At(s.stamp(date))
	var r relaciona.Commitment
	switch status {
	case CommitmentOpen:
		r, err = s.register().FollowUp(ctx, b, rid, note, process.DateTime(date))
	case CommitmentDone:
		r, err = s.register().Deliver(ctx, b, rid, relaciona.Evidence{Note: note, Result: result}, process.DateTime(date))
	case CommitmentDropped:
		r, err = s.register().CloseUnconfirmed(ctx, b, rid, result, process.DateTime(date))
	}
	if err != nil {
		return Commitment{}, err
	}
	return viewOf(r), commit(ctx, b)
}

// ConfirmCommitment records the participants' confirmation of a done
// commitment, by one of its confirmers as the directory lists them;
// anyone else gets a *relaciona.ForbiddenError and nothing changes.
func (s *Process) ConfirmCommitment(ctx context.Context, a relaciona.Actor, id, note string, date calendar.Date) (Commitment, error) {
	if err := checkDate(s.lang, "date", date); err != nil {
		return Commitment{}, err
	}
	b := s.store.Begin(a, "citizen.commitment.confirm", "commitment confirmed by the participants").At(s.stamp(date))
	r, err := s.register().Confirm(ctx, b, relaciona.CommitmentID(Kind, id), note, process.DateTime(date))
	if err != nil {
		return Commitment{}, err
	}
	return viewOf(r), commit(ctx, b)
}

// Spaces lists the spaces held in [from, to].
func (s *Process) Spaces(ctx context.Context, from, to calendar.Date) ([]Space, error) {
	return s.spaces.Values(ctx, window(process.DateTime(from), process.DateTime(to.AddDays(1)), nil))
}

// Commitments lists the commitments of a space ("" for all).
func (s *Process) Commitments(ctx context.Context, space string) ([]Commitment, error) {
	f := relaciona.Filter{Attrs: map[string]string{"process": Kind}}
	if space != "" {
		f.Attrs["space"] = space
	}
	return s.commitments.Values(ctx, f)
}
