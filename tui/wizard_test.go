package tui

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kontor/domain"
	"kontor/domain/importing"
	"kontor/tui/termsafe"
)

// wizardStore is a memStore with Piotr Wiśniewski at Globex, whom
// wizard-people.csv repeats.
func wizardStore() *memStore {
	s := newMemStore()
	globex := s.addCompany(domain.Company{Name: "Globex"})
	s.addPerson(domain.Person{FirstName: "Piotr", LastName: "Wiśniewski", CompanyID: globex, Emails: []domain.Email{{Address: "piotr@existing.pl"}}})
	return s
}

func newWizHarness(t *testing.T, s *memStore, w, h int) (*harness, *memImports) {
	t.Helper()
	imp := &memImports{s: s}
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, s, w, h, func(o *Options) { o.Imports, o.Files, o.Dir = imp, csvFiles{}, dir })
	return hs, imp
}

func (h *harness) wizard() *wizardPage {
	h.t.Helper()
	w, ok := h.m.top().(*wizardPage)
	if !ok {
		h.t.Fatalf("the wizard is not open:\n%s", h.screen())
	}
	return w
}

// openInWizard presses i and types the path.
func (h *harness) openInWizard(path string) {
	h.t.Helper()
	h.press("i")
	h.wantScreen("Choose a file")
	h.press("/")
	h.typeText(path)
	h.press("enter")
}

// runHolding runs cmd like harness.run but holds the messages hold
// picks: they are returned, not delivered (to act while a task runs).
func (h *harness) runHolding(cmd tea.Cmd, hold func(tea.Msg) bool) []tea.Msg {
	h.t.Helper()
	var held []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := h.exec(c)
		switch m := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, m...)
		case delayed:
			h.timers = append(h.timers, m)
		default:
			if hold(msg) {
				held = append(held, msg)
				continue
			}
			if cmds, ok := sequenceOf(msg); ok {
				queue = append(queue, cmds...)
				continue
			}
			_, next := h.m.Update(msg)
			queue = append(queue, next)
		}
	}
	return held
}

func TestWizardPeopleFlow(t *testing.T) {
	s := wizardStore()
	h, imp := newWizHarness(t, s, 100, 30)
	h.openInWizard("wizard-people.csv")
	h.wantScreen("wizard-people.csv", "encoding utf-8", "delimiter ,", "header row 1", "people", "Kowalska", "Zielińska")
	w := h.wizard()
	if w.plan == nil {
		t.Fatalf("the plan was not computed in the background:\n%s", h.screen())
	}

	// Fields: the birthdays are ambiguous; enter asks, m answers.
	h.press("enter")
	h.wantScreen("Fields", "First Name", "First name", "Date of Birth", "Birthday ?")
	h.press("j", "j", "j")
	h.wantScreen("+48 600 100 200") // the phone as read
	h.press("j", "j", "o")
	h.wantScreen("Date order", "03/04/1980")
	h.press("m")
	if got := h.wizard().mapping.Columns[5].Format; got.DateOrder != importing.MDY || got.DateAmbiguous {
		t.Fatalf("date format after answering: %+v", got)
	}
	h.wantScreen("Fields", "1980-03-04", "month/day/year")

	// Links: the planted duplicates, side by side.
	h.press("enter")
	h.wantScreen("Showing all groups", "same e-mail", "line 2", "line 4", "person")
	p := h.wizard().plan
	c := p.Counts()
	if c.Groups != 2 || c.Failed != 1 || c.WithErrors != 2 {
		t.Fatalf("plan counts: %+v", c)
	}
	// overwrite the group matching Piotr in the data file, skip the other
	for _, g := range h.wizard().links.groups(p) {
		if len(g.Existing) > 0 {
			if h.wizard().links.groups(p)[h.wizard().links.cursor] != g {
				h.press("j")
			}
			h.wantScreen("Wiśniewski", "(in Kontor)")
			h.press("o")
		}
	}
	if c := p.Counts(); c.Update != 1 || c.Skip != 1 {
		t.Fatalf("after deciding: %+v", c)
	}
	h.press("2")
	h.wantScreen("not-an-email", "line 5", "skipped", "line 6")
	h.press("3")
	h.wantScreen("new company", "Acme", "Initech")

	// Confirm, then import.
	h.press("enter")
	h.wantScreen("Confirm", "Nothing has been written yet", "Create", "3 people", "Update", "1 existing person")
	before := len(s.people)
	h.press("enter")
	h.wantScreen("Import 1 done", "Created", "3 people", "Updated", "1 existing person", "Skipped", "1 duplicate row")
	if len(s.people) != before+3 {
		t.Fatalf("%d people after the import, want %d", len(s.people), before+3)
	}
	if len(imp.imports) != 1 {
		t.Fatalf("%d imports recorded", len(imp.imports))
	}
	var ewa domain.Person
	for _, pp := range s.people {
		if pp.LastName == "Zielińska" {
			ewa = pp
		}
	}
	if ewa.ImportID != 1 || len(ewa.Emails) != 0 || len(ewa.Phones) != 1 || ewa.Birthday != (domain.Date{Year: 1990, Month: 9, Day: 10}) {
		t.Fatalf("Ewa as imported: %+v", ewa)
	}

	// The per-row report, next to the file by default.
	h.press("r")
	w = h.wizard()
	want := filepath.Join(w.file.dir, "wizard-people-import-1-report.csv")
	if got := w.run.reportInput.Value(); got != want {
		t.Fatalf("default report path %q, want %q", got, want)
	}
	out := filepath.Join(t.TempDir(), "report.csv")
	w.run.reportInput.SetValue(out)
	h.press("enter")
	h.wantScreen("Report: ", "(6 rows)")
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "skipped-duplicate") || !strings.Contains(string(b), "updated") || strings.Count(string(b), "\n") != 7 {
		t.Fatalf("report:\n%s", b)
	}
}

