package domain

import (
	"fmt"
	"time"
)

// Date is a calendar date without a time of day or zone (a birthday, an
// expected close date). The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date if it exists in the calendar.
func NewDate(year int, month time.Month, day int) (Date, error) {
	if year < 1 || year > 9999 {
		return Date{}, fmt.Errorf("year %d out of range", year)
	}
	if month < 1 || month > 12 {
		return Date{}, fmt.Errorf("month %d out of range", int(month))
	}
	if day < 1 || day > daysIn(year, month) {
		return Date{}, fmt.Errorf("day %d does not exist in %04d-%02d", day, year, int(month))
	}
	return Date{year, month, day}, nil
}

func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String formats the date as ISO 8601 (2006-01-02); empty when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.Time().Before(o.Time()) }

// ParseISODate reads 2006-01-02. The empty string is the zero Date.
func ParseISODate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !allDigits(s[:4]+s[5:7]+s[8:]) {
		return Date{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	y, m, d := atoiDigits(s[:4]), atoiDigits(s[5:7]), atoiDigits(s[8:])
	dt, err := NewDate(y, time.Month(m), d)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: %w", s, err)
	}
	return dt, nil
}

// atoiDigits converts a string of ASCII digits to an int.
func atoiDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// DateOf returns the calendar date of t in its own location.
func DateOf(t time.Time) Date { return Date{t.Year(), t.Month(), t.Day()} }
