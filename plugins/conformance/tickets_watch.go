package conformance

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// watched wraps the adapter under test: every error a call returns is
// scanned for the secrets before the check sees it.
type watched struct {
	driver.Tickets
	e *ticketsEnv
}

func (w watched) seen(op string, err error) {
	if err != nil {
		w.e.scan(op+" error", err.Error())
	}
}

// Create implements driver.Tickets.
func (w watched) Create(ctx context.Context, n driver.NewTicket) (driver.Ticket, error) {
	t, err := w.Tickets.Create(ctx, n)
	w.seen("Create", err)
	return t, err
}

// Get implements driver.Tickets.
func (w watched) Get(ctx context.Context, id string) (driver.Ticket, error) {
	t, err := w.Tickets.Get(ctx, id)
	w.seen("Get", err)
	return t, err
}

// Update implements driver.Tickets.
func (w watched) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	t, err := w.Tickets.Update(ctx, id, u)
	w.seen("Update", err)
	return t, err
}

// Comment implements driver.Tickets.
func (w watched) Comment(ctx context.Context, id string, c driver.Comment) error {
	err := w.Tickets.Comment(ctx, id, c)
	w.seen("Comment", err)
	return err
}

// Changes implements driver.Tickets.
func (w watched) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	err := w.Tickets.Changes(ctx, since, fn)
	w.seen("Changes", err)
	return err
}

// Statuses implements driver.Tickets.
func (w watched) Statuses(ctx context.Context) ([]string, error) {
	ss, err := w.Tickets.Statuses(ctx)
	w.seen("Statuses", err)
	return ss, err
}

// addSecret adds a secret to scan for (a wrong one a check gave).
func (e *ticketsEnv) addSecret(s string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.secrets = append(e.secrets, s)
}

// scan records where a secret appears in text. Secrets shorter than four
// bytes are not scanned for (they would match by chance).
func (e *ticketsEnv) scan(where, text string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range e.secrets {
		if len(s) < 4 {
			continue
		}
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			if strings.Contains(text, form) {
				e.leaks = append(e.leaks, where+": "+strings.ReplaceAll(text, form, "<SECRET>"))
				break
			}
		}
	}
}

// reportLeaks scans the log lines written since the check began and fails
// the check for every place a secret appeared (the secret itself is never
// printed).
func (e *ticketsEnv) reportLeaks(t *T, logStart int) {
	if e.Logs != nil {
		lines := e.Logs()
		if logStart > len(lines) {
			logStart = 0
		}
		for _, l := range lines[logStart:] {
			e.scan("log line", l)
		}
	}
	e.mu.Lock()
	leaks := append([]string(nil), e.leaks...)
	e.mu.Unlock()
	for _, l := range leaks {
		t.Errorf("the adapter's secret appears in an error or log line (never put a secret in either): %s", l)
	}
}

// changesUntil lists the tickets Changes reports since `since` among ids,
// polling until ok says the listing is complete or the harness's
// ChangesLag has passed, and returns the last listing.
func (e *ticketsEnv) changesUntil(t *T, since time.Time, ids map[string]bool, ok func([]driver.Ticket) bool) []driver.Ticket {
	deadline := time.Now().Add(e.ChangesLag)
	poll := min(max(e.ChangesLag/20, 10*time.Millisecond), 500*time.Millisecond)
	for {
		got := changedSince(t, e.Tickets, since, ids)
		if ok(got) || !time.Now().Before(deadline) {
			return got
		}
		select {
		case <-time.After(poll):
		case <-t.Context().Done():
			require.NoError(t, t.Context().Err(), "waiting for Changes to list the tickets")
		}
	}
}

// hasAll says whether a listing holds every id.
func hasAll(ids map[string]bool) func([]driver.Ticket) bool {
	return func(ts []driver.Ticket) bool {
		got := idSet(ts...)
		for id := range ids {
			if !got[id] {
				return false
			}
		}
		return true
	}
}

// LogCapture keeps the lines written to it, for TicketsHarness.Logs: give
// it (or an io.MultiWriter with it) as the output of the adapter's logger,
// or of the host's logger for a plugin (plugins.WithLogger).
type LogCapture struct {
	mu      sync.Mutex
	lines   []string
	partial string
}

// Write implements io.Writer.
func (c *LogCapture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.partial + string(p)
	parts := strings.Split(s, "\n")
	c.partial = parts[len(parts)-1]
	c.lines = append(c.lines, parts[:len(parts)-1]...)
	return len(p), nil
}

// Lines returns the lines written so far, a partial last line included.
func (c *LogCapture) Lines() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append([]string(nil), c.lines...)
	if c.partial != "" {
		out = append(out, c.partial)
	}
	return out
}
