package sqlite

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/relaciona/relaciona/plugins/driver"
)

// auditRow is one audit row as the database would return it.
type auditRow struct {
	seq     int64
	changes []byte
}

func (r auditRow) Scan(dest ...any) error {
	*dest[0].(*int64) = r.seq
	*dest[1].(*int64) = 1767322445000000
	*dest[2].(*string), *dest[3].(*string), *dest[4].(*string) = "actor", "action", "reason"
	*dest[5].(*[]byte) = r.changes
	*dest[6].(*[]byte), *dest[7].(*[]byte) = []byte{}, make([]byte, 32)
	return nil
}

// FuzzScanAuditChanges: the changes column of an audit row, read back, is
// refused with an error naming the entry, or decodes to changes that
// encode and decode to themselves. (PostgreSQL's ScanAudit decodes the
// column with the same json.Unmarshal inline; this covers both.)
func FuzzScanAuditChanges(f *testing.F) {
	good, err := json.Marshal([]driver.Change{{Kind: "pqrsd", ID: "1", Before: 0, After: 1, Digest: make([]byte, 32)}, {Kind: "pqrsd", ID: "2", Before: 3, After: 0}})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range [][]byte{good, []byte(`[]`), []byte(`null`), []byte(`{"kind":"k"}`), []byte(`[{"kind":"k","digest":"!!"}]`), []byte(`[{"before":1e30}]`), nil} {
		f.Add(int64(7), s)
	}
	f.Fuzz(func(t *testing.T, seq int64, cj []byte) {
		if len(cj) > 64<<10 {
			return
		}
		e, err := scanAudit(auditRow{seq: seq, changes: cj})
		if err != nil {
			// Reported: the error names the entry but wraps no driver
			// sentinel (ErrInvalid); sqlite.go's scan code is not this
			// file's to change.
			if !strings.Contains(err.Error(), fmt.Sprintf("audit entry %d:", seq)) {
				t.Fatalf("error does not name the entry: %v", err)
			}
			return
		}
		if e.Seq != seq {
			t.Fatalf("seq %d read as %d", seq, e.Seq)
		}
		b, err := json.Marshal(e.Changes)
		if err != nil {
			t.Fatalf("changes that decoded do not encode: %v", err)
		}
		again, err := scanAudit(auditRow{seq: seq, changes: b})
		if err != nil || len(again.Changes) != len(e.Changes) {
			t.Fatalf("changes do not round-trip: %v", err)
		}
		for i, c := range e.Changes {
			d := again.Changes[i]
			if c.Kind != d.Kind || c.ID != d.ID || c.Before != d.Before || c.After != d.After || string(c.Digest) != string(d.Digest) {
				t.Fatalf("change %d does not round-trip: %+v %+v", i, c, d)
			}
		}
	})
}
