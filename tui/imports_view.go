package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kontor/domain"
	"kontor/domain/importing"
	"kontor/tui/termsafe"
)

// The :imports view lists the data file's past imports, newest first, with
// the selected one summed up under the list; enter shows all of it (every
// mapped column), r shows its records in the tables and u undoes it after
// a confirmation (importing.History.UndoImport). Every string read from the
// data file is cleaned in the command that reads it.

// Messages of the imports view.
type (
	// importsListMsg is the reply to a read of the past imports.
	importsListMsg struct {
		id      uint64
		imports []importView
		err     error
	}
	// undoImportMsg opens the undo confirmation of an import.
	undoImportMsg struct{ imp importView }
	// undoReplyMsg is the reply to an undo.
	undoReplyMsg struct {
		id  uint64
		rep importing.UndoReport
		err error
	}
	// importUndoneMsg: an import was undone from this UI; the root
	// refreshes every page.
	importUndoneMsg struct {
		importID domain.ID
		rep      importing.UndoReport
	}
)

const whenLayout = "2006-01-02 15:04"

// importView is a past import as the view shows it. Every string in it
// has been through termsafe.Clean.
type importView struct {
	id        domain.ID
	t         domain.RecordType
	typeName  string // "company"
	typesName string // "companies"
	file      string
	status    string
	applied   bool
	size      int64
	sha256    string
	res       importing.Result
	created   time.Time
	finished  time.Time
	undone    time.Time
	columns   []mappedColumn
	format    string // "CSV · windows-1250 · semicolon-separated · header on line 1"
	options   string // "phone region PL · currency PLN · …"
}

// mappedColumn is one column of the file and what it fed.
type mappedColumn struct {
	header string
	field  string // "" when the column was not imported
}

func toImportView(r importing.ImportRecord) importView {
	v := importView{
		id: r.ID, t: r.Type, typeName: termsafe.Clean(typeName(r.Type)), typesName: termsafe.Clean(r.Type.Plural()),
		file:   termsafe.Clean(r.FileName),
		status: termsafe.Clean(r.Status), applied: r.Status == "applied", size: r.FileSize, sha256: termsafe.Clean(r.SHA256),
		res: r.Result, created: r.CreatedAt, finished: r.FinishedAt, undone: r.UndoneAt,
	}
	for _, c := range r.Mapping.Columns {
		v.columns = append(v.columns, mappedColumn{header: termsafe.Clean(c.Header), field: termsafe.Clean(fieldLabel(r.Type, c))})
	}
	v.format = termsafe.Clean(formatText(r.Info))
	v.options = termsafe.Clean(optionsText(r.Options))
	return v
}

// formatText describes how the file was read.
func formatText(info importing.SourceInfo) string {
	var parts []string
	if info.Format != "" {
		parts = append(parts, strings.ToUpper(info.Format))
	}
	if info.Encoding != "" {
		parts = append(parts, info.Encoding)
	}
	switch info.Delimiter {
	case 0:
	case ',':
		parts = append(parts, "comma-separated")
	case ';':
		parts = append(parts, "semicolon-separated")
	case '\t':
		parts = append(parts, "tab-separated")
	default:
		parts = append(parts, fmt.Sprintf("separated by %q", info.Delimiter))
	}
	if info.Sheet != "" {
		parts = append(parts, "sheet "+info.Sheet)
	}
	if info.HeaderLine > 0 {
		parts = append(parts, fmt.Sprintf("header on line %d", info.HeaderLine))
	}
	return strings.Join(parts, " · ")
}

// optionsText lists the settings an import ran with ("" when none were
// recorded).
func optionsText(o importing.Options) string {
	if o == (importing.Options{}) {
		return ""
	}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	var parts []string
	if o.Region != "" {
		parts = append(parts, "phone region "+o.Region)
	}
	if o.DefaultCurrency != "" {
		parts = append(parts, "currency "+o.DefaultCurrency)
	}
	parts = append(parts, "create companies: "+yes(o.CreateCompanies), "create stages: "+yes(o.CreateStages))
	if o.OnDuplicate != "" {
		parts = append(parts, "duplicates: "+string(o.OnDuplicate))
	}
	return strings.Join(parts, " · ")
}

