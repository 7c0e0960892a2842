package citizen

import (
	"context"
	"fmt"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
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
	switch k {
	case SpaceParticipation:
		return l.T("Participación ciudadana", "Citizen participation")
	case SpaceAccountability:
		return l.T("Rendición de cuentas", "Accountability")
	case SpaceFeedback:
		return l.T("Realimentación con dependencias", "Feedback with dependencies")
	}
	return string(k)
}

// Space is one event of participation, accountability or feedback: who
// took part, counted by segment (aggregates, never names), and the
// commitments made there.
type Space struct {
	ID           string         `json:"id"`
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
	Summary     string   `json:"summary,omitempty"`
	Commitments []string `json:"commitments,omitempty"`
	By          string   `json:"by"`
}

// CommitmentStatus is where a commitment is.
type CommitmentStatus string

// The commitment statuses.
const (
	CommitmentOpen    CommitmentStatus = "open"
	CommitmentDone    CommitmentStatus = "done"
	CommitmentDropped CommitmentStatus = "dropped"
)

// Commitment is a commitment made in a space, owned by a dependency, with
// a due date and its follow-ups until done ("resultados ... seguimiento").
type Commitment struct {
	ID        string           `json:"id"`
	Space     string           `json:"space"`
	Text      string           `json:"text"`
	Owner     string           `json:"owner"`
	Due       calendar.Date    `json:"due"`
	Status    CommitmentStatus `json:"status"`
	Result    string           `json:"result,omitempty"`
	Closed    calendar.Date    `json:"closed,omitzero"`
	FollowUps []FollowUp       `json:"follow_ups,omitempty"`
}

// FollowUp is one follow-up note on a commitment.
type FollowUp struct {
	Date calendar.Date `json:"date"`
	Note string        `json:"note"`
	By   string        `json:"by"`
}

// NewCommitment is a commitment made in a space.
type NewCommitment struct {
	Text  string
	Owner string
	Due   calendar.Date
}

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
	for _, d := range sp.Dependencies {
		if _, ok := s.cfg.deps[d]; !ok {
			return Space{}, invalid(s.lang, "dependencies", "dependencia desconocida %q", "unknown dependency %q", d)
		}
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
	var comms []Commitment
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
		id := fmt.Sprintf("%s/%d", sp.ID, i+1)
		comms = append(comms, Commitment{ID: id, Space: sp.ID, Text: c.Text, Owner: c.Owner, Due: c.Due, Status: CommitmentOpen})
		sp.Commitments = append(sp.Commitments, id)
	}
	sp.By = a.ID
	b := s.store.Begin(a, "citizen.space.record", string(sp.Kind)+" space recorded").At(s.stamp(sp.Date))
	s.spaces.Put(b, &sp, 0)
	for i := range comms {
		s.commitments.Put(b, &comms[i], 0)
	}
	return sp, commit(ctx, b)
}

// FollowUpCommitment adds a follow-up to an open commitment; with status
// done or dropped it also closes it, with result. The actor needs the
// relationship_lead role.
func (s *Process) FollowUpCommitment(ctx context.Context, a relaciona.Actor, id, note string, status CommitmentStatus, result string, date calendar.Date) (Commitment, error) {
	a, err := s.Authorize(ctx, a, "citizen.commitment.follow_up", RoleLead)
	if err != nil {
		return Commitment{}, err
	}
	if err := checkDate(s.lang, "date", date); err != nil {
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
	var out Commitment
	err = s.store.Update(ctx, a, "citizen.commitment.follow_up", "commitment followed up", 3, func(b *relaciona.Batch) error {
		b.At(s.stamp(date))
		d, err := s.commitments.Get(ctx, id)
		if err != nil {
			return err
		}
		c := d.Value
		if c.Status != CommitmentOpen {
			return invalid(s.lang, "status", "el compromiso %s está en estado %s", "commitment %s is %s", id, c.Status)
		}
		c.FollowUps = append(c.FollowUps, FollowUp{Date: date, Note: note, By: a.ID})
		if status != CommitmentOpen {
			c.Status, c.Result, c.Closed = status, result, date
		}
		s.commitments.Put(b, &c, d.Version)
		out = c
		return nil
	})
	return out, err
}

// Spaces lists the spaces held in [from, to].
func (s *Process) Spaces(ctx context.Context, from, to calendar.Date) ([]Space, error) {
	ds, err := s.spaces.All(ctx, window(dateTime(from), dateTime(to.AddDays(1)), nil))
	if err != nil {
		return nil, err
	}
	out := make([]Space, len(ds))
	for i, d := range ds {
		out[i] = d.Value
	}
	return out, nil
}

// Commitments lists the commitments of a space ("" for all).
func (s *Process) Commitments(ctx context.Context, space string) ([]Commitment, error) {
	f := relaciona.Filter{}
	if space != "" {
		f.Attrs = map[string]string{"space": space}
	}
	ds, err := s.commitments.All(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]Commitment, len(ds))
	for i, d := range ds {
		out[i] = d.Value
	}
	return out, nil
}
