package importing

import (
	"encoding/json"
	"testing"

	"kontor/domain"
)

// What Kontor's own exports and templates rely on when they are imported
// back: custom field headers, the formula guard, tax ids with their kinds.

func TestCustomColumnHeaderRoundTrip(t *testing.T) {
	for _, f := range []domain.CustomField{
		{Label: "Lead Source", Key: "lead_source", Type: domain.FieldText},
		{Label: "Budget (2024)", Key: "budget_2024", Type: domain.FieldNumber},
		{Label: "客户等级", Key: domain.CustomFieldKey("客户等级"), Type: domain.FieldText},
		{Label: "Ostatni kontakt", Key: "ostatni_kontakt", Type: domain.FieldDate},
		{Label: "VIP", Key: "vip", Type: domain.FieldBool},
	} {
		h := CustomColumnHeader(f)
		got, ok := ParseCustomColumnHeader(h)
		if !ok || got != f {
			t.Errorf("%q read back as %+v, %v; want %+v", h, got, ok, f)
		}
	}
	for h, want := range map[string]domain.CustomField{
		"(custom.score, number)":       {Label: "score", Key: "score", Type: domain.FieldNumber},
		"Źródło (custom.zrodlo)":       {Label: "Źródło", Key: "zrodlo", Type: domain.FieldText},
		" Flag ( custom.flag , bool )": {Label: "Flag", Key: "flag", Type: domain.FieldBool},
	} {
		if got, ok := ParseCustomColumnHeader(h); !ok || got != want {
			t.Errorf("%q: %+v, %v; want %+v", h, got, ok, want)
		}
	}
	for _, h := range []string{"Lead Source", "custom.lead_source", "X (custom.Bad)", "X (custom.a, colour)", "X (custom.9a, text)", "Budget (2024)"} {
		if f, ok := ParseCustomColumnHeader(h); ok {
			t.Errorf("%q taken for a custom field header: %+v", h, f)
		}
	}
}

func TestMappingFromMatchFeedsCustomHeaders(t *testing.T) {
	headers := []string{"First Name", "Last Name", "Email", "Lead Source (custom.lead_source, text)", "Score (custom.score, number)"}
	samples := [][]string{{"Jan", "Kowalski", "jan@firma.pl", "Targi", "1,5"}}
	m := MappingFromMatch(Match(headers, samples), samples)
	if m.Type != domain.TypePerson {
		t.Fatalf("type %s", m.Type)
	}
	want := []string{"first_name", "last_name", "email", "custom.lead_source", "custom.score"}
	for i, c := range m.Columns {
		if c.Field != want[i] {
			t.Errorf("column %q → %q, want %q", c.Header, c.Field, want[i])
		}
	}
	nc := m.Columns[4].NewCustom
	if nc == nil || nc.Key != "score" || nc.Label != "Score" || nc.Type != domain.FieldNumber || nc.RecordType != domain.TypePerson {
		t.Fatalf("new custom field: %+v", nc)
	}
	rec := ParseRow(m, DefaultOptions(), map[string]domain.FieldType{"lead_source": domain.FieldText, "score": domain.FieldNumber}, 1, 2, samples[0])
	if rec.Person.Custom["lead_source"] != "Targi" || rec.Person.Custom["score"] != json.Number("1.5") || len(rec.Issues) != 0 {
		t.Errorf("custom values %v, issues %v", rec.Person.Custom, rec.Issues)
	}
}

