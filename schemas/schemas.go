package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/relaciona/relaciona"
)

//go:embed *.json
var embedded embed.FS

// BaseURL is where the schemas are published: the schema of a kind is at
// BaseURL + kind + ".json", which is also its "$id". Editors fetch it from
// there when a YAML file names it in a yaml-language-server modeline.
const BaseURL = "https://raw.githubusercontent.com/relaciona/relaciona/main/schemas/"

// Version is the only file-format version this release reads: every file
// says "version: 1".
const Version = 1

// URL returns the published address of the schema of kind.
func URL(kind string) string { return BaseURL + kind + ".json" }

// Kinds returns the kinds that have a schema, sorted. A kind is the name of
// an embedded file without ".json".
func Kinds() []string { return defaultRegistry().kinds() }

// Schema returns the JSON Schema of kind as stored. It fails with an error
// wrapping relaciona.ErrNotFound when the kind has no schema.
func Schema(kind string) ([]byte, error) {
	k, err := defaultRegistry().lookup(kind)
	if err != nil {
		return nil, err
	}
	return bytes.Clone(k.raw), nil
}

// defaultRegistry holds the compiled embedded schemas. It is built once, on
// first use, from constant embedded data and never changes afterwards.
var defaultRegistry = sync.OnceValue(func() *registry { return newRegistry(embedded, messages) })

// registry is a set of kinds read from the *.json files at the top of an
// fs.FS. Tests build registries from testdata; the package uses the
// embedded one.
type registry struct {
	byKind map[string]*kindSchema
	names  []string
	docs   map[string]any             // schema documents by URL, for reading keyword values
	kindOf map[string]string          // kinds by schema URL
	texts  map[string]map[string]text // own error texts: kind, keyword pointer (see messages)
}

// kindSchema is one kind: its raw JSON, the parsed document and the
// compiled validator (or why it did not compile).
type kindSchema struct {
	kind     string
	url      string
	raw      []byte
	doc      any
	compiled *jsonschema.Schema
	err      error
}

// newRegistry reads the kinds of fsys; texts are their own error texts, as
// in messages (nil for none).
func newRegistry(fsys fs.FS, texts map[string]map[string]text) *registry {
	r := &registry{byKind: map[string]*kindSchema{}, docs: map[string]any{}, kindOf: map[string]string{}, texts: texts}
	files, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return r // the pattern is constant and valid; Glob cannot fail on it
	}
	for _, f := range files {
		raw, err := fs.ReadFile(fsys, f)
		kind := strings.TrimSuffix(path.Base(f), ".json")
		k := &kindSchema{kind: kind, url: URL(kind), raw: raw}
		if err != nil {
			k.err = err
		} else if err := json.Unmarshal(raw, &k.doc); err != nil {
			k.err = fmt.Errorf("schemas: %s.json is not JSON: %w", kind, err)
		} else if m, ok := k.doc.(map[string]any); ok {
			if id, ok := m["$id"].(string); ok && id != "" {
				k.url = id
			}
		}
		r.byKind[kind] = k
		r.names = append(r.names, kind)
		if k.doc != nil {
			r.docs[k.url] = k.doc
			r.kindOf[k.url] = kind
		}
	}
	sort.Strings(r.names)
	for _, k := range r.byKind {
		if k.err != nil {
			continue
		}
		k.compiled, k.err = r.compile(k)
	}
	return r
}

// compile compiles one kind with every schema of the registry available to
// "$ref", and nothing fetched from the network.
func (r *registry) compile(k *kindSchema) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	c.LoadURL = func(u string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("schemas: %s is not an embedded schema; remote schemas are not loaded", u)
	}
	for _, o := range r.byKind {
		if o.err != nil && o != k {
			continue
		}
		if err := c.AddResource(o.url, bytes.NewReader(o.raw)); err != nil {
			return nil, fmt.Errorf("schemas: %s.json: %w", o.kind, err)
		}
	}
	s, err := c.Compile(k.url)
	if err != nil {
		return nil, fmt.Errorf("schemas: %s.json does not compile: %w", k.kind, err)
	}
	return s, nil
}

func (r *registry) kinds() []string { return append([]string(nil), r.names...) }

func (r *registry) lookup(kind string) (*kindSchema, error) {
	k, ok := r.byKind[kind]
	if !ok {
		return nil, fmt.Errorf("schemas: kind %q: %w (known kinds: %s)", kind, relaciona.ErrNotFound, strings.Join(r.names, ", "))
	}
	return k, nil
}

// Modeline returns the yaml-language-server modeline that points an editor
// at a schema: the first line of a YAML file. schemaPath is best a path
// relative to the YAML file (with forward slashes), which works offline.
func Modeline(schemaPath string) string {
	return "# yaml-language-server: $schema=" + schemaPath
}

// WriteFiles writes the schema of every kind into dir, creating it if
// needed, as KIND.json (replacing an older copy), so that an agency keeps
// the schemas beside its YAML files and editors validate them offline. It
// returns the kinds written, sorted. It stops at the first file it cannot
// write and says which.
func WriteFiles(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("schemas: creating %s: %w", dir, err)
	}
	kinds := Kinds()
	for _, kind := range kinds {
		raw, err := Schema(kind)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, kind+".json"), raw, 0o644); err != nil {
			return nil, fmt.Errorf("schemas: writing the schema of %s: %w", kind, err)
		}
	}
	return kinds, nil
}
