package deployment

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas"
)

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
	return p
}

// loadRefused writes body as deployment.yaml in a fresh folder, loads it
// in lang and requires the load to be refused with a *schemas.Error (the
// file's problems, each at its line); it returns that error.
func loadRefused(t *testing.T, body string, lang relaciona.Lang) error {
	t.Helper()
	_, err := Load(write(t, t.TempDir(), "deployment.yaml", body), lang)
	require.Error(t, err)
	var se *schemas.Error
	require.True(t, errors.As(err, &se), "a *schemas.Error: %v", err)
	return err
}

// sectionRefusal is a section of a deployment file, after head, that Load
// refuses, and what its error says.
type sectionRefusal struct{ name, yaml, want string }

// checkSectionRefusals loads head and each case's section, in English, as
// a subtest: the file is refused with a *schemas.Error wrapping
// relaciona.ErrInvalid that says the case's want; then more, when given,
// checks the error further.
func checkSectionRefusals(t *testing.T, cases []sectionRefusal, more func(t *testing.T, err error)) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := loadRefused(t, head+c.yaml, relaciona.English)
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Contains(t, err.Error(), c.want)
			if more != nil {
				more(t, err)
			}
		})
	}
}

func TestLoadFull(t *testing.T) {
	path := filepath.Join("testdata", "valid", "deployment.yaml")
	d, err := Load(path, relaciona.Spanish)
	require.NoError(t, err)
	dir, err := filepath.Abs(filepath.Join("testdata", "valid"))
	require.NoError(t, err)
	assert.Equal(t, "Alcaldía de Ejemplo", d.Name)
	assert.Equal(t, "CO", d.Country)
	assert.Equal(t, "America/Bogota", d.Timezone)
	assert.Equal(t, relaciona.English, d.Lang)
	assert.Equal(t, dir, d.Dir)
	assert.Equal(t, "sqlite://"+filepath.ToSlash(filepath.Join(dir, "data", "agency.db")), d.Store)
	assert.Equal(t, "plugin:///opt/relaciona/bin/redmine?endpoint=https://soporte.ejemplo.gov.co", d.Tickets.URL)
	assert.Equal(t, filepath.Join(dir, "secrets", "redmine.token"), d.Tickets.SecretFile)
	assert.Empty(t, d.Tickets.SecretEnv)
	assert.Equal(t, map[string]string{"Nuevo": "new", "En curso": "open", "En espera": "pending",
		"Resuelto": "resolved", "Cerrado": "closed", "Rechazado": "rejected"}, d.Tickets.StatusMap)
	assert.Equal(t, []Closure{{"2026-12-24", "Nochebuena"}, {"2026-12-31", "Fin de año"}}, d.Calendar.Closures)
	assert.False(t, d.Calendar.WorkingHolidaysStop)
	assert.Equal(t, "info", d.Log.Level)
	assert.Empty(t, d.ProcessKinds())
	require.NoError(t, d.ValidateProcesses(relaciona.Spanish), "no processes: nothing to check")
}

// The defaults: time zone by country, Spanish, SQLite next to the file,
// the built-in desk, log level warn.
func TestLoadDefaults(t *testing.T) {
	for _, c := range []struct{ country, tz string }{
		{"CO", "America/Bogota"}, {"CL", "America/Santiago"}, {"UY", "America/Montevideo"},
	} {
		t.Run(c.country, func(t *testing.T) {
			dir := t.TempDir()
			path := write(t, dir, "deployment.yaml", "kind: deployment\nversion: 1\nname: X\ncountry: "+c.country+"\n")
			d, err := Load(path, relaciona.Spanish)
			require.NoError(t, err)
			assert.Equal(t, c.tz, d.Timezone)
			loc, err := d.Location()
			require.NoError(t, err)
			assert.Equal(t, c.tz, loc.String())
			assert.Equal(t, relaciona.Spanish, d.Lang)
			assert.Equal(t, "sqlite://"+filepath.ToSlash(filepath.Join(dir, "relaciona.db")), d.Store)
			assert.Equal(t, DefaultTickets, d.Tickets.URL)
			assert.Equal(t, DefaultLogLevel, d.Log.Level)
			assert.Equal(t, dir, d.Dir)
		})
	}
}

