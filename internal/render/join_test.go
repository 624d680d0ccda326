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
				if got := join(pieces, len(want), minCopy); !bytes.Equal(got, want) && len(want)+len(got) > 0 {
					t.Fatalf("procs=%d trial %d minCopy=%d: join differs from bytes.Join", procs, trial, minCopy)
				}
			}
		}
	}
}

// TestSpliced checks that a spliced page written piece by piece is the
// page joined: steps, assets and text that only looks like a placeholder.
func TestSpliced(t *testing.T) {
	page := []byte("<p>a</p>" + placeholder(1) + "<style>" + assetPlaceholder("s.css") + "</style><prereq-x>" + placeholder(0))
	groups := [][][]byte{{[]byte("<li>1</li>")}, {[]byte("<li>2"), nil, []byte("</li>"), []byte("<li>3</li>")}}
	s, err := spliceFrags(page, groups, map[string][]byte{"s.css": []byte("p{}")})
	if err != nil {
		t.Fatal(err)
	}
	const want = "<p>a</p><li>2</li><li>3</li><style>p{}</style><prereq-x><li>1</li>"
	var b bytes.Buffer
	if n, err := s.WriteTo(&b); err != nil || n != int64(len(want)) || b.String() != want {
		t.Errorf("WriteTo: %d, %v, %q; want %q", n, err, b.String(), want)
	}
	if got := string(s.Bytes()); got != want || s.Len() != len(want) {
		t.Errorf("Bytes: %q (Len %d); want %q", got, s.Len(), want)
	}
	if _, err := spliceFrags([]byte(placeholder(2)), groups, nil); err == nil {
		t.Error("a placeholder for a group that is not there: no error")
	}
}

// spliceFrags is splice with each group of steps given as their HTML
// pieces.
func spliceFrags(page []byte, groups [][][]byte, assets map[string][]byte) (*Spliced, error) {
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	return spliceWith(page, len(groups), n, func(s *Spliced, g int) {
		for _, p := range groups[g] {
			s.add(p)
		}
	}, assets)
}
