package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kontor/tui/termsafe"
)

// The import wizard end to end: the real binary in a real terminal (tmux)
// at 80×24, keys only.

// wizardImport walks the wizard through one file: the typed path with tab
// completion, then enter through every step, answering a date-order
// question day first if one comes.
func wizardImport(t *testing.T, s *tmuxSession, prefix, file string, id string) {
	t.Helper()
	s.keys("i")
	s.waitFor(5*time.Second, "Choose a file")
	s.keys("/")
	s.text(prefix)
	s.keys("Tab")
	s.waitFor(3*time.Second, string(filepath.Separator)+file)
	s.keys("Enter")
	s.waitFor(10*time.Second, "Records ", "header row")
	s.keys("Enter")
	s.waitFor(5*time.Second, "Reads as")
	s.keys("Enter")
	deadline := time.Now().Add(10 * time.Second)
	for {
		scr := s.screen()
		if strings.Contains(scr, "Showing all groups") {
			break
		}
		if strings.Contains(scr, "Date order") {
			s.keys("d")
		}
		if time.Now().After(deadline) {
			t.Fatalf("the links step never showed:\n%s", scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.keys("Enter")
	s.waitFor(5*time.Second, "Nothing has been written yet")
	s.keys("Enter")
	s.waitFor(20*time.Second, "Import "+id+" done")
}

func TestE2EWizardImportsZohoAccountsThenContacts(t *testing.T) {
	requireTmux(t)
	db := filepath.Join(t.TempDir(), "kontor.db")
	zoho, err := filepath.Abs("testdata/zoho")
	if err != nil {
		t.Fatal(err)
	}
	s := startTmux(t, 80, 24, []string{"TERM=xterm-256color"}, kontorBinary(t), "--db", db)
	s.waitFor(5*time.Second, "kontor import")

	wizardImport(t, s, filepath.Join(zoho, "Acc"), "Accounts.csv", "1")
	s.waitFor(3*time.Second, "60 companies")
	s.keys("Escape")
	s.waitFor(5*time.Second, "Companies 60")

	wizardImport(t, s, filepath.Join(zoho, "Cont"), "Contacts.csv", "2")
	s.waitFor(3*time.Second, "300 people", "16 duplicate rows")
	s.keys("Escape")
	s.keys("1")
	scr := s.waitFor(5*time.Second, "People 300", "Companies 60", "Barbara Anderson", "Wayne Enter")
	for _, line := range strings.Split(strings.TrimRight(scr, "\n"), "\n") {
		if w := len([]rune(line)); w > 80 {
			t.Errorf("line wider than the terminal (%d): %q", w, line)
		}
	}
	// the people are in the data file, linked to the imported companies
	out, _, code := runKontor(t, nil, "--db", db, "people", "list", "--filter", "Zofia Górska")
	if code != 0 || !strings.Contains(out, "Drutex") {
		t.Fatalf("people list after the wizard (exit %d):\n%s", code, out)
	}
	s.keys("q")
}

// allowedSeq matches what tmux itself writes in capture-pane -e: styling.
var allowedSeq = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func TestE2EWizardHostileFileNeverReachesTheTerminal(t *testing.T) {
	requireTmux(t)
	db := filepath.Join(t.TempDir(), "kontor.db")
	hostile, err := filepath.Abs("testdata/hostile/terminal-and")
	if err != nil {
		t.Fatal(err)
	}
	s := startTmux(t, 80, 24, []string{"TERM=xterm-256color"}, kontorBinary(t), "--db", db)
	s.waitFor(5*time.Second, "kontor import")
	check := func(where string) {
		t.Helper()
		raw := allowedSeq.ReplaceAllString(s.rawScreen(), "")
		for i, r := range raw {
			if r != '\n' && termsafe.IsUnsafe(r) {
				t.Fatalf("%s: %U reached the terminal at byte %d:\n%q", where, r, i, raw)
			}
		}
		out, err := exec.Command("tmux", "-S", s.sock, "display-message", "-p", "-t", s.name, "#{pane_title}").CombinedOutput()
		if err != nil {
			t.Fatalf("tmux display-message: %v\n%s", err, out)
		}
		if strings.Contains(string(out), "pwned") {
			t.Fatalf("%s: the file set the terminal's title: %q", where, out)
		}
	}
	s.keys("i")
	s.waitFor(5*time.Second, "Choose a file")
	s.keys("/")
	s.text(hostile)
	s.keys("Tab")
	s.waitFor(3*time.Second, "terminal-and-formula.csv")
	s.keys("Enter")
	s.waitFor(10*time.Second, "Escape␛[2J", "Records people")
	check("file step")
	s.keys("Enter")
	s.waitFor(5*time.Second, "Reads as")
	check("fields step")
	s.keys("j", "j", "j")
	check("fields step, description")
	s.keys("Enter")
	s.waitFor(5*time.Second, "Showing all groups")
	check("links step")
	s.keys("2")
	check("errors")
	s.keys("Enter")
	s.waitFor(5*time.Second, "Nothing has been written yet")
	check("confirm step")
	s.keys("Enter")
	s.waitFor(10*time.Second, "Import 1 done")
	check("result step")
	s.keys("Escape")
	s.waitFor(5*time.Second, "People 6")
	check("people table")
	s.keys("q")
}
