package conformance

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
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// DirectoryFixture is what a directory under test holds, for the
// directory checks: People exactly as the directory gives them (their
// Roles compared as a set), and ids it does not list.
type DirectoryFixture struct {
	// People are every person the directory lists.
	People []driver.Person
	// Missing are ids the directory does not list (the suite adds hostile
	// ones of its own: wildcards and filter syntax built from People's
	// ids).
	Missing []string
}

// StandardDirectory is the fixture both built-in directories pass: the
// roster built from its People (relaciona.NewRoster) and LDAP reading
// plugins/ldap/testdata/tree.ldif with the settings its tests use. It has
// a top with a role in every process, levels from 3 to 7 and one person
// with none, a chain of managers, two people holding the same role, one
// holding two roles in two processes, a digest, an English reader, and an
// id ("printer") that names something that is not a person in LDAP.
func StandardDirectory() DirectoryFixture {
	return DirectoryFixture{
		People: []driver.Person{
			{ID: "ana", Name: "Ana Directora", Email: "ana@agency.test", Lang: "es", Level: 7, Roles: []driver.Role{{Name: "process_owner"}}},
			{ID: "beto", Name: "Beto Coordinador", Email: "beto@agency.test", Lang: "es", Level: 5, Manager: "ana", Roles: []driver.Role{{Process: "alliance", Name: "coordinador"}}},
			{ID: "carla", Name: "Carla Analista", Email: "carla@agency.test", Lang: "en", Level: 4, Manager: "beto", Digest: true,
				Roles: []driver.Role{{Process: "alliance", Name: "coordinador"}, {Process: "citizen", Name: "encargado_pqrsd"}}},
			{ID: "dario", Name: "Dario Visitante"},
			{ID: "eva", Name: "Eva Auxiliar", Email: "eva@agency.test", Level: 3, Manager: "carla", Roles: []driver.Role{{Process: "citizen", Name: "encargado_pqrsd"}}},
		},
		Missing: []string{"zoe", "printer", "anabel", "ana.directora"},
	}
}

// DirectoryHarness is what the directory checks run against.
type DirectoryHarness struct {
	// Directory is the backend under test.
	Directory driver.Directory
	// Want is what it holds.
	Want DirectoryFixture
	// Concurrency is how many goroutines the concurrency check runs;
	// default 8.
	Concurrency int
	// Timeout bounds each check; default one minute.
	Timeout time.Duration
}

// DirectoryCheck is one directory behaviour.
type DirectoryCheck = Check[DirectoryHarness]

// directoryTable is the directory suite: each check with the rule it
// verifies, in the order they run. The package documentation's list is
// generated from it (go generate; TestDocLists keeps them in step).
var directoryTable = []tableCheck[DirectoryHarness]{
	{"Person/Found", "Person returns every listed person whole (id, name, e-mail, language, level, manager, digest, and the roles as a set)", checkDirPersonFound},
	{"Person/NotFound", "an id the directory does not list, the empty id, and hostile ids built from listed ones (\"*\", \"ana*\", \"*)(uid=*\", \"ana)(uid=*\", NUL) are ErrNotFound: an id is a value, never a pattern", checkDirPersonNotFound},
	{"Person/ManagersListed", "every manager a person names is a listed person, and the chain upwards ends", checkDirManagers},
	{"Holders/Ordered", "Holders of each role the fixture gives returns exactly the people holding it in that process, ordered by id, each as Person gives them", checkDirHolders},
	{"Holders/EveryProcessRoles", "a role given with no process is held in every process: Holders lists its people for any process name", checkDirHoldersAnyProcess},
	{"Holders/None", "Holders of a role nobody holds, or of a role in another process, is empty with no error", checkDirHoldersNone},
	{"Errors/NoPartialAnswer", "with an error, Person returns the zero Person and Holders nil: never part of an answer", checkDirNoPartial},
	{"Concurrency/Lookups", "concurrent Person and Holders calls each return what one call alone returns", checkDirConcurrency},
	{"Context/Cancelled", "Person and Holders fail with a cancelled context (the error wraps context.Canceled) and return nothing", checkDirCancelled},
}

