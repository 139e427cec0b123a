package importing

// Header matching: which field of the catalogue each column of a file
// feeds, and which record type the file holds.
//
// Every (column, field) pair gets a score in 0..1 from two signals:
//
//   - The header. Headers and aliases are compared in NormalizeHeader form
//     and also without spaces ("FirstName" = "First Name" = "FIRSTNAME").
//     An alias exactly: 0.95. The alias's words in another order ("Email
//     Work" for "Work Email"): 0.93. The alias after the record type's own
//     name ("Deal - Value", "Contact Email"): 0.92. The alias and a number
//     ("Phone 2"): 0.9. The alias with qualifier words such as work, home,
//     billing, primary, służbowy around it ("Billing City", "Contact Email
//     Address"): 0.8 when the alias ends the header (English and Chinese
//     put the head word last: "Company Phone" is a phone), 0.75 otherwise.
//     A Chinese alias inside a longer header ("客户手机号"): 0.75 at the
//     end, 0.6 elsewhere. One letter off ("Frist Name"): 0.7; two letters
//     off in a long alias: 0.6 (only for headers that are not themselves
//     an alias of some field: "State" is no misspelt "Stage"). An alias
//     among unrelated words ("Email Opt Out"): 0.4, a candidate but never
//     chosen on its own. Other names of the same field count as qualifiers
//     ("ZIP / Postal Code"); a record word before a naming word does not
//     ("Company Name" is not a person's name, "Company ID" not their id).
//   - The values (when samples are given). For fields with a checkable
//     kind (e-mail, phone, date, number, amount, percentage, URL, tax id,
//     currency) the share c of sample values that fit moves the score
//     towards 1 by half of c; a share below 30 % of three or more values
//     vetoes the header (a "Phone" column full of e-mail addresses). For names and other text,
//     a column whose values are mostly e-mail addresses, web addresses,
//     phone numbers or dates is vetoed. Values alone (two or more) can
//     make a match when 80 % or more of them are unmistakable: e-mail addresses (0.6 + 0.25c),
//     web addresses, valid NIP numbers, phone numbers, amounts with a
//     currency, percentages with a percent sign (0.5 + 0.25c); they go to
//     the type's first field of that kind (e-mail, phone, website, NIP,
//     amount, probability). Never, though, for a header that names another
//     subject (owner, created by, id, LinkedIn… — Zoho's "Contact Owner"
//     holds the salesperson's address) or for a column that repeats one
//     value in most rows. Values confirm header matches but never lift a
//     loose one ("LinkedIn URL") over the threshold.
//
// A score of 0.5 or more makes a column eligible for a field. Then the
// columns are assigned: each field takes at most one column, except the
// Repeatable ones (other e-mails and phones, notes), and the assignment
// maximises the total score (the Hungarian method), so a strong match is
// never lost to a column that merely came first. A column matching a field
// with an Overflow (e-mail, phone, mobile) also qualifies, at 0.95 of its
// score, for the overflow field: the second "Phone" column becomes "Other
// phone". Ties go to the earlier column.

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"kontor/domain"
)

// ColumnMatch is what one source column was matched to.
type ColumnMatch struct {
	Index  int    // 0-based column in the file
	Header string // as in the file
	// Field is the catalogue key the column feeds; "" skips the column.
	Field string
	// Confidence in Field, 0..1 (0 for a skipped column).
	Confidence float64
	// Reason explains the choice in the user's words: "header “Imię” is
	// an alias of First name", "9 of 10 values look like e-mail addresses".
	Reason string
	// Candidates are the other fields the column could feed, best first
	// (at most five, each scoring 0.2 or more), for the wizard to offer.
	Candidates []Candidate
}

// Candidate is a field a column could feed, with its score.
type Candidate struct {
	Field string
	Score float64
}

// MatchResult is a proposed mapping of a file's columns.
type MatchResult struct {
	Type domain.RecordType
	// TypeScores are the shares of the evidence for each record type
	// (summing to 1), set by Match; MatchAs leaves them nil.
	TypeScores map[domain.RecordType]float64
	// TypeReason says why Match chose Type ("Deal Name, Amount, Stage and
	// Closing Date are deal fields"); empty from MatchAs.
	TypeReason string
	// Columns has one entry per header, in file order.
	Columns []ColumnMatch
}

// Field returns the key of the field column i feeds ("" if skipped or out
// of range).
func (m MatchResult) Field(i int) string {
	if i < 0 || i >= len(m.Columns) {
		return ""
	}
	return m.Columns[i].Field
}

// Scores and limits of matching (see the top of this file).
const (
	scoreExact     = 0.95
	scoreWordSet   = 0.93
	scoreOwnWord   = 0.92
	scoreOrdinal   = 0.9
	scoreQualEnd   = 0.8
	scoreQual      = 0.75
	scoreHanEnd    = 0.75
	scoreTypo      = 0.7
	scoreHan       = 0.6
	scoreTypo2     = 0.6
	scoreLoose     = 0.4
	matchThreshold = 0.5
	candidateFloor = 0.2
	maxCandidates  = 5
	overflowFactor = 0.95
	vetoBelow      = 0.3
	vetoFactor     = 0.3
	minVetoValues  = 3 // sample values needed to overrule a header
	minValueOnly   = 2 // sample values needed to match on values alone
	valueOnlyShare = 0.8
	maxSampleRows  = 500
)

