package tui

import (
	"errors"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"kontor/domain"
	"kontor/tui/termsafe"
)

// formPage creates (id 0) or edits a record with a huh form. The record is
// validated on every key press; each problem shows under its field once
// the user has touched it, all of them after a save attempt, and the
// store's own validation errors on save land under their fields too.
type formPage struct {
	common
	t                domain.RecordType
	id               domain.ID
	loadReq, saveReq uint64
	loadErr          error
	rf               recordForm
	d                *draft
	form             *huh.Form
	fields           []huh.Field
	problems         map[string]string // field key -> message
	general          []string          // problems no field shows
	server           map[string]serverProblem
	submitted        bool
	discard          bool              // esc pressed once with unsaved changes
	early            []tea.KeyPressMsg // keys typed while the form was loading
}

// serverProblem is a store validation error, shown until the field's value
// changes.
type serverProblem struct{ msg, value string }

func newFormPage(a *app, t domain.RecordType, id domain.ID) *formPage {
	f := &formPage{common: newCommon(a), t: t, id: id}
	f.updateKeys()
	return f
}

func (f *formPage) Init() tea.Cmd {
	f.loadReq = f.app.nextID()
	return loadForm(f.app.ctx, f.app.store, f.loadReq, f.t, f.id)
}

func (f *formPage) InputFocused() bool { return true }

func (f *formPage) theme() huh.Theme {
	st := f.st()
	return huh.ThemeFunc(func(bool) *huh.Styles { return st.Form })
}

func (f *formPage) build(m formDataMsg) tea.Cmd {
	f.d = newDraft()
	switch r := m.rec.(type) {
	case domain.Person:
		f.rf = newPersonForm(f.app, f.d, r, m.defs)
	case domain.Company:
		f.rf = newCompanyForm(f.app, f.d, r, m.defs)
	case domain.Deal:
		f.rf = newDealForm(f.app, f.d, r, m.defs, m.stages)
	}
	f.fields = f.rf.fields()
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithDisabled()) // ctrl+c quits Kontor; esc cancels the form
	f.form = huh.NewForm(huh.NewGroup(f.fields...)).
		WithShowHelp(false).WithShowErrors(false).
		WithKeyMap(km).WithTheme(f.theme())
	f.resizeForm()
	cmd := f.form.Init()
	return tea.Batch(cmd, f.check())
}

func (f *formPage) resizeForm() {
	if f.form != nil && f.width > 0 {
		f.form.WithWidth(f.width).WithHeight(max(3, f.height-2-len(f.general)))
	}
}

func (f *formPage) SetSize(w, h int) {
	f.common.SetSize(w, h)
	f.resizeForm()
}

// validate builds the record from the form and hands each field its
// problem; it returns the record.
func (f *formPage) validate() any {
	rec, problems := f.rf.build()
	f.problems = map[string]string{}
	add := func(field, msg string) {
		if _, ok := f.problems[field]; !ok {
			f.problems[field] = msg
		}
	}
	for _, p := range problems {
		add(fieldKey(p.Field), p.Message)
	}
	for k, sp := range f.server {
		if f.d.get(k) != sp.value {
			delete(f.server, k)
			continue
		}
		add(k, sp.msg)
	}
	known := map[string]bool{}
	for _, fl := range f.fields {
		known[fl.GetKey()] = true
		if ip, ok := fl.(inPlace); ok {
			ip.setError(f.problems[fl.GetKey()], f.submitted)
		}
	}
	before := len(f.general)
	f.general = nil
	for k, msg := range f.problems {
		if !known[k] {
			f.general = append(f.general, termsafe.Clean(k+": "+msg))
		}
	}
	sort.Strings(f.general)
	if len(f.general) != before {
		f.resizeForm()
	}
	return rec
}

// redrawMsg makes huh lay the form out again: huh renders its fields
// during Update, so messages set after a key press show only then.
type redrawMsg struct{}

// check validates and redraws the form.
func (f *formPage) check() tea.Cmd {
	f.validate()
	_, cmd := f.form.Update(redrawMsg{})
	return cmd
}

// fieldKey maps a domain field key ("emails[1]") to the form field that
// edits it ("emails").
func fieldKey(k string) string {
	if i := strings.IndexByte(k, '['); i > 0 {
		return k[:i]
	}
	return k
}

func (f *formPage) save() tea.Cmd {
	f.submitted = true
	rec := f.validate()
	if n := len(f.problems); n > 0 {
		return tea.Batch(f.check(), statusErr("Not saved: %s to fix", plural(n, "field", "fields")))
	}
	if f.saveReq != 0 {
		return nil
	}
	f.saveReq = f.app.nextID()
	id, s, ctx := f.saveReq, f.app.store, f.app.ctx
	return func() tea.Msg {
		rid, err := saveRecord(ctx, s, rec)
		return savedMsg{id: id, recID: rid, err: err}
	}
}

