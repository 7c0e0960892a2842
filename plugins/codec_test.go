package plugins

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/encoding"
	"google.golang.org/protobuf/proto"

	pb "github.com/relaciona/relaciona/plugins/proto"
)

// TestApplyCodecIsProtobuf: what applyCodec writes is read back by the
// plugin's standard proto codec as the same message, for a batch large
// enough to go uncopied and for a small one, and the caller's message is
// left as it was.
func TestApplyCodecIsProtobuf(t *testing.T) {
	std := encoding.GetCodecV2("proto")
	c := applyCodec{base: std}
	for _, size := range []int{10, 1 << 12, 300_000} {
		req := &pb.ApplyRequest{
			Audit:        &pb.AuditEntry{Actor: "ana", Action: "bulk", Reason: "carga"},
			PackedWrites: bytes.Repeat([]byte{0x01, 0x7f, 0x00}, size/3+1)[:size],
		}
		want := proto.Clone(req)
		data, err := c.Marshal(req)
		require.NoError(t, err)
		assert.True(t, proto.Equal(want, req), "Marshal leaves the request as it was")
		var got pb.ApplyRequest
		require.NoError(t, std.Unmarshal(data, &got))
		assert.True(t, proto.Equal(want, &got), "size %d: the plugin reads the same request", size)
		if size >= 1<<12 {
			assert.Same(t, &req.PackedWrites[0], &data[len(data)-1].ReadOnlyData()[0], "size %d: the packed writes go out uncopied", size)
		}
	}
	// Any other message goes through the standard codec.
	data, err := c.Marshal(&pb.GetRequest{Kind: "k", Ids: []string{"1"}})
	require.NoError(t, err)
	var g pb.GetRequest
	require.NoError(t, std.Unmarshal(data, &g))
	assert.Equal(t, "k", g.Kind)
}