// NormalizeHeader returns the comparison form of a header: words split at
// case changes ("FirstName" → "first name") and before digits ("Phone1"),
// folded with domain.Fold (case, diacritics, full-width forms: "Imię" →
// "imie", "ＥＭＡＩＬ" → "email"), every other character (_ - . / ( ) :
// % # * and the rest) a space, spaces collapsed, and "e mail" joined to
// "email" ("E-mail" = "Email" = "e_mail"). Chinese characters are kept.
func NormalizeHeader(h string) string {
	var b strings.Builder
	rs := []rune(h)
	for i, r := range rs {
		if i > 0 {
			prev := rs[i-1]
			switch {
			case unicode.IsUpper(r) && unicode.IsLower(prev):
				b.WriteByte(' ') // firstName
			case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && i > 1:
				b.WriteByte(' ') // URLAddress → URL Address
			case unicode.IsDigit(r) && unicode.IsLetter(prev):
				b.WriteByte(' ') // Phone1
			}
		}
		b.WriteRune(r)
	}
	folded := domain.FoldRunes(b.String())
	words := make([]string, 0, 4)
	var w []rune
	flush := func() {
		if len(w) > 0 {
			words = append(words, string(w))
			w = w[:0]
		}
	}
	for _, r := range folded {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			w = append(w, r)
		} else {
			flush()
		}
	}
	flush()
	out := words[:0]
	for i := 0; i < len(words); i++ {
		if words[i] == "e" && i+1 < len(words) && strings.HasPrefix(words[i+1], "mail") {
			out = append(out, "e"+words[i+1])
			i++
			continue
		}
		out = append(out, words[i])
	}
	return strings.Join(out, " ")
}

// header is a header in the forms matching compares.
type header struct {
	raw     string
	norm    string
	words   []string
	compact string // norm without spaces
	wordSet string // sorted words, space-joined
}

func newHeader(raw string) header {
	n := NormalizeHeader(raw)
	h := header{raw: raw, norm: n, words: strings.Fields(n), compact: strings.ReplaceAll(n, " ", "")}
	sorted := slices.Clone(h.words)
	slices.Sort(sorted)
	h.wordSet = strings.Join(sorted, " ")
	return h
}

func (h header) han() bool {
	for _, r := range h.compact {
		if isHanRune(r) {
			return true
		}
	}
	return false
}

// fieldIndex holds a record type's fields and their aliases in comparison
// form. It is built for each match; it is small.
type fieldIndex struct {
	t         domain.RecordType
	fields    []Field
	oneWord   []map[string]bool // per field: its one-word aliases
	aliases   []aliasEntry
	byCompact map[string][]int // compact form → alias indexes
	byWordSet map[string][]int
	ownWords  []string
}

type aliasEntry struct {
	field int
	text  string // as listed
	h     header
	han   bool
}

func newFieldIndex(t domain.RecordType) *fieldIndex {
	ix := &fieldIndex{t: t, fields: Catalog(t), byCompact: map[string][]int{}, byWordSet: map[string][]int{}, ownWords: ownTypeWords(t)}
	ix.oneWord = make([]map[string]bool, len(ix.fields))
	for fi, f := range ix.fields {
		ix.oneWord[fi] = map[string]bool{}
		for _, a := range append([]string{f.Key}, f.Aliases...) {
			h := newHeader(a)
			if h.compact == "" {
				continue
			}
			if len(h.words) == 1 {
				ix.oneWord[fi][h.compact] = true
			}
			e := aliasEntry{field: fi, text: a, h: h, han: h.han()}
			ix.aliases = append(ix.aliases, e)
			ai := len(ix.aliases) - 1
			ix.byCompact[h.compact] = append(ix.byCompact[h.compact], ai)
			if len(h.words) > 1 {
				ix.byWordSet[h.wordSet] = append(ix.byWordSet[h.wordSet], ai)
			}
		}
	}
	return ix
}

// scored is a field's score for a column, with its reason.
type scored struct {
	score  float64
	reason string
}

