package tui

import (
	"bytes"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"kontor/tui/termsafe"
)

// statusLine shows the data file, the counts and the last message; when
// space is short the message keeps its room, the counts go, then the path
// is shortened from the left.
func (m *Model) statusLine() string {
	st := m.app.styles
	b := m.browse()
	counts := ""
	if b.countsKnown {
		c := b.counts
		counts = " · " + plural(c.People, "person", "people") + " · " + plural(c.Companies, "company", "companies") + " · " + plural(c.Deals, "deal", "deals")
	}
	if m.app.store.ReadOnly() {
		counts += " [read-only]"
	}
	msg, sep := "", ""
	if m.status.text != "" {
		msg, sep = ansi.Truncate(m.status.text, m.width, ellipsis), " │ "
		if m.status.err {
			msg = st.Error.Render(msg)
		}
	}
	path := termsafe.Clean(m.app.store.Path())
	pathRoom := m.width - ansi.StringWidth(msg) - ansi.StringWidth(sep) - ansi.StringWidth(counts)
	if pathRoom < 12 {
		pathRoom += ansi.StringWidth(counts)
		counts = ""
	}
	left := ""
	if pathRoom >= 8 {
		left = st.Status.Render(truncLeft(path, pathRoom) + counts)
	} else {
		sep = ""
	}
	return fit(left+st.Subtle.Render(sep)+msg, m.width)
}

// helpBar is one line: the keys of the current state on the left (cut
// with an ellipsis when too many), the global ones on the right.
func (m *Model) helpBar() string {
	h := help.New()
	h.Styles = m.app.styles.Help
	if m.overlay != nil {
		h.SetWidth(m.width)
		return h.ShortHelpView(m.overlay.ShortHelp())
	}
	right := h.ShortHelpView(m.globalKeys())
	rw := ansi.StringWidth(right)
	h.SetWidth(max(10, m.width-rw-3))
	left := h.ShortHelpView(m.top().ShortHelp())
	gap := m.width - ansi.StringWidth(left) - rw
	if right == "" || gap < 1 {
		return ansi.Truncate(left+" "+right, m.width, "")
	}
	return left + strings.Repeat(" ", gap) + right
}

// View draws the top page (and the overlay over it), the status line and
// the help bar.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "Kontor"
	return v
}

func (m *Model) render() string {
	if m.quitting {
		return ""
	}
	if m.width == 0 || m.height == 0 {
		return ""
	}
	if m.width < MinWidth || m.height < MinHeight {
		return fmt.Sprintf("terminal too small (need %d×%d, have %d×%d)", MinWidth, MinHeight, m.width, m.height)
	}
	body := block(m.top().View(), m.width, m.bodyHeight())
	if m.overlay != nil {
		body = center(body, m.overlay.View(), m.width, m.bodyHeight())
	}
	out := strings.Join([]string{body, m.statusLine(), m.helpBar()}, "\n")
	if m.noColor {
		out = stripColor(out)
	}
	return out
}

// stripColor removes every colour from styled text, keeping bold, faint,
// reverse and underline.
func stripColor(s string) string {
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
	if _, err := w.WriteString(s); err != nil {
		return s
	}
	return b.String()
}
