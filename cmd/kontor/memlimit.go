package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Kontor's memory target: a large import (a million rows) stays under
// 300 MB of resident memory. SQLite's own memory (page cache, index build
// sorts) lives outside the Go heap, so the Go heap gets baseGoLimit.
// Go's default lets the heap grow to twice what is live before collecting,
// which during an import's planning (150 MB live) meant 390 MB in use.
const (
	baseGoLimit = 200 << 20
	// headroom: the limit always leaves a third of the live heap above
	// it, so that a heap larger than baseGoLimit is collected as under
	// GOGC=33, not continuously (a limit below the live heap makes the
	// collector run without pause). Planning a million people against a
	// million holds about 160 MB live at its peak.
	headroom = 3
)

// governMemory keeps a soft limit on the Go heap: baseGoLimit, raised to
// 4/3 of the live heap when that is larger, checked every 100 ms. It
// does nothing when the user set GOMEMLIMIT. The returned func stops it.
func governMemory() func() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	limit := func() int64 {
		metrics.Read(sample)
		live := int64(0)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			live = int64(sample[0].Value.Uint64())
		}
		return goLimit(live)
	}
	debug.SetMemoryLimit(limit())
	return every(100*time.Millisecond, func() bool {
		debug.SetMemoryLimit(limit())
		return true
	})
}

// every calls fn on its own goroutine every d until fn returns false or
// the returned stop is called (stop returns once fn is no longer running).
func every(d time.Duration, fn func() (more bool)) (stop func()) {
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(d)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if !fn() {
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
	}
}

// goLimit is the soft limit on the Go heap when live bytes are live.
func goLimit(live int64) int64 { return max(baseGoLimit, live+live/headroom) }
