package process

import (
	"slices"
	"strings"
)

// Roles checks the roles the i-th person of list holds, held, each
// against known, the process's roles: an unknown one is placed at
// list[i].roles[j], naming the roles to use.
func (k *Checker) Roles(list string, i int, held, known []string) {
	for j, r := range held {
		if !slices.Contains(known, r) {
			k.Add([]any{list, i, "roles", j}, "rol desconocido %q (use %s)", "unknown role %q (use %s)", r, strings.Join(known, ", "))
		}
	}
}

// Manager checks who stands above the i-th person of list, whose id is id
// and whose manager is manager ("" for none), each problem placed at
// list[i].manager: no one stands above themselves; the manager is one of
// known, else unknown ({es, en}, formatting the manager's id) says so; and
// the chain of people above id, up giving the manager of each (""
// ending it), does not loop.
func (k *Checker) Manager(list string, i int, id, manager string, known map[string]bool, unknown [2]string, up func(id string) string) {
	path := []any{list, i, "manager"}
	switch {
	case manager == "":
	case manager == id:
		k.Add(path, "nadie está por encima de sí mismo", "no one stands above themselves")
	case !known[manager]:
		k.Add(path, unknown[0], unknown[1], manager)
	default:
		seen := map[string]bool{id: true}
		for m := manager; m != ""; m = up(m) {
			if seen[m] {
				k.Add(path, "la cadena de personas por encima de %q da una vuelta en %q", "the chain of people above %q loops at %q", id, m)
				return
			}
			seen[m] = true
		}
	}
}
