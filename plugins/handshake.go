package plugins

import (
	"context"
	"math"
	"runtime"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
)

// ProtocolVersion is the plugin protocol version this package speaks: the
// services of plugins/proto. A host and a plugin that share no version
// refuse each other at the handshake with an error naming both.
const ProtocolVersion = 1

// Names of the plugins a binary can serve, as dispensed by go-plugin.
const (
	kindStore     = "store"
	kindTickets   = "tickets"
	kindDirectory = "directory"
)

// handshake is shared by host and plugins. The cookie only tells a plugin
// binary that a relaciona host started it (it is not a secret and not a
// security measure: AutoMTLS and the checksum are).
var handshake = plugin.HandshakeConfig{
	ProtocolVersion:  ProtocolVersion,
	MagicCookieKey:   "RELACIONA_PLUGIN",
	MagicCookieValue: "f3c1b7e2-relaciona-plugin-v1",
}

// envLogLevel carries the host's log level to the plugin process, so the
// plugin does not format lines the host would drop.
const envLogLevel = "RELACIONA_PLUGIN_LOG_LEVEL"

// maxMsg is the gRPC message limit both sides use: a record body may be
// many megabytes, and a batch holds many records (gRPC's default is 4 MB).
const maxMsg = math.MaxInt32

// newGRPCServer is the ServeConfig.GRPCServer factory: go-plugin's TLS
// options plus raised message limits and flow-control windows, and a pool
// of long-lived stream workers. Without the pool gRPC runs each call on a
// new goroutine, whose small stack is grown by copying on every call that
// goes deep (SQLite's virtual machine does): a tenth of a plugin's CPU in
// the Get benchmark, gone with the pool.
func newGRPCServer(opts []grpc.ServerOption) *grpc.Server {
	opts = append(opts, grpc.MaxRecvMsgSize(maxMsg), grpc.MaxSendMsgSize(maxMsg),
		grpc.InitialWindowSize(streamWindow), grpc.InitialConnWindowSize(connWindow),
		grpc.NumStreamWorkers(uint32(runtime.GOMAXPROCS(0))))
	return grpc.NewServer(opts...)
}

// HTTP/2 flow-control windows. A batch of a thousand records or a chunk of
// a scan is hundreds of kilobytes; with gRPC's default 64 KB window every
// such message waits for several window updates from the other process.
// Plugin and host share a machine, so large windows cost nothing.
const (
	streamWindow = 4 << 20
	connWindow   = 16 << 20
)

// dialOptions are the host's extra gRPC dial options.
func dialOptions() []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxMsg), grpc.MaxCallSendMsgSize(maxMsg)),
		grpc.WithInitialWindowSize(streamWindow), grpc.WithInitialConnWindowSize(connWindow),
	}
}

// grpcPlugin is the go-plugin glue for every kind: on the plugin side it
// registers a service, on the host side it hands back the connection and the
// broker.
type grpcPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	register func(*plugin.GRPCBroker, *grpc.Server)
}

// dispensed is what the host gets from Dispense.
type dispensed struct {
	conn   *grpc.ClientConn
	broker *plugin.GRPCBroker
}

func (p *grpcPlugin) GRPCServer(b *plugin.GRPCBroker, s *grpc.Server) error {
	if p.register != nil {
		p.register(b, s)
	}
	return nil
}

func (p *grpcPlugin) GRPCClient(_ context.Context, b *plugin.GRPCBroker, c *grpc.ClientConn) (any, error) {
	return &dispensed{conn: c, broker: b}, nil
}

// hostPlugins is the host's plugin set: it can dispense any kind.
func hostPlugins() map[int]plugin.PluginSet {
	return map[int]plugin.PluginSet{ProtocolVersion: {kindStore: &grpcPlugin{}, kindTickets: &grpcPlugin{}, kindDirectory: &grpcPlugin{}}}
}