func TestLoadMinimalUruguay(t *testing.T) {
	d, err := Load(filepath.Join("testdata", "valid", "minimal.yaml"), relaciona.Spanish)
	require.NoError(t, err)
	assert.True(t, d.Calendar.WorkingHolidaysStop)
	assert.Equal(t, "America/Montevideo", d.Timezone)
}

func TestResolveStore(t *testing.T) {
	dir := filepath.FromSlash("/srv/agency")
	for _, c := range []struct{ in, want string }{
		{"sqlite://relaciona.db", "sqlite:///srv/agency/relaciona.db"},
		{"sqlite://./data/x.db", "sqlite:///srv/agency/data/x.db"},
		{"sqlite://../shared/x.db", "sqlite:///srv/shared/x.db"},
		{"sqlite:///var/lib/x.db", "sqlite:///var/lib/x.db"},
		{"sqlite://:memory:", "sqlite://:memory:"},
		{"postgres://db.example/relaciona", "postgres://db.example/relaciona"},
	} {
		assert.Equal(t, c.want, resolveStore(c.in, dir), c.in)
	}
}

// Rules beyond the schema are reported at the offending node too.
func TestLoadUnknownTimezone(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "d.yaml", "kind: deployment\nversion: 1\nname: X\ncountry: CO\ntimezone: America/Atlantis\n")
	_, err := Load(path, relaciona.Spanish)
	require.Error(t, err)
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Equal(t, path+":5:11: timezone: zona horaria desconocida \"America/Atlantis\": use un nombre IANA como America/Bogota", err.Error())
	_, err = Load(path, relaciona.English)
	assert.Equal(t, path+":5:11: timezone: unknown time zone \"America/Atlantis\": use an IANA name such as America/Bogota", err.Error())
}

func TestLoadInvalid(t *testing.T) {
	const hdr = "kind: deployment\nversion: 1\nname: X\ncountry: CO\n"
	for _, c := range []struct{ name, body, want string }{
		{"unknown key", hdr + "tickets:\n  url: desk://\n  token: abc\n", ":7:3: tickets.token: clave desconocida \"token\"; claves permitidas: secret_env, secret_file, status_map, url"},
		{"wrong type", hdr + "processes:\n  citizen: [a.yaml]\n", ":6:12: processes.citizen: tipo incorrecto: se esperaba un texto, pero se encontró una lista"},
		{"missing field", "kind: deployment\nversion: 1\nname: X\n", ":1:1: country: falta el campo obligatorio \"country\" (País)"},
		{"bad enum", hdr + "tickets:\n  url: desk://\n  status_map: {Nuevo: nuevo}\n", ":7:23: tickets.status_map.Nuevo: valor \"nuevo\" no permitido; valores permitidos: new, open, pending, resolved, closed, rejected"},
		{"secret in url", hdr + "tickets:\n  url: https://admin:hunter2@redmine.example\n", ":6:8: tickets.url: la URL lleva una contraseña: quítela y use secret_env o secret_file"},
		{"both secrets", hdr + "tickets:\n  url: desk://\n  secret_env: T\n  secret_file: t.txt\n", ":6:3: tickets: use secret_env o secret_file, no ambos"},
		{"working holidays outside Uruguay", hdr + "calendar: {working_holidays_stop: true}\n", ":5:35: calendar.working_holidays_stop: solo se aplica en Uruguay (country: UY), donde existen feriados laborables"},
		{"malformed", hdr + "log:\n  level: info\n level: x\n", ":7:1: YAML mal formado: no se encontró la clave esperada; revise la sangría"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := write(t, t.TempDir(), "d.yaml", c.body)
			d, err := Load(path, relaciona.Spanish)
			require.Error(t, err)
			assert.Nil(t, d)
			assert.Equal(t, path+c.want, err.Error())
			var se *schemas.Error
			assert.ErrorAs(t, err, &se)
		})
	}
}