// headerScores scores a header against every field of the index.
// A header that is itself an alias of some field (of any type) is not
// taken for a misspelling of another ("State" is not "Stage").
func (ix *fieldIndex) headerScores(h header, knownWord bool) []scored {
	out := make([]scored, len(ix.fields))
	if h.compact == "" {
		return out
	}
	set := func(fi int, s float64, reason string) {
		if s > out[fi].score {
			out[fi] = scored{s, reason}
		}
	}
	label := func(ai int) string { return ix.fields[ix.aliases[ai].field].Label }
	// Exact, word set.
	for _, ai := range ix.byCompact[h.compact] {
		set(ix.aliases[ai].field, scoreExact, fmt.Sprintf("header %s is an alias of %s", quote(h.raw), label(ai)))
	}
	if len(h.words) > 1 {
		for _, ai := range ix.byWordSet[h.wordSet] {
			set(ix.aliases[ai].field, scoreWordSet, fmt.Sprintf("header %s has the words of %s (%s)", quote(h.raw), quote(ix.aliases[ai].text), label(ai)))
		}
	}
	// The type's own name first: "Deal - Value", "客户手机".
	for _, own := range ix.ownWords {
		rest := ""
		switch {
		case len(h.words) > 1 && h.words[0] == own:
			rest = strings.Join(h.words[1:], "")
		case isHanRune([]rune(own)[0]) && strings.HasPrefix(h.compact, own) && len(h.compact) > len(own):
			rest = strings.TrimPrefix(h.compact, own)
		}
		for _, ai := range ix.byCompact[rest] {
			set(ix.aliases[ai].field, scoreOwnWord, fmt.Sprintf("header %s is %s (%s) of the %s", quote(h.raw), quote(ix.aliases[ai].text), label(ai), ix.t))
		}
	}
	// A number at the end: "Phone 2", "Email1".
	if n := len(h.words); n > 1 && isOrdinal(h.words[n-1]) {
		rest := strings.Join(h.words[:n-1], "")
		for _, ai := range ix.byCompact[rest] {
			set(ix.aliases[ai].field, scoreOrdinal, fmt.Sprintf("header %s is %s (%s) with a number", quote(h.raw), quote(ix.aliases[ai].text), label(ai)))
		}
	}
	// Partial matches and misspellings.
	hanHeader := h.han()
	for _, a := range ix.aliases {
		f := ix.fields[a.field]
		if out[a.field].score >= scoreQualEnd {
			continue
		}
		if !f.exactOnly {
			if s, why := partialScore(h, a, hanHeader, ix.oneWord[a.field]); s > 0 {
				set(a.field, s, fmt.Sprintf(why, quote(h.raw), quote(a.text), f.Label))
			}
		}
		if out[a.field].score < scoreTypo && !a.han && !hanHeader && !knownWord {
			if d := typoDistance(h.compact, a.h.compact); d == 1 && len(a.h.compact) >= 5 {
				set(a.field, scoreTypo, fmt.Sprintf("header %s looks like a misspelling of %s (%s)", quote(h.raw), quote(a.text), f.Label))
			} else if d == 2 && len(a.h.compact) >= 12 {
				set(a.field, scoreTypo2, fmt.Sprintf("header %s looks like a misspelling of %s (%s)", quote(h.raw), quote(a.text), f.Label))
			}
		}
	}
	return out
}

func isOrdinal(w string) bool { return len(w) == 1 && w[0] >= '1' && w[0] <= '9' }

// partialScore scores a header that contains an alias among other words,
// and returns a reason template (header, alias, label). The other words
// may be qualifiers, a number, or other names of the same field ("ZIP /
// Postal Code"); synonyms are the field's one-word aliases.
func partialScore(h header, a aliasEntry, hanHeader bool, synonyms map[string]bool) (float64, string) {
	if a.han {
		ac := a.h.compact
		if len([]rune(ac)) < 2 || len(h.compact) <= len(ac) || !strings.Contains(h.compact, ac) {
			return 0, ""
		}
		if strings.HasSuffix(h.compact, ac) {
			return scoreHanEnd, "header %s contains %s (%s)"
		}
		return scoreHan, "header %s contains %s (%s)"
	}
	aw := a.h.words
	if len(h.words) > len(aw) {
		for start := 0; start+len(aw) <= len(h.words); start++ {
			if !slices.Equal(h.words[start:start+len(aw)], aw) {
				continue
			}
			extra := slices.Concat(h.words[:start], h.words[start+len(aw):])
			naming := namingWord(aw[len(aw)-1])
			qualified := true
			for _, w := range extra {
				// "Company Name" is not a person's name, nor "Company ID"
				// a person's id: an entity word before a naming word
				// changes whose name it is.
				if !isQualifier(w) && !isOrdinal(w) && !synonyms[w] || naming && isEntityWord(w) {
					qualified = false
					break
				}
			}
			atEnd := start+len(aw) == len(h.words)
			switch {
			case qualified && atEnd:
				return scoreQualEnd, "header %s contains %s (%s)"
			case qualified:
				return scoreQual, "header %s contains %s (%s)"
			default:
				return scoreLoose, "header %s mentions %s (%s) among other words"
			}
		}
		return 0, ""
	}
	// One-word headers written without spaces, the alias last:
	// "SHIPPINGSTREET", "OTHERPHONE".
	if len(h.words) == 1 && !hanHeader && len(h.compact) > len(a.h.compact) && len(a.h.compact) >= 3 {
		if rest, ok := strings.CutSuffix(h.compact, a.h.compact); ok && qualifierRun(rest) {
			return scoreQualEnd, "header %s contains %s (%s)"
		}
	}
	return 0, ""
}

// namingWord reports whether an alias ending in w names or identifies
// something ("Name", "Nazwa", "Title", "ID").
func namingWord(w string) bool {
	switch w {
	case "name", "nazwa", "title", "tytul", "id", "identyfikator", "imie", "nazwisko":
		return true
	}
	return false
}

// isEntityWord reports whether w names a kind of record.
func isEntityWord(w string) bool {
	switch w {
	case "company", "account", "organization", "organisation", "org", "customer", "client", "contact",
		"person", "lead", "deal", "opportunity", "firmy", "firma", "klienta", "osoby", "kontaktu":
		return true
	}
	return false
}

