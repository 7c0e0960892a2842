package schemas

import (
	"bytes"
	"errors"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"

	"github.com/relaciona/relaciona"
)

// Limits on the input. A configuration file is small; these bounds keep a
// hostile or broken file from using much memory or time.
const (
	// MaxSize is the largest file accepted, in bytes.
	MaxSize = 4 << 20
	// MaxNodes is the largest number of YAML values (scalars, lists and
	// objects) a file may hold once its aliases are expanded. It stops
	// "billion laughs" files, where a few aliases expand to millions of values.
	MaxNodes = 200_000
	// MaxDepth is the deepest nesting of lists and objects accepted, aliases
	// expanded.
	MaxDepth = 100
)

// Decode validates one YAML configuration file and, when it is valid,
// decodes it into v.
//
// file names the data in messages (usually its path). Decode checks, in this
// order, that the data is not too big, is UTF-8 text, is well-formed YAML
// holding exactly one document, has no repeated keys, that its aliases stay
// within MaxNodes and MaxDepth, that it states a known "kind" and
// "version: 1", and that it conforms to that kind's JSON Schema. Only then
// does it decode into v with yaml.v3 (v may be nil to validate only). It
// returns the kind. On failure the error is an *Error listing every problem
// with its line and column, in lang.
func Decode(file string, data []byte, lang relaciona.Lang, v any) (kind string, err error) {
	return defaultRegistry().decode(file, data, "", lang, v)
}

// DecodeKind is Decode for a file that must be of the given kind: a file of
// another kind is a problem at its "kind" line.
func DecodeKind(file string, data []byte, kind string, lang relaciona.Lang, v any) error {
	_, err := defaultRegistry().decode(file, data, kind, lang, v)
	return err
}

// LoadFile reads the file at path (refusing to read more than MaxSize bytes)
// and decodes it as Decode does, naming it path in messages. A file that
// cannot be read is reported as an *Error at 1:1 that also wraps the I/O
// error, so errors.Is(err, fs.ErrNotExist) works.
func LoadFile(path string, lang relaciona.Lang, v any) (kind string, err error) {
	data, err := readFile(path, lang)
	if err != nil {
		return "", err
	}
	return Decode(path, data, lang, v)
}

// LoadFileKind is LoadFile for a file that must be of the given kind.
func LoadFileKind(path, kind string, lang relaciona.Lang, v any) error {
	data, err := readFile(path, lang)
	if err != nil {
		return err
	}
	return DecodeKind(path, data, kind, lang, v)
}

// ReadConfig reads the file at path as LoadFile does (at most MaxSize
// bytes; a file that cannot be read is a *Error at 1:1 worded in lang), for
// a process package's LoadConfig that is its ParseConfig on the bytes: the
// schema check, the decoding and the positions of its own problems all
// come from one read.
func ReadConfig(path string, lang relaciona.Lang) ([]byte, error) { return readFile(path, lang) }

// readFile reads at most MaxSize+1 bytes, so that a huge file is refused
// without being read whole. Errors are *Error values.
func readFile(path string, lang relaciona.Lang) ([]byte, error) {
	p := &problems{file: path, lang: lang}
	data, err := ReadFile(path)
	if err != nil {
		p.add(1, 1, "", readErrorMessage(err, lang))
		e := p.err().(*Error)
		e.cause = err
		return nil, e
	}
	return data, nil
}