func TestLoadOtherKind(t *testing.T) {
	path := write(t, t.TempDir(), "d.yaml", "kind: alliance\nversion: 1\n")
	_, err := Load(path, relaciona.Spanish)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), path+":1:7: kind: "), err.Error())
}

func TestProcessPath(t *testing.T) {
	dir := t.TempDir()
	abs := filepath.Join(dir, "elsewhere", "alliance.yaml")
	path := write(t, dir, "d.yaml", "kind: deployment\nversion: 1\nname: X\ncountry: CL\nprocesses:\n  citizen: procs/citizen.yaml\n  alliance: "+abs+"\n")
	d, err := Load(path, relaciona.Spanish)
	require.NoError(t, err)
	p, ok := d.ProcessPath("citizen")
	assert.True(t, ok)
	assert.Equal(t, filepath.Join(dir, "procs", "citizen.yaml"), p)
	p, ok = d.ProcessPath("alliance")
	assert.True(t, ok)
	assert.Equal(t, abs, p)
	_, ok = d.ProcessPath("stakeholder")
	assert.False(t, ok)
	_, ok = d.ProcessPath("deployment")
	assert.False(t, ok)
	assert.Equal(t, []string{"alliance", "citizen"}, d.ProcessKinds())
}

// A missing process file is reported where the deployment names it; a
// process file's own problems name that file.
func TestValidateProcesses(t *testing.T) {
	path := filepath.Join("testdata", "processes", "deployment.yaml")
	d, err := Load(path, relaciona.Spanish)
	require.NoError(t, err)
	err = d.ValidateProcesses(relaciona.Spanish)
	require.Error(t, err)
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	lines := strings.Split(err.Error(), "\n")
	require.Len(t, lines, 3, err.Error())
	assert.Equal(t, path+":7:12: processes.citizen: el archivo del proceso citizen no existe: "+filepath.Join("testdata", "processes", "missing", "citizen.yaml"), lines[0])
	assert.Equal(t, path+":8:17: processes.satisfaction: "+filepath.Join("testdata", "processes", "folder")+" es una carpeta, no un archivo del proceso satisfaction", lines[1])
	assert.Equal(t, filepath.Join("testdata", "processes", "not-an-alliance.yaml")+":1:7: kind: se esperaba un archivo kind: alliance, pero este es kind: deployment", lines[2])
}

func TestSecret(t *testing.T) {
	t.Setenv("RELACIONA_TEST_TOKEN", " abc123\n")
	s, err := TicketsConfig{SecretEnv: "RELACIONA_TEST_TOKEN"}.Secret()
	require.NoError(t, err)
	assert.Equal(t, "abc123", s)

	_, err = TicketsConfig{SecretEnv: "RELACIONA_TEST_TOKEN_UNSET"}.Secret()
	require.Error(t, err)
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "RELACIONA_TEST_TOKEN_UNSET")

	file := write(t, t.TempDir(), "token", "s3cr3t\n")
	s, err = TicketsConfig{SecretFile: file}.Secret()
	require.NoError(t, err)
	assert.Equal(t, "s3cr3t", s)

	empty := write(t, t.TempDir(), "token", "\n")
	_, err = TicketsConfig{SecretFile: empty}.Secret()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cr3t")

	s, err = TicketsConfig{}.Secret()
	require.NoError(t, err)
	assert.Empty(t, s)
}

