package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kontor/domain"
)

// seedPeople adds a company and n people "Anna Nowak001"… working there.
func seedPeople(s *memStore, n int) domain.ID {
	acme := s.addCompany(domain.Company{Name: "Acme Sp. z o.o.", Domain: "acme.pl", Address: domain.Address{City: "Łódź"}})
	for i := 1; i <= n; i++ {
		s.addPerson(domain.Person{FirstName: "Anna", LastName: fmt.Sprintf("Nowak%03d", i), CompanyID: acme,
			Emails: []domain.Email{{Address: fmt.Sprintf("anna%03d@acme.pl", 1000-i)}}, Title: "Buyer"})
	}
	return acme
}

func TestTabSwitching(t *testing.T) {
	tests := []struct {
		keys   []string
		active int
		header string
	}{
		{nil, 0, "E-mail"},
		{[]string{"tab"}, 1, "Industry"},
		{[]string{"tab", "tab"}, 2, "Amount"},
		{[]string{"tab", "tab", "tab"}, 0, "E-mail"},
		{[]string{"shift+tab"}, 2, "Amount"},
		{[]string{"3"}, 2, "Amount"},
		{[]string{"3", "2"}, 1, "Industry"},
		{[]string{"2", "1"}, 0, "E-mail"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, ","), func(t *testing.T) {
			s := newMemStore()
			acme := seedPeople(s, 3)
			s.addDeal(domain.Deal{Title: "Fleet renewal", CompanyID: acme, Amount: &domain.Money{Minor: 1250000, Currency: "PLN"}})
			h := newHarness(t, s, 80, 24)
			h.press(tt.keys...)
			if got := h.browse().active; got != tt.active {
				t.Fatalf("active tab = %d, want %d", got, tt.active)
			}
			h.wantScreen(tt.header, "People 3", "Companies 1", "Deals 1")
			if tt.active == 2 {
				h.wantScreen("Fleet renewal", "12 500.00 PLN")
			}
		})
	}
}

func TestMovementAndPaging(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 250) // page size 20: thirteen pages
	h := newHarness(t, s, 80, 24)
	tb := h.browse().table()
	if len(tb.rows) != 20 || !tb.hasAfter {
		t.Fatalf("first load: %d rows, more after %v; want one page of 20", len(tb.rows), tb.hasAfter)
	}
	tests := []struct {
		keys []string
		want string
	}{
		{[]string{"j"}, "Anna Nowak002"},
		{[]string{"j", "j", "k"}, "Anna Nowak003"},
		{repeat("j", 60), "Anna Nowak063"},    // crosses three page boundaries
		{[]string{"ctrl+d"}, "Anna Nowak072"}, // half of 19 visible rows
		{[]string{"ctrl+u", "ctrl+u"}, "Anna Nowak054"},
		{[]string{"G"}, "Anna Nowak250"},
		{[]string{"k", "k"}, "Anna Nowak248"},
		{repeat("k", 70), "Anna Nowak178"}, // back up across pages loaded before the window
		{[]string{"g"}, "Anna Nowak001"},
		{[]string{"k"}, "Anna Nowak001"},
		{[]string{"down", "down"}, "Anna Nowak003"},
	}
	for _, tt := range tests {
		h.press(tt.keys...)
		if got := h.selectedName(); got != tt.want {
			t.Fatalf("after %v: cursor on %q, want %q", tt.keys, got, tt.want)
		}
		h.wantScreen("> " + tt.want)
		if n := len(tb.rows); n > tb.maxWindow() {
			t.Fatalf("window holds %d rows, more than its cap %d", n, tb.maxWindow())
		}
	}
	if s.lists > 40 {
		t.Errorf("%d list calls for that walk; pages are re-read", s.lists)
	}
}

func repeat(k string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = k
	}
	return out
}

func TestWindowStaysCapped(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 400)
	h := newHarness(t, s, 80, 24, func(o *Options) { o.PageSize = 10 })
	tb := h.browse().table()
	h.press(repeat("j", 300)...)
	if got := h.selectedName(); got != "Anna Nowak301" {
		t.Fatalf("cursor on %q", got)
	}
	if len(tb.rows) > tb.maxWindow() || !tb.hasBefore {
		t.Fatalf("window: %d rows (cap %d), rows before it %v", len(tb.rows), tb.maxWindow(), tb.hasBefore)
	}
	h.press(repeat("k", 300)...)
	if got := h.selectedName(); got != "Anna Nowak001" || tb.hasBefore {
		t.Fatalf("back at the top: cursor on %q, rows before %v", got, tb.hasBefore)
	}
}

