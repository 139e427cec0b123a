package filesource

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"kontor/domain/importing"
)

// Fingerprint returns a file's size and SHA-256, recorded with an import.
func (Opener) Fingerprint(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", fmt.Errorf("read %s: %w", path, err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// CreateReport starts a per-row report: the file's own columns, then the
// line, the outcome (created, updated, merged, skipped-duplicate, failed),
// the record id, the reason and every problem found in the row. Fix the
// failed rows in it and import just those again.
//
// Every row keeps the kontor_ columns under their headers: a row that has
// fewer cells than the header is padded, and the cells a row holds beyond
// its header (which the readers keep, flagged) come after the kontor_
// columns, so nothing is lost and nothing shifts.
func (Opener) CreateReport(path string, headers []string) (importing.ReportWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create the report: %w", err)
	}
	w := csv.NewWriter(f)
	head := append(append([]string{}, headers...), "kontor_line", "kontor_outcome", "kontor_record_id", "kontor_reason", "kontor_problems")
	if err := w.Write(head); err != nil {
		f.Close()
		return nil, err
	}
	return &report{path: path, f: f, w: w, width: len(headers)}, nil
}

type report struct {
	path  string
	f     *os.File
	w     *csv.Writer
	width int // the file's own columns
}

func (r *report) Write(o importing.Outcome) error {
	var problems []string
	for _, is := range o.Issues {
		p := is.Message
		if is.Header != "" {
			p = is.Header + ": " + p
		}
		problems = append(problems, string(is.Severity)+": "+p)
	}
	id := ""
	if o.RecordID != 0 {
		id = fmt.Sprint(o.RecordID)
	}
	rec := make([]string, r.width, r.width+5+max(0, len(o.Cells)-r.width))
	copy(rec, o.Cells)
	rec = append(rec, fmt.Sprint(o.Line), importing.OutcomeName(o), id, o.Reason, strings.Join(problems, "; "))
	if len(o.Cells) > r.width {
		rec = append(rec, o.Cells[r.width:]...)
	}
	return r.w.Write(rec)
}

func (r *report) Close() error {
	if r.f == nil {
		return nil
	}
	r.w.Flush()
	err := errors.Join(r.w.Error(), r.f.Close())
	r.f = nil
	return err
}

func (r *report) Discard() {
	r.Close()
	os.Remove(r.path)
}
