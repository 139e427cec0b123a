package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"kontor/domain"
	"kontor/storage/sqlstore"
	"kontor/tui/termsafe"
)

// `kontor stages list|add|rename|move|delete`: the deal pipeline. Stages
// are named on the command line by name (case and accents ignored) or id.

type stageJSON struct {
	ID       domain.ID `json:"id"`
	Name     string    `json:"name"`
	Position int       `json:"position"`
	Won      bool      `json:"won"`
	Lost     bool      `json:"lost"`
	Deals    int       `json:"deals"`
}

type stageDeletedJSON struct {
	Deleted    bool       `json:"deleted"`
	ID         domain.ID  `json:"id"`
	Name       string     `json:"name"`
	MovedDeals int        `json:"moved_deals"`
	MovedToID  *domain.ID `json:"moved_to_id"`
	MovedTo    *string    `json:"moved_to"`
}

func (a *app) stagesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stages",
		Short: "List and change the stages of the deal pipeline",
		Long: `The deal pipeline is an ordered list of stages; every deal is in one of them. A
stage may be marked won or lost. Commands name a stage by its name (case and
accents ignored) or its id.`,
		Example: `  kontor stages list
  kontor stages add Negotiation --position 3
  kontor stages rename Negotiation "Final negotiation"
  kontor stages move "Final negotiation" 2
  kontor stages delete "Final negotiation" --move-to Proposal`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.stagesListCmd(), a.stagesAddCmd(), a.stagesRenameCmd(), a.stagesMoveCmd(), a.stagesDeleteCmd())
	return cmd
}

// withStages opens the data file and reads the pipeline.
func (a *app) withStages(ctx context.Context, readOnly bool, fn func(*sqlstore.Store, []domain.Stage) error) error {
	store, err := a.openStore(ctx, readOnly)
	if err != nil {
		return err
	}
	defer store.Close()
	stages, err := store.ListStages(ctx)
	if err != nil {
		return fmt.Errorf("read the pipeline: %w", err)
	}
	return fn(store, stages)
}

// stageArg finds the stage an argument names; none is "not found" (exit 4).
func stageArg(stages []domain.Stage, arg string) (domain.Stage, error) {
	st, ok := findStage(stages, arg)
	if !ok {
		return st, &exitError{code: exitNotFound, err: fmt.Errorf("there is no stage %q (stages: %s)", termsafe.Clean(arg), termsafe.Clean(stageNames(stages)))}
	}
	return st, nil
}

// stageInputError reports the store's validation problems under the
// arguments and flags of the stages commands.
func stageInputError(err error) error {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	names := map[string]string{"name": "NAME", "won": "--won/--lost", "position": "POSITION", "move_to": "--move-to"}
	var p problems
	for _, f := range ve.Fields {
		n := names[f.Field]
		if n == "" {
			n = f.Field
		}
		p = append(p, n+": "+f.Message)
	}
	return p.err()
}

// printPipeline prints the pipeline as a table (with a message first), or
// v as JSON.
func (a *app) printPipeline(ctx context.Context, store *sqlstore.Store, msg string, jsonOut bool, v any) error {
	if jsonOut {
		return writeJSON(a.io.out, v)
	}
	if msg != "" {
		if _, err := fmt.Fprintf(a.io.out, "%s\n\n", msg); err != nil {
			return err
		}
	}
	stages, err := store.ListStages(ctx)
	if err != nil {
		return err
	}
	counts, err := store.StageDealCounts(ctx)
	if err != nil {
		return err
	}
	return writeStagesTable(a.io.out, stages, counts, terminalWidth(a.io.out, a.getenv))
}

func writeStagesTable(w io.Writer, stages []domain.Stage, counts map[domain.ID]int, width int) error {
	out := newTableOut(w, []column{{"POS", 0, 4}, {"ID", 0, 6}, {"NAME", 1, 20}, {"OUTCOME", 0, 8}, {"DEALS", 0, 7}}, min(width, 80))
	if err := out.begin(); err != nil {
		return err
	}
	for _, s := range stages {
		outcome := ""
		switch {
		case s.Won:
			outcome = "won"
		case s.Lost:
			outcome = "lost"
		}
		cells := []string{strconv.Itoa(s.Position), idText(s.ID), s.Name, outcome, strconv.Itoa(counts[s.ID])}
		if err := out.record(nil, cells); err != nil {
			return err
		}
	}
	return nil
}

func toStageJSON(s domain.Stage, counts map[domain.ID]int) stageJSON {
	return stageJSON{ID: s.ID, Name: s.Name, Position: s.Position, Won: s.Won, Lost: s.Lost, Deals: counts[s.ID]}
}

