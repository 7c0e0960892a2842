package deployment

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // IANA zones on every system, so timezone checks do not depend on the host

	"gopkg.in/yaml.v3"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas"
)

// Kind is the kind of a deployment file.
const Kind = "deployment"

// The process kinds a deployment may name under "processes", in the order
// they are validated.
var processKinds = []string{"stakeholder", "alliance", "satisfaction", "citizen"}

// DefaultStore is the store of a deployment that names none: a SQLite file
// next to the deployment file.
const DefaultStore = "sqlite://relaciona.db"

// DefaultTickets is the ticket system of a deployment that names none: the
// built-in desk kept in the store.
const DefaultTickets = "desk://"

// DefaultAuditHeadFile is the audit head file of a deployment that names
// none: beside the deployment file.
const DefaultAuditHeadFile = "relaciona-head.json"

// The ways `relaciona run` checks the store against the audit log
// (audit.verify).
const (
	// VerifyIncremental checks what changed since the head file's last
	// verified point: the default.
	VerifyIncremental = "incremental"
	// VerifyFull checks the whole log and every record on every run.
	VerifyFull = "full"
)

// MinAuditKeyBytes is the shortest audit chain key accepted.
const MinAuditKeyBytes = 32

// maxAuditKeyFile is the largest audit key file read.
const maxAuditKeyFile = 4096

// DefaultLogLevel is the log level of a deployment that sets none.
const DefaultLogLevel = "warn"

// defaultTimezones are the time zones of a country's capital, used when a
// deployment sets none.
var defaultTimezones = map[string]string{
	"CO": "America/Bogota",
	"CL": "America/Santiago",
	"UY": "America/Montevideo",
}

// Deployment is an agency's deployment file, validated and with its
// defaults applied. Paths in it are absolute.
type Deployment struct {
	// Name is the agency's official name.
	Name string
	// Country is "CO", "CL" or "UY".
	Country string
	// Timezone is an IANA zone; the country's when the file sets none.
	Timezone string
	// Lang is the language of reports and messages (Spanish by default).
	Lang relaciona.Lang
	// Store is the store URL. A relative sqlite path is made absolute from
	// Dir; the default is DefaultStore, so a SQLite file in Dir.
	Store string
	// Tickets is the ticket system.
	Tickets TicketsConfig
	// Calendar holds the agency's adjustments to its country's calendar.
	Calendar CalendarConfig
	// Log holds the logging settings.
	Log LogConfig
	// RequireChecksum (require_checksum: true) makes a plugin:// store or
	// ticket URL without sha256 an error when the file is loaded; without
	// it such a URL is taken, and the plugin host warns about it.
	RequireChecksum bool
	// Audit says where the audit head is kept, where the audit chain's key
	// is and how `relaciona run` verifies the store.
	Audit AuditConfig
	// Processes are the process files as written in the deployment file
	// (relative to Dir); ProcessPath gives their absolute paths.
	Processes Processes
	// Serve is how `relaciona serve` exposes the Open311 endpoint, the
	// health check and the latest reports; its defaults when the file has
	// no serve section.
	Serve ServeConfig
	// Directory is the directory section (directory.go): OpenDirectory opens it.
	Directory DirectoryConfig
	// Notifications is how the outbox is delivered (see notify.go).
	Notifications NotifyConfig
	// PersonalData is the retention of personal data per record kind
	// (see personal.go).
	PersonalData PersonalConfig
	// Dir is the absolute directory of the deployment file.
	Dir string

	file    string                      // the path Load was given, for messages
	procPos map[string]schemas.Position // where each process is named in the file
}

// TicketsConfig is the ticket system: its adapter URL, how its statuses map
// to relaciona's, and where its access token is. The token itself is never
// in the file.
type TicketsConfig struct {
	// URL is the adapter URL; DefaultTickets when the file sets none.
	URL string
	// StatusMap maps each of the adapter's statuses to a canonical one
	// (new, open, pending, resolved, closed, rejected).
	StatusMap map[string]string
	// SecretEnv names the environment variable that holds the token.
	SecretEnv string
	// SecretFile is the absolute path of the file that holds the token.
	SecretFile string
}

// envSecret returns the value, white space trimmed, of the environment
// variable env, which should hold what; unset or blank, it is an error
// wrapping relaciona.ErrInvalid that names env and what, never a value.
func envSecret(env, what string) (string, error) {
	v, ok := os.LookupEnv(env)
	if !ok || strings.TrimSpace(v) == "" {
		return "", fmt.Errorf("deployment: the environment variable %s, which should hold %s, is not set: %w", env, what, relaciona.ErrInvalid)
	}
	return strings.TrimSpace(v), nil
}

