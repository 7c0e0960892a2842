package plugins

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding"
	_ "google.golang.org/grpc/encoding/proto" // registers the "proto" codec used below
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	pb "github.com/relaciona/relaciona/plugins/proto"
)

// applyCodec marshals an ApplyRequest's packed writes without copying them:
// the message goes out as the protobuf encoding of its other fields, then
// field packed_writes (tag, length) and the packed bytes themselves, which
// is the same protobuf on the wire (fields may come in any order). gRPC's
// own codec would copy a batch's hundreds of kilobytes into a new buffer
// first. Everything else, and every reply, goes through gRPC's proto codec.
// The host uses it only for Apply, where the packed buffer is built for the
// call and not touched again.
type applyCodec struct{ base encoding.CodecV2 }

var applyCallCodec = grpc.ForceCodecV2(applyCodec{base: encoding.GetCodecV2("proto")})

// Name is the content subtype: the plugin decodes with its proto codec.
func (c applyCodec) Name() string { return "proto" }

// packedWritesField is ApplyRequest.packed_writes's field number, read
// from the generated descriptor.
var packedWritesField = (&pb.ApplyRequest{}).ProtoReflect().Descriptor().Fields().ByName("packed_writes").Number()

// Marshal implements encoding.CodecV2.
func (c applyCodec) Marshal(v any) (mem.BufferSlice, error) {
	req, ok := v.(*pb.ApplyRequest)
	if !ok || len(req.PackedWrites) < 1<<12 {
		return c.base.Marshal(v)
	}
	packed := req.PackedWrites
	req.PackedWrites = nil
	head, err := proto.Marshal(req)
	req.PackedWrites = packed
	if err != nil {
		return nil, err
	}
	head = protowire.AppendTag(head, packedWritesField, protowire.BytesType)
	head = protowire.AppendVarint(head, uint64(len(packed)))
	return mem.BufferSlice{mem.SliceBuffer(head), mem.SliceBuffer(packed)}, nil
}

// Unmarshal implements encoding.CodecV2.
func (c applyCodec) Unmarshal(data mem.BufferSlice, v any) error { return c.base.Unmarshal(data, v) }
