package citizen

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Audience is who a socialisation or training event is for (seed 002,
// activity 2).
type Audience string

// The audiences: "Coordinar la socialización de la estrategia ... con los
// líderes de las dependencias", "Coordinar la sensibilización y
// capacitación ... a los servidores de la entidad" and "Coordinar la
// socialización con la entidad y los grupos de valor".
const (
	AudienceLeaders     Audience = "dependency_leaders"
	AudienceStaff       Audience = "staff"
	AudienceValueGroups Audience = "value_groups"
)

// Audiences lists the audiences.
func Audiences() []Audience { return []Audience{AudienceLeaders, AudienceStaff, AudienceValueGroups} }

// Label is the audience's name for a reader.
func (x Audience) Label(L relaciona.Lang) string {
	return process.Labels[Audience]{
		AudienceLeaders:     {"Líderes de dependencias", "Dependency leaders"},
		AudienceStaff:       {"Servidores", "Staff"},
		AudienceValueGroups: {"Grupos de valor", "Value groups"},
	}.Of(L, x)
}

// Material is what an event used: a title and, optionally, where it is.
type Material struct {
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
}

// Event is a socialisation or training event about a strategy version
// (seed 002, activity 2): its audience, the version, the date, how many
// attended and the material. An event for the dependency leaders names
// the dependencies (and socialises a draft or socialised version with
// them, as SocialiseStrategy does); one for the staff names the attendees
// from the directory; one for the value groups names the segments. An
// event may count towards actions of the skills strategy (Actions) of the
// same audience.
type Event struct {
	ID           string        `json:"id"`
	Audience     Audience      `json:"audience"`
	Title        string        `json:"title"`
	Strategy     int           `json:"strategy"`
	Date         calendar.Date `json:"date"`
	Dependencies []string      `json:"dependencies,omitempty"`
	Segments     []string      `json:"segments,omitempty"`
	// Attendees are the ids, in the directory, of the staff who attended.
	Attendees []string `json:"attendees,omitempty"`
	// Attendance is how many attended (at least the attendees named).
	Attendance int       `json:"attendance"`
	Material   Material  `json:"material"`
	Actions    []string  `json:"actions,omitempty"`
	Recorded   time.Time `json:"recorded"`
	By         string    `json:"by"`
}

// RecordEvent records a socialisation or training event in one audited
// batch. The version must exist; a leaders event names known dependencies
// and, on a draft or socialised version, socialises it with them in the
// same batch (so AdoptStrategy counts them); a staff event names its
// attendees, each listed in the directory, and counts at least as many; a
// value-groups event names known segments; the material has a title; each
// skills action it counts towards exists and has the event's audience. The
// actor needs the relationship_lead role.
func (s *Process) RecordEvent(ctx context.Context, a relaciona.Actor, e Event, at time.Time) (Event, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.event.record", at, RoleLead)
	if err != nil {
		return Event{}, err
	}
	L := s.lang
	if strings.TrimSpace(e.ID) == "" {
		return Event{}, invalid(L, "id", "el evento necesita un identificador", "the event needs an id")
	}
	if !slices.Contains(Audiences(), e.Audience) {
		return Event{}, invalid(L, "audience", "audiencia desconocida %q (dependency_leaders, staff, value_groups)", "unknown audience %q (dependency_leaders, staff, value_groups)", e.Audience)
	}
	if err := checkDate(L, "date", e.Date); err != nil {
		return Event{}, err
	}
	if e.Strategy <= 0 {
		return Event{}, invalid(L, "strategy", "diga qué versión de la estrategia se socializó", "say which strategy version the event was about")
	}
	if strings.TrimSpace(e.Material.Title) == "" {
		return Event{}, invalid(L, "material.title", "diga qué material se usó (título)", "say which material was used (title)")
	}
	switch e.Audience {
	case AudienceLeaders:
		if len(e.Dependencies) == 0 {
			return Event{}, invalid(L, "dependencies", "nombre las dependencias cuyos líderes asistieron", "name the dependencies whose leaders attended")
		}
		if i := firstUnknown(e.Dependencies, s.cfg.deps); i >= 0 {
			return Event{}, invalid(L, fmt.Sprintf("dependencies[%d]", i), "dependencia desconocida %q", "unknown dependency %q", e.Dependencies[i])
		}
		if len(e.Actions) > 0 {
			return Event{}, invalid(L, "actions", "un evento con los líderes no cuenta para acciones de fortalecimiento de habilidades", "an event with the leaders does not count towards skills actions")
		}
	case AudienceStaff:
		if len(e.Attendees) == 0 {
			return Event{}, invalid(L, "attendees", "nombre a los servidores que asistieron (del directorio)", "name the staff who attended (from the directory)")
		}
		if err := s.checkPeople(ctx, "attendees", e.Attendees); err != nil {
			return Event{}, err
		}
		if e.Attendance == 0 {
			e.Attendance = len(e.Attendees)
		}
		if e.Attendance < len(e.Attendees) {
			return Event{}, invalid(L, "attendance", "la asistencia (%d) es menor que los asistentes nombrados (%d)", "the attendance (%d) is below the attendees named (%d)", e.Attendance, len(e.Attendees))
		}
	case AudienceValueGroups:
		if len(e.Segments) == 0 {
			return Event{}, invalid(L, "segments", "nombre los grupos de valor (segmentos) con que se socializó", "name the value groups (segments) it was socialised with")
		}
		if i := firstUnknown(e.Segments, s.cfg.segs); i >= 0 {
			return Event{}, invalid(L, fmt.Sprintf("segments[%d]", i), "segmento desconocido %q", "unknown segment %q", e.Segments[i])
		}
	}
	if e.Attendance < 1 {
		return Event{}, invalid(L, "attendance", "diga cuántos asistieron", "say how many attended")
	}
	e.Recorded, e.By = at.UTC(), a.ID
	return createRecord(ctx, s, a, s.rec.events, "citizen.event.record", "socialisation or training event "+e.ID, at, e.ID, &e,
		"ya existe el evento %q", "event %q exists already", func(b *relaciona.Batch) error {
			sv, err := s.strategies.Get(ctx, strategyID(e.Strategy))
			if errors.Is(err, relaciona.ErrNotFound) {
				return invalid(L, "strategy", "no existe la versión %d de la estrategia", "strategy version %d does not exist", e.Strategy)
			} else if err != nil {
				return err
			}
			if len(e.Actions) > 0 {
				acts, err := s.rec.skills.GetMany(ctx, e.Actions)
				if err != nil {
					return err
				}
				byID := map[string]SkillsAction{}
				for _, d := range acts {
					byID[d.ID] = d.Value
				}
				for i, id := range e.Actions {
					act, ok := byID[id]
					if !ok {
						return invalid(L, fmt.Sprintf("actions[%d]", i), "no existe la acción de fortalecimiento %q", "skills action %q does not exist", id)
					}
					if act.Audience != e.Audience {
						return invalid(L, fmt.Sprintf("actions[%d]", i), "la acción %q es para %s, no para %s", "action %q is for %s, not %s", id, act.Audience.Label(L), e.Audience.Label(L))
					}
				}
			}
			if e.Audience == AudienceLeaders && (sv.Value.Status == StrategyDraft || sv.Value.Status == StrategySocialised) {
				v := sv.Value
				if err := s.socialise(&v, e.Dependencies, at); err != nil {
					return err
				}
				s.strategies.Put(b, &v, sv.Version)
			}
			return nil
		})
}

// Events returns the socialisation and training events held in [from,
// to] (zero bounds are open), by date.
func (s *Process) Events(ctx context.Context, from, to calendar.Date) ([]Event, error) {
	var end time.Time
	if !to.IsZero() {
		end = process.DateTime(to.AddDays(1))
	}
	return process.SortedValues(ctx, s.rec.events, window(process.DateTime(from), end, nil), func(x, y Event) int { return strings.Compare(x.Date.String(), y.Date.String()) })
}
