package tui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"kontor/domain"
	"kontor/domain/importing"
	"kontor/tui/termsafe"
)

// Step 3, Links & duplicates: the duplicate groups the plan found, each
// shown side by side field by field with the differences marked and the
// reason; a decision per group (skip, fill empty, overwrite, create
// anyway) and a default for the rest; the rows with errors; the companies
// to be created and the links that matched several records.

type linksSection int

const (
	secGroups linksSection = iota
	secErrors
	secLinks
)

var sectionNames = []string{"Duplicates", "Errors", "Companies & links"}

// sideRecord is one record of a group: a row of the file or a record of
// the data file, as labelled values.
type sideRecord struct {
	title  string
	values []string // by sideLabels index
}

type linksStep struct {
	section      linksSection
	cursor       int
	offset       int
	possibleOnly bool

	recReq   uint64
	recGroup int // the group whose data-file records are loaded, -1: none
	records  []sideRecord
	recErr   error
}

func newLinksStep() linksStep { return linksStep{recGroup: -1} }

// groups are the groups listed under the current filter.
func (l *linksStep) groups(plan *importing.Plan) []*importing.Group {
	if plan == nil {
		return nil
	}
	var out []*importing.Group
	for _, g := range plan.Groups {
		if !l.possibleOnly || g.Possible {
			out = append(out, g)
		}
	}
	return out
}

// enter is called when the step shows (or its plan arrives): load the
// data-file records of the selected group.
func (l *linksStep) enter(w *wizardPage) tea.Cmd {
	gs := l.groups(w.plan)
	l.cursor = max(0, min(l.cursor, len(gs)-1))
	if l.section != secGroups || len(gs) == 0 {
		return nil
	}
	g := gs[l.cursor]
	if g.ID == l.recGroup || len(g.Existing) == 0 {
		if len(g.Existing) == 0 {
			l.recGroup, l.records, l.recErr = g.ID, nil, nil
		}
		return nil
	}
	id := w.app.nextID()
	l.recReq, l.recGroup, l.records, l.recErr = id, g.ID, nil, nil
	store, ctx, t := w.app.store, w.app.ctx, w.plan.Mapping.Type
	ids := slices.Clone(g.Existing)
	if len(ids) > 3 {
		ids = ids[:3]
	}
	group := g.ID
	return func() tea.Msg {
		var recs []sideRecord
		for _, rid := range ids {
			r, err := loadSide(ctx, store, t, rid)
			if err != nil {
				return wizRecordsMsg{id: id, group: group, err: err}
			}
			recs = append(recs, r)
		}
		return wizRecordsMsg{id: id, group: group, records: recs}
	}
}

func (l *linksStep) onRecords(msg wizRecordsMsg) {
	if msg.id != l.recReq {
		return
	}
	l.recReq = 0
	l.records, l.recErr = msg.records, msg.err
}

func loadSide(ctx context.Context, s domain.Store, t domain.RecordType, id domain.ID) (sideRecord, error) {
	title := fmt.Sprintf("%s %d (in Kontor)", t, id)
	switch t {
	case domain.TypePerson:
		p, err := s.GetPerson(ctx, id)
		return sideRecord{title: title, values: personValues(p, p.Company)}, err
	case domain.TypeCompany:
		c, err := s.GetCompany(ctx, id)
		return sideRecord{title: title, values: companyValues(c)}, err
	}
	d, err := s.GetDeal(ctx, id)
	return sideRecord{title: title, values: dealValues(d, d.Company, d.Person, d.Stage)}, err
}

// sideLabels are the fields compared side by side, per type.
func sideLabels(t domain.RecordType) []string {
	switch t {
	case domain.TypePerson:
		return []string{"Name", "E-mails", "Phones", "Title", "Company", "City", "Country", "Birthday", "Source id"}
	case domain.TypeCompany:
		return []string{"Name", "Domain", "Phone", "E-mail", "Tax ids", "City", "Country", "Industry", "Source id"}
	}
	return []string{"Title", "Company", "Person", "Stage", "Amount", "Close date", "Probability", "Source id"}
}

