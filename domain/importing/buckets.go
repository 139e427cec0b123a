package importing

import (
	"cmp"
	"slices"
)

// hashed is an entry filed under a 64-bit hash and a row.
type hashed interface {
	hashRow() (uint64, int32)
}

func (e keyEntry) hashRow() (uint64, int32)   { return e.hash.sum(), e.row() }
func (e blockEntry) hashRow() (uint64, int32) { return e.hash.sum(), e.idx }

// hashBuckets holds many entries that are later visited in order of hash
// (and row), like one slice sorted once, but filed in 256 slices by the
// hash's top byte. A single slice of several million entries grows by
// copying itself, holding both copies for a moment (tens of megabytes on a
// million-row import); 256 slices each grow by a 256th. Sorting each
// bucket then visiting the buckets in order gives the same order as
// sorting everything.
type hashBuckets[T hashed] struct {
	b [256][]T
}

func (hb *hashBuckets[T]) add(e T) {
	h, _ := e.hashRow()
	hb.b[h>>56] = append(hb.b[h>>56], e)
}

// sortedRuns calls fn with each run of entries sharing a hash, in order of
// hash, each run sorted by row. A bucket is released once visited.
func (hb *hashBuckets[T]) sortedRuns(fn func(run []T)) {
	for i := range hb.b {
		bucket := hb.b[i]
		slices.SortFunc(bucket, func(a, b T) int {
			ha, ia := a.hashRow()
			hb, ib := b.hashRow()
			if c := cmp.Compare(ha, hb); c != 0 {
				return c
			}
			return cmp.Compare(ia, ib)
		})
		for start := 0; start < len(bucket); {
			h, _ := bucket[start].hashRow()
			end := start + 1
			for end < len(bucket) {
				if he, _ := bucket[end].hashRow(); he != h {
					break
				}
				end++
			}
			fn(bucket[start:end])
			start = end
		}
		hb.b[i] = nil
	}
}
