package main

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"kontor/domain"
	"kontor/storage/filesource"
	"kontor/storage/sqlstore"
	"kontor/tui"
)

// The import wizard run as a whole program under teatest (the real event
// loop, commands run on their own goroutines, a virtual terminal), on the
// real fixtures, the real file readers and a real data file: keys in,
// screens out, then the data file read back. wizard_flow_test.go drives
// the same model synchronously for the finer-grained checks.

// viewLog keeps the last view the program drew.
type viewLog struct {
	mu   sync.Mutex
	last string
}

func (v *viewLog) set(s string) {
	v.mu.Lock()
	v.last = s
	v.mu.Unlock()
}

func (v *viewLog) get() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return ansi.Strip(v.last)
}

// viewRecorder wraps the UI model and records each view.
type viewRecorder struct {
	tea.Model
	log *viewLog
}

func (r viewRecorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := r.Model.Update(msg)
	return viewRecorder{Model: m, log: r.log}, cmd
}

func (r viewRecorder) View() tea.View {
	v := r.Model.View()
	r.log.set(v.Content)
	return v
}

type wizProgram struct {
	t   *testing.T
	tm  *teatest.TestModel
	log *viewLog
	s   *sqlstore.Store
}

func startWizardProgram(t *testing.T, w, h int) *wizProgram {
	t.Helper()
	s := openWizardStore(t)
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	log := &viewLog{}
	m := viewRecorder{Model: tui.New(s, tui.Options{Region: "PL", NoColor: true, PollInterval: 200 * time.Millisecond,
		Imports: s, Files: filesource.Opener{}, Dir: dir}), log: log}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() { _ = tm.Quit() })
	p := &wizProgram{t: t, tm: tm, log: log, s: s}
	p.waitFor("People", "Companies", "Deals")
	return p
}

