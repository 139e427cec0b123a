package importing

// Reading the values of import files: dates, numbers, amounts, percentages,
// yes/no and multi-valued cells, in the formats real exports use, with the
// evidence of the whole column deciding what a single value leaves open
// (is 03/04/2024 the 3rd of April or the 4th of March? is 1.500 one and a
// half or fifteen hundred?). Errors say what is wrong in the user's terms,
// so the planner can show "row 12, column Amount: “12a” is not a number".

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"kontor/domain"
)

// DateOrder is the order of day, month and year in dates written with
// numbers only.
type DateOrder int

const (
	// DateAuto: no evidence. Each value is read on its own: 13/02/2024 is
	// the 13th of February, 02/13/2024 the 13th of February too, and a date
	// that fits both readings (03/04/2024) is read day first.
	DateAuto DateOrder = iota
	DMY                // day first: 04.03.2024, 04/03/2024 (Poland, most of Europe, the UK)
	MDY                // month first: 03/04/2024 (the United States, Zoho's and Salesforce's US exports)
	YMD                // year first: 2024-03-04, 2024/3/4, 2024年3月4日 (ISO 8601, China)
)

// String names the order in user terms.
func (o DateOrder) String() string {
	switch o {
	case DMY:
		return "day/month/year"
	case MDY:
		return "month/day/year"
	case YMD:
		return "year/month/day"
	}
	return "automatic"
}

// ColumnFormat is what the values of a whole column say about how to read
// each of them. The zero ColumnFormat means "no evidence": every value is
// read on its own (see DateAuto and ParseDecimal).
type ColumnFormat struct {
	// DateOrder reads dates like 03/04/2024. Values whose year comes first
	// (2024-03-04) or that name the month (4 Mar 2024) never need it.
	DateOrder DateOrder
	// DateAmbiguous: no value proved the order (every day and month was 12
	// or less, or the column disagreed with itself), so DateOrder is a guess
	// the user should confirm. While it is set, a value that can only be
	// read one way is read that way; once the order is proven (not
	// ambiguous), a value that contradicts it is an error.
	DateAmbiguous bool
	// DecimalSep is '.' or ',', or 0 when the column did not show it.
	DecimalSep rune
	// GroupSep is the thousands separator seen: ' ' (also standing for
	// no-break and thin spaces), '.', ',', '\'', or 0 when none was seen.
	GroupSep rune
	// Currency is the ISO 4217 code that the amounts of a money column
	// carry ("12 500,00 zł" → "PLN"), when they all carry the same one.
	Currency string
}

// AnalyzeColumn reads the evidence of a column's sample values (as many as
// the caller has; all of them count) for the kind of field it feeds.
//
// Dates: any value with a day above 12 in first place (13/02/2024) proves
// day/month/year, one with it in second place (02/13/2024) proves
// month/day/year. Year-first values (2024-03-04) give YMD. When every
// value fits both orders the result is DateAmbiguous, with the order
// guessed: month first if the times carry AM/PM (an American habit), day
// first otherwise (dots and dashes are day-first conventions, and slashes
// are day first everywhere but in the United States). AnalyzeColumns also
// looks at the file's other columns, which often settle it.
//
// Numbers and amounts: a value with both '.' and ',' shows both roles
// (the later one is the decimal separator: "1.000,50", "1,000.50"); one
// separator used twice is a thousands separator ("1,000,000"); a single
// one followed by one, two or four or more digits is the decimal separator
// ("12500,5", "99.90"); spaces between digit groups are thousands
// separators ("12 500,00"). A single separator followed by exactly three
// digits ("1,500") proves nothing and is left to the other values; if none
// decides, whole numbers read it as a thousands separator, amounts as
// ParseMoney reads each on its own (a thousands separator in currencies of
// two decimal places, which never write three, but "1.500" is one and a
// half in a dinar column: Kontor exports 1.5 KWD so), and decimals read
// "1.500" as one and a half and "1,500" as fifteen hundred (the English
// reading).
func AnalyzeColumn(kind ValueKind, samples []string) ColumnFormat {
	var f ColumnFormat
	switch kind {
	case KindDate, KindDateTime:
		ev := dateEvidenceOf(samples)
		f.DateOrder, f.DateAmbiguous = ev.decide()
	case KindInteger, KindDecimal, KindMoney, KindPercent:
		ev := numberEvidenceOf(samples)
		f.DecimalSep, f.GroupSep, _ = ev.decide(kind)
		if kind == KindMoney {
			f.Currency = ev.currency()
		}
	}
	return f
}

// AnalyzeColumns analyses every column of a file at once: kinds[i] is the
// kind of the field column i feeds ("" for a skipped column; custom fields
// pass KindDate, KindDecimal...). It is AnalyzeColumn per column, plus the
// evidence one export shares between its columns:
//
//   - a date column whose order is ambiguous takes the order that the
//     file's other cells prove (one export, one locale: Zoho's "Created
//     Time" 01/05/2024 is settled by "Date of Birth" 12/26/1990 in the same
//     file; unmatched columns count too);
//   - when nothing in the file proves the order and its dates use slashes,
//     a file whose headers are English (see englishHeaders) is read month
//     first, others day first; DateAmbiguous stays set;
//   - a number column whose decimal separator is unknown or unproven takes
//     the one the file's other number columns prove.
func AnalyzeColumns(headers []string, kinds []ValueKind, samples [][]string) []ColumnFormat {
	n := max(len(headers), len(kinds))
	formats := make([]ColumnFormat, n)
	var fileDates dateEvidence
	var fileNumbers numberEvidence
	numberProven := make([]bool, n)
	for i := 0; i < n; i++ {
		col := columnValues(samples, i)
		fileDates.add(col)
		var kind ValueKind
		if i < len(kinds) {
			kind = kinds[i]
		}
		formats[i] = AnalyzeColumn(kind, col)
		switch kind {
		case KindInteger, KindDecimal, KindMoney, KindPercent:
			ev := numberEvidenceOf(col)
			_, _, numberProven[i] = ev.decide(kind)
			fileNumbers.merge(ev)
		}
	}
	fileOrder, fileAmbiguous := fileDates.decide()
	english := englishHeaders(headers)
	for i := range formats {
		f := &formats[i]
		var kind ValueKind
		if i < len(kinds) {
			kind = kinds[i]
		}
		switch kind {
		case KindDate, KindDateTime:
			if !f.DateAmbiguous {
				continue
			}
			if !fileAmbiguous && (fileOrder == DMY || fileOrder == MDY) {
				f.DateOrder, f.DateAmbiguous = fileOrder, false
			} else if fileDates.slashes > 0 && english && fileDates.dmy == 0 {
				f.DateOrder = MDY
			}
		case KindInteger, KindDecimal, KindMoney, KindPercent:
			if numberProven[i] {
				continue
			}
			if dec, group, proven := fileNumbers.decide(kind); proven {
				f.DecimalSep = dec
				if f.GroupSep == 0 || f.GroupSep == dec {
					f.GroupSep = group
				}
			}
		}
	}
	return formats
}

