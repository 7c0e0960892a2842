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

// Record kinds of the strategy's records (seed 002, activities 1 to 3).
const (
	kindExercise   = "citizen.exercise"
	kindInput      = "citizen.input"
	kindEvent      = "citizen.event"
	kindSkills     = "citizen.skills_action"
	kindAssignment = "citizen.assignment"
)

// records holds the collections of the characterisation exercises, the
// inputs register, the socialisation and training events, the skills
// strategy's actions and the articulation's assignments.
type records struct {
	exercises   *relaciona.Collection[Exercise]
	inputs      *relaciona.Collection[Input]
	events      *relaciona.Collection[Event]
	skills      *relaciona.Collection[SkillsAction]
	assignments *relaciona.Collection[Assignment]
}

func (s *Process) initRecords(store *relaciona.Store) {
	s.rec.exercises = relaciona.NewCollection(store, kindExercise, func(v *Exercise) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"responsible": v.Responsible}, Time: process.DateTime(v.From)}
	})
	s.rec.inputs = relaciona.NewCollection(store, kindInput, func(v *Input) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"kind": string(v.Kind)}, Time: process.DateTime(v.Date)}
	})
	s.rec.events = relaciona.NewCollection(store, kindEvent, func(v *Event) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"audience": string(v.Audience)}, Time: process.DateTime(v.Date)}
	})
	s.rec.skills = relaciona.NewCollection(store, kindSkills, func(v *SkillsAction) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"audience": string(v.Audience), "responsible": v.Responsible}, Time: process.DateTime(v.Due)}
	})
	s.rec.assignments = relaciona.NewCollection(store, kindAssignment, func(v *Assignment) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"version": strategyID(v.Version), "dependency": v.Dependency}, Time: v.At}
	})
}

// Mechanism is how a characterisation exercise collects its information
// (seed 002, activity 1: "elegir el mecanismo de recolección de la
// información").
type Mechanism string

// The collection mechanisms.
const (
	MechanismSurvey        Mechanism = "survey"
	MechanismAdminRecords  Mechanism = "administrative_records"
	MechanismInterviews    Mechanism = "interviews"
	MechanismFocusGroups   Mechanism = "focus_groups"
	MechanismSecondary     Mechanism = "secondary_sources"
	MechanismOther         Mechanism = "other"
	mechanismListForErrors           = "survey, administrative_records, interviews, focus_groups, secondary_sources, other"
)

// Mechanisms lists the collection mechanisms.
func Mechanisms() []Mechanism {
	return []Mechanism{MechanismSurvey, MechanismAdminRecords, MechanismInterviews, MechanismFocusGroups, MechanismSecondary, MechanismOther}
}

// Label is the mechanism's name for a reader.
func (m Mechanism) Label(L relaciona.Lang) string {
	return process.Labels[Mechanism]{
		MechanismSurvey:       {"Encuesta", "Survey"},
		MechanismAdminRecords: {"Registros administrativos", "Administrative records"},
		MechanismInterviews:   {"Entrevistas", "Interviews"},
		MechanismFocusGroups:  {"Grupos focales", "Focus groups"},
		MechanismSecondary:    {"Fuentes secundarias", "Secondary sources"},
		MechanismOther:        {"Otro", "Other"},
	}.Of(L, m)
}

// Exercise is a characterisation exercise (seed 002, activity 1:
// "Conformar un grupo de trabajo, establecer la dependencia responsable del
// ejercicio, definir los objetivos, y elegir el mecanismo de recolección de
// la información"): the working group (people of the directory), the
// responsible dependency, the objectives, the collection mechanism and the
// period it covers, with the dissemination of its results ("Coordinar la
// socialización y divulgación de la caracterización"). A characterisation
// is published only under an exercise whose period covers the date
// (Publish).
type Exercise struct {
	ID string `json:"id"`
	// WorkingGroup are the ids, in the directory, of the staff who do the
	// exercise.
	WorkingGroup []string `json:"working_group"`
	// Responsible is the dependency responsible for the exercise.
	Responsible string    `json:"responsible"`
	Objectives  []string  `json:"objectives"`
	Mechanism   Mechanism `json:"mechanism"`
	// OtherMechanism says which mechanism, when Mechanism is other.
	OtherMechanism string        `json:"other_mechanism,omitempty"`
	From           calendar.Date `json:"from"`
	To             calendar.Date `json:"to"`
	Recorded       time.Time     `json:"recorded"`
	By             string        `json:"by"`
	// Disseminations are where and to whom its results were divulged.
	Disseminations []Dissemination `json:"disseminations,omitempty"`
}

