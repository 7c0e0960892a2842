package stakeholder

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// draft records a draft decision facilitated by p5 with p4 taking part,
// affecting stakeholders sts and groups gs, with the impacts given.
func draft(t *testing.T, f *fixture, opened string, sts, gs []string, impacts ...Impact) Decision {
	t.Helper()
	d, err := f.svc.RecordDecision(ctx, actor(5), noon(t, opened), DecisionInput{
		Title: "Cambio del horario de obras", Opened: day(t, opened), Affected: sts, AffectedGroups: gs,
		Facilitator: "p5", Participants: []string{"p4", "p6"}, Options: []string{"Nocturno", "Diurno"}, Impacts: impacts,
	})
	require.NoError(t, err)
	return d
}

func impactOn(st, g string) Impact {
	return Impact{Stakeholder: st, Group: g, Description: "Ruido en la zona", Effect: EffectNegative, Severity: Medium}
}

func consult(st, date string, t *testing.T) Consultation {
	return Consultation{Stakeholder: st, Person: "María Gómez", Date: day(t, date), Said: "Prefiere obras diurnas"}
}

// TestTakeDecisionNeedsConsultationAndImpacts: seed 000 "Logra el
// compromiso de actuar a través de la consulta y la consideración de los
// impactos". A decision is taken only when every affected key stakeholder
// (camara, manage closely, named or in an affected group) was consulted on
// or before the date and every affected stakeholder and group has an
// impact; the refusal names who is missing and writes nothing.
func TestTakeDecisionNeedsConsultationAndImpacts(t *testing.T) {
	take := TakeInput{Date: day(t, "2026-02-10"), Outcome: "Obras diurnas"}
	cases := []struct {
		name     string
		sts, gs  []string
		impacts  []Impact
		consults []Consultation
		field    string
		missing  string // a name the refusal must hold; "" when it is taken
	}{
		{name: "key stakeholder named, not consulted", sts: []string{"camara", "junta"}, impacts: []Impact{impactOn("camara", ""), impactOn("junta", "")},
			consults: []Consultation{consult("junta", "2026-02-05", t)}, field: "consultations", missing: "camara"},
		{name: "key stakeholder in a nested affected group, not consulted", gs: []string{"externos"}, impacts: []Impact{impactOn("", "externos")},
			field: "consultations", missing: "camara"},
		{name: "consulted after the decision does not count", sts: []string{"camara"}, impacts: []Impact{impactOn("camara", "")},
			consults: []Consultation{consult("camara", "2026-02-09", t)}, field: "consultations", missing: "camara"},
		{name: "impact missing for a stakeholder", sts: []string{"camara", "junta"}, impacts: []Impact{impactOn("camara", "")},
			consults: []Consultation{consult("camara", "2026-02-05", t)}, field: "impacts", missing: "junta"},
		{name: "impact missing for a group", sts: []string{"camara"}, gs: []string{"externos"}, impacts: []Impact{impactOn("camara", "")},
			consults: []Consultation{consult("camara", "2026-02-05", t)}, field: "impacts", missing: "grupo externos"},
		{name: "non-key stakeholder need not be consulted", sts: []string{"camara", "junta"}, impacts: []Impact{impactOn("camara", ""), impactOn("junta", "")},
			consults: []Consultation{consult("camara", "2026-02-05", t)}},
		{name: "group with its key member consulted", gs: []string{"externos"}, impacts: []Impact{impactOn("", "externos")},
			consults: []Consultation{consult("camara", "2026-02-10", t)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, testYAML, true)
			d := draft(t, f, "2026-02-02", tc.sts, tc.gs, tc.impacts...)
			assert.Equal(t, DecisionDraft, d.Status)
			if len(tc.consults) > 0 {
				// Consultations of the day after recorded too, to check their date counts.
				d2, err := f.svc.AddConsultation(ctx, actor(5), noon(t, "2026-02-05"), d.ID, tc.consults...)
				require.NoError(t, err)
				assert.Equal(t, DecisionConsulted, d2.Status)
			}
			if tc.name == "consulted after the decision does not count" {
				take.Date = day(t, "2026-02-06")
			} else {
				take.Date = day(t, "2026-02-10")
			}
			before := f.auditLen(t)
			got, err := f.svc.TakeDecision(ctx, actor(5), noon(t, "2026-02-10"), d.ID, take)
			if tc.missing == "" {
				require.NoError(t, err)
				assert.Equal(t, DecisionTaken, got.Status)
				assert.Equal(t, take.Date, got.Decided)
				return
			}
			ve := proctest.Invalid(t, err)
			assert.Equal(t, tc.field, ve.Field)
			assert.Contains(t, ve.Msg, tc.missing)
			assert.Equal(t, before, f.auditLen(t), "a refusal writes nothing")
			cur, err := f.svc.GetDecision(ctx, d.ID)
			require.NoError(t, err)
			assert.NotEqual(t, DecisionTaken, cur.Status)
			assert.Empty(t, f.notices(t, NoticeDecisionFeedbackDue))
		})
	}
}