// fileSecret returns the secret held in the file at path, with
// surrounding white space removed. Its errors call the file what when it
// cannot be read, and named (which should name path) when it is empty;
// they never hold the secret.
func fileSecret(path, what, named string) (string, error) {
	b, err := schemas.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("deployment: reading %s: %w", what, err)
	}
	if strings.TrimSpace(string(b)) == "" {
		return "", fmt.Errorf("deployment: %s is empty: %w", named, relaciona.ErrInvalid)
	}
	return strings.TrimSpace(string(b)), nil
}

// Secret returns the access token from SecretEnv or SecretFile, with
// surrounding white space removed, or "" when the deployment names neither.
// Its errors name the variable or file, never the token.
func (t TicketsConfig) Secret() (string, error) {
	switch {
	case t.SecretEnv != "":
		return envSecret(t.SecretEnv, "the ticket system token")
	case t.SecretFile != "":
		return fileSecret(t.SecretFile, "the ticket system token file", "the ticket system token file "+t.SecretFile)
	}
	return "", nil
}

// AuditConfig is the audit section of a deployment. The key itself is
// never in the file.
type AuditConfig struct {
	// HeadFile is the absolute path of the audit head file, outside the
	// store: DefaultAuditHeadFile beside the deployment file when the file
	// names none.
	HeadFile string
	// KeyEnv names the environment variable that holds the audit chain's
	// HMAC key.
	KeyEnv string
	// KeyFile is the absolute path of the file that holds the key.
	KeyFile string
	// Verify is VerifyIncremental (the default) or VerifyFull.
	Verify string
}

// AuditKey returns the audit chain's HMAC key from the deployment's
// audit.key_env or audit.key_file, with surrounding white space removed,
// or nil when it names neither. A key shorter than MinAuditKeyBytes, an
// unset variable, or a key file that is not a regular file is refused with
// an error wrapping relaciona.ErrInvalid. Its errors name the variable or
// file, never the key.
func (d *Deployment) AuditKey() ([]byte, error) { return d.Audit.Key() }

// Key is Deployment.AuditKey.
func (a AuditConfig) Key() ([]byte, error) {
	var key []byte
	var from string
	switch {
	case a.KeyEnv != "":
		v, err := envSecret(a.KeyEnv, "the audit key (audit.key_env)")
		if err != nil {
			return nil, err
		}
		key, from = []byte(v), "the environment variable "+a.KeyEnv
	case a.KeyFile != "":
		b, err := readKeyFile(a.KeyFile)
		if err != nil {
			return nil, err
		}
		key, from = bytes.TrimSpace(b), "the audit key file "+a.KeyFile
	default:
		return nil, nil
	}
	if len(key) < MinAuditKeyBytes {
		return nil, fmt.Errorf("deployment: the audit key in %s is shorter than %d bytes (make one with: openssl rand -base64 48): %w", from, MinAuditKeyBytes, relaciona.ErrInvalid)
	}
	return key, nil
}

// readKeyFile reads a key file that must be a small regular file.
func readKeyFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("deployment: the audit key file (audit.key_file): %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("deployment: the audit key file %s is not a regular file: %w", path, relaciona.ErrInvalid)
	}
	if info.Size() > maxAuditKeyFile {
		return nil, fmt.Errorf("deployment: the audit key file %s is larger than %d bytes: %w", path, maxAuditKeyFile, relaciona.ErrInvalid)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("deployment: the audit key file (audit.key_file): %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || !os.SameFile(fi, info) {
		return nil, fmt.Errorf("deployment: the audit key file %s changed while it was opened: %w", path, relaciona.ErrInvalid)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxAuditKeyFile+1))
	if err != nil {
		return nil, fmt.Errorf("deployment: reading the audit key file %s: %w", path, err)
	}
	if len(b) > maxAuditKeyFile {
		return nil, fmt.Errorf("deployment: the audit key file %s is larger than %d bytes: %w", path, maxAuditKeyFile, relaciona.ErrInvalid)
	}
	return b, nil
}

// CalendarConfig is the agency's adjustments to its country's calendar.
type CalendarConfig struct {
	// Closures are the agency's own closure days.
	Closures []Closure
	// WorkingHolidaysStop says whether Uruguay's working holidays stop the
	// clock (Uruguay only; the schema rejects true elsewhere).
	WorkingHolidaysStop bool
}