// fieldLabel names what a column fed: the catalogue label, or the custom
// field.
func fieldLabel(t domain.RecordType, c importing.ColumnMapping) string {
	if c.Field == "" {
		return ""
	}
	if key, ok := c.IsCustom(); ok {
		if c.NewCustom != nil && c.NewCustom.Label != "" {
			return c.NewCustom.Label + " (new custom field)"
		}
		return "custom field " + key
	}
	if f, ok := importing.FieldByKey(t, c.Field); ok && f.Label != "" {
		return f.Label
	}
	return c.Field
}

// mapped returns the columns that were imported.
func (v importView) mapped() []mappedColumn {
	var out []mappedColumn
	for _, c := range v.columns {
		if c.field != "" {
			out = append(out, c)
		}
	}
	return out
}

// what says what an import created: "60 companies", "300 people and 12
// companies".
func (v importView) createdText() string {
	parts := []string{plural(v.res.Created, v.typeName, v.typesName)}
	if v.res.CompaniesCreated > 0 && v.t != domain.TypeCompany {
		parts = append(parts, plural(v.res.CompaniesCreated, "company", "companies"))
	}
	return strings.Join(parts, " and ")
}

func localTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(whenLayout)
}

// importKeys are the imports view's own keys.
type importKeys struct {
	Undo, Records key.Binding
}

func newImportKeys() importKeys {
	return importKeys{
		Undo:    key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Records: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "records")),
	}
}

// importsPage is the :imports view.
type importsPage struct {
	common
	ik      importKeys
	req     uint64
	loaded  bool
	err     error
	list    []importView
	sel     int
	top     int
	want    domain.ID // select this import when the list arrives
	undoNow bool      // then open its undo confirmation
	detail  bool      // the selected import is shown in full
	offset  int       // first line of the full view shown
}

func newImportsPage(a *app, selectID domain.ID, undo bool) *importsPage {
	p := &importsPage{common: newCommon(a), ik: newImportKeys(), want: selectID, undoNow: undo}
	p.updateKeys()
	return p
}

func (p *importsPage) Init() tea.Cmd { return p.load() }

func (p *importsPage) InputFocused() bool { return false }

// load reads the list in a command; replies to earlier reads are dropped.
func (p *importsPage) load() tea.Cmd {
	if p.want == 0 {
		if v, ok := p.selected(); ok {
			p.want = v.id
		}
	}
	p.req = p.app.nextID()
	id, h, ctx := p.req, p.app.opts.Imports, p.app.ctx
	return func() tea.Msg {
		list, err := h.ListImports(ctx)
		views := make([]importView, 0, len(list))
		for _, r := range list {
			views = append(views, toImportView(r))
		}
		return importsListMsg{id: id, imports: views, err: err}
	}
}

func (p *importsPage) selected() (importView, bool) {
	if p.sel < 0 || p.sel >= len(p.list) {
		return importView{}, false
	}
	return p.list[p.sel], true
}

func (p *importsPage) Update(msg tea.Msg) (page, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case importsListMsg:
		if msg.id == p.req {
			cmd = p.onList(msg)
		}
	case recordSavedMsg, recordDeletedMsg, dataChangedMsg:
		cmd = p.load()
	case tea.KeyPressMsg:
		cmd = p.onKey(msg)
	}
	p.clamp()
	p.updateKeys()
	return p, cmd
}

