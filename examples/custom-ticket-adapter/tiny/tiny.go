// Package tiny is a very small ticket system with a JSON HTTP API, written
// for this example so an adapter author has a real system to talk to. It
// keeps its tickets in memory. Its API, all JSON, with
// "Authorization: Bearer TOKEN":
//
//	POST  /tickets                 create: {"queue","subject","body","status","priority","assignee","requester","fields"}
//	GET   /tickets/{id}            read
//	PATCH /tickets/{id}            change: {"status","assignee","priority","fields"} (absent: unchanged; a field "" clears)
//	POST  /tickets/{id}/comments   {"public": bool, "body": "..."}
//	GET   /tickets?since=T&after=ID&limit=N   changed at or after T (RFC 3339), by (updated, id), after ID within T
//	GET   /statuses                the status names
//
// Errors are {"error": "..."} with 400/422 (refused), 401 (token), 404.
// Ticket ids are numbers; priorities are "low", "normal", "high".
package tiny

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Statuses are the system's status names.
var Statuses = []string{"open", "waiting", "done"}

// Priorities are the system's priorities, lowest first.
var Priorities = []string{"low", "normal", "high"}

// Ticket is a ticket as the API sends it.
type Ticket struct {
	ID        int64             `json:"id"`
	Queue     string            `json:"queue"`
	Subject   string            `json:"subject"`
	Body      string            `json:"body"`
	Status    string            `json:"status"`
	Priority  string            `json:"priority"`
	Assignee  string            `json:"assignee,omitempty"`
	Requester string            `json:"requester,omitempty"`
	Fields    map[string]string `json:"fields,omitempty"`
	Created   time.Time         `json:"created"`
	Updated   time.Time         `json:"updated"`
	Comments  []Comment         `json:"comments,omitempty"`
}

// Comment is a reply or an internal note.
type Comment struct {
	Public bool      `json:"public"`
	Body   string    `json:"body"`
	At     time.Time `json:"at"`
}

// Server is the ticket system. Use it as an http.Handler.
type Server struct {
	token  string
	queues []string
	fields []string
	users  []string

	mu      sync.Mutex
	tickets map[int64]*Ticket
	next    int64
	last    time.Time
}

// New returns a server that accepts token, with the given queues, custom
// fields and users (assignees).
func New(token string, queues, fields, users []string) *Server {
	return &Server{token: token, queues: queues, fields: fields, users: users, tickets: map[int64]*Ticket{}, next: 1}
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+s.token {
		fail(w, 401, "bad token")
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /tickets", s.create)
	mux.HandleFunc("GET /tickets/{id}", s.get)
	mux.HandleFunc("PATCH /tickets/{id}", s.patch)
	mux.HandleFunc("POST /tickets/{id}/comments", s.comment)
	mux.HandleFunc("GET /tickets", s.list)
	mux.HandleFunc("GET /statuses", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, Statuses) })
	mux.ServeHTTP(w, r)
}

func fail(w http.ResponseWriter, code int, msg string) {
	reply(w, code, map[string]string{"error": msg})
}

