package process

import (
	"context"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
)

// Runner is what each process package's *Process has: Run, the periodic
// work of a date with a summary of its own type S, and Reports.
type Runner[S any] interface {
	Run(ctx context.Context, actor relaciona.Actor, date calendar.Date) (S, error)
	Reports(ctx context.Context, p Period) ([]report.Page, error)
}

// Define returns the Definition of a process whose file load reads (as
// the package's LoadConfig does) and open opens on an Env (as the
// package's New does). The Instance's Run says the summary in one line
// with Summarize, in the Env's language.
func Define[C, S any](kind string, title [2]string, roles []string,
	load func(path string, lang relaciona.Lang) (C, error),
	open func(cfg C, env Env) (Runner[S], error)) Definition {
	return Definition{Kind: kind, Title: title, Roles: roles, Open: func(path string, env Env) (Instance, error) {
		cfg, err := load(path, env.Lang)
		if err != nil {
			return nil, err
		}
		r, err := open(cfg, env)
		if err != nil {
			return nil, err
		}
		return summarized[S]{r: r, lang: env.Lang}, nil
	}}
}

// summarized is a Runner as an Instance.
type summarized[S any] struct {
	r    Runner[S]
	lang relaciona.Lang
}

func (s summarized[S]) Run(ctx context.Context, actor relaciona.Actor, date calendar.Date) (string, error) {
	sum, err := s.r.Run(ctx, actor, date)
	return Summarize(sum, s.lang), err
}

func (s summarized[S]) Reports(ctx context.Context, p Period) ([]report.Page, error) {
	return s.r.Reports(ctx, p)
}

// MustRegister is Register for a process package's init: a definition
// Register refuses (a kind registered twice, which only a build that links
// two packages of one kind can do) panics there, before main runs.
func MustRegister(d Definition) {
	if err := Register(d); err != nil {
		panic(err)
	}
}

// Templates returns the notification template overrides of the process
// file when the Runner offers them (each process package's
// (*Process).Templates), nil otherwise: Define's wrapping must not hide
// them from the dispatcher, which asks the Instance.
func (s summarized[S]) Templates() relaciona.Templates {
	if t, ok := s.r.(interface{ Templates() relaciona.Templates }); ok {
		return t.Templates()
	}
	return nil
}
