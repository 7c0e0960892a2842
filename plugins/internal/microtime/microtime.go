// Package microtime converts times to and from Unix microseconds, the
// unit the stores and the plugin wire keep them in, with one value of its
// own standing for no time (the zero time.Time).
package microtime

import "time"

// Codec converts times to and from Unix microseconds. None is the value of
// the zero time, which each format picks: 0 in SQLite, math.MinInt64 in
// PostgreSQL, the zero time's own microseconds on the plugin wire.
type Codec struct {
	None int64
}

// Encode returns t in Unix microseconds, or None for the zero time.
func (c Codec) Encode(t time.Time) int64 {
	if t.IsZero() {
		return c.None
	}
	return t.UnixMicro()
}

// Decode returns the UTC time v microseconds after the Unix epoch, or the
// zero time for None.
func (c Codec) Decode(v int64) time.Time {
	if v == c.None {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}