func reply(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// now returns a time after every earlier one, so Updated times are distinct.
func (s *Server) now() time.Time {
	t := time.Now().UTC().Truncate(time.Microsecond)
	if !t.After(s.last) {
		t = s.last.Add(time.Microsecond)
	}
	s.last = t
	return t
}

type change struct {
	Queue     *string           `json:"queue"`
	Subject   *string           `json:"subject"`
	Body      *string           `json:"body"`
	Status    *string           `json:"status"`
	Priority  *string           `json:"priority"`
	Assignee  *string           `json:"assignee"`
	Requester *string           `json:"requester"`
	Fields    map[string]string `json:"fields"`
}

// apply checks c and applies it to t; it returns a refusal message.
func (s *Server) apply(t *Ticket, c change) string {
	switch {
	case c.Status != nil && !slices.Contains(Statuses, *c.Status):
		return "unknown status " + strconv.Quote(*c.Status)
	case c.Priority != nil && !slices.Contains(Priorities, *c.Priority):
		return "unknown priority " + strconv.Quote(*c.Priority)
	case c.Assignee != nil && *c.Assignee != "" && !slices.Contains(s.users, *c.Assignee):
		return "unknown user " + strconv.Quote(*c.Assignee)
	}
	for k := range c.Fields {
		if !slices.Contains(s.fields, k) {
			return "unknown field " + strconv.Quote(k)
		}
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&t.Status, c.Status)
	set(&t.Priority, c.Priority)
	set(&t.Assignee, c.Assignee)
	for k, v := range c.Fields {
		if t.Fields == nil {
			t.Fields = map[string]string{}
		}
		if v == "" {
			delete(t.Fields, k)
		} else {
			t.Fields[k] = v
		}
	}
	return ""
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var c change
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		fail(w, 400, "malformed JSON")
		return
	}
	t := &Ticket{Queue: s.queues[0], Status: Statuses[0], Priority: "normal"}
	if c.Queue != nil && *c.Queue != "" {
		if !slices.Contains(s.queues, *c.Queue) {
			fail(w, 422, "unknown queue "+strconv.Quote(*c.Queue))
			return
		}
		t.Queue = *c.Queue
	}
	if c.Subject == nil || strings.TrimSpace(*c.Subject) == "" {
		fail(w, 422, "subject is required")
		return
	}
	t.Subject = *c.Subject
	if c.Body != nil {
		t.Body = *c.Body
	}
	if c.Requester != nil {
		t.Requester = *c.Requester
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if msg := s.apply(t, c); msg != "" {
		fail(w, 422, msg)
		return
	}
	t.ID, s.next = s.next, s.next+1
	t.Created = s.now()
	t.Updated = t.Created
	s.tickets[t.ID] = t
	reply(w, 201, t)
}

// withTicket hands do the ticket the request's path names, holding the
// server's lock; it answers 404 itself when there is no such ticket.
func (s *Server) withTicket(w http.ResponseWriter, r *http.Request, do func(t *Ticket)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	t := s.tickets[id]
	if err != nil || t == nil {
		fail(w, 404, "no such ticket")
		return
	}
	do(t)
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	s.withTicket(w, r, func(t *Ticket) { reply(w, 200, t) })
}

func (s *Server) patch(w http.ResponseWriter, r *http.Request) {
	var c change
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		fail(w, 400, "malformed JSON")
		return
	}
	s.withTicket(w, r, func(t *Ticket) {
		cp := *t
		cp.Fields = map[string]string{}
		for k, v := range t.Fields {
			cp.Fields[k] = v
		}
		if msg := s.apply(&cp, c); msg != "" {
			fail(w, 422, msg)
			return
		}
		cp.Updated = s.now()
		*t = cp
		reply(w, 200, t)
	})
}

func (s *Server) comment(w http.ResponseWriter, r *http.Request) {
	var c Comment
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil || strings.TrimSpace(c.Body) == "" {
		fail(w, 422, "a comment needs a body")
		return
	}
	s.withTicket(w, r, func(t *Ticket) {
		c.At = s.now()
		t.Comments = append(t.Comments, c)
		t.Updated = c.At
		w.WriteHeader(204)
	})
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var since time.Time
	if v := q.Get("since"); v != "" {
		var err error
		if since, err = time.Parse(time.RFC3339Nano, v); err != nil {
			fail(w, 400, "since is not RFC 3339")
			return
		}
	}
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	s.mu.Lock()
	var out []Ticket
	for _, t := range s.tickets {
		if t.Updated.Before(since) || (after > 0 && t.Updated.Equal(since) && t.ID <= after) {
			continue
		}
		c := *t
		c.Comments = nil
		out = append(out, c)
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Updated.Equal(out[j].Updated) {
			return out[i].Updated.Before(out[j].Updated)
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	reply(w, 200, map[string]any{"tickets": out})
}
