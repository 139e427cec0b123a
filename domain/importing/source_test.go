package importing

import (
	"errors"
	"io/fs"
	"testing"
)

func TestReadErrorMessage(t *testing.T) {
	tests := []struct {
		err  *ReadError
		want string
	}{
		{&ReadError{File: "osoby.csv", Line: 12, Column: 4, Msg: "unbalanced quote", Err: ErrUnbalancedQuote}, "osoby.csv line 12, column 4: unbalanced quote"},
		{&ReadError{File: "osoby.csv", Line: 1, Msg: "no data rows", Err: ErrNoDataRows}, "osoby.csv line 1: no data rows"},
		{&ReadError{File: "empty.csv", Msg: "the file is empty", Err: ErrEmptyFile}, "empty.csv: the file is empty"},
		{&ReadError{File: "x.csv", Column: 3, Err: ErrBinaryFile}, "x.csv: not a text or spreadsheet file"}, // no line: no column either
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	var err error = &ReadError{File: "a.csv", Err: fs.ErrNotExist, Msg: "cannot open the file"}
	var re *ReadError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &re) || errors.Is(err, ErrEmptyFile) {
		t.Error("ReadError does not unwrap to its cause")
	}
}

func TestRowIssueString(t *testing.T) {
	if got := (RowIssue{Line: 7, Column: 2, Message: "NUL bytes removed"}).String(); got != "line 7, column 2: NUL bytes removed" {
		t.Error(got)
	}
	if got := (RowIssue{Line: 7, Message: "short row"}).String(); got != "line 7: short row" {
		t.Error(got)
	}
}

func TestReadOptionsWithDefaults(t *testing.T) {
	o := ReadOptions{}.WithDefaults()
	if o.MaxFieldBytes != DefaultMaxFieldBytes || o.MaxRecordBytes != DefaultMaxRecordBytes || o.MaxColumns != DefaultMaxColumns {
		t.Errorf("%+v", o)
	}
	o = ReadOptions{MaxFieldBytes: 32 << 20, MaxColumns: 5}.WithDefaults()
	if o.MaxFieldBytes != 32<<20 || o.MaxRecordBytes != 32<<20 || o.MaxColumns != 5 {
		t.Errorf("a record must hold a field: %+v", o)
	}
}

func TestSourceInfoPin(t *testing.T) {
	csv := SourceInfo{Format: FormatCSV, Encoding: "utf-16le (BOM)", Delimiter: '\t', HeaderLine: 4, Headers: []string{"a"}}
	got := csv.Pin(ReadOptions{MaxColumns: 10, Sheet: "ignored"})
	if got != (ReadOptions{Encoding: "utf-16le", Delimiter: '\t', HeaderRow: 4, MaxColumns: 10, Sheet: "ignored"}) {
		t.Errorf("csv: %+v", got)
	}
	xlsx := SourceInfo{Format: FormatXLSX, Encoding: "utf-8", Sheet: "Dane", Sheets: []string{"Instrukcja", "Dane"}, HeaderLine: 2}
	if got := xlsx.Pin(ReadOptions{}); got != (ReadOptions{Sheet: "Dane", HeaderRow: 2}) {
		t.Errorf("xlsx: %+v", got)
	}
}
