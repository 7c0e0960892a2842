// Package demo builds the demo agency of `relaciona demo`: a Colombian
// agency running the four processes for a year on the embedded default (a
// SQLite file and the built-in ticket desk), through the public APIs only.
//
// Each process contributes a Process: Setup writes its YAML configuration
// and registers what exists at the start of the year; Month adds that
// month's activity and then runs the process's periodic job at the month's
// last day, as an agency's scheduled `relaciona run` would. Run drives them
// month by month and leaves a deployment folder (see Run) that `relaciona
// validate`, `run` and `report` work on. The demo only simulates the year:
// it writes no report of its own. What an agency reads about the year is
// the product report, which the CLI writes into ReportDir for the demo's
// year (`relaciona demo` calls the code of `relaciona report`), and what
// only describes the simulation (how many events of each kind, the seed)
// is the Summary the CLI prints.
//
// The processes act through one directory (Env.Directory: the staff each
// Setup lists with Env.AddPeople, written into the deployment file's
// directory.people), never on a role or level an actor claims. After each
// month the notifications the rules wrote are delivered day by day, as a
// daily `relaciona run` would: e-mail as .eml files in MailDir (the file://
// channel of plugins/maildir, which the deployment file names too), replies
// on the tickets, with a contact limit on citizens; Summary.Notifications
// says what was sent, held and where.
//
// The demo is deterministic for a seed: every random choice comes from a
// generator seeded from the seed and the process name, and every business
// time is a date of the demo year, never the clock.
package demo

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	_ "github.com/relaciona/relaciona/plugins/desk" // desk:// tickets
	"github.com/relaciona/relaciona/schemas"
)

// The deployment folder's layout: Run writes these names into Options.Dir.
const (
	// DeploymentFile is the deployment file the demo leaves.
	DeploymentFile = "deployment.yaml"
	// StoreFile is the demo's SQLite store, named in DeploymentFile.
	StoreFile = "demo.db"
	// SchemaDir holds the JSON schemas the YAML files' modelines point at.
	SchemaDir = "schemas"
	// ReportDir is where the CLI writes the product reports of the
	// deployment for the demo's year; Run leaves it alone.
	ReportDir = "report"
	// headFile and lockFile are what `relaciona run` leaves beside the
	// deployment (the audit head, the run lock of a SQLite store); a new
	// store makes them stale, so Run removes them, with the reports run
	// wrote.
	headFile = "relaciona-head.json"
	lockFile = DeploymentFile + ".lock"
	runOut   = "reports"
)

// deploymentKinds are the process kinds a deployment file can name.
var deploymentKinds = []string{"stakeholder", "alliance", "satisfaction", "citizen"}

// Modeline is the first line of a YAML file of kind the demo writes: it
// points editors at the schema the demo leaves in SchemaDir.
func Modeline(kind string) string {
	return schemas.Modeline(SchemaDir + "/" + kind + ".json")
}

// Options configure a demo run.
type Options struct {
	Dir  string         // output folder: the store file, configurations and reports go here
	Seed uint64         // the same seed builds the same agency
	Lang relaciona.Lang // language of the reports
	Year int            // the demo year; 2026 when zero
	// Progress, when set, is called as the work advances.
	Progress func(Progress)
}

// Progress is one step of the demo.
type Progress struct {
	Process string
	Step    string
	Done    int // steps done so far, out of Total
	Total   int
}

// Env is what a Process works with.
type Env struct {
	Store   *relaciona.Store
	Tickets *relaciona.Tickets
	Cal     *calendar.Calendar
	Rand    *rand.Rand // this process's own generator
	Year    int
	Lang    relaciona.Lang
	Dir     string // where the process writes its configuration file, KIND.yaml
	Counts  map[string]int
	// Directory is the demo agency's one directory, shared by the
	// processes: each process gives its service WithDirectory(Directory),
	// so no action is taken on a role or level the caller claims. Setup
	// lists the process's staff in it with AddPeople before acting.
	Directory *relaciona.Directory
	people    *people
}

// AddPeople lists staff in the demo's directory (and so in the deployment
// file's directory.people); an id already listed is an error. An Env built
// without a directory (a process's own test) gets one here.
func (e *Env) AddPeople(ps ...relaciona.Person) error {
	if e.people == nil {
		e.people = newPeople()
		e.Directory = relaciona.NewDirectory(e.people)
	}
	return e.people.add(ps...)
}

// Count adds n to the named figure of the summary.
func (e *Env) Count(name string, n int) { e.Counts[name] += n }

