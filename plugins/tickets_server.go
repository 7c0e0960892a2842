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
			s.hostStore = newStoreClient(cc, capabilitySet(resp.Capabilities))
			env.Store = s.hostStore
		}
		impl, err := s.open(ctx, TicketsConfig{Settings: req.Settings, Env: env, Logger: s.log})
		if impl, err = opened(impl, err, "ticket system"); err != nil {
			if s.hostStore != nil {
				s.hostStore.Close()
				s.hostStore = nil
			}
			return nil, toStatus(err)
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
	return toStatus(sendChunks(func(emit func(driver.Ticket) error) error {
		return tk.Changes(stream.Context(), wireTime.Decode(req.SinceUs), emit)
	}, encTicket, func(ts []*pb.Ticket) error {
		return stream.Send(&pb.TicketBatch{Tickets: ts})
	}))
}

// sendChunks streams what read gives, each item encoded by enc, in
// chunks of up to chunkRecords: send sends one as it fills, and the last
// (unless empty) once read has returned without error. It returns the
// first error of read or send.
func sendChunks[T, E any](read func(emit func(T) error) error, enc func(*T) E, send func([]E) error) error {
	var chunk []E
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		err := send(chunk)
		chunk = nil
		return err
	}
	err := read(func(item T) error {
		chunk = append(chunk, enc(&item))
		if len(chunk) >= chunkRecords {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return err
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

// servedAs is the served ticket system as its optional interface I, or
// the status error saying it is not configured or has no what.
func servedAs[I any](s *ticketsServer, what string) (I, error) {
	var none I
	tk, err := s.tickets()
	if err != nil {
		return none, toStatus(err)
	}
	impl, ok := tk.(I)
	if !ok {
		return none, unsupported(what)
	}
	return impl, nil
}

func (s *ticketsServer) SurveyResponses(req *pb.SinceRequest, stream grpc.ServerStreamingServer[pb.SurveyBatch]) error {
	sv, err := servedAs[driver.Surveys](s, "surveys")
	if err != nil {
		return err
	}
	return toStatus(sendChunks(func(emit func(driver.SurveyResponse) error) error {
		return sv.SurveyResponses(stream.Context(), wireTime.Decode(req.SinceUs), emit)
	}, encSurvey, func(rs []*pb.SurveyResponse) error {
		return stream.Send(&pb.SurveyBatch{Responses: rs})
	}))
}

func (s *ticketsServer) RecordSurveys(ctx context.Context, req *pb.SurveyBatch) (*pb.Empty, error) {
	rec, err := servedAs[driver.SurveyRecorder](s, "survey recording")
	if err != nil {
		return nil, err
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
	fl, err := servedAs[driver.FieldLister](s, "custom field list")
	if err != nil {
		return nil, err
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
	at, err := servedAs[driver.Attacher](s, "attachments")
	if err != nil {
		return nil, err
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
