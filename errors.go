package relaciona

import (
	"errors"
	"fmt"
	"strings"

	"github.com/relaciona/relaciona/plugins/driver"
)

// Sentinel errors. Every error the SDK returns for one of these conditions
// wraps the matching value, so callers test with errors.Is. ErrNotFound,
// ErrConflict and ErrInvalid are the very values of plugins/driver, so an
// error a backend returns (even across a plugin boundary) matches them.
var (
	// ErrNotFound reports that a record, ticket or configuration item does not exist.
	ErrNotFound = driver.ErrNotFound
	// ErrConflict reports a stale write: the record changed since it was read.
	// A write that fails with ErrConflict changed nothing.
	ErrConflict = driver.ErrConflict
	// ErrForbidden reports that an actor may not take an action. The wrapping
	// *ForbiddenError names the role or SFIA level the action needs.
	ErrForbidden = errors.New("forbidden")
	// ErrInvalid reports input that breaks a rule: a field out of range, a step
	// out of order, a malformed configuration. The wrapping error says which.
	ErrInvalid = driver.ErrInvalid
	// ErrUnsupported reports that a backend lacks an optional capability.
	ErrUnsupported = driver.ErrUnsupported
	// ErrUnavailable reports a backend that cannot be reached or failed; a
	// later retry may succeed.
	ErrUnavailable = driver.ErrUnavailable
	// ErrAuth reports credentials a backend refused.
	ErrAuth = driver.ErrAuth
	// ErrClosed reports a call on a closed Store or Tickets.
	ErrClosed = driver.ErrClosed
	// ErrAuditBroken reports that the audit chain failed verification; the
	// wrapping *AuditError says which entry and how.
	ErrAuditBroken = errors.New("audit chain broken")
)

// ValidationError is an ErrInvalid that names the field it is about, as a
// dotted path ("stakeholders[3].power"), and, when it comes from a file, the
// position of the offending node.
type ValidationError struct {
	File   string // file name, when the input came from a file
	Line   int    // 1-based line, 0 when unknown
	Column int    // 1-based column, 0 when unknown
	Field  string // dotted path of the field
	Msg    string // what is wrong, in words a clerk can act on
}

// Error formats the error as "FILE:LINE:COL: field: msg", leaving out the
// parts that are unknown.
func (e *ValidationError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Is makes errors.Is(err, ErrInvalid) true for a *ValidationError.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Invalid returns a *ValidationError for field with a formatted message.
func Invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// ForbiddenError is an ErrForbidden that says who was refused, what for, and
// why: the person is not in the directory, or the action needs a role or a
// minimum SFIA level the directory does not give them.
type ForbiddenError struct {
	ActorID   string
	Action    string
	NeedRoles []string // any one of these roles is enough; empty when no role is needed
	NeedLevel int      // minimum SFIA responsibility level; 0 when no level is needed
	// NotListed is true when the directory has no person ActorID.
	NotListed bool
	// Checked is true when the roles and level were looked up in a
	// directory; HaveLevel is then the level it gives (0: none).
	Checked   bool
	HaveLevel int
}

// Error describes the refusal: "not in the directory", or the role or level
// the action needs and, when a directory was asked, the level it gives.
func (e *ForbiddenError) Error() string { return e.Text(English) }

// Is makes errors.Is(err, ErrForbidden) true for a *ForbiddenError.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbidden }
