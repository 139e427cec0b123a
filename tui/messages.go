package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"kontor/domain"
	"kontor/tui/termsafe"
)

// Messages from a page to the root model (navigation and the status line).
type (
	// openRecordMsg pushes a detail view of a record.
	openRecordMsg struct {
		t  domain.RecordType
		id domain.ID
	}
	// openFormMsg pushes a form; id 0 creates a new record.
	openFormMsg struct {
		t  domain.RecordType
		id domain.ID
	}
	// deleteRecordMsg opens the delete confirmation.
	deleteRecordMsg struct {
		t    domain.RecordType
		id   domain.ID
		name string // sanitised
	}
	// switchTabMsg goes back to the tables and shows a tab.
	switchTabMsg struct{ t domain.RecordType }
	// statusMsg sets the last message of the status line.
	statusMsg struct {
		text string
		err  bool
		// background marks a notice nobody asked for (another process
		// changed the file): it does not replace a message the user's
		// own action set until the user presses a key.
		background bool
	}
	// showHelpMsg opens the full help.
	showHelpMsg struct{}
	// openWizardMsg opens the import wizard (key i, :import); path, when
	// set, is a file to start with.
	openWizardMsg struct{ path string }
	// openImportsMsg opens the list of past imports (:imports) with the
	// import selectID selected; undo also opens the undo confirmation of
	// that import (the wizard's result step sends it).
	openImportsMsg struct {
		selectID domain.ID
		undo     bool
	}
	// showImportRecordsMsg goes back to the tables and shows the records
	// of type t that import importID created, as a removable filter.
	showImportRecordsMsg struct {
		t        domain.RecordType
		importID domain.ID
	}
)

// Messages from the root to every page: the data changed.
type (
	// recordSavedMsg: a record was created or updated from this UI.
	recordSavedMsg struct {
		t       domain.RecordType
		id      domain.ID
		created bool
	}
	// recordDeletedMsg: a record was deleted from this UI.
	recordDeletedMsg struct {
		t  domain.RecordType
		id domain.ID
	}
	// dataChangedMsg: another process changed the data file.
	dataChangedMsg struct{}
)

// Data file polling.
type (
	pollMsg    struct{}
	versionMsg struct {
		v   int64
		err error
		// own: read after a change made here, to take it as the new
		// baseline rather than report it as another process's
		own bool
	}
	countsMsg struct {
		id     uint64
		counts domain.Counts
		err    error
	}
)

func msgCmd(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// status returns a command setting the status line. The text is sanitised:
// it may quote record data or errors that do.
func status(format string, args ...any) tea.Cmd {
	return msgCmd(statusMsg{text: termsafe.Clean(fmt.Sprintf(format, args...))})
}

// notice is status for what happened in the background.
func notice(format string, args ...any) tea.Cmd {
	return msgCmd(statusMsg{text: termsafe.Clean(fmt.Sprintf(format, args...)), background: true})
}

// statusErr is status for errors.
func statusErr(format string, args ...any) tea.Cmd {
	return msgCmd(statusMsg{text: termsafe.Clean(fmt.Sprintf(format, args...)), err: true})
}

// cleanErr is an error's text, made safe to print.
func cleanErr(err error) string { return termsafe.Clean(err.Error()) }

// typeName is the singular user-facing name of a record type.
func typeName(t domain.RecordType) string { return string(t) }
