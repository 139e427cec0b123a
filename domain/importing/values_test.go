package importing

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kontor/domain"
)

func mkDate(y int, m time.Month, d int) domain.Date { return domain.Date{Year: y, Month: m, Day: d} }

var (
	noEvidence  = ColumnFormat{}
	provenDMY   = ColumnFormat{DateOrder: DMY}
	provenMDY   = ColumnFormat{DateOrder: MDY}
	guessedMDY  = ColumnFormat{DateOrder: MDY, DateAmbiguous: true}
	commaFormat = ColumnFormat{DecimalSep: ',', GroupSep: ' '}
	pointFormat = ColumnFormat{DecimalSep: '.', GroupSep: ','}
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		f    ColumnFormat
		want domain.Date
	}{
		// Year first: always Y-M-D.
		{"2024-03-04", provenMDY, mkDate(2024, 3, 4)},
		{"2024/3/4", noEvidence, mkDate(2024, 3, 4)},
		{"2024.03.04", provenDMY, mkDate(2024, 3, 4)},
		{"2024年3月4日", noEvidence, mkDate(2024, 3, 4)},
		{"2024年03月04号", noEvidence, mkDate(2024, 3, 4)},
		{"２０２４－０３－０４", noEvidence, mkDate(2024, 3, 4)},
		{"20240304", noEvidence, mkDate(2024, 3, 4)},
		// Day/month order from the column.
		{"04.03.2024", noEvidence, mkDate(2024, 3, 4)},
		{"04.03.2024 r.", noEvidence, mkDate(2024, 3, 4)},
		{"4-3-2024", noEvidence, mkDate(2024, 3, 4)},
		{"03/04/2024", provenDMY, mkDate(2024, 4, 3)},
		{"03/04/2024", provenMDY, mkDate(2024, 3, 4)},
		{"03/04/2024", noEvidence, mkDate(2024, 4, 3)},
		{"03/04/2024", guessedMDY, mkDate(2024, 3, 4)},
		{"13/02/2024", noEvidence, mkDate(2024, 2, 13)},
		{"13/02/2024", guessedMDY, mkDate(2024, 2, 13)}, // a guess yields to the only reading
		{"02/13/2024", noEvidence, mkDate(2024, 2, 13)},
		{"12/26/1990", provenMDY, mkDate(1990, 12, 26)},
		{"12/26/90", provenMDY, mkDate(1990, 12, 26)},
		{"01/02/03", provenDMY, mkDate(2003, 2, 1)},
		{"1/2/29", provenDMY, mkDate(2029, 2, 1)},
		{"1/2/30", provenDMY, mkDate(1930, 2, 1)},
		// Month names.
		{"4 Mar 2024", noEvidence, mkDate(2024, 3, 4)},
		{"4 March 2024", provenMDY, mkDate(2024, 3, 4)},
		{"March 4, 2024", provenDMY, mkDate(2024, 3, 4)},
		{"Mar 4 2024", noEvidence, mkDate(2024, 3, 4)},
		{"4-Mar-24", noEvidence, mkDate(2024, 3, 4)},
		{"04-MAR-2024", noEvidence, mkDate(2024, 3, 4)},
		{"Mon, 4 Mar 2024", noEvidence, mkDate(2024, 3, 4)},
		{"Monday, March 4th, 2024", noEvidence, mkDate(2024, 3, 4)},
		{"4th of March 2024", noEvidence, mkDate(2024, 3, 4)},
		{"4 marca 2024 r.", noEvidence, mkDate(2024, 3, 4)},
		{"4 Marzec 2024", noEvidence, mkDate(2024, 3, 4)},
		{"1 października 2024", noEvidence, mkDate(2024, 10, 1)},
		{"21 września 2023", noEvidence, mkDate(2023, 9, 21)},
		{"4 III 2024", noEvidence, mkDate(2024, 3, 4)},
		{"4. März 2024", noEvidence, mkDate(2024, 3, 4)},
		{"2024 Mar 4", noEvidence, mkDate(2024, 3, 4)},
		// Date-times: the date as written.
		{"2024-03-04T10:00:00Z", noEvidence, mkDate(2024, 3, 4)},
		{"2024-03-04T23:30:00-05:00", noEvidence, mkDate(2024, 3, 4)},
		{"2006-04-15T03:23:15.000Z", noEvidence, mkDate(2006, 4, 15)},
		{"2024-08-13T18:04:34.666+00:00", noEvidence, mkDate(2024, 8, 13)},
		{"03/14/2024 09:12:44", noEvidence, mkDate(2024, 3, 14)},
		{"01/05/2024 08:00:00", provenMDY, mkDate(2024, 1, 5)},
		{"2024-03-04 10:00", noEvidence, mkDate(2024, 3, 4)},
		{"2024年3月4日 下午3:00", noEvidence, mkDate(2024, 3, 4)},
		{"Mon, 04 Mar 2024 10:00:00 +0000", noEvidence, mkDate(2024, 3, 4)},
		// Excel serial days.
		{"45355", noEvidence, mkDate(2024, 3, 4)},
		{"45355.75", noEvidence, mkDate(2024, 3, 4)},
		{"10000", noEvidence, mkDate(1927, 5, 18)},
		// Calendar edges.
		{"2024-02-29", noEvidence, mkDate(2024, 2, 29)},
		{"29.02.2000", noEvidence, mkDate(2000, 2, 29)},
		{"31.12.9999", noEvidence, mkDate(9999, 12, 31)},
		{" 2024-03-04 ", noEvidence, mkDate(2024, 3, 4)},
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.in, tc.f)
		if err != nil || got != tc.want {
			t.Errorf("ParseDate(%q, %+v) = %v, %v; want %v", tc.in, tc.f, got, err, tc.want)
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	tests := []struct {
		in   string
		f    ColumnFormat
		want string // part of the message
	}{
		{"31/02/2020", noEvidence, "31 February 2020 does not exist"},
		{"31/02/2020", provenDMY, "31 February 2020 does not exist"},
		{"2023-02-29", noEvidence, "29 February 2023 does not exist"},
		{"31.04.2024", noEvidence, "31 April 2024 does not exist"},
		{"2020-13-01", noEvidence, "there is no month 13 in “2020-13-01”"},
		{"13/13/2024", noEvidence, "there is no month 13 in “13/13/2024”"},
		{"13/02/2024", provenMDY, "there is no month 13 in “13/02/2024” (this column's dates are month/day/year)"},
		{"02/13/2024", provenDMY, "there is no month 13 in “02/13/2024” (this column's dates are day/month/year)"},
		{"00/01/2024", noEvidence, "there is no day 0"},
		{"0000-01-01", noEvidence, "year 0"},
		{"abc", noEvidence, "“abc” is not a date"},
		{"12a", noEvidence, "is not a date"},
		{"", noEvidence, "empty"},
		{"1990", noEvidence, "only a year"},
		{"03/2024", noEvidence, "has no day"},
		{"March 2024", noEvidence, "not a complete date"},
		{"2024年3月", noEvidence, "not a complete date"},
		{"2024-03-04 25:00", noEvidence, "no valid time of day"},
		{"2024-03-04 10:61", noEvidence, "no valid time of day"},
		{"2024-03-04 13:00 pm", noEvidence, "no hour 13"},
		{"2024-03-04 10:00 tomorrow", noEvidence, "is not a date"},
		{"1.5", noEvidence, "is not a date"},
		{"4 Foo 2024", noEvidence, "is not a date"},
		{"1234567890", noEvidence, "is not a date"},
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.in, tc.f)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseDate(%q, %+v) = %v, %v; want an error with %q", tc.in, tc.f, got, err, tc.want)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min, s, ns int) time.Time {
		return time.Date(y, m, d, h, min, s, ns, time.UTC)
	}
	tests := []struct {
		in   string
		f    ColumnFormat
		want time.Time
	}{
		{"03/14/2024 09:12:44", noEvidence, utc(2024, 3, 14, 9, 12, 44, 0)},
		{"01/05/2024 08:00:00", provenMDY, utc(2024, 1, 5, 8, 0, 0, 0)},
		{"01/05/2024 08:00:00", provenDMY, utc(2024, 5, 1, 8, 0, 0, 0)},
		{"2024-03-04 10:00", noEvidence, utc(2024, 3, 4, 10, 0, 0, 0)},
		{"2024-03-04T10:00:00+01:00", noEvidence, utc(2024, 3, 4, 9, 0, 0, 0)},
		{"2024-03-04T00:30:00+01:00", noEvidence, utc(2024, 3, 3, 23, 30, 0, 0)},
		{"2024-03-04T10:00:00-0500", noEvidence, utc(2024, 3, 4, 15, 0, 0, 0)},
		{"2024-03-04 10:00 +0530", noEvidence, utc(2024, 3, 4, 4, 30, 0, 0)},
		{"2024-03-04 10:00 UTC", noEvidence, utc(2024, 3, 4, 10, 0, 0, 0)},
		{"2024-03-04T10:00:00.123Z", noEvidence, utc(2024, 3, 4, 10, 0, 0, 123_000_000)},
		{"2006-04-15T03:23:15.000Z", noEvidence, utc(2006, 4, 15, 3, 23, 15, 0)},
		{"2024-08-13T18:04:34.666+00:00", noEvidence, utc(2024, 8, 13, 18, 4, 34, 666_000_000)},
		{"3/14/2024 9:12 PM", noEvidence, utc(2024, 3, 14, 21, 12, 0, 0)},
		{"3/14/2024 9:12 p.m.", noEvidence, utc(2024, 3, 14, 21, 12, 0, 0)},
		{"3/14/2024 12:05 AM", noEvidence, utc(2024, 3, 14, 0, 5, 0, 0)},
		{"3/14/2024 12:05 PM", noEvidence, utc(2024, 3, 14, 12, 5, 0, 0)},
		{"14.03.2024 9:12", noEvidence, utc(2024, 3, 14, 9, 12, 0, 0)},
		{"2024年3月4日 下午3:00", noEvidence, utc(2024, 3, 4, 15, 0, 0, 0)},
		{"2024年3月4日 上午10:30", noEvidence, utc(2024, 3, 4, 10, 30, 0, 0)},
		{"2024-03-04", noEvidence, utc(2024, 3, 4, 0, 0, 0, 0)},
		{"45355.5", noEvidence, utc(2024, 3, 4, 12, 0, 0, 0)},
		{"45355", noEvidence, utc(2024, 3, 4, 0, 0, 0, 0)},
		{"2016-12-31 23:59:60", noEvidence, utc(2016, 12, 31, 23, 59, 59, 0)},
	}
	for _, tc := range tests {
		got, err := ParseDateTime(tc.in, tc.f)
		if err != nil || !got.Equal(tc.want) || got.Location() != time.UTC {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "abc", "2024-03-04 24:00", "03/14/2024 13:00 PM", "2024-03-04T10:00:00+25:00", "31/02/2024 10:00"} {
		if got, err := ParseDateTime(bad, noEvidence); err == nil {
			t.Errorf("ParseDateTime(%q) = %v, want an error", bad, got)
		}
	}
}

