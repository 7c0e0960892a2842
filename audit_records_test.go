package relaciona_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// TestVerifyRecordsFindsChangesBehindTheStore tampers with the records table
// directly, as someone with a database console could: the hash chain stays
// intact, and VerifyRecords names the record that no longer matches the log.
func TestVerifyRecordsFindsChangesBehindTheStore(t *testing.T) {
	tests := []tamperCase{
		{"untouched", "", "", ""},
		{"body edited", `UPDATE records SET body = X'7B7D' WHERE kind = 'test.note' AND id = 'c'`, "c", "body, attributes or time are not the ones written"},
		{"version edited", `UPDATE records SET version = 7 WHERE kind = 'test.note' AND id = 'b'`, "b", "version is 7, the log last wrote 2"},
		{"row removed", `DELETE FROM records WHERE kind = 'test.note' AND id = 'a'`, "a", "it is missing"},
		{"row added", `INSERT INTO records (kind, id, version, t, attrs, body) VALUES ('test.note', 'zz', 1, 0, X'', X'7B7D')`, "zz", "never wrote it"},
		{"deleted row put back", `INSERT INTO records (kind, id, version, t, attrs, body) VALUES ('test.note', 'e', 1, 0, X'', X'7B7D')`, "e", "never wrote it, or deleted it"},
		// Found when every kind is verified, not when only test.note is.
		{"other kind edited", `UPDATE records SET body = X'7B7D' WHERE kind = 'test.other' AND id = 'x'`, "x", "body, attributes or time are not the ones written"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			d, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
			require.NoError(t, err)
			s := relaciona.NewStore(d)
			defer s.Close()
			seedFiveNotes(t, s)
			// Another kind in the same log is not this check's business.
			other := relaciona.NewCollection(s, "test.other", func(n *note) relaciona.Key { return relaciona.Key{ID: n.ID} })
			b := s.Begin(clerk, "other.create", "")
			other.Put(b, &note{ID: "x"}, 0)
			_, err = b.Commit(ctx)
			require.NoError(t, err)

			if tt.tamper != "" {
				require.NoError(t, d.Exec(ctx, tt.tamper))
			}
			_, err = s.VerifyAudit(ctx)
			require.NoError(t, err, "the log itself is intact: only the records were touched")
			n, err := s.VerifyRecords(ctx, "test.note")
			if tt.tamper == "" || tt.id == "x" {
				require.NoError(t, err)
				assert.Equal(t, int64(4), n, "a, b, c and d; e was deleted")
			} else {
				checkMismatch(t, err, "test.note", tt.id, tt.what)
			}
			n, err = s.VerifyRecords(ctx)
			if tt.tamper == "" {
				require.NoError(t, err)
				assert.Equal(t, int64(5), n, "every kind the log wrote: four notes and x")
			} else {
				kind := map[bool]string{false: "test.note", true: "test.other"}[tt.id == "x"]
				checkMismatch(t, err, kind, tt.id, tt.what)
			}
		})
	}
	_, err := openMem(t).VerifyRecords(context.Background(), "test.note", "")
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
}

// tamperCase is a change made behind the store, and the mismatch a
// verification must report for it.
type tamperCase struct {
	name   string
	tamper string // SQL run on the records table; "" leaves it alone
	id     string // the record found changed
	what   string // what the mismatch says about it
}

// checkMismatch checks that err is a *RecordMismatch naming the record
// kind/id and saying what, without any body content.
func checkMismatch(t *testing.T, err error, kind, id, what string) {
	t.Helper()
	var rm *relaciona.RecordMismatch
	require.ErrorAs(t, err, &rm)
	assert.ErrorIs(t, err, relaciona.ErrAuditBroken)
	assert.Equal(t, kind, rm.Kind)
	assert.Equal(t, id, rm.ID)
	assert.Contains(t, rm.Error(), what)
	assert.NotContains(t, rm.Error(), "hola", "no body content in the message")
}
