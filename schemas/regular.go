package schemas

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/relaciona/relaciona"
)

// ErrNotRegular is wrapped by the error of reading, as configuration,
// something that is not a regular file: a folder, a named pipe (FIFO), a
// device or a socket. Reading a FIFO or a device would block or never end,
// so they are refused before anything is read.
var ErrNotRegular = errors.New("not a regular file")

// NotRegularError says what a configuration path names instead of a
// regular file. It wraps ErrNotRegular and relaciona.ErrInvalid.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

// What names the kind of file, in lang.
func (e *NotRegularError) What(lang relaciona.Lang) string {
	switch m := e.Mode; {
	case m.IsDir():
		return lang.T("una carpeta", "a folder")
	case m&fs.ModeNamedPipe != 0:
		return lang.T("una tubería con nombre (FIFO)", "a named pipe (FIFO)")
	case m&fs.ModeSocket != 0:
		return lang.T("un socket", "a socket")
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return lang.T("un dispositivo", "a device")
	}
	return lang.T("un archivo especial", "a special file")
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s: %s, it is %s", e.Path, ErrNotRegular, e.What(relaciona.English))
}

// Unwrap gives ErrNotRegular and relaciona.ErrInvalid.
func (e *NotRegularError) Unwrap() []error { return []error{ErrNotRegular, relaciona.ErrInvalid} }

// OpenRegular opens path for reading only if it is a regular file (after
// symbolic links): anything else is a *NotRegularError, refused without
// blocking (a FIFO is opened non-blocking, so a swap between the check and
// the open cannot hang the caller either). Every loader of configuration
// reads through it.
func OpenRegular(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: st.Mode()}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if st, err = f.Stat(); err != nil {
		f.Close()
		return nil, err
	} else if !st.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Path: path, Mode: st.Mode()}
	}
	return f, nil
}

// ReadFile reads a configuration file through OpenRegular, at most
// MaxSize+1 bytes (so that a huge file is refused by the decoder without
// being read whole).
func ReadFile(path string) ([]byte, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxSize+1))
}