func TestAnalyzeColumnDates(t *testing.T) {
	tests := []struct {
		name      string
		values    []string
		order     DateOrder
		ambiguous bool
	}{
		{"Zoho birthdays prove month first", []string{"12/26/1990", "02/03/1973", "08/24/1997", "03/13/1977"}, MDY, false},
		{"Livespace dates prove day first", []string{"03.02.1973", "01.03.1974", "16.01.1991"}, DMY, false},
		{"one value proves it", []string{"01/02/2024", "03/04/2024", "13/04/2024"}, DMY, false},
		{"all ambiguous with dots", []string{"01.02.2024", "03.04.2024"}, DMY, true},
		{"all ambiguous with slashes", []string{"01/05/2024 08:00:00", "01/05/2024 08:00:00"}, DMY, true},
		{"all ambiguous with AM/PM", []string{"01/05/2024 08:00 AM", "02/03/2024 1:00 PM"}, MDY, true},
		{"the column disagrees with itself", []string{"13/01/2024", "14/01/2024", "01/13/2024"}, DMY, true},
		{"year first", []string{"2024-01-01", "2024/3/4", "2024年3月4日"}, YMD, false},
		{"ISO date-times", []string{"2006-04-15T03:23:15.000Z"}, YMD, false},
		{"month names say nothing", []string{"4 Mar 2024"}, DateAuto, false},
		{"no dates", []string{"abc", ""}, DateAuto, false},
		{"empty", nil, DateAuto, false},
	}
	for _, tc := range tests {
		f := AnalyzeColumn(KindDate, tc.values)
		if f.DateOrder != tc.order || f.DateAmbiguous != tc.ambiguous {
			t.Errorf("%s: AnalyzeColumn = %v ambiguous=%v, want %v ambiguous=%v", tc.name, f.DateOrder, f.DateAmbiguous, tc.order, tc.ambiguous)
		}
	}
}

