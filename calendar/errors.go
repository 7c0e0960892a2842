package calendar

import (
	"fmt"

	"github.com/relaciona/relaciona"
)

// InputError is the error the package returns for input that breaks a rule:
// a malformed date, an unknown country, a negative term, a date or year
// outside the supported range. It wraps relaciona.ErrInvalid, so callers test
// it with errors.Is(err, relaciona.ErrInvalid), and it carries its message in
// both languages of the SDK: Error gives the Spanish text (the default
// language of user-facing text), Text gives the one a caller asks for.
type InputError struct {
	// Field names what was wrong: "date", "country", "days", "year",
	// "closures[2].date" and so on.
	Field string
	// Value is the offending input as the caller gave it.
	Value string

	es, en string
}

// Error returns the message in Spanish.
func (e *InputError) Error() string { return e.es }

// Text returns the message in the language l.
func (e *InputError) Text(l relaciona.Lang) string { return l.T(e.es, e.en) }

// Is makes errors.Is(err, relaciona.ErrInvalid) true.
func (e *InputError) Is(target error) bool { return target == relaciona.ErrInvalid }

// inputErr builds an *InputError. es and en are format strings that share args.
func inputErr(field, value, es, en string, args ...any) *InputError {
	return &InputError{Field: field, Value: value, es: fmt.Sprintf(es, args...), en: fmt.Sprintf(en, args...)}
}
