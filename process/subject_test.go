package process_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// TestEveryProcessOffersItsPersonalKinds: each registered process's
// Instance is a process.SubjectHolder, so the subject-rights API reaches
// every process's personal data without a switch of its own, and the
// kinds it offers belong to it.
func TestEveryProcessOffersItsPersonalKinds(t *testing.T) {
	ctx := context.Background()
	countries := map[string]calendar.Country{"stakeholder": calendar.Colombia, "alliance": calendar.Chile, "satisfaction": calendar.Uruguay, "citizen": calendar.Colombia}
	var all []process.Instance
	for _, def := range process.Definitions() {
		store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
		require.NoError(t, err)
		defer store.Close()
		cal, err := calendar.New(countries[def.Kind], calendar.Options{})
		require.NoError(t, err)
		inst, err := def.Open(filepath.Join("..", "examples", def.Kind, def.Kind+".yaml"), process.Env{Store: store, Calendar: cal, Location: time.UTC})
		require.NoError(t, err)
		h, ok := inst.(process.SubjectHolder)
		require.True(t, ok, "%s: its Instance offers its personal kinds", def.Kind)
		kinds := h.PersonalKinds()
		require.NotEmpty(t, kinds, def.Kind)
		for _, k := range kinds {
			assert.Equal(t, def.Kind, k.Process)
			assert.NotNil(t, k.New)
			assert.NotEmpty(t, k.Label[0], "%s has a label", k.Kind)
		}
		all = append(all, inst)
	}
	assert.Greater(t, len(process.PersonalKinds(all...)), len(all))
}
