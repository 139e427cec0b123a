package tui

import (
	"encoding/json"
	"strings"
	"testing"

	"kontor/domain"
)

// crm is a small data file: a company with two people and two deals, one of
// them with Anna.
type crm struct {
	s                      *memStore
	acme, anna, jan, fleet domain.ID
}

func newCRM() crm {
	s := newMemStore()
	s.fields[domain.TypePerson] = []domain.CustomField{
		{Key: "lead_source", Label: "Lead source", Type: domain.FieldText, Position: 1},
		{Key: "vip", Label: "VIP", Type: domain.FieldBool, Position: 2},
	}
	c := crm{s: s}
	c.acme = s.addCompany(domain.Company{Name: "Acme Sp. z o.o.", Website: "https://acme.pl", Domain: "acme.pl",
		TaxIDs: []domain.TaxID{{Kind: "NIP", Value: "5260250274"}}, Industry: "Logistics", Address: domain.Address{City: "Łódź"}})
	c.anna = s.addPerson(domain.Person{FirstName: "Anna", LastName: "Kowalska", CompanyID: c.acme, Title: "CFO",
		Emails: []domain.Email{{Address: "anna@acme.pl", Label: "work"}, {Address: "ania@gmail.com"}},
		Phones: []domain.Phone{{Raw: "600 100 200", E164: "+48600100200", Label: "mobile"}},
		Notes:  "Met at the Poznań fair.\nPrefers e-mail.",
		Custom: domain.CustomValues{"lead_source": "Fair", "vip": true, "legacy_id": json.Number("42")}})
	c.jan = s.addPerson(domain.Person{FirstName: "Jan", LastName: "Nowak", CompanyID: c.acme})
	amount := domain.Money{Minor: 1250000, Currency: "PLN"}
	prob := 60
	c.fleet = s.addDeal(domain.Deal{Title: "Fleet renewal", CompanyID: c.acme, PersonID: c.anna, StageID: 3, Amount: &amount, Probability: &prob})
	s.addDeal(domain.Deal{Title: "Warehouse lease", CompanyID: c.acme})
	return c
}

func TestPersonDetail(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 100, 40)
	h.press("enter") // Anna Kowalska sorts first
	h.wantScreen("Anna Kowalska", "person #",
		"First name", "Kowalska", "CFO",
		"anna@acme.pl (work), ania@gmail.com", "+48600100200 (mobile)",
		"Met at the Poznań fair.", "Prefers e-mail.",
		"Lead source", "Fair", "VIP", "yes", "legacy_id", "42",
		"Company", "Acme Sp. z o.o.",
		"Deals · 1", "Fleet renewal · Proposal · 12 500.00 PLN")
	h.dontWantScreen("Warehouse lease")
	// j selects the first related record (the company), j again the deal
	h.press("j", "j", "enter")
	h.wantScreen("Fleet renewal", "deal #", "Probability", "60%", "Stage", "Proposal")
	if len(h.m.pages) != 3 {
		t.Fatalf("%d pages on the stack, want browse, person, deal", len(h.m.pages))
	}
	h.press("j", "enter") // the deal's company
	h.wantScreen("Acme Sp. z o.o.", "company #", "NIP 5260250274", "People · 2", "Anna Kowalska · CFO", "Jan Nowak", "Deals · 2", "Warehouse lease")
	h.press("esc", "esc")
	h.wantScreen("Anna Kowalska", "person #")
	h.press("esc")
	if len(h.m.pages) != 1 {
		t.Fatal("esc did not walk back to the tables")
	}
}

func TestDetailOfMissingRecord(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 80, 24)
	h.send(openRecordMsg{t: domain.TypePerson, id: 9999})
	h.wantScreen("This person no longer exists")
	h.dontWantScreen("e edit")
}

func TestDetailFollowsOutsideChange(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 100, 30)
	h.press("enter")
	p := c.s.people[c.anna]
	p.Title = "CEO"
	c.s.people[c.anna] = p
	c.s.touch()
	h.poll()
	h.wantScreen("CEO")
}

