// Package parallel spreads independent work over goroutines: the loading,
// rendering and writing stages each do the same thing to thousands of
// items whose results go to their own slots.
package parallel

import (
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
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
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
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				work(i)
			}
		}()
	}
	wg.Wait()
}
