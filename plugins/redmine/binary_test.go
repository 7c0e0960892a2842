package redmine_test

import (
	"strings"
	"testing"
	"time"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

// TestConformanceBinaryRealServer runs the suite through the
// relaciona-tickets-redmine plugin binary against the real Redmine, and
// checks that the API key appears in no log line or error.
func TestConformanceBinaryRealServer(t *testing.T) {
	_, base, key := realRedmine(t)
	bin := plugintest.Build(t, plugintest.Module+"/plugins/redmine/cmd/relaciona-tickets-redmine")
	host := strings.TrimPrefix(base, "http://")
	plugintest.CheckTicketsBinary(t, bin, "host="+host+"&project="+testProject, key, "fedcba9876543210fedcba9876543210fedcba98",
		func(d driver.Tickets) conformance.TicketsHarness {
			return conformance.TicketsHarness{
				Tickets: d, Queue: testProject, Statuses: []string{"New", "In Progress", "Resolved"}, Field: "external_ref",
				StrictFields: true, Assignee: "admin", Resolution: time.Second, Concurrency: 4,
			}
		})
}