func formLine(t *testing.T, h *harness, label string) (line, next string) {
	t.Helper()
	lines := strings.Split(h.screen(), "\n")
	for i, l := range lines {
		if strings.Contains(l, label) {
			if i+1 < len(lines) {
				return l, lines[i+1]
			}
			return l, ""
		}
	}
	t.Fatalf("no form line %q:\n%s", label, h.screen())
	return "", ""
}

func TestFormValidationInPlace(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 100, 40)
	h.press("n")
	h.wantScreen("New person", "First name", "E-mails", "Lead source", "VIP", "Notes")
	// nothing shows before the user touches anything
	h.dontWantScreen("✗")
	// a bad e-mail: the message appears under the field as it is typed
	h.press("tab", "tab", "tab", "tab") // first, last, company, title -> e-mails
	h.typeText("anna@")
	_, below := formLine(t, h, "E-mails")
	if !strings.Contains(below, "✗") || !strings.Contains(below, "nothing after the @") {
		t.Fatalf("no message under E-mails: %q\n%s", below, h.screen())
	}
	h.typeText("acme.pl")
	_, below = formLine(t, h, "E-mails")
	if strings.Contains(below, "✗") {
		t.Fatalf("the message stayed after the fix: %q", below)
	}
	h.typeText(", x")
	h.press("tab") // phones
	h.typeText("12")
	_, below = formLine(t, h, "Phones")
	if !strings.Contains(below, "too short") {
		t.Fatalf("no phone message: %q", below)
	}
	h.press("tab", "tab", "tab", "tab", "tab") // street, city, postal code, country -> birthday
	h.typeText("2099-01-01")
	_, below = formLine(t, h, "Birthday")
	if !strings.Contains(below, "in the future") {
		t.Fatalf("no birthday message: %q", below)
	}
	h.press("tab", "tab") // lead source -> VIP
	h.typeText("maybe")
	_, below = formLine(t, h, "VIP")
	if !strings.Contains(below, "is not yes/no") {
		t.Fatalf("no VIP message: %q", below)
	}
	h.press("ctrl+s")
	h.wantScreen("Not saved: 4 fields to fix", "4 fields need fixing")
	if len(c.s.people) != 2 {
		t.Fatal("an invalid person was saved")
	}
}

func TestFormRequiredFieldShownOnSave(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 100, 40)
	h.press("n", "ctrl+s")
	line, below := formLine(t, h, "First name")
	if !strings.Contains(below, "a person needs a name or an e-mail address") {
		t.Fatalf("no message under First name:\n%s\n%s", line, below)
	}
	h.typeText("Ewa")
	_, below = formLine(t, h, "First name")
	if strings.Contains(below, "✗") {
		t.Fatal("the message stayed once a name was typed")
	}
	h.press("ctrl+s")
	h.wantScreen("Saved person Ewa", "Ewa", "person #")
	if len(c.s.people) != 3 {
		t.Fatal("Ewa was not saved")
	}
	if len(h.m.pages) != 2 {
		t.Fatal("a new record does not open its detail view")
	}
}

func TestFormStoreErrorsLandUnderFields(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 100, 40)
	h.press("n")
	h.typeText("Ewa")
	c.s.reject = &domain.ValidationError{Fields: []domain.FieldError{
		{Field: "title", Message: "job title is reserved"},
		{Field: "custom.lead_source", Message: "unknown source"},
		{Field: "owner", Message: "no such user"},
	}}
	h.press("ctrl+s")
	_, below := formLine(t, h, "Job title")
	if !strings.Contains(below, "job title is reserved") {
		t.Fatalf("store message not under Job title: %q\n%s", below, h.screen())
	}
	_, below = formLine(t, h, "Lead source")
	if !strings.Contains(below, "unknown source") {
		t.Fatalf("store message not under Lead source: %q", below)
	}
	h.wantScreen("✗ owner: no such user", "Not saved")
	// changing the field clears its store message
	h.press("tab", "tab", "tab")
	h.typeText("CTO")
	_, below = formLine(t, h, "Job title")
	if strings.Contains(below, "reserved") {
		t.Fatal("the store message stayed after the field changed")
	}
}

