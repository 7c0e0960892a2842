package rt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/restapi"
)

// flexString decodes a JSON string or number as a string: RT sends ids as
// strings in create answers and list items but as numbers in a single GET,
// and numeric fields (Priority) as strings.
type flexString = restapi.FlexString

// ref is a link to another object ({"id": "root", "type": "user", ...});
// RT sends an empty string for one the user may not see.
type ref struct {
	ID   flexString `json:"id"`
	Name string     `json:"Name"`
}

func (r *ref) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' || string(b) == "null" {
		*r = ref{}
		return nil
	}
	type plain ref
	return json.Unmarshal(b, (*plain)(r))
}

// cfValue is one custom field of a ticket.
type cfValue struct {
	ID     flexString   `json:"id"`
	Name   string       `json:"name"`
	Values []flexString `json:"values"`
}

// wireTicket is a ticket as REST2 sends it (GET /ticket/:id, or a search
// item with fields=...).
type wireTicket struct {
	ID           flexString `json:"id"`
	Subject      string     `json:"Subject"`
	Status       string     `json:"Status"`
	Priority     flexString `json:"Priority"`
	Queue        ref        `json:"Queue"`
	Owner        ref        `json:"Owner"`
	Requestor    []ref      `json:"Requestor"`
	Created      string     `json:"Created"`
	LastUpdated  string     `json:"LastUpdated"`
	CustomFields []cfValue  `json:"CustomFields"`
}

// page is one page of a REST2 collection.
type page[T any] struct {
	Total   flexString `json:"total"`
	Page    flexString `json:"page"`
	Pages   flexString `json:"pages"`
	PerPage flexString `json:"per_page"`
	Items   []T        `json:"items"`
}

// created is the answer to a create.
type created struct {
	ID flexString `json:"id"`
}

// txn is a transaction item of a search.
type txn struct {
	ID       flexString `json:"id"`
	ObjectID flexString `json:"ObjectId"`
	Type     string     `json:"Type"`
}

// attachment is an attachment item of a search.
type attachment struct {
	ID            flexString `json:"id"`
	TransactionID flexString `json:"TransactionId"`
	ContentType   string     `json:"ContentType"`
	Content       string     `json:"Content"`
}

// parseTime reads RT's times ("2026-11-23T01:00:34Z"; the epoch means
// "not set").
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		// Older RT: "2018-06-29:10:25Z" style or a space.
		for _, l := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
			if t2, err2 := time.Parse(l, strings.TrimSuffix(s, "Z")); err2 == nil {
				return t2.UTC(), nil
			}
		}
		return time.Time{}, fmt.Errorf("time %q: %v", s, err)
	}
	if t.Unix() == 0 {
		return time.Time{}, nil
	}
	return t.UTC(), nil
}

// nobody is RT's name for "no owner".
const nobody = "Nobody"

// toTicket converts a wire ticket; queueNames maps queue ids to names for
// answers that give only the id.
func (w *wireTicket) toTicket(queueNames map[string]string) (driver.Ticket, error) {
	t := driver.Ticket{ID: string(w.ID), Subject: w.Subject, Status: w.Status}
	if t.ID == "" {
		return t, fmt.Errorf("a ticket without an id")
	}
	if _, err := strconv.ParseUint(t.ID, 10, 63); err != nil {
		return t, fmt.Errorf("ticket id %q is not a number", t.ID)
	}
	if w.Priority != "" {
		p, err := strconv.ParseFloat(string(w.Priority), 64)
		if err != nil {
			return t, fmt.Errorf("ticket %s: priority %q is not a number", t.ID, w.Priority)
		}
		t.Priority = int(min(max(p, 0), 100))
	}
	t.Queue = w.Queue.Name
	if t.Queue == "" {
		t.Queue = queueNames[string(w.Queue.ID)]
	}
	if o := string(w.Owner.ID); o != nobody {
		t.Assignee = o
	}
	if len(w.Requestor) > 0 {
		t.Requester = string(w.Requestor[0].ID)
	}
	var err error
	if t.Created, err = parseTime(w.Created); err != nil {
		return t, fmt.Errorf("ticket %s: %v", t.ID, err)
	}
	if t.Updated, err = parseTime(w.LastUpdated); err != nil {
		return t, fmt.Errorf("ticket %s: %v", t.ID, err)
	}
	for _, cf := range w.CustomFields {
		if cf.Name == "" || len(cf.Values) == 0 {
			continue
		}
		vs := make([]string, len(cf.Values))
		for i, v := range cf.Values {
			vs[i] = string(v)
		}
		if t.Fields == nil {
			t.Fields = map[string]string{}
		}
		t.Fields[cf.Name] = strings.Join(vs, ", ")
	}
	return t, nil
}

// decodeTicket decodes a single-ticket answer.
func decodeTicket(data []byte, queueNames map[string]string) (driver.Ticket, error) {
	var w wireTicket
	if err := json.Unmarshal(data, &w); err != nil {
		return driver.Ticket{}, err
	}
	return w.toTicket(queueNames)
}

// decodePage decodes one page of a ticket search.
func decodePage(data []byte, queueNames map[string]string) ([]driver.Ticket, int, error) {
	var p page[wireTicket]
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, 0, err
	}
	out, err := restapi.Convert(p.Items, func(w *wireTicket) (driver.Ticket, error) { return w.toTicket(queueNames) })
	if err != nil {
		return nil, 0, err
	}
	pages, _ := strconv.Atoi(string(p.Pages))
	return out, pages, nil
}
