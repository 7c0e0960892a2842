package alliance

import (
	"github.com/relaciona/relaciona/calendar"
)

// Sector is the sector of an organisation of the territory.
type Sector string

// The sectors.
const (
	SectorPublic       Sector = "public"
	SectorPrivate      Sector = "private"
	SectorCivilSociety Sector = "civil_society"
	SectorEducation    Sector = "education"
	SectorHealth       Sector = "health"
	SectorOther        Sector = "other"
)

// Organisation is an organisation of the territory: a current partner or a
// possible one. Every organisation is an entry of the office's territorial
// study (seed 001: "Todas las alianzas y organizaciones son incorporadas al
// registro del Estudio Territorial").
type Organisation struct {
	ID        string   `yaml:"id" json:"id"`
	Name      string   `yaml:"name" json:"name" personal:"no"`
	Sector    Sector   `yaml:"sector" json:"sector,omitempty"`
	Commune   string   `yaml:"commune" json:"commune,omitempty"`
	Resources []string `yaml:"resources" json:"resources,omitempty"`
	Contact   Contact  `yaml:"contact" json:"contact"`
	// Notes are free text about the organisation, which can name its
	// contact or other people: personal data.
	Notes string `yaml:"notes" json:"notes,omitempty" personal:"true"`
	// Added is when the organisation entered the territorial study.
	Added calendar.Date `yaml:"-" json:"added,omitzero"`
}

// Contact is an organisation's contact person. Every field is personal data:
// never logged, never an index key, and blanked by redacted exports.
type Contact struct {
	Name  string `yaml:"name" json:"name,omitempty" personal:"true"`
	Email string `yaml:"email" json:"email,omitempty" personal:"key"`
	Phone string `yaml:"phone" json:"phone,omitempty" personal:"key"`
}

// AllianceKind is the kind of link with a partner (seed 001: "convenios o
// alianzas declarados ... entendimiento mutuo aún sin acuerdos ... algún
// tipo de vínculo, pero no se encuentran operacionalizadas").
type AllianceKind string

// The alliance kinds.
const (
	KindAgreement     AllianceKind = "agreement"     // convenio declarado
	KindUnderstanding AllianceKind = "understanding" // entendimiento mutuo sin acuerdo
	KindLink          AllianceKind = "link"          // vínculo no operacionalizado
)

// Status is where an alliance is in its own part of the cycle.
type Status string

// The alliance statuses. Active alliances are monitored; kept ones wait to
// be renegotiated; dropped ones wait to be ended; ended ones are history.
const (
	StatusActive        Status = "active"
	StatusKept          Status = "kept"
	StatusRenegotiating Status = "renegotiating"
	StatusDropped       Status = "dropped"
	StatusEnded         Status = "ended"
)

// Document is a reference into the office's digital archive "Alianzas
// vigentes" (seed 001: "registrar las nuevas alianzas vigentes en el archivo
// digital respectivo").
type Document struct {
	Title string `yaml:"title" json:"title"`
	Ref   string `yaml:"ref" json:"ref"`
}

// Alliance is an entry of the registry (catastro de alianzas).
type Alliance struct {
	ID           string        `yaml:"id" json:"id"`
	Office       string        `yaml:"office" json:"office"`
	Organisation string        `yaml:"organisation" json:"organisation"`
	Kind         AllianceKind  `yaml:"kind" json:"kind"`
	Objectives   []string      `yaml:"objectives" json:"objectives"`
	Resources    []string      `yaml:"resources" json:"resources,omitempty"`
	Start        calendar.Date `yaml:"start" json:"start,omitzero"`
	End          calendar.Date `yaml:"end" json:"end,omitzero"`
	Documents    []Document    `yaml:"documents" json:"documents,omitempty"`
	// DecideBy is, for a link not yet operational, the date by which it
	// is to be activated or dropped (see LinkMachine, Ask).
	DecideBy calendar.Date `yaml:"decide_by" json:"decide_by,omitzero"`
	Status   Status        `yaml:"-" json:"status"`
	// Registered is when the alliance entered the registry.
	Registered calendar.Date `yaml:"-" json:"registered,omitzero"`
	// Ended is when the alliance was ended.
	Ended calendar.Date `yaml:"-" json:"ended,omitzero"`
	// Notes are the negotiation and renegotiation notes, oldest first.
	Notes []Note `yaml:"-" json:"notes,omitempty"`
	// Decisions are the review decisions taken on the alliance, oldest first.
	Decisions []Decision `yaml:"-" json:"decisions,omitempty"`
	// Links are the changes of kind, oldest first (ChangeKind, Renew).
	Links []KindChange `yaml:"-" json:"links,omitempty"`
	// Standing is the alliance's current standing from monitoring, kept
	// in the registry «Alianzas vigentes» by each measurement (see
	// RecordMeasurements); nil before the first one.
	Standing *Standing `yaml:"-" json:"standing,omitempty"`
}

