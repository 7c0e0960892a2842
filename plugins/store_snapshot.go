package plugins

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"sync"

	"time"

	"google.golang.org/grpc"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/snapread"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// capSnapshot is the capability of a store plugin whose store is a
// driver.Snapshotter: it serves BeginSnapshot and EndSnapshot, and reads
// that name an open snapshot.
const capSnapshot = "snapshot"

// Bounds on a store plugin's open snapshots: each holds a database
// transaction (and its connection), so a host that dies or forgets one must
// not hold it for ever.
const (
	// defaultMaxSnapshots is how many snapshots may be open at once.
	defaultMaxSnapshots = 16
	// defaultSnapshotIdle is how long an open snapshot may go without a
	// read before the plugin ends it by itself.
	defaultSnapshotIdle = 2 * time.Minute
	// endSnapshotTimeout bounds the host's EndSnapshot call, which runs
	// even when the caller's context has ended.
	endSnapshotTimeout = 30 * time.Second
)

// ---- Plugin side ----

// snapshots are a store server's open snapshots. The zero value is ready;
// max and idle default to defaultMaxSnapshots and defaultSnapshotIdle.
type snapshots struct {
	max  int
	idle time.Duration

	mu   sync.Mutex
	open map[uint64]*openSnapshot
	// pending counts snapshots being started (they hold a slot).
	pending int
}

// openSnapshot is one snapshot held open between calls: Snapshot runs on
// its own goroutine, its fn waiting for end.
type openSnapshot struct {
	r      driver.Reader
	end    chan struct{} // closed to let fn return
	done   chan error    // Snapshot's result
	cancel context.CancelFunc
	timer  *time.Timer
	// Guarded by snapshots.mu.
	inUse int
	last  time.Time
}

func (ss *snapshots) limits() (int, time.Duration) {
	m, idle := ss.max, ss.idle
	if m <= 0 {
		m = defaultMaxSnapshots
	}
	if idle <= 0 {
		idle = defaultSnapshotIdle
	}
	return m, idle
}

// begin opens a snapshot of sn and returns its handle.
func (ss *snapshots) begin(ctx context.Context, sn driver.Snapshotter) (uint64, error) {
	maxOpen, idle := ss.limits()
	ss.mu.Lock()
	if len(ss.open)+ss.pending >= maxOpen {
		ss.mu.Unlock()
		return 0, driver.Errorf(driver.ErrUnavailable, "too many open snapshots (at most %d): end one first (EndSnapshot)", maxOpen)
	}
	ss.pending++
	ss.mu.Unlock()
	unreserve := func() {
		ss.mu.Lock()
		ss.pending--
		ss.mu.Unlock()
	}

	// The snapshot outlives this call: its context is its own, ended
	// with it.
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	sp := &openSnapshot{end: make(chan struct{}), done: make(chan error, 1), cancel: cancel}
	ready := make(chan driver.Reader, 1)
	go func() {
		sp.done <- sn.Snapshot(sctx, func(r driver.Reader) error {
			ready <- r
			<-sp.end
			return nil
		})
	}()
	select {
	case sp.r = <-ready:
	case err := <-sp.done:
		cancel()
		unreserve()
		if err == nil {
			err = driver.Errorf(driver.ErrUnavailable, "the store's Snapshot returned without calling fn")
		}
		return 0, err
	case <-ctx.Done():
		close(sp.end)
		cancel()
		unreserve()
		return 0, ctx.Err()
	}

	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.pending--
	if ss.open == nil {
		ss.open = map[uint64]*openSnapshot{}
	}
	// A random handle: after a plugin restart, a handle of the old
	// process names no snapshot of the new one.
	var id uint64
	for id == 0 || ss.open[id] != nil {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id = binary.LittleEndian.Uint64(b[:])
	}
	sp.last = time.Now()
	ss.open[id] = sp
	sp.timer = time.AfterFunc(idle, func() { ss.expire(id) })
	return id, nil
}

// errNoSnapshot says a handle names no open snapshot.
func errNoSnapshot(id uint64) error {
	return driver.Errorf(driver.ErrClosed, "snapshot %d is not open: it was ended, it expired after %s without a read, or the plugin restarted", id, defaultSnapshotIdle)
}

// acquire returns the reader of snapshot id for one call, and the function
// that releases it when the call ends.
func (ss *snapshots) acquire(id uint64) (driver.Reader, func(), error) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	sp := ss.open[id]
	if sp == nil {
		return nil, nil, errNoSnapshot(id)
	}
	sp.inUse++
	return sp.r, func() {
		ss.mu.Lock()
		defer ss.mu.Unlock()
		sp.inUse--
		sp.last = time.Now()
	}, nil
}

