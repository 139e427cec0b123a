package tui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"kontor/tui/termsafe"
)

// Custom huh fields. huh's own Input validates when the user leaves a field;
// Kontor's forms validate the whole record on every key press with the
// domain rules (and take the store's answer on save) and show each message
// under its field. textField and pickerField are huh.Field implementations
// that take their message from the form and show it in place.

// formLabelWidth is the width of the label column of the forms.
const formLabelWidth = 14

// inPlace is a form field that shows a message given by the form.
type inPlace interface {
	huh.Field
	// setError sets the field's message ("" for none); show makes it
	// visible even before the user touched the field (after a save).
	setError(msg string, show bool)
}

// fieldBase is what both custom fields share.
type fieldBase struct {
	key, title string
	err        string
	show       bool // the user touched the field, or tried to save
	focused    bool
	width      int
	theme      huh.Theme
	isDark     bool
	keymap     huh.InputKeyMap
	pos        huh.FieldPosition
}

func (f *fieldBase) setError(msg string, show bool) {
	f.err = msg
	f.show = f.show || show
}

func (f *fieldBase) styles() *huh.FieldStyles {
	t := f.theme
	if t == nil {
		t = huh.ThemeFunc(huh.ThemeBase)
	}
	if f.focused {
		return &t.Theme(f.isDark).Focused
	}
	return &t.Theme(f.isDark).Blurred
}

// Error keeps huh from submitting while the field is invalid.
func (f *fieldBase) Error() error {
	if f.err == "" {
		return nil
	}
	return errors.New(f.err)
}

func (f *fieldBase) Skip() bool      { return false }
func (f *fieldBase) Zoom() bool      { return false }
func (f *fieldBase) GetKey() string  { return f.key }
func (f *fieldBase) inputWidth() int { return max(8, f.width-formLabelWidth-4) }

// render lays out "Label  content" (further content lines indented), the
// lines below it and the message.
func (f *fieldBase) render(content string, below ...string) string {
	s := f.styles()
	indent := strings.Repeat(" ", formLabelWidth+1)
	first, rest, _ := strings.Cut(content, "\n")
	lines := []string{s.Title.Render(fit(f.title, formLabelWidth)) + " " + first}
	if rest != "" {
		for _, l := range strings.Split(rest, "\n") {
			lines = append(lines, indent+l)
		}
	}
	for _, b := range below {
		lines = append(lines, indent+b)
	}
	if f.show && f.err != "" {
		lines = append(lines, indent+s.ErrorMessage.Render("✗ "+termsafe.Clean(f.err)))
	}
	return s.Base.Render(strings.Join(lines, "\n"))
}

// applyTheme styles a text input from the form theme.
func applyTheme(in *textinput.Model, t huh.Theme, isDark bool) {
	if t == nil {
		return
	}
	th := t.Theme(isDark)
	st := in.Styles()
	st.Focused.Text = th.Focused.TextInput.Text
	st.Focused.Placeholder = th.Focused.TextInput.Placeholder
	st.Blurred.Text = th.Blurred.TextInput.Text
	st.Blurred.Placeholder = th.Blurred.TextInput.Placeholder
	in.SetStyles(st)
}

// textField is a one-line text input.
type textField struct {
	fieldBase
	input textinput.Model
	value *string
}

func newTextField(key, title string, value *string, placeholder string) *textField {
	f := &textField{fieldBase: fieldBase{key: key, title: title}, value: value}
	f.input = newTextInput("", placeholder, 2000)
	f.input.SetValue(*value)
	f.keymap = huh.NewDefaultKeyMap().Input
	return f
}

func (f *textField) Init() tea.Cmd { f.input.Blur(); return nil }

func (f *textField) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		f.isDark = msg.IsDark()
		applyTheme(&f.input, f.theme, f.isDark)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, f.keymap.Prev):
			return f, huh.PrevField
		case key.Matches(msg, f.keymap.Next):
			f.show = true
			return f, huh.NextField
		}
	}
	var cmd tea.Cmd
	before := f.input.Value()
	f.input, cmd = f.input.Update(msg)
	if v := f.input.Value(); v != before {
		*f.value = v
		f.show = true
	}
	return f, cmd
}

func (f *textField) View() string { return f.render(f.input.View()) }

func (f *textField) Focus() tea.Cmd {
	f.focused = true
	return f.input.Focus()
}

func (f *textField) Blur() tea.Cmd {
	f.focused = false
	f.input.Blur()
	return nil
}

func (f *textField) KeyBinds() []key.Binding { return []key.Binding{f.keymap.Next, f.keymap.Prev} }

func (f *textField) WithTheme(t huh.Theme) huh.Field {
	f.theme = t
	applyTheme(&f.input, t, f.isDark)
	return f
}

func (f *textField) WithKeyMap(k *huh.KeyMap) huh.Field {
	f.keymap = k.Input
	return f
}

func (f *textField) WithWidth(w int) huh.Field {
	f.width = w
	f.input.SetWidth(f.inputWidth())
	return f
}

func (f *textField) WithHeight(int) huh.Field                   { return f }
func (f *textField) WithPosition(p huh.FieldPosition) huh.Field { f.pos = p; return f }
func (f *textField) GetValue() any                              { return *f.value }

// Run runs the field on its own as a one-field form.
func (f *textField) Run() error { return huh.NewForm(huh.NewGroup(f)).Run() }

// RunAccessible asks for the value on a plain line (screen readers).
func (f *textField) RunAccessible(w io.Writer, r io.Reader) error {
	if _, err := fmt.Fprintf(w, "%s [%s]: ", f.title, *f.value); err != nil {
		return err
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read %s: %w", f.title, err)
	}
	if line = strings.TrimRight(line, "\r\n"); line != "" {
		*f.value = line
		f.input.SetValue(line)
	}
	return nil
}
