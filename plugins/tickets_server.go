package plugins

import (
	"context"
	"sync"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// TicketsConfig is what a ticket plugin's opener receives when the host
// configures it.
type TicketsConfig struct {
	// Settings are the driver settings of the host's plugin:// URL.
	Settings map[string]string
	// Env is what the host lends the plugin: the deployment's store (served
	// back to the host over go-plugin's broker; nil when the host has none)
	// and the secret the deployment names.
	Env driver.TicketsEnv
	// Logger writes into the host's log. Never log personal data or secrets.
	Logger hclog.Logger
}

// TicketsOpener opens the ticket adapter a plugin serves, once the host has
// sent its settings.
type TicketsOpener func(ctx context.Context, c TicketsConfig) (driver.Tickets, error)

// ticketsServer serves a driver.Tickets over the TicketSystem service.
type ticketsServer struct {
	pb.UnimplementedTicketSystemServer
	open   TicketsOpener
	log    hclog.Logger
	broker *plugin.GRPCBroker

	mu        sync.Mutex
	impl      driver.Tickets
	hostStore driver.Store
}

func newTicketsServer(open TicketsOpener, log hclog.Logger) *ticketsServer {
	return &ticketsServer{open: open, log: log}
}

func (s *ticketsServer) tickets() (driver.Tickets, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return configured(s.impl, "ticket system")
}

func (s *ticketsServer) close() error {
	s.mu.Lock()
	impl, hs := s.impl, s.hostStore
	s.impl, s.hostStore = nil, nil
	s.mu.Unlock()
	var err error
	if impl != nil {
		err = impl.Close()
	}
	if hs != nil {
		hs.Close()
	}
	return err
}

func (s *ticketsServer) Configure(ctx context.Context, req *pb.ConfigureRequest) (*pb.ConfigureResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.impl == nil {
		env := driver.TicketsEnv{Secret: lentSecret(req, "the host configured no secret for this ticket system")}
		if req.StoreBrokerId != 0 {
			if s.broker == nil {
				return nil, toStatus(driver.Errorf(driver.ErrUnsupported, "no broker to reach the host's store"))
			}
			conn, err := s.broker.Dial(req.StoreBrokerId)
			if err != nil {
				return nil, toStatus(driver.Errorf(driver.ErrUnavailable, "reaching the host's store: %v", err))
			}
			cc := &connCaller{name: "host store", conn: conn}
			resp, err := storeConfigure(ctx, conn, &pb.ConfigureRequest{})
			if err != nil {
				conn.Close()
				return nil, toStatus(cc.do(ctx, func(context.Context, grpc.ClientConnInterface) error { return err }))
			}
			caps := map[string]bool{}
			for _, c := range resp.Capabilities {
				caps[c] = true
			}
			s.hostStore = newStoreClient(cc, caps)
			env.Store = s.hostStore
		}
		impl, err := s.open(ctx, TicketsConfig{Settings: req.Settings, Env: env, Logger: s.log})
		if err != nil {
			if s.hostStore != nil {
				s.hostStore.Close()
				s.hostStore = nil
			}
			return nil, toStatus(err)
		}
		if impl == nil {
			return nil, toStatus(driver.Errorf(driver.ErrUnavailable, "plugin opener returned no ticket system"))
		}
		s.impl = impl
	}
	resp := &pb.ConfigureResponse{}
	if _, ok := s.impl.(driver.Surveys); ok {
		resp.Capabilities = append(resp.Capabilities, capSurveys)
	}
	if _, ok := s.impl.(driver.SurveyRecorder); ok {
		resp.Capabilities = append(resp.Capabilities, capSurveyRecorder)
	}
	if _, ok := s.impl.(driver.FieldLister); ok {
		resp.Capabilities = append(resp.Capabilities, capFieldLister)
	}
	if _, ok := s.impl.(driver.Attacher); ok {
		resp.Capabilities = append(resp.Capabilities, capAttacher)
	}
	return resp, nil
}

func (s *ticketsServer) Create(ctx context.Context, req *pb.NewTicket) (*pb.Ticket, error) {
	tk, err := s.tickets()
	if err != nil {
		return nil, toStatus(err)
	}
	t, err := tk.Create(ctx, driver.NewTicket{Queue: req.Queue, Subject: req.Subject, Body: req.Body, Status: req.Status,
		Priority: int(req.Priority), Assignee: req.Assignee, Requester: req.Requester, Fields: req.Fields})
	if err != nil {
		return nil, toStatus(err)
	}
	return encTicket(&t), nil
}

func (s *ticketsServer) Get(ctx context.Context, req *pb.TicketID) (*pb.Ticket, error) {
	tk, err := s.tickets()
	if err != nil {
		return nil, toStatus(err)
	}
	t, err := tk.Get(ctx, req.Id)
	if err != nil {
		return nil, toStatus(err)
	}
	return encTicket(&t), nil
}

func (s *ticketsServer) Update(ctx context.Context, req *pb.UpdateTicketRequest) (*pb.Ticket, error) {
	tk, err := s.tickets()
	if err != nil {
		return nil, toStatus(err)
	}
	u := driver.TicketUpdate{Status: req.Status, Assignee: req.Assignee}
	if req.Priority != nil {
		p := int(*req.Priority)
		u.Priority = &p
	}
	if req.HasFields {
		u.Fields = req.Fields
		if u.Fields == nil {
			u.Fields = map[string]string{}
		}
	}
	t, err := tk.Update(ctx, req.Id, u)
	if err != nil {
		return nil, toStatus(err)
	}
	return encTicket(&t), nil
}

func (s *ticketsServer) Comment(ctx context.Context, req *pb.CommentRequest) (*pb.Empty, error) {
	tk, err := s.tickets()
	if err != nil {
		return nil, toStatus(err)
	}
	if err := tk.Comment(ctx, req.Id, driver.Comment{Public: req.Public, Body: req.Body}); err != nil {
		return nil, toStatus(err)
	}
	return &pb.Empty{}, nil
}

func (s *ticketsServer) Changes(req *pb.SinceRequest, stream grpc.ServerStreamingServer[pb.TicketBatch]) error {
	tk, err := s.tickets()
	if err != nil {
		return toStatus(err)
	}
	chunk := &pb.TicketBatch{}
	flush := func() error {
		if len(chunk.Tickets) == 0 {
			return nil
		}
		err := stream.Send(chunk)
		chunk = &pb.TicketBatch{}
		return err
	}
	err = tk.Changes(stream.Context(), decTime(req.SinceUs), func(t driver.Ticket) error {
		chunk.Tickets = append(chunk.Tickets, encTicket(&t))
		if len(chunk.Tickets) >= chunkRecords {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return toStatus(err)
}

func (s *ticketsServer) Statuses(ctx context.Context, _ *pb.Empty) (*pb.StatusList, error) {
	tk, err := s.tickets()
	if err != nil {
		return nil, toStatus(err)
	}
	names, err := tk.Statuses(ctx)
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.StatusList{Names: names}, nil
}

func unsupported(what string) error {
	return toStatus(driver.Errorf(driver.ErrUnsupported, "this ticket system has no %s", what))
}

func (s *ticketsServer) SurveyResponses(req *pb.SinceRequest, stream grpc.ServerStreamingServer[pb.SurveyBatch]) error {
	tk, err := s.tickets()
	if err != nil {
		return toStatus(err)
	}
	sv, ok := tk.(driver.Surveys)
	if !ok {
		return unsupported("surveys")
	}
	chunk := &pb.SurveyBatch{}
	flush := func() error {
		if len(chunk.Responses) == 0 {
			return nil
		}
		err := stream.Send(chunk)
		chunk = &pb.SurveyBatch{}
		return err
	}
	err = sv.SurveyResponses(stream.Context(), decTime(req.SinceUs), func(r driver.SurveyResponse) error {
		chunk.Responses = append(chunk.Responses, encSurvey(&r))
		if len(chunk.Responses) >= chunkRecords {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return toStatus(err)
}

func (s *ticketsServer) RecordSurveys(ctx context.Context, req *pb.SurveyBatch) (*pb.Empty, error) {
	tk, err := s.tickets()
	if err != nil {
		return nil, toStatus(err)
	}
	rec, ok := tk.(driver.SurveyRecorder)
	if !ok {
		return nil, unsupported("survey recording")
	}
	rs := make([]driver.SurveyResponse, len(req.Responses))
	for i, r := range req.Responses {
		rs[i] = decSurvey(r)
	}
	if err := rec.RecordSurveys(ctx, rs); err != nil {
		return nil, toStatus(err)
	}
	return &pb.Empty{}, nil
}

func (s *ticketsServer) Fields(ctx context.Context, _ *pb.Empty) (*pb.FieldDefs, error) {
	tk, err := s.tickets()
	if err != nil {
		return nil, toStatus(err)
	}
	fl, ok := tk.(driver.FieldLister)
	if !ok {
		return nil, unsupported("custom field list")
	}
	defs, err := fl.Fields(ctx)
	if err != nil {
		return nil, toStatus(err)
	}
	out := &pb.FieldDefs{Fields: make([]*pb.FieldDef, len(defs))}
	for i, d := range defs {
		out.Fields[i] = &pb.FieldDef{Name: d.Name, Type: d.Type, Values: d.Values}
	}
	return out, nil
}

func (s *ticketsServer) Attach(ctx context.Context, req *pb.AttachRequest) (*pb.Empty, error) {
	tk, err := s.tickets()
	if err != nil {
		return nil, toStatus(err)
	}
	at, ok := tk.(driver.Attacher)
	if !ok {
		return nil, unsupported("attachments")
	}
	if err := at.Attach(ctx, req.Id, driver.Attachment{Name: req.Name, ContentType: req.ContentType, Data: req.Data}); err != nil {
		return nil, toStatus(err)
	}
	return &pb.Empty{}, nil
}

// ticketsPlugin is the plugin-side go-plugin glue of a tickets server; it
// keeps the broker, through which the host lends its store.
func ticketsPlugin(srv *ticketsServer) *grpcPlugin {
	return &grpcPlugin{register: func(b *plugin.GRPCBroker, s *grpc.Server) {
		srv.broker = b
		pb.RegisterTicketSystemServer(s, srv)
	}}
}

// ServeTickets serves impl as a ticket plugin and returns when the host is
// done with it. impl is closed then. A plugin served this way takes no
// settings and ignores what the host lends (store, secret); use
// ServeTicketsOpener for one that needs them.
func ServeTickets(impl driver.Tickets) {
	ServeTicketsOpener(fixedTickets(impl))
}

func fixedTickets(impl driver.Tickets) TicketsOpener {
	return func(_ context.Context, c TicketsConfig) (driver.Tickets, error) {
		if err := noSettings(c.Settings); err != nil {
			return nil, err
		}
		return impl, nil
	}
}

// ServeTicketsOpener serves the ticket adapter that open returns once the
// host has sent its settings (and lent its store and secret).
func ServeTicketsOpener(open TicketsOpener) {
	log := pluginLogger()
	srv := newTicketsServer(open, log)
	serve(log, kindTickets, ticketsPlugin(srv), "ticket system", srv.close)
}
