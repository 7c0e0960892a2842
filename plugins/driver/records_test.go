package driver

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVersionConflict: every conflict wraps ErrConflict and says which of
// the four cases it is.
func TestVersionConflict(t *testing.T) {
	r := &Record{Kind: "k", ID: "a"}
	for _, c := range []struct {
		expect, have int64
		want         string
	}{
		{expect: 0, have: -1, want: "k/a already exists"},
		{expect: 0, have: 3, want: "k/a already exists at version 3"},
		{expect: 2, have: 0, want: "k/a expected at version 2 does not exist"},
		{expect: 2, have: 3, want: "k/a is at version 3, not 2"},
	} {
		err := VersionConflict(r, c.expect, c.have)
		require.ErrorIs(t, err, ErrConflict)
		assert.Contains(t, err.Error(), c.want)
	}
}

// TestInOrder: records come back in the order asked, each once, the
// missing ones left out.
func TestInOrder(t *testing.T) {
	rec := func(id string) Record { return Record{Kind: "k", ID: id} }
	for _, c := range []struct {
		name string
		ids  []string
		have []string
		want []string
	}{
		{name: "order asked", ids: []string{"c", "a", "b"}, have: []string{"a", "b", "c"}, want: []string{"c", "a", "b"}},
		{name: "twice asked, once given", ids: []string{"a", "b", "a"}, have: []string{"a", "b"}, want: []string{"a", "b"}},
		{name: "missing left out", ids: []string{"x", "a"}, have: []string{"a"}, want: []string{"a"}},
		{name: "none", ids: []string{"x"}, want: []string{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			found := map[string]Record{}
			for _, id := range c.have {
				found[id] = rec(id)
			}
			got := []string{}
			for _, r := range InOrder(c.ids, found) {
				got = append(got, r.ID)
			}
			assert.Equal(t, c.want, got)
		})
	}
}
