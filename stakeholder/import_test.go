package stakeholder

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/csvio"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/process"
)

func table(t *testing.T, p *Process, name string) process.Table {
	t.Helper()
	return proctest.Table(t, p.Tables(), name)
}

// importCSV imports data into the named table as the person of level.
func importCSV(t *testing.T, f *fixture, name string, level int, data string, o process.ImportOptions) (process.Counts, error) {
	t.Helper()
	if o.File == "" {
		o.File = name + ".csv"
	}
	if o.Lang == "" {
		o.Lang = relaciona.English
	}
	o.At = noon(t, "2026-02-02")
	return process.Import(ctx, table(t, f.svc, name), actor(level), proctest.Text(data), o)
}

const stakeholdersCSV = "\ufeffidentificador;nombre;tipo;grupos;canales;contacto_nombre;contacto_correo\n" +
	"alcaldia;Alcaldía de Pasto;organisation;externos;meeting|letter;Luis Pérez;luis@example.org\n" +
	"vecino;Pedro Vecino;person;;phone;;\n" +
	"sena;SENA Regional;Organisation;gremios|externos;;;\n"

func TestImportStakeholdersIsIdempotentByKey(t *testing.T) {
	f := newFixture(t, testYAML, true, WithLang(relaciona.English))
	n, err := importCSV(t, f, TableStakeholders, 4, stakeholdersCSV, process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 3, Created: 3}, n)
	got, err := f.svc.Get(ctx, "alcaldia")
	require.NoError(t, err)
	assert.Equal(t, Organisation, got.Type)
	assert.Equal(t, []string{"externos"}, got.Groups)
	assert.Equal(t, []Contact{{Name: "Luis Pérez", Email: "luis@example.org"}}, got.Contacts)
	assert.Equal(t, day(t, "2026-02-02"), got.Registered)
	assert.Equal(t, "stakeholder.import_csv", f.lastAudit(t).Action)

	// The same file again changes nothing, and says so.
	before := f.auditLen(t)
	n, err = importCSV(t, f, TableStakeholders, 4, stakeholdersCSV, process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 3, Unchanged: 3}, n)
	assert.Contains(t, n.Summary(relaciona.English), "nothing changed")
	assert.Contains(t, n.Summary(relaciona.Spanish), "3 filas leídas, 0 creadas, 0 actualizadas, 3 sin cambios, 0 rechazadas: nada cambió")
	assert.Equal(t, before, f.auditLen(t))

	// A changed row updates its record and keeps what the file does not
	// carry (the assessment of camara).
	n, err = importCSV(t, f, TableStakeholders, 4, "id,name,type\ncamara,Cámara de Comercio de Pasto,organisation\nvecino,Pedro Vecino,person\n", process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 2, Updated: 2}, n)
	cam, err := f.svc.Get(ctx, "camara")
	require.NoError(t, err)
	assert.Equal(t, "Cámara de Comercio de Pasto", cam.Name)
	require.NotNil(t, cam.Latest, "the assessment is kept")
}

