package process

import (
	"github.com/relaciona/relaciona"
)

// Open is the part of New that every process package shares, once p, the
// new process, holds its defaults: it applies opts to p in order; runs
// check when it is not nil (a configuration built in Go is checked as a
// file is, in the language the options chose); and, when no option set the
// directory (*dir is still nil), sets it to what roster returns, the
// configuration's people as a directory. The first error stops it.
func Open[P any, O ~func(*P)](p *P, opts []O, check func() error, dir **relaciona.Directory, roster func() (*relaciona.Directory, error)) error {
	for _, o := range opts {
		o(p)
	}
	if check != nil {
		if err := check(); err != nil {
			return err
		}
	}
	if *dir == nil {
		d, err := roster()
		if err != nil {
			return err
		}
		*dir = d
	}
	return nil
}
