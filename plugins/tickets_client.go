package plugins

import (
	"context"
	"time"

	"google.golang.org/grpc"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// ticketsClient is driver.Tickets on the host side of a ticket plugin. The
// optional capabilities are added by the small types below, combined by
// newTicketsClient into a value that implements exactly the interfaces the
// plugin reported.
type ticketsClient struct{ c caller }

var _ driver.Tickets = (*ticketsClient)(nil)

type (
	capSurveysT  struct{ t *ticketsClient }
	capRecorderT struct{ t *ticketsClient }
	capFieldsT   struct{ t *ticketsClient }
	capAttacherT struct{ t *ticketsClient }
)

func newTicketsClient(c caller, caps map[string]bool) driver.Tickets {
	t := &ticketsClient{c: c}
	s, r, f, a := capSurveysT{t}, capRecorderT{t}, capFieldsT{t}, capAttacherT{t}
	mask := 0
	for i, name := range []string{capSurveys, capSurveyRecorder, capFieldLister, capAttacher} {
		if caps[name] {
			mask |= 1 << i
		}
	}
	switch mask {
	case 0b0001:
		return struct {
			*ticketsClient
			capSurveysT
		}{t, s}
	case 0b0010:
		return struct {
			*ticketsClient
			capRecorderT
		}{t, r}
	case 0b0011:
		return struct {
			*ticketsClient
			capSurveysT
			capRecorderT
		}{t, s, r}
	case 0b0100:
		return struct {
			*ticketsClient
			capFieldsT
		}{t, f}
	case 0b0101:
		return struct {
			*ticketsClient
			capSurveysT
			capFieldsT
		}{t, s, f}
	case 0b0110:
		return struct {
			*ticketsClient
			capRecorderT
			capFieldsT
		}{t, r, f}
	case 0b0111:
		return struct {
			*ticketsClient
			capSurveysT
			capRecorderT
			capFieldsT
		}{t, s, r, f}
	case 0b1000:
		return struct {
			*ticketsClient
			capAttacherT
		}{t, a}
	case 0b1001:
		return struct {
			*ticketsClient
			capSurveysT
			capAttacherT
		}{t, s, a}
	case 0b1010:
		return struct {
			*ticketsClient
			capRecorderT
			capAttacherT
		}{t, r, a}
	case 0b1011:
		return struct {
			*ticketsClient
			capSurveysT
			capRecorderT
			capAttacherT
		}{t, s, r, a}
	case 0b1100:
		return struct {
			*ticketsClient
			capFieldsT
			capAttacherT
		}{t, f, a}
	case 0b1101:
		return struct {
			*ticketsClient
			capSurveysT
			capFieldsT
			capAttacherT
		}{t, s, f, a}
	case 0b1110:
		return struct {
			*ticketsClient
			capRecorderT
			capFieldsT
			capAttacherT
		}{t, r, f, a}
	case 0b1111:
		return struct {
			*ticketsClient
			capSurveysT
			capRecorderT
			capFieldsT
			capAttacherT
		}{t, s, r, f, a}
	}
	return t
}

func (t *ticketsClient) one(ctx context.Context, f func(ctx context.Context, c pb.TicketSystemClient) (*pb.Ticket, error)) (driver.Ticket, error) {
	var resp *pb.Ticket
	err := t.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) (err error) {
		resp, err = f(ctx, pb.NewTicketSystemClient(conn))
		return err
	})
	if err != nil {
		return driver.Ticket{}, err
	}
	return decTicketReply(resp)
}

// decTicketReply decodes a ticket a plugin sent, refusing one that breaks
// the driver contract (no id, a priority outside 0-100): the plugin is
// outside input like any other.
func decTicketReply(t *pb.Ticket) (driver.Ticket, error) {
	if t == nil || t.Id == "" {
		return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "ticket plugin replied with a ticket without an id")
	}
	if t.Priority < 0 || t.Priority > 100 {
		return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "ticket plugin replied with ticket %q of priority %d, outside 0-100", t.Id, t.Priority)
	}
	return decTicket(t), nil
}

