package tui

import (
	"context"
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

// The import wizard: File › Fields › Links & duplicates › Confirm, then
// Progress and Result. It drives the same engine calls as `kontor import`
// (importing.Job), one screen at a time, and writes nothing before the
// user confirms. Reading the preview, planning the whole file and
// applying the plan run in commands; long ones report progress through a
// channel that a command waits on, and every reply carries the id of its
// request so that a reply to a superseded request is dropped.

type wizStep int

const (
	stepFile wizStep = iota
	stepFields
	stepLinks
	stepConfirm
	stepProgress
	stepResult
)

var stepNames = []string{"File", "Fields", "Links & duplicates", "Confirm"}

// Replies of the wizard's commands.
type (
	// wizLookMsg: the preview of a file read, with the proposed mapping
	// and the data file's custom fields of the proposed type.
	wizLookMsg struct {
		id     uint64
		pv     importing.Preview
		prop   importing.Proposal
		custom []domain.CustomField
		err    error
	}
	// wizProgressMsg: rows done by a running task (planning, importing).
	wizProgressMsg struct {
		id   uint64
		rows int
		task *wizTask
	}
	wizPlanMsg struct {
		id   uint64
		plan *importing.Plan
		err  error
	}
	wizApplyMsg struct {
		id      uint64
		applied *importing.Applied
		err     error
	}
	wizReportMsg struct {
		id   uint64
		path string
		rows int
		err  error
	}
	wizPresetMsg struct {
		id   uint64
		name string
		err  error
	}
	// wizRecordsMsg: the data file's records a duplicate group matches,
	// for the side-by-side view.
	wizRecordsMsg struct {
		id      uint64
		group   int
		records []sideRecord
		err     error
	}
)

// wizTask is a long-running piece of work: the command that starts it
// waits for its first event, and each progress message brings the command
// that waits for the next one. Progress keeps only the latest count, so
// the worker never blocks on a slow screen.
type wizTask struct {
	progress chan int
	done     chan tea.Msg
}

func startTask(id uint64, work func(progress func(int)) tea.Msg) tea.Cmd {
	t := &wizTask{progress: make(chan int, 1), done: make(chan tea.Msg, 1)}
	return func() tea.Msg {
		go func() {
			t.done <- work(func(n int) {
				select {
				case <-t.progress:
				default:
				}
				t.progress <- n
			})
		}()
		return t.next(id)()
	}
}

func (t *wizTask) next(id uint64) tea.Cmd {
	return func() tea.Msg {
		select {
		case m := <-t.done:
			return m
		case n := <-t.progress:
			return wizProgressMsg{id: id, rows: n, task: t}
		}
	}
}

// wizKeys are the wizard's own bindings, enabled per step and state.
type wizKeys struct {
	Up, Down, Open, Parent, TypePath, Complete, Next, Back                 key.Binding
	Encoding, Delimiter, Sheet, HeaderUp, HeaderDown, Type                 key.Binding
	Edit, Skip, Custom, DateOrder, SavePreset                              key.Binding
	Section, Possible, Skip1, Fill1, Overwrite1, Create1, DefaultD, Import key.Binding
	Cancel, Report, Records, Undo, Close, Yes, No, Quit                    key.Binding
}

func newWizKeys() wizKeys {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return wizKeys{
		Up:         b([]string{"k", "up"}, "↑/k", "up"),
		Down:       b([]string{"j", "down"}, "↓/j", "down"),
		Open:       b([]string{"enter"}, "enter", "open"),
		Parent:     b([]string{"backspace", "left", "h"}, "←", "parent folder"),
		TypePath:   b([]string{"/"}, "/", "type a path"),
		Complete:   b([]string{"tab"}, "tab", "complete"),
		Next:       b([]string{"enter"}, "enter", "next step"),
		Back:       b([]string{"esc"}, "esc", "back"),
		Encoding:   b([]string{"e"}, "e", "encoding"),
		Delimiter:  b([]string{"d"}, "d", "delimiter"),
		Sheet:      b([]string{"s"}, "s", "sheet"),
		HeaderUp:   b([]string{"+", "="}, "+", "header row down"),
		HeaderDown: b([]string{"-"}, "-", "header row up"),
		Type:       b([]string{"t"}, "t", "record type"),
		Edit:       b([]string{"e"}, "e", "change field"),
		Skip:       b([]string{"x"}, "x", "skip column"),
		Custom:     b([]string{"c"}, "c", "new custom field"),
		DateOrder:  b([]string{"o"}, "o", "date order"),
		SavePreset: b([]string{"p"}, "p", "save preset"),
		Section:    b([]string{"tab"}, "tab", "next list"),
		Possible:   b([]string{"p"}, "p", "possible only"),
		Skip1:      b([]string{"s"}, "s", "skip"),
		Fill1:      b([]string{"f"}, "f", "fill empty"),
		Overwrite1: b([]string{"o"}, "o", "overwrite"),
		Create1:    b([]string{"c"}, "c", "create anyway"),
		DefaultD:   b([]string{"S", "F", "O", "C"}, "S/F/O/C", "all remaining"),
		Import:     b([]string{"enter"}, "enter", "import"),
		Cancel:     b([]string{"esc"}, "esc", "cancel import"),
		Report:     b([]string{"r"}, "r", "write report"),
		Records:    b([]string{"enter"}, "enter", "show records"),
		Undo:       b([]string{"u"}, "u", "undo import"),
		Close:      b([]string{"esc", "q"}, "esc", "close"),
		Yes:        b([]string{"y"}, "y", "yes"),
		No:         b([]string{"n", "esc"}, "n", "no"),
		Quit:       b([]string{"q"}, "q", "abandon"),
	}
}

// wizardPage is the import wizard, pushed over the tables.
type wizardPage struct {
	common
	k     wizKeys
	step  wizStep
	store importing.Store
	files importing.Files

	file   fileStep
	fields fieldsStep
	links  linksStep

	// The job as read now and its preview.
	job     importing.Job
	pv      *importing.Preview
	prop    importing.Proposal
	mapping importing.Mapping
	custom  []domain.CustomField // the data file's custom fields of mapping.Type
	// mappingVer counts changes of the mapping; a plan is for one version.
	mappingVer int

	// The plan, computed in the background from the proposal on.
	plan       *importing.Plan
	planVer    int
	planReq    uint64
	planCancel context.CancelFunc
	planRows   int
	planStart  time.Time
	planErr    error

	// Decisions the user took, by the first row of their group, so that a
	// new plan (after a mapping change) keeps them; and the defaults.
	decisions map[int]importing.Decision
	defaults  map[bool]importing.Decision // by Group.Possible

	run runState

	// confirmQuit is set while asking whether to abandon the wizard;
	// quitApp: the question came from ctrl+c, so yes quits Kontor.
	confirmQuit bool
	quitApp     bool
}

func newWizardPage(a *app, path string) *wizardPage {
	w := &wizardPage{common: newCommon(a), k: newWizKeys(), store: a.opts.Imports, files: a.opts.Files,
		decisions: map[int]importing.Decision{}, defaults: map[bool]importing.Decision{}}
	w.file = newFileStep(a.opts.Dir, path)
	w.fields = newFieldsStep()
	w.links = newLinksStep()
	w.run = newRunState()
	w.updateKeys()
	return w
}

func (w *wizardPage) Init() tea.Cmd {
	if w.file.initial != "" {
		return w.openPath(w.file.initial)
	}
	return w.readDir(w.file.dir)
}

func (w *wizardPage) SetSize(width, height int) {
	w.common.SetSize(width, height)
	w.file.input.SetWidth(max(10, width-12))
	w.fields.filter.SetWidth(max(10, min(40, width-20)))
	w.fields.label.SetWidth(max(10, min(40, width-20)))
	w.fields.preset.SetWidth(max(10, min(40, width-20)))
	w.run.reportInput.SetWidth(max(10, width-14))
}

// started reports whether leaving now would abandon work the user did: a
// file is chosen and the import has not finished.
func (w *wizardPage) started() bool {
	return w.job.Path != "" && w.step != stepResult
}

// holdsQuit tells the root to pass ctrl+c to the wizard, which asks
// before abandoning a started import.
func (w *wizardPage) holdsQuit() bool { return w.started() || w.confirmQuit }

func (w *wizardPage) InputFocused() bool {
	if w.confirmQuit {
		return true // y/n only
	}
	switch w.step {
	case stepFile:
		return w.file.typing
	case stepFields:
		return w.fields.mode != fieldsList
	case stepResult:
		return w.run.askingReport
	}
	return false
}

// close leaves the wizard, cancelling whatever runs.
func (w *wizardPage) close() {
	if w.planCancel != nil {
		w.planCancel()
	}
	if w.run.cancel != nil {
		w.run.cancel()
	}
	w.closed = true
}

func (w *wizardPage) Update(msg tea.Msg) (page, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		cmd = w.onKey(msg)
	case tea.PasteMsg:
		cmd = w.onPaste(msg)
	case wizDirMsg:
		w.file.onDir(msg)
	case wizCompleteMsg:
		w.file.onComplete(msg)
	case wizStatMsg:
		cmd = w.onStat(msg)
	case wizLookMsg:
		cmd = w.onLook(msg)
	case wizProgressMsg:
		cmd = w.onProgress(msg)
	case wizPlanMsg:
		cmd = w.onPlan(msg)
	case wizRecordsMsg:
		w.links.onRecords(msg)
	case wizPresetMsg:
		cmd = w.fields.onPreset(msg)
	case wizApplyMsg:
		cmd = w.onApply(msg)
	case wizReportMsg:
		cmd = w.run.onReport(msg)
	}
	w.updateKeys()
	return w, cmd
}

