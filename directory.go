package relaciona

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/relaciona/relaciona/plugins/driver"
)

// Person is one entry of the agency's directory: who a person is, the
// roles and SFIA level the agency gives them, their contact and who stands
// above them. See driver.Person.
type Person = driver.Person

// Role is a role the directory gives a person in one process (or, with an
// empty Process, in every process).
type Role = driver.Role

// Directory is the agency's directory of people, wrapping a driver: the
// deployment's YAML roster (NewRoster), LDAP (plugins/ldap), or a plugin.
// It is the one place the four processes learn what an actor may do: the
// caller (the host application, which authenticates its users) says who is
// acting, and Authorize looks the person up; roles and a level carried in
// the Actor are never believed.
type Directory struct {
	d driver.Directory
}

// NewDirectory wraps a directory driver.
func NewDirectory(d driver.Directory) *Directory { return &Directory{d: d} }

// OpenDirectory opens a directory by URL: any scheme a backend registered
// with driver.RegisterDirectory ("ldap", "ldaps", "plugin"). The YAML
// roster has no URL: build it with NewRoster.
func OpenDirectory(ctx context.Context, url string, env driver.DirectoryEnv) (*Directory, error) {
	open, err := lookupOpener("directory", url, redactURL(url), "ldap://", driver.LookupDirectory, driver.DirectorySchemes)
	if err != nil {
		return nil, err
	}
	d, err := open(ctx, url, env)
	if err != nil {
		return nil, fmt.Errorf("open directory %s: %w", redactURL(url), err)
	}
	return &Directory{d: d}, nil
}

// Driver returns the backend the Directory wraps.
func (d *Directory) Driver() driver.Directory { return d.d }

// Close releases the backend.
func (d *Directory) Close() error { return d.d.Close() }

// Person returns the person with id, or an error wrapping ErrNotFound.
func (d *Directory) Person(ctx context.Context, id string) (Person, error) {
	if id == "" {
		return Person{}, Invalid("person.id", "a person needs an id")
	}
	p, err := d.d.Person(ctx, id)
	if err != nil {
		return Person{}, fmt.Errorf("directory: person %q: %w", id, err)
	}
	return p, nil
}

// Holders returns the people who hold role in process, ordered by id.
func (d *Directory) Holders(ctx context.Context, process, role string) ([]Person, error) {
	ps, err := d.d.Holders(ctx, process, role)
	if err != nil {
		return nil, fmt.Errorf("directory: holders of %s/%s: %w", process, role, err)
	}
	return ps, nil
}

// Manager returns the person directly above id, or an error wrapping
// ErrNotFound when id is not listed or has no one above.
func (d *Directory) Manager(ctx context.Context, id string) (Person, error) {
	p, err := d.Person(ctx, id)
	if err != nil {
		return Person{}, err
	}
	if p.Manager == "" {
		return Person{}, fmt.Errorf("directory: %q has no one above: %w", id, ErrNotFound)
	}
	return d.Person(ctx, p.Manager)
}

// Resolve returns the actor as the directory knows them in process: the
// ID of claimed, with the name, the roles held in process and the SFIA
// level the directory gives. Whatever roles or level claimed carries are
// ignored. The scheduled job's actor (SystemActor) is not looked up: it
// holds RoleSystem and nothing else. A person the directory does not list
// gets a *ForbiddenError with NotListed set; a directory that cannot be
// reached, an error wrapping ErrUnavailable.
func (d *Directory) Resolve(ctx context.Context, process string, claimed Actor) (Actor, error) {
	if claimed.ID == "" {
		return Actor{}, Invalid("actor.id", "an actor needs an id")
	}
	if claimed.ID == SystemActor().ID {
		return SystemActor(), nil
	}
	p, err := d.d.Person(ctx, claimed.ID)
	if errors.Is(err, ErrNotFound) {
		return Actor{}, &ForbiddenError{ActorID: claimed.ID, Action: process, NotListed: true}
	}
	if err != nil {
		return Actor{}, fmt.Errorf("directory: look up %q: %w", claimed.ID, err)
	}
	a := Actor{ID: p.ID, Name: p.Name, Level: p.Level}
	for _, r := range p.Roles {
		if (r.Process == "" || r.Process == process) && !slices.Contains(a.Roles, r.Name) {
			a.Roles = append(a.Roles, r.Name)
		}
	}
	return a, nil
}

