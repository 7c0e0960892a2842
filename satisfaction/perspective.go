package satisfaction

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
)

// Perspective is one of the four perspectives of Kaplan and Norton's
// balanced scorecard, the "Cuadro de Mando Integral" the seed reports to
// (seed 003 §3.2, §5).
type Perspective string

// The perspectives, in the order the scorecard shows them.
const (
	PerspectiveCustomer  Perspective = "customer"         // cliente
	PerspectiveProcess   Perspective = "internal_process" // procesos internos
	PerspectiveLearning  Perspective = "learning_growth"  // aprendizaje y crecimiento
	PerspectiveFinancial Perspective = "financial"        // financiera / valor público
)

// Perspectives lists the perspectives in order.
func Perspectives() []Perspective {
	return []Perspective{PerspectiveCustomer, PerspectiveProcess, PerspectiveLearning, PerspectiveFinancial}
}

// The indicators of the scorecard, as the perspectives section names them.
const (
	IndicatorCSAT            = "csat"
	IndicatorNPS             = "nps"
	IndicatorCES             = "ces"
	IndicatorCSI             = "csi"           // SatisfactionIndex, 0-100
	IndicatorResponseRate    = "response_rate" // CMI response rate
	IndicatorServiceLevel    = "service_level"
	IndicatorAvailability    = "availability"
	IndicatorComplaints      = "complaints"       // complaints reported in the month
	IndicatorCommitmentsKept = "commitments_kept" // commitments due in the month delivered by their due date
	IndicatorInterviewScore  = "interview_score"  // mean interview score of the year
	IndicatorInterviewCSI    = "interview_csi"    // mean InterviewIndex of the year, 0-100
)

// Indicators lists the indicators in the order the scorecard shows them
// inside a perspective.
func Indicators() []string {
	return []string{IndicatorCSI, IndicatorCSAT, IndicatorNPS, IndicatorCES, IndicatorInterviewCSI, IndicatorInterviewScore, IndicatorComplaints,
		IndicatorServiceLevel, IndicatorAvailability, IndicatorResponseRate, IndicatorCommitmentsKept}
}

// DefaultPerspectives is the documented default mapping of the indicators
// to the perspectives, which the file's perspectives section overrides
// indicator by indicator:
//
//   - customer: how the internal clients see the area — CSI, CSAT, NPS,
//     CES (the effort the client spends), the interview's score and CSI,
//     complaints;
//   - internal process: what the area must run well — service level,
//     availability, the surveys' response rate (the survey process
//     itself);
//   - learning and growth: the improvement cycle (seed 003 §6.7) —
//     commitments kept;
//   - financial / value: none of the process's indicators by default (the
//     seed measures no cost); an agency that counts one maps it here.
var DefaultPerspectives = map[string]Perspective{
	IndicatorCSI: PerspectiveCustomer, IndicatorCSAT: PerspectiveCustomer, IndicatorNPS: PerspectiveCustomer, IndicatorCES: PerspectiveCustomer,
	IndicatorInterviewCSI: PerspectiveCustomer, IndicatorInterviewScore: PerspectiveCustomer, IndicatorComplaints: PerspectiveCustomer,
	IndicatorServiceLevel: PerspectiveProcess, IndicatorAvailability: PerspectiveProcess, IndicatorResponseRate: PerspectiveProcess,
	IndicatorCommitmentsKept: PerspectiveLearning,
}

// perspectiveOf is the perspective of indicator under the file's mapping,
// else the default.
func (c *Config) perspectiveOf(indicator string) Perspective {
	if v, ok := c.Perspectives[indicator]; ok {
		return Perspective(v)
	}
	return DefaultPerspectives[indicator]
}

// checkPerspectives validates the perspectives section: known indicators
// mapped to known perspectives.
func (c *Config) checkPerspectives(k *checker) {
	keys := slices.Sorted(maps.Keys(c.Perspectives))
	names := make([]string, 0, 4)
	for _, p := range Perspectives() {
		names = append(names, string(p))
	}
	for _, ind := range keys {
		if !slices.Contains(Indicators(), ind) {
			k.Add([]any{"perspectives", ind}, "indicador desconocido %q (use %s)", "unknown indicator %q (use %s)", ind, strings.Join(Indicators(), ", "))
		}
		if !slices.Contains(names, c.Perspectives[ind]) {
			k.Add([]any{"perspectives", ind}, "perspectiva desconocida %q (use %s)", "unknown perspective %q (use %s)", c.Perspectives[ind], strings.Join(names, ", "))
		}
	}
}

// Unit is how an indicator's value reads.
type Unit int

// The units.
const (
	UnitShare  Unit = iota // a fraction 0-1, shown as %
	UnitPoints             // NPS points, -100..100
	UnitMean               // a mean on a scale
	UnitIndex              // an index 0-100
	UnitCount              // a count
)

// Indicator is one line of the balanced scorecard: its value in the month,
// its target (nil when not set) and direction, and whether it meets it.
type Indicator struct {
	ID          string
	Perspective Perspective
	Value       Score
	Unit        Unit
	Target      *float64
	Better      report.Direction
	Status      report.Status
}

