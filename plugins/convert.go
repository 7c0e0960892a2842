package plugins

import (
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/microtime"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// zeroMicro is the Unix microsecond value of Go's zero time: the wire value
// of "no time".
var zeroMicro = time.Time{}.UnixMicro()

// wireTime writes the wire's times: Unix microseconds, zeroMicro for none.
var wireTime = microtime.Codec{None: zeroMicro}

func encRecord(r *driver.Record) *pb.Record {
	return &pb.Record{Kind: r.Kind, Id: r.ID, Version: r.Version, Attrs: r.Attrs, TimeUs: wireTime.Encode(r.Time), Body: r.Body}
}

func decRecord(r *pb.Record) driver.Record {
	return driver.Record{Kind: r.Kind, ID: r.Id, Version: r.Version, Attrs: r.Attrs, Time: wireTime.Decode(r.TimeUs), Body: r.Body}
}

func encAudit(e *driver.AuditEntry) *pb.AuditEntry {
	out := &pb.AuditEntry{Seq: e.Seq, TimeUs: wireTime.Encode(e.Time), Actor: e.Actor, Action: e.Action, Reason: e.Reason, PrevHash: e.PrevHash, Hash: e.Hash,
		Format: int32(e.Format), KeyId: e.KeyID}
	if len(e.Changes) > 0 {
		out.Changes = make([]*pb.Change, len(e.Changes))
		for i, c := range e.Changes {
			out.Changes[i] = &pb.Change{Kind: c.Kind, Id: c.ID, Before: c.Before, After: c.After, Digest: c.Digest}
		}
	}
	return out
}

func decAudit(e *pb.AuditEntry) driver.AuditEntry {
	out := driver.AuditEntry{Seq: e.Seq, Time: wireTime.Decode(e.TimeUs), Actor: e.Actor, Action: e.Action, Reason: e.Reason, PrevHash: e.PrevHash, Hash: e.Hash,
		Format: int(e.Format), KeyID: e.KeyId}
	if out.PrevHash == nil {
		out.PrevHash = []byte{}
	}
	if len(e.Changes) > 0 {
		out.Changes = make([]driver.Change, len(e.Changes))
		for i, c := range e.Changes {
			out.Changes[i] = driver.Change{Kind: c.Kind, ID: c.Id, Before: c.Before, After: c.After, Digest: c.Digest}
		}
	}
	return out
}

func encBatch(b *driver.Batch) *pb.ApplyRequest {
	req := &pb.ApplyRequest{Writes: make([]*pb.Write, len(b.Writes)), Audit: encAudit(&b.Audit)}
	recs := make([]pb.Record, len(b.Writes)) // one allocation for the batch
	ws := make([]pb.Write, len(b.Writes))
	for i := range b.Writes {
		w := &b.Writes[i]
		r := &w.Record
		recs[i] = pb.Record{Kind: r.Kind, Id: r.ID, Version: r.Version, Attrs: r.Attrs, TimeUs: wireTime.Encode(r.Time), Body: r.Body}
		ws[i] = pb.Write{Op: int32(w.Op), Record: &recs[i], Expect: w.Expect}
		req.Writes[i] = &ws[i]
	}
	return req
}

func decBatch(req *pb.ApplyRequest) driver.Batch {
	b := driver.Batch{Writes: make([]driver.Write, len(req.Writes))}
	if req.Audit != nil {
		b.Audit = decAudit(req.Audit)
	}
	for i, w := range req.Writes {
		var r driver.Record
		if w.Record != nil {
			r = decRecord(w.Record)
		}
		b.Writes[i] = driver.Write{Op: driver.Op(w.Op), Record: r, Expect: w.Expect}
	}
	return b
}

func encQuery(q *driver.Query) *pb.Query {
	out := &pb.Query{Kind: q.Kind, Attrs: q.Attrs, FromUs: wireTime.Encode(q.From), ToUs: wireTime.Encode(q.To), Limit: int64(q.Limit)}
	if q.After != nil {
		out.HasAfter, out.AfterTimeUs, out.AfterId = true, wireTime.Encode(q.After.Time), q.After.ID
	}
	return out
}

func decQuery(q *pb.Query) driver.Query {
	out := driver.Query{Kind: q.Kind, Attrs: q.Attrs, From: wireTime.Decode(q.FromUs), To: wireTime.Decode(q.ToUs), Limit: int(q.Limit)}
	if q.HasAfter {
		out.After = &driver.Position{Time: wireTime.Decode(q.AfterTimeUs), ID: q.AfterId}
	}
	return out
}

func encTicket(t *driver.Ticket) *pb.Ticket {
	return &pb.Ticket{Id: t.ID, Queue: t.Queue, Subject: t.Subject, Body: t.Body, Status: t.Status, Priority: int64(t.Priority),
		Assignee: t.Assignee, Requester: t.Requester, Fields: t.Fields, CreatedUs: wireTime.Encode(t.Created), UpdatedUs: wireTime.Encode(t.Updated)}
}

func decTicket(t *pb.Ticket) driver.Ticket {
	return driver.Ticket{ID: t.Id, Queue: t.Queue, Subject: t.Subject, Body: t.Body, Status: t.Status, Priority: int(t.Priority),
		Assignee: t.Assignee, Requester: t.Requester, Fields: t.Fields, Created: wireTime.Decode(t.CreatedUs), Updated: wireTime.Decode(t.UpdatedUs)}
}

func encSurvey(s *driver.SurveyResponse) *pb.SurveyResponse {
	return &pb.SurveyResponse{Id: s.ID, TicketId: s.TicketID, Requester: s.Requester, Service: s.Service, Metric: s.Metric,
		Score: int64(s.Score), Comment: s.Comment, SubmittedUs: wireTime.Encode(s.Submitted)}
}

func decSurvey(s *pb.SurveyResponse) driver.SurveyResponse {
	return driver.SurveyResponse{ID: s.Id, TicketID: s.TicketId, Requester: s.Requester, Service: s.Service, Metric: s.Metric,
		Score: int(s.Score), Comment: s.Comment, Submitted: wireTime.Decode(s.SubmittedUs)}
}
