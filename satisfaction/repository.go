package satisfaction

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
)

// Sources of client information (seed 003 §6.5: own means, the monthly
// surveys, anyone who deals with clients; plus what the process itself
// produces).
const (
	SourceOwn       = "own"
	SourceSurvey    = "survey"
	SourceTeam      = "team"
	SourceInterview = "interview"
	SourceMeeting   = "meeting"
)

// InfoItem is one cleaned piece of client information in the central
// repository (seed 003 §6.5). Text may hold personal data.
type InfoItem struct {
	ID         string    `json:"id"`
	Client     string    `json:"client" personal:"subject"`
	Source     string    `json:"source"`
	Title      string    `json:"title"`
	Text       string    `json:"text,omitempty" personal:"true"`
	RecordedBy string    `json:"recorded_by"`
	At         time.Time `json:"at"`
}

// AddInfo puts a cleaned piece of client information into the central
// repository. Seed 003 §6.5: the process manager collects the information
// and, once cleaned, incorporates it (the owner may too). The id is made up
// when empty.
func (p *Process) AddInfo(ctx context.Context, a relaciona.Actor, it InfoItem) (InfoItem, error) {
	a, err := p.authorize(ctx, a, "add client information", RoleManager, RoleOwner)
	if err != nil {
		return InfoItem{}, err
	}
	if err := p.checkClient(ctx, "client", it.Client); err != nil {
		return InfoItem{}, err
	}
	switch it.Source {
	case SourceOwn, SourceSurvey, SourceTeam, SourceInterview, SourceMeeting:
	default:
		return InfoItem{}, p.invalid("source", "fuente desconocida %q (own, survey, team, interview, meeting)", "unknown source %q (own, survey, team, interview, meeting)", it.Source)
	}
	if err := p.required("title", it.Title); err != nil {
		return InfoItem{}, err
	}
	if it.At.IsZero() {
		return InfoItem{}, p.invalid("at", "la hora de la información es obligatoria", "the time of the information is required")
	}
	if it.ID == "" {
		it.ID = newID("info", it.Client, it.Title, it.At.UTC().Format(time.RFC3339Nano))
	}
	it.RecordedBy = a.ID
	return it, insert(ctx, p, a, p.info, &it, "satisfaction.info.add", "client information added to the repository", it.At)
}

// ClientFile is everything the central repository holds about one client
// (seed 003 §6.5, §6.6, §6.7: information, complaints, interviews, work
// plans, improvement actions and commitments are all linked to the client).
type ClientFile struct {
	Client      Client
	Info        []InfoItem
	Complaints  []Complaint
	Interviews  []Interview
	Plans       []WorkPlan
	Actions     []Action
	Commitments []Commitment
}

// ClientFile returns the client's file from the central repository.
// Reading is open to the whole team (seed 003 §6.5: "a disposición de todos
// los involucrados").
func (p *Process) ClientFile(ctx context.Context, a relaciona.Actor, client string) (ClientFile, error) {
	a, err := p.authorize(ctx, a, "read the client repository", teamRoles...)
	if err != nil {
		return ClientFile{}, err
	}
	cl, ok, err := p.client(ctx, client)
	if err != nil {
		return ClientFile{}, err
	}
	if !ok {
		return ClientFile{}, p.unknownClient(client)
	}
	f := ClientFile{Client: cl}
	by := relaciona.Filter{Attrs: map[string]string{"client": client}}
	if f.Info, err = p.info.Values(ctx, by); err != nil {
		return f, err
	}
	if f.Complaints, err = p.complaints.Values(ctx, by); err != nil {
		return f, err
	}
	if f.Interviews, err = p.interviews.Values(ctx, by); err != nil {
		return f, err
	}
	if f.Plans, err = p.plans.Values(ctx, by); err != nil {
		return f, err
	}
	if f.Commitments, err = p.commitments.Values(ctx, by); err != nil {
		return f, err
	}
	for d, err := range p.actions.Scan(ctx, relaciona.Filter{}) {
		if err != nil {
			return f, err
		}
		if slices.Contains(d.Value.Clients, client) {
			f.Actions = append(f.Actions, d.Value)
		}
	}
	return f, nil
}

// redact returns "—" for personal text when asked to.
func redact(s string, on bool) string {
	if on && strings.TrimSpace(s) != "" {
		return "—"
	}
	return s
}
