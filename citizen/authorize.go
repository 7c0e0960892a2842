package citizen

import (
	"context"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// authorizeAt opens a change stamped with a business time: Authorize for
// action and roles, then checkTime of at (field "at"). The first refusal
// is returned, as the methods that opened with both did.
func (s *Process) authorizeAt(ctx context.Context, a relaciona.Actor, action string, at time.Time, roles ...string) (relaciona.Actor, error) {
	a, err := s.Authorize(ctx, a, action, roles...)
	if err != nil {
		return a, err
	}
	return a, checkTime(s.lang, "at", at)
}

// authorizeOn opens a change made on a civil date: Authorize for action
// and roles, then checkDate of date (field "date").
func (s *Process) authorizeOn(ctx context.Context, a relaciona.Actor, action string, date calendar.Date, roles ...string) (relaciona.Actor, error) {
	a, err := s.Authorize(ctx, a, action, roles...)
	if err != nil {
		return a, err
	}
	return a, checkDate(s.lang, "date", date)
}