func (w *wizardPage) onPaste(msg tea.PasteMsg) tea.Cmd {
	var cmd tea.Cmd
	switch {
	case w.step == stepFile && w.file.typing:
		w.file.input, cmd = w.file.input.Update(msg)
	case w.step == stepFields && w.fields.mode == fieldsChoose:
		w.fields.filter, cmd = w.fields.filter.Update(msg)
		w.fields.refilter(w)
	case w.step == stepFields && w.fields.mode == fieldsCustom:
		w.fields.label, cmd = w.fields.label.Update(msg)
	case w.step == stepFields && w.fields.mode == fieldsPreset:
		w.fields.preset, cmd = w.fields.preset.Update(msg)
	case w.step == stepResult && w.run.askingReport:
		w.run.reportInput, cmd = w.run.reportInput.Update(msg)
	}
	return cmd
}

func (w *wizardPage) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if w.confirmQuit {
		switch msg.String() {
		case "y", "Y":
			w.confirmQuit = false
			if w.step == stepProgress && w.run.cancel != nil {
				// roll back first; the wizard leaves when it is done
				w.run.leave, w.run.quitApp, w.run.cancelling = true, w.quitApp, true
				w.run.cancel()
				return nil
			}
			quitting := w.quitApp
			w.close()
			if quitting {
				return tea.Quit
			}
			return status("Import abandoned; nothing was written")
		case "n", "N", "esc":
			w.confirmQuit = false
		}
		return nil
	}
	if msg.String() == "ctrl+c" {
		if w.started() {
			w.confirmQuit, w.quitApp = true, true
			return nil
		}
		w.close()
		return tea.Quit
	}
	if msg.String() == "q" && !w.InputFocused() {
		if w.step == stepResult {
			w.close()
			return nil
		}
		if w.started() {
			w.confirmQuit, w.quitApp = true, false
			return nil
		}
		w.close()
		return nil
	}
	switch w.step {
	case stepFile:
		return w.fileKey(msg)
	case stepFields:
		return w.fieldsKey(msg)
	case stepLinks:
		return w.linksKey(msg)
	case stepConfirm:
		return w.confirmKey(msg)
	case stepProgress:
		return w.progressKey(msg)
	case stepResult:
		return w.resultKey(msg)
	}
	return nil
}

