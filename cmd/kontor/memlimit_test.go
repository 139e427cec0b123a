package main

import (
	"runtime/debug"
	"testing"
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
