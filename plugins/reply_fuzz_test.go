package plugins

import (
	"errors"
	"fmt"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// fuzzReply fuzzes the host's decoder of what a plugin sends: seeds make
// the corpus; whatever bytes come, the host refuses them (a malformed
// message, or an error wrapping ErrInvalid from dec), or gets a value that
// bad finds nothing wrong with ("") and that enc encodes back to the same
// message.
func fuzzReply[M any, P interface {
	*M
	proto.Message
}, T any](f *testing.F, seeds []P, dec func(P) (T, error), enc func(*T) P, bad func(T) string) {
	for _, s := range seeds {
		b, err := proto.Marshal(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		m := P(new(M))
		if (proto.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, m) != nil { // what the host reads; unknown fields are dropped
			return
		}
		v, err := dec(m)
		if err != nil {
			if !errors.Is(err, driver.ErrInvalid) {
				t.Fatalf("refusal is not ErrInvalid: %v", err)
			}
			return
		}
		if why := bad(v); why != "" {
			t.Fatal(why)
		}
		if back := enc(&v); !proto.Equal(back, m) {
			t.Fatalf("does not round-trip:\n%v\n%v", m, back)
		}
	})
}

// FuzzTicketReply: whatever bytes a ticket plugin sends as a ticket, the
// host refuses them (a malformed message, or an ErrInvalid for a ticket
// without an id or with a priority outside 0-100) or gets a ticket within
// the driver contract that encodes back to the same message.
func FuzzTicketReply(f *testing.F) {
	fuzzReply(f, []*pb.Ticket{
		{Id: "7", Queue: "pqrsd", Subject: "s", Body: "b", Status: "open", Priority: 50, Assignee: "a", Requester: "r", Fields: map[string]string{"canal": "web"}, CreatedUs: 1767322445000000, UpdatedUs: zeroMicro},
		{Id: "", Priority: 5},
		{Id: "8", Priority: 1 << 40},
		{Id: "9", Priority: -1, CreatedUs: -1 << 62},
	}, decTicketReply, encTicket, func(tk driver.Ticket) string {
		if tk.ID == "" || tk.Priority < 0 || tk.Priority > 100 {
			return fmt.Sprintf("accepted ticket %q of priority %d", tk.ID, tk.Priority)
		}
		return ""
	})
}

// FuzzSurveyReply: a survey response a plugin sends is refused (no id) or
// encodes back to the same message.
func FuzzSurveyReply(f *testing.F) {
	fuzzReply(f, []*pb.SurveyResponse{
		{Id: "s1", TicketId: "7", Requester: "c", Service: "x", Metric: "nps", Score: 9, SubmittedUs: 1767322445000000},
		{Id: "", Score: 1 << 40},
	}, decSurveyReply, encSurvey, func(s driver.SurveyResponse) string {
		if s.ID == "" {
			return "accepted a response without an id"
		}
		return ""
	})
}