func TestAnalyzeColumnNumbers(t *testing.T) {
	tests := []struct {
		name       string
		kind       ValueKind
		values     []string
		dec, group rune
		currency   string
	}{
		{"Livespace amounts", KindMoney, []string{"12 640,00", "150 280,00", "5 910,00"}, ',', ' ', ""},
		{"Zoho amounts", KindMoney, []string{"12650.00", "150860.00", "5210.00"}, '.', 0, ""},
		{"German amounts", KindMoney, []string{"1.000,50", "250,00"}, ',', '.', ""},
		{"US amounts with dollars", KindMoney, []string{"$1,000.50", "$250.00", "$1,250"}, '.', ',', "USD"},
		{"zloty amounts", KindMoney, []string{"12 500,00 zł", "99,90 zł"}, ',', ' ', "PLN"},
		{"mixed currencies", KindMoney, []string{"12 EUR", "13 USD"}, 0, 0, ""},
		{"thousands only, comma", KindInteger, []string{"1,200", "12,500"}, '.', ',', ""},
		{"thousands only, dots (a count)", KindInteger, []string{"1.200", "12.500"}, ',', '.', ""},
		{"three decimals (a decimal)", KindDecimal, []string{"1.200", "12.500"}, '.', 0, ""},
		{"dots used twice", KindDecimal, []string{"1.000.000", "2.500"}, ',', '.', ""},
		{"Swiss apostrophes", KindMoney, []string{"1'234.50"}, '.', '\'', ""},
		{"plain integers say nothing", KindInteger, []string{"120", "40"}, 0, 0, ""},
		{"percentages", KindPercent, []string{"62,5%", "10%"}, ',', 0, ""},
		{"text kinds are not analysed", KindText, []string{"1,5"}, 0, 0, ""},
	}
	for _, tc := range tests {
		f := AnalyzeColumn(tc.kind, tc.values)
		if f.DecimalSep != tc.dec || f.GroupSep != tc.group || f.Currency != tc.currency {
			t.Errorf("%s: AnalyzeColumn = dec %q group %q currency %q, want %q %q %q", tc.name, f.DecimalSep, f.GroupSep, f.Currency, tc.dec, tc.group, tc.currency)
		}
	}
}

