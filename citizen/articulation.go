package citizen

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

// Assignment says which dependency implements an entry of an adopted
// strategy version and the indicators it follows (seed 002, activity 3:
// "Articular con las dependencias la implementación de la estrategia o el
// modelo y los indicadores de relacionamiento con la ciudadanía"). An
// entry has one assignment; assigning it again replaces it.
type Assignment struct {
	ID         string    `json:"id"`
	Version    int       `json:"version"`
	Entry      string    `json:"entry"`
	Dependency string    `json:"dependency"`
	Indicators []string  `json:"indicators"`
	At         time.Time `json:"at"`
	By         string    `json:"by"`
}

func assignmentID(version int, entry string) string { return strategyID(version) + "/" + entry }

// AssignEntry assigns an entry of the adopted strategy version to the
// dependency that implements it, with the indicators it follows, in one
// audited batch. The version must be the adopted one and hold the entry;
// a dependency that is not configured is refused, and so is an unknown
// indicator; at least one indicator is named. The actor needs the
// relationship_lead role.
func (s *Process) AssignEntry(ctx context.Context, a relaciona.Actor, version int, entry, dependency string, indicators []string, at time.Time) (Assignment, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.strategy.assign", at, RoleLead)
	if err != nil {
		return Assignment{}, err
	}
	L := s.lang
	if _, ok := s.cfg.deps[dependency]; !ok {
		return Assignment{}, invalid(L, "dependency", "dependencia desconocida %q: la implementación se asigna a una dependencia configurada", "unknown dependency %q: an entry is assigned to a configured dependency", dependency)
	}
	if len(indicators) == 0 {
		return Assignment{}, invalid(L, "indicators", "diga qué indicador sigue la implementación", "say which indicator the implementation follows")
	}
	if i := firstUnknown(indicators, s.cfg.inds); i >= 0 {
		return Assignment{}, invalid(L, fmt.Sprintf("indicators[%d]", i), "indicador desconocido %q", "unknown indicator %q", indicators[i])
	}
	x := Assignment{ID: assignmentID(version, entry), Version: version, Entry: entry, Dependency: dependency, Indicators: slices.Clone(indicators), At: at.UTC(), By: a.ID}
	err = s.store.Update(ctx, a, "citizen.strategy.assign", "strategy entry "+x.ID+" assigned", 3, func(b *relaciona.Batch) error {
		b.At(at)
		d, err := s.strategies.Get(ctx, strategyID(version))
		if errors.Is(err, relaciona.ErrNotFound) {
			return invalid(L, "version", "no existe la versión %d de la estrategia", "strategy version %d does not exist", version)
		} else if err != nil {
			return err
		}
		v := d.Value
		if v.Status != StrategyAdopted {
			return invalid(L, "version", "la versión %d está en estado %s: se articula la implementación de la versión adoptada", "version %d is %s: the adopted version's implementation is articulated", version, v.Status)
		}
		if !slices.ContainsFunc(v.Entries, func(e StrategyEntry) bool { return e.ID == entry }) {
			return invalid(L, "entry", "la versión %d no tiene la línea %q", "version %d has no entry %q", version, entry)
		}
		var ver int64
		if old, err := s.rec.assignments.Get(ctx, x.ID); err == nil {
			ver = old.Version
		} else if !errors.Is(err, relaciona.ErrNotFound) {
			return err
		}
		s.rec.assignments.Put(b, &x, ver)
		return nil
	})
	if err != nil {
		return Assignment{}, err
	}
	return x, nil
}

// Assignments returns the assignments of a strategy version, in the order
// of its entries' ids.
func (s *Process) Assignments(ctx context.Context, version int) ([]Assignment, error) {
	return process.SortedValues(ctx, s.rec.assignments, relaciona.Filter{Attrs: map[string]string{"version": strategyID(version)}}, func(x, y Assignment) int { return strings.Compare(x.Entry, y.Entry) })
}

// Unassigned returns the adopted strategy version and the ids of its
// entries that no dependency implements (AssignEntry), in entry order;
// with no version adopted, a zero version and none.
func (s *Process) Unassigned(ctx context.Context) (StrategyVersion, []string, error) {
	v, err := s.Strategy(ctx, 0)
	if errors.Is(err, relaciona.ErrNotFound) {
		return StrategyVersion{}, nil, nil
	}
	if err != nil {
		return StrategyVersion{}, nil, err
	}
	as, err := s.Assignments(ctx, v.Version)
	if err != nil {
		return StrategyVersion{}, nil, err
	}
	done := map[string]bool{}
	for _, x := range as {
		done[x.Entry] = true
	}
	var out []string
	for _, e := range v.Entries {
		if !done[e.ID] {
			out = append(out, e.ID)
		}
	}
	return v, out, nil
}
