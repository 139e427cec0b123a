// Package filesource reads the files people import: CSV (and TSV and other
// delimited text) in any of the encodings CRM exports come in, and XLSX
// workbooks. It implements importing.SourceOpener: detection of format,
// encoding, delimiter, sheet and header happens at Open, which fails with a
// located *importing.ReadError on a broken file; rows then stream with
// constant memory.
//
// Format: by content. A ZIP archive is read as a workbook whatever its name,
// text as delimited text whatever its name (a .tsv name only breaks a
// delimiter tie in favour of tab). Other binary files, legacy .xls,
// OpenDocument and HTML or XML "spreadsheets" are refused, saying what they
// are.
//
// Encoding (CSV): a BOM decides (UTF-8, UTF-16LE/BE); then UTF-16 without a
// BOM by its zero bytes; then valid UTF-8; otherwise Windows-1250,
// Windows-1252 and GB18030 are weighed on 64 KiB from the first non-ASCII
// byte (see guessTextEncoding) and the choice is reported as guessed. Bytes
// that are invalid in the encoding in use stop reading with their line and
// column; they never become U+FFFD silently.
//
// Rows: a short row is padded with empty cells and noted (CSV only: XLSX
// stores no trailing empty cells); extra cells that are empty are dropped;
// extra cells with values are kept, all of them, and the row is flagged. A
// NUL byte is removed from its cell, with an issue. Blank lines are not
// rows; a line of delimiters only is a row of empty cells. Unnamed columns
// at the end of the header are dropped when the rows read ahead are empty
// there; any other unnamed column, and duplicate names, are an error naming
// the columns.
package filesource

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"

	"kontor/domain/importing"
)

// Opener opens files from the file system.
type Opener struct{}

var _ importing.SourceOpener = Opener{}

// Open opens the file at path. Errors are *importing.ReadError naming the
// file by its base name.
func (Opener) Open(ctx context.Context, path string, opts importing.ReadOptions) (importing.RowSource, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, &importing.ReadError{File: name, Err: err, Msg: "cannot open the file: " + err.Error()}
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, ioErr(name, 0, err)
	}
	if st.IsDir() {
		f.Close()
		return nil, readErr(name, 0, 0, importing.ErrUnsupportedFormat, "this is a directory, not a file")
	}
	src, err := openSource(ctx, name, f, st.Size(), opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	switch s := src.(type) {
	case *csvSource:
		s.closer = f
	case *xlsxSource:
		f.Close() // excelize holds what it needs
	}
	return src, nil
}

// OpenReader reads from r, named name in messages; size is r's length, or
// -1 when unknown. The caller keeps ownership of r: closing the source does
// not close r, and r must stay open while rows are read.
//
// Standard input is not seekable: a caller that reads "-" spools it first,
// e.g. f, _ := os.CreateTemp("", "kontor-stdin-*"); io.Copy(f, os.Stdin);
// then OpenReader(ctx, "stdin", f, n, opts), removing the file after Close.
// (Detection reads the start twice and seeks; excelize needs the whole
// workbook anyway.)
func OpenReader(ctx context.Context, name string, r io.ReadSeeker, size int64, opts importing.ReadOptions) (importing.RowSource, error) {
	return openSource(ctx, name, r, size, opts)
}

func openSource(ctx context.Context, name string, r io.ReadSeeker, size int64, opts importing.ReadOptions) (importing.RowSource, error) {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, ioErr(name, 0, err)
	}
	head := make([]byte, sampleSize)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, ioErr(name, 0, err)
	}
	head = head[:n]
	if n == 0 {
		return nil, readErr(name, 0, 0, importing.ErrEmptyFile, "the file is empty")
	}
	kind, what := sniffKind(head)
	switch kind {
	case kindXLSX:
		src, err := openXLSX(name, r, size, opts)
		if err != nil {
			return nil, err // not a typed nil in the interface
		}
		return src, nil
	case kindBinary:
		return nil, readErr(name, 0, 0, importing.ErrBinaryFile, "not a CSV or XLSX file: this is %s", what)
	}
	if what := markup(head); what != "" && opts.Encoding == "" {
		return nil, readErr(name, 0, 0, importing.ErrUnsupportedFormat,
			"this is %s, not CSV (some systems save HTML tables as .xls); open it in a spreadsheet program and save it as .xlsx or CSV", what)
	}
	ext := strings.ToLower(filepath.Ext(name))
	src, err := openCSV(ctx, name, r, head, opts, ext == ".tsv" || ext == ".tab")
	if err != nil {
		return nil, err
	}
	return src, nil
}

// markup recognises HTML and XML documents (HTML tables and SpreadsheetML
// 2003 files masquerading as .xls).
func markup(head []byte) string {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, bomUTF8), " \t\r\n")
	h = bytes.ToLower(h[:min(len(h), 64)])
	switch {
	case bytes.HasPrefix(h, []byte("<!doctype html")), bytes.HasPrefix(h, []byte("<html")), bytes.HasPrefix(h, []byte("<table")):
		return "an HTML document"
	case bytes.HasPrefix(h, []byte("<?xml")):
		return "an XML document"
	}
	return ""
}