// columnValues returns the non-empty, trimmed cells of column i, without
// a formula guard (see StripFormulaGuard), as ParseRow reads them.
func columnValues(rows [][]string, i int) []string {
	var out []string
	for _, r := range rows {
		if i < len(r) {
			if v := strings.TrimSpace(StripFormulaGuard(r[i])); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// englishHeaders reports whether a header row reads as English: plain
// ASCII, and at least half of its words common English header words. It
// is the hint that an export with ambiguous slash dates comes from a
// month-first (American) locale, as Zoho's, Salesforce's and HubSpot's
// English exports do by default.
func englishHeaders(headers []string) bool {
	words, english := 0, 0
	for _, h := range headers {
		for _, w := range strings.Fields(NormalizeHeader(h)) {
			for i := 0; i < len(w); i++ {
				if w[i] >= utf8.RuneSelf {
					return false
				}
			}
			words++
			if englishHeaderWord(w) {
				english++
			}
		}
	}
	return words > 0 && english*2 >= words
}

func englishHeaderWord(w string) bool {
	switch w {
	case "account", "activity", "address", "amount", "birth", "birthday", "by", "city", "close", "closing",
		"code", "company", "contact", "country", "created", "create", "currency", "customer", "date", "deal",
		"description", "email", "employees", "expected", "first", "full", "id", "industry", "job", "last",
		"lead", "mailing", "billing", "mobile", "modified", "name", "next", "notes", "number", "of", "owner",
		"opportunity", "phone", "postal", "probability", "record", "region", "source", "stage", "state",
		"status", "step", "street", "subscription", "time", "title", "type", "updated", "website", "zip",
		"organization", "value", "tag", "tags", "department", "salutation", "fax", "other", "home", "work":
		return true
	}
	return false
}

// ---------------------------------------------------------------- dates

// dateEvidence counts what date values prove about their order.
type dateEvidence struct {
	dmy, mdy, ymd   int // values that fit only one order
	ambiguous       int // values that fit both
	slashes, others int // separators of the ambiguous values
	ampm            bool
}

func dateEvidenceOf(values []string) dateEvidence {
	var ev dateEvidence
	ev.add(values)
	return ev
}

func (ev *dateEvidence) add(values []string) {
	for _, v := range values {
		sc, err := scanDate(v)
		if err != nil {
			continue
		}
		if sc.ampm != 0 {
			ev.ampm = true
		}
		switch {
		case sc.needOrder && sc.a > 12 && sc.a <= 31 && sc.b <= 12:
			ev.dmy++
		case sc.needOrder && sc.b > 12 && sc.b <= 31 && sc.a <= 12:
			ev.mdy++
		case sc.needOrder && sc.a <= 12 && sc.b <= 12:
			ev.ambiguous++
			if sc.sep == '/' {
				ev.slashes++
			} else {
				ev.others++
			}
		case !sc.needOrder && sc.yearFirst:
			ev.ymd++
		}
	}
}

// decide returns the order the evidence supports and whether it is a guess.
func (ev dateEvidence) decide() (DateOrder, bool) {
	switch {
	case ev.dmy > 0 && ev.mdy == 0:
		return DMY, false
	case ev.mdy > 0 && ev.dmy == 0:
		return MDY, false
	case ev.dmy > 0 && ev.mdy > 0: // the column disagrees with itself
		if ev.mdy > ev.dmy {
			return MDY, true
		}
		return DMY, true
	case ev.ambiguous > 0:
		if ev.ampm {
			return MDY, true
		}
		return DMY, true
	case ev.ymd > 0:
		return YMD, false
	}
	return DateAuto, false
}

// dateScan is a date value taken apart, before the day/month order is
// applied.
type dateScan struct {
	src string
	// A fixed date (year, month, day known) unless needOrder, in which case
	// a and b are the first two numbers and the order decides.
	y, m, d   int
	a, b      int
	needOrder bool
	yearFirst bool // written year first with numbers (2024-03-04)
	sep       rune // the separator between the numbers of the date

	hasTime            bool
	hour, min, sec, ns int
	ampm               int // 0 none, 1 am, 2 pm
	hasZone            bool
	zoneOffset         int // seconds east of UTC

	serial     bool // an Excel serial day number
	serialFrac string
}

type dateToken struct {
	kind   byte // 'n' number, 'w' word, 's' separator, ':' colon, '+' plus
	text   string
	val    int
	digits int
	sep    rune
}

// maxDateBytes bounds the text scanDate reads as a date.
const maxDateBytes = 128

func tokenizeDate(s string) ([]dateToken, bool) {
	var toks []dateToken
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r >= '0' && r <= '9':
			j := i
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				j++
			}
			text := string(rs[i:j])
			if len(text) > 9 {
				return nil, false
			}
			v, _ := strconv.Atoi(text)
			toks = append(toks, dateToken{kind: 'n', text: text, val: v, digits: len(text)})
			i = j
		case isHanRune(r):
			toks = append(toks, dateToken{kind: 'w', text: string(r)})
			i++
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) && !isHanRune(rs[j]) {
				j++
			}
			toks = append(toks, dateToken{kind: 'w', text: string(rs[i:j])})
			i = j
		case r == ':':
			toks = append(toks, dateToken{kind: ':'})
			i++
		case r == '+':
			toks = append(toks, dateToken{kind: '+'})
			i++
		case r == '.' || r == '/' || r == '-' || r == ',' || r == ' ' || r == '\'':
			toks = append(toks, dateToken{kind: 's', sep: r})
			i++
		default:
			return nil, false
		}
	}
	return toks, true
}

func isHanRune(r rune) bool { return unicode.Is(unicode.Han, r) }

// scanDate takes a date or date-time value apart. Its errors are final:
// no order can make the value a date.
func scanDate(value string) (dateScan, error) {
	sc := dateScan{src: strings.TrimSpace(value)}
	if sc.src == "" {
		return sc, errors.New("the date is empty")
	}
	// Fast path: ISO 8601 date.
	if s := sc.src; len(s) == 10 && s[4] == '-' && s[7] == '-' && allASCIIDigits(s[:4]+s[5:7]+s[8:]) {
		sc.y, _ = strconv.Atoi(s[:4])
		sc.m, _ = strconv.Atoi(s[5:7])
		sc.d, _ = strconv.Atoi(s[8:])
		sc.yearFirst, sc.sep = true, '-'
		return sc, nil
	}
	if fast, ok := numericDate(sc.src); ok {
		return fast, nil
	}
	if d, t, ok := strings.Cut(sc.src, " "); ok && len(t) >= 4 && len(t) <= 8 {
		if fast, ok := numericDate(d); ok && fast.clockTime(t) {
			return fast, nil
		}
		if len(d) == 10 && d[4] == '-' && d[7] == '-' {
			if fast, err := scanDate(d); err == nil && fast.clockTime(t) {
				fast.src = sc.src
				return fast, nil
			}
		}
	}
	notDate := func() error { return fmt.Errorf("%s is not a date", quote(sc.src)) }
	// The longest way of writing a date and time ("Wednesday, 14 September
	// 2024 11:59:59.999999999 PM +01:00") is far shorter; a longer cell
	// (a note of a megabyte) is no date, and tokenizing it would take long.
	if len(sc.src) > maxDateBytes {
		return sc, notDate()
	}
	s := domain.Fold(sc.src)
	if strings.ContainsAny(s, "上下号") {
		s = strings.NewReplacer("上午", " am ", "下午", " pm ", "号", "日").Replace(s)
	}
	toks, ok := tokenizeDate(s)
	if !ok {
		return sc, notDate()
	}
	// The time of day: a number, a colon and a number.
	timeAt := -1
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].kind == 'n' && toks[i+1].kind == ':' && toks[i+2].kind == 'n' {
			timeAt = i
			break
		}
	}
	dateToks := toks
	if timeAt >= 0 {
		rest, err := sc.scanTime(toks[timeAt:])
		if err != nil {
			return sc, err
		}
		for _, t := range rest {
			if t.kind != 's' || t.sep != ' ' {
				return sc, notDate()
			}
		}
		dateToks = trimBeforeTime(toks[:timeAt], &sc)
	}
	if err := sc.scanDay(dateToks, notDate); err != nil {
		return sc, err
	}
	return sc, nil
}

