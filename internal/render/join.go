package render

import (
	"runtime"
	"sort"

	"prereq/internal/parallel"
)

// join concatenates pieces, size bytes in all. A page of more than
// minCopy bytes is copied by several cores, each taking the pieces that
// start in its share.
func join(pieces [][]byte, size, minCopy int) []byte {
	at := make([]int, len(pieces)+1) // where each piece goes
	for i, p := range pieces {
		at[i+1] = at[i] + len(p)
	}
	out := make([]byte, size)
	parts := min(runtime.GOMAXPROCS(0), len(out)/minCopy+1)
	parallel.Do(parts, parts, func() func(int) {
		return func(part int) {
			// Pieces starting in this part's share of the bytes.
			lo := sort.SearchInts(at[:len(pieces)], len(out)*part/parts)
			hi := sort.SearchInts(at[:len(pieces)], len(out)*(part+1)/parts)
			for i := lo; i < hi; i++ {
				copy(out[at[i]:], pieces[i])
			}
		}
	})
	return out
}