// Note is a dated note of a meeting or negotiation, by an actor (id only).
// Its text is free text written by the office (search, review, the
// agreement's commitments), which can name the partner's contact or other
// people: personal data, cleared with the organisation's contact.
type Note struct {
	Date  calendar.Date `json:"date,omitzero"`
	Actor string        `json:"actor"`
	Text  string        `json:"text" personal:"true"`
}

// Measurement is one period of hard data on an alliance (seed 001: "en
// base a datos duros"): referrals (derivaciones) sent to the partner, how
// many it accepted and resolved, and the mean business days it took to
// answer; plus values of manual indicators. Date is the last day of the
// period measured.
type Measurement struct {
	ID       string        `json:"id"`
	Alliance string        `json:"alliance"`
	Office   string        `json:"office"`
	Date     calendar.Date `json:"date,omitzero"`
	Sent     int           `json:"sent"`
	Accepted int           `json:"accepted"`
	Resolved int           `json:"resolved"`
	// AnswerDays is the mean business days from sending a referral to the
	// partner's answer, over the referrals answered in the period.
	AnswerDays float64 `json:"answer_days"`
	// Answered is how many referrals AnswerDays averages over.
	Answered int `json:"answered"`
	// Values are the period's values of manual indicators, by indicator id.
	Values map[string]float64 `json:"values,omitempty"`
	By     string             `json:"by"`
}

// Rating is one team member's rating of an alliance for a year (seed 001:
// "consultar a los integrantes de su equipo ... para asegurarse que su
// impresión se corrobora"). A later rating by the same member in the same
// year replaces the earlier one.
type Rating struct {
	ID       string        `json:"id"`
	Alliance string        `json:"alliance"`
	Office   string        `json:"office"`
	Year     int           `json:"year"`
	Rater    string        `json:"rater"`
	Score    int           `json:"score"`
	Comment  string        `json:"comment,omitempty"`
	Date     calendar.Date `json:"date,omitzero"`
}

// CandidateStatus is where a possible partner is in search and negotiation.
type CandidateStatus string

// The candidate statuses.
const (
	CandidateFound       CandidateStatus = "found"
	CandidateShortlisted CandidateStatus = "shortlisted"
	CandidateNegotiating CandidateStatus = "negotiating"
	CandidateAgreed      CandidateStatus = "agreed"
	CandidateRegistered  CandidateStatus = "registered"
)

// Candidate is a possible partner found by a search, with its rank against
// the diagnosed gaps and the negotiation so far.
type Candidate struct {
	Organisation string          `json:"organisation"`
	Score        float64         `json:"score"`
	Gaps         []Gap           `json:"gaps"` // the gaps it would fill
	Status       CandidateStatus `json:"status"`
	Notes        []Note          `json:"notes,omitempty"`
	Terms        *Terms          `json:"terms,omitempty"`
	Alliance     string          `json:"alliance,omitempty"` // once registered
}

// Terms are what was agreed with a partner: the kind of alliance, the
// objectives it serves and the resources the partner provides.
type Terms struct {
	Kind       AllianceKind  `json:"kind"`
	Objectives []string      `json:"objectives"`
	Resources  []string      `json:"resources"`
	Start      calendar.Date `json:"start,omitzero"`
	End        calendar.Date `json:"end,omitzero"`
}

// Gap is an objective's need not met by current alliances: a resource
// nobody provides for it (Resource set), or an objective with no alliance
// or with alliances below target (Resource empty).
type Gap struct {
	Objective string `json:"objective"`
	Resource  string `json:"resource,omitempty"`
}

