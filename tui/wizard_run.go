package tui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kontor/domain/importing"
	"kontor/tui/termsafe"
)

// Steps 4 to 6: Confirm (the counts; nothing is written before enter),
// Progress (rows/s and time left; esc cancels and the transaction rolls
// back) and Result (the import's id; the per-row report, the imported
// records, undo).

type runState struct {
	req    uint64
	cancel context.CancelFunc
	rows   int
	total  int
	start  time.Time
	// cancelling: esc was pressed, the rollback is under way; leave: the
	// wizard closes (or Kontor quits) once it is done.
	cancelling bool
	leave      bool
	quitApp    bool

	applied *importing.Applied
	err     error
	took    time.Duration

	askingReport bool
	reportInput  textinput.Model
	reportReq    uint64
	reportPath   string
	reportRows   int
	reportErr    error
}

func newRunState() runState {
	r := runState{}
	r.reportInput = newTextInput("Report: ", "path of the CSV report", 4096)
	return r
}

func (w *wizardPage) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, w.k.Back):
		return w.goTo(stepLinks)
	case key.Matches(msg, w.k.Import):
		if w.plan == nil {
			return nil
		}
		return w.startApply()
	}
	return nil
}

// startApply runs the plan in one transaction of the data file.
func (w *wizardPage) startApply() tea.Cmd {
	id := w.app.nextID()
	ctx, cancel := context.WithCancel(w.app.ctx)
	r := &w.run
	r.req, r.cancel, r.rows, r.total, r.start = id, cancel, 0, w.plan.Rows(), time.Now()
	r.cancelling, r.leave, r.applied, r.err = false, false, nil, nil
	r.reportPath, r.reportErr, r.reportRows = "", nil, 0
	w.step = stepProgress
	job, plan, files, store, info := w.job, w.plan, w.files, w.store, w.pv.Info
	return startTask(id, func(progress func(int)) tea.Msg {
		size, sum, err := files.Fingerprint(job.Path)
		if err != nil {
			return wizApplyMsg{id: id, err: err}
		}
		meta := job.Meta(filepath.Base(job.Path), size, sum, info, plan)
		applied, err := job.Run(ctx, store, meta, plan, nil, progress)
		return wizApplyMsg{id: id, applied: applied, err: err}
	})
}

func (w *wizardPage) progressKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, w.k.Cancel) && w.run.cancel != nil && !w.run.cancelling {
		w.run.cancelling = true
		w.run.cancel()
	}
	return nil
}

func (w *wizardPage) onApply(msg wizApplyMsg) tea.Cmd {
	r := &w.run
	if msg.id != r.req {
		return nil
	}
	r.req, r.cancel = 0, nil
	r.took = time.Since(r.start)
	if r.leave {
		w.closed = true
		if r.quitApp {
			return tea.Quit
		}
		return status("Import cancelled; nothing was written")
	}
	w.step = stepResult
	if msg.err != nil {
		r.err = msg.err
		if errors.Is(msg.err, context.Canceled) {
			return status("Import cancelled; nothing was written")
		}
		return statusErr("Import failed; nothing was written")
	}
	r.applied = msg.applied
	res := msg.applied.Result
	return tea.Batch(
		msgCmd(recordSavedMsg{t: w.plan.Mapping.Type, created: true}),
		status("Import %d: %d created, %d updated, %d skipped", msg.applied.ID, res.Created, res.Updated+res.Merged, res.Skipped),
	)
}

func (w *wizardPage) resultKey(msg tea.KeyPressMsg) tea.Cmd {
	r := &w.run
	if r.askingReport {
		switch msg.String() {
		case "esc":
			r.askingReport = false
			r.reportInput.Blur()
			return nil
		case "enter":
			p := strings.TrimSpace(r.reportInput.Value())
			if p == "" {
				return nil
			}
			r.askingReport = false
			r.reportInput.Blur()
			return w.writeReport(w.file.resolve(p))
		}
		var cmd tea.Cmd
		r.reportInput, cmd = r.reportInput.Update(msg)
		return cmd
	}
	k := &w.k
	if r.applied == nil {
		// failed or cancelled: back to the confirmation to try again
		switch {
		case key.Matches(msg, k.Back):
			w.step = stepConfirm
		case key.Matches(msg, k.Close):
			w.close()
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Report):
		r.askingReport = true
		r.reportInput.SetValue(w.defaultReportPath())
		r.reportInput.CursorEnd()
		return r.reportInput.Focus()
	case key.Matches(msg, k.Records):
		w.close()
		return msgCmd(showImportRecordsMsg{t: w.plan.Mapping.Type, importID: r.applied.ID})
	case key.Matches(msg, k.Undo):
		w.close()
		return msgCmd(openImportsMsg{selectID: r.applied.ID, undo: true})
	case key.Matches(msg, k.Close):
		w.close()
	}
	return nil
}

