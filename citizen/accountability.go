package citizen

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// ResultStatus is where an accountability result is.
type ResultStatus string

// The result statuses.
const (
	ResultPlanned    ResultStatus = "planned"
	ResultInProgress ResultStatus = "in_progress"
	ResultDone       ResultStatus = "done"
	ResultDropped    ResultStatus = "dropped"
)

// ResultStatuses lists the result statuses, in order.
func ResultStatuses() []ResultStatus {
	return []ResultStatus{ResultPlanned, ResultInProgress, ResultDone, ResultDropped}
}

const kindResult = "citizen.accountability_result"

// resultIDRE is the shape of a result's id.
var resultIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// AccountabilityResult is one result the agency reports to its value
// groups in accountability ("rendición de cuentas"): what a dependency set
// out to do, its progress and dates, and the accountability space where it
// was reported. The seed names "Espacios de participación y rendición de
// cuentas incidentes en la gestión institucional" among the results of
// the process (seed 002, activity 2); agencies keep these results in a
// spreadsheet, which "relaciona import accountability_results" reads.
type AccountabilityResult struct {
	ID          string        `json:"id"`
	Title       string        `json:"title"`
	Dependency  string        `json:"dependency"`
	Space       string        `json:"space,omitempty"`
	Status      ResultStatus  `json:"status"`
	Progress    float64       `json:"progress"`
	Start       calendar.Date `json:"start,omitzero"`
	End         calendar.Date `json:"end,omitzero"`
	Description string        `json:"description,omitempty"`
	// Recorded is when the result entered the register.
	Recorded calendar.Date `json:"recorded,omitzero"`
}

func (s *Process) results() *relaciona.Collection[AccountabilityResult] {
	return relaciona.NewCollection(s.store, kindResult, func(r *AccountabilityResult) relaciona.Key {
		return relaciona.Key{ID: r.ID, Attrs: map[string]string{"dependency": r.Dependency, "status": string(r.Status)}, Time: process.DateTime(r.Start)}
	})
}

// checkResult is the rule of the register: a result names a dependency
// of the file, a known status and a progress from 0 to 100; it is done
// exactly when its progress is 100 (a result reported done is complete,
// and a complete one is reported done); its end is not before its start;
// and the space it was reported in, when given, is a stored space of kind
// accountability.
func (s *Process) checkResult(ctx context.Context, r *AccountabilityResult) error {
	L := s.lang
	if !resultIDRE.MatchString(r.ID) {
		return invalid(L, "id", "identificador %q no válido", "invalid id %q", r.ID)
	}
	if strings.TrimSpace(r.Title) == "" {
		return invalid(L, "title", "el resultado necesita un título", "the result needs a title")
	}
	if _, ok := s.cfg.DependencyByID(r.Dependency); !ok {
		return invalid(L, "dependency", "dependencia desconocida %q", "unknown dependency %q", r.Dependency)
	}
	switch r.Status {
	case ResultPlanned, ResultInProgress, ResultDone, ResultDropped:
	default:
		return invalid(L, "status", "estado desconocido %q (planned, in_progress, done, dropped)", "unknown status %q (planned, in_progress, done, dropped)", r.Status)
	}
	if r.Progress < 0 || r.Progress > 100 {
		return invalid(L, "progress", "el avance %v está fuera de 0-100", "progress %v is outside 0-100", r.Progress)
	}
	if (r.Status == ResultDone) != (r.Progress == 100) {
		return invalid(L, "progress", "un resultado está cumplido (done) si y solo si su avance es 100 (estado %s, avance %v)", "a result is done if and only if its progress is 100 (status %s, progress %v)", r.Status, r.Progress)
	}
	if !r.End.IsZero() && !r.Start.IsZero() && r.End.Before(r.Start) {
		return invalid(L, "end", "el fin (%s) es anterior al inicio (%s)", "the end (%s) is before the start (%s)", r.End, r.Start)
	}
	if r.Space != "" {
		sp, err := s.spaces.Get(ctx, r.Space)
		if errors.Is(err, relaciona.ErrNotFound) {
			return invalid(L, "space", "espacio desconocido %q", "unknown space %q", r.Space)
		}
		if err != nil {
			return err
		}
		if sp.Value.Kind != SpaceAccountability {
			return invalid(L, "space", "el espacio %q no es de rendición de cuentas (es %s)", "space %q is not an accountability space (it is %s)", r.Space, sp.Value.Kind)
		}
	}
	return nil
}

// RecordResults adds or updates accountability results in one audited
// batch, checked by the register's rule (see AccountabilityResult); one
// invalid result refuses them all. The actor needs the relationship_lead
// role (the directory decides).
func (s *Process) RecordResults(ctx context.Context, a relaciona.Actor, rs []AccountabilityResult, at time.Time) error {
	a, err := s.authorizeAt(ctx, a, "citizen.accountability.record", at, RoleLead)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for i := range rs {
		if err := s.checkResult(ctx, &rs[i]); err != nil {
			return indexed(i, len(rs), err)
		}
		if seen[rs[i].ID] {
			return indexed(i, len(rs), invalid(s.lang, "id", "el resultado %s aparece dos veces", "result %s appears twice", rs[i].ID))
		}
		seen[rs[i].ID] = true
	}
	return s.store.Update(ctx, a, "citizen.accountability.record", fmt.Sprintf("%d accountability results recorded", len(rs)), 3, func(b *relaciona.Batch) error {
		b.At(at)
		_, err := s.putResults(ctx, b, rs, at)
		return err
	})
}

// Results returns the accountability results, by start date.
func (s *Process) Results(ctx context.Context) ([]AccountabilityResult, error) {
	return s.results().Values(ctx, relaciona.Filter{})
}
