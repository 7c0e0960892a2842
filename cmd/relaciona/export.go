package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

func init() {
	register(command{
		name:    "export",
		summary: [2]string{"exporta un registro a un archivo CSV que «relaciona import» vuelve a leer", "exports a register to a CSV file that \"relaciona import\" reads back"},
		run:     runExport,
	})
}

// runExport is "relaciona export KIND FILE": it writes the register KIND
// to FILE ("-" for stdout) as CSV, with a BOM so that spreadsheets read
// the accents; "relaciona import KIND FILE" reads it back unchanged.
func runExport(ctx context.Context, e *env, args []string) int {
	L := e.lang
	fs := e.flags("export", L.T("TIPO ARCHIVO [--config deployment.yaml] [--process P] [--redact] [--csv-dialect es|default]",
		"KIND FILE [--config deployment.yaml] [--process P] [--redact] [--csv-dialect es|default]"))
	cfgPath := fs.String("config", "deployment.yaml", L.T("archivo de despliegue", "deployment file"))
	only := fs.String("process", "", L.T("proceso del registro, cuando varios tienen uno con ese nombre", "process of the register, when several have one of that name"))
	redact := fs.Bool("redact", false, L.T("dejar en blanco las columnas de datos personales (el archivo ya no sirve para reimportar)", "blank the personal-data columns (the file no longer re-imports)"))
	addCSVDialectFlag(fs.FlagSet, e)
	kind, path, code, ok := parseKindFile(fs, args)
	if !ok {
		return code
	}
	L = e.lang
	fail := func(err error) int { return e.fail("export", err) }
	d, table, err := openTable(ctx, e, *cfgPath, kind, *only)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	var w io.Writer = e.stdout
	var f *os.File
	if path != "-" {
		if f, err = os.Create(path); err != nil {
			return fail(err)
		}
		w = f
	}
	o := process.ExportOptions{BOM: true, Redact: *redact}
	if e.csvDialect == report.DialectES {
		o.Comma, o.DecimalComma = ';', true
	}
	n, err := process.Export(ctx, table, w, o)
	if f != nil {
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		return fail(err)
	}
	if path != "-" {
		fmt.Fprintln(e.stdout, L.Tf("%s: %d filas", "%s: %d rows", path, n))
	}
	return 0
}
