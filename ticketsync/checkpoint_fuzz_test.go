package ticketsync

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/relaciona/relaciona"
)

// FuzzDecodeCheckpoint: a stored checkpoint is refused with an ErrInvalid
// naming the source, or is that source's with a count that is not
// negative, and encodes back to itself.
func FuzzDecodeCheckpoint(f *testing.F) {
	f.Add("desk", []byte(`{"source":"desk","updated":"2026-01-02T03:04:05.000001Z","total":12}`))
	f.Add("desk", []byte(`{"source":"rt","updated":"2026-01-02T03:04:05Z","total":12}`))
	f.Add("desk", []byte(`{"source":"desk","updated":"0001-01-01T00:00:00Z","total":-1}`))
	f.Add("rt", []byte(`{"source":"rt","updated":"2026-01-02T03:04:05+05:00"}`))
	f.Add("rt", []byte(`[]`))
	f.Fuzz(func(t *testing.T, source string, body []byte) {
		if len(body) > 64<<10 {
			return
		}
		cp, err := decodeCheckpoint(source, body)
		if err != nil {
			if !errors.Is(err, relaciona.ErrInvalid) || !strings.Contains(err.Error(), "sync "+source+":") {
				t.Fatalf("refusal is not an ErrInvalid naming the source: %v", err)
			}
			return
		}
		if cp.Source != source || cp.Total < 0 {
			t.Fatalf("accepted %+v for %q", cp, source)
		}
		b, err := json.Marshal(cp)
		if err != nil {
			t.Fatalf("an accepted checkpoint does not encode: %v", err)
		}
		again, err := decodeCheckpoint(source, b)
		if err != nil || !again.Updated.Equal(cp.Updated) || again.Total != cp.Total {
			t.Fatalf("checkpoint does not round-trip: %+v, %v", again, err)
		}
	})
}
