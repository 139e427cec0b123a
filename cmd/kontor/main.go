// Command kontor is a keyboard-driven CRM in the terminal. This package only
// wires the pieces together: flags and commands (cobra), the data file
// (storage/sqlstore) and the screens (tui).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv)
	stop()
	os.Exit(code)
}
