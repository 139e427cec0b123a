package importing

import (
	"cmp"
	"slices"

	"kontor/domain"
)

// Finish looks up the last rows, compares near-match candidates within the
// file, forms the duplicate groups with their default decisions, and
// returns the plan. The Planner must not be used afterwards.
func (p *Planner) Finish() (*Plan, error) {
	if err := p.flush(); err != nil {
		return nil, err
	}
	// What the lookups kept (the near search's people of companies above
	// all: up to 64 MB) is not needed for grouping, which allocates the
	// groups: let it go first.
	p.batch, p.batchHits = nil, nil
	p.companyRefs, p.newCompanyIdx, p.companyRows, p.companyPrefix, p.companyKeys = nil, nil, nil, nil, nil
	p.companyPeople, p.cachedBytes = nil, 0
	p.joinKeys()
	p.nearWithinFile()
	p.nameData, p.nameEnd = nil, nil
	p.definiteGroups()
	p.possibleGroups()
	plan := p.plan
	*p = Planner{}
	return plan, nil
}

// joinKeys joins the rows that share a duplicate key: each to the first
// row with the key, by sorting the keys rather than hashing them into maps.
func (p *Planner) joinKeys() {
	p.keyList.sortedRuns(func(run []keyEntry) {
		first := run[0].row()
		for _, e := range run[1:] {
			idx, kind := e.row(), e.kind()
			if idx == first {
				continue
			}
			conflict := p.identity[idx] != 0 && p.identity[first] != 0 && p.identity[idx] != p.identity[first]
			switch {
			case e.possibleOnly():
				if !conflict {
					p.rowPossible = append(p.rowPossible, pairHit{a: first, b: idx, score: 0.75, kind: kind})
				}
			case e.weak() && conflict:
				p.rowPossible = append(p.rowPossible, pairHit{a: first, b: idx, score: 0.8, kind: kind})
			default:
				p.uf.union(first, idx)
				if p.withinKind[idx] == matchNone || kind < p.withinKind[idx] {
					p.withinKind[idx] = kind
				}
			}
		}
	})
}

// nearWithinFile compares the rows of each candidate block pair by pair.
func (p *Planner) nearWithinFile() {
	threshold := personNearScore
	similarity := nameSimilarity
	if p.plan.Mapping.Type == domain.TypeCompany {
		threshold, similarity = companyNearScore, jaroWinkler
	}
	p.blockList.sortedRuns(func(run []blockEntry) {
		block := run[:min(len(run), maxBlock)]
		for i := 0; i < len(block); i++ {
			for j := i + 1; j < len(block); j++ {
				a, b := block[i].idx, block[j].idx
				if a == b || p.uf.find(a) == p.uf.find(b) {
					continue
				}
				if p.identity[a] != 0 && p.identity[b] != 0 && p.identity[a] != p.identity[b] {
					continue // different e-mails or tax ids: different records
				}
				na, nb := p.name(a), p.name(b)
				if na == nb {
					continue // equal names: a definite match already, or told apart by e-mail, tax id or legal form
				}
				if s := similarity(na, nb); s >= threshold {
					p.rowPossible = append(p.rowPossible, pairHit{a: min(a, b), b: max(a, b), score: s, kind: BySimilarName})
				}
			}
		}
	})
}

// definiteGroups turns the union-find sets and the existing-record hits
// into groups.
func (p *Planner) definiteGroups() {
	plan := p.plan
	joined := map[int32]bool{} // roots that later rows joined
	for i := range plan.rows {
		if root := p.uf.find(int32(i)); root != int32(i) {
			joined[root] = true
		}
	}
	byRoot := map[int32]*Group{}
	var groups slab[Group]
	h := 0 // walks p.hits, which is in row order
	for i := range plan.rows {
		idx := int32(i)
		root := p.uf.find(idx)
		var hit existingHit
		for ; h < len(p.hits) && p.hits[h].idx == idx; h++ {
			hit.ids = append(hit.ids, p.hits[h].id)
			hit.kinds = append(hit.kinds, p.hits[h].kind)
		}
		hasHit := len(hit.ids) > 0
		g := byRoot[root]
		if g == nil {
			if root == idx && !hasHit && !joined[root] {
				continue
			}
			g = groups.next()
			*g = Group{ID: len(plan.Groups), Score: 1, Decision: plan.Options.OnDuplicate}
			byRoot[root] = g
			plan.Groups = append(plan.Groups, g)
		}
		g.Rows = append(g.Rows, i+1)
		plan.rows[i].group = int32(g.ID)
		if k := p.withinKind[idx]; k != matchNone {
			addReason(g, k)
		}
		for j, id := range hit.ids {
			addReason(g, hit.kinds[j])
			if !slices.Contains(g.Existing, id) {
				g.Existing = append(g.Existing, id)
			}
		}
	}
	for _, g := range plan.Groups {
		slices.Sort(g.Reasons)
		p.rankExisting(g)
	}
}