func readErrorMessage(err error, lang relaciona.Lang) string {
	var nr *NotRegularError
	switch {
	case errors.As(err, &nr):
		return lang.Tf("no se puede leer el archivo: no es un archivo regular sino %s", "cannot read the file: it is not a regular file but %s", nr.What(lang))
	case errors.Is(err, os.ErrNotExist):
		return lang.T("no se puede leer el archivo: no existe", "cannot read the file: it does not exist")
	case errors.Is(err, os.ErrPermission):
		return lang.T("no se puede leer el archivo: permiso denegado", "cannot read the file: permission denied")
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return lang.Tf("no se puede leer el archivo: %v", "cannot read the file: %v", err)
}

// decode is the whole pipeline; want is the required kind or "".
func (r *registry) decode(file string, data []byte, want string, lang relaciona.Lang, v any) (kind string, err error) {
	p := &problems{file: file, lang: lang}
	defer func() {
		// No input may panic the caller: a panic in a dependency becomes a problem.
		if rec := recover(); rec != nil {
			p.addf(1, 1, "", "error interno al leer el archivo: %v", "internal error reading the file: %v", rec)
			kind, err = "", p.err()
		}
	}()
	if !checkText(data, p) {
		return "", p.err()
	}
	root := parseYAML(data, p)
	if root == nil {
		return "", p.err()
	}
	res := resolveTree(root, p)
	if res == nil || !p.empty() {
		return "", p.err()
	}
	ks := r.checkHeader(res, want, p)
	if ks == nil {
		return "", p.err()
	}
	if ks.err != nil {
		kn := mapValue(res.node, "kind")
		p.addf(kn.Line, kn.Column, "kind", "el esquema de %q no se pudo cargar: %v", "the schema of %q could not be loaded: %v", ks.kind, ks.err)
		return "", p.err()
	}
	if verr := ks.compiled.Validate(res.val); verr != nil {
		var ve *jsonschema.ValidationError
		if !errors.As(verr, &ve) {
			p.addf(1, 1, "", "error interno al validar: %v", "internal error validating: %v", verr)
			return "", p.err()
		}
		x := &explainer{reg: r, p: p, root: res.node, lang: lang}
		x.explain(ve)
		if p.empty() { // never leave a failed validation without a problem
			p.add(1, 1, "", ve.Error())
		}
		return "", p.err()
	}
	if v != nil {
		if derr := res.node.Decode(v); derr != nil {
			decodeProblems(derr, p)
			return "", p.err()
		}
	}
	return ks.kind, nil
}

// checkHeader reads "kind" and "version" from the top mapping and returns
// the kind's schema, or nil after recording the problems.
func (r *registry) checkHeader(res *rnode, want string, p *problems) *kindSchema {
	n := res.node
	if n.Kind != yaml.MappingNode {
		p.addf(n.Line, n.Column, "",
			"el archivo debe ser un objeto (líneas «clave: valor») que empiece con kind y version, pero es %s",
			"the file must be an object (\"key: value\" lines) starting with kind and version, but it is %s",
			describeNode(n, p.lang))
		return nil
	}
	known := strings.Join(r.names, ", ")
	var ks *kindSchema
	kn := mapValue(n, "kind")
	switch {
	case kn == nil:
		p.addf(n.Line, n.Column, "kind", "falta el campo obligatorio \"kind\" (el tipo de archivo: %s)",
			"missing required field \"kind\" (the file kind: %s)", known)
	case kn.Kind != yaml.ScalarNode || kn.ShortTag() != "!!str":
		p.addf(kn.Line, kn.Column, "kind", "kind debe ser un texto (%s), pero es %s",
			"kind must be text (%s), but it is %s", known, describeNode(kn, p.lang))
	default:
		k, ok := r.byKind[kn.Value]
		switch {
		case !ok:
			p.addf(kn.Line, kn.Column, "kind", "tipo de archivo desconocido %q; tipos conocidos: %s",
				"unknown file kind %q; known kinds: %s", clip(kn.Value), known)
		case want != "" && kn.Value != want:
			p.addf(kn.Line, kn.Column, "kind", "se esperaba un archivo kind: %s, pero este es kind: %s",
				"expected a kind: %s file, but this one is kind: %s", want, kn.Value)
		default:
			ks = k
		}
	}
	vn := mapValue(n, "version")
	switch {
	case vn == nil:
		p.addf(n.Line, n.Column, "version", "falta el campo obligatorio \"version\" (escriba version: %d)",
			"missing required field \"version\" (write version: %d)", Version)
	case vn.Kind == yaml.ScalarNode && vn.ShortTag() == "!!str" && strings.TrimSpace(vn.Value) == strconv.Itoa(Version):
		p.addf(vn.Line, vn.Column, "version", "version debe ser el número %d, sin comillas", "version must be the number %d, without quotes", Version)
	case !isVersion(vn):
		p.addf(vn.Line, vn.Column, "version", "versión %s no admitida: esta versión de relaciona lee version: %d",
			"unsupported version %s: this release of relaciona reads version: %d", clip(vn.Value), Version)
	}
	if !p.empty() {
		return nil
	}
	return ks
}

func isVersion(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
		return false
	}
	var f float64
	return n.Decode(&f) == nil && f == Version
}

