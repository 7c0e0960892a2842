package satisfaction

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// TestCreateTwiceNamesWhatIsAlreadyThere pins the message of the guard
// (existsConflict) that refuses a second document, quality evaluation or
// Dirección review with the same id: without it the store's own version
// check still answers ErrConflict, but without saying what is already there.
func TestCreateTwiceNamesWhatIsAlreadyThere(t *testing.T) {
	f := newFixture(t)
	doc := ProcessDocument{Title: "Descripción del proceso", Location: "https://intranet.example/procesos/satisfaccion.pdf", Version: "1.0", Reviewed: day("2025-03-01")}
	d, err := f.p.RegisterDocument(f.ctx, f.owner, doc, ts("2025-03-01T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.RegisterDocument(f.ctx, f.owner, doc, ts("2025-03-02T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrConflict)
	assert.ErrorContains(t, err, "el documento "+d.ID+" ya está registrado")

	_, err = f.p.EvaluateQuality(f.ctx, f.owner, day("2026-03-10"), "", ts("2026-03-10T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.EvaluateQuality(f.ctx, f.owner, day("2026-03-10"), "", ts("2026-03-10T11:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrConflict)
	assert.ErrorContains(t, err, "ya hay una evaluación de calidad del 2026-03-10")

	_, err = f.p.RecordDirectionReview(f.ctx, f.dir, Month{}, day("2026-05-10"), "revisión", ts("2026-05-10T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.RecordDirectionReview(f.ctx, f.dir, Month{}, day("2026-06-10"), "otra", ts("2026-06-10T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrConflict)
	assert.ErrorContains(t, err, "el periodo 2026-04 ya tiene su revisión de Dirección")
}
