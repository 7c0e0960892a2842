package ticketsync

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relaciona/relaciona"
)

// Record kinds the sync writes.
const (
	// KindTicket holds one record per synced ticket, id "SOURCE:TICKET-ID",
	// time = the ticket's Updated, attributes source, queue and status.
	KindTicket = "ticket"
	// KindCheckpoint holds one record per source, id = the source name.
	KindCheckpoint = "ticketsync.checkpoint"
)

// Ticket is a synced ticket as stored in the Store: the canonical ticket
// and the source it came from. Requester and Body may hold personal data.
type Ticket struct {
	Source    string            `json:"source"`
	ID        string            `json:"id"`
	Queue     string            `json:"queue,omitempty"`
	Subject   string            `json:"subject"`
	Body      string            `json:"body,omitempty"`
	Status    relaciona.Status  `json:"status"`
	Native    string            `json:"native_status"`
	Priority  int               `json:"priority"`
	Assignee  string            `json:"assignee,omitempty"`
	Requester string            `json:"requester,omitempty"`
	Fields    map[string]string `json:"fields,omitempty"`
	Created   time.Time         `json:"created"`
	Updated   time.Time         `json:"updated"`
}

// RecordID is the store id of ticket id from source.
func RecordID(source, id string) string { return source + ":" + id }

// Checkpoint is how far a source has been synced: every ticket updated
// before Updated (less the overlap) is in the store.
type Checkpoint struct {
	Source  string    `json:"source"`
	Updated time.Time `json:"updated"` // the latest Updated time written
	Total   int64     `json:"total"`   // tickets written by all runs
}

// Options configure a sync run.
type Options struct {
	// Source names the ticket system in the store ("desk", "rt", ...); it
	// prefixes record ids, so two systems never collide. Required.
	Source string
	// Actor is the audit actor of the sync's batches; default id
	// "ticketsync".
	Actor relaciona.Actor
	// BatchSize is how many tickets one atomic batch holds; default 1000.
	BatchSize int
	// Overlap is how far before the checkpoint a run starts reading again,
	// to catch tickets a system commits late or stamps with whole seconds;
	// default 2 minutes. Tickets read again are compared and skipped.
	Overlap time.Duration
	// Progress, when set, is called after each batch and at the end.
	Progress func(Progress)
	// Log receives counts and timings, never ticket contents.
	Log hclog.Logger
	// Now is the clock, for the ETA; default time.Now.
	Now func() time.Time
	// At, when set, is the time of the audit entries the run writes
	// (default: the store's clock). A job run for a past date stamps its
	// sync on that date, so the log does not run ahead of the date the
	// job is for.
	At time.Time
}

// Progress reports a run's advance.
type Progress struct {
	Seen     int           // tickets read from the system (including repeats)
	Written  int           // tickets written (new or changed)
	Rate     float64       // tickets read per second so far
	ETA      time.Duration // estimated time left; -1 when unknown
	Position time.Time     // Updated time of the last ticket read
	Done     bool
}

// Result sums up a run.
type Result struct {
	Seen       int           // tickets read (including the overlap re-read)
	Written    int           // tickets created or changed in the store
	Unchanged  int           // tickets read that the store already had
	Batches    int           // batches committed
	Checkpoint time.Time     // the checkpoint after the run
	Elapsed    time.Duration // how long the run took
}