// numericDate reads the commonest shapes without allocating: d.m.yyyy,
// m/d/yy, yyyy/m/d and the like (one or two digits for day and month, two
// or four for a trailing year, one separator kind). ok is false for
// anything else, which scanDate then reads the long way.
func numericDate(s string) (dateScan, bool) {
	sc := dateScan{src: s}
	if len(s) < 6 || len(s) > 10 {
		return sc, false
	}
	var nums [3]int
	var digits [3]int
	k := 0
	var sep byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			nums[k] = nums[k]*10 + int(c-'0')
			digits[k]++
		case (c == '.' || c == '/' || c == '-') && k < 2 && digits[k] > 0 && (sep == 0 || sep == c):
			sep = c
			k++
		default:
			return sc, false
		}
	}
	if k != 2 {
		return sc, false
	}
	sc.sep = rune(sep)
	switch {
	case digits[0] == 4 && digits[1] <= 2 && digits[2] >= 1 && digits[2] <= 2:
		sc.y, sc.m, sc.d, sc.yearFirst = nums[0], nums[1], nums[2], true
	case digits[0] <= 2 && digits[1] >= 1 && digits[1] <= 2 && (digits[2] == 4 || digits[2] == 2):
		sc.a, sc.b, sc.needOrder = nums[0], nums[1], true
		sc.y = expandYear(dateToken{val: nums[2], digits: digits[2]})
	default:
		return sc, false
	}
	return sc, true
}

// clockTime reads "9:12", "09:12" or "09:12:44" into the scan; false for
// anything else.
func (sc *dateScan) clockTime(t string) bool {
	h, rest, ok := strings.Cut(t, ":")
	if !ok || len(h) < 1 || len(h) > 2 || !allASCIIDigits(h) {
		return false
	}
	m, sec, hasSec := strings.Cut(rest, ":")
	if len(m) != 2 || !allASCIIDigits(m) || hasSec && (len(sec) != 2 || !allASCIIDigits(sec)) {
		return false
	}
	sc.hasTime = true
	sc.hour, _ = strconv.Atoi(h)
	sc.min, _ = strconv.Atoi(m)
	if hasSec {
		sc.sec, _ = strconv.Atoi(sec)
	}
	return true
}

// trimBeforeTime drops what stands between a date and its time: spaces,
// ISO's "T", or am/pm written first (上午, 下午).
func trimBeforeTime(toks []dateToken, sc *dateScan) []dateToken {
	for len(toks) > 0 {
		last := toks[len(toks)-1]
		switch {
		case last.kind == 's':
		case last.kind == 'w' && last.text == "t":
		case last.kind == 'w' && last.text == "am" && sc.ampm == 0:
			sc.ampm = 1
		case last.kind == 'w' && last.text == "pm" && sc.ampm == 0:
			sc.ampm = 2
		default:
			return toks
		}
		toks = toks[:len(toks)-1]
	}
	return toks
}

// scanTime reads "10:00", "09:12:44", "10:00:00.123", "9:12 pm",
// "10:00:00z", "10:00+01:00" and returns the tokens after it.
func (sc *dateScan) scanTime(toks []dateToken) ([]dateToken, error) {
	sc.hasTime = true
	sc.hour, sc.min = toks[0].val, toks[2].val
	if toks[0].digits > 2 || toks[2].digits != 2 {
		return nil, fmt.Errorf("%s has no valid time of day", quote(sc.src))
	}
	i := 3
	if i+1 < len(toks) && toks[i].kind == ':' && toks[i+1].kind == 'n' && toks[i+1].digits == 2 {
		sc.sec = toks[i+1].val
		i += 2
		if i+1 < len(toks) && toks[i].kind == 's' && (toks[i].sep == '.' || toks[i].sep == ',') && toks[i+1].kind == 'n' {
			frac := toks[i+1].text + "000000000"
			sc.ns, _ = strconv.Atoi(frac[:9])
			i += 2
		}
	}
	// am / pm, also "a.m." and "p.m."
	j := i
	for j < len(toks) && toks[j].kind == 's' && toks[j].sep == ' ' {
		j++
	}
	if j < len(toks) && toks[j].kind == 'w' {
		switch toks[j].text {
		case "am", "pm":
			sc.ampm = map[string]int{"am": 1, "pm": 2}[toks[j].text]
			i = j + 1
		case "a", "p":
			if j+3 < len(toks) && toks[j+1].kind == 's' && toks[j+1].sep == '.' && toks[j+2].kind == 'w' && toks[j+2].text == "m" {
				sc.ampm = map[string]int{"a": 1, "p": 2}[toks[j].text]
				i = j + 3
				if i < len(toks) && toks[i].kind == 's' && toks[i].sep == '.' {
					i++
				}
			}
		}
	}
	// Zone: Z, UTC, GMT, +01:00, -0500, +08.
	j = i
	for j < len(toks) && toks[j].kind == 's' && toks[j].sep == ' ' {
		j++
	}
	if j < len(toks) && toks[j].kind == 'w' && (toks[j].text == "z" || toks[j].text == "utc" || toks[j].text == "gmt") {
		sc.hasZone = true
		i = j + 1
		j = i
	}
	if j < len(toks) && (toks[j].kind == '+' || toks[j].kind == 's' && toks[j].sep == '-') && j+1 < len(toks) && toks[j+1].kind == 'n' {
		sign := 1
		if toks[j].kind == 's' {
			sign = -1
		}
		h, m := 0, 0
		switch num := toks[j+1]; num.digits {
		case 1, 2:
			h = num.val
			i = j + 2
			if i+1 < len(toks) && toks[i].kind == ':' && toks[i+1].kind == 'n' && toks[i+1].digits == 2 {
				m = toks[i+1].val
				i += 2
			}
		case 4:
			h, m = num.val/100, num.val%100
			i = j + 2
		default:
			return nil, fmt.Errorf("%s has an unreadable time zone", quote(sc.src))
		}
		if h > 14 || m > 59 {
			return nil, fmt.Errorf("%s has an unreadable time zone", quote(sc.src))
		}
		sc.hasZone = true
		sc.zoneOffset = sign * (h*3600 + m*60)
	}
	return toks[i:], nil
}

