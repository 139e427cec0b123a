package tui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kontor/domain"
	"kontor/domain/importing"
	"kontor/tui/termsafe"
)

// Step 2, Fields: one line per source column with its samples, the field
// it feeds and how sure the matcher is, and what the samples become. The
// user changes a match from a filterable list, skips a column, makes it a
// new custom field, settles the order of ambiguous dates, and saves the
// mapping as a preset. Everything here works on the preview's sample
// while the whole file is planned in the background.

type fieldsMode int

const (
	fieldsList   fieldsMode = iota
	fieldsChoose            // the filterable list of fields
	fieldsCustom            // naming a new custom field
	fieldsPreset            // naming a preset
	fieldsDate              // asking the order of an ambiguous date column
)

// fieldOption is one entry of the field chooser.
type fieldOption struct {
	field     string // "" skips
	label     string
	score     float64 // the matcher's, 0 when it had no opinion
	newCustom bool    // "new custom field…"
}

var customTypeChoices = []domain.FieldType{domain.FieldText, domain.FieldNumber, domain.FieldDate, domain.FieldBool}

type fieldsStep struct {
	cursor, offset int
	mode           fieldsMode

	filter  textinput.Model
	options []fieldOption
	shown   []fieldOption
	sel     int

	label textinput.Model
	ctype int
	err   string

	preset    textinput.Model
	presetReq uint64
	note      string

	// userDates are the date orders the user chose, by column index: kept
	// when the formats are read again after a change.
	userDates map[int]importing.DateOrder
	// userSet marks the columns the user mapped.
	userSet map[int]bool
	// dateCol is the column asked about in fieldsDate; onward: the
	// question came from enter, so the wizard moves on to the next step
	// once every ambiguous column is settled.
	dateCol int
	onward  bool
}

func newFieldsStep() fieldsStep {
	f := fieldsStep{userDates: map[int]importing.DateOrder{}, userSet: map[int]bool{}}
	f.filter = newTextInput("Field: ", "type to filter", 60)
	f.label = newTextInput("Name: ", "the new field's name", 60)
	f.preset = newTextInput("Preset name: ", "", 80)
	return f
}

// reset starts over for a new preview.
func (f *fieldsStep) reset(w *wizardPage) {
	f.cursor, f.offset, f.mode, f.note, f.err = 0, 0, fieldsList, "", ""
	f.userDates, f.userSet = map[int]importing.DateOrder{}, map[int]bool{}
}

// reanalyze reads the formats of the sample again for the current
// mapping, keeping the date orders the user chose.
func (f *fieldsStep) reanalyze(w *wizardPage) {
	samples := w.pv.Cells()
	w.mapping.Analyze(samples)
	w.mapping.GuessPhoneRegions(samples, w.region())
	for i := range w.mapping.Columns {
		c := &w.mapping.Columns[i]
		if o, ok := f.userDates[c.Index]; ok {
			c.Format.DateOrder, c.Format.DateAmbiguous = o, false
		}
	}
}

func (w *wizardPage) customTypes() map[string]domain.FieldType {
	out := map[string]domain.FieldType{}
	for _, c := range w.custom {
		out[c.Key] = c.Type
	}
	return out
}

// fieldLabel names what a column feeds.
func (w *wizardPage) fieldLabel(c importing.ColumnMapping) string {
	if c.Field == "" {
		return "— skip"
	}
	if key, ok := c.IsCustom(); ok {
		if c.NewCustom != nil {
			return termsafe.Clean(c.NewCustom.Label) + " (new " + string(c.NewCustom.Type) + ")"
		}
		for _, cf := range w.custom {
			if cf.Key == key {
				return termsafe.Clean(cf.Label) + " (custom)"
			}
		}
		return termsafe.Clean(key) + " (custom)"
	}
	if fd, ok := importing.FieldByKey(w.mapping.Type, c.Field); ok {
		return fd.Label
	}
	return termsafe.Clean(c.Field)
}

// confidence is how sure the matcher is of the column's field, as text.
func (w *wizardPage) confidence(i int) string {
	c := w.mapping.Columns[i]
	if w.fields.userSet[c.Index] {
		return "set"
	}
	if c.Field == "" {
		return ""
	}
	if i < len(w.prop.Match.Columns) {
		mc := w.prop.Match.Columns[i]
		if mc.Field == c.Field {
			return fmt.Sprintf("%d%%", int(mc.Confidence*100+0.5))
		}
		for _, cand := range mc.Candidates {
			if cand.Field == c.Field {
				return fmt.Sprintf("%d%%", int(cand.Score*100+0.5))
			}
		}
	}
	if w.prop.Preset != "" {
		return "preset"
	}
	return ""
}