func TestEditPerson(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 100, 40)
	h.press("e")
	h.wantScreen("Edit person", "Kowalska", "anna@acme.pl, ania@gmail.com", "Acme Sp. z o.o.")
	h.press("tab", "ctrl+u")
	h.typeText("Kowalska-Nowak")
	h.press("enter", "enter", "enter") // last name -> company (kept) -> title -> e-mails
	h.press("ctrl+e")
	h.typeText(", anna@kn.pl")
	h.press("ctrl+s")
	p := c.s.people[c.anna]
	if p.LastName != "Kowalska-Nowak" || len(p.Emails) != 3 || p.Emails[0].Label != "work" || p.Emails[2].Address != "anna@kn.pl" {
		t.Fatalf("saved %q %+v", p.LastName, p.Emails)
	}
	if p.CompanyID != c.acme || p.Custom["vip"] != true || p.Phones[0].Label != "mobile" {
		t.Fatalf("untouched fields changed: %+v", p)
	}
	h.wantScreen("Saved person Anna Kowalska-Nowak", "Anna Kowalska-Nowak")
	if len(h.m.pages) != 1 {
		t.Fatal("the form did not close back to the table")
	}
}

func TestKeysTypedWhileTheFormLoads(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 100, 40)
	// deliver the keys before the form's data: hold the load
	_, open := h.m.Update(keyMsg("e"))
	_, load := h.m.Update(open())
	if _, ok := h.m.top().(*formPage); !ok {
		t.Fatal("e did not open a form")
	}
	for _, k := range []string{"tab", "tab", "tab", "ctrl+u", "C", "E", "O"} {
		h.m.Update(keyMsg(k))
	}
	h.wantScreen("Loading")
	h.run(load)
	h.press("ctrl+s")
	if got := c.s.people[c.anna].Title; got != "CEO" {
		t.Fatalf("title %q: keys typed while the form loaded were lost", got)
	}
}

func TestFormCancel(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 100, 40)
	h.press("e", "esc")
	if len(h.m.pages) != 1 {
		t.Fatal("esc on an unchanged form did not close it")
	}
	h.press("e")
	h.typeText("x")
	h.press("esc")
	h.wantScreen("Unsaved changes", "esc discard changes")
	h.press("esc")
	if len(h.m.pages) != 1 || c.s.people[c.anna].FirstName != "Anna" {
		t.Fatal("the second esc did not discard")
	}
}

func TestCompanyPickerSearches(t *testing.T) {
	c := newCRM()
	other := c.s.addCompany(domain.Company{Name: "Żabka Polska", Address: domain.Address{City: "Poznań"}})
	for i := 0; i < 30; i++ {
		c.s.addCompany(domain.Company{Name: "Filler " + string(rune('A'+i))})
	}
	h := newHarness(t, c.s, 100, 40)
	h.press("e", "tab", "tab") // to the company picker
	h.wantScreen("now: Acme Sp. z o.o.")
	before := c.s.lists
	h.typeText("zab")
	if c.s.lists != before {
		t.Fatal("the picker searched before the pause in typing")
	}
	h.fire()
	if c.s.lists != before+1 {
		t.Fatalf("%d searches for one pause", c.s.lists-before)
	}
	h.wantScreen("Żabka Polska · Poznań")
	h.dontWantScreen("Filler A")
	h.press("enter")
	h.press("ctrl+s")
	if got := c.s.people[c.anna].CompanyID; got != other {
		t.Fatalf("company %d, want Żabka %d", got, other)
	}
}

