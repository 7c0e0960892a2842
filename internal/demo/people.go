package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
)

// EmailDomain is the domain of the demo agency's made-up e-mail addresses:
// an example domain (RFC 2606), never a real one.
const EmailDomain = "agency.example"

// staffEmail is the made-up address of the staff member id.
func staffEmail(id string) string { return id + "@" + EmailDomain }

// people is the demo agency's directory as the processes build it: each
// process's Setup adds its staff (Env.AddPeople) before it acts, and every
// process asks this one directory (Env.Directory) who may do what, as a
// deployment's roster would answer. Run writes it into the deployment
// file's directory.people at the end, so `relaciona run` on the demo
// folder asks the same people.
type people struct {
	mu   sync.RWMutex
	byID map[string]driver.Person
	ids  []string // in the order added
}

func newPeople() *people { return &people{byID: map[string]driver.Person{}} }

// add lists ps; an id listed twice is an error.
func (p *people) add(ps ...driver.Person) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, x := range ps {
		if x.ID == "" {
			return relaciona.Invalid("directory.people.id", "a person needs an id")
		}
		if _, dup := p.byID[x.ID]; dup {
			return relaciona.Invalid("directory.people.id", "person %q is listed twice", x.ID)
		}
		x.Roles = slices.Clone(x.Roles)
		p.byID[x.ID] = x
		p.ids = append(p.ids, x.ID)
	}
	return nil
}

// all returns everyone, in the order added.
func (p *people) all() []driver.Person {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make([]driver.Person, 0, len(p.ids))
	for _, id := range p.ids {
		out = append(out, p.byID[id])
	}
	return out
}

// Person implements driver.Directory.
func (p *people) Person(_ context.Context, id string) (driver.Person, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	x, ok := p.byID[id]
	if !ok {
		return driver.Person{}, fmt.Errorf("demo directory: person %q: %w", id, relaciona.ErrNotFound)
	}
	x.Roles = slices.Clone(x.Roles)
	return x, nil
}

// Holders implements driver.Directory.
func (p *people) Holders(_ context.Context, process, role string) ([]driver.Person, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	var out []driver.Person
	for _, id := range p.ids {
		x := p.byID[id]
		if slices.ContainsFunc(x.Roles, func(r driver.Role) bool { return r.Name == role && (r.Process == "" || r.Process == process) }) {
			out = append(out, x)
		}
	}
	return out, nil
}

// Close implements driver.Directory.
func (p *people) Close() error { return nil }

// directoryYAML is the deployment file's directory section listing ps.
func directoryYAML(ps []driver.Person) string {
	var b strings.Builder
	b.WriteString("directory:\n  people:\n")
	for _, x := range ps {
		fmt.Fprintf(&b, "    - {id: %s", x.ID)
		if x.Name != "" {
			fmt.Fprintf(&b, ", name: %q", x.Name)
		}
		if x.Email != "" {
			fmt.Fprintf(&b, ", email: %s", x.Email)
		}
		if x.Level > 0 {
			fmt.Fprintf(&b, ", level: %d", x.Level)
		}
		if x.Manager != "" {
			fmt.Fprintf(&b, ", manager: %s", x.Manager)
		}
		if x.Digest {
			b.WriteString(", digest: true")
		}
		if len(x.Roles) > 0 {
			rs := make([]string, len(x.Roles))
			for i, r := range x.Roles {
				if r.Process != "" {
					rs[i] = fmt.Sprintf("{process: %s, name: %s}", r.Process, r.Name)
				} else {
					rs[i] = fmt.Sprintf("{name: %s}", r.Name)
				}
			}
			fmt.Fprintf(&b, ", roles: [%s]", strings.Join(rs, ", "))
		}
		b.WriteString("}\n")
	}
	return b.String()
}
