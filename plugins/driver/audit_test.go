package driver

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRecordDigest(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 30, 0, 123456789, time.UTC)
	base := Record{Kind: "k", ID: "1", Version: 3, Attrs: map[string]string{"status": "open", "tipo": "queja"}, Time: at, Body: []byte(`{"a":1}`)}
	d := RecordDigest(&base)
	require.Len(t, d, 32)

	same := []struct {
		name string
		r    Record
	}{
		{"kind, id and version are in the change, not the digest", Record{Kind: "other", ID: "2", Version: 9, Attrs: base.Attrs, Time: at, Body: base.Body}},
		{"another zone, same instant", Record{Attrs: base.Attrs, Time: at.In(time.FixedZone("COT", -5*3600)), Body: base.Body}},
		{"below the microsecond", Record{Attrs: base.Attrs, Time: at.Truncate(time.Microsecond), Body: base.Body}},
		{"a copy of the attributes", Record{Attrs: map[string]string{"tipo": "queja", "status": "open"}, Time: at, Body: base.Body}},
	}
	for _, c := range same {
		assert.Equal(t, d, RecordDigest(&c.r), c.name)
	}
	differ := []struct {
		name string
		r    Record
	}{
		{"attribute value", Record{Attrs: map[string]string{"status": "closed", "tipo": "queja"}, Time: at, Body: base.Body}},
		{"attribute removed", Record{Attrs: map[string]string{"tipo": "queja"}, Time: at, Body: base.Body}},
		{"attribute added", Record{Attrs: map[string]string{"status": "open", "tipo": "queja", "x": ""}, Time: at, Body: base.Body}},
		{"time", Record{Attrs: base.Attrs, Time: at.Add(time.Microsecond), Body: base.Body}},
		{"no time", Record{Attrs: base.Attrs, Body: base.Body}},
		{"body", Record{Attrs: base.Attrs, Time: at, Body: []byte(`{"a":2}`)}},
	}
	for _, c := range differ {
		assert.NotEqual(t, d, RecordDigest(&c.r), c.name)
	}
	// Length prefixes: moving bytes between name and value changes it.
	a := RecordDigest(&Record{Attrs: map[string]string{"a": "bc"}})
	b := RecordDigest(&Record{Attrs: map[string]string{"ab": "c"}})
	assert.NotEqual(t, a, b)
	assert.Equal(t, RecordDigest(&Record{}), RecordDigest(&Record{Attrs: map[string]string{}, Body: []byte{}}), "nil and empty are alike")
}

func TestChainHash(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	e := AuditEntry{Seq: 4, Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Actor: "a", Action: "x",
		Changes: []Change{{Kind: "k", ID: "1", After: 1, Digest: bytes.Repeat([]byte{1}, 32)}}}
	prev := []byte("prev")
	v1 := e
	v1.Format = FormatV1
	assert.Equal(t, AuditHash(prev, &v1), ChainHash(key, prev, &v1), "format 1 is AuditHash")
	v0 := e
	assert.Equal(t, AuditHash(prev, &v0), ChainHash(key, prev, &v0), "format 0 counts as 1")
	v2 := e
	v2.Format = FormatV2
	unkeyed := ChainHash(key, prev, &v2)
	assert.Equal(t, unkeyed, ChainHash(nil, prev, &v2), "an unkeyed entry ignores the key")
	assert.NotEqual(t, AuditHash(prev, &v2), unkeyed)
	v2.KeyID = AuditKeyID(key)
	keyed := ChainHash(key, prev, &v2)
	assert.NotEqual(t, keyed, ChainHash([]byte("another key, 32 bytes long......"), prev, &v2), "the key matters")
	assert.NotEqual(t, keyed, ChainHash(nil, prev, &v2))
	v3 := e
	v3.Format = 3
	assert.Nil(t, ChainHash(key, prev, &v3), "an unknown format matches no hash")
}

func TestKeyState(t *testing.T) {
	key := []byte("0123456789abcdef")
	id := AuditKeyID(key)
	assert.Len(t, id, 16)
	_, err := NewKeyState(id, key[:15])
	require.ErrorIs(t, err, ErrInvalid, "too short")
	_, err = NewKeyState("0000000000000000", key)
	require.ErrorIs(t, err, ErrInvalid, "id of another key")
	k, err := NewKeyState(id, key)
	require.NoError(t, err)
	assert.NoError(t, k.CheckChainKey(""), "an unkeyed log may be continued keyed")
	assert.NoError(t, k.CheckChainKey(id))
	err = k.CheckChainKey("ffffffffffffffff")
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "ffffffffffffffff")
	var none KeyState
	assert.NoError(t, none.CheckChainKey(""))
	err = none.CheckChainKey(id)
	require.ErrorIs(t, err, ErrInvalid, "no key on a keyed log: refused")
	assert.Contains(t, err.Error(), id)
	e := AuditEntry{Seq: 1, PrevHash: []byte{}, Actor: "a", Action: "x"}
	k.Seal(&e)
	assert.Equal(t, FormatV2, e.Format)
	assert.Equal(t, id, e.KeyID)
	assert.Equal(t, AuditHashV2(key, e.PrevHash, &e), e.Hash)
	assert.NotContains(t, err.Error(), string(key), "errors never carry the key")
}
