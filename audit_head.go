package relaciona

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// auditHeadKind marks a head file, so that another JSON file named by
// mistake is refused.
const auditHeadKind = "relaciona-audit-head"

// maxAuditHeadFile is the largest head file read; a real one is ~400 bytes.
const maxAuditHeadFile = 64 << 10

type checkpointJSON struct {
	Seq  int64     `json:"seq"`
	Hash string    `json:"hash"`
	Time time.Time `json:"time"`
}

type auditHeadJSON struct {
	Kind     string         `json:"kind"`
	Verified checkpointJSON `json:"verified"`
	Seen     checkpointJSON `json:"seen"`
}

func (cp AuditCheckpoint) toJSON() checkpointJSON {
	return checkpointJSON{Seq: cp.Seq, Hash: hex.EncodeToString(cp.Hash), Time: cp.Time.UTC()}
}

func (c checkpointJSON) checkpoint(name string) (AuditCheckpoint, error) {
	cp := AuditCheckpoint{Seq: c.Seq, Time: c.Time}
	if c.Hash != "" {
		h, err := hex.DecodeString(c.Hash)
		if err != nil {
			return AuditCheckpoint{}, fmt.Errorf("%w: %s: the hash is not hexadecimal", ErrInvalid, name)
		}
		cp.Hash = h
	}
	return cp, cp.check(name)
}

// MarshalJSON writes the head as {"kind", "verified", "seen"}, each
// checkpoint as {"seq", "hash" (hexadecimal), "time"}.
func (h AuditHead) MarshalJSON() ([]byte, error) {
	return json.Marshal(auditHeadJSON{Kind: auditHeadKind, Verified: h.Verified.toJSON(), Seen: h.Seen.toJSON()})
}

// UnmarshalJSON reads what MarshalJSON writes, refusing unknown fields,
// another kind and checkpoints that cannot be (see ReadAuditHead).
func (h *AuditHead) UnmarshalJSON(b []byte) error {
	out, err := parseAuditHead(b)
	if err != nil {
		return err
	}
	*h = out
	return nil
}

func parseAuditHead(b []byte) (AuditHead, error) {
	var v auditHeadJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return AuditHead{}, fmt.Errorf("%w: audit head: not a head file (%s)", ErrInvalid, jsonProblem(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return AuditHead{}, fmt.Errorf("%w: audit head: data after the head", ErrInvalid)
	}
	if v.Kind != auditHeadKind {
		return AuditHead{}, fmt.Errorf("%w: audit head: kind is not %q", ErrInvalid, auditHeadKind)
	}
	ver, err := v.Verified.checkpoint("audit head: verified")
	if err != nil {
		return AuditHead{}, err
	}
	seen, err := v.Seen.checkpoint("audit head: seen")
	if err != nil {
		return AuditHead{}, err
	}
	out := AuditHead{Verified: ver, Seen: seen}
	if err := out.check(); err != nil {
		return AuditHead{}, err
	}
	return out, nil
}

// jsonProblem says what is wrong with JSON without quoting it (a file
// named by mistake may hold a secret).
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("malformed JSON at byte %d", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("field %s has the wrong type", te.Field)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "empty or cut short"
	}
	return "unexpected field or value"
}

// ReadAuditHead reads the head file at path (see WriteAuditHead). A missing
// file is the zero head: nothing verified yet. A path that is not a regular
// file (a folder, a FIFO, a device), a file larger than 64 KiB or content
// that is not a valid head gives an error wrapping ErrInvalid that names
// the file and never quotes it.
func ReadAuditHead(path string) (AuditHead, error) {
	info, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return AuditHead{}, nil
	}
	if err != nil {
		return AuditHead{}, fmt.Errorf("audit head file %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return AuditHead{}, fmt.Errorf("%w: audit head file %s is not a regular file", ErrInvalid, path)
	}
	if info.Size() > maxAuditHeadFile {
		return AuditHead{}, fmt.Errorf("%w: audit head file %s is larger than %d bytes", ErrInvalid, path, maxAuditHeadFile)
	}
	f, err := os.Open(path)
	if err != nil {
		return AuditHead{}, fmt.Errorf("audit head file %s: %w", path, err)
	}
	defer f.Close()
	// The file checked may have been replaced between Stat and Open.
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || !os.SameFile(fi, info) {
		return AuditHead{}, fmt.Errorf("%w: audit head file %s changed while it was opened", ErrInvalid, path)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxAuditHeadFile+1))
	if err != nil {
		return AuditHead{}, fmt.Errorf("audit head file %s: %w", path, err)
	}
	if len(b) > maxAuditHeadFile {
		return AuditHead{}, fmt.Errorf("%w: audit head file %s is larger than %d bytes", ErrInvalid, path, maxAuditHeadFile)
	}
	h, err := parseAuditHead(b)
	if err != nil {
		return AuditHead{}, fmt.Errorf("audit head file %s: %w", path, err)
	}
	return h, nil
}

// WriteAuditHead writes h to the head file at path atomically: to a
// temporary file in the same folder, synced to disk, then renamed over
// path, so a crash leaves the old head or the new one, never a torn file.
// It refuses a path that exists and is not a regular file.
func WriteAuditHead(path string, h AuditHead) error {
	if err := h.check(); err != nil {
		return fmt.Errorf("audit head file %s: %w", path, err)
	}
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return fmt.Errorf("%w: audit head file %s is not a regular file", ErrInvalid, path)
	}
	b, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return fmt.Errorf("audit head file %s: %w", path, err)
	}
	b = append(b, '\n')
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("audit head file %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(b); err != nil {
		return fmt.Errorf("audit head file %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("audit head file %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("audit head file %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("audit head file %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("audit head file %s: %w", path, err)
	}
	done = true
	// The rename is durable once the folder is synced; where a folder
	// cannot be opened or synced (some systems), the file itself is.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
