package schemas

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/relaciona/relaciona"
)

// hdr is a valid deployment header; cases add lines after it (line 5 on).
const hdr = "kind: deployment\nversion: 1\nname: Alcaldía\ncountry: CO\n"

// shdr starts a file of the test-only kind "sample" (testdata/registry).
const shdr = "kind: sample\nversion: 1\n"

// TestDecodeProblems has one case per class of problem, each asserting the
// exact "FILE:LINE:COL: field: message" lines.
func TestDecodeProblems(t *testing.T) {
	kindList := strings.Join(Kinds(), ", ")
	cases := []struct {
		name string
		in   string
		lang relaciona.Lang
		reg  string // registry directory; "" for the embedded schemas
		want []string
	}{
		{name: "unknown key", in: hdr + "contry: CL\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:1: contry: clave desconocida \"contry\" (¿quiso decir \"country\"?); claves permitidas: audit, calendar, country, directory, kind, lang, log, name, notifications, personal_data, processes, require_checksum, serve, store, tickets, timezone, version",
		}},
		{name: "unknown nested key", in: hdr + "tickets:\n  url: plugin:///x\n  token: abc\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:7:3: tickets.token: clave desconocida \"token\"; claves permitidas: secret_env, secret_file, status_map, url",
		}},
		{name: "unknown key english", in: hdr + "colour: red\n", lang: relaciona.English, reg: "", want: []string{
			"f.yaml:5:1: colour: unknown key \"colour\"; allowed keys: audit, calendar, country, directory, kind, lang, log, name, notifications, personal_data, processes, require_checksum, serve, store, tickets, timezone, version",
		}},
		{name: "wrong type", in: hdr + "lang: 1\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:7: lang: tipo incorrecto: se esperaba un texto, pero se encontró el número 1",
		}},
		{name: "wrong type object", in: hdr + "calendar: [a]\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:11: calendar: tipo incorrecto: se esperaba un objeto (clave: valor), pero se encontró una lista",
		}},
		{name: "wrong type bool", in: hdr[:len(hdr)-3] + "UY\ncalendar:\n  working_holidays_stop: \"yes\"\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:6:26: calendar.working_holidays_stop: tipo incorrecto: se esperaba true o false, pero se encontró el texto \"yes\"",
		}},
		{name: "missing field", in: "kind: deployment\nversion: 1\ncountry: CO\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:1:1: name: falta el campo obligatorio \"name\" (Nombre de la entidad)",
		}},
		{name: "missing nested field", in: hdr + "calendar:\n  closures:\n    - date: 2026-12-24\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:7:7: calendar.closures[0].name: falta el campo obligatorio \"name\" (Motivo)",
		}},
		{name: "enum", in: hdr[:len(hdr)-3] + "AR\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:4:10: country: valor \"AR\" no permitido; valores permitidos: CO, CL, UY",
		}},
		{name: "enum english", in: hdr + "log:\n  level: verbose\n", lang: relaciona.English, reg: "", want: []string{
			"f.yaml:6:10: log.level: value \"verbose\" is not allowed; allowed values: trace, debug, info, warn, error, off",
		}},
		{name: "pattern custom", in: hdr + "timezone: Bogota time\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:11: timezone: no es un nombre de zona horaria IANA (p. ej. America/Bogota)",
		}},
		{name: "format date", in: hdr + "calendar:\n  closures:\n    - {date: 2026-02-30, name: Cierre}\n    - {date: 26-1-1, name: Cierre}\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:7:14: calendar.closures[0].date: \"2026-02-30\" no es una fecha válida: use AAAA-MM-DD, p. ej. 2026-03-19",
			"f.yaml:8:14: calendar.closures[1].date: \"26-1-1\" no es una fecha válida: use AAAA-MM-DD, p. ej. 2026-03-19",
		}},
		{name: "const conditional", in: hdr + "calendar:\n  working_holidays_stop: true\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:6:26: calendar.working_holidays_stop: solo se aplica en Uruguay (country: UY), donde existen feriados laborables",
		}},
		{name: "not both secrets", in: hdr + "tickets:\n  url: plugin:///x\n  secret_env: TOKEN\n  secret_file: token.txt\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:6:3: tickets: use secret_env o secret_file, no ambos",
		}},
		{name: "password in url", in: hdr + "store: postgres://app:s3cret@db/relaciona\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:8: store: la URL lleva una contraseña: quítela y entréguela por el entorno del servidor (p. ej. PGPASSWORD)",
		}},
		{name: "empty string", in: hdr[:len(hdr)-len("country: CO\n")-len("name: Alcaldía\n")] + "name: ''\ncountry: CO\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:3:7: name: no puede estar vacío",
		}},
		{name: "property name", in: hdr + "tickets:\n  url: plugin:///x\n  status_map: {'': new}\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:7:16: tickets.status_map[\"\"]: la clave \"\" no es válida: no puede estar vacío",
		}},
		{name: "unknown kind", in: "kind: alianza\nversion: 1\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:1:7: kind: tipo de archivo desconocido \"alianza\"; tipos conocidos: " + kindList,
		}},
		{name: "missing kind", in: "version: 1\nname: X\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:1:1: kind: falta el campo obligatorio \"kind\" (el tipo de archivo: " + kindList + ")",
		}},
		{name: "kind not text", in: "kind: [deployment]\nversion: 1\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:1:7: kind: kind debe ser un texto (" + kindList + "), pero es una lista",
		}},
		{name: "wrong version", in: "kind: deployment\nversion: 2\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:2:10: version: versión 2 no admitida: esta versión de relaciona lee version: 1",
		}},
		{name: "version as text", in: "kind: deployment\nversion: \"1\"\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:2:10: version: version debe ser el número 1, sin comillas",
		}},
		{name: "missing version", in: "kind: deployment\nname: X\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:1:1: version: falta el campo obligatorio \"version\" (escriba version: 1)",
		}},
		{name: "malformed colon", in: "kind: deployment: x\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:1:1: YAML mal formado: «:» inesperado; ¿falta un salto de línea, una sangría correcta o comillas alrededor de un texto con «: »?",
		}},
		{name: "malformed tab", in: hdr + "tickets:\n\turl: x\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:6:1: YAML mal formado: carácter que no puede empezar un valor (¿un tabulador? use espacios para la sangría)",
		}},
		{name: "malformed flow", in: hdr + "tickets: {url: x\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:1: YAML mal formado: falta «,» o «}» en el objeto entre llaves",
		}},
		{name: "malformed indent", in: hdr + "tickets:\n  url: x\n bad: 1\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:7:1: YAML mal formado: no se encontró la clave esperada; revise la sangría",
		}},
		{name: "malformed nested indent", in: hdr + "tickets:\n  url: x\n  status_map:\n    a: new\n   b: open\n    c: closed\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:9:1: YAML mal formado: no se encontró la clave esperada; revise la sangría",
		}},
		{name: "malformed sequence", in: hdr + "calendar:\n  closures:\n    - date: 2026-01-02\n    name: x\n", lang: relaciona.English, reg: "", want: []string{
			"f.yaml:8:1: malformed YAML: expected a list item \"- \"; check the indentation",
		}},
		{name: "unknown alias", in: hdr + "lang: *es\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:7: el alias *es no corresponde a ningún ancla &es definida antes",
		}},
		{name: "empty", in: "", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:1:1: el archivo está vacío",
		}},
		{name: "blank", in: "  \n\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:1:1: el archivo está vacío",
		}},
		{name: "comments only", in: "# nada\n# más\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:1:1: el archivo está vacío (solo tiene comentarios)",
		}},
		{name: "binary", in: "kind: deployment\nversion: 1\nna\x00me: x\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:3:3: el archivo contiene bytes nulos: parece un archivo binario, no un texto YAML",
		}},
		{name: "utf16", in: "\xff\xfek\x00i\x00", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:1:1: el archivo está codificado en UTF-16: guárdelo como UTF-8",
		}},
		{name: "latin1", in: "kind: deployment\nversion: 1\nname: Alcald\xeda\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:3:13: el archivo no es texto UTF-8 válido (byte 0xED); si lo guardó como Latin-1 o Windows-1252, guárdelo como UTF-8",
		}},
		{name: "control char", in: "kind: deployment\nversion: 1\nname: \x1b[31m\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:3:7: carácter de control U+001B no permitido en YAML",
		}},
		{name: "multiple documents", in: hdr + "---\n" + hdr, lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:1: el archivo tiene más de un documento YAML (separados por «---»): ponga cada uno en su propio archivo",
		}},
		{name: "duplicate key", in: hdr + "name: Otra\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:1: la clave \"name\" está repetida (ya aparece en la línea 3)",
		}},
		{name: "duplicate key english", in: hdr + "tickets:\n  url: a:b\n  url: c:d\n", lang: relaciona.English, reg: "", want: []string{
			"f.yaml:7:3: key \"url\" is repeated (it already appears on line 6)",
		}},
		{name: "list key", in: hdr + "? [a, b]\n: x\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:3: una clave debe ser un texto, no una lista",
		}},
		{name: "null key", in: hdr + "~: x\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:1: falta la clave antes de «:» (una clave no puede estar vacía)",
		}},
		{name: "unsupported tag", in: hdr + "lang: !lang es\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:7: etiqueta YAML !lang no admitida: quítela",
		}},
		{name: "unsupported tag on a list", in: hdr + "calendar:\n  closures: !list []\n", lang: relaciona.English, reg: "", want: []string{
			"f.yaml:6:13: YAML tag !list is not supported: remove it",
		}},
		{name: "unsupported tag on an object", in: hdr + "calendar: !obj {}\n", lang: relaciona.English, reg: "", want: []string{
			"f.yaml:5:11: YAML tag !obj is not supported: remove it",
		}},
		{name: "alias cycle", in: "kind: deployment\nversion: 1\nname: &n [*n]\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:3:11: el alias *n está dentro de su propia ancla &n: se repetiría sin fin",
		}},
		{name: "not a mapping", in: "- kind: deployment\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:1:1: el archivo debe ser un objeto (líneas «clave: valor») que empiece con kind y version, pero es una lista",
		}},
		{name: "not finite", in: hdr + "log: {level: .inf}\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:14: el número .inf no está admitido: use un número finito",
		}},
		{name: "alias value wrong", in: hdr + "x: &l {level: info}\ncalendar: *l\n", lang: relaciona.Spanish, reg: "", want: []string{
			"f.yaml:5:1: x: clave desconocida \"x\"; claves permitidas: audit, calendar, country, directory, kind, lang, log, name, notifications, personal_data, processes, require_checksum, serve, store, tickets, timezone, version",
			"f.yaml:5:8: calendar.level: clave desconocida \"level\"; claves permitidas: closures, working_holidays_stop",
		}},
		{name: "range min", in: shdr + "threshold: 0\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:12: threshold: valor 0 fuera de rango: debe ser mayor o igual que 1",
		}},
		{name: "range max english", in: shdr + "threshold: 9\n", lang: relaciona.English, reg: "testdata/registry", want: []string{
			"f.yaml:3:12: threshold: value 9 out of range: must be at most 5",
		}},
		{name: "exclusive", in: shdr + "ratio: 1\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:8: ratio: valor 1 fuera de rango: debe ser menor que 1",
		}},
		{name: "multiple of", in: shdr + "ratio: 0.3\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:8: ratio: valor 0.3 no permitido: debe ser múltiplo de 0.25",
		}},
		{name: "generic pattern", in: shdr + "code: abc\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:7: code: \"abc\" no tiene la forma esperada (patrón ^[A-Z]{3}$)",
		}},
		{name: "max length", in: shdr + "code: ABCD\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:7: code: \"ABCD\" no tiene la forma esperada (patrón ^[A-Z]{3}$)",
			"f.yaml:3:7: code: es demasiado largo: tiene 4 caracteres y el máximo es 3",
		}},
		{name: "anyOf types", in: shdr + "term: [1]\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:7: term: tipo incorrecto: se esperaba un número entero o un texto, pero se encontró una lista",
		}},
		{name: "anyOf enum", in: shdr + "term: never\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:7: term: valor \"never\" no permitido; valores permitidos: none",
		}},
		{name: "oneOf none", in: shdr + "owner: {role: 1}\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:15: owner.role: tipo incorrecto: se esperaba un texto, pero se encontró el número 1",
		}},
		{name: "min items", in: shdr + "tags: []\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:7: tags: la lista tiene 0 elementos; debe tener al menos 1",
		}},
		{name: "unique items", in: shdr + "tags: [a, b, a]\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:14: tags[2]: elemento repetido: es igual al elemento 1 de la lista",
		}},
		{name: "ref required", in: shdr + "contact: {}\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:10: contact.email: falta el campo obligatorio \"email\" (Correo)",
		}},
		{name: "ref format", in: shdr + "contact: {email: nobody}\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:18: contact.email: \"nobody\" no tiene el formato email",
		}},
		{name: "unevaluated", in: shdr + "extra: {a: x, b: y, c: z}\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:21: extra.c: clave desconocida \"c\"; claves permitidas: a, b",
		}},
		{name: "dependent required", in: shdr + "extra: {a: x}\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:8: extra: si indica \"a\" debe indicar también \"b\"",
		}},
		{name: "pattern properties", in: shdr + "labels: {x-a: a, y: b}\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:18: labels.y: clave desconocida \"y\"; se admiten claves con el patrón ^x-",
		}},
		{name: "max properties", in: shdr + "labels: {x-a: a, x-b: b, x-c: c}\n", lang: relaciona.Spanish, reg: "testdata/registry", want: []string{
			"f.yaml:3:9: labels: el objeto tiene 3 claves; admite como máximo 2",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := defaultRegistry()
			if c.reg != "" {
				r = newRegistry(os.DirFS(c.reg), nil)
			}
			kind, err := r.decode("f.yaml", []byte(c.in), "", c.lang, nil)
			require.Error(t, err)
			assert.Empty(t, kind)
			assert.ErrorIs(t, err, relaciona.ErrInvalid)
			var e *Error
			require.ErrorAs(t, err, &e)
			got := make([]string, len(e.Problems))
			for i, p := range e.Problems {
				got[i] = p.Error()
			}
			assert.Equal(t, c.want, got)
			assert.Equal(t, strings.Join(c.want, "\n"), err.Error())
		})
	}
}

