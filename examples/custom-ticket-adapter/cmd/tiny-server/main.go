// Command tiny-server runs the example's tiny ticket system:
//
//	TINY_TOKEN=s3cret go run ./cmd/tiny-server -addr 127.0.0.1:8099
//
// It has one queue ("soporte"), one custom field ("external_ref") and two
// users ("ana", "luis"), and keeps its tickets in memory.
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"

	"github.com/relaciona/relaciona/examples/custom-ticket-adapter/tiny"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8099", "address to listen on")
	flag.Parse()
	token := os.Getenv("TINY_TOKEN")
	if token == "" {
		fmt.Fprintln(os.Stderr, "tiny-server: set TINY_TOKEN")
		os.Exit(2)
	}
	srv := tiny.New(token, []string{"soporte"}, []string{"external_ref"}, []string{"ana", "luis"})
	fmt.Fprintln(os.Stderr, "tiny-server: listening on", *addr)
	if err := http.ListenAndServe(*addr, srv); err != nil {
		fmt.Fprintln(os.Stderr, "tiny-server:", err)
		os.Exit(1)
	}
}
