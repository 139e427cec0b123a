package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"kontor/domain"
	"kontor/domain/importing"
)

// fakeHistory is the imports view's test double of the import engine: a
// list of past imports over a memStore whose records carry their ImportID.
// Undo removes the import's records from the memStore, as the real one
// removes them from the data file; changed[id] records edited since make it
// refuse without force. Only the History methods are implemented: the
// embedded nil Store panics if the view calls anything else.
type fakeHistory struct {
	importing.Store
	s       *memStore
	imports []importing.ImportRecord // newest first
	changed map[domain.ID]int
	undos   []string // "id" or "id force", in call order
	lists   int
}

func newFakeHistory(s *memStore, imports ...importing.ImportRecord) *fakeHistory {
	return &fakeHistory{s: s, imports: imports, changed: map[domain.ID]int{}}
}

func (f *fakeHistory) ListImports(context.Context) ([]importing.ImportRecord, error) {
	f.lists++
	return append([]importing.ImportRecord(nil), f.imports...), nil
}

func (f *fakeHistory) GetImport(_ context.Context, id domain.ID) (importing.ImportRecord, error) {
	for _, r := range f.imports {
		if r.ID == id {
			return r, nil
		}
	}
	return importing.ImportRecord{}, fmt.Errorf("import %d: %w", id, domain.ErrNotFound)
}

func (f *fakeHistory) UndoImport(_ context.Context, id domain.ID, force bool) (importing.UndoReport, error) {
	call := fmt.Sprint(id)
	if force {
		call += " force"
	}
	f.undos = append(f.undos, call)
	if f.s.readOnly {
		return importing.UndoReport{}, domain.ErrReadOnly
	}
	for i := range f.imports {
		r := &f.imports[i]
		if r.ID != id {
			continue
		}
		if r.Status != "applied" {
			return importing.UndoReport{}, fmt.Errorf("import %d is %s, not applied: nothing to undo", id, r.Status)
		}
		if n := f.changed[id]; n > 0 && !force {
			return importing.UndoReport{Changed: n}, &importing.ChangedSinceError{ImportID: id, Changed: n}
		}
		rep := importing.UndoReport{Restored: r.Result.Updated, Changed: f.changed[id]}
		for pid, p := range f.s.people {
			if p.ImportID == id {
				delete(f.s.people, pid)
				rep.Deleted++
			}
		}
		for cid, c := range f.s.companies {
			if c.ImportID == id {
				delete(f.s.companies, cid)
				rep.Deleted++
			}
		}
		for did, d := range f.s.deals {
			if d.ImportID == id {
				delete(f.s.deals, did)
				rep.Deleted++
			}
		}
		r.Status, r.UndoneAt = "undone", time.Date(2025, 3, 2, 9, 30, 0, 0, time.UTC)
		f.s.version++
		return rep, nil
	}
	return importing.UndoReport{}, fmt.Errorf("import %d: %w", id, domain.ErrNotFound)
}

var importsT0 = time.Date(2025, 2, 20, 8, 15, 0, 0, time.UTC)

func importRecord(id domain.ID, file string, t domain.RecordType, res importing.Result) importing.ImportRecord {
	at := importsT0.Add(time.Duration(id) * 24 * time.Hour)
	return importing.ImportRecord{
		ID: id, FileName: file, FileSize: 2048, SHA256: "9f86d081884c7d65", Type: t, Status: "applied", Result: res,
		Mapping: importing.Mapping{Type: t, Columns: []importing.ColumnMapping{
			{Index: 0, Header: "Account Name", Field: "name"},
			{Index: 1, Header: "Record Id", Field: "source_id"},
			{Index: 2, Header: "Fax", Field: ""},
		}},
		Info:      importing.SourceInfo{Format: importing.FormatCSV, Encoding: "windows-1250", Delimiter: ';', HeaderLine: 1},
		Options:   importing.DefaultOptions(),
		CreatedAt: at, FinishedAt: at.Add(time.Second),
	}
}