// decSurveyReply decodes a survey response a plugin sent, refusing one
// without an id.
func decSurveyReply(s *pb.SurveyResponse) (driver.SurveyResponse, error) {
	if s == nil || s.Id == "" {
		return driver.SurveyResponse{}, driver.Errorf(driver.ErrInvalid, "ticket plugin replied with a survey response without an id")
	}
	return decSurvey(s), nil
}

// Create implements driver.Tickets.
func (t *ticketsClient) Create(ctx context.Context, n driver.NewTicket) (driver.Ticket, error) {
	req := &pb.NewTicket{Queue: n.Queue, Subject: n.Subject, Body: n.Body, Status: n.Status, Priority: int64(n.Priority),
		Assignee: n.Assignee, Requester: n.Requester, Fields: n.Fields}
	return t.one(ctx, func(ctx context.Context, c pb.TicketSystemClient) (*pb.Ticket, error) { return c.Create(ctx, req) })
}

// Get implements driver.Tickets.
func (t *ticketsClient) Get(ctx context.Context, id string) (driver.Ticket, error) {
	return t.one(ctx, func(ctx context.Context, c pb.TicketSystemClient) (*pb.Ticket, error) {
		return c.Get(ctx, &pb.TicketID{Id: id})
	})
}

// Update implements driver.Tickets.
func (t *ticketsClient) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	req := &pb.UpdateTicketRequest{Id: id, Status: u.Status, Assignee: u.Assignee, Fields: u.Fields, HasFields: u.Fields != nil}
	if u.Priority != nil {
		p := int64(*u.Priority)
		req.Priority = &p
	}
	return t.one(ctx, func(ctx context.Context, c pb.TicketSystemClient) (*pb.Ticket, error) { return c.Update(ctx, req) })
}

// Comment implements driver.Tickets.
func (t *ticketsClient) Comment(ctx context.Context, id string, cm driver.Comment) error {
	return t.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) error {
		_, err := pb.NewTicketSystemClient(conn).Comment(ctx, &pb.CommentRequest{Id: id, Public: cm.Public, Body: cm.Body})
		return err
	})
}

// Changes implements driver.Tickets over a server stream of ticket chunks.
func (t *ticketsClient) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	return t.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) error {
		return recvEach(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[pb.TicketBatch], error) {
			return pb.NewTicketSystemClient(conn).Changes(ctx, &pb.SinceRequest{SinceUs: wireTime.Encode(since)})
		}, func(chunk *pb.TicketBatch) error { return decEach(chunk.Tickets, decTicketReply, fn) })
	})
}

// Statuses implements driver.Tickets.
func (t *ticketsClient) Statuses(ctx context.Context) ([]string, error) {
	var resp *pb.StatusList
	err := t.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) (err error) {
		resp, err = pb.NewTicketSystemClient(conn).Statuses(ctx, &pb.Empty{})
		return err
	})
	if err != nil {
		return nil, err
	}
	return resp.Names, nil
}

// Close stops the plugin process and waits for it.
func (t *ticketsClient) Close() error { return t.c.close() }

// SurveyResponses implements driver.Surveys.
func (s capSurveysT) SurveyResponses(ctx context.Context, since time.Time, fn func(driver.SurveyResponse) error) error {
	return s.t.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) error {
		return recvEach(ctx, func(ctx context.Context) (grpc.ServerStreamingClient[pb.SurveyBatch], error) {
			return pb.NewTicketSystemClient(conn).SurveyResponses(ctx, &pb.SinceRequest{SinceUs: wireTime.Encode(since)})
		}, func(chunk *pb.SurveyBatch) error { return decEach(chunk.Responses, decSurveyReply, fn) })
	})
}

// decEach decodes each of a chunk's items and hands it to fn; an error of
// either is the caller's (userError), returned as it is, not read as a
// transport failure.
func decEach[W, T any](items []W, dec func(W) (T, error), fn func(T) error) error {
	for _, w := range items {
		v, err := dec(w)
		if err != nil {
			return &userError{err}
		}
		if err := fn(v); err != nil {
			return &userError{err}
		}
	}
	return nil
}

