package importing

import (
	"slices"

	"kontor/domain"
)

// Merging a duplicate row into a record: with fill, only the record's empty
// fields take the row's values; with overwrite, every non-empty value of the
// row replaces the record's. Lists (e-mails, phones, tax ids) are unions
// either way — overwrite puts the row's entries first, making its first one
// primary. Ids, creation time and import provenance stay the record's.

func mergeText(dst *string, src string, overwrite bool) {
	if src != "" && (overwrite || *dst == "") {
		*dst = src
	}
}

func mergeID(dst *domain.ID, src domain.ID, overwrite bool) {
	if src != 0 && (overwrite || *dst == 0) {
		*dst = src
	}
}

func mergeDate(dst *domain.Date, src domain.Date, overwrite bool) {
	if !src.IsZero() && (overwrite || dst.IsZero()) {
		*dst = src
	}
}

func mergePtr[T any](dst **T, src *T, overwrite bool) {
	if src != nil && (overwrite || *dst == nil) {
		v := *src
		*dst = &v
	}
}

func mergeAddress(dst *domain.Address, src domain.Address, overwrite bool) {
	mergeText(&dst.Street, src.Street, overwrite)
	mergeText(&dst.City, src.City, overwrite)
	mergeText(&dst.PostalCode, src.PostalCode, overwrite)
	mergeText(&dst.Region, src.Region, overwrite)
	mergeText(&dst.Country, src.Country, overwrite)
}

func mergeCustom(dst *domain.CustomValues, src domain.CustomValues, overwrite bool) {
	if len(src) == 0 {
		return
	}
	out := domain.CustomValues{}
	for k, v := range *dst {
		out[k] = v
	}
	for k, v := range src {
		if _, has := out[k]; overwrite || !has || out[k] == nil || out[k] == "" {
			out[k] = v
		}
	}
	*dst = out
}

func unionList[T any](dst, src []T, key func(T) string, overwrite bool) []T {
	first, second := dst, src
	if overwrite {
		first, second = src, dst
	}
	out := slices.Clone(first)
	seen := map[string]bool{}
	for _, v := range out {
		seen[key(v)] = true
	}
	for _, v := range second {
		if k := key(v); !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

func emailKey(e domain.Email) string { return domain.EmailKey(e.Address) }

func phoneKey(p domain.Phone) string {
	if p.E164 != "" {
		return p.E164
	}
	return "raw:" + domain.PhoneDigits(p.Raw)
}

// MergePerson merges a row's person into a stored one.
func MergePerson(stored, row domain.Person, overwrite bool) domain.Person {
	out := stored
	mergeText(&out.FirstName, row.FirstName, overwrite)
	mergeText(&out.LastName, row.LastName, overwrite)
	mergeID(&out.CompanyID, row.CompanyID, overwrite)
	mergeText(&out.Title, row.Title, overwrite)
	out.Emails = unionList(stored.Emails, row.Emails, emailKey, overwrite)
	out.Phones = unionList(stored.Phones, row.Phones, phoneKey, overwrite)
	mergeAddress(&out.Address, row.Address, overwrite)
	mergeDate(&out.Birthday, row.Birthday, overwrite)
	mergeText(&out.Notes, row.Notes, overwrite)
	mergeCustom(&out.Custom, row.Custom, overwrite)
	mergeText(&out.SourceID, row.SourceID, false)
	return out
}

// MergeCompany merges a row's company into a stored one.
func MergeCompany(stored, row domain.Company, overwrite bool) domain.Company {
	out := stored
	mergeText(&out.Name, row.Name, overwrite)
	mergeText(&out.Domain, row.Domain, overwrite)
	mergeText(&out.Website, row.Website, overwrite)
	if row.Phone.Raw != "" && (overwrite || out.Phone.Raw == "") {
		out.Phone = row.Phone
	}
	mergeText(&out.Email, row.Email, overwrite)
	out.TaxIDs = unionList(stored.TaxIDs, row.TaxIDs, TaxKey, overwrite)
	mergeAddress(&out.Address, row.Address, overwrite)
	mergeText(&out.Industry, row.Industry, overwrite)
	mergePtr(&out.Employees, row.Employees, overwrite)
	mergeText(&out.Notes, row.Notes, overwrite)
	mergeCustom(&out.Custom, row.Custom, overwrite)
	mergeText(&out.SourceID, row.SourceID, false)
	return out
}

// MergeDeal merges a row's deal into a stored one.
func MergeDeal(stored, row domain.Deal, overwrite bool) domain.Deal {
	out := stored
	mergeText(&out.Title, row.Title, overwrite)
	mergeID(&out.CompanyID, row.CompanyID, overwrite)
	mergeID(&out.PersonID, row.PersonID, overwrite)
	mergeID(&out.StageID, row.StageID, overwrite)
	mergePtr(&out.Amount, row.Amount, overwrite)
	mergeDate(&out.CloseDate, row.CloseDate, overwrite)
	mergePtr(&out.Probability, row.Probability, overwrite)
	mergeText(&out.Notes, row.Notes, overwrite)
	mergeCustom(&out.Custom, row.Custom, overwrite)
	mergeText(&out.SourceID, row.SourceID, false)
	return out
}
