// Package demo generates realistic, deterministic demo records (Polish,
// English and Chinese people, companies and deals) for newcomers and
// benchmarks. Every record is a pure function of the seed and its index, so
// generation needs no state, can run in any order and always yields the
// same data file for the same configuration.
package demo

import (
	"fmt"
	"strings"
	"time"

	"kontor/domain"
)

// Config sizes the demo data set.
type Config struct {
	People, Companies, Deals int
	Seed                     int64
}

// Generator produces the records of one configuration.
type Generator struct {
	cfg Config
	// Company names and domains, computed once: people's e-mail addresses
	// and deal titles refer to them.
	companyNames, companyDomains []string
}

// New returns a generator. Counts below zero are treated as zero.
func New(cfg Config) *Generator {
	cfg.People = max(cfg.People, 0)
	cfg.Companies = max(cfg.Companies, 0)
	cfg.Deals = max(cfg.Deals, 0)
	g := &Generator{cfg: cfg}
	g.companyNames = make([]string, cfg.Companies)
	g.companyDomains = make([]string, cfg.Companies)
	for i := range cfg.Companies {
		c := g.Company(i)
		g.companyNames[i], g.companyDomains[i] = c.Name, c.Domain
	}
	return g
}

// Config returns the generator's configuration.
func (g *Generator) Config() Config { return g.cfg }

type locale int

const (
	polish locale = iota
	english
	chinese
)

// rng is a splitmix64 stream seeded per record, so records are independent.
type rng struct{ state uint64 }

func (g *Generator) rngFor(kind uint64, i int) *rng {
	return &rng{state: uint64(g.cfg.Seed)*0x9E3779B97F4A7C15 ^ kind<<56 ^ uint64(i)*0xBF58476D1CE4E5B9}
}