// goTo moves to a step.
func (w *wizardPage) goTo(s wizStep) tea.Cmd {
	w.step = s
	if s == stepLinks {
		return w.links.enter(w)
	}
	return nil
}

// --- the engine calls, in commands ---

// look reads the start of the file with the current read options and
// proposes a mapping (a preset for a known header set).
func (w *wizardPage) look(forced domain.RecordType) tea.Cmd {
	id := w.app.nextID()
	w.file.lookReq, w.file.looking, w.file.lookErr = id, true, nil
	job := importing.Job{Opener: w.files, Path: w.file.chosen, Read: w.file.read}
	store, ctx, region := w.store, w.app.ctx, w.region()
	return func() tea.Msg {
		pv, err := job.Look(ctx)
		if err != nil {
			return wizLookMsg{id: id, err: err}
		}
		prop, err := importing.Propose(ctx, pv, store, forced, region)
		if err != nil {
			return wizLookMsg{id: id, pv: pv, err: err}
		}
		custom, err := store.CustomFields(ctx, prop.Mapping.Type)
		return wizLookMsg{id: id, pv: pv, prop: prop, custom: custom, err: err}
	}
}

func (w *wizardPage) region() string {
	if w.app.opts.Region != "" {
		return w.app.opts.Region
	}
	return importing.DefaultOptions().Region
}

