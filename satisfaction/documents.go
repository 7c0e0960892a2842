package satisfaction

import (
	"context"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// ProcessDocument is a document of the process (the process description,
// the interview guide, the report format...) with where it is, its version
// and when it was last reviewed (seed 003 §4.2: the owner must "Asegurar
// que esté disponible y actualizada la documentación del proceso"). It is
// due for review ReviewMonths after Reviewed.
type ProcessDocument struct {
	ID           string        `json:"id"`
	Title        string        `json:"title"`
	Location     string        `json:"location"`
	Version      string        `json:"version"`
	Reviewed     calendar.Date `json:"reviewed"`
	ReviewMonths int           `json:"review_months"`
	By           string        `json:"by"`
	At           time.Time     `json:"at"`
	// Notified is the review date the owners were told had passed (Run),
	// zero until then.
	Notified calendar.Date `json:"notified,omitzero"`
}

// NextReview is the date the document falls due for review.
func (d ProcessDocument) NextReview() calendar.Date {
	t := time.Date(d.Reviewed.Year, d.Reviewed.Month+time.Month(d.ReviewMonths), d.Reviewed.Day, 0, 0, 0, 0, time.UTC)
	return calendar.DateOf(t)
}

// Overdue reports whether the document is past its review date on date.
func (d ProcessDocument) Overdue(date calendar.Date) bool { return d.NextReview().Before(date) }

const kindDocument = "satisfaction.document"

// NoticeDocumentReviewDue tells the process owners that a process document
// is past its review date (seed 003 §4.2), once per review date.
const NoticeDocumentReviewDue = "satisfaction.document.review_due"

func (p *Process) documents() *relaciona.Collection[ProcessDocument] {
	return relaciona.NewCollection(p.store, kindDocument, func(v *ProcessDocument) relaciona.Key {
		return relaciona.Key{ID: v.ID}
	})
}

// RegisterDocument registers a process document. Only a process owner may;
// title, location, version and the review date are required; ReviewMonths 0
// takes governance.document_review_months. The id is made from the title
// when empty; an id already registered is an ErrConflict (ReviewDocument
// changes a document).
func (p *Process) RegisterDocument(ctx context.Context, a relaciona.Actor, d ProcessDocument, at time.Time) (ProcessDocument, error) {
	a, err := p.authorize(ctx, a, "register a process document", RoleOwner)
	if err != nil {
		return ProcessDocument{}, err
	}
	for _, f := range [][2]string{{"title", d.Title}, {"location", d.Location}, {"version", d.Version}} {
		if err := p.required(f[0], f[1]); err != nil {
			return ProcessDocument{}, err
		}
	}
	if d.Reviewed.IsZero() {
		return ProcessDocument{}, p.invalid("reviewed", "la fecha de la última revisión es obligatoria", "the date of the last review is required")
	}
	if d.ReviewMonths == 0 {
		d.ReviewMonths = p.cfg.Governance.DocumentReviewMonths
	}
	if d.ReviewMonths < 0 {
		return ProcessDocument{}, p.invalid("review_months", "el intervalo de revisión no puede ser negativo", "the review interval cannot be negative")
	}
	if d.ID == "" {
		d.ID = newID("document", strings.ToLower(strings.TrimSpace(d.Title)))
	}
	d.By, d.At, d.Notified = a.ID, at, calendar.Date{}
	if err := existsConflict(ctx, p, p.documents(), d.ID, "el documento %s ya está registrado", "document %s is already registered", d.ID); err != nil {
		return ProcessDocument{}, err
	}
	return d, insert(ctx, p, a, p.documents(), &d, "satisfaction.document.register", "process document registered", at)
}

// ReviewDocument records a review of a process document: its new version
// (the same if unchanged) and location ("" keeps it) and the review date,
// which starts a new review interval. Only a process owner may.
func (p *Process) ReviewDocument(ctx context.Context, a relaciona.Actor, id, version, location string, on calendar.Date, at time.Time) (ProcessDocument, error) {
	a, err := p.authorize(ctx, a, "review a process document", RoleOwner)
	if err != nil {
		return ProcessDocument{}, err
	}
	doc, err := getKnown(ctx, p, p.documents(), id, "document", "documento desconocido %q", "unknown document %q", id)
	if err != nil {
		return ProcessDocument{}, err
	}
	if err := p.required("version", version); err != nil {
		return ProcessDocument{}, err
	}
	d := doc.Value
	if on.IsZero() || on.Before(d.Reviewed) {
		return ProcessDocument{}, p.invalid("on", "la fecha de revisión es obligatoria y no puede ser anterior a la última (%s)", "the review date is required and cannot be before the last one (%s)", d.Reviewed)
	}
	d.Version, d.Reviewed, d.By, d.At = version, on, a.ID, at
	if location != "" {
		d.Location = location
	}
	b := p.store.Begin(a, "satisfaction.document.review", "process document reviewed")
	p.documents().Put(b, &d, doc.Version)
	return d, p.commit(ctx, b, at)
}

// Documents lists the process documents by title.
func (p *Process) Documents(ctx context.Context) ([]ProcessDocument, error) {
	return process.SortedValues(ctx, p.documents(), relaciona.Filter{}, func(a, b ProcessDocument) int { return strings.Compare(a.Title, b.Title) })
}

// remindDocuments tells the process owners of each document past its
// review date on date (NoticeDocumentReviewDue), once per review date, in
// one batch that records the date told of.
func (p *Process) remindDocuments(ctx context.Context, a relaciona.Actor, date calendar.Date, at time.Time) ([]string, error) {
	var ids []string
	var owners []relaciona.Person
	b := p.store.Begin(a, "satisfaction.document.remind", "owners told of process documents due for review")
	for d, err := range p.documents().Scan(ctx, relaciona.Filter{}) {
		if err != nil {
			return nil, err
		}
		doc := d.Value
		next := doc.NextReview()
		if !doc.Overdue(date) || doc.Notified == next {
			continue
		}
		if owners == nil {
			if owners, err = p.holderStaff(ctx, RoleOwner); err != nil {
				return nil, err
			}
		}
		doc.Notified = next
		p.documents().Put(b, &doc, d.Version)
		process.NotifyStaff(b, Kind, NoticeDocumentReviewDue, relaciona.Ref{Kind: kindDocument, ID: doc.ID}, next, owners,
			map[string]string{"document": doc.Title, "version": doc.Version, "location": doc.Location, "next_review": next.String()})
		ids = append(ids, doc.ID)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return ids, p.commit(ctx, b, at)
}