func (p *importsPage) onList(msg importsListMsg) tea.Cmd {
	p.req = 0
	p.loaded = true
	if msg.err != nil {
		p.err = msg.err
		p.undoNow = false
		return statusErr("read the imports: %v", msg.err)
	}
	p.err = nil
	p.list = msg.imports
	want, undo := p.want, p.undoNow
	p.want, p.undoNow = 0, false
	found := false
	if want != 0 {
		for i, v := range p.list {
			if v.id == want {
				p.sel, found = i, true
				break
			}
		}
	}
	if !found {
		p.sel = min(p.sel, len(p.list)-1)
	}
	switch {
	case !undo:
		return nil
	case !found:
		return statusErr("Import #%d is not in the data file", want)
	}
	return p.askUndo()
}

// askUndo opens the undo confirmation of the selected import, or says why
// it cannot be undone.
func (p *importsPage) askUndo() tea.Cmd {
	v, ok := p.selected()
	switch {
	case !ok:
		return nil
	case p.app.store.ReadOnly():
		return statusErr("The data file is read-only: import #%d cannot be undone", v.id)
	case !v.applied:
		if !v.undone.IsZero() {
			return statusErr("Import #%d was already undone on %s", v.id, localTime(v.undone))
		}
		return statusErr("Import #%d is %s: nothing to undo", v.id, v.status)
	}
	return msgCmd(undoImportMsg{imp: v})
}

func (p *importsPage) onKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &p.keys
	switch {
	case key.Matches(msg, k.Back):
		if p.detail {
			p.detail = false
		} else {
			p.closed = true
		}
	case key.Matches(msg, k.Down):
		p.move(1, 1)
	case key.Matches(msg, k.Up):
		p.move(-1, -1)
	case key.Matches(msg, k.HalfDown):
		p.move(max(1, p.listHeight()/2), max(1, p.height/2))
	case key.Matches(msg, k.HalfUp):
		p.move(-max(1, p.listHeight()/2), -max(1, p.height/2))
	case key.Matches(msg, k.Top):
		p.move(-len(p.list), -p.offset)
	case key.Matches(msg, k.Bottom):
		p.move(len(p.list), 1<<30)
	case key.Matches(msg, k.Open):
		p.detail, p.offset = true, 0
	case key.Matches(msg, p.ik.Records):
		v, _ := p.selected()
		return msgCmd(showImportRecordsMsg{t: v.t, importID: v.id})
	case key.Matches(msg, p.ik.Undo):
		return p.askUndo()
	case msg.String() == "u": // disabled: say why
		return p.askUndo()
	case msg.String() == "r":
		if v, ok := p.selected(); ok {
			return statusErr("Import #%d was undone: none of its records are left", v.id)
		}
	}
	return nil
}

// move moves the selection by rows in the list, or scrolls the full view
// by lines.
func (p *importsPage) move(rows, lines int) {
	if p.detail {
		p.offset = max(0, p.offset+lines)
		return
	}
	p.sel += rows
}

func (p *importsPage) clamp() {
	p.sel = max(0, min(p.sel, len(p.list)-1))
	if p.detail {
		p.offset = max(0, min(p.offset, len(p.detailLines())-p.height))
	}
	h := p.listHeight()
	if p.sel < p.top {
		p.top = p.sel
	}
	if p.sel >= p.top+h {
		p.top = p.sel - h + 1
	}
	p.top = max(0, min(p.top, len(p.list)-h))
}

func (p *importsPage) updateKeys() {
	k := &p.keys
	v, ok := p.selected()
	enable(true, &k.Back)
	enable(ok, &k.Up, &k.Down, &k.HalfUp, &k.HalfDown, &k.Top, &k.Bottom)
	enable(ok && !p.detail, &k.Open)
	enable(ok && v.applied, &p.ik.Records)
	enable(ok && v.applied && !p.app.store.ReadOnly(), &p.ik.Undo)
	k.Open.SetHelp("enter", "details")
	if p.detail {
		k.Back.SetHelp("esc", "back to the list")
		k.Down.SetHelp("↓/j", "scroll")
		k.Up.SetHelp("↑/k", "scroll")
	} else {
		k.Back.SetHelp("esc", "back")
		k.Down.SetHelp("↓/j", "down")
		k.Up.SetHelp("↑/k", "up")
	}
}

