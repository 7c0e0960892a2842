package conformance_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

func deskHarness(t *testing.T, wrap func(*desk.Desk) driver.Tickets) conformance.TicketsHarness {
	s, err := sqlite.Open(context.Background(), ":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	d, err := desk.New(s, desk.Options{Queues: []string{"q"}, Fields: []string{"f"}, Agents: []string{"ana"}})
	require.NoError(t, err)
	return conformance.TicketsHarness{Tickets: wrap(d), Queue: "q", Statuses: []string{"new", "open"}, Field: "f",
		StrictFields: true, Assignee: "ana", Resolution: time.Millisecond}
}

// noFieldMerge drops custom field updates.
type noFieldMerge struct{ *desk.Desk }

func (n noFieldMerge) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	u.Fields = nil
	return n.Desk.Update(ctx, id, u)
}

// leakyWindow lists every ticket, whatever since says, twice.
type leakyWindow struct{ *desk.Desk }

func (l leakyWindow) Changes(ctx context.Context, _ time.Time, fn func(driver.Ticket) error) error {
	for range 2 {
		if err := l.Desk.Changes(ctx, time.Time{}, fn); err != nil {
			return err
		}
	}
	return nil
}

// untyped returns plain errors for missing tickets.
type untyped struct{ *desk.Desk }

func (u untyped) Get(ctx context.Context, id string) (driver.Ticket, error) {
	t, err := u.Desk.Get(ctx, id)
	if err != nil {
		return t, errors.New("something went wrong")
	}
	return t, nil
}

// TestTicketSuiteCatchesBrokenAdapters shows the suite fails where an
// adapter breaks the contract, and passes the rest.
func TestTicketSuiteCatchesBrokenAdapters(t *testing.T) {
	for _, c := range []struct {
		name string
		wrap func(*desk.Desk) driver.Tickets
		fail []string
	}{
		{"sound", func(d *desk.Desk) driver.Tickets { return d }, nil},
		{"fields not merged", func(d *desk.Desk) driver.Tickets { return noFieldMerge{d} }, []string{"Update/FieldsMergeAndClear"}},
		{"window leaks and repeats", func(d *desk.Desk) driver.Tickets { return leakyWindow{d} },
			[]string{"Changes/InclusiveWindow", "Changes/OrderAndUpdatedTwice", "Concurrency/CreateUpdateComment"}},
		{"untyped not found", func(d *desk.Desk) driver.Tickets { return untyped{d} }, []string{"Get/NotFound", "Errors/HostileInput"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			results := conformance.RunTicketsChecks(context.Background(), deskHarness(t, c.wrap), nil)
			require.Len(t, results, len(conformance.TicketsChecks()))
			var failed []string
			for _, r := range results {
				if !r.Passed && r.Skipped == "" {
					failed = append(failed, r.Name)
					assert.NotEmpty(t, r.Failures, "%s says why it failed", r.Name)
				}
			}
			for _, want := range c.fail {
				assert.Contains(t, failed, want)
			}
			if c.fail == nil {
				assert.Empty(t, failed)
			}
		})
	}
}
