package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kontor/domain"
	"kontor/storage/sqlstore"
)

// The imports view over a real data file: imports made with `kontor import`,
// then the terminal UI's model driven synchronously by wizard_flow_test.go's
// wizDriver, keys in, screen out.

// selectedLine is the line under the cursor (marked "> ").
func (d *wizDriver) selectedLine() string {
	for _, l := range strings.Split(d.screen(), "\n") {
		if strings.HasPrefix(l, "> ") {
			return l
		}
	}
	d.t.Fatalf("no selected line:\n%s", d.screen())
	return ""
}

func countCompanies(t *testing.T, s *sqlstore.Store) int {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.Companies
}

func TestUIUndoImport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	acc := runImportJSON(t, db, "testdata/zoho/Accounts.csv", 0)
	if acc.Created != 60 {
		t.Fatalf("import: %+v", acc)
	}
	s := openDB(t, db)
	d := newWizDriver(t, s, 80, 24)
	d.want("Companies 60")
	d.press(":", "imports", "enter")
	d.want("Imports · 1 import, newest first", fmt.Sprintf("#%d ", acc.ImportID), "Accounts.csv", "applied",
		"64 rows · 60 created · 0 updated · 4 skipped · 0 failed", "12 of 14 columns imported")
	d.press("enter")
	d.want(fmt.Sprintf("Import #%d", acc.ImportID), "CSV · utf-8 · comma-separated · header on line 1", "phone region PL",
		"duplicates: skip", "Account Name", "→ Company name")
	d.press("esc")
	d.press("u")
	d.want(fmt.Sprintf("Undo import #%d of Accounts.csv (60 created, 0 updated)?", acc.ImportID), "deletes the 60 companies it created")
	d.press("y")
	d.want(fmt.Sprintf("Undid import #%d: 60 deleted, 0 restored", acc.ImportID))
	if n := countCompanies(t, s); n != 0 {
		t.Fatalf("%d companies left after the undo", n)
	}
	recs, err := s.ListImports(context.Background())
	if err != nil || len(recs) != 1 || recs[0].Status != "undone" {
		t.Fatalf("imports after the undo: %+v, %v", recs, err)
	}
	if line := d.selectedLine(); !strings.Contains(line, "undone") {
		t.Fatalf("the list does not show the import undone: %q", line)
	}
	d.want("nothing left to undo")
	d.press("u") // disabled now: explains, does nothing
	d.want(fmt.Sprintf("Import #%d was already undone", acc.ImportID))
	d.press("esc")
	d.want("Companies 0")
	// a fresh model over the file sees the same
	d2 := newWizDriver(t, openDB(t, db), 80, 24)
	d2.want("Companies 0")
}

func TestUIUndoImportChangedSince(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	acc := runImportJSON(t, db, "testdata/zoho/Accounts.csv", 0)
	s := openDB(t, db)
	ctx := context.Background()
	page, err := s.ListCompanies(ctx, domain.ListQuery{ImportID: domain.ID(acc.ImportID), Limit: 1})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("an imported company: %v %v", page.Items, err)
	}
	time.Sleep(5 * time.Millisecond) // updated_at has millisecond resolution
	c := page.Items[0]
	c.Notes = "edited after the import"
	if err := s.UpdateCompany(ctx, &c); err != nil {
		t.Fatal(err)
	}
	d := newWizDriver(t, s, 80, 24)
	d.press(":", "imports", "enter", "u", "y")
	d.want(fmt.Sprintf("1 record of import #%d changed after it;", acc.ImportID), "undoing it would discard those changes",
		"f    undo anyway")
	if n := countCompanies(t, s); n != 60 {
		t.Fatalf("the refused undo changed the file: %d companies", n)
	}
	d.press("y") // not the force key
	if n := countCompanies(t, s); n != 60 {
		t.Fatalf("y forced the undo: %d companies", n)
	}
	d.press("f")
	d.want(fmt.Sprintf("Undid import #%d: 60 deleted, 0 restored", acc.ImportID))
	if n := countCompanies(t, s); n != 0 {
		t.Fatalf("%d companies left after the forced undo", n)
	}
}

func TestUIShowImportRecords(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	acc := runImportJSON(t, db, "testdata/zoho/Accounts.csv", 0)
	s := openDB(t, db)
	ctx := context.Background()
	hand := domain.Company{Name: "Aaa Handmade Sp. z o.o."} // sorts first: shown if the filter leaked
	if err := s.CreateCompany(ctx, &hand); err != nil {
		t.Fatal(err)
	}
	// a people import that creates two companies of its own
	people := runImportJSON(t, db, "testdata/dingtalk-zh/客户导入.csv", 0)
	if people.Type != "person" || people.Created == 0 || people.CompaniesCreated == 0 {
		t.Fatalf("second import: %+v", people)
	}
	names := func(id int) map[string]bool {
		page, err := s.ListCompanies(ctx, domain.ListQuery{ImportID: domain.ID(id), Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, c := range page.Items {
			out[c.Name] = true
		}
		return out
	}
	mine, other := names(acc.ImportID), names(people.ImportID)
	if len(mine) != 60 || len(other) != people.CompaniesCreated {
		t.Fatalf("%d and %d companies by import", len(mine), len(other))
	}

	d := newWizDriver(t, s, 80, 24)
	d.press(":", "imports", "enter")
	if line := d.selectedLine(); !strings.Contains(line, fmt.Sprintf("#%d ", people.ImportID)) {
		t.Fatalf("the newest import is not selected first: %q", line)
	}
	d.press("j", "r")
	d.want(fmt.Sprintf("import #%d", acc.ImportID), "60 matches", "esc clears", "Companies "+fmt.Sprint(61+people.CompaniesCreated))
	d.dontWant(hand.Name)
	// walk every row: each is one of the import's companies, all 60 appear
	seen := map[string]bool{}
	for i := 0; i < 70; i++ {
		line := d.selectedLine()
		cell := strings.TrimSpace(strings.SplitN(strings.TrimPrefix(line, "> "), "  ", 2)[0])
		if !matchesName(cell, mine) {
			t.Fatalf("row %q is not a company of import #%d:\n%s", cell, acc.ImportID, d.screen())
		}
		for n := range other {
			d.dontWant(n)
		}
		seen[line] = true // the whole row: cut names may look alike
		d.press("j")
	}
	if len(seen) != 60 {
		t.Fatalf("%d distinct rows, want 60", len(seen))
	}
	// the detail view from there
	d.press("g", "enter")
	d.want("Import", fmt.Sprintf("#%d", acc.ImportID))
	d.press("esc")
	d.want(fmt.Sprintf("import #%d", acc.ImportID))
	// esc clears the filter
	d.press("esc")
	d.dontWant(fmt.Sprintf("import #%d", acc.ImportID), "60 matches")
	d.want(hand.Name)
	// the people import shows its people on the People tab
	d.press(":", "imports", "enter", "r")
	d.want(fmt.Sprintf("import #%d", people.ImportID), fmt.Sprintf("%d matches", people.Created))
	if line := strings.Split(d.screen(), "\n")[0]; !strings.Contains(line, "People") {
		t.Fatalf("tabs: %q", line)
	}
}

// matchesName reports whether a table cell (maybe cut with "…") shows one
// of the names.
func matchesName(cell string, names map[string]bool) bool {
	prefix, cut := strings.CutSuffix(cell, "…")
	for n := range names {
		if n == cell || cut && strings.HasPrefix(n, prefix) {
			return true
		}
	}
	return false
}
