package render

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestJoin checks that copying a page's pieces on several cores gives
// bytes.Join's result, however the pieces fall across the shares.
func TestJoin(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	r := rand.New(rand.NewPCG(1, 2))
	for _, procs := range []int{1, 2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		for trial := range 50 {
			pieces := make([][]byte, r.IntN(40))
			for i := range pieces {
				pieces[i] = make([]byte, r.IntN(20)) // empty pieces too
				for j := range pieces[i] {
					pieces[i][j] = byte(r.IntN(256))
				}
			}
			want := bytes.Join(pieces, nil)
			for _, minCopy := range []int{1, 7, 1 << 20} {
				if got := join(pieces, minCopy); !bytes.Equal(got, want) && len(want)+len(got) > 0 {
					t.Fatalf("procs=%d trial %d minCopy=%d: join differs from bytes.Join", procs, trial, minCopy)
				}
			}
		}
	}
}
