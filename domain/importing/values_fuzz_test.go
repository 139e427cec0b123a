package importing

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
	"time"

	"kontor/domain"
)

// Parse ∘ print: whatever a parser accepts, printed the way Kontor prints
// that kind of value (its exports, its list and detail views, its edit
// forms), reads back as the same value — also when the printed value is
// the only evidence a column gives (AnalyzeColumn over it), as it is when a
// Kontor export is imported again.
//
// How Kontor prints (see cmd/kontor's export columns and records_json.go,
// domain.FormatCustom): dates as ISO 8601 (domain.Date.String); date-times
// as UTC with milliseconds ("2006-01-02T15:04:05.000Z"); amounts as
// Money.Decimal with the currency in its own column, or Money.String
// ("12 500.00 PLN"); whole numbers and probabilities with strconv.Itoa;
// phones as E.164; custom values with domain.FormatCustom (booleans
// "yes"/"no", numbers as their JSON literal); and cells a spreadsheet would
// run as a formula behind an apostrophe.

var fuzzFormats = []ColumnFormat{
	{},                               // no evidence
	{DecimalSep: ',', GroupSep: ' '}, // Polish amounts
	{DecimalSep: '.', GroupSep: ','}, // English amounts
	{DecimalSep: ',', GroupSep: '.'}, // German amounts
	{DateOrder: DMY},
	{DateOrder: MDY},
	{DateOrder: MDY, DateAmbiguous: true},
	{DateOrder: YMD},
}

const kontorTimeLayout = "2006-01-02T15:04:05.000Z"

// sameNumber reports whether two decimal (or JSON number) literals denote
// the same number.
func sameNumber(a, b string) bool {
	x, ok1 := new(big.Rat).SetString(a)
	y, ok2 := new(big.Rat).SetString(b)
	return ok1 && ok2 && x.Cmp(y) == 0
}

// importCustom reads text into a custom field of type ft the way an import
// does: the column analysed on its values, the row parsed.
func importCustom(ft domain.FieldType, kind ValueKind, column []string, text string) (any, []Issue) {
	m := Mapping{Type: domain.TypePerson, Columns: []ColumnMapping{
		{Index: 0, Field: "first_name", Header: "First Name"},
		{Index: 1, Field: CustomPrefix + "x", Header: "X", Format: AnalyzeColumn(kind, column)},
	}}
	rec := ParseRow(m, DefaultOptions(), map[string]domain.FieldType{"x": ft}, 1, 2, []string{"Jan", text})
	return rec.Person.Custom["x"], rec.Issues
}

