package filesource

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"kontor/domain"
	"kontor/domain/importing"
)

// Round trips through the reader with detection switched on: a table that
// Kontor writes (encoding/csv, the way the per-row report and the exports
// write) reads back as the same header and the same cells, whatever the
// delimiter, encoding, line ending, and blank or title lines above it.
//
// What the reader changes, on purpose, and the generator therefore avoids
// or expects:
//   - header cells are trimmed and inner white space collapsed
//     (normaliseHeader), so generated headers are already in that form,
//     named, distinct and with a letter in them (what detectHeader calls
//     a header);
//   - NUL bytes are removed from cells (with an issue), so cells hold none;
//   - a line break inside a quoted cell is kept byte for byte: a writer
//     with UseCRLF turns "\n" into "\r\n" and drops a lone "\r", and the
//     reader returns exactly what was written;
//   - bytes that are not text in the file's encoding are an error, so
//     cells are valid UTF-8 (and, for the legacy encodings, encodable);
//   - a file full of control bytes is refused as binary (looksBinary), so
//     cells hold no C0 controls other than tab, line breaks, VT, FF, BEL
//     and ESC (which looksBinary allows) and no DEL: the others become
//     "?".

// fuzzSeeds returns the fixture files (CSV, TSV and XLSX) under testdata
// that are small enough to seed a fuzz target.
func fuzzSeeds(tb testing.TB, exts ...string) [][]byte {
	tb.Helper()
	var out [][]byte
	err := filepath.WalkDir("testdata", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(path, string(filepath.Separator)+"fuzz"+string(filepath.Separator)) {
			return err
		}
		for _, ext := range exts {
			if strings.EqualFold(filepath.Ext(path), ext) {
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				if len(b) <= 64<<10 {
					out = append(out, b)
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatalf("no %v seed files under testdata", exts)
	}
	return out
}

// fuzzTable turns fuzz bytes into a header and rows: rows are split at
// 0x1E, cells at 0x1F; the first row gives the header names. Every row has
// the header's width (2 to 12 columns). Headers that normaliseHeader would
// change, that have no letter, or that repeat, are replaced by "Column N".
func fuzzTable(data []byte) (header []string, rows [][]string) {
	text := strings.Map(func(r rune) rune {
		switch {
		case r == 0:
			return -1
		case r == '\t', r == '\n', r == '\r', r == '\v', r == '\f', r == 0x07, r == 0x1b, r == 0x1e, r == 0x1f:
			return r
		case r < 0x20, r == 0x7f:
			return '?'
		}
		return r
	}, strings.ToValidUTF8(string(data), ""))
	lines := strings.Split(text, "\x1e")
	first := strings.Split(lines[0], "\x1f")
	width := max(2, min(len(first), 12))
	seen := map[string]bool{}
	for i := 0; i < width; i++ {
		h := ""
		if i < len(first) {
			h = first[i]
		}
		if h != normaliseHeader(h) || h == "" || !hasLetter(h) || seen[h] || strings.HasPrefix(h, "Column ") {
			h = fmt.Sprintf("Column %d", i+1)
		}
		seen[h] = true
		header = append(header, h)
	}
	for _, line := range lines[1:] {
		row := strings.Split(line, "\x1f")
		row = append(row, make([]string, max(0, width-len(row)))...)[:width]
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		rows = append(rows, make([]string, width))
	}
	return header, rows
}

// fuzzEncodings are the encodings a round trip writes in; detected says
// the reader must find it on its own (a BOM, or valid UTF-8), otherwise
// the test names it, as a user would.
var fuzzEncodings = []struct {
	name     string
	enc      encoding.Encoding // nil: UTF-8
	bom      []byte
	detected bool
}{
	{"utf-8", nil, nil, true},
	{"utf-8", nil, bomUTF8, true},
	{"utf-16le", xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), bomUTF16LE, true},
	{"utf-16be", xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), bomUTF16BE, true},
	{"windows-1250", charmap.Windows1250, nil, false},
	{"gb18030", simplifiedchinese.GB18030, nil, false},
}

// FuzzCSVRoundTripDetected: a CSV written by encoding/csv reads back as the
// same header and cells, with encoding (BOM or UTF-8), delimiter and
// header line detected.
func FuzzCSVRoundTripDetected(f *testing.F) {
	for i, b := range fuzzSeeds(f, ".csv", ".tsv") {
		// The fixture's own lines as rows, its own delimiter's cells as cells.
		t := strings.NewReplacer("\r\n", "\x1e", "\n", "\x1e", ",", "\x1f", ";", "\x1f", "\t", "\x1f").Replace(string(b))
		f.Add([]byte(t), uint8(i), uint8(i/2), i%3 == 0, uint8(i%4))
	}
	f.Add([]byte("Imię\x1fNazwisko\x1fNotatki\x1eZofia\x1fGórska\x1f\"a;b\"\r\nc\x1e\x1f\x1f"), uint8(1), uint8(4), true, uint8(2))
	f.Add([]byte("客户姓名\x1f联系方式\x1e张三\x1f138 0013 8000"), uint8(0), uint8(5), false, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, delimSel, encSel uint8, crlf bool, junk uint8) {
		header, rows := fuzzTable(data)
		delim := rune(delimiters[int(delimSel)%len(delimiters)])
		enc := fuzzEncodings[int(encSel)%len(fuzzEncodings)]
		want := rows
		if crlf {
			// encoding/csv with UseCRLF drops a lone CR and writes LF as
			// CRLF; the reader keeps what was written.
			want = make([][]string, len(rows))
			for i, r := range rows {
				want[i] = make([]string, len(r))
				for j, c := range r {
					c = strings.ReplaceAll(c, "\r", "")
					rows[i][j] = c
					want[i][j] = strings.ReplaceAll(c, "\n", "\r\n")
				}
			}
		}
		var text bytes.Buffer
		// Lines above the table: blank lines and a title without
		// delimiters, as exports put there ("Exported from ... on ...").
		eol := "\n"
		if crlf {
			eol = "\r\n"
		}
		if junk&1 != 0 {
			text.WriteString(eol)
		}
		if junk&2 != 0 {
			text.WriteString("Exported from Kontor on 2024-03-04" + eol + eol)
		}
		w := csv.NewWriter(&text)
		w.Comma, w.UseCRLF = delim, crlf
		w.Write(header)
		w.WriteAll(rows)
		if err := w.Error(); err != nil {
			t.Fatal(err)
		}
		raw := text.Bytes()
		if enc.enc != nil {
			var err error
			if raw, err = enc.enc.NewEncoder().Bytes(raw); err != nil {
				return // not representable in this encoding
			}
		}
		raw = append(append([]byte{}, enc.bom...), raw...)
		opts := importing.ReadOptions{}
		if !enc.detected {
			opts.Encoding = enc.name
		}
		src, err := OpenReader(context.Background(), "roundtrip.csv", bytes.NewReader(raw), int64(len(raw)), opts)
		if err != nil {
			t.Fatalf("%v\nfile %q", err, raw)
		}
		defer src.Close()
		info := src.Info()
		if info.Delimiter != delim {
			t.Fatalf("delimiter %q detected, want %q\nfile %q", info.Delimiter, delim, raw)
		}
		if got := strings.TrimSuffix(info.Encoding, " (BOM)"); got != enc.name || (len(enc.bom) > 0) != strings.HasSuffix(info.Encoding, " (BOM)") {
			t.Fatalf("encoding %q detected, want %q with BOM %v", info.Encoding, enc.name, len(enc.bom) > 0)
		}
		if !reflect.DeepEqual(info.Headers, header) {
			t.Fatalf("headers %q (line %d), want %q\nfile %q", info.Headers, info.HeaderLine, header, raw)
		}
		for i, wantRow := range want {
			r, err := src.Next()
			if err != nil {
				t.Fatalf("row %d: %v\nfile %q", i+1, err, raw)
			}
			if !reflect.DeepEqual(r.Cells, wantRow) || len(r.Issues) > 0 {
				t.Fatalf("row %d: %q %v, want %q\nfile %q", i+1, r.Cells, r.Issues, wantRow, raw)
			}
		}
		if r, err := src.Next(); err != io.EOF {
			t.Fatalf("after the rows: %q, %v", r.Cells, err)
		}
	})
}

