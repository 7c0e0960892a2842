package process_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/process"
)

func TestNotifyStaff(t *testing.T) {
	ctx := context.Background()
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	about := relaciona.Ref{Kind: "ptest.record", ID: "r1"}
	to := []relaciona.Person{{ID: "ana", Lang: "es"}, {ID: "bob", Lang: "en"}}
	fields := map[string]string{"record": "r1"}

	b := store.Begin(relaciona.SystemActor(), "test", "")
	process.NotifyStaff(b, "ptest", "ptest.due", about, calendar.Date{Year: 2026, Month: time.March, Day: 2}, to, fields)
	process.NotifyStaff(b, "ptest", "ptest.open", about, calendar.Date{}, to[:1], fields)
	_, err = b.Commit(ctx)
	require.NoError(t, err)

	type sent struct{ kind, process, to, lang, due string }
	var got []sent
	for _, n := range proctest.Outbox(t, ctx, store) {
		assert.Equal(t, about, n.About)
		assert.Equal(t, fields, n.Fields)
		got = append(got, sent{n.Kind, n.Process, n.To.Person, string(n.Lang), n.Due})
	}
	assert.ElementsMatch(t, []sent{
		{"ptest.due", "ptest", "ana", "es", "2026-03-02"},
		{"ptest.due", "ptest", "bob", "en", "2026-03-02"},
		{"ptest.open", "ptest", "ana", "es", ""},
	}, got)
}
