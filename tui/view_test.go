package tui

import (
	"encoding/csv"
	"image/color"
	"os"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"kontor/domain"
)

func hasColour(s string) bool {
	for _, seq := range regexp.MustCompile(`\x1b\[[0-9;:]*m`).FindAllString(s, -1) {
		params := strings.Split(strings.Trim(seq, "\x1b[m"), ";")
		for _, p := range params {
			p = strings.SplitN(p, ":", 2)[0]
			switch {
			case len(p) == 2 && (p[0] == '3' || p[0] == '4' || p[0] == '9') && p[1] >= '0' && p[1] <= '9',
				len(p) == 3 && p[:2] == "10",
				p == "58":
				return true
			}
		}
	}
	return false
}

func TestNoColor(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 5)
	s.addDeal(domain.Deal{Title: "Renewal"})
	tests := []struct {
		name   string
		opts   func(*Options)
		msg    tea.Msg
		colour bool
	}{
		{"colours by default", nil, nil, true},
		{"Options.NoColor", func(o *Options) { o.NoColor = true }, nil, false},
		{"NO_COLOR in the terminal's environment", nil, tea.EnvMsg{"NO_COLOR=1"}, false},
		{"NO_COLOR set to any text", nil, tea.EnvMsg{"NO_COLOR=yes"}, false},
		{"empty NO_COLOR", nil, tea.EnvMsg{"NO_COLOR="}, true},
		{"terminal without colours", nil, tea.ColorProfileMsg{Profile: colorprofile.Ascii}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []func(*Options)
			if tt.opts != nil {
				opts = append(opts, tt.opts)
			}
			h := newHarness(t, s, 80, 24, opts...)
			if tt.msg != nil {
				h.send(tt.msg)
			}
			screens := []string{h.raw()}
			h.press("enter")
			screens = append(screens, h.raw())
			h.press("e")
			screens = append(screens, h.raw())
			h.press("esc", "d")
			screens = append(screens, h.raw())
			for i, raw := range screens {
				if got := hasColour(raw); got != tt.colour {
					t.Fatalf("screen %d has colour %v, want %v:\n%q", i, got, tt.colour, raw)
				}
			}
			if !tt.colour && !strings.Contains(screens[0], "\x1b[7m") && !strings.Contains(screens[0], ";7m") {
				t.Fatal("without colour the selected row is not in reverse video")
			}
		})
	}
}

func TestLightAndDarkBackground(t *testing.T) {
	s := newMemStore()
	seedPeople(s, 3)
	h := newHarness(t, s, 80, 24)
	dark := h.raw()
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if h.m.app.styles.IsDark {
		t.Fatal("a white background kept the dark styles")
	}
	light := h.raw()
	if light == dark || !hasColour(light) {
		t.Fatal("the light background did not change the colours")
	}
	if ansi.Strip(light) != ansi.Strip(dark) {
		t.Fatal("the light background changed the text")
	}
	h.send(tea.BackgroundColorMsg{Color: color.Black})
	if h.raw() != dark {
		t.Fatal("back on a dark background the screen differs")
	}
}

// tableLines returns the table's lines: the header and the rows.
func tableLines(t *testing.T, screen string, header string) []string {
	t.Helper()
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.Contains(l, header) {
			var out []string
			for _, r := range lines[i:] {
				if strings.TrimSpace(r) == "" {
					break
				}
				out = append(out, r)
			}
			return out
		}
	}
	t.Fatalf("no table header %q in:\n%s", header, screen)
	return nil
}

