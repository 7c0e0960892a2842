package plugins

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// storeClientOf returns the storeClient under any of the client types.
func storeClientOf(s driver.Store) *storeClient {
	if b, ok := s.(interface{ base() *storeClient }); ok {
		return b.base()
	}
	return nil
}

// snapServer is a configured store server over a SQLite file, called
// directly (no transport).
func snapServer(t *testing.T, maxOpen int, idle time.Duration) *storeServer {
	t.Helper()
	impl, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	require.NoError(t, err)
	srv := newStoreServer(fixedStore(impl), testLogger())
	srv.snaps.max, srv.snaps.idle = maxOpen, idle
	_, err = srv.Configure(t.Context(), &pb.ConfigureRequest{})
	require.NoError(t, err)
	t.Cleanup(func() { srv.close() })
	return srv
}

func put1(t *testing.T, srv *storeServer, id string) {
	t.Helper()
	_, err := srv.Apply(t.Context(), encBatch(&driver.Batch{
		Writes: []driver.Write{{Op: driver.OpPut, Record: driver.Record{Kind: "k", ID: id, Body: []byte(`{}`)}}},
		Audit:  driver.AuditEntry{Actor: "test", Action: "put"},
	}))
	require.NoError(t, err)
}

func getIDs(t *testing.T, srv *storeServer, snapshot uint64) ([]string, error) {
	t.Helper()
	resp, err := srv.Get(t.Context(), &pb.GetRequest{Kind: "k", Ids: []string{"a", "b"}, Snapshot: snapshot})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range resp.Records {
		out = append(out, r.Id)
	}
	return out, nil
}

// TestSnapshotServerBounds: the plugin holds at most max snapshots, ends
// one idle too long by itself, ends them all when it closes, and names an
// unknown or ended handle in a clear error.
func TestSnapshotServerBounds(t *testing.T) {
	notOpen := func(t *testing.T, err error) {
		t.Helper()
		require.Error(t, err)
		assert.Equal(t, codes.FailedPrecondition, status.Code(err), "ErrClosed: %v", err)
		assert.Contains(t, status.Convert(err).Message(), "is not open")
	}
	t.Run("configure announces it", func(t *testing.T) {
		srv := snapServer(t, 0, 0)
		resp, err := srv.Configure(t.Context(), &pb.ConfigureRequest{})
		require.NoError(t, err)
		assert.Contains(t, resp.Capabilities, capSnapshot)
	})
	t.Run("reads see the snapshot", func(t *testing.T) {
		srv := snapServer(t, 0, 0)
		put1(t, srv, "a")
		h, err := srv.BeginSnapshot(t.Context(), &pb.BeginSnapshotRequest{})
		require.NoError(t, err)
		put1(t, srv, "b")
		got, err := getIDs(t, srv, h.Id)
		require.NoError(t, err)
		assert.Equal(t, []string{"a"}, got, "a read naming the snapshot does not see b")
		got, err = getIDs(t, srv, 0)
		require.NoError(t, err)
		assert.Equal(t, []string{"a", "b"}, got, "a read naming none sees b")
		_, err = srv.EndSnapshot(t.Context(), h)
		require.NoError(t, err)
		_, err = getIDs(t, srv, h.Id)
		notOpen(t, err)
		_, err = srv.EndSnapshot(t.Context(), h)
		notOpen(t, err)
	})
	t.Run("at most max open", func(t *testing.T) {
		srv := snapServer(t, 2, 0)
		h1, err := srv.BeginSnapshot(t.Context(), &pb.BeginSnapshotRequest{})
		require.NoError(t, err)
		_, err = srv.BeginSnapshot(t.Context(), &pb.BeginSnapshotRequest{})
		require.NoError(t, err)
		_, err = srv.BeginSnapshot(t.Context(), &pb.BeginSnapshotRequest{})
		require.Error(t, err)
		assert.Equal(t, codes.Unavailable, status.Code(err))
		assert.Contains(t, status.Convert(err).Message(), "too many open snapshots")
		_, err = srv.EndSnapshot(t.Context(), h1)
		require.NoError(t, err)
		_, err = srv.BeginSnapshot(t.Context(), &pb.BeginSnapshotRequest{})
		require.NoError(t, err, "ending one frees its place")
		srv.close()
		assert.Equal(t, 0, srv.snaps.count(), "closing the server ends every snapshot")
	})
	t.Run("idle ones expire", func(t *testing.T) {
		srv := snapServer(t, 0, 100*time.Millisecond)
		h, err := srv.BeginSnapshot(t.Context(), &pb.BeginSnapshotRequest{})
		require.NoError(t, err)
		for range 4 { // reads keep it open
			time.Sleep(50 * time.Millisecond)
			_, err := getIDs(t, srv, h.Id)
			require.NoError(t, err)
		}
		require.Eventually(t, func() bool { return srv.snaps.count() == 0 }, 5*time.Second, 20*time.Millisecond)
		_, err = getIDs(t, srv, h.Id)
		notOpen(t, err)
	})
	t.Run("unknown handle", func(t *testing.T) {
		srv := snapServer(t, 0, 0)
		_, err := getIDs(t, srv, 12345)
		notOpen(t, err)
		err = srv.ScanAudit(&pb.ScanAuditRequest{From: 1, Snapshot: 12345}, nil)
		notOpen(t, err)
	})
}

// TestSnapshotThroughTransport: the host's store offers Snapshot when the
// plugin's does, ends the plugin's snapshot when fn returns (also on
// error), and its Reader refuses to read afterwards.
func TestSnapshotThroughTransport(t *testing.T) {
	impl, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	require.NoError(t, err)
	srv := newStoreServer(fixedStore(impl), testLogger())
	cfg, stop, err := serveInProcess(kindStore, storePlugin(srv))
	require.NoError(t, err)
	s, err := openStore(t.Context(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close(); stop(); srv.close() })

	sn, ok := s.(driver.Snapshotter)
	require.True(t, ok, "the host's store is a Snapshotter")
	_, ok = s.(driver.Counter)
	assert.True(t, ok, "and still a Counter")

	var kept driver.Reader
	err = sn.Snapshot(t.Context(), func(r driver.Reader) error {
		kept = r
		assert.Equal(t, 1, srv.snaps.count(), "the plugin holds the snapshot while fn runs")
		_, err := r.Get(t.Context(), "k", []string{"a"})
		return err
	})
	require.NoError(t, err)
	assert.Equal(t, 0, srv.snaps.count(), "the snapshot ended with fn")
	_, err = kept.Get(t.Context(), "k", []string{"a"})
	assert.ErrorIs(t, err, driver.ErrClosed, "a Reader after its fn returned")

	boom := assert.AnError
	err = sn.Snapshot(t.Context(), func(driver.Reader) error { return boom })
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 0, srv.snaps.count(), "the snapshot ended with fn's error")
}
