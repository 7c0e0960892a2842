package rt

import (
	"strconv"
	"testing"
)

func FuzzDecodeTicket(f *testing.F) {
	f.Add([]byte(`{"id": 7, "Subject":"s", "Status":"open", "Priority":"20", "Queue":{"id":"1"}, "Owner":{"id":"root"}, "Requestor":[{"id":"a@b"}], "Created":"2026-01-02T03:04:05Z", "LastUpdated":"2026-01-02T03:04:06Z", "CustomFields":[{"id":"2","name":"x","values":["a",1]}]}`))
	f.Add([]byte(`{"id": "7", "Owner": "", "Priority": 5.5}`))
	f.Add([]byte(`{"id": null}`))
	f.Add([]byte(`{"id": 1e3, "Created": "1970-01-01T00:00:00Z"}`))
	f.Add([]byte(`{"id": 1, "Requestor": "x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tk, err := decodeTicket(data, map[string]string{"1": "General"})
		if err != nil {
			return
		}
		if _, err := strconv.ParseUint(tk.ID, 10, 63); err != nil {
			t.Fatalf("decoded a ticket with id %q", tk.ID)
		}
		if tk.Priority < 0 || tk.Priority > 100 {
			t.Fatalf("priority %d outside 0-100", tk.Priority)
		}
	})
}

func FuzzDecodePage(f *testing.F) {
	f.Add([]byte(`{"total":"1","page":1,"pages":"1","items":[{"id":"3","Status":"new","LastUpdated":"2026-01-02T03:04:06Z"}]}`))
	f.Add([]byte(`{"items":[{}]}`))
	f.Add([]byte(`{"items":null,"pages":"x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ts, _, err := decodePage(data, nil)
		if err != nil {
			return
		}
		for _, tk := range ts {
			if tk.ID == "" {
				t.Fatal("a ticket without an id")
			}
		}
	})
}
