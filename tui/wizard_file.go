package tui

import (
	"fmt"
	"os"
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

// Step 1, File: a file picker (folders and the files Kontor imports), a
// path typed with tab completion as the other way in, then a preview of
// the first rows as Kontor reads them, with the detected encoding,
// delimiter, sheet, header row and record type, each changeable on the
// spot.
//
// The picker is Kontor's own rather than bubbles' filepicker: that one
// lists every file (other types greyed out rather than hidden) and prints
// file names as they are, and a file name may hold escape sequences.

// importExts are the files the picker offers.
var importExts = []string{".csv", ".tsv", ".txt", ".xlsx"}

func importable(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return slices.Contains(importExts, ext)
}

type dirEntry struct {
	name string // as on disk
	dir  bool
	size int64
}

type (
	wizDirMsg struct {
		id      uint64
		dir     string // absolute
		entries []dirEntry
		err     error
	}
	wizCompleteMsg struct {
		id    uint64
		value string // the completed path
		// matches lists the names that fit when the completion is not
		// unique.
		matches []string
		err     error
	}
	wizStatMsg struct {
		id   uint64
		path string
		dir  bool
		err  error
	}
)

// Choices offered for the read options (besides detection).
var (
	encodingChoices  = []string{"", "utf-8", "windows-1250", "windows-1252", "iso-8859-2", "gb18030", "utf-16le", "utf-16be"}
	delimiterChoices = []rune{0, ',', ';', '\t', '|'}
	typeChoices      = []domain.RecordType{"", domain.TypePerson, domain.TypeCompany, domain.TypeDeal}
)

type fileStep struct {
	initial string // a path given with :import PATH

	dir     string // the listed folder ("" until read)
	entries []dirEntry
	cursor  int
	offset  int
	dirReq  uint64
	dirErr  error

	input    textinput.Model
	typing   bool
	compReq  uint64
	statReq  uint64
	matches  []string
	inputErr string

	chosen  string // the file being previewed
	read    importing.ReadOptions
	forced  domain.RecordType
	lookReq uint64
	looking bool
	lookErr error
	// picking is set while the picker is shown over a previewed file.
	picking bool
	// previewCol is the first column shown in the preview table.
	previewCol int
}

func newFileStep(dir, initial string) fileStep {
	f := fileStep{initial: initial, dir: dir}
	if f.dir == "" {
		f.dir = "."
	}
	f.input = newTextInput("Path: ", "a file or folder; tab completes", 4096)
	return f
}

// readDir lists a folder: subfolders and importable files, not hidden.
func (w *wizardPage) readDir(dir string) tea.Cmd {
	id := w.app.nextID()
	w.file.dirReq = id
	return func() tea.Msg {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return wizDirMsg{id: id, dir: dir, err: err}
		}
		des, err := os.ReadDir(abs)
		if err != nil {
			return wizDirMsg{id: id, dir: abs, err: err}
		}
		var out []dirEntry
		for _, de := range des {
			name := de.Name()
			if strings.HasPrefix(name, ".") {
				continue
			}
			isDir := de.IsDir()
			info, err := de.Info()
			if err != nil {
				continue
			}
			if info.Mode()&os.ModeSymlink != 0 {
				if st, err := os.Stat(filepath.Join(abs, name)); err == nil {
					isDir, info = st.IsDir(), st
				}
			}
			if !isDir && !importable(name) {
				continue
			}
			out = append(out, dirEntry{name: name, dir: isDir, size: info.Size()})
		}
		slices.SortFunc(out, func(a, b dirEntry) int {
			if a.dir != b.dir {
				if a.dir {
					return -1
				}
				return 1
			}
			return strings.Compare(domain.Fold(a.name), domain.Fold(b.name))
		})
		return wizDirMsg{id: id, dir: abs, entries: out}
	}
}

func (f *fileStep) onDir(msg wizDirMsg) {
	if msg.id != f.dirReq {
		return
	}
	f.dirReq = 0
	f.dirErr = msg.err
	if msg.err != nil {
		return
	}
	if msg.dir != f.dir {
		f.cursor, f.offset = 0, 0
	}
	f.dir, f.entries = msg.dir, msg.entries
	f.cursor = min(f.cursor, max(0, len(f.entries)-1))
}

