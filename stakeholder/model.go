package stakeholder

import (
	"github.com/relaciona/relaciona/calendar"
)

// Type says whether a stakeholder is a person or an organisation.
type Type string

// The stakeholder types.
const (
	Person       Type = "person"
	Organisation Type = "organisation"
)

func (t Type) valid() bool { return t == Person || t == Organisation }

// Contact is a contact person of a stakeholder. Every field is personal
// data: never logged, and redacted in exports that ask for it.
type Contact struct {
	Name  string `json:"name" yaml:"name" personal:"true"`
	Role  string `json:"role,omitempty" yaml:"role,omitempty"`
	Email string `json:"email,omitempty" yaml:"email,omitempty" personal:"key"`
	Phone string `json:"phone,omitempty" yaml:"phone,omitempty" personal:"key"`
}

// Channel is one entry of the channel catalogue: formal (committees,
// letters, minutes) or informal (a coffee, a phone call). The seed asks to
// combine both "creatively" (seed 000_f7cf2e5b8754cfa1.txt, description of
// RLMT).
type Channel struct {
	ID     string `json:"id" yaml:"id"`
	Name   string `json:"name" yaml:"name" personal:"no"`
	Formal bool   `json:"formal" yaml:"formal"`
}

// DefaultChannels is the catalogue used when the YAML has none.
func DefaultChannels() []Channel {
	return []Channel{
		{ID: "meeting", Name: "Reunión", Formal: true},
		{ID: "letter", Name: "Oficio", Formal: true},
		{ID: "email", Name: "Correo", Formal: true},
		{ID: "event", Name: "Evento", Formal: true},
		{ID: "phone", Name: "Llamada", Formal: false},
		{ID: "informal", Name: "Encuentro informal", Formal: false},
	}
}

// Group is a group of stakeholders. Groups nest through Parent; a cycle is
// refused. Needs are the group's communication and relationship needs,
// which level 5 identifies (seed 000_f7cf2e5b8754cfa1.txt, "Nivel 5":
// "Identifica las necesidades de comunicación y relación de los grupos de
// interesados").
type Group struct {
	ID       string   `json:"id"`
	Name     string   `json:"name" personal:"no"`
	Internal bool     `json:"internal,omitempty"`
	Parent   string   `json:"parent,omitempty"`
	Needs    []string `json:"needs,omitempty"`
}

// Stakeholder is one entry of the register: a person or organisation,
// internal or external, in zero or more groups, with its contacts, the
// channels used to reach it and its single point of contact (an actor id).
//
// Latest is the most recent assessment (by date) and Quadrant, Salience and
// Gap are derived from it; the full dated history is kept apart (see
// Process.History).
type Stakeholder struct {
	ID           string    `json:"id" personal:"subject"`
	Name         string    `json:"name" personal:"true"`
	Type         Type      `json:"type"`
	Internal     bool      `json:"internal,omitempty"`
	Groups       []string  `json:"groups,omitempty"`
	ContactPoint string    `json:"contact_point,omitempty" personal:"no"`
	Channels     []string  `json:"channels,omitempty"`
	Contacts     []Contact `json:"contacts,omitempty"`

	Registered  calendar.Date `json:"registered"`
	Latest      *Assessment   `json:"latest,omitempty"`
	Assessments int           `json:"assessments,omitempty"` // how many assessments the history holds
}

// DisplayName is the name to show in a report: the stakeholder's name, or
// its id when redact is set and the stakeholder is a person (whose name is
// personal data).
func (s *Stakeholder) DisplayName(redact bool) string {
	if redact && s.Type != Organisation {
		return s.ID
	}
	return s.Name
}
