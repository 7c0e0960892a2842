package alliance

import (
	"context"
	"fmt"
	"testing"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// BenchmarkYearOf40Alliances measures what the demo needs: 40 alliances
// imported, a cycle started and diagnosed, twelve months of measurements
// (one batch a month) and two rounds of three ratings each, then the
// yearly review opened and every alliance decided, on sqlite://:memory:.
func BenchmarkYearOf40Alliances(b *testing.B) {
	ctx := context.Background()
	cfg, err := LoadConfig(examplePath, relaciona.Spanish)
	if err != nil {
		b.Fatal(err)
	}
	cal, _ := calendar.New(calendar.Chile, calendar.Options{})
	objs := []string{"colocacion", "empleabilidad", "inclusion", "cuidados", "emprendimiento"}
	var orgs []Organisation
	var as []Alliance
	for i := range 40 {
		orgs = append(orgs, Organisation{ID: fmt.Sprintf("org-%02d", i), Name: fmt.Sprintf("Org %d", i), Resources: []string{"vacantes"}})
		as = append(as, Alliance{ID: fmt.Sprintf("a-%02d", i), Office: office, Organisation: fmt.Sprintf("org-%02d", i), Kind: KindAgreement,
			Objectives: []string{objs[i%5]}, Resources: []string{"vacantes"}, Start: day("2025-01-01")})
	}
	raters := []relaciona.Actor{team1, team2, enc}
	b.ResetTimer()
	for range b.N {
		store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
		if err != nil {
			b.Fatal(err)
		}
		s, err := New(store, cfg, cal, WithDirectory(testDirectory(b)))
		if err != nil {
			b.Fatal(err)
		}
		must := func(err error) {
			if err != nil {
				b.Fatal(err)
			}
		}
		must(s.Import(ctx, enc, day("2026-01-02"), orgs, as))
		_, err = s.ReviewRegistry(ctx, enc, office, 2026, day("2026-01-05"), "")
		must(err)
		_, err = s.Diagnose(ctx, enc, office, day("2026-01-06"))
		must(err)
		_, err = s.Decide(ctx, enc, office, day("2026-01-07"), false, "basta")
		must(err)
		for m := 1; m <= 11; m++ {
			end := calendar.Date{Year: 2026, Month: monthOf(m + 1), Day: 1}.AddDays(-1)
			ms := make([]Measurement, len(as))
			for i, a := range as {
				ms[i] = Measurement{Alliance: a.ID, Date: end, Sent: 10, Accepted: 7, Resolved: 5, Answered: 8, AnswerDays: 3}
			}
			must(s.RecordMeasurements(ctx, enc, ms))
			if m == 6 || m == 11 {
				for _, a := range as {
					for _, r := range raters {
						_, err := s.Rate(ctx, r, a.ID, end, 4, "")
						must(err)
					}
				}
			}
			_, err := s.Run(ctx, job, end)
			must(err)
		}
		_, err = s.OpenReview(ctx, enc, office, day("2026-12-02"), false, nil)
		must(err)
		for _, a := range as {
			must(keep(ctx, s, enc, a.ID, day("2026-12-03"), "cumple"))
		}
		store.Close()
	}
}