// Sync pulls the tickets changed since the source's checkpoint from t into
// s. Each batch of tickets is committed atomically with the checkpoint it
// advances, so a run killed at any point leaves the store consistent, and
// the next run resumes where the last batch ended. Tickets the store already
// has in the same state are skipped, so a run over unchanged tickets writes
// nothing at all (no new versions, no audit entries). Sync stores tickets
// as the system holds them and applies no rule to their content, so no
// ticket can fail here and none is quarantined: the rules apply where a
// ticket is used (citizen.Service.FileNewTickets sets a bad one aside in
// relaciona.Quarantine).
func Sync(ctx context.Context, t *relaciona.Tickets, s *relaciona.Store, o Options) (Result, error) {
	start := time.Now()
	if o.Source == "" || strings.ContainsAny(o.Source, ":/ ") {
		return Result{}, relaciona.Invalid("source", "a sync needs a source name without ':', '/' or spaces (got %q)", o.Source)
	}
	if o.Actor.ID == "" {
		o.Actor.ID = "ticketsync"
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 1000
	}
	if o.Overlap <= 0 {
		o.Overlap = 2 * time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = hclog.NewNullLogger()
	}
	w := &writer{s: s, o: o}
	if err := w.loadCheckpoint(ctx); err != nil {
		return Result{}, err
	}
	var since time.Time
	if !w.cp.Updated.IsZero() {
		since = w.cp.Updated.Add(-o.Overlap)
	}
	o.Log.Debug("sync starting", "source", o.Source, "since", since, "batch", o.BatchSize)

	// Read in one goroutine, write in this one, so the system's latency
	// and the store's overlap.
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []relaciona.Ticket, 2)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		buf := make([]relaciona.Ticket, 0, o.BatchSize)
		for tk, err := range t.Changes(rctx, since) {
			if err != nil {
				readErr <- err
				return
			}
			buf = append(buf, tk)
			if len(buf) == o.BatchSize {
				select {
				case batches <- buf:
				case <-rctx.Done():
					readErr <- rctx.Err()
					return
				}
				buf = make([]relaciona.Ticket, 0, o.BatchSize)
			}
		}
		if len(buf) > 0 {
			select {
			case batches <- buf:
			case <-rctx.Done():
				readErr <- rctx.Err()
				return
			}
		}
		readErr <- nil
	}()

	prog := progressor{o: o, start: start, from: since}
	var res Result
	for b := range batches {
		n, err := w.write(ctx, b)
		res.Seen += len(b)
		res.Written += n
		res.Unchanged += len(b) - n
		if err != nil {
			cancel()
			for range batches { // let the reader finish
			}
			<-readErr
			res.Checkpoint, res.Elapsed = w.cp.Updated, time.Since(start)
			return res, err
		}
		if w.committed {
			res.Batches++
		}
		prog.report(res, b[0].Updated, b[len(b)-1].Updated, false)
	}
	if err := <-readErr; err != nil {
		res.Checkpoint, res.Elapsed = w.cp.Updated, time.Since(start)
		return res, fmt.Errorf("sync %s: %w", o.Source, err)
	}
	res.Checkpoint, res.Elapsed = w.cp.Updated, time.Since(start)
	prog.report(res, time.Time{}, res.Checkpoint, true)
	o.Log.Info("sync done", "source", o.Source, "seen", res.Seen, "written", res.Written, "batches", res.Batches, "elapsed", res.Elapsed)
	return res, nil
}

// writer commits batches of tickets with the checkpoint.
type writer struct {
	s         *relaciona.Store
	o         Options
	cp        Checkpoint
	cpVersion int64
	committed bool // the last write committed a batch
}

func (w *writer) loadCheckpoint(ctx context.Context) error {
	r, err := w.s.Get(ctx, KindCheckpoint, w.o.Source)
	switch {
	case errors.Is(err, relaciona.ErrNotFound):
		w.cp = Checkpoint{Source: w.o.Source}
		return nil
	case err != nil:
		return fmt.Errorf("sync %s: read checkpoint: %w", w.o.Source, err)
	}
	cp, err := decodeCheckpoint(w.o.Source, r.Body)
	if err != nil {
		return err
	}
	w.cp, w.cpVersion = cp, r.Version
	return nil
}

// decodeCheckpoint reads the stored checkpoint of source: it must be that
// source's, with a count that is not negative. A damaged one is an
// ErrInvalid naming the source, never a checkpoint that would skip tickets.
func decodeCheckpoint(source string, body []byte) (Checkpoint, error) {
	var cp Checkpoint
	if err := json.Unmarshal(body, &cp); err != nil {
		return Checkpoint{}, fmt.Errorf("%w: sync %s: checkpoint record does not decode: %v", relaciona.ErrInvalid, source, err)
	}
	if cp.Source != source || cp.Total < 0 {
		return Checkpoint{}, fmt.Errorf("%w: sync %s: checkpoint record is damaged (source %q, total %d)", relaciona.ErrInvalid, source, cp.Source, cp.Total)
	}
	return cp, nil
}

// LoadCheckpoint reads a source's checkpoint; a source never synced has a
// zero one.
func LoadCheckpoint(ctx context.Context, s *relaciona.Store, source string) (Checkpoint, error) {
	w := &writer{s: s, o: Options{Source: source}}
	err := w.loadCheckpoint(ctx)
	return w.cp, err
}

func (w *writer) encode(tk relaciona.Ticket) ([]byte, error) {
	return json.Marshal(Ticket{Source: w.o.Source, ID: tk.ID, Queue: tk.Queue, Subject: tk.Subject, Body: tk.Body, Status: tk.Status,
		Native: tk.Native, Priority: tk.Priority, Assignee: tk.Assignee, Requester: tk.Requester, Fields: tk.Fields,
		Created: tk.Created.UTC(), Updated: tk.Updated.UTC()})
}

