package citizen

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// The dates of these tests, on Colombia's 2026 calendar (Mar 23, Apr 2 and
// Apr 3 are holidays): a PQRSD filed on Monday 2026-03-02 has the general
// term of 15 business days due on 2026-03-24.

// ids lists the PQRSD ids in order.
func ids(ps []PQRSD) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

// TestTermOfEachTypeIsStatedAndCited checks art. 13 and 14 of Ley 1755 de
// 2015: a queja, reclamo, sugerencia or denuncia takes the general term
// whatever kind it names (the special kinds are peticiones), unless
// pqrsd.type_terms sets its type's; a petición takes its kind's.
func TestTermOfEachTypeIsStatedAndCited(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		typ  Type
		kind RequestKind
		term int
		want RequestKind
	}{
		{Peticion, KindGeneral, 15, KindGeneral},
		{Peticion, KindDocuments, 10, KindDocuments},
		{Peticion, KindConsultation, 30, KindConsultation},
		{Queja, KindGeneral, 15, KindGeneral},
		{Reclamo, KindDocuments, 15, KindGeneral},
		{Sugerencia, KindConsultation, 15, KindGeneral},
		{Denuncia, KindConsultation, 15, KindGeneral},
	}
	for _, tc := range cases {
		t.Run(string(tc.typ)+"/"+string(tc.kind), func(t *testing.T) {
			assert.Equal(t, tc.term, f.cfg.TermDays(tc.typ, tc.kind))
			p := f.file(t, at("2026-03-02"), func(n *NewPQRSD) { n.Type, n.Kind = tc.typ, tc.kind })
			assert.Equal(t, tc.term, p.Term)
			assert.Equal(t, tc.want, p.Kind, "the kind recorded")
			want, err := f.cal.AddBusinessDays(p.Filed, tc.term)
			require.NoError(t, err)
			assert.Equal(t, want, p.Due)
		})
	}
	t.Run("type_terms sets a type's own term, not a petición's", func(t *testing.T) {
		f.cfg.PQRSD.TypeTerms = map[string]int{"sugerencia": 20}
		t.Cleanup(func() { f.cfg.PQRSD.TypeTerms = nil })
		assert.Equal(t, 20, f.cfg.TermDays(Sugerencia, KindConsultation))
		assert.Equal(t, 15, f.cfg.TermDays(Queja, KindGeneral))
		assert.Equal(t, 30, f.cfg.TermDays(Peticion, KindConsultation))
	})
}

func TestTypeTermsRefusesAPeticionAndBadIncompleteMode(t *testing.T) {
	cases := []struct {
		name, old, new, field string
	}{
		{"type_terms.peticion", "  due_soon_days: 3\n", "  due_soon_days: 3\n  type_terms:\n    peticion: 20\n", "pqrsd.type_terms"},
		{"after_completion", "  due_soon_days: 3\n", "  due_soon_days: 3\n  incomplete:\n    after_completion: pause\n", "pqrsd.incomplete.after_completion"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := brokenCopy(t, tc.old, tc.new)
			_, err := ParseConfig("citizen.yaml", data, relaciona.English)
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Contains(t, err.Error(), "citizen.yaml:")
			assert.Contains(t, err.Error(), tc.field)
		})
	}
	// The Go form, which the schema does not check, refuses it too.
	c := Config{Entity: "X", Channels: []Channel{{ID: "web", Name: "Web", Type: "web"}}}
	c.PQRSD.TypeTerms = map[string]int{"peticion": 20}
	_, err := NewConfig(c, relaciona.English)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "use pqrsd.terms")
}

