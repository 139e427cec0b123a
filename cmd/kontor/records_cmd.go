package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"kontor/domain"
	"kontor/tui/termsafe"
)

// `kontor people|companies|deals show|delete`, and the human form of one
// record that show, add and update print.

func (a *app) showCmd(t domain.RecordType) *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: fmt.Sprintf("Show every field of one %s and its related records", t),
		Long: fmt.Sprintf(`Show every field of %s ID, custom fields included, and the records linked to it
(a company's people and deals, a person's deals). --json prints the object that
list --json prints for it. Exit status 4 when there is no such %s.`, t, t),
		Example: fmt.Sprintf("  kontor %[1]s show 12\n  kontor %[1]s show 12 --json | jq .custom", t.Plural()),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			store, err := a.openStore(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer store.Close()
			rec, err := getRecord(cmd.Context(), store, t, id)
			if err != nil {
				return err
			}
			return a.printRecord(cmd.Context(), store, rec, jsonOut)
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print the record as a JSON object")
	return cmd
}

// getRecord reads one record of any type.
func getRecord(ctx context.Context, store domain.Store, t domain.RecordType, id domain.ID) (any, error) {
	switch t {
	case domain.TypePerson:
		return store.GetPerson(ctx, id)
	case domain.TypeCompany:
		return store.GetCompany(ctx, id)
	}
	return store.GetDeal(ctx, id)
}

// recordJSON is the --json object of a record.
func recordJSON(rec any) any {
	switch r := rec.(type) {
	case domain.Person:
		return personToJSON(r)
	case domain.Company:
		return companyToJSON(r)
	case domain.Deal:
		return dealToJSON(r)
	}
	return nil
}

// printRecord prints a record as JSON or for people, with its related
// records.
func (a *app) printRecord(ctx context.Context, store domain.Store, rec any, jsonOut bool) error {
	if jsonOut {
		return writeJSON(a.io.out, recordJSON(rec))
	}
	return writeRecordHuman(ctx, a.io.out, store, rec, terminalWidth(a.io.out, a.getenv))
}

// detail collects label/value lines and prints them aligned. Values are
// made safe for the terminal as they are added.
type detail struct {
	labels []string
	values [][]string // lines of each value
}

// add adds a one-line value (line breaks in it are shown as ↵).
func (d *detail) add(label, value string) { d.addLines(label, []string{value}) }

// addLines adds a value of several lines (e-mails, phones), each one-line.
func (d *detail) addLines(label string, lines []string) {
	clean := make([]string, len(lines))
	for i, l := range lines {
		clean[i] = termsafe.Clean(l)
	}
	d.labels = append(d.labels, label)
	d.values = append(d.values, clean)
}

// addText adds multi-line text (notes), its line breaks kept.
func (d *detail) addText(label, text string) {
	d.labels = append(d.labels, label)
	d.values = append(d.values, strings.Split(termsafe.Text(text), "\n"))
}

