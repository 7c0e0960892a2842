package process

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
