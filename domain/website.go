package domain

import (
	"net/url"
	"strings"
)

// DomainFromWebsite returns the bare host of a web address, lower-cased and
// without "www.": "https://www.Zaklad.pl/kontakt" → "zaklad.pl". It
// returns "" when the text is not a host name.
func DomainFromWebsite(s string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return ""
	}
	if !strings.Contains(t, "://") {
		t = "http://" + t
	}
	u, err := url.Parse(t)
	if err != nil {
		return ""
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	host = strings.TrimPrefix(host, "www.")
	if checkHostName(host) != nil {
		return ""
	}
	return host
}
