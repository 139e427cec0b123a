package filesource

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"testing"

	"kontor/domain/importing"
)

// open opens a file under testdata.
func open(t testing.TB, rel string, opts importing.ReadOptions) importing.RowSource {
	t.Helper()
	src, err := Opener{}.Open(context.Background(), filepath.Join("testdata", filepath.FromSlash(rel)), opts)
	if err != nil {
		t.Fatalf("open %s: %v", rel, err)
	}
	t.Cleanup(func() { src.Close() })
	return src
}

// openErr opens a file that must fail, and returns the *ReadError.
func openErr(t testing.TB, rel string, opts importing.ReadOptions) *importing.ReadError {
	t.Helper()
	src, err := Opener{}.Open(context.Background(), filepath.Join("testdata", filepath.FromSlash(rel)), opts)
	if err == nil {
		src.Close()
		t.Fatalf("open %s: no error", rel)
	}
	var re *importing.ReadError
	if !errors.As(err, &re) {
		t.Fatalf("open %s: %T %v, want *importing.ReadError", rel, err, err)
	}
	return re
}

// readAll reads every row; any error but io.EOF fails the test.
func readAll(t testing.TB, src importing.RowSource) []importing.Row {
	t.Helper()
	var rows []importing.Row
	for {
		r, err := src.Next()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatalf("row %d: %v", len(rows)+1, err)
		}
		rows = append(rows, r)
	}
}

// cells returns the rows' cells.
func cells(rows []importing.Row) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r.Cells
	}
	return out
}

// issues returns every row issue as text.
func issues(rows []importing.Row) []string {
	var out []string
	for _, r := range rows {
		for _, is := range r.Issues {
			out = append(out, is.String())
		}
	}
	return out
}

// zipWith builds a ZIP archive holding one file.
func zipWith(t testing.TB, name, content string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, err := z.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, content)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
