package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/relaciona/relaciona"
)

func init() {
	register(command{
		name:    "version",
		summary: [2]string{"muestra la versión", "prints the version"},
		run: func(_ context.Context, e *env, args []string) int {
			fs := e.flags("version", "")
			if code, ok := fs.parse(args); !ok {
				return code
			}
			if fs.NArg() > 0 {
				return fs.usageError(e.lang.Tf("argumento inesperado %q", "unexpected argument %q", fs.Arg(0)))
			}
			fmt.Fprintf(e.stdout, "relaciona %s\n", version())
			return 0
		},
	})
}

// version is the module version the binary was built from, or the VCS
// revision for a development build.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return relaciona.Version
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = relaciona.Version
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += "+" + s.Value[:12]
			}
		}
	}
	return v
}