// scanDay reads the date part.
func (sc *dateScan) scanDay(toks []dateToken, notDate func() error) error {
	var nums []dateToken
	month, monthAt := 0, -1
	var y, m, d int // from 年 月 日 markers
	markers := false
	for i, t := range toks {
		switch t.kind {
		case 'n':
			nums = append(nums, t)
		case 's':
			if len(nums) > 0 && sc.sep == 0 && t.sep != ' ' && t.sep != ',' && i+1 < len(toks) && toks[i+1].kind == 'n' {
				sc.sep = t.sep
			}
		case 'w':
			w := t.text
			switch {
			case w == "年" || w == "月" || w == "日":
				if len(nums) == 0 || i == 0 || toks[i-1].kind != 'n' {
					return notDate()
				}
				markers = true
				v := toks[i-1].val
				switch w {
				case "年":
					y = v
				case "月":
					m = v
				case "日":
					d = v
				}
			case monthNumber(w) > 0 && month == 0:
				month, monthAt = monthNumber(w), len(nums)
			case isWeekday(w), w == "of", w == "r", w == "roku":
			case (w == "st" || w == "nd" || w == "rd" || w == "th") && i > 0 && toks[i-1].kind == 'n':
			default:
				return notDate()
			}
		default:
			return notDate()
		}
	}
	switch {
	case markers:
		if y == 0 || m == 0 || d == 0 || len(nums) != 3 {
			return fmt.Errorf("%s is not a complete date (year, month and day)", quote(sc.src))
		}
		sc.y, sc.m, sc.d, sc.yearFirst = y, m, d, true
	case month > 0:
		if len(nums) != 2 {
			return fmt.Errorf("%s is not a complete date (day, month and year)", quote(sc.src))
		}
		sc.m = month
		switch {
		case nums[0].digits >= 3 && nums[1].digits <= 2: // 2024 Mar 4
			sc.y, sc.d = nums[0].val, nums[1].val
		case monthAt == 0 || monthAt == 1: // Mar 4 2024, 4 Mar 2024, 4 Mar 24
			sc.d, sc.y = nums[0].val, expandYear(nums[1])
		default:
			return notDate()
		}
	case len(nums) == 3 && nums[0].digits >= 3 && nums[1].digits <= 2 && nums[2].digits <= 2:
		sc.y, sc.m, sc.d, sc.yearFirst = nums[0].val, nums[1].val, nums[2].val, true
	case len(nums) == 3 && nums[0].digits <= 2 && nums[1].digits <= 2 && (nums[2].digits == 4 || nums[2].digits == 2):
		sc.a, sc.b, sc.y, sc.needOrder = nums[0].val, nums[1].val, expandYear(nums[2]), true
	case len(nums) == 1 && nums[0].digits == 8 && !sc.hasTime:
		v := nums[0].val
		sc.y, sc.m, sc.d, sc.yearFirst = v/10000, v/100%100, v%100, true
	case len(nums) == 1 && nums[0].digits == 5 && !sc.hasTime && len(toks) == 1,
		len(nums) == 2 && nums[0].digits == 5 && len(toks) == 3 && toks[1].kind == 's' && toks[1].sep == '.' && !sc.hasTime:
		sc.serial = true
		sc.y = nums[0].val // days; converted in resolve
		if len(nums) == 2 {
			sc.serialFrac = nums[1].text
		}
	case len(nums) == 1 && nums[0].digits == 4:
		return fmt.Errorf("%s is only a year, not a date", quote(sc.src))
	case len(nums) == 2 && (nums[0].digits == 4 || nums[1].digits == 4):
		return fmt.Errorf("%s has no day", quote(sc.src))
	default:
		return notDate()
	}
	return nil
}

// expandYear reads a two-digit year the way spreadsheets do: 00–29 are
// 2000–2029, 30–99 are 1930–1999.
func expandYear(t dateToken) int {
	if t.digits != 2 {
		return t.val
	}
	if t.val < 30 {
		return 2000 + t.val
	}
	return 1900 + t.val
}

// resolve applies the column's order and checks the calendar.
func (sc dateScan) resolve(f ColumnFormat) (domain.Date, error) {
	if sc.serial {
		// Day 0 of Excel's 1900 date system, its fictitious 29 February
		// 1900 accounted for (right for every serial from 61 on).
		t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, sc.y)
		return domain.DateOf(t), nil
	}
	y, m, d := sc.y, sc.m, sc.d
	proven := !f.DateAmbiguous && (f.DateOrder == DMY || f.DateOrder == MDY)
	if sc.needOrder {
		order := f.DateOrder
		if !proven {
			switch {
			case sc.a > 12 && sc.b <= 12:
				order = DMY
			case sc.b > 12 && sc.a <= 12:
				order = MDY
			case order != MDY:
				order = DMY
			}
		}
		if order == MDY {
			m, d = sc.a, sc.b
		} else {
			d, m = sc.a, sc.b
		}
		if proven && (m > 12 || m < 1) {
			return domain.Date{}, fmt.Errorf("there is no month %d in %s (this column's dates are %s)", m, quote(sc.src), f.DateOrder)
		}
	}
	if y < 1 || y > 9999 {
		return domain.Date{}, fmt.Errorf("year %d in %s is out of range", y, quote(sc.src))
	}
	if m < 1 || m > 12 {
		return domain.Date{}, fmt.Errorf("there is no month %d in %s", m, quote(sc.src))
	}
	if d < 1 {
		return domain.Date{}, fmt.Errorf("there is no day %d in %s", d, quote(sc.src))
	}
	date, err := domain.NewDate(y, time.Month(m), d)
	if err != nil {
		return domain.Date{}, fmt.Errorf("%d %s %d does not exist", d, time.Month(m), y)
	}
	return date, nil
}

func (sc dateScan) checkTime() error {
	h := sc.hour
	switch sc.ampm {
	case 1, 2:
		if h < 1 || h > 12 {
			return fmt.Errorf("there is no hour %d in %s (with am/pm hours run 1 to 12)", h, quote(sc.src))
		}
		h %= 12
		if sc.ampm == 2 {
			h += 12
		}
	}
	if h > 23 || sc.min > 59 || sc.sec > 60 {
		return fmt.Errorf("%s has no valid time of day", quote(sc.src))
	}
	return nil
}

// ParseDate reads a calendar date written in any common way:
//
//	2024-03-04, 2024/3/4, 2024.03.04, 2024年3月4日     year first: always read Y-M-D
//	04.03.2024, 04-03-2024, 03/04/2024, 03/04/24    day/month order from f (see ColumnFormat)
//	4 Mar 2024, 4 March 2024, March 4, 2024, 4-Mar-24, Mon, 4 Mar 2024, 4 marca 2024 r., 4 III 2024
//	20240304                                         eight digits: YYYYMMDD
//	45355                                            five digits: an Excel serial day (1927–2173)
//	2024-03-04T10:00:00Z, 03/14/2024 09:12:44 PM     date-times: the date as written, zone ignored
//
// Month names are English, Polish (any case: "marca", "marzec") or German,
// or Roman numerals. Two-digit years are 2000–2029 for 00–29 and
// 1930–1999 for 30–99. The error says what is wrong: "31 February 2020
// does not exist", "there is no month 13 in “13/13/2024”".
func ParseDate(s string, f ColumnFormat) (domain.Date, error) {
	sc, err := scanDate(s)
	if err != nil {
		return domain.Date{}, err
	}
	if sc.hasTime {
		if err := sc.checkTime(); err != nil {
			return domain.Date{}, err
		}
	}
	return sc.resolve(f)
}