// pressOnWizard sends a key to the wizard page itself and returns the
// messages its command produces (without delivering them).
func (h *harness) pressOnWizard(k string) []tea.Msg {
	h.t.Helper()
	_, cmd := h.wizard().Update(keyMsg(k))
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch m := h.exec(c).(type) {
		case tea.BatchMsg:
			queue = append(queue, m...)
		case nil:
		default:
			out = append(out, m)
		}
	}
	return out
}

func importToResult(t *testing.T, h *harness) {
	t.Helper()
	h.openInWizard("wizard-people.csv")
	h.press("enter", "enter", "d") // fields; the date question answered day first: links
	h.wantScreen("Showing all groups")
	h.press("enter", "enter") // confirm, import
	h.wantScreen("done")
}

func TestWizardResultSendsUndoAndShowRecords(t *testing.T) {
	h, _ := newWizHarness(t, wizardStore(), 100, 30)
	importToResult(t, h)
	msgs := h.pressOnWizard("u")
	if len(msgs) != 1 || !reflect.DeepEqual(msgs[0], openImportsMsg{selectID: 1, undo: true}) {
		t.Fatalf("u sent %#v, want openImportsMsg{selectID: 1, undo: true}", msgs)
	}
	if !h.wizard().closed {
		t.Error("the wizard stays open after asking to undo")
	}

	h2, _ := newWizHarness(t, wizardStore(), 100, 30)
	importToResult(t, h2)
	msgs = h2.pressOnWizard("enter")
	if len(msgs) != 1 || !reflect.DeepEqual(msgs[0], showImportRecordsMsg{t: domain.TypePerson, importID: 1}) {
		t.Fatalf("enter sent %#v, want showImportRecordsMsg{person, 1}", msgs)
	}
}

