package importing

import (
	"fmt"
	"slices"
	"strings"

	"kontor/domain"
)

// flushPeople links and deduplicates a batch of people.
func (p *Planner) flushPeople(batch []pending) error {
	if err := p.resolveCompanies(batch); err != nil {
		return err
	}
	var emails, phones []string
	var nameKeys []NameAtCompany
	for _, pd := range batch {
		if pd.rec.Failed {
			continue
		}
		per := &pd.rec.Person
		if len(per.Emails) > 0 {
			p.identity[pd.idx] = hashKey('i', domain.EmailKey(per.Emails[0].Address))
		}
		companyKey := p.companyIdentity(pd)
		for _, e := range per.Emails {
			k := domain.EmailKey(e.Address)
			emails = append(emails, k)
			p.within(pd.idx, ByEmail, false, k)
		}
		for _, ph := range per.Phones {
			if ph.E164 != "" {
				phones = append(phones, ph.E164)
				p.within(pd.idx, ByPhone, true, ph.E164)
			}
		}
		nameKey := domain.PersonNameKey(per.FirstName, per.LastName)
		if nameKey != "" && companyKey != "" {
			p.within(pd.idx, ByNameAndCompany, true, nameKey, companyKey)
		}
		if nameKey != "" && p.plan.rows[pd.idx].companyID != 0 {
			nameKeys = append(nameKeys, NameAtCompany{NameKey: nameKey, CompanyID: p.plan.rows[pd.idx].companyID})
		}
		if name := foldedName(per.FirstName, per.LastName); name != "" && companyKey != "" {
			p.setName(pd.idx, name)
			for _, tok := range uniqueFields(name) {
				p.block(hashKey('b', companyKey, prefixRunes(tok, 2)), pd.idx)
			}
		}
	}
	found, err := p.lookUpPeople(emails, phones, nameKeys)
	if err != nil {
		return err
	}
	byEmail, byPhone, byName := found.ByEmail, found.ByPhone, found.ByName
	var near []int32 // rows to compare with their company's people
	for _, pd := range batch {
		if pd.rec.Failed {
			continue
		}
		per := &pd.rec.Person
		rowEmails := map[string]bool{}
		for _, e := range per.Emails {
			k := domain.EmailKey(e.Address)
			rowEmails[k] = true
			for _, ref := range byEmail[k] {
				p.hit(pd.idx, ref.ID, ByEmail)
			}
		}
		// Weaker evidence yields to a conflicting e-mail: same phone or
		// same name but different addresses is only a possible duplicate.
		conflicts := func(ref PersonRef) bool {
			if len(rowEmails) == 0 || len(ref.EmailKeys) == 0 {
				return false
			}
			for _, k := range ref.EmailKeys {
				if rowEmails[k] {
					return false
				}
			}
			return true
		}
		for _, ph := range per.Phones {
			for _, ref := range byPhone[ph.E164] {
				if ph.E164 == "" {
					continue
				}
				if conflicts(ref) {
					p.maybe(pd.idx, ref.ID, 0.8, ByPhone)
				} else {
					p.hit(pd.idx, ref.ID, ByPhone)
				}
			}
		}
		st := p.plan.rows[pd.idx]
		if st.companyID != 0 {
			for _, ref := range byName[NameAtCompany{NameKey: domain.PersonNameKey(per.FirstName, per.LastName), CompanyID: st.companyID}] {
				if conflicts(ref) {
					p.maybe(pd.idx, ref.ID, 0.85, ByNameAndCompany)
				} else {
					p.hit(pd.idx, ref.ID, ByNameAndCompany)
				}
			}
			if _, found := p.batchHits[pd.idx]; !found {
				near = append(near, pd.idx)
			}
		}
	}
	return p.nearExistingPeople(near)
}

