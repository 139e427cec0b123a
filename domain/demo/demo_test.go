package demo

import (
	"fmt"
	"reflect"
	"testing"

	"kontor/domain"
)

func TestDeterministic(t *testing.T) {
	a := New(Config{People: 50, Companies: 10, Deals: 20, Seed: 7})
	b := New(Config{People: 50, Companies: 10, Deals: 20, Seed: 7})
	c := New(Config{People: 50, Companies: 10, Deals: 20, Seed: 8})
	same := 0
	for i := range 50 {
		pa, ia := a.Person(i)
		pb, ib := b.Person(i)
		if !reflect.DeepEqual(pa, pb) || ia != ib {
			t.Fatalf("person %d differs between runs with the same seed", i)
		}
		if pc, _ := c.Person(i); reflect.DeepEqual(pa, pc) {
			same++
		}
	}
	if same > 5 {
		t.Errorf("%d of 50 people identical under another seed; seed ignored?", same)
	}
}

func TestCompaniesUnique(t *testing.T) {
	g := New(Config{Companies: 5000, Seed: 1})
	names := map[string]int{}
	domains := map[string]int{}
	for i := range 5000 {
		c := g.Company(i)
		if j, dup := names[c.Name]; dup {
			t.Fatalf("companies %d and %d are both named %q", j, i, c.Name)
		}
		if j, dup := domains[c.Domain]; dup {
			t.Fatalf("companies %d and %d share domain %q", j, i, c.Domain)
		}
		names[c.Name], domains[c.Domain] = i, i
	}
}

func TestLinksInRange(t *testing.T) {
	g := New(Config{People: 200, Companies: 30, Deals: 300, Seed: 3})
	stages := map[string]bool{}
	for i := range 300 {
		d, ci, pi := g.Deal(i)
		if ci < -1 || ci >= 30 || pi < -1 || pi >= 200 {
			t.Fatalf("deal %d links company %d person %d out of range", i, ci, pi)
		}
		if d.Amount == nil || d.Amount.Minor <= 0 || d.Stage == "" {
			t.Fatalf("deal %d incomplete: %+v", i, d)
		}
		stages[d.Stage] = true
	}
	if len(stages) != len(stageShares) {
		t.Errorf("deals use %d stages, want all %d", len(stages), len(stageShares))
	}
	for i := range 200 {
		if _, ci := g.Person(i); ci < -1 || ci >= 30 {
			t.Fatalf("person %d links company %d", i, ci)
		}
	}
	if _, ci := New(Config{People: 5}).Person(0); ci != -1 {
		t.Errorf("person links company %d when there are no companies", ci)
	}
}

func TestScriptsMixed(t *testing.T) {
	g := New(Config{People: 1000, Companies: 10, Seed: 1})
	var chinese int
	for i := range 1000 {
		p, _ := g.Person(i)
		for _, r := range p.LastName {
			if r > 0x4E00 {
				chinese++
				break
			}
		}
	}
	if chinese < 100 || chinese > 300 {
		t.Errorf("%d of 1000 people have Chinese names, want about 200", chinese)
	}
}

func TestNIPChecksum(t *testing.T) {
	r := &rng{state: 42}
	weights := []int{6, 5, 7, 2, 3, 4, 5, 6, 7}
	for range 1000 {
		n := nip(r)
		sum := 0
		for k, w := range weights {
			sum += int(n[k]-'0') * w
		}
		if sum%11 != int(n[9]-'0') {
			t.Fatalf("NIP %s has a bad checksum", n)
		}
	}
}

func BenchmarkPerson(b *testing.B) {
	g := New(Config{People: 1_000_000, Companies: 20_000, Seed: 1})
	b.ResetTimer()
	for i := range b.N {
		g.Person(i % 1_000_000)
	}
}

// Demo records are loaded without re-validation, so they must already be
// what Rules would make of them.
func TestRecordsPassRules(t *testing.T) {
	g := New(Config{People: 300, Companies: 60, Deals: 200, Seed: 5})
	r := domain.Rules{Region: "PL", Today: domain.Date{Year: 2026, Month: 1, Day: 1}}
	for i := range 60 {
		c := g.Company(i)
		before := fmt.Sprintf("%+v", c)
		if err := r.Company(&c); err != nil {
			t.Fatalf("company %d %q: %v", i, c.Name, err)
		}
		if after := fmt.Sprintf("%+v", c); after != before {
			t.Fatalf("company %d changes under Rules:\n%s\n%s", i, before, after)
		}
	}
	for i := range 300 {
		p, _ := g.Person(i)
		before := fmt.Sprintf("%+v", p)
		if err := r.Person(&p); err != nil {
			t.Fatalf("person %d: %v", i, err)
		}
		if after := fmt.Sprintf("%+v", p); after != before {
			t.Fatalf("person %d changes under Rules:\n%s\n%s", i, before, after)
		}
	}
	for i := range 200 {
		d, _, _ := g.Deal(i)
		if err := r.Deal(&d); err != nil {
			t.Fatalf("deal %d: %v", i, err)
		}
	}
}
