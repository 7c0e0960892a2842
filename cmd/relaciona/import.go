package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

func init() {
	register(command{
		name:    "import",
		summary: [2]string{"importa un registro desde un archivo CSV (partes interesadas, grupos, organizaciones, alianzas, clientes, ...)", "imports a register from a CSV file (stakeholders, groups, organisations, alliances, clients, ...)"},
		run:     runImport,
	})
}

// maxShown is how many bad rows a command prints before it only counts.
const maxShown = 20

// parseKindFile parses the args of "export/import KIND FILE" with fs,
// allowing flags after the positional arguments ("import KIND FILE
// --dry-run"), and returns the two; anything but two positional arguments
// is a usage error (code 2).
func parseKindFile(fs *cmdFlags, args []string) (kind, path string, code int, ok bool) {
	var pos []string
	for {
		if code, ok := fs.parse(args); !ok {
			return "", "", code, false
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != 2 {
		return "", "", fs.usageError(fs.e.lang.T("indique TIPO y ARCHIVO", "give KIND and FILE")), false
	}
	return pos[0], pos[1], 0, true
}

// openTable opens the deployment at cfgPath and finds the table named
// kind in it (findTable), for export and import; on an error it leaves
// nothing open.
func openTable(ctx context.Context, e *env, cfgPath, kind, only string) (*deployed, process.Table, error) {
	d, err := openDeployment(ctx, e, cfgPath)
	if err != nil {
		return nil, process.Table{}, err
	}
	table, err := findTable(ctx, e, d, kind, only)
	if err != nil {
		d.Close()
		return nil, process.Table{}, err
	}
	return d, table, nil
}

// findTable returns the table named kind among the processes the
// deployment names (only --process's when set), asking each process
// whether it has tables (process.Importer): the command has no switch on
// the processes.
func findTable(ctx context.Context, e *env, d *deployed, kind, only string) (process.Table, error) {
	var kinds []string
	if only != "" {
		kinds = []string{only}
	}
	jobs, err := openJobs(d, e.lang, kinds...)
	if err != nil {
		return process.Table{}, err
	}
	var found []process.Table
	var where, names []string
	for _, j := range jobs {
		imp, ok := j.Instance.(process.Importer)
		if !ok {
			continue
		}
		for _, t := range imp.Tables() {
			names = append(names, t.Name)
			if t.Name == kind {
				found = append(found, t)
				where = append(where, j.kind)
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		slices.Sort(names)
		return process.Table{}, fmt.Errorf("%w: %s", relaciona.ErrNotFound, e.lang.Tf("registro desconocido %q: los registros de este despliegue son %s",
			"unknown register %q: this deployment's registers are %s", kind, strings.Join(names, ", ")))
	}
	return process.Table{}, fmt.Errorf("%w: %s", relaciona.ErrInvalid, e.lang.Tf("el registro %q está en varios procesos (%s): elija uno con --process",
		"register %q is in several processes (%s): choose one with --process", kind, strings.Join(where, ", ")))
}

// lazyFile creates its file at the first write, so that an import with no
// rejected row leaves no rejects file.
type lazyFile struct {
	path string
	f    *os.File
}

func (l *lazyFile) Write(p []byte) (int, error) {
	if l.f == nil {
		f, err := os.Create(l.path)
		if err != nil {
			return 0, err
		}
		l.f = f
	}
	return l.f.Write(p)
}

func (l *lazyFile) Close() error {
	if l.f == nil {
		return nil
	}
	return l.f.Close()
}

// runImport is "relaciona import KIND FILE": it reads the CSV file into
// the register KIND of one of the deployment's processes as --actor (the
// directory says what they may do). By default the whole file is checked
// first and nothing is written if any row is bad; --skip-bad writes the
// good rows and puts the bad ones, with their line and error, in the
// rejects file. A second import of the same file changes nothing.
func runImport(ctx context.Context, e *env, args []string) int {
	L := e.lang
	synopsis := L.T("TIPO ARCHIVO --actor ID [--config deployment.yaml] [--process P] [--skip-bad [--rejects F]] [--dry-run] [--at AAAA-MM-DD] [--sep ,|;]",
		"KIND FILE --actor ID [--config deployment.yaml] [--process P] [--skip-bad [--rejects F]] [--dry-run] [--at YYYY-MM-DD] [--sep ,|;]")
	fs := e.flags("import", synopsis)
	cfgPath := fs.String("config", "deployment.yaml", L.T("archivo de despliegue", "deployment file"))
	actorID := fs.String("actor", "", L.T("persona que importa (el directorio dice qué puede hacer)", "person who imports (the directory says what they may do)"))
	only := fs.String("process", "", L.T("proceso del registro, cuando varios tienen uno con ese nombre", "process of the register, when several have one of that name"))
	skipBad := fs.Bool("skip-bad", false, L.T("escribir las filas correctas y dejar las erróneas en el archivo de rechazos (por omisión, una fila errónea y no se escribe nada)", "write the good rows and put the bad ones in the rejects file (by default, one bad row and nothing is written)"))
	rejects := fs.String("rejects", "", L.T("archivo de rechazos con --skip-bad (por omisión, ARCHIVO.rechazos.csv)", "rejects file with --skip-bad (default: FILE.rejects.csv)"))
	dryRun := fs.Bool("dry-run", false, L.T("revisar todo el archivo sin escribir nada", "check the whole file and write nothing"))
	atFlag := fs.String("at", "", L.T("fecha de la importación AAAA-MM-DD (por omisión, hoy)", "date of the import YYYY-MM-DD (default: today)"))
	sep := fs.String("sep", "", L.T("separador , o ; (por omisión, el del encabezado)", "separator , or ; (default: the header's)"))
	kind, path, code, ok := parseKindFile(fs, args)
	if !ok {
		return code
	}
	L = e.lang
	if *actorID == "" {
		return fs.usageError(L.T("falta --actor", "--actor is missing"))
	}
	var comma rune
	switch *sep {
	case "":
	case ",", ";":
		comma = rune((*sep)[0])
	default:
		return fs.usageError(L.Tf("separador %q: use , o ;", "separator %q: use , or ;", *sep))
	}
	fail := func(err error) int { return e.fail("import", err) }
	if _, err := os.Stat(path); err != nil {
		return fail(err)
	}
	d, table, err := openTable(ctx, e, *cfgPath, kind, *only)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	loc, err := d.dep.Location()
	if err != nil {
		return fail(err)
	}
	at := time.Now().In(loc)
	if *atFlag != "" {
		day, err := cutOffDate(*atFlag, d.dep.Location)
		if err != nil {
			return fail(err)
		}
		at = time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, loc)
	}
	shown, more := 0, 0
	o := process.ImportOptions{File: path, Lang: L, Comma: comma, SkipBad: *skipBad, DryRun: *dryRun, At: at,
		Problem: func(err error) {
			if shown < maxShown {
				fmt.Fprintln(e.stderr, err)
				shown++
				return
			}
			more++
		}}
	var rej *lazyFile
	if *skipBad {
		if *rejects == "" {
			*rejects = strings.TrimSuffix(path, ".csv") + L.T(".rechazos.csv", ".rejects.csv")
		}
		rej = &lazyFile{path: *rejects}
		o.Rejects = rej
	}
	open := func() (io.ReadCloser, error) { return os.Open(path) }
	n, err := process.Import(ctx, table, relaciona.Actor{ID: *actorID}, open, o)
	if rej != nil {
		err = errors.Join(err, rej.Close())
	}
	if more > 0 {
		fmt.Fprintln(e.stderr, L.Tf("... y %d filas erróneas más", "... and %d more bad rows", more))
	}
	if err != nil {
		return fail(err)
	}
	line := fmt.Sprintf("%s: %s", path, n.Summary(L))
	if *dryRun {
		line += L.T(" (prueba: no se escribió nada)", " (dry run: nothing was written)")
	}
	fmt.Fprintln(e.stdout, line)
	if rej != nil && rej.f != nil {
		fmt.Fprintln(e.stdout, L.Tf("filas rechazadas en %s", "rejected rows in %s", rej.path))
	}
	return 0
}
