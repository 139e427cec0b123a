package domain

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/width"
)

// ParsePhone reads a phone number written in any common way ("(+48)
// 924746655", "0048 600 100 200", "(191) 915-6833", "138 0013 8000",
// full-width "１３８…") and returns it with its E.164 form. Numbers without
// a country code are read in region (ISO 3166-1 alpha-2, e.g. "PL"); with
// an empty region they must be international.
//
// A label before the number ("tel. ", "kom.", "手机：") is ignored. An
// extension ("ext. 12", "x12", "wew. 12", "转12", "#12") is kept in Raw
// but not in E164: E164 identifies the line, and two contacts on one
// switchboard share it.
//
// Kontor accepts numbers that are *possible* for their country (right
// length and shape) rather than only those phonenumbers knows to be
// assigned: CRM data is full of new ranges and test numbers, and refusing
// them would lose data. Two readings the text does not state are only taken
// when they give a number that is valid, not merely possible: an
// international number written without "+" ("48600100200" with region
// US) and a "00" international prefix outside regions that dial 00.
//
// On failure it returns Phone{Raw: the trimmed text} and an error, so the
// caller can keep what the user wrote.
func ParsePhone(raw, region string) (Phone, error) {
	text := trimInvisible(raw)
	ph := Phone{Raw: text}
	if text == "" {
		return ph, errors.New("phone number is empty")
	}
	number := width.Fold.String(stripPhoneLabel(stripExtension(text)))
	digits := PhoneDigits(number)
	switch {
	case strings.IndexFunc(number, unicode.IsLetter) >= 0:
		return ph, fmt.Errorf("%q contains letters", text)
	case len(digits) < 5:
		return ph, fmt.Errorf("%q is too short to be a phone number", text)
	case len(digits) > 17:
		return ph, fmt.Errorf("%q is too long to be a phone number", text)
	}
	region = strings.ToUpper(strings.TrimSpace(region))
	if region != "" && phonenumbers.GetCountryCodeForRegion(region) == 0 {
		return ph, fmt.Errorf("%q: unknown phone region %q (want a two-letter country code such as PL)", text, region)
	}
	if e164, ok := fastE164(number, region); ok {
		ph.E164 = e164
		return ph, nil
	}
	if e164, ok := parseE164(number, region, isPossible); ok {
		ph.E164 = e164
		return ph, nil
	}
	for _, guess := range internationalGuesses(number, digits) {
		if e164, ok := parseE164(guess, "", phonenumbers.IsValidNumber); ok {
			ph.E164 = e164
			return ph, nil
		}
	}
	if region == "" && !strings.HasPrefix(strings.TrimLeft(number, " ("), "+") {
		return ph, fmt.Errorf("%q has no country code (+48…) and no default region is set", text)
	}
	return ph, fmt.Errorf("%q is not a valid phone number", text)
}

// isPossible reports whether a number has a possible length for its
// country, dialled from anywhere (a US "555 1234" without its area code is
// possible only locally, and has no E.164 form).
func isPossible(num *phonenumbers.PhoneNumber) bool {
	return phonenumbers.IsPossibleNumberWithReason(num) == phonenumbers.IS_POSSIBLE
}

// parseE164 parses number in region and returns its E.164 form when accept
// approves of it.
func parseE164(number, region string, accept func(*phonenumbers.PhoneNumber) bool) (string, bool) {
	num, err := phonenumbers.Parse(number, region)
	if err != nil || !accept(num) {
		return "", false
	}
	e164 := phonenumbers.Format(num, phonenumbers.E164)
	// Only a form that reads back as itself: for some inputs the library
	// keeps a national trunk zero after the country code ("+86010000000"),
	// which it then reads as a different number.
	again, err := phonenumbers.Parse(e164, "")
	if err != nil || phonenumbers.Format(again, phonenumbers.E164) != e164 {
		return "", false
	}
	return e164, true
}

// internationalGuesses returns international readings of a number written
// without "+": "0048 600 100 200" (the 00 prefix most of the world dials)
// and "48600100200" (a country code without its plus).
func internationalGuesses(number, digits string) []string {
	if strings.Contains(number, "+") {
		return nil
	}
	var guesses []string
	if rest, ok := strings.CutPrefix(digits, "00"); ok {
		guesses = append(guesses, "+"+rest)
	}
	if len(digits) >= 10 {
		guesses = append(guesses, "+"+digits)
	}
	return guesses
}

// extensionMarkers introduce an extension after the number, lower case;
// longer markers first.
var extensionMarkers = []string{"extension", "ext.", "ext", "wewn.", "wewn", "wew.", "wew", "w.", "x", "#", "转", "分机"}

// stripExtension drops a trailing extension ("ext. 12", "x12", "wew. 12",
// "转123") and returns the number before it.
func stripExtension(s string) string {
	lower := asciiLower(s)
	for _, marker := range extensionMarkers {
		i := strings.LastIndex(lower, marker)
		if i <= 0 {
			continue
		}
		rest := strings.TrimSpace(lower[i+len(marker):])
		if rest != "" && strings.Trim(rest, "0123456789 ") == "" && PhoneDigits(s[:i]) != "" {
			return strings.TrimRight(s[:i], " ,;:")
		}
	}
	return s
}

// phoneLabelWords are words written before a number in a cell ("tel. 22 100
// 20 30", "tel:+48…", "手机：138…"), lower case; longer labels first.
var phoneLabelWords = []string{"telefon", "phone", "mobile", "tel", "mob", "kom", "cell", "fax", "电话", "手机", "座机"}

// stripPhoneLabel drops a leading label such as "tel." from a number.
func stripPhoneLabel(s string) string {
	lower := asciiLower(s)
	for _, l := range phoneLabelWords {
		if !strings.HasPrefix(lower, l) {
			continue
		}
		rest := strings.TrimLeft(s[len(l):], " .:：")
		if rest != "" && strings.ContainsRune("+(0123456789", rune(rest[0])) {
			return rest
		}
	}
	return s
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// PhoneDigits returns only the digits of s, for search and fuzzy
// comparison: ASCII digits, and decimal digits of other scripts (full-width
// "１", Arabic-Indic "١") as ASCII.
func PhoneDigits(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 0x80 && unicode.IsDigit(r):
			if d, ok := digitValue(r); ok {
				b.WriteByte('0' + d)
			}
		}
	}
	return b.String()
}

// digitValue returns the value of a Unicode decimal digit. Decimal digits
// come in runs of ten, zero first, so the value is the offset in its run.
func digitValue(r rune) (byte, bool) {
	for _, rng := range unicode.Nd.R16 {
		if lo, hi := rune(rng.Lo), rune(rng.Hi); r >= lo && r <= hi {
			return byte((r - lo) % 10), true
		}
	}
	for _, rng := range unicode.Nd.R32 {
		if lo, hi := rune(rng.Lo), rune(rng.Hi); r >= lo && r <= hi {
			return byte((r - lo) % 10), true
		}
	}
	return 0, false
}

// NationalDigits returns the national significant number of an E.164
// number ("+48600100200" → "600100200"), or "" when it cannot be read.
// Country calling codes are prefix-free, so the first known prefix is the
// code; no full parse is needed.
func NationalDigits(e164 string) string {
	digits, ok := strings.CutPrefix(e164, "+")
	if !ok {
		return ""
	}
	for n := 1; n <= 3 && n < len(digits); n++ {
		code := 0
		for _, c := range digits[:n] {
			code = code*10 + int(c-'0')
		}
		if phonenumbers.GetRegionCodeForCountryCode(code) != phonenumbers.UNKNOWN_REGION {
			return digits[n:]
		}
	}
	return ""
}
