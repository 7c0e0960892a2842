package relaciona_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

func testHead() relaciona.AuditHead {
	at := time.Date(2026, 3, 2, 6, 15, 0, 123000, time.UTC)
	return relaciona.AuditHead{
		Verified: relaciona.AuditCheckpoint{Seq: 7, Hash: bytes.Repeat([]byte{0xab}, 32), Time: at},
		Seen:     relaciona.AuditCheckpoint{Seq: 9, Hash: bytes.Repeat([]byte{0xcd}, 32), Time: at.Add(time.Minute)},
	}
}

func TestAuditHeadFileRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "relaciona-head.json")
	h, err := relaciona.ReadAuditHead(path)
	require.NoError(t, err, "a missing head file is the zero head")
	assert.True(t, h.IsZero())

	want := testHead()
	require.NoError(t, relaciona.WriteAuditHead(path, want))
	got, err := relaciona.ReadAuditHead(path)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"seq": 7`)
	assert.Contains(t, string(b), `"hash": "`+strings.Repeat("ab", 32)+`"`, "hashes in hexadecimal, as reports show them")

	// Overwritten in place, with no temporary file left behind.
	want.Verified = want.Seen
	require.NoError(t, relaciona.WriteAuditHead(path, want))
	got, err = relaciona.ReadAuditHead(path)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1)

	require.NoError(t, relaciona.WriteAuditHead(path, relaciona.AuditHead{}), "the zero head (an empty store) is written too")
	got, err = relaciona.ReadAuditHead(path)
	require.NoError(t, err)
	assert.True(t, got.IsZero())
}

func TestAuditHeadFileRefusesHostileContent(t *testing.T) {
	hash := strings.Repeat("ab", 32)
	cp := func(seq int, h string) string {
		return `{"seq":` + strconv.Itoa(seq) + `,"hash":"` + h + `","time":"2026-03-02T06:15:00Z"}`
	}
	head := func(v, s string) string {
		return `{"kind":"relaciona-audit-head","verified":` + v + `,"seen":` + s + `}`
	}
	tests := []struct{ name, body, want string }{
		{"empty", "", "empty or cut short"},
		{"not json", "SECRET=hunter2\n", "malformed JSON"},
		{"another kind", `{"kind":"x","verified":` + cp(1, hash) + `,"seen":` + cp(1, hash) + `}`, "kind is not"},
		{"unknown field", `{"kind":"relaciona-audit-head","extra":1}`, "not a head file"},
		{"wrong type", `{"kind":"relaciona-audit-head","verified":{"seq":"7"}}`, "wrong type"},
		{"trailing data", head(cp(1, hash), cp(1, hash)) + `{}`, "data after the head"},
		{"bad hex", head(cp(1, "zz"), cp(1, "zz")), "not hexadecimal"},
		{"short hash", head(cp(1, "abcd"), cp(1, "abcd")), "has 2 bytes"},
		{"negative seq", head(cp(-1, ""), cp(0, "")), "negative"},
		{"seen before verified", head(cp(3, hash), cp(2, hash)), "before the entry verified"},
		{"same entry two hashes", head(cp(3, hash), cp(3, strings.Repeat("cd", 32))), "two different hashes"},
		{"time out of range", head(cp(0, ""), `{"seq":0,"hash":"","time":"0000-01-01T00:00:00+01:00"}`), "out of range"},
		{"too large", strings.Repeat(" ", 70<<10), "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "head.json")
			require.NoError(t, os.WriteFile(path, []byte(tt.body), 0o644))
			_, err := relaciona.ReadAuditHead(path)
			require.Error(t, err)
			assert.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Contains(t, err.Error(), path, "the error names the file")
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "hunter2", "the content is never quoted")
		})
	}
	t.Run("folder", func(t *testing.T) {
		dir := t.TempDir()
		_, err := relaciona.ReadAuditHead(dir)
		assert.ErrorIs(t, err, relaciona.ErrInvalid)
		assert.Contains(t, err.Error(), "not a regular file")
		assert.ErrorIs(t, relaciona.WriteAuditHead(dir, testHead()), relaciona.ErrInvalid)
	})
	t.Run("invalid head not written", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "head.json")
		bad := testHead()
		bad.Seen.Seq = 1
		assert.ErrorIs(t, relaciona.WriteAuditHead(path, bad), relaciona.ErrInvalid)
		assert.NoFileExists(t, path)
	})
}

// FuzzReadAuditHead: whatever the file holds, reading it does not panic,
// and a head it accepts is encoded back and read the same.
func FuzzReadAuditHead(f *testing.F) {
	good, err := testHead().MarshalJSON()
	require.NoError(f, err)
	f.Add(good)
	f.Add([]byte(`{"kind":"relaciona-audit-head","verified":{"seq":0,"hash":"","time":"0001-01-01T00:00:00Z"},"seen":{"seq":0}}`))
	f.Add([]byte(`{"kind":"relaciona-audit-head","verified":{"seq":1e99}}`))
	f.Add([]byte("\x00\xff{"))
	f.Add([]byte(`{"kind":"relaciona-audit-head","verified":{"seq":0,"hash":"","time":"0000-01-01T00:00:00+01:00"},"seen":{"seq":0}}`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := os.CreateTemp(dir, "head-*.json")
		require.NoError(t, err)
		defer os.Remove(file.Name())
		_, err = file.Write(data)
		require.NoError(t, err)
		require.NoError(t, file.Close())
		h, err := relaciona.ReadAuditHead(file.Name())
		if err != nil {
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			return
		}
		// What the file writer writes (MarshalJSON) reads back the same.
		b, err := h.MarshalJSON()
		require.NoError(t, err)
		var again relaciona.AuditHead
		require.NoError(t, again.UnmarshalJSON(b))
		assert.Equal(t, h.Verified.Seq, again.Verified.Seq)
		assert.Equal(t, h.Seen.Hash, again.Seen.Hash)
		assert.True(t, h.Verified.Time.Equal(again.Verified.Time))
	})
}
