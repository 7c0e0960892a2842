package alliance

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// TestOneCycleStartsAfterAnother: 8 ReviewRegistry calls race to start the
// office's first cycle, for different years: one starts it, every other
// gets an ErrConflict naming it, and the office has one cycle. On a SQLite
// file, the racers' batches held until all have read (proctest.Gate).
func TestOneCycleStartsAfterAnother(t *testing.T) {
	ctx := context.Background()
	cfg, err := LoadConfig(examplePath, relaciona.English)
	require.NoError(t, err)
	const racers = 8
	d, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "alliance.db"))
	require.NoError(t, err)
	g := proctest.NewGate(d, "alliance.review_registry", racers)
	store := relaciona.NewStore(g)
	t.Cleanup(func() { store.Close() })
	cal, err := calendar.New(calendar.Chile, calendar.Options{})
	require.NoError(t, err)
	s, err := New(store, cfg, cal, WithLang(relaciona.English), WithDirectory(testDirectory(t)))
	require.NoError(t, err)
	require.NoError(t, s.ImportConfig(ctx, enc, day("2026-01-05")))

	got, errs := proctest.Race(racers, func(i int) (Cycle, error) {
		return s.ReviewRegistry(ctx, enc, office, 2026+i, day("2026-01-12"), "")
	})
	winner := ""
	for i, err := range errs {
		if err == nil {
			require.Empty(t, winner, "two cycles started: %s and %s", winner, got[i].ID)
			winner = got[i].ID
		}
	}
	require.NotEmpty(t, winner, "one cycle starts: %v", errs)
	for _, err := range errs {
		var ce *relaciona.ClaimError
		switch {
		case err == nil:
		case errors.As(err, &ce):
			// It read the office's cycles before the winner committed.
			assert.Equal(t, winner, ce.Holder.ID)
			assert.ErrorIs(t, err, relaciona.ErrConflict)
			assert.Contains(t, err.Error(), "another cycle ("+winner+")")
		default:
			// It read them after: the started cycle refuses the step.
			assert.ErrorIs(t, err, relaciona.ErrInvalid)
		}
	}
	n, err := s.cycles.Count(ctx, relaciona.Filter{})
	require.NoError(t, err)
	assert.Equal(t, int64(1), n, "the office has one cycle")
	_, err = store.VerifyRecords(ctx)
	require.NoError(t, err)
}