func TestSortChange(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 30) // e-mails run the other way from names
	h := newHarness(t, s, 80, 24)
	h.wantScreen("sort: name ↑", "Name ↑")
	h.press("s")
	h.wantScreen("sort: e-mail ↑", "E-mail ↑")
	if got := h.selectedName(); got != "Anna Nowak030" {
		t.Fatalf("sorted by e-mail, first row %q, want Anna Nowak030", got)
	}
	h.press("S")
	h.wantScreen("sort: e-mail ↓", "E-mail ↓")
	if got := h.selectedName(); got != "Anna Nowak001" {
		t.Fatalf("reversed, first row %q, want Anna Nowak001", got)
	}
	h.press("s", "s", "s", "s") // job title, created, updated, back to name
	h.wantScreen("sort: name ↑")
}

func TestFilterDebounce(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 30)
	s.addPerson(domain.Person{FirstName: "Łucja", LastName: "Żółw", Emails: []domain.Email{{Address: "lucja@zolw.pl"}}})
	h := newHarness(t, s, 80, 24)
	before := s.lists
	h.press("/")
	h.typeText("zol")
	if s.lists != before {
		t.Fatal("the filter ran before the pause in typing")
	}
	ticks := 0
	for _, tm := range h.timers {
		if _, ok := tm.msg.(filterTickMsg); ok {
			ticks++
		}
	}
	if ticks != 3 {
		t.Fatalf("%d filter ticks for three keystrokes", ticks)
	}
	h.fire()
	if got := s.lists - before; got != 1 {
		t.Fatalf("%d list calls after three keystrokes and a pause, want 1", got)
	}
	h.wantScreen("Łucja Żółw", "1 match")
	h.dontWantScreen("Nowak001")
	if h.browse().table().filter != "zol" {
		t.Fatalf("filter %q", h.browse().table().filter)
	}
	// q is typed into the focused filter, it does not quit
	h.typeText("q")
	if h.quit {
		t.Fatal("q in the filter quit")
	}
	h.press("backspace", "enter")
	h.wantScreen("filter: zol")
	h.press("esc")
	h.wantScreen("Anna Nowak001", "/ to filter")
	if h.browse().table().filter != "" {
		t.Fatal("esc did not clear the filter")
	}
	// a tick from before esc must not bring the filter back
	h.press("/")
	h.typeText("x")
	h.press("esc")
	h.fire()
	if f := h.browse().table().filter; f != "" {
		t.Fatalf("stale tick applied filter %q", f)
	}
}

func TestEscThenKeyReadAsAlt(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 30)
	h := newHarness(t, s, 80, 24)
	h.press("/")
	h.typeText("nowak02")
	h.fire()
	h.wantScreen("Anna Nowak020")
	// esc and g sent at once arrive as alt+g: clear the filter, then go top
	h.send(tea.KeyPressMsg{Code: 'g', Mod: tea.ModAlt})
	if f := h.browse().table().filter; f != "" || h.browse().filtering {
		t.Fatalf("alt+g did not clear the filter (%q)", f)
	}
	h.wantScreen("> Anna Nowak001")
	// esc then G on a detail view: back, then to the end
	h.press("enter")
	h.send(tea.KeyPressMsg{Code: 'g', ShiftedCode: 'G', Mod: tea.ModAlt | tea.ModShift})
	if len(h.m.pages) != 1 {
		t.Fatal("alt+G did not go back")
	}
	h.wantScreen("> Anna Nowak030")
	// a text input keeps its own alt keys (alt+b: a word back)
	h.press("/")
	h.typeText("anna nowak")
	h.send(tea.KeyPressMsg{Code: 'b', Mod: tea.ModAlt})
	if !h.browse().filtering {
		t.Fatal("alt+b in the filter was read as esc")
	}
}

func TestCappedCount(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 40)
	s.countCap = 25
	h := newHarness(t, s, 80, 24)
	h.press("/")
	h.typeText("anna")
	h.fire()
	h.wantScreen("25+ matches")
}

