package plugins

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

func unpackAll(t *testing.T, b []byte) []driver.Record {
	t.Helper()
	var got []driver.Record
	require.NoError(t, unpackRecords(b, func(r driver.Record) error { got = append(got, r); return nil }))
	return got
}

func TestPackRoundTrip(t *testing.T) {
	when := time.Date(2026, 3, 2, 10, 30, 0, 123456000, time.UTC)
	tests := []struct {
		name string
		recs []driver.Record
	}{
		{"none", nil},
		{"plain", []driver.Record{{Kind: "pqrsd", ID: "P-1", Version: 3, Time: when, Body: []byte(`{"a":1}`)}}},
		{"zero time, no attributes, no body", []driver.Record{{Kind: "k", ID: "x"}}},
		{"attributes repeat across records", []driver.Record{
			{Kind: "ticket", ID: "1", Attrs: map[string]string{"status": "open", "queue": "a"}, Time: when},
			{Kind: "ticket", ID: "2", Attrs: map[string]string{"status": "open", "queue": "b"}, Time: when.Add(time.Second)},
			{Kind: "survey", ID: "3", Attrs: map[string]string{"status": ""}, Time: when},
		}},
		{"unicode and large body", []driver.Record{{Kind: "aliança", ID: "ñandú/1", Version: 1 << 40, Time: when, Body: []byte(strings.Repeat("é", 1<<17))}}},
		{"negative version kept as sent", []driver.Record{{Kind: "k", ID: "y", Version: -1, Time: time.Unix(-86400, 0).UTC()}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := unpackAll(t, packRecords(tt.recs))
			if len(tt.recs) == 0 {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tt.recs, got)
		})
	}
}

func TestPackWritesRoundTrip(t *testing.T) {
	ws := []driver.Write{
		{Op: driver.OpPut, Record: driver.Record{Kind: "k", ID: "a", Attrs: map[string]string{"s": "1"}, Time: time.Unix(5, 0).UTC(), Body: []byte("x")}, Expect: 0},
		{Op: driver.OpDelete, Record: driver.Record{Kind: "k", ID: "b"}, Expect: 7},
		{Op: driver.Op(99), Record: driver.Record{Kind: "k", ID: "c"}, Expect: -1}, // a bad op reaches the driver's own check
	}
	got, err := unpackWrites(packWrites(ws))
	require.NoError(t, err)
	assert.Equal(t, ws, got)
}

func TestUnpackMalformed(t *testing.T) {
	valid := packRecords([]driver.Record{{Kind: "k", ID: "id", Version: 2, Attrs: map[string]string{"a": "b"}, Time: time.Unix(9, 0), Body: []byte("body")}})
	for n := 1; n < len(valid); n++ {
		err := unpackRecords(valid[:n], func(driver.Record) error { return nil })
		var ue *userError // what the supervisor hands the caller as it is
		require.ErrorAs(t, err, &ue, "cut after %d of %d bytes", n, len(valid))
		assert.ErrorIs(t, ue.err, driver.ErrInvalid)
		assert.Contains(t, err.Error(), "malformed packed records")
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"length beyond the rest", []byte{0xff, 0xff, 0xff, 0xff, 0x0f, 'k'}, "kind longer than the rest"},
		{"overlong varint", []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, "bad kind length"},
		{"huge attribute count", append([]byte{1, 'k', 1, 'i', 0, 0}, 0xff, 0xff, 0xff, 0xff, 0x0f), "attribute count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := unpackRecords(tt.data, func(driver.Record) error { return nil })
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	_, err := unpackWrites([]byte{0xfe, 0xff, 0xff, 0xff, 0x7f})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "out of range")
}

func TestUnpackStopsAtCallbackError(t *testing.T) {
	b := packRecords([]driver.Record{{Kind: "k", ID: "1"}, {Kind: "k", ID: "2"}})
	stop := assert.AnError
	n := 0
	err := unpackRecords(b, func(driver.Record) error { n++; return stop })
	var ue *userError
	require.ErrorAs(t, err, &ue)
	assert.Same(t, stop, ue.err)
	assert.Equal(t, 1, n)
}

func FuzzUnpackRecords(f *testing.F) {
	f.Add(packRecords([]driver.Record{{Kind: "k", ID: "a", Attrs: map[string]string{"x": "y"}, Body: []byte("b")}}))
	f.Add([]byte{})
	f.Add([]byte{0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		var got []driver.Record
		if err := unpackRecords(data, func(r driver.Record) error { got = append(got, r); return nil }); err != nil {
			return
		}
		// What decodes re-encodes to something that decodes the same.
		again := unpackAll(t, packRecords(got))
		if len(got) == 0 {
			assert.Empty(t, again)
			return
		}
		assert.Equal(t, got, again)
	})
}