func (p *importsPage) ShortHelp() []keyBinding {
	k := p.keys
	return []keyBinding{p.ik.Undo, p.ik.Records, k.Open, k.Back, k.Down} // ↑ is in the full help: the bar fits 80 columns
}

func (p *importsPage) FullHelp() [][]keyBinding {
	k := p.keys
	return [][]keyBinding{{k.Up, k.Down, k.HalfUp, k.HalfDown, k.Top, k.Bottom}, {k.Open, k.Back, p.ik.Records, p.ik.Undo}}
}

// panelLines is the height of the summary under the list, with the blank
// line above it.
const panelLines = 7

// listHeight is the number of import rows on screen.
func (p *importsPage) listHeight() int { return max(1, p.height-2-panelLines) }

func (p *importsPage) View() string {
	st := p.st()
	title := st.Title.Render("Imports")
	switch {
	case !p.loaded:
		return block(title+"\n\n"+st.Subtle.Render("  Loading the imports…"), p.width, p.height)
	case p.err != nil:
		return block(title+"\n\n  "+st.Error.Render("Could not read the imports: "+cleanErr(p.err)), p.width, p.height)
	case len(p.list) == 0:
		return block(title+"\n\n  No imports yet. "+st.Subtle.Render("kontor import FILE imports a CSV or Excel file."), p.width, p.height)
	case p.detail:
		return p.detailView()
	}
	title += st.Subtle.Render(" · " + plural(len(p.list), "import", "imports") + ", newest first")
	return block(title+"\n"+p.listView()+"\n\n"+p.panel(), p.width, p.height)
}

// importColumn is one column of the list.
type importColumn struct {
	title string
	width int
	right bool
	cell  func(v importView) string
}

func (p *importsPage) columns() []importColumn {
	count := func(title string, n func(importing.Result) int) importColumn {
		w := len(title)
		for _, v := range p.list {
			w = max(w, len(thousands(n(v.res))))
		}
		return importColumn{title: title, width: w, right: true, cell: func(v importView) string { return thousands(n(v.res)) }}
	}
	idw, statusw := 2, 6
	for _, v := range p.list {
		idw = max(idw, len(fmt.Sprintf("#%d", v.id)))
		statusw = max(statusw, min(10, ansi.StringWidth(v.status)))
	}
	id := importColumn{title: "ID", width: idw, cell: func(v importView) string { return fmt.Sprintf("#%d", v.id) }}
	when := importColumn{title: "When", width: len(whenLayout), cell: func(v importView) string { return localTime(v.created) }}
	typ := importColumn{title: "Type", width: 7, cell: func(v importView) string { return v.typeName }}
	status := importColumn{title: "Status", width: statusw, cell: func(v importView) string { return v.status }}
	counts := []importColumn{
		count("New", func(r importing.Result) int { return r.Created }),
		count("Upd", func(r importing.Result) int { return r.Updated }),
		count("Skip", func(r importing.Result) int { return r.Skipped }),
		count("Err", func(r importing.Result) int { return r.Failed }),
	}
	undone := importColumn{title: "Undone", width: len(whenLayout), cell: func(v importView) string { return localTime(v.undone) }}
	file := importColumn{title: "File", cell: func(v importView) string { return v.file }}

	fixed := func(cols []importColumn) int {
		w := gutter
		for _, c := range cols {
			w += c.width + 1
		}
		return w + 1 // two spaces before the file
	}
	cols := append([]importColumn{id, when, typ, status}, counts...)
	if p.width-fixed(append(cols, undone)) >= 20 {
		cols = append(cols, undone)
	}
	if p.width-fixed(cols) < 10 {
		cols = append([]importColumn{id, when, status}, counts...) // narrow: the type is in the summary
	}
	file.width = max(4, p.width-fixed(cols))
	return append(cols, file)
}

