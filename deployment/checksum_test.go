package deployment

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

const sum64 = "9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c"

// TestRequireChecksum: with require_checksum: true an unpinned plugin://
// store or ticket URL is refused at its line; pinned URLs and other
// schemes load; without the key an unpinned URL loads (the plugin host
// warns when it opens it).
func TestRequireChecksum(t *testing.T) {
	const hdr = "kind: deployment\nversion: 1\nname: X\ncountry: CO\n"
	for _, c := range []struct {
		name string
		body string
		want []string // parts of the error; none: loads
	}{
		{"unpinned store, not required", "store: plugin:///opt/r/store?path=x\n", nil},
		{"unpinned store, required", "require_checksum: true\nstore: plugin:///opt/r/store?path=x\n",
			[]string{":6:8: store: URL plugin:// sin sha256"}},
		{"unpinned tickets, required", "require_checksum: true\ntickets:\n  url: plugin:///opt/r/tickets\n",
			[]string{":7:8: tickets.url: URL plugin:// sin sha256"}},
		{"both unpinned, required", "require_checksum: true\nstore: plugin:///opt/r/store\ntickets:\n  url: plugin:///opt/r/tickets?sha256=\n",
			[]string{":6:8: store:", ":8:8: tickets.url:"}},
		{"pinned, required", "require_checksum: true\nstore: plugin:///opt/r/store?sha256=" + sum64 + "\ntickets:\n  url: plugin:///opt/r/t?x=1&sha256=" + sum64 + "\n", nil},
		{"not plugins, required", "require_checksum: true\nstore: sqlite://a.db\ntickets:\n  url: desk://\n", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := write(t, t.TempDir(), "d.yaml", hdr+c.body)
			d, err := Load(path, relaciona.Spanish)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), path+w)
			}
			assert.Nil(t, d)
		})
	}
	d, err := Load(write(t, t.TempDir(), "d.yaml", hdr+"require_checksum: true\n"), relaciona.English)
	require.NoError(t, err)
	assert.True(t, d.RequireChecksum)
}

func TestUnpinned(t *testing.T) {
	for u, want := range map[string]bool{
		"plugin:///opt/p":                     true,
		"plugin:///opt/p?path=x":              true,
		"plugin:///opt/p?sha256=":             true,
		"plugin:///opt/p?sha256=" + sum64:     false,
		"plugin:///opt/p?a=1&sha256=" + sum64: false,
		"sqlite://a.db":                       false,
		"desk://":                             false,
		"plugin:///opt/p?%zz":                 true,
	} {
		assert.Equal(t, want, Unpinned(u), u)
	}
}