func (w *wizardPage) onLook(msg wizLookMsg) tea.Cmd {
	if msg.id != w.file.lookReq {
		return nil
	}
	w.file.looking = false
	if msg.err != nil {
		w.file.lookErr = msg.err
		w.pv = nil
		w.stopPlan()
		w.plan, w.planErr = nil, nil
		return nil
	}
	pv := msg.pv
	w.pv = &pv
	w.job = importing.Job{Opener: w.files, Path: w.file.chosen, Read: w.file.read}.Pinned(pv)
	w.prop = msg.prop
	w.custom = msg.custom
	w.mapping = cloneMapping(msg.prop.Mapping)
	w.fields.reset(w)
	w.decisions = map[int]importing.Decision{}
	w.links = newLinksStep()
	return w.mappingChanged()
}

// mappingChanged re-reads the formats of the sample and plans the whole
// file again in the background.
func (w *wizardPage) mappingChanged() tea.Cmd {
	w.mappingVer++
	if w.pv != nil {
		w.fields.reanalyze(w)
	}
	return w.startPlan()
}

func (w *wizardPage) options() importing.Options {
	o := importing.DefaultOptions()
	o.Region = w.region()
	if d, ok := w.defaults[false]; ok {
		o.OnDuplicate = d
	}
	return o
}

func (w *wizardPage) stopPlan() {
	if w.planCancel != nil {
		w.planCancel()
		w.planCancel = nil
	}
	w.planReq = 0
}

// startPlan plans every row of the file with the current mapping.
func (w *wizardPage) startPlan() tea.Cmd {
	w.stopPlan()
	if w.pv == nil {
		return nil
	}
	id := w.app.nextID()
	ctx, cancel := context.WithCancel(w.app.ctx)
	w.planReq, w.planCancel = id, cancel
	w.plan, w.planErr, w.planRows, w.planStart = nil, nil, 0, time.Now()
	w.planVer = w.mappingVer
	job, m, opts, store := w.job, cloneMapping(w.mapping), w.options(), w.store
	return startTask(id, func(progress func(int)) tea.Msg {
		plan, err := job.Plan(ctx, m, opts, store, progress)
		return wizPlanMsg{id: id, plan: plan, err: err}
	})
}

func (w *wizardPage) onProgress(msg wizProgressMsg) tea.Cmd {
	switch msg.id {
	case w.planReq:
		w.planRows = msg.rows
	case w.run.req:
		w.run.rows = msg.rows
	default:
		return nil // a superseded task: stop listening
	}
	return msg.task.next(msg.id)
}

func (w *wizardPage) onPlan(msg wizPlanMsg) tea.Cmd {
	if msg.id != w.planReq {
		return nil
	}
	w.planReq, w.planCancel = 0, nil
	if msg.err != nil {
		w.planErr = msg.err
		return nil
	}
	w.plan = msg.plan
	w.planRows = msg.plan.Rows()
	w.applyDecisions()
	if w.step == stepLinks {
		return w.links.enter(w)
	}
	return nil
}