// expire ends snapshot id if it has been idle long enough, and otherwise
// looks again when it could be.
func (ss *snapshots) expire(id uint64) {
	_, idle := ss.limits()
	ss.mu.Lock()
	sp := ss.open[id]
	if sp == nil {
		ss.mu.Unlock()
		return
	}
	if wait := idle - time.Since(sp.last); sp.inUse > 0 || wait > 0 {
		sp.timer.Reset(max(wait, idle/4))
		ss.mu.Unlock()
		return
	}
	delete(ss.open, id)
	ss.mu.Unlock()
	_ = sp.finish()
}

// end ends snapshot id and returns its Snapshot's error.
func (ss *snapshots) end(id uint64) error {
	ss.mu.Lock()
	sp := ss.open[id]
	delete(ss.open, id)
	ss.mu.Unlock()
	if sp == nil {
		return errNoSnapshot(id)
	}
	return sp.finish()
}

// endAll ends every open snapshot (the server is closing).
func (ss *snapshots) endAll() {
	ss.mu.Lock()
	all := ss.open
	ss.open = nil
	ss.mu.Unlock()
	for _, sp := range all {
		_ = sp.finish()
	}
}

// count is how many snapshots are open.
func (ss *snapshots) count() int {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return len(ss.open)
}

func (sp *openSnapshot) finish() error {
	sp.timer.Stop()
	close(sp.end)
	err := <-sp.done
	sp.cancel()
	return err
}

// reader returns what a read names: the served store itself (snapshot 0)
// or an open snapshot, whether the host reads packed scan chunks, and the
// function to call when the read is over. A store not configured yet is
// an error, whatever the snapshot.
func (s *storeServer) reader(snapshot uint64) (rd driver.Reader, packed bool, release func(), err error) {
	st, packed, err := s.storePacked()
	if err != nil {
		return nil, false, nil, err
	}
	if snapshot == 0 {
		return st, packed, func() {}, nil
	}
	rd, release, err = s.snaps.acquire(snapshot)
	return rd, packed, release, err
}

// BeginSnapshot opens a snapshot of the store (driver.Snapshotter).
func (s *storeServer) BeginSnapshot(ctx context.Context, _ *pb.BeginSnapshotRequest) (*pb.SnapshotHandle, error) {
	st, err := s.store()
	if err != nil {
		return nil, toStatus(err)
	}
	sn, ok := st.(driver.Snapshotter)
	if !ok {
		return nil, toStatus(driver.Errorf(driver.ErrUnsupported, "this store cannot read from a snapshot"))
	}
	id, err := s.snaps.begin(ctx, sn)
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.SnapshotHandle{Id: id}, nil
}

// EndSnapshot ends an open snapshot.
func (s *storeServer) EndSnapshot(_ context.Context, h *pb.SnapshotHandle) (*pb.Empty, error) {
	if h.Id == 0 {
		return nil, toStatus(driver.Errorf(driver.ErrInvalid, "EndSnapshot names no snapshot"))
	}
	if err := s.snaps.end(h.Id); err != nil {
		return nil, toStatus(err)
	}
	return &pb.Empty{}, nil
}

// ---- Host side ----

// snapshot implements driver.Snapshotter for the client types that offer it.
func (s *storeClient) snapshot(ctx context.Context, fn func(driver.Reader) error) (err error) {
	var h *pb.SnapshotHandle
	err = s.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) (err error) {
		h, err = pb.NewStoreClient(conn).BeginSnapshot(ctx, &pb.BeginSnapshotRequest{})
		return err
	})
	if err != nil {
		return err
	}
	if h.Id == 0 {
		return driver.Errorf(driver.ErrUnavailable, "the plugin opened a snapshot without a handle")
	}
	r := snapread.New(snapClient{s: s, id: h.Id}, "", nil)
	defer func() {
		r.End()
		// Ended even when ctx has: the plugin would otherwise hold the
		// transaction until it expires.
		ectx, cancel := context.WithTimeout(context.WithoutCancel(ctx), endSnapshotTimeout)
		defer cancel()
		eerr := s.c.do(ectx, func(ctx context.Context, conn grpc.ClientConnInterface) error {
			_, err := pb.NewStoreClient(conn).EndSnapshot(ctx, h)
			return err
		})
		if err == nil {
			err = eerr
		}
	}()
	return fn(r)
}

// snapClient reads from a snapshot open in a store plugin (the records
// come over the wire: never lent).
type snapClient struct {
	s  *storeClient
	id uint64
}

func (r snapClient) Get(ctx context.Context, kind string, ids []string) ([]driver.Record, error) {
	return r.s.get(ctx, r.id, kind, ids)
}

func (r snapClient) Scan(ctx context.Context, q driver.Query, _ bool, fn func(driver.Record) error) error {
	return r.s.scan(ctx, r.id, q, fn)
}

func (r snapClient) ScanAudit(ctx context.Context, from int64, fn func(driver.AuditEntry) error) error {
	return r.s.scanAudit(ctx, r.id, from, fn)
}
