package plugins

import (
	"errors"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// FuzzTicketReply: whatever bytes a ticket plugin sends as a ticket, the
// host refuses them (a malformed message, or an ErrInvalid for a ticket
// without an id or with a priority outside 0-100) or gets a ticket within
// the driver contract that encodes back to the same message.
func FuzzTicketReply(f *testing.F) {
	for _, t := range []*pb.Ticket{
		{Id: "7", Queue: "pqrsd", Subject: "s", Body: "b", Status: "open", Priority: 50, Assignee: "a", Requester: "r", Fields: map[string]string{"canal": "web"}, CreatedUs: 1767322445000000, UpdatedUs: zeroMicro},
		{Id: "", Priority: 5},
		{Id: "8", Priority: 1 << 40},
		{Id: "9", Priority: -1, CreatedUs: -1 << 62},
	} {
		b, err := proto.Marshal(t)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		var m pb.Ticket
		if (proto.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, &m) != nil { // what the host reads; unknown fields are dropped
			return
		}
		tk, err := decTicketReply(&m)
		if err != nil {
			if !errors.Is(err, driver.ErrInvalid) {
				t.Fatalf("refusal is not ErrInvalid: %v", err)
			}
			return
		}
		if tk.ID == "" || tk.Priority < 0 || tk.Priority > 100 {
			t.Fatalf("accepted ticket %q of priority %d", tk.ID, tk.Priority)
		}
		if back := encTicket(&tk); !proto.Equal(back, &m) {
			t.Fatalf("ticket does not round-trip:\n%v\n%v", &m, back)
		}
	})
}

// FuzzSurveyReply: a survey response a plugin sends is refused (no id) or
// encodes back to the same message.
func FuzzSurveyReply(f *testing.F) {
	for _, s := range []*pb.SurveyResponse{
		{Id: "s1", TicketId: "7", Requester: "c", Service: "x", Metric: "nps", Score: 9, SubmittedUs: 1767322445000000},
		{Id: "", Score: 1 << 40},
	} {
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
		var m pb.SurveyResponse
		if (proto.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, &m) != nil { // what the host reads; unknown fields are dropped
			return
		}
		s, err := decSurveyReply(&m)
		if err != nil {
			if !errors.Is(err, driver.ErrInvalid) {
				t.Fatalf("refusal is not ErrInvalid: %v", err)
			}
			return
		}
		if s.ID == "" {
			t.Fatal("accepted a response without an id")
		}
		if back := encSurvey(&s); !proto.Equal(back, &m) {
			t.Fatalf("survey response does not round-trip:\n%v\n%v", &m, back)
		}
	})
}