// applyDecisions puts the user's defaults and decisions on the plan.
func (w *wizardPage) applyDecisions() {
	if w.plan == nil {
		return
	}
	for _, g := range w.plan.Groups {
		if d, ok := w.defaults[g.Possible]; ok {
			g.Decision = d
		}
		if d, ok := w.decisions[g.Rows[0]]; ok {
			g.Decision = d
		}
	}
	if d, ok := w.defaults[false]; ok {
		w.plan.Options.OnDuplicate = d
	}
}

// planning reports whether the plan is being computed.
func (w *wizardPage) planning() bool { return w.planReq != 0 }

// planStatus is one line about the background plan.
func (w *wizardPage) planStatus() string {
	st := w.st()
	switch {
	case w.planErr != nil:
		return st.Error.Render("✗ " + cleanErr(w.planErr))
	case w.planning():
		return st.Subtle.Render("Planning all rows in the background: " + thousands(w.planRows) + " rows read" + rateText(w.planRows, w.planStart))
	case w.plan != nil:
		c := w.plan.Counts()
		return st.Subtle.Render(fmt.Sprintf("Planned %s rows: %s, %s", thousands(c.Rows), plural(c.Groups+c.Possible, "duplicate group", "duplicate groups"), plural(c.Failed, "row that cannot be imported", "rows that cannot be imported")))
	}
	return ""
}

func rateText(rows int, start time.Time) string {
	el := time.Since(start).Seconds()
	if rows == 0 || el <= 0 {
		return ""
	}
	return fmt.Sprintf(" (%s rows/s)", thousands(int(float64(rows)/el)))
}

// --- keys and help ---

func (w *wizardPage) updateKeys() {
	k := &w.k
	all := []*key.Binding{&k.Up, &k.Down, &k.Open, &k.Parent, &k.TypePath, &k.Complete, &k.Next, &k.Back,
		&k.Encoding, &k.Delimiter, &k.Sheet, &k.HeaderUp, &k.HeaderDown, &k.Type, &k.Edit, &k.Skip, &k.Custom,
		&k.DateOrder, &k.SavePreset, &k.Section, &k.Possible, &k.Skip1, &k.Fill1, &k.Overwrite1, &k.Create1,
		&k.DefaultD, &k.Import, &k.Cancel, &k.Report, &k.Records, &k.Undo, &k.Close, &k.Yes, &k.No, &k.Quit}
	enable(false, all...)
	if w.confirmQuit {
		enable(true, &k.Yes, &k.No)
		return
	}
	enable(!w.InputFocused(), &k.Quit)
	k.Back.SetHelp("esc", "back")
	switch w.step {
	case stepFile:
		w.file.keys(w, k)
	case stepFields:
		w.fields.keys(w, k)
	case stepLinks:
		w.links.keys(w, k)
	case stepConfirm:
		enable(w.plan != nil, &k.Import)
		enable(true, &k.Back)
	case stepProgress:
		enable(w.run.cancel != nil, &k.Cancel)
		enable(false, &k.Quit)
	case stepResult:
		w.run.keys(w, k)
	}
}

func (w *wizardPage) ShortHelp() []keyBinding {
	k := w.k
	return []keyBinding{k.Yes, k.No, k.Next, k.Import, k.Records, k.Open, k.Complete, k.Back, k.Cancel, k.Up, k.Down,
		k.TypePath, k.Parent, k.Encoding, k.Delimiter, k.Sheet, k.HeaderUp, k.Type, k.Edit, k.Skip, k.Custom, k.DateOrder,
		k.SavePreset, k.Skip1, k.Fill1, k.Overwrite1, k.Create1, k.DefaultD, k.Possible, k.Section, k.Report, k.Undo, k.Close, k.Quit}
}

