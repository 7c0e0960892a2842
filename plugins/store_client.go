package plugins

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

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

// counterClient adds driver.Counter, for plugins that report the capability.
type counterClient struct{ *storeClient }

// lockerClient adds driver.Locker, for plugins that report "lock".
type lockerClient struct{ *storeClient }

// counterLockerClient is a plugin with both capabilities.
type counterLockerClient struct {
	counterClient
}

var (
	_ driver.Store   = (*storeClient)(nil)
	_ driver.Counter = counterClient{}
	_ driver.Locker  = lockerClient{}
	_ driver.Counter = counterLockerClient{}
	_ driver.Locker  = counterLockerClient{}
)

func newStoreClient(c caller, caps map[string]bool) driver.Store {
	sc := &storeClient{c: c, packed: caps[capPacked]}
	switch {
	case caps[capCounter] && caps[capLock]:
		return counterLockerClient{counterClient{sc}}
	case caps[capCounter]:
		return counterClient{sc}
	case caps[capLock]:
		return lockerClient{sc}
	}
	return sc
}

// base is the client under the capability wrappers.
func (s *storeClient) base() *storeClient { return s }

// Lock implements driver.Locker.
func (s lockerClient) Lock(ctx context.Context, name string) (func() error, error) {
	return s.lock(ctx, name)
}

// Lock implements driver.Locker.
func (s counterLockerClient) Lock(ctx context.Context, name string) (func() error, error) {
	return s.lock(ctx, name)
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
	var resp *pb.GetResponse
	err := s.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) (err error) {
		resp, err = pb.NewStoreClient(conn).Get(ctx, &pb.GetRequest{Kind: kind, Ids: ids})
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
	req := encQuery(&q)
	return s.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) error {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		stream, err := pb.NewStoreClient(conn).Scan(ctx, req)
		if err != nil {
			return err
		}
		for {
			chunk, err := recvWatched(ctx, stream.Recv)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			for _, r := range chunk.Records {
				if err := fn(decRecord(r)); err != nil {
					return &userError{err}
				}
			}
			if len(chunk.Packed) > 0 {
				if err := unpackRecords(chunk.Packed, fn); err != nil {
					return err
				}
			}
		}
	})
}

// ScanAudit implements driver.Store over a server stream of entry chunks.
func (s *storeClient) ScanAudit(ctx context.Context, from int64, fn func(driver.AuditEntry) error) error {
	return s.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) error {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		stream, err := pb.NewStoreClient(conn).ScanAudit(ctx, &pb.ScanAuditRequest{From: from})
		if err != nil {
			return err
		}
		for {
			chunk, err := recvWatched(ctx, stream.Recv)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			for _, e := range chunk.Entries {
				if err := fn(decAudit(e)); err != nil {
					return &userError{err}
				}
			}
		}
	})
}

// Close stops the plugin process and waits for it.
func (s *storeClient) Close() error { return s.c.close() }

// Count implements driver.Counter.
func (s counterClient) Count(ctx context.Context, q driver.Query) (int64, error) {
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