// stageResult reads a stage back with its deal count for --json.
func stageResult(ctx context.Context, store *sqlstore.Store, id domain.ID) (stageJSON, error) {
	stages, err := store.ListStages(ctx)
	if err != nil {
		return stageJSON{}, err
	}
	counts, err := store.StageDealCounts(ctx)
	if err != nil {
		return stageJSON{}, err
	}
	for _, s := range stages {
		if s.ID == id {
			return toStageJSON(s, counts), nil
		}
	}
	return stageJSON{}, fmt.Errorf("stage %d: %w", id, domain.ErrNotFound)
}

func (a *app) stagesListCmd() *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the pipeline's stages in order, with their number of deals",
		Example: `  kontor stages list
  kontor stages list --json | jq -r '.[] | select(.won) | .name'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withStages(ctx, true, func(store *sqlstore.Store, stages []domain.Stage) error {
				counts, err := store.StageDealCounts(ctx)
				if err != nil {
					return err
				}
				if jsonOut {
					out := make([]stageJSON, 0, len(stages))
					for _, s := range stages {
						out = append(out, toStageJSON(s, counts))
					}
					return writeJSON(a.io.out, out)
				}
				return writeStagesTable(a.io.out, stages, counts, terminalWidth(a.io.out, a.getenv))
			})
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print a JSON array")
	return cmd
}

func (a *app) stagesAddCmd() *cobra.Command {
	var jsonOut, won, lost bool
	var position int
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a stage to the pipeline",
		Long: `Add a stage named NAME, at the end of the pipeline or at --position N (1 is the
first; the stages from N on move down one). --won or --lost marks a stage whose
deals are won or lost.`,
		Example: `  kontor stages add Negotiation
  kontor stages add "On hold" --position 2
  kontor stages add Cancelled --lost --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if won && lost {
				return usageErr("--won and --lost exclude each other")
			}
			ctx := cmd.Context()
			return a.withStages(ctx, false, func(store *sqlstore.Store, stages []domain.Stage) error {
				if cmd.Flags().Changed("position") && (position < 1 || position > len(stages)+1) {
					return usageErr("--position must be between 1 and %d", len(stages)+1)
				}
				if err := checkStageName(stages, args[0], 0); err != nil {
					return err
				}
				st := domain.Stage{Name: args[0], Position: position, Won: won, Lost: lost}
				if err := store.CreateStage(ctx, &st); err != nil {
					return stageInputError(err)
				}
				res, err := stageResult(ctx, store, st.ID)
				if err != nil {
					return err
				}
				return a.printPipeline(ctx, store, fmt.Sprintf("added stage %q at position %d", termsafe.Clean(st.Name), st.Position), jsonOut, res)
			})
		},
	}
	cmd.Flags().BoolVar(&won, "won", false, "deals in this stage are won")
	cmd.Flags().BoolVar(&lost, "lost", false, "deals in this stage are lost")
	cmd.Flags().IntVar(&position, "position", 0, "put the stage at position `N` (default: last)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print the new stage as a JSON object")
	return cmd
}

func (a *app) stagesRenameCmd() *cobra.Command {
	var jsonOut, won, lost, open bool
	cmd := &cobra.Command{
		Use:   "rename STAGE [NEW_NAME]",
		Short: "Rename a stage, or mark it won, lost or open",
		Long: `Rename STAGE (a name or id) to NEW_NAME. --won, --lost and --open (neither won
nor lost) change what the stage means; without them it keeps its meaning. The
deals in the stage stay in it.`,
		Example: `  kontor stages rename Negotiation "Final negotiation"
  kontor stages rename 7 --won
  kontor stages rename Cancelled Lost --lost`,
		Args:              cobra.RangeArgs(1, 2),
		ValidArgsFunction: a.completeStages(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n := 0
			for _, b := range []bool{won, lost, open} {
				if b {
					n++
				}
			}
			if n > 1 {
				return usageErr("--won, --lost and --open exclude each other")
			}
			if len(args) == 1 && n == 0 {
				return usageErr("give NEW_NAME, or --won, --lost or --open")
			}
			ctx := cmd.Context()
			return a.withStages(ctx, false, func(store *sqlstore.Store, stages []domain.Stage) error {
				st, err := stageArg(stages, args[0])
				if err != nil {
					return err
				}
				old := st.Name
				if len(args) == 2 {
					if err := checkStageName(stages, args[1], st.ID); err != nil {
						return err
					}
					st.Name = args[1]
				}
				if n > 0 {
					st.Won, st.Lost = won, lost
				}
				if err := store.UpdateStage(ctx, &st); err != nil {
					return stageInputError(err)
				}
				res, err := stageResult(ctx, store, st.ID)
				if err != nil {
					return err
				}
				msg := fmt.Sprintf("changed stage %q", termsafe.Clean(old))
				if st.Name != old {
					msg = fmt.Sprintf("renamed stage %q to %q", termsafe.Clean(old), termsafe.Clean(st.Name))
				}
				return a.printPipeline(ctx, store, msg, jsonOut, res)
			})
		},
	}
	cmd.Flags().BoolVar(&won, "won", false, "mark the stage won")
	cmd.Flags().BoolVar(&lost, "lost", false, "mark the stage lost")
	cmd.Flags().BoolVar(&open, "open", false, "mark the stage neither won nor lost")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print the stage as a JSON object")
	return cmd
}

