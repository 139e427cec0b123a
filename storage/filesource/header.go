package filesource

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"kontor/domain/importing"
)

// Header detection and row shaping, the same for CSV and XLSX.

// lookRow is a row read ahead of the header decision.
type lookRow struct {
	line   int
	cells  []string
	issues []importing.RowIssue
}

const (
	lookaheadRows  = 32      // rows read before deciding on the header
	lookaheadBytes = 4 << 20 // ... unless they hold more text than this
	followingRows  = 10      // rows after a header candidate it must agree with
)

// normaliseHeader trims a header cell of white space (line breaks, tabs,
// vertical tabs, form feeds, no-break spaces, byte order marks and
// zero-width characters included) and folds inner runs of white space into
// one space: Excel users put line breaks in header cells.
func normaliseHeader(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B' || r == '\u2060' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// width is the number of cells up to the last non-empty one.
func width(cells []string) int {
	for i := len(cells) - 1; i >= 0; i-- {
		if strings.TrimSpace(cells[i]) != "" {
			return i + 1
		}
	}
	return 0
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// detectHeader returns the index of the header among rows (blank rows
// already left out): the first row that looks like a header. A header has
// names in at least two cells (one in a one-column table), at least four in
// five of its names contain a letter (so rows of numbers, dates and amounts
// are not headers), and it names at least half of the columns the rows
// after it fill, so a title or an "Exported from ... on ..." line above a
// wide table is passed over. The width the rows after it fill is their
// most common width; for a row with a single name, a wider row after it
// that names two or more columns the way a header does shows that the
// table is not one column wide (a title above a table whose data rows
// fill only their first cell is still a title). Without such a row the
// first row is the header.
func detectHeader(rows []lookRow) int {
	for i, row := range rows {
		named, lettered := namedCells(row)
		if named == 0 || lettered*5 < named*4 {
			continue
		}
		table := named // the table width the rows below show
		if i+1 < len(rows) {
			following := rows[i+1 : min(len(rows), i+1+followingRows)]
			table = modeWidth(following)
			for _, r := range following {
				if n, l := namedCells(r); named == 1 && n >= 2 && l*5 >= n*4 {
					table = max(table, width(r.cells))
				}
			}
		}
		need := max(2, (table+1)/2)
		if table <= 1 {
			need = 1
		}
		if named >= need {
			return i
		}
	}
	return 0
}

// namedCells counts the cells of a row that hold a name, and those of them
// with a letter.
func namedCells(row lookRow) (named, lettered int) {
	for _, c := range row.cells {
		c = normaliseHeader(c)
		if c == "" {
			continue
		}
		named++
		if hasLetter(c) {
			lettered++
		}
	}
	return named, lettered
}

// modeWidth is the most common width (ties: the wider).
func modeWidth(rows []lookRow) int {
	counts := map[int]int{}
	mode, freq := 0, 0
	for _, r := range rows {
		w := width(r.cells)
		counts[w]++
		if f := counts[w]; f > freq || (f == freq && w > mode) {
			mode, freq = w, f
		}
	}
	return mode
}

// buildHeader turns the header row into column names. Unnamed columns at
// the end are dropped when the rows read ahead have nothing in them; any
// other unnamed column, and any name used twice, is an error naming the
// columns.
func buildHeader(file string, header lookRow, data []lookRow) ([]string, error) {
	names := make([]string, len(header.cells))
	last := -1
	for i, c := range header.cells {
		names[i] = normaliseHeader(c)
		if names[i] != "" {
			last = i
		}
	}
	var problems []string
	firstCol := 0
	note := func(col int, format string, args ...any) {
		if firstCol == 0 {
			firstCol = col
		}
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	// Unnamed columns after the last name: dropped unless they hold data.
	for j := last + 1; j < len(names); j++ {
		for _, row := range data {
			if j < len(row.cells) && strings.TrimSpace(row.cells[j]) != "" {
				note(j+1, "column %d has no name but holds data (line %d: %q)", j+1, row.line, clip(row.cells[j]))
				break
			}
		}
	}
	for j := 0; j < last; j++ {
		if names[j] == "" {
			note(j+1, "column %d has no name", j+1)
		}
	}
	seen := map[string]int{}
	for j := 0; j <= last; j++ {
		if names[j] == "" {
			continue
		}
		if k, dup := seen[names[j]]; dup {
			note(j+1, "columns %d and %d are both named %q", k+1, j+1, names[j])
			continue
		}
		seen[names[j]] = j
	}
	if len(problems) > 0 {
		return nil, readErr(file, header.line, firstCol, importing.ErrBadHeader,
			"bad header: %s (fix the header, or choose another header row)", strings.Join(problems, "; "))
	}
	return names[:last+1], nil
}

// shapeRow fits a row to the header's width. Short rows are padded with
// empty cells (noted for CSV, where a missing delimiter may have shifted
// values; XLSX simply stores no trailing empty cells). Extra cells that are
// empty are dropped; extra cells with values are kept, all of them, and
// the row is flagged, so nothing is lost silently.
func shapeRow(line int, cells []string, want int, noteShort bool) ([]string, []importing.RowIssue) {
	n := len(cells)
	switch {
	case n == want:
		return cells, nil
	case n < want:
		padded := make([]string, want)
		copy(padded, cells)
		if !noteShort {
			return padded, nil
		}
		return padded, []importing.RowIssue{{Line: line, Message: fmt.Sprintf(
			"row has %d of the header's %d cells; the missing ones are read as empty", n, want)}}
	}
	var extra []string
	first := 0
	for j := want; j < n; j++ {
		if strings.TrimSpace(cells[j]) != "" {
			if first == 0 {
				first = j + 1
			}
			extra = append(extra, fmt.Sprintf("column %d %q", j+1, clip(cells[j])))
		}
	}
	if len(extra) == 0 {
		return cells[:want:want], nil
	}
	return cells, []importing.RowIssue{{Line: line, Column: first, Message: fmt.Sprintf(
		"row has %d cells but the header only %d; values beyond the header are kept: %s", n, want, strings.Join(extra, ", "))}}
}

// clip shortens a value for a message.
func clip(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