// Closure is one closure day of the agency.
type Closure struct {
	// Date is "YYYY-MM-DD".
	Date string
	// Name is the reason for the closure.
	Name string
}

// LogConfig holds the logging settings.
type LogConfig struct {
	// Level is trace, debug, info, warn, error or off; DefaultLogLevel when
	// the file sets none.
	Level string
}

// Processes are the process files a deployment names, as written in the
// file: relative to the deployment's directory, or absolute. "" means the
// agency does not run that process.
type Processes struct {
	Stakeholder  string
	Alliance     string
	Satisfaction string
	Citizen      string
}

// get returns the path for a process kind.
func (p Processes) get(kind string) string {
	switch kind {
	case "stakeholder":
		return p.Stakeholder
	case "alliance":
		return p.Alliance
	case "satisfaction":
		return p.Satisfaction
	case "citizen":
		return p.Citizen
	}
	return ""
}

// fileShape is the YAML shape of a deployment file, with positions kept
// where a rule beyond the schema may need to point.
type fileShape struct {
	Kind     string        `yaml:"kind"`
	Version  int           `yaml:"version"`
	Name     string        `yaml:"name"`
	Country  string        `yaml:"country"`
	Timezone located       `yaml:"timezone"`
	Lang     string        `yaml:"lang"`
	Store    located       `yaml:"store"`
	Tickets  *ticketsShape `yaml:"tickets"`
	// RequireChecksum refuses plugin:// URLs without sha256.
	RequireChecksum bool           `yaml:"require_checksum"`
	Calendar        calendarShape  `yaml:"calendar"`
	Log             LogConfig      `yaml:"log"`
	Audit           auditShape     `yaml:"audit"`
	Proc            processesShape `yaml:"processes"`
	Serve           serveShape     `yaml:"serve"`

	Directory     *directoryShape `yaml:"directory"`
	Notifications notifyShape     `yaml:"notifications"`
	PersonalData  personalShape   `yaml:"personal_data"`
}

type ticketsShape struct {
	URL        located           `yaml:"url"`
	StatusMap  map[string]string `yaml:"status_map"`
	SecretEnv  string            `yaml:"secret_env"`
	SecretFile string            `yaml:"secret_file"`
}

type auditShape struct {
	HeadFile string `yaml:"head_file"`
	KeyEnv   string `yaml:"key_env"`
	KeyFile  string `yaml:"key_file"`
	Verify   string `yaml:"verify"`
}

type calendarShape struct {
	schemas.Position    `yaml:"-"`
	Closures            []closureShape `yaml:"closures"`
	WorkingHolidaysStop bool           `yaml:"working_holidays_stop"`
}

// UnmarshalYAML decodes the calendar and keeps where it is.
func (c *calendarShape) UnmarshalYAML(n *yaml.Node) error {
	type plain calendarShape // without this method
	var v plain
	if err := n.Decode(&v); err != nil {
		return err
	}
	*c = calendarShape(v)
	c.Position = schemas.Position{Line: n.Line, Column: n.Column}
	return nil
}

type closureShape struct {
	Date located `yaml:"date"`
	Name string  `yaml:"name"`
}

type processesShape struct {
	Stakeholder  located `yaml:"stakeholder"`
	Alliance     located `yaml:"alliance"`
	Satisfaction located `yaml:"satisfaction"`
	Citizen      located `yaml:"citizen"`
}

// located is a text value with where it was in the file.
type located struct {
	Value string
	schemas.Position
}

// UnmarshalYAML decodes the text and keeps its position.
func (l *located) UnmarshalYAML(n *yaml.Node) error {
	l.Position = schemas.Position{Line: n.Line, Column: n.Column}
	return n.Decode(&l.Value)
}

