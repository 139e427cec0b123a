package tui

import "strings"

// layout returns the width of each column for the table's width; 0 hides
// a column that does not fit.
func layout(cols []column, width int) []int {
	avail := width - gutter
	shown := make([]bool, len(cols))
	for i := range shown {
		shown[i] = true
	}
	need := func() int {
		sum, n := 0, 0
		for i, c := range cols {
			if shown[i] {
				sum += c.min
				n++
			}
		}
		return sum + len(separator)*max(0, n-1)
	}
	for i := len(cols) - 1; i >= 0 && need() > avail; i-- {
		if !cols[i].keep {
			shown[i] = false
		}
	}
	extra := avail - need()
	weights := 0
	for i, c := range cols {
		if shown[i] {
			weights += c.weight
		}
	}
	widths := make([]int, len(cols))
	first, given := -1, 0
	for i, c := range cols {
		if !shown[i] {
			continue
		}
		if first < 0 {
			first = i
		}
		widths[i] = c.min
		if extra > 0 && weights > 0 {
			add := extra * c.weight / weights
			widths[i] += add
			given += add
		}
	}
	if first >= 0 && extra > 0 {
		widths[first] += extra - given
	}
	for i := range widths { // even the kept columns do not fit: shrink them
		if widths[i] > 1 && extra < 0 {
			cut := min(widths[i]-1, -extra)
			widths[i] -= cut
			extra += cut
		}
	}
	return widths
}

// View renders the header and the visible rows, each line exactly the
// table's width.
func (t *table) View() string {
	st := t.st()
	widths := layout(t.kind.columns, t.width)
	cells := make([]string, 0, len(widths))
	for i, c := range t.kind.columns {
		if widths[i] == 0 {
			continue
		}
		title := c.title
		if c.sort != "" && c.sort == t.sort() {
			if t.desc {
				title += " ↓"
			} else {
				title += " ↑"
			}
		}
		cells = append(cells, cell(title, widths[i], c.right))
	}
	var b strings.Builder
	b.WriteString(st.Header.Render(fit(strings.Repeat(" ", gutter)+strings.Join(cells, separator), t.width)))
	end := min(len(t.rows), t.top+t.visible())
	for i := t.top; i < end; i++ {
		b.WriteByte('\n')
		b.WriteString(t.rowView(t.rows[i], widths, i == t.cur))
	}
	return b.String()
}

func cell(s string, w int, right bool) string {
	if right {
		return fitRight(s, w)
	}
	return fit(s, w)
}

func (t *table) rowView(r row, widths []int, selected bool) string {
	cells := make([]string, 0, len(widths))
	for i, c := range t.kind.columns {
		if widths[i] == 0 {
			continue
		}
		v := ""
		if i < len(r.cells) {
			v = r.cells[i]
		}
		cells = append(cells, cell(v, widths[i], c.right))
	}
	mark := "  "
	if selected {
		mark = "> "
	}
	line := fit(mark+strings.Join(cells, separator), t.width)
	if selected {
		return t.st().Selected.Render(line)
	}
	return line
}
