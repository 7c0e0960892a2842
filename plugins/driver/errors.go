package driver

import "fmt"

func wrapf(base error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", base, fmt.Sprintf(format, args...))
}

// Errorf returns an error wrapping base (one of this package's sentinels)
// with a formatted message, for drivers to use.
func Errorf(base error, format string, args ...any) error { return wrapf(base, format, args...) }
