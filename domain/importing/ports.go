package importing

import (
	"context"

	"kontor/domain"
)

// Runner runs an import inside one transaction of the data file (see
// sqlstore.Store.RunImport): fn applies the plan through the Writer; the
// import is committed only if fn returns nil.
type Runner interface {
	RunImport(ctx context.Context, meta ImportMeta, fn func(w Writer) (Result, error)) (domain.ID, Result, error)
}

// Store is everything the import engine needs of the data file.
type Store interface {
	Existing
	Presets
	History
	Runner
}

// Files is what the import wizard needs of the file system: opening files
// for reading, fingerprinting them for the import record, and writing the
// per-row report.
type Files interface {
	SourceOpener
	// Fingerprint returns a file's size and SHA-256 (hex).
	Fingerprint(path string) (size int64, sha256 string, err error)
	// CreateReport starts a per-row report (CSV) at path for a file with
	// these headers.
	CreateReport(path string, headers []string) (ReportWriter, error)
}

// ReportWriter writes the per-row report of an import: the original cells
// and what happened to each row.
type ReportWriter interface {
	Write(Outcome) error
	// Close finishes the file; Discard removes it (a rolled-back import).
	Close() error
	Discard()
}
