package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"kontor/domain"
)

// Tests with real processes: the kontor binary is built once into a
// temporary directory, then driven through pipes, and run as a second
// process writing to the data file while this one reads and writes it.

func buildKontor(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the binary with")
	}
	bin := filepath.Join(t.TempDir(), "kontor")
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// binResult is the outcome of one run of the binary.
type binResult struct {
	stdout, stderr string
	code           int
}

func runBin(bin, db, stdin string, env []string, args ...string) (binResult, error) {
	cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
	cmd.Env = append([]string{"HOME=" + filepath.Dir(db), "PATH=" + os.Getenv("PATH")}, env...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return binResult{out.String(), errb.String(), ee.ExitCode()}, nil
	}
	return binResult{out.String(), errb.String(), 0}, err
}

func TestKontorProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildKontor(t)
	t.Run("pipes", func(t *testing.T) { testPipes(t, bin) })
	t.Run("concurrent writer", func(t *testing.T) { testConcurrentWriter(t, bin) })
	t.Run("export pipes", func(t *testing.T) { testExportPipes(t, bin) })
}

func testPipes(t *testing.T, bin string) {
	db := filepath.Join(t.TempDir(), "k.db")
	const n = 1200 // more than two pages of the list
	s := openDB(t, db)
	for i := range n {
		p := domain.Person{FirstName: "Person", LastName: fmt.Sprintf("Number %04d", i), Title: "=cmd|' /C calc'!A0",
			Emails: []domain.Email{{Address: fmt.Sprintf("p%d@example.com", i)}}}
		if err := s.CreatePerson(context.Background(), &p); err != nil {
			t.Fatal(err)
		}
	}

	// Standard output into a pipe, read as it streams.
	cmd := exec.Command(bin, "--db", db, "people", "list", "--csv")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bufio.NewReader(stdout))
	rows := 0
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rows > 0 && row[5] != "'=cmd|' /C calc'!A0" {
			t.Fatalf("row %d title %q", rows, row[5])
		}
		rows++
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if rows != n+1 {
		t.Errorf("%d CSV rows through the pipe, want %d", rows, n+1)
	}

	// --jsonl through a pipe: one object a line.
	res, err := runBin(bin, db, "", nil, "people", "list", "--jsonl", "--filter", "number 0042")
	if err != nil || res.code != 0 {
		t.Fatalf("%v %+v", err, res)
	}
	var p personJSON
	if err := json.Unmarshal([]byte(res.stdout), &p); err != nil || p.LastName != "Number 0042" {
		t.Errorf("jsonl %q: %v", res.stdout, err)
	}

	// On a pipe the table fits $COLUMNS.
	res, err = runBin(bin, db, "", []string{"COLUMNS=60"}, "people", "list", "--limit", "5")
	if err != nil || res.code != 0 {
		t.Fatalf("%v %+v", err, res)
	}
	for _, line := range strings.Split(strings.TrimSpace(res.stdout), "\n") {
		if w := ansi.StringWidth(line); w > 60 {
			t.Errorf("line %q is %d wide, COLUMNS=60", line, w)
		}
	}

	// Notes from standard input.
	res, err = runBin(bin, db, "from a pipe\nline 2\n", nil, "people", "update", "1", "--notes", "-", "--json")
	if err != nil || res.code != 0 {
		t.Fatalf("%v %+v", err, res)
	}
	if err := json.Unmarshal([]byte(res.stdout), &p); err != nil || p.Notes != "from a pipe\nline 2" {
		t.Errorf("notes %q: %v", p.Notes, err)
	}

	// delete reads no answer from a pipe: --yes is required.
	res, err = runBin(bin, db, "y\n", nil, "people", "delete", "2")
	if err != nil || res.code != exitUsage || !strings.Contains(res.stderr, "pass --yes") {
		t.Errorf("delete without --yes from a pipe: %v %+v", err, res)
	}
	res, err = runBin(bin, db, "", nil, "people", "delete", "2", "--yes")
	if err != nil || res.code != 0 {
		t.Errorf("delete --yes: %v %+v", err, res)
	}
}