func personValues(p domain.Person, company string) []string {
	var emails, phones []string
	for _, e := range p.Emails {
		emails = append(emails, e.Address)
	}
	for _, ph := range p.Phones {
		phones = append(phones, importing.DisplayPhone(ph))
	}
	bd := ""
	if !p.Birthday.IsZero() {
		bd = p.Birthday.String()
	}
	return []string{p.Name(), strings.Join(emails, ", "), strings.Join(phones, ", "), p.Title, company, p.Address.City, p.Address.Country, bd, p.SourceID}
}

func companyValues(c domain.Company) []string {
	var tax []string
	for _, t := range c.TaxIDs {
		tax = append(tax, t.Kind+" "+t.Value)
	}
	phone := ""
	if c.Phone != (domain.Phone{}) {
		phone = importing.DisplayPhone(c.Phone)
	}
	return []string{c.Name, c.Domain, phone, c.Email, strings.Join(tax, ", "), c.Address.City, c.Address.Country, c.Industry, c.SourceID}
}

func dealValues(d domain.Deal, company, person, stage string) []string {
	amount, cd, prob := "", "", ""
	if d.Amount != nil {
		amount = d.Amount.String()
	}
	if !d.CloseDate.IsZero() {
		cd = d.CloseDate.String()
	}
	if d.Probability != nil {
		prob = strconv.Itoa(*d.Probability) + "%"
	}
	return []string{d.Title, company, person, stage, amount, cd, prob, d.SourceID}
}

func rowSide(plan *importing.Plan, row int) sideRecord {
	title := fmt.Sprintf("line %d", plan.Line(row))
	rec, ok := plan.Record(row)
	if !ok {
		return sideRecord{title: title}
	}
	switch rec.Type {
	case domain.TypePerson:
		return sideRecord{title: title, values: personValues(rec.Person, rec.CompanyRef)}
	case domain.TypeCompany:
		return sideRecord{title: title, values: companyValues(rec.Company)}
	}
	person := rec.PersonRef
	if person == "" {
		person = rec.PersonEmailRef
	}
	return sideRecord{title: title, values: dealValues(rec.Deal, rec.CompanyRef, person, rec.StageRef)}
}

func decisionWord(d importing.Decision) string {
	switch d {
	case importing.DecideFill:
		return "fill empty"
	case importing.DecideOverwrite:
		return "overwrite"
	case importing.DecideCreate:
		return "create anyway"
	}
	return "skip"
}

func (w *wizardPage) linksKey(msg tea.KeyPressMsg) tea.Cmd {
	l, k := &w.links, &w.k
	switch {
	case key.Matches(msg, k.Back):
		return w.goTo(stepFields)
	case key.Matches(msg, k.Next):
		if w.plan == nil {
			return nil
		}
		return w.goTo(stepConfirm)
	}
	if w.plan == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Section):
		l.section = (l.section + 1) % 3
		l.cursor, l.offset = 0, 0
		return l.enter(w)
	case msg.String() == "1", msg.String() == "2", msg.String() == "3":
		l.section = linksSection(msg.String()[0] - '1')
		l.cursor, l.offset = 0, 0
		return l.enter(w)
	case key.Matches(msg, k.Up):
		l.cursor = max(0, l.cursor-1)
		return l.enter(w)
	case key.Matches(msg, k.Down):
		l.cursor = min(max(0, l.listLen(w)-1), l.cursor+1)
		return l.enter(w)
	}
	if l.section != secGroups {
		return nil
	}
	gs := l.groups(w.plan)
	var d importing.Decision
	switch msg.String() {
	case "p":
		l.possibleOnly = !l.possibleOnly
		l.cursor, l.offset = 0, 0
		return l.enter(w)
	case "s", "S":
		d = importing.DecideSkip
	case "f", "F":
		d = importing.DecideFill
	case "o", "O":
		d = importing.DecideOverwrite
	case "c", "C":
		d = importing.DecideCreate
	default:
		return nil
	}
	if msg.String() == strings.ToUpper(msg.String()) {
		// a default for every group not decided one by one, of the kind
		// listed (possible duplicates when filtered to them)
		w.defaults[l.possibleOnly] = d
		w.applyDecisions()
		return status("Every remaining %s group: %s", map[bool]string{false: "duplicate", true: "possible-duplicate"}[l.possibleOnly], decisionWord(d))
	}
	if len(gs) == 0 {
		return nil
	}
	g := gs[l.cursor]
	w.plan.SetDecision(g.ID, d)
	w.decisions[g.Rows[0]] = d
	if l.cursor < len(gs)-1 {
		l.cursor++
		return l.enter(w)
	}
	return nil
}