// samples returns up to n non-empty values of a column from the preview.
func (w *wizardPage) samples(col, n int) (values []string, rows [][]string) {
	for _, r := range w.pv.Rows {
		if col < len(r.Cells) && strings.TrimSpace(r.Cells[col]) != "" {
			values = append(values, r.Cells[col])
			rows = append(rows, r.Cells)
			if len(values) == n {
				break
			}
		}
	}
	return values, rows
}

// readsAs is what the column's samples become, and the rejected ones.
func (w *wizardPage) readsAs(i, n int) (shown []string, rejected []importing.Issue, tried int) {
	c := w.mapping.Columns[i]
	_, rows := w.samples(c.Index, n)
	opts, types := w.options(), w.customTypes()
	for _, r := range rows {
		s, issues := importing.ReadSample(w.mapping, c.Index, opts, types, r)
		tried++
		bad := false
		for _, is := range issues {
			if is.Severity == importing.SevError {
				rejected = append(rejected, is)
				bad = true
			}
		}
		if !bad && s != "" {
			shown = append(shown, s)
		}
	}
	return shown, rejected, tried
}

func (w *wizardPage) fieldsKey(msg tea.KeyPressMsg) tea.Cmd {
	f, k := &w.fields, &w.k
	switch f.mode {
	case fieldsChoose:
		return w.chooserKey(msg)
	case fieldsCustom:
		return w.customKey(msg)
	case fieldsPreset:
		return w.presetKey(msg)
	case fieldsDate:
		return w.dateKey(msg)
	}
	cols := w.mapping.Columns
	switch {
	case key.Matches(msg, k.Back):
		return w.goTo(stepFile)
	case key.Matches(msg, k.Up):
		f.cursor = max(0, f.cursor-1)
	case key.Matches(msg, k.Down):
		f.cursor = min(len(cols)-1, f.cursor+1)
	case key.Matches(msg, k.Edit):
		w.openChooser()
		return f.filter.Focus()
	case key.Matches(msg, k.Skip):
		if f.cursor < len(cols) {
			w.setField(f.cursor, "", nil)
			return w.mappingChanged()
		}
	case key.Matches(msg, k.Custom):
		return w.openCustom()
	case key.Matches(msg, k.DateOrder):
		if f.cursor < len(cols) && w.isDateColumn(f.cursor) {
			f.mode, f.dateCol, f.onward = fieldsDate, f.cursor, false
		}
	case key.Matches(msg, k.SavePreset):
		f.mode = fieldsPreset
		base := strings.TrimSuffix(filepath.Base(w.job.Path), filepath.Ext(w.job.Path))
		name := w.prop.Preset
		if name == "" {
			name = base + " " + w.mapping.Type.Plural()
		}
		f.preset.SetValue(name)
		f.preset.CursorEnd()
		return f.preset.Focus()
	case key.Matches(msg, k.Next):
		if i := w.nextAmbiguousDate(); i >= 0 {
			f.mode, f.dateCol, f.cursor, f.onward = fieldsDate, i, i, true
			return nil
		}
		return w.goTo(stepLinks)
	}
	return nil
}

func (w *wizardPage) isDateColumn(i int) bool {
	kind := w.mapping.Columns[i].Kind(w.mapping.Type, w.customTypes())
	return kind == importing.KindDate || kind == importing.KindDateTime
}

// nextAmbiguousDate is the first date column whose order the sample did
// not prove and the user has not chosen, or -1.
func (w *wizardPage) nextAmbiguousDate() int {
	for i, c := range w.mapping.Columns {
		if w.isDateColumn(i) && c.Format.DateAmbiguous {
			if _, ok := w.fields.userDates[c.Index]; !ok {
				return i
			}
		}
	}
	return -1
}

