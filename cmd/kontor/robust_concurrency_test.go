package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// robustDuration is how long the concurrency test keeps its processes
// busy (KONTOR_ROBUST_SECONDS changes it).
func robustDuration(t *testing.T) time.Duration {
	if s := os.Getenv("KONTOR_ROBUST_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("KONTOR_ROBUST_SECONDS=%q", s)
		}
		return time.Duration(n) * time.Second
	}
	return 10 * time.Second
}

// TestRobustConcurrency runs, on one data file and at the same time:
// imports in a loop, CLI updates in a loop, CLI reads in a loop and a UI
// session (tmux) editing and saving a record in a loop. No process may
// show a locking error (exit codes, stderr, the pane), every acknowledged
// write must be in the file at the end, and every read must be a valid
// JSON record whose fields come from one update (an update sets a note and
// a title with the same counter; a torn read would mix two).
func TestRobustConcurrency(t *testing.T) {
	requireTmux(t)
	bin := kontorBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	const baseRows, importRows = 200, 2000
	seed := filepath.Join(dir, "seed.csv")
	writeGeneratedPeople(t, seed, 0, baseRows, "Seed")
	if res, err := runBin(bin, db, "", nil, "import", seed, "--yes", "--type", "people"); err != nil || res.code != 0 {
		t.Fatalf("seed import: %v %+v", err, res)
	}
	// People 2..6 belong to the CLI updater; person 1 (Given0 Family0, the
	// first row of the UI's table) to the UI.
	shared := []int{2, 3, 4, 5, 6}
	const uiID = 1
	if name := queryString(t, db, "SELECT first_name || ' ' || last_name FROM people WHERE id = ?", uiID); name != "Given0 Family0" {
		t.Fatalf("person %d is %q", uiID, name)
	}
	var files []string
	for i := range 8 {
		f := filepath.Join(dir, fmt.Sprintf("import%d.csv", i))
		writeGeneratedPeople(t, f, 100000+i*importRows, importRows, "Imported")
		files = append(files, f)
	}

	s := startTmux(t, 120, 30, []string{"TERM=xterm-256color"}, "exec", bin, "--db", db)
	s.waitFor(5*time.Second, "Given0", "200 people")

	var (
		mu       sync.Mutex
		failures []string
		wg       sync.WaitGroup
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 30 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}
	check := func(what string, res binResult, err error, quietStderr bool) bool {
		switch {
		case err != nil:
			fail("%s: %v", what, err)
		case res.code != 0:
			fail("%s: exit %d: %s", what, res.code, res.stderr)
		case userFacingFailure(res.stderr) || (quietStderr && res.stderr != ""):
			fail("%s: stderr: %s", what, res.stderr)
		default:
			return true
		}
		return false
	}
	stop := make(chan struct{})
	running := func() bool {
		select {
		case <-stop:
			return false
		default:
			return true
		}
	}

	// Imports.
	importsDone := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, f := range files {
			if !running() {
				return
			}
			res, err := runBin(bin, db, "", nil, "import", f, "--yes", "--type", "people")
			if check("import "+filepath.Base(f), res, err, false) {
				importsDone++
			}
		}
	}()

	// Updates: each sets a note and a title carrying the same counter.
	lastAcked := map[int]int{}
	updates := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for k := 1; running(); k++ {
			id := shared[k%len(shared)]
			res, err := runBin(bin, db, "", nil, "people", "update", strconv.Itoa(id),
				"--notes", fmt.Sprintf("note-%d", k), "--title", fmt.Sprintf("title-%d", k), "--json")
			if !check("update", res, err, true) {
				continue
			}
			var p personJSON
			if err := json.Unmarshal([]byte(res.stdout), &p); err != nil || p.Notes != fmt.Sprintf("note-%d", k) {
				fail("update %d printed %q (%v)", id, res.stdout, err)
				continue
			}
			lastAcked[id] = k
			updates++
		}
	}()

	// Reads: every record whole and from one update, never older than a
	// record read before.
	reads := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		seen := map[int]int{}
		counter := func(p personJSON) (int, bool) {
			if p.Notes == "" && strings.HasPrefix(p.Title, "Seed") {
				return 0, true // not updated yet
			}
			n, err1 := strconv.Atoi(strings.TrimPrefix(p.Notes, "note-"))
			m, err2 := strconv.Atoi(strings.TrimPrefix(p.Title, "title-"))
			return n, err1 == nil && err2 == nil && n == m
		}
		for i := 0; running(); i++ {
			id := shared[i%len(shared)]
			res, err := runBin(bin, db, "", nil, "people", "show", strconv.Itoa(id), "--json")
			if !check("show", res, err, true) {
				continue
			}
			var p personJSON
			if err := json.Unmarshal([]byte(res.stdout), &p); err != nil {
				fail("show %d printed invalid JSON %q: %v", id, res.stdout, err)
				continue
			}
			n, ok := counter(p)
			if !ok {
				fail("torn read of person %d: notes %q, title %q", id, p.Notes, p.Title)
			}
			if n < seen[id] {
				fail("person %d went back in time: counter %d after %d", id, n, seen[id])
			}
			seen[id] = n
			res, err = runBin(bin, db, "", nil, "people", "list", "--jsonl", "--limit", "20")
			if !check("list", res, err, true) {
				continue
			}
			lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
			if len(lines) != 20 {
				fail("list --limit 20 printed %d lines", len(lines))
			}
			for _, line := range lines {
				var p personJSON
				if err := json.Unmarshal([]byte(line), &p); err != nil || p.ID == 0 {
					fail("list printed %q: %v", line, err)
				}
			}
			reads++
		}
	}()

	// The UI, here: edit person 1's first name, save, wait for the
	// acknowledgement; the pane must never show an error.
	paneOK := func(scr string) {
		if userFacingFailure(scr) || strings.Contains(scr, "Not saved") || strings.Contains(scr, "Cannot") {
			fail("the UI shows an error:\n%s", scr)
		}
	}
	uiSaves := 0
	deadline := time.Now().Add(robustDuration(t))
	for time.Now().Before(deadline) {
		s.keys("g", "e")
		paneOK(s.waitFor(10*time.Second, "Edit person"))
		s.text("u")
		s.keys("C-s")
		name := "Given0" + strings.Repeat("u", uiSaves+1) + " Family0"
		paneOK(s.waitFor(15*time.Second, "Saved person "+name))
		uiSaves++
		s.keys("2") // the other tabs read too
		paneOK(s.waitFor(10*time.Second, "Company 1"))
		s.keys("1")
		paneOK(s.waitFor(10*time.Second, "Given0"))
	}
	close(stop)
	wg.Wait()
	paneOK(s.screen())
	s.keys("q")
	s.waitExit(5 * time.Second)

	for _, f := range failures {
		t.Error(f)
	}
	t.Logf("%s with 4 processes at once: %d imports of %d rows, %d CLI updates, %d CLI read rounds (2 commands each), %d UI saves",
		robustDuration(t), importsDone, importRows, updates, reads, uiSaves)
	if importsDone < 2 || updates < 5 || reads < 5 || uiSaves < 3 {
		t.Errorf("too little ran at once to prove anything")
	}

	// Every acknowledged write is in the file.
	checkIntegrity(t, db)
	for id, k := range lastAcked {
		notes := queryString(t, db, "SELECT notes || '|' || title FROM people WHERE id = ?", id)
		if want := fmt.Sprintf("note-%d|title-%d", k, k); notes != want {
			t.Errorf("person %d holds %q, the last acknowledged update wrote %q", id, notes, want)
		}
	}
	if got, want := queryString(t, db, "SELECT first_name FROM people WHERE id = ?", uiID), "Given0"+strings.Repeat("u", uiSaves); got != want {
		t.Errorf("the UI's person is %q, the last acknowledged save wrote %q", got, want)
	}
	if got, want := queryString(t, db, "SELECT count(*) FROM people"), strconv.Itoa(baseRows+importsDone*importRows); got != want {
		t.Errorf("%s people, want %s", got, want)
	}
	if got, want := queryString(t, db, "SELECT count(*) FROM imports WHERE status = 'applied'"), strconv.Itoa(1+importsDone); got != want {
		t.Errorf("%s applied imports, want %s", got, want)
	}
}