func TestExportStakeholdersReadsBackUnchanged(t *testing.T) {
	f := newFixture(t, testYAML, true, WithLang(relaciona.English))
	_, err := importCSV(t, f, TableStakeholders, 4, stakeholdersCSV+"raro;=cmd|' /C calc'!A0;person;;;;\n", process.ImportOptions{SkipBad: true})
	require.NoError(t, err)
	_, err = importCSV(t, f, TableStakeholders, 4, "id,name,type\nformula,'=1+1,person\n", process.ImportOptions{})
	require.NoError(t, err)
	var first bytes.Buffer
	rows, err := process.Export(ctx, table(t, f.svc, TableStakeholders), &first, process.ExportOptions{})
	require.NoError(t, err)
	assert.Equal(t, 7, rows)
	assert.Contains(t, first.String(), ",'=1+1,", "the formula-looking name is neutralised")
	// Imported back into the same store: nothing changes.
	n, err := importCSV(t, f, TableStakeholders, 4, first.String(), process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 7, Unchanged: 7}, n)
	// Into a fresh store: the same records, so the same export.
	g := newFixture(t, testYAML, false, WithLang(relaciona.English))
	_, err = importCSV(t, g, TableGroups, 5, "id,name\nexternos,Externos\ngremios,Gremios\n", process.ImportOptions{})
	require.NoError(t, err)
	n, err = importCSV(t, g, TableStakeholders, 6, first.String(), process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, 7, n.Created)
	var second bytes.Buffer
	_, err = process.Export(ctx, table(t, g.svc, TableStakeholders), &second, process.ExportOptions{})
	require.NoError(t, err)
	assert.ElementsMatch(t, strings.Split(first.String(), "\n"), strings.Split(second.String(), "\n"))
	// A redacted export blanks the personal columns.
	var red bytes.Buffer
	_, err = process.Export(ctx, table(t, f.svc, TableStakeholders), &red, process.ExportOptions{Redact: true})
	require.NoError(t, err)
	assert.NotContains(t, red.String(), "Luis")
	assert.NotContains(t, red.String(), "Pedro")
}

func utf16File(s string) string {
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}

// Bad input: clear errors, and nothing written.
func TestImportBadFilesWriteNothing(t *testing.T) {
	cases := []struct {
		name, data string
		want       []string
	}{
		{"duplicated column", "id,name,type,nombre\nx,X,person,Y\n", []string{"stakeholders.csv:1: name: column given twice"}},
		{"missing required column", "id,name\nx,X\n", []string{"stakeholders.csv:1: type: the header lacks this required column"}},
		{"unknown column", "id,name,type,colour\nx,X,person,red\n", []string{"stakeholders.csv:1: colour: unknown column"}},
		{"utf-16", utf16File("id,name,type\nx,X,person\n"), []string{"stakeholders.csv:1: the file is UTF-16 or UTF-32"}},
		{"formula cell", "id,name,type\nx,=HYPERLINK(A1),person\n", []string{"stakeholders.csv:2: name: the cell starts like a formula"}},
		{"bad row in the middle", "id,name,type\na,A,person\nb,B,robot\nc,C,person\n", []string{"stakeholders.csv:3: type: unknown value \"robot\"", "1 of 3 rows have errors; nothing was written"}},
		{"unknown group", "id,name,type,groups\na,A,person,nadie\n", []string{"stakeholders.csv:2: groups: unknown group \"nadie\""}},
		{"repeated key", "id,name,type\na,A,person\nb,B,person\na,A2,person\n", []string{"stakeholders.csv:4: id: the key \"a\" is already on line 2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, testYAML, true, WithLang(relaciona.English))
			before := f.auditLen(t)
			var problems []string
			_, err := importCSV(t, f, TableStakeholders, 4, tc.data, process.ImportOptions{Problem: func(e error) { problems = append(problems, e.Error()) }})
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			all := err.Error() + "\n" + strings.Join(problems, "\n")
			for _, w := range tc.want {
				assert.Contains(t, all, w)
			}
			assert.Equal(t, before, f.auditLen(t), "nothing written")
			for _, id := range []string{"a", "b", "c", "x"} {
				_, err := f.svc.Get(ctx, id)
				require.ErrorIs(t, err, relaciona.ErrNotFound)
			}
		})
	}
}