// mapValue returns the value of key in mapping n, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// checkText reports data that is empty, too big, or not UTF-8 text.
func checkText(data []byte, p *problems) bool {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		p.addf(1, 1, "", "el archivo está vacío", "the file is empty")
		return false
	case len(data) > MaxSize:
		p.addf(1, 1, "", "el archivo es demasiado grande: el máximo es %d MiB", "the file is too big: the limit is %d MiB", MaxSize>>20)
		return false
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		p.addf(1, 1, "", "el archivo está codificado en UTF-16: guárdelo como UTF-8",
			"the file is encoded in UTF-16: save it as UTF-8")
		return false
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}) // a UTF-8 BOM is fine
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == 0:
			line, col := position(data, i)
			p.addf(line, col, "", "el archivo contiene bytes nulos: parece un archivo binario, no un texto YAML",
				"the file contains NUL bytes: it looks like a binary file, not YAML text")
			return false
		case r == utf8.RuneError && size == 1:
			line, col := position(data, i)
			p.addf(line, col, "", "el archivo no es texto UTF-8 válido (byte 0x%02X); si lo guardó como Latin-1 o Windows-1252, guárdelo como UTF-8",
				"the file is not valid UTF-8 text (byte 0x%02X); if it was saved as Latin-1 or Windows-1252, save it as UTF-8", data[i])
			return false
		case !yamlPrintable(r):
			line, col := position(data, i)
			p.addf(line, col, "", "carácter de control U+%04X no permitido en YAML", "control character U+%04X is not allowed in YAML", r)
			return false
		}
		i += size
	}
	return true
}

// yamlPrintable is the character set the YAML reader accepts.
func yamlPrintable(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || (r >= 0x20 && r <= 0x7E) || r == 0x85 ||
		(r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// position converts a byte offset into a 1-based line and column, counting
// line breaks and characters as YAML does.
func position(data []byte, off int) (line, col int) {
	line, col = 1, 1
	for i := 0; i < off && i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch r {
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				size = 2
			}
			line, col = line+1, 1
		case '\n', 0x85, 0x2028, 0x2029:
			line, col = line+1, 1
		default:
			col++
		}
		i += size
	}
	return line, col
}

// parseYAML parses the single document of data into a node tree.
func parseYAML(data []byte, p *problems) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var first *yaml.Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if err == io.EOF {
			break
		}
		if err != nil {
			yamlSyntaxProblem(err, data, p)
			return nil
		}
		if emptyDocument(&doc) {
			continue
		}
		if first != nil {
			p.addf(doc.Line, doc.Column, "", "el archivo tiene más de un documento YAML (separados por «---»): ponga cada uno en su propio archivo",
				"the file holds more than one YAML document (separated by \"---\"): put each in its own file")
			return nil
		}
		d := doc
		first = &d
	}
	if first == nil {
		p.addf(1, 1, "", "el archivo está vacío (solo tiene comentarios)", "the file is empty (it only has comments)")
		return nil
	}
	return first.Content[0]
}

func emptyDocument(doc *yaml.Node) bool {
	if len(doc.Content) == 0 {
		return true
	}
	c := doc.Content[0]
	return c.Kind == yaml.ScalarNode && c.Tag == "!!null" && c.Value == "" && c.Anchor == "" && c.Style == 0
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
var yamlAnchorRE = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)

// parserErrors are yaml.v3's parser (not scanner) messages. For these it
// prints a 0-based line (its scanner errors get +1, its parser errors do
// not), so they are moved one line down.
var parserErrors = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// yamlSyntaxProblem reports a parse error at the line yaml.v3 gives,
// corrected to 1-based for its parser errors and kept within the file, at
// column 1 (yaml.v3 does not say the column). An unknown alias is found in
// the text instead.
func yamlSyntaxProblem(err error, data []byte, p *problems) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if parserErrors[msg] || line == 0 {
		line++
	}
	if parserErrors[msg] {
		line = refineParserLine(data, line, msg)
	}
	if last, _ := position(data, len(bytes.TrimRight(data, " \t\r\n"))); line > last {
		line = last
	}
	if m := yamlAnchorRE.FindStringSubmatch(err.Error()); m != nil {
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			l, c := position(data, i)
			p.addf(l, c, "", "el alias *%s no corresponde a ningún ancla &%s definida antes",
				"alias *%s does not match any anchor &%s defined before it", m[1], m[1])
			return
		}
	}
	p.addf(line, 1, "", "YAML mal formado: %s", "malformed YAML: %s", yamlMessage(msg, p.lang))
}

// Bounds on refineParserLine, which parses prefixes of the file.
const (
	refineMaxSize  = 256 << 10
	refineMaxLines = 400
)

