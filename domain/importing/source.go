package importing

// Reading: the types through which the engine and the wizard receive the
// rows of a file. storage/filesource implements them for CSV and XLSX; this
// file does no IO.

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Source formats reported in SourceInfo.Format.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// Limits applied when ReadOptions leaves them zero.
const (
	DefaultMaxFieldBytes  = 1 << 20  // one cell
	DefaultMaxRecordBytes = 16 << 20 // one row, all cells together
	DefaultMaxColumns     = 2000
)

// ReadOptions steer reading a file. The zero value detects everything.
type ReadOptions struct {
	// Encoding overrides detection: a WHATWG label such as "utf-8",
	// "utf-16le", "windows-1250", "windows-1252", "latin1", "gbk",
	// "gb18030". A " (BOM)" suffix, as SourceInfo reports it, is accepted.
	// "" detects. Ignored for XLSX (always UTF-8 inside).
	Encoding string
	// Delimiter overrides sniffing: one ASCII character other than a quote
	// or a line break. 0 sniffs among ',' ';' '\t' '|'. Ignored for XLSX.
	Delimiter rune
	// Sheet names the XLSX sheet to read; "" picks the first sheet that
	// looks like data. Ignored for CSV.
	Sheet string
	// HeaderRow is the 1-based physical line (CSV) or sheet row (XLSX) of
	// the header; 0 detects it past blank and junk lines.
	HeaderRow int
	// MaxFieldBytes limits one cell (0: DefaultMaxFieldBytes).
	MaxFieldBytes int
	// MaxRecordBytes limits one row, all cells together (0:
	// DefaultMaxRecordBytes).
	MaxRecordBytes int
	// MaxColumns limits the cells of one row (0: DefaultMaxColumns).
	MaxColumns int
}

// WithDefaults returns o with zero limits replaced by the defaults.
func (o ReadOptions) WithDefaults() ReadOptions {
	if o.MaxFieldBytes <= 0 {
		o.MaxFieldBytes = DefaultMaxFieldBytes
	}
	if o.MaxRecordBytes <= 0 {
		o.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if o.MaxRecordBytes < o.MaxFieldBytes {
		o.MaxRecordBytes = o.MaxFieldBytes
	}
	if o.MaxColumns <= 0 {
		o.MaxColumns = DefaultMaxColumns
	}
	return o
}

// SourceInfo describes an opened file: what was detected (or given) and
// where the header is.
type SourceInfo struct {
	Format string // FormatCSV or FormatXLSX
	// Encoding of a CSV file: "utf-8", "utf-8 (BOM)", "utf-16le (BOM)",
	// "utf-16be (BOM)", "utf-16le", "windows-1250", "windows-1252",
	// "gb18030", or the canonical name of an override. "utf-8" for XLSX.
	Encoding string
	// EncodingGuessed is true when the encoding was chosen by weighing
	// plausible decodings (no BOM, not valid UTF-8): worth showing the user
	// with a way to override.
	EncodingGuessed bool
	Delimiter       rune     // CSV only
	LineEnding      string   // CSV only: "CRLF", "LF", "CR" or "" (a single line)
	Sheets          []string // XLSX only: every sheet, in workbook order
	Sheet           string   // XLSX only: the sheet being read
	// HeaderLine is the 1-based physical line (CSV) or sheet row (XLSX) of
	// the header. Lines above it (blank, titles, notes) are not read.
	HeaderLine int
	// Headers are the column names, trimmed, with inner runs of whitespace
	// (line breaks too) folded to one space. They are non-empty and
	// distinct; unnamed trailing columns without data are dropped.
	Headers []string
}

// Pin returns o completed with what info detected, so that opening the same
// file again (to apply a plan after previewing it) reads exactly the same
// rows without detecting anew.
func (info SourceInfo) Pin(o ReadOptions) ReadOptions {
	switch info.Format {
	case FormatCSV:
		o.Encoding = strings.TrimSuffix(info.Encoding, " (BOM)")
		o.Delimiter = info.Delimiter
	case FormatXLSX:
		o.Sheet = info.Sheet
	}
	o.HeaderRow = info.HeaderLine
	return o
}

// Row is one data row.
type Row struct {
	// Line is the 1-based physical line (CSV) or sheet row (XLSX) where the
	// row starts; a quoted cell may continue on later lines.
	Line int
	// Cells hold the row's values in header order; the caller owns the
	// slice. There are exactly len(Headers) cells, except when a row has
	// non-empty cells beyond the header: then every cell is kept (nothing is
	// lost) and Issues says so.
	Cells []string
	// Issues are problems the reader noticed in this row (ragged length,
	// NUL bytes, malformed quoting). They are not fatal; the row's values
	// are as described in each message.
	Issues []RowIssue
}

// RowIssue is a non-fatal problem in one row.
type RowIssue struct {
	Line int
	// Column is the 1-based column the problem is in, 0 for the whole row.
	Column  int
	Message string
}

func (i RowIssue) String() string {
	if i.Column > 0 {
		return fmt.Sprintf("line %d, column %d: %s", i.Line, i.Column, i.Message)
	}
	return fmt.Sprintf("line %d: %s", i.Line, i.Message)
}

// Kinds of ReadError, for errors.Is.
var (
	ErrEmptyFile         = errors.New("the file is empty")
	ErrNoDataRows        = errors.New("no data rows")
	ErrBinaryFile        = errors.New("not a text or spreadsheet file")
	ErrUnsupportedFormat = errors.New("unsupported file format")
	ErrUnbalancedQuote   = errors.New("unbalanced quote")
	ErrBadHeader         = errors.New("bad header")
	ErrEncoding          = errors.New("invalid text for the encoding")
	ErrTooLarge          = errors.New("too large")
	ErrTooManyColumns    = errors.New("too many columns")
	ErrNoSuchSheet       = errors.New("no such sheet")
	ErrBadOptions        = errors.New("bad read options")
)

// ReadError is a fatal problem reading a file, located as precisely as
// possible: "osoby.csv line 12, column 4: unbalanced quote ...".
type ReadError struct {
	File   string // the name the user knows the file by
	Line   int    // 1-based physical line (CSV) or sheet row (XLSX); 0: the whole file
	Column int    // 1-based column; 0: the whole line
	Msg    string // what is wrong, for people
	Err    error  // one of the Err* kinds above, or an underlying IO error
}

func (e *ReadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ", column %d", e.Column)
		}
	}
	msg := e.Msg
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	b.WriteString(": ")
	b.WriteString(msg)
	return b.String()
}

func (e *ReadError) Unwrap() error { return e.Err }

// RowSource streams the data rows of one file, after the header. Memory
// does not grow with the number of rows.
type RowSource interface {
	Info() SourceInfo
	// Next returns the next data row, io.EOF after the last one, or a
	// *ReadError (after which the source is done).
	Next() (Row, error)
	Close() error
}

// SourceOpener opens files for import: detection of format, encoding,
// delimiter, sheet and header happens here, so a broken file fails at Open
// with a *ReadError. ctx bounds the detection work, not the later reading.
type SourceOpener interface {
	Open(ctx context.Context, path string, opts ReadOptions) (RowSource, error)
}
