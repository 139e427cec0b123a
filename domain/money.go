package domain

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/currency"
)

// Money is an amount in integer minor units (grosze, cents, fen) of an ISO
// 4217 currency. Amounts are never floats.
type Money struct {
	Minor    int64
	Currency string // ISO 4217, upper case, e.g. "PLN"
}

// minorDigits lists currencies whose minor unit is not 1/100.
var minorDigits = map[string]int{
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
	"PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
}

// CurrencyDigits returns the number of minor-unit digits of an ISO currency
// code (2 unless the currency is known to differ).
func CurrencyDigits(code string) int {
	if d, ok := minorDigits[code]; ok {
		return d
	}
	return 2
}

// NormalizeCurrency upper-cases and checks an ISO 4217 code ("pln" →
// "PLN"; "XYZ" is refused). It also accepts the common symbols and local
// spellings (zł, €, $, £, ¥ and 元 for the yuan, 円 for the yen, RMB).
func NormalizeCurrency(s string) (string, error) {
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "zł", "zl", "pln":
		return "PLN", nil
	case "€", "eur", "euro":
		return "EUR", nil
	case "$", "usd", "us$":
		return "USD", nil
	case "£", "gbp":
		return "GBP", nil
	case "¥", "￥", "元", "rmb", "cny", "人民币":
		return "CNY", nil
	case "円", "jpy":
		return "JPY", nil
	}
	u := strings.ToUpper(t)
	if len(u) != 3 {
		return "", fmt.Errorf("currency %q is not a 3-letter ISO code", s)
	}
	for _, r := range u {
		if r < 'A' || r > 'Z' {
			return "", fmt.Errorf("currency %q is not a 3-letter ISO code", s)
		}
	}
	if _, err := currency.ParseISO(u); err != nil {
		return "", fmt.Errorf("currency %q is not an ISO 4217 code", s)
	}
	return u, nil
}

// ParseDecimalMoney reads a plain decimal string ("12500", "12500.5",
// "-3.25") as an amount of currency. It rejects more fractional digits than
// the currency has, unless they are zeros ("500.00" yen is 500). Locale formats ("12 500,00") are the importer's business;
// this is the canonical form Kontor prints and accepts on its own interfaces.
func ParseDecimalMoney(s, currency string) (Money, error) {
	cur, err := NormalizeCurrency(currency)
	if err != nil {
		return Money{}, err
	}
	digits := CurrencyDigits(cur)
	t := strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(t, "-") {
		neg, t = true, t[1:]
	} else if strings.HasPrefix(t, "+") {
		t = t[1:]
	}
	intPart, frac, hasDot := strings.Cut(t, ".")
	if intPart == "" && (!hasDot || frac == "") {
		return Money{}, fmt.Errorf("amount %q is not a number", s)
	}
	if len(frac) > digits && strings.Trim(frac[digits:], "0") == "" {
		frac = frac[:digits] // "500.00" JPY: zeros past the minor unit say nothing
	}
	if len(frac) > digits {
		return Money{}, fmt.Errorf("amount %q has more than %d decimal places for %s", s, digits, cur)
	}
	var v int64
	for _, r := range intPart + frac + strings.Repeat("0", digits-len(frac)) {
		if r < '0' || r > '9' {
			return Money{}, fmt.Errorf("amount %q is not a number", s)
		}
		d := int64(r - '0')
		if v > (math.MaxInt64-d)/10 {
			return Money{}, fmt.Errorf("amount %q is too large", s)
		}
		v = v*10 + d
	}
	if neg {
		v = -v
	}
	return Money{Minor: v, Currency: cur}, nil
}

// Decimal formats the amount as a plain decimal string with the currency's
// minor digits ("12500.00", "-3.25", "500" for JPY).
func (m Money) Decimal() string {
	digits := CurrencyDigits(m.Currency)
	sign, mag := "", uint64(m.Minor)
	if m.Minor < 0 {
		sign, mag = "-", uint64(-(m.Minor+1))+1 // also right for math.MinInt64
	}
	s := strconv.FormatUint(mag, 10)
	if digits == 0 {
		return sign + s
	}
	if len(s) <= digits {
		s = strings.Repeat("0", digits-len(s)+1) + s
	}
	return sign + s[:len(s)-digits] + "." + s[len(s)-digits:]
}

// String formats the amount with thousands separators and the currency code
// ("12 500.00 PLN").
func (m Money) String() string {
	d := m.Decimal()
	sign := ""
	if strings.HasPrefix(d, "-") {
		sign, d = "-", d[1:]
	}
	intPart, frac, hasFrac := strings.Cut(d, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteRune(' ')
		}
		b.WriteRune(r)
	}
	out := sign + b.String()
	if hasFrac {
		out += "." + frac
	}
	return out + " " + m.Currency
}