// TestDecisionEnglishMessage: the refusal is in English with WithLang.
func TestDecisionEnglishMessage(t *testing.T) {
	f := newFixture(t, testYAML, true, WithLang(relaciona.English))
	d := draft(t, f, "2026-02-02", []string{"camara"}, nil, impactOn("camara", ""))
	_, err := f.svc.TakeDecision(ctx, actor(5), noon(t, "2026-02-10"), d.ID, TakeInput{Date: day(t, "2026-02-10"), Outcome: "x"})
	assert.Equal(t, "the affected key stakeholders must be consulted first: camara", proctest.Invalid(t, err).Msg)
}

// TestDecisionLog: seed 000 "Nivel 5": "Facilita los procesos de toma de
// decisiones empresariales". Level 5 records, the facilitator must be
// level 5 in the directory, participants must be in the directory, options
// and participants are needed to take it, and a decision taken does not
// change.
func TestDecisionLog(t *testing.T) {
	f := newFixture(t, testYAML, true)
	in := DecisionInput{Title: "Horario", Opened: day(t, "2026-02-02"), Affected: []string{"junta"}, Facilitator: "p5",
		Participants: []string{"p4"}, Options: []string{"A", "B"}, Impacts: []Impact{impactOn("junta", "")}}
	before := f.auditLen(t)
	_, err := f.svc.RecordDecision(ctx, actor(4), noon(t, "2026-02-02"), in)
	var fe *relaciona.ForbiddenError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, 5, fe.NeedLevel)
	assert.Equal(t, before, f.auditLen(t))

	bad := in
	bad.Facilitator = "p4"
	_, err = f.svc.RecordDecision(ctx, actor(5), noon(t, "2026-02-02"), bad)
	assert.Equal(t, "facilitator", proctest.Invalid(t, err).Field, "the facilitator needs level 5")
	bad = in
	bad.Participants = []string{"p4", "nadie"}
	_, err = f.svc.RecordDecision(ctx, actor(5), noon(t, "2026-02-02"), bad)
	assert.Equal(t, "participants[1]", proctest.Invalid(t, err).Field, "participants come from the directory")
	bad = in
	bad.Affected = []string{"nadie"}
	_, err = f.svc.RecordDecision(ctx, actor(5), noon(t, "2026-02-02"), bad)
	assert.Equal(t, "affected[0]", proctest.Invalid(t, err).Field)
	bad = in
	bad.Impacts = []Impact{impactOn("camara", "")}
	_, err = f.svc.RecordDecision(ctx, actor(5), noon(t, "2026-02-02"), bad)
	assert.Equal(t, "impacts[0].stakeholder", proctest.Invalid(t, err).Field, "an impact is on an affected stakeholder")

	noOpts := in
	noOpts.Options = nil
	d, err := f.svc.RecordDecision(ctx, actor(5), noon(t, "2026-02-02"), noOpts)
	require.NoError(t, err)
	assert.Regexp(t, `^DEC-20260202-\d{4}$`, d.ID)
	_, err = f.svc.TakeDecision(ctx, actor(5), noon(t, "2026-02-03"), d.ID, TakeInput{Date: day(t, "2026-02-03"), Outcome: "A"})
	assert.Equal(t, "options", proctest.Invalid(t, err).Field)
	noOpts.ID, noOpts.Options, noOpts.Participants = d.ID, []string{"A"}, nil
	_, err = f.svc.RecordDecision(ctx, actor(5), noon(t, "2026-02-02"), noOpts)
	require.NoError(t, err)
	_, err = f.svc.TakeDecision(ctx, actor(5), noon(t, "2026-02-03"), d.ID, TakeInput{Date: day(t, "2026-02-03"), Outcome: "A"})
	assert.Equal(t, "participants", proctest.Invalid(t, err).Field)

	in.ID = d.ID
	_, err = f.svc.RecordDecision(ctx, actor(5), noon(t, "2026-02-02"), in)
	require.NoError(t, err)
	got, err := f.svc.TakeDecision(ctx, actor(5), noon(t, "2026-02-03"), d.ID, TakeInput{Date: day(t, "2026-02-03"), Outcome: "A"})
	require.NoError(t, err)
	assert.Equal(t, "p5", got.Facilitator)
	assert.Equal(t, []string{"p4"}, got.Participants)
	assert.Equal(t, "A", got.Outcome)
	_, err = f.svc.RecordDecision(ctx, actor(5), noon(t, "2026-02-04"), in)
	assert.Equal(t, "id", proctest.Invalid(t, err).Field, "a decision taken does not change")
	_, err = f.svc.AddConsultation(ctx, actor(5), noon(t, "2026-02-04"), d.ID, consult("junta", "2026-02-04", t))
	assert.Equal(t, "id", proctest.Invalid(t, err).Field, "nor takes consultations")
	assert.Equal(t, "stakeholder.take_decision", f.lastAudit(t).Action)
}

