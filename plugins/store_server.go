package plugins

import (
	"context"
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
)

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
	// query, less the host's own keys sha256 and start_timeout). They never
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
	// keepOpen: the store belongs to someone else (a brokered host store).
	keepOpen bool
}

func newStoreServer(open StoreOpener, log hclog.Logger) *storeServer {
	return &storeServer{open: open, log: log}
}

func (s *storeServer) store() (driver.Store, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.impl == nil {
		return nil, driver.Errorf(driver.ErrInvalid, "plugin store not configured: the host must call Configure first")
	}
	return s.impl, nil
}

// close closes the served store, if it owns it.
func (s *storeServer) close() error {
	s.mu.Lock()
	impl := s.impl
	s.impl = nil
	s.mu.Unlock()
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
		if err != nil {
			return nil, toStatus(err)
		}
		if impl == nil {
			return nil, toStatus(driver.Errorf(driver.ErrUnavailable, "plugin opener returned no store"))
		}
		s.impl = impl
	}
	resp := &pb.ConfigureResponse{}
	if _, ok := s.impl.(driver.Counter); ok {
		resp.Capabilities = append(resp.Capabilities, capCounter)
	}
	return resp, nil
}

func (s *storeServer) Apply(ctx context.Context, req *pb.ApplyRequest) (*pb.ApplyResponse, error) {
	st, err := s.store()
	if err != nil {
		return nil, toStatus(err)
	}
	vs, err := st.Apply(ctx, decBatch(req))
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.ApplyResponse{Versions: vs}, nil
}

func (s *storeServer) Get(ctx context.Context, req *pb.GetRequest) (*pb.GetResponse, error) {
	st, err := s.store()
	if err != nil {
		return nil, toStatus(err)
	}
	rs, err := st.Get(ctx, req.Kind, req.Ids)
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
	st, err := s.store()
	if err != nil {
		return toStatus(err)
	}
	chunk := &pb.Records{}
	size := 0
	flush := func() error {
		if len(chunk.Records) == 0 {
			return nil
		}
		err := stream.Send(chunk)
		// gRPC may hold on to a sent message: start a new one.
		chunk, size = &pb.Records{Records: make([]*pb.Record, 0, len(chunk.Records))}, 0
		return err
	}
	err = st.Scan(stream.Context(), decQuery(q), func(r driver.Record) error {
		chunk.Records = append(chunk.Records, encRecord(&r))
		size += len(r.Body)
		if len(chunk.Records) >= chunkRecords || size >= chunkBytes {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return toStatus(err)
}

func (s *storeServer) Count(ctx context.Context, q *pb.Query) (*pb.CountResponse, error) {
	st, err := s.store()
	if err != nil {
		return nil, toStatus(err)
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
	st, err := s.store()
	if err != nil {
		return toStatus(err)
	}
	chunk := &pb.AuditEntries{}
	flush := func() error {
		if len(chunk.Entries) == 0 {
			return nil
		}
		err := stream.Send(chunk)
		chunk = &pb.AuditEntries{Entries: make([]*pb.AuditEntry, 0, len(chunk.Entries))}
		return err
	}
	err = st.ScanAudit(stream.Context(), req.From, func(e driver.AuditEntry) error {
		chunk.Entries = append(chunk.Entries, encAudit(&e))
		if len(chunk.Entries) >= chunkRecords {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return toStatus(err)
}

// storePlugin is the plugin-side go-plugin glue of a store server.
func storePlugin(srv *storeServer) *grpcPlugin {
	return &grpcPlugin{register: func(_ *plugin.GRPCBroker, s *grpc.Server) { pb.RegisterStoreServer(s, srv) }}
}
