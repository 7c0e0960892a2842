package report

import (
	"math"
	"time"

	"github.com/relaciona/relaciona"
)

// sampleDoc is a report with every block and every chart kind, used by the
// tests and the examples. Text and numbers come in the language asked for.
func sampleDoc(lang relaciona.Lang) Document {
	L := lang
	months := []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08"}

	bar := Chart{
		ID:          "variacion",
		Title:       L.T("Variación de satisfacción frente al año anterior", "Satisfaction change against last year"),
		Description: L.T("Puntos porcentuales por servicio; los negativos empeoraron.", "Percentage points by service; negatives got worse."),
		Kind:        ChartBar,
		Labels:      []string{"Mesa de ayuda", "Correo", "Red", "Sistemas misionales", "Telefonía"},
		Series: []Series{
			{Name: "2025", Values: []float64{4.5, -2, 7.25, -6.5, 1}},
			{Name: "2026", Values: []float64{6, 3.5, -1.5, -9, 2.75}},
		},
		XLabel: L.T("Servicio", "Service"),
		YLabel: L.T("Puntos", "Points"),
	}
	bar.Table = DataTable(bar, L)

	hbar := Chart{
		ID:     "tiempo-respuesta",
		Title:  L.T("Tiempo medio de respuesta por dependencia", "Mean response time by office"),
		Kind:   ChartHBar,
		Labels: []string{"Secretaría General", "Oficina Jurídica", "Talento Humano", "Planeación", "Atención al Ciudadano", "Hacienda"},
		Series: []Series{{Name: L.T("Días hábiles", "Business days"), Values: []float64{12.5, 18.25, 9, 14, 6.5, 21}}},
		Target: &Target{Value: 15, Label: L.T("Término legal", "Legal term")},
		XLabel: L.T("Dependencia", "Office"),
		YLabel: L.T("Días hábiles", "Business days"),
	}
	hbar.Table = DataTable(hbar, L)

	stacked := Chart{
		ID:     "encuestas",
		Title:  L.T("Respuestas de la encuesta mensual", "Monthly survey answers"),
		Kind:   ChartStacked,
		Labels: months[:6],
		Series: []Series{
			{Name: "1", Values: []float64{3, 2, 4, 1, 2, 1}},
			{Name: "2", Values: []float64{5, 6, 4, 3, 4, 2}},
			{Name: "3", Values: []float64{12, 10, 9, 11, 8, 7}},
			{Name: "4", Values: []float64{30, 28, 35, 33, 36, 40}},
			{Name: "5", Values: []float64{22, 25, 20, 27, 30, 33}},
		},
		ValueKind: KindInt,
		XLabel:    L.T("Mes", "Month"),
		YLabel:    L.T("Respuestas", "Answers"),
	}
	stacked.Table = DataTable(stacked, L)

	line := Chart{
		ID:        "csat",
		Title:     L.T("CSAT mensual por servicio", "Monthly CSAT by service"),
		Kind:      ChartLine,
		Labels:    months,
		ValueKind: KindPercent,
		Series: []Series{
			{Name: "Mesa de ayuda", Values: []float64{0.72, 0.75, 0.74, 0.78, 0.81, 0.8, 0.83, 0.85}},
			{Name: "Correo", Values: []float64{0.65, 0.6, math.NaN(), 0.66, 0.7, 0.72, 0.71, 0.76}},
			{Name: "Red", Values: []float64{0.55, 0.58, 0.62, 0.6, 0.64, 0.69, 0.7, 0.68}},
		},
		Target: &Target{Value: 0.8, Label: L.T("Meta", "Target")},
		XLabel: L.T("Mes", "Month"),
		YLabel: "CSAT",
	}
	line.Table = DataTable(line, L)

	scatter := Chart{
		ID:          "poder-interes",
		Title:       L.T("Matriz de poder e interés", "Power / interest grid"),
		Description: L.T("Cada punto es una parte interesada.", "Each point is a stakeholder."),
		Kind:        ChartScatter,
		Series: []Series{
			{Name: L.T("Internos", "Internal"), Points: []Point{
				{X: 8.5, Y: 9, Label: "Dirección"}, {X: 7, Y: 3, Label: "Sindicato"}, {X: 3, Y: 7.5, Label: "Control Interno"}, {X: 2, Y: 2, Label: "Archivo"},
			}},
			{Name: L.T("Externos", "External"), Points: []Point{
				{X: 9, Y: 8, Label: "Contraloría"}, {X: 6.5, Y: 6.5, Label: "Alcaldía <b>Local</b>"}, {X: 8, Y: 2.5, Label: "Veeduría ciudadana"}, {X: 4, Y: 3.5, Label: "Prensa"}, {X: 1.5, Y: 8.5, Label: "Ministerio"},
			}},
		},
		XRange:    &Range{Min: 0, Max: 10},
		Range:     &Range{Min: 0, Max: 10},
		Quadrants: &Quadrants{X: 5, Y: 5, TopLeft: L.T("Mantener satisfechos", "Keep satisfied"), TopRight: L.T("Gestionar de cerca", "Manage closely"), BottomLeft: L.T("Monitorear", "Monitor"), BottomRight: L.T("Mantener informados", "Keep informed")},
		XLabel:    L.T("Interés", "Interest"),
		YLabel:    L.T("Poder", "Power"),
	}
	scatter.Table = DataTable(scatter, L)

	heat := Chart{
		ID:        "cobertura",
		Title:     L.T("Cobertura de objetivos por alianza", "Objective coverage by alliance"),
		Kind:      ChartHeatmap,
		Labels:    []string{"SENCE", "Cámara de Comercio", "Liceo Técnico", "Fundación Trabajo", "CFT Regional"},
		ValueKind: KindPercent,
		Range:     &Range{Min: 0, Max: 1},
		Series: []Series{
			{Name: L.T("Colocación laboral", "Job placement"), Values: []float64{0.9, 0.6, 0.1, 0.75, 0.3}},
			{Name: L.T("Capacitación", "Training"), Values: []float64{0.8, 0.2, 0.95, 0.4, math.NaN()}},
			{Name: L.T("Intermediación", "Intermediation"), Values: []float64{0.5, 0.85, 0, 0.55, 0.15}},
			{Name: L.T("Emprendimiento", "Entrepreneurship"), Values: []float64{0.05, 0.7, 0.2, 0.35, 0.6}},
		},
		XLabel: L.T("Alianzas", "Alliances"),
		YLabel: L.T("Objetivo", "Objective"),
	}
	heat.Table = DataTable(heat, L)

	empty := Chart{ID: "vacio", Title: L.T("Denuncias por mes", "Reports of wrongdoing by month"), Kind: ChartLine, Labels: months}
	empty.Table = DataTable(empty, L)

	day := func(d int) time.Time { return time.Date(2026, 8, d, 0, 0, 0, 0, time.UTC) }
	overdue := &Table{
		ID:      "vencidas",
		Caption: L.T("PQRSD vencidas", "Overdue PQRSD"),
		Columns: []Column{
			{Name: L.T("Radicado", "Filing")},
			{Name: L.T("Asunto", "Subject")},
			{Name: L.T("Radicada", "Filed"), Kind: KindDate},
			{Name: L.T("Días de atraso", "Days late"), Kind: KindInt},
			{Name: L.T("Avance", "Progress"), Kind: KindPercent},
			{Name: L.T("Costo", "Cost"), Kind: KindFloat},
		},
		Rows: [][]Cell{
			{Text("2026-000123"), Text("Solicitud de copias"), Date(day(3)), Int(4), Percent(0.5), Float(1234.5)},
			{Text("2026-000187"), Text(`<script>alert("x")</script>`), Date(day(5)), Int(12), Percent(0), Float(-0.004)},
			{Text("2026-000201"), Text("=HYPERLINK(\"http://evil\")"), Empty(), Int(1), Percent(math.NaN()), Float(math.Inf(1))},
		},
	}

	return Document{
		Title:     L.T("Informe de relacionamiento", "Relationship report"),
		Subtitle:  L.T("Agencia de ejemplo · agosto de 2026", "Sample agency · August 2026"),
		Lang:      L,
		Generated: time.Date(2026, 8, 31, 17, 30, 0, 0, time.UTC),
		Sections: []Section{
			{ID: "resumen", Title: L.T("Resumen", "Summary"), Blocks: []Block{
				KeyFigures{Items: []KeyFigure{
					{Label: L.T("PQRSD recibidas", "PQRSD received"), Value: Int(12345), Note: L.T("+8 % frente a julio", "+8% on July")},
					{Label: L.T("Respondidas a tiempo", "Answered on time"), Value: Percent(0.875), Status: StatusGood, Note: L.T("meta: 85 %", "target: 85%")},
					{Label: L.T("Vencidas", "Overdue"), Value: Int(23), Status: StatusBad},
					{Label: "CSAT", Value: Percent(0.784), Status: StatusWarn, Note: L.T("meta: 80 %", "target: 80%")},
					{Label: "NPS", Value: FloatN(32.5, 1)},
				}},
				Paragraph{Text: L.T("Este informe resume la relación con la ciudadanía y los aliados durante el periodo.", "This report sums up the relationship with citizens and partners over the period.")},
				Note{Kind: NoteWarning, Text: L.T("Hay 23 PQRSD vencidas: revisar antes del cierre del mes.", "23 PQRSD are overdue: review them before month end.")},
			}},
			{ID: "satisfaccion", Title: L.T("Satisfacción", "Satisfaction"), Blocks: []Block{line, stacked, bar}},
			{ID: "pqrsd", Title: "PQRSD", Blocks: []Block{hbar, overdue, empty}},
			{ID: "interesados", Title: L.T("Interesados y alianzas", "Stakeholders and alliances"), Blocks: []Block{
				scatter, heat,
				List{Title: L.T("Compromisos", "Commitments"), Items: []ListItem{
					{Text: L.T("Publicar la caracterización", "Publish the characterisation"), Status: StatusGood},
					{Text: L.T("Renegociar convenio con SENCE", "Renegotiate the SENCE agreement"), Status: StatusWarn},
					{Text: L.T("Cerrar quejas de la Red", "Close the network complaints"), Status: StatusBad},
					{Text: L.T("Encuesta anual", "Annual survey")},
				}},
			}},
		},
	}
}
