package domain

import (
	"strings"
	"testing"
	"time"
)

func TestNewDate(t *testing.T) {
	tests := []struct {
		y     int
		m     time.Month
		d     int
		valid bool
	}{
		{2024, 2, 29, true},
		{2023, 2, 29, false},
		{2000, 2, 29, true},  // divisible by 400
		{1900, 2, 29, false}, // divisible by 100
		{2024, 2, 30, false},
		{2024, 4, 31, false},
		{2024, 12, 31, true},
		{2024, 1, 0, false},
		{2024, 0, 1, false},
		{2024, 13, 1, false},
		{0, 1, 1, false},
		{1, 1, 1, true},
		{9999, 12, 31, true},
		{10000, 1, 1, false},
	}
	for _, tc := range tests {
		d, err := NewDate(tc.y, tc.m, tc.d)
		if (err == nil) != tc.valid {
			t.Errorf("NewDate(%d, %d, %d) = %v, %v; want valid=%v", tc.y, tc.m, tc.d, d, err, tc.valid)
		}
		if err == nil && (d.Year != tc.y || d.Month != tc.m || d.Day != tc.d) {
			t.Errorf("NewDate(%d, %d, %d) = %v", tc.y, tc.m, tc.d, d)
		}
	}
}

func TestParseISODate(t *testing.T) {
	for _, s := range []string{"2024-03-04", "2024-02-29", "1973-02-03", "0001-01-01", "9999-12-31"} {
		d, err := ParseISODate(s)
		if err != nil || d.String() != s {
			t.Errorf("ParseISODate(%q) = %v, %v", s, d, err)
		}
	}
	if d, err := ParseISODate(""); err != nil || !d.IsZero() || d.String() != "" {
		t.Errorf("ParseISODate(\"\") = %v, %v; want the zero date", d, err)
	}
	bad := map[string]string{
		"2024-3-4":             "not YYYY-MM-DD",
		"04.03.2024":           "not YYYY-MM-DD",
		"03/14/2024":           "not YYYY-MM-DD",
		"2024-02-31":           "does not exist",
		"2023-02-29":           "does not exist",
		"2020-13-01":           "month 13",
		"2024-00-10":           "month 0",
		"0000-01-01":           "year 0",
		"2024-+3-04":           "not YYYY-MM-DD",
		" 024-03-04":           "not YYYY-MM-DD",
		"2024-03-04 ":          "not YYYY-MM-DD",
		"２０２４-03-04":           "not YYYY-MM-DD",
		"2024-03-04T10:00:00Z": "not YYYY-MM-DD",
	}
	for s, msg := range bad {
		if d, err := ParseISODate(s); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseISODate(%q) = %v, %v; want an error mentioning %q", s, d, err, msg)
		}
	}
}

func TestDateOrderAndZero(t *testing.T) {
	a, b := Date{2024, 2, 28}, Date{2024, 2, 29}
	if !a.Before(b) || b.Before(a) || a.Before(a) {
		t.Error("Before is wrong")
	}
	if !(Date{}).IsZero() || a.IsZero() {
		t.Error("IsZero is wrong")
	}
	if got := DateOf(time.Date(2024, 2, 29, 23, 59, 0, 0, time.FixedZone("CST", 8*3600))); got != b {
		t.Errorf("DateOf = %v, want the date in the time's own zone", got)
	}
	if got := b.Time(); !got.Equal(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Time() = %v", got)
	}
}