// otherSubject reports whether a header says that its column describes
// someone or something other than the record itself: the CRM user who owns
// or created it ("Account Owner", "Created By", "Opiekun", "负责人"), an
// identifier ("Oracle ID"), a social profile ("LinkedIn URL"). Such a
// column is never matched on its values alone: Zoho's "Contact Owner" is
// full of e-mail addresses, all of them the salesperson's.
func otherSubject(h header) bool {
	for _, w := range h.words {
		switch w {
		case "owner", "owners", "user", "by", "assigned", "rep", "manager", "salesperson", "agent",
			"id", "ids", "linkedin", "facebook", "twitter", "instagram", "xing", "youtube", "skype",
			"opiekun", "wlasciciel", "handlowiec", "przypisany", "utworzyl", "zmodyfikowal":
			return true
		}
	}
	for _, w := range []string{"负责人", "创建人", "所有者", "归属", "销售员", "跟进人"} {
		if strings.Contains(h.compact, w) {
			return true
		}
	}
	return false
}

// qualifierRun reports whether s is one or more qualifier words written
// together ("shipping", "otherwork").
func qualifierRun(s string) bool {
	if s == "" {
		return false
	}
	ok := make([]bool, len(s)+1)
	ok[0] = true
	for i := 1; i <= len(s); i++ {
		for j := max(0, i-14); j < i && !ok[i]; j++ {
			ok[i] = ok[j] && isQualifier(s[j:i])
		}
	}
	return ok[len(s)]
}

// typoDistance is the optimal string alignment distance (Levenshtein with
// transpositions) between a and b, or 3 when it is more than 2.
func typoDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > 2 || d < -2 {
		return 3
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > 2 {
			return 3
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], 3)
}

// ------------------------------------------------------------ value evidence

// profile is what a column's sample values look like.
type profile struct {
	n                    int // non-empty values
	distinct             int // different values among them
	email, phone, url    int
	date                 int
	integer, number      int
	money, moneyMarked   int
	percent, percentSign int
	boolean, currency    int
	contactLike          int // e-mail, web address, phone or date: not a name
	legalForm            int // company names with a legal form ("Sp. z o.o.", "有限公司")
	tax                  map[string]int
}

// maxProfiledBytes is the longest value profileOf checks for a kind (a
// long web address fits).
const maxProfiledBytes = 4096

func profileOf(values []string) profile {
	p := profile{n: len(values), tax: map[string]int{}}
	if p.n == 0 {
		return p
	}
	seen := map[string]bool{}
	for _, v := range values {
		seen[strings.ToLower(v)] = true
	}
	p.distinct = len(seen)
	numFmt := AnalyzeColumn(KindDecimal, values)
	moneyFmt := AnalyzeColumn(KindMoney, values)
	for _, v := range values {
		if len(v) > maxProfiledBytes {
			// No e-mail, phone, web address, date, number, amount or tax
			// id is this long: a long note counts as text without
			// running every parser over its megabyte.
			continue
		}
		isEmail, isPhone, isURL := looksLikeEmailList(v), looksLikePhoneList(v), looksLikeURL(v)
		// A date's shape is enough ("31/02/2020" is a date column's bad
		// value). 20240304 and Excel serials are dates where a date is
		// expected, but they do not make a column look like dates.
		sc, dateErr := scanDate(v)
		isDate := dateErr == nil && !sc.serial && !allASCIIDigits(v)
		tally(&p.email, isEmail)
		tally(&p.phone, isPhone && !isDate)
		tally(&p.url, isURL)
		tally(&p.date, dateErr == nil)
		_, err := ParseInt(v, numFmt)
		tally(&p.integer, err == nil)
		_, err = ParseDecimal(v, numFmt)
		tally(&p.number, err == nil)
		if cur, _, ok := splitCurrency(v); ok {
			_, err = ParseMoney(v, moneyFmt, "XXX")
			tally(&p.money, err == nil)
			tally(&p.moneyMarked, err == nil && cur != "")
		}
		_, err = ParsePercent(v)
		tally(&p.percent, err == nil)
		tally(&p.percentSign, err == nil && strings.ContainsAny(v, "%％"))
		_, err = ParseBool(v)
		tally(&p.boolean, err == nil)
		_, err = domain.NormalizeCurrency(v)
		tally(&p.currency, err == nil)
		tally(&p.contactLike, isEmail || isURL || isDate || isPhone && !strings.ContainsFunc(v, unicode.IsLetter))
		tally(&p.legalForm, domain.ParseCompanyName(v).Form != "")
		for _, kind := range []string{"NIP", "REGON", "KRS", "VAT", "USCC"} {
			if _, err := domain.NormalizeTaxID(kind, v); err == nil {
				p.tax[kind]++
			} else if errors.Is(err, domain.ErrChecksum) {
				p.tax[kind+"~"]++ // the right shape
			}
		}
	}
	return p
}

func tally(n *int, ok bool) {
	if ok {
		*n++
	}
}

