package domain

import (
	"fmt"
	"testing"
)

// The fast path must give exactly what the full parser gives.
func TestFastE164MatchesParser(t *testing.T) {
	var inputs []string
	for i := range 3000 {
		n := 100000000 + (i*7919)%900000000
		inputs = append(inputs,
			fmt.Sprintf("%d", n), fmt.Sprintf("+48 %d", n), fmt.Sprintf("+1 %d-%d", 200+i%700, 1000000+i),
			fmt.Sprintf("+86 1%d", 3000000000+i*3), fmt.Sprintf("(+48) %d", n), fmt.Sprintf("+44 20 %d", 30000000+i),
			fmt.Sprintf("%d-%d", 500+i%400, 100000+i), fmt.Sprintf("+7 9%d", 100000000+i), fmt.Sprintf("+39 0%d", 600000000+i),
			fmt.Sprintf("+%d", 2000000+i*13), fmt.Sprintf("+49 (0) 30 %d", 1000000+i))
	}
	checked := 0
	for _, region := range []string{"PL", "US", "CN", "DE", "GB", "RU", "FR", "ES", "DK", "NO", "PT", "CZ", ""} {
		for _, in := range inputs {
			fast, ok := fastE164(in, region)
			if !ok {
				continue
			}
			checked++
			want, ok := parseE164(in, region, isPossible)
			if !ok || want != fast {
				t.Fatalf("fastE164(%q, %q) = %q, parser says %q (%v)", in, region, fast, want, ok)
			}
		}
	}
	if checked < 10000 {
		t.Errorf("fast path taken only %d times", checked)
	}
}