// TestPetitionsBetweenAuthorities checks art. 30: an authority's petition
// of information or documents takes pqrsd.authority_terms.documents (10),
// not the agency's term for a person's (set to 12 here to tell them apart);
// its other petitions take art. 14's terms; the authority is recorded.
func TestPetitionsBetweenAuthorities(t *testing.T) {
	f := newFixture(t)
	f.cfg.PQRSD.Terms.Documents = 12
	person := f.file(t, at("2026-03-02"), func(n *NewPQRSD) { n.Kind = KindDocuments })
	docs := f.file(t, at("2026-03-02"), func(n *NewPQRSD) { n.Kind, n.Authority = KindDocuments, "  Contraloría Departamental " })
	general := f.file(t, at("2026-03-02"), func(n *NewPQRSD) { n.Authority = "Personería Municipal" })
	consult := f.file(t, at("2026-03-02"), func(n *NewPQRSD) { n.Kind, n.Authority = KindConsultation, "Gobernación" })
	assert.Equal(t, 12, person.Term)
	assert.Empty(t, person.Authority)
	assert.Equal(t, 10, docs.Term, "art. 30: ten days")
	assert.Equal(t, "Contraloría Departamental", docs.Authority)
	want, err := f.cal.AddBusinessDays(docs.Filed, 10)
	require.NoError(t, err)
	assert.Equal(t, want, docs.Due)
	assert.Equal(t, 15, general.Term, "other petitions: art. 14")
	assert.Equal(t, 30, consult.Term)
	got, err := f.s.Get(f.ctx, docs.ID)
	require.NoError(t, err)
	assert.Equal(t, "Contraloría Departamental", got.Authority, "stored")
}

// TestPriorityAttention checks art. 20: a priority PQRSD comes first in the
// staff's lists, the staff are told in the filing's batch, its term stays
// the ordinary one unless pqrsd.priority.term_days caps it, and a reason
// other than journalism needs its supporting note.
func TestPriorityAttention(t *testing.T) {
	f := newFixture(t)
	first := f.file(t, at("2026-03-02"))
	urgent := f.file(t, at("2026-03-03"), func(n *NewPQRSD) {
		n.Priority = &PriorityInput{Reason: PriorityJournalist}
	})
	assert.Equal(t, 15, urgent.Term, "the law orders priority, not a shorter term")
	require.NotNil(t, urgent.Priority)
	assert.Equal(t, d("2026-03-03"), urgent.Priority.Date)

	var open []PQRSD
	for p, err := range f.s.Open(f.ctx) {
		require.NoError(t, err)
		open = append(open, p)
	}
	assert.Equal(t, []string{urgent.ID, first.ID}, ids(open), "priority first, though filed later")
	over, err := f.s.Overdue(f.ctx, d("2026-04-30"))
	require.NoError(t, err)
	assert.Equal(t, []string{urgent.ID, first.ID}, ids(over))
	soon, err := f.s.DueSoon(f.ctx, d("2026-03-23"))
	require.NoError(t, err)
	assert.Equal(t, []string{urgent.ID, first.ID}, ids(soon))

	ns := f.notifications(t, NotifyPQRSDPriority)
	require.Len(t, ns, 1)
	assert.Equal(t, "ana-atencion", ns[0].To.Person)
	assert.Equal(t, urgent.ID, ns[0].About.ID)
	assert.Equal(t, "Journalist exercising the profession", ns[0].Fields["reason"])

	t.Run("a right at risk needs its summary proof", func(t *testing.T) {
		for _, in := range []PriorityInput{{Reason: PriorityFundamentalRight}, {Reason: PriorityImminentDanger, Note: "  "}, {Reason: "vip"}} {
			_, err := f.s.File(f.ctx, clerk, NewPQRSD{Type: Peticion, Channel: "web", Subject: "x", Priority: &in}, at("2026-03-04"))
			ve := proctest.Invalid(t, err, "%v", err)
			assert.Contains(t, ve.Field, "priority")
		}
	})
	t.Run("a cap on the term when the agency sets one", func(t *testing.T) {
		f.cfg.PQRSD.Priority.TermDays = 5
		t.Cleanup(func() { f.cfg.PQRSD.Priority.TermDays = 0 })
		p := f.file(t, at("2026-03-02"), func(n *NewPQRSD) {
			n.Priority = &PriorityInput{Reason: PriorityFundamentalRight, Note: "Historia clínica: tratamiento suspendido"}
		})
		assert.Equal(t, 5, p.Term)
		assert.Equal(t, d("2026-03-09"), p.Due)
	})
}