// TestEnvSecret: the secrets read from the environment (ticket token,
// bind password, channel secret, audit key) come trimmed; an unset or
// blank variable is ErrInvalid naming it and what it should hold.
func TestEnvSecret(t *testing.T) {
	t.Setenv("RELACIONA_TEST_SECRET", "  abc123\n")
	t.Setenv("RELACIONA_TEST_BLANK", " \n")
	for _, c := range []struct{ env, want, err string }{
		{"RELACIONA_TEST_SECRET", "abc123", ""},
		{"RELACIONA_TEST_BLANK", "", "deployment: the environment variable RELACIONA_TEST_BLANK, which should hold the x, is not set: " + relaciona.ErrInvalid.Error()},
		{"RELACIONA_TEST_UNSET_SECRET", "", "deployment: the environment variable RELACIONA_TEST_UNSET_SECRET, which should hold the x, is not set: " + relaciona.ErrInvalid.Error()},
	} {
		got, err := envSecret(c.env, "the x")
		assert.Equal(t, c.want, got, c.env)
		if c.err == "" {
			assert.NoError(t, err, c.env)
			continue
		}
		assert.ErrorIs(t, err, relaciona.ErrInvalid, c.env)
		assert.EqualError(t, err, c.err, c.env)
	}
	_, err := ChannelConfig{SecretEnv: "RELACIONA_TEST_UNSET_SECRET", name: "notifications.channels.webhook"}.Secret()
	assert.ErrorContains(t, err, "should hold the secret of notifications.channels.webhook, is not set")
}

// TestFileSecret: the secrets read from a file (ticket token, channel
// secret) come trimmed; an empty file is ErrInvalid naming the file, a
// missing one names what it should hold, and neither echoes a secret.
func TestFileSecret(t *testing.T) {
	dir := t.TempDir()
	good := write(t, dir, "good", "  s3cr3t\n")
	empty := write(t, dir, "empty", " \n")
	missing := filepath.Join(dir, "missing")
	ch := func(file string) ChannelConfig {
		return ChannelConfig{SecretFile: file, name: "notifications.channels.webhook"}
	}
	for _, c := range []struct {
		name      string
		secret    func() (string, error)
		want, err string
		invalid   bool
	}{
		{"token", TicketsConfig{SecretFile: good}.Secret, "s3cr3t", "", false},
		{"empty token", TicketsConfig{SecretFile: empty}.Secret, "", "deployment: the ticket system token file " + empty + " is empty: " + relaciona.ErrInvalid.Error(), true},
		{"missing token", TicketsConfig{SecretFile: missing}.Secret, "", "deployment: reading the ticket system token file: ", false},
		{"channel secret", ch(good).Secret, "s3cr3t", "", false},
		{"empty channel secret", ch(empty).Secret, "", "deployment: the secret file " + empty + " of notifications.channels.webhook is empty: " + relaciona.ErrInvalid.Error(), true},
		{"missing channel secret", ch(missing).Secret, "", "deployment: reading the secret file of notifications.channels.webhook: ", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.secret()
			assert.Equal(t, c.want, got)
			if c.err == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			if c.invalid {
				assert.ErrorIs(t, err, relaciona.ErrInvalid)
				assert.EqualError(t, err, c.err)
			} else {
				assert.ErrorIs(t, err, os.ErrNotExist)
				assert.True(t, strings.HasPrefix(err.Error(), c.err), "%q starts with %q", err, c.err)
			}
			assert.NotContains(t, err.Error(), "s3cr3t")
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nada.yaml")
	_, err := Load(path, relaciona.Spanish)
	require.Error(t, err)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.Equal(t, path+":1:1: no se puede leer el archivo: no existe", err.Error())
}

func TestValidateProcessesValid(t *testing.T) {
	example, err := filepath.Abs(filepath.Join("..", "examples", "alliance", "alliance.yaml"))
	require.NoError(t, err)
	path := write(t, t.TempDir(), "d.yaml", "kind: deployment\nversion: 1\nname: X\ncountry: CL\nprocesses:\n  alliance: "+example+"\n")
	d, err := Load(path, relaciona.Spanish)
	require.NoError(t, err)
	require.NoError(t, d.ValidateProcesses(relaciona.Spanish))
	require.NoError(t, d.ValidateProcess("alliance", relaciona.Spanish))
	require.NoError(t, d.ValidateProcess("citizen", relaciona.Spanish), "a process the deployment does not name has nothing to check")
	f, ok := d.ProcessFile("alliance")
	assert.True(t, ok)
	assert.Equal(t, example, f)
}