func TestStaleReplyDropped(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 30)
	s.addPerson(domain.Person{FirstName: "Zofia", LastName: "Zięba"})
	h := newHarness(t, s, 80, 24)
	tb := h.browse().table()
	// an old request: the first page, as it was answered
	oldID, oldCmd := tb.fetch(loadFirst, tb.query())
	oldReply := oldCmd().(pageMsg)
	if oldReply.id != oldID || len(oldReply.rows) == 0 {
		t.Fatal("could not make an old reply")
	}
	h.press("/")
	h.typeText("zofia")
	h.fire()
	h.wantScreen("Zofia Zięba")
	h.send(oldReply) // arrives late
	if len(tb.rows) != 1 || tb.rows[0].cells[0] != "Zofia Zięba" {
		t.Fatalf("the stale reply replaced the rows: %d rows, first %q", len(tb.rows), tb.rows[0].cells[0])
	}
	h.dontWantScreen("Anna Nowak001")
}

func TestHelpBarFollowsState(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 5)
	h := newHarness(t, s, 120, 30)
	bar := func() string {
		lines := strings.Split(h.screen(), "\n")
		return lines[len(lines)-1]
	}
	steps := []struct {
		keys       []string
		want, dont []string
	}{
		{nil, []string{"j down", "/ filter", "enter open", "n new person", "q quit", "? help", ": commands"}, []string{"clear filter", "esc back", "ctrl+s save"}},
		{[]string{"/"}, []string{"esc clear filter", "enter keep filter"}, []string{"q quit", "? help", "/ filter", "n new"}},
		{[]string{"esc", "3"}, []string{"n new deal", "/ filter"}, []string{"enter open", "e edit", "d delete", "j down"}},
		{[]string{"1", "enter"}, []string{"esc back", "e edit", "d delete"}, []string{"q quit", "/ filter"}},
		{[]string{"e"}, []string{"ctrl+s save", "esc cancel"}, []string{"q quit", "? help", "e edit"}},
		{[]string{"esc", "d"}, []string{"y delete", "n/esc keep"}, []string{"e edit", "q quit"}},
	}
	for _, st := range steps {
		h.press(st.keys...)
		b := bar()
		for _, w := range st.want {
			if !strings.Contains(b, w) {
				t.Errorf("after %v the help bar lacks %q: %s", st.keys, w, b)
			}
		}
		for _, d := range st.dont {
			if strings.Contains(b, d) {
				t.Errorf("after %v the help bar offers %q: %s", st.keys, d, b)
			}
		}
	}
}

func TestReadOnlyHidesWrites(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 2)
	s.readOnly, s.readOnlyWhy = true, "its permissions (0400) allow nobody to write it"
	h := newHarness(t, s, 100, 24)
	h.dontWantScreen("n new", "e edit", "d delete")
	h.wantScreen("[read-only]")
	for _, k := range []string{"n", "e", "d", "i"} {
		h.press(k) // off, but it says why
		h.wantScreen("The data file is read-only (its permissions (0400) allow nobody to write it)")
		h.m.Update(statusMsg{})
	}
	h.press("n")
	if len(h.m.pages) != 1 {
		t.Fatal("n opened a form on a read-only file")
	}
}

func TestTooSmall(t *testing.T) {
	tests := []struct {
		w, h  int
		small bool
	}{
		{59, 24, true}, {80, 14, true}, {60, 15, false}, {80, 24, false}, {200, 60, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%dx%d", tt.w, tt.h), func(t *testing.T) {
			s := newMemStore()
			seedPeople(s, 3)
			h := newHarness(t, s, tt.w, tt.h)
			want := fmt.Sprintf("terminal too small (need 60×15, have %d×%d)", tt.w, tt.h)
			if got := strings.Contains(h.screen(), want); got != tt.small {
				t.Fatalf("too-small message shown %v, want %v:\n%s", got, tt.small, h.screen())
			}
			if !tt.small {
				lines := strings.Split(h.screen(), "\n")
				if len(lines) != tt.h {
					t.Fatalf("%d lines for a %d-line terminal", len(lines), tt.h)
				}
				for i, l := range lines {
					if w := ansi.StringWidth(l); w > tt.w {
						t.Fatalf("line %d is %d cells wide on a %d-cell terminal: %q", i, w, tt.w, l)
					}
				}
			}
		})
	}
}

func TestResizeLive(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 40)
	h := newHarness(t, s, 80, 24)
	h.wantScreen("Anna Nowak019")
	h.dontWantScreen("Anna Nowak025")
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.wantScreen("Anna Nowak030", "City")
	h.send(tea.WindowSizeMsg{Width: 40, Height: 10})
	h.wantScreen("terminal too small")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.wantScreen("Anna Nowak001")
}

func TestWelcomeOnEmptyFile(t *testing.T) {
	h := newHarness(t, newMemStore(), 80, 24)
	h.wantScreen("This data file is empty", "n ", "create a record", "kontor demo", "kontor import FILE")
	h.press("2")
	h.wantScreen("kontor demo")
}

