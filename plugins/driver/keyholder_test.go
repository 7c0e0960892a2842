package driver

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKeyHolder: a zero holder holds no key; a key whose id does not match
// is refused and the key held before stays; a matching one is held, as a
// copy the caller cannot change.
func TestKeyHolder(t *testing.T) {
	var h KeyHolder
	assert.Equal(t, KeyState{}, h.Current())
	key := bytes.Repeat([]byte{7}, MinAuditKeyLen)
	id := AuditKeyID(key)
	for _, c := range []struct {
		name string
		id   string
		key  []byte
		want error
	}{
		{name: "short key", id: "x", key: []byte("short"), want: ErrInvalid},
		{name: "wrong id", id: "not-its-id", key: key, want: ErrInvalid},
		{name: "matching", id: id, key: key},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := h.Use(c.id, c.key)
			if c.want != nil {
				require.ErrorIs(t, err, c.want)
				assert.Equal(t, KeyState{}, h.Current(), "nothing held after a refusal")
				return
			}
			require.NoError(t, err)
			key[0] = 8
			assert.Equal(t, KeyState{ID: id, Key: bytes.Repeat([]byte{7}, MinAuditKeyLen)}, h.Current())
		})
	}
}
