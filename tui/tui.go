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
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"kontor/domain"
	"kontor/domain/importing"
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
	// Imports is the import engine's view of the data file (presets, past
	// imports, undo, running an import); nil turns the import wizard and
	// the :imports view off. cmd/kontor passes the same *sqlstore.Store as
	// the store argument.
	Imports importing.Store
	// Files opens, fingerprints and reports on files for the wizard
	// (storage/filesource.Opener in cmd/kontor); nil turns the wizard off.
	Files importing.Files
	// Dir is where the wizard's file picker starts; "" means the current
	// directory.
	Dir string
}

// Model is the root model. Create it with New and run it with
// tea.NewProgram(model).Run().
type Model struct {
	app           *app
	width, height int
	pages         []page
	overlay       overlay
	status        statusMsg
	statusFresh   bool // status was set by the user's action since the last key
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
		return m, m.broadcast(msg) // open forms restyle their inputs
	case tea.ColorProfileMsg:
		m.restyle(m.isDark, m.noColor || msg.Profile <= colorprofile.Ascii)
		return m, nil
	case tea.EnvMsg:
		m.restyle(m.isDark, m.noColor || msg.Getenv("NO_COLOR") != "")
		return m, nil
	case tea.KeyPressMsg:
		m.statusFresh = false
		return m, m.onKey(msg)
	case statusMsg:
		if msg.background && m.statusFresh && m.status.text != "" {
			return m, nil // "Saved person …" stays until the user moves on
		}
		m.status, m.statusFresh = msg, !msg.background
		return m, nil
	case showHelpMsg:
		return m, m.openOverlay(newHelpOverlay(m.app, m.fullHelp()))
	case openRecordMsg:
		return m, m.push(newDetailPage(m.app, msg.t, msg.id))
	case openWizardMsg:
		return m, m.openWizard(msg.path)
	case openFormMsg:
		if m.app.store.ReadOnly() {
			return m, statusErr("%s", m.app.readOnlyText())
		}
		return m, m.push(newFormPage(m.app, msg.t, msg.id))
	case deleteRecordMsg:
		return m, m.openOverlay(newDeleteDialog(m.app, msg.t, msg.id, msg.name))
	case switchTabMsg:
		m.pages = m.pages[:1]
		return m, m.browse().switchTo(tabIndex(msg.t))
	case openImportsMsg:
		return m, m.openImports(msg)
	case showImportRecordsMsg:
		return m, m.showImportRecords(msg)
	case undoImportMsg:
		return m, m.openOverlay(newUndoDialog(m.app, msg.imp))
	case importUndoneMsg:
		return m, tea.Batch(m.broadcast(dataChangedMsg{}), m.checkVersion(true))
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
	m.dropClosed()
	if m.overlay != nil {
		var cmd tea.Cmd
		m.overlay, cmd = m.overlay.Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// dropClosed takes closed pages off the stack (never the tables).
func (m *Model) dropClosed() {
	kept := m.pages[:1]
	for _, p := range m.pages[1:] {
		if !p.isClosed() {
			kept = append(kept, p)
		}
	}
	m.pages = kept
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
		cmds = append(cmds, m.broadcast(dataChangedMsg{}), notice("The data file changed; refreshed"))
	}
	return tea.Batch(cmds...)
}

// inputAltKeys are the alt keys a focused text input uses (word motions,
// a new line in the notes).
var inputAltKeys = map[string]bool{"alt+b": true, "alt+f": true, "alt+d": true, "alt+backspace": true,
	"alt+left": true, "alt+right": true, "alt+delete": true, "alt+enter": true}

// splitAlt reads alt+key as esc then key. A terminal sends Esc as a lone
// ESC byte; when the next key follows at once (a fast typist, tmux
// send-keys, a script) both arrive together and parse as alt+key. Kontor
// binds no alt keys, so the split is what the user meant — except for the
// alt keys of a focused text input.
func (m *Model) splitAlt(msg tea.KeyPressMsg) (tea.KeyPressMsg, bool) {
	if msg.Mod&tea.ModAlt == 0 || msg.Mod&^(tea.ModAlt|tea.ModShift) != 0 {
		return msg, false
	}
	focused := m.overlay != nil && m.overlay.InputFocused() || m.overlay == nil && m.top().InputFocused()
	if focused && inputAltKeys[msg.Keystroke()] {
		return msg, false
	}
	k := tea.Key(msg)
	k.Mod &^= tea.ModAlt
	if k.Text == "" && k.Mod == 0 && k.Code >= ' ' && k.Code < tea.KeyExtended {
		k.Text = string(k.Code)
	} else if k.Text == "" && k.Mod == tea.ModShift && k.ShiftedCode != 0 {
		k.Text, k.Mod = string(k.ShiftedCode), 0
	}
	return tea.KeyPressMsg(k), true
}

func (m *Model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if k, ok := m.splitAlt(msg); ok {
		first := m.onKey(tea.KeyPressMsg{Code: tea.KeyEscape})
		return tea.Batch(first, m.onKey(k))
	}
	if w, ok := m.top().(*wizardPage); ok && m.overlay == nil && w.holdsQuit() && key.Matches(msg, m.keys.ForceQuit) {
		_, cmd := w.Update(msg) // the wizard asks before abandoning an import
		m.dropClosed()
		return cmd
	}
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
		case m.app.store.ReadOnly() && isRecordPage(top) && key.Matches(msg, m.keys.New, m.keys.Edit, m.keys.Delete, m.keys.Import):
			// The keys are off (and out of the help bar); say why.
			return statusErr("%s: browsing only, nothing can be changed", m.app.readOnlyText())
		}
	}
	np, cmd := top.Update(msg)
	m.pages[len(m.pages)-1] = np
	m.dropClosed()
	return cmd
}

// isRecordPage reports whether p shows records (the tables or a detail
// view), where n, e, d and i would change the data file.
func isRecordPage(p page) bool {
	switch p.(type) {
	case *browsePage, *detailPage:
		return true
	}
	return false
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
	return append(m.top().FullHelp(), append(m.globalKeys(), m.keys.ForceQuit))
}
