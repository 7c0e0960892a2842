package relaciona

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// PersonalTag is the struct tag that marks personal data in the stored
// types of every process (DOMAIN.md "Personal data"). Its values:
//
//   - personal:"true": a personal datum (a name, a phone, free text about a
//     person). It is never logged, redacted in exports that ask for it,
//     and erased by ErasePersonal.
//   - personal:"key": a personal datum that also identifies its subject (an
//     e-mail, a national id, a ticket-system account). A subject request
//     finds records by it (MatchesSubject), and ErasePersonal erases it.
//   - personal:"subject": an opaque id of the subject that the agency
//     chose (a citizen id, a stakeholder id, a client id). A subject
//     request finds records by it; it is kept by an erasure, so that the
//     anonymised records still count in statistics and stay linked to
//     each other, and it must never be a national id or a contact.
//   - personal:"no": looked at and not personal (the name of an
//     organisation, of a service, of a channel). It exists so that the
//     checks of CheckPersonalSource accept a field whose name looks like
//     contact data.
const PersonalTag = "personal"

// The values of PersonalTag.
const (
	PersonalDatum   = "true"
	PersonalKey     = "key"
	PersonalSubject = "subject"
	PersonalNot     = "no"
)

// personalOf returns the PersonalTag value of a field ("" when untagged).
func personalOf(f reflect.StructField) string { return f.Tag.Get(PersonalTag) }

// erasable reports whether a tag value marks a field ErasePersonal clears.
func erasable(v string) bool { return v == PersonalDatum || v == PersonalKey }

// jsonName is the name a field has in a record body: its json tag's name,
// or the Go name.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

// ErasePersonal clears, in the value v points to, every field tagged
// personal:"true" or personal:"key" (in nested structs, pointers, slices
// and maps too), but those whose path keep reports to be kept (nil keeps
// none). A path is the field's JSON names joined with dots
// ("requester.email"), without slice indexes or map keys. It returns the
// paths of the fields it cleared that held something, sorted and without
// repeats. A value that is not a non-nil pointer is left alone.
func ErasePersonal(v any, keep func(path string) bool) []string {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil
	}
	seen := map[string]bool{}
	erase(rv.Elem(), "", keep, seen)
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

func joinPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func erase(v reflect.Value, path string, keep func(string) bool, seen map[string]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			erase(v.Elem(), path, keep, seen)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf, f := t.Field(i), v.Field(i)
			if !f.CanSet() {
				continue
			}
			p := joinPath(path, jsonName(sf))
			if erasable(personalOf(sf)) && (keep == nil || !keep(p)) {
				if !f.IsZero() {
					seen[p] = true
					f.Set(reflect.Zero(f.Type()))
				}
				continue
			}
			erase(f, p, keep, seen)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			erase(v.Index(i), path, keep, seen)
		}
	case reflect.Map:
		editMapValues(v, func(e reflect.Value) { erase(e, path, keep, seen) })
	}
}

// editMapValues hands edit a settable copy of each value of the map v (map
// values cannot be set in place) and stores the copy back under its key.
// A nil map is left alone.
func editMapValues(v reflect.Value, edit func(e reflect.Value)) {
	if v.IsNil() {
		return
	}
	it := v.MapRange()
	for it.Next() {
		e := reflect.New(v.Type().Elem()).Elem()
		e.Set(it.Value())
		edit(e)
		v.SetMapIndex(it.Key(), e)
	}
}

// MatchesSubject reports whether the value v points to (or is) names the
// data subject id in a field tagged personal:"subject" or personal:"key",
// anywhere in it: a string equal to id (ignoring case and surrounding
// space, as e-mail addresses compare) or a slice of strings holding it. An
// empty id matches nothing.
func MatchesSubject(v any, id string) bool {
	id = strings.TrimSpace(id)
	if id == "" {
		return false
	}
	return match(reflect.ValueOf(v), id, false, true)
}

// match reports whether v names id in a tagged field; lists says whether
// to look into slices, arrays and maps of structs (lists of people).
func match(v reflect.Value, id string, tagged, lists bool) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && match(v.Elem(), id, tagged, lists)
	case reflect.String:
		return tagged && strings.EqualFold(strings.TrimSpace(v.String()), id)
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			tag := personalOf(sf)
			if match(v.Field(i), id, tag == PersonalSubject || tag == PersonalKey, lists) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if !lists && structy(v.Type().Elem()) {
			return false
		}
		for i := range v.Len() {
			if match(v.Index(i), id, tagged, lists) {
				return true
			}
		}
	case reflect.Map:
		if !lists && structy(v.Type().Elem()) {
			return false
		}
		it := v.MapRange()
		for it.Next() {
			if match(it.Value(), id, tagged, lists) {
				return true
			}
		}
	}
	return false
}