// resolve makes a typed path absolute against the listed folder.
func (f *fileStep) resolve(p string) string {
	if strings.HasPrefix(p, "~"+string(filepath.Separator)) || p == "~" {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(f.dir, p)
	}
	return p
}

// complete completes the typed path against the folder it names: the
// longest common prefix of the matching names, a separator after a
// unique folder.
func (w *wizardPage) complete() tea.Cmd {
	id := w.app.nextID()
	w.file.compReq = id
	typed := w.file.input.Value()
	full := w.file.resolve(typed)
	return func() tea.Msg {
		dir, prefix := filepath.Split(full)
		if strings.HasSuffix(typed, string(filepath.Separator)) || typed == "" {
			dir, prefix = full, ""
		}
		des, err := os.ReadDir(dir)
		if err != nil {
			return wizCompleteMsg{id: id, value: typed, err: err}
		}
		var names []string
		dirs := map[string]bool{}
		for _, de := range des {
			n := de.Name()
			if !strings.HasPrefix(n, prefix) || strings.HasPrefix(n, ".") && !strings.HasPrefix(prefix, ".") {
				continue
			}
			isDir := de.IsDir()
			if !isDir && de.Type()&os.ModeSymlink != 0 {
				if st, err := os.Stat(filepath.Join(dir, n)); err == nil {
					isDir = st.IsDir()
				}
			}
			if !isDir && !importable(n) {
				continue
			}
			names = append(names, n)
			dirs[n] = isDir
		}
		if len(names) == 0 {
			return wizCompleteMsg{id: id, value: typed}
		}
		common := names[0]
		for _, n := range names[1:] {
			for !strings.HasPrefix(n, common) {
				common = common[:len(common)-1]
			}
		}
		head := typed[:len(typed)-len(lastElem(typed))]
		if strings.HasSuffix(typed, string(filepath.Separator)) || typed == "" {
			head = typed
		}
		value := head + common
		if len(names) == 1 && dirs[names[0]] {
			value += string(filepath.Separator)
		}
		var matches []string
		if len(names) > 1 {
			matches = names
		}
		return wizCompleteMsg{id: id, value: value, matches: matches}
	}
}

// lastElem is what follows the last separator of a typed path.
func lastElem(p string) string {
	if i := strings.LastIndexByte(p, filepath.Separator); i >= 0 {
		return p[i+1:]
	}
	return p
}

func (f *fileStep) onComplete(msg wizCompleteMsg) {
	if msg.id != f.compReq {
		return
	}
	f.compReq = 0
	f.matches = msg.matches
	if msg.err != nil {
		f.inputErr = cleanErr(msg.err)
		return
	}
	f.inputErr = ""
	f.input.SetValue(msg.value)
	f.input.CursorEnd()
}

// openPath opens a typed or given path: a folder is listed, a file
// previewed.
func (w *wizardPage) openPath(p string) tea.Cmd {
	id := w.app.nextID()
	w.file.statReq = id
	full := w.file.resolve(p)
	return func() tea.Msg {
		st, err := os.Stat(full)
		if err != nil {
			return wizStatMsg{id: id, path: full, err: err}
		}
		return wizStatMsg{id: id, path: full, dir: st.IsDir()}
	}
}

func (w *wizardPage) onStat(msg wizStatMsg) tea.Cmd {
	if msg.id != w.file.statReq {
		return nil
	}
	w.file.statReq = 0
	if msg.err != nil {
		w.file.inputErr = cleanErr(msg.err)
		if w.file.dirReq == 0 && len(w.file.entries) == 0 {
			return w.readDir(w.file.dir)
		}
		return nil
	}
	w.file.inputErr = ""
	if msg.dir {
		w.file.input.SetValue("")
		return w.readDir(msg.path)
	}
	return w.choose(msg.path)
}

// choose previews a file with fresh read options (detect everything).
func (w *wizardPage) choose(path string) tea.Cmd {
	f := &w.file
	f.typing, f.picking = false, false
	f.input.Blur()
	if path != f.chosen {
		f.chosen, f.read, f.forced, f.previewCol = path, importing.ReadOptions{}, "", 0
	}
	w.job.Path = path
	cmd := w.look(f.forced)
	if f.dirReq == 0 && len(f.entries) == 0 {
		return tea.Batch(cmd, w.readDir(filepath.Dir(path)))
	}
	return cmd
}