// FuzzReportRoundTrip: the per-row report of an import reads back through
// the reader: the file's own cells under its own headers, then the line,
// outcome, record id, reason and problems under the kontor_ columns, and
// cells a row holds beyond its header (kept by the reader) after them, so
// "fix the failed rows and import them again" loses nothing.
func FuzzReportRoundTrip(f *testing.F) {
	for _, b := range fuzzSeeds(f, ".csv", ".tsv") {
		f.Add(b, "phone number not recognised; kept as written", uint8(3))
	}
	f.Add([]byte("a,b\n1,2,3,,\n4\n"), "row has 5 cells\nbut the header only 2", uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, reason string, act uint8) {
		lim := importing.ReadOptions{MaxFieldBytes: 4096, MaxColumns: 64}
		src, err := OpenReader(context.Background(), "in.csv", bytes.NewReader(data), int64(len(data)), lim)
		if err != nil {
			return
		}
		headers := src.Info().Headers
		var rows []importing.Row
		for len(rows) < 200 {
			r, err := src.Next()
			if err != nil {
				break
			}
			rows = append(rows, r)
		}
		src.Close()
		if len(rows) == 0 {
			return
		}
		reason = strings.ToValidUTF8(strings.ReplaceAll(reason, "\x00", ""), "?")
		path := filepath.Join(t.TempDir(), "report.csv")
		rw, err := Opener{}.CreateReport(path, headers)
		if err != nil {
			t.Fatal(err)
		}
		outcomes := make([]importing.Outcome, len(rows))
		for i, r := range rows {
			o := importing.Outcome{Row: i + 1, Line: r.Line, Cells: r.Cells, Action: importing.Action(int(act)+i) % 4, Reason: reason}
			if o.Action == importing.ActUpdate || o.Action == importing.ActSkip {
				o.RecordID = domain.ID(1 + i)
			}
			for _, is := range r.Issues {
				o.Issues = append(o.Issues, importing.Issue{Row: i + 1, Line: is.Line, Header: "", Message: is.Message, Severity: importing.SevWarning})
			}
			outcomes[i] = o
			if err := rw.Write(o); err != nil {
				t.Fatal(err)
			}
		}
		if err := rw.Close(); err != nil {
			t.Fatal(err)
		}
		// The report's header is its first line; everything else detected.
		back, err := Opener{}.Open(context.Background(), path, importing.ReadOptions{HeaderRow: 1})
		if err != nil {
			b, _ := os.ReadFile(path)
			t.Fatalf("reading the report: %v\n%q", err, b)
		}
		defer back.Close()
		wantHeaders := append(append([]string{}, headers...), "kontor_line", "kontor_outcome", "kontor_record_id", "kontor_reason", "kontor_problems")
		if got := back.Info().Headers; !reflect.DeepEqual(got, wantHeaders) {
			t.Fatalf("report headers %q, want %q", got, wantHeaders)
		}
		n := len(headers)
		for i, o := range outcomes {
			r, err := back.Next()
			if err != nil {
				t.Fatalf("report row %d: %v", i+1, err)
			}
			own := append(append([]string{}, o.Cells[:min(n, len(o.Cells))]...), make([]string, max(0, n-len(o.Cells)))...)
			if len(r.Cells) < n+5 || !reflect.DeepEqual(r.Cells[:n], own) {
				t.Fatalf("report row %d: %q, want the file's cells %q first", i+1, r.Cells, own)
			}
			id := ""
			if o.RecordID != 0 {
				id = fmt.Sprint(o.RecordID)
			}
			if got, want := r.Cells[n:n+4], []string{fmt.Sprint(o.Line), importing.OutcomeName(o), id, o.Reason}; !reflect.DeepEqual(got, want) {
				t.Fatalf("report row %d: kontor columns %q, want %q", i+1, got, want)
			}
			var extra []string
			if len(o.Cells) > n {
				extra = o.Cells[n:]
				if width(extra) == 0 {
					extra = nil // empty cells beyond the header are dropped
				}
			}
			if got := r.Cells[n+5:]; len(got) != len(extra) || len(extra) > 0 && !reflect.DeepEqual(got, extra) {
				t.Fatalf("report row %d: cells beyond the header %q, want %q", i+1, got, extra)
			}
		}
		if _, err := back.Next(); err != io.EOF {
			t.Fatalf("after the report's rows: %v", err)
		}
	})
}