func TestNewDeal(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 100, 40)
	h.press("3", "n")
	h.wantScreen("New deal", "Stage", "Lead", "PLN")
	h.typeText("Forklifts")
	h.press("tab") // company picker: choose Acme from the first matches
	h.press("down", "enter")
	h.press("tab")          // person: none
	h.press("right", "tab") // stage: Qualified
	h.typeText("99.999")    // amount with too many decimals
	_, below := formLine(t, h, "Amount")
	if !strings.Contains(below, "more than 2 decimal places") {
		t.Fatalf("no amount message: %q\n%s", below, h.screen())
	}
	h.press("backspace")
	h.press("tab", "ctrl+u")
	h.typeText("eur")
	h.press("ctrl+s")
	var saved domain.Deal
	for _, d := range c.s.deals {
		if d.Title == "Forklifts" {
			saved = d
		}
	}
	if saved.ID == 0 || saved.Amount == nil || saved.Amount.Minor != 9999 || saved.Amount.Currency != "EUR" || saved.StageID != 2 {
		t.Fatalf("saved %+v amount %+v", saved, saved.Amount)
	}
	if h.m.app.currency != "EUR" {
		t.Fatal("the currency is not remembered for the next deal")
	}
	h.press("esc", "n")
	h.wantScreen("EUR")
}

func TestDeleteDeal(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 100, 30)
	h.press("3", "d")
	h.wantScreen("Delete deal Fleet renewal?", "y delete")
	h.press("n")
	if len(c.s.deals) != 2 {
		t.Fatal("n deleted")
	}
	h.wantScreen("Nothing deleted")
	h.press("d", "y")
	if _, ok := c.s.deals[c.fleet]; ok {
		t.Fatal("y did not delete")
	}
	h.wantScreen("Deleted deal Fleet renewal", "Deals 1")
	h.dontWantScreen("Fleet renewal  ")
}

func TestDeleteCompanyWithDependents(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 100, 30)
	h.press("2", "d")
	h.wantScreen("still has 2 people and 2 deals", "detach them", "cancel: delete nothing")
	h.dontWantScreen("y delete")
	h.press("y") // not an answer here
	h.press("esc")
	if _, ok := c.s.companies[c.acme]; !ok {
		t.Fatal("esc deleted the company")
	}
	h.press("d", "d")
	if _, ok := c.s.companies[c.acme]; ok {
		t.Fatal("d (detach) did not delete")
	}
	if c.s.people[c.anna].CompanyID != 0 || c.s.deals[c.fleet].CompanyID != 0 || len(c.s.people) != 2 {
		t.Fatal("the people and deals were not kept, detached")
	}
	h.wantScreen("Deleted company Acme", "Companies 0")
}

func TestDeleteFromDetailAndRace(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 100, 30)
	h.press("enter", "j", "enter") // Anna -> Acme
	// Acme's detail view: delete; someone links a deal meanwhile
	h.press("d")
	h.wantScreen("still has 2 people and 2 deals")
	h.press("d")
	if len(h.m.pages) != 2 {
		t.Fatalf("%d pages: the deleted company's view stayed open", len(h.m.pages))
	}
	h.wantScreen("Anna Kowalska", "Company", "none")
	// a person without deals: asked plainly; a deal appears before the answer
	h.press("esc", "j", "d") // Jan Nowak
	h.wantScreen("Delete person Jan Nowak?")
	c.s.addDeal(domain.Deal{Title: "Late deal", PersonID: c.jan})
	h.press("y")
	h.wantScreen("still has 1 deal linked to it")
	if _, ok := c.s.people[c.jan]; !ok {
		t.Fatal("deleted although a deal was linked meanwhile")
	}
}

// ctrl+s typed while the form loads saves what was typed before it (the
// keys are replayed one by one, each after what the one before set off).
func TestSaveTypedWhileTheFormLoads(t *testing.T) {
	c := newCRM()
	h := newHarness(t, c.s, 100, 40)
	_, open := h.m.Update(keyMsg("e"))
	_, load := h.m.Update(open())
	for _, k := range []string{"tab", "tab", "tab", "ctrl+u", "C", "E", "O", "ctrl+s"} {
		h.m.Update(keyMsg(k))
	}
	h.run(load)
	if got := c.s.people[c.anna].Title; got != "CEO" {
		t.Fatalf("title %q: ctrl+s typed while the form loaded saved the old values:\n%s", got, h.screen())
	}
	h.wantScreen("Saved person Anna Kowalska")
}
