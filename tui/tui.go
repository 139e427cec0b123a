// Package tui is Kontor's terminal UI: tabbed tables of people, companies
// and deals over the data file, detail views, forms, a delete dialog, a
// command palette and help, built with Bubble Tea v2.
//
// The root model is a small state machine: a stack of pages (the tables at
// the bottom, then detail views and forms pushed over them) and at most one
// overlay (delete dialog, help, command palette). All reading and writing
// of the data file happens in tea.Cmds; replies carry the id of their
// request and a page drops replies it no longer waits for. Every string
// from the data file goes through termsafe before it is drawn.
package tui

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"kontor/domain"
	"kontor/tui/termsafe"
)

// Minimum terminal size.
const (
	MinWidth  = 60
	MinHeight = 15
)

// Options configure the UI.
type Options struct {
	// Region is the default phone region (ISO 3166-1 alpha-2, e.g. "PL")
	// the forms validate phone numbers with; use the store's.
	Region string
	// NoColor draws without any colour (set it when NO_COLOR is set and not
	// empty). The UI also turns colour off when the terminal's environment
	// has NO_COLOR or its colour profile has no colours.
	NoColor bool
	// Context cancels the data file requests; nil means Background.
	Context context.Context
	// PageSize is the number of rows read per page; 0 means 100.
	PageSize int
	// PollInterval is how often the UI checks whether another process
	// changed the data file; 0 means 2 seconds, negative turns it off.
	PollInterval time.Duration
}

// Model is the root model. Create it with New and run it with
// tea.NewProgram(model).Run().
type Model struct {
	app           *app
	width, height int
	pages         []page
	overlay       overlay
	status        statusMsg
	keys          KeyMap
	isDark        bool
	noColor       bool
	version       int64
	versionKnown  bool
	quitting      bool
}

// New returns the UI over store.
func New(store domain.Store, opts Options) *Model {
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	a := &app{
		store:  store,
		ctx:    ctx,
		opts:   opts,
		rules:  domain.Rules{Region: opts.Region},
		styles: NewStyles(true, opts.NoColor),
		after:  tick,
	}
	m := &Model{app: a, keys: DefaultKeyMap(), isDark: true, noColor: opts.NoColor}
	m.pages = []page{newBrowsePage(a)}
	return m
}

func (m *Model) pollInterval() time.Duration {
	if m.app.opts.PollInterval == 0 {
		return 2 * time.Second
	}
	return m.app.opts.PollInterval
}

// Init loads the first page and the counts, asks the terminal for its
// background colour and starts watching the data file.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.pages[0].Init(), tea.RequestBackgroundColor, m.checkVersion(false)}
	return tea.Batch(cmds...)
}

func (m *Model) top() page { return m.pages[len(m.pages)-1] }

func (m *Model) browse() *browsePage { return m.pages[0].(*browsePage) }

// checkVersion reads the data file's version in a command; own marks a
// read after a change made from this UI.
func (m *Model) checkVersion(own bool) tea.Cmd {
	s, ctx := m.app.store, m.app.ctx
	return func() tea.Msg {
		v, err := s.DataVersion(ctx)
		return versionMsg{v: v, err: err, own: own}
	}
}

func (m *Model) bodyHeight() int { return max(1, m.height-2) }

func (m *Model) resize() {
	for _, p := range m.pages {
		p.SetSize(m.width, m.bodyHeight())
	}
	if m.overlay != nil {
		m.overlay.SetSize(m.width, m.bodyHeight())
	}
}

func (m *Model) restyle(isDark, noColor bool) {
	if isDark == m.isDark && noColor == m.noColor {
		return
	}
	m.isDark, m.noColor = isDark, noColor
	*m.app.styles = *NewStyles(isDark, noColor)
}

// push opens a page over the current one.
func (m *Model) push(p page) tea.Cmd {
	p.SetSize(m.width, m.bodyHeight())
	m.pages = append(m.pages, p)
	return p.Init()
}

func (m *Model) openOverlay(o overlay) tea.Cmd {
	o.SetSize(m.width, m.bodyHeight())
	m.overlay = o
	return o.Init()
}