func TestEmptyTabAndNoMatch(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 2)
	h := newHarness(t, s, 80, 24)
	h.press("3")
	h.wantScreen("No deals yet")
	h.press("1", "/")
	h.typeText("xyzzy")
	h.fire()
	h.wantScreen("No people match “xyzzy”", "esc clears the filter")
}

func TestPollRefreshKeepsCursor(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 30)
	h := newHarness(t, s, 80, 24)
	h.press("j", "j", "j")
	id := h.browse().table().rows[3].id
	// another process adds people before and after the cursor
	s.addPerson(domain.Person{FirstName: "Aaron", LastName: "Aalto"})
	s.addPerson(domain.Person{FirstName: "Zygmunt", LastName: "Zych"})
	s.touch()
	h.poll()
	h.wantScreen("People 32", "The data file changed", "> Anna Nowak004")
	if r, _ := h.browse().table().selected(); r.id != id {
		t.Fatalf("cursor moved to %q", r.cells[0])
	}
	h.press("k", "k", "k", "k")
	h.wantScreen("> Aaron Aalto")
	if len(h.timers) == 0 {
		t.Fatal("polling stopped")
	}
	// no change: nothing is read again
	before := s.lists
	h.poll()
	if s.lists != before {
		t.Fatal("a poll without a change re-read the table")
	}
	// a change made here is not reported as another process's
	h.press("3", "n")
	h.typeText("Own deal")
	s.touch() // the store's version moves with our own write
	h.press("ctrl+s")
	h.poll()
	h.wantScreen("Saved deal Own deal")
	h.dontWantScreen("The data file changed")
	if n := len(h.timers); n != 1 {
		t.Fatalf("%d timers: the poll chain forked or stopped", n)
	}
}

func TestPaletteCommands(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 2)
	h := newHarness(t, s, 80, 24)
	h.press(":")
	h.wantScreen(":people", ":companies", ":deals", ":help", ":q")
	h.typeText("comp")
	h.dontWantScreen(":deals")
	h.press("enter")
	if h.browse().active != 1 {
		t.Fatal(":companies did not switch the tab")
	}
	h.press(":")
	h.typeText("de")
	h.press("enter")
	if h.browse().active != 2 {
		t.Fatal(":de did not run :deals")
	}
	h.press(":")
	h.typeText("help")
	h.press("enter")
	h.wantScreen("Keys", "reverse sort")
	h.press("esc", ":")
	h.typeText("nosuch")
	h.wantScreen("no matching command")
	h.press("esc")
	h.press(":")
	h.typeText("q")
	h.press("enter")
	if !h.quit {
		t.Fatal(":q did not quit")
	}
}

func TestQuitKeys(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 2)
	h := newHarness(t, s, 80, 24)
	h.press("enter", "q") // not at top level: q does nothing
	if h.quit {
		t.Fatal("q quit from a detail view")
	}
	h.press("e", "ctrl+c") // ctrl+c quits even in a form
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}
	h2 := newHarness(t, s, 80, 24)
	h2.press("q")
	if !h2.quit {
		t.Fatal("q did not quit at top level")
	}
}

func TestHelpOverlay(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 2)
	h := newHarness(t, s, 100, 30)
	h.press("?")
	h.wantScreen("Keys", "½ page down", "reverse sort", "next tab", "commands")
	h.press("?")
	h.dontWantScreen("reverse sort")
	h.press("enter", "?") // a detail view: q does not quit there
	h.wantScreen("Keys", "esc back", "ctrl+c quit")
	h.dontWantScreen("q quit")
}

// Another process's change refreshes the screen but does not hide the
// acknowledgement of what the user just did; after the next key it is
// reported again.
func TestRefreshNoticeKeepsOwnMessage(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 3)
	h := newHarness(t, s, 80, 24)
	h.press("3", "n")
	h.typeText("Own deal")
	s.touch()
	h.press("ctrl+s")
	h.poll()
	h.wantScreen("Saved deal Own deal")
	s.addPerson(domain.Person{FirstName: "Aaron", LastName: "Aalto"})
	s.touch()
	h.poll()
	h.wantScreen("Saved deal Own deal", "4 people") // the deal's detail view
	h.dontWantScreen("The data file changed")
	h.press("esc", "1")
	s.addPerson(domain.Person{FirstName: "Zygmunt", LastName: "Zych"})
	s.touch()
	h.poll()
	h.wantScreen("The data file changed", "People 5", "5 people")
}
