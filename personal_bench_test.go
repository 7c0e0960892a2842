package relaciona

import (
	"encoding/json"
	"strings"
	"testing"
)

// BenchmarkSalted is the cost Collection.Put adds to a write of a record
// with personal data: a fresh salt in a body of about 600 bytes.
func BenchmarkSalted(b *testing.B) {
	body, _ := json.Marshal(map[string]string{"id": "PQRSD-2026-000001", "name": "Carmen Ruiz", "email": "carmen@example.co", "description": strings.Repeat("texto ", 90)})
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		salted(body)
	}
}
