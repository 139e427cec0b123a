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
func NormalizeEmail(s string) (string, error) {
	addr := strings.TrimSpace(s)
	addr = strings.TrimPrefix(addr, "mailto:")
	if addr == "" {
		return "", errors.New("e-mail address is empty")
	}
	if strings.HasPrefix(addr, "<") && strings.HasSuffix(addr, ">") {
		addr = strings.TrimSpace(addr[1 : len(addr)-1])
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

// EmailKey is the comparison key of an e-mail address: trimmed and
// lower-cased as a whole.
func EmailKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func checkLocalPart(local string) error {
	switch {
	case local == "":
		return errors.New("nothing before the @")
	case len(local) > 64:
		return errors.New("the part before the @ is longer than 64 characters")
	case strings.HasPrefix(local, `"`) && strings.HasSuffix(local, `"`) && len(local) >= 2:
		return nil // quoted local part: anything printable goes
	case strings.HasPrefix(local, "."), strings.HasSuffix(local, "."):
		return errors.New("the part before the @ starts or ends with a dot")
	case strings.Contains(local, ".."):
		return errors.New("two dots in a row")
	}
	for _, r := range local {
		if r <= ' ' || r == 0x7f || strings.ContainsRune(`(),:;<>[\]"`, r) || unicode.IsControl(r) || unicode.IsSpace(r) {
			return fmt.Errorf("the character %q is not allowed before the @", r)
		}
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
