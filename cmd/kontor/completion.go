package main

import "github.com/spf13/cobra"

// completionCmd prints shell completion scripts (cobra's generators). It
// replaces cobra's default completion command, which it shadows by name.
func (a *app) completionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish",
		Short: "Print the shell completion script for bash, zsh or fish",
		Long: `Print a script that makes your shell complete Kontor's commands, flags, sort
fields and stage names. Load it once per session, or install it:

  bash  source <(kontor completion bash)
        kontor completion bash > ~/.local/share/bash-completion/completions/kontor
  zsh   kontor completion zsh > "${fpath[1]}/_kontor"   (needs compinit)
  fish  kontor completion fish > ~/.config/fish/completions/kontor.fish`,
		Example: `  source <(kontor completion bash)
  kontor completion zsh > "${fpath[1]}/_kontor"
  kontor completion fish | source`,
		ValidArgs:             []string{"bash", "zsh", "fish"},
		Args:                  cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs),
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(a.io.out, true)
			case "zsh":
				return root.GenZshCompletion(a.io.out)
			case "fish":
				return root.GenFishCompletion(a.io.out, true)
			}
			return usageErr("unknown shell %q (bash, zsh or fish)", args[0])
		},
	}
}
