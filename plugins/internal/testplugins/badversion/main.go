// Command badversion is a plugin that speaks plugin protocol version 2
// only, which no relaciona host of protocol version 1 accepts.
package main

import (
	"github.com/hashicorp/go-plugin"
)

func main() {
	plugin.Serve(&plugin.ServeConfig{
		// The same cookie as package plugins (it is not a secret).
		HandshakeConfig:  plugin.HandshakeConfig{ProtocolVersion: 2, MagicCookieKey: "RELACIONA_PLUGIN", MagicCookieValue: "f3c1b7e2-relaciona-plugin-v1"},
		VersionedPlugins: map[int]plugin.PluginSet{2: {"store": &plugin.NetRPCUnsupportedPlugin{}}},
		GRPCServer:       plugin.DefaultGRPCServer,
	})
}
