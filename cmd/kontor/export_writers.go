package main

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// Writers of exported rows. Each takes rows one at a time and keeps none:
// CSV and JSON go straight to a buffered writer; XLSX goes through
// excelize's StreamWriter, which keeps up to 16 MB of rows in memory, spools
// the rest to a temporary file and zips them at close (straight to the
// output, see xlsxSheet.close), so memory stays flat however many rows
// there are.

// sheetWriter writes a table: a header row, then rows of cells.
type sheetWriter interface {
	header(cells []string) error
	row(cells []string) error
	close() error
}

// objectWriter writes records as JSON values.
type objectWriter interface {
	object(v any) error
	close() error
}

// cellFilter prepares a cell for the output: the formula neutraliser for
// spreadsheets, the terminal sanitiser for a terminal, or both.
type cellFilter func(string) string

func applyFilter(f cellFilter, cells []string) []string {
	if f == nil {
		return cells
	}
	for i, c := range cells {
		cells[i] = f(c)
	}
	return cells
}

// csvSheet writes RFC 4180 CSV (comma, CRLF-free "\n" line ends, fields
// quoted when needed), optionally after a UTF-8 byte-order mark so that
// Excel reads the text as UTF-8.
type csvSheet struct {
	buf    *bufio.Writer
	w      *csv.Writer
	filter cellFilter
}

func newCSVSheet(w io.Writer, bom bool, filter cellFilter) (*csvSheet, error) {
	buf := bufio.NewWriterSize(w, 64<<10)
	if bom {
		if _, err := buf.WriteString("\ufeff"); err != nil {
			return nil, err
		}
	}
	return &csvSheet{buf: buf, w: csv.NewWriter(buf), filter: filter}, nil
}

func (s *csvSheet) header(cells []string) error { return s.row(cells) }

func (s *csvSheet) row(cells []string) error { return s.w.Write(applyFilter(s.filter, cells)) }

func (s *csvSheet) close() error {
	s.w.Flush()
	if err := s.w.Error(); err != nil {
		return err
	}
	return s.buf.Flush()
}

// xlsxMaxRows is the number of rows a worksheet holds (the header
// included); xlsxMaxCell the UTF-16 units a cell holds.
const (
	xlsxMaxRows = 1_048_576
	xlsxMaxCell = 32_767
)

// xlsxSheet streams rows into one worksheet and writes the workbook to w
// at close. All cells are text (inline strings), so a spreadsheet never
// takes a phone number for a number or a date for a date.
type xlsxSheet struct {
	w      io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	sheet  string
	n      int // rows written
	filter cellFilter
	vals   []any
	// what names the rows in errors ("person 12").
	what func() string
}

func newXLSXSheet(w io.Writer, sheet string, filter cellFilter) (*xlsxSheet, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		f.Close()
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return &xlsxSheet{w: w, f: f, sw: sw, sheet: sheet, filter: filter}, nil
}

func (s *xlsxSheet) header(cells []string) error {
	if err := s.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return s.row(cells)
}

func (s *xlsxSheet) row(cells []string) error {
	if s.n >= xlsxMaxRows {
		return fmt.Errorf("more than %d rows do not fit in one XLSX sheet: export as CSV (--format csv) or narrow the export with --filter", xlsxMaxRows-1)
	}
	cells = applyFilter(s.filter, cells)
	s.vals = s.vals[:0]
	for i, c := range cells {
		if len(c) > xlsxMaxCell && len(utf16.Encode([]rune(c))) > xlsxMaxCell {
			what := "row " + fmt.Sprint(s.n)
			if s.what != nil {
				what = s.what()
			}
			return fmt.Errorf("%s: column %d holds %d characters, more than an XLSX cell holds (%d): export as CSV (--format csv)", what, i+1, len([]rune(c)), xlsxMaxCell)
		}
		if c == "" {
			s.vals = append(s.vals, nil)
		} else {
			s.vals = append(s.vals, c)
		}
	}
	s.n++
	cell, err := excelize.CoordinatesToCellName(1, s.n)
	if err != nil {
		return err
	}
	if err := s.sw.SetRow(cell, s.vals); err != nil {
		return fmt.Errorf("xlsx row %d: %w", s.n, err)
	}
	return nil
}

func (s *xlsxSheet) close() error {
	defer s.f.Close()
	if err := s.sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	// excelize's WriteTo builds the whole archive in a bytes.Buffer before
	// writing it out (an 86 MB buffer for a million people), so the zip
	// writer it is given writes straight to the output instead, and the
	// buffer it hands on stays empty.
	buf := bufio.NewWriterSize(s.w, 64<<10)
	s.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(buf) })
	if _, err := s.f.WriteTo(buf); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return buf.Flush()
}

// jsonArray writes one JSON array, an object a line, in the layout of
// `list --json`.
type jsonArray struct {
	buf    *bufio.Writer
	n      int
	filter cellFilter
}

func newJSONArray(w io.Writer, filter cellFilter) *jsonArray {
	return &jsonArray{buf: bufio.NewWriterSize(w, 64<<10), filter: filter}
}

func (a *jsonArray) object(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sep := ",\n"
	if a.n == 0 {
		sep = "[\n"
	}
	a.n++
	if _, err := a.buf.WriteString(sep); err != nil {
		return err
	}
	_, err = a.buf.WriteString(filtered(a.filter, b))
	return err
}

func (a *jsonArray) close() error {
	end := "\n]\n"
	if a.n == 0 {
		end = "[]\n"
	}
	if _, err := a.buf.WriteString(end); err != nil {
		return err
	}
	return a.buf.Flush()
}

// jsonLines writes one JSON object a line (JSON Lines).
type jsonLines struct {
	buf    *bufio.Writer
	filter cellFilter
}

func newJSONLines(w io.Writer, filter cellFilter) *jsonLines {
	return &jsonLines{buf: bufio.NewWriterSize(w, 64<<10), filter: filter}
}

func (l *jsonLines) object(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := l.buf.WriteString(filtered(l.filter, b)); err != nil {
		return err
	}
	return l.buf.WriteByte('\n')
}

func (l *jsonLines) close() error { return l.buf.Flush() }

func filtered(f cellFilter, b []byte) string {
	if f == nil {
		return string(b)
	}
	return f(string(b))
}
