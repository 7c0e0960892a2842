package citizen

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/pgtest"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
	_ "github.com/relaciona/relaciona/plugins/postgres" // postgres:// store URLs
)

// openSQLiteFile opens a store in a SQLite file: unlike :memory:, its
// writers really run concurrently.
func openSQLiteFile(t *testing.T) *relaciona.Store {
	t.Helper()
	s, err := relaciona.OpenStore(context.Background(), "sqlite://"+filepath.Join(t.TempDir(), "citizen.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// openPostgres opens a store in a fresh schema of the PostgreSQL server
// PG_DSN names, dropped at the end; without PG_DSN the test is skipped.
func openPostgres(t *testing.T) *relaciona.Store {
	t.Helper()
	schema := pgtest.Schema(t, "citizen_test_")
	s, err := relaciona.OpenStore(context.Background(), "postgres://?dsn_env=PG_DSN&schema="+schema)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// TestOnePQRSDPerTicketUnderConcurrentFilers: 8 goroutines file the same
// ticket at once, for 20 tickets: exactly one PQRSD per ticket, every
// other filer gets an ErrConflict naming the winner, and the audit log and
// records verify. On a SQLite file and on PostgreSQL.
func TestOnePQRSDPerTicketUnderConcurrentFilers(t *testing.T) {
	for _, c := range []struct {
		name string
		open func(t *testing.T) *relaciona.Store
	}{{"sqlite-file", openSQLiteFile}, {"postgres", openPostgres}} {
		t.Run(c.name, func(t *testing.T) {
			const filers, tickets = 8, 20
			ctx := context.Background()
			store := c.open(t)
			now := at("2026-03-13")
			dk, err := desk.New(store.Driver(), desk.Options{Queues: []string{"pqrsd"}, Now: func() time.Time { return now }})
			require.NoError(t, err)
			tk, err := relaciona.NewTickets(dk)
			require.NoError(t, err)
			f := newFixture(t)
			s, err := New(store, f.cfg, f.cal, WithLocation(bogota), WithTickets(tk), WithLang(relaciona.English))
			require.NoError(t, err)

			for r := range tickets {
				ticket, err := tk.Create(ctx, relaciona.NewTicket{Queue: "pqrsd", Subject: fmt.Sprintf("Solicitud %d", r), Body: "Texto",
					Requester: "ciudadano@example.co", Fields: map[string]string{"pqrsd_type": "peticion", "request_kind": "general"}})
				require.NoError(t, err)
				got, errs := proctest.Race(filers, func(int) (PQRSD, error) {
					return s.FileFromTicket(ctx, clerk, ticket.ID, at("2026-03-16"))
				})
				winner := ""
				for i, err := range errs {
					if err == nil {
						require.Empty(t, winner, "ticket %s: two filers won (%s and %s)", ticket.ID, winner, got[i].ID)
						winner = got[i].ID
					}
				}
				require.NotEmpty(t, winner, "ticket %s: one filer wins; errors: %v", ticket.ID, errs)
				for _, err := range errs {
					if err == nil {
						continue
					}
					require.ErrorIs(t, err, relaciona.ErrConflict, "ticket %s: a losing filer gets a conflict", ticket.ID)
					var ce *relaciona.ClaimError
					require.True(t, errors.As(err, &ce), "ticket %s: the conflict is the ticket's claim: %v", ticket.ID, err)
					assert.Equal(t, winner, ce.Holder.ID, "ticket %s: the loser is told the winner", ticket.ID)
					assert.Contains(t, err.Error(), winner)
				}
				ps, err := s.pqrsd.All(ctx, relaciona.Filter{Attrs: map[string]string{"ticket": ticket.ID}})
				require.NoError(t, err)
				require.Len(t, ps, 1, "ticket %s: one PQRSD", ticket.ID)
			}
			n, err := s.pqrsd.Count(ctx, relaciona.Filter{})
			require.NoError(t, err)
			assert.Equal(t, int64(tickets), n, "one PQRSD per ticket in all")
			_, err = store.VerifyAudit(ctx)
			require.NoError(t, err)
			_, err = store.VerifyRecords(ctx)
			require.NoError(t, err)
		})
	}
}

// TestTicketFiledBeforeClaimsIsStillFiledOnce: a PQRSD filed before
// tickets were claimed (no claim record) still refuses a second filing of
// its ticket, naming it; a second filing after a claimed one is refused
// the same way, in Spanish by default.
func TestTicketFiledBeforeClaimsIsStillFiledOnce(t *testing.T) {
	now := at("2026-03-13")
	f, _, tk := withDesk(t, &now)
	ticket, err := tk.Create(f.ctx, relaciona.NewTicket{Queue: "pqrsd", Subject: "Solicitud", Body: "Texto",
		Fields: map[string]string{"pqrsd_type": "peticion", "request_kind": "general"}})
	require.NoError(t, err)
	p, err := f.s.FileFromTicket(f.ctx, clerk, ticket.ID, at("2026-03-16"))
	require.NoError(t, err)
	c, err := f.store.Claimed(f.ctx, ClaimTicket, ticket.ID)
	require.NoError(t, err)
	assert.Equal(t, relaciona.Ref{Kind: kindPQRSD, ID: p.ID}, c.Holder, "the ticket's claim names its PQRSD")

	_, err = f.s.FileFromTicket(f.ctx, clerk, ticket.ID, at("2026-03-16"))
	var ce *relaciona.ClaimError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, p.ID, ce.Holder.ID)
	assert.Contains(t, err.Error(), "ticket "+ticket.ID+" is already filed as "+p.ID)

	// Remove the claim, as in a store written before claims existed.
	b := f.store.Begin(clerk, "test.legacy", "a store from before claims")
	b.Delete(relaciona.ClaimKind, relaciona.ClaimID(ClaimTicket, ticket.ID), 1)
	_, err = b.Commit(f.ctx)
	require.NoError(t, err)
	before := f.audits(t)
	_, err = f.s.FileFromTicket(f.ctx, clerk, ticket.ID, at("2026-03-16"))
	require.ErrorAs(t, err, &ce, "the ticket attribute of the old PQRSD still counts")
	assert.Equal(t, p.ID, ce.Holder.ID)
	assert.Equal(t, before, f.audits(t), "nothing is written")
	filed, err := f.s.ticketFiled(f.ctx, ticket.ID)
	require.NoError(t, err)
	assert.Equal(t, p.ID, filed)

	es, err := New(f.store, f.cfg, f.cal, WithLocation(bogota), WithTickets(tk))
	require.NoError(t, err)
	_, err = es.FileFromTicket(f.ctx, clerk, ticket.ID, at("2026-03-16"))
	require.ErrorIs(t, err, relaciona.ErrConflict)
	assert.Contains(t, err.Error(), "ya está radicado como "+p.ID)
}

// filingDesk delivers the desk's changes one by one and calls between after
// the first, as a clerk filing that ticket while FileNewTickets runs.
type filingDesk struct {
	driver.Tickets
	between func()
}

func (d *filingDesk) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	var all []driver.Ticket
	if err := d.Tickets.Changes(ctx, since, func(t driver.Ticket) error { all = append(all, t); return nil }); err != nil {
		return err
	}
	for i, t := range all {
		if err := fn(t); err != nil {
			return err
		}
		if i == 0 && d.between != nil {
			d.between()
		}
	}
	return nil
}

func TestFileNewTicketsSkipsATicketFiledMeanwhile(t *testing.T) {
	now := at("2026-03-13")
	f, rec, _ := withDesk(t, &now)
	fd := &filingDesk{Tickets: rec}
	tk, err := relaciona.NewTickets(fd)
	require.NoError(t, err)
	s, err := New(f.store, f.cfg, f.cal, WithLocation(bogota), WithTickets(tk), WithLang(relaciona.English))
	require.NoError(t, err)
	var ids []string
	for range 3 {
		tt, err := tk.Create(f.ctx, relaciona.NewTicket{Queue: "pqrsd", Subject: "asunto", Fields: map[string]string{"pqrsd_type": "queja"}})
		require.NoError(t, err)
		ids = append(ids, tt.ID)
	}
	var clerks PQRSD
	fd.between = func() {
		fd.between = nil
		clerks, err = s.FileFromTicket(f.ctx, job, ids[0], at("2026-03-16"))
		require.NoError(t, err)
	}
	res, err := s.FileNewTickets(f.ctx, job, time.Time{}, at("2026-03-16"))
	require.NoError(t, err, "a ticket filed meanwhile is skipped, not an error")
	assert.Equal(t, 2, res.Filed)
	n, err := f.store.Count(f.ctx, "citizen.pqrsd", relaciona.Filter{})
	require.NoError(t, err)
	assert.EqualValues(t, 3, n, "one PQRSD per ticket")
	filed, err := s.ticketFiled(f.ctx, ids[0])
	require.NoError(t, err)
	assert.Equal(t, clerks.ID, filed)
}