func (r *rng) next() uint64 {
	r.state += 0x9E3779B97F4A7C15
	z := r.state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// localeOf spreads records: half Polish, 30% English, 20% Chinese.
func localeOf(r *rng) locale {
	switch n := r.intn(10); {
	case n < 5:
		return polish
	case n < 8:
		return english
	}
	return chinese
}

var epoch = time.Date(2023, 1, 2, 9, 0, 0, 0, time.UTC)

// Company returns company i (0 ≤ i < Companies).
func (g *Generator) Company(i int) domain.Company {
	r := g.rngFor(1, i)
	loc := localeOf(r)
	var name, city, street, country, domainName string
	// Stems and kinds are taken by index, and indexes past the combinations
	// a locale has get a branch number, so names and domains never repeat.
	combo := func(stems, kinds []string) (string, bool) {
		n := len(stems) * len(kinds)
		j := i % n
		return stems[j%len(stems)] + kinds[j/len(stems)], i >= n
	}
	var numbered bool
	switch loc {
	case polish:
		var stem string
		stem, numbered = combo(plCompanyStems, plCompanyKinds)
		name = stem + " " + pick(r, plCompanySuffixes)
		city, street, country = pick(r, plCities), pick(r, plStreets), "Poland"
		domainName = slug(stem) + ".pl"
	case english:
		var stem string
		stem, numbered = combo(enCompanyStems, enCompanyKinds)
		name = stem + " " + pick(r, enCompanySuffixes)
		city, street, country = pick(r, enCities), pick(r, enStreets), pick(r, []string{"United Kingdom", "United States", "Ireland"})
		domainName = slug(stem) + pick(r, []string{".com", ".co.uk", ".io"})
	case chinese:
		var stem string
		stem, numbered = combo(zhCompanyStems, zhCompanyTrades)
		city = pick(r, zhCompanyCities)
		name = city + stem + pick(r, zhCompanySuffixes)
		street, country = pick(r, zhStreets), "China"
		domainName = fmt.Sprintf("cn%d.com.cn", i%(len(zhCompanyStems)*len(zhCompanyTrades)))
	}
	if numbered {
		name = fmt.Sprintf("%s %d", name, i)
		domainName = fmt.Sprintf("b%d.%s", i, domainName)
	}
	employees := []int{5, 12, 40, 120, 250, 800, 2500}[r.intn(7)]
	c := domain.Company{
		Name:      name,
		Domain:    domainName,
		Website:   "https://www." + domainName,
		Phone:     phone(r, loc),
		Email:     "biuro@" + domainName,
		Address:   domain.Address{Street: fmt.Sprintf("%s %d", street, 1+r.intn(180)), City: city, PostalCode: postalCode(r, loc), Country: country},
		Industry:  pick(r, industries),
		Employees: &employees,
		Meta:      meta(r, i),
	}
	if loc == english {
		c.Email = "info@" + domainName
	}
	if loc == chinese {
		c.Email = "contact@" + domainName
	}
	if loc == polish {
		c.TaxIDs = []domain.TaxID{{Kind: "NIP", Value: nip(r)}}
	}
	return c
}

// Person returns person i and the index of their company (-1: none).
func (g *Generator) Person(i int) (domain.Person, int) {
	r := g.rngFor(2, i)
	loc := localeOf(r)
	var first, last, title, city string
	switch loc {
	case polish:
		if r.intn(2) == 0 {
			first, last = pick(r, plMaleFirst), pick(r, plSurnames)
		} else {
			first, last = pick(r, plFemaleFirst), feminine(pick(r, plSurnames))
		}
		title, city = pick(r, plTitles), pick(r, plCities)
	case english:
		first, last, title, city = pick(r, enFirst), pick(r, enLast), pick(r, enTitles), pick(r, enCities)
	case chinese:
		first, last, title, city = pick(r, zhGiven), pick(r, zhSurnames), pick(r, zhTitles), pick(r, zhCities)
	}
	company := -1
	if g.cfg.Companies > 0 && r.intn(10) < 9 {
		company = r.intn(g.cfg.Companies)
	}
	mailDomain := pick(r, []string{"gmail.com", "outlook.com", "wp.pl", "onet.pl", "qq.com", "163.com"})
	if company >= 0 {
		mailDomain = g.companyDomains[company]
	}
	local := slug(first) + "." + slug(last)
	if loc == chinese {
		local = fmt.Sprintf("zh%d", i)
	}
	p := domain.Person{
		FirstName: first,
		LastName:  last,
		Title:     title,
		Emails:    []domain.Email{{Address: fmt.Sprintf("%s%d@%s", local, i, mailDomain), Label: "work"}},
		Phones:    []domain.Phone{phone(r, loc)},
		Address:   domain.Address{City: city},
		Meta:      meta(r, i),
	}
	p.Phones[0].Label = "mobile"
	if r.intn(3) == 0 {
		extra := phone(r, loc)
		extra.Label = "work"
		p.Phones = append(p.Phones, extra)
	}
	if r.intn(2) == 0 {
		p.Birthday = domain.Date{Year: 1950 + r.intn(50), Month: time.Month(1 + r.intn(12)), Day: 1 + r.intn(28)}
	}
	return p, company
}

// Deal returns deal i with its Stage name set to one of the default
// pipeline's stages, and the indexes of its company and person (-1: none).
func (g *Generator) Deal(i int) (domain.Deal, int, int) {
	r := g.rngFor(3, i)
	company, person := -1, -1
	if g.cfg.Companies > 0 {
		company = r.intn(g.cfg.Companies)
	}
	if g.cfg.People > 0 && r.intn(4) > 0 {
		person = r.intn(g.cfg.People)
	}
	loc := localeOf(r)
	label := "Demo"
	if company >= 0 {
		label = shortName(g.companyNames[company])
		if d := g.companyDomains[company]; strings.HasSuffix(d, ".cn") {
			loc = chinese
		} else if strings.HasSuffix(d, ".pl") {
			loc = polish
		} else {
			loc = english
		}
	}
	year := 2024 + r.intn(3)
	stageRoll, stage, prob := r.intn(100), "", 0
	for _, s := range stageShares {
		if stageRoll < s.share {
			stage, prob = s.name, s.probability
			break
		}
		stageRoll -= s.share
	}
	currency := map[locale]string{polish: "PLN", english: pick(r, []string{"USD", "EUR", "GBP"}), chinese: "CNY"}[loc]
	amount := domain.Money{Minor: int64(1000+r.intn(500000)) * 100, Currency: currency}
	d := domain.Deal{
		Title:       fmt.Sprintf("%s – %s %d", label, pick(r, products[loc]), year),
		Stage:       stage,
		Amount:      &amount,
		CloseDate:   domain.Date{Year: year, Month: time.Month(1 + r.intn(12)), Day: 1 + r.intn(28)},
		Probability: &prob,
		Meta:        meta(r, i),
	}
	return d, company, person
}

func meta(r *rng, i int) domain.Meta {
	created := epoch.Add(time.Duration(i)*time.Minute + time.Duration(r.intn(60))*time.Second)
	return domain.Meta{CreatedAt: created, UpdatedAt: created.Add(time.Duration(r.intn(400)) * time.Hour)}
}

// shortName is a company's name without its legal form, for deal titles.
func shortName(name string) string {
	for _, sfx := range append(append(append([]string{}, plCompanySuffixes...), enCompanySuffixes...), zhCompanySuffixes...) {
		if i := strings.Index(name, sfx); i > 0 {
			return strings.TrimSpace(name[:i])
		}
	}
	return name
}

func feminine(surname string) string {
	switch {
	case strings.HasSuffix(surname, "ski"), strings.HasSuffix(surname, "cki"), strings.HasSuffix(surname, "dzki"):
		return strings.TrimSuffix(surname, "i") + "a"
	}
	return surname
}

// slug folds a name to lower-case ASCII letters and digits for e-mail
// addresses and domains.
func slug(s string) string {
	var b strings.Builder
	for _, r := range domain.Fold(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// phone returns a valid-looking number of the locale with its E.164 form.
func phone(r *rng, loc locale) domain.Phone {
	switch loc {
	case polish:
		prefix := pick(r, []string{"501", "512", "535", "601", "602", "663", "691", "724", "781", "797", "880"})
		a, b := 100+r.intn(900), 100+r.intn(900)
		return domain.Phone{Raw: fmt.Sprintf("+48 %s %d %d", prefix, a, b), E164: fmt.Sprintf("+48%s%d%d", prefix, a, b)}
	case english:
		area := pick(r, []string{"212", "415", "617", "312", "206", "512"})
		ex, line := 200+r.intn(700), 1000+r.intn(9000)
		if ex == 555 {
			ex = 556
		}
		return domain.Phone{Raw: fmt.Sprintf("+1 %s-%d-%d", area, ex, line), E164: fmt.Sprintf("+1%s%d%d", area, ex, line)}
	}
	prefix := pick(r, []string{"138", "139", "150", "186", "135"})
	a, b := 1000+r.intn(9000), 1000+r.intn(9000)
	return domain.Phone{Raw: fmt.Sprintf("+86 %s %d %d", prefix, a, b), E164: fmt.Sprintf("+86%s%d%d", prefix, a, b)}
}

func postalCode(r *rng, loc locale) string {
	switch loc {
	case polish:
		return fmt.Sprintf("%02d-%03d", r.intn(100), r.intn(1000))
	case english:
		return fmt.Sprintf("%05d", r.intn(100000))
	}
	return fmt.Sprintf("%06d", r.intn(1000000))
}

// nip returns a random Polish tax number with a valid checksum.
func nip(r *rng) string {
	weights := []int{6, 5, 7, 2, 3, 4, 5, 6, 7}
	for {
		digits := make([]byte, 10)
		sum := 0
		for k := 0; k < 9; k++ {
			d := r.intn(10)
			if k == 0 && d == 0 {
				d = 1
			}
			digits[k] = byte('0' + d)
			sum += d * weights[k]
		}
		if c := sum % 11; c != 10 {
			digits[9] = byte('0' + c)
			return string(digits)
		}
	}
}