// write stores the tickets of b that are new or changed, with the
// checkpoint, in one batch, and returns how many it wrote.
func (w *writer) write(ctx context.Context, b []relaciona.Ticket) (int, error) {
	w.committed = false
	// The window is inclusive: a ticket may come twice; keep its latest.
	latest := make(map[string]int, len(b))
	ids := make([]string, 0, len(b))
	for i, tk := range b {
		id := RecordID(w.o.Source, tk.ID)
		if j, ok := latest[id]; ok {
			if !tk.Updated.Before(b[j].Updated) {
				latest[id] = i
			}
			continue
		}
		latest[id] = i
		ids = append(ids, id)
	}
	have, err := w.s.GetMany(ctx, KindTicket, ids)
	if err != nil {
		return 0, fmt.Errorf("sync %s: %w", w.o.Source, err)
	}
	stored := make(map[string]relaciona.Record, len(have))
	for _, r := range have {
		stored[r.ID] = r
	}
	batch := w.s.Begin(w.o.Actor, "ticketsync.pull", "tickets from "+w.o.Source)
	if !w.o.At.IsZero() {
		batch.At(w.o.At)
	}
	hwm := w.cp.Updated
	n := 0
	for _, id := range ids {
		tk := b[latest[id]]
		if u := tk.Updated.UTC(); u.After(hwm) {
			hwm = u
		}
		body, err := w.encode(tk)
		if err != nil {
			return 0, fmt.Errorf("%w: sync %s: encode ticket %s: %v", relaciona.ErrInvalid, w.o.Source, tk.ID, err)
		}
		var expect int64
		if old, ok := stored[id]; ok {
			if bytes.Equal(old.Body, body) || tk.Updated.Before(old.Time) {
				continue // already there, or older than what is stored
			}
			expect = old.Version
		}
		attrs := map[string]string{"source": w.o.Source, "status": string(tk.Status)}
		if tk.Queue != "" {
			attrs["queue"] = tk.Queue
		}
		batch.Put(relaciona.Record{Kind: KindTicket, ID: id, Time: tk.Updated, Attrs: attrs, Body: body}, expect)
		n++
	}
	if n == 0 && !hwm.After(w.cp.Updated) {
		return 0, nil // nothing new: write nothing, not even the checkpoint
	}
	cp := w.cp
	cp.Updated, cp.Total = hwm, cp.Total+int64(n)
	cpBody, err := json.Marshal(cp)
	if err != nil {
		return 0, err
	}
	batch.Put(relaciona.Record{Kind: KindCheckpoint, ID: w.o.Source, Time: hwm, Body: cpBody}, w.cpVersion)
	vs, err := batch.Commit(ctx)
	if err != nil {
		if errors.Is(err, relaciona.ErrConflict) {
			return 0, fmt.Errorf("sync %s: another sync of the same source ran at the same time; run again: %w", w.o.Source, err)
		}
		return 0, fmt.Errorf("sync %s: %w", w.o.Source, err)
	}
	w.cp, w.cpVersion, w.committed = cp, vs[len(vs)-1], true
	return n, nil
}

// progressor turns counts into rate and ETA.
type progressor struct {
	o     Options
	start time.Time
	from  time.Time // since of the run; zero when syncing everything
	first time.Time // the first ticket's Updated, when from is zero
}

func (p *progressor) report(r Result, first, pos time.Time, done bool) {
	if p.o.Progress == nil {
		return
	}
	elapsed := time.Since(p.start)
	pr := Progress{Seen: r.Seen, Written: r.Written, Position: pos, Done: done, ETA: -1}
	if s := elapsed.Seconds(); s > 0 {
		pr.Rate = float64(r.Seen) / s
	}
	// Estimate how far the stream has come from how far its Updated times
	// have moved from the start of the window towards now.
	from := p.from
	if from.IsZero() {
		if p.first.IsZero() {
			p.first = first
		}
		from = p.first
	}
	now := p.o.Now()
	if total := now.Sub(from); total > 0 && !pos.IsZero() {
		frac := float64(pos.Sub(from)) / float64(total)
		if frac > 0.001 && frac <= 1 {
			pr.ETA = time.Duration(float64(elapsed) * (1 - frac) / frac)
		}
	}
	if done {
		pr.ETA = 0
	}
	p.o.Progress(pr)
}
