package plugins

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// TestUnpinnedPluginWarnsOrIsRefused: a plugin:// URL without sha256 is
// taken with a warning through the host's logger, and refused (before
// anything runs) when the checksum is required; a pinned URL gets neither.
func TestUnpinnedPluginWarnsOrIsRefused(t *testing.T) {
	const pinned = "plugin:///no/such/relaciona-plugin?sha256=" + "9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c"
	const unpinned = "plugin:///no/such/relaciona-plugin?path=x"
	open := map[string]func(ctx context.Context, u string, opts ...Option) error{
		"store": func(ctx context.Context, u string, opts ...Option) error {
			_, err := OpenStore(ctx, u, opts...)
			return err
		},
		"tickets": func(ctx context.Context, u string, opts ...Option) error {
			_, err := OpenTickets(ctx, u, driver.TicketsEnv{}, opts...)
			return err
		},
	}
	for kind, o := range open {
		for _, c := range []struct {
			name    string
			url     string
			require bool
			warn    bool
			refused bool
		}{
			{"unpinned warns", unpinned, false, true, false},
			{"unpinned refused when required", unpinned, true, false, true},
			{"pinned, no warning", pinned, false, false, false},
			{"pinned, required", pinned, true, false, false},
		} {
			t.Run(kind+"/"+c.name, func(t *testing.T) {
				var buf bytes.Buffer
				log := hclog.New(&hclog.LoggerOptions{Output: &buf, Level: hclog.Warn})
				err := o(context.Background(), c.url, WithLogger(log), WithRequireChecksum(c.require), WithStartTimeout(1))
				require.Error(t, err, "the binary does not exist")
				if c.refused {
					assert.ErrorIs(t, err, driver.ErrInvalid)
					assert.Contains(t, err.Error(), "has no sha256 and a checksum is required")
				} else {
					assert.NotContains(t, err.Error(), "checksum is required")
				}
				assert.Equal(t, c.warn, strings.Contains(buf.String(), "plugin binary not pinned"), "log: %s", buf.String())
				if c.warn {
					assert.Contains(t, buf.String(), "/no/such/relaciona-plugin", "the warning names the binary")
				}
			})
		}
	}
}