func (w *wizardPage) dateKey(msg tea.KeyPressMsg) tea.Cmd {
	f := &w.fields
	var o importing.DateOrder
	switch msg.String() {
	case "d":
		o = importing.DMY
	case "m":
		o = importing.MDY
	case "y":
		o = importing.YMD
	case "esc":
		f.mode = fieldsList
		return nil
	default:
		return nil
	}
	c := w.mapping.Columns[f.dateCol]
	f.userDates[c.Index] = o
	f.mode = fieldsList
	cmd := w.mappingChanged()
	if !f.onward {
		return cmd
	}
	if i := w.nextAmbiguousDate(); i >= 0 {
		f.mode, f.dateCol, f.cursor = fieldsDate, i, i
		return cmd
	}
	return tea.Batch(cmd, w.goTo(stepLinks))
}

// setField maps column i to field (with nc for a new custom field). A
// field that takes one column is taken from the column that had it.
func (w *wizardPage) setField(i int, field string, nc *domain.CustomField) {
	cols := w.mapping.Columns
	if field != "" && nc == nil {
		repeatable := false
		if fd, ok := importing.FieldByKey(w.mapping.Type, field); ok {
			repeatable = fd.Repeatable
		}
		if !repeatable {
			for j := range cols {
				if j != i && cols[j].Field == field {
					cols[j].Field, cols[j].NewCustom = "", nil
					w.fields.userSet[cols[j].Index] = true
					w.fields.note = fmt.Sprintf("“%s” now skipped: %s takes one column", termsafe.Clean(cols[j].Header), w.fieldLabel(importing.ColumnMapping{Field: field}))
				}
			}
		}
	}
	cols[i].Field, cols[i].NewCustom = field, nc
	w.fields.userSet[cols[i].Index] = true
}