// isReadError fails unless err is nil, io.EOF or a *importing.ReadError.
func isReadError(t *testing.T, err error) {
	t.Helper()
	var re *importing.ReadError
	if err != nil && err != io.EOF && !errors.As(err, &re) {
		t.Fatalf("error %T %v is not a *ReadError", err, err)
	}
}

// checkRows checks what any readable source promises: headers named,
// distinct and normalised; every row as wide as the header at least, in
// valid UTF-8, lines increasing.
func checkRows(t *testing.T, src importing.RowSource, rows []importing.Row) {
	t.Helper()
	info := src.Info()
	seen := map[string]bool{}
	for _, h := range info.Headers {
		if h == "" || h != normaliseHeader(h) || seen[h] || !utf8.ValidString(h) {
			t.Fatalf("header %q in %q", h, info.Headers)
		}
		seen[h] = true
	}
	last := info.HeaderLine
	for _, r := range rows {
		if len(r.Cells) < len(info.Headers) {
			t.Fatalf("line %d: %d cells under %d headers", r.Line, len(r.Cells), len(info.Headers))
		}
		if r.Line <= last {
			t.Fatalf("line %d after line %d", r.Line, last)
		}
		last = r.Line
		for _, c := range r.Cells {
			if !utf8.ValidString(c) || strings.IndexByte(c, 0) >= 0 {
				t.Fatalf("line %d: cell %q", r.Line, c)
			}
		}
		if len(r.Cells) > len(info.Headers) && width(r.Cells[len(info.Headers):]) == 0 {
			t.Fatalf("line %d: empty cells beyond the header kept: %q", r.Line, r.Cells)
		}
	}
}

