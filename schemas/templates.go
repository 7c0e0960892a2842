package schemas

import (
	"errors"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
)

// TemplateProblems checks a process file's notifications key as
// relaciona.CheckTemplates does (each kind one of process's, each language
// es or en, each template naming only the fields its kind gives), kind by
// kind in name order, and returns one problem per kind that fails, placed
// at the node it is about: notifications.KIND, .LANG, or .LANG.subject or
// .body. It returns nil when every template is right.
func (l *Locator) TemplateProblems(process string, ts relaciona.Templates) []*relaciona.ValidationError {
	kinds := make([]string, 0, len(ts))
	for kind := range ts {
		kinds = append(kinds, kind)
	}
	slices.Sort(kinds)
	var out []*relaciona.ValidationError
	for _, kind := range kinds {
		err := relaciona.CheckTemplates(process, relaciona.Templates{kind: ts[kind]})
		if err == nil {
			continue
		}
		var ve *relaciona.ValidationError
		if !errors.As(err, &ve) {
			out = append(out, l.Problem([]any{"notifications", kind}, err.Error()))
			continue
		}
		path := []any{"notifications", kind}
		for _, p := range strings.Split(strings.TrimPrefix(strings.TrimPrefix(ve.Field, "notifications."), kind), ".") {
			if p != "" {
				path = append(path, p)
			}
		}
		p := l.Problem(path, ve.Msg)
		p.Field = ve.Field
		out = append(out, p)
	}
	return out
}

// CheckTemplates is TemplateProblems' first problem as an error, or nil.
func (l *Locator) CheckTemplates(process string, ts relaciona.Templates) error {
	if ps := l.TemplateProblems(process, ts); len(ps) > 0 {
		return ps[0]
	}
	return nil
}
