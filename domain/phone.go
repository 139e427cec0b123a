package domain

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// ParsePhone reads a phone number written in any common way ("(+48)
// 924746655", "0048 600 100 200", "(191) 915-6833", "138 0013 8000") and
// returns it with its E.164 form. Numbers without a country code are read
// in region (ISO 3166-1 alpha-2, e.g. "PL"). An extension ("ext. 12") is
// kept in Raw but not in E164.
//
// Kontor accepts numbers that are *possible* for their country (right
// length and shape) rather than only those phonenumbers knows to be
// assigned: CRM data is full of new ranges and test numbers, and refusing
// them would lose data.
//
// On failure it returns Phone{Raw: the trimmed text} and an error, so the
// caller can keep what the user wrote.
func ParsePhone(raw, region string) (Phone, error) {
	text := strings.TrimSpace(raw)
	ph := Phone{Raw: text}
	if text == "" {
		return ph, errors.New("phone number is empty")
	}
	digits := PhoneDigits(text)
	if len(digits) < 5 {
		return ph, fmt.Errorf("%q is too short to be a phone number", text)
	}
	if len(digits) > 17 {
		return ph, fmt.Errorf("%q is too long to be a phone number", text)
	}
	if strings.IndexFunc(stripExtension(text), func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}) >= 0 {
		return ph, fmt.Errorf("%q contains letters", text)
	}
	region = strings.ToUpper(strings.TrimSpace(region))
	candidates := []string{text}
	// "0048 600 100 200": international prefix 00 written out.
	if t := strings.TrimLeft(text, " ("); strings.HasPrefix(t, "00") {
		candidates = append(candidates, "+"+strings.TrimPrefix(t, "00"))
	}
	// "19155062969": a country code without the "+".
	if !strings.Contains(text, "+") && len(digits) >= 10 {
		candidates = append(candidates, "+"+digits)
	}
	for _, c := range candidates {
		num, err := phonenumbers.Parse(c, region)
		if err != nil {
			continue
		}
		if !phonenumbers.IsPossibleNumber(num) {
			continue
		}
		ph.E164 = phonenumbers.Format(num, phonenumbers.E164)
		return ph, nil
	}
	if region == "" && !strings.HasPrefix(strings.TrimLeft(text, " ("), "+") {
		return ph, fmt.Errorf("%q has no country code (+48…) and no default region is set", text)
	}
	return ph, fmt.Errorf("%q is not a valid phone number", text)
}

// stripExtension drops a trailing extension ("ext. 12", "x12", "wew. 12").
func stripExtension(s string) string {
	lower := strings.ToLower(s)
	for _, marker := range []string{"extension", "ext.", "ext", "wew.", "wew", "x", "#"} {
		if i := strings.LastIndex(lower, marker); i > 0 {
			rest := strings.TrimSpace(lower[i+len(marker):])
			if rest != "" && strings.Trim(rest, "0123456789 ") == "" {
				return s[:i]
			}
		}
	}
	return s
}

// PhoneDigits returns only the digits of s (ASCII and other scripts'
// decimal digits, as ASCII).
func PhoneDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + r - '０')
		}
	}
	return b.String()
}

// NationalDigits returns the national significant number of an E.164
// number ("+48600100200" → "600100200"), or "" when it cannot be read.
func NationalDigits(e164 string) string {
	num, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return ""
	}
	return phonenumbers.GetNationalSignificantNumber(num)
}
