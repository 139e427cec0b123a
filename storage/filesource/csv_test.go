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

	"kontor/domain/importing"
)

// readString opens CSV text given inline.
func readString(t testing.TB, content string, opts importing.ReadOptions) (importing.SourceInfo, []importing.Row, error) {
	t.Helper()
	src, err := OpenReader(context.Background(), "test.csv", strings.NewReader(content), int64(len(content)), opts)
	if err != nil {
		return importing.SourceInfo{}, nil, err
	}
	defer src.Close()
	var rows []importing.Row
	for {
		r, err := src.Next()
		if err == io.EOF {
			return src.Info(), rows, nil
		}
		if err != nil {
			return src.Info(), rows, err
		}
		rows = append(rows, r)
	}
}

func TestCSVGrammar(t *testing.T) {
	tests := []struct {
		name    string
		content string
		lines   []int
		cells   [][]string
		issues  []string
		ending  string
	}{
		{"LF", "a,b\n1,2\n3,4\n", []int{2, 3}, [][]string{{"1", "2"}, {"3", "4"}}, nil, "LF"},
		{"CRLF, no final line break", "a,b\r\n1,2\r\n3,4", []int{2, 3}, [][]string{{"1", "2"}, {"3", "4"}}, nil, "CRLF"},
		{"CR", "a,b\r1,2\r3,4\r", []int{2, 3}, [][]string{{"1", "2"}, {"3", "4"}}, nil, "CR"},
		{"mixed line ends", "a,b\r\n1,2\n3,4\r5,6", []int{2, 3, 4}, [][]string{{"1", "2"}, {"3", "4"}, {"5", "6"}}, nil, ""},
		{"line breaks in quotes kept as they are", "a,b\n\"x\r\ny\",1\n\"p\rq\nr\",2\n3,4\n", []int{2, 4, 7}, [][]string{{"x\r\ny", "1"}, {"p\rq\nr", "2"}, {"3", "4"}}, nil, "LF"},
		{"doubled quotes, delimiters in quotes", "a,b\n\"say \"\"hi\"\", ok\",\"\"\n", []int{2}, [][]string{{`say "hi", ok`, ""}}, nil, "LF"},
		{"blank and white space lines are skipped", "\n\na,b\n\n1,2\n   \n\t\n3,4\n\n", []int{5, 8}, [][]string{{"1", "2"}, {"3", "4"}}, nil, "LF"},
		{"a quoted empty line is a row", "a\n\"\"\nx\n", []int{2, 3}, [][]string{{""}, {"x"}}, nil, "LF"},
		{"trailing delimiter is an empty cell", "a,b,c\n1,2,\n", []int{2}, [][]string{{"1", "2", ""}}, nil, "LF"},
		{"a quote inside an unquoted cell is text", "a,b\n5\" screen,x\"y\"\n", []int{2}, [][]string{{`5" screen`, `x"y"`}}, nil, "LF"},
		{"text after a closing quote", "a,b\n\"abc\"def,x\n\"The \"Best\" Account\",y\n", []int{2, 3}, [][]string{{"abcdef", "x"}, {`The Best" Account"`, "y"}},
			[]string{`line 2, column 1: text follows the closing quote of a quoted cell; read as "abcdef"`, `line 3, column 1: text follows the closing quote of a quoted cell; read as "The Best\" Account\""`}, "LF"},
		{"spaces around cells are kept", "a,b\n 1 , 2 \n", []int{2}, [][]string{{" 1 ", " 2 "}}, nil, "LF"},
		{"U+FFFD written in UTF-8 is kept", "a\n\uFFFD\n", []int{2}, [][]string{{"\uFFFD"}}, nil, "LF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, rows, err := readString(t, tt.content, importing.ReadOptions{Delimiter: ','})
			if err != nil {
				t.Fatal(err)
			}
			var lines []int
			for _, r := range rows {
				lines = append(lines, r.Line)
			}
			if !reflect.DeepEqual(lines, tt.lines) || !reflect.DeepEqual(cells(rows), tt.cells) || !reflect.DeepEqual(issues(rows), tt.issues) {
				t.Errorf("lines %v cells %q issues %q", lines, cells(rows), issues(rows))
			}
			if tt.ending != "" && info.LineEnding != tt.ending {
				t.Errorf("line ending %q", info.LineEnding)
			}
		})
	}
}