func TestImportSkipBadWritesTheRestAndRejects(t *testing.T) {
	f := newFixture(t, testYAML, true, WithLang(relaciona.English))
	var rejects bytes.Buffer
	data := "id;name;type\na;A;person\nb;=cmd;person\nc;C;person\nd;D;robot\n"
	n, err := importCSV(t, f, TableStakeholders, 4, data, process.ImportOptions{SkipBad: true, Rejects: &rejects})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 4, Created: 2, Rejected: 2}, n)
	for _, id := range []string{"a", "c"} {
		_, err := f.svc.Get(ctx, id)
		require.NoError(t, err)
	}
	_, err = f.svc.Get(ctx, "b")
	require.ErrorIs(t, err, relaciona.ErrNotFound)
	assert.Equal(t, "id,name,type,line,error\n"+
		"b,'=cmd,person,3,\"name: the cell starts like a formula (= + - @, tab or return): write it with an apostrophe in front ('=...)\"\n"+
		"d,D,robot,5,\"type: unknown value \"\"robot\"\": use person, organisation\"\n", rejects.String())
	// The rejects file, fixed and stripped of its last two columns, imports.
	// Dry run: everything checked, nothing written.
	before := f.auditLen(t)
	n, err = importCSV(t, f, TableStakeholders, 4, "id,name,type\nb,B,person\nd,D,person\n", process.ImportOptions{DryRun: true})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 2}, n)
	assert.Equal(t, before, f.auditLen(t))
}

// The directory decides: a person below the register level may not
// import, and one below the contact-point level may not name one.
func TestImportNeedsTheLevels(t *testing.T) {
	f := newFixture(t, testYAML, true, WithLang(relaciona.English))
	before0 := f.auditLen(t)
	_, err := importCSV(t, f, TableStakeholders, 3, stakeholdersCSV, process.ImportOptions{})
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	// The directory is asked before the file is read: a refused person
	// learns nothing of the file's rows.
	read := 0
	_, err = importCSV(t, f, TableStakeholders, 3, "id,name,type\na,A,robot\n", process.ImportOptions{Problem: func(error) { read++ }})
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	assert.Zero(t, read)
	// A level claimed by the caller is not believed.
	_, err = process.Import(ctx, table(t, f.svc, TableStakeholders), relaciona.Actor{ID: "p3", Level: 7}, proctest.Text(stakeholdersCSV), process.ImportOptions{})
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	_, err = importCSV(t, f, TableStakeholders, 4, "id,name,type,contact_point\nnuevo,Nuevo,person,p5\n", process.ImportOptions{})
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "1 of 1 rows")
	assert.Equal(t, before0, f.auditLen(t))
	n, err := importCSV(t, f, TableStakeholders, 5, "id,name,type,contact_point\nnuevo,Nuevo,person,p5\n", process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1, n.Created)
	_, err = importCSV(t, f, TableGroups, 4, "id,name\ng,G\n", process.ImportOptions{})
	require.ErrorIs(t, err, relaciona.ErrForbidden)
}

// An interrupted import (Ctrl-C) stops between rows and writes nothing
// more.
func TestImportStopsWhenCancelled(t *testing.T) {
	f := newFixture(t, testYAML, true, WithLang(relaciona.English))
	before := f.auditLen(t)
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	seen := 0
	_, err := process.Import(cctx, table(t, f.svc, TableStakeholders), actor(4), proctest.Text("id,name,type\na,A,robot\nb,B,robot\nc,C,person\n"),
		process.ImportOptions{File: "s.csv", SkipBad: true, Problem: func(error) { seen++; cancel() }})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, seen, "the file is not read on")
	assert.Equal(t, before, f.auditLen(t))
}

func TestImportGroups(t *testing.T) {
	f := newFixture(t, testYAML, true, WithLang(relaciona.English))
	n, err := importCSV(t, f, TableGroups, 5, "id,name,parent,needs\nsub,Sub,hijo,\nhijo,Hijo,externos,Reuniones|Boletín\n", process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 2, Created: 2}, n)
	gs, err := f.svc.Groups(ctx)
	require.NoError(t, err)
	assert.Len(t, gs, 4)
	// A loop is refused, naming the line, and nothing is written.
	before := f.auditLen(t)
	_, err = importCSV(t, f, TableGroups, 5, "id,name,parent\nexternos,Externos,sub\n", process.ImportOptions{})
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	var ce *csvio.Error
	require.True(t, errors.As(err, &ce), "%v", err)
	assert.Contains(t, err.Error(), "groups.csv:2: parent: nested groups would form a cycle")
	assert.Equal(t, before, f.auditLen(t))
	var out bytes.Buffer
	_, err = process.Export(ctx, table(t, f.svc, TableGroups), &out, process.ExportOptions{})
	require.NoError(t, err)
	n, err = importCSV(t, f, TableGroups, 5, out.String(), process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 4, Unchanged: 4}, n)
}

