package tui

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The harness drives the root model without a terminal: it calls Update,
// runs the returned commands synchronously (they call the in-memory store),
// feeds their messages back, and holds timers (debounce ticks, polls) until
// the test fires them. Kontor's inputs do not blink, so no command may
// block: one that does not finish in seconds fails the test.

// delayed is a timer's message, held until fired.
type delayed struct {
	d   time.Duration
	msg tea.Msg
}

type harness struct {
	t      *testing.T
	m      *Model
	s      *memStore
	timers []delayed
	quit   bool
}

func newHarness(t *testing.T, s *memStore, w, h int, opts ...func(*Options)) *harness {
	t.Helper()
	o := Options{Region: "PL", PageSize: 20}
	for _, f := range opts {
		f(&o)
	}
	m := New(s, o)
	hs := &harness{t: t, m: m, s: s}
	m.app.after = func(d time.Duration, msg tea.Msg) tea.Cmd {
		return func() tea.Msg { return delayed{d: d, msg: msg} }
	}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(m.Init())
	return hs
}

// send delivers a message and runs what follows from it.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// exec runs one command.
func (h *harness) exec(c tea.Cmd) tea.Msg {
	h.t.Helper()
	done := make(chan tea.Msg, 1)
	go func() { done <- c() }()
	select {
	case msg := <-done:
		return msg
	case <-time.After(10 * time.Second):
		h.t.Fatal("a command blocks (a timer not routed through app.after?)")
		return nil
	}
}

// sequenceOf unpacks tea.Sequence's (unexported) message: a slice of
// commands run in order.
func sequenceOf(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100000 {
			h.t.Fatal("commands do not settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := h.exec(c)
		switch m := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, m...)
		case delayed:
			h.timers = append(h.timers, m)
		case tea.QuitMsg:
			h.quit = true
		default:
			if cmds, ok := sequenceOf(msg); ok {
				for _, sc := range cmds {
					h.run(sc)
				}
				continue
			}
			_, next := h.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// fire delivers the held timers of less than a second (debounce ticks).
func (h *harness) fire() {
	h.t.Helper()
	var keep, due []delayed
	for _, d := range h.timers {
		if d.d < time.Second {
			due = append(due, d)
		} else {
			keep = append(keep, d)
		}
	}
	h.timers = keep
	for _, d := range due {
		h.send(d.msg)
	}
}

// poll delivers the held data-file polls.
func (h *harness) poll() {
	h.t.Helper()
	var keep, due []delayed
	for _, d := range h.timers {
		if _, ok := d.msg.(pollMsg); ok {
			due = append(due, d)
		} else {
			keep = append(keep, d)
		}
	}
	h.timers = keep
	for _, d := range due {
		h.send(d.msg)
	}
}

// keyMsg builds the key press a terminal would send for a key name.
func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown},
		"left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
		"backspace": {Code: tea.KeyBackspace}, "space": {Code: tea.KeySpace, Text: " "},
	}
	if key, ok := named[k]; ok {
		return tea.KeyPressMsg(key)
	}
	if c, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: rune(c[0]), Mod: tea.ModCtrl}
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// press sends key presses by name ("j", "enter", "ctrl+d").
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

// typeText types text, one key per character.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// raw is the rendered screen with its styling.
func (h *harness) raw() string { return h.m.View().Content }

// screen is the rendered screen as plain text.
func (h *harness) screen() string { return ansi.Strip(h.raw()) }

func (h *harness) wantScreen(want ...string) {
	h.t.Helper()
	scr := h.screen()
	for _, w := range want {
		if !strings.Contains(scr, w) {
			h.t.Fatalf("screen lacks %q:\n%s", w, scr)
		}
	}
}

func (h *harness) dontWantScreen(unwanted ...string) {
	h.t.Helper()
	scr := h.screen()
	for _, w := range unwanted {
		if strings.Contains(scr, w) {
			h.t.Fatalf("screen shows %q:\n%s", w, scr)
		}
	}
}

func (h *harness) browse() *browsePage { return h.m.browse() }

// selectedName returns the first cell of the row under the cursor.
func (h *harness) selectedName() string {
	r, ok := h.browse().table().selected()
	if !ok {
		return ""
	}
	return r.cells[0]
}