func FuzzUnpackWrites(f *testing.F) {
	f.Add(packWrites([]driver.Write{{Op: driver.OpDelete, Record: driver.Record{Kind: "k", ID: "a"}, Expect: 3}}))
	f.Add([]byte{0x02, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		ws, err := unpackWrites(data)
		if err != nil {
			return
		}
		again, err := unpackWrites(packWrites(ws))
		require.NoError(t, err)
		assert.Equal(t, ws, again)
	})
}

// TestConformanceAcrossBuilds runs the store suite where one side predates
// the packed encoding: a host that does not announce it (the plugin must
// send plain records) and a plugin that does not report it (the host must
// send plain writes).
func TestConformanceAcrossBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("the two extra conformance runs are part of the full pass (-short skips them)")
	}
	plainHost := func(ctx context.Context, conn grpc.ClientConnInterface, req *pb.ConfigureRequest) (*pb.ConfigureResponse, error) {
		return pb.NewStoreClient(conn).Configure(ctx, req)
	}
	for _, tt := range []struct {
		name       string
		plainHost  bool
		plainStore bool
	}{{"older host", true, false}, {"older plugin", false, true}} {
		t.Run(tt.name, func(t *testing.T) {
			impl, err := sqlite.Open(context.Background(), ":memory:")
			require.NoError(t, err)
			srv := newStoreServer(fixedStore(impl), testLogger())
			srv.plain = tt.plainStore
			cfg, stop, err := serveInProcess(kindStore, storePlugin(srv))
			require.NoError(t, err)
			sup := &supervisor{cfg: cfg, kind: kindStore, configure: storeConfigure}
			if tt.plainHost {
				sup.configure = plainHost
			}
			_, err = sup.acquire(t.Context())
			require.NoError(t, err)
			s := newStoreClient(sup, sup.caps)
			t.Cleanup(func() { s.Close(); stop(); srv.close() })
			assert.Equal(t, !tt.plainStore, s.(interface{ base() *storeClient }).base().packed, "the host packs writes only for a plugin that reads them")
			conformance.RunStore(t, conformance.StoreHarness{Store: s})
		})
	}
}

// BenchmarkPackedBatch packs and unpacks the batch of BenchmarkApplyBatch
// (1,000 writes, one attribute, 200-byte bodies): the host's and the
// plugin's own share of a batch's cost.
func BenchmarkPackedBatch(b *testing.B) {
	body := []byte(`{"text":"` + strings.Repeat("y", 188) + `"}`)
	ws := make([]driver.Write, 1000)
	for j := range ws {
		ws[j] = driver.Write{Record: driver.Record{Kind: "bench", ID: fmt.Sprintf("b%06d-%04d", 1, j), Attrs: map[string]string{"status": "open"}, Time: time.Unix(int64(j), 0), Body: body}}
	}
	b.Run("pack", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			packWrites(ws)
		}
	})
	p := packWrites(ws)
	b.Run("unpack", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := unpackWrites(p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestUnpackWritesSharesOnlyEqualAttributes: a batch's records whose
// attributes are encoded alike share one map; any difference (another
// count with the same first pairs, another value, none) decodes on its own.
// Scan chunks, whose records go to the caller, never share.
func TestUnpackWritesSharesOnlyEqualAttributes(t *testing.T) {
	attrs := []map[string]string{
		{"a": "b"},
		{"a": "b"},
		{"a": "b", "c": "d"},
		{"a": "b"},
		nil,
		{"a": "x"},
		{"a": "x"},
	}
	ws := make([]driver.Write, len(attrs))
	for i, a := range attrs {
		ws[i] = driver.Write{Record: driver.Record{Kind: "k", ID: fmt.Sprint(i), Attrs: a, Body: []byte(`{}`)}}
	}
	got, err := unpackWrites(packWrites(ws))
	require.NoError(t, err)
	require.Len(t, got, len(ws))
	for i := range ws {
		assert.Equal(t, attrs[i], got[i].Record.Attrs, "write %d", i)
	}
	// Shared, not copied, when equal.
	got[0].Record.Attrs["shared"] = "yes"
	assert.Equal(t, "yes", got[1].Record.Attrs["shared"])
	assert.NotContains(t, got[3].Record.Attrs, "shared", "after a different record, a map of its own")

	rs := make([]driver.Record, len(ws))
	for i := range ws {
		rs[i] = ws[i].Record
	}
	out := unpackAll(t, packRecords(rs))
	out[0].Attrs["mine"] = "yes"
	assert.NotContains(t, out[1].Attrs, "mine", "a scan's records each own their map")
}