// contactWords are the parts of a field name that look like contact or
// identity data: a name, an e-mail, a phone, an address, a document or
// national id, a person's account, participants, a contact.
var contactWords = []string{"name", "mail", "phone", "telefono", "mobile", "celular", "address", "direccion",
	"document", "dni", "cedula", "account", "participant", "contact", "requester", "signer"}

// ContactLooking reports whether a field name (Go or JSON) looks like
// contact or identity data, which CheckPersonalTypes and the source checks
// want marked with PersonalTag.
func ContactLooking(name string) bool {
	n := strings.ToLower(name)
	return slices.ContainsFunc(contactWords, func(w string) bool { return strings.Contains(n, w) })
}

// CheckPersonalTypes walks the types (structs, or pointers, slices and
// maps of them, with the structs they hold) and returns one line per
// problem: a string field whose name looks like contact data
// (ContactLooking) without a PersonalTag, or a PersonalTag with an
// unknown value. Process packages run it in a test over the types of
// their PersonalKinds, so that a type that gains a contact field unmarked
// fails the build's tests.
func CheckPersonalTypes(types ...reflect.Type) []string {
	var out []string
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		t = baseType(t)
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			tag, has := f.Tag.Lookup(PersonalTag)
			where := fmt.Sprintf("%s.%s.%s", t.PkgPath(), t.Name(), f.Name)
			switch {
			case has && !slices.Contains([]string{PersonalDatum, PersonalKey, PersonalSubject, PersonalNot}, tag):
				out = append(out, fmt.Sprintf("%s: unknown %s tag value %q (true, key, subject, no)", where, PersonalTag, tag))
			case !has && stringy(f.Type) && (ContactLooking(f.Name) || ContactLooking(jsonName(f))):
				out = append(out, fmt.Sprintf("%s: looks like contact data and has no %s tag (true, key, subject or no)", where, PersonalTag))
			}
			walk(f.Type)
		}
	}
	for _, t := range types {
		walk(t)
	}
	return out
}

// stringy reports whether t holds text: a string, or a slice or map of
// strings.
func stringy(t reflect.Type) bool { return baseType(t).Kind() == reflect.String }

// PersonalKind is one record kind of a process that holds personal data:
// its record kind, a constructor of its Go type (a pointer to a zero value
// the body decodes into) and, when records of the kind may be under a
// legal term that forbids their erasure, Hold.
type PersonalKind struct {
	// Process is the process kind that owns the records ("citizen").
	Process string
	// Kind is the record kind ("citizen.pqrsd").
	Kind string
	// New returns a pointer to a new zero value of the record's type.
	New func() any
	// Hold, when set, says whether the decoded record v (what New
	// returned, filled) is under a legal term on date today
	// (YYYY-MM-DD): an open PQRSD within its term. Such a record is not
	// erased, and a subject erasure that meets one is refused.
	Hold func(v any, today string) (SubjectHold, bool)
	// Refs, when set, returns the references a record of the subject
	// gives to records linked to it: "ticket:ID" for the ticket it came
	// from, "KIND:ID" for itself (the notices of a PQRSD point to it).
	Refs func(v any) []string
	// LinkedBy, when set, returns the references that link a record of
	// the kind to a subject's record: a record whose LinkedBy meets the
	// Refs of a record found for the subject belongs to the same subject
	// (a reply on the subject's desk ticket, the notice of the subject's
	// PQRSD, a quarantined ticket).
	LinkedBy func(v any) []string
	// Label is the kind's name for a reader, Spanish then English.
	Label [2]string
}

// decode decodes a body of the kind.
func (k PersonalKind) decode(body []byte) (any, error) {
	v := k.New()
	if err := json.Unmarshal(body, v); err != nil {
		return nil, fmt.Errorf("%w: record of kind %s does not decode: %v", ErrInvalid, k.Kind, err)
	}
	return v, nil
}

// Personal is what a process instance that keeps personal data offers the
// subject-rights API: the kinds of its records that hold some. Each of the
// four process packages implements it; a tool finds it on a
// process.Instance by type assertion (process.SubjectHolder).
type Personal interface {
	PersonalKinds() []PersonalKind
}