// DirectoryChecks lists every directory behaviour, in the order they run.
func DirectoryChecks() []DirectoryCheck {
	return checksOf(directoryTable)
}

// DirectoryCheckDocs lists every directory check with the rule it
// verifies, in the order they run (the list in the package documentation).
func DirectoryCheckDocs() []CheckDoc {
	return docsOf(directoryTable)
}

// RunDirectory runs every directory check as a subtest of t, each on a
// directory open gives it (open may register its Close with t.Cleanup),
// against want.
func RunDirectory(t *testing.T, open func(t *testing.T) driver.Directory, want DirectoryFixture) {
	for _, c := range DirectoryChecks() {
		t.Run(c.Name, func(t *testing.T) {
			report1(t, RunDirectoryCheck(context.Background(), c, DirectoryHarness{Directory: open(t), Want: want}))
		})
	}
}

// RunDirectoryChecks runs every directory check against h outside `go
// test`, calling progress after each, and returns the results.
func RunDirectoryChecks(ctx context.Context, h DirectoryHarness, progress func(Result)) []Result {
	return runEach(DirectoryChecks(), func(c DirectoryCheck) Result { return RunDirectoryCheck(ctx, c, h) }, progress)
}

// RunDirectoryCheck runs one directory check against h.
func RunDirectoryCheck(ctx context.Context, c DirectoryCheck, h DirectoryHarness) Result {
	if h.Concurrency <= 0 {
		h.Concurrency = 8
	}
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	return runCheck(ctx, c, h, timeout)
}

