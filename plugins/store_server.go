package plugins

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// Capability names a plugin reports from Configure.
const (
	capCounter        = "counter"
	capSurveys        = "surveys"
	capSurveyRecorder = "survey_recorder"
	capFieldLister    = "field_lister"
	capAttacher       = "attacher"
	capLock           = "lock"
)

// capabilitySet is the set of the capability names a plugin reported.
func capabilitySet(names []string) map[string]bool {
	caps := make(map[string]bool, len(names))
	for _, c := range names {
		caps[c] = true
	}
	return caps
}

// Chunking of streamed reads: a chunk is sent when it holds chunkRecords
// items or chunkBytes of bodies, whichever comes first.
const (
	chunkRecords = 256
	chunkBytes   = 1 << 20
)

// StoreConfig is what a store plugin's opener receives when the host
// configures it.
type StoreConfig struct {
	// Settings are the driver settings of the host's plugin:// URL (its
	// query, less the host's own keys sha256, start_timeout and call_timeout). They never
	// hold secrets: a setting names an environment variable that does.
	Settings map[string]string
	// Logger writes to the plugin's stderr, which the host forwards into its
	// own hclog logger. Never log personal data or secrets.
	Logger hclog.Logger
}

// StoreOpener opens the store a plugin serves, once the host has sent its
// settings.
type StoreOpener func(ctx context.Context, c StoreConfig) (driver.Store, error)

// storeServer serves a driver.Store over the Store service.
type storeServer struct {
	pb.UnimplementedStoreServer
	open StoreOpener
	log  hclog.Logger

	mu   sync.Mutex
	impl driver.Store
	// packed: the host reads scan chunks in the packed record encoding.
	packed bool
	// plain makes the server behave as one built before the packed
	// encoding (tests of the negotiation).
	plain bool
	// keepOpen: the store belongs to someone else (a brokered host store).
	keepOpen bool
	// snaps are the snapshots open for the host (BeginSnapshot).
	snaps snapshots
}

func newStoreServer(open StoreOpener, log hclog.Logger) *storeServer {
	return &storeServer{open: open, log: log}
}

func (s *storeServer) store() (driver.Store, error) {
	st, _, err := s.storePacked()
	return st, err
}

// storePacked also says whether the host reads packed scan chunks.
func (s *storeServer) storePacked() (driver.Store, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := configured(s.impl, "store")
	return st, s.packed, err
}

// close closes the served store, if it owns it.
func (s *storeServer) close() error {
	s.mu.Lock()
	impl := s.impl
	s.impl = nil
	s.mu.Unlock()
	// Open snapshots hold transactions of the store: end them first.
	s.snaps.endAll()
	if impl == nil || s.keepOpen {
		return nil
	}
	return impl.Close()
}

func (s *storeServer) Configure(ctx context.Context, req *pb.ConfigureRequest) (*pb.ConfigureResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.impl == nil {
		impl, err := s.open(ctx, StoreConfig{Settings: req.Settings, Logger: s.log})
		if impl, err = opened(impl, err, "store"); err != nil {
			return nil, toStatus(err)
		}
		s.impl = impl
	}
	if len(req.AuditKey) > 0 {
		// A plugin restarted after the host was given an audit key.
		if err := s.useAuditKey(s.impl, req.AuditKeyId, req.AuditKey); err != nil {
			return nil, toStatus(err)
		}
	}
	s.packed = !s.plain && slices.Contains(req.HostFeatures, capPacked)
	resp := &pb.ConfigureResponse{}
	if !s.plain {
		resp.Capabilities = append(resp.Capabilities, capPacked)
	}
	if _, ok := s.impl.(driver.Counter); ok {
		resp.Capabilities = append(resp.Capabilities, capCounter)
	}
	if _, ok := s.impl.(driver.Snapshotter); ok && !s.plain {
		resp.Capabilities = append(resp.Capabilities, capSnapshot)
	}
	if _, ok := s.impl.(driver.Locker); ok && !s.plain {
		resp.Capabilities = append(resp.Capabilities, capLock)
	}
	return resp, nil
}

// UseAuditKey gives the served store the host's audit key.
func (s *storeServer) UseAuditKey(ctx context.Context, req *pb.AuditKeyRequest) (*pb.Empty, error) {
	st, err := s.store()
	if err != nil {
		return nil, toStatus(err)
	}
	if err := s.useAuditKey(st, req.Id, req.Key); err != nil {
		return nil, toStatus(err)
	}
	return &pb.Empty{}, nil
}