// lookUpPeople finds the people in the data file with any of a batch's
// keys: at once when the Existing can (PeopleByKeys), else by each kind.
func (p *Planner) lookUpPeople(emails, phones []string, names []NameAtCompany) (PeopleMatches, error) {
	if all, ok := p.ex.(PeopleByKeys); ok {
		found, err := all.PeopleByKeys(p.ctx, emails, phones, names)
		if err != nil {
			return found, fmt.Errorf("look up people: %w", err)
		}
		return found, nil
	}
	var found PeopleMatches
	var err error
	if found.ByEmail, err = p.ex.PeopleByEmailKey(p.ctx, emails); err != nil {
		return found, fmt.Errorf("look up people by e-mail: %w", err)
	}
	if found.ByPhone, err = p.ex.PeopleByPhone(p.ctx, phones); err != nil {
		return found, fmt.Errorf("look up people by phone: %w", err)
	}
	if found.ByName, err = p.ex.PeopleByNameAndCompany(p.ctx, names); err != nil {
		return found, fmt.Errorf("look up people by name: %w", err)
	}
	return found, nil
}

// companyPeople are the existing people of one company as the near search
// compares them: ids and folded names (all in one string, ends[i] ending
// the i-th), with a mask of the first two letters of each word of each
// name (a bit per hashed prefix), which tells at once which names share a
// prefix with the row's (checked exactly after). About 35 bytes a person:
// the people of every company of a million-people file fit in the cache,
// so each company is read once.
type companyPeople struct {
	ids   []domain.ID
	names string
	ends  []uint32
	masks []uint64
}

func (cp *companyPeople) name(i int) string {
	start := uint32(0)
	if i > 0 {
		start = cp.ends[i-1]
	}
	return cp.names[start:cp.ends[i]]
}

// nearCacheBytes bounds the memory held for near-duplicate search; past it
// the cache starts again empty.
const nearCacheBytes = 64 << 20

// prefixBit is the mask bit of a two-letter prefix.
func prefixBit(pre string) uint64 { return 1 << (hashKey('p', pre) % 64) }

// sharesPrefix reports whether a word of name starts with pre's letters.
func sharesPrefix(name, pre string) bool {
	for _, tok := range uniqueFields(name) {
		if prefixRunes(tok, 2) == pre {
			return true
		}
	}
	return false
}

