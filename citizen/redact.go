package citizen

import (
	"reflect"

	"github.com/relaciona/relaciona"
)

// Redact returns a copy of v with every field tagged personal:"true" or
// personal:"key" (relaciona.PersonalTag) cleared, in nested structs, pointers, slices and maps too, so that an
// export can leave personal data out (DOMAIN.md "Personal data"). v is not
// modified.
func Redact[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	redact(rv)
	return v
}

func redact(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		c := reflect.New(v.Elem().Type())
		c.Elem().Set(v.Elem())
		redact(c.Elem())
		v.Set(c)
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := v.Field(i)
			if !f.CanSet() {
				continue
			}
			if tag := t.Field(i).Tag.Get(relaciona.PersonalTag); tag == relaciona.PersonalDatum || tag == relaciona.PersonalKey {
				f.Set(reflect.Zero(f.Type()))
				continue
			}
			redact(f)
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := range c.Len() {
			redact(c.Index(i))
		}
		v.Set(c)
	case reflect.Map:
		if v.IsNil() {
			return
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(it.Value())
			redact(e)
			c.SetMapIndex(it.Key(), e)
		}
		v.Set(c)
	}
}
