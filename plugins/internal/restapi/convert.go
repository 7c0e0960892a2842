package restapi

// Convert converts each wire item of an answer (a page of tickets) with
// conv, in order, stopping at the first error.
func Convert[W, T any](items []W, conv func(*W) (T, error)) ([]T, error) {
	out := make([]T, 0, len(items))
	for i := range items {
		t, err := conv(&items[i])
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}
