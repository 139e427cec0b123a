package domain

import (
	"strings"
	"unicode"
)

// Company names are compared in two parts: a base key (the name folded,
// without punctuation and without its legal form) and the legal form,
// canonicalised. "ACME sp. z o. o." and "Acme Sp. z o.o." have the same
// base and form; "acme" has the same base and no form, so it matches
// either. "Agrobex S.A." and "Agrobex Sp. z o.o." share a base but have
// different forms: they are different companies (real exports hold such
// pairs), and a bare "Agrobex" is ambiguous between them.
//
// Parenthesised parts stay in the base: "上海东方贸易（北京）有限公司" (a
// Beijing branch) and "上海东方贸易有限公司" are different companies.

// CompanyNameKey is the comparison form of a company name.
type CompanyNameKey struct {
	Base string // folded words without the legal form, space-separated
	Form string // canonical legal form(s), e.g. "sp. z o.o. sp.k."; "" if none
}

// Matches reports whether two names can denote the same company: same base
// and the same legal form, or no legal form on one side.
func (k CompanyNameKey) Matches(o CompanyNameKey) bool {
	return k.Base != "" && k.Base == o.Base && (k.Form == o.Form || k.Form == "" || o.Form == "")
}

// Full returns base and form in one string, for exact comparisons.
func (k CompanyNameKey) Full() string {
	if k.Form == "" {
		return k.Base
	}
	return k.Base + " | " + k.Form
}

// CompanyKey returns the base key of a company name (see CompanyNameKey):
// "ACME sp. z o. o." → "acme", "Zakład Mięsny Żabka Sp. z o.o. sp.k." →
// "zaklad miesny zabka", "上海华夏科技有限公司" → "上海华夏科技".
func CompanyKey(name string) string { return ParseCompanyName(name).Base }

// legalForms maps token sequences (folded, punctuation removed) to the
// canonical legal form. Longer sequences are tried first.
var legalForms = []struct {
	tokens []string
	form   string
}{
	{[]string{"spolka", "z", "ograniczona", "odpowiedzialnoscia"}, "sp. z o.o."},
	{[]string{"spolka", "komandytowo", "akcyjna"}, "S.K.A."},
	{[]string{"gmbh", "co", "kg"}, "GmbH & Co. KG"},
	{[]string{"sp", "z", "o", "o"}, "sp. z o.o."},
	{[]string{"sp", "z", "oo"}, "sp. z o.o."},
	{[]string{"spolka", "akcyjna"}, "S.A."},
	{[]string{"spolka", "jawna"}, "sp.j."},
	{[]string{"spolka", "komandytowa"}, "sp.k."},
	{[]string{"spolka", "partnerska"}, "sp.p."},
	{[]string{"spolka", "cywilna"}, "s.c."},
	{[]string{"s", "k", "a"}, "S.K.A."},
	{[]string{"s", "r", "l"}, "S.r.l."},
	{[]string{"s", "p", "a"}, "S.p.A."},
	{[]string{"s", "r", "o"}, "s.r.o."},
	{[]string{"pty", "ltd"}, "Pty Ltd"},
	{[]string{"sp", "k"}, "sp.k."},
	{[]string{"sp", "j"}, "sp.j."},
	{[]string{"sp", "p"}, "sp.p."},
	{[]string{"s", "a"}, "S.A."},
	{[]string{"s", "c"}, "s.c."},
	{[]string{"s", "l"}, "S.L."},
	{[]string{"b", "v"}, "B.V."},
	{[]string{"n", "v"}, "N.V."},
	{[]string{"a", "s"}, "A/S"},
	{[]string{"spzoo"}, "sp. z o.o."},
	{[]string{"ska"}, "S.K.A."},
	{[]string{"spk"}, "sp.k."},
	{[]string{"spj"}, "sp.j."},
	{[]string{"spp"}, "sp.p."},
	{[]string{"sa"}, "S.A."},
	{[]string{"inc"}, "Inc."},
	{[]string{"incorporated"}, "Inc."},
	{[]string{"llc"}, "LLC"},
	{[]string{"ltd"}, "Ltd"},
	{[]string{"limited"}, "Ltd"},
	{[]string{"corp"}, "Corp."},
	{[]string{"corporation"}, "Corp."},
	{[]string{"co"}, "Co."},
	{[]string{"plc"}, "PLC"},
	{[]string{"llp"}, "LLP"},
	{[]string{"lp"}, "LP"},
	{[]string{"gmbh"}, "GmbH"},
	{[]string{"ag"}, "AG"},
	{[]string{"kg"}, "KG"},
	{[]string{"sl"}, "S.L."},
	{[]string{"bv"}, "B.V."},
	{[]string{"nv"}, "N.V."},
	{[]string{"oy"}, "Oy"},
	{[]string{"ab"}, "AB"},
	{[]string{"srl"}, "S.r.l."},
	{[]string{"spa"}, "S.p.A."},
	{[]string{"sarl"}, "SARL"},
	{[]string{"sas"}, "SAS"},
	{[]string{"pty"}, "Pty"},
	{[]string{"ltda"}, "Ltda."},
	{[]string{"kft"}, "Kft."},
	{[]string{"sro"}, "s.r.o."},
}

// chineseForms are legal forms written as a suffix of Chinese names, longest
// first. 有限责任公司 is the full spelling of 有限公司.
var chineseForms = []struct{ suffix, form string }{
	{"股份有限公司", "股份有限公司"},
	{"有限责任公司", "有限公司"},
	{"有限公司", "有限公司"},
}

// connectives are words for "and", dropped so that "&", "and", "i" and
// "und" compare equal.
var connectives = map[string]bool{"and": true, "und": true, "i": true, "et": true, "y": true, "e": true}

// ParseCompanyName splits a company name into base key and legal form.
func ParseCompanyName(name string) CompanyNameKey {
	s := strings.TrimSpace(Fold(name))
	var forms []string
	// Chinese suffixes are glued to the name: cut them off the text.
	trimmed := strings.TrimRightFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, cf := range chineseForms {
		if strings.HasSuffix(trimmed, cf.suffix) && len(trimmed) > len(cf.suffix) {
			s = strings.TrimSuffix(trimmed, cf.suffix)
			forms = append(forms, cf.form)
			break
		}
	}
	toks := nameTokens(s)
	// Latin legal forms: strip trailing forms, several if present, but
	// never the whole name.
	for {
		matched := false
		for _, lf := range legalForms {
			n := len(lf.tokens)
			if len(toks) > n && equalTokens(toks[len(toks)-n:], lf.tokens) {
				toks = toks[:len(toks)-n]
				forms = append(forms, lf.form)
				matched = true
				break
			}
		}
		if !matched {
			break
		}
	}
	if len(toks) > 1 && toks[0] == "the" {
		toks = toks[1:]
	}
	kept := toks[:0:0]
	for i, t := range toks {
		if i > 0 && i < len(toks)-1 && connectives[t] {
			continue
		}
		kept = append(kept, t)
	}
	// forms were collected from the end; put them back in reading order.
	for i, j := 0, len(forms)-1; i < j; i, j = i+1, j-1 {
		forms[i], forms[j] = forms[j], forms[i]
	}
	return CompanyNameKey{Base: strings.Join(kept, " "), Form: strings.Join(forms, " ")}
}

// nameTokens splits folded text into runs of letters and digits (a run of
// Chinese characters stays one token).
func nameTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func equalTokens(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