// TestDecisionFeedback: seed 000 "Nivel 5": "Proporciona retroalimentación
// informada para evaluar y promover la comprensión". Taking a decision
// owes each stakeholder consulted feedback and notifies its contact point
// (camara: p6) or else the facilitator (junta and vecina: p5, in one
// notice) in the same batch;
// RecordDecisionFeedback (level 5) marks it given, once.
func TestDecisionFeedback(t *testing.T) {
	f := newFixture(t, testYAML, true)
	d := draft(t, f, "2026-02-02", []string{"camara", "junta"}, nil, impactOn("camara", ""), impactOn("junta", ""))
	_, err := f.svc.AddConsultation(ctx, actor(5), noon(t, "2026-02-04"), d.ID, consult("camara", "2026-02-04", t), consult("junta", "2026-02-04", t),
		Consultation{Person: "Ingeniero externo", Date: day(t, "2026-02-04"), Said: "Viable"}, consult("vecina", "2026-02-04", t))
	require.NoError(t, err)
	got, err := f.svc.TakeDecision(ctx, actor(5), noon(t, "2026-02-10"), d.ID, TakeInput{Date: day(t, "2026-02-10"), Outcome: "Obras diurnas"})
	require.NoError(t, err)
	owed, given := got.FeedbackOwed()
	assert.Equal(t, 3, owed, "one per stakeholder consulted")
	assert.Equal(t, 0, given)
	ns := f.notices(t, NoticeDecisionFeedbackDue)
	require.Len(t, ns, 2)
	to := map[string]string{}
	for _, n := range ns {
		to[n.Fields["stakeholder"]] = n.To.Person
		assert.Equal(t, "2026-02-24", n.Due, "10 business days after 2026-02-10")
		k, ok := relaciona.LookupNoticeKind(n.Kind)
		require.True(t, ok)
		for field := range n.Fields {
			if field != "record" {
				assert.Contains(t, k.Fields, field)
			}
		}
	}
	assert.Equal(t, map[string]string{"camara": "p6", "junta, vecina": "p5"}, to, "one notice per person, naming whom to tell")

	g := FeedbackGiven{Date: day(t, "2026-02-12"), Channel: "meeting", Note: "Se explicó el resultado"}
	_, err = f.svc.RecordDecisionFeedback(ctx, actor(4), noon(t, "2026-02-12"), d.ID, "camara", g)
	var fe *relaciona.ForbiddenError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, 5, fe.NeedLevel)
	_, err = f.svc.RecordDecisionFeedback(ctx, actor(5), noon(t, "2026-02-12"), d.ID, "nadie", g)
	assert.Equal(t, "stakeholder", proctest.Invalid(t, err).Field, "only those consulted are owed feedback")
	got, err = f.svc.RecordDecisionFeedback(ctx, actor(5), noon(t, "2026-02-12"), d.ID, "camara", g)
	require.NoError(t, err)
	owed, given = got.FeedbackOwed()
	assert.Equal(t, [2]int{3, 1}, [2]int{owed, given})
	_, err = f.svc.RecordDecisionFeedback(ctx, actor(5), noon(t, "2026-02-13"), d.ID, "camara", g)
	assert.Equal(t, "stakeholder", proctest.Invalid(t, err).Field, "given once")
	g.Date = day(t, "2026-02-09")
	_, err = f.svc.RecordDecisionFeedback(ctx, actor(5), noon(t, "2026-02-13"), d.ID, "junta", g)
	assert.Equal(t, "date", proctest.Invalid(t, err).Field, "not before the decision")
}

// TestFeedbackBeforeTakenRefused: no feedback is owed on a draft.
func TestFeedbackBeforeTakenRefused(t *testing.T) {
	f := newFixture(t, testYAML, true)
	d := draft(t, f, "2026-02-02", []string{"junta"}, nil, impactOn("junta", ""))
	_, err := f.svc.AddConsultation(ctx, actor(5), noon(t, "2026-02-04"), d.ID, consult("junta", "2026-02-04", t))
	require.NoError(t, err)
	_, err = f.svc.RecordDecisionFeedback(ctx, actor(5), noon(t, "2026-02-12"), d.ID, "junta", FeedbackGiven{Date: day(t, "2026-02-12"), Channel: "meeting"})
	assert.Equal(t, "id", proctest.Invalid(t, err).Field)
}

