package importing

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"kontor/domain"
)

// Planner builds a Plan one row at a time. Rows are parsed as they come
// and looked up against the data file in batches, so planning a large file
// holds only a few bytes per row.
type Planner struct {
	ctx  context.Context
	ex   Existing
	plan *Plan

	batch []pending

	// Within-file duplicate keys, resolved at Finish by sorting: compact
	// entries instead of maps keep a million-row plan small.
	keyList    hashBuckets[keyEntry]
	uf         unionFind
	withinKind []MatchKind // why a row joined an earlier one
	// Primary e-mail (people) or first tax id (companies) of each row,
	// hashed: two rows with different ones are not taken for one record on
	// weaker evidence.
	identity []uint64

	batchHits map[int32]existingHit // definite matches in the data file, this batch
	hits      []hitEntry            // all definite matches, in row order
	possible  map[int32]possibleHit // near matches in the data file
	// Near matches within the file: candidate blocks and the folded names
	// compared (all names in one byte slice, nameEnd[i] ending row i's).
	blockList   hashBuckets[blockEntry]
	nameData    []byte
	nameEnd     []uint32
	rowPossible []pairHit

	companyRefs    map[string][]CompanyRef // existing companies by base key
	newCompanyIdx  map[string][]int32      // planned new companies by base key
	companyRows    map[string][]companyRow // company rows of the file by base key
	companyPrefix  map[string][]CompanyRef
	companyKeys    map[string]domain.CompanyNameKey // parsed company names, by name
	companyPeople  map[domain.ID]*companyPeople     // existing people by company, for near matches
	cachedBytes    int
	nearBudget     int // nearCacheBytes (tests set less)
	stages         []domain.Stage
	stageByKey     map[string]domain.ID
	newStageIdx    map[string]int32
	freeMailDomain map[string]bool
}

type pending struct {
	idx int32
	rec Record
}

// keyEntry is one duplicate key of a row, in 12 bytes (there are two or
// three per row): the hash in two halves, and the row with the key's kind
// and flags packed in one word. Weak keys yield to conflicting
// identities; possibleOnly keys never make a definite match (a shared web
// domain).
type keyEntry struct {
	hash   halves
	packed uint32 // row<<6 | kind<<2 | weak<<1 | possibleOnly
}

// halves is a 64-bit hash kept as two 32-bit words, so that an entry
// holding it is aligned to 4 bytes, not 8: with a 4-byte row it takes 12
// bytes, not 16.
type halves struct{ hi, lo uint32 }

func split(h uint64) halves  { return halves{uint32(h >> 32), uint32(h)} }
func (h halves) sum() uint64 { return uint64(h.hi)<<32 | uint64(h.lo) }

// maxPlanRows is how many rows one plan can hold: a row's index takes 26
// bits of a keyEntry. (A file that large would need gigabytes for its
// plan anyway.)
const maxPlanRows = 1 << 26

func newKeyEntry(h uint64, idx int32, kind MatchKind, weak, possibleOnly bool) keyEntry {
	packed := uint32(idx)<<6 | uint32(kind&0xf)<<2
	if weak {
		packed |= 2
	}
	if possibleOnly {
		packed |= 1
	}
	return keyEntry{hash: split(h), packed: packed}
}

func (e keyEntry) row() int32         { return int32(e.packed >> 6) }
func (e keyEntry) kind() MatchKind    { return MatchKind(e.packed >> 2 & 0xf) }
func (e keyEntry) weak() bool         { return e.packed&2 != 0 }
func (e keyEntry) possibleOnly() bool { return e.packed&1 != 0 }

// blockEntry puts a row in a near-match candidate block, in 12 bytes
// (there are one or two per row).
type blockEntry struct {
	hash halves
	idx  int32
}

// hitEntry is a definite match of a row with an existing record.
type hitEntry struct {
	idx  int32
	kind MatchKind
	id   domain.ID
}

type existingHit struct {
	ids   []domain.ID
	kinds []MatchKind
}