// waitFor waits until the screen shows every text.
func (p *wizProgram) waitFor(texts ...string) string {
	p.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		scr := p.log.get()
		missing := ""
		for _, s := range texts {
			if !strings.Contains(scr, s) {
				missing = s
				break
			}
		}
		if missing == "" {
			return scr
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("the screen never showed %q; last screen:\n%s", missing, scr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// press sends keys: names of special keys, or text typed as it is.
func (p *wizProgram) press(keys ...string) {
	for _, k := range keys {
		switch k {
		case "enter":
			p.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
		case "esc":
			p.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
		case "tab":
			p.tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
		default:
			p.tm.Type(k)
		}
	}
}

// open starts the wizard on a fixture through the command palette.
func (p *wizProgram) open(rel string) {
	p.t.Helper()
	abs, err := filepath.Abs(rel)
	if err != nil {
		p.t.Fatal(err)
	}
	p.press(":")
	p.waitFor(":")
	p.press("import "+abs, "enter")
	p.waitFor("Import", "File "+abs)
}

// toLinks goes from the File step to Links & duplicates, answering any
// date-order question day first.
func (p *wizProgram) toLinks() {
	p.t.Helper()
	p.waitFor("columns ·", "rows") // the preview has been read
	p.press("enter")
	p.waitFor("Fields ·")
	p.press("enter")
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		scr := p.log.get()
		if strings.Contains(scr, "Showing all groups") {
			return
		}
		if strings.Contains(scr, "Date order") {
			p.press("d")
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.t.Fatalf("never reached Links & duplicates:\n%s", p.log.get())
}

func (p *wizProgram) counts() domain.Counts {
	p.t.Helper()
	c, err := p.s.Counts(context.Background())
	if err != nil {
		p.t.Fatal(err)
	}
	return c
}

func TestTeatestWizardZohoAccountsThenContacts(t *testing.T) {
	p := startWizardProgram(t, 100, 30)
	p.open("testdata/zoho/Accounts.csv")
	p.waitFor("encoding utf-8", "Records companies", "Account Name")
	p.toLinks()
	p.waitFor("20 groups (16 possible)", "same company name")
	p.press("enter")
	p.waitFor("Confirm", "60 companies", "Nothing has been written yet")
	if c := p.counts(); c.Companies != 0 {
		t.Fatalf("written before confirming: %+v", c)
	}
	p.press("enter")
	p.waitFor("Import 1 done", "60 companies")
	p.press("esc")

	p.open("testdata/zoho/Contacts.csv")
	p.waitFor("Records people")
	p.toLinks()
	p.waitFor("16 groups", "line 3", "line 317")
	p.press("F") // fill empty for every group…
	p.waitFor("fill empty")
	p.press("c") // …but the first group's rows become two people
	p.press("enter")
	p.waitFor("Confirm", "301 people", "15 rows into an earlier row")
	p.press("enter")
	p.waitFor("Import 2 done", "301 people")
	if c := p.counts(); c.People != 301 || c.Companies != 60 {
		t.Fatalf("after Contacts: %+v, want 301 people linked to the 60 companies of Accounts", c)
	}
	// enter on the result shows the imported people in the table
	p.press("enter")
	p.waitFor("import #2", "301 matches")
}

func TestTeatestWizardPolishAndChinese(t *testing.T) {
	p := startWizardProgram(t, 100, 30)
	p.open("testdata/livespace-pl/osoby.csv")
	p.waitFor("encoding windows-1250", "Imię", "Górska", "Gdańsk")
	p.toLinks()
	p.press("enter")
	p.waitFor("Confirm", "91 people")
	p.press("enter")
	p.waitFor("Import 1 done")
	p.press("esc")

	p.open("testdata/dingtalk-zh/客户导入.xlsx")
	p.waitFor("sheet 客户 (2 of 2)", "张三")
	p.press("s") // the instructions sheet…
	p.waitFor("(1 of 2)")
	p.press("s") // …and back
	p.waitFor("sheet 客户 (2 of 2)", "张三")
	p.toLinks()
	p.press("enter")
	p.waitFor("Confirm", "102 people")
	p.press("enter")
	p.waitFor("Import 2 done")
	if c := p.counts(); c.People != 91+102 {
		t.Fatalf("people after both files: %d, want %d", c.People, 91+102)
	}
	var found bool
	page, err := p.s.ListPeople(context.Background(), domain.ListQuery{Filter: "zofia gorska", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range page.Items {
		found = found || x.LastName == "Górska" && x.Address.City == "Gdańsk"
	}
	if !found {
		t.Errorf("Polish letters lost: %+v", page.Items)
	}
}

func TestTeatestWizardBrokenFileThenUndo(t *testing.T) {
	p := startWizardProgram(t, 100, 30)
	p.open("testdata/broken/unbalanced-quote.csv")
	p.waitFor("Cannot read this file", "line 2, column 2", "Nothing will be imported")
	p.press("enter") // no way forward
	time.Sleep(100 * time.Millisecond)
	p.waitFor("Cannot read this file")
	p.press("q") // abandon the wizard (it asks)
	p.waitFor("Abandon")
	p.press("y")
	p.waitFor("People", "Companies", "Deals")
	if c := p.counts(); c != (domain.Counts{}) {
		t.Fatalf("a broken file wrote: %+v", c)
	}

	// import Accounts, then undo it from the result step via :imports
	p.open("testdata/zoho/Accounts.csv")
	p.toLinks()
	p.press("enter")
	p.waitFor("Confirm")
	p.press("enter")
	p.waitFor("Import 1 done")
	if c := p.counts(); c.Companies != 60 {
		t.Fatalf("companies %d, want 60", c.Companies)
	}
	p.press("u")
	p.waitFor("Undo import #1")
	p.press("y")
	p.waitFor("Undid import #1")
	if c := p.counts(); c != (domain.Counts{}) {
		t.Fatalf("after undo: %+v, want an empty file", c)
	}
}