// testDeployment is a Go shape of the deployment file, for decoding tests.
type testDeployment struct {
	Kind     string `yaml:"kind"`
	Version  int    `yaml:"version"`
	Name     string `yaml:"name"`
	Country  string `yaml:"country"`
	Timezone string `yaml:"timezone"`
	Tickets  struct {
		URL       string            `yaml:"url"`
		StatusMap map[string]string `yaml:"status_map"`
		SecretEnv string            `yaml:"secret_env"`
	} `yaml:"tickets"`
	Calendar struct {
		Closures []struct {
			Date string `yaml:"date"`
			Name string `yaml:"name"`
		} `yaml:"closures"`
	} `yaml:"calendar"`
	Log struct {
		Level string `yaml:"level"`
	} `yaml:"log"`
}

func TestDecodeValid(t *testing.T) {
	in := "\ufeff# yaml-language-server: $schema=https://raw.githubusercontent.com/relaciona/relaciona/main/schemas/deployment.json\r\n" +
		"---\r\n" +
		"kind: deployment\r\n" +
		"version: 1\r\n" +
		"name: Alcaldía de Ejemplo  # comentario\r\n" +
		"country: CO\r\n" +
		"timezone: America/Bogota\r\n" +
		"tickets:\r\n" +
		"  url: plugin:///opt/relaciona/bin/redmine\r\n" +
		"  secret_env: REDMINE_TOKEN\r\n" +
		"  status_map:\r\n" +
		"    1: new\r\n" +
		"    \"En curso\": &open open\r\n" +
		"    Asignado: *open\r\n" +
		"calendar:\r\n" +
		"  closures:\r\n" +
		"    - &c {date: 2026-12-24, name: Nochebuena}\r\n" +
		"    - {<<: *c, date: 2026-12-31}\r\n" +
		"log: {level: info}\r\n" +
		"...\r\n"
	var d testDeployment
	kind, err := Decode("f.yaml", []byte(in), relaciona.Spanish, &d)
	require.NoError(t, err)
	assert.Equal(t, "deployment", kind)
	assert.Equal(t, "Alcaldía de Ejemplo", d.Name)
	assert.Equal(t, "CO", d.Country)
	assert.Equal(t, "America/Bogota", d.Timezone)
	assert.Equal(t, "REDMINE_TOKEN", d.Tickets.SecretEnv)
	assert.Equal(t, map[string]string{"1": "new", "En curso": "open", "Asignado": "open"}, d.Tickets.StatusMap)
	require.Len(t, d.Calendar.Closures, 2)
	assert.Equal(t, "2026-12-24", d.Calendar.Closures[0].Date, "dates decode as text")
	assert.Equal(t, "Nochebuena", d.Calendar.Closures[0].Name)
	assert.Equal(t, "2026-12-31", d.Calendar.Closures[1].Date, "a merge key's own keys win")
	assert.Equal(t, "Nochebuena", d.Calendar.Closures[1].Name, "merged from the anchor")
	assert.Equal(t, "info", d.Log.Level)

	kind, err = Decode("f.yaml", []byte(hdr), relaciona.Spanish, nil)
	require.NoError(t, err, "v may be nil: validate only")
	assert.Equal(t, "deployment", kind)
}

