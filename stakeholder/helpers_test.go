package stakeholder

import (
	"context"
	"iter"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// testYAML is a small configuration: a person per level 3 to 7, the
// chain 4 → 7, two nested groups, three stakeholders and two plan items.
const testYAML = `kind: stakeholder
version: 1
name: Prueba
actors:
  - {id: p3, name: Tres, level: 3}
  - {id: p4, name: Cuatro, level: 4}
  - {id: p5, name: Cinco, level: 5}
  - {id: p6, name: Seis, level: 6}
  - {id: p7, name: Siete, level: 7}
escalation:
  chain:
    - {level: 4, owner: p4, limits: {low: 10, medium: 5, high: 3, critical: 1}}
    - {level: 5, owner: p5, limits: {low: 10, medium: 5, high: 2, critical: 1}}
    - {level: 6, owner: p6, limits: {low: 10, medium: 5, high: 2, critical: 1}}
    - {level: 7, owner: p7}
groups:
  - {id: externos, name: Externos}
  - {id: gremios, name: Gremios, parent: externos, needs: [Información trimestral]}
stakeholders:
  - id: camara
    name: Cámara de Comercio
    type: organisation
    groups: [gremios]
    contact_point: p6
    contacts: [{name: María Gómez, email: maria@example.org}]
    assessment: {date: "2026-01-05", power: 5, interest: 5, legitimacy: 5, urgency: 4, current: neutral, desired: leading}
  - id: junta
    name: Junta de Acción Comunal
    type: organisation
    groups: [externos]
    assessment: {date: "2026-01-05", power: 2, interest: 4, current: resistant, desired: supportive}
  - id: vecina
    name: Ana Vecina
    type: person
plan_items:
  - {id: comite, stakeholder: camara, objective: Seguimiento, channel: meeting, frequency: monthly, owner: p4, start: "2026-01-15"}
  - {id: boletin, group: gremios, objective: Informar, channel: email, frequency: every 2 weeks, owner: p4, start: "2026-01-12", end: "2026-06-30"}
`

var ctx = context.Background()

// day parses a date or fails the test.
func day(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	require.NoError(t, err)
	return d
}

// noon is the business time of a date.
func noon(t testing.TB, s string) time.Time {
	d := day(t, s)
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// actor is the test file's person of level (p3 ... p7), carrying the level
// as a caller would claim it (the directory decides, not the claim); 0 is
// the scheduled job.
func actor(level int) relaciona.Actor {
	if level == 0 {
		return relaciona.SystemActor()
	}
	return relaciona.Actor{ID: "p" + string(rune('0'+level)), Level: level}
}

type fixture struct {
	svc   *Process
	store *relaciona.Store
	cal   *calendar.Calendar
}

// testConfig parses testYAML, with messages in Spanish.
func testConfig(t testing.TB) *Config {
	t.Helper()
	cfg, err := ParseConfig("test.yaml", []byte(testYAML), relaciona.Spanish)
	require.NoError(t, err)
	return cfg
}

// newFixture parses yaml, opens an in-memory store and a Colombian
// calendar. With imp, it imports the register and approves the plan.
func newFixture(t testing.TB, yaml string, imp bool, opts ...Option) *fixture {
	t.Helper()
	cfg, err := ParseConfig("test.yaml", []byte(yaml), relaciona.Spanish)
	require.NoError(t, err)
	store := proctest.MemoryStore(t)
	cal, err := calendar.New("CO", calendar.Options{})
	require.NoError(t, err)
	svc, err := New(store, cfg, cal, opts...)
	require.NoError(t, err)
	f := &fixture{svc: svc, store: store, cal: cal}
	if imp {
		_, err := svc.Import(ctx, actor(7), noon(t, "2026-01-05"))
		require.NoError(t, err)
		_, err = svc.ApprovePlan(ctx, actor(6), noon(t, "2026-01-06"))
		require.NoError(t, err)
	}
	return f
}

// idsOf reads seq to its end, failing t on an error, and returns the id
// of each value, in order.
func idsOf[T any](t testing.TB, seq iter.Seq2[T, error], id func(T) string) []string {
	t.Helper()
	var out []string
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, id(v))
	}
	return out
}

// lastAudit returns the newest audit entry.
func (f *fixture) lastAudit(t testing.TB) relaciona.AuditEntry {
	t.Helper()
	var last relaciona.AuditEntry
	for e, err := range f.store.Audit(ctx, 1) {
		require.NoError(t, err)
		last = e
	}
	return last
}

// auditLen counts the audit entries.
func (f *fixture) auditLen(t testing.TB) int64 {
	t.Helper()
	sum, err := f.store.VerifyAudit(ctx)
	require.NoError(t, err)
	return sum.Entries
}
