package process_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

type note struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

func TestUpdateRecord(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	ana := relaciona.Actor{ID: "ana"}
	refused := errors.New("refused")
	tests := []struct {
		name, what, id string
		change         func(b *relaciona.Batch, v *note) error
		wantErr        string
		wantText       string
	}{
		{"changed", "", "n1", func(_ *relaciona.Batch, v *note) error { v.Text = "after"; return nil }, "", "after"},
		{"refused writes nothing", "", "n1", func(_ *relaciona.Batch, v *note) error { v.Text = "after"; return refused }, "refused", "before"},
		{"unknown named", "note", "n2", nil, "note n2: ", "before"},
		{"unknown plain", "", "n2", nil, "", "before"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
			require.NoError(t, err)
			t.Cleanup(func() { store.Close() })
			c := relaciona.NewCollection(store, "test.note", func(n *note) relaciona.Key { return relaciona.Key{ID: n.ID} })
			b := store.Begin(ana, "test.make", "")
			c.Put(b, &note{ID: "n1", Text: "before"}, 0)
			_, err = b.Commit(ctx)
			require.NoError(t, err)

			got, err := process.UpdateRecord(ctx, store, ana, c, "test.change", "a test", at, tc.what, tc.id, tc.change)
			switch {
			case tc.id == "n2":
				require.ErrorIs(t, err, relaciona.ErrNotFound)
				_, getErr := c.Get(ctx, "n2")
				assert.Equal(t, tc.wantErr+getErr.Error(), err.Error())
			case tc.wantErr != "":
				require.ErrorIs(t, err, refused)
			default:
				require.NoError(t, err)
				assert.Equal(t, note{ID: "n1", Text: tc.wantText}, got)
			}
			d, err := c.Get(ctx, "n1")
			require.NoError(t, err)
			assert.Equal(t, tc.wantText, d.Value.Text)
		})
	}
}
