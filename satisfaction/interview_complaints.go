package satisfaction

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/relaciona/relaciona"
)

// InterviewComplaint is what ComplaintFromInterview takes: the interview,
// one of the complaint topics recorded in it, and the complaint's scope,
// service and summary.
type InterviewComplaint struct {
	Interview string
	Topic     string
	Scope     Scope
	Service   string
	Summary   string
}

// ClaimInterviewComplaint is the name of the claim that registers a
// complaint heard in an interview once: its key is the interview and the
// topic, its holder the complaint.
const ClaimInterviewComplaint = "satisfaction.complaint.interview"

// ComplaintFromInterview registers, as a complaint, a complaint topic heard
// in a client's annual interview (seed 003 §6.3: "El dueño del proceso
// analizará el resultado de la entrevista y de ser necesario, deberá
// Registrar y atender reclamos de los clientes sobre los servicios"). Only
// a process owner may. The topic must be one of the interview's
// complaints; the complaint is linked to the interview (channel
// interview), and, like ReportComplaint, every process owner is told in
// the same batch (NoticeComplaintReported). Each topic of an interview is
// registered once (ClaimInterviewComplaint): a second, or a racing one, is
// an ErrConflict naming the complaint.
func (p *Process) ComplaintFromInterview(ctx context.Context, a relaciona.Actor, in InterviewComplaint, at time.Time) (Complaint, error) {
	a, err := p.authorize(ctx, a, "register a complaint from an interview", RoleOwner)
	if err != nil {
		return Complaint{}, err
	}
	d, err := getKnown(ctx, p, p.interviews, in.Interview, "interview", "entrevista desconocida %q", "unknown interview %q", in.Interview)
	if err != nil {
		return Complaint{}, err
	}
	iv := d.Value
	if !slices.Contains(iv.Complaints, in.Topic) {
		return Complaint{}, p.invalid("topic", "la entrevista %s no registró el reclamo %q", "interview %s recorded no complaint %q", iv.ID, in.Topic)
	}
	c, err := p.newComplaint(ctx, NewComplaint{Client: iv.Client, Service: in.Service, Topic: in.Topic, Channel: ChannelPhone, Scope: in.Scope, Summary: in.Summary}, a.ID, at)
	if err != nil {
		return Complaint{}, err
	}
	key := iv.ID + "/" + in.Topic
	c.ID, c.Channel, c.Interview = newID("complaint", iv.Client, string(ChannelInterview), key, at.UTC().Format(time.RFC3339Nano)), ChannelInterview, iv.ID
	if cl, err := p.store.Claimed(ctx, ClaimInterviewComplaint, key); err == nil {
		return Complaint{}, p.interviewComplaintError(&relaciona.ClaimError{Name: ClaimInterviewComplaint, Key: key, Holder: cl.Holder})
	} else if !isNotFound(err) {
		return Complaint{}, err
	}
	b := p.store.Begin(a, "satisfaction.complaint.interview", "complaint heard in an interview registered; the owner is told")
	if err := p.putComplaint(ctx, b, &c); err != nil {
		return Complaint{}, err
	}
	b.Claim(ClaimInterviewComplaint, key, relaciona.Ref{Kind: kindComplaint, ID: c.ID})
	return commitClaiming(ctx, p, b, at, c, ClaimInterviewComplaint, p.interviewComplaintError)
}

func (p *Process) interviewComplaintError(c *relaciona.ClaimError) error {
	return fmt.Errorf("%s: %w", p.lang.Tf("el reclamo %s de la entrevista ya está registrado como %s", "complaint %s of the interview is already registered as %s", c.Key, c.Holder.ID), c)
}
