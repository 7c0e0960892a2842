// Command stdout is a broken store plugin: it prints to stdout before its
// handshake, which go-plugin cannot parse.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

func main() {
	fmt.Println("starting my great plugin")
	s, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		os.Exit(1)
	}
	plugins.ServeStore(s)
}
