package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"kontor/tui/termsafe"
)

// Hostile data on screen: every fixture of testdata/hostile and
// testdata/broken (and generated hostile companies, deals and very long
// fields) is imported or refused with a located error, then shown in every
// view of the UI in tmux. Nothing that came from the data may reach the
// terminal as a control sequence: not in the rendered pane, not in the raw
// byte stream the program wrote, not as a window title, bell or clipboard
// write.

// hostileValues are extra attacks for companies and deals (the people
// fixture carries its own).
var hostileValues = []string{
	"Evil\x1b]0;pwned\x07 Corp",
	"Red\x1b[31m\x1b[5mBlink\x1b[0m Ltd",
	"Clipco\x1b]52;c;cm0gLXJmIC8=\x07 GmbH",
	"CSI\u009b2J Inc",
	"Link\x1b]8;;http://evil.example\x07click\x1b]8;;\x07 S.A.",
	"Rtl\u202egnp.exe\u202c Sp. z o.o.",
	"Dcs\x1bP+q544e\x1b\\ Oy",
}

// writeHostileFiles writes people with very long fields, companies and
// deals with hostile names (and a hostile stage).
func writeHostileFiles(t *testing.T, dir string) (people, companies, deals string) {
	t.Helper()
	write := func(name string, rows [][]string) string {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	people = write("long-people.csv", [][]string{
		{"First Name", "Last Name", "Email", "Notes"},
		{"Longname", strings.Repeat("Wolfeschlegelsteinhausenbergerdorff", 60), "long@example.com", strings.Repeat("A very long note\x1b[2J line. ", 8000)},
		{"Wide", strings.Repeat("漢字", 500), "wide@example.com", strings.Repeat("\u202e", 1000) + "end"},
	})
	crows := [][]string{{"Account Name", "Industry", "Website", "Billing City"}}
	drows := [][]string{{"Deal Name", "Account Name", "Amount", "Stage"}}
	for i, v := range hostileValues {
		crows = append(crows, []string{v, "Ind\x1b[2Justry", fmt.Sprintf("https://evil%d.example", i), "City\x07\x07"})
		drows = append(drows, []string{"Deal " + v, v, "1000 PLN", "Stage\x1b]0;pwned\x07X"})
	}
	return people, write("hostile-companies.csv", crows), write("hostile-deals.csv", drows)
}

var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// paneSafe checks `tmux capture-pane -e` output: besides colour (SGR)
// sequences it may hold no control character at all.
func paneSafe(raw string) error {
	rest := sgr.ReplaceAllString(raw, "")
	for i, r := range rest {
		if r == '\n' {
			continue
		}
		if (r == utf8.RuneError && !strings.HasPrefix(rest[i:], termsafe.Replacement)) || termsafe.IsUnsafe(r) {
			from := max(0, i-40)
			return fmt.Errorf("the pane holds %U at byte %d: %q", r, i, rest[from:min(len(rest), i+40)])
		}
	}
	return nil
}

// allowedOSC are the operating system commands Kontor itself sends: its
// window title (set, and cleared on exit) and the queries of the
// terminal's colours.
var allowedOSC = map[string]bool{"2;Kontor": true, "0;Kontor": true, "2;": true, "0;": true, "11;?": true, "10;?": true, "12;?": true}

// streamSafe checks the bytes the program wrote to the terminal. Escape
// sequences are parsed: CSI and two-byte ones are the renderer's; an OSC
// must be one of allowedOSC; DCS only the capability queries; other
// strings (APC, PM, SOS) none. Between sequences the text must be valid
// UTF-8 with no control character other than the renderer's cursor moves
// (CR, LF, BS, HT), and no C1 or format (bidi) character.
func streamSafe(b []byte) error {
	for i := 0; i < len(b); {
		c := b[i]
		if c == 0x1b {
			if i+1 >= len(b) {
				return nil // cut off at the end of the capture
			}
			switch b[i+1] {
			case '[': // CSI: parameters, intermediates, one final byte
				j := i + 2
				for j < len(b) && b[j] >= 0x20 && b[j] < 0x40 {
					j++
				}
				if j >= len(b) {
					return nil
				}
				if b[j] < 0x40 || b[j] > 0x7e {
					return fmt.Errorf("malformed CSI at byte %d: %q", i, b[i:min(len(b), j+1)])
				}
				i = j + 1
			case ']', 'P', '_', '^', 'X':
				j := i + 2
				for j < len(b) && b[j] != 0x07 && !(b[j] == 0x1b && j+1 < len(b) && b[j+1] == '\\') {
					j++
				}
				body := string(b[i+2 : j])
				switch {
				case b[i+1] == ']' && allowedOSC[body]:
				case b[i+1] == 'P' && strings.HasPrefix(body, "+q"):
				default:
					return fmt.Errorf("the program wrote the string sequence ESC %c%q at byte %d", b[i+1], body, i)
				}
				i = j + 1
				if j < len(b) && b[j] == 0x1b {
					i++
				}
			default:
				i += 2
			}
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return fmt.Errorf("invalid UTF-8 at byte %d: %q", i, b[max(0, i-20):min(len(b), i+20)])
		}
		if r != '\r' && r != '\n' && r != '\b' && r != '\t' && termsafe.IsUnsafe(r) {
			return fmt.Errorf("the program wrote %U at byte %d: %q", r, i, b[max(0, i-20):min(len(b), i+20)])
		}
		i += size
	}
	return nil
}

// screenCheck checks the pane and the terminal's state after each step.
type screenCheck struct {
	t *testing.T
	s *tmuxSession
	n int
}

func (c *screenCheck) check(step string) {
	c.t.Helper()
	c.n++
	if err := paneSafe(c.s.rawScreen()); err != nil {
		c.t.Errorf("%s: %v\n%s", step, err, c.s.screen())
	}
	if title := c.s.paneInfo("#{pane_title}"); title != "Kontor" {
		c.t.Errorf("%s: the terminal title is %q", step, title)
	}
	if bell := c.s.paneInfo("#{window_bell_flag}"); bell != "0" {
		c.t.Errorf("%s: the terminal bell rang", step)
	}
	if out, _ := exec.Command("tmux", "-S", c.s.sock, "list-buffers").CombinedOutput(); len(bytes.TrimSpace(out)) > 0 {
		c.t.Errorf("%s: the clipboard was written: %s", step, out)
	}
}

func TestRobustHostileInTmux(t *testing.T) {
	requireTmux(t)
	bin := kontorBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")

	// Import every fixture: imported (exit 0, or 1 with rows failed), or
	// refused (exit 3) with the file named, and the line for content errors.
	var files []string
	for _, d := range []string{"testdata/hostile", "testdata/broken"} {
		entries, err := os.ReadDir(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			files = append(files, filepath.Join(d, e.Name()))
		}
	}
	people, companies, deals := writeHostileFiles(t, dir)
	files = append(files, people, companies, deals)
	imported := 0
	for _, f := range files {
		args := []string{"import", f, "--yes"}
		if f == deals {
			args = append(args, "--type", "deals")
		}
		res, err := runBin(bin, db, "", nil, args...)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		switch res.code {
		case exitOK, exitPartial:
			imported++
			if !strings.Contains(res.stdout, "created") {
				t.Errorf("%s: exit %d without a result:\n%s%s", name, res.code, res.stdout, res.stderr)
			}
		case exitInput:
			msg := strings.TrimSpace(res.stderr)
			if !strings.HasPrefix(msg, "kontor: "+name) {
				t.Errorf("%s refused without naming the file: %q", name, msg)
			}
			if !strings.Contains(msg, name+": the file is empty") && !strings.Contains(msg, "not a CSV or XLSX file") && !regexp.MustCompile(`line \d+`).MatchString(msg) {
				t.Errorf("%s refused without the line: %q", name, msg)
			}
			if strings.Count(msg, "\n") > 0 || strings.ContainsFunc(msg, termsafe.IsUnsafe) {
				t.Errorf("%s: the refusal is not one clean line: %q", name, msg)
			}
		default:
			t.Errorf("%s: exit %d\n%s", name, res.code, res.stderr)
		}
	}
	if imported < 5 {
		t.Fatalf("only %d files imported", imported)
	}
	count := func(table string) int {
		n := 0
		fmt.Sscan(queryString(t, db, "SELECT count(*) FROM "+table), &n)
		return n
	}
	nPeople, nCompanies, nDeals := count("people"), count("companies"), count("deals")
	if nDeals != len(hostileValues) || nCompanies < len(hostileValues) {
		t.Fatalf("%d companies, %d deals imported", nCompanies, nDeals)
	}

	// The UI, with the raw output stream captured and OSC 52 honoured, so
	// a clipboard write would show as a tmux buffer.
	stream := filepath.Join(dir, "stream.bin")
	s := startTmux(t, 120, 36, []string{"TERM=xterm-256color"}, "sh", "-c", `sleep 0.3; exec "$0" --db "$1"`, bin, db)
	for _, args := range [][]string{{"set-option", "-g", "set-clipboard", "on"}, {"pipe-pane", "-o", "-t", s.name, "cat > " + stream}} {
		if out, err := exec.Command("tmux", append([]string{"-S", s.sock}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("tmux %v: %v %s", args, err, out)
		}
	}
	c := &screenCheck{t: t, s: s}
	s.waitFor(10*time.Second, "Mallory", fmt.Sprintf("%d people", nPeople))
	c.check("people table")

	// Every record of every tab: detail, edit form, delete dialog.
	tabs := []struct {
		key, kind string
		n         int
	}{{"1", "person", nPeople}, {"2", "company", nCompanies}, {"3", "deal", nDeals}}
	for _, tab := range tabs {
		s.keys(tab.key, "g")
		time.Sleep(300 * time.Millisecond)
		c.check("tab " + tab.key)
		for i := range tab.n {
			step := fmt.Sprintf("%s %d", tab.kind, i+1)
			s.keys("Enter")
			s.waitFor(10*time.Second, "esc back")
			c.check(step + " detail")
			s.keys("e")
			s.waitFor(10*time.Second, "Edit "+tab.kind, "ctrl+s save")
			c.check(step + " edit form")
			s.keys("Escape")
			s.waitFor(10*time.Second, "esc back")
			if i < 3 { // the dialog shows the name as the detail does
				s.keys("d")
				s.waitFor(10*time.Second, "╭─", "Delete")
				c.check(step + " delete dialog")
				s.keys("Escape")
				s.waitGone(10*time.Second, "╭─")
			}
			s.keys("Escape")
			s.waitGone(10*time.Second, "esc back")
			s.keys("j")
		}
	}

	// A hostile name in a status message: save Mallory unchanged.
	s.keys("1", "/")
	s.text("mallory")
	s.waitFor(10*time.Second, "1 match")
	s.keys("Enter", "g", "e")
	s.waitFor(10*time.Second, "Edit person")
	s.keys("C-s")
	s.waitFor(10*time.Second, "Saved person Mallory")
	c.check("status message with a hostile name")
	// Help and the command palette over hostile rows.
	s.keys("?")
	time.Sleep(300 * time.Millisecond)
	c.check("help")
	s.keys("Escape", ":")
	time.Sleep(300 * time.Millisecond)
	c.check("command palette")
	s.keys("Escape", "q")
	s.waitExit(10 * time.Second)

	raw, err := os.ReadFile(stream)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) < 10000 {
		t.Fatalf("captured only %d bytes of output", len(raw))
	}
	if err := streamSafe(raw); err != nil {
		t.Error(err)
	}
	// The attacks reached the screen, as visible, inert text.
	for _, want := range []string{"Escape␛[2J␛[H", "Title␛]0;pwned␇", "ring␇␇", "Evil␛]0;pwned␇ Corp", "Stage␛]0;pwned␇X"} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("the output never showed %q: the test did not see the hostile records", want)
		}
	}
	t.Logf("%d files imported or refused, %d screens checked (%d people, %d companies, %d deals), %d bytes of terminal output parsed",
		len(files), c.n, nPeople, nCompanies, nDeals, len(raw))
}

