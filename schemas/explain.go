package schemas

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"

	"github.com/relaciona/relaciona"
)

// explainer turns the validator's error tree into problems: each leaf is
// placed on the YAML node its instance location (a JSON pointer) names and
// explained in plain words from the schema keyword that failed.
type explainer struct {
	reg  *registry
	p    *problems
	root *yaml.Node
	lang relaciona.Lang
}

// leaf is one failed keyword; types is set for a merged "anyOf of types".
type leaf struct {
	e     *jsonschema.ValidationError
	types []string
}

func (x *explainer) explain(e *jsonschema.ValidationError) {
	leaves := x.leaves(e)
	// A date such as "2026-3-1" fails both its pattern and "format": "date";
	// the format message says more, so the pattern one is dropped.
	formatAt := map[string]bool{}
	for _, l := range leaves {
		if lastSegment(l.e.KeywordLocation) == "format" {
			formatAt[l.e.InstanceLocation] = true
		}
	}
	for _, l := range leaves {
		if lastSegment(l.e.KeywordLocation) == "pattern" && formatAt[l.e.InstanceLocation] {
			if _, custom := x.customMessage(l.e.AbsoluteKeywordLocation); !custom {
				continue
			}
		}
		x.one(l)
	}
}

// leaves flattens the error tree. Wrappers ($ref, allOf, if/then) are
// skipped; for anyOf/oneOf, where every alternative failed, it keeps the
// alternative that came closest, or merges alternatives that differ only
// in type.
func (x *explainer) leaves(e *jsonschema.ValidationError) []leaf {
	if len(e.Causes) == 0 {
		return []leaf{{e: e}}
	}
	kw := lastSegment(e.KeywordLocation)
	if kw == "anyOf" || kw == "oneOf" {
		if _, ok := x.customMessage(e.AbsoluteKeywordLocation); ok {
			return []leaf{{e: e}}
		}
		var branches [][]leaf
		for _, c := range e.Causes {
			branches = append(branches, x.leaves(c))
		}
		var types []string
		allTypes := true
		for _, b := range branches {
			if len(b) != 1 || lastSegment(b[0].e.KeywordLocation) != "type" || b[0].e.InstanceLocation != e.InstanceLocation {
				allTypes = false
				break
			}
			types = append(types, x.schemaTypes(b[0].e.AbsoluteKeywordLocation)...)
		}
		if allTypes {
			return []leaf{{e: branches[0][0].e, types: types}}
		}
		best, bestScore := 0, -1
		for i, b := range branches {
			score := len(b)
			for _, l := range b {
				if lastSegment(l.e.KeywordLocation) == "type" && l.e.InstanceLocation == e.InstanceLocation {
					score += 1000 // the value has another shape altogether: least likely meant
				}
			}
			if bestScore < 0 || score < bestScore {
				best, bestScore = i, score
			}
		}
		return branches[best]
	}
	var out []leaf
	for _, c := range e.Causes {
		out = append(out, x.leaves(c)...)
	}
	return out
}

