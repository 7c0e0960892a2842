package sqlite

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// TestScanPlansAgree runs the same filtered scans and counts under the time
// plan (threshold 0) and the attribute plan (no threshold): every query
// returns the same records in the same order, with limits, time bounds,
// resume positions, several filters and no match.
func TestScanPlansAgree(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, ":memory:")
	require.NoError(t, err)
	defer s.Close()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rnd := rand.New(rand.NewPCG(1, 2))
	var ws []driver.Write
	for i := range 3000 {
		channel := []string{"web", "mail", "desk", "phone"}[rnd.IntN(4)]
		if rnd.IntN(60) == 0 {
			channel = "rare"
		}
		ws = append(ws, driver.Write{Record: driver.Record{Kind: "pqrsd", ID: fmt.Sprintf("p%05d", i),
			Attrs: map[string]string{
				"status":  []string{"open", "closed", "pending"}[rnd.IntN(3)],
				"channel": channel,
				"ticket":  fmt.Sprintf("T-%d", i),
			},
			// Many records share a time, so resuming must order by id too.
			Time: base.Add(time.Duration(rnd.IntN(400)) * time.Hour)}})
	}
	ws = append(ws, driver.Write{Record: driver.Record{Kind: "other", ID: "p00001", Attrs: map[string]string{"channel": "rare"}, Time: base}})
	_, err = s.Apply(ctx, driver.Batch{Writes: ws, Audit: driver.AuditEntry{Actor: "t", Action: "load"}})
	require.NoError(t, err)

	queries := []driver.Query{
		{Kind: "pqrsd", Attrs: map[string]string{"ticket": "T-1234"}},
		{Kind: "pqrsd", Attrs: map[string]string{"ticket": "T-none"}},
		{Kind: "pqrsd", Attrs: map[string]string{"channel": "rare"}},
		{Kind: "pqrsd", Attrs: map[string]string{"channel": "rare", "status": "open"}},
		{Kind: "pqrsd", Attrs: map[string]string{"status": "pending"}},
		{Kind: "pqrsd", Attrs: map[string]string{"status": "pending", "channel": "web"}, Limit: 700},
		{Kind: "pqrsd", Attrs: map[string]string{"channel": "rare"}, From: base.Add(50 * time.Hour), To: base.Add(300 * time.Hour)},
		{Kind: "pqrsd", Attrs: map[string]string{"channel": "rare"}, After: &driver.Position{Time: base.Add(200 * time.Hour), ID: "p01500"}},
		{Kind: "pqrsd", Attrs: map[string]string{"status": "open"}, From: base.Add(10 * time.Hour), After: &driver.Position{Time: base.Add(5 * time.Hour), ID: "p00000"}, Limit: 5},
		{Kind: "other", Attrs: map[string]string{"channel": "rare"}},
	}
	run := func(threshold int, q driver.Query) ([]string, int64) {
		s.attrPlanThreshold = threshold
		var ids []string
		require.NoError(t, s.Scan(ctx, q, func(r driver.Record) error {
			ids = append(ids, r.ID)
			return nil
		}))
		n, err := s.Count(ctx, q)
		require.NoError(t, err)
		return ids, n
	}
	for i, q := range queries {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			plan, err := s.planScan(ctx, s.r, &q, math.MaxInt32)
			require.NoError(t, err)
			assert.NotEmpty(t, plan.drive, "an unbounded threshold picks the attribute plan")
			timeIDs, timeN := run(0, q)
			attrIDs, attrN := run(math.MaxInt32, q)
			assert.Equal(t, timeIDs, attrIDs, "both plans return the same records in the same order")
			assert.Equal(t, timeN, attrN, "and count the same")
			if q.Limit == 0 {
				assert.Equal(t, int64(len(timeIDs)), timeN)
			}
		})
	}
	s.attrPlanThreshold = attrPlanThreshold
	plan, err := s.planScan(ctx, s.r, &queries[0], attrPlanThreshold)
	require.NoError(t, err)
	assert.Equal(t, "ticket", plan.drive, "a rare value drives the scan")
	plan, err = s.planScan(ctx, s.r, &queries[3], attrPlanThreshold)
	require.NoError(t, err)
	assert.Equal(t, "channel", plan.drive, "the rarer of two filters drives")
	plan, err = s.planScan(ctx, s.r, &driver.Query{Kind: "pqrsd", Attrs: map[string]string{"status": "open"}}, 500)
	require.NoError(t, err)
	assert.Empty(t, plan.drive, "a common value walks the time index")
}
