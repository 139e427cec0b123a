package tui

import (
	"context"
	"fmt"
	"sort"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"kontor/domain"
)

// formDataMsg carries what a form needs: the record (zero for a new one),
// the custom field definitions and, for deals, the pipeline stages.
type formDataMsg struct {
	id     uint64
	rec    any
	defs   []domain.CustomField
	stages []domain.Stage
	err    error
}

// savedMsg is the reply to a save.
type savedMsg struct {
	id    uint64
	recID domain.ID
	err   error
}

// recordForm is the part of a form that knows one record type.
type recordForm interface {
	// fields returns the form's fields in order; the last is the notes.
	fields() []huh.Field
	// build makes the record from the form's values, normalised by the
	// domain rules, with every problem keyed by field.
	build() (rec any, problems []domain.FieldError)
}

func loadForm(ctx context.Context, s domain.Store, id uint64, t domain.RecordType, rid domain.ID) tea.Cmd {
	return func() tea.Msg {
		m := formDataMsg{id: id}
		var err error
		switch t {
		case domain.TypePerson:
			p := domain.Person{}
			if rid != 0 {
				p, err = s.GetPerson(ctx, rid)
			}
			m.rec = p
		case domain.TypeCompany:
			c := domain.Company{}
			if rid != 0 {
				c, err = s.GetCompany(ctx, rid)
			}
			m.rec = c
		case domain.TypeDeal:
			d := domain.Deal{}
			if rid != 0 {
				d, err = s.GetDeal(ctx, rid)
			}
			m.rec = d
			if err == nil {
				m.stages, err = s.ListStages(ctx)
			}
		default:
			err = fmt.Errorf("unknown record type %q", t)
		}
		if err == nil {
			m.defs, err = s.ListCustomFields(ctx, t)
			sort.SliceStable(m.defs, func(i, j int) bool { return m.defs[i].Position < m.defs[j].Position })
		}
		m.err = err
		return m
	}
}

// saveRecord creates or updates the record; it runs inside a command.
func saveRecord(ctx context.Context, s domain.Store, rec any) (domain.ID, error) {
	switch r := rec.(type) {
	case domain.Person:
		if r.ID == 0 {
			err := s.CreatePerson(ctx, &r)
			return r.ID, err
		}
		return r.ID, s.UpdatePerson(ctx, &r)
	case domain.Company:
		if r.ID == 0 {
			err := s.CreateCompany(ctx, &r)
			return r.ID, err
		}
		return r.ID, s.UpdateCompany(ctx, &r)
	case domain.Deal:
		if r.ID == 0 {
			err := s.CreateDeal(ctx, &r)
			return r.ID, err
		}
		return r.ID, s.UpdateDeal(ctx, &r)
	}
	return 0, fmt.Errorf("cannot save a %T", rec)
}

func recordName(rec any) string {
	switch r := rec.(type) {
	case domain.Person:
		return personName(r)
	case domain.Company:
		return companyName(r)
	case domain.Deal:
		return dealName(r)
	}
	return ""
}
