// Command kontor is a keyboard-driven CRM in the terminal. This package only
// wires the pieces together: flags and commands (cobra), the data file
// (storage/sqlstore) and the screens (tui).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopProfile := startProfile(os.Getenv("KONTOR_CPUPROFILE"))
	code := run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv)
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