// showingPicker reports whether the picker (not the preview) is shown.
func (f *fileStep) showingPicker() bool { return f.chosen == "" || f.picking }

func (w *wizardPage) fileKey(msg tea.KeyPressMsg) tea.Cmd {
	f, k := &w.file, &w.k
	if f.typing {
		switch msg.String() {
		case "esc":
			f.typing = false
			f.input.Blur()
			f.matches, f.inputErr = nil, ""
			return nil
		case "enter":
			if strings.TrimSpace(f.input.Value()) == "" {
				return nil
			}
			return w.openPath(strings.TrimSpace(f.input.Value()))
		case "tab":
			return w.complete()
		}
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		f.matches = nil
		return cmd
	}
	if f.showingPicker() {
		switch {
		case key.Matches(msg, k.Back):
			if f.chosen != "" {
				f.picking = false
				return nil
			}
			w.close()
			return nil
		case key.Matches(msg, k.TypePath):
			f.typing = true
			if f.input.Value() == "" {
				f.input.SetValue("")
			}
			return f.input.Focus()
		case key.Matches(msg, k.Up):
			f.cursor = max(0, f.cursor-1)
		case key.Matches(msg, k.Down):
			f.cursor = min(len(f.entries)-1, f.cursor+1)
		case key.Matches(msg, k.Parent):
			return w.readDir(filepath.Dir(f.dir))
		case key.Matches(msg, k.Open):
			if f.cursor < 0 || f.cursor >= len(f.entries) {
				return nil
			}
			e := f.entries[f.cursor]
			p := filepath.Join(f.dir, e.name)
			if e.dir {
				return w.readDir(p)
			}
			return w.choose(p)
		}
		return nil
	}
	// the preview
	switch {
	case key.Matches(msg, k.Back):
		f.picking = true
		return nil
	case key.Matches(msg, k.Next):
		if w.pv == nil || f.looking {
			return nil
		}
		return w.goTo(stepFields)
	case key.Matches(msg, k.Encoding):
		f.read.Encoding = cycle(encodingChoices, strings.TrimSuffix(f.read.Encoding, " (BOM)"))
		return w.look(f.forced)
	case key.Matches(msg, k.Delimiter):
		f.read.Delimiter = cycle(delimiterChoices, f.read.Delimiter)
		return w.look(f.forced)
	case key.Matches(msg, k.Sheet):
		if w.pv == nil || len(w.pv.Info.Sheets) < 2 {
			return nil
		}
		cur := f.read.Sheet
		if cur == "" {
			cur = w.pv.Info.Sheet
		}
		f.read.Sheet = cycle(w.pv.Info.Sheets, cur)
		f.read.HeaderRow = 0
		return w.look(f.forced)
	case key.Matches(msg, k.HeaderUp), key.Matches(msg, k.HeaderDown):
		cur := f.read.HeaderRow
		if cur == 0 && w.pv != nil {
			cur = w.pv.Info.HeaderLine
		}
		if key.Matches(msg, k.HeaderUp) {
			cur++
		} else {
			cur = max(1, cur-1)
		}
		f.read.HeaderRow = cur
		return w.look(f.forced)
	case key.Matches(msg, k.Type):
		f.forced = cycle(typeChoices, f.forced)
		return w.look(f.forced)
	case msg.String() == "right" || msg.String() == "l":
		if w.pv != nil {
			f.previewCol = min(len(w.pv.Info.Headers)-1, f.previewCol+1)
		}
	case msg.String() == "left" || msg.String() == "h":
		f.previewCol = max(0, f.previewCol-1)
	}
	return nil
}

// cycle returns the choice after cur (the first when cur is not one).
func cycle[T comparable](choices []T, cur T) T {
	i := slices.Index(choices, cur)
	return choices[(i+1)%len(choices)]
}