// FuzzValuesPrintedBack: every value parser, on any text (seeded with every
// kind of cell in the fixtures): what it accepts, printed as Kontor prints
// it, reads back as the same value.
func FuzzValuesPrintedBack(f *testing.F) {
	for _, c := range fixtureCells(f, 4) {
		f.Add(c)
	}
	for _, s := range []string{"1.500 KWD", "1e300", "-0", "0.5", "'=1+1", "1,5e3", "2024-02-29T23:59:59.9999Z", "12/31/1999 11:59 PM", "60 %", "tak", "+48 600 100 200"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, cf := range fuzzFormats {
			if d, err := ParseDate(s, cf); err == nil {
				printed := d.String()
				for _, g := range []ColumnFormat{cf, AnalyzeColumn(KindDate, []string{printed})} {
					if again, err := ParseDate(printed, g); err != nil || again != d {
						t.Fatalf("ParseDate(%q) = %v; printed %q reads back as %v, %v (format %+v)", s, d, printed, again, err, g)
					}
				}
			}
			if tm, err := ParseDateTime(s, cf); err == nil {
				printed := tm.UTC().Format(kontorTimeLayout)
				again, err := ParseDateTime(printed, AnalyzeColumn(KindDateTime, []string{printed}))
				if want := tm.Truncate(time.Millisecond); err != nil || !again.Equal(want) {
					t.Fatalf("ParseDateTime(%q) = %v; printed %q reads back as %v, %v", s, tm, printed, again, err)
				}
			}
			if m, err := ParseMoney(s, cf, "PLN"); err == nil {
				checkMoneyPrinted(t, s, m)
			}
			if d, err := ParseDecimal(s, cf); err == nil {
				if again, err := ParseDecimal(d, AnalyzeColumn(KindDecimal, []string{d})); err != nil || again != d {
					t.Fatalf("ParseDecimal(%q) = %q, which reads back as %q, %v", s, d, again, err)
				}
			}
			if n, err := ParseInt(s, cf); err == nil {
				printed := strconv.FormatInt(n, 10)
				if again, err := ParseInt(printed, AnalyzeColumn(KindInteger, []string{printed})); err != nil || again != n {
					t.Fatalf("ParseInt(%q) = %d, which reads back as %d, %v", s, n, again, err)
				}
			}
		}
		if p, err := ParsePercent(s); err == nil {
			for _, printed := range []string{strconv.Itoa(p), strconv.Itoa(p) + "%", strconv.Itoa(p) + " %"} {
				if again, err := ParsePercent(printed); err != nil || again != p {
					t.Fatalf("ParsePercent(%q) = %d; %q reads back as %d, %v", s, p, printed, again, err)
				}
			}
		}
		if b, err := ParseBool(s); err == nil {
			for _, printed := range []string{domain.FormatCustom(b), strconv.FormatBool(b)} {
				if again, err := ParseBool(printed); err != nil || again != b {
					t.Fatalf("ParseBool(%q) = %v; %q reads back as %v, %v", s, b, printed, again, err)
				}
			}
		}
		for _, region := range []string{"PL", "US", "CN", "DE", ""} {
			ph, err := domain.ParsePhone(s, region)
			if err != nil {
				continue
			}
			for _, again := range []string{"PL", "US", "GB", ""} {
				for _, printed := range []string{ph.E164, "'" + ph.E164} { // as shown, and as exported behind the formula guard
					m := Mapping{Type: domain.TypePerson, Columns: []ColumnMapping{{Index: 0, Field: "first_name"}, {Index: 1, Field: "phone", Region: again}}}
					opts := DefaultOptions()
					opts.Region = again
					rec := ParseRow(m, opts, nil, 1, 2, []string{"Jan", printed})
					if ps := rec.Person.Phones; len(ps) != 1 || ps[0].E164 != ph.E164 {
						t.Fatalf("ParsePhone(%q, %q) = %s; %q imported in region %q reads back as %+v %v", s, region, ph.E164, printed, again, ps, rec.Issues)
					}
				}
			}
			break
		}
		checkCustomPrinted(t, s)
		// The formula guard Kontor's exports put before =, +, -, @, tab
		// and CR comes off again.
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			if got := StripFormulaGuard("'" + s); got != s {
				t.Fatalf("StripFormulaGuard(%q) = %q", "'"+s, got)
			}
		}
	})
}

// checkMoneyPrinted: an amount printed as Money.String, or as
// Money.Decimal with the currency in its own column, imports as the same
// amount, the column analysed on the printed values alone.
func checkMoneyPrinted(t *testing.T, s string, m domain.Money) {
	t.Helper()
	str := m.String()
	for _, f := range []ColumnFormat{{}, AnalyzeColumn(KindMoney, []string{str})} {
		if again, err := ParseMoney(str, f, ""); err != nil || again != m {
			t.Fatalf("ParseMoney(%q) = %v; %q reads back as %v, %v (format %+v)", s, m, str, again, err, f)
		}
	}
	dec := m.Decimal()
	for _, f := range []ColumnFormat{{}, AnalyzeColumn(KindMoney, []string{dec})} {
		if again, err := ParseMoney(dec, f, m.Currency); err != nil || again != m {
			t.Fatalf("ParseMoney(%q) = %v; %q in a %s column reads back as %v, %v (format %+v)", s, m, dec, m.Currency, again, err, f)
		}
	}
}