func (l *linksStep) listLen(w *wizardPage) int {
	switch l.section {
	case secGroups:
		return len(l.groups(w.plan))
	case secErrors:
		return len(w.plan.Issues)
	}
	return len(w.plan.NewCompanies) + len(w.plan.Ambiguous) + len(w.plan.NewStages) + len(w.plan.NewCustomFields)
}

func (l *linksStep) keys(w *wizardPage, k *wizKeys) {
	enable(true, &k.Back)
	if w.plan == nil {
		return
	}
	enable(true, &k.Next, &k.Section)
	n := l.listLen(w)
	enable(n > 0, &k.Up, &k.Down)
	groups := l.section == secGroups
	enable(groups && n > 0, &k.Skip1, &k.Fill1, &k.Overwrite1, &k.Create1)
	enable(groups, &k.Possible, &k.DefaultD)
	if l.possibleOnly {
		k.Possible.SetHelp("p", "all groups")
	} else {
		k.Possible.SetHelp("p", "possible only")
	}
}

// --- view ---

func (l *linksStep) view(w *wizardPage) string {
	st := w.st()
	lines := []string{""}
	switch {
	case w.planErr != nil:
		lines = append(lines, st.Section.Render("Links & duplicates"), "", st.Error.Render("✗ The file cannot be planned:"))
		for _, s := range strings.Split(ansi.Wrap(errText(w.planErr), max(20, w.width-2), " "), "\n") {
			lines = append(lines, st.Error.Render(s))
		}
		lines = append(lines, "", "Nothing will be written. esc goes back to change how the file is read or mapped.")
		return strings.Join(lines, "\n")
	case w.plan == nil:
		lines = append(lines, st.Section.Render("Links & duplicates"), "", w.planStatus(), st.Subtle.Render("The lists appear when every row is planned; esc goes back meanwhile."))
		return strings.Join(lines, "\n")
	}
	p := w.plan
	c := p.Counts()
	lines = append(lines, st.Section.Render("Links & duplicates")+" "+st.Subtle.Render(fmt.Sprintf("· %s (%d possible) · %s with errors · %s",
		plural(c.Groups+c.Possible, "group", "groups"), c.Possible, thousands(c.Failed+c.WithErrors), plural(c.NewCompanies, "new company", "new companies"))))
	var tabs []string
	for i, n := range sectionNames {
		label := fmt.Sprintf(" %d %s ", i+1, n)
		if linksSection(i) == l.section {
			tabs = append(tabs, st.TabActive.Render(label))
		} else {
			tabs = append(tabs, st.Tab.Render(label))
		}
	}
	lines = append(lines, strings.Join(tabs, " "))
	switch l.section {
	case secGroups:
		lines = append(lines, l.groupsView(w)...)
	case secErrors:
		lines = append(lines, l.errorsView(w)...)
	case secLinks:
		lines = append(lines, l.linksView(w)...)
	}
	return strings.Join(lines, "\n")
}