// ParseDateTime reads a date and time of day: "03/14/2024 09:12:44",
// "2024-03-04 10:00", "2024-03-04T10:00:00+01:00", "14.03.2024 9:12",
// "3/14/2024 9:12 PM", "2024年3月4日 下午3:00", an Excel serial with a
// fraction ("45355.5"), or a date alone (midnight). The day/month order
// comes from f as in ParseDate. A time with a zone is converted to UTC; a
// time without one is taken as UTC, since an export does not say its zone.
// The result is always in UTC.
func ParseDateTime(s string, f ColumnFormat) (time.Time, error) {
	sc, err := scanDate(s)
	if err != nil {
		return time.Time{}, err
	}
	date, err := sc.resolve(f)
	if err != nil {
		return time.Time{}, err
	}
	if sc.serial {
		t := date.Time()
		if sc.serialFrac != "" {
			// Seconds of the day from the fraction, rounded, without floats.
			frac := (sc.serialFrac + "000000000")[:9]
			n, _ := strconv.ParseInt(frac, 10, 64) // billionths of a day
			t = t.Add(time.Duration((n*86400 + 500_000_000) / 1_000_000_000 * int64(time.Second)))
		}
		return t, nil
	}
	if !sc.hasTime {
		return date.Time(), nil
	}
	if err := sc.checkTime(); err != nil {
		return time.Time{}, err
	}
	h := sc.hour
	if sc.ampm != 0 {
		h %= 12
		if sc.ampm == 2 {
			h += 12
		}
	}
	sec := min(sc.sec, 59) // a leap second is read as :59
	t := time.Date(date.Year, date.Month, date.Day, h, sc.min, sec, sc.ns, time.UTC)
	if sc.hasZone {
		t = t.Add(-time.Duration(sc.zoneOffset) * time.Second)
	}
	return t, nil
}

// monthNumber returns 1–12 for a month name or abbreviation (folded):
// English, Polish (nominative and genitive), German, Roman numerals.
func monthNumber(w string) int {
	switch w {
	case "jan", "january", "styczen", "stycznia", "sty", "januar", "i":
		return 1
	case "feb", "february", "luty", "lutego", "lut", "februar", "ii":
		return 2
	case "mar", "march", "marzec", "marca", "marz", "iii":
		return 3
	case "apr", "april", "kwiecien", "kwietnia", "kwi", "iv":
		return 4
	case "may", "maj", "maja", "mai", "v":
		return 5
	case "jun", "june", "czerwiec", "czerwca", "cze", "juni", "vi":
		return 6
	case "jul", "july", "lipiec", "lipca", "lip", "juli", "vii":
		return 7
	case "aug", "august", "sierpien", "sierpnia", "sie", "viii":
		return 8
	case "sep", "sept", "september", "wrzesien", "wrzesnia", "wrz", "ix":
		return 9
	case "oct", "october", "pazdziernik", "pazdziernika", "paz", "okt", "oktober", "x":
		return 10
	case "nov", "november", "listopad", "listopada", "lis", "xi":
		return 11
	case "dec", "december", "grudzien", "grudnia", "gru", "dez", "dezember", "xii":
		return 12
	}
	return 0
}

func isWeekday(w string) bool {
	switch w {
	case "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday",
		"fri", "friday", "sat", "saturday", "sun", "sunday",
		"pon", "poniedzialek", "wt", "wtorek", "sr", "sroda", "czw", "czwartek", "pt", "piatek",
		"sob", "sobota", "niedz", "niedziela":
		return true
	}
	return false
}

// -------------------------------------------------------------- numbers

// numberEvidence counts what number values prove about their separators.
type numberEvidence struct {
	decComma, decPoint                       int
	groupSpace, groupComma, groupPoint, apos int
	ambComma, ambPoint                       int // one separator followed by exactly three digits
	currencies                               map[string]int
}

func numberEvidenceOf(values []string) numberEvidence {
	var ev numberEvidence
	for _, v := range values {
		ev.add(v)
	}
	return ev
}

func (ev *numberEvidence) merge(o numberEvidence) {
	ev.decComma += o.decComma
	ev.decPoint += o.decPoint
	ev.groupSpace += o.groupSpace
	ev.groupComma += o.groupComma
	ev.groupPoint += o.groupPoint
	ev.apos += o.apos
	ev.ambComma += o.ambComma
	ev.ambPoint += o.ambPoint
	for c, n := range o.currencies {
		if ev.currencies == nil {
			ev.currencies = map[string]int{}
		}
		ev.currencies[c] += n
	}
}

func (ev *numberEvidence) add(v string) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(cleanNumber(v)), "%"))
	cur, body, ok := splitCurrency(v)
	if !ok {
		return
	}
	_, body = cutSign(body)
	if body == "" {
		return
	}
	var dots, commas, spaces, apos int
	for _, r := range body {
		switch {
		case r >= '0' && r <= '9':
		case r == '.':
			dots++
		case r == ',':
			commas++
		case r == ' ':
			spaces++
		case r == '\'':
			apos++
		default:
			return // not a number: no evidence
		}
	}
	if cur != "" {
		if ev.currencies == nil {
			ev.currencies = map[string]int{}
		}
		ev.currencies[cur]++
	}
	if spaces > 0 {
		ev.groupSpace++
	}
	if apos > 0 {
		ev.apos++
	}
	switch {
	case dots > 0 && commas > 0:
		if strings.LastIndexByte(body, ',') > strings.LastIndexByte(body, '.') {
			ev.decComma++
			ev.groupPoint++
		} else {
			ev.decPoint++
			ev.groupComma++
		}
	case commas > 1:
		ev.groupComma++
	case dots > 1:
		ev.groupPoint++
	case commas == 1 || dots == 1:
		sep := byte(',')
		if dots == 1 {
			sep = '.'
		}
		after := len(body) - strings.LastIndexByte(body, sep) - 1
		before := strings.LastIndexByte(body, sep)
		switch {
		case after == 3 && before > 0 && spaces == 0 && apos == 0:
			if sep == ',' {
				ev.ambComma++
			} else {
				ev.ambPoint++
			}
		case sep == ',':
			ev.decComma++
		default:
			ev.decPoint++
		}
	}
}

// decide returns the decimal and group separators and whether the values
// proved them (rather than a default being taken).
func (ev numberEvidence) decide(kind ValueKind) (dec, group rune, proven bool) {
	switch {
	case ev.decComma > ev.decPoint:
		dec, proven = ',', true
	case ev.decPoint > ev.decComma:
		dec, proven = '.', true
	case ev.decPoint > 0: // a tie between two proofs: the canonical point
		dec = '.'
	case ev.groupComma > 0 && ev.groupPoint == 0:
		dec, proven = '.', true
	case ev.groupPoint > 0 && ev.groupComma == 0:
		dec, proven = ',', true
	case ev.ambComma > 0 && ev.ambPoint == 0:
		dec = '.' // "1,500": a thousands comma (English) for every kind
	case ev.ambPoint > 0 && ev.ambComma == 0:
		switch kind {
		case KindDecimal, KindPercent:
			dec = '.'
		case KindInteger:
			dec = ',' // "1.500" in a count: fifteen hundred
		}
		// An amount is left to its currency (see ParseMoney): fifteen
		// hundred złoty, one and a half dinars.
	}
	switch {
	case ev.groupSpace > 0:
		group = ' '
	case ev.apos > 0:
		group = '\''
	case dec == '.' && (ev.groupComma > 0 || ev.ambComma > 0):
		group = ','
	case dec == ',' && (ev.groupPoint > 0 || ev.ambPoint > 0):
		group = '.'
	}
	return dec, group, proven
}

