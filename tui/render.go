package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/textinput"
	"github.com/charmbracelet/x/ansi"

	"kontor/domain"
)

// Text measuring: every width here is a display width (ansi.StringWidth, as
// lipgloss.Width), so CJK characters count two cells and Polish letters one.

const ellipsis = "…"

// fit truncates s to at most w cells (ending in an ellipsis when cut) and
// pads it with spaces to exactly w cells. s may hold styling.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = ansi.Truncate(s, w, ellipsis)
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// fitRight is fit, aligned to the right.
func fitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = ansi.Truncate(s, w, ellipsis)
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s = strings.Repeat(" ", pad) + s
	}
	return s
}

// truncLeft keeps the end of s within w cells, starting with an ellipsis
// when cut (for file paths).
func truncLeft(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	if w <= 1 {
		return ansi.Truncate(ellipsis, w, "")
	}
	return ansi.TruncateLeft(s, ansi.StringWidth(s)-w+1, ellipsis)
}

// block makes s exactly h lines of at most w cells: longer lines are cut,
// missing lines added empty.
func block(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// drawOver draws fg over bg with its top-left corner at column x, line y.
func drawOver(bg, fg string, x, y int) string {
	bgLines := strings.Split(bg, "\n")
	for i, fl := range strings.Split(fg, "\n") {
		n := y + i
		if n < 0 || n >= len(bgLines) {
			continue
		}
		line := bgLines[n]
		left := ansi.Truncate(line, x, "")
		if pad := x - ansi.StringWidth(left); pad > 0 {
			left += strings.Repeat(" ", pad)
		}
		fw := ansi.StringWidth(fl)
		right := ""
		if lw := ansi.StringWidth(line); lw > x+fw {
			right = ansi.TruncateLeft(line, x+fw, "")
			// a wide character cut in half leaves the right part short
			if miss := lw - (x + fw) - ansi.StringWidth(right); miss > 0 {
				right = strings.Repeat(" ", miss) + right
			}
		}
		bgLines[n] = left + "\x1b[m" + fl + "\x1b[m" + right
	}
	return strings.Join(bgLines, "\n")
}

// center places a box in the middle of a w×h area drawn over bg.
func center(bg, box string, w, h int) string {
	bw, bh := ansi.StringWidth(firstLongest(box)), strings.Count(box, "\n")+1
	return drawOver(bg, box, max(0, (w-bw)/2), max(0, (h-bh)/2))
}

func firstLongest(s string) string {
	longest, lw := "", -1
	for _, l := range strings.Split(s, "\n") {
		if w := ansi.StringWidth(l); w > lw {
			longest, lw = l, w
		}
	}
	return longest
}

// thousands formats n with comma separators: 10000 -> "10,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// countText formats a count, capped counts with a plus: "10,000+".
func countText(c domain.Count) string {
	if c.Exact {
		return thousands(c.N)
	}
	return thousands(c.N) + "+"
}

// plural returns "1 person", "3 people".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// newTextInput returns a one-line input with a steady (not blinking)
// cursor: no timer redraws the screen while the user thinks.
func newTextInput(prompt, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.CharLimit = limit
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	return in
}
