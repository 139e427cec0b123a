package domain

import "testing"

func TestDomainFromWebsite(t *testing.T) {
	tests := map[string]string{
		"https://www.Zaklad.pl/kontakt":  "zaklad.pl",
		"https://www.zh002.cn":           "zh002.cn",
		"www.acme.com":                   "acme.com",
		"WWW.ACME.COM:8080/index.html":   "acme.com",
		"acme.co.uk":                     "acme.co.uk",
		"http://sklep.żabka.pl":          "sklep.żabka.pl",
		"https://例子.中国/关于":               "例子.中国",
		"ｗｗｗ．ａｃｍｅ．ｃｏｍ":                   "acme.com",
		"www。baidu。com":                  "baidu.com",
		"//cdn.acme.pl/x":                "cdn.acme.pl",
		"  https://www.acme.pl/?q=a  ":   "acme.pl",
		"https://www.acme.pl/#kontakt":   "acme.pl",
		"ftp://files.acme.pl":            "files.acme.pl",
		"biuro@acme.pl":                  "acme.pl",
		"https://user:pw@acme.pl/":       "acme.pl",
		"acme.pl.":                       "acme.pl",
		"www2.acme.pl":                   "www2.acme.pl",
		"xn--abka-5va.pl":                "xn--abka-5va.pl",
		"not a site":                     "",
		"n/a":                            "",
		"-":                              "",
		"":                               "",
		"https://localhost":              "",
		"http://192.168.1.10/admin":      "",
		"acme":                           "",
		"https://":                       "",
		"acme_sklep.pl":                  "",
		"www.acme.pl, www.acme.com":      "",
		"https://-acme.pl":               "",
		"\x1b]52;c;ZXZpbA==\x07.acme.pl": "",
	}
	for in, want := range tests {
		if got := DomainFromWebsite(in); got != want {
			t.Errorf("DomainFromWebsite(%q) = %q, want %q", in, got, want)
		}
	}
}
