package citizen

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// examplePath is the example configuration, valid by construction.
var examplePath = filepath.Join("..", "examples", "citizen", "citizen.yaml")

var (
	clerk  = relaciona.Actor{ID: "ana-atencion", Roles: []string{RoleService}}
	lead   = relaciona.Actor{ID: "luis-lider", Roles: []string{RoleLead}}
	boss   = relaciona.Actor{ID: "marta-alcaldesa", Roles: []string{RoleDirection}}
	job    = relaciona.SystemActor()
	nobody = relaciona.Actor{ID: "visitante"}
)

var bogota = mustLoc("America/Bogota")

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// d parses a date of a test table.
var d = proctest.Date

// at is 10:00 in Bogotá on date s.
func at(s string) time.Time {
	x := d(s)
	return time.Date(x.Year, x.Month, x.Day, 10, 0, 0, 0, bogota)
}

type fixture struct {
	ctx   context.Context
	store *relaciona.Store
	cal   *calendar.Calendar
	cfg   *Config
	s     *Process
}

// newFixture opens the example configuration on an in-memory store with
// Colombia's calendar, in Bogotá's time zone.
func newFixture(t testing.TB, opts ...Option) *fixture {
	t.Helper()
	ctx := context.Background()
	cfg, err := LoadConfig(examplePath, relaciona.English)
	require.NoError(t, err)
	store := proctest.MemoryStore(t)
	cal, err := calendar.New(calendar.Colombia, calendar.Options{})
	require.NoError(t, err)
	s, err := New(store, cfg, cal, append([]Option{WithLocation(bogota), WithLang(relaciona.English)}, opts...)...)
	require.NoError(t, err)
	return &fixture{ctx: ctx, store: store, cal: cal, cfg: cfg, s: s}
}

// file files a general petición by the web channel at when.
func (f *fixture) file(t testing.TB, when time.Time, mods ...func(*NewPQRSD)) PQRSD {
	t.Helper()
	n := NewPQRSD{Type: Peticion, Kind: KindGeneral, Channel: "web", Subject: "Solicitud", Description: "Texto de la solicitud", FiledAt: when}
	for _, m := range mods {
		m(&n)
	}
	p, err := f.s.File(f.ctx, clerk, n, when)
	require.NoError(t, err)
	return p
}

// fileIncomplete files a PQRSD on filed (mods change it) and asks the
// petitioner, on asked, to complete it with what (Ley 1755 de 2015, art.
// 17); it returns the PQRSD as filed.
func (f *fixture) fileIncomplete(t testing.TB, filed time.Time, what string, asked time.Time, mods ...func(*NewPQRSD)) PQRSD {
	t.Helper()
	p := f.file(t, filed, mods...)
	_, err := f.s.RequestCompletion(f.ctx, clerk, p.ID, CompletionInput{What: what}, asked)
	require.NoError(t, err)
	return p
}

// fileWithdrawn files a PQRSD on filed (mods change it) that the
// petitioner withdraws, giving no reason, on withdrawn (Ley 1755 de 2015,
// art. 18); it returns the PQRSD as filed.
func (f *fixture) fileWithdrawn(t testing.TB, filed, withdrawn time.Time, mods ...func(*NewPQRSD)) PQRSD {
	t.Helper()
	p := f.file(t, filed, mods...)
	_, err := f.s.Withdraw(f.ctx, clerk, p.ID, "", withdrawn)
	require.NoError(t, err)
	return p
}

// runTakesWithdrawn runs the periodic job on date and requires it to take
// n incomplete PQRSD as tacitly withdrawn.
func (f *fixture) runTakesWithdrawn(t testing.TB, date calendar.Date, n int) {
	t.Helper()
	sum, err := f.s.Run(f.ctx, job, date)
	require.NoError(t, err)
	require.Equal(t, n, sum.TacitWithdrawals)
}

// audits counts the audit entries.
func (f *fixture) audits(t testing.TB) int {
	t.Helper()
	n := 0
	for _, err := range f.store.Audit(f.ctx, 1) {
		require.NoError(t, err)
		n++
	}
	return n
}

// twiceAtOnce runs do twice at the same time, with proctest.Race,
// requires both runs to succeed and returns what each returned.
func twiceAtOnce[T any](t testing.TB, do func() (T, error)) [2]T {
	t.Helper()
	out, errs := proctest.Race(2, func(int) (T, error) { return do() })
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	return [2]T(out)
}