// A merge key brings in keys that the schema then checks like any other.
func TestDecodeMergeIsValidated(t *testing.T) {
	in := hdr + "x-base: &b {level: info, colour: red}\nlog: {<<: *b}\n"
	_, err := Decode("f.yaml", []byte(in), relaciona.Spanish, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "f.yaml:5:1: x-base: clave desconocida")
	assert.Contains(t, err.Error(), "f.yaml:5:26: log.colour: clave desconocida \"colour\"; claves permitidas: level")
}

func TestDecodeInvalidLeavesValueUntouched(t *testing.T) {
	d := testDeployment{Name: "antes"}
	_, err := Decode("f.yaml", []byte("kind: deployment\nversion: 1\nname: después\ncountry: AR\n"), relaciona.Spanish, &d)
	require.Error(t, err)
	assert.Equal(t, "antes", d.Name, "a file that fails validation changes nothing")
}

func TestDecodeKind(t *testing.T) {
	require.NoError(t, DecodeKind("f.yaml", []byte(hdr), "deployment", relaciona.Spanish, nil))
	_, err := defaultRegistry().decode("f.yaml", []byte(hdr), "sample", relaciona.Spanish, nil)
	require.Error(t, err)
	assert.Equal(t, "f.yaml:1:7: kind: se esperaba un archivo kind: sample, pero este es kind: deployment", err.Error())
	err = DecodeKind("f.yaml", []byte(hdr), "deployment", relaciona.English, new(testDeployment))
	require.NoError(t, err)
}