// fit returns the share of values that fit a field, and whether the field's
// kind can be checked at all.
func (p profile) fit(f Field) (share float64, checkable bool) {
	if p.n == 0 {
		return 0, false
	}
	k := 0
	switch f.Kind {
	case KindEmail:
		k = p.email
	case KindPhone:
		k = p.phone
	case KindURL:
		k = p.url
	case KindDate:
		k = p.date
	case KindDateTime:
		k = p.date
	case KindInteger:
		k = p.integer
	case KindDecimal:
		k = p.number
	case KindMoney:
		k = p.money
	case KindPercent:
		k = p.percent
	case KindBool:
		k = p.boolean
	case KindCurrency:
		k = p.currency
	case KindTaxID:
		switch f.Key {
		case "nip":
			k = p.tax["NIP"] + p.tax["NIP~"]
		case "regon":
			k = p.tax["REGON"] + p.tax["REGON~"]
		case "krs":
			k = p.tax["KRS"]
		case "vat":
			k = p.tax["VAT"] + p.tax["VAT~"]
		default:
			return 1, false
		}
	case KindName, KindCompanyRef, KindPersonRef, KindStage, KindText:
		if f.Key == "notes" || f.Key == "source_id" {
			return 1, false
		}
		return 1 - float64(p.contactLike)/float64(p.n), true
	default:
		return 1, false
	}
	return float64(k) / float64(p.n), true
}

// describeKind names what fits a field's kind, for reasons.
func describeKind(f Field) string {
	switch f.Kind {
	case KindEmail:
		return "e-mail addresses"
	case KindPhone:
		return "phone numbers"
	case KindURL:
		return "web addresses"
	case KindDate, KindDateTime:
		return "dates"
	case KindInteger:
		return "whole numbers"
	case KindDecimal:
		return "numbers"
	case KindMoney:
		return "amounts"
	case KindPercent:
		return "percentages"
	case KindBool:
		return "yes/no values"
	case KindCurrency:
		return "currencies"
	case KindTaxID:
		return strings.ToUpper(f.Key) + " numbers"
	}
	return "text"
}

// valueOnly scores a field on the values alone, for the type's first field
// of an unmistakable kind. A column holding one value in most rows is not
// matched this way: one address for every record is the CRM user's, or a
// default, not each record's own.
func (p profile) valueOnly(f Field) (float64, string) {
	if p.n < minValueOnly || p.n >= 3 && p.distinct*2 <= p.n {
		return 0, ""
	}
	share := func(k int) float64 { return float64(k) / float64(p.n) }
	var c, base float64
	var what string
	switch {
	case f.Kind == KindEmail:
		c, base, what = share(p.email), 0.6, "e-mail addresses"
	case f.Kind == KindPhone:
		c, base, what = share(p.phone), 0.5, "phone numbers"
	case f.Kind == KindURL:
		c, base, what = share(p.url), 0.5, "web addresses"
	case f.Key == "nip":
		c, base, what = share(p.tax["NIP"]), 0.5, "valid NIP numbers"
	case f.Kind == KindMoney:
		c, base, what = share(p.moneyMarked), 0.5, "amounts with a currency"
	case f.Kind == KindPercent:
		c, base, what = share(p.percentSign), 0.5, "percentages"
	default:
		return 0, ""
	}
	if c < valueOnlyShare {
		return 0, ""
	}
	return base + 0.25*c, fmt.Sprintf("%d of %d values look like %s", int(math.Round(c*float64(p.n))), p.n, what)
}

// looksLikeEmail reports whether s has the shape of an e-mail address
// (valid or not: "jan@@firma.pl" is an e-mail column's bad value).
func looksLikeEmail(s string) bool {
	s = strings.TrimSpace(strings.ReplaceAll(s, "＠", "@"))
	if i := strings.LastIndexByte(s, '<'); i >= 0 && strings.HasSuffix(s, ">") {
		s = s[i+1 : len(s)-1]
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "mailto:"), "MAILTO:")
	at := strings.IndexByte(s, '@')
	if at <= 0 || strings.ContainsAny(s, " \t") {
		return false
	}
	host := strings.TrimLeft(s[at+1:], "@")
	dot := strings.LastIndexByte(host, '.')
	return dot > 0 && dot < len(host)-1
}

func looksLikeEmailList(s string) bool {
	parts := SplitMulti(s)
	for _, p := range parts {
		if !looksLikeEmail(p) {
			return false
		}
	}
	return len(parts) > 0
}

// looksLikePhone reports whether s has the shape of a phone number: digits
// with the usual punctuation (+ ( ) - . / spaces), seven to seventeen of
// them (nine or more when written without any punctuation, so that counts
// and amounts are not taken for phones), maybe an extension.
func looksLikePhone(s string) bool {
	t := domain.Fold(strings.TrimSpace(s))
	// An extension: "x718", "ext. 12", "wew. 12", "转12".
	for _, mark := range []string{"ext.", "ext", "extension", "wew.", "wew", "x", "转", "#"} {
		if i := strings.LastIndex(t, mark); i > 0 && allASCIIDigits(strings.TrimSpace(t[i+len(mark):])) && strings.TrimSpace(t[i+len(mark):]) != "" {
			t = strings.TrimSpace(t[:i])
			break
		}
	}
	digits, punct := 0, 0
	for i, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && (i == 0 || t[i-1] == '('):
			punct++
		case r == '(' || r == ')' || r == '-' || r == '.' || r == '/' || r == ' ':
			punct++
		default:
			return false
		}
	}
	if digits < 7 || digits > 17 || punct == 0 && digits < 9 {
		return false
	}
	// A decimal amount ("12500.00", "1 200,50") is not a phone.
	if i := strings.LastIndexAny(t, ".,"); i >= 0 && len(t)-i-1 <= 2 && !strings.ContainsAny(t, "()+-/") {
		return false
	}
	return true
}