func (d *detail) write(w io.Writer) error {
	width := 0
	for _, l := range d.labels {
		width = max(width, ansi.StringWidth(l))
	}
	var b strings.Builder
	for i, l := range d.labels {
		lines := d.values[i]
		if len(lines) == 0 {
			lines = []string{""}
		}
		for j, line := range lines {
			label := ""
			if j == 0 {
				label = l
			}
			s := label + strings.Repeat(" ", width-ansi.StringWidth(label)) + "  " + line
			b.WriteString(strings.TrimRight(s, " "))
			b.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// humanTime shows a timestamp in UTC to the second.
func humanTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

func refText(name string, t domain.RecordType, id domain.ID) string {
	if id == 0 {
		return ""
	}
	return fmt.Sprintf("%s (%s %d)", name, t, id)
}

func labelled(value, label string) string {
	if label == "" {
		return value
	}
	return value + " (" + label + ")"
}

func optInt(n *int) string {
	if n == nil {
		return ""
	}
	return fmt.Sprint(*n)
}

// addCustom adds the custom values in field order, then any value under a
// key no field defines.
func addCustom(d *detail, defs []domain.CustomField, c domain.CustomValues) {
	seen := map[string]bool{}
	for _, f := range defs {
		seen[f.Key] = true
		d.add(termsafe.Clean(f.Label), domain.FormatCustom(c[f.Key]))
	}
	var extra []string
	for k := range c {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		d.add("custom."+k, domain.FormatCustom(c[k]))
	}
}

func addMeta(d *detail, m domain.Meta) {
	d.add("Source id", m.SourceID)
	imp := ""
	if m.ImportID != 0 {
		imp = fmt.Sprint(m.ImportID)
	}
	d.add("Import", imp)
	d.add("Created", humanTime(m.CreatedAt))
	d.add("Updated", humanTime(m.UpdatedAt))
}

func addAddress(d *detail, a domain.Address) {
	d.add("Street", a.Street)
	d.add("City", a.City)
	d.add("Postal code", a.PostalCode)
	d.add("Region", a.Region)
	d.add("Country", a.Country)
}

// relatedShown is how many related records show prints of each kind.
const relatedShown = 20

// writeRecordHuman prints every field of a record, one a line, then its
// related records as tables.
func writeRecordHuman(ctx context.Context, w io.Writer, store domain.Store, rec any, width int) error {
	var d detail
	var t domain.RecordType
	var id domain.ID
	switch r := rec.(type) {
	case domain.Person:
		t, id = domain.TypePerson, r.ID
		d.add("First name", r.FirstName)
		d.add("Last name", r.LastName)
		d.add("Company", refText(r.Company, domain.TypeCompany, r.CompanyID))
		d.add("Title", r.Title)
		var emails, phones []string
		for _, e := range r.Emails {
			emails = append(emails, labelled(e.Address, e.Label))
		}
		for _, ph := range r.Phones {
			phones = append(phones, labelled(ph.Display(), ph.Label))
		}
		d.addLines("E-mails", emails)
		d.addLines("Phones", phones)
		addAddress(&d, r.Address)
		d.add("Birthday", r.Birthday.String())
		if err := addCustomOf(ctx, store, &d, t, r.Custom); err != nil {
			return err
		}
		d.addText("Notes", r.Notes)
		addMeta(&d, r.Meta)
	case domain.Company:
		t, id = domain.TypeCompany, r.ID
		d.add("Name", r.Name)
		d.add("Domain", r.Domain)
		d.add("Website", r.Website)
		var taxIDs []string
		for _, x := range r.TaxIDs {
			taxIDs = append(taxIDs, x.Kind+" "+x.Value)
		}
		d.addLines("Tax ids", taxIDs)
		d.add("Phone", labelled(r.Phone.Display(), r.Phone.Label))
		d.add("E-mail", r.Email)
		addAddress(&d, r.Address)
		d.add("Industry", r.Industry)
		d.add("Employees", optInt(r.Employees))
		if err := addCustomOf(ctx, store, &d, t, r.Custom); err != nil {
			return err
		}
		d.addText("Notes", r.Notes)
		addMeta(&d, r.Meta)
	case domain.Deal:
		t, id = domain.TypeDeal, r.ID
		d.add("Title", r.Title)
		d.add("Company", refText(r.Company, domain.TypeCompany, r.CompanyID))
		d.add("Person", refText(r.Person, domain.TypePerson, r.PersonID))
		d.add("Stage", r.Stage)
		amount := ""
		if r.Amount != nil {
			amount = r.Amount.String()
		}
		d.add("Amount", amount)
		d.add("Close date", r.CloseDate.String())
		d.add("Probability", optInt(r.Probability))
		if err := addCustomOf(ctx, store, &d, t, r.Custom); err != nil {
			return err
		}
		d.addText("Notes", r.Notes)
		addMeta(&d, r.Meta)
	default:
		return fmt.Errorf("cannot print %T", rec)
	}
	if _, err := fmt.Fprintf(w, "%s %d\n", t, id); err != nil {
		return err
	}
	if err := d.write(w); err != nil {
		return err
	}
	return writeRelated(ctx, w, store, t, id, width)
}

func addCustomOf(ctx context.Context, store domain.Store, d *detail, t domain.RecordType, c domain.CustomValues) error {
	defs, err := store.ListCustomFields(ctx, t)
	if err != nil {
		return fmt.Errorf("read the custom fields of %s: %w", t.Plural(), err)
	}
	addCustom(d, defs, c)
	return nil
}

// writeRelated prints a company's people and deals, a person's deals: the
// count and the first relatedShown of each.
func writeRelated(ctx context.Context, w io.Writer, store domain.Store, t domain.RecordType, id domain.ID, width int) error {
	var people, deals bool
	q := domain.ListQuery{Limit: relatedShown}
	switch t {
	case domain.TypeCompany:
		people, deals = true, true
		q.CompanyID = id
	case domain.TypePerson:
		deals = true
		q.PersonID = id
	default:
		return nil
	}
	if people {
		n, err := store.CountPeople(ctx, q)
		if err != nil {
			return err
		}
		page, err := store.ListPeople(ctx, q)
		if err != nil {
			return err
		}
		if err := relatedTable(w, "People", n.N, domain.TypePerson, page.Items, width); err != nil {
			return err
		}
	}
	if deals {
		n, err := store.CountDeals(ctx, q)
		if err != nil {
			return err
		}
		page, err := store.ListDeals(ctx, q)
		if err != nil {
			return err
		}
		if err := relatedTable(w, "Deals", n.N, domain.TypeDeal, page.Items, width); err != nil {
			return err
		}
	}
	return nil
}

func relatedTable[T any](w io.Writer, title string, n int, t domain.RecordType, items []T, width int) error {
	if _, err := fmt.Fprintf(w, "\n%s (%d)\n", title, n); err != nil {
		return err
	}
	if len(items) == 0 {
		return nil
	}
	out := newTableOut(w, columnsFor(t), width)
	if err := out.begin(); err != nil {
		return err
	}
	for _, it := range items {
		if err := out.record(nil, tableCells(it)); err != nil {
			return err
		}
	}
	if n > len(items) {
		_, err := fmt.Fprintf(w, "… and %d more: kontor %s list with --json and jq, or the UI\n", n-len(items), t.Plural())
		return err
	}
	return nil
}

func (a *app) deleteCmd(t domain.RecordType) *cobra.Command {
	var yes, detach, jsonOut bool
	long := fmt.Sprintf(`Delete %s ID. On a terminal you are asked first; elsewhere (scripts, cron) --yes
is required. Exit status 4 when there is no such %s.`, t, t)
	example := fmt.Sprintf("  kontor %[1]s delete 12\n  kontor %[1]s delete 12 --yes", t.Plural())
	switch t {
	case domain.TypeCompany:
		long += `

A company that people or deals are linked to is not deleted unless --detach is
given: then they stay, without a company.`
		example += "\n  kontor companies delete 3 --detach --yes"
	case domain.TypePerson:
		long += `

A person that deals are linked to is not deleted unless --detach is given: then
the deals stay, without a contact person.`
		example += "\n  kontor people delete 12 --detach --yes"
	}
	cmd := &cobra.Command{
		Use:     "delete ID",
		Short:   fmt.Sprintf("Delete one %s", t),
		Long:    long,
		Example: example,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			store, err := a.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer store.Close()
			rec, err := getRecord(ctx, store, t, id)
			if err != nil {
				return err
			}
			name := recordName(rec)
			var deps domain.Dependents
			switch t {
			case domain.TypeCompany:
				deps, err = store.CompanyDependents(ctx, id)
			case domain.TypePerson:
				deps, err = store.PersonDependents(ctx, id)
			}
			if err != nil {
				return err
			}
			if deps.Any() && !detach {
				return usageErr("%s %d (%s) has %s linked to it: pass --detach to delete it and keep them unlinked",
					t, id, termsafe.Clean(name), dependentsText(deps))
			}
			if !yes {
				if !isTerminal(a.io.in) {
					return usageErr("not on a terminal: pass --yes to delete %s %d (%s)", t, id, termsafe.Clean(name))
				}
				prompt := fmt.Sprintf("Delete %s %d (%s)", t, id, termsafe.Clean(name))
				if deps.Any() {
					prompt += ", unlinking " + dependentsText(deps)
				}
				ok, err := a.confirm(prompt + "? [y/N] ")
				if err != nil {
					return err
				}
				if !ok {
					return &exitError{code: exitPartial, err: errors.New("not deleted")}
				}
			}
			mode := domain.DeleteIfUnlinked
			if detach {
				mode = domain.DeleteDetach
			}
			switch t {
			case domain.TypeCompany:
				err = store.DeleteCompany(ctx, id, mode)
			case domain.TypePerson:
				err = store.DeletePerson(ctx, id, mode)
			default:
				err = store.DeleteDeal(ctx, id)
			}
			var de *domain.DependentsError
			if errors.As(err, &de) { // linked in the meantime
				return usageErr("%v: pass --detach to delete it and keep them unlinked", err)
			}
			if err != nil {
				return err
			}
			if jsonOut {
				return writeJSON(a.io.out, deletedJSON{Deleted: true, Type: t, ID: id, Name: name, DetachedPeople: deps.People, DetachedDeals: deps.Deals})
			}
			msg := fmt.Sprintf("deleted %s %d (%s)", t, id, termsafe.Clean(name))
			if deps.Any() {
				msg += "; unlinked " + dependentsText(deps)
			}
			_, err = fmt.Fprintln(a.io.out, msg)
			return err
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	if t != domain.TypeDeal {
		cmd.Flags().BoolVar(&detach, "detach", false, "also delete when records are linked to it (they stay, unlinked)")
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print the outcome as a JSON object")
	return cmd
}

type deletedJSON struct {
	Deleted        bool              `json:"deleted"`
	Type           domain.RecordType `json:"type"`
	ID             domain.ID         `json:"id"`
	Name           string            `json:"name"`
	DetachedPeople int               `json:"detached_people"`
	DetachedDeals  int               `json:"detached_deals"`
}

// recordName is how a record is named in messages.
func recordName(rec any) string {
	switch r := rec.(type) {
	case domain.Person:
		if n := r.Name(); n != "" {
			return n
		}
		return r.PrimaryEmail()
	case domain.Company:
		return r.Name
	case domain.Deal:
		return r.Title
	}
	return ""
}

func dependentsText(d domain.Dependents) string {
	var parts []string
	if d.People > 0 {
		parts = append(parts, countText(d.People, "person", "people"))
	}
	if d.Deals > 0 {
		parts = append(parts, countText(d.Deals, "deal", "deals"))
	}
	return strings.Join(parts, " and ")
}

func countText(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