// writeConfig writes a process's YAML file, data, as name into the
// deployment folder env.Dir and loads it back with load (the process's
// LoadConfig), as the deployment will read it.
func writeConfig[C any](env *Env, name string, data []byte, load func(path string, lang relaciona.Lang) (C, error)) (C, error) {
	path := filepath.Join(env.Dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		var none C
		return none, fmt.Errorf("write %s: %w", path, err)
	}
	return load(path, env.Lang)
}

// MonthEnd is the last day of month m of the demo year.
func (e *Env) MonthEnd(m time.Month) calendar.Date {
	return calendar.Date{Year: e.Year, Month: m + 1, Day: 1}.AddDays(-1)
}

// Day returns a date of month m of the demo year, day clamped to the month.
func (e *Env) Day(m time.Month, day int) calendar.Date {
	last := e.MonthEnd(m).Day
	return calendar.Date{Year: e.Year, Month: m, Day: min(max(day, 1), last)}
}

// At returns a time on date d at the given hour, in Bogotá time.
func (e *Env) At(d calendar.Date, hour int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, bogota)
}

var bogota = time.FixedZone("COT", -5*3600)

// Process is one process's part of the demo.
type Process interface {
	// Name is the process kind: stakeholder, alliance, satisfaction, citizen.
	Name() string
	// Setup writes the configuration into env.Dir and registers the state
	// at the start of the year.
	Setup(ctx context.Context, env *Env) error
	// Month adds the month's activity and runs the periodic job at its end.
	Month(ctx context.Context, env *Env, m time.Month) error
}

// Summary is what a run produced.
type Summary struct {
	// Deployment is the deployment file left in Options.Dir.
	Deployment string
	StoreFile  string
	// ReportDir is the folder where the CLI writes the product reports
	// of the deployment for Year (Run writes nothing there).
	ReportDir string
	// Year is the demo year.
	Year       int
	Counts     map[string]map[string]int // per process
	Elapsed    time.Duration
	AuditCount int64
	// RecordCount is how many records were checked against the audit log
	// (relaciona.Store.VerifyRecords), all of them matching.
	RecordCount int64
	// Notifications is what the year's dispatching delivered, held back
	// and left, and where the e-mail is.
	Notifications Notifications
}

