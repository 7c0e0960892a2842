package citizen

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// TestQuarterlyCountersMatchTheRecords runs random PQRSD histories and
// checks that the day counters the quarterly report reads give the same
// figures as a full scan of the PQRSD.
func TestQuarterlyCountersMatchTheRecords(t *testing.T) {
	f := newFixture(t)
	r := rand.New(rand.NewPCG(7, 9))
	types := Types()
	chans := []string{"web", "ventanilla", "telefono", "correo"}
	var ids []string
	day := at("2026-01-05")
	for i := range 120 {
		when := day.Add(time.Duration(i) * 17 * time.Hour)
		p := f.file(t, when, func(n *NewPQRSD) {
			n.Type = types[r.IntN(len(types))]
			n.Kind = RequestKinds()[r.IntN(3)]
			n.Channel = chans[r.IntN(len(chans))]
			if r.IntN(3) == 0 {
				n.Offer = "certificado-residencia"
			}
		})
		ids = append(ids, p.ID)
	}
	for _, id := range ids {
		p, err := f.s.Get(f.ctx, id)
		require.NoError(t, err)
		switch r.IntN(5) {
		case 0:
			ext, _ := f.cal.AddBusinessDays(p.Filed, p.Term+3)
			_, err = f.s.Extend(f.ctx, clerk, id, ExtendInput{NewDue: ext, Reason: "x"}, f.s.startOf(p.Filed).Add(36*time.Hour))
			require.NoError(t, err)
			if r.IntN(2) == 0 {
				_, err = f.s.Answer(f.ctx, clerk, id, "ok", f.s.startOf(ext).Add(10*time.Hour))
				require.NoError(t, err)
			}
		case 1:
			_, err = f.s.Forward(f.ctx, clerk, id, "Otra entidad", "", f.s.startOf(p.Filed.AddDays(r.IntN(12))).Add(10*time.Hour))
			require.NoError(t, err)
		case 2, 3:
			when := f.s.startOf(p.Filed.AddDays(1 + r.IntN(30))).Add(10 * time.Hour)
			_, err = f.s.Answer(f.ctx, clerk, id, "ok", when)
			require.NoError(t, err)
			if r.IntN(2) == 0 {
				_, err = f.s.Close(f.ctx, clerk, id, when.Add(24*time.Hour))
				require.NoError(t, err)
			}
		}
	}
	from, to, err := Quarter(2026, 1)
	require.NoError(t, err)
	fast, err := f.s.PQRSDStats(f.ctx, from, to, d("2026-03-31"))
	require.NoError(t, err)
	slow, err := f.s.PQRSDStatsScan(f.ctx, from, to, d("2026-03-31"))
	require.NoError(t, err)
	assert.Equal(t, slow, fast)
	assert.Positive(t, fast.Total)
	assert.Positive(t, fast.Answered)
	assert.Positive(t, fast.TotalForwarded)
	assert.Equal(t, fast.Total, fast.Answered+fast.TotalForwarded+fast.TotalPending+fast.TotalOverdue)

	// Rebuilding finds nothing to fix; after tampering it restores.
	n, err := f.s.RebuildStats(f.ctx, job, from, to, at("2026-04-01"))
	require.NoError(t, err)
	assert.Zero(t, n)
	doc, err := f.s.stats.Get(f.ctx, "2026-01-05")
	require.NoError(t, err)
	doc.Value.Received = map[string]int{"peticion|web": 999}
	b := f.store.Begin(job, "test.tamper", "simulate a bad restore")
	f.s.stats.Put(b, &doc.Value, doc.Version)
	_, err = b.Commit(f.ctx)
	require.NoError(t, err)
	n, err = f.s.RebuildStats(f.ctx, job, from, to, at("2026-04-01"))
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	fixed, err := f.s.PQRSDStats(f.ctx, from, to, d("2026-03-31"))
	require.NoError(t, err)
	assert.Equal(t, slow, fixed)
}

func TestQuarterBounds(t *testing.T) {
	from, to, err := Quarter(2026, 4)
	require.NoError(t, err)
	assert.Equal(t, "2026-10-01", from.String())
	assert.Equal(t, "2026-12-31", to.String())
	from, to, err = Quarter(2026, 1)
	require.NoError(t, err)
	assert.Equal(t, "2026-01-01", from.String())
	assert.Equal(t, "2026-03-31", to.String())
	_, _, err = Quarter(2026, 5)
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
}

