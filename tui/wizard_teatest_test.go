package tui_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kontor/domain"
	"kontor/storage/filesource"
	"kontor/storage/sqlstore"
	"kontor/tui"
)

// The import wizard run as a whole program under teatest (flows_test.go's
// recorder: the real event loop, commands on their own goroutines), on
// the real fixtures, the real file readers and a real data file: keys in,
// screens out, then the data file read back. The fixtures are the ones
// cmd/kontor's import tests use (with their attribution there).
// cmd/kontor/wizard_flow_test.go drives the same model synchronously for
// the finer-grained checks.

const fixtures = "../cmd/kontor/testdata"

type wizardRun struct {
	run
	t *testing.T
	s *sqlstore.Store
}

func startWizard(t *testing.T) wizardRun {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "kontor.db"), sqlstore.Options{Region: "PL"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	dir, err := filepath.Abs(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	r := startWith(t, s, tui.Options{Region: "PL", NoColor: true, PollInterval: 200 * time.Millisecond,
		Imports: s, Files: filesource.Opener{}, Dir: dir})
	r.waitFor(t, "People", "Companies", "Deals")
	return wizardRun{run: r, t: t, s: s}
}

// open starts the wizard on a fixture through the command palette.
func (w wizardRun) open(rel string) {
	w.t.Helper()
	abs, err := filepath.Abs(filepath.Join(fixtures, rel))
	if err != nil {
		w.t.Fatal(err)
	}
	w.press(":")
	w.waitFor(w.t, ":")
	w.press("import "+abs, "enter")
	w.waitFor(w.t, "Import", "File "+abs)
}

// toLinks goes from the File step to Links & duplicates, answering any
// date-order question day first.
func (w wizardRun) toLinks() {
	w.t.Helper()
	w.waitFor(w.t, "columns ·", "rows") // the preview has been read
	w.press("enter")
	w.waitFor(w.t, "Fields ·")
	w.press("enter")
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		scr := w.scr.get()
		if strings.Contains(scr, "Showing all groups") {
			return
		}
		if strings.Contains(scr, "Date order") {
			w.press("d")
		}
		time.Sleep(20 * time.Millisecond)
	}
	w.t.Fatalf("never reached Links & duplicates:\n%s", w.scr.get())
}

func (w wizardRun) counts() domain.Counts {
	w.t.Helper()
	c, err := w.s.Counts(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func TestTeatestWizardZohoAccountsThenContacts(t *testing.T) {
	w := startWizard(t)
	w.open("zoho/Accounts.csv")
	w.waitFor(t, "encoding utf-8", "Records companies", "Account Name")
	w.toLinks()
	w.waitFor(t, "20 groups (16 possible)", "same company name")
	w.press("enter")
	w.waitFor(t, "Confirm", "60 companies", "Nothing has been written yet")
	if c := w.counts(); c.Companies != 0 {
		t.Fatalf("written before confirming: %+v", c)
	}
	w.press("enter")
	w.waitFor(t, "Import 1 done", "60 companies")
	w.press("esc")

	w.open("zoho/Contacts.csv")
	w.waitFor(t, "Records people")
	w.toLinks()
	w.waitFor(t, "16 groups", "line 3", "line 317")
	w.press("F") // fill empty for every group…
	w.waitFor(t, "fill empty")
	w.press("c") // …but the first group's rows become two people
	w.press("enter")
	w.waitFor(t, "Confirm", "301 people", "15 rows into an earlier row")
	w.press("enter")
	w.waitFor(t, "Import 2 done", "301 people")
	if c := w.counts(); c.People != 301 || c.Companies != 60 {
		t.Fatalf("after Contacts: %+v, want 301 people linked to the 60 companies of Accounts", c)
	}
	// enter on the result shows the imported people in the table
	w.press("enter")
	w.waitFor(t, "import #2", "301 matches")
}

func TestTeatestWizardPolishAndChinese(t *testing.T) {
	w := startWizard(t)
	w.open("livespace-pl/osoby.csv")
	w.waitFor(t, "encoding windows-1250", "Imię", "Górska", "Gdańsk")
	w.toLinks()
	w.press("enter")
	w.waitFor(t, "Confirm", "91 people")
	w.press("enter")
	w.waitFor(t, "Import 1 done")
	w.press("esc")

	w.open("dingtalk-zh/客户导入.xlsx")
	w.waitFor(t, "sheet 客户 (2 of 2)", "张三")
	w.press("s") // the instructions sheet…
	w.waitFor(t, "(1 of 2)")
	w.press("s") // …and back
	w.waitFor(t, "sheet 客户 (2 of 2)", "张三")
	w.toLinks()
	w.press("enter")
	w.waitFor(t, "Confirm", "102 people")
	w.press("enter")
	w.waitFor(t, "Import 2 done")
	if c := w.counts(); c.People != 91+102 {
		t.Fatalf("people after both files: %d, want %d", c.People, 91+102)
	}
	page, err := w.s.ListPeople(context.Background(), domain.ListQuery{Filter: "zofia gorska", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range page.Items {
		found = found || x.LastName == "Górska" && x.Address.City == "Gdańsk"
	}
	if !found {
		t.Errorf("Polish letters lost: %+v", page.Items)
	}
}

func TestTeatestWizardBrokenFileThenUndo(t *testing.T) {
	w := startWizard(t)
	w.open("broken/unbalanced-quote.csv")
	w.waitFor(t, "Cannot read this file", "line 2, column 2", "Nothing will be imported")
	w.press("enter") // no way forward
	time.Sleep(100 * time.Millisecond)
	w.waitFor(t, "Cannot read this file")
	w.press("q") // abandon the wizard (it asks)
	w.waitFor(t, "Abandon")
	w.press("y")
	w.waitGone(t, "Cannot read this file")
	if c := w.counts(); c != (domain.Counts{}) {
		t.Fatalf("a broken file wrote: %+v", c)
	}

	// import Accounts, then undo it from the result step via :imports
	w.open("zoho/Accounts.csv")
	w.toLinks()
	w.press("enter")
	w.waitFor(t, "Confirm")
	w.press("enter")
	w.waitFor(t, "Import 1 done")
	if c := w.counts(); c.Companies != 60 {
		t.Fatalf("companies %d, want 60", c.Companies)
	}
	w.press("u")
	w.waitFor(t, "Undo import #1")
	w.press("y")
	w.waitFor(t, "Undid import #1")
	if c := w.counts(); c != (domain.Counts{}) {
		t.Fatalf("after undo: %+v, want an empty file", c)
	}
}
