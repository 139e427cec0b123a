package domain

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/width"
)

// ErrChecksum is wrapped by NormalizeTaxID when a number has the right shape
// but its check digit does not match: usually a typo, sometimes a test or
// made-up number. Callers that prefer to keep such numbers with a warning
// can tell this case apart with errors.Is.
var ErrChecksum = errors.New("checksum does not match")

// taxKindAliases maps spellings of tax id kinds (folded, letters and digits
// only) to the canonical kind.
var taxKindAliases = map[string]string{
	"nip": "NIP", "regon": "REGON", "krs": "KRS", "vat": "VAT", "ein": "EIN", "uscc": "USCC",
	"vatue": "VAT", "vateu": "VAT", "euvat": "VAT", "nipue": "VAT", "vatin": "VAT", "vatid": "VAT",
	"fein": "EIN", "usci": "USCC", "统一社会信用代码": "USCC", "社会信用代码": "USCC", "信用代码": "USCC",
}

// knownTaxKinds are the kinds NormalizeTaxID checks.
var knownTaxKinds = map[string]bool{"NIP": true, "REGON": true, "KRS": true, "VAT": true, "EIN": true, "USCC": true}

// NormalizeTaxKind returns the canonical name of a tax id kind: "nip" →
// "NIP", "VAT-UE" → "VAT", "统一社会信用代码" → "USCC"; other kinds are
// trimmed and upper-cased ("" becomes "TAX").
func NormalizeTaxKind(kind string) string {
	k := strings.TrimSpace(kind)
	if canon, ok := taxKindAliases[strings.Join(nameTokens(Fold(k)), "")]; ok {
		return canon
	}
	if k == "" {
		return "TAX"
	}
	return strings.ToUpper(k)
}

// NormalizeTaxID cleans a tax or registry number and checks it. The kind
// is normalised with NormalizeTaxKind. Known kinds:
//
//   - NIP: Polish tax number, 10 digits with a checksum (weights
//     6,5,7,2,3,4,5,6,7); "123-456-78-90", "PL1234567890" and spaces are
//     accepted, the value is stored as 10 digits.
//   - REGON: Polish statistical number, 9 or 14 digits, with checksums (a
//     14-digit REGON also starts with a valid 9-digit one).
//   - KRS: Polish court register number, 10 digits; shorter numbers are
//     padded with zeros as the register itself does ("12345" → "0000012345").
//   - VAT: EU VAT number, a two-letter country prefix then 2 to 14 letters
//     or digits, upper case ("pl 526-000-12-46" → "PL5260001246"); Polish
//     numbers are also checked as NIPs.
//   - EIN: US employer identification number, 9 digits ("12-3456789").
//   - USCC: Chinese unified social credit code (统一社会信用代码), 18
//     characters of digits and capitals without I, O, Z, S, V; its check
//     character (GB 32100-2015) is verified, since a wrong code usually means
//     a typo.
//
// Known kinds are upper-cased with spaces, dashes, dots and slashes removed.
// Other kinds keep their value as written but trimmed and without spaces
// and dashes. Full-width characters are read as ASCII.
//
// The normalised TaxID is returned even with an error, so the caller can
// keep or show it. A checksum mismatch wraps ErrChecksum.
func NormalizeTaxID(kind, value string) (TaxID, error) {
	k := NormalizeTaxKind(kind)
	raw := strings.TrimSpace(width.Fold.String(value))
	if !knownTaxKinds[k] {
		t := TaxID{Kind: k, Value: stripChars(raw, " -\u00a0")}
		if t.Value == "" {
			return t, fmt.Errorf("%s is empty", k)
		}
		return t, nil
	}
	t := TaxID{Kind: k, Value: strings.ToUpper(stripChars(raw, " -./\u00a0"))}
	if t.Value == "" {
		return t, fmt.Errorf("%s is empty", k)
	}
	var err error
	switch k {
	case "NIP":
		t.Value = strings.TrimPrefix(t.Value, "PL")
		err = checkNIP(t.Value)
	case "REGON":
		err = checkREGON(t.Value)
	case "KRS":
		t.Value, err = normalizeKRS(t.Value)
	case "VAT":
		err = checkVAT(t.Value)
	case "EIN":
		if !allDigits(t.Value) || len(t.Value) != 9 {
			err = fmt.Errorf("EIN %s: must be 9 digits", t.Value)
		}
	case "USCC":
		err = checkUSCC(t.Value)
	}
	return t, err
}

