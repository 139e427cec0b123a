package domain

import "testing"

func BenchmarkCompanyKey(b *testing.B) {
	names := []string{"Zakład Mięsny Żabka Sp. z o.o. sp.k.", "Cyberdyne Systems LLC", "广州恒信实业（北京）有限公司", "Techmal S.A."}
	for i := 0; b.Loop(); i++ {
		CompanyKey(names[i%len(names)])
	}
}

func BenchmarkPersonNameKey(b *testing.B) {
	names := [][2]string{{"Zofia", "Górska"}, {"David", "Johnson"}, {"娜", "郭"}, {"Żaneta", "Szymańska"}}
	for i := 0; b.Loop(); i++ {
		n := names[i%len(names)]
		PersonNameKey(n[0], n[1])
	}
}

func BenchmarkParsePhone(b *testing.B) {
	phones := []string{"(+48) 924746655", "498805657", "+48 416 635 111", "600 100 200"}
	for i := 0; b.Loop(); i++ {
		if _, err := ParsePhone(phones[i%len(phones)], "PL"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalizeEmail(b *testing.B) {
	for b.Loop() {
		if _, err := NormalizeEmail(" Zofia.Gorska1@Drutex.PL "); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRulesPerson(b *testing.B) {
	r := Rules{Region: "PL", Today: Date{2026, 11, 22}}
	for b.Loop() {
		p := Person{FirstName: "Zofia", LastName: "Górska", Title: "Dyrektor finansowy",
			Emails: []Email{{Address: "zofia.gorska1@drutex.pl"}}, Phones: []Phone{{Raw: "498805657"}, {Raw: "+48 416 635 111", Label: "mobile"}}}
		if err := r.Person(&p); err != nil {
			b.Fatal(err)
		}
	}
}
