package microtime_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona/plugins/internal/microtime"
)

func TestCodec(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 30, 0, 123456789, time.FixedZone("CLT", -3*3600))
	for _, none := range []int64{0, math.MinInt64, time.Time{}.UnixMicro()} {
		c := microtime.Codec{None: none}
		assert.Equal(t, none, c.Encode(time.Time{}), "the zero time is None (%d)", none)
		assert.True(t, c.Decode(none).IsZero(), "None is the zero time (%d)", none)
		assert.Equal(t, at.UnixMicro(), c.Encode(at))
		got := c.Decode(c.Encode(at))
		assert.Equal(t, at.Truncate(time.Microsecond).UTC(), got, "kept to the microsecond, in UTC (%d)", none)
		assert.Equal(t, time.UTC, got.Location())
	}
	assert.True(t, microtime.Codec{}.Decode(0).IsZero(), "with None 0 the epoch itself reads back as no time")
}
