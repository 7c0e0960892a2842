package plugins

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// caller runs calls over a plugin connection and explains their failures:
// a supervised plugin process, or a fixed connection (a store the host
// lends a ticket plugin through go-plugin's broker).
type caller interface {
	do(ctx context.Context, f func(ctx context.Context, conn grpc.ClientConnInterface) error) error
	close() error
}

// storeClient is driver.Store on the host side of a store plugin.
type storeClient struct {
	c caller
	// packed: the plugin reads batches in the packed record encoding.
	packed bool
}

var (
	_ driver.Store      = (*storeClient)(nil)
	_ driver.AuditKeyer = (*storeClient)(nil)
)

// auditKeyHolder is a caller that configures restarted plugins: it keeps
// the audit key to send them.
type auditKeyHolder interface {
	swapAuditKey(k *driver.KeyState) *driver.KeyState
}

// useAuditKeyTimeout bounds the UseAuditKey call, which has no context.
const useAuditKeyTimeout = 30 * time.Second

// UseAuditKey implements driver.AuditKeyer: the plugin's store is given the
// key now, and a plugin restarted later receives it with its settings. A
// plugin whose store cannot key its log fails with ErrUnsupported. The key
// is never logged.
func (s *storeClient) UseAuditKey(id string, key []byte) error {
	ks, err := driver.NewKeyState(id, key)
	if err != nil {
		return err
	}
	h, _ := s.c.(auditKeyHolder)
	var old *driver.KeyState
	if h != nil {
		old = h.swapAuditKey(&ks)
	}
	ctx, cancel := context.WithTimeout(context.Background(), useAuditKeyTimeout)
	defer cancel()
	err = s.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) error {
		_, err := pb.NewStoreClient(conn).UseAuditKey(ctx, &pb.AuditKeyRequest{Id: ks.ID, Key: ks.Key})
		return err
	})
	if err != nil && h != nil {
		h.swapAuditKey(old)
	}
	return err
}

func newStoreClient(c caller, caps map[string]bool) driver.Store {
	sc := &storeClient{c: c, packed: caps[capPacked]}
	return withCapabilities(sc, caps[capCounter], caps[capSnapshot], caps[capLock])
}

// lock opens a Lock stream and waits for the plugin to say the lock is
// held. The plugin must acknowledge the request (a first event, held or
// not) within the call timeout, so a stopped plugin is an error naming it;
// the wait that follows is bounded by ctx alone. The stream outlives the
// call: unlock cancels it, and the plugin releases the lock when it sees
// the stream end. The lock also ends with the connection: if the plugin
// process dies, its store releases it.
func (s *storeClient) lock(ctx context.Context, name string) (func() error, error) {
	hold, release := context.WithCancel(context.WithoutCancel(ctx))
	err := s.c.do(ctx, func(cctx context.Context, conn grpc.ClientConnInterface) error {
		// Abandoning the call (ctx ended, the plugin silent) ends the stream.
		unlink := context.AfterFunc(cctx, release)
		stream, err := pb.NewStoreClient(conn).Lock(hold, &pb.LockRequest{Name: name})
		if err != nil {
			return err
		}
		ev, err := recvWatched(cctx, stream.Recv)
		if err != nil {
			return err
		}
		if !ev.Held {
			// The plugin is alive and waiting for the lock.
			watchdogOf(cctx).stop()
			if ev, err = stream.Recv(); err != nil {
				return err
			}
		}
		if !ev.Held {
			return driver.Errorf(driver.ErrUnavailable, "lock %q: the plugin answered without holding it", name)
		}
		if !unlink() {
			return cctx.Err()
		}
		return nil
	})
	if err != nil {
		release()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("lock %q: %w", name, ctx.Err())
		}
		return nil, err
	}
	var once sync.Once
	return func() error {
		once.Do(release)
		return nil
	}, nil
}

// Apply implements driver.Store: the whole batch travels in one call.
func (s *storeClient) Apply(ctx context.Context, b driver.Batch) ([]int64, error) {
	var req *pb.ApplyRequest
	if s.packed {
		req = &pb.ApplyRequest{PackedWrites: packWrites(b.Writes), Audit: encAudit(&b.Audit)}
	} else {
		req = encBatch(&b)
	}
	var resp *pb.ApplyResponse
	err := s.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) (err error) {
		resp, err = pb.NewStoreClient(conn).Apply(ctx, req, applyCallCodec)
		return err
	})
	if err != nil {
		return nil, err
	}
	return resp.Versions, nil
}

