package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kontor/domain"
	"kontor/tui/termsafe"
)

// filterDelay is how long typing must pause before a filter or a picker
// search runs.
const filterDelay = 120 * time.Millisecond

// filterTickMsg fires filterDelay after a keystroke in the filter; only the
// tick of the latest keystroke (seq) applies the filter.
type filterTickMsg struct{ seq uint64 }

// browsePage is the bottom page: the tabs People | Companies | Deals, each
// a table, with a filter line.
type browsePage struct {
	common
	tables      []*table
	active      int
	counts      domain.Counts
	countsKnown bool
	countsReq   uint64
	input       textinput.Model
	filtering   bool
	filterSeq   uint64
}

func newBrowsePage(a *app) *browsePage {
	b := &browsePage{common: newCommon(a)}
	for _, k := range recordKinds() {
		b.tables = append(b.tables, newTable(a, k))
	}
	b.input = newTextInput("", "type to filter", 200)
	b.updateKeys()
	return b
}

func (b *browsePage) Init() tea.Cmd {
	return tea.Batch(b.loadCounts(), b.table().reload())
}

func (b *browsePage) table() *table { return b.tables[b.active] }

func (b *browsePage) SetSize(w, h int) {
	b.common.SetSize(w, h)
	b.input.SetWidth(max(10, w/2))
	for _, t := range b.tables {
		t.SetSize(w, h-2)
		t.clamp()
	}
}

// loadCounts reads the record counts shown on the tabs.
func (b *browsePage) loadCounts() tea.Cmd {
	id := b.app.nextID()
	b.countsReq = id
	s, ctx := b.app.store, b.app.ctx
	return func() tea.Msg {
		c, err := s.Counts(ctx)
		return countsMsg{id: id, counts: c, err: err}
	}
}

func (b *browsePage) InputFocused() bool { return b.filtering }

func (b *browsePage) switchTo(i int) tea.Cmd {
	if i == b.active || i < 0 || i >= len(b.tables) {
		return nil
	}
	b.active = i
	b.filtering = false
	b.filterSeq++
	b.input.Blur()
	t := b.table()
	b.input.SetValue(t.filter)
	switch {
	case !t.loaded && t.resetReq == 0:
		return t.reload()
	case t.stale:
		return t.refresh()
	}
	return nil
}

func (b *browsePage) Update(msg tea.Msg) (page, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		cmd = b.onKey(msg)
	case tea.PasteMsg:
		if b.filtering {
			cmd = b.updateInput(msg)
		}
	case filterTickMsg:
		if msg.seq == b.filterSeq {
			cmd = b.applyFilter()
		}
	case countsMsg:
		if msg.id == b.countsReq {
			b.countsReq = 0
			if msg.err != nil {
				cmd = statusErr("count records: %v", msg.err)
			} else {
				b.counts, b.countsKnown = msg.counts, true
			}
		}
	case pageMsg, countMsg:
		var cmds []tea.Cmd
		for _, t := range b.tables {
			cmds = append(cmds, t.Update(msg))
		}
		cmd = tea.Batch(cmds...)
	case recordSavedMsg, recordDeletedMsg, dataChangedMsg:
		cmd = b.dataChanged()
	case tea.WindowSizeMsg:
		cmd = b.table().prefetch()
	default:
		if b.filtering {
			b.input, cmd = b.input.Update(msg)
		}
	}
	b.updateKeys()
	return b, cmd
}

// dataChanged refreshes the counts and the visible table; the hidden tables
// refresh when shown.
func (b *browsePage) dataChanged() tea.Cmd {
	cmds := []tea.Cmd{b.loadCounts()}
	for i, t := range b.tables {
		switch {
		case i == b.active:
			cmds = append(cmds, t.refresh())
		case t.loaded:
			t.stale = true
		}
	}
	return tea.Batch(cmds...)
}

