package plugintest

import (
	"net"
	"testing"
)

// ClosedAddr is a local TCP address (host:port) where nothing listens: a
// port just freed, so that dialling it is refused at once.
func ClosedAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// SilentAddr is the local TCP address (host:port) of a listener that
// accepts connections and never answers on them, so that a client waits
// for its own timeout. The listener, and the connections it accepted, are
// closed when t ends.
func SilentAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	return ln.Addr().String()
}