func (f *fileStep) keys(w *wizardPage, k *wizKeys) {
	if f.typing {
		enable(true, &k.Open, &k.Complete, &k.Back)
		k.Open.SetHelp("enter", "open path")
		k.Back.SetHelp("esc", "stop typing")
		return
	}
	if f.showingPicker() {
		enable(len(f.entries) > 0, &k.Up, &k.Down, &k.Open)
		enable(true, &k.Parent, &k.TypePath, &k.Back)
		k.Open.SetHelp("enter", "open")
		if f.chosen == "" {
			k.Back.SetHelp("esc", "close")
		}
		return
	}
	loaded := w.pv != nil && !f.looking
	enable(loaded, &k.Next)
	enable(true, &k.Back, &k.Type)
	k.Back.SetHelp("esc", "other file")
	csv := w.pv == nil || w.pv.Info.Format != importing.FormatXLSX
	enable(csv, &k.Encoding, &k.Delimiter)
	enable(!csv && w.pv != nil && len(w.pv.Info.Sheets) > 1, &k.Sheet)
	enable(true, &k.HeaderUp, &k.HeaderDown)
	k.Encoding.SetHelp("e", "encoding")
}

// --- view ---

func (f *fileStep) view(w *wizardPage) string {
	if f.showingPicker() {
		return f.pickerView(w)
	}
	return f.previewView(w)
}