func (b *browsePage) onKey(msg tea.KeyPressMsg) tea.Cmd {
	t, k := b.table(), &b.keys
	if b.filtering {
		switch msg.String() {
		case "esc":
			return b.clearFilter()
		case "enter":
			b.filtering = false
			b.input.Blur()
			return b.applyFilter()
		case "up":
			return t.move(-1)
		case "down":
			return t.move(1)
		}
		return b.updateInput(msg)
	}
	switch {
	case key.Matches(msg, k.NextTab):
		return b.switchTo((b.active + 1) % len(b.tables))
	case key.Matches(msg, k.PrevTab):
		return b.switchTo((b.active + len(b.tables) - 1) % len(b.tables))
	case key.Matches(msg, k.Tab1):
		return b.switchTo(0)
	case key.Matches(msg, k.Tab2):
		return b.switchTo(1)
	case key.Matches(msg, k.Tab3):
		return b.switchTo(2)
	case key.Matches(msg, k.Up):
		return t.move(-1)
	case key.Matches(msg, k.Down):
		return t.move(1)
	case key.Matches(msg, k.HalfUp):
		return t.move(-max(1, t.visible()/2))
	case key.Matches(msg, k.HalfDown):
		return t.move(max(1, t.visible()/2))
	case key.Matches(msg, k.Top):
		return t.toTop()
	case key.Matches(msg, k.Bottom):
		return t.toEnd()
	case key.Matches(msg, k.Sort):
		return t.cycleSort()
	case key.Matches(msg, k.Reverse):
		return t.reverse()
	case key.Matches(msg, k.Filter):
		b.filtering = true
		b.input.SetValue(t.filter)
		b.input.CursorEnd()
		if t.importID != 0 { // a typed filter replaces an import's records
			t.importID = 0
			return tea.Batch(b.input.Focus(), t.reload())
		}
		return b.input.Focus()
	case key.Matches(msg, k.ClearFilter):
		return b.clearFilter()
	case key.Matches(msg, k.New):
		return msgCmd(openFormMsg{t: t.kind.t})
	case key.Matches(msg, k.Import):
		return msgCmd(openWizardMsg{})
	}
	r, ok := t.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		return msgCmd(openRecordMsg{t: t.kind.t, id: r.id})
	case key.Matches(msg, k.Edit):
		return msgCmd(openFormMsg{t: t.kind.t, id: r.id})
	case key.Matches(msg, k.Delete):
		return msgCmd(deleteRecordMsg{t: t.kind.t, id: r.id, name: r.name})
	}
	return nil
}

// updateInput passes a key to the filter input and, when the text changed,
// schedules the filter after a pause (a newer keystroke supersedes it).
func (b *browsePage) updateInput(msg tea.Msg) tea.Cmd {
	before := b.input.Value()
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	if b.input.Value() == before {
		return cmd
	}
	b.filterSeq++
	return tea.Batch(cmd, b.app.after(filterDelay, filterTickMsg{seq: b.filterSeq}))
}

// applyFilter runs the typed filter if it differs from the table's.
func (b *browsePage) applyFilter() tea.Cmd {
	t := b.table()
	f := strings.TrimSpace(b.input.Value())
	if f == t.filter {
		return nil
	}
	t.filter = f
	return t.reload()
}

func (b *browsePage) clearFilter() tea.Cmd {
	b.filtering = false
	b.filterSeq++ // a pending tick must not bring the old text back
	b.input.Blur()
	b.input.SetValue("")
	t := b.table()
	if !t.filtered() {
		return nil
	}
	t.filter, t.importID = "", 0
	return t.reload()
}

// showImport shows tab t filtered to the records import id created; esc
// or a typed filter clears it.
func (b *browsePage) showImport(t domain.RecordType, id domain.ID) tea.Cmd {
	b.active = tabIndex(t)
	b.filtering = false
	b.filterSeq++
	b.input.Blur()
	b.input.SetValue("")
	tb := b.table()
	tb.filter, tb.importID = "", id
	b.updateKeys()
	return tb.reload()
}

func (b *browsePage) updateKeys() {
	k, t := &b.keys, b.table()
	_, hasRow := t.selected()
	typing := b.filtering
	writable := !b.app.store.ReadOnly()
	enable(!typing, &k.NextTab, &k.PrevTab, &k.Tab1, &k.Tab2, &k.Tab3, &k.Sort, &k.Reverse, &k.Filter)
	enable(!typing && hasRow, &k.Up, &k.Down, &k.HalfUp, &k.HalfDown, &k.Top, &k.Bottom, &k.Open)
	enable(!typing && writable, &k.New)
	enable(!typing && writable && b.app.wizardAvailable(), &k.Import)
	enable(!typing && hasRow && writable, &k.Edit, &k.Delete)
	enable(typing || t.filtered(), &k.ClearFilter)
	enable(typing, &k.DoneFilter)
	k.New.SetHelp("n", "new "+typeName(t.kind.t))
}

