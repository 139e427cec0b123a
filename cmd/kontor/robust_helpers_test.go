package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Helpers of the robustness tests (robust_*_test.go): child processes
// killed at chosen moments, data file fingerprints, integrity checks.
// RELIABILITY.md says what each test proves.

// robustRand returns the random source of one test, seeded from
// KONTOR_ROBUST_SEED when set (to replay a failure) and logged otherwise.
func robustRand(t *testing.T) *rand.Rand {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("KONTOR_ROBUST_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("KONTOR_ROBUST_SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("random seed %d (replay with KONTOR_ROBUST_SEED=%d)", seed, seed)
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// writeGeneratedPeople writes a people CSV of rows first..first+n-1. Row i
// has the e-mail p<i>@example<i%97>.com, so two files overlapping in i
// hold the same people; title is written as "<titlePrefix> <i>".
func writeGeneratedPeople(t *testing.T, path string, first, n int, titlePrefix string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "First Name,Last Name,Email,Phone,Company,Title,City")
	for i := first; i < first+n; i++ {
		fmt.Fprintf(w, "Given%d,Family%d,p%d@example%d.com,+48 600 %03d %03d,Company %d Sp. z o.o.,%s %d,City %d\n",
			i, i, i, i%97, (i/1000)%1000, i%1000, i%301, titlePrefix, i, i%37)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
}

// sqliteDSN opens path read-write without any of Kontor's settings, the
// way another program would.
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// checkIntegrity runs SQLite's own checks on the file: integrity_check,
// foreign_key_check and the full-text indexes' integrity-check (they must
// agree with the tables they index).
func checkIntegrity(t *testing.T, db string) {
	t.Helper()
	if err := integrityErr(db); err != nil {
		t.Fatal(err)
	}
}

func integrityErr(db string) error {
	h, err := sql.Open("sqlite", sqliteDSN(db))
	if err != nil {
		return err
	}
	defer h.Close()
	var res string
	if err := h.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("%s: integrity_check: %w", db, err)
	}
	if res != "ok" {
		return fmt.Errorf("%s: integrity_check = %q", db, res)
	}
	rows, err := h.Query("PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("%s: foreign_key_check: %w", db, err)
	}
	bad := rows.Next()
	rows.Close()
	if bad {
		return fmt.Errorf("%s: foreign_key_check reports rows", db)
	}
	for _, fts := range []string{"people_fts", "companies_fts", "deals_fts"} {
		if _, err := h.Exec(fmt.Sprintf("INSERT INTO %s(%s) VALUES('integrity-check')", fts, fts)); err != nil {
			return fmt.Errorf("%s: %s integrity-check: %w", db, fts, err)
		}
	}
	return nil
}

// dbCounts are the row counts of the record tables and imports.
type dbCounts struct {
	People, Companies, Deals, Imports int
}

// fingerprint hashes the records' content (not their timestamps, which
// differ between runs) and the imports' statuses, so two files holding the
// same data have the same fingerprint.
func fingerprint(t *testing.T, db string) (string, dbCounts) {
	t.Helper()
	h, err := sql.Open("sqlite", sqliteDSN(db))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	sum := sha256.New()
	queries := []string{
		"SELECT id, first_name, last_name, coalesce(company_id, 0), title, email, phone, city, notes, coalesce(import_id, 0), name_key, search_text FROM people ORDER BY id",
		"SELECT person_id, position, email FROM person_emails ORDER BY person_id, position",
		"SELECT person_id, position, phone FROM person_phones ORDER BY person_id, position",
		"SELECT id, name, coalesce(import_id, 0), name_key FROM companies ORDER BY id",
		"SELECT id, title, coalesce(company_id, 0), coalesce(amount_minor, 0) FROM deals ORDER BY id",
		"SELECT id, status, file_name FROM imports ORDER BY id",
		"SELECT import_id, record_type, record_id, before FROM import_changes ORDER BY import_id, record_type, record_id",
	}
	for _, q := range queries {
		rows, err := h.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(sum, "%q\n", vals)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		sum.Write([]byte("--\n"))
	}
	var c dbCounts
	for _, x := range []struct {
		n     *int
		table string
	}{{&c.People, "people"}, {&c.Companies, "companies"}, {&c.Deals, "deals"}, {&c.Imports, "imports"}} {
		if err := h.QueryRow("SELECT count(*) FROM " + x.table).Scan(x.n); err != nil {
			t.Fatal(err)
		}
	}
	return hex.EncodeToString(sum.Sum(nil)), c
}

// copyDataFile copies a closed data file (no -wal or -shm beside it).
func copyDataFile(t *testing.T, from, to string) {
	t.Helper()
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(from + suffix); err == nil {
			t.Fatalf("%s%s exists: the data file was not closed", from, suffix)
		}
	}
	copyFile(t, from, to)
}

