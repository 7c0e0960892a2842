package conformance_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

// TestDirectoryRoster: the roster passes the directory suite.
func TestDirectoryRoster(t *testing.T) {
	conformance.RunDirectory(t, func(t *testing.T) driver.Directory { return plugintest.StandardRoster(t) }, conformance.StandardDirectory())
}

// The faults a directory backend can have, each as a wrapper over the
// roster, and the check that must catch it.

// unsorted lists holders in reverse id order.
type unsorted struct{ driver.Directory }

func (u unsorted) Holders(ctx context.Context, process, role string) ([]driver.Person, error) {
	ps, err := u.Directory.Holders(ctx, process, role)
	slices.Reverse(ps)
	return ps, err
}

// ownProcessOnly forgets that a role with no process is held in every
// process.
type ownProcessOnly struct{ driver.Directory }

func (o ownProcessOnly) Holders(ctx context.Context, process, role string) ([]driver.Person, error) {
	ps, err := o.Directory.Holders(ctx, process, role)
	return slices.DeleteFunc(ps, func(p driver.Person) bool {
		return !slices.Contains(p.Roles, driver.Role{Process: process, Name: role})
	}), err
}

// plainNotFound says "no such person" without wrapping ErrNotFound.
type plainNotFound struct{ driver.Directory }

func (p plainNotFound) Person(ctx context.Context, id string) (driver.Person, error) {
	got, err := p.Directory.Person(ctx, id)
	if errors.Is(err, driver.ErrNotFound) {
		return got, fmt.Errorf("no such person %q", id)
	}
	return got, err
}

// wildcard matches an id as a pattern, as a backend that pastes it into a
// filter unescaped would: "an*" finds ana.
type wildcard struct {
	driver.Directory
	people []driver.Person
}

func (w wildcard) Person(ctx context.Context, id string) (driver.Person, error) {
	if prefix, ok := strings.CutSuffix(id, "*"); ok {
		for _, p := range w.people {
			if strings.HasPrefix(p.ID, prefix) {
				return p, nil
			}
		}
	}
	return w.Directory.Person(ctx, id)
}

// partial returns the id it was asked for with ErrNotFound, and what it
// had gathered when cancelled.
type partial struct{ driver.Directory }

func (p partial) Person(ctx context.Context, id string) (driver.Person, error) {
	got, err := p.Directory.Person(ctx, id)
	if err != nil {
		return driver.Person{ID: id}, err
	}
	return got, nil
}

// ignoresContext answers whatever the context says.
type ignoresContext struct{ driver.Directory }

func (i ignoresContext) Person(_ context.Context, id string) (driver.Person, error) {
	return i.Directory.Person(context.Background(), id)
}

func (i ignoresContext) Holders(_ context.Context, process, role string) ([]driver.Person, error) {
	return i.Directory.Holders(context.Background(), process, role)
}

// sharedBuffer keeps the person it is building in one field for every
// caller: two lookups at once mix up their answers.
type sharedBuffer struct {
	driver.Directory
	mu  *sync.Mutex
	buf *driver.Person
}

func (s sharedBuffer) Person(ctx context.Context, id string) (driver.Person, error) {
	p, err := s.Directory.Person(ctx, id)
	if err != nil {
		return p, err
	}
	s.mu.Lock()
	*s.buf = p
	s.mu.Unlock()
	time.Sleep(200 * time.Microsecond) // the window another caller writes in
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.buf, nil
}

// lostRole drops a person's second role (a backend reading only the first
// value of a multi-valued attribute).
type lostRole struct{ driver.Directory }

func (l lostRole) Person(ctx context.Context, id string) (driver.Person, error) {
	p, err := l.Directory.Person(ctx, id)
	if len(p.Roles) > 1 {
		p.Roles = p.Roles[:1]
	}
	return p, err
}

// danglingManager names a manager the directory does not list.
type danglingManager struct{ driver.Directory }

func (d danglingManager) Person(ctx context.Context, id string) (driver.Person, error) {
	p, err := d.Directory.Person(ctx, id)
	if p.ID == "eva" {
		p.Manager = "carla-old"
	}
	return p, err
}

// TestDirectoryFaults: the suite catches each fault, in the check named.
func TestDirectoryFaults(t *testing.T) {
	std := conformance.StandardDirectory()
	for _, c := range []struct {
		name  string
		wrap  func(driver.Directory) driver.Directory
		check string
	}{
		{"holders not ordered by id", func(d driver.Directory) driver.Directory { return unsorted{d} }, "Holders/Ordered"},
		{"roles of every process forgotten", func(d driver.Directory) driver.Directory { return ownProcessOnly{d} }, "Holders/EveryProcessRoles"},
		{"not found not wrapped", func(d driver.Directory) driver.Directory { return plainNotFound{d} }, "Person/NotFound"},
		{"an id taken as a pattern", func(d driver.Directory) driver.Directory { return wildcard{d, std.People} }, "Person/NotFound"},
		{"a partial answer with an error", func(d driver.Directory) driver.Directory { return partial{d} }, "Errors/NoPartialAnswer"},
		{"the context ignored", func(d driver.Directory) driver.Directory { return ignoresContext{d} }, "Context/Cancelled"},
		{"unsafe for concurrent use", func(d driver.Directory) driver.Directory {
			return sharedBuffer{d, &sync.Mutex{}, &driver.Person{}}
		}, "Concurrency/Lookups"},
		{"a role lost", func(d driver.Directory) driver.Directory { return lostRole{d} }, "Person/Found"},
		{"a manager not listed", func(d driver.Directory) driver.Directory { return danglingManager{d} }, "Person/ManagersListed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := conformance.DirectoryHarness{Directory: c.wrap(plugintest.StandardRoster(t)), Want: std, Concurrency: 16}
			results := conformance.RunDirectoryChecks(context.Background(), h, nil)
			var failed []string
			for _, r := range results {
				if !r.Passed && r.Skipped == "" {
					failed = append(failed, r.Name)
				}
			}
			assert.Contains(t, failed, c.check, "the suite must catch it in %s", c.check)
			t.Logf("caught by %v", failed)
		})
	}
	// and the sound roster fails none; progress hears of each result, in
	// the order they run.
	var heard []conformance.Result
	results := conformance.RunDirectoryChecks(context.Background(), conformance.DirectoryHarness{Directory: plugintest.StandardRoster(t), Want: std},
		func(r conformance.Result) { heard = append(heard, r) })
	assert.Equal(t, results, heard)
	assert.Len(t, results, len(conformance.DirectoryChecks()))
	for _, r := range results {
		assert.True(t, r.Passed, "%s: %v", r.Name, r.Failures)
	}
}
