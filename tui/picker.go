package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"kontor/domain"
	"kontor/tui/termsafe"
)

// pickerField chooses a company or a person by searching the data file as
// the user types: each pause in typing runs one search (Filter, at most
// pickerLimit matches), never a list of every row.
type pickerField struct {
	fieldBase
	input     textinput.Model
	value     *domain.ID
	selected  string // label of the chosen record, sanitised
	options   []pickOption
	idx       int
	moved     bool   // the user moved through the matches
	seq       uint64 // latest keystroke
	ranSeq    uint64 // keystroke whose search ran
	req       uint64 // search whose reply is awaited
	searchErr error
	app       *app
	search    searchFunc
}

// pickOption is one match.
type pickOption struct {
	id    domain.ID
	label string // sanitised
}

// searchFunc reads at most pickerLimit records matching query.
type searchFunc func(ctx context.Context, s domain.Store, query string) ([]pickOption, error)

const (
	pickerLimit = 20
	pickerShown = 5 // matches on screen at once
)

// pickTickMsg fires after a pause in typing; pickResultMsg is a search's
// reply.
type (
	pickTickMsg struct {
		field string
		seq   uint64
	}
	pickResultMsg struct {
		id      uint64
		options []pickOption
		err     error
	}
)

func searchCompanies(ctx context.Context, s domain.Store, q string) ([]pickOption, error) {
	p, err := s.ListCompanies(ctx, domain.ListQuery{Filter: q, Limit: pickerLimit})
	if err != nil {
		return nil, fmt.Errorf("search companies: %w", err)
	}
	out := make([]pickOption, len(p.Items))
	for i, c := range p.Items {
		label := companyName(c)
		if c.Address.City != "" {
			label += " · " + c.Address.City
		}
		out[i] = pickOption{id: c.ID, label: termsafe.Clean(label)}
	}
	return out, nil
}

func searchPeople(ctx context.Context, s domain.Store, q string) ([]pickOption, error) {
	p, err := s.ListPeople(ctx, domain.ListQuery{Filter: q, Limit: pickerLimit})
	if err != nil {
		return nil, fmt.Errorf("search people: %w", err)
	}
	out := make([]pickOption, len(p.Items))
	for i, x := range p.Items {
		label := personName(x)
		if x.Company != "" {
			label += " · " + x.Company
		}
		out[i] = pickOption{id: x.ID, label: termsafe.Clean(label)}
	}
	return out, nil
}

func newPickerField(a *app, key, title string, value *domain.ID, selected string, search searchFunc) *pickerField {
	f := &pickerField{fieldBase: fieldBase{key: key, title: title}, value: value,
		selected: termsafe.Clean(selected), app: a, search: search}
	f.input = newTextInput("", "type to search", 200)
	f.keymap = huh.NewDefaultKeyMap().Input
	return f
}

// runSearch starts a search for the typed text; the command captures the
// query.
func (f *pickerField) runSearch() tea.Cmd {
	f.req = f.app.nextID()
	id, q, s, ctx, search := f.req, strings.TrimSpace(f.input.Value()), f.app.store, f.app.ctx, f.search
	return func() tea.Msg {
		opts, err := search(ctx, s, q)
		return pickResultMsg{id: id, options: opts, err: err}
	}
}

func (f *pickerField) Init() tea.Cmd { f.input.Blur(); return nil }

