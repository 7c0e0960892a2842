package relaciona

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// The keys a notice catalog may hold, at each level.
var (
	catalogKeys     = []string{"process", "kinds"}
	catalogKindKeys = []string{"kind", "audience", "title", "fields", "es", "en"}
	catalogLangKeys = []string{"es", "en"}
	catalogTextKeys = []string{"subject", "body"}
)

// catalogKind is one entry of a notice catalog's kinds.
type catalogKind struct {
	Kind     string                `yaml:"kind"`
	Audience Audience              `yaml:"audience"`
	Title    map[Lang]string       `yaml:"title"`
	Fields   []string              `yaml:"fields"`
	ES       *Template             `yaml:"es"`
	EN       *Template             `yaml:"en"`
	nodes    map[string]*yaml.Node // the entry's values by key, for lines
}

// RegisterNoticeCatalog registers the notification kinds of a message
// catalog: a YAML file that holds the default text of a process's kinds,
// so that a translator can fix a text without touching Go code. Each
// process package embeds its catalog (notices.yaml) and registers it once
// in init with MustRegisterNoticeCatalog; the kind names stay Go constants.
// name is how errors name the file ("citizen/notices.yaml"). The file is
//
//	process: citizen            # the process of every kind below
//	kinds:
//	  - kind: citizen.pqrsd.due_soon
//	    audience: staff         # staff, citizen, client, stakeholder or partner
//	    title: {es: …, en: …}
//	    fields: [pqrsd, type]   # the kind's own fields (see CommonNoticeFields)
//	    es:
//	      subject: …            # one line
//	      body: |-              # a literal block: |- keeps no final newline
//	        …
//	    en: {subject: …, body: …}
//
// with subject and body Go text/templates as a process file's overrides
// are. Nothing is registered when the catalog is refused: an unknown key,
// a title or text missing in es or en, a kind listed twice or already
// registered, or a kind RegisterNoticeKind refuses (a template that does
// not parse or names a field the kind does not give). The error names the
// file, the line and the kind, and wraps ErrInvalid, or ErrConflict for a
// kind already registered.
func RegisterNoticeCatalog(name string, data []byte) error {
	kinds, err := parseNoticeCatalog(name, data)
	if err != nil {
		return err
	}
	for _, k := range kinds {
		if err := RegisterNoticeKind(k); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// MustRegisterNoticeCatalog is RegisterNoticeCatalog for a process
// package's init: it panics when the catalog is refused, which is a bug in
// the package's notices.yaml.
func MustRegisterNoticeCatalog(name string, data []byte) {
	if err := RegisterNoticeCatalog(name, data); err != nil {
		panic(err)
	}
}

// parseNoticeCatalog reads and checks a catalog (see RegisterNoticeCatalog)
// without registering it.
func parseNoticeCatalog(name string, data []byte) ([]NoticeKind, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &ValidationError{File: name, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	bad := func(n *yaml.Node, field, format string, args ...any) error {
		return &ValidationError{File: name, Line: n.Line, Column: n.Column, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if len(doc.Content) == 0 {
		return nil, bad(&doc, "", "the catalog is empty")
	}
	top, err := catalogMap(doc.Content[0], "", catalogKeys, bad)
	if err != nil {
		return nil, err
	}
	process, list := top["process"], top["kinds"]
	switch {
	case process == nil || process.Kind != yaml.ScalarNode || process.Value == "":
		return nil, bad(doc.Content[0], "process", "the catalog needs the process of its kinds")
	case list == nil || list.Kind != yaml.SequenceNode || len(list.Content) == 0:
		return nil, bad(doc.Content[0], "kinds", "the catalog needs a list of kinds")
	}
	var out []NoticeKind
	seen := map[string]int{}
	for _, n := range list.Content {
		e, err := catalogEntry(n, bad)
		if err != nil {
			return nil, err
		}
		at := e.nodes["kind"]
		if line, dup := seen[e.Kind]; dup {
			return nil, bad(at, e.Kind, "the kind is listed twice (first at line %d)", line)
		}
		seen[e.Kind] = at.Line
		if _, dup := LookupNoticeKind(e.Kind); dup {
			return nil, fmt.Errorf("%s:%d:%d: %s: %w: notification kind %q is registered twice", name, at.Line, at.Column, e.Kind, ErrConflict, e.Kind)
		}
		k := NoticeKind{Kind: e.Kind, Process: process.Value, Audience: e.Audience,
			Title: [2]string{e.Title[Spanish], e.Title[English]}, Fields: e.Fields, Default: map[Lang]Template{}}
		for _, l := range []Lang{Spanish, English} {
			if k.TitleIn(l) == "" {
				return nil, bad(catalogKey(n, "title"), e.Kind+".title", "the kind has no title in %q", l)
			}
			t := map[Lang]*Template{Spanish: e.ES, English: e.EN}[l]
			if t == nil {
				return nil, bad(n, e.Kind, "the kind has no default text in %q", l)
			}
			if err := k.CheckTemplate(*t); err != nil {
				var ve *ValidationError
				if !errors.As(err, &ve) {
					return nil, err
				}
				return nil, bad(catalogKey(e.nodes[string(l)], ve.Field), e.Kind+"."+string(l)+"."+ve.Field, "%s", ve.Msg)
			}
			k.Default[l] = *t
		}
		if err := k.check(); err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) {
				return nil, err
			}
			return nil, bad(n, e.Kind, "%s", ve.Msg)
		}
		out = append(out, k)
	}
	return out, nil
}

// catalogEntry reads one entry of a catalog's kinds, refusing a key the
// format does not have.
func catalogEntry(n *yaml.Node, bad func(*yaml.Node, string, string, ...any) error) (catalogKind, error) {
	var e catalogKind
	kind := ""
	for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "kind" {
			kind = n.Content[i+1].Value
		}
	}
	if kind == "" {
		return e, bad(n, "kinds", "each entry of kinds needs its kind")
	}
	nodes, err := catalogMap(n, kind, catalogKindKeys, bad)
	if err != nil {
		return e, err
	}
	for _, sub := range []struct {
		key  string
		keys []string
	}{{"title", catalogLangKeys}, {"es", catalogTextKeys}, {"en", catalogTextKeys}} {
		if v := nodes[sub.key]; v != nil {
			if _, err := catalogMap(v, kind+"."+sub.key, sub.keys, bad); err != nil {
				return e, err
			}
		}
	}
	if err := n.Decode(&e); err != nil {
		msg := err.Error()
		var te *yaml.TypeError
		if errors.As(err, &te) {
			msg = strings.Join(te.Errors, "; ")
		}
		return e, bad(n, kind, "%s", strings.TrimPrefix(msg, "yaml: "))
	}
	e.nodes = nodes
	return e, nil
}

// catalogMap returns the values of mapping n by key, refusing a key
// outside keys; field names n in the error.
func catalogMap(n *yaml.Node, field string, keys []string, bad func(*yaml.Node, string, string, ...any) error) (map[string]*yaml.Node, error) {
	if n.Kind != yaml.MappingNode {
		return nil, bad(n, field, "expected a mapping with the keys %s", strings.Join(keys, ", "))
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(keys, k.Value) {
			return nil, bad(k, strings.TrimPrefix(field+"."+k.Value, "."), "unknown key %q (the keys are %s)", k.Value, strings.Join(keys, ", "))
		}
		if _, dup := out[k.Value]; dup {
			return nil, bad(k, strings.TrimPrefix(field+"."+k.Value, "."), "the key %q is given twice", k.Value)
		}
		out[k.Value] = n.Content[i+1]
	}
	return out, nil
}

// catalogKey is the node of key in mapping n, for an error's line; n
// itself when it lacks key.
func catalogKey(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return n
}

//go:embed notices.yaml
var noticeCatalog []byte

func init() { MustRegisterNoticeCatalog("notices.yaml", noticeCatalog) }
