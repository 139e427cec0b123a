package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kontor/domain"
)

// testExportPipes runs the kontor binary (built by TestKontorProcesses)
// with its standard output on a pipe: CSV read as it streams, "--out -",
// XLSX and JSON Lines through a pipe, and a reader that stops early.
func testExportPipes(t *testing.T, bin string) {
	db := filepath.Join(t.TempDir(), "k.db")
	const n = 1200 // more than two pages
	s := openDB(t, db)
	for i := range n {
		p := domain.Person{FirstName: "Person", LastName: fmt.Sprintf("Number %04d", i), Title: "=cmd|' /C calc'!A0",
			Emails: []domain.Email{{Address: fmt.Sprintf("p%d@example.com", i)}}, Phones: []domain.Phone{{Raw: fmt.Sprintf("+48 600 %06d", i)}}}
		if err := s.CreatePerson(context.Background(), &p); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	// CSV read from the pipe as it is written.
	cmd := exec.Command(bin, "--db", db, "export", "people")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bufio.NewReader(stdout))
	var full bytes.Buffer
	rows := 0
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rows > 0 && (row[6] != "'=cmd|' /C calc'!A0" || row[4] != fmt.Sprintf("'+48600%06d", rows-1) || row[1] != fmt.Sprintf("Number %04d", rows-1)) {
			t.Fatalf("row %d: %q", rows, row)
		}
		rows++
	}
	if err := cmd.Wait(); err != nil || stderr.Len() != 0 {
		t.Fatalf("export through a pipe: %v: %s", err, stderr.String())
	}
	if rows != n+1 {
		t.Errorf("%d CSV rows through the pipe, want %d", rows, n+1)
	}

	// "-" is standard output; the bytes equal the default's.
	def, err := runBin(bin, db, "", nil, "export", "people")
	if err != nil || def.code != 0 {
		t.Fatalf("%v %+v", err, def)
	}
	full.WriteString(def.stdout)
	dash, err := runBin(bin, db, "", nil, "export", "people", "--out", "-")
	if err != nil || dash.code != 0 || dash.stdout != full.String() || dash.stderr != "" {
		t.Errorf("--out -: exit %d, %d bytes (want %d): %v %s", dash.code, len(dash.stdout), full.Len(), err, dash.stderr)
	}

	// XLSX on a pipe is allowed and is a whole workbook.
	x, err := runBin(bin, db, "", nil, "export", "people", "--format", "xlsx")
	if err != nil || x.code != 0 {
		t.Fatalf("xlsx to a pipe: %v %+v", err, x.stderr)
	}
	f, err := excelize.OpenReader(strings.NewReader(x.stdout))
	if err != nil {
		t.Fatalf("xlsx from the pipe: %v", err)
	}
	xrows, err := f.GetRows("People")
	f.Close()
	if err != nil || len(xrows) != n+1 || xrows[n][1] != fmt.Sprintf("Number %04d", n-1) {
		t.Errorf("xlsx from the pipe: %d rows, %v", len(xrows), err)
	}

	// JSON Lines: one object a line.
	jl, err := runBin(bin, db, "", nil, "export", "people", "--format", "jsonl", "--filter", "number")
	if err != nil || jl.code != 0 || strings.Count(jl.stdout, "\n") != n {
		t.Errorf("jsonl: exit %d, %d lines, %v", jl.code, strings.Count(jl.stdout, "\n"), err)
	}

	// A reader that stops after the header (| head -1) ends the export
	// instead of leaving it blocked.
	cmd = exec.Command(bin, "--db", db, "export", "people")
	stdout, err = cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "First Name,") {
		t.Errorf("first line %q: %v", line, err)
	}
	stdout.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Errorf("export after the reader left: %v", err)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Error("export still running 30s after its reader left")
	}
}
