package importing

import "strings"

// jaroWinkler returns the Jaro-Winkler similarity of a and b (0..1),
// comparing runes.
func jaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	ra, rb := []rune(a), []rune(b)
	la, lb := len(ra), len(rb)
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	ma := make([]bool, la)
	mb := make([]bool, lb)
	matches := 0
	for i := range ra {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && ra[i] == rb[j] {
				ma[i], mb[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	transpositions, j := 0, 0
	for i := range ra {
		if !ma[i] {
			continue
		}
		for !mb[j] {
			j++
		}
		if ra[i] != rb[j] {
			transpositions++
		}
		j++
	}
	m := float64(matches)
	jaro := (m/float64(la) + m/float64(lb) + (m-float64(transpositions)/2)/m) / 3
	prefix := 0
	for prefix < min(4, la, lb) && ra[prefix] == rb[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

// nameSimilarity compares two folded names word by word: each word of the
// shorter name is paired with its most similar unused word of the other
// (so swapped first and last names align), and the Jaro-Winkler scores
// are averaged over the longer name's words. "jan kowalsky" ~ "jan
// kowalski" scores 0.98, "janek kowalski" ~ "jan kowalski" 0.95, "anna
// nowak" ~ "jan nowak" 0.8.
func nameSimilarity(a, b string) float64 {
	ta, tb := strings.Fields(a), strings.Fields(b)
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	if len(ta) > len(tb) {
		ta, tb = tb, ta
	}
	used := make([]bool, len(tb))
	total := 0.0
	for _, x := range ta {
		best, bi := -1.0, -1
		for j, y := range tb {
			if used[j] {
				continue
			}
			if s := wordSimilarity(x, y); s > best {
				best, bi = s, j
			}
		}
		used[bi] = true
		total += best
	}
	return total / float64(len(tb))
}

// wordSimilarity is Jaro-Winkler, discounted for words of very different
// lengths: "nowak" and "nowakowska" share a long prefix but are different
// surnames.
func wordSimilarity(a, b string) float64 {
	s := jaroWinkler(a, b)
	la, lb := len([]rune(a)), len([]rune(b))
	if min(la, lb)*5 < max(la, lb)*3 {
		s *= 0.85
	}
	return s
}

// unionFind joins rows into groups.
type unionFind struct{ parent []int32 }

func (u *unionFind) add() int32 {
	id := int32(len(u.parent))
	u.parent = append(u.parent, id)
	return id
}

func (u *unionFind) find(x int32) int32 {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

// union joins the groups of a and b; the smaller row index becomes the
// root, so a group's root is always its first row in the file.
func (u *unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
}