// PerspectiveGroup is a perspective and its indicators.
type PerspectiveGroup struct {
	Perspective Perspective
	Indicators  []Indicator
}

// Scorecard groups the month's indicators by balanced-scorecard
// perspective, in the order of Perspectives (a perspective with no
// indicator is kept, empty, so the report can say so): the CMI figures of
// c (its Total), the CSI, the complaints reported in the month, the
// commitments due in the month kept, and the interviews of the month's
// year up to the month's end. Each indicator carries its CMI target and
// direction (CES on the side its scale says; complaints lower is better).
func (p *Process) Scorecard(ctx context.Context, c CMI) ([]PerspectiveGroup, error) {
	f := c.Total
	t := p.cfg.CMI.Targets
	hi := report.HigherIsBetter
	extra, err := p.scorecardExtra(ctx, c.Month)
	if err != nil {
		return nil, err
	}
	ind := map[string]Indicator{
		IndicatorCSAT:            {Value: f.CSAT, Unit: UnitShare, Target: t.CSAT, Better: hi},
		IndicatorNPS:             {Value: f.NPS, Unit: UnitPoints, Target: t.NPS, Better: hi},
		IndicatorCES:             {Value: f.CES, Unit: UnitMean, Target: t.CES, Better: p.cesDirection()},
		IndicatorCSI:             {Value: p.CSI(f), Unit: UnitIndex, Target: p.cfg.CSI.Target, Better: hi},
		IndicatorResponseRate:    {Value: f.ResponseRate, Unit: UnitShare, Target: t.ResponseRate, Better: hi},
		IndicatorServiceLevel:    {Value: f.ServiceLevel, Unit: UnitShare, Target: t.ServiceLevel, Better: hi},
		IndicatorAvailability:    {Value: f.Availability, Unit: UnitShare, Target: t.Availability, Better: hi},
		IndicatorComplaints:      {Value: extra.complaints, Unit: UnitCount, Better: report.LowerIsBetter},
		IndicatorCommitmentsKept: {Value: extra.kept, Unit: UnitShare, Better: hi},
		IndicatorInterviewScore:  {Value: extra.interview, Unit: UnitMean, Target: t.InterviewScore, Better: hi},
		IndicatorInterviewCSI:    {Value: extra.interviewCSI, Unit: UnitIndex, Target: p.cfg.CSI.InterviewTarget, Better: hi},
	}
	out := make([]PerspectiveGroup, 0, 4)
	for _, ps := range Perspectives() {
		g := PerspectiveGroup{Perspective: ps}
		for _, id := range Indicators() {
			if p.cfg.perspectiveOf(id) != ps {
				continue
			}
			x := ind[id]
			x.ID, x.Perspective = id, ps
			x.Status = status(x.Value, x.Target, x.Better)
			g.Indicators = append(g.Indicators, x)
		}
		out = append(out, g)
	}
	return out, nil
}

// scorecardFigures are the scorecard's figures beyond the CMI's.
type scorecardFigures struct {
	complaints, kept, interview, interviewCSI Score
}

// scorecardExtra reads the month's complaints and commitments due, and the
// interviews of its year up to its end.
func (p *Process) scorecardExtra(ctx context.Context, m Month) (scorecardFigures, error) {
	var out scorecardFigures
	start, end := p.span(m)
	cs, err := p.complaints.Values(ctx, relaciona.Filter{From: start, To: end})
	if err != nil {
		return out, err
	}
	var n int64
	for _, c := range cs {
		if !c.ReportedAt.Before(start) && c.ReportedAt.Before(end) {
			n++
		}
	}
	out.complaints = Score{N: n, Value: float64(n), Defined: true}
	cms, err := p.commitments.Values(ctx, relaciona.Filter{})
	if err != nil {
		return out, err
	}
	var due, kept int64
	for _, c := range cms {
		if c.Due.Year != m.Year || c.Due.Month != m.Month {
			continue
		}
		due++
		if !c.DeliveredOn.IsZero() && !c.DeliveredOn.After(c.Due) {
			kept++
		}
	}
	if due > 0 {
		out.kept = Score{N: due, Value: float64(kept) / float64(due), Defined: true}
	}
	ivs, err := p.interviews.Values(ctx, relaciona.Filter{Attrs: map[string]string{"year": fmt.Sprint(m.Year)}})
	if err != nil {
		return out, err
	}
	last := calendar.DateOf(end.Add(-1).In(p.loc))
	var sum, isum float64
	var k, ik int64
	for _, iv := range ivs {
		if iv.Date.After(last) {
			continue
		}
		sum += iv.Score
		k++
		if s := InterviewIndex(p.cfg.Interviews.Scale, p.cfg.CSI, iv.Scores); s.Defined {
			isum += s.Value
			ik++
		}
	}
	if k > 0 {
		out.interview = Score{N: k, Value: sum / float64(k), Defined: true}
	}
	if ik > 0 {
		out.interviewCSI = Score{N: ik, Value: isum / float64(ik), Defined: true}
	}
	return out, nil
}