// one explains a single failed keyword.
func (x *explainer) one(l leaf) {
	e := l.e
	ptr := splitPointer(e.InstanceLocation)
	loc := locate(x.root, ptr)
	if loc.node == nil { // cannot happen for a pointer the validator produced; stay safe
		loc.node = x.root
	}
	field := fieldPath(ptr)
	schemaLoc := e.AbsoluteKeywordLocation
	kwPath := e.KeywordLocation
	kw := lastSegment(kwPath)
	lang := x.lang
	at := loc.node
	if msg, ok := x.customMessage(schemaLoc); ok {
		if strings.Contains(kwPath, "/propertyNames/") && loc.key != nil {
			at = loc.key
		}
		x.p.add(at.Line, at.Column, field, msg)
		return
	}
	// A property name that breaks "propertyNames": the key is the value.
	if strings.Contains(kwPath, "/propertyNames/") || kw == "propertyNames" {
		name := lastOf(ptr)
		if loc.node.Kind == yaml.MappingNode {
			// The validator names the object itself for the empty key "".
			name, ptr = "", append(ptr[:len(ptr):len(ptr)], "")
			loc = locate(x.root, ptr)
		}
		if loc.key != nil {
			at = loc.key
		}
		x.p.addf(at.Line, at.Column, fieldPath(ptr), "la clave %q no es válida: %s", "key %q is not valid: %s",
			clip(name), x.keywordMessage(kw, e, schemaLoc, nil, name))
		return
	}
	// additionalProperties: false fails once for the object; report each key.
	if kw == "additionalProperties" && strings.HasPrefix(e.Message, "additionalProperties ") {
		x.additional(loc, ptr, parentPointer(schemaLoc))
		return
	}
	// A "false" schema: nothing is allowed here.
	if b, isBool := x.schemaValue(schemaLoc).(bool); isBool && !b {
		parentKw := kw
		switch {
		case parentKw == "unevaluatedProperties" || parentKw == "additionalProperties" || strings.HasSuffix(parentPointer(kwPath), "/properties"):
			x.unknownKey(loc, ptr, parentPointer(schemaLoc))
		default:
			x.p.addf(at.Line, at.Column, field, "este valor no está permitido aquí", "this value is not allowed here")
		}
		return
	}
	switch kw {
	case "required":
		x.required(loc, ptr, schemaLoc)
	case "additionalProperties":
		x.additional(loc, ptr, parentPointer(schemaLoc))
	case "type":
		types := l.types
		if types == nil {
			types = x.schemaTypes(schemaLoc)
		}
		x.p.addf(at.Line, at.Column, field, "tipo incorrecto: se esperaba %s, pero se encontró %s", "wrong type: expected %s, found %s",
			typeWords(types, lang), describeNode(at, lang))
	case "uniqueItems":
		var i, j int
		if _, err := fmt.Sscanf(e.Message, "items at index %d and %d are equal", &i, &j); err == nil && j < len(loc.node.Content) {
			at = loc.node.Content[j]
			x.p.addf(at.Line, at.Column, fieldPath(append(ptr[:len(ptr):len(ptr)], strconv.Itoa(j))),
				"elemento repetido: es igual al elemento %d de la lista", "repeated item: it equals item %d of the list", i+1)
			return
		}
		x.p.addf(at.Line, at.Column, field, "la lista tiene elementos repetidos", "the list has repeated items")
	default:
		x.p.add(at.Line, at.Column, field, x.keywordMessage(kw, e, schemaLoc, at, ""))
	}
}

// boundMessages explain the keywords that bound a number, in Spanish and
// English; each is formatted with the value and the keyword's bound.
var boundMessages = map[string]struct{ es, en string }{
	"minimum":          {"valor %s fuera de rango: debe ser mayor o igual que %s", "value %s out of range: must be at least %s"},
	"maximum":          {"valor %s fuera de rango: debe ser menor o igual que %s", "value %s out of range: must be at most %s"},
	"exclusiveMinimum": {"valor %s fuera de rango: debe ser mayor que %s", "value %s out of range: must be greater than %s"},
	"exclusiveMaximum": {"valor %s fuera de rango: debe ser menor que %s", "value %s out of range: must be less than %s"},
	"multipleOf":       {"valor %s no permitido: debe ser múltiplo de %s", "value %s is not allowed: it must be a multiple of %s"},
}

// sizeMessages explain the keywords that bound the size of a list or an
// object, in Spanish and English; each is formatted with the size (the
// node's Content, nodes to an entry) and the keyword's bound.
var sizeMessages = map[string]struct {
	es, en string
	nodes  int
}{
	"minItems":      {"la lista tiene %d elementos; debe tener al menos %s", "the list has %d items; it needs at least %s", 1},
	"maxItems":      {"la lista tiene %d elementos; admite como máximo %s", "the list has %d items; it allows at most %s", 1},
	"minProperties": {"el objeto tiene %d claves; debe tener al menos %s", "the object has %d keys; it needs at least %s", 2},
	"maxProperties": {"el objeto tiene %d claves; admite como máximo %s", "the object has %d keys; it allows at most %s", 2},
}