func (w *wizardPage) FullHelp() [][]keyBinding {
	k := w.k
	return [][]keyBinding{
		{k.Up, k.Down, k.Open, k.Parent, k.TypePath, k.Complete},
		{k.Next, k.Back, k.Import, k.Cancel, k.Close, k.Quit, k.Yes, k.No},
		{k.Encoding, k.Delimiter, k.Sheet, k.HeaderUp, k.HeaderDown, k.Type},
		{k.Edit, k.Skip, k.Custom, k.DateOrder, k.SavePreset},
		{k.Section, k.Possible, k.Skip1, k.Fill1, k.Overwrite1, k.Create1, k.DefaultD},
		{k.Report, k.Records, k.Undo},
	}
}

// --- view ---

func (w *wizardPage) View() string {
	var body string
	switch w.step {
	case stepFile:
		body = w.file.view(w)
	case stepFields:
		body = w.fields.view(w)
	case stepLinks:
		body = w.links.view(w)
	case stepConfirm:
		body = w.confirmView()
	case stepProgress:
		body = w.progressView()
	case stepResult:
		body = w.resultView()
	}
	out := block(w.header()+"\n"+body, w.width, w.height)
	if w.confirmQuit {
		q := "Abandon this import? Nothing has been written."
		if w.quitApp {
			q = "Quit Kontor and abandon this import? Nothing has been written."
		}
		if w.step == stepProgress {
			q = "Cancel the running import and leave? It will be rolled back; nothing is written."
		}
		out = center(out, dialogBox(w.st(), "Import", []string{q, "", "y abandon · n keep going"}, w.width), w.width, w.height)
	}
	return out
}

// header shows the steps with the current one marked.
func (w *wizardPage) header() string {
	st := w.st()
	parts := []string{st.Title.Render("Import ")}
	cur := min(int(w.step), int(stepConfirm))
	for i, n := range stepNames {
		label := fmt.Sprintf(" %d %s ", i+1, n)
		switch {
		case i == cur && w.step <= stepConfirm:
			parts = append(parts, st.TabActive.Render(label))
		case i < cur || w.step > stepConfirm:
			parts = append(parts, st.Subtle.Render(label))
		default:
			parts = append(parts, st.Tab.Render(label))
		}
	}
	line := strings.Join(parts, st.Subtle.Render("›"))
	switch w.step {
	case stepProgress:
		line += " " + st.TabActive.Render(" Importing ")
	case stepResult:
		line += " " + st.TabActive.Render(" Done ")
	}
	if ansi.StringWidth(line) > w.width {
		// narrow: only the current step's name
		line = st.Title.Render("Import") + " " + st.TabActive.Render(fmt.Sprintf(" %d/4 %s ", cur+1, stepNames[cur]))
	}
	return line
}

// fileLabel is the chosen file's name, safe to print.
func (w *wizardPage) fileLabel() string { return termsafe.Clean(w.job.Path) }

// errText describes an error for the screen: read errors name the file,
// line and column.
func errText(err error) string {
	var re *importing.ReadError
	if errors.As(err, &re) {
		return termsafe.Clean(re.Error())
	}
	return cleanErr(err)
}

func cloneMapping(m importing.Mapping) importing.Mapping {
	out := importing.Mapping{Type: m.Type, Columns: append([]importing.ColumnMapping(nil), m.Columns...)}
	for i, c := range out.Columns {
		if c.NewCustom != nil {
			nc := *c.NewCustom
			out.Columns[i].NewCustom = &nc
		}
	}
	return out
}

// wizardAvailable reports whether the import wizard can run: the UI was
// given the import engine's ports.
func (a *app) wizardAvailable() bool { return a.opts.Imports != nil && a.opts.Files != nil }

// openWizard pushes the import wizard (one at a time).
func (m *Model) openWizard(path string) tea.Cmd {
	switch {
	case !m.app.wizardAvailable():
		return statusErr("The import wizard is not available here; use kontor import FILE")
	case m.app.store.ReadOnly():
		return statusErr("%s", m.app.readOnlyText())
	}
	for _, p := range m.pages {
		if _, ok := p.(*wizardPage); ok {
			return status("An import is already open")
		}
	}
	return m.push(newWizardPage(m.app, path))
}
