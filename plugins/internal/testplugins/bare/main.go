// Command bare is the baseline of the Get benchmark: a go-plugin gRPC
// server of the Store service with no driver behind it. Its Get answers
// with one record of a fixed payload, built once, so a call measures only
// go-plugin, gRPC and protobuf.
package main

import (
	"context"
	"strings"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	pb "github.com/relaciona/relaciona/plugins/proto"
)

// Payload is the body the benchmark's record carries (the in-process and
// plugin benchmarks store the same one).
var payload = []byte(`{"text":"` + strings.Repeat("x", 1000) + `"}`)

type server struct {
	pb.UnimplementedStoreServer
	resp *pb.GetResponse
}

func (s *server) Get(context.Context, *pb.GetRequest) (*pb.GetResponse, error) { return s.resp, nil }

type bare struct{ plugin.NetRPCUnsupportedPlugin }

func (bare) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	pb.RegisterStoreServer(s, &server{resp: &pb.GetResponse{Records: []*pb.Record{{
		Kind: "bench", Id: "r1", Version: 1, Attrs: map[string]string{"status": "open"}, TimeUs: 1767225600000000, Body: payload,
	}}}})
	return nil
}

func (bare) GRPCClient(context.Context, *plugin.GRPCBroker, *grpc.ClientConn) (any, error) {
	return nil, nil
}

func main() {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig:  plugin.HandshakeConfig{ProtocolVersion: 1, MagicCookieKey: "RELACIONA_PLUGIN", MagicCookieValue: "f3c1b7e2-relaciona-plugin-v1"},
		VersionedPlugins: map[int]plugin.PluginSet{1: {"store": bare{}}},
		GRPCServer:       plugin.DefaultGRPCServer,
	})
}