// TestPrioritiseLater checks that staff give priority after the filing,
// once, telling the staff in the same batch, and that only the
// citizen-service role may.
func TestPrioritiseLater(t *testing.T) {
	f := newFixture(t)
	p := f.file(t, at("2026-03-02"))
	in := PriorityInput{Reason: PriorityImminentDanger, Note: "Riesgo de colapso de vivienda; se remitió a gestión del riesgo"}
	_, err := f.s.Prioritise(f.ctx, lead, p.ID, in, at("2026-03-03"))
	proctest.Forbidden(t, err)
	assert.Empty(t, f.notifications(t, NotifyPQRSDPriority))

	got, err := f.s.Prioritise(f.ctx, clerk, p.ID, in, at("2026-03-03"))
	require.NoError(t, err)
	require.NotNil(t, got.Priority)
	assert.Equal(t, PriorityImminentDanger, got.Priority.Reason)
	assert.Equal(t, clerk.ID, got.Priority.By)
	assert.Len(t, f.notifications(t, NotifyPQRSDPriority), 1)
	_, err = f.s.Prioritise(f.ctx, clerk, p.ID, in, at("2026-03-04"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "once")
	assert.Equal(t, "", Redact(got).Priority.Note, "the note may hold personal data")
}

// TestIncompletePetitionSuspendsTheTermAndResumes checks art. 17: the
// request to complete comes within ten business days of the filing, the
// term stands still from it (no overdue, no due soon), and when the
// petitioner completes it the term runs again with the days it had left
// (resume, the default) or the whole term (restart).
func TestIncompletePetitionSuspendsTheTermAndResumes(t *testing.T) {
	for _, tc := range []struct {
		mode string
		due  string
	}{
		// Requested Fri Mar 6 after 4 days ran: 11 left, from Fri Mar 20.
		{AfterCompletionResume, "2026-04-09"},
		// The whole 15 from Fri Mar 20.
		{AfterCompletionRestart, "2026-04-15"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			f := newFixture(t)
			f.cfg.PQRSD.Incomplete.AfterCompletion = tc.mode
			p := f.file(t, at("2026-03-02"), func(n *NewPQRSD) { n.Requester = Requester{Email: "carmen@example.co"} })
			require.Equal(t, d("2026-03-24"), p.Due)
			inc, err := f.s.RequestCompletion(f.ctx, clerk, p.ID, CompletionInput{What: "Copia del recibo de pago"}, at("2026-03-06"))
			require.NoError(t, err)
			assert.Equal(t, StatusIncomplete, inc.Status)
			assert.Equal(t, d("2026-04-06"), inc.Completion.Deadline, "one month")
			assert.Equal(t, 11, inc.Completion.Left)
			req := f.notifications(t, NotifyCompletionRequest)
			require.Len(t, req, 1, "the citizen is asked in the same batch")
			assert.Equal(t, "carmen@example.co", req[0].To.Email)
			assert.Equal(t, "2026-04-06", req[0].Fields["deadline"])
			assert.Equal(t, "2026-04-06", req[0].Due)

			over, err := f.s.Overdue(f.ctx, d("2026-03-25"))
			require.NoError(t, err)
			assert.Empty(t, over, "a suspended term does not expire")
			soon, err := f.s.DueSoon(f.ctx, d("2026-03-20"))
			require.NoError(t, err)
			assert.Empty(t, soon)
			sum, err := f.s.Run(f.ctx, job, d("2026-03-20"))
			require.NoError(t, err)
			assert.Zero(t, sum.Overdue+sum.DueSoon)

			done, err := f.s.Complete(f.ctx, clerk, p.ID, at("2026-03-20"))
			require.NoError(t, err)
			assert.Equal(t, StatusOpen, done.Status)
			assert.Equal(t, tc.due, done.Due.String())
			assert.Equal(t, 10, done.Completion.Suspended)
			ans, err := f.s.Answer(f.ctx, clerk, p.ID, "Respuesta", at(tc.due))
			require.NoError(t, err)
			assert.True(t, ans.Answer.OnTime)
			assert.Equal(t, 15, ans.Answer.BusinessDays, "the suspended days do not count")
		})
	}
}