type possibleHit struct {
	id    domain.ID
	score float64
	kind  MatchKind
}

type pairHit struct {
	a, b  int32
	score float64
	kind  MatchKind
}

// companyRow is a company row of the file, for matching later rows.
type companyRow struct {
	form string
	idx  int32
}

type companyLink struct {
	id         domain.ID
	candidates []domain.ID // set when several companies share the key
}

// maxKeptMatches caps the parsed rows a large plan keeps for showing
// duplicates side by side.
const maxKeptMatches = 20_000

// batchSize is how many rows are looked up against the data file at once.
const batchSize = 1000

// keepAllRows: plans of files up to this many rows keep every parsed row
// for display; larger ones keep rows that matched something.
const keepAllRows = 5000

// nearLimit caps the candidates one blocked near-match probe returns.
const nearLimit = 200

// Thresholds of the similarity scores that make a possible duplicate.
const (
	personNearScore  = 0.90
	companyNearScore = 0.92
)

// NewPlanner starts a plan. It reads the pipeline stages and custom fields
// from the data file.
func NewPlanner(ctx context.Context, m Mapping, opts Options, ex Existing) (*Planner, error) {
	if opts.OnDuplicate == "" {
		opts.OnDuplicate = DecideSkip
	}
	m.Columns = slices.Clone(m.Columns) // the plan owns its mapping
	if opts.DefaultCurrency == "" {
		opts.DefaultCurrency = "PLN"
	}
	p := &Planner{
		ctx: ctx, ex: ex,
		plan:      &Plan{Mapping: m, Options: opts, records: map[int32]*Record{}, customTypes: map[string]domain.FieldType{}},
		batchHits: map[int32]existingHit{}, possible: map[int32]possibleHit{}, nearBudget: nearCacheBytes,
		companyRefs: map[string][]CompanyRef{}, newCompanyIdx: map[string][]int32{}, companyRows: map[string][]companyRow{},
		companyPrefix: map[string][]CompanyRef{}, companyKeys: map[string]domain.CompanyNameKey{},
		companyPeople: map[domain.ID]*companyPeople{},
		stageByKey:    map[string]domain.ID{}, newStageIdx: map[string]int32{},
		freeMailDomain: freeMail(),
	}
	fields, err := ex.CustomFields(ctx, m.Type)
	if err != nil {
		return nil, fmt.Errorf("read custom fields: %w", err)
	}
	for _, f := range fields {
		p.plan.customTypes[f.Key] = f.Type
	}
	for i, c := range m.Columns {
		if c.NewCustom == nil {
			continue
		}
		if t, exists := p.plan.customTypes[c.NewCustom.Key]; exists {
			// A saved mapping that created the field last time: use it.
			if t != c.NewCustom.Type {
				return nil, fmt.Errorf("column %q: custom field %q exists already as %s, not %s", c.Header, c.NewCustom.Key, t, c.NewCustom.Type)
			}
			p.plan.Mapping.Columns[i].NewCustom = nil
			continue
		}
		nc := *c.NewCustom
		nc.RecordType = m.Type
		p.plan.NewCustomFields = append(p.plan.NewCustomFields, nc)
		p.plan.customTypes[nc.Key] = nc.Type
	}
	if m.Type == domain.TypeDeal {
		if p.stages, err = ex.Stages(ctx); err != nil {
			return nil, fmt.Errorf("read pipeline: %w", err)
		}
		for _, s := range p.stages {
			p.stageByKey[domain.Fold(s.Name)] = s.ID
		}
	}
	return p, nil
}

// Add plans one data row. Rows must come in file order.
func (p *Planner) Add(row Row) error {
	n := len(p.plan.rows) + 1
	rec := ParseRow(p.plan.Mapping, p.plan.Options, p.plan.customTypes, n, row.Line, row.Cells)
	rec.Issues = append(readIssues(n, row), rec.Issues...)
	return p.add(row.Line, rec)
}