// refineParserLine finds the line a yaml.v3 parser error is about. For an
// error inside a block (a key indented wrongly, say) yaml.v3 names the line
// where the enclosing block starts; the offending line is the first one, at
// or after that, where the file cut just after it already fails with the
// same message. Small files only (refineMaxSize, refineMaxLines tries);
// otherwise, and when no cut fails the same way, yaml.v3's line stays.
func refineParserLine(data []byte, from int, msg string) int {
	if len(data) > refineMaxSize {
		return from
	}
	line := 1
	for i := 0; i < len(data); i++ {
		if data[i] != '\n' {
			continue
		}
		line++
		if line <= from {
			continue
		}
		if line > from+refineMaxLines {
			break
		}
		// data[:i+1] holds lines 1..line-1.
		if prefixError(data[:i+1]) == msg {
			return line - 1
		}
	}
	return from
}

// prefixError returns the message (without "yaml: line N: ") of the first
// parse error in data, or "".
func prefixError(data []byte) string {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err == nil {
			continue
		}
		if err == io.EOF {
			return ""
		}
		if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
			return m[2]
		}
		return strings.TrimPrefix(err.Error(), "yaml: ")
	}
}

// yamlMessage translates yaml.v3's most common syntax messages.
func yamlMessage(msg string, lang relaciona.Lang) string {
	type tr struct{ es, en string }
	known := map[string]tr{
		"mapping values are not allowed in this context":               {"«:» inesperado; ¿falta un salto de línea, una sangría correcta o comillas alrededor de un texto con «: »?", "unexpected \":\"; is a line break, the right indentation, or quotes around a text containing \": \" missing?"},
		"did not find expected key":                                    {"no se encontró la clave esperada; revise la sangría", "did not find the expected key; check the indentation"},
		"found character that cannot start any token":                  {"carácter que no puede empezar un valor (¿un tabulador? use espacios para la sangría)", "found a character that cannot start a value (a tab? indent with spaces)"},
		"could not find expected ':'":                                  {"falta «:» después de la clave", "missing \":\" after the key"},
		"did not find expected ',' or ']'":                             {"falta «,» o «]» en la lista entre corchetes", "missing \",\" or \"]\" in the bracketed list"},
		"did not find expected ',' or '}'":                             {"falta «,» o «}» en el objeto entre llaves", "missing \",\" or \"}\" in the braced object"},
		"did not find expected '-' indicator":                          {"se esperaba un elemento de lista «- »; revise la sangría", "expected a list item \"- \"; check the indentation"},
		"found unexpected end of stream":                               {"el archivo termina antes de tiempo (¿comillas sin cerrar?)", "the file ends too early (unclosed quotes?)"},
		"found unknown escape character":                               {"secuencia de escape desconocida entre comillas dobles (use comillas simples o escriba \\\\)", "unknown escape sequence in double quotes (use single quotes or write \\\\)"},
		"did not find expected node content":                           {"falta un valor", "a value is missing"},
		"block sequence entries are not allowed in this context":       {"no se permite un elemento de lista «- » aquí; revise la sangría", "a list item \"- \" is not allowed here; check the indentation"},
		"found a tab character that violates indentation":              {"hay un tabulador en la sangría: use espacios", "a tab is used for indentation: use spaces"},
		"found a tab character where an indentation space is expected": {"hay un tabulador en la sangría: use espacios", "a tab is used for indentation: use spaces"},
	}
	if t, ok := known[msg]; ok {
		return lang.T(t.es, t.en)
	}
	return msg
}

var decodeLineRE = regexp.MustCompile(`^line (\d+): (.*)$`)

// decodeProblems reports errors from decoding a valid file into the Go
// value: a schema that allows what the Go type cannot hold.
func decodeProblems(err error, p *problems) {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, e := range te.Errors {
			line := 1
			if m := decodeLineRE.FindStringSubmatch(e); m != nil {
				line, _ = strconv.Atoi(m[1])
				e = m[2]
			}
			p.addf(line, 1, "", "valor no admitido: %s", "unsupported value: %s", e)
		}
		return
	}
	var ve *relaciona.ValidationError
	if errors.As(err, &ve) && ve.File == "" {
		// An UnmarshalYAML method reported a rule with a field and maybe a position.
		p.add(ve.Line, ve.Column, ve.Field, ve.Msg)
		return
	}
	p.add(1, 1, "", err.Error())
}

// clip shortens a value echoed in a message.
func clip(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
