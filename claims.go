package relaciona

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/relaciona/relaciona/plugins/driver"
)

// ClaimKind is the record kind of uniqueness claims (see Batch.Claim).
const ClaimKind = "relaciona.claim"

// Ref names one record: its kind and id.
type Ref struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// String is "kind/id".
func (r Ref) String() string { return r.Kind + "/" + r.ID }

// Claim is a held uniqueness claim: the natural key Key of the rule Name
// ("citizen.pqrsd.ticket", key "T-42") belongs to the record Holder.
type Claim struct {
	Name   string `json:"name"`
	Key    string `json:"key"`
	Holder Ref    `json:"holder"`
}

// ClaimError is the ErrConflict a batch gets when one of its claims is
// held already: by another batch that committed first, or from before.
// Holder is the record that holds it. errors.Is(err, ErrConflict) is true,
// so Store.Update retries the batch; its fn then finds the claim with
// Store.Claimed and decides (usually: return the holder, or this error).
type ClaimError struct {
	Name   string
	Key    string
	Holder Ref
}

// Error says which claim is held and by which record.
func (e *ClaimError) Error() string {
	return fmt.Sprintf("%s %q is held by %s", e.Name, e.Key, e.Holder)
}

// Unwrap makes errors.Is(err, ErrConflict) true for a *ClaimError.
func (e *ClaimError) Unwrap() error { return ErrConflict }

// ClaimID is the id of the claim record of key under name. Names hold no
// ':', so the id is unambiguous whatever the key.
func ClaimID(name, key string) string { return name + ":" + key }

// checkClaimName validates a claim name: a non-empty code name without ':'
// or spaces.
func checkClaimName(name string) error {
	if name == "" {
		return Invalid("claim.name", "a claim needs a name (such as citizen.pqrsd.ticket)")
	}
	if strings.ContainsAny(name, ": \t\r\n") {
		return Invalid("claim.name", "claim name %q holds ':' or a space", name)
	}
	return nil
}

// Claim adds to the batch the claim of the natural key key under the rule
// name ("one PQRSD per ticket": name "citizen.pqrsd.ticket", key the
// ticket id) for the record holder the batch writes. It is the way to
// enforce a "one per …" rule: the claim is a record created with expected
// version 0 in the batch's own transaction, and of concurrent batches that
// claim the same key exactly one commits; every other fails, writes
// nothing, and gets a *ClaimError (an ErrConflict) naming the holder. A
// claim is permanent: it outlives its batch and is never released.
//
// Store.Update retries a batch that lost a claim, so its fn must check the
// claim (Store.Claimed) before claiming it again, and return the holder or
// an error when it is held. An empty name, key or holder, or a name with
// ':' or a space, makes Commit fail with ErrInvalid.
//
// The key becomes part of a record id, which drivers and logs may show:
// use identifiers (a ticket id, a year, a month), never personal data such
// as a name or an e-mail address (claim a hash of it instead).
func (b *Batch) Claim(name, key string, holder Ref) {
	if b.err != nil {
		return
	}
	if err := checkClaimName(name); err != nil {
		b.err = err
		return
	}
	if key == "" {
		b.err = Invalid("claim.key", "claim %s needs a key", name)
		return
	}
	if holder.Kind == "" || holder.ID == "" {
		b.err = Invalid("claim.holder", "claim %s %q needs a holder record (kind and id)", name, key)
		return
	}
	body, err := json.Marshal(Claim{Name: name, Key: key, Holder: holder})
	if err != nil {
		b.err = fmt.Errorf("%w: encode claim %s %q: %v", ErrInvalid, name, key, err)
		return
	}
	b.add(driver.Write{Op: driver.OpPut, Expect: 0, Record: driver.Record{
		Kind: ClaimKind, ID: ClaimID(name, key), Body: body,
	}})
}

// Claimed returns the claim of key under name, or an error wrapping
// ErrNotFound when the key is free.
func (s *Store) Claimed(ctx context.Context, name, key string) (Claim, error) {
	cs, err := s.Claims(ctx, name, []string{key})
	if err != nil {
		return Claim{}, err
	}
	if len(cs) == 0 {
		return Claim{}, fmt.Errorf("claim %s %q: %w", name, key, ErrNotFound)
	}
	return cs[0], nil
}

// Claims returns the held claims among keys under name, in the order of
// keys; free keys are left out. It reads them in one driver call.
func (s *Store) Claims(ctx context.Context, name string, keys []string) ([]Claim, error) {
	if err := checkClaimName(name); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, nil
	}
	ids := make([]string, len(keys))
	for i, k := range keys {
		if k == "" {
			return nil, Invalid("claim.key", "claim %s: key %d is empty", name, i)
		}
		ids[i] = ClaimID(name, k)
	}
	rs, err := s.d.Get(ctx, ClaimKind, ids)
	if err != nil {
		return nil, fmt.Errorf("read %d claims %s: %w", len(ids), name, err)
	}
	out := make([]Claim, len(rs))
	for i, r := range rs {
		if out[i], err = decodeClaim(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func decodeClaim(r driver.Record) (Claim, error) {
	var c Claim
	if err := json.Unmarshal(r.Body, &c); err != nil {
		return Claim{}, fmt.Errorf("%w: claim record %s: stored body does not decode: %v", ErrInvalid, r.ID, err)
	}
	return c, nil
}

// claimConflict turns err, a failed commit of b, into a *ClaimError when it
// is an ErrConflict and a claim b makes is held now. Any other error, or a
// conflict on another record, is returned as it is.
func (b *Batch) claimConflict(ctx context.Context, err error) error {
	if !errors.Is(err, ErrConflict) {
		return err
	}
	var ids []string
	for _, w := range b.writes {
		if w.Record.Kind == ClaimKind && w.Op == driver.OpPut && w.Expect == 0 {
			ids = append(ids, w.Record.ID)
		}
	}
	if len(ids) == 0 {
		return err
	}
	rs, gerr := b.s.d.Get(ctx, ClaimKind, ids)
	if gerr != nil || len(rs) == 0 {
		return err
	}
	c, derr := decodeClaim(rs[0])
	if derr != nil {
		return err
	}
	return &ClaimError{Name: c.Name, Key: c.Key, Holder: c.Holder}
}