// TestDecisionsSearch: Decisions finds by stakeholder (affected or
// consulted), by group (an affected group nested in it counts), by date
// range and by status.
func TestDecisionsSearch(t *testing.T) {
	f := newFixture(t, testYAML, true)
	a := draft(t, f, "2026-02-02", []string{"junta"}, nil, impactOn("junta", ""))
	b := draft(t, f, "2026-03-02", nil, []string{"gremios"}, impactOn("", "gremios"))
	_, err := f.svc.AddConsultation(ctx, actor(5), noon(t, "2026-03-03"), b.ID, consult("camara", "2026-03-03", t))
	require.NoError(t, err)
	_, err = f.svc.TakeDecision(ctx, actor(5), noon(t, "2026-03-04"), b.ID, TakeInput{Date: day(t, "2026-03-04"), Outcome: "Sí"})
	require.NoError(t, err)
	c := draft(t, f, "2026-04-01", []string{"vecina"}, nil, impactOn("vecina", ""))
	ids := func(q DecisionQuery) []string {
		return idsOf(t, f.svc.Decisions(ctx, q), func(d Decision) string { return d.ID })
	}
	assert.Equal(t, []string{a.ID, b.ID, c.ID}, ids(DecisionQuery{}))
	assert.Equal(t, []string{a.ID}, ids(DecisionQuery{Stakeholder: "junta"}))
	assert.Equal(t, []string{b.ID}, ids(DecisionQuery{Stakeholder: "camara"}), "consulted")
	assert.Equal(t, []string{b.ID}, ids(DecisionQuery{Group: "externos"}), "gremios is nested in externos")
	assert.Empty(t, ids(DecisionQuery{Group: "nada"}))
	assert.Equal(t, []string{b.ID, c.ID}, ids(DecisionQuery{From: day(t, "2026-03-01"), To: day(t, "2026-04-01")}))
	assert.Equal(t, []string{a.ID}, ids(DecisionQuery{To: day(t, "2026-02-28")}))
	assert.Equal(t, []string{b.ID}, ids(DecisionQuery{Status: DecisionTaken}))
	// A decision opened the same day as b, once b is taken (its time
	// moved to the day taken), gets a new id.
	e := draft(t, f, "2026-03-02", []string{"junta"}, nil, impactOn("junta", ""))
	assert.NotEqual(t, b.ID, e.ID)
}

// TestConcurrentConsultationsKeepBoth: two consultations recorded at once
// on the same decision are both kept (the write is under the decision's
// version, and the loser is retried on fresh data).
func TestConcurrentConsultationsKeepBoth(t *testing.T) {
	f := newFixture(t, testYAML, true)
	d := draft(t, f, "2026-02-02", []string{"camara", "junta"}, nil, impactOn("camara", ""), impactOn("junta", ""))
	errs := make(chan error, 2)
	for _, st := range []string{"camara", "junta"} {
		go func() {
			_, err := f.svc.AddConsultation(ctx, actor(5), noon(t, "2026-02-03"), d.ID, consult(st, "2026-02-03", t))
			errs <- err
		}()
	}
	for range 2 {
		require.NoError(t, <-errs)
	}
	got, err := f.svc.GetDecision(ctx, d.ID)
	require.NoError(t, err)
	var sts []string
	for _, c := range got.Consultations {
		sts = append(sts, c.Stakeholder)
	}
	slices.Sort(sts)
	assert.Equal(t, []string{"camara", "junta"}, sts)
}

// TestTwoTakesAtOnce: two facilitators taking the same decision at once:
// one takes it, the other is refused (it is taken already), and the
// feedback notices are written once.
func TestTwoTakesAtOnce(t *testing.T) {
	f := newFixture(t, testYAML, true)
	d := draft(t, f, "2026-02-02", []string{"junta"}, nil, impactOn("junta", ""))
	_, err := f.svc.AddConsultation(ctx, actor(5), noon(t, "2026-02-03"), d.ID, consult("junta", "2026-02-03", t))
	require.NoError(t, err)
	errs := make(chan error, 2)
	for _, lvl := range []int{5, 6} {
		go func() {
			_, err := f.svc.TakeDecision(ctx, actor(lvl), noon(t, "2026-02-04"), d.ID, TakeInput{Date: day(t, "2026-02-04"), Outcome: "A"})
			errs <- err
		}()
	}
	var ok int
	for range 2 {
		if err := <-errs; err == nil {
			ok++
		} else {
			assert.Equal(t, "id", proctest.Invalid(t, err).Field, "taken already")
		}
	}
	assert.Equal(t, 1, ok)
	assert.Len(t, f.notices(t, NoticeDecisionFeedbackDue), 1)
}
