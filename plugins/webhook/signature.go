package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Header names of a webhook request.
const (
	// HeaderSignature carries one or more "sha256=<hex>" signatures,
	// separated by commas (more than one while a secret is being rotated).
	HeaderSignature = "X-Relaciona-Signature"
	// HeaderTimestamp carries the time of signing, in Unix seconds.
	HeaderTimestamp = "X-Relaciona-Timestamp"
	// HeaderIdempotencyKey carries the notification's ID, the same on every
	// retry: a receiver that has seen it may answer 2xx and do nothing.
	HeaderIdempotencyKey = "Idempotency-Key"
)

// DefaultTolerance is how far a request's timestamp may be from the
// receiver's clock when Verify is given no tolerance.
const DefaultTolerance = 5 * time.Minute

// maxHeader bounds the signature header Verify parses.
const maxHeader = 4096

// Errors Verify returns (wrapped with what failed).
var (
	// ErrSignature: the signature header is missing or malformed, or no
	// signature in it matches the body.
	ErrSignature = errors.New("webhook signature invalid")
	// ErrTimestamp: the timestamp is missing, malformed, or outside the
	// tolerance (a replay, or a clock far off).
	ErrTimestamp = errors.New("webhook timestamp invalid")
)

// Sign returns the value of the X-Relaciona-Signature header for body sent
// at timestamp (Unix seconds, as in X-Relaciona-Timestamp):
//
//	sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))
func Sign(secret, timestamp string, body []byte) string {
	return "sha256=" + hex.EncodeToString(mac(secret, timestamp, body))
}

func mac(secret, timestamp string, body []byte) []byte {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(timestamp))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// Verify checks a webhook request on the receiving side: header is the
// X-Relaciona-Signature header, timestamp the X-Relaciona-Timestamp header,
// body the raw request body, exactly as received (before any JSON
// decoding). It returns nil when one of the header's sha256 signatures is
// the HMAC-SHA256 of timestamp + "." + body under secret (compared in
// constant time) and the timestamp is within tolerance of the receiver's
// clock (DefaultTolerance when tolerance <= 0). Errors wrap ErrSignature
// or ErrTimestamp. Verify never panics, whatever the input.
func Verify(secret, header, timestamp string, body []byte, tolerance time.Duration) error {
	return verifyAt(time.Now(), secret, header, timestamp, body, tolerance)
}

func verifyAt(now time.Time, secret, header, timestamp string, body []byte, tolerance time.Duration) error {
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	if secret == "" {
		return fmt.Errorf("%w: no secret to verify with", ErrSignature)
	}
	ts, err := parseTimestamp(timestamp)
	if err != nil {
		return err
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: timestamp %d is %s from now, more than %s", ErrTimestamp, ts, d.Round(time.Second), tolerance)
	}
	sigs, err := parseSignatures(header)
	if err != nil {
		return err
	}
	want := mac(secret, timestamp, body)
	for _, s := range sigs {
		if hmac.Equal(s, want) {
			return nil
		}
	}
	return fmt.Errorf("%w: no sha256 signature matches the body", ErrSignature)
}

func parseTimestamp(s string) (int64, error) {
	if s == "" {
		return 0, fmt.Errorf("%w: %s header missing", ErrTimestamp, HeaderTimestamp)
	}
	if len(s) > 19 {
		return 0, fmt.Errorf("%w: timestamp too long", ErrTimestamp)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("%w: timestamp is not Unix seconds", ErrTimestamp)
		}
	}
	ts, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: timestamp is not Unix seconds", ErrTimestamp)
	}
	return ts, nil
}

// parseSignatures reads "sha256=<hex>[, sha256=<hex>...]"; entries of other
// schemes are skipped (a later scheme may be added beside sha256), but a
// header with no well-formed sha256 entry is an error.
func parseSignatures(header string) ([][]byte, error) {
	if header == "" {
		return nil, fmt.Errorf("%w: %s header missing", ErrSignature, HeaderSignature)
	}
	if len(header) > maxHeader {
		return nil, fmt.Errorf("%w: header longer than %d bytes", ErrSignature, maxHeader)
	}
	var out [][]byte
	for _, part := range strings.Split(header, ",") {
		scheme, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || scheme != "sha256" {
			continue
		}
		if len(value) != 2*sha256.Size {
			continue
		}
		b, err := hex.DecodeString(value)
		if err != nil {
			continue
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no well-formed sha256=<64 hex digits> entry", ErrSignature)
	}
	return out, nil
}
