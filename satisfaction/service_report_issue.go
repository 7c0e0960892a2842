package satisfaction

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
)

// The kinds of issued service report (IssuedReport.Kind).
const (
	// ReportStandard is the monthly standard service report of a client
	// (seed 003 §6.8: "Existe un formato estándar para reportar
	// mensualmente niveles de servicio y datos estadísticos a los clientes
	// internos"), issued by Run.
	ReportStandard = "standard"
	// ReportSpecific is a report a client asked for (seed 003 §6.8:
	// "por demanda del cliente se generan reportes más específicos"),
	// issued by IssueSpecificReport.
	ReportSpecific = "specific"
)

// ClaimServiceReport is "one standard service report per client and
// month": the key is "client/YYYY-MM", the holder the IssuedReport.
const ClaimServiceReport = "satisfaction.service_report.month"

const kindIssued = "satisfaction.service_report"

// IssuedReport records a service report issued to a client: which, for
// which months, when, by whom, and the report as issued (Markdown, in the
// process's language, personal data redacted), so what a client received
// can be read back unchanged after the data moves on.
type IssuedReport struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Client string `json:"client" personal:"subject"`
	From   Month  `json:"from"`
	To     Month  `json:"to"`
	// Request is what the client asked for (specific reports).
	Request  string    `json:"request,omitempty" personal:"true"`
	IssuedAt time.Time `json:"issued_at"`
	By       string    `json:"by"`
	Title    string    `json:"title"`
	Markdown string    `json:"markdown"`
}

func newIssuedReports(s *relaciona.Store) *relaciona.Collection[IssuedReport] {
	return relaciona.NewCollection(s, kindIssued, func(v *IssuedReport) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"client": v.Client, "kind": v.Kind}, Time: v.IssuedAt}
	})
}

// standardReportID is the id of client's standard report of month m.
func standardReportID(client string, m Month) string {
	return ReportStandard + "/" + client + "/" + m.String()
}