// RecordSurveys implements driver.SurveyRecorder in one call.
func (s capRecorderT) RecordSurveys(ctx context.Context, rs []driver.SurveyResponse) error {
	req := &pb.SurveyBatch{Responses: make([]*pb.SurveyResponse, len(rs))}
	for i := range rs {
		req.Responses[i] = encSurvey(&rs[i])
	}
	return s.t.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) error {
		_, err := pb.NewTicketSystemClient(conn).RecordSurveys(ctx, req)
		return err
	})
}

// Fields implements driver.FieldLister.
func (s capFieldsT) Fields(ctx context.Context) ([]driver.FieldDef, error) {
	var resp *pb.FieldDefs
	err := s.t.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) (err error) {
		resp, err = pb.NewTicketSystemClient(conn).Fields(ctx, &pb.Empty{})
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]driver.FieldDef, len(resp.Fields))
	for i, f := range resp.Fields {
		out[i] = driver.FieldDef{Name: f.Name, Type: f.Type, Values: f.Values}
	}
	return out, nil
}

// Attach implements driver.Attacher.
func (s capAttacherT) Attach(ctx context.Context, id string, a driver.Attachment) error {
	return s.t.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) error {
		_, err := pb.NewTicketSystemClient(conn).Attach(ctx, &pb.AttachRequest{Id: id, Name: a.Name, ContentType: a.ContentType, Data: a.Data})
		return err
	})
}

func ticketsConfigure(ctx context.Context, conn grpc.ClientConnInterface, req *pb.ConfigureRequest) (*pb.ConfigureResponse, error) {
	return pb.NewTicketSystemClient(conn).Configure(ctx, req)
}

// lend returns the supervisor hook that passes env to a ticket plugin: the
// secret in the Configure request (over the mTLS connection), and the store
// served back through go-plugin's broker.
func lend(env driver.TicketsEnv) func(in *instance, req *pb.ConfigureRequest) {
	return func(in *instance, req *pb.ConfigureRequest) {
		lendSecret(env.Secret, req)
		if env.Store != nil && in.broker != nil {
			id := in.broker.NextId()
			srv := &storeServer{impl: env.Store, keepOpen: true}
			go in.broker.AcceptAndServe(id, func(opts []grpc.ServerOption) *grpc.Server {
				s := newGRPCServer(opts)
				pb.RegisterStoreServer(s, srv)
				return s
			})
			req.StoreBrokerId = id
		}
	}
}

// lendSecret puts in req the secret that secret (when set) reads; a
// secret it cannot read is not lent, and the plugin says it has none.
func lendSecret(secret func() (string, error), req *pb.ConfigureRequest) {
	if secret != nil {
		if sec, err := secret(); err == nil {
			req.HasSecret, req.Secret = true, sec
		}
	}
}

// OpenTickets opens the ticket plugin a URL names, like OpenStore
// (plugin:///abs/path?sha256=HEX&SETTINGS). env.Secret, when set, is read
// at each (re)start and sent to the plugin over the mTLS connection;
// env.Store, when set, is served back to the plugin through go-plugin's
// broker. The returned value implements exactly the optional capabilities
// (driver.Surveys, SurveyRecorder, FieldLister, Attacher) the plugin has.
func OpenTickets(ctx context.Context, rawURL string, env driver.TicketsEnv, opts ...Option) (driver.Tickets, error) {
	cfg, err := hostConfigOf(rawURL, opts)
	if err != nil {
		return nil, err
	}
	return openTickets(ctx, cfg, env)
}

func openTickets(ctx context.Context, cfg hostConfig, env driver.TicketsEnv) (driver.Tickets, error) {
	s := &supervisor{cfg: cfg, kind: kindTickets, configure: ticketsConfigure, prepare: lend(env)}
	if _, err := s.acquire(ctx); err != nil {
		return nil, err
	}
	return newTicketsClient(s, s.caps), nil
}