// The checkers above must catch what they look for, or the UI test proves
// nothing.
func TestRobustScreenCheckersCatchLeaks(t *testing.T) {
	for _, bad := range []string{
		"name \x1b]0;pwned\x07", "clip \x1b]52;c;ZXZpbA==\x07", "c1 \u009b2J", "bidi \u202e", "bell \x07", "nul \x00",
		"apc \x1b_x\x1b\\", "bad utf-8 \xff", "link \x1b]8;;http://x\x07",
	} {
		if streamSafe([]byte("\x1b[1mok\x1b[0m "+bad)) == nil {
			t.Errorf("streamSafe missed %q", bad)
		}
		if strings.HasPrefix(bad, "apc") || strings.HasPrefix(bad, "link") {
			continue // tmux never shows these in capture-pane
		}
		if paneSafe("\x1b[31mok\x1b[0m "+bad) == nil {
			t.Errorf("paneSafe missed %q", bad)
		}
	}
	good := "\x1b]2;Kontor\x07\x1b[?1049h\x1b[2J\x1b[H\x1b[38;5;105mKontor\x1b[m\r\n Escape␛[2J �\b\t\x1b]2;\x07"
	if err := streamSafe([]byte(good)); err != nil {
		t.Errorf("streamSafe refuses Kontor's own output: %v", err)
	}
	if err := paneSafe("\x1b[1mKontor\x1b[0m\n Escape␛[2J �"); err != nil {
		t.Errorf("paneSafe refuses a clean pane: %v", err)
	}
}
