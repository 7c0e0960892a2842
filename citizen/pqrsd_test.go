package citizen

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// Colombia 2026: Mar 23 (San José, moved), Apr 2 and 3 (Holy Thursday and
// Good Friday) are holidays.
func TestDueDateCountsFromTheBusinessDayAfterFilingOnTheCalendar(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name  string
		filed time.Time
		typ   Type
		kind  RequestKind
		term  int
		due   string
	}{
		{"general: 15 business days over San José and Holy Week", at("2026-03-13"), Peticion, KindGeneral, 15, "2026-04-08"},
		{"documents and information: 10 business days", at("2026-03-13"), Peticion, KindDocuments, 10, "2026-03-30"},
		{"filed on a Saturday: the term starts on Monday", at("2026-03-14"), Peticion, KindGeneral, 15, "2026-04-08"},
		{"filed late on Friday in Bogotá (Saturday in UTC) is Friday's filing", time.Date(2026, 3, 13, 23, 30, 0, 0, bogota), Queja, KindGeneral, 15, "2026-04-08"},
		{"filed on a holiday (Monday Mar 23): counts from Tuesday", at("2026-03-23"), Peticion, KindDocuments, 10, "2026-04-08"},
		{"queja takes the general term", at("2026-03-13"), Queja, KindGeneral, 15, "2026-04-08"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := f.file(t, tc.filed, func(n *NewPQRSD) { n.Type, n.Kind = tc.typ, tc.kind })
			assert.Equal(t, tc.term, p.Term)
			assert.Equal(t, tc.due, p.Due.String())
			assert.True(t, f.cal.IsBusinessDay(p.Due))
			assert.Equal(t, StatusOpen, p.Status)
		})
	}
	t.Run("consultation: 30 business days, as the calendar counts them", func(t *testing.T) {
		p := f.file(t, at("2026-03-13"), func(n *NewPQRSD) { n.Kind = KindConsultation })
		want, err := f.cal.AddBusinessDays(d("2026-03-13"), 30)
		require.NoError(t, err)
		assert.Equal(t, 30, p.Term)
		assert.Equal(t, want, p.Due)
		n, err := f.cal.BusinessDaysBetween(p.Filed, p.Due)
		require.NoError(t, err)
		assert.Equal(t, 30, n)
	})
}

func TestFilingNumbersAreSequentialPerYear(t *testing.T) {
	f := newFixture(t)
	a := f.file(t, at("2026-03-13"))
	b := f.file(t, at("2026-03-16"))
	c := f.file(t, at("2025-12-30"))
	assert.Equal(t, "PQRSD-2026-000001", a.ID)
	assert.Equal(t, "PQRSD-2026-000002", b.ID)
	assert.Equal(t, "PQRSD-2025-000001", c.ID)
	ps, err := f.s.Import(f.ctx, clerk, []NewPQRSD{
		{Type: Sugerencia, Channel: "ventanilla", Subject: "a", FiledAt: at("2026-03-17")},
		{Type: Denuncia, Channel: "telefono", Subject: "b", FiledAt: at("2026-03-17")},
	}, at("2026-03-17"))
	require.NoError(t, err)
	assert.Equal(t, "PQRSD-2026-000003", ps[0].ID)
	assert.Equal(t, "PQRSD-2026-000004", ps[1].ID)
}

