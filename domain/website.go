package domain

import (
	"net/url"
	"strings"
)

// DomainFromWebsite returns the bare host of a web address, lower-cased and
// without "www.": "https://www.Zaklad.pl/kontakt" → "zaklad.pl",
// "WWW.ACME.COM:8080" → "acme.com". Full-width forms and ideographic full
// stops ("ｗｗｗ。例子。中国") are read as ASCII; Unicode (IDN) hosts are
// kept in Unicode. It returns "" when the text is not a host name with a
// dot and a non-numeric top-level domain (IP addresses, "localhost", "n/a").
func DomainFromWebsite(s string) string {
	t := trimInvisible(foldEmailWidth(s))
	if t == "" {
		return ""
	}
	if !strings.Contains(t, "://") {
		t = "http://" + strings.TrimPrefix(t, "//")
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
