package importing

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"kontor/domain"
)

// ImportMeta describes a file being imported, recorded with the import.
type ImportMeta struct {
	FileName string
	FileSize int64
	SHA256   string
	Type     domain.RecordType
	Info     SourceInfo
	Mapping  Mapping
	Options  Options
	// Planned is the plan's summary as it is applied: the store writes
	// many new records into a table that holds records already the way it
	// writes into an empty one (indexes built after the rows).
	Planned Counts
}

// ImportRecord is a past import as the data file remembers it.
type ImportRecord struct {
	ID         domain.ID
	FileName   string
	FileSize   int64
	SHA256     string
	Type       domain.RecordType
	Status     string // "applied" or "undone"
	Result     Result
	Mapping    Mapping
	CreatedAt  time.Time
	FinishedAt time.Time
	UndoneAt   time.Time

	// Info is the file's format as read (encoding, delimiter, sheet...)
	// and Options the settings the import ran with.
	Info    SourceInfo
	Options Options
}

// UndoReport says what undoing an import did, or, when records changed
// after the import, what stands in the way.
type UndoReport struct {
	Deleted  int // records the import created, now removed
	Restored int // records the import updated, now as they were
	// Changed counts records edited after the import (undo needs force).
	Changed int
	// Detached counts links from records made after the import that were
	// cleared because they pointed at records the undo removed.
	Detached int
}

// History is the port to past imports.
type History interface {
	ListImports(ctx context.Context) ([]ImportRecord, error)
	GetImport(ctx context.Context, id domain.ID) (ImportRecord, error)
	// UndoImport removes the records an import created and restores the
	// ones it updated, in one transaction. When records were changed after
	// the import it does nothing and returns a *ChangedSinceError unless
	// force is set.
	UndoImport(ctx context.Context, id domain.ID, force bool) (UndoReport, error)
}

// ChangedSinceError refuses an undo that would discard later edits.
type ChangedSinceError struct {
	ImportID domain.ID
	Changed  int
}

func (e *ChangedSinceError) Error() string {
	return fmt.Sprintf("%d records of import %d were changed after it; undoing it would discard those changes (use force to undo anyway)", e.Changed, e.ImportID)
}

// Preset is a saved mapping, offered again when the same set of headers
// comes back.
type Preset struct {
	Name       string
	Type       domain.RecordType
	Signature  string // HeaderSignature of the headers it was made for
	Mapping    Mapping
	CreatedAt  time.Time
	LastUsedAt time.Time
}

// Presets is the port to saved mappings.
type Presets interface {
	SavePreset(ctx context.Context, p Preset) error
	Preset(ctx context.Context, name string) (Preset, error)
	// PresetForHeaders finds the most recently used preset made for the
	// same header set, if any.
	PresetForHeaders(ctx context.Context, headers []string) (Preset, bool, error)
	ListPresets(ctx context.Context) ([]Preset, error)
}

// HeaderSignature identifies a set of headers regardless of order, case,
// spacing and punctuation.
func HeaderSignature(headers []string) string {
	norm := make([]string, 0, len(headers))
	for _, h := range headers {
		norm = append(norm, NormalizeHeader(h))
	}
	sort.Strings(norm)
	sum := sha256.Sum256([]byte(strings.Join(norm, "\x1f")))
	return hex.EncodeToString(sum[:16])
}

// Adapt fits a preset's mapping to a file's headers: columns are matched
// by normalised header, so a reordered file keeps its mapping.
func (p Preset) Adapt(headers []string) Mapping {
	byHeader := map[string]ColumnMapping{}
	for _, c := range p.Mapping.Columns {
		byHeader[NormalizeHeader(c.Header)] = c
	}
	out := Mapping{Type: p.Mapping.Type}
	for i, h := range headers {
		c, ok := byHeader[NormalizeHeader(h)]
		if !ok {
			c = ColumnMapping{}
		}
		c.Index, c.Header = i, h
		out.Columns = append(out.Columns, c)
	}
	return out
}