// importsFixture: import #5 (companies, applied) created Acme and Globex,
// #4 (people, undone), #3 (deals, applied) created one deal; Żabka was
// made by hand.
func importsFixture() (*memStore, *fakeHistory) {
	s := newMemStore()
	s.addCompany(domain.Company{Name: "Żabka Polska"})
	s.addCompany(domain.Company{Name: "Acme", Meta: domain.Meta{ImportID: 5}})
	s.addCompany(domain.Company{Name: "Globex", Meta: domain.Meta{ImportID: 5}})
	s.addDeal(domain.Deal{Title: "Fleet renewal", Meta: domain.Meta{ImportID: 3}})
	undone := importRecord(4, "Contacts.csv", domain.TypePerson, importing.Result{Rows: 316, Created: 300, Skipped: 16})
	undone.Status, undone.UndoneAt = "undone", importsT0.Add(5*24*time.Hour+2*time.Hour)
	f := newFakeHistory(s,
		importRecord(5, "Accounts.csv", domain.TypeCompany, importing.Result{Rows: 3, Created: 2, Updated: 0, Skipped: 1}),
		undone,
		importRecord(3, "Deals.csv", domain.TypeDeal, importing.Result{Rows: 1, Created: 1, Failed: 2, StagesCreated: 1}),
	)
	return s, f
}

func withImports(f *fakeHistory) func(*Options) {
	return func(o *Options) { o.Imports = f }
}

func (h *harness) imports() *importsPage {
	h.t.Helper()
	p, ok := h.m.top().(*importsPage)
	if !ok {
		h.t.Fatalf("the top page is %T, not the imports view:\n%s", h.m.top(), h.screen())
	}
	return p
}

// openImportsView opens :imports from the palette.
func (h *harness) openImportsView() {
	h.t.Helper()
	h.press(":")
	h.typeText("imports")
	h.press("enter")
	h.imports()
}

