package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"kontor/domain/demo"
)

// Import benchmarks on generated people files, run against the built
// binary (as a user runs it) and side by side with the sqlite3 shell's raw
// .import of the same CSV. They are benchmarks, so plain `go test` skips
// them; run:
//
//	go test ./cmd/kontor -run '^$' -bench Import -benchtime 1x -timeout 60m
//
// KONTOR_BENCH_ROWS overrides the row count (default 1,000,000).

func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("KONTOR_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// writePeopleCSV writes people first..first+n-1 of a demo data set (with
// their company names), the way a CRM export looks.
func writePeopleCSV(tb testing.TB, path string, first, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	w.Write([]string{"First Name", "Last Name", "Email", "Phone", "Account Name", "Title", "Mailing City"})
	// One demo data set for every file of a benchmark (the same person has
	// the same e-mail in both), sized by the benchmark's row count.
	companies := max(1, benchRows()/50)
	g := demo.New(demo.Config{People: first + n, Companies: companies, Seed: 1})
	names := make([]string, companies)
	for i := range companies {
		names[i] = g.Company(i).Name
	}
	for i := first; i < first+n; i++ {
		p, ci := g.Person(i)
		company := ""
		if ci >= 0 {
			company = names[ci]
		}
		w.Write([]string{p.FirstName, p.LastName, p.PrimaryEmail(), p.Phones[0].Raw, company, p.Title, p.Address.City})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tb.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
}

// timed runs a command and returns its wall time and peak memory (MB).
// The peak is the command's own VmHWM, read from /proc while it runs: the
// rusage of a child started from this process counts this process's
// memory at the fork (a benchmark that had read a large file reported its
// size as the import's peak).
func timed(tb testing.TB, name string, args ...string) (time.Duration, float64) {
	tb.Helper()
	cmd := exec.Command(name, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		tb.Fatalf("%s %v: %v", name, args, err)
	}
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var hwm float64 // MB
	var err error
	for waiting := true; waiting; {
		select {
		case err = <-done:
			waiting = false
		case <-time.After(20 * time.Millisecond):
			if kb, ok := vmHWM(status); ok {
				hwm = max(hwm, kb/1024)
			}
		}
	}
	elapsed := time.Since(start)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitPartial {
			tb.Fatalf("%s %v: %v\n%s", name, args, err, out.Bytes())
		}
	}
	if hwm == 0 { // no /proc: the rusage figure, an upper bound
		hwm = float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024
	}
	return elapsed, hwm
}

// vmHWM reads a process's peak resident memory (kB) from its status file.
func vmHWM(status string) (float64, bool) {
	b, err := os.ReadFile(status)
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb, err == nil
		}
	}
	return 0, false
}

// sqliteImport times the sqlite3 shell importing the CSV into a new table
// (no indexes, no checks): the floor any importer is measured against.
func sqliteImport(tb testing.TB, dir, csvPath string) (time.Duration, bool) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		tb.Log("sqlite3 not installed (apt-get install sqlite3): no comparison")
		return 0, false
	}
	db := filepath.Join(dir, "raw.db")
	d, _ := timed(tb, "sqlite3", db, ".mode csv", ".import "+csvPath+" people")
	return d, true
}

// sqliteIndexed times the sqlite3 shell doing the least of what a CRM's
// import must: the raw .import, then the four indexes the duplicate search
// looks people up by (e-mail, phone, name at company, company) and a
// search index like Kontor's (FTS5 with prefix indexes over the names,
// e-mail, company, title and city; contentless, so no copy of the text).
// No keys are normalised, nothing is parsed or checked. Its ratio to the
// raw .import is a floor no importer with these indexes gets under.
func sqliteIndexed(tb testing.TB, dir, csvPath string) (time.Duration, bool) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		return 0, false
	}
	db := filepath.Join(dir, "indexed.db")
	d, _ := timed(tb, "sqlite3", db, ".mode csv", ".import "+csvPath+" people",
		`CREATE INDEX people_email ON people ("Email")`,
		`CREATE INDEX people_phone ON people ("Phone")`,
		`CREATE INDEX people_name ON people ("Last Name", "First Name", "Account Name")`,
		`CREATE INDEX people_company ON people ("Account Name")`,
		`CREATE VIRTUAL TABLE people_fts USING fts5(t, content='', tokenize='ascii', prefix='1 2 3', detail='none', columnsize=0)`,
		`INSERT INTO people_fts (rowid, t) SELECT rowid, "First Name" || ' ' || "Last Name" || ' ' || "Email" || ' ' || "Account Name" || ' ' || "Title" || ' ' || "Mailing City" FROM people`)
	return d, true
}