func TestDelimiterSniffing(t *testing.T) {
	tests := []struct {
		name, content string
		want          rune
	}{
		{"comma", "a,b,c\n1,2,3\n", ','},
		{"semicolon with decimal commas", "Nazwa;Wartość;Waluta\nA;12 500,00;PLN\nB;1,50;PLN\nC;3,00;EUR\n", ';'},
		{"tab with commas in text", "name\taddress\tcity\nAnn\t1 Main St, Apt 2\tAnytown, WW\nBob\t2 Side St\tOther\n", '\t'},
		{"pipe", "a|b|c\n1|2|3\n", '|'},
		{"commas inside quotes do not count", "a;b\n\"x,y,z\";1\n\"p,q,r\";2\n", ';'},
		{"a title line above the table", "Exported from Zoho CRM on 2024-03-04\na;b;c\n1;2;3\n4;5;6\n", ';'},
		{"one column", "email\nx@example.com\ny@example.com\n", ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, _, err := readString(t, tt.content, importing.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if info.Delimiter != tt.want {
				t.Errorf("delimiter %q, want %q", info.Delimiter, tt.want)
			}
		})
	}
	t.Run("a .tsv name breaks a tie for tab", func(t *testing.T) {
		content := "a\n1\n"
		src, err := OpenReader(t.Context(), "list.tsv", strings.NewReader(content), int64(len(content)), importing.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		if src.Info().Delimiter != '\t' {
			t.Errorf("delimiter %q", src.Info().Delimiter)
		}
	})
}

func TestHeaderDetection(t *testing.T) {
	tests := []struct {
		name    string
		content string
		line    int
		headers []string
		first   []string
	}{
		{"title and export note above", "Contacts\nExported from Zoho CRM on 03/04/2024 by anna\n\nFirst Name,Last Name,Email\nAnna,Nowak,a@x.pl\nJan,Kowalski,j@x.pl\n", 4, []string{"First Name", "Last Name", "Email"}, []string{"Anna", "Nowak", "a@x.pl"}},
		{"title with trailing delimiters", "Raport klientów,,,\n,,,\nImię,Nazwisko,Firma,Miasto\nAnna,Nowak,ACME,Kraków\n", 3, []string{"Imię", "Nazwisko", "Firma", "Miasto"}, []string{"Anna", "Nowak", "ACME", "Kraków"}},
		{"a two-cell note above a wide table", "Report date:,2024-03-04\nA,B,C,D,E\n1,2,3,4,5\n6,7,8,9,10\n", 2, []string{"A", "B", "C", "D", "E"}, []string{"1", "2", "3", "4", "5"}},
		{"numbers are not a header", "1,2,3\nName,City,Phone\nAnn,Oslo,123\n", 2, []string{"Name", "City", "Phone"}, []string{"Ann", "Oslo", "123"}},
		{"no header-like row: the first row", "1,2,3\n4,5,6\n", 1, []string{"1", "2", "3"}, []string{"4", "5", "6"}},
		{"header names trimmed, BOM and zero-width space too", "\uFEFF\u200B Name ,\" E-mail\n address\"\nAnn,a@x\n", 1, []string{"Name", "E-mail address"}, []string{"Ann", "a@x"}},
		{"a header with empty trailing names", "a,b,,\n1,2,,\n", 1, []string{"a", "b"}, []string{"1", "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, rows, err := readString(t, tt.content, importing.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if info.HeaderLine != tt.line || !reflect.DeepEqual(info.Headers, tt.headers) || !reflect.DeepEqual(rows[0].Cells, tt.first) {
				t.Errorf("header line %d %q, first row %q", info.HeaderLine, info.Headers, rows[0].Cells)
			}
		})
	}
	t.Run("given header row", func(t *testing.T) {
		content := "x,y\nnote\na,b\n1,2\n"
		info, rows, err := readString(t, content, importing.ReadOptions{HeaderRow: 3})
		if err != nil || info.HeaderLine != 3 || !reflect.DeepEqual(info.Headers, []string{"a", "b"}) || len(rows) != 1 {
			t.Errorf("%v %+v %v", err, info, rows)
		}
		for _, tt := range []struct {
			content string
			row     int
			msg     string
		}{
			{"a,b\n\n1,2\n", 2, "the header row 2 is blank"},
			{"a,b\n1,2\n", 9, "the header row 9 is past the end of the file"},
			{"a,\"b\nc\"\n1,2\n", 2, "the header row 2 is inside a quoted cell of the row that starts on line 1"},
		} {
			_, _, err := readString(t, tt.content, importing.ReadOptions{HeaderRow: tt.row})
			if !errors.Is(err, importing.ErrBadOptions) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("header row %d: %v", tt.row, err)
			}
		}
	})
}