// canonPerson sorts a person's roles, so people compare with their roles
// as a set.
func canonPerson(p driver.Person) driver.Person {
	p.Roles = slices.Clone(p.Roles)
	slices.SortFunc(p.Roles, func(a, b driver.Role) int {
		if c := strings.Compare(a.Process, b.Process); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	p.Roles = slices.Compact(p.Roles)
	if len(p.Roles) == 0 {
		p.Roles = nil
	}
	return p
}

func checkDirPersonFound(t *T, h DirectoryHarness) {
	if len(h.Want.People) == 0 {
		t.Skip("the fixture lists no one")
	}
	for _, want := range h.Want.People {
		got, err := h.Directory.Person(t.Context(), want.ID)
		if !assert.NoError(t, err, "Person(%q)", want.ID) {
			continue
		}
		assert.Equal(t, canonPerson(want), canonPerson(got), "Person(%q)", want.ID)
	}
}

// hostileIDs are ids built from listed ones that a directory that pastes
// an id into a query (an LDAP filter, a SQL LIKE, a glob) would match.
func hostileIDs(people []driver.Person) []string {
	out := []string{"*", "**", "%", "_", ".*", "*)(objectClass=*", "*)(|(uid=*", "*))%00", "\x00"}
	for _, p := range people {
		id := p.ID
		if len(id) > 1 {
			out = append(out, id[:1]+"*", id[:len(id)-1]+"*", id[:len(id)-1]+"%", id[:len(id)-1]+"_", id[:len(id)-1]+"?")
		}
		out = append(out, id+"*", "*"+id, id+")(uid=*", "*)(uid="+id, id+"\x00", id+"\x00x", "("+id+")")
	}
	listed := map[string]bool{}
	for _, p := range people {
		listed[p.ID] = true
	}
	return slices.DeleteFunc(out, func(s string) bool { return listed[s] })
}

func checkDirPersonNotFound(t *T, h DirectoryHarness) {
	ids := append([]string{""}, h.Want.Missing...)
	ids = append(ids, hostileIDs(h.Want.People)...)
	for _, id := range ids {
		p, err := h.Directory.Person(t.Context(), id)
		if !assert.ErrorIs(t, err, driver.ErrNotFound, "Person(%q) must find no one", id) {
			continue
		}
		assert.Equal(t, driver.Person{}, p, "Person(%q) with ErrNotFound returns no person", id)
	}
}

func checkDirManagers(t *T, h DirectoryHarness) {
	for _, want := range h.Want.People {
		id := want.ID
		seen := map[string]bool{}
		for range len(h.Want.People) + 1 {
			p, err := h.Directory.Person(t.Context(), id)
			require.NoError(t, err, "Person(%q)", id)
			if p.Manager == "" {
				break
			}
			require.False(t, seen[p.Manager], "%q stands above themselves", want.ID)
			seen[id] = true
			id = p.Manager
		}
		assert.LessOrEqual(t, len(seen), len(h.Want.People), "the chain above %q ends", want.ID)
	}
}

// roleKeys are the (process, role) pairs the fixture gives, with roles
// of every process asked for under each process the fixture names.
func roleKeys(people []driver.Person) []driver.Role {
	var processes []string
	for _, p := range people {
		for _, r := range p.Roles {
			if r.Process != "" && !slices.Contains(processes, r.Process) {
				processes = append(processes, r.Process)
			}
		}
	}
	if len(processes) == 0 {
		processes = []string{"citizen"}
	}
	var keys []driver.Role
	for _, p := range people {
		for _, r := range p.Roles {
			ps := []string{r.Process}
			if r.Process == "" {
				ps = processes
			}
			for _, proc := range ps {
				k := driver.Role{Process: proc, Name: r.Name}
				if !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
			}
		}
	}
	return keys
}

// holders is what Holders must return for (process, role): the fixture's
// people holding it, ordered by id.
func holders(people []driver.Person, process, role string) []driver.Person {
	var out []driver.Person
	for _, p := range people {
		if p.HasRole(process, role) {
			out = append(out, canonPerson(p))
		}
	}
	slices.SortFunc(out, func(a, b driver.Person) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func canonAll(ps []driver.Person) []driver.Person {
	out := make([]driver.Person, 0, len(ps))
	for _, p := range ps {
		out = append(out, canonPerson(p))
	}
	return out
}

func personIDs(ps []driver.Person) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func checkDirHolders(t *T, h DirectoryHarness) {
	keys := roleKeys(h.Want.People)
	if len(keys) == 0 {
		t.Skip("the fixture gives no role")
	}
	for _, k := range keys {
		got, err := h.Directory.Holders(t.Context(), k.Process, k.Name)
		if !assert.NoError(t, err, "Holders(%q, %q)", k.Process, k.Name) {
			continue
		}
		want := holders(h.Want.People, k.Process, k.Name)
		assert.Equal(t, personIDs(want), personIDs(got), "Holders(%q, %q): who, ordered by id", k.Process, k.Name)
		assert.True(t, slices.IsSortedFunc(got, func(a, b driver.Person) int { return strings.Compare(a.ID, b.ID) }), "Holders(%q, %q) is ordered by id", k.Process, k.Name)
		if len(want) == len(got) {
			assert.Equal(t, want, canonAll(got), "Holders(%q, %q) gives each person whole", k.Process, k.Name)
		}
	}
}

func checkDirHoldersAnyProcess(t *T, h DirectoryHarness) {
	found := false
	for _, p := range h.Want.People {
		for _, r := range p.Roles {
			if r.Process != "" {
				continue
			}
			found = true
			for _, proc := range []string{"stakeholder", "alliance", "satisfaction", "citizen", "a-process-nobody-names"} {
				got, err := h.Directory.Holders(t.Context(), proc, r.Name)
				if assert.NoError(t, err, "Holders(%q, %q)", proc, r.Name) {
					assert.Contains(t, personIDs(got), p.ID, "%q holds %q in every process, %q too", p.ID, r.Name, proc)
				}
			}
		}
	}
	if !found {
		t.Skip("the fixture gives no role with an empty Process")
	}
}

func checkDirHoldersNone(t *T, h DirectoryHarness) {
	got, err := h.Directory.Holders(t.Context(), "citizen", "no-one-holds-this-role-7f3a")
	require.NoError(t, err)
	assert.Empty(t, got)
	for _, p := range h.Want.People {
		for _, r := range p.Roles {
			if r.Process == "" {
				continue
			}
			other := "a-process-nobody-names"
			got, err := h.Directory.Holders(t.Context(), other, r.Name)
			require.NoError(t, err)
			for _, g := range got {
				assert.True(t, g.HasRole(other, r.Name), "Holders(%q, %q) lists %q, who holds it only in %q", other, r.Name, g.ID, r.Process)
			}
		}
	}
}

func checkDirNoPartial(t *T, h DirectoryHarness) {
	p, err := h.Directory.Person(t.Context(), "no-one-has-this-id-7f3a")
	require.Error(t, err)
	assert.Equal(t, driver.Person{}, p, "Person with an error returns the zero Person")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, want := range h.Want.People {
		p, err := h.Directory.Person(ctx, want.ID)
		if err != nil {
			assert.Equal(t, driver.Person{}, p, "Person(%q) with an error returns the zero Person", want.ID)
		}
	}
	for _, k := range roleKeys(h.Want.People) {
		ps, err := h.Directory.Holders(ctx, k.Process, k.Name)
		if err != nil {
			assert.Nil(t, ps, "Holders(%q, %q) with an error returns nil", k.Process, k.Name)
		}
	}
}

func checkDirConcurrency(t *T, h DirectoryHarness) {
	if len(h.Want.People) == 0 {
		t.Skip("the fixture lists no one")
	}
	keys := roleKeys(h.Want.People)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var problems []string
	fail := func(format string, args ...any) {
		mu.Lock()
		problems = append(problems, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	for g := range h.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 3 * len(h.Want.People) {
				want := h.Want.People[(g+i)%len(h.Want.People)]
				got, err := h.Directory.Person(t.Context(), want.ID)
				switch {
				case err != nil:
					fail("Person(%q): %v", want.ID, err)
				case !equalPeople(canonPerson(want), canonPerson(got)):
					fail("Person(%q) gave %q (level %d) under concurrent use", want.ID, got.ID, got.Level)
				}
				if len(keys) > 0 {
					k := keys[(g+i)%len(keys)]
					ps, err := h.Directory.Holders(t.Context(), k.Process, k.Name)
					if err != nil {
						fail("Holders(%q, %q): %v", k.Process, k.Name, err)
					} else if w := personIDs(holders(h.Want.People, k.Process, k.Name)); !slices.Equal(w, personIDs(ps)) {
						fail("Holders(%q, %q) gave %v under concurrent use, want %v", k.Process, k.Name, personIDs(ps), w)
					}
				}
			}
		}()
	}
	wg.Wait()
	for _, p := range problems {
		t.Errorf("%s", p)
	}
}

func equalPeople(a, b driver.Person) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Email == b.Email && a.Lang == b.Lang && a.Level == b.Level &&
		a.Manager == b.Manager && a.Digest == b.Digest && slices.Equal(a.Roles, b.Roles)
}

func checkDirCancelled(t *T, h DirectoryHarness) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	id := "someone"
	if len(h.Want.People) > 0 {
		id = h.Want.People[0].ID
	}
	p, err := h.Directory.Person(ctx, id)
	assert.True(t, errors.Is(err, context.Canceled), "Person with a cancelled context: want context.Canceled, got %v", err)
	assert.Equal(t, driver.Person{}, p)
	role := driver.Role{Process: "citizen", Name: "x"}
	if keys := roleKeys(h.Want.People); len(keys) > 0 {
		role = keys[0]
	}
	ps, err := h.Directory.Holders(ctx, role.Process, role.Name)
	assert.True(t, errors.Is(err, context.Canceled), "Holders with a cancelled context: want context.Canceled, got %v", err)
	assert.Nil(t, ps)
}
