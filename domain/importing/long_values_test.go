package importing

import (
	"strings"
	"testing"
)

// Long values are capped before the date scanner and the column profile
// look at them (a file of 40 one-megabyte notes took minutes to match;
// TestRobustOversizedInput in cmd/kontor runs it under a deadline). The
// caps must not change what values are: a long note is text, a long web
// address still a web address.
func TestLongValuesAreText(t *testing.T) {
	note := strings.Repeat("2024-03-04 ", 100000)
	if _, err := ParseDate(note, ColumnFormat{}); err == nil {
		t.Error("a megabyte of dates read as one date")
	}
	p := profileOf([]string{note, note, "2024-03-04"})
	if p.n != 3 || p.date != 1 || p.contactLike != 1 {
		t.Errorf("profile %+v: the long values must count as text", p)
	}
	long := "https://example.com/" + strings.Repeat("a", 3000)
	if p := profileOf([]string{long}); p.url != 1 {
		t.Errorf("a 3,000-byte web address is no longer one: %+v", p)
	}
	mr := MatchAs("person", []string{"First Name", "Notes"}, [][]string{{"Anna", note}, {"Jan", note}})
	if mr.Field(1) != "notes" {
		t.Errorf("the notes column matched %q", mr.Field(1))
	}
}
