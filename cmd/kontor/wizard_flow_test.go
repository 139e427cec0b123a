package main

import (
	"context"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kontor/domain"
	"kontor/storage/filesource"
	"kontor/storage/sqlstore"
	"kontor/tui"
	"kontor/tui/termsafe"
)

// The import wizard on the real fixtures, the real file readers and a real
// data file: the terminal UI's model driven synchronously (Update, run the
// commands it returns, feed their messages back), keys in, screen out,
// then the data file read back.

type wizDriver struct {
	t *testing.T
	m tea.Model
	s *sqlstore.Store
}

func openWizardStore(t *testing.T) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "kontor.db"), sqlstore.Options{Region: "PL"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func newWizDriver(t *testing.T, s *sqlstore.Store, w, h int) *wizDriver {
	t.Helper()
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	m := tui.New(s, tui.Options{Region: "PL", NoColor: true, PollInterval: -1, PageSize: 25, Imports: s, Files: filesource.Opener{}, Dir: dir})
	d := &wizDriver{t: t, m: m, s: s}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(m.Init())
	return d
}

func (d *wizDriver) send(msg tea.Msg) {
	d.t.Helper()
	var cmd tea.Cmd
	d.m, cmd = d.m.Update(msg)
	d.run(cmd)
}

// run runs a command and everything that follows from it. With polling
// off, no command waits for a timer; the wizard's background tasks end.
func (d *wizDriver) run(cmd tea.Cmd) {
	d.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100000 {
			d.t.Fatal("commands do not settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(30 * time.Second):
			d.t.Fatal("a command blocks")
		}
		switch m := msg.(type) {
		case nil, tea.QuitMsg:
		case tea.BatchMsg:
			queue = append(queue, m...)
		default:
			if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
				for i := 0; i < v.Len(); i++ { // tea.Sequence
					d.run(v.Index(i).Interface().(tea.Cmd))
				}
				continue
			}
			var next tea.Cmd
			d.m, next = d.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

func (d *wizDriver) press(keys ...string) {
	d.t.Helper()
	named := map[string]tea.Key{"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"down": {Code: tea.KeyDown}, "up": {Code: tea.KeyUp}}
	for _, k := range keys {
		if key, ok := named[k]; ok {
			d.send(tea.KeyPressMsg(key))
			continue
		}
		for _, r := range k {
			d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

func (d *wizDriver) raw() string    { return d.m.View().Content }
func (d *wizDriver) screen() string { return ansi.Strip(d.raw()) }

func (d *wizDriver) want(texts ...string) {
	d.t.Helper()
	scr := d.screen()
	for _, s := range texts {
		if !strings.Contains(scr, s) {
			d.t.Fatalf("screen lacks %q:\n%s", s, scr)
		}
	}
}

func (d *wizDriver) dontWant(texts ...string) {
	d.t.Helper()
	scr := d.screen()
	for _, s := range texts {
		if strings.Contains(scr, s) {
			d.t.Fatalf("screen shows %q:\n%s", s, scr)
		}
	}
}

// importFile opens the wizard on a fixture with the :import command.
func (d *wizDriver) importFile(rel string) {
	d.t.Helper()
	abs, err := filepath.Abs(rel)
	if err != nil {
		d.t.Fatal(err)
	}
	d.press(":")
	d.press("import " + abs)
	d.press("enter")
	d.want("Import", "File ")
}

// toLinks leaves the Fields step, answering date-order questions day first.
func (d *wizDriver) toLinks() {
	d.t.Helper()
	d.press("enter")
	for i := 0; i < 10 && strings.Contains(d.screen(), "Date order"); i++ {
		d.press("d")
	}
	d.want("Showing all groups")
}

func (d *wizDriver) counts() domain.Counts {
	d.t.Helper()
	c, err := d.s.Counts(context.Background())
	if err != nil {
		d.t.Fatal(err)
	}
	return c
}

func TestWizardZohoAccountsThenContacts(t *testing.T) {
	s := openWizardStore(t)
	d := newWizDriver(t, s, 100, 30)

	d.importFile("testdata/zoho/Accounts.csv")
	d.want("encoding utf-8", "delimiter ,", "header row 1", "Records companies", "Account Name")
	d.press("enter")
	d.want("Fields", "Account Name", "Name", "Billing City")
	d.toLinks()
	d.want("20 groups (16 possible)", "same company name", "skip")
	d.press("p")
	d.want("Showing possible duplicates only", "possible: similar name", "(similar name, score 0.")
	d.press("p")
	d.press("enter")
	d.want("Confirm", "Create", "60 companies", "Skip", "4 duplicate rows", "Nothing has been written yet")
	if c := d.counts(); c.Companies != 0 {
		t.Fatalf("written before confirming: %+v", c)
	}
	d.press("enter")
	d.want("Import 1 done", "60 companies", "4 duplicate rows")
	if c := d.counts(); c.Companies != 60 {
		t.Fatalf("companies after Accounts: %d, want 60 (64 rows, 4 duplicates skipped, possible ones imported as new)", c.Companies)
	}
	d.press("esc")
	d.dontWant("Import 1 done")

	// Contacts: 16 planted duplicates within the file.
	d.importFile("testdata/zoho/Contacts.csv")
	d.want("Records people")
	d.press("enter")
	d.toLinks()
	d.want("16 groups", "line 3", "line 317", "Name")
	d.press("F") // fill empty for every group…
	d.want("fill empty")
	d.press("c") // …but import the first group's rows as two people
	d.press("enter")
	d.want("Confirm", "Create", "301 people", "Merge", "15 rows into an earlier row", "Skip", "0 duplicate rows")
	d.press("enter")
	d.want("Import 2 done", "Created", "301 people", "Merged", "15 rows")
	c := d.counts()
	if c.People != 301 || c.Companies != 60 {
		t.Fatalf("after Contacts: %+v, want 301 people and 60 companies (every company linked, none new)", c)
	}
	// the rows of the first group (data rows 2 and 316) are two people now
	page, err := s.ListPeople(context.Background(), domain.ListQuery{Filter: "zofia gorska", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 {
		var names []string
		for _, p := range page.Items {
			names = append(names, p.Name()+" "+p.PrimaryEmail())
		}
		t.Fatalf("people named like data row 2: %q, want 2", names)
	}
}

func TestWizardPolishWindows1250(t *testing.T) {
	s := openWizardStore(t)
	d := newWizDriver(t, s, 100, 30)
	d.importFile("testdata/livespace-pl/osoby.csv")
	d.want("encoding windows-1250 (guessed)", "delimiter ;", "Imię", "Nazwisko", "Górska", "Gdańsk", "Records people")
	d.press("enter")
	d.want("Imię", "First name", "Tel. kom.", "Mobile", "Data urodzenia", "Birthday")
	d.toLinks()
	d.press("enter", "enter")
	d.want("done", "91 people")
	page, err := s.ListPeople(context.Background(), domain.ListQuery{Filter: "zofia gorska", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].LastName != "Górska" || page.Items[0].Address.City != "Gdańsk" || page.Items[0].Title != "Dyrektor finansowy" {
		t.Fatalf("Polish letters after the import: %+v", page.Items)
	}
}

func TestWizardChineseXLSXSheets(t *testing.T) {
	s := openWizardStore(t)
	d := newWizDriver(t, s, 100, 30)
	d.importFile("testdata/dingtalk-zh/客户导入.xlsx")
	d.want("sheet 客户 (2 of 2)", "客户姓名", "张三", "Records people")
	d.dontWant("encoding") // not a question for a spreadsheet
	d.press("s")           // the instructions sheet
	d.want("(1 of 2)")
	d.dontWant("张三")
	d.press("s") // back to the data
	d.want("sheet 客户 (2 of 2)", "张三")
	d.press("enter")
	d.want("客户姓名", "Full name", "联系方式", "Phone")
	d.toLinks()
	d.press("3")
	d.want("new company")
	d.press("enter")
	d.want("Create", "102 people", "New companies")
	d.press("enter")
	d.want("done", "102 people")
	if c := d.counts(); c.People != 102 || c.Companies != 22 {
		t.Fatalf("after the XLSX: %+v, want 102 people and 22 companies", c)
	}
}

func TestWizardBrokenFilesWriteNothing(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"unbalanced-quote.csv", "unbalanced-quote.csv line 2, column 2: unbalanced quote"},
		{"binary.csv", "binary.csv: not a CSV or XLSX file"},
		{"empty.csv", "empty.csv"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			s := openWizardStore(t)
			d := newWizDriver(t, s, 100, 30)
			d.importFile("testdata/broken/" + tc.file)
			d.want("Cannot read this file", tc.want, "Nothing will be imported")
			d.press("enter") // no way forward
			d.dontWant("Feed which field", "Column ")
			d.want("Cannot read this file")
			d.press("q", "y")
			imports, err := s.ListImports(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if c := d.counts(); c != (domain.Counts{}) || len(imports) != 0 {
				t.Fatalf("a broken file wrote: %+v, %d imports", c, len(imports))
			}
		})
	}
	// Bad values: the rows are kept, each problem listed with its line.
	s := openWizardStore(t)
	d := newWizDriver(t, s, 100, 30)
	d.importFile("testdata/broken/bad-values.csv")
	d.press("enter")
	d.toLinks()
	d.press("2")
	d.want("error", "line ")
}

var sgrSeq = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func TestWizardHostileFileInertEveryStep(t *testing.T) {
	s := openWizardStore(t)
	d := newWizDriver(t, s, 80, 24)
	inert := func(where string) {
		t.Helper()
		rest := sgrSeq.ReplaceAllString(d.raw(), "")
		for i, r := range rest {
			if r != '\n' && termsafe.IsUnsafe(r) {
				t.Fatalf("%s: unsafe character %U at byte %d:\n%q", where, r, i, rest)
			}
		}
	}
	d.importFile("testdata/hostile/terminal-and-formula.csv")
	d.want("Escape␛[2J")
	inert("file")
	d.press("enter")
	for i := 0; i < 4; i++ {
		inert("fields")
		d.press("j")
	}
	d.toLinks()
	for _, k := range []string{"1", "2", "3"} {
		d.press(k)
		inert("links " + k)
	}
	d.press("enter")
	inert("confirm")
	d.press("enter")
	d.want("done")
	inert("result")
}

func TestWizardCancelRollsBackTheDataFile(t *testing.T) {
	s := openWizardStore(t)
	d := newWizDriver(t, s, 100, 30)
	path := filepath.Join(t.TempDir(), "people.csv")
	writePeopleCSV(t, path, 0, 50_000)
	d.importFile(path)
	d.want("Records people")
	d.press("enter")
	d.toLinks()
	d.press("enter")
	d.want("Confirm", "Nothing has been written yet")

	// enter starts the import; hold its progress so that esc lands midway
	var cmd tea.Cmd
	d.m, cmd = d.m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	progress := cmd() // the task's first event: rows done
	if !strings.HasSuffix(reflect.TypeOf(progress).String(), "wizProgressMsg") {
		t.Fatalf("the import did not report progress first: %#v", progress)
	}
	d.m, cmd = d.m.Update(progress) // cmd waits for the next event
	d.want("Importing", "of 50,000 rows")
	d.press("esc")
	d.want("Cancelling")
	d.run(cmd)
	d.want("Import cancelled", "nothing was written")
	imports, err := s.ListImports(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c := d.counts(); c != (domain.Counts{}) || len(imports) != 0 {
		t.Fatalf("a cancelled import wrote: %+v, %d imports", c, len(imports))
	}
}