func (w *wizardPage) openChooser() {
	f := &w.fields
	f.mode = fieldsChoose
	f.filter.SetValue("")
	c := w.mapping.Columns[f.cursor]
	scores := map[string]float64{}
	if f.cursor < len(w.prop.Match.Columns) {
		mc := w.prop.Match.Columns[f.cursor]
		if mc.Field != "" {
			scores[mc.Field] = mc.Confidence
		}
		for _, cand := range mc.Candidates {
			scores[cand.Field] = max(scores[cand.Field], cand.Score)
		}
	}
	var opts []fieldOption
	for _, fd := range importing.Catalog(w.mapping.Type) {
		opts = append(opts, fieldOption{field: fd.Key, label: fd.Label, score: scores[fd.Key]})
	}
	for _, cf := range w.custom {
		opts = append(opts, fieldOption{field: importing.CustomPrefix + cf.Key, label: termsafe.Clean(cf.Label) + " (custom)"})
	}
	// the matcher's candidates first, best first; then the catalogue order
	slices.SortStableFunc(opts, func(a, b fieldOption) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	opts = append([]fieldOption{{field: "", label: "— skip this column"}}, opts...)
	opts = append(opts, fieldOption{label: "+ new custom field…", newCustom: true})
	f.options = opts
	f.refilter(w)
	f.sel = 0
	for i, o := range f.shown {
		if o.field == c.Field && !o.newCustom {
			f.sel = i
		}
	}
}

func (f *fieldsStep) refilter(w *wizardPage) {
	q := domain.Fold(strings.TrimSpace(f.filter.Value()))
	f.shown = f.shown[:0]
	for _, o := range f.options {
		if q == "" || strings.Contains(domain.Fold(o.label), q) || strings.Contains(domain.Fold(o.field), q) {
			f.shown = append(f.shown, o)
		}
	}
	f.sel = min(f.sel, max(0, len(f.shown)-1))
}

func (w *wizardPage) chooserKey(msg tea.KeyPressMsg) tea.Cmd {
	f := &w.fields
	switch msg.String() {
	case "esc":
		f.mode = fieldsList
		f.filter.Blur()
		return nil
	case "up", "ctrl+p":
		f.sel = max(0, f.sel-1)
		return nil
	case "down", "ctrl+n":
		f.sel = min(len(f.shown)-1, f.sel+1)
		return nil
	case "enter":
		if len(f.shown) == 0 {
			return nil
		}
		o := f.shown[f.sel]
		f.filter.Blur()
		f.mode = fieldsList
		if o.newCustom {
			return w.openCustom()
		}
		w.setField(f.cursor, o.field, nil)
		return w.mappingChanged()
	}
	var cmd tea.Cmd
	f.filter, cmd = f.filter.Update(msg)
	f.refilter(w)
	return cmd
}

func (w *wizardPage) openCustom() tea.Cmd {
	f := &w.fields
	if f.cursor >= len(w.mapping.Columns) {
		return nil
	}
	f.mode, f.err, f.ctype = fieldsCustom, "", 0
	f.label.SetValue(w.mapping.Columns[f.cursor].Header)
	f.label.CursorEnd()
	return f.label.Focus()
}

func (w *wizardPage) customKey(msg tea.KeyPressMsg) tea.Cmd {
	f := &w.fields
	switch msg.String() {
	case "esc":
		f.mode = fieldsList
		f.label.Blur()
		return nil
	case "tab", "down":
		f.ctype = (f.ctype + 1) % len(customTypeChoices)
		return nil
	case "shift+tab", "up":
		f.ctype = (f.ctype + len(customTypeChoices) - 1) % len(customTypeChoices)
		return nil
	case "enter":
		label := strings.TrimSpace(f.label.Value())
		if label == "" {
			f.err = "the field needs a name"
			return nil
		}
		key := domain.CustomFieldKey(label)
		for _, cf := range w.custom {
			if cf.Key == key {
				// the data file has it: feed it
				f.mode = fieldsList
				f.label.Blur()
				w.setField(f.cursor, importing.CustomPrefix+key, nil)
				f.note = fmt.Sprintf("“%s” exists already; the column feeds it", termsafe.Clean(cf.Label))
				return w.mappingChanged()
			}
		}
		for i, c := range w.mapping.Columns {
			if i != f.cursor && c.NewCustom != nil && c.NewCustom.Key == key {
				f.err = fmt.Sprintf("column “%s” already creates this field", termsafe.Clean(c.Header))
				return nil
			}
		}
		nc := &domain.CustomField{RecordType: w.mapping.Type, Label: label, Key: key, Type: customTypeChoices[f.ctype]}
		f.mode = fieldsList
		f.label.Blur()
		w.setField(f.cursor, importing.CustomPrefix+key, nc)
		return w.mappingChanged()
	}
	var cmd tea.Cmd
	f.label, cmd = f.label.Update(msg)
	f.err = ""
	return cmd
}

func (w *wizardPage) presetKey(msg tea.KeyPressMsg) tea.Cmd {
	f := &w.fields
	switch msg.String() {
	case "esc":
		f.mode = fieldsList
		f.preset.Blur()
		return nil
	case "enter":
		name := strings.TrimSpace(f.preset.Value())
		if name == "" {
			return nil
		}
		f.mode = fieldsList
		f.preset.Blur()
		id := w.app.nextID()
		f.presetReq = id
		p := importing.Preset{Name: name, Type: w.mapping.Type, Signature: importing.HeaderSignature(w.pv.Info.Headers), Mapping: cloneMapping(w.mapping)}
		store, ctx := w.store, w.app.ctx
		return func() tea.Msg {
			return wizPresetMsg{id: id, name: name, err: store.SavePreset(ctx, p)}
		}
	}
	var cmd tea.Cmd
	f.preset, cmd = f.preset.Update(msg)
	return cmd
}

func (f *fieldsStep) onPreset(msg wizPresetMsg) tea.Cmd {
	if msg.id != f.presetReq {
		return nil
	}
	f.presetReq = 0
	if msg.err != nil {
		return statusErr("save the preset: %v", msg.err)
	}
	f.note = "Saved as preset “" + termsafe.Clean(msg.name) + "”: files with these headers get it automatically"
	return status("Saved mapping preset “%s”", msg.name)
}

func (f *fieldsStep) keys(w *wizardPage, k *wizKeys) {
	switch f.mode {
	case fieldsChoose:
		enable(true, &k.Open, &k.Back, &k.Up, &k.Down)
		k.Open.SetHelp("enter", "choose")
		k.Up.SetHelp("↑", "up")
		k.Down.SetHelp("↓", "down")
		k.Back.SetHelp("esc", "cancel")
		return
	case fieldsCustom:
		enable(true, &k.Open, &k.Back, &k.Complete)
		k.Open.SetHelp("enter", "create")
		k.Complete.SetHelp("tab", "type")
		k.Back.SetHelp("esc", "cancel")
		return
	case fieldsPreset:
		enable(true, &k.Open, &k.Back)
		k.Open.SetHelp("enter", "save")
		k.Back.SetHelp("esc", "cancel")
		return
	case fieldsDate:
		enable(true, &k.Back)
		k.Back.SetHelp("esc", "later")
		return
	}
	k.Up.SetHelp("↑/k", "up")
	k.Down.SetHelp("↓/j", "down")
	has := len(w.mapping.Columns) > 0
	enable(has, &k.Up, &k.Down, &k.Edit, &k.Skip, &k.Custom, &k.Next)
	enable(true, &k.Back, &k.SavePreset)
	enable(has && w.fields.cursor < len(w.mapping.Columns) && w.isDateColumn(w.fields.cursor), &k.DateOrder)
}

// --- view ---

func (f *fieldsStep) view(w *wizardPage) string {
	st := w.st()
	if w.pv == nil {
		return "\n" + st.Subtle.Render("No file read yet.")
	}
	cols := w.mapping.Columns
	title := st.Section.Render("Fields") + " " + st.Subtle.Render(fmt.Sprintf("· %s · %d columns", w.mapping.Type.Plural(), len(cols)))
	lines := []string{"", title}
	switch {
	case f.note != "":
		lines = append(lines, st.Subtle.Render(ansi.Truncate(f.note, w.width, ellipsis)))
	case w.prop.Preset != "":
		lines = append(lines, st.Subtle.Render(ansi.Truncate("Preset “"+termsafe.Clean(w.prop.Preset)+"” applied automatically: these headers were seen before", w.width, ellipsis)))
	default:
		lines = append(lines, st.Subtle.Render("Matched by header names and sample values"))
	}
	// widths: marker 2, header, samples, field+confidence, reads as
	hw := max(10, w.width*22/100)
	sw := max(10, w.width*24/100)
	fw := max(14, w.width*28/100)
	rw := max(8, w.width-2-hw-sw-fw-3)
	lines = append(lines, st.Header.Render("  "+fit("Column", hw)+" "+fit("Samples", sw)+" "+fit("Field", fw)+" "+fit("Reads as", rw)))
	detail := f.detail(w)
	room := max(3, w.height-len(lines)-len(detail)-2)
	if f.cursor < f.offset {
		f.offset = f.cursor
	}
	if f.cursor >= f.offset+room {
		f.offset = f.cursor - room + 1
	}
	for i := f.offset; i < len(cols) && i < f.offset+room; i++ {
		c := cols[i]
		values, _ := w.samples(c.Index, 3)
		var sv []string
		for _, v := range values {
			sv = append(sv, termsafe.Clean(v))
		}
		shown, rejected, _ := w.readsAs(i, 1)
		reads := ""
		switch {
		case len(rejected) > 0:
			reads = st.Error.Render("✗ " + termsafe.Clean(rejected[0].Message))
		case len(shown) > 0:
			reads = termsafe.Clean(shown[0])
		}
		conf := w.confidence(i)
		mark := ""
		if w.isDateColumn(i) && c.Format.DateAmbiguous {
			if _, ok := f.userDates[c.Index]; !ok {
				mark = " ?"
			}
		}
		field := fit(w.fieldLabel(c)+mark, fw-6) + fitRight(conf, 6)
		if c.Field == "" {
			field = st.Subtle.Render(fit(w.fieldLabel(c), fw))
		}
		line := fit(termsafe.Clean(c.Header), hw) + " " + st.Subtle.Render(fit(strings.Join(sv, ", "), sw)) + " " + field + " " + fit(reads, rw)
		if i == f.cursor {
			line = st.Selected.Render("> ") + line
		} else {
			line = "  " + line
		}
		lines = append(lines, line)
	}
	lines = append(lines, "")
	lines = append(lines, detail...)
	out := strings.Join(lines, "\n")
	switch f.mode {
	case fieldsChoose:
		out = center(block(out, w.width, w.height-1), f.chooserView(w), w.width, w.height-1)
	case fieldsCustom:
		out = center(block(out, w.width, w.height-1), f.customView(w), w.width, w.height-1)
	case fieldsPreset:
		out = center(block(out, w.width, w.height-1), dialogBox(st, "Save the mapping as a preset", []string{f.preset.View(), "", st.Subtle.Render("Files with the same headers will get this mapping automatically.")}, w.width), w.width, w.height-1)
	case fieldsDate:
		out = center(block(out, w.width, w.height-1), f.dateView(w), w.width, w.height-1)
	}
	return out
}

// detail describes the selected column: why it matched, what its samples
// become, what was rejected.
func (f *fieldsStep) detail(w *wizardPage) []string {
	st := w.st()
	if f.cursor >= len(w.mapping.Columns) {
		return nil
	}
	c := w.mapping.Columns[f.cursor]
	var out []string
	head := st.Label.Render("Column ") + "“" + termsafe.Clean(c.Header) + "” → " + st.Title.Render(w.fieldLabel(c))
	kind := c.Kind(w.mapping.Type, w.customTypes())
	if d := importing.DescribeFormat(kind, c.Format); d != "" {
		head += st.Subtle.Render(" · " + termsafe.Clean(d))
	}
	if c.Region != "" {
		head += st.Subtle.Render(" · phones read as " + c.Region)
	}
	out = append(out, ansi.Truncate(head, w.width, ellipsis))
	if f.cursor < len(w.prop.Match.Columns) && !f.userSet[c.Index] {
		if r := w.prop.Match.Columns[f.cursor].Reason; r != "" {
			out = append(out, st.Subtle.Render(ansi.Truncate(termsafe.Clean(r), w.width, ellipsis)))
		}
	}
	if c.Field != "" {
		values, _ := w.samples(c.Index, 4)
		shown, rejected, tried := w.readsAs(f.cursor, 10)
		var pairs []string
		for i, v := range values {
			if i < len(shown) {
				pairs = append(pairs, termsafe.Clean(v)+" → "+termsafe.Clean(shown[i]))
			}
		}
		if len(pairs) > 0 && len(rejected) == 0 {
			out = append(out, ansi.Truncate("Reads "+strings.Join(pairs, ", "), w.width, ellipsis))
		}
		if len(rejected) > 0 {
			out = append(out, st.Error.Render(ansi.Truncate(fmt.Sprintf("%d of %d samples rejected: “%s” %s", len(rejected), tried, termsafe.Clean(rejected[0].Value), termsafe.Clean(rejected[0].Message)), w.width, ellipsis)))
		}
	}
	if w.isDateColumn(f.cursor) && c.Format.DateAmbiguous {
		if _, ok := f.userDates[c.Index]; !ok {
			out = append(out, st.Error.Render("Dates here could be day or month first: o chooses (asked on enter)"))
		}
	}
	if ps := w.planStatus(); ps != "" {
		out = append(out, ps)
	}
	return out
}

func (f *fieldsStep) chooserView(w *wizardPage) string {
	st := w.st()
	c := w.mapping.Columns[f.cursor]
	lines := []string{st.Subtle.Render("Column “" + termsafe.Clean(c.Header) + "”"), f.filter.View(), ""}
	room := max(3, w.height-10)
	start := 0
	if f.sel >= room {
		start = f.sel - room + 1
	}
	if len(f.shown) == 0 {
		lines = append(lines, st.Subtle.Render("no field matches"))
	}
	for i := start; i < len(f.shown) && i < start+room; i++ {
		o := f.shown[i]
		score := ""
		if o.score > 0 {
			score = fmt.Sprintf("%d%%", int(o.score*100+0.5))
		}
		line := fit(o.label, 34) + fitRight(score, 5)
		if i == f.sel {
			line = st.Selected.Render("> " + line)
		} else {
			line = "  " + line
		}
		lines = append(lines, line)
	}
	return dialogBox(st, "Feed which field?", lines, w.width)
}

func (f *fieldsStep) customView(w *wizardPage) string {
	st := w.st()
	var types []string
	for i, t := range customTypeChoices {
		if i == f.ctype {
			types = append(types, st.Selected.Render(" "+string(t)+" "))
		} else {
			types = append(types, " "+string(t)+" ")
		}
	}
	lines := []string{f.label.View(), "", "Type: " + strings.Join(types, " ") + st.Subtle.Render("  (tab)")}
	if f.err != "" {
		lines = append(lines, "", st.Error.Render(f.err))
	}
	lines = append(lines, "", st.Subtle.Render("The field is created when the import runs."))
	return dialogBox(st, "New custom field", lines, w.width)
}

func (f *fieldsStep) dateView(w *wizardPage) string {
	st := w.st()
	c := w.mapping.Columns[f.dateCol]
	values, _ := w.samples(c.Index, 3)
	var sv []string
	for _, v := range values {
		sv = append(sv, termsafe.Clean(v))
	}
	lines := []string{
		"Dates in “" + termsafe.Clean(c.Header) + "” (" + strings.Join(sv, ", ") + ") could be read two ways.",
		"Which order do they use?", "",
		st.Title.Render("d") + " day/month/year   " + st.Title.Render("m") + " month/day/year   " + st.Title.Render("y") + " year/month/day",
	}
	return dialogBox(st, "Date order", lines, w.width)
}
