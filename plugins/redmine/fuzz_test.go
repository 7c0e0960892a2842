package redmine

import (
	"strconv"
	"testing"
)

func FuzzDecodeIssues(f *testing.F) {
	f.Add([]byte(`{"issues":[{"id":9,"project":{"id":4},"status":{"id":1,"name":"New"},"priority":{"id":3},"author":{"id":1},"assigned_to":{"id":"7"},"subject":"s","description":"a\r\nb","custom_fields":[{"id":1,"name":"x","value":["a",2]}],"created_on":"2026-01-02T03:04:05Z","updated_on":"2026-01-02T03:04:06Z"}],"total_count":1}`))
	f.Add([]byte(`{"issues":[{"id":"9","status":{"name":"New"},"description":null}]}`))
	f.Add([]byte(`{"issues":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m := &maps{projects: map[string]string{"4": "pqrsd"}, priorities: map[string]int{"3": 100}, users: map[string]string{"1": "admin"}}
		ts, _, err := decodeIssues(data, m)
		if err != nil {
			return
		}
		for _, tk := range ts {
			if _, err := strconv.ParseUint(tk.ID, 10, 63); err != nil || tk.Status == "" {
				t.Fatalf("decoded an issue with id %q status %q", tk.ID, tk.Status)
			}
		}
		_, _ = decodeIssue(data, m)
	})
}