// killOutcome says how a child process ended.
type killOutcome struct {
	killed   bool          // SIGKILL landed before the process exited by itself
	elapsed  time.Duration // from start to kill (or exit)
	walBytes int64         // size of the -wal file when the kill was sent (-1: none)
	stderr   string
	code     int // exit code when not killed
}

// runUntilKilled starts bin with args and sends SIGKILL as soon as
// trigger(elapsed) says so (polled every 200µs), unless the process ends
// first.
func runUntilKilled(t *testing.T, bin, db string, trigger func(elapsed time.Duration) bool, args ...string) killOutcome {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
	cmd.Env = []string{"HOME=" + filepath.Dir(db), "PATH=" + os.Getenv("PATH")}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	out := killOutcome{walBytes: -1}
	var werr error
loop:
	for {
		select {
		case werr = <-exited:
			break loop
		default:
		}
		if trigger(time.Since(start)) {
			if st, err := os.Stat(db + "-wal"); err == nil {
				out.walBytes = st.Size()
			}
			out.elapsed = time.Since(start)
			_ = cmd.Process.Signal(syscall.SIGKILL)
			werr = <-exited
			break
		}
		time.Sleep(200 * time.Microsecond)
	}
	if out.elapsed == 0 {
		out.elapsed = time.Since(start)
	}
	out.stderr = errb.String()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		out.killed = true
		return out
	}
	var ee *exec.ExitError
	if errors.As(werr, &ee) {
		out.code = ee.ExitCode()
	} else if werr != nil {
		t.Fatal(werr)
	}
	return out
}

// walGrowth returns a trigger that fires delay after the -wal file beside
// db first holds data (a commit writing its pages).
func walGrowth(db string, delay time.Duration) func(time.Duration) bool {
	var seen time.Time
	return func(time.Duration) bool {
		if seen.IsZero() {
			if st, err := os.Stat(db + "-wal"); err == nil && st.Size() > 0 {
				seen = time.Now()
			}
			return false
		}
		return time.Since(seen) >= delay
	}
}

// after returns a trigger that fires at d.
func after(d time.Duration) func(time.Duration) bool {
	return func(e time.Duration) bool { return e >= d }
}

// mustOpenNormally runs `kontor people list` on the file: it must work.
func mustOpenNormally(t *testing.T, bin, db string) {
	t.Helper()
	res, err := runBin(bin, db, "", nil, "people", "list", "--limit", "3")
	if err != nil || res.code != 0 || res.stderr != "" {
		t.Fatalf("kontor people list after the crash: %v exit %d\n%s", err, res.code, res.stderr)
	}
}

// userFacingFailure reports whether text holds an error a user would see
// from SQLite's locking: those must never surface.
func userFacingFailure(text string) bool {
	low := strings.ToLower(text)
	for _, s := range []string{"database is locked", "sqlite_busy", "busy", "locked"} {
		if strings.Contains(low, s) {
			return true
		}
	}
	return false
}

// paneInfo returns a tmux format of the session's pane ("#{pane_pid}",
// "#{pane_title}").
func (s *tmuxSession) paneInfo(format string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", "-S", s.sock, "display", "-p", "-t", s.name, format).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux display %s: %v\n%s", format, err, out)
	}
	return strings.TrimSpace(string(out))
}

// pid is the process running in the pane (kontor, started with exec).
func (s *tmuxSession) pid() int {
	s.t.Helper()
	pid, err := strconv.Atoi(s.paneInfo("#{pane_pid}"))
	if err != nil {
		s.t.Fatal(err)
	}
	return pid
}

// waitExit waits for the session's command to end.
func (s *tmuxSession) waitExit(timeout time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for !s.exited() {
		if time.Now().After(deadline) {
			s.t.Fatalf("the pane's process did not end within %s", timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// walSize is the size of db's -wal file (-1 when there is none).
func walSize(db string) int64 {
	st, err := os.Stat(db + "-wal")
	if err != nil {
		return -1
	}
	return st.Size()
}

// queryString reads one text value from the data file.
func queryString(t *testing.T, db, query string, args ...any) string {
	t.Helper()
	h, err := sql.Open("sqlite", sqliteDSN(db))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var s string
	if err := h.QueryRow(query, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}