func (p *Planner) nearExistingPeople(rows []int32) error {
	// The cache starts again empty before the lookup, never between it
	// and the comparisons: a row whose company was dropped in between was
	// not compared at all.
	if p.cachedBytes > p.nearBudget {
		clear(p.companyPeople)
		p.cachedBytes = 0
	}
	var missing []domain.ID
	seen := map[domain.ID]bool{}
	for _, idx := range rows {
		id := p.plan.rows[idx].companyID
		if _, ok := p.companyPeople[id]; !ok && !seen[id] {
			seen[id] = true
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		found, err := p.ex.PeopleOfCompanies(p.ctx, missing, nearLimit)
		if err != nil {
			return fmt.Errorf("look up similar people: %w", err)
		}
		for _, id := range missing {
			refs := found[id]
			cp := &companyPeople{ids: make([]domain.ID, len(refs)), ends: make([]uint32, len(refs)), masks: make([]uint64, len(refs))}
			var names []byte
			for i, ref := range refs {
				name := foldedName(ref.FirstName, ref.LastName)
				names = append(names, name...)
				cp.ids[i], cp.ends[i] = ref.ID, uint32(len(names))
				for _, tok := range uniqueFields(name) {
					cp.masks[i] |= prefixBit(prefixRunes(tok, 2))
				}
			}
			cp.names = string(names)
			p.cachedBytes += len(refs)*(8+4+8) + len(cp.names)
			p.companyPeople[id] = cp
		}
	}
	for _, idx := range rows {
		name := p.name(idx)
		cp := p.companyPeople[p.plan.rows[idx].companyID]
		if name == "" || cp == nil {
			continue
		}
		// The candidates sharing a prefix, word by word, each compared
		// once, in the order of the company's people.
		compared := map[int]bool{}
		for _, tok := range uniqueFields(name) {
			pre := prefixRunes(tok, 2)
			bit := prefixBit(pre)
			for i, m := range cp.masks {
				if m&bit == 0 || compared[i] || !sharesPrefix(cp.name(i), pre) {
					continue
				}
				compared[i] = true
				if s := nameSimilarity(name, cp.name(i)); s >= personNearScore {
					p.maybe(idx, cp.ids[i], s, BySimilarName)
				}
			}
		}
	}
	return nil
}

// maxBlock caps a near-match block: larger blocks are not compared pair by
// pair (they hold common name prefixes, where similarity says little).
const maxBlock = 64

func (p *Planner) block(h uint64, idx int32) {
	p.blockList.add(blockEntry{split(h), idx})
}

func uniqueFields(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.Fields(s) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// flushCompanies deduplicates a batch of companies.
func (p *Planner) flushCompanies(batch []pending) error {
	var taxIDs []domain.TaxID
	var domains, nameKeys []string
	for _, pd := range batch {
		if pd.rec.Failed {
			continue
		}
		co := &pd.rec.Company
		if len(co.TaxIDs) > 0 {
			p.identity[pd.idx] = hashKey('i', TaxKey(co.TaxIDs[0]))
		}
		for _, t := range co.TaxIDs {
			taxIDs = append(taxIDs, t)
			p.within(pd.idx, ByTaxID, false, TaxKey(t))
		}
		if co.Domain != "" && !p.freeMailDomain[co.Domain] {
			domains = append(domains, co.Domain)
			p.sameDomain(pd.idx, co.Domain)
		}
		if key := domain.ParseCompanyName(co.Name); key.Base != "" {
			nameKeys = append(nameKeys, key.Base)
			p.companyWithin(pd.idx, key)
			p.setName(pd.idx, key.Base)
			p.block(hashKey('k', prefixRunes(key.Base, 3)), pd.idx)
		}
	}
	byTax, err := p.ex.CompaniesByTaxID(p.ctx, taxIDs)
	if err != nil {
		return fmt.Errorf("look up companies by tax id: %w", err)
	}
	byDomain, err := p.ex.CompaniesByDomain(p.ctx, domains)
	if err != nil {
		return fmt.Errorf("look up companies by domain: %w", err)
	}
	byName, err := p.ex.CompaniesByNameKey(p.ctx, nameKeys)
	if err != nil {
		return fmt.Errorf("look up companies by name: %w", err)
	}
	for _, pd := range batch {
		if pd.rec.Failed {
			continue
		}
		co := &pd.rec.Company
		rowTax := map[string]bool{}
		for _, t := range co.TaxIDs {
			rowTax[TaxKey(t)] = true
			for _, ref := range byTax[TaxKey(t)] {
				p.hit(pd.idx, ref.ID, ByTaxID)
			}
		}
		conflicts := func(ref CompanyRef) bool {
			if len(rowTax) == 0 || len(ref.TaxIDs) == 0 {
				return false
			}
			for _, t := range ref.TaxIDs {
				if rowTax[TaxKey(t)] {
					return false
				}
			}
			return true
		}
		weak := func(refs []CompanyRef, kind MatchKind) {
			for _, ref := range refs {
				if conflicts(ref) {
					p.maybe(pd.idx, ref.ID, 0.8, kind)
				} else {
					p.hit(pd.idx, ref.ID, kind)
				}
			}
		}
		// A shared web domain alone does not make one company: group
		// companies and branches share theirs. It is a possible duplicate.
		if co.Domain != "" && !p.freeMailDomain[co.Domain] {
			for _, ref := range byDomain[co.Domain] {
				if !conflicts(ref) {
					p.maybe(pd.idx, ref.ID, 0.75, ByDomain)
				}
			}
		}
		nameKey := domain.ParseCompanyName(co.Name)
		var sameName []CompanyRef
		for _, r := range byName[nameKey.Base] {
			if nameKey.Matches(domain.ParseCompanyName(r.Name)) {
				sameName = append(sameName, r)
			}
		}
		if len(sameName) == 1 {
			weak(sameName, ByCompanyName)
		} else {
			for _, r := range sameName { // "Agrobex" vs "Agrobex S.A." and "Agrobex Sp. z o.o."
				p.maybe(pd.idx, r.ID, 0.85, ByCompanyName)
			}
		}
		key := nameKey.Base
		if _, found := p.batchHits[pd.idx]; found || key == "" {
			continue
		}
		pre := prefixRunes(key, 3)
		cands, cached := p.companyPrefix[pre]
		if !cached {
			if cands, err = p.ex.CompaniesByNameKeyPrefix(p.ctx, pre, nearLimit); err != nil {
				return fmt.Errorf("look up similar companies: %w", err)
			}
			p.companyPrefix[pre] = cands
		}
		for _, ref := range cands {
			if ref.NameKey == key {
				continue // same name, other legal form: a different company
			}
			if s := jaroWinkler(key, ref.NameKey); s >= companyNearScore && !conflicts(ref) {
				p.maybe(pd.idx, ref.ID, s, BySimilarName)
			}
		}
	}
	return nil
}

// flushDeals links a batch of deals to companies, people and stages, and
// deduplicates them by title and company.
func (p *Planner) flushDeals(batch []pending) error {
	if err := p.resolveCompanies(batch); err != nil {
		return err
	}
	var emails, nameKeys, titleKeys []string
	for _, pd := range batch {
		if pd.rec.Failed {
			continue
		}
		if pd.rec.PersonEmailRef != "" {
			emails = append(emails, domain.EmailKey(pd.rec.PersonEmailRef))
		}
		if pd.rec.PersonRef != "" {
			nameKeys = append(nameKeys, personRefKeys(pd.rec.PersonRef)...)
		}
		tk := TitleKey(pd.rec.Deal.Title)
		titleKeys = append(titleKeys, tk)
		// Deals of one company often share a title ("Support renewal
		// 2025"); a different contact or amount tells them apart.
		if id := dealIdentity(pd.rec); id != "" {
			p.identity[pd.idx] = hashKey('i', id)
		}
		p.within(pd.idx, ByTitleAndCompany, true, tk, p.companyIdentity(pd))
		p.resolveStage(pd)
	}
	byEmail, err := p.ex.PeopleByEmailKey(p.ctx, emails)
	if err != nil {
		return fmt.Errorf("look up people by e-mail: %w", err)
	}
	byName, err := p.ex.PeopleByNameKey(p.ctx, nameKeys)
	if err != nil {
		return fmt.Errorf("look up people by name: %w", err)
	}
	byTitle, err := p.ex.DealsByTitleKey(p.ctx, titleKeys)
	if err != nil {
		return fmt.Errorf("look up deals: %w", err)
	}
	for _, pd := range batch {
		if pd.rec.Failed {
			continue
		}
		st, dl := &p.plan.rows[pd.idx], &p.plan.deals[pd.idx]
		p.linkPerson(pd, st.companyID, dl, byEmail, byName)
		linkedNew := st.newCompany >= 0
		for _, ref := range byTitle[TitleKey(pd.rec.Deal.Title)] {
			if linkedNew || ref.CompanyID != st.companyID || (st.companyID == 0 && pd.rec.CompanyRef != "") {
				continue
			}
			amount := pd.rec.Deal.Amount
			personConflict := dl.personID != 0 && ref.PersonID != 0 && dl.personID != ref.PersonID
			amountConflict := amount != nil && ref.Amount != nil && *amount != *ref.Amount
			if personConflict || amountConflict {
				p.maybe(pd.idx, ref.ID, 0.8, ByTitleAndCompany)
			} else {
				p.hit(pd.idx, ref.ID, ByTitleAndCompany)
			}
		}
	}
	return nil
}

// personRefKeys returns the name keys a person's name written in one cell
// may have: as written, and split into first and last name.
func personRefKeys(name string) []string {
	keys := []string{domain.PersonNameKey(name, "")}
	if f, l := domain.SplitFullName(name); f != "" || l != "" {
		if k := domain.PersonNameKey(f, l); k != keys[0] {
			keys = append(keys, k)
		}
	}
	return keys
}

func (p *Planner) linkPerson(pd pending, companyID domain.ID, dl *dealLinks, byEmail, byName map[string][]PersonRef) {
	if pd.rec.PersonEmailRef != "" {
		if refs := byEmail[domain.EmailKey(pd.rec.PersonEmailRef)]; len(refs) == 1 {
			dl.personID = refs[0].ID
			return
		}
	}
	if pd.rec.PersonRef == "" {
		if pd.rec.PersonEmailRef != "" {
			p.warn(pd, "person_email", fmt.Sprintf("no person with e-mail %s; not linked", pd.rec.PersonEmailRef))
		}
		return
	}
	seen := map[domain.ID]PersonRef{}
	for _, k := range personRefKeys(pd.rec.PersonRef) {
		for _, ref := range byName[k] {
			seen[ref.ID] = ref
		}
	}
	var all, atCompany []domain.ID
	for id, ref := range seen {
		all = append(all, id)
		if companyID != 0 && ref.CompanyID == companyID {
			atCompany = append(atCompany, id)
		}
	}
	switch {
	case len(atCompany) == 1:
		dl.personID = atCompany[0]
	case len(all) == 1:
		dl.personID = all[0]
	case len(all) == 0:
		p.warn(pd, "person", fmt.Sprintf("no person named %q in the data file; not linked", pd.rec.PersonRef))
	default:
		slices.Sort(all)
		p.plan.Ambiguous = append(p.plan.Ambiguous, Ambiguous{Row: int(pd.idx) + 1, Field: "person", Text: pd.rec.PersonRef, Candidates: all})
	}
}

// stageSynonyms maps folded stage names other CRMs use to Kontor's won and
// lost outcomes.
var stageSynonyms = map[string]string{
	"closed won": "won", "won": "won", "wygrana": "won", "wygrane": "won", "sukces": "won", "zamknieta wygrana": "won", "赢单": "won", "成交": "won", "赢得": "won",
	"closed lost": "lost", "closed lost to competition": "lost", "lost": "lost", "przegrana": "lost", "przegrane": "lost", "porazka": "lost", "zamknieta przegrana": "lost", "输单": "lost", "丢单": "lost", "失败": "lost",
}

func (p *Planner) resolveStage(pd pending) {
	if pd.rec.StageRef == "" {
		return
	}
	dl := &p.plan.deals[pd.idx]
	key := domain.Fold(pd.rec.StageRef)
	if id, ok := p.stageByKey[key]; ok {
		dl.stageID = id
		return
	}
	if outcome, ok := stageSynonyms[key]; ok {
		for _, s := range p.stages {
			if (outcome == "won" && s.Won) || (outcome == "lost" && s.Lost) {
				dl.stageID = s.ID
				return
			}
		}
	}
	if p.plan.Options.CreateStages {
		n, ok := p.newStageIdx[key]
		if !ok {
			n = int32(len(p.plan.NewStages))
			p.newStageIdx[key] = n
			p.plan.NewStages = append(p.plan.NewStages, NewStage{Name: pd.rec.StageRef})
		}
		p.plan.NewStages[n].Rows++
		dl.newStage = n
		return
	}
	p.warn(pd, "stage", fmt.Sprintf("stage %q is not in the pipeline; the first stage is used", pd.rec.StageRef))
}

// companyWithin joins a company row to an earlier row of the file that
// names the same company: same base key and the same legal form, or no
// form on one side when that makes the match unique.
func (p *Planner) companyWithin(idx int32, key domain.CompanyNameKey) {
	rows := p.companyRows[key.Base]
	match := int32(-1)
	compatible := 0
	for _, r := range rows {
		if r.form == key.Form {
			match, compatible = r.idx, 1
			break
		}
		if key.Form == "" || r.form == "" {
			compatible++
			match = r.idx
		}
	}
	if compatible == 1 {
		first := match
		if p.identity[idx] != 0 && p.identity[first] != 0 && p.identity[idx] != p.identity[first] {
			p.rowPossible = append(p.rowPossible, pairHit{a: first, b: idx, score: 0.8, kind: ByCompanyName})
		} else {
			p.uf.union(first, idx)
			if p.withinKind[idx] == matchNone || ByCompanyName < p.withinKind[idx] {
				p.withinKind[idx] = ByCompanyName
			}
		}
	}
	for _, r := range rows {
		if r.form == key.Form {
			return
		}
	}
	p.companyRows[key.Base] = append(rows, companyRow{form: key.Form, idx: idx})
}

// sameDomain notes rows of companies with the same web domain as possible
// duplicates of the first such row.
func (p *Planner) sameDomain(idx int32, d string) {
	p.keyList.add(newKeyEntry(hashKey(byte(ByDomain), d), idx, ByDomain, false, true))
}

// dealIdentity is what tells two deals with the same title apart: their
// contact and amount.
func dealIdentity(rec Record) string {
	var parts []string
	if rec.PersonEmailRef != "" {
		parts = append(parts, domain.EmailKey(rec.PersonEmailRef))
	} else if rec.PersonRef != "" {
		parts = append(parts, domain.PersonNameKey(rec.PersonRef, ""))
	}
	if a := rec.Deal.Amount; a != nil {
		parts = append(parts, a.Decimal()+a.Currency)
	}
	return strings.Join(parts, "|")
}