// rankExisting orders a group's existing records: strongest evidence
// first, then the most rows pointing at it, then the oldest id.
func (p *Planner) rankExisting(g *Group) {
	if len(g.Existing) < 2 {
		return
	}
	best := map[domain.ID]MatchKind{}
	votes := map[domain.ID]int{}
	for _, r := range g.Rows {
		idx := int32(r - 1)
		at, _ := slices.BinarySearchFunc(p.hits, idx, func(e hitEntry, t int32) int { return cmp.Compare(e.idx, t) })
		for ; at < len(p.hits) && p.hits[at].idx == idx; at++ {
			id, k := p.hits[at].id, p.hits[at].kind
			if b, ok := best[id]; !ok || k < b {
				best[id] = k
			}
			votes[id]++
		}
	}
	slices.SortStableFunc(g.Existing, func(a, b domain.ID) int {
		if best[a] != best[b] {
			return int(best[a]) - int(best[b])
		}
		if votes[a] != votes[b] {
			return votes[b] - votes[a]
		}
		return int(a - b)
	})
}

func addReason(g *Group, k MatchKind) {
	if !slices.Contains(g.Reasons, k) {
		g.Reasons = append(g.Reasons, k)
	}
}

// possibleGroups forms groups of near matches among rows that are in no
// definite group. They default to "create": a suggestion, not a verdict.
func (p *Planner) possibleGroups() {
	plan := p.plan
	free := func(idx int32) bool { return plan.rows[idx].group < 0 && !plan.rows[idx].failed }
	var uf unionFind
	uf.parent = make([]int32, len(plan.rows))
	for i := range uf.parent {
		uf.parent[i] = int32(i)
	}
	score := map[int32]float64{}
	kinds := map[int32]MatchKind{}
	linked := map[int32]bool{}
	related := map[int32]int32{} // a free row resembling a row of a definite group
	for _, pr := range p.rowPossible {
		switch fa, fb := free(pr.a), free(pr.b); {
		case fa && !fb && !plan.rows[pr.b].failed:
			related[pr.a], linked[pr.a] = pr.b, true
			score[pr.a], kinds[pr.a] = max(score[pr.a], pr.score), pr.kind
			continue
		case fb && !fa && !plan.rows[pr.a].failed:
			related[pr.b], linked[pr.b] = pr.a, true
			score[pr.b], kinds[pr.b] = max(score[pr.b], pr.score), pr.kind
			continue
		case !fa || !fb:
			continue
		}
		uf.union(pr.a, pr.b)
		linked[pr.a], linked[pr.b] = true, true
		score[pr.a] = max(score[pr.a], pr.score)
		score[pr.b] = max(score[pr.b], pr.score)
		kinds[pr.a], kinds[pr.b] = pr.kind, pr.kind
	}
	for idx, hit := range p.possible {
		if free(idx) {
			linked[idx] = true
			score[idx] = max(score[idx], hit.score)
			kinds[idx] = hit.kind
		}
	}
	byRoot := map[int32]*Group{}
	for i := range plan.rows {
		idx := int32(i)
		if !linked[idx] || !free(idx) {
			continue
		}
		root := uf.find(idx)
		g := byRoot[root]
		if g == nil {
			g = &Group{ID: len(plan.Groups), Possible: true, Decision: DecideCreate}
			byRoot[root] = g
			plan.Groups = append(plan.Groups, g)
		}
		addReason(g, kinds[idx])
		g.Rows = append(g.Rows, i+1)
		g.Score = max(g.Score, score[idx])
		if hit, ok := p.possible[idx]; ok && !slices.Contains(g.Existing, hit.id) {
			g.Existing = append(g.Existing, hit.id)
		}
		if r, ok := related[idx]; ok && g.Related == 0 {
			g.Related = int(r) + 1
		}
	}
	for _, g := range byRoot {
		slices.Sort(g.Reasons)
		for _, r := range g.Rows {
			plan.rows[r-1].group = int32(g.ID)
		}
	}
}

// slab hands out values allocated a thousand at a time: a plan may hold a
// group for each of half a million rows, and one allocation per group
// costs a size class's slack and the collector's work on each.
type slab[T any] struct{ free []T }

func (s *slab[T]) next() *T {
	if len(s.free) == 0 {
		s.free = make([]T, 1024)
	}
	v := &s.free[0]
	s.free = s.free[1:]
	return v
}