func (l *linksStep) groupsView(w *wizardPage) []string {
	st := w.st()
	p := w.plan
	gs := l.groups(p)
	def := func(possible bool) string {
		d, ok := w.defaults[possible]
		if !ok {
			if possible {
				return "create anyway"
			}
			return decisionWord(p.Options.OnDuplicate)
		}
		return decisionWord(d)
	}
	filter := "all groups"
	if l.possibleOnly {
		filter = "possible duplicates only"
	}
	lines := []string{st.Subtle.Render(fmt.Sprintf("Showing %s · default: %s (possible: %s)", filter, def(false), def(true)))}
	if len(gs) == 0 {
		return append(lines, "", "No duplicates found.")
	}
	listRoom := max(2, min(len(gs), (w.height-6)/3))
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+listRoom {
		l.offset = l.cursor - listRoom + 1
	}
	for i := l.offset; i < len(gs) && i < l.offset+listRoom; i++ {
		g := gs[i]
		var reasons []string
		for _, r := range g.Reasons {
			reasons = append(reasons, r.String())
		}
		why := strings.Join(reasons, ", ")
		if g.Possible {
			why = fmt.Sprintf("possible: %s, score %.2f", why, g.Score)
		}
		what := plural(len(g.Rows), "row", "rows")
		if len(g.Existing) > 0 {
			what += fmt.Sprintf(" + %s in Kontor", plural(len(g.Existing), string(p.Mapping.Type), p.Mapping.Type.Plural()))
		}
		name := ""
		if rec, ok := p.Record(g.Rows[0]); ok {
			name = termsafe.Clean(importRecordName(rec))
		}
		const dw = 13
		infoW := max(10, (w.width-2-dw-2)*45/100)
		nameW := max(8, w.width-2-dw-2-infoW)
		line := fit(fmt.Sprintf("#%d %s", g.ID+1, name), nameW) + " " + st.Subtle.Render(fit(what+" · "+why, infoW)) + " " + fitRight(decisionWord(g.Decision), dw)
		if i == l.cursor {
			lines = append(lines, st.Selected.Render("> ")+line)
		} else {
			lines = append(lines, "  "+line)
		}
	}
	if len(gs) > listRoom {
		lines = append(lines, st.Subtle.Render(fmt.Sprintf("  %d of %d groups", l.cursor+1, len(gs))))
	}
	g := gs[l.cursor]
	lines = append(lines, "", st.Label.Render(ansi.Truncate(termsafe.Clean(p.Describe(g, g.Rows[len(g.Rows)-1])), w.width, ellipsis)))
	lines = append(lines, l.sideBySide(w, g)...)
	return lines
}

func importRecordName(r *importing.Record) string {
	switch r.Type {
	case domain.TypePerson:
		if n := r.Person.Name(); n != "" {
			return n
		}
		return r.Person.PrimaryEmail()
	case domain.TypeCompany:
		return r.Company.Name
	}
	return r.Deal.Title
}

// sideBySide shows the group's records in columns, field by field; a
// field whose values differ is marked.
func (l *linksStep) sideBySide(w *wizardPage, g *importing.Group) []string {
	st := w.st()
	p := w.plan
	var recs []sideRecord
	if len(g.Existing) > 0 {
		switch {
		case l.recGroup == g.ID && l.recErr != nil:
			return []string{st.Error.Render("✗ read the records in Kontor: " + cleanErr(l.recErr))}
		case l.recGroup == g.ID && l.recReq == 0:
			recs = append(recs, l.records...)
		default:
			recs = append(recs, sideRecord{title: "loading…"})
		}
	}
	for _, r := range g.Rows {
		recs = append(recs, rowSide(p, r))
	}
	labels := sideLabels(p.Mapping.Type)
	const lw = 11
	ncol := max(1, min(len(recs), (w.width-lw-2)/18))
	more := len(recs) - ncol
	recs = recs[:ncol]
	cw := max(10, (w.width-lw-2)/ncol-1)
	head := "  " + fit("", lw)
	for _, r := range recs {
		head += " " + fit(r.title, cw)
	}
	out := []string{st.Header.Render(head)}
	for i, label := range labels {
		var vals []string
		empty := true
		for _, r := range recs {
			v := ""
			if i < len(r.values) {
				v = r.values[i]
			}
			if v != "" {
				empty = false
			}
			vals = append(vals, v)
		}
		if empty {
			continue
		}
		differ := false
		for _, v := range vals[1:] {
			if domain.Fold(v) != domain.Fold(vals[0]) {
				differ = true
			}
		}
		mark := "  "
		if differ {
			mark = st.Error.Render("≠ ")
		}
		line := mark + st.Label.Render(fit(label, lw))
		for _, v := range vals {
			cell := fit(termsafe.Clean(v), cw)
			if differ && v != "" {
				cell = st.Title.Render(cell)
			}
			line += " " + cell
		}
		out = append(out, line)
	}
	if more > 0 {
		out = append(out, st.Subtle.Render(fmt.Sprintf("  and %d more (widen the terminal to see them)", more)))
	}
	return out
}