// defaultReportPath is next to the imported file.
func (w *wizardPage) defaultReportPath() string {
	base := strings.TrimSuffix(filepath.Base(w.job.Path), filepath.Ext(w.job.Path))
	return filepath.Join(filepath.Dir(w.job.Path), fmt.Sprintf("%s-import-%d-report.csv", base, w.run.applied.ID))
}

// writeReport writes the per-row report of the import: each row's cells
// and what happened to it.
func (w *wizardPage) writeReport(path string) tea.Cmd {
	id := w.app.nextID()
	w.run.reportReq, w.run.reportErr = id, nil
	job, plan, applied, files, headers, ctx := w.job, w.plan, w.run.applied, w.files, w.pv.Info.Headers, w.app.ctx
	return func() tea.Msg {
		rw, err := files.CreateReport(path, headers)
		if err != nil {
			return wizReportMsg{id: id, path: path, err: err}
		}
		n := 0
		err = job.Outcomes(ctx, plan, applied, func(o importing.Outcome) error {
			n++
			return rw.Write(o)
		})
		if err != nil {
			rw.Discard()
			return wizReportMsg{id: id, path: path, err: err}
		}
		if err := rw.Close(); err != nil {
			return wizReportMsg{id: id, path: path, err: err}
		}
		return wizReportMsg{id: id, path: path, rows: n}
	}
}

func (r *runState) onReport(msg wizReportMsg) tea.Cmd {
	if msg.id != r.reportReq {
		return nil
	}
	r.reportReq = 0
	if msg.err != nil {
		r.reportErr = msg.err
		return statusErr("write the report: %v", msg.err)
	}
	r.reportPath, r.reportRows = msg.path, msg.rows
	return status("Report written to %s", msg.path)
}

func (r *runState) keys(w *wizardPage, k *wizKeys) {
	if r.askingReport {
		enable(true, &k.Open, &k.Back)
		k.Open.SetHelp("enter", "write")
		k.Back.SetHelp("esc", "cancel")
		return
	}
	enable(true, &k.Close)
	enable(false, &k.Quit)
	if r.applied == nil {
		enable(true, &k.Back)
		k.Back.SetHelp("esc", "back to confirm")
		k.Close.SetHelp("q", "close")
		return
	}
	k.Close.SetHelp("esc/q", "close")
	enable(true, &k.Report, &k.Records, &k.Undo)
}

// --- views ---

func (w *wizardPage) confirmView() string {
	st := w.st()
	lines := []string{"", st.Section.Render("Confirm")}
	if w.plan == nil {
		return strings.Join(append(lines, "", w.planStatus()), "\n")
	}
	p := w.plan
	c := p.Counts()
	t := p.Mapping.Type
	row := func(label, value string) string { return "  " + st.Label.Render(fit(label, 16)) + value }
	lines = append(lines, "",
		row("File", w.fileLabel()+st.Subtle.Render(fmt.Sprintf(" · %s · %s", t.Plural(), plural(c.Rows, "row", "rows")))),
		"",
		row("Create", plural(c.Create, string(t), t.Plural())),
		row("Update", plural(c.Update, "existing "+string(t), "existing "+t.Plural())+st.Subtle.Render(" (fill empty or overwrite, as decided)")),
	)
	if c.Merged > 0 {
		lines = append(lines, row("Merge", plural(c.Merged, "row", "rows")+" into an earlier row of the file"))
	}
	lines = append(lines,
		row("Skip", plural(c.Skip, "duplicate row", "duplicate rows")),
		row("Errors", plural(c.Failed, "row cannot be imported", "rows cannot be imported")+st.Subtle.Render(fmt.Sprintf(" · %s with rejected values", plural(c.WithErrors, "row", "rows")))),
		row("New companies", thousands(c.NewCompanies)),
		row("New fields", fmt.Sprintf("%d custom", c.NewCustomFields)),
	)
	if c.NewStages > 0 {
		lines = append(lines, row("New stages", thousands(c.NewStages)))
	}
	if c.Ambiguous > 0 {
		lines = append(lines, row("Ambiguous", plural(c.Ambiguous, "link", "links")+" left unlinked"))
	}
	lines = append(lines, "", st.Title.Render("Nothing has been written yet.")+" enter imports in one transaction into",
		"  "+truncLeft(termsafe.Clean(w.app.store.Path()), max(10, w.width-2)),
		st.Subtle.Render("It can be undone later from :imports. esc goes back."))
	return strings.Join(lines, "\n")
}