func TestWizardBackAndForthKeepsChoices(t *testing.T) {
	h, _ := newWizHarness(t, wizardStore(), 100, 30)
	h.openInWizard("wizard-people.csv")
	h.press("t") // records: forced to people (the first choice after "guess")
	if h.wizard().file.forced != domain.TypePerson {
		t.Fatalf("forced type %q", h.wizard().file.forced)
	}
	h.press("enter")
	// skip Phone, make Company a custom text field "Employer"
	h.press("j", "j", "j", "x", "j", "c")
	h.wantScreen("New custom field")
	w := h.wizard()
	w.fields.label.SetValue("Employer")
	h.press("tab", "shift+tab", "enter")
	h.press("enter", "d") // ask the date order, answer day first
	h.wantScreen("Showing all groups")
	p := h.wizard().plan
	if p == nil || len(p.NewCustomFields) != 1 || p.NewCustomFields[0].Label != "Employer" {
		t.Fatalf("plan after the mapping changes: %+v", p)
	}
	h.press("c") // first group: create anyway
	first := p.Groups[0]
	if first.Decision != importing.DecideCreate {
		t.Fatalf("decision %q", first.Decision)
	}

	// back to Fields, back to File, forward again: nothing lost
	h.press("esc")
	h.wantScreen("Fields", "— skip", "Employer (new text)")
	h.press("esc")
	h.wantScreen("encoding utf-8", "Records people (chosen)")
	h.press("enter")
	h.wantScreen("Employer (new text)")
	w = h.wizard()
	if w.mapping.Columns[3].Field != "" || w.fields.userDates[5] != importing.DMY {
		t.Fatalf("choices lost: %+v %v", w.mapping.Columns[3], w.fields.userDates)
	}
	h.press("enter") // the date question is answered already
	h.wantScreen("Showing all groups", "create anyway")
	if w.plan != p || w.plan.Groups[0].Decision != importing.DecideCreate {
		t.Fatal("the plan or its decision was lost going back and forth")
	}

	// a mapping change plans again and keeps the decision
	h.press("esc", "k", "k", "e")
	h.wantScreen("Feed which field?")
	h.typeText("mobile")
	h.press("enter")
	h.press("enter")
	w = h.wizard()
	if w.plan == p {
		t.Fatal("the plan was not redone after a mapping change")
	}
	if w.plan.Groups[0].Decision != importing.DecideCreate {
		t.Fatalf("decision after planning again: %q", w.plan.Groups[0].Decision)
	}
	if w.mapping.Columns[3].Field != "mobile" {
		t.Fatalf("column 4 feeds %q", w.mapping.Columns[3].Field)
	}
}

func TestWizardPresetAppliedAutomatically(t *testing.T) {
	h, imp := newWizHarness(t, wizardStore(), 100, 30)
	h.openInWizard("wizard-people.csv")
	h.press("enter", "j", "j", "j", "x", "p")
	h.wantScreen("Save the mapping as a preset")
	h.wizard().fields.preset.SetValue("my people")
	h.press("enter")
	if len(imp.presets) != 1 || imp.presets[0].Mapping.Columns[3].Field != "" {
		t.Fatalf("presets: %+v", imp.presets)
	}
	h.wantScreen("Saved as preset “my people”")
	h.press("q", "y")
	if _, ok := h.m.top().(*wizardPage); ok {
		t.Fatal("q y did not leave the wizard")
	}
	h.openInWizard("wizard-people.csv")
	h.wantScreen("from preset “my people”")
	h.press("enter")
	h.wantScreen("Preset “my people” applied automatically")
	if h.wizard().mapping.Columns[3].Field != "" {
		t.Fatal("the preset's skipped column is mapped again")
	}
}

func TestWizardQuitAsks(t *testing.T) {
	h, _ := newWizHarness(t, wizardStore(), 100, 30)
	h.press("i")
	h.press("q") // nothing started: leaves at once
	if _, ok := h.m.top().(*wizardPage); ok || h.quit {
		t.Fatal("q on an empty wizard should just close it")
	}
	h.openInWizard("wizard-people.csv")
	h.press("q")
	h.wantScreen("Abandon this import?")
	h.press("n")
	h.dontWantScreen("Abandon this import?")
	h.press("ctrl+c")
	h.wantScreen("Quit Kontor and abandon this import?")
	if h.quit {
		t.Fatal("ctrl+c quit without asking")
	}
	h.press("y")
	if !h.quit {
		t.Fatal("y did not quit")
	}
	// a focused input gets q first
	h2, _ := newWizHarness(t, wizardStore(), 100, 30)
	h2.press("i", "/")
	h2.typeText("q")
	if v := h2.wizard().file.input.Value(); v != "q" {
		t.Fatalf("typed %q", v)
	}
}

