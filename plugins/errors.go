package plugins

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// kinds maps each error kind of the protocol to the sentinel it stands for
// and the gRPC code it travels with. Order matters when an error wraps
// several sentinels: the first match wins.
var kinds = []struct {
	kind pb.ErrorKind
	err  error
	code codes.Code
}{
	{pb.ErrorKind_ERROR_KIND_CONFLICT, driver.ErrConflict, codes.Aborted},
	{pb.ErrorKind_ERROR_KIND_NOT_FOUND, driver.ErrNotFound, codes.NotFound},
	{pb.ErrorKind_ERROR_KIND_INVALID, driver.ErrInvalid, codes.InvalidArgument},
	{pb.ErrorKind_ERROR_KIND_CLOSED, driver.ErrClosed, codes.FailedPrecondition},
	{pb.ErrorKind_ERROR_KIND_UNAVAILABLE, driver.ErrUnavailable, codes.Unavailable},
	{pb.ErrorKind_ERROR_KIND_AUTH, driver.ErrAuth, codes.Unauthenticated},
	{pb.ErrorKind_ERROR_KIND_UNSUPPORTED, driver.ErrUnsupported, codes.Unimplemented},
	{pb.ErrorKind_ERROR_KIND_CANCELED, context.Canceled, codes.Canceled},
	{pb.ErrorKind_ERROR_KIND_DEADLINE_EXCEEDED, context.DeadlineExceeded, codes.DeadlineExceeded},
}

// toStatus turns a driver's error into a gRPC status error carrying the
// error's text and an ErrorDetail naming its sentinel. It is the plugin
// side of the error mapping.
func toStatus(err error) error {
	if err == nil {
		return nil
	}
	kind, code := pb.ErrorKind_ERROR_KIND_UNKNOWN, codes.Unknown
	for _, k := range kinds {
		if errors.Is(err, k.err) {
			kind, code = k.kind, k.code
			break
		}
	}
	st := status.New(code, err.Error())
	if d, e := st.WithDetails(&pb.ErrorDetail{Kind: kind}); e == nil {
		st = d
	}
	return st.Err()
}

// RemoteError is an error a plugin's driver returned, as the host sees it:
// the driver's own message, wrapping the driver sentinel it wrapped, so
// errors.Is(err, driver.ErrConflict) holds on the host as it did in the
// plugin.
type RemoteError struct {
	Msg  string
	Kind error // a driver sentinel, context.Canceled or context.DeadlineExceeded; nil when unknown
}

// Error returns the driver's message.
func (e *RemoteError) Error() string { return e.Msg }

// Unwrap returns the sentinel.
func (e *RemoteError) Unwrap() error { return e.Kind }

// fromDetail returns the driver error a status carries, when it carries an
// ErrorDetail (that is, when the plugin's driver produced it, not the
// transport).
func fromDetail(st *status.Status) (error, bool) {
	for _, d := range st.Details() {
		ed, ok := d.(*pb.ErrorDetail)
		if !ok {
			continue
		}
		for _, k := range kinds {
			if k.kind == ed.Kind {
				return &RemoteError{Msg: st.Message(), Kind: k.err}, true
			}
		}
		return &RemoteError{Msg: st.Message()}, true
	}
	return nil, false
}

// fromTransport maps a status the transport produced (no ErrorDetail) to a
// sentinel. The caller has already checked whether the plugin exited.
func fromTransport(name string, st *status.Status) error {
	switch st.Code() {
	case codes.Canceled:
		return fmt.Errorf("plugin %s: %s: %w", name, st.Message(), context.Canceled)
	case codes.DeadlineExceeded:
		return fmt.Errorf("plugin %s: %s: %w", name, st.Message(), context.DeadlineExceeded)
	case codes.Unimplemented:
		return driver.Errorf(driver.ErrUnsupported, "plugin %s: %s", name, st.Message())
	case codes.ResourceExhausted:
		return driver.Errorf(driver.ErrInvalid, "plugin %s: %s", name, st.Message())
	}
	return driver.Errorf(driver.ErrUnavailable, "plugin %s: %s", name, st.Message())
}

// ExitError is the error of a call whose plugin process exited (crashed,
// was killed, or quit). It wraps driver.ErrUnavailable: the next call starts
// a fresh process.
type ExitError struct {
	Plugin string   // the binary's path
	Pid    int      // the process id it had
	State  string   // how it ended, e.g. "signal: killed" or "exit status 2"
	Stderr []string // the last lines it wrote to stderr
}

// Error says which plugin exited, how, and what it last wrote.
func (e *ExitError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: plugin %s (pid %d) exited", driver.ErrUnavailable, e.Plugin, e.Pid)
	if e.State != "" {
		fmt.Fprintf(&b, " (%s)", e.State)
	}
	if len(e.Stderr) == 0 {
		b.WriteString("; it wrote nothing to stderr")
	} else {
		b.WriteString("; last lines on its stderr:")
		for _, l := range e.Stderr {
			b.WriteString("\n    ")
			b.WriteString(l)
		}
	}
	return b.String()
}

// Unwrap returns driver.ErrUnavailable.
func (e *ExitError) Unwrap() error { return driver.ErrUnavailable }

// userError marks an error returned by a caller's callback during a stream,
// which must reach the caller unchanged.
type userError struct{ err error }

func (e *userError) Error() string { return e.err.Error() }
