package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"kontor/domain"
)

// app is what every screen shares: the data file, the options, the styles
// and the request counter. New creates it once; screens hold a pointer. It
// is only touched from Update and View (the Bubble Tea goroutine); commands
// copy what they need out of it before they run.
type app struct {
	store  domain.Store
	ctx    context.Context
	opts   Options
	rules  domain.Rules
	styles *Styles
	lastID uint64
	// currency is the currency of the last deal saved, the default of the
	// next new deal.
	currency string
	// after returns a command that delivers msg after d (tea.Tick); tests
	// replace it to control time.
	after func(d time.Duration, msg tea.Msg) tea.Cmd
}

// nextID returns a new request id. Replies carry the id of their request;
// a screen drops replies whose id is not the one it waits for.
func (a *app) nextID() uint64 {
	a.lastID++
	return a.lastID
}

func tick(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

// common is embedded by every screen: its size, the shared app (styles
// included) and the screen's own key map.
type common struct {
	app    *app
	keys   KeyMap
	width  int
	height int
	// closed is set by a page that is done (esc, saved); the root takes it
	// off the stack as soon as its Update returns, so the next key already
	// goes to the page below.
	closed bool
}

func (c *common) isClosed() bool { return c.closed }

func newCommon(a *app) common { return common{app: a, keys: DefaultKeyMap()} }

// SetSize sets the screen's size in cells.
func (c *common) SetSize(width, height int) {
	c.width, c.height = width, height
}

func (c *common) st() *Styles { return c.app.styles }

// page is a screen on the root model's stack: the browser at the bottom,
// then detail views and forms pushed over it.
type page interface {
	Init() tea.Cmd
	// Update handles a message. Key presses go to the top page only;
	// replies and other messages to every page, which drop what is not
	// theirs.
	Update(msg tea.Msg) (page, tea.Cmd)
	View() string
	SetSize(width, height int)
	// InputFocused reports whether a text input has the focus: then it gets
	// every key first (q types q, ? types ?).
	InputFocused() bool
	// ShortHelp and FullHelp list the page's bindings; disabled ones are
	// not shown.
	ShortHelp() []keyBinding
	FullHelp() [][]keyBinding
	isClosed() bool
}

// overlay is a modal box drawn over the top page: the delete dialog, the
// help, the command palette. While one is open it gets every key.
type overlay interface {
	Init() tea.Cmd
	// Update returns nil as the overlay when it closes.
	Update(msg tea.Msg) (overlay, tea.Cmd)
	View() string
	SetSize(width, height int)
	InputFocused() bool
	ShortHelp() []keyBinding
}

// readOnlyText is what the UI says when a write is refused because the
// data file is read-only, with the store's reason when it gives one.
func (a *app) readOnlyText() string {
	if e, ok := a.store.(domain.ReadOnlyExplainer); ok {
		if why := e.ReadOnlyReason(); why != "" {
			return "The data file is read-only (" + why + ")"
		}
	}
	return "The data file is read-only"
}