// TestImportMillionRowsStreams imports 1,000,000 generated stakeholders
// from a file into an SQLite file store and watches the heap while it
// runs: the file is streamed (never held), so the heap in use stays flat
// whatever the number of rows. It logs rows/s and the peaks. Not in
// -short runs.
func TestImportMillionRowsStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 1,000,000 rows; run without -short")
	}
	const rows = 1_000_000
	dir := t.TempDir()
	path := filepath.Join(dir, "stakeholders.csv")
	fh, err := os.Create(path)
	require.NoError(t, err)
	w := bufio.NewWriter(fh)
	fmt.Fprintln(w, "id;nombre;tipo;interno;canales;contacto_nombre")
	for i := range rows {
		fmt.Fprintf(w, "s%07d;Parte interesada %d;organisation;%t;meeting|email;Contacto %d\n", i, i, i%3 == 0, i)
	}
	require.NoError(t, w.Flush())
	require.NoError(t, fh.Close())
	st, err := os.Stat(path)
	require.NoError(t, err)

	cfg, err := ParseConfig("test.yaml", []byte(testYAML), relaciona.English)
	require.NoError(t, err)
	store, err := relaciona.OpenStore(ctx, "sqlite://"+filepath.Join(dir, "agency.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = store.Close() })
	cal, err := calendar.New("CO", calendar.Options{})
	require.NoError(t, err)
	svc, err := New(store, cfg, cal, WithLang(relaciona.English))
	require.NoError(t, err)

	late := st.Size() * 3 / 2 // half way through the write pass
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var (
		mu             sync.Mutex
		peak, peakLate uint64
		read           atomic.Int64
		stop           = make(chan struct{})
		done           = make(chan struct{})
	)
	go func() {
		defer close(done)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				mu.Lock()
				peak = max(peak, m.HeapInuse)
				if read.Load() > late {
					peakLate = max(peakLate, m.HeapInuse)
				}
				mu.Unlock()
			}
		}
	}()
	open := func() (io.ReadCloser, error) {
		f, err := os.Open(path)
		return &countingFile{File: f, n: &read}, err
	}
	start := time.Now()
	n, err := process.Import(ctx, table(t, svc, TableStakeholders), actor(4), open, process.ImportOptions{File: path, Lang: relaciona.English, At: noon(t, "2026-02-02")})
	elapsed := time.Since(start)
	close(stop)
	<-done
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: rows, Created: rows}, n)
	count, err := store.Count(ctx, kindStakeholder, relaciona.Filter{})
	require.NoError(t, err)
	assert.Equal(t, int64(rows), count)

	mu.Lock()
	defer mu.Unlock()
	t.Logf("%d rows (%.0f MB file) in %s: %.0f rows/s over both passes; heap in use before %.1f MiB, peak %.1f MiB, peak in the second half of the write pass %.1f MiB; peak RSS %s",
		rows, float64(st.Size())/1e6, elapsed.Round(time.Millisecond), rows/elapsed.Seconds(),
		float64(base.HeapInuse)/(1<<20), float64(peak)/(1<<20), float64(peakLate)/(1<<20), peakRSS())
	// Flat: the heap never grows with the file. 1,000,000 rows held as
	// values would take several hundred MiB; the bound is the filter of
	// repeated keys (8 MiB), a batch of 1000 rows and the store's caches.
	assert.Less(t, peak, base.HeapInuse+64<<20, "the heap grew with the file")
}

// countingFile counts the bytes read, so the watcher knows how far the
// import is.
type countingFile struct {
	*os.File
	n *atomic.Int64
}

func (c *countingFile) Read(p []byte) (int, error) {
	k, err := c.File.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// peakRSS is the process's peak resident set (Linux), or "unknown".
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))
		}
	}
	return "unknown"
}
