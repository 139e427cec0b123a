package main

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"kontor/storage/filesource"
	"kontor/tui"
)

// runUI opens the terminal UI on the data file.
func (a *app) runUI(cmd *cobra.Command, _ []string) error {
	if !isTerminal(a.io.in) || !isTerminal(a.io.out) {
		return usageErr("the UI needs a terminal; use a subcommand (kontor --help) in scripts")
	}
	store, err := a.openStore(cmd.Context(), false)
	if err != nil {
		return err
	}
	defer store.Close()
	model := tui.New(store, tui.Options{
		Region:  a.phoneRegion(),
		NoColor: a.getenv("NO_COLOR") != "",
		Context: cmd.Context(),
		Imports: store,
		Files:   filesource.Opener{},
	})
	if _, err := tea.NewProgram(model, tea.WithContext(cmd.Context())).Run(); err != nil {
		return fmt.Errorf("terminal UI: %w", err)
	}
	return nil
}
