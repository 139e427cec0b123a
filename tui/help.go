package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// helpOverlay shows every key of the current page and the commands of the
// palette.
type helpOverlay struct {
	common
	groups [][]keyBinding
}

func newHelpOverlay(a *app, groups [][]keyBinding) *helpOverlay {
	return &helpOverlay{common: newCommon(a), groups: append(groups, commandHelp(a.opts))}
}

// commandHelp lists the palette's commands as help entries (":imports
// past imports, undo"); they are typed after ":", never matched as keys.
func commandHelp(o Options) []keyBinding {
	var out []keyBinding
	for _, c := range offeredCommands(o) {
		out = append(out, key.NewBinding(key.WithKeys(":"+c.name), key.WithHelp(":"+c.name, c.help)))
	}
	return out
}

func (h *helpOverlay) Init() tea.Cmd      { return nil }
func (h *helpOverlay) InputFocused() bool { return false }

func (h *helpOverlay) ShortHelp() []keyBinding {
	k := h.keys
	k.Cancel.SetHelp("esc/?", "close help")
	return []keyBinding{k.Cancel}
}

func (h *helpOverlay) Update(msg tea.Msg) (overlay, tea.Cmd) {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch km.String() {
		case "esc", "?", "q", "enter":
			return nil, nil
		}
	}
	return h, nil
}

func (h *helpOverlay) View() string {
	st := h.st()
	m := help.New()
	m.Styles = st.Help
	inner := max(20, h.width-6)
	// one column per group, packed into rows that fit the width
	var rows, row []string
	used := 0
	for _, g := range h.groups {
		col := m.FullHelpView([][]keyBinding{g})
		if col == "" {
			continue
		}
		w := lipgloss.Width(col) + 3
		if used > 0 && used+w > inner {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, used = nil, 0
		}
		row = append(row, col+"   ")
		used += w
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	body := strings.Join(rows, "\n\n")
	return st.Dialog.Render(st.Title.Render("Keys") + "\n\n" + block(body, inner, lipgloss.Height(body)))
}
