package tui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"kontor/domain"
)

// command is one entry of the command palette. New screens (an import
// wizard, an import history) add theirs to commands().
type command struct {
	name    string
	aliases []string
	help    string
	// run returns what the command does; args is the text after the name.
	run func(args string) tea.Cmd
	// offered, when set, says whether the command works with these
	// options (a feature that is off is not offered).
	offered func(Options) bool
}

// commands lists the palette's commands.
func commands() []command {
	tab := func(t domain.RecordType) func(string) tea.Cmd {
		return func(string) tea.Cmd { return msgCmd(switchTabMsg{t: t}) }
	}
	return []command{
		{name: "people", aliases: []string{"persons", "contacts"}, help: "show the people", run: tab(domain.TypePerson)},
		{name: "companies", aliases: []string{"accounts"}, help: "show the companies", run: tab(domain.TypeCompany)},
		{name: "deals", help: "show the deals", run: tab(domain.TypeDeal)},
		{name: "imports", aliases: []string{"history"}, help: "past imports, undo", offered: func(o Options) bool { return o.Imports != nil },
			run: func(string) tea.Cmd { return msgCmd(openImportsMsg{}) }},
		{name: "import", help: "import a CSV or XLSX file", offered: func(o Options) bool { return o.Imports != nil && o.Files != nil },
			run: func(path string) tea.Cmd { return msgCmd(openWizardMsg{path: path}) }},
		{name: "help", help: "show all keys", run: func(string) tea.Cmd { return msgCmd(showHelpMsg{}) }},
		{name: "q", aliases: []string{"quit", "exit"}, help: "quit Kontor", run: func(string) tea.Cmd { return tea.Quit }},
	}
}

// matchCommands returns the commands whose name or alias starts with the
// typed word, then those containing it.
func matchCommands(all []command, typed string) []command {
	word := strings.ToLower(strings.TrimSpace(typed))
	if i := strings.IndexByte(word, ' '); i >= 0 {
		word = word[:i]
	}
	if word == "" {
		return all
	}
	var exact, prefix, contains []command
	for _, c := range all {
		names := append([]string{c.name}, c.aliases...)
		switch {
		case hasName(names, func(n string) bool { return n == word }):
			exact = append(exact, c)
		case hasName(names, func(n string) bool { return strings.HasPrefix(n, word) }):
			prefix = append(prefix, c)
		case hasName(names, func(n string) bool { return strings.Contains(n, word) }):
			contains = append(contains, c)
		}
	}
	return append(append(exact, prefix...), contains...)
}

func hasName(names []string, ok func(string) bool) bool {
	for _, n := range names {
		if ok(n) {
			return true
		}
	}
	return false
}

// palette is the ":" command line, listing the matching commands as the
// user types.
type palette struct {
	common
	all     []command
	input   textinput.Model
	matches []command
	sel     int
}

// offeredCommands lists the commands that work with the options.
func offeredCommands(o Options) []command {
	var out []command
	for _, c := range commands() {
		if c.offered == nil || c.offered(o) {
			out = append(out, c)
		}
	}
	return out
}

func newPalette(a *app) *palette {
	p := &palette{common: newCommon(a), all: offeredCommands(a.opts)}
	p.input = newTextInput(":", "", 200)
	p.matches = p.all
	enable(false, &p.keys.Yes, &p.keys.No, &p.keys.Detach)
	p.keys.Open.SetHelp("enter", "run")
	p.keys.Cancel.SetHelp("esc", "close")
	return p
}

func (p *palette) Init() tea.Cmd { return p.input.Focus() }

func (p *palette) SetSize(w, h int) {
	p.common.SetSize(w, h)
	p.input.SetWidth(min(50, max(20, w-6)) - 2)
}
func (p *palette) InputFocused() bool { return true }

func (p *palette) ShortHelp() []keyBinding {
	k := p.keys
	k.Up.SetHelp("↑", "up")
	k.Down.SetHelp("↓", "down")
	return []keyBinding{k.Open, k.Cancel, k.Down, k.Up}
}

func (p *palette) Update(msg tea.Msg) (overlay, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		return p, cmd
	}
	switch km.String() {
	case "esc":
		return nil, nil
	case "up", "ctrl+p":
		p.sel = max(0, p.sel-1)
		return p, nil
	case "down", "ctrl+n":
		p.sel = min(len(p.matches)-1, p.sel+1)
		return p, nil
	case "enter":
		if len(p.matches) == 0 {
			return p, statusErr("no command %q", strings.TrimSpace(p.input.Value()))
		}
		c := p.matches[max(0, p.sel)]
		args := ""
		if _, rest, found := strings.Cut(strings.TrimSpace(p.input.Value()), " "); found {
			args = strings.TrimSpace(rest)
		}
		return nil, c.run(args)
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	p.matches = matchCommands(p.all, p.input.Value())
	p.sel = 0
	return p, cmd
}

func (p *palette) View() string {
	st := p.st()
	lines := []string{p.input.View(), ""}
	if len(p.matches) == 0 {
		lines = append(lines, st.Subtle.Render("no matching command"))
	}
	for i, c := range p.matches {
		if i == p.sel {
			lines = append(lines, st.Selected.Render("> "+fit(":"+c.name, 12)+c.help))
		} else {
			lines = append(lines, "  "+fit(":"+c.name, 12)+st.Subtle.Render(c.help))
		}
	}
	return dialogBox(st, "Commands", lines, p.width)
}