// A U+FFFD written in a UTF-16 or GB18030 file is a character like any
// other; bytes the encoding cannot decode are still an error at their line
// and column. (FuzzCSVRoundTripDetected found the first refused.)
func TestReplacementCharacterInEncodings(t *testing.T) {
	for _, tt := range []struct {
		enc  string
		text []byte
		bad  []byte // an undecodable sequence in the encoding
	}{
		{"utf-16le", []byte("a\x00,\x00b\x00\n\x00\xfd\xff,\x00x\x00\n\x00"), []byte("\x00\xd8")},
		{"utf-16be", []byte("\x00a\x00,\x00b\x00\n\xff\xfd\x00,\x00x\x00\n"), []byte("\xdc\x00")},
		{"gb18030", []byte("a,b\n\x84\x31\xa4\x37,x\n"), []byte("\x81\x0a")},
	} {
		src, err := OpenReader(context.Background(), "f.csv", bytes.NewReader(tt.text), int64(len(tt.text)), importing.ReadOptions{Encoding: tt.enc})
		if err != nil {
			t.Fatalf("%s: %v", tt.enc, err)
		}
		r, err := src.Next()
		if err != nil || !reflect.DeepEqual(r.Cells, []string{"\uFFFD", "x"}) {
			t.Errorf("%s: %q, %v", tt.enc, r.Cells, err)
		}
		// The undecodable sequence in place of U+FFFD: an error naming
		// line 2, column 1.
		bad := bytes.Replace(tt.text, map[bool][]byte{true: []byte("\x84\x31\xa4\x37"), false: []byte("\xfd\xff")}[tt.enc == "gb18030"], tt.bad, 1)
		if tt.enc == "utf-16be" {
			bad = bytes.Replace(tt.text, []byte("\xff\xfd"), tt.bad, 1)
		}
		_, err = OpenReader(context.Background(), "f.csv", bytes.NewReader(bad), int64(len(bad)), importing.ReadOptions{Encoding: tt.enc})
		var re *importing.ReadError
		if !errors.As(err, &re) || !errors.Is(err, importing.ErrEncoding) || re.Line != 2 || re.Column != 1 {
			t.Errorf("%s: %q read with %v", tt.enc, bad, err)
		}
	}
}