// Search is a partner search of one office and year: the gaps it looks to
// fill, the ranked candidates and the shortlist carried into meetings.
// Replaces names the dropped alliance a replacement search is for.
type Search struct {
	ID         string        `json:"id"`
	Office     string        `json:"office"`
	Year       int           `json:"year"`
	Date       calendar.Date `json:"date,omitzero"`
	Replaces   string        `json:"replaces,omitempty"`
	Gaps       []Gap         `json:"gaps"`
	Candidates []Candidate   `json:"candidates"`
	By         string        `json:"by"`
}

// Candidate returns a pointer to the candidate for org, or nil.
func (s *Search) Candidate(org string) *Candidate {
	for i := range s.Candidates {
		if s.Candidates[i].Organisation == org {
			return &s.Candidates[i]
		}
	}
	return nil
}

// Shortlist returns the ids of the candidates carried into meetings (every
// status but found), in rank order.
func (s *Search) Shortlist() []string {
	var out []string
	for _, c := range s.Candidates {
		if c.Status != CandidateFound {
			out = append(out, c.Organisation)
		}
	}
	return out
}

// Verdict is a review decision.
type Verdict string

// The verdicts (seed 001: "En los casos que si sea pertinente mantener la
// alianza ... retomar el ciclo de negociación"; "En los casos que no sea
// pertinente ... evalúan nuevas alianzas para su reemplazo").
const (
	Keep Verdict = "keep"
	Drop Verdict = "drop"
)

// Decision is the review decision on one alliance, with its reason.
type Decision struct {
	Review  string        `json:"review"`
	Verdict Verdict       `json:"verdict"`
	Reason  string        `json:"reason"`
	Date    calendar.Date `json:"date,omitzero"`
	Actor   string        `json:"actor"`
	// Answer is the answer to the question the review asks of the
	// alliance's kind (Ask), given with keep (DecideWithAnswer).
	Answer *ReviewAnswer `json:"answer,omitempty"`
}

// Review is a yearly (or on-demand) review of an office's alliances: the
// alliances under review and the decision taken on each.
type Review struct {
	ID        string              `json:"id"`
	Office    string              `json:"office"`
	Year      int                 `json:"year"`
	OnDemand  bool                `json:"on_demand"`
	Opened    calendar.Date       `json:"opened,omitzero"`
	Closed    calendar.Date       `json:"closed,omitzero"`
	Alliances []string            `json:"alliances"`
	Decisions map[string]Decision `json:"decisions"`
}

// Pending returns the alliances of the review with no decision yet.
func (r *Review) Pending() []string {
	var out []string
	for _, a := range r.Alliances {
		if _, ok := r.Decisions[a]; !ok {
			out = append(out, a)
		}
	}
	return out
}

// FlagKind is what the periodic job found.
type FlagKind string

// The flag kinds.
const (
	// FlagNoMeasurement: an alliance had no measurement for longer than
	// monitoring.max_days_without_measurement.
	FlagNoMeasurement FlagKind = "no_measurement"
	// FlagReviewDue: the yearly review fell due and has not been opened.
	FlagReviewDue FlagKind = "review_due"
	// FlagDisagreement: the team's ratings of an alliance spread more than
	// monitoring.disagreement_spread.
	FlagDisagreement FlagKind = "disagreement"
	// FlagAgreementExpiring: the agreement of an alliance in force ends
	// within review.expiry_notice_days days (or has ended) and has not
	// been renewed.
	FlagAgreementExpiring FlagKind = "agreement_expiring"
)

// Flag is something the periodic job raised for the Encargado OMIL.
type Flag struct {
	ID       string        `json:"id"`
	Kind     FlagKind      `json:"kind"`
	Office   string        `json:"office"`
	Alliance string        `json:"alliance,omitempty"`
	Date     calendar.Date `json:"date,omitzero"`
	Detail   string        `json:"detail"`
	// Due is the day the flagged item fell due: the review's due date, or
	// the day a measurement was last due; zero for a disagreement.
	Due calendar.Date `json:"due,omitzero"`
}