// Get implements driver.Store.
func (s *storeClient) Get(ctx context.Context, kind string, ids []string) ([]driver.Record, error) {
	return s.get(ctx, 0, kind, ids)
}

// get is Get, from the open snapshot named (0: none).
func (s *storeClient) get(ctx context.Context, snapshot uint64, kind string, ids []string) ([]driver.Record, error) {
	var resp *pb.GetResponse
	err := s.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) (err error) {
		resp, err = pb.NewStoreClient(conn).Get(ctx, &pb.GetRequest{Kind: kind, Ids: ids, Snapshot: snapshot})
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]driver.Record, len(resp.Records))
	for i, r := range resp.Records {
		out[i] = decRecord(r)
	}
	return out, nil
}

// Scan implements driver.Store over a server stream of record chunks.
func (s *storeClient) Scan(ctx context.Context, q driver.Query, fn func(driver.Record) error) error {
	return s.scan(ctx, 0, q, fn)
}

// scan is Scan, from the open snapshot named (0: none).
func (s *storeClient) scan(ctx context.Context, snapshot uint64, q driver.Query, fn func(driver.Record) error) error {
	req := encQuery(&q)
	req.Snapshot = snapshot
	return s.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) error {
		return recvEach(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[pb.Records], error) {
			return pb.NewStoreClient(conn).Scan(ctx, req)
		}, func(chunk *pb.Records) error {
			for _, r := range chunk.Records {
				if err := fn(decRecord(r)); err != nil {
					return &userError{err}
				}
			}
			if len(chunk.Packed) > 0 {
				return unpackRecords(chunk.Packed, fn)
			}
			return nil
		})
	})
}

// ScanAudit implements driver.Store over a server stream of entry chunks.
func (s *storeClient) ScanAudit(ctx context.Context, from int64, fn func(driver.AuditEntry) error) error {
	return s.scanAudit(ctx, 0, from, fn)
}

// scanAudit is ScanAudit, from the open snapshot named (0: none).
func (s *storeClient) scanAudit(ctx context.Context, snapshot uint64, from int64, fn func(driver.AuditEntry) error) error {
	return s.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) error {
		return recvEach(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[pb.AuditEntries], error) {
			return pb.NewStoreClient(conn).ScanAudit(ctx, &pb.ScanAuditRequest{From: from, Snapshot: snapshot})
		}, func(chunk *pb.AuditEntries) error {
			for _, e := range chunk.Entries {
				if err := fn(decAudit(e)); err != nil {
					return &userError{err}
				}
			}
			return nil
		})
	})
}

// Close stops the plugin process and waits for it.
func (s *storeClient) Close() error { return s.c.close() }

func (s *storeClient) count(ctx context.Context, q driver.Query) (int64, error) {
	var resp *pb.CountResponse
	err := s.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) (err error) {
		resp, err = pb.NewStoreClient(conn).Count(ctx, encQuery(&q))
		return err
	})
	if err != nil {
		return 0, err
	}
	return resp.Count, nil
}

// connCaller is a caller over a fixed connection, without a process to
// supervise.
type connCaller struct {
	name string
	conn *grpc.ClientConn
}

func (c *connCaller) do(ctx context.Context, f func(ctx context.Context, conn grpc.ClientConnInterface) error) error {
	err := f(ctx, c.conn)
	if err == nil {
		return nil
	}
	var ue *userError
	if errors.As(err, &ue) {
		return ue.err
	}
	st := status.Convert(err)
	if e, ok := fromDetail(st); ok {
		return e
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %s: %w", c.name, st.Message(), ctx.Err())
	}
	return fromTransport(c.name, st)
}

func (c *connCaller) close() error { return c.conn.Close() }

// storeConfigure configures a store plugin, announcing the encodings the
// host reads.
func storeConfigure(ctx context.Context, conn grpc.ClientConnInterface, req *pb.ConfigureRequest) (*pb.ConfigureResponse, error) {
	req.HostFeatures = append(req.HostFeatures, capPacked)
	return pb.NewStoreClient(conn).Configure(ctx, req)
}