// Covers reports whether the exercise's period holds date.
func (e Exercise) Covers(date calendar.Date) bool {
	return !date.Before(e.From) && !date.After(e.To)
}

// Dissemination is one divulgation of a characterisation (seed 002,
// activity 1: "Coordinar la socialización y divulgación de la
// caracterización ... para la optimización de la oferta"): to whom, when,
// by which channel and, optionally, which publication.
type Dissemination struct {
	Audience    string        `json:"audience"`
	Date        calendar.Date `json:"date"`
	Channel     string        `json:"channel"`
	Publication string        `json:"publication,omitempty"`
	At          time.Time     `json:"at"`
	By          string        `json:"by"`
}

// checkPeople refuses an id the directory does not list.
func (s *Process) checkPeople(ctx context.Context, field string, ids []string) error {
	seen := map[string]bool{}
	for i, id := range ids {
		if seen[id] {
			return invalid(s.lang, fmt.Sprintf("%s[%d]", field, i), "%q aparece dos veces", "%q appears twice", id)
		}
		seen[id] = true
		if _, err := s.dir.Person(ctx, id); err != nil {
			if errors.Is(err, relaciona.ErrNotFound) || errors.Is(err, relaciona.ErrInvalid) {
				return invalid(s.lang, fmt.Sprintf("%s[%d]", field, i), "%q no figura en el directorio", "%q is not in the directory", id)
			}
			return err
		}
	}
	return nil
}

// RecordExercise records a characterisation exercise (seed 002, activity
// 1). It needs a working group of people the directory lists, a
// configured responsible dependency, at least one objective, a collection
// mechanism (the other one with its name) and a period. The id is unique.
// The actor needs the relationship_lead role.
func (s *Process) RecordExercise(ctx context.Context, a relaciona.Actor, e Exercise, at time.Time) (Exercise, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.exercise.record", at, RoleLead)
	if err != nil {
		return Exercise{}, err
	}
	L := s.lang
	if strings.TrimSpace(e.ID) == "" {
		return Exercise{}, invalid(L, "id", "el ejercicio necesita un identificador", "the exercise needs an id")
	}
	if len(e.WorkingGroup) == 0 {
		return Exercise{}, invalid(L, "working_group", "conforme el grupo de trabajo del ejercicio (personas del directorio)", "form the exercise's working group (people of the directory)")
	}
	if err := s.checkPeople(ctx, "working_group", e.WorkingGroup); err != nil {
		return Exercise{}, err
	}
	if _, ok := s.cfg.deps[e.Responsible]; !ok {
		return Exercise{}, invalid(L, "responsible", "la dependencia responsable %q no es una dependencia configurada", "the responsible dependency %q is not a configured dependency", e.Responsible)
	}
	objs := slices.DeleteFunc(slices.Clone(e.Objectives), func(o string) bool { return strings.TrimSpace(o) == "" })
	if len(objs) == 0 {
		return Exercise{}, invalid(L, "objectives", "defina al menos un objetivo del ejercicio", "define at least one objective of the exercise")
	}
	e.Objectives = objs
	if !slices.Contains(Mechanisms(), e.Mechanism) {
		return Exercise{}, invalid(L, "mechanism", "mecanismo de recolección desconocido %q (%s)", "unknown collection mechanism %q (%s)", e.Mechanism, mechanismListForErrors)
	}
	if e.Mechanism == MechanismOther && strings.TrimSpace(e.OtherMechanism) == "" {
		return Exercise{}, invalid(L, "other_mechanism", "diga cuál es el otro mecanismo de recolección", "say which other collection mechanism")
	}
	if e.Mechanism != MechanismOther {
		e.OtherMechanism = ""
	}
	if err := checkDate(L, "from", e.From); err != nil {
		return Exercise{}, err
	}
	if err := checkDate(L, "to", e.To); err != nil {
		return Exercise{}, err
	}
	if e.To.Before(e.From) {
		return Exercise{}, invalid(L, "to", "el periodo termina (%s) antes de empezar (%s)", "the period ends (%s) before it starts (%s)", e.To, e.From)
	}
	e.Recorded, e.By, e.Disseminations = at.UTC(), a.ID, nil
	return createRecord(ctx, s, a, s.rec.exercises, "citizen.exercise.record", "characterisation exercise "+e.ID, at, e.ID, &e,
		"ya existe el ejercicio %q", "exercise %q exists already", nil)
}