// useAuditKey keys st's audit chain, or says it cannot. A store lent by
// the host (keepOpen) is keyed by the host alone: a ticket plugin may not
// set or change its key.
func (s *storeServer) useAuditKey(st driver.Store, id string, key []byte) error {
	if s.keepOpen {
		return driver.Errorf(driver.ErrUnsupported, "the host's store is lent without its audit key: only the host keys it")
	}
	ak, ok := st.(driver.AuditKeyer)
	if !ok {
		return driver.Errorf(driver.ErrUnsupported, "the plugin's store cannot key its audit log")
	}
	return ak.UseAuditKey(id, key)
}

func (s *storeServer) Apply(ctx context.Context, req *pb.ApplyRequest) (*pb.ApplyResponse, error) {
	st, err := s.store()
	if err != nil {
		return nil, toStatus(err)
	}
	b := decBatch(req)
	if len(req.PackedWrites) > 0 {
		if len(req.Writes) > 0 {
			return nil, toStatus(driver.Errorf(driver.ErrInvalid, "a batch has both writes and packed writes; send one or the other"))
		}
		if b.Writes, err = unpackWrites(req.PackedWrites); err != nil {
			return nil, toStatus(err)
		}
	}
	vs, err := st.Apply(ctx, b)
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.ApplyResponse{Versions: vs}, nil
}

func (s *storeServer) Get(ctx context.Context, req *pb.GetRequest) (*pb.GetResponse, error) {
	rd, _, release, err := s.reader(req.Snapshot)
	if err != nil {
		return nil, toStatus(err)
	}
	defer release()
	rs, err := rd.Get(ctx, req.Kind, req.Ids)
	if err != nil {
		return nil, toStatus(err)
	}
	resp := &pb.GetResponse{Records: make([]*pb.Record, len(rs))}
	for i := range rs {
		resp.Records[i] = encRecord(&rs[i])
	}
	return resp, nil
}

func (s *storeServer) Scan(q *pb.Query, stream grpc.ServerStreamingServer[pb.Records]) error {
	rd, packed, release, err := s.reader(q.Snapshot)
	if err != nil {
		return toStatus(err)
	}
	defer release()
	produce := func(ctx context.Context, emit func(driver.Record) error) error {
		return rd.Scan(ctx, decQuery(q), emit)
	}
	if packed {
		// Packing copies each record before the next is read, so a
		// lending driver need not allocate its bodies. (The plain path
		// queues records that alias them, so it cannot borrow.)
		if ls, ok := rd.(driver.LendingScanner); ok {
			produce = func(ctx context.Context, emit func(driver.Record) error) error {
				return ls.ScanLent(ctx, decQuery(q), emit)
			}
		}
		// Records are packed as they come, on the driver's goroutine: the
		// copy is cheap and each record is garbage at once. A chunk's
		// buffer is used again once sent: Send has marshalled it by then
		// (this server has no stats handler that could read it later).
		free := make(chan *packedChunk, 4)
		return streamChunks(stream.Context(), produce,
			func(c *packedChunk, r *driver.Record) (*packedChunk, bool) {
				if c == nil {
					select {
					case c = <-free:
					default:
						c = &packedChunk{b: make([]byte, 0, min(chunkBytes, chunkRecords*(packedSize(r)+64)))}
					}
				}
				c.b = appendRecord(c.b, r)
				c.n++
				return c, c.n >= chunkRecords || len(c.b) >= chunkBytes
			},
			func(c *packedChunk) error {
				err := stream.Send(&pb.Records{Packed: c.b})
				c.b, c.n = c.b[:0], 0
				select {
				case free <- c:
				default:
				}
				return err
			})
	}
	return streamChunks(stream.Context(), produce,
		func(c *plainChunk, r *driver.Record) (*plainChunk, bool) {
			if c == nil {
				c = &plainChunk{msg: &pb.Records{Records: make([]*pb.Record, 0, chunkRecords)}}
			}
			c.msg.Records = append(c.msg.Records, encRecord(r))
			c.bytes += len(r.Body)
			return c, len(c.msg.Records) >= chunkRecords || c.bytes >= chunkBytes
		},
		func(c *plainChunk) error { return stream.Send(c.msg) })
}

// packedChunk is a scan chunk in the packed encoding, being filled.
type packedChunk struct {
	b []byte
	n int
}

// plainChunk is a scan chunk of protobuf records, being filled.
type plainChunk struct {
	msg   *pb.Records
	bytes int
}

