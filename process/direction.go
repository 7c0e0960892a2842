package process

import (
	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/report"
)

// DirectionLabel says in lang which side of an indicator's target is good,
// for the direction column of a process's indicator tables: "mayor es
// mejor" ("higher is better") or "menor es mejor" ("lower is better"); ""
// for a plain reference line (report.DirectionNone).
func DirectionLabel(d report.Direction, lang relaciona.Lang) string {
	switch d {
	case report.LowerIsBetter:
		return lang.T("menor es mejor", "lower is better")
	case report.HigherIsBetter:
		return lang.T("mayor es mejor", "higher is better")
	}
	return ""
}