// currency returns the one currency the values carry, or "".
func (ev numberEvidence) currency() string {
	if len(ev.currencies) != 1 {
		return ""
	}
	for c := range ev.currencies {
		return c
	}
	return ""
}

// cutSign removes a sign: "-12", "+12", "12-", "−12", "(12)".
func cutSign(s string) (neg bool, rest string) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")"):
		return true, strings.TrimSpace(s[1 : len(s)-1])
	case strings.HasPrefix(s, "-"):
		return true, strings.TrimSpace(s[1:])
	case strings.HasPrefix(s, "+"):
		return false, strings.TrimSpace(s[1:])
	case strings.HasSuffix(s, "-") && len(s) > 1:
		return true, strings.TrimSpace(s[:len(s)-1])
	}
	return false, s
}

// cleanNumber folds a number's text: full-width digits, every kind of space
// (no-break, thin, narrow no-break) to ' ', typographic minus signs and
// apostrophes to ASCII.
func cleanNumber(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u2212', '\u2012', '\u2013', '\ufe63', '\uff0d':
			return '-'
		case '\u2019', '\u02bc', '\u2032':
			return '\''
		case '\u066b': // Arabic decimal separator
			return '.'
		}
		return r
	}, s)
	return strings.TrimSpace(domain.Fold(s))
}

// notANumber is the error for a value that is not a number; its message
// is only built when shown (parsing a million cells makes many of them).
type notANumber struct{ value string }

func (e notANumber) Error() string { return quote(e.value) + " is not a number" }

// number is a parsed decimal: sign, integer digits and fraction digits.
type number struct {
	neg       bool
	int, frac string
}

func (n number) String() string {
	i := strings.TrimLeft(n.int, "0")
	if i == "" {
		i = "0"
	}
	s := i
	if n.frac != "" {
		s += "." + n.frac
	}
	if n.neg && strings.Trim(i+n.frac, "0") != "" {
		s = "-" + s
	}
	return s
}

// parseNumber reads the number in s (already without currency or percent
// sign). threeIsGroup says how to read a lone separator followed by three
// digits when f does not decide: as a thousands separator (counts,
// amounts) or, for '.', as the decimal point (decimals).
func parseNumber(s string, f ColumnFormat, threeIsGroup bool) (number, error) {
	orig := strings.TrimSpace(s)
	notNumber := notANumber{orig}
	t := cleanNumber(s)
	if t == "" {
		return number{}, errors.New("the number is empty")
	}
	var n number
	n.neg, t = cutSign(t)
	if neg2, rest := cutSign(t); neg2 || rest != t { // "-(12)", "--12"
		return number{}, notNumber
	}
	if t == "" {
		return number{}, notNumber
	}
	// Scientific notation, as spreadsheets write large numbers: 1.2E+07.
	if i := strings.IndexAny(t, "e"); i > 0 {
		return parseScientific(t, i, n.neg, notNumber)
	}
	var dots, commas int
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9', r == ' ', r == '\'':
		case r == '.':
			dots++
		case r == ',':
			commas++
		default:
			return number{}, notNumber
		}
	}
	// Which character is the decimal separator, if any?
	var dec rune
	switch {
	case dots > 0 && commas > 0:
		if strings.LastIndexByte(t, ',') > strings.LastIndexByte(t, '.') {
			dec = ','
		} else {
			dec = '.'
		}
	case dots == 1 || commas == 1:
		c := '.'
		if commas == 1 {
			c = ','
		}
		after := len(t) - strings.LastIndexByte(t, byte(c)) - 1
		switch {
		case f.DecimalSep == c:
			dec = c
		case after != 3:
			dec = c // cannot be a thousands separator
		case f.DecimalSep != 0: // the column's decimal separator is the other one
			dec = 0
		case c == ',' || threeIsGroup:
			dec = 0
		default:
			dec = c
		}
	}
	n2, err := splitNumber(t, dec, orig)
	if err != nil && dec == 0 && (dots == 1) != (commas == 1) {
		// Read as a thousands separator the value makes no sense ("0,500",
		// "1234.567"): it can only be a decimal separator.
		c := byte('.')
		if commas == 1 {
			c = ','
		}
		n2, err = splitNumber(t, rune(c), orig)
	}
	if err != nil {
		return number{}, err
	}
	n2.neg = n.neg
	return n2, nil
}

// splitNumber reads t (digits and separators, no sign) with dec as its
// decimal separator (0: none).
func splitNumber(t string, dec rune, orig string) (number, error) {
	notNumber := notANumber{orig}
	var n number
	intPart, frac := t, ""
	if dec != 0 {
		i := strings.LastIndexByte(t, byte(dec))
		intPart, frac = t[:i], t[i+1:]
		if strings.ContainsRune(intPart, dec) {
			return number{}, notNumber
		}
	}
	if strings.ContainsAny(frac, " ',.") {
		return number{}, notNumber
	}
	digits, err := ungroup(intPart, orig)
	if err != nil {
		return number{}, err
	}
	if digits == "" && frac == "" {
		return number{}, notNumber
	}
	n.int, n.frac = digits, frac
	return n, nil
}

// ungroup removes thousands separators from an integer part, checking that
// they stand between groups of three digits ("12 500", "1.000.000").
func ungroup(s, orig string) (string, error) {
	if !strings.ContainsAny(s, " ',.") {
		return s, nil
	}
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\'' || r == ',' || r == '.' })
	// Separators must each stand alone between two groups.
	if strings.IndexAny(s, " ',.") == 0 || strings.LastIndexAny(s, " ',.") == len(s)-1 {
		return "", notANumber{orig}
	}
	prevSep := false
	for _, r := range s {
		isSep := r == ' ' || r == '\'' || r == ',' || r == '.'
		if isSep && prevSep {
			return "", notANumber{orig}
		}
		prevSep = isSep
	}
	for i, g := range groups {
		if i == 0 && (len(g) < 1 || len(g) > 3 || g[0] == '0') || i > 0 && len(g) != 3 {
			return "", fmt.Errorf("%s is not a number: its thousands separators are misplaced", quote(orig))
		}
	}
	return strings.Join(groups, ""), nil
}

func parseScientific(t string, i int, neg bool, notNumber notANumber) (number, error) {
	mant, exp := t[:i], t[i+1:]
	e, err := strconv.Atoi(strings.TrimPrefix(exp, "+"))
	if err != nil || e > domain.MaxNumberExponent || e < -domain.MaxNumberExponent {
		return number{}, notNumber
	}
	mant = strings.Replace(mant, ",", ".", 1)
	ip, fp, _ := strings.Cut(mant, ".")
	if ip == "" && fp == "" || !allASCIIDigits(ip+fp) {
		return number{}, notNumber
	}
	digits := ip + fp
	point := len(ip) + e
	switch {
	case point <= 0:
		digits = strings.Repeat("0", -point+1) + digits
		point = 1
	case point > len(digits):
		digits += strings.Repeat("0", point-len(digits))
	}
	n := number{neg: neg, int: digits[:point], frac: strings.TrimRight(digits[point:], "0")}
	return n, nil
}

func allASCIIDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParseDecimal reads a number written in any common way and returns it as
// a canonical decimal string: digits, an optional '-' and '.' and the
// fraction digits as written ("12 500,00" → "12500.00", "1.000,50" →
// "1000.50", "1,000.50" → "1000.50", "(1 234)" → "-1234", "1.2E+3" →
// "1200"). Thousands separators may be spaces (also no-break and thin
// spaces), apostrophes, dots or commas, and must stand between groups of
// three digits. Accounting parentheses and a trailing minus ("1234-") mean
// a negative number.
//
// The only thing a single value cannot say — whether "1,500" or "1.500"
// has a decimal or a thousands separator — is decided by f.DecimalSep;
// with no evidence (f.DecimalSep == 0) "1.500" is one and a half and
// "1,500" fifteen hundred, so that Kontor's own canonical numbers always
// read back unchanged. A value whose separators can only be read one way
// is read that way whatever f says ("12.50" in a decimal-comma column).
func ParseDecimal(s string, f ColumnFormat) (string, error) {
	n, err := parseNumber(s, f, false)
	if err != nil {
		return "", err
	}
	return n.String(), nil
}

// ParseInt reads a whole number: "1 200", "120", "1,200" and "1.200" (as
// twelve hundred: a count has no fraction, so a lone separator before three
// digits groups thousands unless the column writes decimals with it),
// "120.0" (a zero fraction, as spreadsheets write counts).
func ParseInt(s string, f ColumnFormat) (int64, error) {
	n, err := parseNumber(s, f, true)
	if err != nil {
		return 0, err
	}
	if strings.Trim(n.frac, "0") != "" {
		return 0, fmt.Errorf("%s is not a whole number", quote(strings.TrimSpace(s)))
	}
	n.frac = ""
	v, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s is too large", quote(strings.TrimSpace(s)))
	}
	return v, nil
}

// ParseMoney reads an amount with or without its currency: "12 500,00 zł",
// "PLN 12500", "$1,200.50", "€ 99,90", "¥8000", "1200 USD", "12.500,00 EUR",
// "-$5.00", "($1,200.00)". The currency may be an ISO code or a symbol
// that domain.NormalizeCurrency knows (zł, €, $, £, ¥, 元, RMB...); a
// currency written in the value wins over defaultCurrency, which is used
// for bare numbers. Numbers are read as in ParseDecimal, except that a
// lone separator before exactly three digits groups thousands unless the
// currency has three decimal places or f says otherwise ("1.500 zł" is
// fifteen hundred złoty). More decimal places than the currency has are an
// error unless they are zeros. The amount is exact: integer minor units,
// never a float.
func ParseMoney(s string, f ColumnFormat, defaultCurrency string) (domain.Money, error) {
	orig := strings.TrimSpace(s)
	cur, body, ok := splitCurrency(cleanNumber(orig))
	if !ok {
		return domain.Money{}, fmt.Errorf("%s is not an amount", quote(orig))
	}
	if cur == "" {
		if strings.TrimSpace(defaultCurrency) == "" {
			return domain.Money{}, fmt.Errorf("%s has no currency, and no default currency is set", quote(orig))
		}
		c, err := domain.NormalizeCurrency(defaultCurrency)
		if err != nil {
			return domain.Money{}, err
		}
		cur = c
	}
	digits := domain.CurrencyDigits(cur)
	n, err := parseNumber(body, f, digits < 3)
	if err != nil {
		if strings.TrimSpace(body) == "" {
			return domain.Money{}, fmt.Errorf("%s has no amount", quote(orig))
		}
		return domain.Money{}, fmt.Errorf("%s is not an amount", quote(orig))
	}
	if frac := strings.TrimRight(n.frac, "0"); len(frac) > digits {
		return domain.Money{}, fmt.Errorf("%s has more decimal places than %s has (%d)", quote(orig), cur, digits)
	}
	m, err := domain.ParseDecimalMoney(n.String(), cur)
	if err != nil {
		return domain.Money{}, fmt.Errorf("%s is too large an amount", quote(orig))
	}
	return m, nil
}

// splitCurrency separates a currency written before or after an amount
// ("PLN 12 500", "12 500 zł", "$1,200", "1200USD") and returns its ISO
// code ("" when the value has none) and the rest. ok is false when the
// value has letters that are not a currency ("12 abc", "15k").
func splitCurrency(s string) (cur, rest string, ok bool) {
	t := strings.TrimSpace(s)
	neg := ""
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "\u2212") {
		_, size := utf8.DecodeRuneInString(t)
		neg, t = "-", strings.TrimSpace(t[size:])
	}
	paren := strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")")
	if paren {
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	found := ""
	take := func(sym string) bool {
		c, err := domain.NormalizeCurrency(sym)
		if err != nil || found != "" && found != c {
			return false
		}
		found = c
		return true
	}
	// Prefix: letters or a symbol up to the first digit, sign, dot or space.
	if i := strings.IndexFunc(t, func(r rune) bool {
		return r >= '0' && r <= '9' || r == '-' || r == '+' || r == '.' || r == ',' || r == '(' || unicode.IsSpace(r) || r == '\u2212'
	}); i > 0 {
		if !take(t[:i]) {
			return "", "", false
		}
		t = strings.TrimSpace(t[i:])
	} else if i < 0 && t != "" {
		// Nothing but a currency ("PLN") or a word.
		return "", "", false
	}
	// Suffix: from after the last digit (or dot/space).
	if j := strings.LastIndexFunc(t, func(r rune) bool {
		return r >= '0' && r <= '9' || r == '.' || r == ',' || r == ')' || r == '-' || unicode.IsSpace(r)
	}); j >= 0 && j < len(t)-1 {
		_, size := utf8.DecodeRuneInString(t[j:])
		suffix := strings.TrimSpace(t[j+size:])
		if suffix != "" {
			if !take(suffix) {
				return "", "", false
			}
			t = strings.TrimSpace(t[:j+size])
		}
	}
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") && !paren {
		paren = true
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	if paren {
		if neg != "" {
			return "", "", false
		}
		t = "(" + t + ")"
	}
	return found, neg + t, true
}

// ParsePercent reads a percentage as a whole number 0–100: "60", "60%",
// "60 %", "62,5" (rounded half up: 63), "100.0". A value strictly between
// 0 and 1 written without a percent sign is a fraction, as spreadsheets
// store percentages: "0.6" is 60 and "0.05" is 5 (while "1" is 1 %).
// Values below 0 or above 100 are errors.
func ParsePercent(s string) (int, error) {
	orig := strings.TrimSpace(s)
	t := cleanNumber(orig)
	marked := false
	if u, ok := strings.CutSuffix(t, "%"); ok {
		t, marked = strings.TrimSpace(u), true
	} else if u, ok := strings.CutPrefix(t, "%"); ok {
		t, marked = strings.TrimSpace(u), true
	}
	n, err := parseNumber(t, ColumnFormat{}, false)
	if err != nil {
		return 0, fmt.Errorf("%s is not a percentage", quote(orig))
	}
	ip := strings.TrimLeft(n.int, "0")
	isZero := strings.Trim(ip+n.frac, "0") == ""
	if n.neg && !isZero {
		return 0, fmt.Errorf("%s is below 0 %%", quote(orig))
	}
	if !marked && ip == "" && n.frac != "" && !isZero {
		// A fraction of one: shift the point two places.
		frac := n.frac + "00"
		ip, n.frac = strings.TrimLeft(frac[:2], "0"), frac[2:]
	}
	if len(ip) > 3 {
		return 0, fmt.Errorf("%s is above 100 %%", quote(orig))
	}
	v, _ := strconv.Atoi("0" + ip)
	if n.frac != "" && n.frac[0] >= '5' {
		v++
	}
	if v > 100 {
		return 0, fmt.Errorf("%s is above 100 %%", quote(orig))
	}
	return v, nil
}