func TestCJKAlignment(t *testing.T) {
	s := newMemStore()
	sh := s.addCompany(domain.Company{Name: "上海华夏科技有限公司", Domain: "huaxia.cn", Address: domain.Address{City: "上海"}, Industry: "软件"})
	lodz := s.addCompany(domain.Company{Name: "Przedsiębiorstwo Łódzkie Żurawie Sp. z o.o.", Address: domain.Address{City: "Łódź"}, Industry: "Dźwigi"})
	s.addPerson(domain.Person{FirstName: "三", LastName: "张", CompanyID: sh, Title: "总经理", Emails: []domain.Email{{Address: "zhang.san@huaxia.cn"}}, Address: domain.Address{City: "北京"}})
	s.addPerson(domain.Person{FirstName: "四", LastName: "李四王五赵六钱七孙八周九吴十", CompanyID: sh, Title: "销售"})
	s.addPerson(domain.Person{FirstName: "Grzegorz", LastName: "Brzęczyszczykiewicz", CompanyID: lodz, Title: "Kierownik działu zaopatrzenia", Address: domain.Address{City: "Łódź"}})
	s.addPerson(domain.Person{FirstName: "Zoë", LastName: "Ångström", Emails: []domain.Email{{Address: "zoe@example.com"}}, Phones: []domain.Phone{{Raw: "+48 600 100 200", E164: "+48600100200"}}})
	s.addDeal(domain.Deal{Title: "华夏科技 ERP 项目二期实施", CompanyID: sh, Amount: &domain.Money{Minor: 88800000, Currency: "CNY"}})
	s.addDeal(domain.Deal{Title: "Dostawa żurawi wieżowych", CompanyID: lodz, Amount: &domain.Money{Minor: 1250000, Currency: "PLN"}})
	for _, size := range []struct{ w, h int }{{80, 24}, {61, 16}, {133, 40}} {
		h := newHarness(t, s, size.w, size.h)
		for i, header := range []string{"E-mail", "Industry", "Amount"} {
			h.press([]string{"1", "2", "3"}[i])
			lines := tableLines(t, h.screen(), header)
			if len(lines) < 3 {
				t.Fatalf("%dx%d: table has %d lines", size.w, size.h, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w != size.w {
					t.Fatalf("%dx%d: line %q is %d cells wide, want %d:\n%s", size.w, size.h, l, w, size.w, strings.Join(lines, "\n"))
				}
			}
			// the separators between columns sit at the same cells on
			// every line
			widths := layout(recordKinds()[i].columns, size.w)
			for _, l := range lines {
				c := cells(l)
				pos := gutter
				for _, w := range widths {
					if w == 0 {
						continue
					}
					pos += w
					if pos+len(separator) <= len(c) && strings.Join(c[pos:pos+len(separator)], "") != separator {
						t.Fatalf("%dx%d: no separator at cell %d of %q", size.w, size.h, pos, l)
					}
					pos += len(separator)
				}
			}
		}
	}
}

// cells splits a line into display cells; a wide character fills two.
func cells(s string) []string {
	var out []string
	for _, r := range s {
		w := ansi.StringWidth(string(r))
		if w == 0 {
			continue
		}
		out = append(out, string(r))
		for i := 1; i < w; i++ {
			out = append(out, "")
		}
	}
	return out
}

// hostileRows reads the shared hostile fixture (copied into the termsafe
// package's testdata).
func hostileRows(t *testing.T) [][]string {
	t.Helper()
	f, err := os.Open("termsafe/testdata/terminal-and-formula.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

// checkInert fails when a screen holds anything but our own styling.
func checkInert(t *testing.T, where, raw string) {
	t.Helper()
	// every escape sequence left must be SGR styling
	rest := regexp.MustCompile(`\x1b\[[0-9;:]*m`).ReplaceAllString(raw, "")
	for _, r := range rest {
		if r < 0x20 && r != '\n' || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200b {
			t.Fatalf("%s: the screen holds %U:\n%q", where, r, raw)
		}
	}
	for _, bad := range []string{"\x1b]", "\x1b[2J", "\a", "\u202e"} {
		if strings.Contains(raw, bad) {
			t.Fatalf("%s: the screen holds %q", where, bad)
		}
	}
}

func TestHostileDataIsInert(t *testing.T) {
	s := newMemStore()
	evil := s.addCompany(domain.Company{Name: "Evil\x1b]0;owned\x07 Corp\u202e", Industry: "\x1b[31mred", Notes: "line1\r\nline2\x1b[2J"})
	var first domain.ID
	for _, r := range hostileRows(t) {
		id := s.addPerson(domain.Person{FirstName: r[0], LastName: r[1], CompanyID: evil,
			Emails: []domain.Email{{Address: r[2]}}, Title: r[3], Notes: r[3] + "\n" + r[1],
			Custom: domain.CustomValues{"source": r[1]}})
		if first == 0 {
			first = id
		}
	}
	s.fields[domain.TypePerson] = []domain.CustomField{{Key: "source", Label: "Source\x1b[5m", Type: domain.FieldText}}
	s.addDeal(domain.Deal{Title: "Deal\x9b2J", CompanyID: evil})
	h := newHarness(t, s, 200, 30)
	checkInert(t, "people", h.raw())
	h.wantScreen("Escape␛[2J␛[H", "Clip␛]52;c;", "Title␛]0;pwned␇", "ring␇␇", "abcdcba", "width", "Evil␛]0;owned␇ Corp")
	h.press("2")
	checkInert(t, "companies", h.raw())
	h.press("3")
	checkInert(t, "deals", h.raw())
	h.wantScreen("Deal\uFFFD2J")
	h.press("1", "enter")
	checkInert(t, "person detail", h.raw())
	h.wantScreen("Source␛[5m")
	h.press("j", "enter")
	checkInert(t, "company detail", h.raw())
	h.wantScreen("line1", "line2␛[2J")
	h.press("esc", "esc", "e")
	checkInert(t, "form", h.raw())
	h.press("esc", "d")
	checkInert(t, "delete dialog", h.raw())
	h.press("esc", "/")
	h.typeText("escape")
	h.fire()
	checkInert(t, "filtered", h.raw())
	h.wantScreen("Escape␛[2J␛[H")
}

func TestEditKeepsUntouchedStoredValues(t *testing.T) {
	s := newMemStore()
	id := s.addPerson(domain.Person{FirstName: "Zero", LastName: "wid\u200bth", Notes: "a\tb\r\nc",
		Emails: []domain.Email{{Address: "zero@example.com", Label: "work"}}})
	h := newHarness(t, s, 100, 30)
	h.press("e")
	h.press("tab", "tab", "tab") // to the job title
	h.typeText("CEO")
	h.press("ctrl+s")
	p := s.people[id]
	if p.Title != "CEO" {
		t.Fatalf("title %q not saved", p.Title)
	}
	if p.LastName != "wid\u200bth" || p.Notes != "a\tb\r\nc" || p.Emails[0].Label != "work" {
		t.Fatalf("fields the user did not touch changed: %q %q %+v", p.LastName, p.Notes, p.Emails)
	}
}
