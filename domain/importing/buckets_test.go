package importing

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// Visiting the buckets' runs gives the entries in the order of one sorted
// slice, grouped by hash.
func TestHashBucketsVisitInSortedOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var hb hashBuckets[blockEntry]
	var all []blockEntry
	for i := range 20_000 {
		// Few distinct hashes, spread over the top byte, so that runs
		// have several entries.
		h := uint64(r.IntN(3000)) * 0x9E3779B97F4A7C15
		e := blockEntry{h: h, idx: int32(i)}
		hb.add(e)
		all = append(all, e)
	}
	slices.SortFunc(all, func(a, b blockEntry) int {
		if c := cmp.Compare(a.h, b.h); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	})
	var got []blockEntry
	runs := 0
	hb.sortedRuns(func(run []blockEntry) {
		runs++
		for _, e := range run {
			if e.h != run[0].h {
				t.Fatalf("run of hash %x holds %x", run[0].h, e.h)
			}
		}
		got = append(got, run...)
	})
	if !slices.Equal(got, all) {
		t.Fatal("entries visited out of sorted order")
	}
	if distinct := len(slices.CompactFunc(slices.Clone(all), func(a, b blockEntry) bool { return a.h == b.h })); runs != distinct {
		t.Errorf("%d runs, want one per hash (%d)", runs, distinct)
	}
	for _, b := range hb.b {
		if b != nil {
			t.Fatal("a bucket was kept after its visit")
		}
	}
}
