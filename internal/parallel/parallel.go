// Package parallel spreads independent work over goroutines: the loading,
// rendering and writing stages each do the same thing to thousands of
// items whose results go to their own slots.
package parallel

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Do calls work(i) for every i in [0, n) on at most workers goroutines
// (GOMAXPROCS when workers < 1) and returns when all calls have. newWorker
// is called once per goroutine and returns its work function, which may
// keep state of its own (a buffer, a renderer). Calls for different i run
// concurrently, so each must write only to its own slot.
func Do(n, workers int, newWorker func() func(i int)) {
	DoContext(context.Background(), n, workers, newWorker)
}

// DoContext is Do that stops early when ctx is done: no call starts after
// that, the calls under way are waited for, and it returns ctx's error
// (nil when every call was made). Some slots are then left unfilled.
func DoContext(ctx context.Context, n, workers int, newWorker func() func(i int)) error {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	done := ctx.Done() // nil for context.Background: nothing to check
	// Each goroutine takes the next index itself: no goroutine hands out
	// work, and none waits for another between items.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work := newWorker()
			for {
				if done != nil {
					select {
					case <-done:
						return
					default:
					}
				}
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				work(i)
			}
		}()
	}
	wg.Wait()
	if int(next.Load()) < n { // an index was never taken: ctx stopped the work
		return ctx.Err()
	}
	return nil
}