// stripChars removes every character of chars from s.
func stripChars(s, chars string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(chars, r) {
			return -1
		}
		return r
	}, s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isUpperLetter(b byte) bool { return b >= 'A' && b <= 'Z' }

// weightedMod11 returns the weighted sum of the leading digits modulo 11.
func weightedMod11(digits string, weights []int) int {
	sum := 0
	for i, w := range weights {
		sum += int(digits[i]-'0') * w
	}
	return sum % 11
}

func checkNIP(v string) error {
	if !allDigits(v) || len(v) != 10 {
		return fmt.Errorf("NIP %s: must be 10 digits", v)
	}
	c := weightedMod11(v, []int{6, 5, 7, 2, 3, 4, 5, 6, 7})
	if c == 10 || c != int(v[9]-'0') {
		return fmt.Errorf("NIP %s: %w", v, ErrChecksum)
	}
	return nil
}

func checkREGON(v string) error {
	switch {
	case !allDigits(v):
		return fmt.Errorf("REGON %s: must be digits", v)
	case len(v) == 9:
		if !regonCheckDigitOK(v, []int{8, 9, 2, 3, 4, 5, 6, 7}) {
			return fmt.Errorf("REGON %s: %w", v, ErrChecksum)
		}
	case len(v) == 14:
		if !regonCheckDigitOK(v[:9], []int{8, 9, 2, 3, 4, 5, 6, 7}) ||
			!regonCheckDigitOK(v, []int{2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8}) {
			return fmt.Errorf("REGON %s: %w", v, ErrChecksum)
		}
	default:
		return fmt.Errorf("REGON %s: must be 9 or 14 digits", v)
	}
	return nil
}

// regonCheckDigitOK checks a REGON's last digit: the weighted sum modulo
// 11, with 10 counting as 0.
func regonCheckDigitOK(v string, weights []int) bool {
	return weightedMod11(v, weights)%10 == int(v[len(v)-1]-'0')
}

// normalizeKRS pads a KRS number to its 10 digits.
func normalizeKRS(v string) (string, error) {
	if !allDigits(v) || len(v) > 10 {
		return v, fmt.Errorf("KRS %s: must be 10 digits", v)
	}
	return strings.Repeat("0", 10-len(v)) + v, nil
}

// checkVAT checks the shape of a VAT number: country prefix, then letters
// and digits; Polish numbers are NIPs.
func checkVAT(v string) error {
	if len(v) < 4 || !isUpperLetter(v[0]) || !isUpperLetter(v[1]) {
		return fmt.Errorf("VAT %s: must start with a two-letter country code (PL, DE...)", v)
	}
	if len(v) > 16 {
		return fmt.Errorf("VAT %s: longer than 16 characters", v)
	}
	for _, r := range v[2:] {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return fmt.Errorf("VAT %s: the character %q is not allowed", v, r)
		}
	}
	if v[:2] == "PL" {
		if err := checkNIP(v[2:]); err != nil {
			return fmt.Errorf("VAT %s: %w", v, err)
		}
	}
	return nil
}

// checkUSCC verifies the GB 32100-2015 check character of a Chinese
// unified social credit code.
func checkUSCC(v string) error {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	for _, r := range v {
		if r > 0x7f || strings.IndexByte(alphabet, byte(r)) < 0 {
			return fmt.Errorf("USCC %s: the character %q is not allowed", v, r)
		}
	}
	if len(v) != 18 {
		return fmt.Errorf("USCC %s: must be 18 characters", v)
	}
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i, w := range weights {
		sum += strings.IndexByte(alphabet, v[i]) * w
	}
	if alphabet[(31-sum%31)%31] != v[17] {
		return fmt.Errorf("USCC %s: %w", v, ErrChecksum)
	}
	return nil
}
