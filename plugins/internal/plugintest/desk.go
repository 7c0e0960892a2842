package plugintest

import (
	"time"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
)

// DeskOptions configure the built-in desk the ticket suite runs against:
// two queues, two declared fields and two agents.
func DeskOptions() desk.Options {
	return desk.Options{Queues: []string{"pqrsd", "reclamos"}, Fields: []string{"external_ref", "canal"}, Agents: []string{"ana", "luis"}}
}

// DeskHarness is the ticket suite's harness for d, a desk opened with
// DeskOptions (directly, or served as a plugin).
func DeskHarness(d driver.Tickets) conformance.TicketsHarness {
	return conformance.TicketsHarness{
		Tickets:      d,
		Queue:        "pqrsd",
		Statuses:     []string{"new", "open", "resolved"},
		Field:        "external_ref",
		StrictFields: true,
		Assignee:     "ana",
		Requester:    "ciudadano@example.org",
		Resolution:   time.Millisecond,
	}
}
