package importing

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"
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
		e := blockEntry{split(h), int32(i)}
		hb.add(e)
		all = append(all, e)
	}
	slices.SortFunc(all, func(a, b blockEntry) int {
		ha, _ := a.hashRow()
		hb, _ := b.hashRow()
		if c := cmp.Compare(ha, hb); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	})
	var got []blockEntry
	runs := 0
	hb.sortedRuns(func(run []blockEntry) {
		runs++
		h0, _ := run[0].hashRow()
		for _, e := range run {
			if h, _ := e.hashRow(); h != h0 {
				t.Fatalf("run of hash %x holds %x", h0, h)
			}
		}
		got = append(got, run...)
	})
	if !slices.Equal(got, all) {
		t.Fatal("entries visited out of sorted order")
	}
	if distinct := len(slices.CompactFunc(slices.Clone(all), func(a, b blockEntry) bool { return a.hash == b.hash })); runs != distinct {
		t.Errorf("%d runs, want one per hash (%d)", runs, distinct)
	}
	for _, b := range hb.b {
		if b != nil {
			t.Fatal("a bucket was kept after its visit")
		}
	}
}

// The per-row entries of a plan stay small: a million-row plan holds
// millions of them.
func TestPlanEntrySizes(t *testing.T) {
	for name, got := range map[string]uintptr{
		"keyEntry": unsafe.Sizeof(keyEntry{}), "blockEntry": unsafe.Sizeof(blockEntry{}), "rowState": unsafe.Sizeof(rowState{}),
	} {
		want := map[string]uintptr{"keyEntry": 12, "blockEntry": 12, "rowState": 24}[name]
		if got != want {
			t.Errorf("%s is %d bytes, want %d", name, got, want)
		}
	}
}

func TestKeyEntryPacking(t *testing.T) {
	for _, idx := range []int32{0, 1, 12345, maxPlanRows - 1} {
		for kind := matchNone; kind <= BySimilarName; kind++ {
			for _, flags := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				h := uint64(0xfedcba9876543210) ^ uint64(idx)
				e := newKeyEntry(h, idx, kind, flags[0], flags[1])
				gotH, gotIdx := e.hashRow()
				if gotH != h || gotIdx != idx || e.kind() != kind || e.weak() != flags[0] || e.possibleOnly() != flags[1] {
					t.Fatalf("entry(%x, %d, %v, %v) reads back as (%x, %d, %v, %v, %v)", h, idx, kind, flags, gotH, gotIdx, e.kind(), e.weak(), e.possibleOnly())
				}
			}
		}
	}
}
