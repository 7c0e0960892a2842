package desk

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/relaciona/relaciona/plugins/driver"
)

// fuzzDecode fuzzes decode, the desk's reader of stored records of kind,
// with (id, body) pairs starting from seeds: a body over 64 KiB is passed
// over; a refusal must pass checkRefusal; what decodes, check checks.
func fuzzDecode[T any](f *testing.F, kind string, seeds [][2]string, decode func(driver.Record) (T, error), check func(t *testing.T, id string, x T)) {
	for _, s := range seeds {
		f.Add(s[0], []byte(s[1]))
	}
	f.Fuzz(func(t *testing.T, id string, body []byte) {
		if len(body) > 64<<10 {
			return
		}
		x, err := decode(driver.Record{Kind: kind, ID: id, Body: body})
		if err != nil {
			checkRefusal(t, id, err)
			return
		}
		check(t, id, x)
	})
}

// checkRefusal: a stored record that does not decode is an ErrInvalid that
// names it.
func checkRefusal(t *testing.T, id string, err error) {
	t.Helper()
	if !errors.Is(err, driver.ErrInvalid) || !strings.Contains(err.Error(), strconv.Quote(id)) {
		t.Fatalf("refusal of %q is not an ErrInvalid naming it: %v", id, err)
	}
}

// FuzzDecodeTicket: a stored ticket body is refused with an ErrInvalid
// naming the record, or is a ticket the desk could have written, which
// encodes back to a body that decodes to the same ticket.
func FuzzDecodeTicket(f *testing.F) {
	fuzzDecode(f, KindTicket, [][2]string{
		{"7", `{"id":"7","queue":"general","subject":"s","body":"b","status":"open","priority":50,"assignee":"a","requester":"r","fields":{"canal":"web"},"created":"2026-01-02T03:04:05Z","updated":"2026-01-02T03:04:06.000001Z","comments":2}`},
		{"7", `{"id":"9","subject":"s","status":"open","created":"2026-01-02T03:04:05Z","updated":"2026-01-02T03:04:05Z"}`},
		{"1", `{"id":"1","subject":"s","status":"bogus","priority":500,"created":"2026-01-02T03:04:05Z","updated":"2025-01-02T03:04:05Z"}`},
		{"1", `{"id":"1","subject":"s","status":"new","created":"2026-01-02T03:04:05+05:00","updated":"2026-01-02T03:04:05-05:00","comments":-1}`},
		{"2", `null`},
	}, decodeTicket, func(t *testing.T, id string, x *doc) {
		r, err := x.record()
		if err != nil {
			t.Fatalf("a ticket that decoded does not encode: %v", err)
		}
		y, err := decodeTicket(r)
		if err != nil {
			t.Fatalf("a ticket that decoded, encoded again, is refused: %v", err)
		}
		r2, _ := y.record()
		if !bytes.Equal(r.Body, r2.Body) || r.ID != id {
			t.Fatalf("ticket does not round-trip:\n%s\n%s", r.Body, r2.Body)
		}
	})
}

// FuzzDecodeComment: a stored comment is refused with an ErrInvalid
// naming it, or belongs to the ticket its id names and has a text.
func FuzzDecodeComment(f *testing.F) {
	fuzzDecode(f, KindComment, [][2]string{
		{"7/1", `{"ticket":"7","public":true,"body":"hola","at":"2026-01-02T03:04:05Z"}`},
		{"7/1", `{"ticket":"8","body":"hola"}`},
		{"7/1", `{"ticket":"7","body":"  "}`},
	}, decodeComment, func(t *testing.T, id string, c commentDoc) {
		if !strings.HasPrefix(id, c.Ticket+"/") || c.Ticket == "" || strings.TrimSpace(c.Body) == "" {
			t.Fatalf("comment %q accepted as %+v", id, c)
		}
	})
}

// FuzzDecodeSurvey: a stored survey response is refused with an
// ErrInvalid naming it, or is one RecordSurveys would take, and encodes
// back to itself.
func FuzzDecodeSurvey(f *testing.F) {
	fuzzDecode(f, KindSurvey, [][2]string{
		{"s1", `{"ID":"s1","TicketID":"7","Requester":"c","Service":"x","Metric":"nps","Score":9,"Comment":"","Submitted":"2026-01-02T03:04:05Z"}`},
		{"s1", `{"ID":"s1","Metric":"csat","Score":0,"Submitted":"2026-01-02T03:04:05Z"}`},
		{"s1", `{"ID":"s2","Metric":"ces","Score":3}`},
	}, decodeSurvey, func(t *testing.T, id string, x driver.SurveyResponse) {
		lo, hi, ok := driver.SurveyScale(x.Metric)
		if x.ID != id || !ok || x.Score < lo || x.Score > hi || x.Submitted.IsZero() {
			t.Fatalf("survey %q accepted as %+v", id, x)
		}
		b, err := json.Marshal(x)
		if err != nil {
			t.Fatalf("a survey that decoded does not encode: %v", err)
		}
		y, err := decodeSurvey(driver.Record{Kind: KindSurvey, ID: id, Body: b})
		if err != nil || !y.Submitted.Equal(x.Submitted) || y.Score != x.Score || y.Metric != x.Metric {
			t.Fatalf("survey does not round-trip: %+v %v", y, err)
		}
	})
}
