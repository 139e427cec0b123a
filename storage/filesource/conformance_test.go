package filesource

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"kontor/domain/importing"
)

// Every csv-spectrum case parses to its expected JSON: an array of objects
// keyed by the header.
func TestCSVSpectrum(t *testing.T) {
	csvs, err := filepath.Glob("testdata/public/csv-spectrum/csvs/*.csv")
	if err != nil || len(csvs) != 12 {
		t.Fatalf("want the 12 csv-spectrum cases, got %d (%v)", len(csvs), err)
	}
	for _, path := range csvs {
		name := strings.TrimSuffix(filepath.Base(path), ".csv")
		t.Run(name, func(t *testing.T) {
			src := open(t, "public/csv-spectrum/csvs/"+name+".csv", importing.ReadOptions{})
			rows := readAll(t, src)
			info := src.Info()
			if info.Delimiter != ',' || info.HeaderLine != 1 {
				t.Errorf("info %+v", info)
			}
			got := make([]map[string]string, len(rows))
			for i, r := range rows {
				if len(r.Issues) > 0 {
					t.Errorf("line %d: issues %v", r.Line, r.Issues)
				}
				got[i] = map[string]string{}
				for j, h := range info.Headers {
					got[i][h] = r.Cells[j]
				}
			}
			if name == "location_coordinates" {
				// Broken upstream: the expected JSON is a bare object with
				// another phone number. The CSV's own U+FFFD characters are
				// kept (they are valid UTF-8), nothing else is asserted.
				if len(rows) != 1 || !strings.Contains(got[0]["Location Coordinates"], "\uFFFD") {
					t.Errorf("rows %q", got)
				}
				return
			}
			raw, err := os.ReadFile("testdata/public/csv-spectrum/json/" + name + ".json")
			if err != nil {
				t.Fatal(err)
			}
			var want []map[string]string
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

// The csv-edge cases (csvkit, Salesforce Data Loader) behave sensibly.
func TestCSVEdgeCases(t *testing.T) {
	tests := []struct {
		file       string
		delim      rune
		headerLine int
		headers    []string
		lines      []int
		cells      [][]string
		issues     []string
		lineEnding string
	}{
		{
			file: "csvkit/bad.csv", delim: ',', headerLine: 1, headers: []string{"column_a", "column_b", "column_c"},
			lines: []int{2, 3, 4},
			cells: [][]string{{"1", "27", "", "I'm too long!"}, {"", "I'm too short!", ""}, {"0", "mixed types.... uh oh", "17"}},
			issues: []string{
				`line 2, column 4: row has 4 cells but the header only 3; values beyond the header are kept: column 4 "I'm too long!"`,
				`line 3: row has 2 of the header's 3 cells; the missing ones are read as empty`,
			},
		},
		{
			file: "csvkit/bad_skip_lines.csv", delim: ',', headerLine: 4, headers: []string{"column_a", "column_b", "column_c"},
			lines: []int{5, 6, 7},
			cells: [][]string{{"1", "27", "", "I'm too long!"}, {"", "I'm too short!", ""}, {"0", "mixed types.... uh oh", "17"}},
			issues: []string{
				`line 5, column 4: row has 4 cells but the header only 3; values beyond the header are kept: column 4 "I'm too long!"`,
				`line 6: row has 2 of the header's 3 cells; the missing ones are read as empty`,
			},
		},
		{
			file: "csvkit/blanks.csv", delim: ',', headerLine: 1, headers: []string{"a", "b", "c", "d", "e", "f"},
			lines: []int{2}, cells: [][]string{{"", "NA", "N/A", "NONE", "NULL", "."}}, // null-like tokens stay text: the planner decides
		},
		{
			file: "csvkit/dummy.tsv", delim: '\t', headerLine: 1, headers: []string{"a", "b", "c"},
			lines: []int{2}, cells: [][]string{{"1", "2", "3"}},
		},
		{
			// CR-only line ends, also inside a quoted cell (kept there as is).
			file: "csvkit/mac_newlines.csv", delim: ',', headerLine: 1, headers: []string{"a", "b", "c"}, lineEnding: "CR",
			lines: []int{2, 3}, cells: [][]string{{"1", "2", "3"}, {"Once upon\ra time", "5", "6"}},
		},
		{
			// A NUL byte is removed, with an issue naming the column.
			file: "csvkit/null_byte.csv", delim: ',', headerLine: 1, headers: []string{"a", "b", "c"},
			lines: []int{2}, cells: [][]string{{"", "2", "3"}},
			issues: []string{"line 2, column 1: NUL bytes removed from the cell"},
		},
		{
			file: "csvkit/sniff_limit.csv", delim: ';', headerLine: 1, headers: []string{"a", "b", "c"},
			lines: []int{2}, cells: [][]string{{"1", "2", "3"}},
		},
		{
			// Unnamed trailing columns without data are dropped; rows
			// whose extra cells are empty fit the header silently.
			file: "csvkit/test_empty_columns.csv", delim: ',', headerLine: 1, headers: []string{"a", "b", "c"},
			lines: []int{2, 3, 4}, cells: [][]string{{"a", "", ""}, {"", "", "c"}, {"", "", ""}},
		},
		{
			file: "csvkit/test_empty_columns_long_row.csv", delim: ',', headerLine: 1, headers: []string{"a", "b", "c"},
			lines: []int{2}, cells: [][]string{{"", "", ""}},
		},
		{
			file: "csvkit/test_empty_columns_short_row.csv", delim: ',', headerLine: 1, headers: []string{"a", "b", "c"},
			lines: []int{2}, cells: [][]string{{"", "", ""}},
			issues: []string{"line 2: row has 2 of the header's 3 cells; the missing ones are read as empty"},
		},
		{
			// A header cell of \t\n\v\f\r around words: trimmed, inner
			// white space folded. Lone CRs count as line breaks, so the
			// data row starts on physical line 8.
			file: "csvkit/test_header_newline.csv", delim: ',', headerLine: 1, headers: []string{"start end", "b", "c"},
			lines: []int{8}, cells: [][]string{{"d", "e", "f"}},
		},
		{
			file: "csvkit/test_locale.csv", delim: ',', headerLine: 1, headers: []string{"a", "b", "c"},
			lines: []int{2}, cells: [][]string{{"1,7", "200.000.000", ""}},
		},
		{
			file: "csvkit/test_no_leading_zeroes.csv", delim: ',', headerLine: 1, headers: []string{"a", "b", "c"},
			lines: []int{2}, cells: [][]string{{"01", "00.11", "0.1"}}, // text stays text
		},
		{
			file: "csvkit/test_skip_lines.csv", delim: ',', headerLine: 4, headers: []string{"a", "b", "c"},
			lines: []int{5}, cells: [][]string{{"1", "2", "3"}},
		},
		{
			file: "salesforce-dataloader/csvEscapedQuotes.csv", delim: ',', headerLine: 1, headers: []string{"column1", "column2"},
			lines: []int{2, 3}, cells: [][]string{{`"The Best" Account`, "bla"}, {`The "Best" Account`, "bla"}},
		},
		{
			// "!" is not a delimiter candidate: a plain 3-column file.
			file: "salesforce-dataloader/csvSeparator.csv", delim: ',', headerLine: 1, headers: []string{"column1", "column2!some", "column3"},
			lines: []int{2, 3}, cells: [][]string{{"col11", "col12!somev1", "col13"}, {"col21", "col22!somev2", "col23"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src := open(t, "public/csv-edge/"+tt.file, importing.ReadOptions{})
			rows := readAll(t, src)
			info := src.Info()
			if info.Delimiter != tt.delim || info.HeaderLine != tt.headerLine || !reflect.DeepEqual(info.Headers, tt.headers) {
				t.Errorf("info: delimiter %q header line %d headers %q", info.Delimiter, info.HeaderLine, info.Headers)
			}
			if tt.lineEnding != "" && info.LineEnding != tt.lineEnding {
				t.Errorf("line ending %q, want %q", info.LineEnding, tt.lineEnding)
			}
			var lines []int
			for _, r := range rows {
				lines = append(lines, r.Line)
			}
			if !reflect.DeepEqual(lines, tt.lines) {
				t.Errorf("lines %v, want %v", lines, tt.lines)
			}
			if got := cells(rows); !reflect.DeepEqual(got, tt.cells) {
				t.Errorf("cells %q\nwant  %q", got, tt.cells)
			}
			if got := issues(rows); !reflect.DeepEqual(got, tt.issues) {
				t.Errorf("issues %q\nwant   %q", got, tt.issues)
			}
		})
	}
}

// The "!" separator of csvSeparator.csv works when given.
func TestDelimiterOverride(t *testing.T) {
	src := open(t, "public/csv-edge/salesforce-dataloader/csvSeparator.csv", importing.ReadOptions{Delimiter: '!'})
	rows := readAll(t, src)
	if h := src.Info().Headers; !reflect.DeepEqual(h, []string{"column1,column2", "some,column3"}) {
		t.Errorf("headers %q", h)
	}
	if got := cells(rows); !reflect.DeepEqual(got, [][]string{{"col11,col12", "somev1,col13"}, {"col21,col22", "somev2,col23"}}) {
		t.Errorf("cells %q", got)
	}
	for _, d := range []rune{'"', '\n', 'ą', '\r'} {
		re := openErr(t, "public/csv-edge/csvkit/dummy.tsv", importing.ReadOptions{Delimiter: d})
		if re.Err != importing.ErrBadOptions {
			t.Errorf("delimiter %q: %v", d, re)
		}
	}
}