// A second process adds and updates records in a loop while this one runs
// list and update commands in a loop. No command may fail (SQLite's
// "database is locked" must never surface) and every acknowledged write
// must be in the file at the end: the records each side added, and the
// last value each side wrote to its own field of the same shared records
// (an update rewrites the whole row, so a read-change-write that was not
// one transaction would put back the other side's older value). Every
// write must print what it wrote, the file must hold exactly the records
// acknowledged (none lost, none twice), and an export running meanwhile
// must never see fewer of the other side's records than an earlier one.
func testConcurrentWriter(t *testing.T, bin string) {
	db := filepath.Join(t.TempDir(), "k.db")
	mustKontor(t, db, "companies", "add", "--name", "Shared company")
	mustKontor(t, db, "people", "add", "--first-name", "Shared", "--last-name", "Person", "--company", "1")

	const writerRounds = 15
	type outcome struct {
		added        map[domain.ID]string // person id → e-mail
		lastCity     string
		lastEmployee int
		failures     []string
	}
	var w outcome
	w.added = map[domain.ID]string{}
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		fail := func(what string, res binResult, err error) {
			w.failures = append(w.failures, fmt.Sprintf("%s: exit %d err %v: %s", what, res.code, err, res.stderr))
		}
		for j := range writerRounds {
			email := fmt.Sprintf("writer%d@example.com", j)
			res, err := runBin(bin, db, "", nil, "people", "add", "--first-name", "Writer", "--last-name", itoa(j), "--email", email, "--json")
			var p personJSON
			if err != nil || res.code != 0 || json.Unmarshal([]byte(res.stdout), &p) != nil {
				fail("add", res, err)
			} else {
				w.added[p.ID] = email
			}
			city := "City " + itoa(j)
			if res, err := runBin(bin, db, "", nil, "people", "update", "1", "--city", city); err != nil || res.code != 0 {
				fail("update person", res, err)
			} else {
				w.lastCity = city
			}
			if res, err := runBin(bin, db, "", nil, "companies", "update", "1", "--employees", itoa(j+1)); err != nil || res.code != 0 {
				fail("update company", res, err)
			} else {
				w.lastEmployee = j + 1
			}
		}
	}()

	var failures []string
	var lastTitle, lastIndustry string
	addedDeals := map[domain.ID]string{}
	seenWriters := 0 // writer people an export saw last; commits never disappear
	const minRounds, maxRounds = 10, 2000
	rounds, overlapped := 0, 0
	for ; rounds < maxRounds; rounds++ {
		running := true
		select {
		case <-done:
			running = false
		default:
		}
		if !running && rounds >= minRounds {
			break
		}
		if running {
			overlapped++
		}
		check := func(args ...string) string {
			out, errOut, code := kontorIn(t, db, args...)
			if code != 0 || errOut != "" {
				failures = append(failures, fmt.Sprintf("%v: exit %d: %s", args, code, errOut))
			}
			return out
		}
		title := "Title " + itoa(rounds)
		var p personJSON
		if err := json.Unmarshal([]byte(check("people", "update", "1", "--title", title, "--json")), &p); err == nil && p.Title == title {
			lastTitle = title
		} else {
			failures = append(failures, fmt.Sprintf("round %d: update printed title %q (%v)", rounds, p.Title, err))
		}
		industry := "Industry " + itoa(rounds)
		var c companyJSON
		if err := json.Unmarshal([]byte(check("companies", "update", "1", "--industry", industry, "--json")), &c); err == nil && c.Industry == industry {
			lastIndustry = industry
		} else {
			failures = append(failures, fmt.Sprintf("round %d: update printed industry %q (%v)", rounds, c.Industry, err))
		}
		dealTitle := "Deal " + itoa(rounds)
		var d dealJSON
		if err := json.Unmarshal([]byte(check("deals", "add", "--title", dealTitle, "--company", "1", "--json")), &d); err == nil && d.ID != 0 && d.Title == dealTitle {
			addedDeals[d.ID] = dealTitle
		} else {
			failures = append(failures, fmt.Sprintf("round %d: deals add printed %+v (%v)", rounds, d, err))
		}
		// An export while the other process writes: one consistent page
		// after another, every line an object, and never fewer of the
		// writer's people than an earlier export saw.
		writers := 0
		for _, line := range strings.Split(strings.TrimSpace(check("export", "people", "--format", "jsonl")), "\n") {
			var ep personJSON
			if err := json.Unmarshal([]byte(line), &ep); err != nil {
				failures = append(failures, "export --format jsonl printed "+line)
			} else if ep.FirstName == "Writer" {
				writers++
			}
		}
		if writers < seenWriters || writers > writerRounds {
			failures = append(failures, fmt.Sprintf("round %d: export saw %d of the writer's people, before %d", rounds, writers, seenWriters))
		}
		seenWriters = writers
		for _, line := range strings.Split(strings.TrimSpace(check("people", "list", "--jsonl", "--filter", "writer")), "\n") {
			if line != "" && json.Unmarshal([]byte(line), &personJSON{}) != nil {
				failures = append(failures, "list --jsonl printed "+line)
			}
		}
		check("deals", "list", "--sort", "created", "--desc", "--limit", "5")
	}
	wg.Wait()
	failures = append(failures, w.failures...)
	for _, f := range failures {
		t.Error(f)
	}
	if overlapped < 3 {
		t.Errorf("only %d rounds ran while the other process wrote", overlapped)
	}
	t.Logf("%d rounds here (%d while the writer ran), %d writer rounds", rounds, overlapped, writerRounds)

	s := openDB(t, db)
	ctx := context.Background()
	for id, email := range w.added {
		p, err := s.GetPerson(ctx, id)
		if err != nil || p.PrimaryEmail() != email {
			t.Errorf("person %d added by the other process: %v %q", id, err, p.PrimaryEmail())
		}
	}
	if len(w.added) != writerRounds {
		t.Errorf("%d people acknowledged, want %d", len(w.added), writerRounds)
	}
	// Nothing lost and nothing written twice: exactly the acknowledged
	// records are in the file.
	if n, err := s.CountPeople(ctx, domain.ListQuery{}); err != nil || n.N != 1+writerRounds {
		t.Errorf("%d people in the file (%v), want %d", n.N, err, 1+writerRounds)
	}
	if n, err := s.CountDeals(ctx, domain.ListQuery{}); err != nil || n.N != rounds || len(addedDeals) != rounds {
		t.Errorf("%d deals in the file (%v), %d acknowledged, want %d", n.N, err, len(addedDeals), rounds)
	}
	for id, title := range addedDeals {
		d, err := s.GetDeal(ctx, id)
		if err != nil || d.Title != title {
			t.Errorf("deal %d added here: %v %q", id, err, d.Title)
		}
	}
	p, err := s.GetPerson(ctx, 1)
	if err != nil || p.Title != lastTitle || p.Address.City != w.lastCity {
		t.Errorf("shared person: title %q city %q (%v), want %q and %q", p.Title, p.Address.City, err, lastTitle, w.lastCity)
	}
	c, err := s.GetCompany(ctx, 1)
	if err != nil || c.Industry != lastIndustry || c.Employees == nil || *c.Employees != w.lastEmployee {
		t.Errorf("shared company: industry %q employees %v (%v), want %q and %d", c.Industry, c.Employees, err, lastIndustry, w.lastEmployee)
	}
}
