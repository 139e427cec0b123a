package main

import (
	"github.com/spf13/cobra"
)

// runUI opens the terminal UI on the data file.
func (a *app) runUI(cmd *cobra.Command, _ []string) error {
	return usageErr("the terminal UI is not wired yet")
}
