package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kontor/domain"
)

// detailPage shows one record: every field, custom fields included, and
// its related records, which the user can select (j/k) and open (enter).
type detailPage struct {
	common
	t      domain.RecordType
	id     domain.ID
	req    uint64
	loaded bool
	data   detailMsg
	sel    int // selected link, -1 for none
	offset int // first line shown
}

const labelWidth = 13

func newDetailPage(a *app, t domain.RecordType, id domain.ID) *detailPage {
	d := &detailPage{common: newCommon(a), t: t, id: id, sel: -1}
	d.updateKeys()
	return d
}

func (d *detailPage) Init() tea.Cmd { return d.load() }

func (d *detailPage) load() tea.Cmd {
	d.req = d.app.nextID()
	return loadDetail(d.app.ctx, d.app.store, d.req, d.t, d.id)
}

// shows reports whether the page shows the record.
func (d *detailPage) shows(t domain.RecordType, id domain.ID) bool { return d.t == t && d.id == id }

func (d *detailPage) InputFocused() bool { return false }

func (d *detailPage) links() []link {
	var out []link
	for _, s := range d.data.sections {
		out = append(out, s.links...)
	}
	return out
}

func (d *detailPage) SetSize(w, h int) {
	d.common.SetSize(w, h)
	d.scroll()
}

func (d *detailPage) Update(msg tea.Msg) (page, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case detailMsg:
		if msg.id == d.req {
			d.req = 0
			d.loaded = true
			d.data = msg
			d.sel = min(d.sel, len(d.links())-1)
			if msg.err != nil {
				cmd = statusErr("read %s: %v", typeName(d.t), msg.err)
			}
		}
	case recordSavedMsg, recordDeletedMsg, dataChangedMsg:
		cmd = d.load()
	case tea.KeyPressMsg:
		cmd = d.onKey(msg)
	}
	d.scroll()
	d.updateKeys()
	return d, cmd
}

func (d *detailPage) onKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &d.keys
	links := d.links()
	switch {
	case key.Matches(msg, k.Back):
		d.closed = true
		return nil
	case key.Matches(msg, k.Down):
		if d.sel < len(links)-1 {
			d.sel++
		} else {
			d.offset++
		}
	case key.Matches(msg, k.Up):
		if d.sel >= 0 {
			d.sel--
		}
		if d.sel < 0 {
			d.offset = max(0, d.offset-1)
		}
	case key.Matches(msg, k.HalfDown):
		d.offset += max(1, d.height/2)
	case key.Matches(msg, k.HalfUp):
		d.offset = max(0, d.offset-max(1, d.height/2))
	case key.Matches(msg, k.Top):
		d.sel, d.offset = -1, 0
	case key.Matches(msg, k.Bottom):
		d.sel = len(links) - 1
		d.offset = 1 << 30
	case key.Matches(msg, k.Open):
		if d.sel >= 0 && d.sel < len(links) {
			l := links[d.sel]
			return msgCmd(openRecordMsg{t: l.t, id: l.id})
		}
	case key.Matches(msg, k.Edit):
		return msgCmd(openFormMsg{t: d.t, id: d.id})
	case key.Matches(msg, k.Delete):
		return msgCmd(deleteRecordMsg{t: d.t, id: d.id, name: d.data.title})
	case key.Matches(msg, k.Import):
		return msgCmd(openWizardMsg{})
	}
	return nil
}

func (d *detailPage) updateKeys() {
	k := &d.keys
	exists := d.loaded && !d.data.notFound && d.data.err == nil
	enable(true, &k.Back, &k.Up, &k.Down, &k.HalfUp, &k.HalfDown, &k.Top, &k.Bottom)
	enable(exists && d.sel >= 0, &k.Open)
	enable(exists && !d.app.store.ReadOnly(), &k.Edit, &k.Delete)
	enable(!d.app.store.ReadOnly() && d.app.wizardAvailable(), &k.Import)
	k.Open.SetHelp("enter", "open related")
	k.Down.SetHelp("↓/j", "next related")
	k.Up.SetHelp("↑/k", "previous")
}

func (d *detailPage) ShortHelp() []keyBinding {
	k := d.keys
	return []keyBinding{k.Back, k.Down, k.Up, k.Open, k.Edit, k.Delete, k.Import}
}

func (d *detailPage) FullHelp() [][]keyBinding {
	k := d.keys
	return [][]keyBinding{{k.Up, k.Down, k.HalfUp, k.HalfDown, k.Top, k.Bottom}, {k.Open, k.Back, k.Edit, k.Delete}}
}

// lines renders the whole record; linkLine[i] is the line of link i.
func (d *detailPage) lines() (lines []string, linkLine []int) {
	st := d.st()
	title := st.Title.Render(d.data.title) + st.Subtle.Render(fmt.Sprintf("  %s #%d", typeName(d.t), d.id))
	lines = append(lines, title, "")
	valueWidth := max(10, d.width-labelWidth-3)
	indent := strings.Repeat(" ", labelWidth+3)
	for _, f := range d.data.fields {
		label := "  " + st.Label.Render(fit(f.label, labelWidth)) + " "
		if f.value == "" {
			lines = append(lines, label+st.Subtle.Render("–"))
			continue
		}
		for i, w := range strings.Split(ansi.Wrap(f.value, valueWidth, " "), "\n") {
			if i == 0 {
				lines = append(lines, label+w)
			} else {
				lines = append(lines, indent+w)
			}
		}
	}
	n := 0
	for _, s := range d.data.sections {
		head := "  " + st.Section.Render(s.title)
		if s.list {
			head += st.Subtle.Render(" · " + countText(s.total))
		}
		lines = append(lines, "", head)
		if len(s.links) == 0 {
			lines = append(lines, "    "+st.Subtle.Render("none"))
		}
		for _, l := range s.links {
			linkLine = append(linkLine, len(lines))
			if n == d.sel {
				lines = append(lines, st.Selected.Render(fit("  > "+l.label, d.width)))
			} else {
				lines = append(lines, fit("    "+l.label, d.width))
			}
			n++
		}
		if more := s.total.N - len(s.links); more > 0 {
			lines = append(lines, "    "+st.Subtle.Render("… and "+countText(domain.Count{N: more, Exact: s.total.Exact})+" more"))
		}
	}
	return lines, linkLine
}

// scroll keeps the selected link on screen and the offset within the text.
func (d *detailPage) scroll() {
	if !d.loaded || d.height <= 0 {
		return
	}
	lines, linkLine := d.lines()
	if d.sel >= 0 && d.sel < len(linkLine) {
		l := linkLine[d.sel]
		if l < d.offset {
			d.offset = l
		}
		if l >= d.offset+d.height {
			d.offset = l - d.height + 1
		}
	}
	d.offset = max(0, min(d.offset, len(lines)-d.height))
}

func (d *detailPage) View() string {
	st := d.st()
	switch {
	case !d.loaded:
		return block(st.Subtle.Render("  Loading…"), d.width, d.height)
	case d.data.notFound:
		return block("\n  This "+typeName(d.t)+" no longer exists. "+st.Subtle.Render("esc goes back."), d.width, d.height)
	case d.data.err != nil:
		return block("\n  "+st.Error.Render("Could not read this "+typeName(d.t)+": "+cleanErr(d.data.err)), d.width, d.height)
	}
	lines, _ := d.lines()
	off := max(0, min(d.offset, len(lines)-d.height))
	end := min(len(lines), off+d.height)
	return block(strings.Join(lines[off:end], "\n"), d.width, d.height)
}