func (w *wizardPage) progressView() string {
	st := w.st()
	r := &w.run
	lines := []string{"", st.Section.Render("Importing ") + w.fileLabel(), ""}
	pct := 0.0
	if r.total > 0 {
		pct = float64(r.rows) / float64(r.total)
	}
	lines = append(lines, "  "+progressBar(st, pct, max(10, min(60, w.width-10)))+fmt.Sprintf(" %3.0f%%", pct*100), "")
	el := time.Since(r.start)
	info := fmt.Sprintf("  %s of %s rows", thousands(r.rows), thousands(r.total))
	if r.rows > 0 && el > 0 {
		rate := float64(r.rows) / el.Seconds()
		left := time.Duration(float64(r.total-r.rows)/rate) * time.Second
		info += fmt.Sprintf(" · %s rows/s · about %s left", thousands(int(rate)), left.Round(time.Second))
	}
	lines = append(lines, info, "")
	if r.cancelling {
		lines = append(lines, st.Error.Render("  Cancelling: rolling back, nothing will be written…"))
	} else {
		lines = append(lines, st.Subtle.Render("  One transaction: esc cancels and nothing is written."))
	}
	return strings.Join(lines, "\n")
}

func (w *wizardPage) resultView() string {
	st := w.st()
	r := &w.run
	lines := []string{""}
	if r.applied == nil {
		if errors.Is(r.err, context.Canceled) {
			lines = append(lines, st.Section.Render("Import cancelled"), "", "The transaction was rolled back: nothing was written.")
		} else {
			lines = append(lines, st.Section.Render("Import failed"), "")
			for _, s := range strings.Split(ansi.Wrap(errText(r.err), max(20, w.width-2), " "), "\n") {
				lines = append(lines, st.Error.Render(s))
			}
			lines = append(lines, "", "Nothing was written.")
		}
		lines = append(lines, "", st.Subtle.Render("esc goes back to the confirmation; q closes the wizard."))
		return strings.Join(lines, "\n")
	}
	res := r.applied.Result
	t := w.plan.Mapping.Type
	row := func(label, value string) string { return "  " + st.Label.Render(fit(label, 16)) + value }
	lines = append(lines, st.Section.Render(fmt.Sprintf("Import %d done", r.applied.ID))+st.Subtle.Render(fmt.Sprintf(" · %s in %s", w.fileLabel(), r.took.Round(time.Millisecond))), "",
		row("Created", plural(res.Created, string(t), t.Plural())),
		row("Updated", plural(res.Updated, "existing "+string(t), "existing "+t.Plural())),
	)
	if res.Merged > 0 {
		lines = append(lines, row("Merged", plural(res.Merged, "row", "rows")+" into earlier rows"))
	}
	lines = append(lines,
		row("Skipped", plural(res.Skipped, "duplicate row", "duplicate rows")),
		row("Failed", plural(res.Failed, "row", "rows")+st.Subtle.Render(fmt.Sprintf(" · %s with rejected values", plural(res.WithErrors, "row", "rows")))),
		row("New companies", thousands(res.CompaniesCreated)),
		row("New fields", thousands(res.FieldsCreated)),
	)
	if res.StagesCreated > 0 {
		lines = append(lines, row("New stages", thousands(res.StagesCreated)))
	}
	lines = append(lines, "")
	switch {
	case r.askingReport:
		lines = append(lines, r.reportInput.View())
	case r.reportReq != 0:
		lines = append(lines, st.Subtle.Render("Writing the report…"))
	case r.reportErr != nil:
		lines = append(lines, st.Error.Render("✗ "+cleanErr(r.reportErr)))
	case r.reportPath != "":
		lines = append(lines, "Report: "+truncLeft(termsafe.Clean(r.reportPath), max(10, w.width-20))+fmt.Sprintf(" (%s)", plural(r.reportRows, "row", "rows")))
	}
	lines = append(lines, "", st.Subtle.Render(fmt.Sprintf("enter shows the imported %s · r writes the per-row report · u undoes import %d", t.Plural(), r.applied.ID)))
	return strings.Join(lines, "\n")
}

// progressBar draws a bar of width cells, done share filled. (bubbles'
// progress needs an animation library the module does not carry; a bar
// that follows the row count needs no animation.)
func progressBar(st *Styles, done float64, width int) string {
	n := int(done*float64(width) + 0.5)
	n = max(0, min(width, n))
	return st.Title.Render(strings.Repeat("█", n)) + st.Subtle.Render(strings.Repeat("░", width-n))
}