func (p *importsPage) listView() string {
	st := p.st()
	cols := p.columns()
	line := func(cells func(c importColumn) string) string {
		parts := make([]string, len(cols))
		for i, c := range cols {
			s := cells(c)
			if c.right {
				parts[i] = fitRight(s, c.width)
			} else {
				parts[i] = fit(s, c.width)
			}
		}
		last := len(parts) - 1
		return strings.Join(parts[:last], " ") + "  " + parts[last]
	}
	out := []string{st.Header.Render(fit(strings.Repeat(" ", gutter)+line(func(c importColumn) string { return c.title }), p.width))}
	end := min(len(p.list), p.top+p.listHeight())
	for i := p.top; i < end; i++ {
		v := p.list[i]
		text := line(func(c importColumn) string { return c.cell(v) })
		if i == p.sel {
			out = append(out, st.Selected.Render(fit("> "+text, p.width)))
		} else {
			out = append(out, fit("  "+text, p.width))
		}
	}
	for len(out) < p.listHeight()+1 {
		out = append(out, "")
	}
	return strings.Join(out, "\n")
}

// countsText sums up an import's rows: "64 rows · 60 created · 0 updated
// · 4 skipped · 0 failed".
func countsText(r importing.Result) string {
	parts := []string{plural(r.Rows, "row", "rows"), thousands(r.Created) + " created", thousands(r.Updated) + " updated"}
	if r.Merged > 0 {
		parts = append(parts, thousands(r.Merged)+" merged")
	}
	parts = append(parts, thousands(r.Skipped)+" skipped", thousands(r.Failed)+" failed")
	if r.WithErrors > 0 {
		parts = append(parts, thousands(r.WithErrors)+" with errors")
	}
	return strings.Join(parts, " · ")
}

// alsoCreated lists what an import created besides its records.
func alsoCreated(v importView) string {
	var parts []string
	if v.res.CompaniesCreated > 0 && v.t != domain.TypeCompany {
		parts = append(parts, plural(v.res.CompaniesCreated, "company", "companies"))
	}
	if v.res.StagesCreated > 0 {
		parts = append(parts, plural(v.res.StagesCreated, "deal stage", "deal stages"))
	}
	if v.res.FieldsCreated > 0 {
		parts = append(parts, plural(v.res.FieldsCreated, "custom field", "custom fields"))
	}
	return strings.Join(parts, " · ")
}

// state says when an import ran and whether it can be undone.
func (p *importsPage) state(v importView) (when, hint string) {
	when = "imported " + localTime(v.created)
	switch {
	case !v.applied && !v.undone.IsZero():
		return when + " · undone " + localTime(v.undone), "Undone: its records were removed or restored; nothing left to undo."
	case !v.applied:
		return when + " · " + v.status, ""
	case p.app.store.ReadOnly():
		return when, "The data file is read-only: undo is off."
	}
	return when, "u undoes it: removes what it created, restores what it updated."
}

// panel sums up the selected import under the list.
func (p *importsPage) panel() string {
	st := p.st()
	v, ok := p.selected()
	if !ok {
		return ""
	}
	when, hint := p.state(v)
	lines := []string{
		st.Title.Render(fmt.Sprintf("#%d", v.id)) + " " + v.typeName + " · " + v.file,
		"  " + countsText(v.res),
	}
	if also := alsoCreated(v); also != "" {
		lines = append(lines, "  also created "+also)
	}
	lines = append(lines, "  "+when)
	if hint != "" {
		lines = append(lines, "  "+st.Subtle.Render(hint))
	}
	mapped := v.mapped()
	var cols []string
	for _, c := range mapped {
		cols = append(cols, c.header+" → "+c.field)
	}
	m := fmt.Sprintf("  %d of %d columns imported", len(mapped), len(v.columns))
	if len(cols) > 0 {
		m += ": " + strings.Join(cols, ", ")
	}
	lines = append(lines, fit(m, p.width-14)+st.Subtle.Render(" enter: all"))
	for i := range lines {
		lines[i] = fit(lines[i], p.width)
	}
	return strings.Join(lines, "\n")
}