// EraseSubject clears the personal data of subject id in the value v
// points to, keeping the paths keep reports (as ErasePersonal). When id
// is named outside any list of people (a field of the record itself, or
// of a single nested struct such as a PQRSD's requester), or v names no
// one (a record linked to the subject's, such as the notice of their
// PQRSD), the whole record is the subject's and every personal field is
// cleared. When id is named only by elements of a list (one contact among
// a stakeholder's contacts), only those elements are cleared: the other
// people of the list keep their data. It returns the paths cleared.
func EraseSubject(v any, id string, keep func(path string) bool) []string {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil
	}
	id = strings.TrimSpace(id)
	if id == "" || !match(rv, id, false, true) || match(rv, id, false, false) {
		return ErasePersonal(v, keep)
	}
	seen := map[string]bool{}
	eraseListed(rv.Elem(), "", id, keep, seen)
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// structy reports whether t is a struct or a pointer to one.
func structy(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct
}

// eraseListed clears the elements of lists of structs that name id.
func eraseListed(v reflect.Value, path string, id string, keep func(string) bool, seen map[string]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			eraseListed(v.Elem(), path, id, keep, seen)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if f := v.Field(i); f.CanSet() {
				eraseListed(f, joinPath(path, jsonName(t.Field(i))), id, keep, seen)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			e := v.Index(i)
			if structy(e.Type()) && match(e, id, false, true) {
				erase(e, path, keep, seen)
				continue
			}
			eraseListed(e, path, id, keep, seen)
		}
	case reflect.Map:
		editMapValues(v, func(e reflect.Value) {
			if structy(e.Type()) && match(e, id, false, true) {
				erase(e, path, keep, seen)
			} else {
				eraseListed(e, path, id, keep, seen)
			}
		})
	}
}

// SaltField is the member a Collection adds to the JSON body of every
// record whose type holds personal data (a field tagged personal:"true"
// or personal:"key"): 16 random bytes, new on every write. The audit log
// keeps each version's digest (driver.RecordDigest) over a body that
// holds its salt, and the store keeps only the current version, so once a
// version is overwritten (by an erasure, say) its salt is gone and its
// digest can no longer be recomputed from guessed personal data: a known
// name, e-mail or phone number cannot be confirmed or brute-forced
// against the log. Decoding ignores the member.
const SaltField = "_salt"

// personalTypes caches whether a type holds erasable personal data.
var personalTypes sync.Map // reflect.Type → bool

// holdsPersonal reports whether t (or what it holds) has a field tagged
// personal:"true" or personal:"key".
func holdsPersonal(t reflect.Type) bool {
	if v, ok := personalTypes.Load(t); ok {
		return v.(bool)
	}
	v := HasPersonalField(t, PersonalDatum, PersonalKey)
	personalTypes.Store(t, v)
	return v
}

// HasPersonalField reports whether t, or a type it holds (through
// pointers, slices, arrays and maps, and the exported fields of structs),
// has an exported struct field whose PersonalTag value is one of values:
// with PersonalSubject and PersonalKey, whether a subject-rights request
// can find a record of type t; with PersonalDatum and PersonalKey, whether
// an erasure has anything to clear in it. Unexported fields do not count:
// the subject-rights API reads only exported ones.
func HasPersonalField(t reflect.Type, values ...string) bool {
	var walk func(t reflect.Type) bool
	seen := map[reflect.Type]bool{}
	walk = func(t reflect.Type) bool {
		t = baseType(t)
		if t.Kind() != reflect.Struct || seen[t] {
			return false
		}
		seen[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			if f.IsExported() && (slices.Contains(values, personalOf(f)) || walk(f.Type)) {
				return true
			}
		}
		return false
	}
	return walk(t)
}

// baseType is the type t holds through pointers, slices, arrays and maps.
func baseType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	return t
}

// salted returns body, a JSON object, with a fresh SaltField member in
// place of any it had; another JSON value is returned as it is.
func salted(body []byte) []byte {
	body = unsalted(body)
	end := bytes.LastIndexByte(body, '}')
	if len(body) == 0 || body[0] != '{' || end < 0 {
		return body
	}
	var salt [16]byte
	rand.Read(salt[:])
	out := make([]byte, 0, len(body)+40)
	out = append(out, body[:end]...)
	if len(bytes.TrimSpace(body[1:end])) > 0 {
		out = append(out, ',')
	}
	out = append(out, `"`+SaltField+`":"`...)
	out = base64.RawStdEncoding.AppendEncode(out, salt[:])
	out = append(out, `"}`...)
	return out
}

// unsalted returns body without its SaltField member, for a reader.
func unsalted(body []byte) []byte {
	if !bytes.Contains(body, []byte(`"`+SaltField+`"`)) {
		return body
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	delete(m, SaltField)
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}