func looksLikePhoneList(s string) bool {
	parts := SplitMulti(s)
	for _, p := range parts {
		if !looksLikePhone(p) {
			return false
		}
	}
	return len(parts) > 0
}

// looksLikeURL reports whether s is a web address or a bare domain
// ("https://www.acme.pl/", "www.acme.pl", "acme.com").
func looksLikeURL(s string) bool {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" || strings.ContainsAny(t, " @") {
		return false
	}
	if strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://") || strings.HasPrefix(t, "www.") {
		return domain.DomainFromWebsite(t) != ""
	}
	host := domain.DomainFromWebsite(t)
	if host == "" {
		return false
	}
	tld := host[strings.LastIndexByte(host, '.')+1:]
	if len(tld) < 2 || len(tld) > 6 {
		return false
	}
	for _, r := range tld {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// --------------------------------------------------------------- matching

// evaluation is a column's final score for every field of a type.
type evaluation struct {
	ix     *fieldIndex
	scores [][]scored // [column][field]
	prof   []profile
}

func evaluate(t domain.RecordType, headers []string, samples [][]string) evaluation {
	ix := newFieldIndex(t)
	ev := evaluation{ix: ix, scores: make([][]scored, len(headers)), prof: make([]profile, len(headers))}
	if len(samples) > maxSampleRows {
		samples = samples[:maxSampleRows]
	}
	// The first field of each unmistakable kind (and NIP) may match on the
	// values alone.
	valueField := map[string]bool{}
	seenKind := map[ValueKind]bool{}
	for _, f := range ix.fields {
		switch f.Kind {
		case KindEmail, KindPhone, KindURL, KindMoney, KindPercent:
			if !f.Repeatable && !seenKind[f.Kind] {
				valueField[f.Key], seenKind[f.Kind] = true, true
			}
		}
	}
	valueField["nip"] = true
	known := knownAliases()
	for c, raw := range headers {
		h := newHeader(raw)
		scores := ix.headerScores(h, known[h.compact])
		p := profileOf(columnValues(samples, c))
		ev.prof[c] = p
		for fi, f := range ix.fields {
			s := &scores[fi]
			share, checkable := p.fit(f)
			if s.score > 0 && checkable {
				n := int(math.Round(share * float64(p.n)))
				textual := f.Kind == KindText || f.Kind == KindName || f.Kind == KindCompanyRef || f.Kind == KindPersonRef || f.Kind == KindStage
				switch {
				case p.n < minVetoValues:
					// Too few values to overrule the header.
				case share < vetoBelow && textual:
					s.score *= vetoFactor
					s.reason += fmt.Sprintf(", but %d of %d values are e-mail or web addresses, phone numbers or dates", p.n-n, p.n)
				case share < vetoBelow:
					s.score *= vetoFactor
					s.reason += fmt.Sprintf(", but only %d of %d values look like %s", n, p.n, describeKind(f))
				}
				if !textual && s.score >= matchThreshold && share >= vetoBelow {
					// Values confirm a header match; they do not lift a
					// loose one ("LinkedIn URL" stays no website).
					s.score += (1 - s.score) * 0.5 * share
					s.reason += fmt.Sprintf("; %d of %d values look like %s", n, p.n, describeKind(f))
				}
			}
			if valueField[f.Key] && !otherSubject(h) {
				if v, why := p.valueOnly(f); v > s.score {
					if s.score > 0 {
						why += " (" + s.reason + ")"
					}
					*s = scored{v, why}
				}
			}
		}
		// Overflow: a further e-mail or phone column.
		for fi, f := range ix.fields {
			if f.Overflow == "" {
				continue
			}
			oi := ix.indexOf(f.Overflow)
			if v := scores[fi].score * overflowFactor; oi >= 0 && v > scores[oi].score {
				scores[oi] = scored{v, scores[fi].reason + fmt.Sprintf("; a further %s column goes to %s", f.Label, ix.fields[oi].Label)}
			}
		}
		ev.scores[c] = scores
	}
	return ev
}

// knownAliases is the set of every alias of every record type, in compact
// form.
func knownAliases() map[string]bool {
	known := map[string]bool{}
	for _, t := range domain.RecordTypes {
		for _, f := range Catalog(t) {
			for _, a := range append([]string{f.Key}, f.Aliases...) {
				known[newHeader(a).compact] = true
			}
		}
	}
	return known
}

func (ix *fieldIndex) indexOf(key string) int {
	for i, f := range ix.fields {
		if f.Key == key {
			return i
		}
	}
	return -1
}

// assignColumns picks each column's field: the assignment of single fields
// that maximises the total score, Repeatable fields taking any number of
// columns. It returns the field index per column (-1: skipped).
func (ev evaluation) assignColumns() []int {
	nc := len(ev.scores)
	chosen := make([]int, nc)
	outside := make([]float64, nc) // best Repeatable score per column
	for c := range chosen {
		chosen[c] = -1
		for fi, f := range ev.ix.fields {
			if s := ev.scores[c][fi].score; f.Repeatable && s >= matchThreshold && s > outside[c] {
				outside[c], chosen[c] = s, fi
			}
		}
	}
	var single []int
	for fi, f := range ev.ix.fields {
		if !f.Repeatable {
			single = append(single, fi)
		}
	}
	gain := make([][]float64, len(single))
	for r, fi := range single {
		gain[r] = make([]float64, nc)
		for c := 0; c < nc; c++ {
			if s := ev.scores[c][fi].score; s >= matchThreshold {
				// Ties go to the earlier column.
				gain[r][c] = s - outside[c] - 1e-9*float64(c)
			}
		}
	}
	for r, c := range maxAssignment(gain) {
		if c >= 0 {
			chosen[c] = single[r]
		}
	}
	return chosen
}

// maxAssignment assigns rows to distinct columns maximising the total gain;
// only positive gains count, and a row may stay unassigned (-1). It is the
// Hungarian method (Kuhn–Munkres, O(rows² · columns)) on costs −gain, with a
// zero-cost dummy column per row.
func maxAssignment(gain [][]float64) []int {
	n := len(gain)
	res := make([]int, n)
	for i := range res {
		res[i] = -1
	}
	if n == 0 {
		return res
	}
	cols := len(gain[0])
	m := cols + n
	cost := func(i, j int) float64 {
		if j < cols && gain[i][j] > 0 {
			return -gain[i][j]
		}
		return 0
	}
	inf := math.Inf(1)
	u, v := make([]float64, n+1), make([]float64, m+1)
	p, way := make([]int, m+1), make([]int, m+1)
	minv, used := make([]float64, m+1), make([]bool, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j], used[j] = inf, false
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], inf, 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				if cur := cost(i0-1, j-1) - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	for j := 1; j <= cols; j++ {
		if i := p[j]; i != 0 && gain[i-1][j-1] > 0 {
			res[i-1] = j - 1
		}
	}
	return res
}

