package parallel

import (
	"context"
	"errors"
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

// TestDoContextStops cancels the work from inside one call: no call starts
// after that, the error says why, and the calls made are the ones counted.
func TestDoContextStops(t *testing.T) {
	for _, workers := range []int{1, 3} {
		ctx, cancel := context.WithCancel(context.Background())
		const n, stopAt = 1000, 10
		var calls atomic.Int32
		var after atomic.Int32 // calls started after cancel returned
		var stopped atomic.Bool
		err := DoContext(ctx, n, workers, func() func(int) {
			return func(i int) {
				if stopped.Load() {
					after.Add(1)
				}
				if calls.Add(1) == stopAt {
					cancel()
					stopped.Store(true)
				}
			}
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("workers=%d: err = %v, want context.Canceled", workers, err)
		}
		// A call may have taken its index before the cancel and started
		// after it: at most one per other worker.
		if got := int(after.Load()); got > workers-1 {
			t.Errorf("workers=%d: %d calls started after the cancel", workers, got)
		}
		if got := int(calls.Load()); got >= n {
			t.Errorf("workers=%d: all %d calls made", workers, got)
		}
	}
	// Done before it starts: nothing is called.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := DoContext(ctx, 5, 2, func() func(int) { return func(int) { t.Error("called") } }); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	// Done after the last call: the work is complete, no error.
	ctx, cancel = context.WithCancel(context.Background())
	var last atomic.Int32
	err := DoContext(ctx, 5, 1, func() func(int) {
		return func(int) {
			if last.Add(1) == 5 {
				cancel()
			}
		}
	})
	if err != nil {
		t.Errorf("cancelled after the last call: err = %v, want nil", err)
	}
}

// BenchmarkDoContext measures what stopping between items costs: each item
// of a context that can end checks it once (a step's render takes some
// 50 µs, so the check is lost in the noise).
func BenchmarkDoContext(b *testing.B) {
	const n = 10000
	out := make([]int, n)
	work := func() func(int) { return func(i int) { out[i] = i } }
	b.Run("Background", func(b *testing.B) {
		for b.Loop() {
			DoContext(context.Background(), n, 0, work)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
	})
	b.Run("Cancellable", func(b *testing.B) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		for b.Loop() {
			DoContext(ctx, n, 0, work)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
	})
}