// ParseBool reads yes/no in the spellings exports use, in any case and
// width:
//
//	true:  true, t, yes, y, 1, on, tak, prawda, ja, oui, sí, 是, 对, 真, 有, x, ✓, ✔, ☑, ✅
//	false: false, f, no, n, 0, off, nie, fałsz, nein, non, 否, 不是, 错, 假, 无, ✗, ✘, ☐, -
//
// ("x" is how spreadsheets tick a box.) Anything else is an error.
func ParseBool(s string) (bool, error) {
	t := strings.TrimSuffix(domain.Fold(strings.TrimSpace(s)), ".")
	switch strings.TrimSpace(t) {
	case "true", "t", "yes", "y", "1", "on", "tak", "prawda", "ja", "oui", "si", "是", "对", "真", "有", "x", "✓", "✔", "☑", "✅", "☒":
		return true, nil
	case "false", "f", "no", "n", "0", "off", "nie", "falsz", "nein", "non", "否", "不是", "错", "假", "无", "✗", "✘", "☐", "-":
		return false, nil
	}
	if strings.TrimSpace(s) == "" {
		return false, errors.New("the yes/no value is empty")
	}
	return false, fmt.Errorf("%s is not yes or no (write true/false, yes/no, 1/0, tak/nie or 是/否)", quote(strings.TrimSpace(s)))
}

// SplitMulti splits a cell that holds several e-mail addresses or phone
// numbers: "a@x.pl; b@x.pl", "600 100 200, 601 200 300", one per line,
// "a@x.pl | b@x.pl", "600 100 200 / 601 200 300", "a@x.pl b@x.pl",
// Chinese "，", "；" and "、". Semicolons, line breaks, vertical bars and
// "、" always separate. A comma or a spaced slash separates only when both
// sides are whole items (an e-mail address, or at least six digits), so
// "+48 22 123 45 67, wew. 12" and "Kowalski, Jan <jan@x.pl>" stay whole.
// Nothing is split inside quotes or angle brackets. The parts are trimmed;
// empty parts are dropped.
func SplitMulti(s string) []string {
	if !strings.ContainsAny(s, ";\n\r|,/；、｜，") {
		return appendSpaced(nil, s) // one value, the common case
	}
	var out []string
	rs := []rune(s)
	hard := separators(rs, func(rs []rune, i int) int {
		switch rs[i] {
		case ';', '\n', '\r', '|', '；', '、', '｜':
			return 1
		}
		return 0
	})
	from := 0
	for _, h := range append(hard, span{len(rs), 0}) {
		out = splitSoft(out, rs[from:h.at])
		from = h.at + h.w
	}
	return out
}

// splitSoft splits a piece at commas and spaced slashes where both sides
// are whole items, keeping the text between as it was.
func splitSoft(out []string, rs []rune) []string {
	soft := separators(rs, func(rs []rune, i int) int {
		switch {
		case rs[i] == ',' || rs[i] == '，':
			return 1
		case rs[i] == '/' && i > 0 && i+1 < len(rs) && unicode.IsSpace(rs[i-1]) && unicode.IsSpace(rs[i+1]):
			return 1
		}
		return 0
	})
	start, segStart := 0, 0
	var left itemShape
	for k, sp := range soft {
		left.add(shapeOf(rs[segStart:sp.at]))
		next := len(rs)
		if k+1 < len(soft) {
			next = soft[k+1].at
		}
		segStart = sp.at + sp.w
		if left.whole() && shapeOf(rs[segStart:next]).whole() {
			out = appendSpaced(out, string(rs[start:sp.at]))
			start, left = segStart, itemShape{}
		}
	}
	return appendSpaced(out, string(rs[start:]))
}

// appendSpaced appends a part, split further at spaces when every word of
// it is an e-mail address ("a@x.pl b@x.pl").
func appendSpaced(out []string, part string) []string {
	part = strings.TrimSpace(part)
	if part == "" {
		return out
	}
	if !strings.ContainsFunc(part, unicode.IsSpace) {
		return append(out, part)
	}
	words := strings.Fields(part)
	if len(words) > 1 {
		all := true
		for _, w := range words {
			if !looksLikeEmail(w) {
				all = false
				break
			}
		}
		if all {
			return append(out, words...)
		}
	}
	return append(out, part)
}

// itemShape is what makes a part of a cell an item on its own: an e-mail
// address (an @) or a phone number (six digits or more).
type itemShape struct {
	at     bool
	digits int
}

func shapeOf(rs []rune) itemShape {
	var sh itemShape
	for _, r := range rs {
		switch {
		case r == '@' || r == '＠':
			sh.at = true
		case unicode.IsDigit(r):
			sh.digits++
		}
	}
	return sh
}

func (sh *itemShape) add(o itemShape) {
	sh.at = sh.at || o.at
	sh.digits += o.digits
}

func (sh itemShape) whole() bool { return sh.at || sh.digits >= 6 }

// span is a separator's position and width in runes.
type span struct{ at, w int }

// separators lists where sep reports a separator (its width in runes),
// except inside double quotes and angle brackets.
func separators(rs []rune, sep func(rs []rune, i int) int) []span {
	var out []span
	inQuote, inAngle := false, false
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '"':
			inQuote = !inQuote
		case r == '<' && !inQuote:
			inAngle = true
		case r == '>' && !inQuote:
			inAngle = false
		case !inQuote && !inAngle:
			if w := sep(rs, i); w > 0 {
				out = append(out, span{i, w})
				i += w - 1
			}
		}
	}
	return out
}

// quote puts a value in typographic quotes for a message, shortened, and
// without control and formatting characters (escape sequences, bidi
// overrides): messages quote file content and end up on terminals.
func quote(s string) string {
	const limit = 60
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return "“" + s + "”"
}

// StripFormulaGuard removes the apostrophe that spreadsheet-safe exports
// (Kontor's own among them) put before a cell a spreadsheet would run as a
// formula: one starting with =, +, -, @, a tab or a carriage return.
// "'+48600100200" is read as "+48600100200" and "'=SUM(A1)" as
// "=SUM(A1)" (kept as text, never run). Any other apostrophe ("'til
// dawn", "Rock 'n' roll") is left alone.
func StripFormulaGuard(s string) string {
	if len(s) >= 2 && s[0] == '\'' {
		switch s[1] {
		case '=', '+', '-', '@', '\t', '\r':
			return s[1:]
		}
	}
	return s
}