func (l *linksStep) errorsView(w *wizardPage) []string {
	st := w.st()
	p := w.plan
	c := p.Counts()
	lines := []string{st.Subtle.Render(fmt.Sprintf("%s cannot be imported; %s some values rejected (left out, the rest imported)",
		plural(c.Failed, "row", "rows"), plural(c.WithErrors, "row has", "rows have")))}
	if len(p.Issues) == 0 {
		return append(lines, "", "No problems found.")
	}
	room := max(2, w.height-6)
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+room {
		l.offset = l.cursor - room + 1
	}
	for i := l.offset; i < len(p.Issues) && i < l.offset+room; i++ {
		is := p.Issues[i]
		where := fmt.Sprintf("line %d", is.Line)
		if is.Header != "" {
			where += " · " + termsafe.Clean(is.Header)
		}
		what := termsafe.Clean(is.Message)
		if is.Value != "" {
			what = "“" + termsafe.Clean(is.Value) + "” " + what
		}
		sev := st.Subtle.Render("warning ")
		if is.Severity == importing.SevError {
			sev = st.Error.Render("error   ")
		}
		if is.Column < 0 {
			sev = st.Error.Render("skipped ")
		}
		line := sev + fit(where, 24) + " " + what
		if i == l.cursor {
			line = st.Selected.Render("> ") + line
		} else {
			line = "  " + line
		}
		lines = append(lines, ansi.Truncate(line, w.width, ellipsis))
	}
	if p.IssueCount > len(p.Issues) {
		lines = append(lines, st.Subtle.Render(fmt.Sprintf("  …and %d more in the per-row report", p.IssueCount-len(p.Issues))))
	}
	return lines
}

func (l *linksStep) linksView(w *wizardPage) []string {
	st := w.st()
	p := w.plan
	var items []string
	for _, nc := range p.NewCompanies {
		items = append(items, "new company   "+termsafe.Clean(nc.Name)+st.Subtle.Render(" · "+plural(nc.Rows, "row links", "rows link")+" to it"))
	}
	for _, a := range p.Ambiguous {
		items = append(items, st.Error.Render("ambiguous     ")+fmt.Sprintf("line %d: %s “%s” matches %d records; left unlinked", p.Line(a.Row), a.Field, termsafe.Clean(a.Text), len(a.Candidates)))
	}
	for _, s := range p.NewStages {
		items = append(items, "new stage     "+termsafe.Clean(s.Name)+st.Subtle.Render(" · "+plural(s.Rows, "row", "rows")))
	}
	for _, f := range p.NewCustomFields {
		items = append(items, "new field     "+termsafe.Clean(f.Label)+st.Subtle.Render(" ("+string(f.Type)+")"))
	}
	lines := []string{st.Subtle.Render(fmt.Sprintf("%s to create · %s", plural(len(p.NewCompanies), "company", "companies"), plural(len(p.Ambiguous), "ambiguous link", "ambiguous links")))}
	if len(items) == 0 {
		return append(lines, "", "Every link found its record; nothing new to create.")
	}
	room := max(2, w.height-6)
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+room {
		l.offset = l.cursor - room + 1
	}
	for i := l.offset; i < len(items) && i < l.offset+room; i++ {
		prefix := "  "
		if i == l.cursor {
			prefix = st.Selected.Render("> ")
		}
		lines = append(lines, ansi.Truncate(prefix+items[i], w.width, ellipsis))
	}
	return lines
}
