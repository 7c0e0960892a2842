//go:build !unix

package deployment

import "errors"

func mkfifo(string) error { return errors.ErrUnsupported }
