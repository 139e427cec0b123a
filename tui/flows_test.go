package tui_test

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
	"kontor/storage/sqlstore"
	"kontor/tui"
)

// The flows run the whole program (teatest) on a real data file in a
// temporary directory, as a user would: keys in, screen out.

type fixture struct {
	s                 *sqlstore.Store
	acme, anna, fleet domain.ID
}

func openFixture(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "kontor.db"), sqlstore.Options{Region: "PL"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	acme := domain.Company{Name: "Acme Sp. z o.o.", Website: "https://acme.pl", Industry: "Logistics", Address: domain.Address{City: "Łódź"}}
	must(s.CreateCompany(ctx, &acme))
	zabka := domain.Company{Name: "Żabka Polska", Address: domain.Address{City: "Poznań"}}
	must(s.CreateCompany(ctx, &zabka))
	anna := domain.Person{FirstName: "Anna", LastName: "Kowalska", CompanyID: acme.ID, Title: "CFO",
		Emails: []domain.Email{{Address: "anna@acme.pl"}}, Phones: []domain.Phone{{Raw: "600 100 200"}}}
	must(s.CreatePerson(ctx, &anna))
	for _, n := range [][2]string{{"Jan", "Nowak"}, {"Zofia", "Zięba"}, {"张", "三"}, {"Piotr", "Wiśniewski"}} {
		p := domain.Person{FirstName: n[0], LastName: n[1], CompanyID: zabka.ID}
		must(s.CreatePerson(ctx, &p))
	}
	amount := domain.Money{Minor: 1250000, Currency: "PLN"}
	fleet := domain.Deal{Title: "Fleet renewal", CompanyID: acme.ID, PersonID: anna.ID, Amount: &amount}
	must(s.CreateDeal(ctx, &fleet))
	return fixture{s: s, acme: acme.ID, anna: anna.ID, fleet: fleet.ID}
}

// screen records the last view the program drew, so a test can wait for
// what the user sees (the terminal output itself is a stream of changes).
type screen struct {
	mu   sync.Mutex
	last string
}

func (s *screen) set(v string) {
	s.mu.Lock()
	s.last = v
	s.mu.Unlock()
}

func (s *screen) get() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ansi.Strip(s.last)
}

// recorder is the UI model, recording each view it draws.
type recorder struct {
	tea.Model
	scr *screen
}

func (r recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := r.Model.Update(msg)
	return recorder{Model: m, scr: r.scr}, cmd
}

func (r recorder) View() tea.View {
	v := r.Model.View()
	r.scr.set(v.Content)
	return v
}

type run struct {
	tm  *teatest.TestModel
	scr *screen
}

func start(t *testing.T, s domain.Store) run {
	t.Helper()
	return startWith(t, s, tui.Options{Region: "PL", NoColor: true, PollInterval: 250 * time.Millisecond})
}

func startWith(t *testing.T, s domain.Store, opts tui.Options) run {
	t.Helper()
	scr := &screen{}
	m := recorder{Model: tui.New(s, opts), scr: scr}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	t.Cleanup(func() { _ = tm.Quit() })
	return run{tm: tm, scr: scr}
}