// result turns the evaluation and the assignment into a MatchResult.
func (ev evaluation) result(headers []string, chosen []int) MatchResult {
	mr := MatchResult{Type: ev.ix.t, Columns: make([]ColumnMatch, len(headers))}
	owner := map[int]int{} // field → column, for single fields
	for c, fi := range chosen {
		if fi >= 0 && !ev.ix.fields[fi].Repeatable {
			owner[fi] = c
		}
	}
	for c, raw := range headers {
		cm := ColumnMatch{Index: c, Header: raw}
		fi := chosen[c]
		if fi >= 0 {
			cm.Field = ev.ix.fields[fi].Key
			cm.Confidence = math.Round(ev.scores[c][fi].score*1000) / 1000
			cm.Reason = ev.scores[c][fi].reason
		}
		var cands []fieldScore
		for ci, s := range ev.scores[c] {
			if ci != fi && s.score >= candidateFloor {
				cands = append(cands, fieldScore{ci, s.score})
			}
		}
		slices.SortStableFunc(cands, func(a, b fieldScore) int {
			switch {
			case a.s > b.s:
				return -1
			case a.s < b.s:
				return 1
			}
			return 0
		})
		for i, cd := range cands {
			if i == maxCandidates {
				break
			}
			cm.Candidates = append(cm.Candidates, Candidate{Field: ev.ix.fields[cd.fi].Key, Score: math.Round(cd.s*1000) / 1000})
		}
		if fi < 0 {
			cm.Reason = ev.skipReason(c, headers, cands, owner)
		}
		mr.Columns[c] = cm
	}
	return mr
}

// fieldScore is a field (by index) and a column's score for it.
type fieldScore struct {
	fi int
	s  float64
}

func (ev evaluation) skipReason(c int, headers []string, cands []fieldScore, owner map[int]int) string {
	h := strings.TrimSpace(headers[c])
	switch {
	case len(cands) == 0 && h == "":
		return "the column has no header and its values match no field"
	case len(cands) == 0:
		return fmt.Sprintf("no field matches header %s", quote(h))
	}
	best := cands[0]
	f := ev.ix.fields[best.fi]
	if best.s >= matchThreshold {
		if oc, ok := owner[best.fi]; ok {
			return fmt.Sprintf("%s comes from column %d %s, a better match", f.Label, oc+1, quote(headers[oc]))
		}
	}
	return fmt.Sprintf("too weak a match: %s", ev.scores[c][best.fi].reason)
}

// MatchAs matches the columns of a file known to hold records of type t.
// headers are the file's header cells; samples are data rows (the first
// few hundred are used), which may be nil.
func MatchAs(t domain.RecordType, headers []string, samples [][]string) MatchResult {
	ev := evaluate(t, headers, samples)
	return ev.result(headers, ev.assignColumns())
}

