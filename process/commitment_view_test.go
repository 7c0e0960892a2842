package process_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

// pledge is a process's view of a register's commitment, as citizen's and
// satisfaction's Commitment are.
type pledge struct {
	ID, What string
	Record   relaciona.Commitment
}

func pledgeOf(r relaciona.Commitment) pledge { return pledge{ID: r.Key, What: r.What, Record: r} }

func (p pledge) MarshalJSON() ([]byte, error) {
	return process.MarshalCommitmentView(p.Record, p.ID, "Pledge")
}

func (p *pledge) UnmarshalJSON(b []byte) error {
	return process.UnmarshalCommitmentView(b, p, pledgeOf)
}

func TestCommitmentViews(t *testing.T) {
	ctx := context.Background()
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	dir, err := relaciona.NewRoster(relaciona.Person{ID: "ana"}, relaciona.Person{ID: "otra-parte"})
	require.NoError(t, err)
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	b := store.Begin(relaciona.Actor{ID: "ana"}, "test.make", "").At(day)
	made, err := relaciona.NewCommitments(store, dir).Add(ctx, b, relaciona.NewCommitment{Key: "k1",
		Source: relaciona.CommitmentSource{Process: "test", Kind: "test.record", ID: "k1"},
		Ours:   relaciona.OurParty{Owner: "ana"}, Theirs: relaciona.OtherParty{Kind: "party", ID: "p1", Confirmers: []string{"otra-parte"}},
		What: "entregar el informe", Due: day.AddDate(0, 0, 10), Date: day})
	require.NoError(t, err)
	_, err = b.Commit(ctx)
	require.NoError(t, err)

	views := process.CommitmentViews(store, func(p *pledge) relaciona.Commitment { return p.Record })
	doc, err := views.Get(ctx, made.ID)
	require.NoError(t, err)
	assert.Equal(t, "k1", doc.Value.ID)
	assert.Equal(t, "entregar el informe", doc.Value.What)
	assert.Equal(t, made.ID, doc.Value.Record.ID)

	// The view indexes as the register does: by owner, among others.
	var found []string
	for d, err := range views.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"owner": "ana", "process": "test"}}) {
		require.NoError(t, err)
		found = append(found, d.Value.ID)
	}
	assert.Equal(t, []string{"k1"}, found)

	// The view is written as the register's record, and nothing else.
	data, err := json.Marshal(doc.Value)
	require.NoError(t, err)
	want, err := json.Marshal(made)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(data))

	// A view made in Go stands for no record: refused, naming its id and
	// the method that makes a commitment.
	_, err = json.Marshal(pledge{ID: "k2"})
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.ErrorContains(t, err, `commitment "k2": a commitment is made through the register (Pledge)`)

	var p pledge
	require.Error(t, json.Unmarshal([]byte(`{"id": 3}`), &p))
}