func (f *formPage) onSaved(msg savedMsg) tea.Cmd {
	f.saveReq = 0
	var ve *domain.ValidationError
	switch {
	case errors.As(msg.err, &ve):
		f.server = map[string]serverProblem{}
		for _, fe := range ve.Fields {
			k := fieldKey(fe.Field)
			f.server[k] = serverProblem{msg: fe.Message, value: f.d.get(k)}
		}
		return tea.Batch(f.check(), statusErr("Not saved: %s to fix", plural(len(f.problems), "field", "fields")))
	case msg.err != nil:
		return statusErr("Not saved: %v", msg.err)
	}
	rec := f.validate()
	if dl, ok := rec.(domain.Deal); ok && dl.Amount != nil {
		f.app.currency = dl.Amount.Currency
	}
	f.closed = true
	cmds := []tea.Cmd{
		msgCmd(recordSavedMsg{t: f.t, id: msg.recID, created: f.id == 0}),
		status("Saved %s %s", typeName(f.t), recordName(rec)),
	}
	if f.id == 0 {
		cmds = append(cmds, msgCmd(openRecordMsg{t: f.t, id: msg.recID}))
	}
	return tea.Sequence(cmds...)
}

func (f *formPage) focusedIsLast() bool {
	return f.form != nil && len(f.fields) > 0 && f.form.GetFocusedField() == f.fields[len(f.fields)-1]
}

func (f *formPage) Update(msg tea.Msg) (page, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case formDataMsg:
		if msg.id == f.loadReq {
			f.loadReq = 0
			if msg.err != nil {
				f.loadErr = msg.err
				cmd = statusErr("Cannot open the form: %v", msg.err)
			} else {
				// The keys typed ahead are delivered again one by one, each
				// after what the one before it set off: a field takes its
				// text through huh's own commands, and a ctrl+s replayed at
				// once would save the values from before the typing.
				steps := []tea.Cmd{f.build(msg)}
				for _, k := range f.early {
					steps = append(steps, msgCmd(k))
				}
				f.early = nil
				cmd = tea.Sequence(steps...)
			}
		}
	case savedMsg:
		if msg.id == f.saveReq && msg.id != 0 {
			cmd = f.onSaved(msg)
		}
	case tea.KeyPressMsg:
		cmd = f.onKey(msg)
	case tea.PasteMsg:
		if f.form != nil {
			_, cmd = f.form.Update(msg)
			cmd = tea.Batch(cmd, f.check())
		}
	case tea.WindowSizeMsg:
		// sizes come from SetSize
	default:
		if f.form != nil {
			_, cmd = f.form.Update(msg)
		}
	}
	f.updateKeys()
	return f, cmd
}

func (f *formPage) onKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &f.keys
	if f.form == nil {
		switch {
		case key.Matches(msg, k.Cancel):
			f.closed = true
			return nil
		case f.loadErr == nil && len(f.early) < 256:
			f.early = append(f.early, msg) // typed ahead: replayed once the form is there
		}
		return nil
	}
	discard := f.discard
	f.discard = false
	switch {
	case key.Matches(msg, k.Save):
		return f.save()
	case key.Matches(msg, k.Cancel):
		if !f.d.dirty() {
			f.closed = true
			return nil
		}
		if !discard {
			f.discard = true
			return status("Unsaved changes: esc again discards them, ctrl+s saves")
		}
		f.closed = true
		return status("Changes discarded")
	}
	// Moving between fields happens here, at once: huh moves on a command
	// of its own, and keys typed right after tab (a fast typist, a paste,
	// tmux send-keys) would still land in the field being left.
	switch msg.String() {
	case "enter":
		if f.focusedIsLast() {
			return f.save()
		}
		if p, ok := f.form.GetFocusedField().(interface{ pick() }); ok {
			p.pick()
		}
		return tea.Batch(f.form.NextField(), f.check())
	case "tab":
		if f.focusedIsLast() {
			return nil // tab does not submit; ctrl+s or enter on the last field does
		}
		return tea.Batch(f.form.NextField(), f.check())
	case "shift+tab":
		return tea.Batch(f.form.PrevField(), f.check())
	}
	_, cmd := f.form.Update(msg)
	if f.form.State == huh.StateCompleted { // huh submitted on its own
		f.form.State = huh.StateNormal
		return tea.Batch(cmd, f.fields[len(f.fields)-1].Focus(), f.save())
	}
	return tea.Batch(cmd, f.check())
}

func (f *formPage) updateKeys() {
	k := &f.keys
	enable(f.form != nil, &k.Save, &k.NextField, &k.PrevField)
	k.Cancel.SetHelp("esc", "cancel")
	if f.discard {
		k.Cancel.SetHelp("esc", "discard changes")
	}
}

func (f *formPage) ShortHelp() []keyBinding {
	k := f.keys
	return []keyBinding{k.Save, k.Cancel, k.NextField, k.PrevField}
}

func (f *formPage) FullHelp() [][]keyBinding {
	k := f.keys
	return [][]keyBinding{{k.NextField, k.PrevField}, {k.Save, k.Cancel}}
}

func (f *formPage) View() string {
	st := f.st()
	verb := "New "
	if f.id != 0 {
		verb = "Edit "
	}
	title := st.Title.Render(verb + typeName(f.t))
	switch {
	case f.loadErr != nil:
		return block(title+"\n\n"+st.Error.Render("Cannot open the form: "+cleanErr(f.loadErr))+"\n"+st.Subtle.Render("esc goes back"), f.width, f.height)
	case f.form == nil:
		return block(title+"\n\n"+st.Subtle.Render("Loading…"), f.width, f.height)
	}
	if f.submitted && len(f.problems) > 0 {
		title += st.Error.Render("  " + plural(len(f.problems), "field needs", "fields need") + " fixing")
	}
	lines := []string{title}
	for _, g := range f.general {
		lines = append(lines, st.Error.Render("✗ "+g))
	}
	lines = append(lines, "", f.form.View())
	return block(strings.Join(lines, "\n"), f.width, f.height)
}
