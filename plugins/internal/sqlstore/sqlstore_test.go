package sqlstore

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// fakeRows yields n rows, then err from Err.
type fakeRows struct {
	n, at int
	err   error
}

func (r *fakeRows) Next() bool             { r.at++; return r.at <= r.n }
func (r *fakeRows) Scan(dest ...any) error { return nil }
func (r *fakeRows) Err() error             { return r.err }

func TestAppendRows(t *testing.T) {
	explain := func(err error) error { return errors.Join(driver.ErrUnavailable, err) }
	rows := &fakeRows{n: 3}
	got, err := AppendRows(rows, []int{0}, func() (int, error) { return rows.at, nil }, explain)
	if err != nil || len(got) != 4 || got[3] != 3 {
		t.Fatalf("got %v, %v; want [0 1 2 3]", got, err)
	}

	boom := errors.New("boom")
	rows = &fakeRows{n: 3}
	_, err = AppendRows(rows, nil, func() (int, error) {
		if rows.at == 2 {
			return 0, boom
		}
		return rows.at, nil
	}, explain)
	if err != boom {
		t.Fatalf("a read error is returned as it is; got %v", err)
	}

	rows = &fakeRows{n: 1, err: boom}
	got, err = AppendRows(rows, nil, func() (int, error) { return 1, nil }, explain)
	if got != nil || !errors.Is(err, boom) || !errors.Is(err, driver.ErrUnavailable) {
		t.Fatalf("the rows' error goes through explain, with no page; got %v, %v", got, err)
	}
}

func TestChecks(t *testing.T) {
	for _, c := range []struct {
		q    driver.Query
		want string
	}{
		{driver.Query{}, "scan needs a kind"},
		{driver.Query{Kind: "k", Limit: -1}, "scan limit -1 is negative"},
		{driver.Query{Kind: "k"}, ""},
	} {
		err := CheckScan(&c.q)
		if c.want == "" && err != nil || c.want != "" && (!errors.Is(err, driver.ErrInvalid) || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("CheckScan(%+v) = %v, want %q", c.q, err, c.want)
		}
	}
	for _, c := range []struct {
		limit int
		n     int64
		want  int64
	}{{0, 7, 7}, {5, 7, 5}, {9, 7, 7}} {
		if got := CapCount(&driver.Query{Limit: c.limit}, c.n); got != c.want {
			t.Errorf("CapCount(limit %d, %d) = %d, want %d", c.limit, c.n, got, c.want)
		}
	}
	open := func() error { return nil }
	if err := CheckLock(open, ""); !errors.Is(err, driver.ErrInvalid) || !strings.Contains(err.Error(), "a lock needs a name") {
		t.Errorf("CheckLock without a name = %v", err)
	}
	if err := CheckLock(func() error { return driver.ErrClosed }, "x"); err != driver.ErrClosed {
		t.Errorf("CheckLock on a closed store = %v", err)
	}
	if err := CheckLock(open, "x"); err != nil {
		t.Errorf("CheckLock = %v", err)
	}
}

// auditRow is one stored audit row.
type auditRow struct {
	t       int64
	changes string
}

func (r auditRow) Scan(dest ...any) error {
	*dest[0].(*int64) = 4
	*dest[1].(*int64) = r.t
	*dest[2].(*string) = "ana"
	*dest[5].(*[]byte) = []byte(r.changes)
	return nil
}

func TestReadAudit(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	fromMicro := func(v int64) time.Time { return time.UnixMicro(v).UTC() }
	e, err := ReadAudit(auditRow{t: at.UnixMicro(), changes: `[]`}, fromMicro)
	if err != nil || e.Seq != 4 || e.Actor != "ana" || !e.Time.Equal(at) {
		t.Fatalf("got %+v, %v", e, err)
	}
	_, err = ReadAudit(auditRow{changes: `{`}, fromMicro)
	if err == nil || !strings.Contains(err.Error(), "audit entry 4: stored changes are corrupt") {
		t.Fatalf("corrupt changes gave %v", err)
	}
}

// auditRows yields rows, then err from Err.
type auditRows struct {
	rows []auditRow
	at   int
	err  error
}

func (r *auditRows) Next() bool             { r.at++; return r.at <= len(r.rows) }
func (r *auditRows) Scan(dest ...any) error { return r.rows[r.at-1].Scan(dest...) }
func (r *auditRows) Err() error             { return r.err }

func TestAppendAudit(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	fromMicro := func(v int64) time.Time { return time.UnixMicro(v).UTC() }
	explained := errors.New("explained")
	explain := func(err error) error {
		if err == nil {
			return nil
		}
		return errors.Join(explained, err)
	}
	good := auditRow{t: at.UnixMicro(), changes: `[]`}
	boom := errors.New("boom")
	tests := []struct {
		name    string
		rows    *auditRows
		want    int    // entries in the page, when no error
		wantErr string // "" for none
	}{
		{"two rows after one already there", &auditRows{rows: []auditRow{good, good}}, 3, ""},
		{"no rows", &auditRows{}, 1, ""},
		{"corrupt changes", &auditRows{rows: []auditRow{good, {changes: `{`}}}, 0, "audit entry 4: stored changes are corrupt"},
		{"rows error", &auditRows{rows: []auditRow{good}, err: boom}, 0, "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := AppendAudit(tt.rows, []driver.AuditEntry{{Seq: 1}}, fromMicro, explain)
			if tt.wantErr != "" {
				if !errors.Is(err, explained) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v; want %q through explain", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(page) != tt.want || page[0].Seq != 1 {
				t.Fatalf("got %+v, %v; want %d entries after the first", page, err, tt.want)
			}
			for _, e := range page[1:] {
				if e.Seq != 4 || e.Actor != "ana" || !e.Time.Equal(at) {
					t.Fatalf("entry %+v not read from its row", e)
				}
			}
		})
	}
}