func TestWizardPickerAndCompletion(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.csv", "b.XLSX", "notes.pdf", ".hidden.csv", "contacts-2024.tsv"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x\n1\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "deep.csv"), []byte("Name\nAcme\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	imp := &memImports{s: wizardStore()}
	h := newHarness(t, imp.s, 80, 24, func(o *Options) { o.Imports, o.Files, o.Dir = imp, csvFiles{}, dir })
	h.press("i")
	h.wantScreen("sub/", "a.csv", "b.XLSX", "contacts-2024.tsv")
	h.dontWantScreen("notes.pdf", ".hidden")
	// into the folder and out again
	h.press("enter")
	h.wantScreen("deep.csv")
	h.press("left")
	h.wantScreen("contacts-2024.tsv")
	// typed path with completion
	h.press("/")
	h.typeText("co")
	h.press("tab")
	if v := h.wizard().file.input.Value(); v != "contacts-2024.tsv" {
		t.Fatalf("completed to %q", v)
	}
	h.wizard().file.input.SetValue("s")
	h.press("tab")
	if v := h.wizard().file.input.Value(); v != "sub"+string(filepath.Separator) {
		t.Fatalf("completed to %q", v)
	}
	h.press("tab", "enter")
	h.wantScreen("deep.csv", "Acme", "1 columns")
}

// sgr matches the styling the UI itself writes.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// assertInert fails when the screen holds a control sequence or an unsafe
// character other than the UI's own styling.
func assertInert(t *testing.T, where, raw string) {
	t.Helper()
	rest := sgr.ReplaceAllString(raw, "")
	for i, r := range rest {
		if r != '\n' && termsafe.IsUnsafe(r) {
			t.Fatalf("%s: unsafe character %U at byte %d:\n%q", where, r, i, rest)
		}
	}
}

func TestWizardHostileDataIsInert(t *testing.T) {
	h, _ := newWizHarness(t, newMemStore(), 100, 30)
	h.openInWizard("terminal-and-formula.csv")
	h.wantScreen("Escape␛[2J", "Clip␛]52")
	assertInert(t, "file step", h.raw())
	h.press("l", "l")
	assertInert(t, "file step, scrolled", h.raw())
	h.press("enter")
	for i := 0; i < 4; i++ {
		assertInert(t, "fields step", h.raw())
		h.press("j")
	}
	h.press("e")
	assertInert(t, "field chooser", h.raw())
	h.press("esc", "c")
	assertInert(t, "custom field", h.raw())
	h.press("esc", "enter")
	h.wantScreen("Showing all groups")
	for _, k := range []string{"1", "2", "3"} {
		h.press(k)
		assertInert(t, "links step "+k, h.raw())
	}
	h.press("enter")
	assertInert(t, "confirm step", h.raw())
	h.press("enter")
	h.wantScreen("done")
	assertInert(t, "result step", h.raw())
	h.press("r")
	assertInert(t, "report prompt", h.raw())
}

