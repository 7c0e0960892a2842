package satisfaction

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// fileFixture is newFixture on a SQLite file, whose writers really run
// concurrently.
func fileFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	store, err := relaciona.OpenStore(f.ctx, "sqlite://"+filepath.Join(t.TempDir(), "satisfaction.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	cfg := testConfig()
	cal, err := calendar.New(calendar.Uruguay, calendar.Options{})
	require.NoError(t, err)
	p, err := New(store, &cfg, cal, WithTickets(f.tickets))
	require.NoError(t, err)
	f.store, f.p = store, p
	return f
}

func complaintsOfTicket(t *testing.T, f *fixture, ticket string) []Complaint {
	t.Helper()
	ds, err := f.p.complaints.All(f.ctx, relaciona.Filter{Attrs: map[string]string{"ticket": ticket}})
	require.NoError(t, err)
	out := make([]Complaint, len(ds))
	for i, d := range ds {
		out[i] = d.Value
	}
	return out
}

// TestOneComplaintPerTicketUnderConcurrentReports: team members report a
// complaint for the same ticket at once (each at its own time, so each
// complaint has its own id): one is registered, every other gets an
// ErrConflict naming it. 8 reporters, 20 tickets, on a SQLite file.
func TestOneComplaintPerTicketUnderConcurrentReports(t *testing.T) {
	f := fileFixture(t)
	const reporters, tickets = 8, 20
	base := ts("2026-03-02T09:00:00Z")
	for r := range tickets {
		ticket := fmt.Sprintf("T-%d", r)
		got, errs := proctest.Race(reporters, func(i int) (Complaint, error) {
			return f.p.ReportComplaint(f.ctx, f.exe, NewComplaint{Client: "salud", Service: "vpn", Channel: ChannelTicket,
				Scope: ScopeService, Summary: "cortes", TicketID: ticket}, base.Add(time.Duration(r*reporters+i)*time.Second))
		})
		winner := ""
		for i, err := range errs {
			if err == nil {
				require.Empty(t, winner, "ticket %s: two complaints registered", ticket)
				winner = got[i].ID
			}
		}
		require.NotEmpty(t, winner, "ticket %s: one report wins: %v", ticket, errs)
		for _, err := range errs {
			if err != nil {
				var ce *relaciona.ClaimError
				require.ErrorAs(t, err, &ce, "ticket %s", ticket)
				assert.Equal(t, winner, ce.Holder.ID, "ticket %s: the loser is told the complaint", ticket)
			}
		}
		require.Len(t, complaintsOfTicket(t, f, ticket), 1, "ticket %s: one complaint", ticket)
	}
	_, err := f.store.VerifyAudit(f.ctx)
	require.NoError(t, err)
	_, err = f.store.VerifyRecords(f.ctx)
	require.NoError(t, err)
}

// TestImportDoesNotDoubleAReportedTicketComplaint: the import of a
// complaint ticket racing with a report of the same ticket registers one
// complaint in all; the import retries and stores the case.
func TestImportDoesNotDoubleAReportedTicketComplaint(t *testing.T) {
	f := fileFixture(t)
	for r := range 20 {
		ticket := fmt.Sprintf("C-%d", r)
		created := ts("2026-03-03T08:00:00Z").Add(time.Duration(r) * time.Minute)
		tk := relaciona.Ticket{ID: ticket, Subject: "Reclamo", Status: relaciona.StatusOpen, Requester: "maria.perez@example.gub.uy",
			Fields: map[string]string{"type": "complaint", "service": "vpn"}, Created: created, Updated: created}
		var importErr, reportErr error
		var res ImportResult
		proctest.Together(func() {
			res, importErr = f.p.ImportTickets(f.ctx, f.mgr, []relaciona.Ticket{tk}, created.Add(time.Hour))
		}, func() {
			_, reportErr = f.p.ReportComplaint(f.ctx, f.exe, NewComplaint{Client: "identidad", Service: "vpn", Channel: ChannelTicket,
				Scope: ScopeService, Summary: "cortes", TicketID: ticket}, created.Add(time.Minute))
		})
		require.NoError(t, importErr, "ticket %s: the import stores the case whoever registers the complaint", ticket)
		assert.Equal(t, 1, res.Stored)
		if reportErr != nil {
			require.ErrorIs(t, reportErr, relaciona.ErrConflict)
			assert.Equal(t, 1, res.Complaints, "ticket %s: the import registered it", ticket)
		} else {
			assert.Equal(t, 0, res.Complaints, "ticket %s: the report registered it", ticket)
		}
		require.Len(t, complaintsOfTicket(t, f, ticket), 1, "ticket %s: one complaint", ticket)
	}
	// A later report of an imported complaint ticket is refused.
	_, err := f.p.ReportComplaint(f.ctx, f.exe, NewComplaint{Client: "identidad", Service: "vpn", Channel: ChannelTicket,
		Scope: ScopeService, Summary: "otra vez", TicketID: "C-0"}, ts("2026-03-05T08:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrConflict)
	assert.Contains(t, err.Error(), "una queja por ticket")
	_, err = f.store.VerifyRecords(context.Background())
	require.NoError(t, err)
}

// TestOneInterviewDesignPerYear: owners racing to design 2026's interview
// under different ids (their batches held until all have read): one design
// is stored, the others get an ErrConflict naming it. Later, the same id
// may change before approval, another id for 2026 is refused, and a
// design's year does not change.
func TestOneInterviewDesignPerYear(t *testing.T) {
	const racers = 8
	f := newFixture(t)
	d, err := sqlite.Open(f.ctx, filepath.Join(t.TempDir(), "designs.db"))
	require.NoError(t, err)
	store := relaciona.NewStore(proctest.NewGate(d, "satisfaction.design", racers))
	t.Cleanup(func() { store.Close() })
	cfg := testConfig()
	cal, err := calendar.New(calendar.Uruguay, calendar.Options{})
	require.NoError(t, err)
	p, err := New(store, &cfg, cal)
	require.NoError(t, err)

	_, errs := proctest.Race(racers, func(i int) (Design, error) {
		dz := testDesign(2026)
		dz.ID = fmt.Sprintf("design-%d", i)
		return p.DesignInterview(f.ctx, f.owner, dz, ts("2026-01-10T10:00:00Z"))
	})
	winner := -1
	for i, err := range errs {
		if err == nil {
			require.Equal(t, -1, winner, "two designs for 2026: design-%d and design-%d", winner, i)
			winner = i
		}
	}
	require.GreaterOrEqual(t, winner, 0, "one design is stored: %v", errs)
	for _, err := range errs {
		if err != nil {
			var ce *relaciona.ClaimError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, fmt.Sprintf("design-%d", winner), ce.Holder.ID)
		}
	}
	n, err := p.designs.Count(f.ctx, relaciona.Filter{})
	require.NoError(t, err)
	assert.Equal(t, int64(1), n)

	// The winner may change its design; another id may not join 2026.
	dz := testDesign(2026)
	dz.ID, dz.Title = fmt.Sprintf("design-%d", winner), "Entrevista anual revisada"
	_, err = p.DesignInterview(f.ctx, f.owner, dz, ts("2026-01-11T10:00:00Z"))
	require.NoError(t, err)
	dz.ID = "otra"
	_, err = p.DesignInterview(f.ctx, f.owner, dz, ts("2026-01-11T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrConflict)
	assert.Contains(t, err.Error(), "un diseño al año")
	dz.ID, dz.Year = fmt.Sprintf("design-%d", winner), 2027
	_, err = p.DesignInterview(f.ctx, f.owner, dz, ts("2026-01-11T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a design keeps its year")
	dz.ID = ""
	_, err = p.DesignInterview(f.ctx, f.owner, dz, ts("2026-01-11T10:00:00Z"))
	require.NoError(t, err, "2027 has no design yet")
}
