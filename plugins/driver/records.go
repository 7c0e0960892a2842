package driver

// VersionConflict is the error, wrapping ErrConflict, of a write to r
// that expected version expect (0: a create) where the store holds
// version have (0: no record; below 0: a record whose version was not
// read).
func VersionConflict(r *Record, expect, have int64) error {
	switch {
	case have < 0:
		return Errorf(ErrConflict, "%s/%s already exists", r.Kind, r.ID)
	case expect == 0:
		return Errorf(ErrConflict, "%s/%s already exists at version %d", r.Kind, r.ID, have)
	case have == 0:
		return Errorf(ErrConflict, "%s/%s expected at version %d does not exist", r.Kind, r.ID, expect)
	default:
		return Errorf(ErrConflict, "%s/%s is at version %d, not %d", r.Kind, r.ID, have, expect)
	}
}

// InOrder returns the records of found (by id) in the order of ids, as
// Store.Get answers: each once (an id asked twice is returned once), the
// ids not found left out. It empties found.
func InOrder(ids []string, found map[string]Record) []Record {
	out := make([]Record, 0, len(found))
	for _, id := range ids {
		if r, ok := found[id]; ok {
			out = append(out, r)
			delete(found, id)
		}
	}
	return out
}