// keywordMessage explains the keywords that fail on the value itself. at
// is the value's node; for a property name it is nil and name is the key.
func (x *explainer) keywordMessage(kw string, e *jsonschema.ValidationError, schemaLoc string, at *yaml.Node, name string) string {
	lang := x.lang
	kv := x.schemaValue(schemaLoc)
	val := func() string {
		if at == nil {
			return strconv.Quote(clip(name))
		}
		if at.Kind != yaml.ScalarNode || at.ShortTag() == "!!null" {
			return describeNode(at, lang)
		}
		if at.ShortTag() == "!!str" || at.ShortTag() == "!!timestamp" {
			return strconv.Quote(clip(at.Value))
		}
		return clip(at.Value)
	}
	length := func() int {
		if at == nil {
			return len([]rune(name))
		}
		return len([]rune(at.Value))
	}
	if m, ok := boundMessages[kw]; ok {
		return lang.Tf(m.es, m.en, val(), jsonText(kv))
	}
	if m, ok := sizeMessages[kw]; ok {
		return lang.Tf(m.es, m.en, len(at.Content)/m.nodes, jsonText(kv))
	}
	switch kw {
	case "enum":
		return lang.Tf("valor %s no permitido; valores permitidos: %s", "value %s is not allowed; allowed values: %s",
			val(), jsonList(kv))
	case "const":
		return lang.Tf("el valor debe ser %s, pero es %s", "the value must be %s, but it is %s", jsonText(kv), val())
	case "pattern":
		return lang.Tf("%s no tiene la forma esperada (patrón %s)", "%s does not have the expected form (pattern %s)", val(), jsonText(kv))
	case "format":
		if f, _ := kv.(string); f == "date" {
			return lang.Tf("%s no es una fecha válida: use AAAA-MM-DD, p. ej. 2026-03-19", "%s is not a valid date: use YYYY-MM-DD, e.g. 2026-03-19", val())
		}
		return lang.Tf("%s no tiene el formato %s", "%s is not in the %s format", val(), jsonText(kv))
	case "minLength":
		if n, _ := toInt(kv); n == 1 && length() == 0 {
			return lang.T("no puede estar vacío", "cannot be empty")
		}
		return lang.Tf("es demasiado corto: tiene %d caracteres y el mínimo es %s", "is too short: it has %d characters and the minimum is %s", length(), jsonText(kv))
	case "maxLength":
		return lang.Tf("es demasiado largo: tiene %d caracteres y el máximo es %s", "is too long: it has %d characters and the maximum is %s", length(), jsonText(kv))
	case "not":
		return lang.T("este valor no está permitido aquí", "this value is not allowed here")
	case "oneOf":
		return lang.T("el valor coincide con más de una de las alternativas, y debe coincidir con una sola", "the value matches more than one of the alternatives, and must match exactly one")
	case "anyOf":
		return lang.T("el valor no coincide con ninguna de las alternativas", "the value matches none of the alternatives")
	}
	// dependentRequired/NAME/i and friends end in an index.
	if strings.Contains(e.KeywordLocation, "/dependentRequired/") || strings.Contains(e.KeywordLocation, "/dependencies/") {
		var need, have string
		if _, err := fmt.Sscanf(strings.ReplaceAll(e.Message, "'", " "), "property %s is required, if %s property exists", &need, &have); err == nil {
			return lang.Tf("si indica %q debe indicar también %q", "when %q is given, %q must be given too", have, need)
		}
	}
	return e.Message
}

// required reports each missing property at the object that lacks it.
func (x *explainer) required(loc location, ptr []string, schemaLoc string) {
	names, _ := x.schemaValue(schemaLoc).([]any)
	props, _ := x.schemaValue(parentPointer(schemaLoc) + "/properties").(map[string]any)
	n := loc.node
	for _, v := range names {
		name, _ := v.(string)
		if name == "" || mapValue(n, name) != nil {
			continue
		}
		title := ""
		if ps, ok := props[name].(map[string]any); ok {
			if t, ok := ps["title"].(string); ok {
				title = " (" + pickLang(t, x.lang) + ")"
			}
		}
		x.p.addf(n.Line, n.Column, fieldPath(append(ptr[:len(ptr):len(ptr)], name)),
			"falta el campo obligatorio %q%s", "missing required field %q%s", name, title)
	}
}

// additional reports each key of the object that its schema (at
// schemaPtr) does not declare, at the key itself.
func (x *explainer) additional(loc location, ptr []string, schemaPtr string) {
	allowed, patterns := x.allowedKeys(schemaPtr)
	n := loc.node
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if allowed[k.Value] || matchesAny(patterns, k.Value) {
			continue
		}
		x.unknownKeyAt(k, append(ptr[:len(ptr):len(ptr)], k.Value), allowed, patterns)
	}
}