// FirstBusinessDay returns the first business day of month m in cal: the
// day Run issues the standard service reports of the month before.
func FirstBusinessDay(cal *calendar.Calendar, m Month) calendar.Date {
	d := calendar.Date{Year: m.Year, Month: m.Month, Day: 1}
	for !cal.IsBusinessDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// issueStandardReports, a step of Run, issues on and after the first
// business day of date's month the standard service report of the month
// before to each client that has none yet: in one batch it claims client
// and month (ClaimServiceReport) and stores the IssuedReport. A second Run
// finds the claims and issues nothing. The seed says only "mensualmente";
// the first business day is when the month before is complete.
func (p *Process) issueStandardReports(ctx context.Context, a relaciona.Actor, date calendar.Date, at time.Time) ([]string, error) {
	cur := MonthOf(date)
	if date.Before(FirstBusinessDay(p.cal, cur)) {
		return nil, nil
	}
	clients, err := p.Clients(ctx)
	if err != nil || len(clients) == 0 {
		return nil, err
	}
	m := cur.Add(-1)
	var ids []string
	err = p.store.Update(ctx, a, "satisfaction.service_report.issue", "monthly standard service reports issued", 5, func(b *relaciona.Batch) error {
		ids = ids[:0]
		b.At(at)
		keys := make([]string, len(clients))
		for i, c := range clients {
			keys[i] = c.ID + "/" + m.String()
		}
		issued, err := p.heldClaims(ctx, ClaimServiceReport, keys)
		if err != nil {
			return err
		}
		for i, c := range clients {
			if issued[keys[i]] {
				continue
			}
			r, err := p.buildIssued(ctx, ReportStandard, standardReportID(c.ID, m), c.ID, m, m, a.ID, at)
			if err != nil {
				return err
			}
			p.issued.Put(b, &r, 0)
			b.Claim(ClaimServiceReport, keys[i], relaciona.Ref{Kind: kindIssued, ID: r.ID})
			ids = append(ids, r.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// buildIssued renders the service report of client for the months from
// to to (one section group per month) as issued.
func (p *Process) buildIssued(ctx context.Context, kind, id, client string, from, to Month, by string, at time.Time) (IssuedReport, error) {
	doc, err := p.serviceReportSpan(ctx, client, from, to, p.lang, ReportOptions{Redact: true, Generated: at})
	if err != nil {
		return IssuedReport{}, err
	}
	var md bytes.Buffer
	if err := report.Markdown(&md, doc); err != nil {
		return IssuedReport{}, err
	}
	return IssuedReport{ID: id, Kind: kind, Client: client, From: from, To: to, IssuedAt: at, By: by, Title: doc.Title, Markdown: md.String()}, nil
}

// serviceReportSpan is the service report of client over the months from
// to to: the standard report of one month, or, for several, each month's
// sections one after the other under one title.
func (p *Process) serviceReportSpan(ctx context.Context, client string, from, to Month, lang relaciona.Lang, o ReportOptions) (report.Document, error) {
	if from == to {
		return p.ServiceReport(ctx, client, from, lang, o)
	}
	cl, _, err := p.client(ctx, client)
	if err != nil {
		return report.Document{}, err
	}
	out := p.document(lang.Tf("Informe de servicio — %s — %s a %s", "Service report — %s — %s to %s", cl.Name, monthName(from, lang), monthName(to, lang)), lang, o)
	for m := from; !to.Before(m); m = m.Add(1) {
		doc, err := p.ServiceReport(ctx, client, m, lang, o)
		if err != nil {
			return report.Document{}, err
		}
		for _, s := range doc.Sections {
			s.ID = m.String() + "-" + s.ID
			s.Title = monthName(m, lang) + " — " + s.Title
			s.Blocks = slices.Clone(s.Blocks)
			for i, b := range s.Blocks {
				// Tables and charts carry ids unique in a document: each
				// month's get the month as prefix.
				switch v := b.(type) {
				case report.Table:
					if v.ID != "" {
						v.ID = m.String() + "-" + v.ID
					}
					s.Blocks[i] = v
				case report.Chart:
					if v.ID != "" {
						v.ID = m.String() + "-" + v.ID
					}
					if v.Table != nil && v.Table.ID != "" {
						t := *v.Table
						t.ID = m.String() + "-" + t.ID
						v.Table = &t
					}
					s.Blocks[i] = v
				}
			}
			out.Sections = append(out.Sections, s)
		}
	}
	return out, nil
}

// SpecificReport is a client's demand for a service report of its own
// (seed 003 §6.8): the months it covers and what the client asked.
type SpecificReport struct {
	Client string
	From   Month
	To     Month
	// Request is what the client asked for, in its words (personal data
	// possible: kept in the record, never logged).
	Request string
}

// maxSpecificMonths bounds the span of a specific report.
const maxSpecificMonths = 24

// IssueSpecificReport issues, on a client's demand, a service report over
// the months the client asked for (seed 003 §6.8), and stores it as
// issued (an IssuedReport of kind ReportSpecific). The process manager,
// owner or an executor issues it; the directory decides who holds those
// roles. It returns the report in lang and the record.
func (p *Process) IssueSpecificReport(ctx context.Context, a relaciona.Actor, r SpecificReport, lang relaciona.Lang, at time.Time) (report.Document, IssuedReport, error) {
	a, err := p.authorize(ctx, a, "issue a specific service report", RoleManager, RoleOwner, RoleExecutor)
	if err != nil {
		return report.Document{}, IssuedReport{}, err
	}
	if err := p.checkClient(ctx, "client", r.Client); err != nil {
		return report.Document{}, IssuedReport{}, err
	}
	if err := p.required("request", r.Request); err != nil {
		return report.Document{}, IssuedReport{}, err
	}
	if r.From == (Month{}) || r.To == (Month{}) || r.To.Before(r.From) {
		return report.Document{}, IssuedReport{}, p.invalid("to", "el período va de un mes a otro igual o posterior", "the period runs from a month to the same or a later one")
	}
	if n := (r.To.Year-r.From.Year)*12 + int(r.To.Month-r.From.Month) + 1; n > maxSpecificMonths {
		return report.Document{}, IssuedReport{}, p.invalid("to", "el período abarca %d meses: a lo sumo %d", "the period spans %d months: at most %d", n, maxSpecificMonths)
	}
	if at.IsZero() {
		return report.Document{}, IssuedReport{}, p.invalid("at", "la hora de emisión es obligatoria", "the time of issue is required")
	}
	id := newID("srq", r.Client, r.From.String(), r.To.String(), at.UTC().Format(time.RFC3339Nano))
	rec, err := p.buildIssued(ctx, ReportSpecific, id, r.Client, r.From, r.To, a.ID, at)
	if err != nil {
		return report.Document{}, IssuedReport{}, err
	}
	rec.Request = r.Request
	b := p.store.Begin(a, "satisfaction.service_report.specific", "specific service report issued on the client's demand")
	p.issued.Put(b, &rec, 0)
	if err := p.commit(ctx, b, at); err != nil {
		return report.Document{}, IssuedReport{}, err
	}
	doc, err := p.serviceReportSpan(ctx, r.Client, r.From, r.To, lang, ReportOptions{Generated: at})
	if err != nil {
		return report.Document{}, IssuedReport{}, fmt.Errorf("specific report %s: %w", rec.ID, err)
	}
	return doc, rec, nil
}

// IssuedReports returns the service reports issued to client, oldest
// first. Any team member may read them.
func (p *Process) IssuedReports(ctx context.Context, a relaciona.Actor, client string) ([]IssuedReport, error) {
	if _, err := p.authorize(ctx, a, "read the issued service reports", teamRoles...); err != nil {
		return nil, err
	}
	if err := p.checkClient(ctx, "client", client); err != nil {
		return nil, err
	}
	var out []IssuedReport
	for d, err := range p.issued.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"client": client}}) {
		if err != nil {
			return nil, err
		}
		out = append(out, d.Value)
	}
	return out, nil
}
