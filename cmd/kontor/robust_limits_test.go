package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// Oversized input: a file with 10,000 columns, 1 MB lines, cells over the
// limit, a file with no line break at all, many near-limit cells. Each is
// refused with a message naming the file, line and limit, or imported
// whole; never a hang (each import runs under a deadline) and never
// memory out of proportion (the child's peak resident size is checked).

const (
	limitDeadline = 60 * time.Second
	limitPeakMB   = 600
)

type limitRun struct {
	stdout, stderr string
	code           int
	took           time.Duration
	peakMB         float64
}

// runLimited runs the binary under a deadline and measures its peak
// resident memory.
func runLimited(t *testing.T, bin, db string, args ...string) limitRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limitDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"--db", db}, args...)...)
	cmd.Env = []string{"HOME=" + filepath.Dir(db), "PATH=" + os.Getenv("PATH")}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := limitRun{stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("%v did not finish within %s", args, limitDeadline)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.peakMB = float64(ru.Maxrss) / 1024
	}
	return r
}

// writeLines writes a file line by line through a buffer.
func writeLines(t *testing.T, path string, fn func(w *bufio.Writer)) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fn(w)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRobustOversizedInput(t *testing.T) {
	if testing.Short() {
		t.Skip("writes large files and runs the binary")
	}
	bin := kontorBinary(t)
	dir := t.TempDir()

	wideHeader := func(w *bufio.Writer, n int) {
		for i := range n {
			if i > 0 {
				w.WriteByte(',')
			}
			fmt.Fprintf(w, "Column %d", i+1)
		}
		w.WriteByte('\n')
	}
	wideXLSX := filepath.Join(dir, "wide.xlsx")
	{
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		for r := 1; r <= 3; r++ {
			row := make([]any, 10000)
			for i := range row {
				row[i] = fmt.Sprintf("r%dc%d", r, i+1)
			}
			cell, _ := excelize.CoordinatesToCellName(1, r)
			if err := sw.SetRow(cell, row); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.SaveAs(wideXLSX); err != nil {
			t.Fatal(err)
		}
	}
	big := strings.Repeat("x", 1<<20+1)     // one byte over the cell limit
	note := strings.Repeat("note ", 190000) // 950,000 bytes: under it

	cases := []struct {
		name string
		file string
		// refused: the message must hold all of these; "" means the file
		// is imported.
		refused []string
		people  int
	}{{
		name:    "10,000 columns (CSV)",
		file:    writeLines(t, filepath.Join(dir, "wide.csv"), func(w *bufio.Writer) { wideHeader(w, 10000); wideHeader(w, 10000) }),
		refused: []string{"wide.csv", "line 1", "more than 2000 columns"},
	}, {
		name:    "10,000 columns (XLSX)",
		file:    wideXLSX,
		refused: []string{"wide.xlsx", "more than 2000 columns"},
	}, {
		name: "1 MB line of 100,000 short cells",
		file: writeLines(t, filepath.Join(dir, "cells.csv"), func(w *bufio.Writer) {
			w.WriteString("First Name,Last Name,Email\n")
			w.WriteString("Anna,Nowak,anna@example.com" + strings.Repeat(",abcdefghi", 100000) + "\n")
		}),
		refused: []string{"cells.csv", "line 2", "more than 2000 columns"},
	}, {
		name: "a cell over 1 MiB",
		file: writeLines(t, filepath.Join(dir, "bigcell.csv"), func(w *bufio.Writer) {
			w.WriteString("First Name,Last Name,Notes\nAnna,Nowak,ok\nJan,Kowalski," + big + "\n")
		}),
		refused: []string{"bigcell.csv", "line 3, column 3", "1 MiB limit"},
	}, {
		name: "a quoted cell over 1 MiB spanning lines",
		file: writeLines(t, filepath.Join(dir, "bigquoted.csv"), func(w *bufio.Writer) {
			w.WriteString("First Name,Last Name,Notes\nJan,Kowalski,\"" + strings.Repeat("line\n", 1<<18) + "\"\n")
		}),
		refused: []string{"bigquoted.csv", "line 2, column 3", "1 MiB limit"},
	}, {
		name: "30 MB without a line break",
		file: writeLines(t, filepath.Join(dir, "oneline.csv"), func(w *bufio.Writer) {
			w.WriteString("First Name,Last Name,Notes\n")
			for range 30 {
				w.WriteString(big[:1<<20])
			}
		}),
		refused: []string{"oneline.csv", "line 2", "1 MiB limit"},
	}, {
		name: "1 MB lines: 40 people with 950 kB notes",
		file: writeLines(t, filepath.Join(dir, "notes.csv"), func(w *bufio.Writer) {
			w.WriteString("First Name,Last Name,Email,Notes\n")
			for i := range 40 {
				fmt.Fprintf(w, "Given%d,Family%d,n%d@example.com,%s\n", i, i, i, note)
			}
		}),
		people: 40,
	}, {
		name: "a 100,000-character name",
		file: writeLines(t, filepath.Join(dir, "longname.csv"), func(w *bufio.Writer) {
			w.WriteString("First Name,Last Name,Email\nAnna," + strings.Repeat("Nowak", 20000) + ",anna@example.com\n")
		}),
		people: 1,
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "k.db")
			r := runLimited(t, bin, db, "import", c.file, "--yes", "--type", "people")
			st, _ := os.Stat(c.file)
			t.Logf("%s (%d bytes): exit %d in %s, peak %.0f MB", filepath.Base(c.file), st.Size(), r.code, r.took.Round(time.Millisecond), r.peakMB)
			if r.peakMB > limitPeakMB {
				t.Errorf("peak resident memory %.0f MB, more than %d MB", r.peakMB, limitPeakMB)
			}
			if c.refused != nil {
				msg := strings.TrimSpace(r.stderr)
				if r.code != exitInput || strings.Contains(msg, "\n") {
					t.Fatalf("exit %d, want %d with a one-line message:\n%s", r.code, exitInput, r.stderr)
				}
				for _, want := range c.refused {
					if !strings.Contains(msg, want) {
						t.Errorf("the message %q lacks %q", msg, want)
					}
				}
				// A refused first import leaves no data file (and nothing
				// half-built beside it).
				if entries, _ := os.ReadDir(filepath.Dir(db)); len(entries) != 0 {
					t.Errorf("a refused import into a new data file left %s", entries[0].Name())
				}
				return
			}
			if r.code != 0 {
				t.Fatalf("exit %d:\n%s", r.code, r.stderr)
			}
			if n := queryString(t, db, "SELECT count(*) FROM people"); n != fmt.Sprint(c.people) {
				t.Fatalf("%s people imported, want %d", n, c.people)
			}
			// The records read back whole.
			r = runLimited(t, bin, db, "people", "list", "--json")
			if r.code != 0 || r.peakMB > limitPeakMB {
				t.Fatalf("people list: exit %d, %.0f MB\n%s", r.code, r.peakMB, r.stderr)
			}
			if c.people == 40 && strings.Count(r.stdout, strings.TrimSpace(note)) != 40 {
				t.Errorf("the notes did not come back whole")
			}
		})
	}
}
