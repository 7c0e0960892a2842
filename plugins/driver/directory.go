package driver

import (
	"context"
)

// Role is a role a directory gives a person in one process: Process is the
// process kind ("alliance", "citizen", ...) or "" for a role held in every
// process; Name is the role's name as the process file configures it
// ("encargado_omil", "process_owner").
type Role struct {
	Process string `json:"process,omitempty" yaml:"process,omitempty"`
	Name    string `json:"name" yaml:"name"`
}

// Person is one entry of an agency's directory: who a person is, the roles
// and SFIA responsibility level the agency gives them, how to reach them,
// and who stands above them.
//
// Name and Email are personal data: a driver never logs them.
type Person struct {
	// ID is the stable identifier the host application authenticates
	// (a login name, an LDAP uid).
	ID string `json:"id" yaml:"id"`
	// Name is the person's full name.
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// Email is where notifications reach the person; "" when none.
	Email string `json:"email,omitempty" yaml:"email,omitempty"`
	// Lang is the language the person reads ("es", "en"); "" for the
	// deployment's.
	Lang string `json:"lang,omitempty" yaml:"lang,omitempty"`
	// Level is the SFIA responsibility level (1-7); 0 when none.
	Level int `json:"level,omitempty" yaml:"level,omitempty"`
	// Manager is the ID of the person directly above; "" at the top.
	Manager string `json:"manager,omitempty" yaml:"manager,omitempty"`
	// Roles are the process roles the agency gives the person.
	Roles []Role `json:"roles,omitempty" yaml:"roles,omitempty"`
	// Digest is true when the person asked for one daily digest instead of
	// one message per notification.
	Digest bool `json:"digest,omitempty" yaml:"digest,omitempty"`
}

// HasRole reports whether p holds role name in process (a role with an
// empty Process is held in every process).
func (p Person) HasRole(process, name string) bool {
	for _, r := range p.Roles {
		if r.Name == name && (r.Process == "" || r.Process == process) {
			return true
		}
	}
	return false
}

// Directory is the driver interface of an agency's directory of people:
// the YAML roster of a deployment, LDAP, or a plugin.
//
// Person returns the person with id, or an error wrapping ErrNotFound when
// the directory has no such person; ErrUnavailable when the directory
// cannot be reached. Holders returns the people who hold role name in
// process (including those holding it with an empty Process), ordered by
// ID. Neither may return a partial answer with a nil error. A Directory is
// safe for concurrent use. The behaviour is written down in
// plugins/conformance (RunDirectory).
type Directory interface {
	Person(ctx context.Context, id string) (Person, error)
	Holders(ctx context.Context, process, role string) ([]Person, error)
	Close() error
}

// DirectoryEnv is what a directory opener may use besides its URL: the
// secret the deployment names (an LDAP bind password, read from the
// environment or a file, never from YAML), and the deployment's settings
// for the scheme (for LDAP: base DN, filters, group-to-role mappings) as
// decoded YAML.
type DirectoryEnv struct {
	Secret   func() (string, error)
	Settings map[string]any
}

// DirectoryOpener opens a directory from a URL such as
// ldap://127.0.0.1:389/dc=agency,dc=example.
type DirectoryOpener func(ctx context.Context, rawURL string, env DirectoryEnv) (Directory, error)