func TestAnalyzeColumns(t *testing.T) {
	// Zoho Accounts alone: "Created Time" is all 01/05/2024, but the file's
	// other column (even one not imported) proves month first.
	headers := []string{"Account Name", "Created Time", "Last Activity"}
	rows := [][]string{
		{"Acme", "01/05/2024 08:00:00", "12/26/2024"},
		{"Budimex", "01/05/2024 08:00:00", ""},
	}
	f := AnalyzeColumns(headers, []ValueKind{KindName, KindDateTime, ""}, rows)
	if f[1].DateOrder != MDY || f[1].DateAmbiguous {
		t.Errorf("Created Time: %+v, want month first, settled by the file", f[1])
	}
	// Nothing proves it: an English export reads slashes month first, a
	// Polish one day first; both stay ambiguous.
	rows = [][]string{{"Acme", "01/05/2024 08:00:00", ""}}
	f = AnalyzeColumns(headers, []ValueKind{KindName, KindDateTime, ""}, rows)
	if f[1].DateOrder != MDY || !f[1].DateAmbiguous {
		t.Errorf("English file: %+v, want a month-first guess", f[1])
	}
	f = AnalyzeColumns([]string{"Nazwa", "Data utworzenia"}, []ValueKind{KindName, KindDateTime}, [][]string{{"Acme", "01/05/2024"}})
	if f[1].DateOrder != DMY || !f[1].DateAmbiguous {
		t.Errorf("Polish file: %+v, want a day-first guess", f[1])
	}
	f = AnalyzeColumns([]string{"Name", "Created"}, []ValueKind{KindName, KindDateTime}, [][]string{{"Acme", "01.05.2024"}})
	if f[1].DateOrder != DMY || !f[1].DateAmbiguous {
		t.Errorf("dots in an English file: %+v, want a day-first guess", f[1])
	}
	// Numbers: the amount column proves the decimal comma for the
	// employees column, whose "1.500" alone says nothing.
	f = AnalyzeColumns([]string{"Wartość", "Pracownicy"}, []ValueKind{KindMoney, KindDecimal}, [][]string{{"12 500,00", "1.500"}, {"99,90", "12"}})
	if f[0].DecimalSep != ',' || f[1].DecimalSep != ',' {
		t.Errorf("shared decimal comma: %+v", f)
	}
	if got, _ := ParseDecimal("1.500", f[1]); got != "1500" {
		t.Errorf("1.500 with the shared format = %s, want 1500", got)
	}
	if n := len(AnalyzeColumns([]string{"a", "b"}, nil, nil)); n != 2 {
		t.Errorf("AnalyzeColumns without kinds returned %d formats", n)
	}
}

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in   string
		f    ColumnFormat
		want string
	}{
		{"12 500,00", noEvidence, "12500.00"},
		{"12\u00a0500,00", noEvidence, "12500.00"},
		{"12\u202f500,00", noEvidence, "12500.00"},
		{"12\u2009500", noEvidence, "12500"},
		{"1.000,50", noEvidence, "1000.50"},
		{"1,000.50", noEvidence, "1000.50"},
		{"1'234.50", noEvidence, "1234.50"},
		{"1’234.50", noEvidence, "1234.50"},
		{"12500.5", noEvidence, "12500.5"},
		{"12500", noEvidence, "12500"},
		{"1,000,000", noEvidence, "1000000"},
		{"1.000.000", noEvidence, "1000000"},
		{"1.000.000,5", noEvidence, "1000000.5"},
		{"1,5", noEvidence, "1.5"},
		{"99,90", noEvidence, "99.90"},
		{"1,500", noEvidence, "1500"},
		{"1.500", noEvidence, "1.500"},
		{"1.500", commaFormat, "1500"},
		{"1,500", commaFormat, "1.500"},
		{"1,500", pointFormat, "1500"},
		{"12.50", commaFormat, "12.50"},
		{"1,000.50", commaFormat, "1000.50"},
		{"0,500", noEvidence, "0.500"},
		{"1234.567", commaFormat, "1234.567"},
		{"-3.25", noEvidence, "-3.25"},
		{"−3,25", noEvidence, "-3.25"},
		{"+5", noEvidence, "5"},
		{"(1 234)", noEvidence, "-1234"},
		{"1234-", noEvidence, "-1234"},
		{"- 12", noEvidence, "-12"},
		{"007", noEvidence, "7"},
		{".5", noEvidence, "0.5"},
		{"5.", noEvidence, "5"},
		{"0", noEvidence, "0"},
		{"-0", noEvidence, "0"},
		{"-0.00", noEvidence, "0.00"},
		{"１２３", noEvidence, "123"},
		{"1.2E+3", noEvidence, "1200"},
		{"1,5e-3", noEvidence, "0.0015"},
		{"2.5e1", noEvidence, "25"},
		{" 42 ", noEvidence, "42"},
	}
	for _, tc := range tests {
		got, err := ParseDecimal(tc.in, tc.f)
		if err != nil || got != tc.want {
			t.Errorf("ParseDecimal(%q, %+v) = %q, %v; want %q", tc.in, tc.f, got, err, tc.want)
		}
	}
	errs := map[string]string{
		"12a":             "“12a” is not a number",
		"abc":             "“abc” is not a number",
		"":                "empty",
		"-":               "not a number",
		"1,00,000":        "misplaced",
		"1 2":             "misplaced",
		"1.000.000,5,5":   "not a number",
		"1,2,3.4.5":       "not a number",
		"--5":             "not a number",
		"(-5)":            "not a number",
		"1e999":           "not a number",
		"12 500 zł":       "not a number",
		"12%":             "not a number",
		"1..5":            "not a number",
		",":               "not a number",
		"0x1F":            "not a number",
		"١٢٣":             "not a number",
		"5 000 000 00,00": "misplaced",
	}
	for in, want := range errs {
		if got, err := ParseDecimal(in, noEvidence); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDecimal(%q) = %q, %v; want an error with %q", in, got, err, want)
		}
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		f    ColumnFormat
		want int64
	}{
		{"1 200", noEvidence, 1200},
		{"120", noEvidence, 120},
		{"1,200", noEvidence, 1200},
		{"1,200", pointFormat, 1200},
		{"1.200", noEvidence, 1200},
		{"1.200", commaFormat, 1200},
		{"120.0", noEvidence, 120},
		{"120,00", noEvidence, 120},
		{"-5", noEvidence, -5},
		{"9223372036854775807", noEvidence, math.MaxInt64},
		{"1 000 000", noEvidence, 1000000},
	}
	for _, tc := range tests {
		got, err := ParseInt(tc.in, tc.f)
		if err != nil || got != tc.want {
			t.Errorf("ParseInt(%q, %+v) = %d, %v; want %d", tc.in, tc.f, got, err, tc.want)
		}
	}
	errs := []struct {
		in   string
		f    ColumnFormat
		want string
	}{
		{"1,5", noEvidence, "“1,5” is not a whole number"},
		{"1.200", pointFormat, "not a whole number"},
		{"9223372036854775808", noEvidence, "too large"},
		{"12a", noEvidence, "“12a” is not a number"},
		{"ten", noEvidence, "not a number"},
	}
	for _, tc := range errs {
		if got, err := ParseInt(tc.in, tc.f); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseInt(%q) = %d, %v; want an error with %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseMoney(t *testing.T) {
	m := func(minor int64, cur string) domain.Money { return domain.Money{Minor: minor, Currency: cur} }
	tests := []struct {
		in   string
		f    ColumnFormat
		def  string
		want domain.Money
	}{
		{"12 500,00 zł", noEvidence, "PLN", m(1250000, "PLN")},
		{"12 500,00 zł", noEvidence, "EUR", m(1250000, "PLN")}, // the value's currency wins
		{"12 640,00", commaFormat, "PLN", m(1264000, "PLN")},
		{"PLN 12500", noEvidence, "", m(1250000, "PLN")},
		{"PLN12500", noEvidence, "", m(1250000, "PLN")},
		{"12500PLN", noEvidence, "", m(1250000, "PLN")},
		{"12 500 zl", noEvidence, "", m(1250000, "PLN")},
		{"$1,200.50", noEvidence, "", m(120050, "USD")},
		{"US$ 1,200.50", noEvidence, "", m(120050, "USD")},
		{"€ 99,90", noEvidence, "", m(9990, "EUR")},
		{"99,90 €", noEvidence, "", m(9990, "EUR")},
		{"12.500,00 EUR", noEvidence, "", m(1250000, "EUR")},
		{"¥8000", noEvidence, "", m(800000, "CNY")},
		{"￥8,000", noEvidence, "", m(800000, "CNY")},
		{"8000元", noEvidence, "", m(800000, "CNY")},
		{"¥150,860.00", noEvidence, "", m(15086000, "CNY")},
		{"1200 USD", noEvidence, "", m(120000, "USD")},
		{"1200 usd", noEvidence, "", m(120000, "USD")},
		{"£15", noEvidence, "", m(1500, "GBP")},
		{"-$5.00", noEvidence, "", m(-500, "USD")},
		{"$-5.00", noEvidence, "", m(-500, "USD")},
		{"($1,200.00)", noEvidence, "", m(-120000, "USD")},
		{"(1 200,00) zł", noEvidence, "", m(-120000, "PLN")},
		{"12650.00", noEvidence, "PLN", m(1265000, "PLN")},
		{"500000.0", noEvidence, "USD", m(50000000, "USD")},
		{"500 JPY", noEvidence, "", m(500, "JPY")},
		{"500.00 JPY", noEvidence, "", m(500, "JPY")},
		{"1.500 zł", noEvidence, "", m(150000, "PLN")},
		{"1,500", noEvidence, "PLN", m(150000, "PLN")},
		{"1.500 KWD", noEvidence, "", m(1500, "KWD")},
		{"0,5", noEvidence, "PLN", m(50, "PLN")},
		{"0", noEvidence, "PLN", m(0, "PLN")},
		{"12 500.00 PLN", noEvidence, "", m(1250000, "PLN")}, // Money.String
		{"1.2E+3 EUR", noEvidence, "", m(120000, "EUR")},
	}
	for _, tc := range tests {
		got, err := ParseMoney(tc.in, tc.f, tc.def)
		if err != nil || got != tc.want {
			t.Errorf("ParseMoney(%q, %q) = %v, %v; want %v", tc.in, tc.def, got, err, tc.want)
		}
	}
	errs := []struct {
		in, def, want string
	}{
		{"12a", "PLN", "“12a” is not an amount"},
		{"abc", "PLN", "not an amount"},
		{"12 abc", "PLN", "not an amount"},
		{"15k", "PLN", "not an amount"},
		{"PLN", "PLN", "not an amount"},
		{"", "PLN", "no amount"},
		{"zł", "PLN", "not an amount"},
		{"12500", "", "has no currency"},
		{"12500", "XYZ", "not an ISO 4217 code"},
		{"$12 EUR", "", "not an amount"},
		{"12,3456 zł", "", "more decimal places than PLN has (2)"},
		{"12.5 JPY", "", "more decimal places than JPY has (0)"},
		{"99999999999999999999 PLN", "", "too large"},
		{"1.000.000", "PLN", ""},
		{"-(5) PLN", "", "not an amount"},
	}
	for _, tc := range errs {
		got, err := ParseMoney(tc.in, noEvidence, tc.def)
		if tc.want == "" {
			if err != nil {
				t.Errorf("ParseMoney(%q) = %v", tc.in, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseMoney(%q, %q) = %v, %v; want an error with %q", tc.in, tc.def, got, err, tc.want)
		}
	}
}

func TestParsePercent(t *testing.T) {
	tests := map[string]int{
		"60": 60, "60%": 60, "60 %": 60, "%60": 60, "６０％": 60, "0.6": 60, "0,6": 60, "0.05": 5, "0.125": 13,
		"1": 1, "100": 100, "100.0": 100, "100%": 100, "62,5": 63, "62.4%": 62, "0": 0, "0.0": 0, "-0": 0,
		"0.5%": 1, "10.0": 10, "50.0": 50, "99.5": 100, ".5": 50,
	}
	for in, want := range tests {
		got, err := ParsePercent(in)
		if err != nil || got != want {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	errs := map[string]string{
		"150": "above 100", "100.5": "above 100", "1000%": "above 100", "-5": "below 0",
		"abc": "“abc” is not a percentage", "": "not a percentage", "60%%": "not a percentage", "12a": "not a percentage",
	}
	for in, want := range errs {
		if got, err := ParsePercent(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParsePercent(%q) = %d, %v; want an error with %q", in, got, err, want)
		}
	}
}

func TestParseBool(t *testing.T) {
	for _, s := range []string{"true", "TRUE", "True", "t", "yes", "Y", "1", "on", "tak", "TAK", "prawda", "ja", "oui", "sí", "是", "对", "真", "有", "x", "X", "✓", "✔", "☑", "✅", " yes ", "ｙｅｓ", "Tak."} {
		if b, err := ParseBool(s); err != nil || !b {
			t.Errorf("ParseBool(%q) = %v, %v; want true", s, b, err)
		}
	}
	for _, s := range []string{"false", "FALSE", "f", "no", "N", "0", "off", "nie", "NIE", "fałsz", "FAŁSZ", "falsz", "nein", "non", "否", "不是", "错", "假", "无", "✗", "✘", "☐", "-"} {
		if b, err := ParseBool(s); err != nil || b {
			t.Errorf("ParseBool(%q) = %v, %v; want false", s, b, err)
		}
	}
	for _, s := range []string{"", "maybe", "2", "yess", "tak nie", "10"} {
		if _, err := ParseBool(s); err == nil {
			t.Errorf("ParseBool(%q): no error", s)
		}
	}
	if _, err := ParseBool("maybe"); err == nil || !strings.Contains(err.Error(), "“maybe” is not yes or no") {
		t.Errorf("ParseBool(maybe) error = %v", err)
	}
}

func TestSplitMulti(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"a@x.pl; b@x.pl", []string{"a@x.pl", "b@x.pl"}},
		{"a@x.pl;b@x.pl;", []string{"a@x.pl", "b@x.pl"}},
		{"a@x.pl,b@x.pl", []string{"a@x.pl", "b@x.pl"}},
		{"a@x.pl\nb@x.pl\r\nc@x.pl", []string{"a@x.pl", "b@x.pl", "c@x.pl"}},
		{"a@x.pl | b@x.pl", []string{"a@x.pl", "b@x.pl"}},
		{"a@x.pl b@x.pl", []string{"a@x.pl", "b@x.pl"}},
		{"600 100 200, 601 200 300", []string{"600 100 200", "601 200 300"}},
		{"600 100 200 / 601 200 300", []string{"600 100 200", "601 200 300"}},
		{"+48 600 100 200", []string{"+48 600 100 200"}},
		{"+48 22 123 45 67, wew. 12", []string{"+48 22 123 45 67, wew. 12"}},
		{"22/123 45 67", []string{"22/123 45 67"}},
		{"(22) 123-45-67", []string{"(22) 123-45-67"}},
		{`"Kowalski, Jan" <jan@x.pl>, ewa@x.pl`, []string{`"Kowalski, Jan" <jan@x.pl>`, "ewa@x.pl"}},
		{"Kowalski, Jan <jan@x.pl>", []string{"Kowalski, Jan <jan@x.pl>"}},
		{"Jan <jan@x.pl>; Ewa <ewa@x.pl>", []string{"Jan <jan@x.pl>", "Ewa <ewa@x.pl>"}},
		{"zhang@x.cn、li@x.cn", []string{"zhang@x.cn", "li@x.cn"}},
		{"138 0013 8000；139 0013 9000", []string{"138 0013 8000", "139 0013 9000"}},
		{"138 0013 8000，139 0013 9000", []string{"138 0013 8000", "139 0013 9000"}},
		{"1,200", []string{"1,200"}},
		{"22 / 12", []string{"22 / 12"}},
		{"600 100 200，601 200 300 / 602 300 400", []string{"600 100 200", "601 200 300", "602 300 400"}},
		{"ul. Długa 1, 00-001 Warszawa", []string{"ul. Długa 1, 00-001 Warszawa"}},
		{"  a@x.pl  ", []string{"a@x.pl"}},
		{"", nil},
		{" ; ; ", nil},
	}
	for _, tc := range tests {
		if got := SplitMulti(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("SplitMulti(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplitMultiLongCell(t *testing.T) {
	// A megabyte of commas splits in linear time (a quadratic split would
	// not finish within the test timeout).
	cell := strings.Repeat("1,", 500_000)
	if got := SplitMulti(cell); len(got) != 1 || got[0] != cell {
		t.Errorf("SplitMulti of a long cell gave %d parts", len(got))
	}
	many := strings.Repeat("a@x.pl; ", 100_000)
	if got := SplitMulti(many); len(got) != 100_000 {
		t.Errorf("SplitMulti of 100000 addresses gave %d parts", len(got))
	}
}

func TestDateOrderString(t *testing.T) {
	for o, want := range map[DateOrder]string{DateAuto: "automatic", DMY: "day/month/year", MDY: "month/day/year", YMD: "year/month/day"} {
		if o.String() != want {
			t.Errorf("%d.String() = %q", o, o.String())
		}
	}
}

// ------------------------------------------------------------------ fuzzing

var fuzzCurrencies = []string{"PLN", "EUR", "USD", "CNY", "JPY", "KWD", "GBP"}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"12 500,00", "1.000,50", "1,000.50", "12500.5", "-3.25", "(1 234)", "1.2E+3", "0", ".5", "1,5", "12a", "1'234.50", "１２３", "1,00,000", "−5"} {
		f.Add(s, int64(1250000), uint8(0))
	}
	f.Add("", int64(-3), uint8(4))
	f.Add("", int64(math.MaxInt64), uint8(5))
	f.Fuzz(func(t *testing.T, s string, minor int64, cur uint8) {
		for _, format := range []ColumnFormat{noEvidence, commaFormat, pointFormat} {
			out, err := ParseDecimal(s, format)
			if err != nil {
				continue
			}
			// A canonical decimal reads back unchanged, whatever the column.
			if again, err := ParseDecimal(out, ColumnFormat{DecimalSep: '.'}); err != nil || again != out {
				t.Fatalf("ParseDecimal(%q) = %q, which reads back as %q, %v", s, out, again, err)
			}
			if again, err := ParseDecimal(out, noEvidence); err != nil || again != out {
				t.Fatalf("ParseDecimal(%q) = %q, which reads back without evidence as %q, %v", s, out, again, err)
			}
		}
		// What Kontor prints reads back as the same number.
		if minor == math.MinInt64 {
			return
		}
		m := domain.Money{Minor: minor, Currency: fuzzCurrencies[int(cur)%len(fuzzCurrencies)]}
		if got, err := ParseDecimal(m.Decimal(), noEvidence); err != nil || got != m.Decimal() {
			t.Fatalf("ParseDecimal(%q) = %q, %v", m.Decimal(), got, err)
		}
	})
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"12 500,00 zł", "PLN 12500", "$1,200.50", "€ 99,90", "¥8000", "1200 USD", "($1,200.00)", "12,3456 zł", "15k", "-$5.00", "1.500 KWD"} {
		f.Add(s, int64(1250000), uint8(0))
	}
	f.Add("", int64(-1), uint8(5))
	f.Add("", int64(math.MaxInt64), uint8(4))
	f.Fuzz(func(t *testing.T, s string, minor int64, cur uint8) {
		for _, format := range []ColumnFormat{noEvidence, commaFormat, pointFormat} {
			if m, err := ParseMoney(s, format, "PLN"); err == nil {
				if _, err := domain.NormalizeCurrency(m.Currency); err != nil {
					t.Fatalf("ParseMoney(%q) gave currency %q", s, m.Currency)
				}
				if again, err := ParseMoney(m.String(), noEvidence, ""); err != nil || again != m {
					t.Fatalf("ParseMoney(%q) = %v, which reads back as %v, %v", s, m, again, err)
				}
			}
		}
		if minor == math.MinInt64 {
			return
		}
		m := domain.Money{Minor: minor, Currency: fuzzCurrencies[int(cur)%len(fuzzCurrencies)]}
		for _, printed := range []string{m.String(), m.Decimal() + " " + m.Currency, m.Currency + " " + m.Decimal()} {
			if got, err := ParseMoney(printed, noEvidence, ""); err != nil || got != m {
				t.Fatalf("ParseMoney(%q) = %v, %v; want %v", printed, got, err, m)
			}
		}
		if got, err := ParseMoney(m.Decimal(), noEvidence, m.Currency); err != nil || got != m {
			t.Fatalf("ParseMoney(%q, %s) = %v, %v; want %v", m.Decimal(), m.Currency, got, err, m)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-03-04", "04.03.2024", "03/04/2024", "13/02/2024", "4 Mar 2024", "March 4, 2024", "2024年3月4日", "20240304", "45355", "2024-03-04T10:00:00Z", "03/14/2024 09:12:44 PM", "31/02/2020", "abc"} {
		f.Add(s, 2024, 3, 4)
	}
	f.Add("", 1, 1, 1)
	f.Add("", 9999, 12, 31)
	f.Fuzz(func(t *testing.T, s string, y, m, d int) {
		for _, format := range []ColumnFormat{noEvidence, provenDMY, provenMDY, guessedMDY, {DateOrder: YMD}} {
			if got, err := ParseDate(s, format); err == nil {
				if _, err := domain.NewDate(got.Year, got.Month, got.Day); err != nil {
					t.Fatalf("ParseDate(%q) = %v, which does not exist", s, got)
				}
				if again, err := ParseDate(got.String(), format); err != nil || again != got {
					t.Fatalf("ParseDate(%q) = %v, which reads back as %v, %v", s, got, again, err)
				}
			}
			if got, err := ParseDateTime(s, format); err == nil && got.Location() != time.UTC {
				t.Fatalf("ParseDateTime(%q) not in UTC", s)
			}
		}
		// What Kontor prints reads back as the same date, and so do the
		// common spellings of it with the column's order.
		dd, err := domain.NewDate(1+absInt(y)%9999, time.Month(1+absInt(m)%12), 1+absInt(d)%28)
		if err != nil {
			t.Fatal(err)
		}
		spellings := map[string]ColumnFormat{
			dd.String():                                   noEvidence,
			dd.Time().Format("02.01.2006"):                provenDMY,
			dd.Time().Format("01/02/2006"):                provenMDY,
			dd.Time().Format("2 January 2006"):            noEvidence,
			dd.Time().Format("Jan 2, 2006"):               noEvidence,
			dd.Time().Format("2006-01-02T15:04:05Z07:00"): noEvidence,
		}
		if dd.Year >= 1000 {
			spellings[dd.Time().Format("2006年1月2日")] = noEvidence
			spellings[dd.Time().Format("20060102")] = noEvidence
		}
		for s, format := range spellings {
			if got, err := ParseDate(s, format); err != nil || got != dd {
				t.Fatalf("ParseDate(%q, %+v) = %v, %v; want %v", s, format, got, err, dd)
			}
		}
	})
}

func absInt(n int) int {
	if n < 0 {
		if n == math.MinInt {
			return math.MaxInt
		}
		return -n
	}
	return n
}

func FuzzParseBool(f *testing.F) {
	for _, s := range []string{"true", "false", "1", "0", "yes", "no", "tak", "nie", "fałsz", "是", "否", "x", "✓", "maybe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBool(s)
		if err != nil {
			return
		}
		// What Kontor prints reads back as the same value.
		for _, printed := range []string{strconv.FormatBool(b), domain.FormatCustom(b)} {
			if again, err := ParseBool(printed); err != nil || again != b {
				t.Fatalf("ParseBool(%q) = %v, but %q reads as %v, %v", s, b, printed, again, err)
			}
		}
		// Case does not matter.
		if again, err := ParseBool(strings.ToUpper(s)); err == nil && again != b {
			t.Fatalf("ParseBool(%q) = %v but its upper case reads %v", s, b, again)
		}
	})
}

// Per-cell costs: the planner calls these for every cell of the file.
func BenchmarkParseDate(b *testing.B) {
	for _, v := range []string{"2024-03-04", "12/26/1990", "04.03.2024", "03/14/2024 09:12:44", "4 marca 2024 r."} {
		b.Run(v, func(b *testing.B) {
			for b.Loop() {
				if _, err := ParseDate(v, provenMDY); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseDecimal(b *testing.B) {
	for _, v := range []string{"12650.00", "12 500,00", "1,000.50"} {
		b.Run(v, func(b *testing.B) {
			for b.Loop() {
				if _, err := ParseDecimal(v, noEvidence); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseMoney(b *testing.B) {
	for _, v := range []string{"12650.00", "12 500,00 zł", "$1,200.50"} {
		b.Run(v, func(b *testing.B) {
			for b.Loop() {
				if _, err := ParseMoney(v, noEvidence, "PLN"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSplitMulti(b *testing.B) {
	for b.Loop() {
		SplitMulti("jan.kowalski@firma.pl; jan@gmail.com")
	}
}
