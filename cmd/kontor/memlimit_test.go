package main

import (
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"
)

func TestGoLimit(t *testing.T) {
	for _, c := range []struct{ live, want int64 }{
		{0, baseGoLimit},
		{100 << 20, baseGoLimit},
		{baseGoLimit * 3 / 4, baseGoLimit},
		{300 << 20, 400 << 20},
		{3 << 30, 4 << 30},
	} {
		if got := goLimit(c.live); got != c.want {
			t.Errorf("goLimit(%d MiB) = %d MiB, want %d MiB", c.live>>20, got>>20, c.want>>20)
		}
	}
}

func TestGovernMemorySetsAndLeavesTheUsersLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)

	t.Setenv("GOMEMLIMIT", "")
	stop := governMemory()
	if got := debug.SetMemoryLimit(-1); got < baseGoLimit || got == before {
		t.Errorf("limit while governed = %d, want at least %d", got, baseGoLimit)
	}
	stop()

	debug.SetMemoryLimit(before)
	t.Setenv("GOMEMLIMIT", "1GiB")
	stop = governMemory()
	defer stop()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit with GOMEMLIMIT set = %d, want it left at %d", got, before)
	}
}

func TestEveryStopsWhenToldAndWhenDone(t *testing.T) {
	var calls atomic.Int32
	stop := every(time.Millisecond, func() bool { return calls.Add(1) < 3 })
	deadline := time.Now().Add(5 * time.Second)
	for calls.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(5 * time.Millisecond)
	stop() // returns although fn already ended the loop
	if n := calls.Load(); n != 3 {
		t.Errorf("fn called %d times, want 3 (it asked to stop after the third)", n)
	}

	ran := make(chan struct{}, 1)
	stop = every(time.Millisecond, func() bool {
		select {
		case ran <- struct{}{}:
		default:
		}
		return true
	})
	<-ran
	stop()
	select {
	case <-ran:
	default:
	}
	time.Sleep(5 * time.Millisecond)
	select {
	case <-ran:
		t.Error("fn ran after stop returned")
	default:
	}
}