func TestDecodeLimits(t *testing.T) {
	t.Run("too big", func(t *testing.T) {
		big := []byte(hdr + "# " + strings.Repeat("x", MaxSize) + "\n")
		_, err := Decode("f.yaml", big, relaciona.Spanish, nil)
		require.Error(t, err)
		assert.Equal(t, "f.yaml:1:1: el archivo es demasiado grande: el máximo es 4 MiB", err.Error())
	})
	t.Run("billion laughs", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(hdr + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
		for i := 1; i < 12; i++ {
			b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
			for j := 0; j < 10; j++ {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString("*a" + itoa(i-1))
			}
			b.WriteString("]\n")
		}
		_, err := Decode("f.yaml", []byte(b.String()), relaciona.Spanish, nil)
		require.Error(t, err)
		assert.Equal(t, "f.yaml:10:5: el archivo tiene demasiados valores: más de 200000 con los alias (*) expandidos", err.Error())
	})
	t.Run("deep nesting", func(t *testing.T) {
		in := hdr + "x: " + strings.Repeat("[", MaxDepth+5) + strings.Repeat("]", MaxDepth+5) + "\n"
		_, err := Decode("f.yaml", []byte(in), relaciona.Spanish, nil)
		require.Error(t, err)
		assert.Equal(t, "f.yaml:5:104: anidamiento demasiado profundo: más de 100 niveles", err.Error())
	})
	t.Run("deep through aliases", func(t *testing.T) {
		in := hdr + "a: &a " + strings.Repeat("[", 60) + strings.Repeat("]", 60) + "\n" +
			"b: " + strings.Repeat("[", 60) + "*a" + strings.Repeat("]", 60) + "\n"
		_, err := Decode("f.yaml", []byte(in), relaciona.Spanish, nil)
		require.Error(t, err)
		assert.Equal(t, "f.yaml:6:64: anidamiento demasiado profundo: más de 100 niveles con los alias (*) expandidos", err.Error())
	})
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "deployment.yaml")
	require.NoError(t, os.WriteFile(good, []byte(hdr), 0o600))
	var d testDeployment
	kind, err := LoadFile(good, relaciona.Spanish, &d)
	require.NoError(t, err)
	assert.Equal(t, "deployment", kind)
	assert.Equal(t, "Alcaldía", d.Name)
	require.NoError(t, LoadFileKind(good, "deployment", relaciona.Spanish, nil))

	missing := filepath.Join(dir, "nada.yaml")
	_, err = LoadFile(missing, relaciona.Spanish, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Equal(t, missing+":1:1: no se puede leer el archivo: no existe", err.Error())
	_, err = LoadFile(missing, relaciona.English, nil)
	assert.Equal(t, missing+":1:1: cannot read the file: it does not exist", err.Error())

	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte(hdr+"colour: red\n"), 0o600))
	err = LoadFileKind(bad, "deployment", relaciona.Spanish, nil)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), bad+":5:1: colour: clave desconocida"), err.Error())
	var ve *relaciona.ValidationError
	require.True(t, errors.As(err, &ve))
	assert.Equal(t, bad, ve.File)
	assert.Equal(t, 5, ve.Line)
	assert.Equal(t, 1, ve.Column)
	assert.Equal(t, "colour", ve.Field)

	huge := filepath.Join(dir, "huge.yaml")
	require.NoError(t, os.WriteFile(huge, []byte(hdr+"# "+strings.Repeat("x", MaxSize)+"\n"), 0o600))
	_, err = LoadFile(huge, relaciona.Spanish, nil)
	require.Error(t, err)
	assert.Equal(t, huge+":1:1: el archivo es demasiado grande: el máximo es 4 MiB", err.Error())

	_, err = LoadFile(dir, relaciona.Spanish, nil)
	require.Error(t, err, "a directory is not a file")
	assert.True(t, strings.HasPrefix(err.Error(), dir+":1:1: no se puede leer el archivo"), err.Error())
}

