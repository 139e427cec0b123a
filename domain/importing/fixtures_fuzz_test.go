package importing

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// fixtureTable is one seed file of testdata/fixtures (see
// testdata/ATTRIBUTION.md), decoded and split into cells.
type fixtureTable struct {
	name   string
	header []string
	rows   [][]string
}

// fixtureTables reads every seed file. The Livespace files are
// Windows-1250 with ';', Salesforce's account file Windows-1252; the rest
// UTF-8 with ','. Broken files give what encoding/csv can read of them.
func fixtureTables(tb testing.TB) []fixtureTable {
	tb.Helper()
	var out []fixtureTable
	err := filepath.WalkDir(filepath.Join("testdata", "fixtures"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".csv" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		comma := ','
		switch {
		case strings.Contains(path, "livespace-pl"):
			b, _ = charmap.Windows1250.NewDecoder().Bytes(b)
			comma = ';'
		case strings.HasSuffix(path, "accountData.csv"):
			b, _ = charmap.Windows1252.NewDecoder().Bytes(b)
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))))
		r.Comma, r.FieldsPerRecord, r.LazyQuotes = comma, -1, true
		var recs [][]string
		for {
			rec, err := r.Read()
			if err != nil {
				if _, ok := err.(*csv.ParseError); ok && len(recs) > 0 {
					continue
				}
				break
			}
			recs = append(recs, rec)
		}
		if len(recs) > 0 {
			out = append(out, fixtureTable{name: filepath.ToSlash(path), header: recs[0], rows: recs[1:]})
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(out) < 10 {
		tb.Fatalf("only %d seed files under testdata/fixtures", len(out))
	}
	return out
}

// fixtureCells returns the distinct non-empty cells of every seed file,
// at most perColumn from each column.
func fixtureCells(tb testing.TB, perColumn int) []string {
	tb.Helper()
	seen := map[string]bool{}
	var out []string
	for _, ft := range fixtureTables(tb) {
		for c := range ft.header {
			n := 0
			for _, r := range ft.rows {
				if c >= len(r) || r[c] == "" || seen[r[c]] {
					continue
				}
				seen[r[c]] = true
				out = append(out, r[c])
				if n++; n == perColumn {
					break
				}
			}
		}
	}
	return out
}