// add plans a parsed row.
func (p *Planner) add(line int, rec Record) error {
	if len(p.plan.rows) >= maxPlanRows {
		return fmt.Errorf("line %d: a file can have at most %d rows; split it", line, maxPlanRows)
	}
	idx := int32(len(p.plan.rows))
	p.plan.rows = append(p.plan.rows, rowState{line: int32(line), failed: rec.Failed, hasErrors: rec.HasErrors(), group: -1, newCompany: -1})
	if p.plan.Mapping.Type == domain.TypeDeal {
		p.plan.deals = append(p.plan.deals, dealLinks{newStage: -1})
	}
	p.uf.add()
	p.withinKind = append(p.withinKind, matchNone)
	p.identity = append(p.identity, 0)
	p.batch = append(p.batch, pending{idx: idx, rec: rec})
	if len(p.batch) >= batchSize {
		return p.flush()
	}
	return nil
}

// BuildPlan reads every row of src and returns the plan. progress, when
// not nil, is called now and then with the rows read so far.
func BuildPlan(ctx context.Context, src RowSource, m Mapping, opts Options, ex Existing, progress func(rows int)) (*Plan, error) {
	p, err := NewPlanner(ctx, m, opts, ex)
	if err != nil {
		return nil, err
	}
	err = eachParsed(ctx, src, p.plan.Mapping, p.plan.Options, p.plan.customTypes, func(n int, pr *parsedRow) error {
		if progress != nil && n%5000 == 0 {
			progress(n)
		}
		return p.add(pr.row.Line, pr.rec)
	})
	if err != nil {
		return nil, err
	}
	return p.Finish()
}

func (p *Planner) addIssues(rec *Record) {
	for _, is := range rec.Issues {
		p.plan.IssueCount++
		if len(p.plan.Issues) < MaxIssues {
			p.plan.Issues = append(p.plan.Issues, is)
		}
	}
}

// hashKey is FNV-1a over a kind byte and the parts, each 0-terminated.
// At 64 bits, collisions among a few million keys are about as likely as
// a cosmic-ray bit flip.
func hashKey(kind byte, parts ...string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	h = (h ^ uint64(kind)) * prime
	for _, s := range parts {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * prime
		}
		h *= prime // the 0 terminator
	}
	return h
}

// setName records the folded name of a row for near-match comparison.
// Rows are named in increasing order.
func (p *Planner) setName(idx int32, name string) {
	for int32(len(p.nameEnd)) < idx {
		p.nameEnd = append(p.nameEnd, uint32(len(p.nameData)))
	}
	p.nameData = append(p.nameData, name...)
	p.nameEnd = append(p.nameEnd, uint32(len(p.nameData)))
}

// name returns the folded name recorded for a row, or "".
func (p *Planner) name(idx int32) string {
	if int(idx) >= len(p.nameEnd) {
		return ""
	}
	start := uint32(0)
	if idx > 0 {
		start = p.nameEnd[idx-1]
	}
	return string(p.nameData[start:p.nameEnd[idx]])
}

// flush resolves the batch's links and duplicates against the data file
// and the rows before it.
func (p *Planner) flush() error {
	if len(p.batch) == 0 {
		return nil
	}
	if err := p.ctx.Err(); err != nil {
		return err
	}
	batch := p.batch
	p.batch = p.batch[:0:0]
	for i := range batch {
		p.addIssues(&batch[i].rec)
	}
	var err error
	switch p.plan.Mapping.Type {
	case domain.TypePerson:
		err = p.flushPeople(batch)
	case domain.TypeCompany:
		err = p.flushCompanies(batch)
	case domain.TypeDeal:
		err = p.flushDeals(batch)
	}
	if err != nil {
		return err
	}
	for i := range batch {
		pd := &batch[i]
		hit, hitExisting := p.batchHits[pd.idx]
		_, hitPossible := p.possible[pd.idx]
		if !p.plan.Options.Unattended && (len(p.plan.rows) <= keepAllRows || (hitExisting || hitPossible) && len(p.plan.records) < keepAllRows+maxKeptMatches) {
			rec := pd.rec
			p.plan.records[pd.idx] = &rec
		}
		for j, id := range hit.ids {
			p.hits = append(p.hits, hitEntry{idx: pd.idx, kind: hit.kinds[j], id: id})
		}
	}
	clear(p.batchHits)
	return nil
}

