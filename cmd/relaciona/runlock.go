package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relaciona/relaciona/internal/flock"
	"github.com/relaciona/relaciona/plugins/driver"
)

// runLockName is the lock `relaciona run` holds while it works.
const runLockName = "relaciona.run"

// runLockTry is how long run waits for the lock without --wait: long
// enough for a plugin's or PostgreSQL's round trip, short enough to say
// at once that another run is in progress.
const runLockTry = 3 * time.Second

// lockRun takes the lock that keeps two runs of one deployment apart:
// through the store's driver when it is a driver.Locker (a PostgreSQL
// advisory lock excludes runs on every machine sharing the database; a
// file lock beside a SQLite file those sharing the file), else a file
// lock beside the deployment file, which only excludes runs on this
// machine (it says so). It waits up to wait (runLockTry when zero). When
// another run holds the lock it says so on stdout and returns busy: not
// an error, the job is being done.
func lockRun(ctx context.Context, e *env, d *deployed, cfgPath string, wait time.Duration) (unlock func() error, busy bool, err error) {
	L := e.lang
	if wait <= 0 {
		wait = runLockTry
	}
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if l, ok := d.store.Driver().(driver.Locker); ok {
		unlock, err = l.Lock(wctx, runLockName)
	} else {
		path := cfgPath + ".lock"
		fmt.Fprintln(e.stdout, L.Tf("aviso: el almacén no ofrece bloqueos; el bloqueo %s solo impide otra ejecución en esta máquina",
			"note: the store offers no locks; the lock %s only keeps out another run on this machine", path))
		unlock, err = flock.Lock(wctx, path)
	}
	if err == nil {
		e.log.Debug("run lock held")
		return unlock, false, nil
	}
	if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		e.log.Info("another run holds the run lock; nothing to do", "waited", wait.String())
		fmt.Fprintln(e.stdout, L.Tf("otra ejecución de «relaciona run» para este despliegue está en curso (esperado %s): no se hace nada; ella completa el trabajo",
			"another \"relaciona run\" of this deployment is in progress (waited %s): nothing done; it completes the work", wait))
		return nil, true, nil
	}
	return nil, false, fmt.Errorf("%s: %w", L.T("no se pudo tomar el bloqueo de ejecución", "could not take the run lock"), err)
}

// openLocked opens the deployment at cfgPath, takes its run lock
// (lockRun, waiting up to wait) and reads its time zone, for run and
// notify. With busy (another run holds the lock) the command does
// nothing; otherwise done releases the lock and closes the deployment
// (a lock that cannot be released is logged, not the command's failure:
// it ends with the process anyway).
func openLocked(ctx context.Context, e *env, cfgPath string, wait time.Duration) (d *deployed, loc *time.Location, done func(), busy bool, err error) {
	if d, err = openDeployment(ctx, e, cfgPath); err != nil {
		return nil, nil, nil, false, err
	}
	unlock, busy, err := lockRun(ctx, e, d, cfgPath, wait)
	if err != nil || busy {
		d.Close()
		return nil, nil, nil, busy, err
	}
	done = func() {
		if err := unlock(); err != nil {
			e.log.Warn("releasing the run lock failed", "error", err)
		}
		d.Close()
	}
	if loc, err = d.dep.Location(); err != nil {
		done()
		return nil, nil, nil, false, err
	}
	return d, loc, done, false, nil
}