func (f *pickerField) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		f.isDark = msg.IsDark()
		applyTheme(&f.input, f.theme, f.isDark)
	case pickTickMsg:
		// (huh hands the focused field each message twice)
		if msg.field == f.key && msg.seq == f.seq && msg.seq != f.ranSeq && f.focused {
			f.ranSeq = msg.seq
			return f, f.runSearch()
		}
		return f, nil
	case pickResultMsg:
		if msg.id == f.req && f.req != 0 {
			f.req = 0
			f.options, f.idx, f.moved, f.searchErr = msg.options, 0, false, msg.err
		}
		return f, nil
	case tea.KeyPressMsg:
		if !f.focused {
			return f, nil
		}
		switch msg.String() {
		case "up", "ctrl+p":
			f.idx, f.moved = max(0, f.idx-1), true
			return f, nil
		case "down", "ctrl+n":
			f.idx, f.moved = max(0, min(len(f.options)-1, f.idx+1)), true
			return f, nil
		case "ctrl+x":
			*f.value, f.selected = 0, ""
			f.show = true
			return f, nil
		case "enter":
			f.pick()
			return f, huh.NextField
		case "tab":
			return f, huh.NextField
		}
		if key.Matches(msg, f.keymap.Prev) {
			return f, huh.PrevField
		}
	}
	before := f.input.Value()
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	if f.input.Value() != before {
		f.seq++
		return f, tea.Batch(cmd, f.app.after(filterDelay, pickTickMsg{field: f.key, seq: f.seq}))
	}
	return f, cmd
}

// pick chooses the highlighted match, if the user typed or moved to one.
func (f *pickerField) pick() {
	if (f.input.Value() != "" || f.moved) && f.idx < len(f.options) {
		o := f.options[f.idx]
		*f.value, f.selected = o.id, o.label
		f.input.SetValue("")
		f.show = true
	}
}

func (f *pickerField) View() string {
	s := f.styles()
	if !f.focused {
		if *f.value == 0 {
			return f.render(s.Description.Render("none"))
		}
		return f.render(f.selected)
	}
	current := "none"
	if *f.value != 0 {
		current = f.selected
	}
	var below []string
	switch {
	case f.searchErr != nil:
		below = append(below, s.ErrorMessage.Render(cleanErr(f.searchErr)))
	case len(f.options) == 0 && f.req == 0:
		below = append(below, s.Description.Render("no match"))
	}
	w := f.inputWidth()
	start := max(0, min(f.idx-pickerShown/2, len(f.options)-pickerShown))
	for i := start; i < min(len(f.options), start+pickerShown); i++ {
		if i == f.idx {
			below = append(below, s.SelectSelector.String()+s.SelectedOption.Render(fit(f.options[i].label, w-2)))
		} else {
			below = append(below, "  "+fit(f.options[i].label, w-2))
		}
	}
	below = append(below, s.Description.Render(fit("now: "+current+" · ↑↓ enter choose · ctrl+x none", w)))
	return f.render(f.input.View(), below...)
}

// Focus shows the first matches at once.
func (f *pickerField) Focus() tea.Cmd {
	f.focused = true
	return tea.Batch(f.input.Focus(), f.runSearch())
}

func (f *pickerField) Blur() tea.Cmd {
	f.focused = false
	f.input.Blur()
	f.input.SetValue("")
	f.options, f.idx, f.req, f.moved = nil, 0, 0, false
	return nil
}

func (f *pickerField) KeyBinds() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", "choose")),
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "pick")),
		key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "none")),
		f.keymap.Prev,
	}
}

func (f *pickerField) WithTheme(t huh.Theme) huh.Field {
	f.theme = t
	applyTheme(&f.input, t, f.isDark)
	return f
}

func (f *pickerField) WithKeyMap(k *huh.KeyMap) huh.Field { f.keymap = k.Input; return f }

func (f *pickerField) WithWidth(w int) huh.Field {
	f.width = w
	f.input.SetWidth(f.inputWidth())
	return f
}

func (f *pickerField) WithHeight(int) huh.Field                   { return f }
func (f *pickerField) WithPosition(p huh.FieldPosition) huh.Field { f.pos = p; return f }
func (f *pickerField) GetValue() any                              { return *f.value }

// Run runs the picker on its own as a one-field form.
func (f *pickerField) Run() error { return huh.NewForm(huh.NewGroup(f)).Run() }

// RunAccessible is not offered: choosing among search results needs the
// interactive screen.
func (f *pickerField) RunAccessible(io.Writer, io.Reader) error {
	return errors.New("the record picker needs an interactive terminal")
}