// resolveCompanies links the batch's company names to existing companies,
// or to new ones when allowed. Names match when their base keys are equal
// and their legal forms agree (or one has none): "Agrobex" finds "Agrobex
// S.A." if that is the only Agrobex, but is ambiguous between "Agrobex
// S.A." and "Agrobex Sp. z o.o.".
func (p *Planner) resolveCompanies(batch []pending) error {
	var missing []string
	seen := map[string]bool{}
	for _, pd := range batch {
		if pd.rec.CompanyRef == "" || pd.rec.Failed {
			continue
		}
		base := p.companyKey(pd.rec.CompanyRef).Base
		if _, known := p.companyRefs[base]; !known && !seen[base] && base != "" {
			seen[base] = true
			missing = append(missing, base)
		}
	}
	if len(missing) > 0 {
		found, err := p.ex.CompaniesByNameKey(p.ctx, missing)
		if err != nil {
			return fmt.Errorf("look up companies: %w", err)
		}
		for _, base := range missing {
			p.companyRefs[base] = found[base]
		}
	}
	for _, pd := range batch {
		if pd.rec.CompanyRef == "" || pd.rec.Failed {
			continue
		}
		st := &p.plan.rows[pd.idx]
		key := p.companyKey(pd.rec.CompanyRef)
		if key.Base == "" {
			p.warn(pd, "company", fmt.Sprintf("company name %q has no letters or digits; not linked", pd.rec.CompanyRef))
			continue
		}
		link := p.linkCompany(key, p.companyRefs[key.Base])
		switch {
		case link.id != 0:
			st.companyID = link.id
		case len(link.candidates) > 0:
			p.plan.Ambiguous = append(p.plan.Ambiguous, Ambiguous{Row: int(pd.idx) + 1, Field: "company", Text: pd.rec.CompanyRef, Candidates: link.candidates})
		case p.plan.Options.CreateCompanies:
			st.newCompany = p.newCompany(key, pd.rec.CompanyRef)
			p.plan.NewCompanies[st.newCompany].Rows++
		default:
			p.warn(pd, "company", fmt.Sprintf("company %q is not in the data file; not linked (creating companies is off)", pd.rec.CompanyRef))
		}
	}
	return nil
}

// companyKey parses a company name once per distinct name (a file names
// few companies many times).
func (p *Planner) companyKey(name string) domain.CompanyNameKey {
	k, ok := p.companyKeys[name]
	if !ok {
		if len(p.companyKeys) > 200_000 {
			clear(p.companyKeys)
		}
		k = domain.ParseCompanyName(name)
		p.companyKeys[name] = k
	}
	return k
}

// linkCompany picks the existing company a name denotes.
func (p *Planner) linkCompany(key domain.CompanyNameKey, refs []CompanyRef) companyLink {
	var compatible, exact []domain.ID
	for _, r := range refs {
		rk := domain.ParseCompanyName(r.Name)
		if !key.Matches(rk) {
			continue
		}
		compatible = append(compatible, r.ID)
		if rk.Form == key.Form {
			exact = append(exact, r.ID)
		}
	}
	switch {
	case len(compatible) == 1:
		return companyLink{id: compatible[0]}
	case len(exact) == 1:
		return companyLink{id: exact[0]}
	}
	return companyLink{candidates: compatible}
}