func TestRequestToCompleteOnlyWithinTenBusinessDaysAndOnce(t *testing.T) {
	f := newFixture(t)
	late := f.file(t, at("2026-03-02"))
	ok := f.file(t, at("2026-03-02"))
	before := f.audits(t)
	_, err := f.s.RequestCompletion(f.ctx, clerk, late.ID, CompletionInput{What: "Anexo"}, at("2026-03-17"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "11 business days after the filing")
	assert.Contains(t, err.Error(), "within 10")
	_, err = f.s.RequestCompletion(f.ctx, clerk, late.ID, CompletionInput{What: ""}, at("2026-03-16"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "what is missing is said")
	assert.Equal(t, before, f.audits(t))
	_, err = f.s.RequestCompletion(f.ctx, clerk, ok.ID, CompletionInput{What: "Anexo"}, at("2026-03-16"))
	require.NoError(t, err, "the 10th business day")
	again := f.fileIncomplete(t, at("2026-03-02"), "Anexo", at("2026-03-03"))
	_, err = f.s.Complete(f.ctx, clerk, again.ID, at("2026-03-04"))
	require.NoError(t, err)
	_, err = f.s.RequestCompletion(f.ctx, clerk, again.ID, CompletionInput{What: "Otro anexo"}, at("2026-03-05"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "once")
}

// TestTacitWithdrawalByRun checks art. 17: an incomplete petition not
// completed within the month is taken as withdrawn by Run, which tells the
// citizen in the same batch, once; the petitioner's extension asked for in
// time gives one more month; completing after the deadline is refused.
func TestTacitWithdrawalByRun(t *testing.T) {
	f := newFixture(t)
	withEmail := func(n *NewPQRSD) { n.Requester = Requester{Name: "Carmen Ruiz", Email: "carmen@example.co"} }
	p := f.file(t, at("2026-03-02"), withEmail)
	q := f.file(t, at("2026-03-02"), withEmail)
	for _, x := range []PQRSD{p, q} {
		_, err := f.s.RequestCompletion(f.ctx, clerk, x.ID, CompletionInput{What: "Certificado de tradición"}, at("2026-03-06"))
		require.NoError(t, err)
	}
	ext, err := f.s.ExtendCompletion(f.ctx, clerk, q.ID, at("2026-04-06"))
	require.NoError(t, err, "on the deadline, not after")
	assert.Equal(t, d("2026-05-06"), ext.Completion.Deadline)
	_, err = f.s.ExtendCompletion(f.ctx, clerk, q.ID, at("2026-04-07"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "one extension")

	sum, err := f.s.Run(f.ctx, job, d("2026-04-06"))
	require.NoError(t, err)
	assert.Zero(t, sum.TacitWithdrawals, "the deadline day still counts")
	_, err = f.s.Complete(f.ctx, clerk, p.ID, at("2026-04-07"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "completed after the deadline, before Run took it as withdrawn")
	for range 2 {
		sum, err = f.s.Run(f.ctx, job, d("2026-04-07"))
		require.NoError(t, err)
	}
	got, err := f.s.Get(f.ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, StatusWithdrawn, got.Status)
	require.NotNil(t, got.Withdrawal)
	assert.True(t, got.Withdrawal.Tacit)
	assert.Equal(t, d("2026-04-07"), got.Withdrawal.Date)
	ns := f.notifications(t, NotifyTacitWithdrawal)
	require.Len(t, ns, 1, "told once, though Run ran twice")
	assert.Equal(t, "carmen@example.co", ns[0].To.Email)
	assert.Equal(t, map[string]string{"pqrsd": p.ID, "type": "request", "entity": f.cfg.Entity, "deadline": "2026-04-06", "requested": "2026-03-06"}, ns[0].Fields)
	notices, err := f.s.Notices(f.ctx, p.ID)
	require.NoError(t, err)
	assert.Len(t, notices, 2, "the request and the withdrawal")

	still, err := f.s.Get(f.ctx, q.ID)
	require.NoError(t, err)
	assert.Equal(t, StatusIncomplete, still.Status, "extended: one more month")
	_, err = f.s.Complete(f.ctx, clerk, p.ID, at("2026-04-08"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	sum, err = f.s.Run(f.ctx, job, d("2026-05-07"))
	require.NoError(t, err)
	assert.Equal(t, 1, sum.TacitWithdrawals)
	_, err = f.s.ContinueExOfficio(f.ctx, boss, p.ID, "Interés público", at("2026-05-07"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a tacit withdrawal is not continued ex officio")
	closed, err := f.s.Close(f.ctx, clerk, p.ID, at("2026-05-08"))
	require.NoError(t, err, "a withdrawn PQRSD is archived")
	assert.Equal(t, StatusClosed, closed.Status)
}

// TestExpressWithdrawalAndExOfficio checks art. 18: the petitioner
// withdraws at any time; the agency may continue ex officio by a decision
// reasoned on public interest, which the direction takes, telling the
// citizen; the term is the one it had.
func TestExpressWithdrawalAndExOfficio(t *testing.T) {
	f := newFixture(t)
	p := f.file(t, at("2026-03-02"), func(n *NewPQRSD) { n.Requester = Requester{Email: "carmen@example.co"} })
	w, err := f.s.Withdraw(f.ctx, clerk, p.ID, "Ya no lo necesito", at("2026-03-05"))
	require.NoError(t, err)
	assert.Equal(t, StatusWithdrawn, w.Status)
	assert.False(t, w.Withdrawal.Tacit)
	over, err := f.s.Overdue(f.ctx, d("2026-04-30"))
	require.NoError(t, err)
	assert.Empty(t, over, "no term runs for a withdrawn PQRSD")
	_, err = f.s.Answer(f.ctx, clerk, p.ID, "x", at("2026-03-06"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)

	_, err = f.s.ContinueExOfficio(f.ctx, clerk, p.ID, "Afecta a todo el barrio", at("2026-03-06"))
	var fe *relaciona.ForbiddenError
	require.True(t, errors.As(err, &fe), "the direction decides: %v", err)
	_, err = f.s.ContinueExOfficio(f.ctx, boss, p.ID, " ", at("2026-03-06"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a reasoned decision")
	assert.Empty(t, f.notifications(t, NotifyExOfficio))

	c, err := f.s.ContinueExOfficio(f.ctx, boss, p.ID, "La falla de alumbrado afecta a todo el barrio", at("2026-03-06"))
	require.NoError(t, err)
	assert.Equal(t, StatusOpen, c.Status)
	assert.Equal(t, p.Due, c.Due)
	require.NotNil(t, c.Withdrawal.ExOfficio)
	assert.Equal(t, boss.ID, c.Withdrawal.ExOfficio.By)
	ns := f.notifications(t, NotifyExOfficio)
	require.Len(t, ns, 1)
	assert.Equal(t, "La falla de alumbrado afecta a todo el barrio", ns[0].Fields["reason"])
	_, err = f.s.Withdraw(f.ctx, clerk, p.ID, "", at("2026-03-09"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "continued ex officio: a new withdrawal does not end it")
	_, err = f.s.ContinueExOfficio(f.ctx, boss, p.ID, "Otra vez", at("2026-03-10"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "only a withdrawn PQRSD")
}

// TestExtensionAfterASuspensionCountsTheDaysTheTermRan checks that the
// limit of art. 14 parágrafo (twice the initial term) counts the days the
// term ran, not the days it stood still.
func TestExtensionAfterASuspensionCountsTheDaysTheTermRan(t *testing.T) {
	f := newFixture(t)
	p := f.fileIncomplete(t, at("2026-03-02"), "Plano", at("2026-03-06"))
	done, err := f.s.Complete(f.ctx, clerk, p.ID, at("2026-03-20"))
	require.NoError(t, err)
	limit, err := f.cal.AddBusinessDays(p.Filed, 30+done.Completion.Suspended)
	require.NoError(t, err)
	ext, err := f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: limit, Reason: "Visita técnica"}, at("2026-03-25"))
	require.NoError(t, err, "30 business days of term, 10 suspended")
	assert.Equal(t, 30, ext.Extension.NewTerm)
}

// TestLifeChangesNeedTheirRole checks each new change at roles that may
// not make it (refused, nothing written) and at the one it needs.
func TestLifeChangesNeedTheirRole(t *testing.T) {
	f := newFixture(t)
	p := f.file(t, at("2026-03-02"))
	q := f.file(t, at("2026-03-02"))
	actions := []struct {
		name string
		need string
		do   func(a relaciona.Actor) error
	}{
		{"request completion", RoleService, func(a relaciona.Actor) error {
			_, err := f.s.RequestCompletion(f.ctx, a, p.ID, CompletionInput{What: "Anexo"}, at("2026-03-03"))
			return err
		}},
		{"extend completion", RoleService, func(a relaciona.Actor) error {
			_, err := f.s.ExtendCompletion(f.ctx, a, p.ID, at("2026-03-04"))
			return err
		}},
		{"complete", RoleService, func(a relaciona.Actor) error {
			_, err := f.s.Complete(f.ctx, a, p.ID, at("2026-03-05"))
			return err
		}},
		{"withdraw", RoleService, func(a relaciona.Actor) error {
			_, err := f.s.Withdraw(f.ctx, a, q.ID, "", at("2026-03-05"))
			return err
		}},
		{"ex officio", RoleDirection, func(a relaciona.Actor) error {
			_, err := f.s.ContinueExOfficio(f.ctx, a, q.ID, "Interés público", at("2026-03-06"))
			return err
		}},
		{"prioritise", RoleService, func(a relaciona.Actor) error {
			_, err := f.s.Prioritise(f.ctx, a, q.ID, PriorityInput{Reason: PriorityJournalist}, at("2026-03-06"))
			return err
		}},
	}
	for _, act := range actions {
		t.Run(act.name, func(t *testing.T) {
			before := f.audits(t)
			for _, a := range []relaciona.Actor{nobody, lead, boss, clerk} {
				if a.ID == map[string]string{RoleService: clerk.ID, RoleDirection: boss.ID}[act.need] {
					continue
				}
				err := act.do(a)
				var fe *relaciona.ForbiddenError
				require.True(t, errors.As(err, &fe), "%s refused to %s: %v", a.ID, act.name, err)
			}
			assert.Equal(t, before, f.audits(t), "a refusal changes nothing")
			who := clerk
			if act.need == RoleDirection {
				who = boss
			}
			require.NoError(t, act.do(who))
			assert.Greater(t, f.audits(t), before, "an audited write")
		})
	}
}

func TestAddMonth(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2026-03-06", "2026-04-06"}, {"2026-01-31", "2026-02-28"}, {"2028-01-31", "2028-02-29"}, {"2026-12-15", "2027-01-15"}, {"2026-03-31", "2026-04-30"},
	} {
		assert.Equal(t, tc.want, addMonth(d(tc.in)).String(), tc.in)
	}
}

// TestStatsCountSuspendedWithdrawnAndPriority checks that the day counters
// the quarterly report reads follow the new states: an incomplete PQRSD is
// neither pending nor overdue but incomplete, a withdrawn one is counted as
// such, a priority one is counted; and the counters agree with a scan of
// the PQRSD.
func TestStatsCountSuspendedWithdrawnAndPriority(t *testing.T) {
	f := newFixture(t)
	inc := f.file(t, at("2026-03-02"))
	wd := f.file(t, at("2026-03-02"), func(n *NewPQRSD) { n.Type = Queja })
	f.file(t, at("2026-03-02"), func(n *NewPQRSD) { n.Priority = &PriorityInput{Reason: PriorityJournalist} })
	_, err := f.s.RequestCompletion(f.ctx, clerk, inc.ID, CompletionInput{What: "Anexo"}, at("2026-03-03"))
	require.NoError(t, err)
	_, err = f.s.Withdraw(f.ctx, clerk, wd.ID, "", at("2026-03-03"))
	require.NoError(t, err)
	st, err := f.s.PQRSDStats(f.ctx, d("2026-01-01"), d("2026-03-31"), d("2026-03-31"))
	require.NoError(t, err)
	assert.Equal(t, 3, st.Total)
	assert.Equal(t, 1, st.TotalIncomplete)
	assert.Equal(t, 1, st.Incomplete[Peticion])
	assert.Equal(t, 1, st.TotalWithdrawn)
	assert.Equal(t, 1, st.Withdrawn[Queja])
	assert.Equal(t, 1, st.TotalPriority)
	assert.Equal(t, 1, st.TotalOverdue, "only the priority one runs a term: due 2026-03-24")
	assert.Zero(t, st.TotalPending)
	scan, err := f.s.PQRSDStatsScan(f.ctx, d("2026-01-01"), d("2026-03-31"), d("2026-03-31"))
	require.NoError(t, err)
	assert.Equal(t, scan, st)
}

// TestArt17NoticesFollowTheCitizensContact checks the one path of the
// notices of art. 17: a PQRSD from a ticket gets the request to complete
// and the tacit withdrawal as public replies on its ticket and nothing in
// the outbox; an anonymous one gets them recorded, and nothing sent.
func TestArt17NoticesFollowTheCitizensContact(t *testing.T) {
	now := at("2026-03-02")
	f, rec, tk := withDesk(t, &now)
	ticket, p := fileTicket(t, f, tk, relaciona.NewTicket{Queue: "pqrsd", Subject: "Poda de árbol", Body: "El árbol tapa la luminaria",
		Requester: "vecino@example.co", Fields: map[string]string{"pqrsd_type": "peticion"}}, at("2026-03-02"))
	anon := f.file(t, at("2026-03-02"))
	for _, id := range []string{p.ID, anon.ID} {
		_, err := f.s.RequestCompletion(f.ctx, clerk, id, CompletionInput{What: "Dirección exacta"}, at("2026-03-03"))
		require.NoError(t, err)
	}
	require.Len(t, rec.replies[ticket.ID], 1)
	assert.Contains(t, rec.replies[ticket.ID][0], "Dirección exacta")
	sum, err := f.s.Run(f.ctx, job, d("2026-04-06"))
	require.NoError(t, err)
	assert.Equal(t, 2, sum.TacitWithdrawals)
	require.Len(t, rec.replies[ticket.ID], 2)
	assert.Contains(t, rec.replies[ticket.ID][1], "withdrawn")
	assert.Empty(t, f.notifications(t, NotifyCompletionRequest), "no outbox path for a ticket or an anonymous PQRSD")
	assert.Empty(t, f.notifications(t, NotifyTacitWithdrawal))
	ns, err := f.s.Notices(f.ctx, anon.ID)
	require.NoError(t, err)
	require.Len(t, ns, 2)
	for _, n := range ns {
		assert.Equal(t, NoticeRecorded, n.Status)
	}
}

// TestLawSettingsLoadFromTheYAML checks the pqrsd keys of arts. 17, 20 and
// 30: their defaults, values read from the file, and a value out of range
// refused at its line.
func TestLawSettingsLoadFromTheYAML(t *testing.T) {
	cfg, err := LoadConfig(examplePath, relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, 10, cfg.PQRSD.AuthorityTerms.Documents)
	assert.Zero(t, cfg.PQRSD.Priority.TermDays)
	assert.Equal(t, AfterCompletionResume, cfg.PQRSD.Incomplete.AfterCompletion)

	set := "  due_soon_days: 3\n  authority_terms:\n    documents: 8\n  priority:\n    term_days: 5\n  incomplete:\n    after_completion: restart\n"
	cfg, err = ParseConfig("citizen.yaml", brokenCopy(t, "  due_soon_days: 3\n", set), relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, 8, cfg.PQRSD.AuthorityTerms.Documents)
	assert.Equal(t, 5, cfg.PQRSD.Priority.TermDays)
	assert.Equal(t, AfterCompletionRestart, cfg.PQRSD.Incomplete.AfterCompletion)
	assert.Equal(t, 8, cfg.PetitionTerm(Peticion, KindDocuments, true, false))
	assert.Equal(t, 5, cfg.PetitionTerm(Queja, KindGeneral, false, true))
	assert.Equal(t, 15, cfg.PetitionTerm(Queja, KindGeneral, true, false))

	data := brokenCopy(t, "  due_soon_days: 3\n", "  due_soon_days: 3\n  priority:\n    term_days: 120\n")
	_, err = ParseConfig("citizen.yaml", data, relaciona.English)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "pqrsd.priority.term_days")
	assert.Contains(t, err.Error(), "citizen.yaml:")
}

// TestPriorityCapOnASuspendedPetition checks that a cap on the priority
// term given while the term stands still (art. 17) shortens the days left
// when it runs again.
func TestPriorityCapOnASuspendedPetition(t *testing.T) {
	f := newFixture(t)
	f.cfg.PQRSD.Priority.TermDays = 10
	p := f.fileIncomplete(t, at("2026-03-02"), "Anexo", at("2026-03-06")) // 4 days ran, 11 left
	pr, err := f.s.Prioritise(f.ctx, clerk, p.ID, PriorityInput{Reason: PriorityJournalist}, at("2026-03-09"))
	require.NoError(t, err)
	assert.Equal(t, 10, pr.Term)
	assert.Equal(t, 6, pr.Completion.Left)
	done, err := f.s.Complete(f.ctx, clerk, p.ID, at("2026-03-20"))
	require.NoError(t, err)
	want, err := f.cal.AddBusinessDays(d("2026-03-20"), 6)
	require.NoError(t, err)
	assert.Equal(t, want, done.Due)
	ans, err := f.s.Answer(f.ctx, clerk, p.ID, "Respuesta", at(want.String()))
	require.NoError(t, err)
	assert.Equal(t, 10, ans.Answer.BusinessDays)
}

// TestCompletionDeadlineAtMostAMonthAndExtendedByAsMuch checks art. 17's
// "término máximo de un (1) mes" and the extension "hasta por un término
// igual": a shorter deadline is kept and extended by its own length; one
// past the month, or not after the request, is refused.
func TestCompletionDeadlineAtMostAMonthAndExtendedByAsMuch(t *testing.T) {
	f := newFixture(t)
	p := f.file(t, at("2026-03-02"))
	for _, bad := range []string{"2026-04-07", "2026-03-06"} {
		_, err := f.s.RequestCompletion(f.ctx, clerk, p.ID, CompletionInput{What: "Anexo", Deadline: d(bad)}, at("2026-03-06"))
		ve := proctest.Invalid(t, err, "%s: %v", bad, err)
		assert.Equal(t, "deadline", ve.Field)
	}
	inc, err := f.s.RequestCompletion(f.ctx, clerk, p.ID, CompletionInput{What: "Anexo", Deadline: d("2026-03-16")}, at("2026-03-06"))
	require.NoError(t, err)
	assert.Equal(t, d("2026-03-16"), inc.Completion.Deadline)
	ext, err := f.s.ExtendCompletion(f.ctx, clerk, p.ID, at("2026-03-16"))
	require.NoError(t, err)
	assert.Equal(t, d("2026-03-26"), ext.Completion.Deadline, "ten days given, ten more")
	sum, err := f.s.Run(f.ctx, job, d("2026-03-27"))
	require.NoError(t, err)
	assert.Equal(t, 1, sum.TacitWithdrawals)
}