// screenLine returns the first line of the screen containing s.
func (h *harness) screenLine(s string) string {
	for _, l := range strings.Split(h.screen(), "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	h.t.Fatalf("no line shows %q:\n%s", s, h.screen())
	return ""
}

func (h *harness) helpBarLine() string {
	lines := strings.Split(h.screen(), "\n")
	return lines[len(lines)-1]
}

func TestImportsPaletteOffered(t *testing.T) {
	s, f := importsFixture()
	off := newHarness(t, s, 80, 24)
	off.press(":")
	off.typeText("history")
	off.wantScreen("no matching command")
	off.press("esc", ":")
	off.dontWantScreen(":imports")
	off.press("esc")
	off.send(openImportsMsg{})
	if _, ok := off.m.top().(*importsPage); ok {
		t.Fatal("the imports view opened without Options.Imports")
	}
	off.press("?")
	off.dontWantScreen(":imports")

	on := newHarness(t, s, 80, 24, withImports(f))
	on.press(":")
	on.wantScreen(":imports", "past imports, undo")
	on.press("esc", "?")
	on.wantScreen(":imports")
	on.press("esc", ":")
	on.typeText("history")
	on.press("enter")
	on.imports()
	on.wantScreen("Imports · 3 imports, newest first")
}

func TestImportsList(t *testing.T) {
	s, f := importsFixture()
	h := newHarness(t, s, 80, 24, withImports(f))
	h.openImportsView()
	h.wantScreen("ID", "When", "Status", "New", "Upd", "Skip", "Err", "File")
	scr := h.screen()
	i5, i4, i3 := strings.Index(scr, "#5 "), strings.Index(scr, "#4 "), strings.Index(scr, "#3 ")
	if i5 < 0 || i4 < 0 || i3 < 0 || !(i5 < i4 && i4 < i3) {
		t.Fatalf("not newest first:\n%s", scr)
	}
	row := h.screenLine("#5 ")
	for _, want := range []string{localTime(importsT0.Add(5 * 24 * time.Hour)), "company", "applied", "Accounts.csv"} {
		if !strings.Contains(row, want) {
			t.Fatalf("row of #5 lacks %q: %q", want, row)
		}
	}
	if fields := strings.Fields(row); !strings.Contains(strings.Join(fields, " "), "applied 2 0 1 0 Accounts.csv") {
		t.Fatalf("counts of #5 (created updated skipped failed): %q", row)
	}
	if !strings.HasPrefix(row, "> ") {
		t.Fatalf("the newest import is not selected: %q", row)
	}
	// the summary of the selected import, then of the next one
	h.wantScreen("3 rows · 2 created · 0 updated · 1 skipped · 0 failed", "2 of 3 columns imported: Account Name → Company name",
		"u undoes it")
	h.press("j")
	if !strings.HasPrefix(h.screenLine("#4 "), "> ") {
		t.Fatalf("j did not select #4:\n%s", h.screen())
	}
	h.wantScreen("Contacts.csv", "undone "+localTime(importsT0.Add(5*24*time.Hour+2*time.Hour)), "nothing left to undo")
	h.press("G")
	h.wantScreen("also created 1 deal stage", "2 failed")
	h.press("g")
	if h.imports().sel != 0 {
		t.Fatal("g did not go to the top")
	}
	// wide: the undone time gets its own column
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.wantScreen("Undone")
	if row := h.screenLine("#4 "); !strings.Contains(row, localTime(importsT0.Add(5*24*time.Hour+2*time.Hour))) {
		t.Fatalf("the wide row of #4 lacks its undone time: %q", row)
	}
	// details: every column of the mapping
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.press("enter")
	h.wantScreen("Import #5", "SHA-256", "9f86d081884c7d65", "3 rows · 2 created", "Account Name", "→ Company name", "Record Id",
		"esc back to the list")
	h.wantScreen("CSV · windows-1250 · semicolon-separated · header on line 1",
		"phone region PL · currency PLN · create companies: yes · create", "stages: yes · duplicates: skip")
	h.press("G")
	h.wantScreen("Fax", "→ not imported")
	h.press("esc")
	h.wantScreen("Imports · 3 imports")
	h.press("esc")
	if _, ok := h.m.top().(*browsePage); !ok {
		t.Fatal("esc did not close the imports view")
	}
}

func TestImportsListEmptyAndStale(t *testing.T) {
	s := newMemStore()
	f := newFakeHistory(s)
	h := newHarness(t, s, 80, 24, withImports(f))
	h.openImportsView()
	h.wantScreen("No imports yet.")
	// a reply to an earlier read is dropped
	p := h.imports()
	h.send(importsListMsg{id: p.req + 1000, imports: []importView{toImportView(importRecord(9, "late.csv", domain.TypePerson, importing.Result{}))}})
	h.dontWantScreen("late.csv")
	// another process imports: the poll refreshes the list
	f.imports = append(f.imports, importRecord(9, "new.csv", domain.TypePerson, importing.Result{Rows: 1, Created: 1}))
	s.touch()
	h.poll()
	h.wantScreen("new.csv", "The data file changed")
}

func TestImportsUndo(t *testing.T) {
	s, f := importsFixture()
	h := newHarness(t, s, 80, 24, withImports(f))
	h.wantScreen("Companies 3")
	h.openImportsView()
	if !strings.Contains(h.helpBarLine(), "u undo") {
		t.Fatalf("help bar lacks u: %q", h.helpBarLine())
	}
	h.press("u")
	h.wantScreen("Undo import", "Undo import #5 of Accounts.csv (2 created, 0 updated)?", "deletes the 2 companies it created",
		"y undo · n keep")
	h.press("n")
	h.wantScreen("Import #5 not undone")
	if len(f.undos) != 0 || len(s.companies) != 3 {
		t.Fatalf("n undid: %v", f.undos)
	}
	h.press("u", "y")
	if strings.Join(f.undos, ",") != "5" {
		t.Fatalf("undo calls: %v", f.undos)
	}
	h.wantScreen("Undid import #5: 2 deleted, 0 restored")
	// the list, the tables and the counts are fresh; the own change is
	// not reported as another process's
	if !strings.Contains(h.screenLine("#5 "), "undone") {
		t.Fatalf("#5 not shown undone:\n%s", h.screen())
	}
	if c := h.browse().counts; c.Companies != 1 || c.Deals != 1 {
		t.Fatalf("counts after the undo: %+v", c)
	}
	h.poll()
	h.dontWantScreen("The data file changed")
	// an undone import cannot be undone again
	if strings.Contains(h.helpBarLine(), "u undo") {
		t.Fatalf("help bar offers undo of an undone import: %q", h.helpBarLine())
	}
	h.press("u")
	h.wantScreen("Import #5 was already undone")
	if h.m.overlay != nil || len(f.undos) != 1 {
		t.Fatalf("u on an undone import: overlay %T, calls %v", h.m.overlay, f.undos)
	}
	h.press("esc")
	h.wantScreen("Companies 1")
	h.press("2")
	h.wantScreen("Żabka Polska")
	h.dontWantScreen("Acme", "Globex")
}

func TestImportsUndoForce(t *testing.T) {
	s, f := importsFixture()
	f.changed[5] = 2
	h := newHarness(t, s, 80, 24, withImports(f))
	h.openImportsView()
	h.press("u", "y")
	h.wantScreen("2 records of import #5 changed after it;", "undoing it would discard those changes", "f    undo anyway",
		"esc  keep everything")
	if len(s.companies) != 3 {
		t.Fatal("undone without force")
	}
	// the y that started it does not force; enter neither
	h.press("y", "enter")
	if strings.Join(f.undos, ",") != "5" {
		t.Fatalf("y or enter forced the undo: %v", f.undos)
	}
	if !strings.Contains(h.helpBarLine(), "f undo anyway") || strings.Contains(h.helpBarLine(), "y undo") {
		t.Fatalf("help bar of the warning: %q", h.helpBarLine())
	}
	h.press("esc")
	h.wantScreen("Import #5 not undone")
	if len(s.companies) != 3 {
		t.Fatal("esc undid")
	}
	h.press("u", "y", "f")
	if strings.Join(f.undos, ",") != "5,5,5 force" {
		t.Fatalf("undo calls: %v", f.undos)
	}
	h.wantScreen("Undid import #5: 2 deleted, 0 restored")
	if len(s.companies) != 1 {
		t.Fatalf("companies left: %d", len(s.companies))
	}
}

func TestImportsUndoFailure(t *testing.T) {
	s, f := importsFixture()
	h := newHarness(t, s, 80, 24, withImports(f))
	h.openImportsView()
	h.press("u")
	f.imports[0].Status = "undone" // undone by another process meanwhile
	h.press("y")
	h.wantScreen("Could not undo import #5:", "import 5 is undone, not applied", "esc close")
	h.press("esc")
	if h.m.overlay != nil {
		t.Fatal("esc did not close the failed undo")
	}
}

func TestImportsUndoneDisabled(t *testing.T) {
	s, f := importsFixture()
	h := newHarness(t, s, 80, 24, withImports(f))
	h.send(openImportsMsg{selectID: 4})
	if h.imports().sel != 1 {
		t.Fatalf("selectID 4 not selected: %d", h.imports().sel)
	}
	bar := h.helpBarLine()
	if strings.Contains(bar, "u undo") || strings.Contains(bar, "r records") {
		t.Fatalf("help bar of an undone import: %q", bar)
	}
	h.press("?")
	h.dontWantScreen("u undo")
	h.press("esc", "u")
	h.wantScreen("Import #4 was already undone on " + localTime(importsT0.Add(5*24*time.Hour+2*time.Hour)))
	h.press("r")
	h.wantScreen("Import #4 was undone: none of its records are left")
	if h.m.overlay != nil || len(f.undos) != 0 {
		t.Fatalf("overlay %T, calls %v", h.m.overlay, f.undos)
	}
	h.imports()
	// the result step's "undo" of an import that is already undone
	h.send(openImportsMsg{selectID: 4, undo: true})
	if h.m.overlay != nil {
		t.Fatal("the undo dialog opened for an undone import")
	}
	h.wantScreen("already undone")
}

func TestImportsReadOnly(t *testing.T) {
	s, f := importsFixture()
	s.readOnly = true
	h := newHarness(t, s, 80, 24, withImports(f))
	h.openImportsView()
	h.wantScreen("The data file is read-only: undo is off.")
	if strings.Contains(h.helpBarLine(), "u undo") {
		t.Fatalf("help bar offers undo on a read-only file: %q", h.helpBarLine())
	}
	h.press("u")
	h.wantScreen("The data file is read-only: import #5 cannot be undone")
	if h.m.overlay != nil || len(f.undos) != 0 {
		t.Fatalf("overlay %T, calls %v", h.m.overlay, f.undos)
	}
	h.send(openImportsMsg{selectID: 3, undo: true})
	if h.m.overlay != nil || len(f.undos) != 0 {
		t.Fatalf("undo from the result step on a read-only file: overlay %T, calls %v", h.m.overlay, f.undos)
	}
	// r still shows the records
	h.press("r")
	h.wantScreen("import #3", "Fleet renewal")
}

func TestOpenImportsWithUndo(t *testing.T) {
	s, f := importsFixture()
	h := newHarness(t, s, 80, 24, withImports(f))
	h.send(openImportsMsg{selectID: 3, undo: true})
	h.wantScreen("Undo import #3 of Deals.csv (1 created, 0 updated)?", "deletes the 1 deal it created")
	if h.imports().sel != 2 {
		t.Fatalf("import #3 not selected: %d", h.imports().sel)
	}
	h.press("y")
	h.wantScreen("Undid import #3: 1 deleted, 0 restored")
	if len(s.deals) != 0 {
		t.Fatal("the deal is still there")
	}
	// opening it again replaces the view rather than stacking a second
	h.send(openImportsMsg{selectID: 5})
	if len(h.m.pages) != 2 || h.imports().sel != 0 {
		t.Fatalf("%d pages, selection %d", len(h.m.pages), h.imports().sel)
	}
	h.send(openImportsMsg{selectID: 77, undo: true})
	h.wantScreen("Import #77 is not in the data file")
	if h.m.overlay != nil {
		t.Fatal("a dialog opened for a missing import")
	}
}

func TestImportsHostileFileName(t *testing.T) {
	s, f := importsFixture()
	hostile := "evil\x1b]0;pwned\x07\x1b[2J\u202egpj.csv\u009b31m\xff\r\nnext"
	r := importRecord(6, hostile, domain.TypeCompany, importing.Result{Rows: 1, Created: 1})
	r.Mapping.Columns[0].Header = "Name\x1b[31m\u2066"
	r.SHA256 = "\x1b]52;c;aGk=\x07"
	r.Info.Sheet = "Sheet\x1b[8m1"
	r.Options.Region = "\u202ePL"
	f.imports = append([]importing.ImportRecord{r}, f.imports...)
	bad := []string{"\x1b]", "\x1b[2J", "\x1b[31m", "\x1b[8m", "\x07", "\u202e", "\u2066", "\u009b", "\r"}
	check := func(h *harness, where string) {
		t.Helper()
		raw := h.raw()
		if !utf8.ValidString(raw) {
			t.Fatalf("%s: the view is not valid UTF-8:\n%q", where, raw)
		}
		for _, b := range bad {
			if strings.Contains(raw, b) {
				t.Fatalf("%s: the view holds %q:\n%q", where, b, raw)
			}
		}
	}
	for _, noColor := range []bool{false, true} {
		h := newHarness(t, s, 80, 24, withImports(f), func(o *Options) { o.NoColor = noColor })
		h.openImportsView()
		h.wantScreen("evil␛]0;pwned␇␛[2Jgpj.csv")
		check(h, "list")
		h.press("enter")
		check(h, "details")
		h.wantScreen("Name␛[31m", "sheet Sheet␛[8m1", "phone region PL")
		h.press("esc", "u")
		h.wantScreen("Undo import #6 of evil␛]0;pwned")
		check(h, "dialog")
		h.press("n")
		check(h, "status")
		h.press("r")
		h.wantScreen("import #6")
		check(h, "tables")
	}
}

func TestImportRecordsChip(t *testing.T) {
	s, f := importsFixture()
	for i := 0; i < 30; i++ { // more than a page (PageSize 20) of the import's companies
		s.addCompany(domain.Company{Name: fmt.Sprintf("Imported %02d", i), Meta: domain.Meta{ImportID: 5}})
	}
	h := newHarness(t, s, 80, 24, withImports(f))
	h.press("3", "/")
	h.typeText("fleet")
	h.press("enter")
	h.openImportsView()
	h.press("r")
	b := h.browse()
	if len(h.m.pages) != 1 || b.active != tabIndex(domain.TypeCompany) {
		t.Fatalf("r: %d pages, tab %d", len(h.m.pages), b.active)
	}
	h.wantScreen("import #5", "32 matches", "esc clears", "Acme", "Globex", "Companies 33")
	h.dontWantScreen("Żabka")
	// paging keeps the filter
	h.press("G")
	h.wantScreen("Imported 29")
	h.dontWantScreen("Żabka")
	// the detail view works from there
	h.press("g", "enter")
	h.wantScreen("Acme", "Import", "#5")
	h.press("esc")
	h.wantScreen("import #5")
	// the other tabs keep their own filters
	h.press("3")
	h.wantScreen("filter: fleet")
	h.dontWantScreen("import #5")
	h.press("2")
	// esc clears it
	if !strings.Contains(h.helpBarLine(), "esc clear filter") {
		t.Fatalf("help bar lacks esc: %q", h.helpBarLine())
	}
	h.press("esc")
	h.dontWantScreen("import #5", "esc clears")
	h.wantScreen("/ to filter")
	h.press("G")
	h.wantScreen("Żabka")
	// a typed filter replaces it
	h.send(showImportRecordsMsg{t: domain.TypeCompany, importID: 5})
	h.wantScreen("import #5")
	h.press("/")
	h.typeText("żab")
	h.fire()
	h.press("enter")
	h.dontWantScreen("import #5", "Acme")
	h.wantScreen("filter: żab", "Żabka")
	// a people import shows its people, on the People tab
	h.send(showImportRecordsMsg{t: domain.TypePerson, importID: 4})
	h.wantScreen("import #4", "No people from import #4 here")
}

func TestImportsNoColor(t *testing.T) {
	s, f := importsFixture()
	h := newHarness(t, s, 80, 24, withImports(f))
	h.send(tea.EnvMsg{"NO_COLOR=1"})
	h.openImportsView()
	steps := []struct {
		name string
		keys []string
	}{
		{"list", nil}, {"details", []string{"enter"}}, {"undo dialog", []string{"esc", "u"}}, {"import chip", []string{"n", "r"}},
	}
	for _, st := range steps {
		h.press(st.keys...)
		if hasColour(h.raw()) {
			t.Fatalf("%s: colour with NO_COLOR:\n%q", st.name, h.raw())
		}
	}
	h.wantScreen("import #5", "esc clears")
	// the chip stands out without colour too (reverse video)
	if !strings.Contains(h.raw(), "\x1b[7m import #5 ") {
		t.Fatalf("the chip is not in reverse video:\n%q", h.raw())
	}
}
