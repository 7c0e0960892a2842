package deployment_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/deployment"
)

// OpenDirectory opens the example deployment's roster: the directory the
// processes ask who may act. A caller's claimed level counts for nothing.
func ExampleDeployment_OpenDirectory() {
	d, err := deployment.Load(filepath.Join("..", "examples", "deployment", "deployment.yaml"), relaciona.English)
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, err := d.OpenDirectory(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer dir.Close()
	ctx := context.Background()
	clerks, _ := dir.Holders(ctx, "citizen", "citizen_service")
	for _, p := range clerks {
		boss, _ := dir.Manager(ctx, p.ID)
		fmt.Println(p.ID, "level", p.Level, "reports to", boss.ID)
	}
	_, err = dir.Authorize(ctx, "stakeholder", relaciona.Actor{ID: "lucia", Level: 7}, "set the principles", relaciona.Need{Level: 7})
	var fe *relaciona.ForbiddenError
	fmt.Println(errors.As(err, &fe), fe.HaveLevel)
	// Output:
	// ana-atencion level 3 reports to luis-lider
	// true 4
}
