package conformance

import (
	"errors"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// auditKey is the audit key the suite gives a driver that implements
// driver.AuditKeyer (checkAuditV2). From then on the store's log is keyed
// with it for good, and the checks that follow verify the chain with it.
// It is public: a store the suite ran against is a test store only.
var auditKey = []byte("relaciona conformance audit key: public, for tests only")

// otherAuditKey is a second key, which a keyed log must refuse.
var otherAuditKey = []byte("another conformance audit key, also public")

// checkAuditV2: the entries a driver writes are format 2, their changes
// carry driver.RecordDigest (so attributes and time are covered, not the
// body alone) and chain with driver.ChainHash; a driver that can key its
// log (driver.AuditKeyer), on a throw-away store (the harness's Tamper is
// set), writes keyed entries after UseAuditKey, refuses a bad key, and
// refuses to continue a keyed log under another key or none.
func checkAuditV2(t *T, e *storeEnv) {
	s, k := e.Store, e.kind("auditv2")
	before, _ := lastSeq(t, s)
	r1 := rec(k, "a", map[string]string{"status": "open", "tipo": "queja"}, t0, `{"v":1}`)
	apply(t, s, "create", put(r1, 0))
	// The same body with other attributes and time: a body digest would
	// not tell the two versions apart.
	r2 := rec(k, "a", map[string]string{"status": "closed"}, t0.Add(time.Hour), `{"v":1}`)
	apply(t, s, "update", put(r2, 1))
	got := auditFrom(t, s, before+1)
	require.Len(t, got, 2)
	for _, a := range got {
		assert.Equal(t, driver.FormatV2, a.Format, "entry %d is written in format 2", a.Seq)
		require.Len(t, a.Changes, 1)
	}
	assert.Equal(t, driver.RecordDigest(&r1), got[0].Changes[0].Digest, "a change's digest is driver.RecordDigest of the record written")
	assert.Equal(t, driver.RecordDigest(&r2), got[1].Changes[0].Digest, "the digest covers attributes and time")
	assert.NotEqual(t, got[0].Changes[0].Digest, got[1].Changes[0].Digest, "the same body with other attributes and time has another digest")
	assert.Equal(t, got[0].Hash, got[1].PrevHash)
	for _, a := range got {
		assert.Equal(t, driver.ChainHash(auditKey, a.PrevHash, &a), a.Hash, "entry %d chains with driver.ChainHash", a.Seq)
	}
	assert.Equal(t, int64(0), verifyChain(t, s), "the whole chain verifies")

	ak, ok := s.(driver.AuditKeyer)
	if !ok || e.Tamper == nil {
		// Keying is optional: the format-2 part above is then the whole
		// check. Keying is also for good, so it is only tried on a store
		// the harness declares throw-away (it gives a Tamper hook), never
		// on one `relaciona plugins check` was pointed at.
		return
	}
	id := driver.AuditKeyID(auditKey)
	require.ErrorIs(t, ak.UseAuditKey(driver.AuditKeyID([]byte("short")), []byte("short")), driver.ErrInvalid, "a key shorter than driver.MinAuditKeyLen is refused")
	require.ErrorIs(t, ak.UseAuditKey(driver.AuditKeyID(otherAuditKey), auditKey), driver.ErrInvalid, "an id that is not the key's is refused")
	err := ak.UseAuditKey(id, auditKey)
	if errors.Is(err, driver.ErrUnsupported) {
		// A plugin client whose plugin's store cannot key its log.
		return
	}
	require.NoError(t, err)
	r3 := rec(k, "b", map[string]string{"status": "open"}, t0, `{"v":3}`)
	apply(t, s, "keyed", put(r3, 0))
	seq, _ := lastSeq(t, s)
	keyed := auditFrom(t, s, seq)
	require.Len(t, keyed, 1)
	a := keyed[0]
	assert.Equal(t, driver.FormatV2, a.Format)
	assert.Equal(t, id, a.KeyID, "an entry written after UseAuditKey carries the key's id")
	assert.Equal(t, driver.AuditHashV2(auditKey, a.PrevHash, &a), a.Hash, "a keyed entry's hash is the HMAC under the key")
	assert.NotEqual(t, driver.AuditHashV2(otherAuditKey, a.PrevHash, &a), a.Hash, "another key gives another hash")
	assert.Equal(t, driver.RecordDigest(&r3), a.Changes[0].Digest)
	assert.Equal(t, int64(0), verifyChain(t, s), "the chain verifies with the key")

	// Another key, then none: the keyed log is never continued.
	require.NoError(t, ak.UseAuditKey(driver.AuditKeyID(otherAuditKey), otherAuditKey))
	_, err = s.Apply(t.Context(), driver.Batch{Writes: []driver.Write{put(rec(k, "c", nil, t0, `1`), 0)}, Audit: audit("other key")})
	require.ErrorIs(t, err, driver.ErrInvalid, "a store holding another key refuses to write to a keyed log")
	assert.Contains(t, err.Error(), id, "the refusal names the log's key id")
	require.NoError(t, ak.UseAuditKey(id, auditKey))
	if e.Reopen != nil {
		s2, err := e.Reopen(t.Context())
		require.NoError(t, err)
		defer s2.Close()
		_, err = s2.Apply(t.Context(), driver.Batch{Writes: []driver.Write{put(rec(k, "c", nil, t0, `1`), 0)}, Audit: audit("no key")})
		require.ErrorIs(t, err, driver.ErrInvalid, "a store holding no key refuses to write to a keyed log")
		assert.Contains(t, err.Error(), id, "the refusal names the log's key id")
	}
	after, _ := lastSeq(t, s)
	assert.Equal(t, seq, after, "a refused batch writes no entry")
	_, found := get1(t, s, k, "c")
	assert.False(t, found, "a refused batch writes no record")
	apply(t, s, "keyed again", put(rec(k, "c", nil, t0, `1`), 0))
}
