package citizen

import (
	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/report"
)

// withdrawalColumns are the columns that split the withdrawn PQRSD by the
// article of Ley 1755 de 2015 that ended them (art. 17, tacit: not
// completed in time, decided by Run; art. 18, express: Withdraw) and count
// those continued ex officio for public interest after an express
// withdrawal (art. 18: ContinueExOfficio). Tacit plus express is the
// "Desistidas" figure.
func withdrawalColumns(L relaciona.Lang) []report.Column {
	return []report.Column{
		{Name: L.T("Desistimiento tácito (art. 17)", "Tacit withdrawal (art. 17)"), Kind: report.KindInt},
		{Name: L.T("Desistimiento expreso (art. 18)", "Express withdrawal (art. 18)"), Kind: report.KindInt},
		{Name: L.T("Continuadas de oficio (art. 18)", "Continued ex officio (art. 18)"), Kind: report.KindInt},
	}
}

// withdrawalCells are the cells of withdrawalColumns for the totals of st.
func withdrawalCells(st Stats) []report.Cell {
	return []report.Cell{report.Int(int64(st.TotalTacit)), report.Int(int64(st.TotalExpress)), report.Int(int64(st.TotalExOfficio))}
}

// withdrawalNote is the "Desistidas" key figure's note: the split of the
// figure, and the PQRSD continued ex officio.
func withdrawalNote(L relaciona.Lang, st Stats) string {
	return L.Tf("%d tácito (art. 17), %d expreso (art. 18); %d continuadas de oficio (art. 18)",
		"%d tacit (art. 17), %d express (art. 18); %d continued ex officio (art. 18)", st.TotalTacit, st.TotalExpress, st.TotalExOfficio)
}

// withdrawalTable is the withdrawals of st per PQRSD type, with the total:
// the quarterly report's "desistimientos-por-tipo".
func withdrawalTable(L relaciona.Lang, st Stats) report.Table {
	t := report.Table{ID: "desistimientos-por-tipo", Caption: L.T("Desistimientos y continuación de oficio por tipo (Ley 1755 de 2015, arts. 17 y 18)", "Withdrawals and continuation ex officio by type (Ley 1755 de 2015, arts. 17 and 18)"),
		Columns: append([]report.Column{{Name: L.T("Tipo", "Type")}, {Name: L.T("Desistidas", "Withdrawn"), Kind: report.KindInt}}, withdrawalColumns(L)...)}
	for _, ty := range Types() {
		t.Rows = append(t.Rows, []report.Cell{report.Text(ty.Label(L)), report.Int(int64(st.Withdrawn[ty])),
			report.Int(int64(st.WithdrawnTacit[ty])), report.Int(int64(st.WithdrawnExpress[ty])), report.Int(int64(st.ExOfficio[ty]))})
	}
	t.Total = append([]report.Cell{report.Text(L.T("Total", "Total")), report.Int(int64(st.TotalWithdrawn))}, withdrawalCells(st)...)
	return t
}
