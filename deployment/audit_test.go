package deployment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

const auditHdr = "kind: deployment\nversion: 1\nname: X\ncountry: CO\n"

func TestLoadAuditSection(t *testing.T) {
	t.Run("defaults", func(t *testing.T) {
		dir := t.TempDir()
		d, err := Load(write(t, dir, "d.yaml", auditHdr), relaciona.Spanish)
		require.NoError(t, err)
		assert.Equal(t, AuditConfig{HeadFile: filepath.Join(dir, DefaultAuditHeadFile), Verify: VerifyIncremental}, d.Audit)
		key, err := d.AuditKey()
		require.NoError(t, err)
		assert.Nil(t, key, "no key named: an unkeyed chain")
	})
	t.Run("all set", func(t *testing.T) {
		dir := t.TempDir()
		d, err := Load(write(t, dir, "d.yaml", auditHdr+"audit:\n  head_file: state/head.json\n  key_file: secrets/audit.key\n  verify: full\n"), relaciona.Spanish)
		require.NoError(t, err)
		assert.Equal(t, AuditConfig{HeadFile: filepath.Join(dir, "state", "head.json"), KeyFile: filepath.Join(dir, "secrets", "audit.key"), Verify: VerifyFull}, d.Audit)
	})
}

func TestLoadAuditSectionInvalid(t *testing.T) {
	for _, c := range []struct{ name, body, want string }{
		{"unknown key", "audit:\n  key: abc\n", ":6:3: audit.key: clave desconocida \"key\"; claves permitidas: head_file, key_env, key_file, verify"},
		{"both keys", "audit:\n  key_env: K\n  key_file: k.txt\n", ":6:3: audit: use key_env o key_file, no ambos"},
		{"key in key_env", "audit:\n  key_env: 9f86d081884c7d659a2feaa0c55ad015\n", ":6:12: audit.key_env: debe ser el nombre de una variable de entorno (letras, dígitos y _, sin empezar por dígito), no la clave"},
		{"bad verify", "audit:\n  verify: sometimes\n", ":6:11: audit.verify: valor \"sometimes\" no permitido; valores permitidos: incremental, full"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := write(t, t.TempDir(), "d.yaml", auditHdr+c.body)
			_, err := Load(path, relaciona.Spanish)
			require.Error(t, err)
			assert.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Equal(t, path+c.want, err.Error())
		})
	}
}

func TestAuditKey(t *testing.T) {
	key := strings.Repeat("k", MinAuditKeyBytes)
	dir := t.TempDir()
	t.Setenv("RELACIONA_TEST_AUDIT_KEY", " "+key+"\n")
	t.Setenv("RELACIONA_TEST_AUDIT_SHORT", "short-key-0123456789")
	fifo := filepath.Join(dir, "fifo.key")
	fifoErr := mkfifo(fifo)
	tests := []struct {
		name string
		cfg  AuditConfig
		want string // "" for success
	}{
		{"from the environment", AuditConfig{KeyEnv: "RELACIONA_TEST_AUDIT_KEY"}, ""},
		{"from a file", AuditConfig{KeyFile: write(t, dir, "audit.key", key+"\n")}, ""},
		{"variable not set", AuditConfig{KeyEnv: "RELACIONA_TEST_AUDIT_UNSET"}, "RELACIONA_TEST_AUDIT_UNSET"},
		{"short key in the environment", AuditConfig{KeyEnv: "RELACIONA_TEST_AUDIT_SHORT"}, "shorter than 32 bytes"},
		{"short key in a file", AuditConfig{KeyFile: write(t, dir, "short.key", "short-key-0123456789\n")}, "shorter than 32 bytes"},
		{"missing file", AuditConfig{KeyFile: filepath.Join(dir, "nope.key")}, "nope.key"},
		{"folder", AuditConfig{KeyFile: dir}, "is not a regular file"},
		{"FIFO", AuditConfig{KeyFile: fifo}, "is not a regular file"},
		{"huge file", AuditConfig{KeyFile: write(t, dir, "huge.key", strings.Repeat("k", 5000))}, "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "FIFO" && fifoErr != nil {
				t.Skipf("no FIFO on this system: %v", fifoErr)
			}
			got, err := tt.cfg.Key()
			if tt.want == "" {
				require.NoError(t, err)
				assert.Equal(t, []byte(key), got)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "short-key", "the key is never in a message")
			assert.NotContains(t, err.Error(), key)
			if tt.name != "missing file" {
				assert.ErrorIs(t, err, relaciona.ErrInvalid)
			} else {
				assert.ErrorIs(t, err, os.ErrNotExist)
			}
		})
	}
}