// Load reads and validates the deployment file at path, applies the
// defaults and checks what the schema cannot: that the time zone exists
// (in the embedded IANA database, so the host's does not matter) and that
// the calendar can be built (closure days within the years it covers). Messages are in lang. On
// failure the error is a *schemas.Error naming file:line:col of each
// problem. Load does not open the process files; ValidateProcesses does.
func Load(path string, lang relaciona.Lang) (*Deployment, error) {
	var f fileShape
	if err := schemas.LoadFileKind(path, Kind, lang, &f); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("deployment: %s: %w", path, err)
	}
	d := &Deployment{
		Name:     f.Name,
		Country:  f.Country,
		Timezone: f.Timezone.Value,
		Lang:     relaciona.Spanish,
		Store:    f.Store.Value,
		Log:      f.Log,
		Dir:      filepath.Dir(abs),
		file:     path,
		procPos:  map[string]schemas.Position{},
	}
	if f.Lang == string(relaciona.English) {
		d.Lang = relaciona.English
	}
	if d.Timezone == "" {
		d.Timezone = defaultTimezones[d.Country]
	}
	if d.Store == "" {
		d.Store = DefaultStore
	}
	d.Store = resolveStore(d.Store, d.Dir)
	if d.Log.Level == "" {
		d.Log.Level = DefaultLogLevel
	}
	d.Tickets.URL = DefaultTickets
	if t := f.Tickets; t != nil {
		d.Tickets = TicketsConfig{URL: t.URL.Value, StatusMap: t.StatusMap, SecretEnv: t.SecretEnv}
		if t.SecretFile != "" {
			d.Tickets.SecretFile = d.abs(t.SecretFile)
		}
	}
	d.Audit = AuditConfig{HeadFile: d.abs(DefaultAuditHeadFile), KeyEnv: f.Audit.KeyEnv, Verify: f.Audit.Verify}
	if f.Audit.HeadFile != "" {
		d.Audit.HeadFile = d.abs(f.Audit.HeadFile)
	}
	if f.Audit.KeyFile != "" {
		d.Audit.KeyFile = d.abs(f.Audit.KeyFile)
	}
	if d.Audit.Verify == "" {
		d.Audit.Verify = VerifyIncremental
	}
	d.Calendar.WorkingHolidaysStop = f.Calendar.WorkingHolidaysStop
	var closurePos []schemas.Position
	for _, c := range f.Calendar.Closures {
		d.Calendar.Closures = append(d.Calendar.Closures, Closure{Date: c.Date.Value, Name: c.Name})
		closurePos = append(closurePos, c.Date.Position)
	}
	procs := map[string]located{
		"stakeholder":  f.Proc.Stakeholder,
		"alliance":     f.Proc.Alliance,
		"satisfaction": f.Proc.Satisfaction,
		"citizen":      f.Proc.Citizen,
	}
	d.Processes = Processes{
		Stakeholder:  f.Proc.Stakeholder.Value,
		Alliance:     f.Proc.Alliance.Value,
		Satisfaction: f.Proc.Satisfaction.Value,
		Citizen:      f.Proc.Citizen.Value,
	}
	for k, l := range procs {
		if l.Value != "" {
			d.procPos[k] = l.Position
		}
	}

	p := &problemList{file: path, lang: lang}
	if _, err := time.LoadLocation(d.Timezone); err != nil {
		p.add(f.Timezone.Position, "timezone", lang.Tf("zona horaria desconocida %q: use un nombre IANA como America/Bogota",
			"unknown time zone %q: use an IANA name such as America/Bogota", d.Timezone))
	}
	d.checkCalendar(p, closurePos, f.Calendar.Position)
	d.RequireChecksum = f.RequireChecksum
	if d.RequireChecksum {
		urls := []struct {
			field string
			at    located
		}{{"store", f.Store}}
		if f.Tickets != nil {
			urls = append(urls, struct {
				field string
				at    located
			}{"tickets.url", f.Tickets.URL})
		}
		for _, u := range urls {
			if Unpinned(u.at.Value) {
				p.add(u.at.Position, u.field, lang.T("URL plugin:// sin sha256, y require_checksum: true exige fijar el binario: agregue sha256=HEX (la salida de sha256sum RUTA)",
					"plugin:// URL without sha256, and require_checksum: true requires pinning the binary: add sha256=HEX (the output of sha256sum PATH)"))
			}
		}
	}
	d.Serve = d.serveConfig(f.Serve, p, lang)
	d.Directory = d.directoryConfig(f.Directory, p, lang)
	d.Notifications = d.notifyConfig(f.Notifications, p, lang)
	d.PersonalData = d.personalConfig(f.PersonalData, p, lang)
	if err := p.err(); err != nil {
		return nil, err
	}
	return d, nil
}

// Unpinned reports whether rawURL is a plugin:// URL without a sha256
// (whatever binary is at its path would run).
func Unpinned(rawURL string) bool {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok || scheme != "plugin" {
		return false
	}
	_, query, _ := strings.Cut(rest, "?")
	q, err := url.ParseQuery(query)
	return err != nil || q.Get("sha256") == ""
}

