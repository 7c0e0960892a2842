package rt_test

import (
	"os"
	"strings"
	"testing"

	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

// TestConformanceBinaryRealServer runs the suite through the
// relaciona-tickets-rt plugin binary against the real RT, and checks that
// the token appears in no log line of the host or the plugin.
func TestConformanceBinaryRealServer(t *testing.T) {
	_, token := realRT(t)
	bin := plugintest.Build(t, plugintest.Module+"/plugins/rt/cmd/relaciona-tickets-rt")
	host := strings.TrimPrefix(strings.TrimPrefix(os.Getenv("RT_URL"), "http://"), "https://")
	plugintest.CheckTicketsBinary(t, bin, "host="+host+"&queue=General", token, "1-1-badbadbadbadbadbadbadbadbadbadbad", harness)
}