// detailLines is the whole of the selected import.
func (p *importsPage) detailLines() []string {
	st := p.st()
	v, _ := p.selected()
	valueWidth := max(10, p.width-labelWidth-3)
	indent := strings.Repeat(" ", labelWidth+3)
	lines := []string{st.Title.Render(fmt.Sprintf("Import #%d", v.id)) + st.Subtle.Render("  "+v.typeName+" · "+v.status), ""}
	kv := func(label, value string) {
		if value == "" {
			value = st.Subtle.Render("–")
		}
		for i, w := range strings.Split(ansi.Wrap(value, valueWidth, " "), "\n") {
			if i == 0 {
				lines = append(lines, "  "+st.Label.Render(fit(label, labelWidth))+" "+w)
			} else {
				lines = append(lines, indent+w)
			}
		}
	}
	kv("File", v.file)
	kv("Size", plural(int(v.size), "byte", "bytes"))
	kv("SHA-256", v.sha256)
	kv("Read as", v.format)
	kv("Options", v.options)
	kv("Imported", localTime(v.created))
	kv("Finished", localTime(v.finished))
	kv("Undone", localTime(v.undone))
	kv("Result", countsText(v.res))
	if also := alsoCreated(v); also != "" {
		kv("Also created", also)
	}
	_, hint := p.state(v)
	if hint != "" {
		lines = append(lines, "", "  "+st.Subtle.Render(hint))
	}
	mapped := v.mapped()
	lines = append(lines, "", "  "+st.Section.Render("Mapping")+st.Subtle.Render(fmt.Sprintf(" · %d of %d columns imported", len(mapped), len(v.columns))))
	hw := 0
	for _, c := range v.columns {
		hw = max(hw, ansi.StringWidth(c.header))
	}
	hw = min(hw, max(10, p.width/2-6))
	for _, c := range v.columns {
		to := c.field
		if to == "" {
			to = st.Subtle.Render("not imported")
		}
		lines = append(lines, "    "+fit(c.header, hw)+" → "+to)
	}
	return lines
}

func (p *importsPage) detailView() string {
	lines := p.detailLines()
	off := max(0, min(p.offset, len(lines)-p.height)) // the size may have changed since Update
	end := min(len(lines), off+p.height)
	return block(strings.Join(lines[off:end], "\n"), p.width, p.height)
}

// The undo confirmation.

type undoState int

const (
	undoAsk     undoState = iota // "Undo import #12 of file.csv?"
	undoRunning                  // waiting for the data file
	undoChanged                  // records changed since: force or keep
	undoFailed
)

// undoDialog confirms an undo. When records of the import were edited
// after it, the engine refuses; the dialog then says so and undoes anyway
// only on a second, different key (f), never on the y that started it.
type undoDialog struct {
	common
	imp     importView
	state   undoState
	req     uint64
	changed int
	err     error
	force   key.Binding
}

func newUndoDialog(a *app, imp importView) *undoDialog {
	d := &undoDialog{common: newCommon(a), imp: imp,
		force: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "undo anyway"))}
	d.updateKeys()
	return d
}

func (d *undoDialog) Init() tea.Cmd      { return nil }
func (d *undoDialog) InputFocused() bool { return false }

// run undoes the import in a command.
func (d *undoDialog) run(force bool) tea.Cmd {
	d.state = undoRunning
	d.req = d.app.nextID()
	req, id, h, ctx := d.req, d.imp.id, d.app.opts.Imports, d.app.ctx
	return func() tea.Msg {
		rep, err := h.UndoImport(ctx, id, force)
		return undoReplyMsg{id: req, rep: rep, err: err}
	}
}