func TestBadFilingsAreRefusedAndChangeNothing(t *testing.T) {
	f := newFixture(t)
	now := at("2026-03-13")
	cases := []struct {
		name  string
		n     NewPQRSD
		field string
	}{
		{"unknown PQRSD type", NewPQRSD{Type: "tutela", Channel: "web", Subject: "x"}, "type"},
		{"unknown request kind", NewPQRSD{Type: Peticion, Kind: "urgente", Channel: "web", Subject: "x"}, "kind"},
		{"unknown channel", NewPQRSD{Type: Peticion, Channel: "fax", Subject: "x"}, "channel"},
		{"unknown offer item", NewPQRSD{Type: Peticion, Channel: "web", Offer: "nada", Subject: "x"}, "offer"},
		{"filing date in the future", NewPQRSD{Type: Peticion, Channel: "web", Subject: "x", FiledAt: now.Add(time.Hour)}, "filed_at"},
		{"nothing said", NewPQRSD{Type: Peticion, Channel: "web"}, "subject"},
		{"lat without long", NewPQRSD{Type: Peticion, Channel: "web", Subject: "x", Location: Location{Lat: ptr(4.6)}}, "location"},
	}
	before := f.audits(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s.File(f.ctx, clerk, tc.n, now)
			require.Error(t, err)
			assert.True(t, errors.Is(err, relaciona.ErrInvalid), "%v", err)
			ve := proctest.Invalid(t, err)
			assert.Equal(t, tc.field, ve.Field)
		})
	}
	assert.Equal(t, before, f.audits(t), "nothing was written")
	n, err := f.s.pqrsd.Count(f.ctx, relaciona.Filter{})
	require.NoError(t, err)
	assert.Zero(t, n)
	_, err = f.s.Import(f.ctx, clerk, []NewPQRSD{{Type: Peticion, Channel: "web", Subject: "ok"}, {Type: "tutela", Channel: "web", Subject: "x"}}, now)
	ve := proctest.Invalid(t, err)
	assert.Equal(t, "[1].type", ve.Field, "a bulk import names the bad entry")
	n, err = f.s.pqrsd.Count(f.ctx, relaciona.Filter{})
	require.NoError(t, err)
	assert.Zero(t, n, "one bad entry refuses the whole import")
}

func TestExtensionOnlyBeforeExpiry(t *testing.T) {
	f := newFixture(t)
	p := f.file(t, at("2026-03-13")) // due 2026-04-08
	later, err := f.cal.AddBusinessDays(p.Filed, 20)
	require.NoError(t, err)
	before := f.audits(t)
	_, err = f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: later, Reason: "Requiere concepto técnico"}, at("2026-04-09"))
	require.Error(t, err)
	assert.True(t, errors.Is(err, relaciona.ErrInvalid))
	assert.Contains(t, err.Error(), "expired")
	assert.Equal(t, before, f.audits(t))
	got, err := f.s.Get(f.ctx, p.ID)
	require.NoError(t, err)
	assert.Nil(t, got.Extension)
	assert.Equal(t, p.Due, got.Due)

	ext, err := f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: later, Reason: "Requiere concepto técnico"}, at("2026-04-08"))
	require.NoError(t, err, "on the due date the term has not expired yet")
	assert.Equal(t, later, ext.Due)
	assert.Equal(t, d("2026-04-08"), ext.Extension.PreviousDue)
	assert.Equal(t, 20, ext.Extension.NewTerm)
}

func TestExtensionAtMostTwiceTheInitialTerm(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		kind      RequestKind
		days      int
		permitted bool
	}{
		{KindGeneral, 30, true}, {KindGeneral, 31, false},
		{KindDocuments, 20, true}, {KindDocuments, 21, false},
		{KindConsultation, 60, true}, {KindConsultation, 61, false},
	} {
		p := f.file(t, at("2026-03-13"), func(n *NewPQRSD) { n.Kind = tc.kind })
		due, err := f.cal.AddBusinessDays(p.Filed, tc.days)
		require.NoError(t, err)
		_, err = f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: due, Reason: "Volumen de información"}, at("2026-03-20"))
		if tc.permitted {
			assert.NoError(t, err, "%s %d", tc.kind, tc.days)
			continue
		}
		require.Error(t, err, "%s %d", tc.kind, tc.days)
		assert.Contains(t, err.Error(), "twice the initial term")
		got, err := f.s.Get(f.ctx, p.ID)
		require.NoError(t, err)
		assert.Nil(t, got.Extension, "nothing changed")
	}
}

