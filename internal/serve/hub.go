package serve

import "sync"

// A hub wakes the open event streams after each rebuild. A stream that is
// slow to write misses nothing that matters: it is woken once and sends the
// latest snapshot's version.
type hub struct {
	mu     sync.Mutex
	subs   map[chan struct{}]struct{}
	closed chan struct{}
}

func newHub() *hub {
	return &hub{subs: map[chan struct{}]struct{}{}, closed: make(chan struct{})}
}

// subscribe returns a channel that receives a value after each publish,
// coalesced, and a function that ends the subscription.
func (h *hub) subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	h.subs[ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs, ch)
		h.mu.Unlock()
	}
}

// publish wakes every subscriber.
func (h *hub) publish() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// close ends every stream, so that the server can shut down.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	select {
	case <-h.closed:
	default:
		close(h.closed)
	}
}

// done is closed when the hub is.
func (h *hub) done() <-chan struct{} { return h.closed }