// Run builds the demo agency with the given processes and leaves in
// opts.Dir a deployment folder: DeploymentFile (store StoreFile, the
// built-in ticket desk, the process files of the processes that are
// deployment kinds), the process files KIND.yaml beside it with modelines
// pointing at the schemas in SchemaDir, the store, and the e-mail the
// year's notifications became in MailDir. An existing store file in
// opts.Dir is replaced, and what `relaciona run` left for the old store
// (head file, lock, reports/) removed. Run writes no report: ReportDir,
// and the report folder an earlier run left there, are the caller's (the
// CLI replaces it with the product reports of the new store).
func Run(ctx context.Context, opts Options, procs ...Process) (*Summary, error) {
	start := time.Now()
	if opts.Year == 0 {
		opts.Year = 2026
	}
	if opts.Dir == "" {
		return nil, relaciona.Invalid("out", "an output folder is required")
	}
	if len(procs) == 0 {
		return nil, relaciona.Invalid("processes", "no process to run")
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("demo: output folder: %w", err)
	}
	dbPath := filepath.Join(opts.Dir, StoreFile)
	for _, f := range []string{StoreFile, StoreFile + "-wal", StoreFile + "-shm", headFile, lockFile} {
		if err := os.Remove(filepath.Join(opts.Dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("demo: remove the previous demo store: %w", err)
		}
	}
	if err := os.RemoveAll(filepath.Join(opts.Dir, runOut)); err != nil {
		return nil, fmt.Errorf("demo: remove the reports of the previous demo store: %w", err)
	}
	if err := removeMail(opts.Dir); err != nil {
		return nil, err
	}
	if _, err := schemas.WriteFiles(filepath.Join(opts.Dir, SchemaDir)); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	clock := time.Date(opts.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	store, err := relaciona.OpenStore(ctx, "sqlite://"+dbPath, relaciona.WithClock(func() time.Time { return clock }))
	if err != nil {
		return nil, err
	}
	defer store.Close()
	tickets, err := relaciona.OpenTickets(ctx, "desk://", relaciona.WithTicketStore(store))
	if err != nil {
		return nil, err
	}
	defer tickets.Close()
	cal, err := calendar.New("CO", calendar.Options{})
	if err != nil {
		return nil, err
	}
	configDir := opts.Dir
	staff := newPeople()
	directory := relaciona.NewDirectory(staff)

	envs := make([]*Env, len(procs))
	for i, p := range procs {
		envs[i] = &Env{Store: store, Tickets: tickets, Cal: cal, Rand: rand.New(rand.NewPCG(opts.Seed, seedOf(p.Name()))),
			Year: opts.Year, Lang: opts.Lang, Dir: configDir, Counts: map[string]int{}, Directory: directory, people: staff}
	}
	total := len(procs) * 13
	done := 0
	step := func(p Process, s string) {
		done++
		if opts.Progress != nil {
			opts.Progress(Progress{Process: p.Name(), Step: s, Done: done, Total: total})
		}
	}
	for i, p := range procs {
		if err := p.Setup(ctx, envs[i]); err != nil {
			return nil, fmt.Errorf("demo: %s: setup: %w", p.Name(), err)
		}
		step(p, "setup")
	}
	disp, err := newDispatcher(ctx, opts, store, tickets, directory, func(t time.Time) { clock = t })
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	for m := time.January; m <= time.December; m++ {
		clock = time.Date(opts.Year, m, 1, 0, 0, 0, 0, time.UTC)
		for i, p := range procs {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if err := p.Month(ctx, envs[i], m); err != nil {
				return nil, fmt.Errorf("demo: %s: %s: %w", p.Name(), m, err)
			}
			step(p, m.String())
		}
		// The month's notifications go out day by day, as a daily
		// `relaciona run` would deliver them.
		if err := disp.month(ctx, opts.Year, m); err != nil {
			return nil, fmt.Errorf("demo: %s: %w", m, err)
		}
	}
	notes, err := disp.close(ctx, store)
	if err != nil {
		return nil, fmt.Errorf("demo: notifications: %w", err)
	}

	depPath := filepath.Join(opts.Dir, DeploymentFile)
	// The roster is checked as a deployment's is before it is written.
	if _, err := relaciona.NewRoster(staff.all()...); err != nil {
		return nil, fmt.Errorf("demo: the directory: %w", err)
	}
	if err := os.WriteFile(depPath, deploymentYAML(opts, procs, staff.all()), 0o644); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}

	sum := &Summary{Deployment: depPath, StoreFile: dbPath, ReportDir: filepath.Join(opts.Dir, ReportDir), Year: opts.Year,
		Counts: map[string]map[string]int{}, Notifications: notes}
	for i, p := range procs {
		sum.Counts[p.Name()] = envs[i].Counts
	}
	audit, err := store.VerifyAudit(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: audit verification: %w", err)
	}
	sum.AuditCount = audit.Entries
	if sum.RecordCount, err = store.VerifyRecords(ctx); err != nil {
		return nil, fmt.Errorf("demo: record verification: %w", err)
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// deploymentYAML is the demo's deployment file: a Colombian agency on the
// store file beside it and the built-in desk, running the processes of
// procs that a deployment can name.
func deploymentYAML(opts Options, procs []Process, staff []relaciona.Person) []byte {
	var b strings.Builder
	b.WriteString(Modeline("deployment") + "\n")
	fmt.Fprintf(&b, "#\n# %s\n", opts.Lang.T(
		"Despliegue de la agencia de demostración, escrito por «relaciona demo». Pruebe:\n#   relaciona validate deployment.yaml\n#   relaciona report --config deployment.yaml --period AAAA\n#   relaciona run --config deployment.yaml --at AAAA-MM-DD",
		"Deployment of the demo agency, written by \"relaciona demo\". Try:\n#   relaciona validate deployment.yaml\n#   relaciona report --config deployment.yaml --period YYYY\n#   relaciona run --config deployment.yaml --at YYYY-MM-DD"))
	b.WriteString("kind: deployment\nversion: 1\n")
	fmt.Fprintf(&b, "name: %q\n", opts.Lang.T("Agencia de demostración", "Demo agency"))
	b.WriteString("country: CO\ntimezone: America/Bogota\n")
	if opts.Lang == relaciona.English {
		b.WriteString("lang: en\n")
	}
	fmt.Fprintf(&b, "store: sqlite://%s\ntickets:\n  url: desk://\n", StoreFile)
	var names []string
	for _, p := range procs {
		if slices.Contains(deploymentKinds, p.Name()) {
			names = append(names, p.Name())
		}
	}
	if len(names) > 0 {
		b.WriteString("processes:\n")
		for _, n := range names {
			fmt.Fprintf(&b, "  %s: %s.yaml\n", n, n)
		}
	}
	if len(staff) > 0 {
		fmt.Fprintf(&b, "# %s\n", opts.Lang.T(
			"El directorio de la agencia: quién es cada persona, sus roles y su nivel SFIA, su correo y su jefe.\n# Los procesos toman de aquí los roles y niveles, nunca de quien llama. Nombres y correos inventados.",
			"The agency's directory: who each person is, their roles and SFIA level, e-mail and manager.\n# The processes take roles and levels from here, never from the caller. Names and addresses are made up."))
		b.WriteString(directoryYAML(staff))
	}
	b.WriteString(notificationsYAML(opts.Lang))
	return []byte(b.String())
}

func seedOf(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}
