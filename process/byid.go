package process

// ByID returns the first of items whose id (as id reads it) is want, and
// whether there is one: how a process's Config finds an office, an
// objective or a resource of its lists by id.
func ByID[T any](items []T, want string, id func(T) string) (T, bool) {
	for _, v := range items {
		if id(v) == want {
			return v, true
		}
	}
	var zero T
	return zero, false
}