// checkCustomPrinted: a custom field value (as the edit form reads it,
// domain.CoerceCustom) printed with domain.FormatCustom reads back as the
// same value in the edit form, and in an import of the field's column.
func checkCustomPrinted(t *testing.T, s string) {
	t.Helper()
	for _, ft := range []domain.FieldType{domain.FieldText, domain.FieldNumber, domain.FieldDate, domain.FieldBool} {
		v, err := domain.CoerceCustom(ft, s)
		if err != nil || v == nil {
			continue
		}
		printed := domain.FormatCustom(v)
		if again, err := domain.CoerceCustom(ft, printed); err != nil || again != v {
			t.Fatalf("CoerceCustom(%s, %q) = %#v; printed %q reads back as %#v, %v", ft, s, v, printed, again, err)
		}
		if ft == domain.FieldText && StripFormulaGuard(printed) != printed {
			// A text that itself starts with an apostrophe before = + - @
			// tab or CR ("'=1+1") loses the apostrophe: the import takes it
			// for the formula guard. Telling the two apart needs the export
			// to guard such a cell too ("''=1+1") and StripFormulaGuard to
			// take one apostrophe off that; today StripFormulaGuard leaves
			// "''=x" alone (TestStripFormulaGuard). Not tested here until
			// the export's formula neutraliser settles it.
			continue
		}
		kind := map[domain.FieldType]ValueKind{domain.FieldText: KindText, domain.FieldNumber: KindDecimal, domain.FieldDate: KindDate, domain.FieldBool: KindBool}[ft]
		got, issues := importCustom(ft, kind, []string{printed}, printed)
		same := got == v
		if ft == domain.FieldNumber {
			n, ok := got.(json.Number)
			same = ok && sameNumber(string(n), string(v.(json.Number)))
		}
		if !same || len(issues) > 0 {
			t.Fatalf("custom %s value %#v (from %q), printed %q, imports as %#v %v", ft, v, s, printed, got, issues)
		}
	}
}

// fuzzBytes hands out fuzz input a few bytes at a time (zeros when it runs
// out).
type fuzzBytes []byte

func (b *fuzzBytes) uint64() uint64 {
	var buf [8]byte
	n := copy(buf[:], *b)
	*b = (*b)[n:]
	return binary.LittleEndian.Uint64(buf[:])
}

func (b *fuzzBytes) byte() byte {
	if len(*b) == 0 {
		return 0
	}
	c := (*b)[0]
	*b = (*b)[1:]
	return c
}

var fuzzAllCurrencies = []string{"PLN", "EUR", "USD", "CNY", "JPY", "KWD", "BHD", "GBP", "CLP", "TND"}

// printedDeal is a deal's values as Kontor holds them, and the row Kontor's
// export prints for it.
type printedDeal struct {
	amount domain.Money
	close  domain.Date
	prob   int
	score  json.Number // a custom number field
	since  string      // a custom date field
	vip    bool        // a custom bool field
}

