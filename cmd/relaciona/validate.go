package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/relaciona/relaciona/deployment"
	"github.com/relaciona/relaciona/schemas"
)

func init() {
	register(command{
		name:    "validate",
		summary: [2]string{"valida archivos YAML de configuración contra sus esquemas", "validates YAML configuration files against their schemas"},
		run:     runValidate,
	})
}

// runValidate checks each file named on the command line: "ok FILE (kind)"
// on stdout for a valid one (unless -q), and one "FILE:LINE:COL: field:
// message" line on stderr per problem otherwise. A deployment file is also
// checked beyond its schema (its time zone), and so is each process file it
// names. Exit status: 0 when every file is valid, 1 when any is not, 2 on
// bad usage.
func runValidate(_ context.Context, e *env, args []string) int {
	fs := e.flags("validate", e.lang.T("[-q] ARCHIVO...", "[-q] FILE..."))
	quiet := fs.Bool("q", false, e.lang.T("no escribir las líneas «ok»", "do not print the \"ok\" lines"))
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		return fs.usageError("")
	}
	v := &validator{e: e, quiet: *quiet, seen: map[string]bool{}}
	for _, path := range fs.Args() {
		v.file(path)
	}
	if v.failed {
		return 1
	}
	return 0
}

// validator checks files, each once.
type validator struct {
	e      *env
	quiet  bool
	failed bool
	seen   map[string]bool // absolute paths already checked
}

// file validates one file named on the command line.
func (v *validator) file(path string) {
	if v.once(path) {
		return
	}
	kind, err := schemas.LoadFile(path, v.e.lang, nil)
	if err != nil {
		v.report(err)
		return
	}
	if kind != deployment.Kind {
		if check, ok := processCheckers[kind]; ok {
			if err := check(path, v.e.lang); err != nil {
				v.report(err)
				return
			}
		}
		v.ok(path, kind)
		return
	}
	d, err := deployment.Load(path, v.e.lang)
	if err != nil {
		v.report(err)
		return
	}
	v.ok(path, kind)
	for _, k := range d.ProcessKinds() {
		file, _ := d.ProcessFile(k)
		if v.once(file) {
			continue
		}
		if err := d.ValidateProcess(k, v.e.lang); err != nil {
			v.report(err)
			continue
		}
		if check, ok := processCheckers[k]; ok {
			if err := check(file, v.e.lang); err != nil {
				v.report(err)
				continue
			}
		}
		v.ok(file, k)
	}
}

// once reports whether path was already checked, and marks it checked.
func (v *validator) once(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	if v.seen[abs] {
		return true
	}
	v.seen[abs] = true
	return false
}

func (v *validator) ok(path, kind string) {
	if !v.quiet {
		fmt.Fprintf(v.e.stdout, "ok %s (%s)\n", path, kind)
	}
}

// report writes one line per problem to stderr.
func (v *validator) report(err error) {
	v.failed = true
	var se *schemas.Error
	if errors.As(err, &se) {
		for _, p := range se.Problems {
			fmt.Fprintln(v.e.stderr, p.Error())
		}
		return
	}
	fmt.Fprintln(v.e.stderr, err)
}
