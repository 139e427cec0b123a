package domain

import (
	"math"
	"strings"
	"testing"
)

func TestParseDecimalMoney(t *testing.T) {
	tests := []struct {
		in, cur string
		minor   int64
		wantCur string
		decimal string
		str     string
	}{
		{"12500", "PLN", 1250000, "PLN", "12500.00", "12 500.00 PLN"},
		{"12500.5", "pln", 1250050, "PLN", "12500.50", "12 500.50 PLN"},
		{"12650.00", "zł", 1265000, "PLN", "12650.00", "12 650.00 PLN"},
		{"-3.25", "EUR", -325, "EUR", "-3.25", "-3.25 EUR"},
		{"+3.25", "€", 325, "EUR", "3.25", "3.25 EUR"},
		{"0.01", "USD", 1, "USD", "0.01", "0.01 USD"},
		{".5", "USD", 50, "USD", "0.50", "0.50 USD"},
		{"7.", "GBP", 700, "GBP", "7.00", "7.00 GBP"},
		{"0", "CNY", 0, "CNY", "0.00", "0.00 CNY"},
		{"1000000", "元", 100000000, "CNY", "1000000.00", "1 000 000.00 CNY"},
		{" 99.99 ", "RMB", 9999, "CNY", "99.99", "99.99 CNY"},
		{"500", "JPY", 500, "JPY", "500", "500 JPY"},
		{"500.00", "JPY", 500, "JPY", "500", "500 JPY"},
		{"1234567", "円", 1234567, "JPY", "1234567", "1 234 567 JPY"},
		{"1.234", "KWD", 1234, "KWD", "1.234", "1.234 KWD"},
		{"-0.005", "BHD", -5, "BHD", "-0.005", "-0.005 BHD"},
		{"1.5000", "PLN", 150, "PLN", "1.50", "1.50 PLN"},
		{"92233720368547758.07", "PLN", math.MaxInt64, "PLN", "92233720368547758.07", "92 233 720 368 547 758.07 PLN"},
		{"-92233720368547758.07", "PLN", -math.MaxInt64, "PLN", "-92233720368547758.07", "-92 233 720 368 547 758.07 PLN"},
	}
	for _, tc := range tests {
		m, err := ParseDecimalMoney(tc.in, tc.cur)
		if err != nil || m != (Money{tc.minor, tc.wantCur}) || m.Decimal() != tc.decimal || m.String() != tc.str {
			t.Errorf("ParseDecimalMoney(%q, %q) = %+v %q %q, %v; want %d %s %q %q", tc.in, tc.cur, m, m.Decimal(), m.String(), err, tc.minor, tc.wantCur, tc.decimal, tc.str)
			continue
		}
		back, err := ParseDecimalMoney(m.Decimal(), m.Currency)
		if err != nil || back != m {
			t.Errorf("round trip of %+v: %+v, %v", m, back, err)
		}
	}
}

func TestParseDecimalMoneyRejects(t *testing.T) {
	tests := []struct{ in, cur, err string }{
		{"1.234", "PLN", "more than 2 decimal places"},
		{"1.5", "JPY", "more than 0 decimal places"},
		{"1.0001", "KWD", "more than 3 decimal places"},
		{"12a", "PLN", "not a number"},
		{"abc", "PLN", "not a number"},
		{"", "PLN", "not a number"},
		{"-", "PLN", "not a number"},
		{".", "PLN", "not a number"},
		{"--5", "PLN", "not a number"},
		{"1.000.000,5", "PLN", `amount "1.000.000,5"`},
		{"12 500,00", "PLN", "not a number"},
		{"1e5", "PLN", "not a number"},
		{"99999999999999999999", "PLN", "too large"},
		{"92233720368547758.08", "PLN", "too large"},
		{"9223372036854775808", "JPY", "too large"},
		{"1", "PLNX", "not a 3-letter ISO code"},
		{"1", "", "not a 3-letter ISO code"},
		{"1", "XYZ", "not an ISO 4217 code"},
		{"1", "BTC", "not an ISO 4217 code"},
		{"1", "P1N", "not a 3-letter ISO code"},
	}
	for _, tc := range tests {
		m, err := ParseDecimalMoney(tc.in, tc.cur)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("ParseDecimalMoney(%q, %q) = %+v, %v; want an error mentioning %q", tc.in, tc.cur, m, err, tc.err)
		}
	}
}

func TestMoneyDecimalExtremes(t *testing.T) {
	tests := []struct {
		m    Money
		want string
	}{
		{Money{math.MinInt64, "PLN"}, "-92233720368547758.08"},
		{Money{math.MinInt64, "JPY"}, "-9223372036854775808"},
		{Money{math.MaxInt64, "KWD"}, "9223372036854775.807"},
		{Money{-1, "PLN"}, "-0.01"},
		{Money{5, "KWD"}, "0.005"},
		{Money{0, "JPY"}, "0"},
	}
	for _, tc := range tests {
		if got := tc.m.Decimal(); got != tc.want {
			t.Errorf("%+v.Decimal() = %q, want %q", tc.m, got, tc.want)
		}
	}
	if got := (Money{math.MinInt64, "PLN"}).String(); got != "-92 233 720 368 547 758.08 PLN" {
		t.Errorf("String() = %q", got)
	}
}

func TestNormalizeCurrency(t *testing.T) {
	tests := map[string]string{
		"pln": "PLN", " PLN ": "PLN", "zł": "PLN", "ZŁ": "PLN", "zl": "PLN",
		"€": "EUR", "euro": "EUR", "$": "USD", "US$": "USD", "£": "GBP",
		"¥": "CNY", "￥": "CNY", "元": "CNY", "RMB": "CNY", "人民币": "CNY", "円": "JPY",
		"chf": "CHF", "KWD": "KWD", "sek": "SEK",
	}
	for in, want := range tests {
		if got, err := NormalizeCurrency(in); err != nil || got != want {
			t.Errorf("NormalizeCurrency(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "PL", "PLNN", "XYZ", "12$", "złoty"} {
		if got, err := NormalizeCurrency(bad); err == nil {
			t.Errorf("NormalizeCurrency(%q) = %q, want an error", bad, got)
		}
	}
}

func TestCurrencyDigits(t *testing.T) {
	for cur, want := range map[string]int{"PLN": 2, "EUR": 2, "CNY": 2, "JPY": 0, "KRW": 0, "KWD": 3, "BHD": 3, "CLP": 0} {
		if got := CurrencyDigits(cur); got != want {
			t.Errorf("CurrencyDigits(%s) = %d, want %d", cur, got, want)
		}
	}
}
