package relaciona_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
)

// fakeTickets is a minimal in-memory driver.Tickets with RT-like statuses.
type fakeTickets struct {
	mu sync.Mutex
	ts map[string]driver.Ticket
	n  int
}

func (f *fakeTickets) Create(_ context.Context, n driver.NewTicket) (driver.Ticket, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	st := n.Status
	if st == "" {
		st = "nuevo"
	}
	t := driver.Ticket{ID: fmt.Sprint(f.n), Subject: n.Subject, Status: st, Fields: n.Fields, Updated: time.Unix(int64(f.n), 0)}
	f.ts[t.ID] = t
	return t, nil
}

func (f *fakeTickets) Get(_ context.Context, id string) (driver.Ticket, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.ts[id]
	if !ok {
		return t, driver.Errorf(driver.ErrNotFound, "ticket %s", id)
	}
	return t, nil
}

func (f *fakeTickets) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	t, err := f.Get(ctx, id)
	if err != nil {
		return t, err
	}
	if u.Status != nil {
		t.Status = *u.Status
	}
	f.mu.Lock()
	f.ts[id] = t
	f.mu.Unlock()
	return t, nil
}

func (f *fakeTickets) Comment(context.Context, string, driver.Comment) error { return nil }
func (f *fakeTickets) Changes(_ context.Context, _ time.Time, fn func(driver.Ticket) error) error {
	f.mu.Lock()
	var all []driver.Ticket
	for i := 1; i <= f.n; i++ {
		all = append(all, f.ts[fmt.Sprint(i)])
	}
	f.mu.Unlock()
	for _, t := range all {
		if err := fn(t); err != nil {
			return err
		}
	}
	return nil
}
func (f *fakeTickets) Statuses(context.Context) ([]string, error) {
	return []string{"nuevo", "abierto", "resuelto", "raro"}, nil
}
func (f *fakeTickets) Close() error { return nil }

func TestTicketsMapStatusesBothWays(t *testing.T) {
	ctx := context.Background()
	tk, err := relaciona.NewTickets(&fakeTickets{ts: map[string]driver.Ticket{}}, relaciona.WithStatusMap(map[string]string{
		"nuevo": "new", "abierto": "open", "resuelto": "resolved",
	}))
	require.NoError(t, err)
	created, err := tk.Create(ctx, relaciona.NewTicket{Subject: "Reclamo por demora"})
	require.NoError(t, err)
	assert.Equal(t, relaciona.StatusNew, created.Status)
	assert.Equal(t, "nuevo", created.Native)

	up, err := tk.SetStatus(ctx, created.ID, relaciona.StatusResolved)
	require.NoError(t, err)
	assert.Equal(t, relaciona.StatusResolved, up.Status)
	assert.Equal(t, "resuelto", up.Native)

	_, err = tk.SetStatus(ctx, created.ID, relaciona.Status("archived"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "a non-canonical status is refused before reaching the system")

	_, err = tk.Get(ctx, "999")
	assert.ErrorIs(t, err, relaciona.ErrNotFound)

	_, err = tk.Create(ctx, relaciona.NewTicket{Subject: "  "})
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
}

func TestTicketsUnknownNativeStatusIsAnError(t *testing.T) {
	ctx := context.Background()
	f := &fakeTickets{ts: map[string]driver.Ticket{}}
	tk, err := relaciona.NewTickets(f, relaciona.WithStatusMap(map[string]string{"nuevo": "new"}))
	require.NoError(t, err)
	_, err = f.Create(ctx, driver.NewTicket{Subject: "x", Status: "raro"})
	require.NoError(t, err)
	_, err = tk.Get(ctx, "1")
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), `"raro"`)
	var n int
	for _, err := range tk.Changes(ctx, time.Time{}) {
		n++
		require.Error(t, err, "an unmapped status stops the stream with an error")
	}
	assert.Equal(t, 1, n)
}

func TestTicketsStatusMapMustBeCanonical(t *testing.T) {
	_, err := relaciona.NewTickets(&fakeTickets{}, relaciona.WithStatusMap(map[string]string{"x": "done"}))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "tickets.status_map.x")
}

func TestTicketsMissingCapabilityIsUnsupported(t *testing.T) {
	ctx := context.Background()
	tk, err := relaciona.NewTickets(&fakeTickets{ts: map[string]driver.Ticket{}})
	require.NoError(t, err)
	assert.False(t, tk.Has(relaciona.CapSurveys))
	for _, err := range tk.SurveyResponses(ctx, time.Time{}) {
		assert.ErrorIs(t, err, relaciona.ErrUnsupported)
	}
	assert.ErrorIs(t, tk.RecordSurveys(ctx, nil), relaciona.ErrUnsupported)
	_, err = tk.Fields(ctx)
	assert.ErrorIs(t, err, relaciona.ErrUnsupported)
	assert.ErrorIs(t, tk.Attach(ctx, "1", driver.Attachment{}), relaciona.ErrUnsupported)
}

func TestOpenTicketsUnknownScheme(t *testing.T) {
	_, err := relaciona.OpenTickets(context.Background(), "jira://x?token=secret")
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.NotContains(t, err.Error(), "secret", "URLs in errors are redacted")
}
