// Command kontor is a keyboard-driven CRM in the terminal. This package only
// wires the pieces together: flags and commands (cobra), the data file
// (storage/sqlstore) and the screens (tui).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopProfile := startProfile(os.Getenv("KONTOR_CPUPROFILE"))
	stopHeap := startHeapProfile(os.Getenv("KONTOR_MEMPROFILE"))
	stopGovern := governMemory()
	code := run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv)
	stopGovern()
	stopHeap()
	stopProfile()
	stop()
	os.Exit(code)
}

// startProfile writes a CPU profile of the run to path (KONTOR_CPUPROFILE,
// for finding where a slow import spends its time); "" does nothing.
func startProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "kontor: cpu profile: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// startHeapProfile writes to path (KONTOR_MEMPROFILE) the heap profile
// taken when the Go heap in use was largest during the run (sampled every
// 100 ms), for finding what a large import holds; "" does nothing. It says
// where the profile is when the run ends (not meanwhile: the screen may be
// the UI's).
func startHeapProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	var peak uint64
	var failed error
	stop := every(100*time.Millisecond, func() bool {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse <= peak+peak/20 {
			return true
		}
		peak = ms.HeapInuse
		f, err := os.Create(path)
		if err == nil {
			err = pprof.Lookup("heap").WriteTo(f, 0)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		failed = err
		return err == nil
	})
	return func() {
		stop()
		if failed != nil {
			fmt.Fprintf(os.Stderr, "kontor: heap profile: %v\n", failed)
		} else if peak > 0 {
			fmt.Fprintf(os.Stderr, "kontor: heap profile at %d MB in use written to %s\n", peak>>20, path)
		}
	}
}