func TestExtensionNeedsAReasonALaterBusinessDayAndHappensOnce(t *testing.T) {
	f := newFixture(t)
	p := f.file(t, at("2026-03-13"))
	cases := []struct {
		name string
		in   ExtendInput
		msg  string
	}{
		{"no reason", ExtendInput{NewDue: d("2026-04-20")}, "reason"},
		{"not later", ExtendInput{NewDue: d("2026-04-08"), Reason: "x"}, "must be after"},
		{"not a business day", ExtendInput{NewDue: d("2026-04-18"), Reason: "x"}, "not a business day"},
	}
	for _, tc := range cases {
		_, err := f.s.Extend(f.ctx, clerk, p.ID, tc.in, at("2026-03-20"))
		require.Error(t, err, tc.name)
		assert.Contains(t, err.Error(), tc.msg, tc.name)
	}
	_, err := f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: d("2026-04-20"), Reason: "Consulta a otra dependencia"}, at("2026-03-20"))
	require.NoError(t, err)
	_, err = f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: d("2026-04-21"), Reason: "Otra vez"}, at("2026-03-24"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "one extension")
}

func TestExtensionNotifiesTheCitizen(t *testing.T) {
	f := newFixture(t)
	p := f.file(t, at("2026-03-13"))
	ext, err := f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: d("2026-04-20"), Reason: "Visita técnica pendiente"}, at("2026-03-20"))
	require.NoError(t, err)
	ns, err := f.s.Notices(f.ctx, p.ID)
	require.NoError(t, err)
	require.Len(t, ns, 1)
	n := ns[0]
	assert.Equal(t, ext.Extension.Notice, n.ID)
	assert.Equal(t, NoticeExtension, n.Kind)
	assert.Equal(t, NoticeRecorded, n.Status, "not from the ticket system: recorded for the agency's own channel")
	assert.Equal(t, "web", n.Channel)
	assert.Contains(t, n.Text, "Visita técnica pendiente")
	assert.Contains(t, n.Text, "2026-04-20")
}

func TestAnswerOnTimeAndLate(t *testing.T) {
	f := newFixture(t)
	onDue := f.file(t, at("2026-03-13"))
	late := f.file(t, at("2026-03-13"))
	early := f.file(t, at("2026-03-13"))
	a, err := f.s.Answer(f.ctx, clerk, onDue.ID, "Respuesta", at("2026-04-08"))
	require.NoError(t, err)
	assert.True(t, a.Answer.OnTime)
	assert.Equal(t, 15, a.Answer.BusinessDays)
	assert.Equal(t, StatusAnswered, a.Status)
	b, err := f.s.Answer(f.ctx, clerk, late.ID, "Respuesta", at("2026-04-09"))
	require.NoError(t, err)
	assert.False(t, b.Answer.OnTime)
	assert.Equal(t, 16, b.Answer.BusinessDays)
	c, err := f.s.Answer(f.ctx, clerk, early.ID, "Respuesta", at("2026-03-16"))
	require.NoError(t, err)
	assert.Equal(t, 1, c.Answer.BusinessDays)
	_, err = f.s.Answer(f.ctx, clerk, early.ID, "Otra", at("2026-03-17"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "answered once")
}

func TestExtendedPQRSDIsOnTimeByItsNewDueDate(t *testing.T) {
	f := newFixture(t)
	p := f.file(t, at("2026-03-13"))
	_, err := f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: d("2026-04-20"), Reason: "Concepto jurídico"}, at("2026-04-01"))
	require.NoError(t, err)
	a, err := f.s.Answer(f.ctx, clerk, p.ID, "Respuesta", at("2026-04-17"))
	require.NoError(t, err)
	assert.True(t, a.Answer.OnTime)
}

