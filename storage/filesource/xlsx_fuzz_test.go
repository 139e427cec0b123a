package filesource

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kontor/domain/importing"
)

// XLSX fuzzing. Mutating a workbook's bytes mostly breaks the ZIP's
// checksums, which tests little past archive/zip; so FuzzReadXLSX mutates
// the parts inside a workbook (the sheet XML, the shared strings, the
// styles and the workbook part) and zips them up again, reaching excelize's
// XML handling and Kontor's own date-format rewriting. FuzzXLSXRoundTrip
// writes a table the way Kontor's XLSX export does (a stream writer, every
// cell text) and reads it back.

// workbookParts returns the parts of an XLSX fixture.
func workbookParts(tb testing.TB, rel string) map[string]string {
	tb.Helper()
	b := readFixture(tb, rel)
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatalf("%s: %v", rel, err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			tb.Fatal(err)
		}
		parts[f.Name] = string(data)
	}
	return parts
}

func readFixture(tb testing.TB, rel string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(rel)))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// zipParts builds a ZIP archive of parts, in a fixed order.
func zipParts(tb testing.TB, parts map[string]string, order []string) []byte {
	tb.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, name := range order {
		w, err := z.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		io.WriteString(w, parts[name])
	}
	if err := z.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// The parts FuzzReadXLSX mutates.
const (
	partSheet   = "xl/worksheets/sheet1.xml"
	partStrings = "xl/sharedStrings.xml"
	partStyles  = "xl/styles.xml"
	partBook    = "xl/workbook.xml"
)

// FuzzReadXLSX: a workbook with any sheet, shared strings, styles and
// workbook XML opens or fails with a *ReadError, never panics; what it
// reads keeps the source's promises (checkRows), and reading it twice gives
// the same rows.
func FuzzReadXLSX(f *testing.F) {
	base := workbookParts(f, "public/samples/excel/csvkit/test.xlsx")
	for _, rel := range []string{"public/samples/excel/csvkit/test.xlsx", "public/samples/excel/csvkit/test_skip_lines.xlsx", "public/samples/excel/csvkit/sheets.xlsx"} {
		p := workbookParts(f, rel)
		f.Add(p[partSheet], p[partStrings], p[partStyles], p[partBook])
	}
	// The DingTalk workbook's data sheet (inline strings, no styles).
	ding := workbookParts(f, "kontor/dingtalk-zh/客户导入.xlsx")
	f.Add(ding["xl/worksheets/sheet2.xml"], base[partStrings], base[partStyles], base[partBook])
	var order []string
	for name := range base {
		order = append(order, name)
	}
	slices.Sort(order)
	f.Fuzz(func(t *testing.T, sheet, sst, styles, book string) {
		parts := map[string]string{}
		for k, v := range base {
			parts[k] = v
		}
		parts[partSheet], parts[partStrings], parts[partStyles], parts[partBook] = sheet, sst, styles, book
		data := zipParts(t, parts, order)
		opts := importing.ReadOptions{MaxFieldBytes: 4096, MaxColumns: 64}
		read := func() ([]importing.Row, importing.SourceInfo, error) {
			src, err := OpenReader(context.Background(), "fuzz.xlsx", bytes.NewReader(data), int64(len(data)), opts)
			isReadError(t, err)
			if err != nil {
				return nil, importing.SourceInfo{}, err
			}
			defer src.Close()
			if src.Info().Format != importing.FormatXLSX {
				t.Fatalf("format %q", src.Info().Format)
			}
			var rows []importing.Row
			for len(rows) < 1000 {
				r, err := src.Next()
				if err != nil {
					isReadError(t, err)
					break
				}
				rows = append(rows, r)
			}
			checkRows(t, src, rows)
			return rows, src.Info(), nil
		}
		rows, info, err := read()
		if err != nil {
			return
		}
		again, info2, err := read()
		if err != nil || !reflect.DeepEqual(rows, again) || !reflect.DeepEqual(info, info2) {
			t.Fatalf("read twice: %v\n%+v\n%+v", err, rows, again)
		}
	})
}

// FuzzXLSXRoundTrip: a table written as Kontor's XLSX export writes it
// (excelize's stream writer, every cell a string, empty cells left out)
// reads back as the same header and cells, with the sheet and the header
// row detected.
//
// What XLSX itself cannot hold, and the generator therefore avoids: cells
// longer than 32,767 UTF-16 units (the export refuses them); rows with no
// non-blank cell (a sheet stores no empty rows, and the reader skips rows
// of blanks as it skips blank lines). Cells hold no C0 controls other than
// tab and line breaks (the test turns the others into "?", headers too).
func FuzzXLSXRoundTrip(f *testing.F) {
	for i, b := range fuzzSeeds(f, ".csv", ".tsv") {
		t := strings.NewReplacer("\r\n", "\x1e", "\n", "\x1e", ",", "\x1f", ";", "\x1f", "\t", "\x1f").Replace(string(b))
		f.Add([]byte(t), i%3 == 0)
	}
	f.Add([]byte("Phone\x1fCode\x1e48600100200\x1f1E+5\x1e\x1f1.5E-3"), false)
	f.Fuzz(func(t *testing.T, data []byte, title bool) {
		header, rows := fuzzTable(data)
		noControls := func(cells []string) {
			for j, c := range cells {
				cells[j] = strings.Map(func(r rune) rune {
					if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
						return '?'
					}
					return r
				}, c)
			}
		}
		noControls(header)
		seen := map[string]bool{}
		for i, h := range header {
			if seen[h] { // "A\a" and "A?" are both "A?" now
				header[i] = fmt.Sprintf("Column %d", i+1)
			}
			seen[header[i]] = true
		}
		var kept [][]string
		for _, r := range rows {
			noControls(r)
			if width(r) > 0 {
				kept = append(kept, r)
			}
		}
		if len(kept) == 0 {
			return
		}
		xf := excelize.NewFile()
		defer xf.Close()
		sw, err := xf.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		put := func(cells []string) {
			vals := make([]any, len(cells))
			for i, c := range cells {
				if c != "" {
					vals[i] = c
				}
			}
			n++
			cell, _ := excelize.CoordinatesToCellName(1, n)
			if err := sw.SetRow(cell, vals); err != nil {
				t.Fatal(err)
			}
		}
		if title {
			put([]string{"Exported from Kontor on 2024-03-04"})
			n++ // and an empty row
		}
		put(header)
		for _, r := range kept {
			put(r)
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		buf, err := xf.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		raw := buf.Bytes()
		src, err := OpenReader(context.Background(), "roundtrip.xlsx", bytes.NewReader(raw), int64(len(raw)), importing.ReadOptions{})
		if err != nil {
			t.Fatalf("%v\nheader %q rows %q", err, header, kept)
		}
		defer src.Close()
		if got := src.Info().Headers; !reflect.DeepEqual(got, header) {
			t.Fatalf("headers %q (row %d), want %q", got, src.Info().HeaderLine, header)
		}
		for i, want := range kept {
			r, err := src.Next()
			if err != nil {
				t.Fatalf("row %d: %v", i+1, err)
			}
			if !reflect.DeepEqual(r.Cells, want) || len(r.Issues) > 0 {
				t.Fatalf("row %d: %q %v, want %q", i+1, r.Cells, r.Issues, want)
			}
		}
		if r, err := src.Next(); err != io.EOF {
			t.Fatalf("after the rows: %q, %v", r.Cells, err)
		}
	})
}

// Numbers that excelize shows in exponent form (more than 15 digits, as
// long phone and account numbers stored as numbers are) read as digits;
// text that looks like such a number ("1E+5", a product code) reads as
// written. (FuzzXLSXRoundTrip found text rewritten.)
func TestXLSXExponentFormOnlyForNumbers(t *testing.T) {
	xf := excelize.NewFile()
	defer xf.Close()
	for cell, v := range map[string]any{
		"A1": "Account", "B1": "Code", "C1": "Phone",
		"A2": 1234567890123456789.0, "B2": "1E+5", "C2": 48600100200,
		"A3": "1.5E+20", "B3": -1.5e16, "C3": "48600100201",
	} {
		if err := xf.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := xf.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	src, err := OpenReader(context.Background(), "n.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()), importing.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	want := [][]string{{"1234567890123460000", "1E+5", "48600100200"}, {"1.5E+20", "-15000000000000000", "48600100201"}}
	for i, w := range want {
		r, err := src.Next()
		if err != nil || !reflect.DeepEqual(r.Cells, w) {
			t.Errorf("row %d: %q, %v; want %q", i+1, r.Cells, err, w)
		}
	}
}