// unknownKey reports the property at ptr (whose schema was false).
func (x *explainer) unknownKey(loc location, ptr []string, schemaPtr string) {
	// schemaPtr is the schema holding unevaluatedProperties/additionalProperties
	// or, for properties/NAME: false, the "properties" object.
	if strings.HasSuffix(schemaPtr, "/properties") {
		schemaPtr = parentPointer(schemaPtr)
	}
	allowed, patterns := x.allowedKeys(schemaPtr)
	k := loc.key
	if k == nil {
		k = loc.node
	}
	x.unknownKeyAt(k, ptr, allowed, patterns)
}

func (x *explainer) unknownKeyAt(k *yaml.Node, ptr []string, allowed map[string]bool, patterns []*regexp.Regexp) {
	names := slices.Sorted(maps.Keys(allowed))
	msg := x.lang.Tf("clave desconocida %q", "unknown key %q", clip(k.Value))
	if s := suggest(k.Value, names); s != "" {
		msg += x.lang.Tf(" (¿quiso decir %q?)", " (did you mean %q?)", s)
	}
	if len(names) > 0 {
		msg += x.lang.Tf("; claves permitidas: %s", "; allowed keys: %s", strings.Join(names, ", "))
	}
	if len(patterns) > 0 {
		pats := make([]string, len(patterns))
		for i, p := range patterns {
			pats[i] = p.String()
		}
		sort.Strings(pats)
		msg += x.lang.Tf("; se admiten claves con el patrón %s", "; keys matching the pattern %s are allowed", strings.Join(pats, x.lang.T(" o ", " or ")))
	}
	if len(names) == 0 && len(patterns) == 0 {
		msg += x.lang.T("; aquí no se admite ninguna clave", "; no keys are allowed here")
	}
	x.p.add(k.Line, k.Column, fieldPath(ptr), msg)
}

// allowedKeys collects the property names a schema object declares,
// directly or through $ref, allOf, anyOf, oneOf and if/then/else.
func (x *explainer) allowedKeys(schemaPtr string) (map[string]bool, []*regexp.Regexp) {
	allowed := map[string]bool{}
	var patterns []*regexp.Regexp
	seen := map[string]bool{}
	var walk func(loc string, depth int)
	walk = func(loc string, depth int) {
		if depth > 8 || seen[loc] {
			return
		}
		seen[loc] = true
		s, ok := x.schemaValue(loc).(map[string]any)
		if !ok {
			return
		}
		if props, ok := s["properties"].(map[string]any); ok {
			for k := range props {
				if b, isBool := props[k].(bool); !isBool || b {
					allowed[k] = true
				}
			}
		}
		if pp, ok := s["patternProperties"].(map[string]any); ok {
			for p := range pp {
				if re, err := regexp.Compile(p); err == nil {
					patterns = append(patterns, re)
				}
			}
		}
		if ref, ok := s["$ref"].(string); ok {
			walk(x.refLocation(loc, ref), depth+1)
		}
		for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
			if arr, ok := s[kw].([]any); ok {
				for i := range arr {
					walk(loc+"/"+kw+"/"+strconv.Itoa(i), depth+1)
				}
			}
		}
		for _, kw := range []string{"then", "else"} {
			if _, ok := s[kw]; ok {
				walk(loc+"/"+kw, depth+1)
			}
		}
	}
	walk(schemaPtr, 0)
	return allowed, patterns
}

// refLocation resolves a "$ref" found in the schema at loc.
func (x *explainer) refLocation(loc, ref string) string {
	if strings.HasPrefix(ref, "#") {
		base, _, _ := strings.Cut(loc, "#")
		return base + ref
	}
	if strings.Contains(ref, "://") {
		if !strings.Contains(ref, "#") {
			return ref + "#"
		}
		return ref
	}
	base, _, _ := strings.Cut(loc, "#")
	if i := strings.LastIndex(base, "/"); i >= 0 {
		base = base[:i+1]
	}
	if !strings.Contains(ref, "#") {
		ref += "#"
	}
	return base + ref
}

// customMessage returns the schema's own text for the failed keyword at
// schemaLoc ("URL#/json/pointer"), from the registry's texts (messages).
func (x *explainer) customMessage(schemaLoc string) (string, bool) {
	base, frag, _ := strings.Cut(schemaLoc, "#")
	kind, ok := x.reg.kindOf[base]
	if !ok {
		return "", false
	}
	t, ok := x.reg.texts[kind][frag]
	if !ok {
		return "", false
	}
	es, en := t.es, t.en
	if es == "" {
		es = en
	}
	if en == "" {
		en = es
	}
	if es == "" {
		return "", false
	}
	return x.lang.T(es, en), true
}