func (a *app) stagesMoveCmd() *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "move STAGE POSITION",
		Short: "Move a stage to another position in the pipeline",
		Long:  `Move STAGE (a name or id) to POSITION (1 is the first); the stages between shift by one.`,
		Example: `  kontor stages move Negotiation 2
  kontor stages move 7 1 --json`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: a.completeStages(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pos, err := strconv.Atoi(strings.TrimSpace(args[1]))
			if err != nil {
				return usageErr("POSITION: %q is not a number", args[1])
			}
			ctx := cmd.Context()
			return a.withStages(ctx, false, func(store *sqlstore.Store, stages []domain.Stage) error {
				st, err := stageArg(stages, args[0])
				if err != nil {
					return err
				}
				if err := store.MoveStage(ctx, st.ID, pos); err != nil {
					return stageInputError(err)
				}
				res, err := stageResult(ctx, store, st.ID)
				if err != nil {
					return err
				}
				return a.printPipeline(ctx, store, fmt.Sprintf("moved stage %q to position %d", termsafe.Clean(st.Name), res.Position), jsonOut, res)
			})
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print the stage as a JSON object")
	return cmd
}

func (a *app) stagesDeleteCmd() *cobra.Command {
	var jsonOut bool
	var moveTo string
	cmd := &cobra.Command{
		Use:   "delete STAGE [--move-to OTHER]",
		Short: "Delete a stage, moving its deals to another stage",
		Long: `Delete STAGE (a name or id). Its deals move to --move-to OTHER, which is
required when the stage has deals: no deal is ever left without a stage. The
last stage of the pipeline cannot be deleted.`,
		Example: `  kontor stages delete "On hold"
  kontor stages delete Negotiation --move-to Proposal`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.completeStages(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withStages(ctx, false, func(store *sqlstore.Store, stages []domain.Stage) error {
				st, err := stageArg(stages, args[0])
				if err != nil {
					return err
				}
				if len(stages) == 1 {
					return usageErr("%q is the only stage: the pipeline needs at least one", termsafe.Clean(st.Name))
				}
				counts, err := store.StageDealCounts(ctx)
				if err != nil {
					return err
				}
				n := counts[st.ID]
				var to domain.Stage
				if moveTo != "" {
					if to, err = stageArg(stages, moveTo); err != nil {
						return &exitError{code: exitNotFound, err: fmt.Errorf("--move-to: %w", err)}
					}
					if to.ID == st.ID {
						return usageErr("--move-to: the deals must move to another stage than %q", termsafe.Clean(st.Name))
					}
				} else if n > 0 {
					return usageErr("stage %q has %s: pass --move-to STAGE (one of: %s)", termsafe.Clean(st.Name), countText(n, "deal", "deals"),
						termsafe.Clean(stageNames(otherStages(stages, st.ID))))
				}
				if err := store.DeleteStage(ctx, st.ID, to.ID); err != nil {
					return stageInputError(err)
				}
				res := stageDeletedJSON{Deleted: true, ID: st.ID, Name: st.Name, MovedDeals: n}
				msg := fmt.Sprintf("deleted stage %q", termsafe.Clean(st.Name))
				if to.ID != 0 {
					res.MovedToID, res.MovedTo = &to.ID, &to.Name
					msg += fmt.Sprintf("; %s moved to %q", countText(n, "deal", "deals"), termsafe.Clean(to.Name))
				}
				return a.printPipeline(ctx, store, msg, jsonOut, res)
			})
		},
	}
	cmd.Flags().StringVar(&moveTo, "move-to", "", "move the stage's deals to `STAGE` (a name or id)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print the outcome as a JSON object")
	_ = cmd.RegisterFlagCompletionFunc("move-to", a.completeStages(0))
	return cmd
}

// checkStageName refuses a name that another stage has up to case and
// accents: the commands could not tell the two apart.
func checkStageName(stages []domain.Stage, name string, self domain.ID) error {
	n := domain.Fold(strings.Join(strings.Fields(name), " "))
	for _, s := range stages {
		if s.ID != self && domain.Fold(s.Name) == n {
			return usageErr("NAME: a stage named %q exists already", termsafe.Clean(s.Name))
		}
	}
	return nil
}

func otherStages(stages []domain.Stage, id domain.ID) []domain.Stage {
	var out []domain.Stage
	for _, s := range stages {
		if s.ID != id {
			out = append(out, s)
		}
	}
	return out
}

// completeStages completes stage names from the data file, for the first
// n positional arguments (0: a flag value).
func (a *app) completeStages(n int) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if n > 0 && len(args) >= n {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		store, err := a.openStore(cmd.Context(), true)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer store.Close()
		stages, err := store.ListStages(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		names := make([]string, len(stages))
		for i, s := range stages {
			names[i] = termsafe.Clean(s.Name)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}
