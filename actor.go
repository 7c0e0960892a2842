package relaciona

import (
	"fmt"
	"slices"
)

// Actor is the person or system that makes a change. Every state change in
// the SDK names its actor, and every audit entry records it.
//
// Roles are the process roles an agency assigns in YAML (for example
// "encargado_omil", "process_owner"). Level is the SFIA responsibility level
// (1-7) that decides what the actor may do in stakeholder work; 0 means the
// actor has no SFIA level.
type Actor struct {
	ID    string   `json:"id" yaml:"id"`
	Name  string   `json:"name,omitempty" yaml:"name,omitempty"`
	Roles []string `json:"roles,omitempty" yaml:"roles,omitempty"`
	Level int      `json:"level,omitempty" yaml:"level,omitempty"`
}

// Validate checks that the actor has an id and a level in 0-7.
func (a Actor) Validate() error {
	if a.ID == "" {
		return Invalid("actor.id", "an actor needs an id")
	}
	if a.Level < 0 || a.Level > 7 {
		return Invalid("actor.level", "SFIA level %d is outside 1-7", a.Level)
	}
	return nil
}

// HasRole reports whether the actor holds role.
func (a Actor) HasRole(role string) bool { return slices.Contains(a.Roles, role) }

// RequireRole returns nil when the actor is valid and holds one of roles, and
// otherwise a *ForbiddenError (or the validation error) for action.
func (a Actor) RequireRole(action string, roles ...string) error {
	if err := a.Validate(); err != nil {
		return err
	}
	for _, r := range roles {
		if a.HasRole(r) {
			return nil
		}
	}
	return &ForbiddenError{ActorID: a.ID, Action: action, NeedRoles: roles}
}

// RequireLevel returns nil when the actor is valid and has at least SFIA
// level min, and otherwise a *ForbiddenError naming the level needed.
func (a Actor) RequireLevel(action string, min int) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.Level >= min {
		return nil
	}
	return &ForbiddenError{ActorID: a.ID, Action: action, NeedLevel: min}
}

// String returns the actor's id; never the name, which is personal data.
func (a Actor) String() string { return fmt.Sprintf("actor:%s", a.ID) }

// RoleSystem is the role of the agency's scheduled job (`relaciona run`).
// Process packages let an actor with this role run their periodic work
// (escalations, overdue flags) and nothing else.
const RoleSystem = "system"

// SystemActor is the actor of the scheduled job: role RoleSystem and no
// SFIA level.
func SystemActor() Actor {
	return Actor{ID: "relaciona-run", Name: "tarea programada", Roles: []string{RoleSystem}}
}
