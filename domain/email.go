package domain

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormalizeEmail trims an e-mail address, checks its syntax and lower-cases
// its domain part (the local part is kept as written: a few servers treat
// it as case-sensitive). The error says what is wrong.
//
// It also undoes what spreadsheets and input methods do to addresses:
// surrounding white space and invisible characters (a byte-order mark, a
// zero-width space) are trimmed, a "mailto:" prefix and <angle brackets>
// are removed, and full-width forms typed with a Chinese input method
// ("jan＠firma。pl") become ASCII. A display name is dropped
// ("Jan Kowalski <jan@firma.pl>" → "jan@firma.pl"). Unicode domains (IDN) and local parts are
// accepted; a quoted local part ("jan kowalski"@firma.pl) may hold spaces.
func NormalizeEmail(s string) (string, error) {
	addr := trimInvisible(foldEmailWidth(s))
	if len(addr) >= 7 && strings.EqualFold(addr[:7], "mailto:") {
		addr = strings.TrimSpace(addr[7:])
	}
	addr = unwrapAngle(addr)
	if addr == "" {
		return "", errors.New("e-mail address is empty")
	}
	if len(addr) > 254 {
		return "", fmt.Errorf("e-mail address %q is longer than 254 characters", short(addr))
	}
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return "", fmt.Errorf("e-mail address %q has no @", addr)
	}
	local, host := addr[:at], addr[at+1:]
	if strings.Contains(local, "@") && !(strings.HasPrefix(local, `"`) && strings.HasSuffix(local, `"`)) {
		return "", fmt.Errorf("e-mail address %q has more than one @", addr)
	}
	if err := checkLocalPart(local); err != nil {
		return "", fmt.Errorf("e-mail address %q: %w", addr, err)
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if err := checkHostName(host); err != nil {
		return "", fmt.Errorf("e-mail address %q: %w", addr, err)
	}
	return local + "@" + host, nil
}

// unwrapAngle returns the address inside angle brackets, as in
// "<jan@firma.pl>" and "Jan Kowalski <jan@firma.pl>"; other text is
// returned unchanged.
func unwrapAngle(s string) string {
	if !strings.HasSuffix(s, ">") {
		return s
	}
	open := strings.LastIndexByte(s, '<')
	if open < 0 {
		return s
	}
	return strings.TrimSpace(s[open+1 : len(s)-1])
}

// EmailKey is the comparison key of an e-mail address: trimmed and
// lower-cased as a whole, so "Jan@Firma.PL" and "jan@firma.pl" are one
// address for duplicate detection.
func EmailKey(s string) string { return strings.ToLower(trimInvisible(s)) }

// trimInvisible trims white space and format characters (byte-order marks,
// zero-width spaces, bidi marks) from both ends of s.
func trimInvisible(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) })
}

// foldEmailWidth turns full-width ASCII forms ("＠", "ａ") and the
// ideographic full stop ("。") into ASCII, as they appear in addresses typed
// with a Chinese or Japanese input method. Other characters are kept.
func foldEmailWidth(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		case r == '。' || r == '｡':
			return '.'
		}
		return r
	}, s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func checkLocalPart(local string) error {
	switch {
	case local == "":
		return errors.New("nothing before the @")
	case len(local) > 64:
		return errors.New("the part before the @ is longer than 64 characters")
	case strings.HasPrefix(local, `"`) && strings.HasSuffix(local, `"`) && len(local) >= 2:
		return checkQuotedLocal(local[1 : len(local)-1])
	case strings.HasPrefix(local, "."), strings.HasSuffix(local, "."):
		return errors.New("the part before the @ starts or ends with a dot")
	case strings.Contains(local, ".."):
		return errors.New("two dots in a row")
	}
	for _, r := range local {
		if r <= ' ' || r == 0x7f || strings.ContainsRune(`(),:;<>[\]"@`, r) || unicode.IsControl(r) ||
			unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return fmt.Errorf("the character %q is not allowed before the @", r)
		}
	}
	return nil
}

// checkQuotedLocal checks the inside of a quoted local part: printable
// characters and spaces; a quote or backslash only escaped.
func checkQuotedLocal(q string) error {
	if q == "" {
		return errors.New("the quoted part before the @ is empty")
	}
	escaped := false
	for _, r := range q {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			return errors.New("an unescaped quote before the @")
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError:
			return fmt.Errorf("the character %q is not allowed before the @", r)
		}
	}
	if escaped {
		return errors.New("the quoted part before the @ ends with a backslash")
	}
	return nil
}

// checkHostName validates a DNS host name with at least two labels (IDN
// labels in Unicode are accepted).
func checkHostName(host string) error {
	if host == "" {
		return errors.New("nothing after the @")
	}
	if len(host) > 253 {
		return errors.New("the domain is too long")
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return fmt.Errorf("the domain %q has no dot", host)
	}
	for _, l := range labels {
		if l == "" {
			return fmt.Errorf("the domain %q has an empty part", host)
		}
		if utf8.RuneCountInString(l) > 63 {
			return fmt.Errorf("the domain %q has a part longer than 63 characters", host)
		}
		if strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return fmt.Errorf("a part of the domain %q starts or ends with a dash", host)
		}
		for _, r := range l {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
				return fmt.Errorf("the domain %q contains %q", host, r)
			}
		}
	}
	tld := labels[len(labels)-1]
	if strings.Trim(tld, "0123456789") == "" {
		return fmt.Errorf("the domain %q ends in a number", host)
	}
	return nil
}

func short(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}