func (f *fileStep) pickerView(w *wizardPage) string {
	st := w.st()
	lines := []string{"", st.Section.Render("Choose a file") + st.Subtle.Render("  (.csv .tsv .txt .xlsx)"), ""}
	if f.typing {
		lines = append(lines, f.input.View())
	} else {
		lines = append(lines, st.Subtle.Render("Folder: ")+truncLeft(termsafe.Clean(f.dir), max(10, w.width-9)))
	}
	switch {
	case f.inputErr != "":
		lines = append(lines, st.Error.Render("✗ "+f.inputErr))
	case len(f.matches) > 0:
		var ms []string
		for _, m := range f.matches {
			ms = append(ms, termsafe.Clean(m))
		}
		lines = append(lines, st.Subtle.Render(ansi.Truncate(strings.Join(ms, "  "), w.width, ellipsis)))
	default:
		lines = append(lines, "")
	}
	if f.dirErr != nil {
		lines = append(lines, st.Error.Render("✗ "+cleanErr(f.dirErr)))
	}
	room := max(1, w.height-len(lines)-1)
	if len(f.entries) == 0 && f.dirErr == nil {
		lines = append(lines, st.Subtle.Render("  No folders or importable files here. ← goes up, / types a path."))
	}
	if f.cursor < f.offset {
		f.offset = f.cursor
	}
	if f.cursor >= f.offset+room {
		f.offset = f.cursor - room + 1
	}
	for i := f.offset; i < len(f.entries) && i < f.offset+room; i++ {
		e := f.entries[i]
		name := termsafe.Clean(e.name)
		size := ""
		if e.dir {
			name += string(filepath.Separator)
		} else {
			size = byteSize(e.size)
		}
		line := fit("  "+name, max(10, w.width-10)) + fitRight(size, 9)
		if i == f.cursor && !f.typing {
			line = st.Selected.Render(fit("> "+name, max(10, w.width-10)) + fitRight(size, 9))
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func byteSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	case n < 1024*1024*1024:
		return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
	}
	return fmt.Sprintf("%.1f GB", float64(n)/(1024*1024*1024))
}

func delimiterName(r rune) string {
	switch r {
	case 0:
		return "detect"
	case '\t':
		return "tab"
	case ' ':
		return "space"
	}
	return string(r)
}

func (f *fileStep) previewView(w *wizardPage) string {
	st := w.st()
	lines := []string{"", st.Section.Render("File ") + truncLeft(termsafe.Clean(f.chosen), max(10, w.width-6))}
	if f.looking {
		lines = append(lines, st.Subtle.Render("Reading…"))
	}
	if f.lookErr != nil {
		lines = append(lines, "", st.Error.Render("✗ Cannot read this file:"))
		for _, l := range strings.Split(ansi.Wrap(errText(f.lookErr), max(20, w.width-2), " "), "\n") {
			lines = append(lines, st.Error.Render(l))
		}
		lines = append(lines, "", "Nothing will be imported from it. Change how it is read (e d s + - t),", "or press esc to choose another file.")
		lines = append(lines, "", f.settingsLine(w))
		return strings.Join(lines, "\n")
	}
	pv := w.pv
	if pv == nil {
		return strings.Join(lines, "\n")
	}
	lines = append(lines, f.settingsLine(w))
	typ := w.mapping.Type.Plural()
	how := "guessed"
	switch {
	case f.forced != "":
		how = "chosen"
	case w.prop.Preset != "":
		how = "from preset “" + termsafe.Clean(w.prop.Preset) + "”"
	case w.prop.Match.TypeReason != "":
		how = "guessed: " + termsafe.Clean(w.prop.Match.TypeReason)
	}
	lines = append(lines, st.Label.Render("Records ")+st.Title.Render(typ)+st.Subtle.Render(" ("+how+")"))
	rows := fmt.Sprintf("%d rows", len(pv.Rows))
	if pv.More {
		rows = fmt.Sprintf("first %d rows shown of more", len(pv.Rows))
	}
	issues := 0
	for _, r := range pv.Rows {
		if len(r.Issues) > 0 {
			issues++
		}
	}
	extra := ""
	if issues > 0 {
		extra = fmt.Sprintf(" · %d with reading problems", issues)
	}
	lines = append(lines, st.Subtle.Render(fmt.Sprintf("%d columns · %s%s", len(pv.Info.Headers), rows, extra)), "")
	room := max(2, w.height-len(lines)-3)
	lines = append(lines, previewTable(st, pv, f.previewCol, w.width, room)...)
	if ps := w.planStatus(); ps != "" {
		lines = append(lines, "", ps)
	}
	return strings.Join(lines, "\n")
}

// settingsLine shows how the file is read, each part with its key.
func (f *fileStep) settingsLine(w *wizardPage) string {
	st := w.st()
	item := func(k, label, value string, chosen bool) string {
		v := value
		if chosen {
			v += "*"
		}
		return st.Subtle.Render(k+" ") + st.Label.Render(label+" ") + v
	}
	var parts []string
	if w.pv == nil {
		enc := f.read.Encoding
		if enc == "" {
			enc = "detect"
		}
		parts = append(parts, item("e", "encoding", termsafe.Clean(enc), f.read.Encoding != ""),
			item("d", "delimiter", delimiterName(f.read.Delimiter), f.read.Delimiter != 0))
		if f.read.Sheet != "" {
			parts = append(parts, item("s", "sheet", termsafe.Clean(f.read.Sheet), true))
		}
		hr := "detect"
		if f.read.HeaderRow > 0 {
			hr = fmt.Sprint(f.read.HeaderRow)
		}
		parts = append(parts, item("+-", "header row", hr, f.read.HeaderRow > 0))
		return strings.Join(parts, "  ")
	}
	info := w.pv.Info
	if info.Format == importing.FormatXLSX {
		parts = append(parts, item("s", "sheet", termsafe.Clean(info.Sheet)+fmt.Sprintf(" (%d of %d)", slices.Index(info.Sheets, info.Sheet)+1, len(info.Sheets)), f.read.Sheet != ""))
	} else {
		enc := termsafe.Clean(info.Encoding)
		if info.EncodingGuessed {
			enc += " (guessed)"
		}
		parts = append(parts, item("e", "encoding", enc, f.read.Encoding != ""), item("d", "delimiter", delimiterName(info.Delimiter), f.read.Delimiter != 0))
	}
	parts = append(parts, item("+-", "header row", fmt.Sprint(info.HeaderLine), f.read.HeaderRow > 0))
	return strings.Join(parts, "  ")
}

// previewTable draws the header and the first rows, columns from first
// on, as many as fit.
func previewTable(st *Styles, pv *importing.Preview, first, width, height int) []string {
	const colW = 16
	n := max(1, (width-2)/(colW+1))
	first = max(0, min(first, len(pv.Info.Headers)-1))
	last := min(len(pv.Info.Headers), first+n)
	var head []string
	for _, h := range pv.Info.Headers[first:last] {
		head = append(head, fit(termsafe.Clean(h), colW))
	}
	more := ""
	if first > 0 {
		more += "← "
	}
	if last < len(pv.Info.Headers) {
		more += fmt.Sprintf("→ %d more columns", len(pv.Info.Headers)-last)
	}
	out := []string{st.Header.Render(strings.Join(head, " "))}
	for i, r := range pv.Rows {
		if i >= height-2 {
			break
		}
		var cells []string
		for c := first; c < last; c++ {
			v := ""
			if c < len(r.Cells) {
				v = termsafe.Clean(r.Cells[c])
			}
			cells = append(cells, fit(v, colW))
		}
		out = append(out, strings.Join(cells, " "))
	}
	if more != "" {
		out = append(out, st.Subtle.Render(more+" (←/→ scroll)"))
	}
	return out
}