// RecordDissemination records that the characterisation of an exercise
// was divulged (seed 002, activity 1: "Coordinar la socialización y
// divulgación de la caracterización"): to whom, when and by which channel
// (a configured channel or another means, named), optionally citing the
// publication divulged, which must exist. The actor needs the
// relationship_lead role.
func (s *Process) RecordDissemination(ctx context.Context, a relaciona.Actor, exercise string, d Dissemination, at time.Time) (Exercise, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.exercise.disseminate", at, RoleLead)
	if err != nil {
		return Exercise{}, err
	}
	L := s.lang
	if strings.TrimSpace(d.Audience) == "" {
		return Exercise{}, invalid(L, "audience", "diga a quién se divulgó la caracterización", "say to whom the characterisation was divulged")
	}
	if strings.TrimSpace(d.Channel) == "" {
		return Exercise{}, invalid(L, "channel", "diga por qué canal se divulgó", "say through which channel it was divulged")
	}
	if err := checkDate(L, "date", d.Date); err != nil {
		return Exercise{}, err
	}
	d.At, d.By = at.UTC(), a.ID
	return changeRecord(ctx, s, a, s.rec.exercises, "citizen.exercise.disseminate", "characterisation exercise "+exercise+" disseminated", at,
		"", exercise, func(_ *relaciona.Batch, e *Exercise) error {
			if d.Publication != "" {
				if _, err := s.publications.Get(ctx, d.Publication); err != nil {
					if errors.Is(err, relaciona.ErrNotFound) {
						return invalid(L, "publication", "no existe la publicación %q", "publication %q does not exist", d.Publication)
					}
					return err
				}
			}
			e.Disseminations = append(e.Disseminations, d)
			return nil
		})
}

// Exercises returns every characterisation exercise, by start date.
func (s *Process) Exercises(ctx context.Context) ([]Exercise, error) {
	return process.SortedValues(ctx, s.rec.exercises, relaciona.Filter{}, func(x, y Exercise) int { return strings.Compare(x.From.String(), y.From.String()) })
}

// exerciseFor returns the exercise whose period covers date (the latest
// started when several do), or a validation error naming what is missing:
// no exercise at all, or none covering the date (with the periods there
// are). It backs Publish's rule (seed 002, activity 1).
func (s *Process) exerciseFor(ctx context.Context, date calendar.Date) (Exercise, error) {
	var found *Exercise
	var periods []string
	for d, err := range s.rec.exercises.Scan(ctx, relaciona.Filter{}) {
		if err != nil {
			return Exercise{}, err
		}
		e := d.Value
		periods = append(periods, e.ID+" "+e.From.String()+"–"+e.To.String())
		if e.Covers(date) && (found == nil || e.From.After(found.From)) {
			found = &e
		}
	}
	if found != nil {
		return *found, nil
	}
	if len(periods) == 0 {
		return Exercise{}, invalid(s.lang, "exercise", "no hay ejercicio de caracterización: antes de publicar, registre uno (RecordExercise) con su grupo de trabajo, dependencia responsable, objetivos, mecanismo de recolección y periodo",
			"there is no characterisation exercise: before publishing, record one (RecordExercise) with its working group, responsible dependency, objectives, collection mechanism and period")
	}
	return Exercise{}, invalid(s.lang, "exercise", "ningún ejercicio de caracterización cubre el %s (periodos: %s)", "no characterisation exercise covers %s (periods: %s)", date, strings.Join(periods, "; "))
}

// refuseExisting checks, inside a batch's read, that no record of c is
// stored under id yet: an invalid error on field "id" with the message es
// or en (given the id) when one is, the store's error when the read fails,
// nil when the id is free. The write that follows creates with version 0,
// so a record created between the read and the commit still fails it.
func refuseExisting[T any](ctx context.Context, c *relaciona.Collection[T], id string, L relaciona.Lang, es, en string) error {
	_, err := c.Get(ctx, id)
	switch {
	case err == nil:
		return invalid(L, "id", es, en, id)
	case errors.Is(err, relaciona.ErrNotFound):
		return nil
	}
	return err
}