// newCompany returns the index of the new company a name denotes, adding
// it when no compatible one is planned yet.
func (p *Planner) newCompany(key domain.CompanyNameKey, name string) int32 {
	var match int32 = -1
	for _, n := range p.newCompanyIdx[key.Base] {
		nk := domain.ParseCompanyName(p.plan.NewCompanies[n].Name)
		if nk.Form == key.Form {
			return n
		}
		if key.Matches(nk) && match < 0 {
			match = n
		}
	}
	if match >= 0 {
		return match
	}
	n := int32(len(p.plan.NewCompanies))
	p.newCompanyIdx[key.Base] = append(p.newCompanyIdx[key.Base], n)
	p.plan.NewCompanies = append(p.plan.NewCompanies, NewCompany{Name: name, Key: key.Full()})
	return n
}

// companyIdentity names the company a row links to, for comparing rows:
// the existing company, the planned new one, or the name's full key.
func (p *Planner) companyIdentity(pd pending) string {
	st := p.plan.rows[pd.idx]
	switch {
	case st.companyID != 0:
		return fmt.Sprintf("id:%d", st.companyID)
	case st.newCompany >= 0:
		return fmt.Sprintf("new:%d", st.newCompany)
	case pd.rec.CompanyRef != "":
		return "name:" + p.companyKey(pd.rec.CompanyRef).Full()
	}
	return ""
}

// warn records a row-level warning about a link.
func (p *Planner) warn(pd pending, field, msg string) {
	col, header := -1, ""
	for _, c := range p.plan.Mapping.Columns {
		if c.Field == field {
			col, header = c.Index, c.Header
			break
		}
	}
	is := Issue{Row: int(pd.idx) + 1, Line: pd.rec.Line, Column: col, Header: header, Message: msg, Severity: SevWarning}
	p.plan.IssueCount++
	if len(p.plan.Issues) < MaxIssues {
		p.plan.Issues = append(p.plan.Issues, is)
	}
}

// within registers a row's definite duplicate key; rows sharing a key are
// joined at Finish (unless their identities conflict: then the pair is
// only a possible duplicate).
func (p *Planner) within(idx int32, kind MatchKind, weak bool, parts ...string) {
	p.keyList.add(newKeyEntry(hashKey(byte(kind), parts...), idx, kind, weak, false))
}

// hit records a definite match of a row with an existing record.
func (p *Planner) hit(idx int32, id domain.ID, kind MatchKind) {
	h := p.batchHits[idx]
	for i, existing := range h.ids {
		if existing == id {
			if kind < h.kinds[i] {
				h.kinds[i] = kind
			}
			p.batchHits[idx] = h
			return
		}
	}
	h.ids = append(h.ids, id)
	h.kinds = append(h.kinds, kind)
	p.batchHits[idx] = h
}

// maybe records a possible match with an existing record, keeping the best.
func (p *Planner) maybe(idx int32, id domain.ID, score float64, kind MatchKind) {
	if cur, ok := p.possible[idx]; !ok || score > cur.score {
		p.possible[idx] = possibleHit{id: id, score: score, kind: kind}
	}
}

func freeMail() map[string]bool {
	m := map[string]bool{}
	for _, d := range []string{"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com",
		"wp.pl", "o2.pl", "onet.pl", "interia.pl", "gazeta.pl", "op.pl", "qq.com", "163.com", "126.com", "sina.com", "gmx.de", "web.de", "proton.me", "protonmail.com"} {
		m[d] = true
	}
	return m
}

func prefixRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// foldedName is the comparison form of a person's name: "first last".
func foldedName(first, last string) string {
	return strings.Join(strings.Fields(domain.Fold(first+" "+last)), " ")
}

// readIssues turns what the reader noticed in a row (ragged length, NUL
// bytes) into warnings of the plan.
func readIssues(dataRow int, row Row) []Issue {
	out := make([]Issue, 0, len(row.Issues))
	for _, ri := range row.Issues {
		out = append(out, Issue{Row: dataRow, Line: ri.Line, Column: ri.Column - 1, Message: ri.Message, Severity: SevWarning})
	}
	return out
}