// Need is what an action asks of its actor: any one of Roles (none: no
// role needed) and at least SFIA level Level (0: no level needed). When
// both are set both are needed.
type Need struct {
	Roles []string
	Level int
}

// Authorize checks, in the directory, that claimed may take action in
// process, and returns the actor as the directory knows them. The refusal
// is a *ForbiddenError that says why: not in the directory, or the role or
// level needed and the level the directory gives. An empty need is met by
// anyone the directory lists, and by the scheduled job's actor, which
// otherwise passes only where need names RoleSystem.
func (d *Directory) Authorize(ctx context.Context, process string, claimed Actor, action string, need Need) (Actor, error) {
	a, err := d.Resolve(ctx, process, claimed)
	if err != nil {
		var fe *ForbiddenError
		if errors.As(err, &fe) {
			fe.Action = action
		}
		return Actor{}, err
	}
	fe := &ForbiddenError{ActorID: a.ID, Action: action, NeedRoles: need.Roles, NeedLevel: need.Level, Checked: true, HaveLevel: a.Level}
	if len(need.Roles) > 0 && !slices.ContainsFunc(need.Roles, a.HasRole) {
		return Actor{}, fe
	}
	if need.Level > 0 && a.Level < need.Level {
		return Actor{}, fe
	}
	return a, nil
}

// NewRoster returns a directory held in memory: the deployment's YAML
// roster (deployment.yaml's directory.people), or a test's. It checks the
// roster first: every person has a unique id, a level in 0-7, a manager
// that is listed, no one above themselves, and roles with names; the
// error names the first entry that breaks a rule.
func NewRoster(people ...Person) (*Directory, error) {
	r := &roster{byID: make(map[string]Person, len(people))}
	for i, p := range people {
		at := fmt.Sprintf("directory.people[%d]", i)
		switch {
		case p.ID == "":
			return nil, Invalid(at+".id", "a person needs an id")
		case p.Level < 0 || p.Level > 7:
			return nil, Invalid(at+".level", "SFIA level %d is outside 1-7", p.Level)
		}
		if _, dup := r.byID[p.ID]; dup {
			return nil, Invalid(at+".id", "person %q is listed twice", p.ID)
		}
		for j, ro := range p.Roles {
			if ro.Name == "" {
				return nil, Invalid(fmt.Sprintf("%s.roles[%d].name", at, j), "a role needs a name")
			}
		}
		p.Roles = slices.Clone(p.Roles)
		r.byID[p.ID] = p
		r.order = append(r.order, p.ID)
	}
	for i, id := range r.order {
		p := r.byID[id]
		if p.Manager == "" {
			continue
		}
		if _, ok := r.byID[p.Manager]; !ok {
			return nil, Invalid(fmt.Sprintf("directory.people[%d].manager", i), "manager %q of %q is not listed", p.Manager, id)
		}
		seen := map[string]bool{id: true}
		for m := p.Manager; m != ""; m = r.byID[m].Manager {
			if seen[m] {
				return nil, Invalid(fmt.Sprintf("directory.people[%d].manager", i), "%q stands above themselves through %q", id, m)
			}
			seen[m] = true
		}
	}
	slices.Sort(r.order)
	return &Directory{d: r}, nil
}

// roster is the in-memory directory driver behind NewRoster.
type roster struct {
	byID  map[string]Person
	order []string // ids, sorted
}

func (r *roster) Person(ctx context.Context, id string) (Person, error) {
	if err := ctx.Err(); err != nil {
		return Person{}, err
	}
	p, ok := r.byID[id]
	if !ok {
		return Person{}, fmt.Errorf("person %q: %w", id, ErrNotFound)
	}
	p.Roles = slices.Clone(p.Roles)
	return p, nil
}

func (r *roster) Holders(ctx context.Context, process, role string) ([]Person, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Person
	for _, id := range r.order {
		p := r.byID[id]
		if p.HasRole(process, role) {
			p.Roles = slices.Clone(p.Roles)
			out = append(out, p)
		}
	}
	return out, nil
}

func (r *roster) Close() error { return nil }