func TestWizardCancelDuringImportWritesNothing(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("First Name,Last Name,Email\n")
	for i := 0; i < 2500; i++ {
		b.WriteString("Person,No" + strconv.Itoa(i) + ",p" + strconv.Itoa(i) + "@example.com\n")
	}
	path := filepath.Join(dir, "many.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	s := wizardStore()
	h, imp := newWizHarness(t, s, 80, 24)
	h.openInWizard(path)
	h.press("enter", "enter")
	h.wantScreen("Showing all groups")
	h.press("enter")
	h.wantScreen("Confirm", "2,500 people")
	before := len(s.people)

	imp.gate, imp.gateAfter = make(chan struct{}), 1200
	_, cmd := h.m.Update(keyMsg("enter"))
	isProgress := func(m tea.Msg) bool { _, ok := m.(wizProgressMsg); return ok }
	held := h.runHolding(cmd, isProgress)
	if len(held) != 1 {
		t.Fatalf("held %d messages", len(held))
	}
	_, next := h.m.Update(held[0])
	h.wantScreen("Importing", "1,000 of 2,500 rows", "rows/s", "left", "esc cancels")
	h.press("esc")
	h.wantScreen("Cancelling")
	h.run(next)
	h.wantScreen("Import cancelled", "nothing was written")
	if len(s.people) != before || len(imp.imports) != 0 {
		t.Fatalf("a cancelled import wrote: %d people (was %d), %d imports", len(s.people), before, len(imp.imports))
	}
	// esc goes back to the confirmation, which can run it again
	h.press("esc")
	h.wantScreen("Confirm")
	close(imp.gate)
	h.press("enter")
	h.wantScreen("Import 1 done", "2,500 people")
	if len(s.people) != before+2500 {
		t.Fatalf("%d people after importing again", len(s.people))
	}
}

func TestWizardFitsAt80x24(t *testing.T) {
	h, _ := newWizHarness(t, wizardStore(), 80, 24)
	check := func(where string) {
		t.Helper()
		lines := strings.Split(h.screen(), "\n")
		if len(lines) != 24 {
			t.Fatalf("%s: %d lines", where, len(lines))
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > 80 {
				t.Fatalf("%s: a line of %d cells: %q", where, w, l)
			}
		}
	}
	h.press("i")
	check("picker")
	h.press("/")
	h.typeText("wizard-people.csv")
	h.press("enter")
	check("preview")
	h.press("enter")
	check("fields")
	h.press("e")
	check("chooser")
	h.press("esc", "enter")
	check("date question")
	h.press("d")
	check("links")
	h.press("2")
	check("errors")
	h.press("3")
	check("companies")
	h.press("enter")
	check("confirm")
	h.press("enter")
	check("result")
	h.wantScreen("done")
}

func TestWizardNoColorEveryStep(t *testing.T) {
	imp := &memImports{s: wizardStore()}
	dir, _ := filepath.Abs("testdata")
	h := newHarness(t, imp.s, 80, 24, func(o *Options) { o.Imports, o.Files, o.Dir, o.NoColor = imp, csvFiles{}, dir, true })
	var screens []string
	h.openInWizard("wizard-people.csv")
	screens = append(screens, h.raw())
	h.press("enter")
	screens = append(screens, h.raw())
	h.press("e")
	screens = append(screens, h.raw())
	h.press("esc", "enter", "d")
	screens = append(screens, h.raw())
	h.press("enter")
	screens = append(screens, h.raw())
	h.press("enter")
	screens = append(screens, h.raw())
	for i, raw := range screens {
		if hasColour(raw) {
			t.Fatalf("screen %d has colour under NO_COLOR:\n%q", i, raw)
		}
	}
	if !strings.Contains(screens[1], "\x1b[7m") && !strings.Contains(screens[1], ";7m") {
		t.Fatal("without colour the selected column is not in reverse video")
	}
}

func TestWizardKeyOnlyWithTheImportPorts(t *testing.T) {
	without := newHarness(t, wizardStore(), 100, 30)
	without.press("?")
	without.dontWantScreen("import a file")
	without.press("esc", "i")
	if _, ok := without.m.top().(*wizardPage); ok {
		t.Fatal("i opened the wizard without the import ports")
	}
	without.press(":")
	without.typeText("import")
	without.dontWantScreen("import a CSV or XLSX file")

	with, _ := newWizHarness(t, wizardStore(), 100, 30)
	with.press("?")
	with.wantScreen("import a file")
	with.press("esc", ":")
	with.typeText("import")
	with.wantScreen("import a CSV or XLSX file")
	with.press("enter")
	with.wantScreen("Choose a file", "wizard-people.csv")

	// read-only data files get no wizard
	ro := wizardStore()
	ro.readOnly = true
	h, _ := newWizHarness(t, ro, 100, 30)
	h.press("i")
	if _, ok := h.m.top().(*wizardPage); ok {
		t.Fatal("i opened the wizard on a read-only data file")
	}
}

// i opens the wizard from a record's detail view too, not only the tables.
func TestWizardKeyFromDetail(t *testing.T) {
	s := wizardStore()
	seedPeople(s, 3)
	h, _ := newWizHarness(t, s, 100, 30)
	h.press("enter")
	if _, ok := h.m.top().(*detailPage); !ok {
		t.Fatalf("enter did not open a detail view: %T", h.m.top())
	}
	h.press("i")
	if _, ok := h.m.top().(*wizardPage); !ok {
		t.Fatalf("i on a detail view: top page %T, want the wizard", h.m.top())
	}
	h.wantScreen("Choose a file")
}
