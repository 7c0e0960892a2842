package process

import (
	"github.com/relaciona/relaciona"

	"fmt"
	"reflect"
	"strings"
)

// Summarize turns a process's run summary (any struct) into one short line
// for a person: "Field=value" for each field that is not zero, slices and
// maps as their length, nested structs flattened with a dotted prefix. A
// summary with nothing to report reads "sin cambios" / "no changes" in lang.
func Summarize(v any, lang relaciona.Lang) string {
	none := lang.T("sin cambios", "no changes")
	var parts []string
	flatten(reflect.ValueOf(v), "", &parts)
	if len(parts) == 0 {
		return none
	}
	return strings.Join(parts, ", ")
}

func flatten(v reflect.Value, prefix string, parts *[]string) {
	if !v.IsValid() {
		return
	}
	if v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		if !v.IsZero() {
			*parts = append(*parts, fmt.Sprintf("%s=%v", strings.TrimSuffix(prefix, "."), v.Interface()))
		}
		return
	}
	if _, ok := v.Interface().(fmt.Stringer); ok && prefix != "" {
		if !v.IsZero() {
			*parts = append(*parts, fmt.Sprintf("%s=%v", strings.TrimSuffix(prefix, "."), v.Interface()))
		}
		return
	}
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Name == "Date" {
			continue
		}
		fv := v.Field(i)
		switch fv.Kind() {
		case reflect.Slice, reflect.Map:
			if fv.Len() > 0 {
				*parts = append(*parts, fmt.Sprintf("%s%s=%d", prefix, f.Name, fv.Len()))
			}
		case reflect.Struct, reflect.Pointer:
			flatten(fv, prefix+f.Name+".", parts)
		default:
			if !fv.IsZero() {
				*parts = append(*parts, fmt.Sprintf("%s%s=%v", prefix, f.Name, fv.Interface()))
			}
		}
	}
}