// badName rejects a name, the way a package type with UnmarshalYAML reports
// a rule the schema cannot express.
type badName string

func (b *badName) UnmarshalYAML(n *yaml.Node) error {
	return &relaciona.ValidationError{Line: n.Line, Column: n.Column, Field: "name", Msg: "nombre reservado"}
}

func TestDecodeGoTypeErrors(t *testing.T) {
	var wrong struct {
		Name int `yaml:"name"`
	}
	_, err := Decode("f.yaml", []byte(hdr), relaciona.Spanish, &wrong)
	require.Error(t, err)
	assert.Equal(t, "f.yaml:3:1: valor no admitido: cannot unmarshal !!str `Alcaldía` into int", err.Error())

	var custom struct {
		Name badName `yaml:"name"`
	}
	_, err = Decode("f.yaml", []byte(hdr), relaciona.Spanish, &custom)
	require.Error(t, err)
	assert.Equal(t, "f.yaml:3:7: name: nombre reservado", err.Error())
}

func TestErrorUnwrap(t *testing.T) {
	_, err := Decode("f.yaml", []byte("kind: deployment\nversion: 1\n"), relaciona.Spanish, nil)
	require.Error(t, err)
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Len(t, e.Problems, 2)
	assert.Len(t, e.Unwrap(), 2)
	assert.True(t, errors.Is(err, relaciona.ErrInvalid))
	assert.False(t, errors.Is(err, relaciona.ErrNotFound))
}

// YAML merge keys: the object's own keys win, then earlier merged objects
// over later ones.
func TestDecodeMergeOrder(t *testing.T) {
	in := hdr + "tickets:\n  url: desk://\n  status_map:\n    <<: [{a: new, b: open}, {a: closed, b: closed, c: pending}]\n    b: rejected\n"
	var d testDeployment
	_, err := Decode("f.yaml", []byte(in), relaciona.Spanish, &d)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "new", "b": "rejected", "c": "pending"}, d.Tickets.StatusMap)

	_, err = Decode("f.yaml", []byte(hdr+"log:\n  <<: [a, b]\n"), relaciona.Spanish, nil)
	require.Error(t, err)
	assert.Equal(t, "f.yaml:6:8: «<<» combina objetos, pero aquí hay el texto \"a\"", err.Error())
}
