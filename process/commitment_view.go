package process

import (
	"encoding/json"
	"fmt"

	"github.com/relaciona/relaciona"
)

// A process keeps its commitments in the one commitments register
// (relaciona.Commitments) and reads them as a view of its own: a type V
// that carries the register's record it stands for and shows it in the
// process's words. The three functions below are what every such view
// needs: its MarshalJSON and UnmarshalJSON, so that the view is stored as
// the register's record and nothing else, and the collection that reads
// the register's records as V and indexes them as the register does.

// MarshalCommitmentView is the MarshalJSON of a process's commitment view:
// it writes r, the register's record the view stands for. A view that
// stands for no record (r.ID empty: a value made in Go, not through the
// register) is refused, naming the view's id and maker, the process's
// method that makes a commitment through the register.
func MarshalCommitmentView(r relaciona.Commitment, id, maker string) ([]byte, error) {
	if r.ID == "" {
		return nil, fmt.Errorf("%w: commitment %q: a commitment is made through the register (%s)", relaciona.ErrInvalid, id, maker)
	}
	return json.Marshal(r)
}

// UnmarshalCommitmentView is the UnmarshalJSON of a process's commitment
// view: it reads data as the register's record and sets *v to view of it.
func UnmarshalCommitmentView[V any](data []byte, v *V, view func(relaciona.Commitment) V) error {
	var r relaciona.Commitment
	if err := json.Unmarshal(data, &r); err != nil {
		return err
	}
	*v = view(r)
	return nil
}

// CommitmentViews is a process's typed view of the commitments register on
// store: its records decode as V (through V's UnmarshalJSON) and are
// indexed as the register indexes them (relaciona.CommitmentRecordKey),
// record being the register's record a view stands for.
func CommitmentViews[V any](store *relaciona.Store, record func(*V) relaciona.Commitment) *relaciona.Collection[V] {
	return relaciona.NewCollection(store, relaciona.CommitmentKind, func(v *V) relaciona.Key {
		r := record(v)
		return relaciona.CommitmentRecordKey(&r)
	})
}