func TestHeaderErrors(t *testing.T) {
	for _, tt := range []struct{ content, msg string }{
		{"a,,c\n1,2,3\n", "test.csv line 1, column 2: bad header: column 2 has no name"},
		{"a,b,\n1,2,3\n", `test.csv line 1, column 3: bad header: column 3 has no name but holds data (line 2: "3")`},
		{"Name,Email,Phone,Email,x,Phone\n1,2,3,4,5,6\n", `columns 2 and 4 are both named "Email"; columns 3 and 6 are both named "Phone"`},
	} {
		_, _, err := readString(t, tt.content, importing.ReadOptions{})
		if !errors.Is(err, importing.ErrBadHeader) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%q: %v", tt.content, err)
		}
	}
}

// Data beyond the header in an unnamed trailing column found after the
// rows read ahead is kept and flagged, like any long row.
func TestDataInDroppedColumnLater(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b,\n")
	for i := 0; i < 40; i++ {
		b.WriteString("1,2,\n")
	}
	b.WriteString("1,2,late\n")
	_, rows, err := readString(t, b.String(), importing.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	last := rows[len(rows)-1]
	if !reflect.DeepEqual(last.Cells, []string{"1", "2", "late"}) || len(last.Issues) != 1 || last.Issues[0].Column != 3 {
		t.Errorf("%+v", last)
	}
}

// countingReader counts the bytes read.
type countingReader struct {
	r io.ReadSeeker
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) Seek(off int64, whence int) (int64, error) { return c.r.Seek(off, whence) }

func TestLimits(t *testing.T) {
	t.Run("10,000 columns are refused from the first rows", func(t *testing.T) {
		var b bytes.Buffer
		for i := range 10_000 {
			fmt.Fprintf(&b, "c%d,", i)
		}
		b.WriteString("end\n")
		row := strings.Repeat("1,", 10_000) + "1\n"
		for range 500 {
			b.WriteString(row)
		}
		cr := &countingReader{r: bytes.NewReader(b.Bytes())}
		_, err := OpenReader(t.Context(), "wide.csv", cr, int64(b.Len()), importing.ReadOptions{})
		var re *importing.ReadError
		if !errors.As(err, &re) || !errors.Is(err, importing.ErrTooManyColumns) || re.Line != 1 {
			t.Fatalf("%v", err)
		}
		if cr.n > 2*sampleSize {
			t.Errorf("read %d of %d bytes before refusing", cr.n, b.Len())
		}
	})
	t.Run("MaxColumns", func(t *testing.T) {
		_, _, err := readString(t, "a,b,c\n1,2,3\n1,2,3,4,5\n", importing.ReadOptions{MaxColumns: 4})
		var re *importing.ReadError
		if !errors.As(err, &re) || !errors.Is(err, importing.ErrTooManyColumns) || re.Line != 3 || !strings.Contains(re.Msg, "more than 4 columns") {
			t.Errorf("%v", err)
		}
	})
	t.Run("MaxFieldBytes: an unbalanced quote is caught at the limit, not at the end of the file", func(t *testing.T) {
		content := "a,b\n1,\"oops\n" + strings.Repeat("2,3\n", 100_000)
		cr := &countingReader{r: strings.NewReader(content)}
		_, err := OpenReader(t.Context(), "q.csv", cr, int64(len(content)), importing.ReadOptions{MaxFieldBytes: 1000})
		var re *importing.ReadError
		if !errors.As(err, &re) || !errors.Is(err, importing.ErrTooLarge) || re.Line != 2 || re.Column != 2 ||
			!strings.Contains(re.Msg, "cell is longer than the 1000 bytes limit (is the quote that opens it unbalanced?)") {
			t.Fatalf("%v", err)
		}
	})
	t.Run("MaxRecordBytes", func(t *testing.T) {
		_, _, err := readString(t, "a,b,c\n"+strings.Repeat("x", 600)+","+strings.Repeat("y", 600)+",z\n", importing.ReadOptions{MaxFieldBytes: 1000, MaxRecordBytes: 1000})
		var re *importing.ReadError
		if !errors.As(err, &re) || !errors.Is(err, importing.ErrTooLarge) || re.Line != 2 || !strings.Contains(re.Msg, "row is longer than the 1000 bytes limit") {
			t.Errorf("%v", err)
		}
	})
}

func TestNotCSV(t *testing.T) {
	for _, tt := range []struct {
		name    string
		content []byte
		kind    error
		msg     string
	}{
		{"control bytes", append([]byte("a,b\n"), bytes.Repeat([]byte{1, 2, 3, 0, 'x', 0x10, 0x11, 0x12}, 100)...), importing.ErrBinaryFile, "binary data"},
		{"PDF", []byte("%PDF-1.4\n..."), importing.ErrBinaryFile, "a PDF document"},
		{"HTML table saved as .xls", []byte("<html><body><table><tr><td>a</td></tr></table></body></html>"), importing.ErrUnsupportedFormat, "an HTML document"},
		{"SpreadsheetML", []byte("\uFEFF<?xml version=\"1.0\"?>\n<Workbook/>"), importing.ErrUnsupportedFormat, "an XML document"},
		{"a ZIP that is no workbook", zipWith(t, "hello.txt", "hi"), importing.ErrUnsupportedFormat, "a ZIP archive but not a readable Excel workbook"},
		{"only a BOM", []byte("\xEF\xBB\xBF"), importing.ErrEmptyFile, "only a byte order mark"},
		{"only blank lines", []byte("\n\r\n  \n"), importing.ErrEmptyFile, "only blank lines"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenReader(t.Context(), "x.xls", bytes.NewReader(tt.content), int64(len(tt.content)), importing.ReadOptions{})
			if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("%v", err)
			}
		})
	}
	re := openErr(t, "public/samples/excel/csvkit/test.xls", importing.ReadOptions{})
	if !errors.Is(re, importing.ErrBinaryFile) || !strings.Contains(re.Msg, "legacy Excel .xls workbook") {
		t.Errorf("%v", re)
	}
	if _, err := (Opener{}).Open(t.Context(), "testdata/no-such-file.csv", importing.ReadOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%v", err)
	}
	if _, err := (Opener{}).Open(t.Context(), "testdata", importing.ReadOptions{}); !errors.Is(err, importing.ErrUnsupportedFormat) {
		t.Errorf("%v", err)
	}
}

