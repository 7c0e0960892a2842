// Package personalcheck checks, in a process package's tests, that its
// personal data is marked and reached by the subject-rights API: every
// field of a stored type (a struct with JSON tags) whose name looks like
// contact data carries a personal tag, and every stored type with a field
// tagged personal:"true" or personal:"key" is reached from one of the
// package's relaciona.PersonalKinds, so that an erasure clears it.
package personalcheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/relaciona/relaciona"
)

// Source parses the non-test Go files of the package in dir and returns
// one line per problem: a contact-looking text field of a JSON-tagged
// struct without a personal tag; a JSON-tagged struct with an erasable
// personal field (true or key) that no kind's type reaches; a kind no
// request can find (no subject or key field, no LinkedBy); and what
// relaciona.CheckPersonalTypes finds in the kinds' types. pkgPath is the
// package's import path.
func Source(dir, pkgPath string, kinds []relaciona.PersonalKind) ([]string, error) {
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	reached := map[string]bool{}
	var types []reflect.Type
	var out []string
	for _, k := range kinds {
		t := reflect.TypeOf(k.New())
		types = append(types, t)
		reach(t, pkgPath, reached)
		if k.LinkedBy == nil && !relaciona.HasPersonalField(t, relaciona.PersonalSubject, relaciona.PersonalKey) {
			out = append(out, fmt.Sprintf("kind %s (%s): no field tagged personal:\"subject\" or personal:\"key\" and no LinkedBy: no request can find its records", k.Kind, t))
		}
	}
	out = append(out, relaciona.CheckPersonalTypes(types...)...)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				return true
			}
			out = append(out, checkStruct(fset, ts.Name.Name, st, reached)...)
			return true
		})
	}
	sort.Strings(out)
	return slices.Compact(out), nil
}

// reach records the names of the structs of pkgPath t reaches.
func reach(t reflect.Type, pkgPath string, seen map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return
	}
	if t.PkgPath() == pkgPath {
		if seen[t.Name()] {
			return
		}
		seen[t.Name()] = true
	}
	for i := range t.NumField() {
		reach(t.Field(i).Type, pkgPath, seen)
	}
}

func checkStruct(fset *token.FileSet, name string, st *ast.StructType, reached map[string]bool) []string {
	var out []string
	jsonTagged, erasable := false, false
	for _, f := range st.Fields.List {
		tag := tagOf(f)
		if tag.Get("json") != "" {
			jsonTagged = true
		}
		if v := tag.Get(relaciona.PersonalTag); v == relaciona.PersonalDatum || v == relaciona.PersonalKey {
			erasable = true
		}
	}
	if !jsonTagged {
		return nil
	}
	for _, f := range st.Fields.List {
		tag := tagOf(f)
		if _, has := tag.Lookup(relaciona.PersonalTag); has || !text(f.Type) {
			continue
		}
		jn, _, _ := strings.Cut(tag.Get("json"), ",")
		if jn == "-" {
			continue
		}
		for _, n := range f.Names {
			if n.IsExported() && (relaciona.ContactLooking(n.Name) || relaciona.ContactLooking(jn)) {
				out = append(out, fmt.Sprintf("%s: %s.%s looks like contact data and has no personal tag (true, key, subject or no)", fset.Position(n.Pos()), name, n.Name))
			}
		}
	}
	if erasable && !reached[name] {
		out = append(out, fmt.Sprintf("%s: %s has fields marked personal that no PersonalKind reaches: no erasure clears them", fset.Position(st.Pos()), name))
	}
	return out
}

func tagOf(f *ast.Field) reflect.StructTag {
	if f.Tag == nil {
		return ""
	}
	s, err := strconv.Unquote(f.Tag.Value)
	if err != nil {
		return ""
	}
	return reflect.StructTag(s)
}

// text reports whether a field's type is text: string, []string or a map
// with string values (named types are not followed).
func text(e ast.Expr) bool {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name == "string"
	case *ast.ArrayType:
		return text(t.Elt)
	case *ast.MapType:
		return text(t.Value)
	case *ast.StarExpr:
		return text(t.X)
	}
	return false
}