func TestForwardingToTheCompetentAuthority(t *testing.T) {
	f := newFixture(t)
	p := f.file(t, at("2026-03-13"))
	q := f.file(t, at("2026-03-13"))
	fw, err := f.s.Forward(f.ctx, clerk, p.ID, "Gobernación del Departamento", "Vías departamentales", at("2026-03-20"))
	require.NoError(t, err)
	assert.Equal(t, StatusForwarded, fw.Status)
	assert.False(t, fw.Forward.Late, "5 business days after the filing")
	fw2, err := f.s.Forward(f.ctx, clerk, q.ID, "Gobernación", "", at("2026-03-24"))
	require.NoError(t, err)
	assert.True(t, fw2.Forward.Late, "6 business days after the filing (Mar 23 is a holiday)")
	ns, err := f.s.Notices(f.ctx, p.ID)
	require.NoError(t, err)
	require.Len(t, ns, 1)
	assert.Contains(t, ns[0].Text, "Gobernación del Departamento")
	_, err = f.s.Forward(f.ctx, clerk, p.ID, "Otra", "", at("2026-03-24"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	_, err = f.s.Answer(f.ctx, clerk, p.ID, "x", at("2026-03-24"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "a forwarded PQRSD is no longer answered here")
}

func TestCloseOnlyAfterAnswerOrForward(t *testing.T) {
	f := newFixture(t)
	p := f.file(t, at("2026-03-13"))
	_, err := f.s.Close(f.ctx, clerk, p.ID, at("2026-03-16"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	_, err = f.s.Answer(f.ctx, clerk, p.ID, "Listo", at("2026-03-16"))
	require.NoError(t, err)
	c, err := f.s.Close(f.ctx, clerk, p.ID, at("2026-03-17"))
	require.NoError(t, err)
	assert.Equal(t, StatusClosed, c.Status)
	assert.Equal(t, d("2026-03-17"), c.Closed)
	_, err = f.s.Close(f.ctx, clerk, p.ID, at("2026-03-18"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
}

func TestDueSoonAndOverdueListsForADate(t *testing.T) {
	f := newFixture(t)
	// Due 2026-04-08 (general) and 2026-03-30 (documents).
	general := f.file(t, at("2026-03-13"))
	docs := f.file(t, at("2026-03-13"), func(n *NewPQRSD) { n.Kind = KindDocuments })
	answered := f.file(t, at("2026-03-13"), func(n *NewPQRSD) { n.Kind = KindDocuments })
	_, err := f.s.Answer(f.ctx, clerk, answered.ID, "ok", at("2026-03-17"))
	require.NoError(t, err)
	ids := func(ps []PQRSD) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	cases := []struct {
		date         string
		soon, overdu []string
	}{
		{"2026-03-20", nil, nil},
		{"2026-03-25", []string{docs.ID}, nil}, // Mar 30 is 3 business days after Mar 25
		{"2026-03-30", []string{docs.ID}, nil}, // due today: still due soon, not overdue
		{"2026-03-31", nil, []string{docs.ID}},
		{"2026-04-06", []string{general.ID}, []string{docs.ID}},
		{"2026-04-09", nil, []string{general.ID, docs.ID}},
	}
	for _, tc := range cases {
		soon, err := f.s.DueSoon(f.ctx, d(tc.date))
		require.NoError(t, err)
		over, err := f.s.Overdue(f.ctx, d(tc.date))
		require.NoError(t, err)
		assert.Equal(t, tc.soon, ids(soon), "due soon on %s", tc.date)
		assert.Equal(t, tc.overdu, ids(over), "overdue on %s", tc.date)
	}
}

// TestPQRSDPermissions checks each PQRSD action at a role that may not
// take it (refused, naming the role, nothing changed) and at the one it
// needs.
func TestPQRSDPermissions(t *testing.T) {
	f := newFixture(t)
	p := f.file(t, at("2026-03-13"))
	q := f.file(t, at("2026-03-13"))
	ext := ExtendInput{NewDue: d("2026-04-20"), Reason: "x"}
	actions := []struct {
		name string
		need string
		do   func(a relaciona.Actor) error
	}{
		{"file", RoleService, func(a relaciona.Actor) error {
			_, err := f.s.File(f.ctx, a, NewPQRSD{Type: Peticion, Channel: "web", Subject: "x"}, at("2026-03-16"))
			return err
		}},
		{"extend", RoleService, func(a relaciona.Actor) error { _, err := f.s.Extend(f.ctx, a, p.ID, ext, at("2026-03-16")); return err }},
		{"forward", RoleService, func(a relaciona.Actor) error {
			_, err := f.s.Forward(f.ctx, a, q.ID, "Otra entidad", "", at("2026-03-16"))
			return err
		}},
		{"answer", RoleService, func(a relaciona.Actor) error {
			_, err := f.s.Answer(f.ctx, a, p.ID, "ok", at("2026-03-17"))
			return err
		}},
		{"close", RoleService, func(a relaciona.Actor) error { _, err := f.s.Close(f.ctx, a, p.ID, at("2026-03-18")); return err }},
	}
	for _, act := range actions {
		t.Run(act.name, func(t *testing.T) {
			before := f.audits(t)
			for _, a := range []relaciona.Actor{nobody, lead, boss} {
				err := act.do(a)
				var fe *relaciona.ForbiddenError
				require.True(t, errors.As(err, &fe), "%s refused to %s: %v", a.ID, act.name, err)
				if a.ID == nobody.ID {
					assert.True(t, fe.NotListed, "not in the directory")
					continue
				}
				assert.Contains(t, fe.NeedRoles, act.need)
			}
			assert.Equal(t, before, f.audits(t), "a refusal changes nothing")
			require.NoError(t, act.do(clerk))
			assert.Greater(t, f.audits(t), before)
		})
	}
	_, err := f.s.File(f.ctx, job, NewPQRSD{Type: Peticion, Channel: "app", Subject: "x"}, at("2026-03-18"))
	assert.NoError(t, err, "the system role files (Open311 intake)")
}

func TestGetUnknownIsNotFound(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.Get(context.Background(), "PQRSD-2026-999999")
	assert.ErrorIs(t, err, relaciona.ErrNotFound)
	_, err = f.s.Answer(f.ctx, clerk, "PQRSD-2026-999999", "x", at("2026-03-16"))
	assert.ErrorIs(t, err, relaciona.ErrNotFound)
}

func TestValidationErrorsAreSpanishByDefault(t *testing.T) {
	f := newFixture(t, WithLang(relaciona.Spanish))
	p := f.file(t, at("2026-03-13"))
	_, err := f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: d("2026-05-29"), Reason: "Carga"}, at("2026-03-16"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "supera el doble del inicial de 15")
	_, err = f.s.File(f.ctx, clerk, NewPQRSD{Type: "tutela", Channel: "web", Subject: "x"}, at("2026-03-16"))
	assert.Contains(t, err.Error(), "tipo de PQRSD desconocido \"tutela\"")
	s, err := New(f.store, f.cfg, f.cal)
	require.NoError(t, err)
	_, err = s.Answer(f.ctx, clerk, p.ID, "", at("2026-03-16"))
	assert.Contains(t, err.Error(), "la respuesta está vacía", "Spanish without WithLang")
}

func TestListWindowIncludesItsLowerBoundAndExcludesItsUpperBound(t *testing.T) {
	f := newFixture(t)
	edge := time.Date(2026, 3, 4, 0, 0, 0, 0, bogota)
	f.file(t, edge.Add(-time.Microsecond))
	on := f.file(t, edge)
	end := f.file(t, edge.Add(time.Hour))
	ps, _, err := f.s.List(f.ctx, edge, edge.Add(time.Hour), "", "", 0)
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.Equal(t, on.ID, ps[0].ID)
	// Pages resume after the cursor.
	all, cur, err := f.s.List(f.ctx, edge.Add(-time.Hour), edge.Add(2*time.Hour), "", "", 2)
	require.NoError(t, err)
	require.Len(t, all, 2)
	rest, _, err := f.s.List(f.ctx, edge.Add(-time.Hour), edge.Add(2*time.Hour), "", cur, 2)
	require.NoError(t, err)
	require.Len(t, rest, 1)
	assert.Equal(t, end.ID, rest[0].ID)
}