// Match guesses the record type of a file from its header set (and
// values), then matches its columns as MatchAs does.
//
// Each type is scored by matching the file as that type: every matched
// column adds its confidence times its field's weight for the type
// (distinctive fields weigh most: first and last name, birthday, mobile for
// people; NIP and the other tax ids, employees, industry, website and domain
// for companies; stage, amount, close date, probability for deals; shared
// ones like address parts and notes weigh little or nothing). Headers that
// name a type add to it: "Deal …"/"Opportunity …"/商机 to deals, "Billing …"
// and "Shipping …" to companies, "Mailing …" to people. A type whose
// essential field is missing (a name or e-mail for people, a name for
// companies, a title and a stage, amount, close date or probability for
// deals) counts half. A column whose header is an alias in another type
// too ("Name", "Email", "Account Name") weighs 0.3 of its field's weight. A column read as people's
// names whose values mostly carry legal forms ("Sp. z o.o.", "Ltd",
// "有限公司") counts against people.
//
// So Zoho's Contacts (First Name, Last Name, Mailing …) are people even
// though their "Account Name" would be a company's name; Zoho's Accounts
// (Account Name, Billing …, Employees, Industry) are companies; Zoho's
// Deals (Deal Name, Amount, Stage, Closing Date) are deals; DingTalk's
// 客户姓名 list is people. Ties go to people, then companies.
func Match(headers []string, samples [][]string) MatchResult {
	type option struct {
		mr     MatchResult
		score  float64
		fields []string
	}
	var best option
	scores := map[domain.RecordType]float64{}
	var total float64
	var options []option
	aliases := aliasesByType()
	for _, t := range domain.RecordTypes {
		ev := evaluate(t, headers, samples)
		chosen := ev.assignColumns()
		mr := ev.result(headers, chosen)
		score, fields := typeScore(ev, chosen, headers, aliases)
		o := option{mr, score, fields}
		options = append(options, o)
		scores[t] = score
		total += score
	}
	for i, o := range options {
		if i == 0 || o.score > best.score {
			best = o
		}
	}
	mr := best.mr
	mr.TypeScores = map[domain.RecordType]float64{}
	for t, s := range scores {
		if total > 0 {
			mr.TypeScores[t] = math.Round(s/total*1000) / 1000
		}
	}
	if total == 0 {
		mr.TypeReason = "nothing in the headers names a record type; people assumed"
	} else {
		mr.TypeReason = fmt.Sprintf("%s are %s fields", joinList(best.fields), mr.Type)
	}
	return mr
}

// sharedHeaderWeight scales the type weight of a column whose header is an
// alias in another record type too ("Name", "Email", "Account Name"): it
// says little about which type the file holds.
const sharedHeaderWeight = 0.3

// aliasesByType maps each record type to its aliases in compact form.
func aliasesByType() map[domain.RecordType]map[string]bool {
	out := map[domain.RecordType]map[string]bool{}
	for _, t := range domain.RecordTypes {
		out[t] = map[string]bool{}
		for _, f := range Catalog(t) {
			for _, a := range append([]string{f.Key}, f.Aliases...) {
				out[t][newHeader(a).compact] = true
			}
		}
	}
	return out
}

// typeScore weighs the evidence that the file holds records of the
// evaluation's type, and names the headers that weigh most.
func typeScore(ev evaluation, chosen []int, headers []string, aliases map[domain.RecordType]map[string]bool) (float64, []string) {
	t := ev.ix.t
	var score float64
	type named struct {
		header string
		w      float64
	}
	var strong []named
	has := map[string]bool{}
	for c, fi := range chosen {
		if fi < 0 {
			continue
		}
		f := ev.ix.fields[fi]
		has[f.Key] = true
		w := f.typeWeight * ev.scores[c][fi].score
		compact := newHeader(headers[c]).compact
		for _, other := range domain.RecordTypes {
			if other != t && aliases[other][compact] {
				w *= sharedHeaderWeight
				break
			}
		}
		score += w
		if w >= 1 {
			strong = append(strong, named{strings.TrimSpace(headers[c]), w})
		}
		if t == domain.TypePerson && (f.Key == "full_name" || f.Key == "last_name") {
			if p := ev.prof[c]; p.n > 0 && float64(p.legalForm) >= 0.5*float64(p.n) {
				score -= 2 * w // company names in the name column
			}
		}
	}
	for _, raw := range headers {
		words := strings.Fields(NormalizeHeader(raw))
		compact := strings.Join(words, "")
		for _, w := range words {
			switch {
			case t == domain.TypeDeal && (w == "deal" || w == "opportunity" || w == "opp" || w == "szansa" || w == "szanse" || w == "transakcja"):
				score++
			case t == domain.TypeCompany && (w == "billing" || w == "shipping"):
				score++
			case t == domain.TypePerson && w == "mailing":
				score++
			}
		}
		if t == domain.TypeDeal && strings.Contains(compact, "商机") {
			score++
		}
	}
	essential := false
	switch t {
	case domain.TypePerson:
		essential = has["first_name"] || has["last_name"] || has["full_name"] || has["email"]
	case domain.TypeCompany:
		essential = has["name"]
	case domain.TypeDeal:
		// A title, and something only deals have.
		essential = has["title"] && (has["stage"] || has["amount"] || has["close_date"] || has["probability"])
	}
	if !essential {
		score /= 2
	}
	score = max(score, 0)
	slices.SortStableFunc(strong, func(a, b named) int {
		switch {
		case a.w > b.w:
			return -1
		case a.w < b.w:
			return 1
		}
		return 0
	})
	var names []string
	for i, s := range strong {
		if i == 4 {
			break
		}
		names = append(names, quote(s.header))
	}
	return score, names
}

func joinList(items []string) string {
	switch len(items) {
	case 0:
		return "the headers"
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
