package domain

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Company names are compared in two parts: a base key (the name folded,
// without punctuation and without its legal form) and the legal form,
// canonicalised. "ACME sp. z o. o." and "Acme Sp. z o.o." have the same
// base and form; "acme" has the same base and no form, so it matches
// either. "Agrobex S.A." and "Agrobex Sp. z o.o." share a base but have
// different forms: they are different companies (real exports hold such
// pairs), and a bare "Agrobex" is ambiguous between them.
//
// The rules, in the order they apply:
//
//   - The name is folded (Fold): case, diacritics and full-width forms are
//     ignored ("ZAKŁAD" = "zaklad", "Ｇｌｏｂｅｘ" = "globex").
//   - Punctuation and spacing are ignored: the name becomes words of letters
//     and digits ("Sp.z o.o." = "sp z o o"). A run of Chinese (or Japanese,
//     Korean) characters is one word, and characters on both sides of
//     punctuation or spaces are joined, as these scripts do not space words:
//     "上海 华夏科技" = "上海华夏科技".
//   - Legal forms at the end are removed and remembered, several in a row
//     ("Sp. z o.o. sp.k."), but never the whole name: "S.A." alone keeps
//     its words. Polish (sp. z o.o., spółka z ograniczoną odpowiedzialnością,
//     S.A., spółka akcyjna, sp.k., sp.j., sp.p., S.K.A., s.c.), English and
//     other European forms (Inc., LLC, Ltd, Limited, Corp., PLC, LP, LLP, GmbH, AG, KG, S.A., S.L., B.V., N.V., Oy, AB, A/S,
//     S.r.l., S.p.A., SARL, SAS, Pty Ltd...) and Chinese suffixes (有限公司,
//     有限责任公司, 股份有限公司, 股份公司, 有限合伙). "Co.", "Company" and a
//     bare 公司 are removed too but count as no form, as they only say
//     "company" ("Acme Co., Ltd." has the form Ltd). Prefixes such as
//     "P.P.H.U." are part of the name and kept.
//   - A status after the name ("w likwidacji", "w upadłości", "in
//     liquidation") is removed: a company in liquidation is still the same
//     company.
//   - A leading "The" is removed, and "&", "and", "i", "und", "et" between
//     words are ignored ("Johnson & Johnson" = "Johnson and Johnson").
//   - Initials are joined: "P.P.H.U." = "PPHU", "G.m.b.H." = "GmbH".
//
// Parenthesised parts stay in the base: "广州恒信实业（北京）有限公司" is
// the Beijing company of 广州恒信实业, a separate legal entity from
// "广州恒信实业有限公司", so the two keys differ ("广州恒信实业北京" and
// "广州恒信实业"). The same holds for "Siemens (Polska) Sp. z o.o.". 集团
// ("group") also stays: "海尔集团" and "海尔" are a group and one of its
// companies, like "Acme Group" and "Acme".

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
// "zaklad miesny zabka", "上海华夏科技有限公司" → "上海华夏科技". It is
// idempotent: CompanyKey(CompanyKey(s)) == CompanyKey(s).
func CompanyKey(name string) string { return ParseCompanyName(name).Base }

// legalForm is a legal form written as words (folded, punctuation removed)
// and its canonical spelling; "" for the generic "Co."/"Company", which is
// stripped but, like 公司, says nothing about the legal form.
type legalForm struct {
	words []string
	form  string
}

// legalForms lists Latin-script legal forms; longer sequences first, so
// "sp z o o" wins over "o".
var legalForms = sortedByLength([]legalForm{
	{[]string{"spolka", "z", "ograniczona", "odpowiedzialnoscia"}, "sp. z o.o."},
	{[]string{"spolka", "z", "o", "o"}, "sp. z o.o."},
	{[]string{"spolka", "z", "oo"}, "sp. z o.o."},
	{[]string{"sp", "z", "o", "o"}, "sp. z o.o."},
	{[]string{"sp", "z", "oo"}, "sp. z o.o."},
	{[]string{"sp", "zo", "o"}, "sp. z o.o."},
	{[]string{"spzoo"}, "sp. z o.o."},
	{[]string{"spolka", "komandytowo", "akcyjna"}, "S.K.A."},
	{[]string{"s", "k", "a"}, "S.K.A."},
	{[]string{"ska"}, "S.K.A."},
	{[]string{"spolka", "akcyjna"}, "S.A."},
	{[]string{"spolka", "jawna"}, "sp.j."},
	{[]string{"spolka", "komandytowa"}, "sp.k."},
	{[]string{"spolka", "partnerska"}, "sp.p."},
	{[]string{"spolka", "cywilna"}, "s.c."},
	{[]string{"sp", "k"}, "sp.k."},
	{[]string{"sp", "j"}, "sp.j."},
	{[]string{"sp", "p"}, "sp.p."},
	{[]string{"spk"}, "sp.k."},
	{[]string{"spj"}, "sp.j."},
	{[]string{"spp"}, "sp.p."},
	{[]string{"s", "c"}, "s.c."},
	{[]string{"s", "a"}, "S.A."},
	{[]string{"sa"}, "S.A."},
	{[]string{"limited", "liability", "company"}, "LLC"},
	{[]string{"l", "l", "c"}, "LLC"},
	{[]string{"llc"}, "LLC"},
	{[]string{"incorporated"}, "Inc."},
	{[]string{"inc"}, "Inc."},
	{[]string{"limited"}, "Ltd"},
	{[]string{"ltd"}, "Ltd"},
	{[]string{"corporation"}, "Corp."},
	{[]string{"corp"}, "Corp."},
	{[]string{"company"}, ""},
	{[]string{"co"}, ""},
	{[]string{"p", "l", "c"}, "PLC"},
	{[]string{"plc"}, "PLC"},
	{[]string{"l", "l", "p"}, "LLP"},
	{[]string{"llp"}, "LLP"},
	{[]string{"l", "p"}, "LP"},
	{[]string{"lp"}, "LP"},
	{[]string{"pty", "ltd"}, "Pty Ltd"},
	{[]string{"pty"}, "Pty"},
	{[]string{"pte", "ltd"}, "Pte Ltd"},
	{[]string{"pte"}, "Pte"},
	{[]string{"sdn", "bhd"}, "Sdn Bhd"},
	{[]string{"bhd"}, "Bhd"},
	{[]string{"gmbh", "co", "kg"}, "GmbH & Co. KG"},
	{[]string{"gmbh"}, "GmbH"},
	{[]string{"ag"}, "AG"},
	{[]string{"kg"}, "KG"},
	{[]string{"ohg"}, "OHG"},
	{[]string{"ug"}, "UG"},
	{[]string{"s", "l"}, "S.L."},
	{[]string{"sl"}, "S.L."},
	{[]string{"b", "v"}, "B.V."},
	{[]string{"bv"}, "B.V."},
	{[]string{"n", "v"}, "N.V."},
	{[]string{"nv"}, "N.V."},
	{[]string{"oyj"}, "Oyj"},
	{[]string{"oy"}, "Oy"},
	{[]string{"ab"}, "AB"},
	{[]string{"a", "s"}, "A/S"},
	{[]string{"as"}, "A/S"},
	{[]string{"asa"}, "ASA"},
	{[]string{"aps"}, "ApS"},
	{[]string{"s", "r", "l"}, "S.r.l."},
	{[]string{"srl"}, "S.r.l."},
	{[]string{"s", "p", "a"}, "S.p.A."},
	{[]string{"spa"}, "S.p.A."},
	{[]string{"s", "r", "o"}, "s.r.o."},
	{[]string{"sro"}, "s.r.o."},
	{[]string{"sarl"}, "SARL"},
	{[]string{"sas"}, "SAS"},
	{[]string{"ltda"}, "Ltda."},
	{[]string{"kft"}, "Kft."},
})

func sortedByLength(forms []legalForm) []legalForm {
	slices.SortStableFunc(forms, func(a, b legalForm) int { return len(b.words) - len(a.words) })
	return forms
}

// statusSuffixes are words after a name that describe the company's state,
// not its identity (folded, punctuation removed).
var statusSuffixes = [][]string{
	{"w", "likwidacji"}, {"w", "upadlosci"}, {"w", "restrukturyzacji"},
	{"in", "liquidation"}, {"in", "administration"},
}

// chineseForm is a legal form written as a suffix glued to a Chinese name.
type chineseForm struct {
	suffix string
	form   string // "" for the generic 公司
}

// chineseForms lists Chinese legal-form suffixes, longest first. 有限责任公司
// is the full spelling of 有限公司.
var chineseForms = []chineseForm{
	{"股份有限公司", "股份有限公司"},
	{"有限责任公司", "有限公司"},
	{"有限責任公司", "有限公司"},
	{"有限公司", "有限公司"},
	{"股份公司", "股份有限公司"},
	{"有限合伙", "有限合伙"},
	{"公司", ""},
}

// branchMarkers before 公司 make it part of the name: 分公司 (branch) and
// 总公司 (head office) are organisations of their own.
var branchMarkers = []string{"分", "总", "總"}

// connectives are words for "and", ignored between words so that "&",
// "and", "i" and "und" compare equal.
var connectives = map[string]bool{"and": true, "und": true, "i": true, "et": true, "y": true, "e": true}

// ParseCompanyName splits a company name into base key and legal form.
func ParseCompanyName(name string) CompanyNameKey {
	words := companyWords(name)
	var forms []string // collected from the end of the name
	for {
		if rest, ok := stripStatus(words); ok {
			words = rest
			continue
		}
		if rest, form, ok := stripChineseForm(words); ok {
			words = rest
			if form != "" {
				forms = append(forms, form)
			}
			continue
		}
		if rest, form, ok := stripLegalForm(words); ok {
			words = rest
			if form != "" {
				forms = append(forms, form)
			}
			continue
		}
		if rest, ok := stripArticleAndConnectives(words); ok {
			words = rest
			continue
		}
		if rest, ok := joinInitials(words); ok {
			words = rest
			continue
		}
		if rest, ok := joinHan(words); ok {
			words = rest
			continue
		}
		break
	}
	slices.Reverse(forms)
	return CompanyNameKey{Base: strings.Join(words, " "), Form: strings.Join(forms, " ")}
}

// companyWords folds a name and splits it into words of letters and
// digits; words of CJK characters next to each other are joined.
func companyWords(name string) []string {
	words, _ := joinHan(nameTokens(Fold(name)))
	return words
}

// joinHan joins words where CJK characters meet across a space: these
// scripts do not separate words, so the space carries no meaning.
func joinHan(words []string) ([]string, bool) {
	var out []string
	joined := false
	for _, w := range words {
		if n := len(out); n > 0 && endsWithHan(out[n-1]) && startsWithHan(w) {
			out[n-1] += w
			joined = true
			continue
		}
		out = append(out, w)
	}
	return out, joined
}

func startsWithHan(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isHan(r)
}

func endsWithHan(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isHan(r)
}

// stripStatus removes a trailing status such as "w likwidacji".
func stripStatus(words []string) ([]string, bool) {
	for _, st := range statusSuffixes {
		if len(words) > len(st) && slices.Equal(words[len(words)-len(st):], st) {
			return words[:len(words)-len(st)], true
		}
	}
	return words, false
}

// stripChineseForm cuts a Chinese legal-form suffix off the last word,
// leaving at least one character of name.
func stripChineseForm(words []string) ([]string, string, bool) {
	if len(words) == 0 {
		return words, "", false
	}
	last := words[len(words)-1]
	for _, cf := range chineseForms {
		rest, ok := strings.CutSuffix(last, cf.suffix)
		if !ok {
			continue
		}
		if rest == "" && len(words) == 1 {
			break // the whole name is a legal form: keep it
		}
		if cf.form == "" && hasAnySuffix(rest, branchMarkers) {
			continue
		}
		out := slices.Clone(words)
		if rest == "" {
			out = out[:len(out)-1]
		} else {
			out[len(out)-1] = rest
		}
		return out, cf.form, true
	}
	return words, "", false
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// stripLegalForm removes one trailing Latin-script legal form, never the
// whole name.
func stripLegalForm(words []string) ([]string, string, bool) {
	for _, lf := range legalForms {
		n := len(lf.words)
		if len(words) > n && slices.Equal(words[len(words)-n:], lf.words) {
			return words[:len(words)-n], lf.form, true
		}
	}
	return words, "", false
}

// stripArticleAndConnectives removes a leading "the" and the words for
// "and" between other words.
func stripArticleAndConnectives(words []string) ([]string, bool) {
	if len(words) > 1 && words[0] == "the" {
		return words[1:], true
	}
	for i := 1; i < len(words)-1; i++ {
		if connectives[words[i]] {
			return slices.Delete(slices.Clone(words), i, i+1), true
		}
	}
	return words, false
}

// joinInitials joins a run of single letters into one word, so that
// "P.P.H.U." and "PPHU" compare equal. Legal forms written as initials
// ("S.A.") are removed before, as they are tried first.
func joinInitials(words []string) ([]string, bool) {
	for i := 0; i+1 < len(words); i++ {
		if !isInitial(words[i]) || !isInitial(words[i+1]) {
			continue
		}
		j := i + 2
		for j < len(words) && isInitial(words[j]) {
			j++
		}
		out := slices.Clone(words[:i+1])
		out[i] = strings.Join(words[i:j], "")
		return append(out, words[j:]...), true
	}
	return words, false
}

// isInitial reports whether w is a single Latin letter.
func isInitial(w string) bool { return len(w) == 1 && w[0] >= 'a' && w[0] <= 'z' }

// nameTokens splits folded text into runs of letters and digits (a run of
// Chinese characters stays one token).
func nameTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
