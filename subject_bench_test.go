package relaciona_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// BenchmarkSubjectExport finds one person among 20,000 records: an access
// request reads every record of every personal kind (no index holds
// personal data), so its cost grows with the store.
func BenchmarkSubjectExport(b *testing.B) {
	f := newSubjectFixture(b)
	const n = 20000
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for start := 0; start < n; start += 2000 {
		err := f.store.Update(f.ctx, relaciona.SystemActor(), "test.write", "fixture", 1, func(bt *relaciona.Batch) error {
			for i := start; i < start+2000; i++ {
				body, _ := json.Marshal(subCase{ID: fmt.Sprint(i), Citizen: fmt.Sprintf("cit-%d", i), Name: "Nombre Apellido", Email: fmt.Sprintf("p%d@example.co", i), Text: "Una petición de ejemplo con algo de texto"})
				bt.Put(relaciona.Record{Kind: kindCase, ID: fmt.Sprintf("%06d", i), Time: at.Add(time.Duration(i) * time.Minute), Body: body}, 0)
			}
			return nil
		})
		require.NoError(b, err)
	}
	b.ResetTimer()
	for b.Loop() {
		x, err := f.subj.Export(f.ctx, f.dpo, "p12345@example.co", f.today)
		if err != nil || len(x.Records) != 1 {
			b.Fatal(err, len(x.Records))
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
