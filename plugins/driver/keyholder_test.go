package driver

import (
	"bytes"
	"testing"
	"time"

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

// TestChain: the entry a batch appends is numbered after the head,
// chained to its hash (an empty hash after an empty log), timed (now when
// the batch gives no time) and sealed with the key.
func TestChain(t *testing.T) {
	key := bytes.Repeat([]byte{7}, MinAuditKeyLen)
	k := KeyState{ID: AuditKeyID(key), Key: key}
	changes := []Change{{Kind: "k", ID: "a", After: 1}}
	at := time.Date(2026, 3, 2, 10, 0, 0, 123456789, time.UTC)
	for _, c := range []struct {
		name     string
		k        KeyState
		a        AuditEntry
		prevSeq  int64
		prevHash []byte
	}{
		{name: "first, keyed", k: k, a: AuditEntry{Actor: "ana", Action: "create", Time: at}},
		{name: "after 7, unkeyed, no time", a: AuditEntry{Actor: "job", Action: "run"}, prevSeq: 7, prevHash: []byte{1, 2, 3}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := time.Now()
			e := c.k.Chain(c.a, changes, c.prevSeq, c.prevHash)
			assert.Equal(t, c.prevSeq+1, e.Seq)
			assert.NotNil(t, e.PrevHash)
			assert.Equal(t, len(c.prevHash), len(e.PrevHash))
			assert.Equal(t, changes, e.Changes)
			assert.Equal(t, c.a.Actor, e.Actor)
			if c.a.Time.IsZero() {
				assert.False(t, e.Time.Before(before.Truncate(time.Microsecond)), "now")
			} else {
				assert.Equal(t, NormalizeTime(at), e.Time)
			}
			assert.Equal(t, FormatV2, e.Format)
			assert.Equal(t, c.k.ID, e.KeyID)
			assert.Equal(t, ChainHash(c.k.Key, e.PrevHash, &e), e.Hash)
		})
	}
}
