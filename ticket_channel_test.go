package relaciona_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
)

func TestTicketChannelRepliesOncePerKey(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	dk, err := desk.New(s.Driver(), desk.Options{})
	require.NoError(t, err)
	tk, err := relaciona.NewTickets(dk)
	require.NoError(t, err)
	tic, err := tk.Create(ctx, relaciona.NewTicket{Subject: "Petición", Body: "Solicito información"})
	require.NoError(t, err)
	ch := relaciona.TicketChannel(tk)
	m := driver.Message{ID: "citizen.pqrsd.extension:pqrsd/P-1:2026-12-04:ticket:" + tic.ID, Ticket: tic.ID, Subject: "Prórroga", Body: "Nueva fecha: 4 de diciembre de 2026\n"}

	require.NoError(t, ch.Send(ctx, m))
	require.NoError(t, ch.Send(ctx, m), "a resend of the same key")
	var replies []string
	require.NoError(t, dk.Comments(ctx, tic.ID, func(c driver.Comment, _ time.Time) error {
		if c.Public {
			replies = append(replies, c.Body)
		}
		return nil
	}))
	require.Len(t, replies, 1, "one reply per key")
	assert.Equal(t, "Prórroga\n\nNueva fecha: 4 de diciembre de 2026\n\nRef.: "+m.ID, replies[0])

	// Another key on the same ticket is another reply.
	m2 := m
	m2.ID += "-2"
	require.NoError(t, ch.Send(ctx, m2))

	for name, bad := range map[string]driver.Message{
		"no ticket":      {ID: "k", Body: "x"},
		"unknown ticket": {ID: "k", Ticket: "999999", Body: "x"},
	} {
		err := ch.Send(ctx, bad)
		assert.ErrorIs(t, err, relaciona.ErrInvalid, name)
		assert.False(t, strings.Contains(err.Error(), "x\n"), name)
	}
	assert.NoError(t, ch.Close())
}
