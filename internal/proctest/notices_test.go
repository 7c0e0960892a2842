package proctest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigWithoutNotices(t *testing.T) {
	for _, tc := range []struct {
		name, file, want string
		cut              bool
	}{
		{"the key ends the file", "kind: x\nteam: []\nnotifications:\n  x.y:\n    es: {}\n", "kind: x\nteam: []\n", true},
		{"no key", "kind: x\nteam: []\n", "kind: x\nteam: []\n", false},
		{"a key named otherwise is kept", "kind: x\nmy_notifications:\n  a: b\n", "kind: x\nmy_notifications:\n  a: b\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.yaml")
			require.NoError(t, os.WriteFile(path, []byte(tc.file), 0o644))
			data, cut := ConfigWithoutNotices(t, path)
			assert.Equal(t, tc.want, string(data))
			assert.Equal(t, tc.cut, cut)
		})
	}
}
