package demo

import (
	"context"
	"slices"
	"time"

	"github.com/relaciona/relaciona/citizen"
)

// continueExOfficio is the quarter's continuation ex officio (Ley 1755 de
// 2015, art. 18: the authority may continue a withdrawn petition for public
// interest, by reasoned decision): at the end of each quarter the mayor's
// office continues the first report of wrongdoing (else complaint, else
// any petition) of the quarter its petitioner withdrew expressly, and a
// clerk answers it five business days later when that is still in the
// year. The reports then show, besides the tacit (art. 17) and express
// (art. 18) withdrawals, the petitions continued ex officio.
func (p *citizenDemo) continueExOfficio(ctx context.Context, env *Env, m time.Month) error {
	if m%3 != 0 {
		return nil
	}
	end := env.MonthEnd(m)
	from, to := p.at(env.Day(m-2, 1), 0, 0), p.at(end.AddDays(1), 0, 0)
	withdrawn, _, err := p.svc.List(ctx, from, to, citizen.StatusWithdrawn, "", 1000)
	if err != nil {
		return err
	}
	withdrawn = slices.DeleteFunc(withdrawn, func(q citizen.PQRSD) bool { return q.Withdrawal == nil || q.Withdrawal.Tacit })
	if len(withdrawn) == 0 {
		return nil
	}
	rank := func(t citizen.Type) int {
		switch t {
		case citizen.Denuncia:
			return 0
		case citizen.Queja:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(withdrawn, func(a, b citizen.PQRSD) int {
		if c := rank(a.Type) - rank(b.Type); c != 0 {
			return c
		}
		return a.Filed.Compare(b.Filed)
	})
	q := withdrawn[0]
	reason := env.Lang.T("Los hechos afectan a la comunidad: la alcaldía continúa el trámite de oficio por interés público (resolución motivada)",
		"The facts affect the community: the mayor's office continues the case ex officio for public interest (reasoned resolution)")
	if _, err := p.svc.ContinueExOfficio(ctx, p.mayor, q.ID, reason, p.at(end, 17, 30)); err != nil {
		return err
	}
	env.Count("pqrsd_ex_officio", 1)
	d := p.addBiz(env, end, 5)
	if d.After(env.MonthEnd(time.December)) {
		return nil
	}
	clerk := p.clerks[0]
	p.schedule(d, 10, 0, "answer ex officio", func(ctx context.Context, env *Env, at time.Time) error {
		return p.answer(ctx, env, clerk, q.ID, env.Lang.T("Respuesta de fondo tras la actuación de oficio.", "Answer on the merits after the ex officio action."), at)
	})
	return nil
}