func (b *browsePage) ShortHelp() []keyBinding {
	k := b.keys
	return []keyBinding{k.ClearFilter, k.DoneFilter, k.Down, k.Up, k.Open, k.Filter, k.NextTab, k.Sort, k.New, k.Edit, k.Delete, k.Import}
}

func (b *browsePage) FullHelp() [][]keyBinding {
	k := b.keys
	return [][]keyBinding{
		{k.Up, k.Down, k.HalfUp, k.HalfDown, k.Top, k.Bottom},
		{k.NextTab, k.PrevTab, k.Tab1, k.Tab2, k.Tab3},
		{k.Filter, k.ClearFilter, k.DoneFilter, k.Sort, k.Reverse},
		{k.Open, k.New, k.Edit, k.Delete, k.Import},
	}
}

func (b *browsePage) View() string {
	st := b.st()
	t := b.table()
	var body string
	switch {
	case len(t.rows) > 0:
		body = t.View()
	case !t.loaded:
		body = st.Subtle.Render("  Loading " + t.kind.t.Plural() + "…")
	case t.err != nil:
		body = st.Error.Render("  Could not read " + t.kind.t.Plural() + ": " + cleanErr(t.err))
	case t.filter != "":
		body = "  No " + t.kind.t.Plural() + " match “" + termsafe.Clean(t.filter) + "”. " + st.Subtle.Render("esc clears the filter.")
	case t.importID != 0:
		body = fmt.Sprintf("  No %s from import #%d here (undone or deleted since). ", t.kind.t.Plural(), t.importID) +
			st.Subtle.Render("esc clears the filter.")
	case b.countsKnown && b.counts == (domain.Counts{}):
		body = b.welcome()
	default:
		body = "  No " + t.kind.t.Plural() + " yet. " + st.Subtle.Render("Press n to create one.")
	}
	return block(b.tabsView()+"\n"+b.filterLine()+"\n"+body, b.width, b.height)
}

// welcome is the first screen of an empty data file.
func (b *browsePage) welcome() string {
	st := b.st()
	line := func(k, d string) string { return "    " + st.Title.Render(fit(k, 20)) + d }
	return strings.Join([]string{
		"",
		"  " + st.Title.Render("This data file is empty.") + " To begin:",
		"",
		line("n", "create a record here"),
		line("kontor demo", "load demo data (quit first with q)"),
		line("kontor import FILE", "import a CSV or Excel file"),
	}, "\n")
}

func (b *browsePage) tabsView() string {
	st := b.st()
	parts := []string{st.Title.Render("Kontor")}
	for i, t := range b.tables {
		n := "…"
		if b.countsKnown {
			n = thousands(b.counts.Of(t.kind.t))
		}
		label := " " + t.kind.title + " " + n + " "
		if i == b.active {
			parts = append(parts, st.TabActive.Render(label))
		} else {
			parts = append(parts, st.Tab.Render(label))
		}
	}
	return strings.Join(parts, " ")
}

func (b *browsePage) filterLine() string {
	st := b.st()
	t := b.table()
	right := st.Subtle.Render(t.sortText())
	var left string
	switch {
	case b.filtering:
		left = st.Prompt.Render("/ ") + b.input.View()
	case t.filter != "":
		left = st.Prompt.Render("filter: ") + termsafe.Clean(t.filter)
	case t.importID != 0:
		left = st.Selected.Render(fmt.Sprintf(" import #%d ", t.importID))
	default:
		left = st.Subtle.Render("/ to filter")
	}
	if t.filtered() {
		n := "counting…"
		if t.countKnown {
			n = countText(t.count) + " " + matchWord(t.count)
		}
		left += st.Subtle.Render(" · " + n)
	}
	if t.importID != 0 && !b.filtering {
		left += st.Subtle.Render(" · esc clears")
	}
	gap := b.width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return ansi.Truncate(left, b.width, ellipsis)
	}
	return left + strings.Repeat(" ", gap) + right
}

func matchWord(c domain.Count) string {
	if c.N == 1 && c.Exact {
		return "match"
	}
	return "matches"
}
