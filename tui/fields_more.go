package tui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"kontor/domain"
)

// choiceField picks one of a few fixed options (the deal stages) on one
// line: ←/→ (h/l, space) change it.
type choiceField struct {
	fieldBase
	options []choice
	value   *domain.ID
}

type choice struct {
	id    domain.ID
	label string // sanitised
}

func newChoiceField(key, title string, value *domain.ID, options []choice) *choiceField {
	f := &choiceField{fieldBase: fieldBase{key: key, title: title}, value: value, options: options}
	f.keymap = huh.NewDefaultKeyMap().Input
	return f
}

func (f *choiceField) index() int {
	for i, o := range f.options {
		if o.id == *f.value {
			return i
		}
	}
	return -1
}

func (f *choiceField) Init() tea.Cmd { return nil }

func (f *choiceField) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || !f.focused || len(f.options) == 0 {
		if b, ok := msg.(tea.BackgroundColorMsg); ok {
			f.isDark = b.IsDark()
		}
		return f, nil
	}
	i := f.index()
	switch km.String() {
	case "left", "h":
		i = (max(i, 0) + len(f.options) - 1) % len(f.options)
	case "right", "l", "space":
		i = (i + 1) % len(f.options)
	default:
		switch {
		case key.Matches(km, f.keymap.Prev):
			return f, huh.PrevField
		case key.Matches(km, f.keymap.Next):
			return f, huh.NextField
		}
		return f, nil
	}
	*f.value = f.options[i].id
	f.show = true
	return f, nil
}

func (f *choiceField) View() string {
	s := f.styles()
	label := s.Description.Render("none")
	if i := f.index(); i >= 0 {
		label = f.options[i].label
	}
	if !f.focused {
		return f.render(label)
	}
	return f.render(s.PrevIndicator.String() + s.SelectedOption.Render(label) + s.NextIndicator.String())
}

func (f *choiceField) Focus() tea.Cmd { f.focused = true; return nil }
func (f *choiceField) Blur() tea.Cmd  { f.focused = false; return nil }

func (f *choiceField) KeyBinds() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "change")),
		f.keymap.Next, f.keymap.Prev,
	}
}

func (f *choiceField) WithTheme(t huh.Theme) huh.Field            { f.theme = t; return f }
func (f *choiceField) WithKeyMap(k *huh.KeyMap) huh.Field         { f.keymap = k.Input; return f }
func (f *choiceField) WithWidth(w int) huh.Field                  { f.width = w; return f }
func (f *choiceField) WithHeight(int) huh.Field                   { return f }
func (f *choiceField) WithPosition(p huh.FieldPosition) huh.Field { f.pos = p; return f }
func (f *choiceField) GetValue() any                              { return *f.value }
func (f *choiceField) Run() error                                 { return huh.NewForm(huh.NewGroup(f)).Run() }

// RunAccessible lists the options and reads a number.
func (f *choiceField) RunAccessible(w io.Writer, r io.Reader) error {
	for i, o := range f.options {
		if _, err := fmt.Fprintf(w, "%d. %s\n", i+1, o.label); err != nil {
			return err
		}
	}
	if _, err := fmt.Fprintf(w, "%s (1-%d): ", f.title, len(f.options)); err != nil {
		return err
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read %s: %w", f.title, err)
	}
	var n int
	if _, err := fmt.Sscan(strings.TrimSpace(line), &n); err == nil && n >= 1 && n <= len(f.options) {
		*f.value = f.options[n-1].id
	}
	return nil
}

// areaField is a text of several lines (notes). Enter saves the form (it
// is the last field); alt+enter or ctrl+j starts a new line.
type areaField struct {
	fieldBase
	area  textarea.Model
	value *string
}

func newAreaField(key, title string, value *string, lines int) *areaField {
	f := &areaField{fieldBase: fieldBase{key: key, title: title}, value: value}
	f.area = textarea.New()
	f.area.Prompt = ""
	f.area.ShowLineNumbers = false
	f.area.CharLimit = 0
	f.area.MaxHeight = 0
	f.area.SetHeight(lines)
	f.area.KeyMap.InsertNewline.SetKeys("alt+enter", "ctrl+j")
	st := f.area.Styles()
	st.Cursor.Blink = false
	st.Focused.CursorLine = st.Focused.Text
	f.area.SetStyles(st)
	f.area.SetValue(*value)
	f.keymap = huh.NewDefaultKeyMap().Input
	return f
}

func (f *areaField) applyTheme() {
	if f.theme == nil {
		return
	}
	th := f.theme.Theme(f.isDark)
	st := f.area.Styles()
	st.Focused.Text, st.Focused.CursorLine = th.Focused.TextInput.Text, th.Focused.TextInput.Text
	st.Focused.Placeholder = th.Focused.TextInput.Placeholder
	st.Blurred.Text, st.Blurred.CursorLine = th.Blurred.TextInput.Text, th.Blurred.TextInput.Text
	st.Blurred.Placeholder = th.Blurred.TextInput.Placeholder
	f.area.SetStyles(st)
}

func (f *areaField) Init() tea.Cmd { f.area.Blur(); return nil }

func (f *areaField) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		f.isDark = msg.IsDark()
		f.applyTheme()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, f.keymap.Prev):
			return f, huh.PrevField
		case msg.String() == "tab" || msg.String() == "enter":
			return f, huh.NextField
		}
	}
	before := f.area.Value()
	var cmd tea.Cmd
	f.area, cmd = f.area.Update(msg)
	if v := f.area.Value(); v != before {
		*f.value = v
		f.show = true
	}
	return f, cmd
}

func (f *areaField) View() string { return f.render(f.area.View()) }

func (f *areaField) Focus() tea.Cmd {
	f.focused = true
	return f.area.Focus()
}

func (f *areaField) Blur() tea.Cmd {
	f.focused = false
	f.area.Blur()
	return nil
}

func (f *areaField) KeyBinds() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("alt+enter", "ctrl+j"), key.WithHelp("alt+enter", "new line")), f.keymap.Prev}
}

func (f *areaField) WithTheme(t huh.Theme) huh.Field {
	f.theme = t
	f.applyTheme()
	return f
}

func (f *areaField) WithKeyMap(k *huh.KeyMap) huh.Field { f.keymap = k.Input; return f }

func (f *areaField) WithWidth(w int) huh.Field {
	f.width = w
	f.area.SetWidth(f.inputWidth())
	return f
}

func (f *areaField) WithHeight(int) huh.Field                   { return f }
func (f *areaField) WithPosition(p huh.FieldPosition) huh.Field { f.pos = p; return f }
func (f *areaField) GetValue() any                              { return *f.value }
func (f *areaField) Run() error                                 { return huh.NewForm(huh.NewGroup(f)).Run() }

// RunAccessible reads lines until an empty one.
func (f *areaField) RunAccessible(w io.Writer, r io.Reader) error {
	if _, err := fmt.Fprintf(w, "%s (end with an empty line):\n", f.title); err != nil {
		return err
	}
	var lines []string
	sc := bufio.NewScanner(r)
	for sc.Scan() && sc.Text() != "" {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", f.title, err)
	}
	if len(lines) > 0 {
		*f.value = strings.Join(lines, "\n")
		f.area.SetValue(*f.value)
	}
	return nil
}