// Opening again with the options Pin derives reads the same rows without
// detecting anything.
func TestPinReadsTheSame(t *testing.T) {
	for _, rel := range []string{"kontor/livespace-pl/osoby.csv", "kontor/dingtalk-zh/客户导入.csv", "kontor/dingtalk-zh/客户导入.xlsx", "public/csv-edge/csvkit/bad_skip_lines.csv", "public/encodings/utf-bom/csvkit_test_utf16_big.csv"} {
		first := open(t, rel, importing.ReadOptions{})
		rows := readAll(t, first)
		opts := first.Info().Pin(importing.ReadOptions{})
		again := open(t, rel, opts)
		if !reflect.DeepEqual(readAll(t, again), rows) || !reflect.DeepEqual(again.Info().Headers, first.Info().Headers) {
			t.Errorf("%s: pinned %+v reads differently", rel, opts)
		}
	}
}

// Rows come one at a time, and Next after Close or the end keeps saying so.
func TestNextAfterEndAndClose(t *testing.T) {
	src := open(t, "public/csv-spectrum/csvs/simple.csv", importing.ReadOptions{})
	readAll(t, src)
	if _, err := src.Next(); err != io.EOF {
		t.Errorf("after the end: %v", err)
	}
	src = open(t, "kontor/zoho/Contacts.csv", importing.ReadOptions{})
	if _, err := src.Next(); err != nil {
		t.Fatal(err)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := src.Next(); err != io.EOF {
		t.Errorf("after Close: %v", err)
	}
}

// FuzzReadCSV: any input reads without panicking, failing only with a
// *ReadError; and cells written by encoding/csv read back identically.
func FuzzReadCSV(f *testing.F) {
	for _, pattern := range []string{"testdata/*/*/*.csv", "testdata/*/*/*/*.csv", "testdata/*/*/*.tsv"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("a\x1fb\x1e1\x1f\"2\"\x1e\r\n\x1f\r\x1e \x1f,"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := importing.ReadOptions{MaxFieldBytes: 4096, MaxColumns: 64}
		src, err := OpenReader(context.Background(), "fuzz.csv", bytes.NewReader(data), int64(len(data)), lim)
		for n := 0; err == nil && n < 10_000; n++ {
			_, err = src.Next()
		}
		if src != nil {
			src.Close()
		}
		var re *importing.ReadError
		if err != nil && err != io.EOF && !errors.As(err, &re) {
			t.Fatalf("error %T %v is not a *ReadError", err, err)
		}
		roundTrip(t, data)
	})
}

// roundTrip turns data into a table (rows split at 0x1E, cells at 0x1F,
// at least two columns so no row is a blank line), writes it with
// encoding/csv and reads it back.
func roundTrip(t *testing.T, data []byte) {
	text := strings.ToValidUTF8(strings.ReplaceAll(string(data), "\x00", ""), "")
	var table [][]string
	width := 0
	for _, line := range strings.Split(text, "\x1e") {
		row := strings.Split(line, "\x1f")
		if width == 0 {
			width = max(2, min(len(row), 32))
		}
		row = append(row, make([]string, max(0, width-len(row)))...)[:width]
		table = append(table, row)
	}
	header := make([]string, width)
	for i := range header {
		header[i] = fmt.Sprintf("h%d", i+1)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(header)
	w.WriteAll(table)
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	opts := importing.ReadOptions{Encoding: "utf-8", Delimiter: ',', HeaderRow: 1}
	src, err := OpenReader(context.Background(), "roundtrip.csv", bytes.NewReader(buf.Bytes()), int64(buf.Len()), opts)
	if err != nil {
		t.Fatalf("%v\n%q", err, buf.String())
	}
	defer src.Close()
	if !reflect.DeepEqual(src.Info().Headers, header) {
		t.Fatalf("headers %q", src.Info().Headers)
	}
	for i, want := range table {
		r, err := src.Next()
		if err != nil {
			t.Fatalf("row %d: %v", i+1, err)
		}
		if !reflect.DeepEqual(r.Cells, want) || len(r.Issues) > 0 {
			t.Fatalf("row %d: %q %v, want %q", i+1, r.Cells, r.Issues, want)
		}
		if !utf8.ValidString(strings.Join(r.Cells, "")) {
			t.Fatal("invalid UTF-8")
		}
	}
	if _, err := src.Next(); err != io.EOF {
		t.Fatalf("after the rows: %v", err)
	}
}