// Update routes a message: keys to the overlay or the top page, replies
// and notifications to every page.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m, m.broadcast(msg) // a taller table reads more rows
	case tea.BackgroundColorMsg:
		m.restyle(msg.IsDark(), m.noColor)
		return m, nil
	case tea.ColorProfileMsg:
		m.restyle(m.isDark, m.noColor || msg.Profile <= colorprofile.Ascii)
		return m, nil
	case tea.EnvMsg:
		m.restyle(m.isDark, m.noColor || msg.Getenv("NO_COLOR") != "")
		return m, nil
	case tea.KeyPressMsg:
		return m, m.onKey(msg)
	case statusMsg:
		m.status = msg
		return m, nil
	case showHelpMsg:
		return m, m.openOverlay(newHelpOverlay(m.app, m.fullHelp()))
	case openRecordMsg:
		return m, m.push(newDetailPage(m.app, msg.t, msg.id))
	case openFormMsg:
		if m.app.store.ReadOnly() {
			return m, statusErr("The data file is read-only")
		}
		return m, m.push(newFormPage(m.app, msg.t, msg.id))
	case closePageMsg:
		if len(m.pages) > 1 && (msg.p == nil || msg.p == m.top()) {
			m.pages = m.pages[:len(m.pages)-1]
		}
		return m, nil
	case deleteRecordMsg:
		return m, m.openOverlay(newDeleteDialog(m.app, msg.t, msg.id, msg.name))
	case switchTabMsg:
		m.pages = m.pages[:1]
		return m, m.browse().switchTo(tabIndex(msg.t))
	case recordDeletedMsg:
		m.dropPagesOf(msg.t, msg.id)
		return m, tea.Batch(m.broadcast(msg), m.checkVersion(true))
	case recordSavedMsg:
		return m, tea.Batch(m.broadcast(msg), m.checkVersion(true))
	case pollMsg:
		return m, m.checkVersion(false)
	case versionMsg:
		return m, m.onVersion(msg)
	}
	return m, m.broadcast(msg)
}

// broadcast passes a message to every page and the overlay.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(m.pages)+1)
	for i, p := range m.pages {
		np, cmd := p.Update(msg)
		m.pages[i] = np
		cmds = append(cmds, cmd)
	}
	if m.overlay != nil {
		var cmd tea.Cmd
		m.overlay, cmd = m.overlay.Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// dropPagesOf closes the detail views of a deleted record.
func (m *Model) dropPagesOf(t domain.RecordType, id domain.ID) {
	kept := m.pages[:1]
	for _, p := range m.pages[1:] {
		if d, ok := p.(*detailPage); ok && d.shows(t, id) {
			continue
		}
		kept = append(kept, p)
	}
	m.pages = kept
}

// onVersion compares the data file's version with the last one seen and,
// when another process changed the file, refreshes what is on screen.
func (m *Model) onVersion(msg versionMsg) tea.Cmd {
	var cmds []tea.Cmd
	if d := m.pollInterval(); d > 0 && !msg.own {
		cmds = append(cmds, m.app.after(d, pollMsg{}))
	}
	switch {
	case msg.own:
		if msg.err == nil {
			m.version, m.versionKnown = msg.v, true
		}
	case msg.err != nil:
		cmds = append(cmds, statusErr("check the data file: %v", msg.err))
	case !m.versionKnown:
		m.version, m.versionKnown = msg.v, true
	case msg.v != m.version:
		m.version = msg.v
		cmds = append(cmds, m.broadcast(dataChangedMsg{}), status("The data file changed; refreshed"))
	}
	return tea.Batch(cmds...)
}

func (m *Model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.ForceQuit) {
		m.quitting = true
		return tea.Quit
	}
	if m.width < MinWidth || m.height < MinHeight {
		if key.Matches(msg, m.keys.Quit) {
			m.quitting = true
			return tea.Quit
		}
		return nil
	}
	if m.overlay != nil {
		var cmd tea.Cmd
		m.overlay, cmd = m.overlay.Update(msg)
		return cmd
	}
	top := m.top()
	if !top.InputFocused() {
		switch {
		case key.Matches(msg, m.keys.Help):
			return m.openOverlay(newHelpOverlay(m.app, m.fullHelp()))
		case key.Matches(msg, m.keys.Palette):
			return m.openOverlay(newPalette(m.app))
		case key.Matches(msg, m.keys.Quit) && len(m.pages) == 1:
			m.quitting = true
			return tea.Quit
		}
	}
	np, cmd := top.Update(msg)
	m.pages[len(m.pages)-1] = np
	return cmd
}

// globalKeys lists the keys that work everywhere in the current state.
func (m *Model) globalKeys() []keyBinding {
	k := m.keys
	typing := m.overlay != nil || m.top().InputFocused()
	enable(!typing, &k.Help, &k.Palette)
	enable(!typing && len(m.pages) == 1, &k.Quit)
	return []keyBinding{k.Help, k.Palette, k.Quit}
}

func (m *Model) fullHelp() [][]keyBinding {
	k := m.keys
	return append(m.top().FullHelp(), []keyBinding{k.Help, k.Palette, k.Quit, k.ForceQuit})
}

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
