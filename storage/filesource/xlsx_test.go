package filesource

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kontor/domain/importing"
)

// csvkit's test.xlsx: dates and date-times come out as ISO text, numbers
// without float noise, booleans as Excel shows them.
func TestXLSXFixtures(t *testing.T) {
	headers := []string{"text", "date", "integer", "boolean", "float", "datetime", "empty_column"}
	data := [][]string{
		{"Chicago Reader", "1971-01-01", "40", "TRUE", "1", "1971-01-01 04:14:00", ""},
		{"Chicago Sun-Times", "1948-01-01", "63", "TRUE", "1.27", "1948-01-01 14:57:13", "", "Extra data beyond headers will be trimmed"},
		{"Chicago Tribune", "1920-01-01", "164", "FALSE", "41800000.01", "1920-01-01 00:00:00", ""},
		{"This row has blanks", "", "", "", "", "", ""},
		{"Unicode! Σ", "", "", "", "", "", ""},
	}
	for _, tt := range []struct {
		file, sheet string
		sheets      []string
		headerLine  int
	}{
		{"test.xlsx", "Sheet1", []string{"Sheet1"}, 1},
		{"sheets.xlsx", "data", []string{"not this one", "data", "ʤ"}, 1}, // the first sheet is empty
		{"test_skip_lines.xlsx", "Sheet1", []string{"Sheet1"}, 4},         // three empty rows above the header
	} {
		t.Run(tt.file, func(t *testing.T) {
			src := open(t, "public/samples/excel/csvkit/"+tt.file, importing.ReadOptions{})
			rows := readAll(t, src)
			info := src.Info()
			if info.Format != "xlsx" || info.Sheet != tt.sheet || !reflect.DeepEqual(info.Sheets, tt.sheets) || info.HeaderLine != tt.headerLine || !reflect.DeepEqual(info.Headers, headers) {
				t.Errorf("info %+v", info)
			}
			if got := cells(rows); !reflect.DeepEqual(got, data) {
				t.Errorf("cells %q\nwant  %q", got, data)
			}
			for i, r := range rows {
				if r.Line != tt.headerLine+1+i {
					t.Errorf("row %d on line %d", i+1, r.Line)
				}
			}
			want := []string{fmt.Sprintf("line %d", tt.headerLine+2) + `, column 8: row has 8 cells but the header only 7; values beyond the header are kept: column 8 "Extra data beyond headers will be trimme…"`}
			if got := issues(rows); !reflect.DeepEqual(got, want) {
				t.Errorf("issues %q", got)
			}
		})
	}
}

func TestXLSXSheetChoice(t *testing.T) {
	src := open(t, "public/samples/excel/csvkit/sheets.xlsx", importing.ReadOptions{Sheet: "ʤ"})
	if rows := readAll(t, src); !reflect.DeepEqual(src.Info().Headers, []string{"a", "b", "c"}) || !reflect.DeepEqual(cells(rows), [][]string{{"1", "2", "3"}}) {
		t.Errorf("%+v %q", src.Info(), cells(rows))
	}
	if src := open(t, "public/samples/excel/csvkit/sheets.xlsx", importing.ReadOptions{Sheet: " DATA "}); src.Info().Sheet != "data" {
		t.Errorf("sheet %q", src.Info().Sheet)
	}
	re := openErr(t, "public/samples/excel/csvkit/sheets.xlsx", importing.ReadOptions{Sheet: "Kontakty"})
	if !errors.Is(re, importing.ErrNoSuchSheet) || re.Error() != `sheets.xlsx: no sheet is named "Kontakty"; the sheets are "not this one", "data", "ʤ"` {
		t.Errorf("%v", re)
	}
	re = openErr(t, "public/samples/excel/csvkit/sheets.xlsx", importing.ReadOptions{Sheet: "not this one"})
	if !errors.Is(re, importing.ErrEmptyFile) || !strings.Contains(re.Msg, `the sheet "not this one" is empty`) {
		t.Errorf("%v", re)
	}
	// DingTalk: the instructions sheet comes first; chosen by name it reads
	// as a one-column table.
	src = open(t, "kontor/dingtalk-zh/客户导入.xlsx", importing.ReadOptions{Sheet: "说明"})
	if rows := readAll(t, src); !reflect.DeepEqual(src.Info().Headers, []string{"请勿修改表头"}) || !reflect.DeepEqual(cells(rows), [][]string{{"导入说明：每行一个客户"}}) {
		t.Errorf("%+v %q", src.Info(), cells(rows))
	}
}

