package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kontor/domain"
)

type deleteState int

const (
	deleteChecking   deleteState = iota // reading what is linked to the record
	deleteAsk                           // "Delete X?"
	deleteDependents                    // "X has 3 people: detach them or cancel"
	deleteRunning
	deleteFailed
)

// dependentsMsg is the reply to the check of what points at a record.
type dependentsMsg struct {
	id   uint64
	deps domain.Dependents
	err  error
}

// deletedMsg is the reply to a delete.
type deletedMsg struct {
	id  uint64
	err error
}

// deleteDialog confirms a delete. A company or person that still has
// people or deals linked is never deleted silently: the user chooses to
// detach them (they stay, without the link) or to cancel.
type deleteDialog struct {
	common
	t     domain.RecordType
	id    domain.ID
	name  string // sanitised
	state deleteState
	deps  domain.Dependents
	req   uint64
	err   error
}

func newDeleteDialog(a *app, t domain.RecordType, id domain.ID, name string) *deleteDialog {
	d := &deleteDialog{common: newCommon(a), t: t, id: id, name: name}
	d.updateKeys()
	return d
}

func (d *deleteDialog) Init() tea.Cmd {
	if d.t == domain.TypeDeal {
		d.state = deleteAsk
		d.updateKeys()
		return nil
	}
	d.req = d.app.nextID()
	id, req, t, s, ctx := d.id, d.req, d.t, d.app.store, d.app.ctx
	return func() tea.Msg {
		var deps domain.Dependents
		var err error
		if t == domain.TypeCompany {
			deps, err = s.CompanyDependents(ctx, id)
		} else {
			deps, err = s.PersonDependents(ctx, id)
		}
		return dependentsMsg{id: req, deps: deps, err: err}
	}
}

func (d *deleteDialog) InputFocused() bool { return false }

// run deletes the record in a command.
func (d *deleteDialog) run(mode domain.DeleteMode) tea.Cmd {
	d.state = deleteRunning
	d.req = d.app.nextID()
	id, req, t, s, ctx := d.id, d.req, d.t, d.app.store, d.app.ctx
	return func() tea.Msg {
		var err error
		switch t {
		case domain.TypeCompany:
			err = s.DeleteCompany(ctx, id, mode)
		case domain.TypePerson:
			err = s.DeletePerson(ctx, id, mode)
		default:
			err = s.DeleteDeal(ctx, id)
		}
		return deletedMsg{id: req, err: err}
	}
}

func (d *deleteDialog) Update(msg tea.Msg) (overlay, tea.Cmd) {
	defer d.updateKeys()
	switch msg := msg.(type) {
	case dependentsMsg:
		if msg.id != d.req {
			return d, nil
		}
		switch {
		case msg.err != nil:
			d.state, d.err = deleteFailed, msg.err
		case msg.deps.Any():
			d.state, d.deps = deleteDependents, msg.deps
		default:
			d.state = deleteAsk
		}
	case deletedMsg:
		if msg.id != d.req {
			return d, nil
		}
		var de *domain.DependentsError
		switch {
		case errors.As(msg.err, &de):
			// something was linked meanwhile: ask again
			d.state, d.deps = deleteDependents, domain.Dependents{People: de.People, Deals: de.Deals}
		case msg.err != nil:
			d.state, d.err = deleteFailed, msg.err
		default:
			return nil, tea.Batch(
				msgCmd(recordDeletedMsg{t: d.t, id: d.id}),
				status("Deleted %s %s", typeName(d.t), d.name))
		}
	case tea.KeyPressMsg:
		k := &d.keys
		switch {
		case key.Matches(msg, k.Detach):
			return d, d.run(domain.DeleteDetach)
		case key.Matches(msg, k.Yes):
			return d, d.run(domain.DeleteIfUnlinked)
		case key.Matches(msg, k.No), key.Matches(msg, k.Cancel):
			if d.state != deleteRunning {
				return nil, status("Nothing deleted")
			}
		}
	}
	return d, nil
}

func (d *deleteDialog) updateKeys() {
	k := &d.keys
	enable(d.state == deleteAsk, &k.Yes)
	enable(d.state == deleteDependents, &k.Detach)
	enable(d.state == deleteAsk, &k.No)
	enable(d.state == deleteDependents || d.state == deleteFailed || d.state == deleteChecking, &k.Cancel)
	k.Yes.SetHelp("y", "delete")
	k.No.SetHelp("n/esc", "keep")
	k.Detach.SetHelp("d", "detach and delete")
}

func (d *deleteDialog) ShortHelp() []keyBinding {
	k := d.keys
	return []keyBinding{k.Yes, k.No, k.Detach, k.Cancel}
}

func (d *deleteDialog) View() string {
	st := d.st()
	what := typeName(d.t) + " " + st.Title.Render(d.name)
	var lines []string
	switch d.state {
	case deleteChecking:
		lines = []string{"Checking what is linked to " + what + "…"}
	case deleteAsk:
		lines = []string{"Delete " + what + "?", "", st.Subtle.Render("y delete · n keep")}
	case deleteDependents:
		var linked []string
		if d.deps.People > 0 {
			linked = append(linked, plural(d.deps.People, "person", "people"))
		}
		if d.deps.Deals > 0 {
			linked = append(linked, plural(d.deps.Deals, "deal", "deals"))
		}
		lines = []string{
			"The " + what + " still has " + strings.Join(linked, " and ") + " linked to it.",
			"",
			"d  detach them and delete the " + typeName(d.t),
			"   (they stay, without the link)",
			"esc  cancel: delete nothing",
		}
	case deleteRunning:
		lines = []string{"Deleting " + what + "…"}
	case deleteFailed:
		lines = []string{st.Error.Render(fmt.Sprintf("Could not delete the %s:", typeName(d.t))), cleanErr(d.err), "", st.Subtle.Render("esc close")}
	}
	return dialogBox(st, "Delete", lines, d.width)
}

// dialogBox draws lines in a bordered box no wider than width.
func dialogBox(st *Styles, title string, lines []string, width int) string {
	inner := min(64, max(20, width-6))
	var wrapped []string
	for _, l := range lines {
		for _, w := range strings.Split(ansi.Wrap(l, inner, " "), "\n") {
			wrapped = append(wrapped, fit(w, inner))
		}
	}
	body := st.Title.Render(fit(title, inner)) + "\n" + strings.Join(wrapped, "\n")
	return st.Dialog.Render(body)
}