// schemaTypes returns the "type" keyword at schemaLoc as a list.
func (x *explainer) schemaTypes(schemaLoc string) []string {
	switch t := x.schemaValue(schemaLoc).(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, v := range t {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// schemaValue returns the JSON value at an absolute schema location
// ("URL#/json/pointer"), or nil.
func (x *explainer) schemaValue(loc string) any {
	base, frag, _ := strings.Cut(loc, "#")
	doc, ok := x.reg.docs[base]
	if !ok {
		return nil
	}
	cur := doc
	for _, seg := range splitPointer(frag) {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

// location is where a JSON pointer lands in the resolved YAML tree: the
// value, and the key that names it when its parent is an object.
type location struct {
	node, key *yaml.Node
}

func locate(root *yaml.Node, ptr []string) location {
	loc := location{node: root}
	for _, seg := range ptr {
		n := loc.node
		switch n.Kind {
		case yaml.MappingNode:
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == seg {
					loc = location{node: n.Content[i+1], key: n.Content[i]}
					found = true
					break
				}
			}
			if !found {
				return loc
			}
		case yaml.SequenceNode:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(n.Content) {
				return loc
			}
			loc = location{node: n.Content[i]}
		default:
			return loc
		}
	}
	return loc
}

// splitPointer splits a JSON pointer ("/a/b~1c") into unescaped segments.
func splitPointer(p string) []string {
	p = strings.TrimPrefix(p, "#")
	if p == "" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, s := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return parts
}

func lastSegment(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[i+1:]
	}
	return p
}

func parentPointer(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[:i]
	}
	return p
}

func lastOf(ptr []string) string {
	if len(ptr) == 0 {
		return ""
	}
	return ptr[len(ptr)-1]
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// fieldPath turns pointer segments into "tickets.status_map[\"En curso\"]",
// "calendar.closures[2].date".
func fieldPath(ptr []string) string {
	var b strings.Builder
	for i, s := range ptr {
		switch {
		case isIndex(s):
			b.WriteString("[" + s + "]")
		case identRE.MatchString(s):
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s)
		default:
			b.WriteString("[" + strconv.Quote(clip(s)) + "]")
		}
	}
	return b.String()
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// typeNames name the JSON types in words, in Spanish and English.
var typeNames = map[string]struct{ es, en string }{
	"string":  {"un texto", "text"},
	"integer": {"un número entero", "a whole number"},
	"number":  {"un número", "a number"},
	"boolean": {"true o false", "true or false"},
	"array":   {"una lista", "a list"},
	"object":  {"un objeto (clave: valor)", "an object (key: value)"},
	"null":    {"un valor vacío", "an empty value"},
}

// typeWords names JSON types in words (a name it does not know, as it is).
func typeWords(types []string, lang relaciona.Lang) string {
	words := make([]string, 0, len(types))
	for _, t := range types {
		if n, ok := typeNames[t]; ok {
			t = lang.T(n.es, n.en)
		}
		words = append(words, t)
	}
	return strings.Join(words, lang.T(" o ", " or "))
}

// jsonText renders a schema value in a message: strings bare, others as JSON.
func jsonText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// jsonList renders an enum as "a, b, c".
func jsonList(v any) string {
	arr, ok := v.([]any)
	if !ok {
		return jsonText(v)
	}
	parts := make([]string, len(arr))
	for i, a := range arr {
		parts[i] = jsonText(a)
	}
	return strings.Join(parts, ", ")
}

func toInt(v any) (int, bool) {
	f, ok := v.(float64)
	return int(f), ok
}

// pickLang picks one side of a bilingual "Spanish / English" title.
func pickLang(s string, lang relaciona.Lang) string {
	es, en, ok := strings.Cut(s, " / ")
	if !ok {
		return s
	}
	return lang.T(es, en)
}

func matchesAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// suggest returns the allowed name closest to s when it is a likely typo.
func suggest(s string, names []string) string {
	best, bestD := "", 3
	ls := strings.ToLower(s)
	for _, n := range names {
		if d := editDistance(ls, strings.ToLower(n), bestD); d < bestD {
			best, bestD = n, d
		}
	}
	if bestD > 2 || (bestD > 0 && len([]rune(s)) <= 2) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, or limit when it is
// at least limit (and for long inputs, which are never typos of a key).
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return limit
	}
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], limit)
}