func (s *storeServer) Count(ctx context.Context, q *pb.Query) (*pb.CountResponse, error) {
	st, err := s.store()
	if err != nil {
		return nil, toStatus(err)
	}
	if q.Snapshot != 0 {
		return nil, toStatus(driver.Errorf(driver.ErrUnsupported, "a count does not read from a snapshot"))
	}
	c, ok := st.(driver.Counter)
	if !ok {
		return nil, toStatus(driver.Errorf(driver.ErrUnsupported, "this store cannot count"))
	}
	n, err := c.Count(ctx, decQuery(q))
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.CountResponse{Count: n}, nil
}

func (s *storeServer) ScanAudit(req *pb.ScanAuditRequest, stream grpc.ServerStreamingServer[pb.AuditEntries]) error {
	rd, _, release, err := s.reader(req.Snapshot)
	if err != nil {
		return toStatus(err)
	}
	defer release()
	return streamChunks(stream.Context(),
		func(ctx context.Context, emit func(driver.AuditEntry) error) error {
			return rd.ScanAudit(ctx, req.From, emit)
		},
		func(c *pb.AuditEntries, e *driver.AuditEntry) (*pb.AuditEntries, bool) {
			if c == nil {
				c = &pb.AuditEntries{Entries: make([]*pb.AuditEntry, 0, chunkRecords)}
			}
			c.Entries = append(c.Entries, encAudit(e))
			return c, len(c.Entries) >= chunkRecords
		},
		func(c *pb.AuditEntries) error { return stream.Send(c) })
}

// Lock serves driver.Locker: it acknowledges the request at once (held
// false: waiting), waits for the lock (as long as the host waits), says it
// is held, and holds it until the stream ends.
func (s *storeServer) Lock(req *pb.LockRequest, stream grpc.ServerStreamingServer[pb.LockEvent]) error {
	st, err := s.store()
	if err != nil {
		return toStatus(err)
	}
	l, ok := st.(driver.Locker)
	if !ok {
		return toStatus(driver.Errorf(driver.ErrUnsupported, "this store has no locks"))
	}
	ctx := stream.Context()
	if err := stream.Send(&pb.LockEvent{Held: false}); err != nil {
		return err
	}
	unlock, err := l.Lock(ctx, req.Name)
	if err != nil {
		return toStatus(err)
	}
	defer func() {
		if err := unlock(); err != nil {
			s.log.Warn("releasing a lock failed", "error", err)
		}
	}()
	if err := stream.Send(&pb.LockEvent{Held: true}); err != nil {
		return err
	}
	<-ctx.Done()
	return nil
}

// streamChunks runs a driver's scan (produce) and sends what it yields as
// chunks: add puts an item into the chunk being filled (nil: start one)
// and says when it is full. Sending runs on a second goroutine, so the
// driver reads on while the last chunk is written and encrypted: a scan
// through a plugin then runs nearly at the driver's own pace. At most four
// chunks exist at once (one filling, two queued, one being sent).
//
// A failed send stops the scan; the error returned is the send's (the
// host has gone) or else the driver's, as a status.
func streamChunks[T any, C comparable](ctx context.Context, produce func(ctx context.Context, emit func(T) error) error,
	add func(c C, item *T) (C, bool), send func(C) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	queue := make(chan C, 2)
	sent := make(chan error, 1)
	go func() {
		var err error
		for chunk := range queue {
			if err == nil {
				if err = send(chunk); err != nil {
					cancel(errSendFailed)
				}
			}
		}
		sent <- err
	}()
	var none, cur C
	push := func() error {
		select {
		case queue <- cur:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		cur = none
		return nil
	}
	err := produce(ctx, func(item T) error {
		var full bool
		if cur, full = add(cur, &item); full {
			return push()
		}
		return nil
	})
	if err == nil && cur != none {
		err = push()
	}
	close(queue)
	if serr := <-sent; serr != nil {
		return serr
	}
	return toStatus(err)
}

// errSendFailed is the cause a scan is cancelled with when its stream
// cannot be written; the send's own error is what the call returns.
var errSendFailed = errors.New("plugins: sending a chunk failed")

// storePlugin is the plugin-side go-plugin glue of a store server.
func storePlugin(srv *storeServer) *grpcPlugin {
	return &grpcPlugin{register: func(_ *plugin.GRPCBroker, s *grpc.Server) { pb.RegisterStoreServer(s, srv) }}
}
