package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"kontor/domain"
	"kontor/domain/importing"
	"kontor/storage/sqlstore"
	"kontor/tui/termsafe"
)

// Links named on the command line: a company by id or name, a person by
// id, e-mail address or name, a stage by name or id. A name that matches
// nothing, or several records, is a problem of the flag (a message), not
// an error of the command.

// maxNamed is how many candidates an ambiguity message lists.
const maxNamed = 5

// resolveCompany finds the company a --company value names. "" unlinks
// (id 0). A number is an id when such a company exists; otherwise the value
// is a name, matched by the company-name key (domain.CompanyNameKey): one
// match links to it, several are a problem unless exactly one has the very
// same name and legal form; none is a problem, or, with create, a new
// company of that name.
func resolveCompany(ctx context.Context, store *sqlstore.Store, value string, create bool) (domain.ID, *domain.Company, string, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return 0, nil, "", nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
		if _, err := store.GetCompany(ctx, domain.ID(n)); err == nil {
			return domain.ID(n), nil, "", nil
		}
	}
	key := domain.ParseCompanyName(v)
	if key.Base == "" {
		return 0, nil, fmt.Sprintf("%q is not a company name or id", value), nil
	}
	found, err := store.CompaniesByNameKey(ctx, []string{key.Base})
	if err != nil {
		return 0, nil, "", fmt.Errorf("find company %q: %w", v, err)
	}
	var matches []importing.CompanyRef
	for _, c := range found[key.Base] {
		if domain.ParseCompanyName(c.Name).Matches(key) {
			matches = append(matches, c)
		}
	}
	if len(matches) > 1 {
		var exact []importing.CompanyRef
		for _, c := range matches {
			if domain.ParseCompanyName(c.Name).Full() == key.Full() {
				exact = append(exact, c)
			}
		}
		if len(exact) == 1 {
			matches = exact
		}
	}
	switch {
	case len(matches) == 1:
		return matches[0].ID, nil, "", nil
	case len(matches) > 1:
		names := make([]string, 0, maxNamed)
		for i, c := range matches {
			if i == maxNamed {
				names = append(names, "…")
				break
			}
			names = append(names, fmt.Sprintf("%d %s", c.ID, termsafe.Clean(c.Name)))
		}
		return 0, nil, fmt.Sprintf("%q matches %d companies (%s): give the id", value, len(matches), strings.Join(names, ", ")), nil
	case create:
		return 0, &domain.Company{Name: v}, "", nil
	}
	return 0, nil, fmt.Sprintf("there is no company %q: add it first (kontor companies add --name %q) or pass --create-company", value, v), nil
}

// resolvePerson finds the person a --person value names: an id, an e-mail
// address (any of a person's), or a name (first and last in either order,
// case and accents ignored). When a name or address fits several people,
// the one at companyID (the deal's company) is taken if there is exactly
// one.
func resolvePerson(ctx context.Context, store *sqlstore.Store, value string, companyID domain.ID) (domain.ID, string, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return 0, "", nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
		if _, err := store.GetPerson(ctx, domain.ID(n)); err == nil {
			return domain.ID(n), "", nil
		}
		return 0, fmt.Sprintf("there is no person %d", n), nil
	}
	var refs []importing.PersonRef
	if strings.Contains(v, "@") {
		addr, err := domain.NormalizeEmail(v)
		if err != nil {
			return 0, err.Error(), nil
		}
		k := domain.EmailKey(addr)
		found, err := store.PeopleByEmailKey(ctx, []string{k})
		if err != nil {
			return 0, "", fmt.Errorf("find person %q: %w", v, err)
		}
		refs = found[k]
	} else {
		k := domain.PersonNameKey(v, "")
		found, err := store.PeopleByNameKey(ctx, []string{k})
		if err != nil {
			return 0, "", fmt.Errorf("find person %q: %w", v, err)
		}
		refs = found[k]
	}
	refs = uniquePeople(refs)
	if len(refs) > 1 && companyID != 0 {
		var at []importing.PersonRef
		for _, r := range refs {
			if r.CompanyID == companyID {
				at = append(at, r)
			}
		}
		if len(at) == 1 {
			refs = at
		}
	}
	switch len(refs) {
	case 0:
		return 0, fmt.Sprintf("there is no person %q (give an id, an e-mail address or a name)", value), nil
	case 1:
		return refs[0].ID, "", nil
	}
	names := make([]string, 0, maxNamed)
	for i, r := range refs {
		if i == maxNamed {
			names = append(names, "…")
			break
		}
		names = append(names, fmt.Sprintf("%d %s", r.ID, termsafe.Clean(domain.JoinName(r.FirstName, r.LastName))))
	}
	return 0, fmt.Sprintf("%q matches %d people (%s): give the id", value, len(refs), strings.Join(names, ", ")), nil
}

func uniquePeople(refs []importing.PersonRef) []importing.PersonRef {
	seen := map[domain.ID]bool{}
	out := refs[:0:0]
	for _, r := range refs {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	return out
}

// findStage finds a stage by name (exactly, else case and accents
// ignored) or by id.
func findStage(stages []domain.Stage, value string) (domain.Stage, bool) {
	v := strings.TrimSpace(value)
	for _, s := range stages {
		if s.Name == v {
			return s, true
		}
	}
	for _, s := range stages {
		if domain.Fold(s.Name) == domain.Fold(v) {
			return s, true
		}
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		for _, s := range stages {
			if s.ID == domain.ID(n) {
				return s, true
			}
		}
	}
	return domain.Stage{}, false
}

func stageNames(stages []domain.Stage) string {
	names := make([]string, len(stages))
	for i, s := range stages {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}