// Location returns the deployment's time zone.
func (d *Deployment) Location() (*time.Location, error) {
	loc, err := time.LoadLocation(d.Timezone)
	if err != nil {
		return nil, fmt.Errorf("deployment: time zone %q: %w", d.Timezone, relaciona.ErrInvalid)
	}
	return loc, nil
}

// ProcessPath returns the absolute path of the file of a process kind
// ("stakeholder", "alliance", "satisfaction", "citizen") and whether the
// deployment names one.
func (d *Deployment) ProcessPath(kind string) (string, bool) {
	p := d.Processes.get(kind)
	if p == "" {
		return "", false
	}
	return d.abs(p), true
}

// ProcessKinds returns the process kinds the deployment names, in a fixed
// order: stakeholder, alliance, satisfaction, citizen.
func (d *Deployment) ProcessKinds() []string {
	var out []string
	for _, k := range processKinds {
		if d.Processes.get(k) != "" {
			out = append(out, k)
		}
	}
	return out
}

// ValidateProcesses checks that every process file the deployment names
// exists and is a valid file of its kind; see ValidateProcess. It returns a
// *schemas.Error with all the problems (those in the deployment file first,
// then each process file's in kind order), or nil.
func (d *Deployment) ValidateProcesses(lang relaciona.Lang) error {
	var own, others []*relaciona.ValidationError
	for _, kind := range d.ProcessKinds() {
		err := d.ValidateProcess(kind, lang)
		if err == nil {
			continue
		}
		var se *schemas.Error
		if !errors.As(err, &se) {
			return err
		}
		for _, p := range se.Problems {
			if p.File == d.file {
				own = append(own, p)
			} else {
				others = append(others, p)
			}
		}
	}
	if len(own)+len(others) == 0 {
		return nil
	}
	sort.SliceStable(own, func(i, j int) bool {
		if own[i].Line != own[j].Line {
			return own[i].Line < own[j].Line
		}
		return own[i].Column < own[j].Column
	})
	return &schemas.Error{Problems: append(own, others...)}
}

// ValidateProcess checks the process file of one kind, if the deployment
// names one: that it exists, and that it is a valid file of that kind. A
// missing file is reported at the line of the deployment file that names
// it; the file's own problems name the file, as ProcessFile gives it. It
// returns a *schemas.Error or nil.
func (d *Deployment) ValidateProcess(kind string, lang relaciona.Lang) error {
	path, ok := d.ProcessFile(kind)
	if !ok {
		return nil
	}
	p := &problemList{file: d.file, lang: lang}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		p.add(d.procPos[kind], "processes."+kind, lang.Tf("el archivo del proceso %s no existe: %s",
			"the %s process file does not exist: %s", kind, path))
		return p.err()
	case err == nil && info.IsDir():
		p.add(d.procPos[kind], "processes."+kind, lang.Tf("%s es una carpeta, no un archivo del proceso %s",
			"%s is a folder, not a %s process file", path, kind))
		return p.err()
	}
	return schemas.LoadFileKind(path, kind, lang, nil)
}

// ProcessFile returns the path of the process file of kind as a user would
// type it (joined to the directory of the path Load was given, so relative
// when that was), and whether the deployment names one. Messages about the
// file use this path; ProcessPath gives the absolute one.
func (d *Deployment) ProcessFile(kind string) (string, bool) {
	p := d.Processes.get(kind)
	if p == "" {
		return "", false
	}
	if filepath.IsAbs(p) {
		return filepath.Clean(p), true
	}
	return filepath.Join(filepath.Dir(d.file), p), true
}

// abs makes a path from the deployment file absolute.
func (d *Deployment) abs(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(d.Dir, p)
}

// resolveStore makes a relative sqlite:// path absolute from dir. Other
// URLs are returned as they are.
func resolveStore(url, dir string) string {
	rest, ok := strings.CutPrefix(url, "sqlite://")
	if !ok || rest == "" || strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "/") || filepath.IsAbs(rest) {
		return url
	}
	return "sqlite://" + filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(rest)))
}

// problemList collects problems found after schema validation.
type problemList struct {
	file string
	lang relaciona.Lang
	list []*relaciona.ValidationError
}

func (p *problemList) add(at schemas.Position, field, msg string) {
	line, col := at.Line, at.Column
	if line < 1 {
		line, col = 1, 1
	}
	p.list = append(p.list, &relaciona.ValidationError{File: p.file, Line: line, Column: col, Field: field, Msg: msg})
}

func (p *problemList) err() error { return schemas.NewError(p.list) }
