package maildir_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/maildir"
)

// Writing a notification into a folder as an .eml file: a second Send of
// the same ID writes nothing.
func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "correo")
	defer os.RemoveAll(dir)
	n, err := maildir.Open(context.Background(), "file://"+filepath.ToSlash(dir)+"?from=pqrsd@agency.example", driver.NotifierEnv{})
	if err != nil {
		panic(err)
	}
	defer n.Close()
	m := driver.Message{ID: "citizen.pqrsd.extension/PQRSD-2026-000123", Kind: "citizen.pqrsd.extension", Lang: "es",
		To: driver.Address{Email: "ciudadana@correo.example"}, Subject: "Ampliación del plazo", Body: "El nuevo plazo vence el 2026-12-20."}
	for range 2 {
		if err := n.Send(context.Background(), m); err != nil {
			panic(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	fmt.Println(len(files), filepath.Base(files[0]) == maildir.FileName(m.ID))
	// Output: 1 true
}