// driverImport times what sqlite3's .import does, done through the SQLite
// Kontor uses (modernc.org/sqlite, in Go): the CSV read with encoding/csv
// into a new table of text columns, 100 rows an INSERT, one transaction.
// It shows how much of Kontor's time the driver itself accounts for.
func driverImport(tb testing.TB, dir, csvPath string) time.Duration {
	tb.Helper()
	start := time.Now()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "driver.db"))
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	f, err := os.Open(csvPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		tb.Fatal(err)
	}
	cols := make([]string, len(header))
	for i := range cols {
		cols[i] = "c" + strconv.Itoa(i) + " TEXT"
	}
	tx, err := db.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := tx.Exec("CREATE TABLE people (" + strings.Join(cols, ", ") + ")"); err != nil {
		tb.Fatal(err)
	}
	const perInsert = 100
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(header)), ",") + ")"
	insert := func(rows int) *sql.Stmt {
		st, err := tx.Prepare("INSERT INTO people VALUES " + strings.TrimSuffix(strings.Repeat(row+",", rows), ","))
		if err != nil {
			tb.Fatal(err)
		}
		return st
	}
	full := insert(perInsert)
	args := make([]any, 0, perInsert*len(header))
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		for _, v := range rec {
			args = append(args, v)
		}
		if len(args) == cap(args) {
			if _, err := full.Exec(args...); err != nil {
				tb.Fatal(err)
			}
			args = args[:0]
		}
	}
	if len(args) > 0 {
		if _, err := insert(len(args) / len(header)).Exec(args...); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return time.Since(start)
}

// reportFloors runs sqlite3's .import and the driver's equivalent of the
// same CSV and reports them with Kontor's ratio to each.
func reportFloors(b *testing.B, src string, kontor time.Duration) {
	if raw, ok := sqliteImport(b, b.TempDir(), src); ok {
		b.ReportMetric(raw.Seconds(), "s/sqlite3-import")
		b.ReportMetric(kontor.Seconds()/raw.Seconds(), "x-sqlite3")
		if indexed, ok := sqliteIndexed(b, b.TempDir(), src); ok {
			b.ReportMetric(indexed.Seconds(), "s/sqlite3-indexed")
			b.ReportMetric(indexed.Seconds()/raw.Seconds(), "x-sqlite3-indexed")
		}
	}
	drv := driverImport(b, b.TempDir(), src)
	b.ReportMetric(drv.Seconds(), "s/driver-import")
	b.ReportMetric(kontor.Seconds()/drv.Seconds(), "x-driver")
}

func BenchmarkImportEmpty(b *testing.B) {
	n := benchRows()
	dir := b.TempDir()
	src := filepath.Join(dir, "people.csv")
	writePeopleCSV(b, src, 0, n)
	bin := kontorBinary(b)
	b.ResetTimer()
	for range b.N {
		db := filepath.Join(b.TempDir(), "k.db")
		d, mem := timed(b, bin, "--db", db, "import", src, "--type", "people", "--yes")
		b.ReportMetric(d.Seconds(), "s/import")
		b.ReportMetric(float64(n)/d.Seconds(), "rows/s")
		b.ReportMetric(mem, "peak-MB")
		reportFloors(b, src, d)
	}
}

func BenchmarkImportIntoFull(b *testing.B) {
	n := benchRows()
	dir := b.TempDir()
	first := filepath.Join(dir, "first.csv")
	second := filepath.Join(dir, "second.csv")
	writePeopleCSV(b, first, 0, n)
	// Half the rows are people already in the file (same e-mail).
	writePeopleCSV(b, second, n/2, n)
	bin := kontorBinary(b)
	base := filepath.Join(dir, "base.db")
	timed(b, bin, "--db", base, "import", first, "--type", "people", "--yes")
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "k.db")
		copyFile(b, base, db)
		b.StartTimer()
		d, mem := timed(b, bin, "--db", db, "import", second, "--type", "people", "--yes")
		b.ReportMetric(d.Seconds(), "s/import")
		b.ReportMetric(float64(n)/d.Seconds(), "rows/s")
		b.ReportMetric(mem, "peak-MB")
		reportFloors(b, second, d)
	}
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	in, err := os.Open(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}
