package parallel

import (
	"sync/atomic"
	"testing"
)

func TestDo(t *testing.T) {
	for _, tt := range []struct{ n, workers int }{{0, 0}, {1, 0}, {100, 0}, {100, 3}, {2, 8}} {
		out := make([]int, tt.n)
		var made atomic.Int32
		Do(tt.n, tt.workers, func() func(int) {
			made.Add(1)
			return func(i int) { out[i] = i * i }
		})
		for i, v := range out {
			if v != i*i {
				t.Fatalf("n=%d: slot %d = %d", tt.n, i, v)
			}
		}
		if tt.workers > 0 && int(made.Load()) > tt.workers {
			t.Errorf("n=%d: %d workers, want at most %d", tt.n, made.Load(), tt.workers)
		}
	}
}