func (d *undoDialog) Update(msg tea.Msg) (overlay, tea.Cmd) {
	defer d.updateKeys()
	switch msg := msg.(type) {
	case undoReplyMsg:
		if msg.id != d.req {
			return d, nil
		}
		d.req = 0
		var changed *importing.ChangedSinceError
		switch {
		case errors.As(msg.err, &changed):
			d.state, d.changed = undoChanged, changed.Changed
		case msg.err != nil:
			d.state, d.err = undoFailed, msg.err
		default:
			return nil, tea.Batch(msgCmd(importUndoneMsg{importID: d.imp.id, rep: msg.rep}), status("%s", undoneText(d.imp.id, msg.rep)))
		}
	case tea.KeyPressMsg:
		k := &d.keys
		switch {
		case key.Matches(msg, k.Yes):
			return d, d.run(false)
		case key.Matches(msg, d.force):
			return d, d.run(true)
		case key.Matches(msg, k.No), key.Matches(msg, k.Cancel):
			return nil, status("Import #%d not undone", d.imp.id)
		}
	}
	return d, nil
}

// undoneText reports an undo on the status line.
func undoneText(id domain.ID, rep importing.UndoReport) string {
	s := fmt.Sprintf("Undid import #%d: %d deleted, %d restored", id, rep.Deleted, rep.Restored)
	if rep.Detached > 0 {
		s += fmt.Sprintf(", %s cleared", plural(rep.Detached, "link", "links"))
	}
	return s
}

func (d *undoDialog) updateKeys() {
	k := &d.keys
	enable(d.state == undoAsk, &k.Yes)
	enable(d.state == undoAsk || d.state == undoChanged, &k.No)
	enable(d.state == undoChanged, &d.force)
	enable(d.state == undoFailed, &k.Cancel)
	k.Yes.SetHelp("y", "undo")
	k.No.SetHelp("n/esc", "keep")
	k.Cancel.SetHelp("esc", "close")
}

func (d *undoDialog) ShortHelp() []keyBinding {
	k := d.keys
	return []keyBinding{k.Yes, d.force, k.No, k.Cancel}
}

func (d *undoDialog) View() string {
	st := d.st()
	v := d.imp
	what := fmt.Sprintf("import #%d of %s", v.id, st.Title.Render(v.file))
	var lines []string
	switch d.state {
	case undoAsk:
		does := "This deletes the " + v.createdText() + " it created"
		if v.res.Updated > 0 {
			does += " and gives the " + plural(v.res.Updated, v.typeName, v.typesName) + " it updated their earlier values back"
		}
		lines = []string{
			fmt.Sprintf("Undo %s (%d created, %d updated)?", what, v.res.Created, v.res.Updated),
			"",
			does + ", in one step. Links to the deleted records from records made later are cleared.",
			"",
			st.Subtle.Render("y undo · n keep"),
		}
	case undoRunning:
		lines = []string{"Undoing " + what + "…"}
	case undoChanged:
		lines = []string{
			st.Error.Render(fmt.Sprintf("%s of import #%d changed after it;", plural(d.changed, "record", "records"), v.id)),
			"undoing it would discard those changes.",
			"",
			"f    undo anyway and discard the edits",
			"esc  keep everything as it is",
		}
	case undoFailed:
		lines = []string{st.Error.Render(fmt.Sprintf("Could not undo import #%d:", v.id)), cleanErr(d.err), "", st.Subtle.Render("esc close")}
	}
	return dialogBox(st, "Undo import", lines, d.width)
}

// Root model: opening the view and showing an import's records.

// openImports pushes the imports view (replacing one already open).
func (m *Model) openImports(msg openImportsMsg) tea.Cmd {
	if m.app.opts.Imports == nil {
		return statusErr("Imports are not available here")
	}
	kept := m.pages[:1]
	for _, p := range m.pages[1:] {
		if _, ok := p.(*importsPage); !ok {
			kept = append(kept, p)
		}
	}
	m.pages = kept
	return m.push(newImportsPage(m.app, msg.selectID, msg.undo))
}

// showImportRecords goes back to the tables and filters tab t to the
// records the import created.
func (m *Model) showImportRecords(msg showImportRecordsMsg) tea.Cmd {
	m.pages = m.pages[:1]
	m.overlay = nil
	return m.browse().showImport(msg.t, msg.importID)
}