func TestStripFormulaGuard(t *testing.T) {
	for in, want := range map[string]string{
		"'+48600100200":    "+48600100200",
		"'=SUM(A1)":        "=SUM(A1)",
		"'-5":              "-5",
		"'@user":           "@user",
		"'\t=1+1":          "\t=1+1",
		"'\r=cmd":          "\r=cmd",
		"'til dawn":        "'til dawn",
		"Rock 'n' roll":    "Rock 'n' roll",
		"'":                "'",
		"''=x":             "''=x",
		"+48600100200":     "+48600100200",
		"=HYPERLINK(\"\")": "=HYPERLINK(\"\")",
	} {
		if got := StripFormulaGuard(in); got != want {
			t.Errorf("StripFormulaGuard(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGuardedCellsImport(t *testing.T) {
	m := Mapping{Type: domain.TypePerson, Columns: []ColumnMapping{
		{Index: 0, Field: "first_name"}, {Index: 1, Field: "phone"}, {Index: 2, Field: "notes"}, {Index: 3, Field: "custom.delta"},
	}}
	rec := ParseRow(m, DefaultOptions(), map[string]domain.FieldType{"delta": domain.FieldNumber}, 1, 2,
		[]string{"'@jan", "'+48 600 100 200", "'=1+1", "'-12.5"})
	p := rec.Person
	if p.FirstName != "@jan" || len(p.Phones) != 1 || p.Phones[0].E164 != "+48600100200" || p.Notes != "=1+1" || p.Custom["delta"] != json.Number("-12.5") {
		t.Errorf("guarded cells read as %+v, issues %v", p, rec.Issues)
	}
}

func TestTaxIDCellWithKinds(t *testing.T) {
	m := Mapping{Type: domain.TypeCompany, Columns: []ColumnMapping{{Index: 0, Field: "name"}, {Index: 1, Field: "tax_id"}}}
	cases := []struct {
		cell string
		want []domain.TaxID
	}{
		{"EIN: 12-3456789; USCC: 91350100M000100Y43", []domain.TaxID{{Kind: "EIN", Value: "123456789"}, {Kind: "USCC", Value: "91350100M000100Y43"}}},
		{"NIP: 526-000-12-46; TAX: B-2", []domain.TaxID{{Kind: "NIP", Value: "5260001246"}, {Kind: "TAX", Value: "B2"}}},
		{"统一社会信用代码: 91350100M000100Y43", []domain.TaxID{{Kind: "USCC", Value: "91350100M000100Y43"}}},
		// Without kinds the kind is guessed, as before.
		{"526-000-12-46", []domain.TaxID{{Kind: "NIP", Value: "5260001246"}}},
		{"91350100M000100Y43", []domain.TaxID{{Kind: "USCC", Value: "91350100M000100Y43"}}},
	}
	for _, c := range cases {
		rec := ParseRow(m, DefaultOptions(), nil, 1, 2, []string{"Acme", c.cell})
		got := rec.Company.TaxIDs
		if len(got) != len(c.want) {
			t.Errorf("%q: %+v, want %+v (issues %v)", c.cell, got, c.want, rec.Issues)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: %+v, want %+v", c.cell, got, c.want)
			}
		}
		if len(rec.Issues) > 0 {
			t.Errorf("%q: issues %v", c.cell, rec.Issues)
		}
	}
}

// A column of guarded values is matched and analysed as its values without
// the guard: a "Phone" column of "'+48..." is still a phone column.
func TestGuardedColumnsMatch(t *testing.T) {
	headers := []string{"First Name", "Phone", "Score (custom.score, number)"}
	var samples [][]string
	for _, v := range []string{"'+48600100200", "'+442079460958", "'+8613800138000", "'+48221002030"} {
		samples = append(samples, []string{"Jan", v, "'-1.500"})
	}
	m := MappingFromMatch(Match(headers, samples), samples)
	if m.Columns[1].Field != "phone" {
		t.Errorf("guarded phones: column matched to %q", m.Columns[1].Field)
	}
	rec := ParseRow(m, DefaultOptions(), map[string]domain.FieldType{"score": domain.FieldNumber}, 1, 2, samples[0])
	if len(rec.Person.Phones) != 1 || rec.Person.Phones[0].E164 != "+48600100200" || rec.Person.Custom["score"] != json.Number("-1.500") {
		t.Errorf("guarded row read as %+v", rec.Person)
	}
}
