package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// demoFile builds a demo data file with the real binary.
func demoFile(t *testing.T, args ...string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	_, errOut, code := runKontor(t, nil, append([]string{"--db", db, "demo"}, args...)...)
	if code != 0 {
		t.Fatalf("kontor demo: %d %s", code, errOut)
	}
	return db
}

func TestE2EBrowse(t *testing.T) {
	requireTmux(t)
	db := demoFile(t, "--people", "300", "--companies", "40", "--deals", "120")
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(strings.Join([]string{itoa(size[0]), itoa(size[1])}, "x"), func(t *testing.T) {
			s := startTmux(t, size[0], size[1], []string{"TERM=xterm-256color"}, kontorBinary(t), "--db", db)
			scr := s.waitFor(5*time.Second, "People", "Companies", "Deals", "300")
			for _, line := range strings.Split(strings.TrimRight(scr, "\n"), "\n") {
				if w := len([]rune(line)); w > size[0] {
					t.Errorf("line wider than the terminal (%d): %q", w, line)
				}
			}
			// The first person in name order (the demo is deterministic).
			first, _, _ := runKontor(t, nil, "--db", db, "people", "list", "--limit", "1")
			name := strings.Fields(strings.Split(first, "\n")[1])[1]
			s.waitFor(3*time.Second, name)

			s.keys("2")
			s.waitFor(3*time.Second, "Sp. z o.o.")
			s.keys("3")
			s.waitFor(3*time.Second, "Amount", "Stage")
			s.keys("1")
			s.waitFor(3*time.Second, name)

			// Filter as you type: folded search finds Polish names typed without diacritics.
			s.keys("/")
			s.text("lodz")
			s.waitFor(3*time.Second, "Łódzkie")
			s.keys("Escape")
			s.waitFor(3*time.Second, name)

			// Open the first record and go back.
			s.keys("g", "Enter")
			s.waitFor(3*time.Second, "@")
			s.keys("Escape")
			s.waitFor(3*time.Second, "Companies")

			// G jumps to the end of the list.
			s.keys("G")
			last, _, _ := runKontor(t, nil, "--db", db, "people", "list")
			lines := strings.Split(strings.TrimSpace(last), "\n")
			lastName := strings.Fields(lines[len(lines)-1])[1]
			s.waitFor(3*time.Second, lastName)

			s.keys("q")
			deadline := time.Now().Add(3 * time.Second)
			for !s.exited() && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			if !s.exited() {
				t.Errorf("q did not quit:\n%s", s.screen())
			}
		})
	}
}

func TestE2EEmptyFileSaysHowToBegin(t *testing.T) {
	requireTmux(t)
	db := filepath.Join(t.TempDir(), "empty.db")
	s := startTmux(t, 80, 24, []string{"TERM=xterm-256color"}, kontorBinary(t), "--db", db)
	s.waitFor(5*time.Second, "kontor demo", "kontor import")
	s.keys("C-c")
}

func TestE2ETooSmall(t *testing.T) {
	requireTmux(t)
	db := demoFile(t, "--people", "10", "--companies", "2", "--deals", "2")
	s := startTmux(t, 50, 10, []string{"TERM=xterm-256color"}, kontorBinary(t), "--db", db)
	s.waitFor(5*time.Second, "too small")
	s.keys("C-c")
}
