package redmine

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/restapi"
)

// flexString decodes a JSON string, number, null, or an array of those
// (a multiple-value custom field) as a string.
type flexString = restapi.FlexList

// named is {"id": 1, "name": "..."}.
type named struct {
	ID   flexString `json:"id"`
	Name string     `json:"name"`
}

type wireCF struct {
	ID    flexString `json:"id"`
	Name  string     `json:"name"`
	Value flexString `json:"value"`
}

// wireIssue is an issue as the REST API sends it.
type wireIssue struct {
	ID           flexString `json:"id"`
	Project      *named     `json:"project"`
	Status       *named     `json:"status"`
	Priority     *named     `json:"priority"`
	Author       *named     `json:"author"`
	AssignedTo   *named     `json:"assigned_to"`
	Subject      string     `json:"subject"`
	Description  *string    `json:"description"`
	CustomFields []wireCF   `json:"custom_fields"`
	CreatedOn    string     `json:"created_on"`
	UpdatedOn    string     `json:"updated_on"`
}

// issueList is one page of /issues.json.
type issueList struct {
	Issues     []wireIssue `json:"issues"`
	TotalCount int         `json:"total_count"`
	Offset     int         `json:"offset"`
	Limit      int         `json:"limit"`
}

// maps is what the adapter knows to convert an issue: names by id.
type maps struct {
	projects   map[string]string // project id -> identifier
	priorities map[string]int    // priority id -> 0-100
	users      map[string]string // user id -> login
	requester  string            // custom field that holds the requester
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q: %v", s, err)
	}
	return t.UTC(), nil
}

func (w *wireIssue) toTicket(m *maps) (driver.Ticket, error) {
	t := driver.Ticket{ID: string(w.ID), Subject: w.Subject}
	if _, err := strconv.ParseUint(t.ID, 10, 63); err != nil {
		return t, fmt.Errorf("issue id %q is not a number", t.ID)
	}
	if w.Status == nil || w.Status.Name == "" {
		return t, fmt.Errorf("issue %s has no status", t.ID)
	}
	t.Status = w.Status.Name
	if w.Description != nil {
		t.Body = strings.ReplaceAll(*w.Description, "\r\n", "\n") // Redmine stores CRLF
	}
	if w.Project != nil {
		t.Queue = m.projects[string(w.Project.ID)]
		if t.Queue == "" {
			t.Queue = string(w.Project.ID)
		}
	}
	if w.Priority != nil {
		t.Priority = m.priorities[string(w.Priority.ID)]
	}
	if w.AssignedTo != nil && w.AssignedTo.ID != "" {
		t.Assignee = m.users[string(w.AssignedTo.ID)]
		if t.Assignee == "" {
			t.Assignee = string(w.AssignedTo.ID)
		}
	}
	if m.requester == "" && w.Author != nil {
		t.Requester = m.users[string(w.Author.ID)]
		if t.Requester == "" {
			t.Requester = string(w.Author.ID)
		}
	}
	for _, cf := range w.CustomFields {
		if cf.Name == "" || cf.Value == "" {
			continue
		}
		if cf.Name == m.requester {
			t.Requester = string(cf.Value)
			continue
		}
		if t.Fields == nil {
			t.Fields = map[string]string{}
		}
		t.Fields[cf.Name] = string(cf.Value)
	}
	var err error
	if t.Created, err = parseTime(w.CreatedOn); err != nil {
		return t, err
	}
	if t.Updated, err = parseTime(w.UpdatedOn); err != nil {
		return t, err
	}
	return t, nil
}

// decodeIssue decodes {"issue": {...}}.
func decodeIssue(data []byte, m *maps) (driver.Ticket, error) {
	var w struct {
		Issue *wireIssue `json:"issue"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return driver.Ticket{}, err
	}
	if w.Issue == nil {
		return driver.Ticket{}, fmt.Errorf("no issue in the answer")
	}
	return w.Issue.toTicket(m)
}

// decodeIssues decodes one page of /issues.json.
func decodeIssues(data []byte, m *maps) ([]driver.Ticket, int, error) {
	var l issueList
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, 0, err
	}
	out, err := restapi.Convert(l.Issues, func(w *wireIssue) (driver.Ticket, error) { return w.toTicket(m) })
	if err != nil {
		return nil, 0, err
	}
	return out, l.TotalCount, nil
}