func TestStrategyVersionsAreKeptAsTheyAreSocialisedAndAdjusted(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-12")))
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-12")), "idempotent")
	v1, err := f.s.Strategy(f.ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, StrategyDraft, v1.Status)
	assert.Len(t, v1.Entries, 2)

	_, err = f.s.AdoptStrategy(f.ctx, boss, 1, at("2026-01-13"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "a draft is socialised before it is adopted")
	_, err = f.s.SocialiseStrategy(f.ctx, lead, 1, []string{"hacienda", "planeacion"}, at("2026-01-14"))
	require.NoError(t, err)
	_, err = f.s.ObserveStrategy(f.ctx, lead, 1, "hacienda", "Incluir el canal telefónico para el predial", at("2026-01-15"))
	require.NoError(t, err)

	entries := append([]StrategyEntry(nil), v1.Entries...)
	entries[1].How = append(entries[1].How, "telefono")
	_, err = f.s.DraftStrategy(f.ctx, lead, entries, 1, "", at("2026-01-16"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "an adjustment says why")
	v2, err := f.s.DraftStrategy(f.ctx, lead, entries, 1, "Observación de Hacienda", at("2026-01-16"))
	require.NoError(t, err)
	assert.Equal(t, 2, v2.Version)
	_, err = f.s.SocialiseStrategy(f.ctx, lead, 2, []string{"hacienda"}, at("2026-01-19"))
	require.NoError(t, err)
	f.readyToAdopt(t, 2, at("2026-01-19"))
	_, err = f.s.AdoptStrategy(f.ctx, lead, 2, at("2026-01-20"))
	assert.ErrorIs(t, err, relaciona.ErrForbidden, "the direction adopts")
	_, err = f.s.AdoptStrategy(f.ctx, boss, 2, at("2026-01-20"))
	require.NoError(t, err)

	all, err := f.s.StrategyVersions(f.ctx)
	require.NoError(t, err)
	require.Len(t, all, 2)
	assert.Equal(t, StrategySuperseded, all[0].Status)
	assert.Len(t, all[0].Observations, 1, "the history of version 1 is kept")
	assert.Equal(t, []string{"web", "app", "correo"}, all[0].Entries[1].How, "a version's content never changes")
	assert.Equal(t, StrategyAdopted, all[1].Status)
	cur, err := f.s.Strategy(f.ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, 2, cur.Version)

	_, err = f.s.DraftStrategy(f.ctx, lead, []StrategyEntry{{ID: "x", With: []string{"nadie"}, WhatFor: "y", How: []string{"web"}}}, 0, "", at("2026-01-21"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
}

func TestOfferAdjustmentProposalFromAssessmentsComplaintsCoverageAndFeedback(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.Assess(f.ctx, lead, Assessment{Item: "impuesto-predial", Date: d("2026-03-02"), Compliant: true, Relevance: 5, Quality: 4, Alignment: 5})
	require.NoError(t, err)
	_, err = f.s.Assess(f.ctx, lead, Assessment{Item: "certificado-residencia", Date: d("2026-03-02"), Compliant: false, LegalNote: "Exige un requisito no previsto en la ley", Relevance: 2, Quality: 2, Alignment: 3})
	require.NoError(t, err)
	_, err = f.s.Assess(f.ctx, lead, Assessment{Item: "informacion-contratos", Date: d("2026-03-02"), Compliant: true, Relevance: 5, Quality: 5, Alignment: 5})
	require.NoError(t, err)
	for range 3 {
		f.file(t, at("2026-02-10"), func(n *NewPQRSD) { n.Type = Queja; n.Offer = "informacion-contratos" })
	}
	_, err = f.s.Assess(f.ctx, lead, Assessment{Item: "impuesto-predial", Date: d("2026-03-02"), Relevance: 9})
	assert.ErrorIs(t, err, relaciona.ErrInvalid)

	p, err := f.s.ProposeAdjustment(f.ctx, lead, d("2026-01-01"), d("2026-03-31"), d("2026-04-01"))
	require.NoError(t, err)
	by := map[string]ItemAdjustment{}
	for _, it := range p.Items {
		by[it.Item] = it
	}
	assert.Equal(t, []Action{ActionKeep}, by["impuesto-predial"].Actions)
	assert.Equal(t, []Action{ActionLegal, ActionRationalise, ActionImprove, ActionCoverage, ActionAlignPlanning}, by["certificado-residencia"].Actions,
		"not compliant, low relevance and quality, young digital users prefer web and app (not offered), no planning objective")
	assert.Equal(t, []string{"web", "app"}, by["certificado-residencia"].MissingChannels)
	assert.InDelta(t, 0.5, by["certificado-residencia"].Coverage, 1e-9)
	assert.Equal(t, []Action{ActionImprove}, by["informacion-contratos"].Actions, "3 quejas reach the complaint threshold")
	assert.Equal(t, 3, by["informacion-contratos"].Complaints)
	assert.Equal(t, []Action{ActionNotAssessed}, by["alumbrado-publico"].Actions)

	_, err = f.s.ApproveAdjustment(f.ctx, lead, p.ID, d("2026-04-02"))
	assert.ErrorIs(t, err, relaciona.ErrForbidden)
	ap, err := f.s.ApproveAdjustment(f.ctx, boss, p.ID, d("2026-04-02"))
	require.NoError(t, err)
	assert.Equal(t, ProposalApproved, ap.Status)
}

func TestSpacesRecordParticipantsBySegmentAndFollowCommitments(t *testing.T) {
	f := newFixture(t)
	sp, err := f.s.RecordSpace(f.ctx, lead, Space{ID: "rdc-2026", Kind: SpaceAccountability, Name: "Audiencia pública de rendición de cuentas", Date: d("2026-03-05"),
		Place: "Casa de la cultura", Participants: map[string]int{"mayores-rurales": 23, "jovenes-digitales": 12, "": 40}},
		[]NewCommitment{{Text: "Publicar el informe de PQRSD trimestral", Owner: "atencion", Due: d("2026-04-15")}})
	require.NoError(t, err)
	assert.Equal(t, []string{"rdc-2026/1"}, sp.Commitments)
	_, err = f.s.RecordSpace(f.ctx, lead, Space{ID: "x", Kind: "fiesta", Name: "x", Date: d("2026-03-05")}, nil)
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	_, err = f.s.RecordSpace(f.ctx, lead, Space{ID: "fb", Kind: SpaceFeedback, Name: "Realimentación", Date: d("2026-03-05")}, nil)
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "a feedback space names its dependencies")

	sum, err := f.s.Run(f.ctx, job, d("2026-04-16"))
	require.NoError(t, err)
	assert.Equal(t, 1, sum.NewCommitmentsOverdue)
	c, err := f.s.FollowUpCommitment(f.ctx, lead, "rdc-2026/1", "Publicado en la sede electrónica", CommitmentDone, "Informe publicado", d("2026-04-20"))
	require.NoError(t, err)
	assert.Equal(t, CommitmentDone, c.Status)
	assert.Equal(t, "Informe publicado", c.Result)
	assert.False(t, c.Confirmed, "done, awaiting the participants' confirmation")
	sum, err = f.s.Run(f.ctx, job, d("2026-04-21"))
	require.NoError(t, err)
	assert.Zero(t, sum.CommitmentsOverdue)
}

// TestSpaceCommitmentIsConfirmedByTheParticipantsAndDroppedByItsOwner
// checks the commitments register's rules as citizen uses them: the
// direction (the confirmer when none is named) or a named representative
// confirms; the lead who owns it drops it, with a reason; no one else.
func TestSpaceCommitmentIsConfirmedByTheParticipantsAndDroppedByItsOwner(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.RecordSpace(f.ctx, lead, Space{ID: "rdc", Kind: SpaceAccountability, Name: "Audiencia", Date: d("2026-03-05")},
		[]NewCommitment{
			{Text: "Publicar el informe", Owner: "atencion", Due: d("2026-04-15")},
			{Text: "Abrir la ventanilla los sábados", Owner: "atencion", Due: d("2026-04-15"), Confirmers: []string{"ana-atencion"}},
		})
	require.NoError(t, err)
	cs, err := f.s.Commitments(f.ctx, "rdc")
	require.NoError(t, err)
	require.Len(t, cs, 2)
	assert.Equal(t, []string{"marta-alcaldesa"}, cs[0].Confirmers, "the direction answers for the participants")
	assert.Equal(t, "luis-lider", cs[0].OwnerPerson)

	_, err = f.s.FollowUpCommitment(f.ctx, lead, "rdc/1", "Publicado", CommitmentDone, "Informe en la web", d("2026-04-10"))
	require.NoError(t, err)
	_, err = f.s.ConfirmCommitment(f.ctx, lead, "rdc/1", "", d("2026-04-12"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "its owner does not confirm it")
	_, err = f.s.ConfirmCommitment(f.ctx, relaciona.Actor{ID: "ana-atencion", Roles: []string{RoleDirection}}, "rdc/1", "", d("2026-04-12"))
	require.ErrorIs(t, err, relaciona.ErrForbidden, "a role carried in is not believed")
	c, err := f.s.ConfirmCommitment(f.ctx, relaciona.Actor{ID: "marta-alcaldesa"}, "rdc/1", "conforme", d("2026-04-12"))
	require.NoError(t, err)
	assert.True(t, c.Confirmed)
	assert.Equal(t, CommitmentDone, c.Status)

	// Its owner drops it, and says why.
	_, err = f.s.FollowUpCommitment(f.ctx, lead, "rdc/2", "Sin presupuesto", CommitmentDropped, "", d("2026-04-10"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a drop states its reason")
	c, err = f.s.FollowUpCommitment(f.ctx, lead, "rdc/2", "Sin presupuesto", CommitmentDropped, "El concejo no aprobó el presupuesto", d("2026-04-10"))
	require.NoError(t, err)
	assert.Equal(t, CommitmentDropped, c.Status)
	assert.Equal(t, "El concejo no aprobó el presupuesto", c.Result)
	assert.Equal(t, relaciona.CommitmentUnconfirmed, c.Record.Status)
}

func TestIndicatorsFeedBackIntoTheOffer(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.SetBaseline(f.ctx, lead, Baseline{Indicator: "satisfaccion", Value: 3.9, Date: d("2026-01-15")})
	require.NoError(t, err)
	_, err = f.s.RecordMeasurement(f.ctx, lead, Measurement{Indicator: "satisfaccion", Date: d("2026-03-31"), Value: 3.5})
	require.NoError(t, err)
	_, err = f.s.RecordMeasurement(f.ctx, lead, Measurement{Indicator: "oportunidad", Date: d("2026-03-31"), Value: 1.5})
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "a percent is a fraction")

	// Computed from the PQRSD: one of two answered on time.
	a := f.file(t, at("2026-03-02"))
	b := f.file(t, at("2026-03-02"))
	_, err = f.s.Answer(f.ctx, clerk, a.ID, "ok", at("2026-03-05"))
	require.NoError(t, err)
	_, err = f.s.Answer(f.ctx, clerk, b.ID, "ok", at("2026-04-30"))
	require.NoError(t, err)
	m, err := f.s.MeasurePQRSD(f.ctx, lead, "oportunidad", d("2026-03-01"), d("2026-03-31"), d("2026-04-30"))
	require.NoError(t, err)
	assert.InDelta(t, 0.5, m.Value, 1e-9)
	_, err = f.s.MeasurePQRSD(f.ctx, lead, "satisfaccion", d("2026-03-01"), d("2026-03-31"), d("2026-04-30"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "a manual indicator is not computed")

	sum, err := f.s.Run(f.ctx, job, d("2026-04-30"))
	require.NoError(t, err)
	assert.Equal(t, 3, sum.NewFeedback, "satisfaccion → 1 item; oportunidad below 95 % → 2 items")
	fb, err := f.s.FeedbackList(f.ctx, d("2026-01-01"), d("2026-12-31"))
	require.NoError(t, err)
	items := map[string]bool{}
	for _, x := range fb {
		items[x.Indicator+"→"+x.Item] = true
	}
	assert.Equal(t, map[string]bool{"satisfaccion→certificado-residencia": true, "oportunidad→certificado-residencia": true, "oportunidad→informacion-contratos": true}, items)
	states, err := f.s.Indicators(f.ctx, d("2026-04-30"))
	require.NoError(t, err)
	for _, st := range states {
		if st.Spec.ID == "satisfaccion" {
			require.NotNil(t, st.Better)
			assert.False(t, *st.Better, "3.5 is worse than the 3.9 baseline")
		}
	}
	sum, err = f.s.Run(f.ctx, job, d("2026-04-30"))
	require.NoError(t, err)
	assert.Zero(t, sum.NewFeedback)
}

func TestRunAlertsOverdueAndDueSoonOnceAndIsIdempotent(t *testing.T) {
	f := newFixture(t)
	docs := f.file(t, at("2026-03-13"), func(n *NewPQRSD) { n.Kind = KindDocuments }) // due 2026-03-30
	general := f.file(t, at("2026-03-13"))                                            // due 2026-04-08
	sum, err := f.s.Run(f.ctx, job, d("2026-03-31"))
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Overdue)
	assert.Equal(t, 1, sum.NewOverdue)
	assert.Equal(t, 0, sum.DueSoon)
	before := f.audits(t)
	again, err := f.s.Run(f.ctx, job, d("2026-03-31"))
	require.NoError(t, err)
	assert.Zero(t, again.NewOverdue)
	assert.Equal(t, before, f.audits(t), "a second run on the same date changes nothing")

	sum, err = f.s.Run(f.ctx, job, d("2026-04-06"))
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Overdue)
	assert.Zero(t, sum.NewOverdue, "alerted once")
	assert.Equal(t, 1, sum.NewDueSoon)
	al, err := f.s.Alerts(f.ctx, "", d("2026-03-01"), d("2026-04-30"))
	require.NoError(t, err)
	subjects := map[string]AlertKind{}
	for _, a := range al {
		subjects[a.Subject] = a.Kind
	}
	assert.Equal(t, map[string]AlertKind{docs.ID: AlertOverdue, general.ID: AlertDueSoon}, subjects)
	_, err = f.s.Run(f.ctx, clerk, d("2026-04-06"))
	assert.ErrorIs(t, err, relaciona.ErrForbidden)
}
