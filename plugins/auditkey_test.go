package plugins

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

var pluginTestKey = []byte("plugin test audit key, 32 bytes!")

// supervisorOf digs the supervisor out of a host store client.
func supervisorOf(t *testing.T, s driver.Store) *supervisor {
	t.Helper()
	c := storeClientOf(s)
	if c == nil {
		t.Fatalf("%T is no store client", s)
	}
	return c.c.(*supervisor)
}

func lastEntry(t *testing.T, s driver.Store) driver.AuditEntry {
	t.Helper()
	var last driver.AuditEntry
	require.NoError(t, s.ScanAudit(t.Context(), 1, func(e driver.AuditEntry) error {
		last = e
		return nil
	}))
	return last
}

func oneWrite(id string) driver.Batch {
	return driver.Batch{
		Writes: []driver.Write{{Op: driver.OpPut, Record: driver.Record{Kind: "k", ID: id, Body: []byte(`{}`)}}},
		Audit:  driver.AuditEntry{Actor: "a", Action: "x"},
	}
}

// TestAuditKeyThroughPlugin: UseAuditKey reaches the plugin's store, whose
// entries come back keyed (format and key id travel); a restarted plugin
// gets the key with its Configure.
func TestAuditKeyThroughPlugin(t *testing.T) {
	ctx := context.Background()
	impl, err := sqlite.Open(ctx, ":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { impl.Close() })
	s := TestStore(t, impl)
	ak, ok := s.(driver.AuditKeyer)
	require.True(t, ok, "the host's store client is a driver.AuditKeyer")
	require.ErrorIs(t, ak.UseAuditKey("x", []byte("short")), driver.ErrInvalid)
	id := driver.AuditKeyID(pluginTestKey)
	require.NoError(t, ak.UseAuditKey(id, pluginTestKey))
	_, err = s.Apply(ctx, oneWrite("a"))
	require.NoError(t, err)
	e := lastEntry(t, s)
	assert.Equal(t, driver.FormatV2, e.Format, "the format travels")
	assert.Equal(t, id, e.KeyID, "the key id travels")
	assert.Equal(t, driver.ChainHash(pluginTestKey, e.PrevHash, &e), e.Hash)

	// What a restarted plugin is configured with.
	sup := supervisorOf(t, s)
	req := &pb.ConfigureRequest{}
	require.NotNil(t, sup.prepare, "store supervisors prepare Configure with the key")
	sup.prepare(nil, req)
	assert.Equal(t, pluginTestKey, req.AuditKey)
	assert.Equal(t, id, req.AuditKeyId)
}

// TestConfigureGivesTheKey: a plugin configured with a key writes keyed
// entries; a key whose id does not match is refused.
func TestConfigureGivesTheKey(t *testing.T) {
	ctx := context.Background()
	impl, err := sqlite.Open(ctx, ":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { impl.Close() })
	srv := newStoreServer(fixedStore(impl), testLogger())
	_, err = srv.Configure(ctx, &pb.ConfigureRequest{AuditKey: pluginTestKey, AuditKeyId: "0000000000000000"})
	require.Error(t, err, "an id that is not the key's is refused")
	_, err = srv.Configure(ctx, &pb.ConfigureRequest{AuditKey: pluginTestKey, AuditKeyId: driver.AuditKeyID(pluginTestKey)})
	require.NoError(t, err)
	_, err = impl.Apply(ctx, oneWrite("a"))
	require.NoError(t, err)
	assert.Equal(t, driver.AuditKeyID(pluginTestKey), lastEntry(t, impl).KeyID)
}

// plainStore hides every optional interface of the store it wraps.
type plainStore struct{ driver.Store }

// TestAuditKeyUnsupported: a plugin whose store cannot key its log says so,
// and a restarted plugin is not told a key that was refused.
func TestAuditKeyUnsupported(t *testing.T) {
	impl, err := sqlite.Open(context.Background(), ":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { impl.Close() })
	s := TestStore(t, plainStore{impl})
	err = s.(driver.AuditKeyer).UseAuditKey(driver.AuditKeyID(pluginTestKey), pluginTestKey)
	require.ErrorIs(t, err, driver.ErrUnsupported)
	req := &pb.ConfigureRequest{}
	supervisorOf(t, s).prepare(nil, req)
	assert.Empty(t, req.AuditKey)
}

// TestLentStoreKeepsItsKey: a store the host lends a ticket plugin cannot
// be keyed (or re-keyed) by the plugin.
func TestLentStoreKeepsItsKey(t *testing.T) {
	ctx := context.Background()
	impl, err := sqlite.Open(ctx, ":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { impl.Close() })
	srv := &storeServer{impl: impl, keepOpen: true}
	_, err = srv.UseAuditKey(ctx, &pb.AuditKeyRequest{Id: driver.AuditKeyID(pluginTestKey), Key: pluginTestKey})
	require.Error(t, err)
	_, err = srv.Configure(ctx, &pb.ConfigureRequest{AuditKey: pluginTestKey, AuditKeyId: driver.AuditKeyID(pluginTestKey)})
	require.Error(t, err)
	_, err = impl.Apply(ctx, oneWrite("a"))
	require.NoError(t, err)
	assert.Empty(t, lastEntry(t, impl).KeyID, "the lent store was not keyed")
}