// waitFor waits until the screen shows every text.
func (r run) waitFor(t *testing.T, texts ...string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		scr := r.scr.get()
		missing := ""
		for _, s := range texts {
			if !strings.Contains(scr, s) {
				missing = s
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q; last screen:\n%s", missing, scr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitGone waits until the screen no longer shows text.
func (r run) waitGone(t *testing.T, text string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for strings.Contains(r.scr.get(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("the screen still shows %q:\n%s", text, r.scr.get())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitOutput waits until the terminal output (what was sent to the
// terminal since the last wait) contains text.
func (r run) waitOutput(t *testing.T, text string) {
	t.Helper()
	teatest.WaitFor(t, r.tm.Output(), func(b []byte) bool {
		return strings.Contains(ansi.Strip(string(b)), text)
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func (r run) press(keys ...string) {
	for _, k := range keys {
		switch k {
		case "enter":
			r.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
		case "esc":
			r.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
		case "tab":
			r.tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
		case "ctrl+s":
			r.tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
		default:
			r.tm.Type(k)
		}
	}
}

// finalScreen quits and returns the last screen the model drew.
func (r run) finalScreen(t *testing.T) string {
	t.Helper()
	if err := r.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	m := r.tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
	return ansi.Strip(m.View().Content)
}

func TestFlowSwitchTabs(t *testing.T) {
	f := openFixture(t)
	r := start(t, f.s)
	r.waitFor(t, "Anna Kowalska", "People 5", "Companies 2", "Deals 1")
	r.press("tab")
	r.waitFor(t, "Industry", "Logistics")
	r.press("3")
	r.waitOutput(t, "Fleet renewal") // drawn on the terminal, not only in the view
	r.waitFor(t, "12 500.00 PLN")
	r.press("1")
	r.waitFor(t, "E-mail")
	scr := r.finalScreen(t)
	if !strings.Contains(scr, "Anna Kowalska") || !strings.Contains(scr, "Zofia Zięba") {
		t.Fatalf("final screen:\n%s", scr)
	}
}

func TestFlowFilter(t *testing.T) {
	f := openFixture(t)
	r := start(t, f.s)
	r.waitFor(t, "Anna Kowalska")
	r.press("/", "zieb")
	r.waitFor(t, "1 match", "Zofia Zięba")
	r.waitGone(t, "Anna Kowalska")
	scr := r.finalScreen(t)
	if !strings.Contains(scr, "Zofia Zięba") || strings.Contains(scr, "Anna Kowalska") {
		t.Fatalf("filtered screen:\n%s", scr)
	}
}

func TestFlowOpenRecord(t *testing.T) {
	f := openFixture(t)
	r := start(t, f.s)
	r.waitFor(t, "Anna Kowalska")
	r.press("enter")
	r.waitFor(t, "person #", "anna@acme.pl", "Fleet renewal")
	r.press("j", "enter") // the company
	r.waitFor(t, "company #", "People · 1")
	scr := r.finalScreen(t)
	if !strings.Contains(scr, "Acme Sp. z o.o.") || !strings.Contains(scr, "Anna Kowalska · CFO") {
		t.Fatalf("company screen:\n%s", scr)
	}
}

func TestFlowCreateAndEditPerson(t *testing.T) {
	f := openFixture(t)
	ctx := context.Background()
	r := start(t, f.s)
	r.waitFor(t, "Anna Kowalska")
	r.press("n")
	r.waitFor(t, "New person", "First name")
	r.press("Ewa", "tab", "Zielińska", "tab", "tab", "tab", "ewa@")
	r.waitFor(t, "nothing after the @") // validated as typed
	r.press("example.com", "ctrl+s")
	r.waitFor(t, "Saved person Ewa Zielińska", "person #")
	page, err := f.s.ListPeople(ctx, domain.ListQuery{Filter: "zielinska"})
	if err != nil || len(page.Items) != 1 || page.Items[0].PrimaryEmail() != "ewa@example.com" {
		t.Fatalf("created person not in the file: %+v, %v", page.Items, err)
	}
	id := page.Items[0].ID
	r.press("e")
	r.waitFor(t, "Edit person")
	r.press("tab", "tab", "tab", "Prezes")
	r.press("ctrl+s")
	r.waitFor(t, "person #", "Prezes") // back on the detail view, reloaded
	p, err := f.s.GetPerson(ctx, id)
	if err != nil || p.Title != "Prezes" || p.LastName != "Zielińska" {
		t.Fatalf("edit not saved: %+v, %v", p, err)
	}
	scr := r.finalScreen(t)
	if !strings.Contains(scr, "Prezes") || !strings.Contains(scr, "person #") {
		t.Fatalf("detail after edit:\n%s", scr)
	}
}

func TestFlowDeleteWithConfirm(t *testing.T) {
	f := openFixture(t)
	ctx := context.Background()
	r := start(t, f.s)
	r.waitFor(t, "Anna Kowalska")
	r.press("3")
	r.waitFor(t, "Fleet renewal")
	r.press("d")
	r.waitFor(t, "Delete deal Fleet renewal?")
	r.press("n")
	r.waitFor(t, "Nothing deleted")
	if _, err := f.s.GetDeal(ctx, f.fleet); err != nil {
		t.Fatalf("n deleted the deal: %v", err)
	}
	r.press("d")
	r.waitFor(t, "Delete deal")
	r.press("y")
	r.waitFor(t, "Deleted deal Fleet renewal")
	if _, err := f.s.GetDeal(ctx, f.fleet); err == nil {
		t.Fatal("the deal is still in the file")
	}
	// a company with people: the dependents question, then detach
	r.press("2")
	r.waitFor(t, "Logistics")
	r.press("d")
	r.waitFor(t, "still has 1 person")
	r.press("d")
	r.waitFor(t, "Deleted company Acme")
	r.waitGone(t, "acme.pl")
	r.waitFor(t, "Companies 1") // the counts are read beside the table, and may come after it
	anna, err := f.s.GetPerson(ctx, f.anna)
	if err != nil || anna.CompanyID != 0 {
		t.Fatalf("Anna was not kept, detached: %+v, %v", anna, err)
	}
	scr := r.finalScreen(t)
	if strings.Contains(scr, "acme.pl") || !strings.Contains(scr, "Companies 1") {
		t.Fatalf("the deleted company is still shown:\n%s", scr)
	}
}

func TestFlowSeesOtherProcessChanges(t *testing.T) {
	f := openFixture(t)
	r := start(t, f.s)
	r.waitFor(t, "Anna Kowalska", "People 5")
	// another process writes the same file
	other, err := sqlstore.Open(context.Background(), f.s.Path(), sqlstore.Options{Region: "PL"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	p := domain.Person{FirstName: "Adam", LastName: "Abacki"}
	if err := other.CreatePerson(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "Adam Abacki", "The data file changed")
	r.waitFor(t, "People 6") // the counts are read beside the table, and may come after it
	if scr := r.finalScreen(t); !strings.Contains(scr, "People 6") {
		t.Fatalf("counts not refreshed:\n%s", scr)
	}
}
