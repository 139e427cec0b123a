package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"kontor/domain"
	"kontor/storage/sqlstore"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// Exit codes, documented in README.md.
const (
	exitOK       = 0
	exitPartial  = 1 // some rows or records failed
	exitUsage    = 2 // bad flags or arguments
	exitInput    = 3 // an input file cannot be read
	exitNotFound = 4 // a record does not exist
)

type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// app is the state shared by all commands of one invocation.
type app struct {
	io     stdio
	getenv func(string) string
	dbFlag string
	region string
}

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// run executes the command line and returns the process exit code.
func run(ctx context.Context, args []string, sio stdio, getenv func(string) string) int {
	a := &app{io: sio, getenv: getenv}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(sio.in)
	root.SetOut(sio.out)
	root.SetErr(sio.err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(sio.err, "kontor:", sqlstore.Explain(err))
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, domain.ErrNotFound):
		return exitNotFound
	case isUsage(err):
		return exitUsage
	}
	return exitPartial
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "kontor",
		Short: "A keyboard-driven CRM in your terminal",
		Long: `Kontor keeps people, companies and deals in one SQLite file and lets you browse,
search, edit and import them from the keyboard.

Run without a command to open the terminal UI.`,
		Example: `  kontor                       # open the UI on the default data file
  kontor --db ./crm.db demo     # fill a new data file with demo records
  kontor people list --json | jq '.[].emails'`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE:          a.runUI,
	}
	root.PersistentFlags().StringVar(&a.dbFlag, "db", "", "data file `path` (default $KONTOR_DB, else $XDG_DATA_HOME/kontor/kontor.db)")
	root.PersistentFlags().StringVar(&a.region, "region", "", "default phone region, ISO country code (default $KONTOR_REGION, else PL)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &exitError{code: exitUsage, err: err} })
	root.AddCommand(a.versionCmd(), a.demoCmd(), a.importCmd(), a.importsCmd(), a.stagesCmd(), a.completionCmd(),
		a.exportCmd(), a.templateCmd())
	for _, t := range domain.RecordTypes {
		root.AddCommand(a.recordCmd(t))
	}
	return root
}

// isUsage recognises cobra's own argument errors.
func isUsage(err error) bool {
	msg := err.Error()
	for _, s := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "invalid argument"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func (a *app) phoneRegion() string {
	if a.region != "" {
		return a.region
	}
	if r := a.getenv("KONTOR_REGION"); r != "" {
		return r
	}
	return "PL"
}

// openStore opens the data file the flags and environment point at.
func (a *app) openStore(ctx context.Context, readOnly bool) (*sqlstore.Store, error) {
	path, err := sqlstore.ResolvePath(a.dbFlag, a.getenv)
	if err != nil {
		return nil, err
	}
	return sqlstore.Open(ctx, path, a.storeOptions(readOnly))
}

// storeOptions are the options the flags and environment give a data file.
func (a *app) storeOptions(readOnly bool) sqlstore.Options {
	return sqlstore.Options{ReadOnly: readOnly, Region: a.phoneRegion()}
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print Kontor's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(a.io.out, "kontor %s (schema %d)\n", version, sqlstore.SchemaVersion)
			return err
		},
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
