package relaciona

import (
	"errors"
	"fmt"
	"strings"
)

// Localizer is an error that can say itself in a language, for the person
// who reads it. Error stays the stable English (or configured-language)
// text for logs; Text is what a user interface shows.
type Localizer interface {
	error
	Text(lang Lang) string
}

// sentinelText says the root sentinels in Spanish and English.
var sentinelText = []struct {
	err    error
	es, en string
}{
	{ErrConflict, "conflicto: el registro cambió desde que se leyó", "conflict: record changed since it was read"},
	{ErrNotFound, "no encontrado", "not found"},
	{ErrForbidden, "prohibido", "forbidden"},
	{ErrInvalid, "no válido", "invalid"},
	{ErrUnsupported, "no disponible en este sistema", "unsupported by this backend"},
	{ErrUnavailable, "sistema no disponible", "backend unavailable"},
	{ErrAuth, "credenciales rechazadas", "authentication refused"},
	{ErrClosed, "cerrado", "closed"},
	{ErrAuditBroken, "cadena de auditoría rota", "audit chain broken"},
}

// ErrorText returns err's message in lang, for a user interface: every
// error of err's chain that is a Localizer (a *ForbiddenError, ...) is said
// in lang where its text stands in the message, and so is a root sentinel
// (ErrNotFound, ErrInvalid, ...) standing as a whole part of the message
// ("invalid: ..." or "...: not found"). The rest, the context each layer
// added, is kept as it is. A nil err gives "".
func ErrorText(err error, lang Lang) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	walk(err, func(e error) {
		if l, ok := e.(Localizer); ok {
			if en := l.Error(); en != "" {
				msg = strings.ReplaceAll(msg, en, l.Text(lang))
			}
		}
	})
	for _, s := range sentinelText {
		if !errors.Is(err, s.err) {
			continue
		}
		from, to := s.err.Error(), lang.T(s.es, s.en)
		switch {
		case strings.HasPrefix(msg, from+": "):
			msg = to + msg[len(from):]
		case strings.HasSuffix(msg, ": "+from):
			msg = msg[:len(msg)-len(from)] + to
		case msg == from:
			msg = to
		default:
			msg = strings.ReplaceAll(msg, ": "+from+": ", ": "+to+": ")
		}
	}
	return msg
}

// walk calls f on err and every error it wraps, depth first.
func walk(err error, f func(error)) {
	if err == nil {
		return
	}
	f(err)
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		walk(u.Unwrap(), f)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			walk(e, f)
		}
	}
}

// Text says the refusal in lang: who was refused, what for, and why (not
// in the directory; the role or SFIA level needed, and the level the
// directory gives).
func (e *ForbiddenError) Text(lang Lang) string {
	head := fmt.Sprintf(lang.T("prohibido: %q no puede %s", "forbidden: actor %q may not %s"), e.ActorID, e.Action)
	if e.NotListed {
		return head + lang.T(": no figura en el directorio", ": not in the directory")
	}
	var need []string
	if len(e.NeedRoles) > 0 {
		need = append(need, lang.Tf("el rol %s", "role %s", strings.Join(e.NeedRoles, lang.T(" o ", " or "))))
	}
	if e.NeedLevel > 0 {
		need = append(need, lang.Tf("el nivel SFIA %d o superior", "SFIA level %d or higher", e.NeedLevel))
	}
	msg := head + lang.T(": necesita ", ": needs ") + strings.Join(need, lang.T(" y ", " and "))
	if e.Checked && e.NeedLevel > 0 {
		if e.HaveLevel > 0 {
			msg += lang.Tf(" (el directorio le da el nivel %d)", " (the directory gives level %d)", e.HaveLevel)
		} else {
			msg += lang.T(" (el directorio no le da nivel SFIA)", " (the directory gives no SFIA level)")
		}
	} else if e.Checked {
		msg += lang.T(" (el directorio no le da ese rol)", " (the directory does not give that role)")
	}
	return msg
}
