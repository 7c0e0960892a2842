package deployment_test

import (
	"fmt"
	"path/filepath"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/deployment"
)

func ExampleLoad() {
	d, err := deployment.Load(filepath.Join("testdata", "valid", "minimal.yaml"), relaciona.Spanish)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Name, d.Country, d.Timezone, d.Lang, d.Tickets.URL, d.Log.Level)
	fmt.Println(filepath.Base(d.Store))
	// Output:
	// Intendencia de Ejemplo UY America/Montevideo es desk:// warn
	// relaciona.db
}
