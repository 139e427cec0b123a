package main

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"kontor/domain"
	"kontor/domain/importing"
	"kontor/tui/termsafe"
)

func (a *app) importsCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "imports", Short: "List, inspect and undo past imports"}
	var jsonOut bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List past imports, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := a.openStore(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer store.Close()
			list, err := store.ListImports(cmd.Context())
			if err != nil {
				return err
			}
			if jsonOut {
				out := make([]importJSON, 0, len(list))
				for _, r := range list {
					out = append(out, toImportJSON(r))
				}
				return writeJSON(a.io.out, out)
			}
			fmt.Fprintf(a.io.out, "%-5s %-20s %-8s %-9s %7s %7s %7s %7s  %s\n", "ID", "WHEN", "TYPE", "STATUS", "CREATED", "UPDATED", "SKIPPED", "FAILED", "FILE")
			for _, r := range list {
				fmt.Fprintf(a.io.out, "%-5d %-20s %-8s %-9s %7d %7d %7d %7d  %s\n", r.ID, r.CreatedAt.Local().Format("2006-01-02 15:04"), r.Type,
					r.Status, r.Result.Created, r.Result.Updated, r.Result.Skipped, r.Result.Failed, termsafe.Clean(r.FileName))
			}
			return nil
		},
	}
	list.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	show := &cobra.Command{
		Use:   "show ID",
		Short: "Show one import",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			store, err := a.openStore(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer store.Close()
			r, err := store.GetImport(cmd.Context(), id)
			if err != nil {
				return err
			}
			return writeJSON(a.io.out, toImportJSON(r))
		},
	}
	var yes, force bool
	undo := &cobra.Command{
		Use:   "undo ID",
		Short: "Undo an import: remove what it created, restore what it updated",
		Long: `Undo an import in one transaction: records it created are deleted and records it
updated get their previous values back. If records were edited after the import,
nothing is done unless --force is given (those edits would be lost).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			store, err := a.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer store.Close()
			r, err := store.GetImport(cmd.Context(), id)
			if err != nil {
				return err
			}
			if !yes {
				if !isTerminal(a.io.in) {
					return usageErr("not on a terminal: pass --yes to undo import %d", id)
				}
				ok, err := a.confirm(fmt.Sprintf("Undo import %d of %s (%d created, %d updated)? [y/N] ", r.ID, termsafe.Clean(r.FileName), r.Result.Created, r.Result.Updated))
				if err != nil || !ok {
					return err
				}
			}
			rep, err := store.UndoImport(cmd.Context(), id, force)
			var changed *importing.ChangedSinceError
			if errors.As(err, &changed) {
				return &exitError{code: exitPartial, err: err}
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.out, "import %d undone: %d records removed, %d restored, %d links cleared\n", id, rep.Deleted, rep.Restored, rep.Detached)
			return nil
		},
	}
	undo.Flags().BoolVar(&yes, "yes", false, "do not ask for confirmation")
	undo.Flags().BoolVar(&force, "force", false, "undo even if records were changed after the import")
	cmd.AddCommand(list, show, undo)
	return cmd
}

type importJSON struct {
	ID         domain.ID         `json:"id"`
	File       string            `json:"file"`
	Size       int64             `json:"size"`
	SHA256     string            `json:"sha256"`
	Type       domain.RecordType `json:"type"`
	Status     string            `json:"status"`
	CreatedAt  string            `json:"created_at"`
	FinishedAt string            `json:"finished_at"`
	UndoneAt   string            `json:"undone_at"`
	Result     importing.Result  `json:"result"`
	Mapping    map[string]string `json:"mapping"`
}

func toImportJSON(r importing.ImportRecord) importJSON {
	m := map[string]string{}
	for _, c := range r.Mapping.Columns {
		m[c.Header] = c.Field
	}
	return importJSON{ID: r.ID, File: r.FileName, Size: r.FileSize, SHA256: r.SHA256, Type: r.Type, Status: r.Status,
		CreatedAt: jsonTime(r.CreatedAt), FinishedAt: jsonTime(r.FinishedAt), UndoneAt: jsonTime(r.UndoneAt), Result: r.Result, Mapping: m}
}

func parseID(s string) (domain.ID, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, usageErr("%q is not an id", s)
	}
	return domain.ID(n), nil
}
