package driver

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"sync/atomic"
	"time"
)

// MinAuditKeyLen is the shortest audit key accepted, in bytes.
const MinAuditKeyLen = 16

// AuditKeyID names an audit key without revealing it: the hexadecimal of
// the first 8 bytes of HMAC-SHA256(key, "relaciona-key-id"). Entries keyed
// with the key carry it, so a verifier holding another key (or none) says
// "the log is keyed with key <id>" instead of reporting tampering.
func AuditKeyID(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("relaciona-key-id"))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// CheckAuditKey validates an audit key and returns its id. A key shorter
// than MinAuditKeyLen bytes is refused with ErrInvalid.
func CheckAuditKey(key []byte) (string, error) {
	if len(key) < MinAuditKeyLen {
		return "", wrapf(ErrInvalid, "audit key is %d bytes; at least %d are needed (use 32 random bytes)", len(key), MinAuditKeyLen)
	}
	return AuditKeyID(key), nil
}

// AuditKeyer is an optional interface: a Store that can key its audit
// chain implements it. After UseAuditKey, every entry the store writes is
// format 2, carries KeyID = id and is chained with HMAC-SHA256 under key
// (ChainHash), so someone who rewrites the log without the key is found
// out by a verifier that has it.
//
// id must be AuditKeyID(key); a driver refuses a key shorter than
// MinAuditKeyLen or an id that does not match, with ErrInvalid. A driver
// never logs the key.
//
// Once the log's last entry is keyed, Apply on a store that holds no key,
// or another key, fails with an error wrapping ErrInvalid that names the
// log's key id: a keyed log is never continued unkeyed (a silent
// downgrade) nor under a second key (key rotation is not supported).
type AuditKeyer interface {
	UseAuditKey(id string, key []byte) error
}

// IndexVerifier is an optional interface: a Store that keeps an index of
// record attributes apart from the records themselves (an index that can
// be edited behind its back, as SQLite's attrs table) implements it.
// VerifyIndex proves that the index of kind holds exactly what the
// records' own attributes say, reading both from one consistent view, and
// returns an *IndexMismatch otherwise. A store whose attribute index is
// maintained by the database itself from the record rows (PostgreSQL's GIN
// index over the jsonb column) does not need it.
type IndexVerifier interface {
	VerifyIndex(ctx context.Context, kind string) error
}

// IndexMismatch is VerifyIndex's finding: the attribute index of Kind does
// not match the records. ID is the first record found whose index rows
// differ ("" when it could not be told). It wraps ErrInvalid.
type IndexMismatch struct {
	Kind, ID string
	Detail   string // what differs, in English, without attribute values
}

// Error describes the mismatch.
func (e *IndexMismatch) Error() string {
	if e.ID != "" {
		return "attribute index of " + e.Kind + " differs from the records at " + e.ID + ": " + e.Detail
	}
	return "attribute index of " + e.Kind + " differs from the records: " + e.Detail
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *IndexMismatch) Unwrap() error { return ErrInvalid }

// KeyState is what a driver keeps of its audit key: the id and the key.
// Its zero value holds no key. Drivers embed the check of Apply in
// CheckChainKey.
type KeyState struct {
	ID  string
	Key []byte
}

// NewKeyState validates id and key for AuditKeyer.UseAuditKey.
func NewKeyState(id string, key []byte) (KeyState, error) {
	want, err := CheckAuditKey(key)
	if err != nil {
		return KeyState{}, err
	}
	if id != want {
		return KeyState{}, wrapf(ErrInvalid, "audit key id %q does not match the key (its id is %s)", id, want)
	}
	return KeyState{ID: id, Key: append([]byte(nil), key...)}, nil
}

// KeyHolder holds the audit key a driver chains with, for its
// AuditKeyer.UseAuditKey; its zero value holds none. It is safe for
// concurrent use.
type KeyHolder struct {
	p atomic.Pointer[KeyState]
}

// Use validates id and key (NewKeyState) and holds them from now on.
func (h *KeyHolder) Use(id string, key []byte) error {
	ks, err := NewKeyState(id, key)
	if err != nil {
		return err
	}
	h.p.Store(&ks)
	return nil
}

// Current is the key held now: the zero KeyState when none is.
func (h *KeyHolder) Current() KeyState {
	if k := h.p.Load(); k != nil {
		return *k
	}
	return KeyState{}
}

// CheckChainKey says whether a driver holding k may append to a log whose
// last entry has key id lastKeyID ("" for unkeyed or an empty log). It
// returns an error wrapping ErrInvalid when the log is keyed and k is not
// its key.
func (k KeyState) CheckChainKey(lastKeyID string) error {
	switch {
	case lastKeyID == "":
		return nil
	case k.ID == "":
		return wrapf(ErrInvalid, "the audit log is keyed with key %s and this store was given no audit key: refusing to continue it unkeyed", lastKeyID)
	case k.ID != lastKeyID:
		return wrapf(ErrInvalid, "the audit log is keyed with key %s and this store was given key %s: refusing to write (key rotation is not supported)", lastKeyID, k.ID)
	}
	return nil
}

// Seal fills a new entry's Format, KeyID and Hash: format 2, keyed with k
// when it holds a key. PrevHash and every other field must be set.
func (k KeyState) Seal(e *AuditEntry) {
	e.Format = FormatV2
	e.KeyID = k.ID
	e.Hash = ChainHash(k.Key, e.PrevHash, e)
}

// Chain makes the audit entry a batch appends after the entry prevSeq of
// hash prevHash (0 and nil for an empty log): a's actor, action and
// reason with changes, its time normalised (now when zero), numbered
// prevSeq+1 and sealed with k.
func (k KeyState) Chain(a AuditEntry, changes []Change, prevSeq int64, prevHash []byte) AuditEntry {
	e := a
	e.Changes = changes
	e.Time = NormalizeTime(e.Time)
	if e.Time.IsZero() {
		e.Time = NormalizeTime(time.Now())
	}
	e.Seq = prevSeq + 1
	e.PrevHash = prevHash
	if e.PrevHash == nil {
		e.PrevHash = []byte{}
	}
	k.Seal(&e)
	return e
}