// buildWorkbook writes a workbook the way Excel users make them.
func buildWorkbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		must(err)
		return id
	}
	custom := func(code string) int { return style(&excelize.Style{CustomNumFmt: &code}) }

	// A hidden sheet first, then instructions, then the data.
	must(f.SetSheetName("Sheet1", "lookup"))
	must(f.SetCellValue("lookup", "A1", "code"))
	must(f.SetCellValue("lookup", "B1", "label"))
	must(f.SetCellValue("lookup", "A2", 1))
	must(f.SetCellValue("lookup", "B2", "one"))
	_, err := f.NewSheet("Instrukcja")
	must(err)
	must(f.SetCellValue("Instrukcja", "A1", "Wypełnij arkusz Dane."))
	must(f.SetCellValue("Instrukcja", "A2", "Nie zmieniaj nagłówków."))
	dane, err := f.NewSheet("Dane")
	must(err)
	f.SetActiveSheet(dane)
	must(f.SetSheetVisible("lookup", false)) // (excelize keeps the selected tab visible)
	header := []any{"Telefon", "Konto", "Kwota", "Szum", "Data (dd.mm.yyyy)", "Utworzono", "Godzina", "Data 14", "Data i czas 22", "Data 15", "Czas trwania", "Procent", "Kod", "Tekst", "Formuła"}
	must(f.SetSheetRow("Dane", "A1", &header))
	must(f.SetSheetRow("Dane", "A2", &[]any{48600100200, 1234567890123456.0, 12500.0, 0.1 + 0.2, 45355.0, 45355.5, 0.75, 45355.0, 45355.25, 45355.0, 1.5, 0.15, 501, "1E5", nil}))
	must(f.SetCellFormula("Dane", "O2", "C2*2"))
	must(f.SetCellStyle("Dane", "E2", "E2", custom("dd.mm.yyyy")))
	must(f.SetCellStyle("Dane", "F2", "F2", custom("m/d/yyyy h:mm")))
	must(f.SetCellStyle("Dane", "G2", "G2", custom("h:mm AM/PM")))
	must(f.SetCellStyle("Dane", "H2", "H2", style(&excelize.Style{NumFmt: 14})))
	must(f.SetCellStyle("Dane", "I2", "I2", style(&excelize.Style{NumFmt: 22})))
	must(f.SetCellStyle("Dane", "J2", "J2", style(&excelize.Style{NumFmt: 15})))
	must(f.SetCellStyle("Dane", "K2", "K2", style(&excelize.Style{NumFmt: 46})))
	must(f.SetCellStyle("Dane", "L2", "L2", style(&excelize.Style{NumFmt: 9})))
	must(f.SetCellStyle("Dane", "M2", "M2", custom("00000")))
	must(f.SetSheetRow("Dane", "A3", &[]any{"+48 600 100 201", "x"}))
	buf, err := f.WriteToBuffer()
	must(err)
	return buf.Bytes()
}

func TestXLSXValues(t *testing.T) {
	data := buildWorkbook(t)
	src, err := OpenReader(t.Context(), "dane.csv", bytes.NewReader(data), int64(len(data)), importing.ReadOptions{}) // an XLSX whatever its name
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	info := src.Info()
	if info.Format != "xlsx" || info.Sheet != "Dane" || !reflect.DeepEqual(info.Sheets, []string{"lookup", "Instrukcja", "Dane"}) {
		t.Errorf("info %+v", info)
	}
	rows := readAll(t, src)
	want := [][]string{
		{"48600100200", "1234567890123460", "12500", "0.3", "2024-03-04", "2024-03-04 12:00:00", "18:00:00", "2024-03-04", "2024-03-04 06:00", "2024-03-04", "36:00:00", "15%", "00501", "1E5", ""},
		{"+48 600 100 201", "x", "", "", "", "", "", "", "", "", "", "", "", "", ""},
	}
	if got := cells(rows); !reflect.DeepEqual(got, want) {
		t.Errorf("cells\n%q\nwant\n%q", got, want)
	}
}

func TestClassifyFormat(t *testing.T) {
	for code, want := range map[string]dateKind{
		"m/d/yyyy": kindDate, "dd.mm.yyyy": kindDate, "[$-409]mmmm d, yyyy": kindDate, `yyyy"年"m"月"d"日"`: kindDate, "d-mmm": kindDate, "mmm-yy": kindDate,
		"yyyy-mm-dd hh:mm": kindDateTime, "m/d/yy h:mm AM/PM": kindDateTime,
		"h:mm AM/PM": kindTime, "hh:mm:ss": kindTime, "mm:ss": kindTime,
		"[h]:mm:ss": notDate, "0.00": notDate, "#,##0": notDate, "0%": notDate, "@": notDate, "General": notDate, `\d\a\y 0`: notDate, `"Date: "0`: notDate,
	} {
		if got := classifyFormat(code); got != want {
			t.Errorf("%q: %v, want %v", code, got, want)
		}
	}
}

func TestPlainNumber(t *testing.T) {
	for in, want := range map[string]string{
		"1.23456789012346E+15": "1234567890123460", "-1.5E+16": "-15000000000000000", "1.2E-05": "0.000012",
		"48600100200": "48600100200", "1E5": "1E5", "ABC1.5E+3": "ABC1.5E+3", "E+5": "E+5", "1.5E+x": "1.5E+x", "3.14": "3.14",
	} {
		if got := plainNumber(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