// FuzzDealExportImported: a file of deals as Kontor's export writes them
// (title, amount as Money.Decimal, currency, close date, probability and
// custom fields headed "Label (custom.key, type)") imports with the
// mapping the wizard proposes (Match, then the columns analysed on all
// their values) as the same values, whatever the mix of amounts and
// currencies in the file.
func FuzzDealExportImported(f *testing.F) {
	// Seeds: the amounts and dates of the fixtures' deal files.
	for _, ft := range fixtureTables(f) {
		if !strings.Contains(ft.name, "Deals") && !strings.Contains(ft.name, "szanse") && !strings.Contains(ft.name, "opportunity") {
			continue
		}
		var seed []byte
		for _, r := range ft.rows {
			for _, c := range r {
				if m, err := ParseMoney(c, ColumnFormat{}, "PLN"); err == nil && m.Minor >= 0 {
					seed = binary.LittleEndian.AppendUint64(seed, uint64(m.Minor))
					seed = append(seed, byte(len(seed)), byte(m.Minor), byte(m.Minor>>8), byte(m.Minor>>16), byte(m.Minor>>24))
					break
				}
			}
		}
		f.Add(seed)
	}
	f.Add([]byte("\xdc\x05\x00\x00\x00\x00\x00\x00\x05\x01\x02\x03\x04\xb8\x0b\x00\x00\x00\x00\x00\x00\x05"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in := fuzzBytes(data)
		var deals []printedDeal
		for len(in) > 0 && len(deals) < 12 {
			raw := in.uint64()
			cur := fuzzAllCurrencies[int(in.byte())%len(fuzzAllCurrencies)]
			// Amounts of every size: the low bits of raw, shifted.
			minor := int64(raw>>1) >> (raw % 61)
			y, m, d := in.byte(), in.byte(), in.byte()
			closeDate, err := domain.NewDate(1990+int(y)%60, time.Month(1+int(m)%12), 1+int(d)%28)
			if err != nil {
				t.Fatal(err)
			}
			p := in.byte()
			score := json.Number(strconv.FormatInt(int64(raw)>>(raw%37), 10))
			if p&1 != 0 {
				score = json.Number(strconv.FormatFloat(float64(int64(raw))/math.Pow10(int(p%9)), 'f', -1, 64))
			}
			deals = append(deals, printedDeal{
				amount: domain.Money{Minor: minor, Currency: cur}, close: closeDate, prob: int(p) % 101,
				score: score, since: closeDate.String(), vip: p&2 != 0,
			})
		}
		if len(deals) == 0 {
			return
		}
		headers := []string{"Deal Name", "Amount", "Currency", "Close Date", "Probability",
			CustomColumnHeader(domain.CustomField{Label: "Score", Key: "score", Type: domain.FieldNumber}),
			CustomColumnHeader(domain.CustomField{Label: "Since", Key: "since", Type: domain.FieldDate}),
			CustomColumnHeader(domain.CustomField{Label: "VIP", Key: "vip", Type: domain.FieldBool}),
		}
		var rows [][]string
		for i, d := range deals {
			rows = append(rows, []string{fmt.Sprintf("Deal %d", i+1), d.amount.Decimal(), d.amount.Currency, d.close.String(),
				strconv.Itoa(d.prob), domain.FormatCustom(d.score), domain.FormatCustom(d.since), domain.FormatCustom(d.vip)})
		}
		mapping := MappingFromMatch(Match(headers, rows), rows)
		want := []string{"title", "amount", "currency", "close_date", "probability", "custom.score", "custom.since", "custom.vip"}
		if mapping.Type != domain.TypeDeal {
			t.Fatalf("export headers %q matched as %s", headers, mapping.Type)
		}
		types := map[string]domain.FieldType{}
		for i, c := range mapping.Columns {
			if c.Field != want[i] {
				t.Fatalf("export header %q matched to %q, want %q", c.Header, c.Field, want[i])
			}
			if c.NewCustom != nil {
				types[c.NewCustom.Key] = c.NewCustom.Type
			}
		}
		for i, d := range deals {
			rec := ParseRow(mapping, DefaultOptions(), types, i+1, i+2, rows[i])
			got := rec.Deal
			if len(rec.Issues) > 0 || rec.Failed {
				t.Fatalf("row %q: issues %v (formats %+v)", rows[i], rec.Issues, mapping.Columns[1].Format)
			}
			if got.Amount == nil || *got.Amount != d.amount {
				t.Fatalf("amount %q %s imports as %v (column format %+v; column %q)", rows[i][1], rows[i][2], got.Amount, mapping.Columns[1].Format, column(rows, 1))
			}
			if got.CloseDate != d.close || got.Probability == nil || *got.Probability != d.prob {
				t.Fatalf("row %q imports as close %v probability %v", rows[i], got.CloseDate, got.Probability)
			}
			n, ok := got.Custom["score"].(json.Number)
			if !ok || !sameNumber(string(n), string(d.score)) || got.Custom["since"] != d.since || got.Custom["vip"] != d.vip {
				t.Fatalf("custom values %q import as %#v", rows[i][5:], got.Custom)
			}
		}
	})
}

func column(rows [][]string, i int) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r[i])
	}
	return out
}
