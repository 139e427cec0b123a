package domain

import (
	"fmt"
	"golang.org/x/text/width"
	"strings"
)

// NormalizeTaxID cleans a tax or registry number and checks it where the
// format has a checksum. Kinds: NIP (Polish tax number, 10 digits with a
// checksum; "PL" prefix accepted), REGON (9 or 14 digits, checksum), KRS
// (10 digits), VAT (EU VAT number with its country prefix), EIN (US, 9
// digits), USCC (Chinese unified social credit code, 18 characters; its
// check character is verified). Other kinds are kept upper-cased with
// spaces, dots and dashes removed.
func NormalizeTaxID(kind, value string) (TaxID, error) {
	k := strings.ToUpper(strings.TrimSpace(kind))
	v := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '/', '\u00a0':
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(foldWidth(value))))
	if k == "" {
		k = "TAX"
	}
	if v == "" {
		return TaxID{}, fmt.Errorf("%s is empty", k)
	}
	t := TaxID{Kind: k, Value: v}
	switch k {
	case "NIP":
		t.Value = strings.TrimPrefix(v, "PL")
		return t, checkNIP(t.Value)
	case "REGON":
		return t, checkREGON(v)
	case "KRS":
		if !allDigits(v) || len(v) != 10 {
			return t, fmt.Errorf("KRS %s: must be 10 digits", value)
		}
	case "EIN":
		if !allDigits(v) || len(v) != 9 {
			return t, fmt.Errorf("EIN %s: must be 9 digits", value)
		}
	case "VAT":
		if len(v) < 4 || !isLetter(v[0]) || !isLetter(v[1]) {
			return t, fmt.Errorf("VAT %s: must start with a two-letter country code", value)
		}
		if v[:2] == "PL" {
			if err := checkNIP(v[2:]); err != nil {
				return t, fmt.Errorf("VAT %s: %w", value, err)
			}
		}
	case "USCC":
		return t, checkUSCC(v)
	}
	return t, nil
}

func foldWidth(s string) string { return width.Fold.String(s) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isLetter(b byte) bool { return b >= 'A' && b <= 'Z' }

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
		return fmt.Errorf("NIP %s: checksum does not match", v)
	}
	return nil
}

func checkREGON(v string) error {
	var weights []int
	switch {
	case !allDigits(v):
		return fmt.Errorf("REGON %s: must be digits", v)
	case len(v) == 9:
		weights = []int{8, 9, 2, 3, 4, 5, 6, 7}
	case len(v) == 14:
		weights = []int{2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8}
	default:
		return fmt.Errorf("REGON %s: must be 9 or 14 digits", v)
	}
	c := weightedMod11(v, weights) % 10
	if c != int(v[len(v)-1]-'0') {
		return fmt.Errorf("REGON %s: checksum does not match", v)
	}
	return nil
}

// checkUSCC verifies the GB 32100-2015 check character of a Chinese
// unified social credit code.
func checkUSCC(v string) error {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	if len(v) != 18 {
		return fmt.Errorf("USCC %s: must be 18 characters", v)
	}
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < 17; i++ {
		n := strings.IndexByte(alphabet, v[i])
		if n < 0 {
			return fmt.Errorf("USCC %s: character %q is not allowed", v, v[i])
		}
		sum += n * weights[i]
	}
	want := (31 - sum%31) % 31
	if alphabet[want] != v[17] {
		return fmt.Errorf("USCC %s: check character does not match", v)
	}
	return nil
}
