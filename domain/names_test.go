package domain

import "testing"

func TestPersonNameKeyEqual(t *testing.T) {
	same := [][2][2]string{
		{{"Zofia", "Górska"}, {"gorska", "zofia"}},
		{{" ZOFIA ", " GORSKA "}, {"Zofia", "Górska"}},
		{{"Zofia Górska", ""}, {"", "gorska  zofia"}},
		{{"Małgorzata", "Mazur"}, {"MALGORZATA", "MAZUR"}},
		{{"Józef", "Stępień"}, {"jozef", "stepien"}},
		{{"Żaneta", "Szymańska"}, {"Szymanska", "Zaneta"}},
		{{"karen", " Davis "}, {"Karen", "Davis"}},
		{{"Jan-Maria", "Kowalski"}, {"Jan Maria", "KOWALSKI"}},
		{{"Anna", "Nowak-Kowalska"}, {"anna", "nowak kowalska"}},
		{{"Seán", "O'Brien"}, {"Sean", "O Brien"}},
		{{"Jürgen", "Straße"}, {"jurgen", "strasse"}},
		{{"张三", ""}, {"三", "张"}},
		{{"敏 朱", ""}, {"敏", "朱"}},
		{{"朱敏", ""}, {"敏", "朱"}},
		{{"娜", "郭"}, {"郭", "娜"}},
		{{"欧阳娜娜", ""}, {"娜娜", "欧阳"}},
		{{"Ｚｏｆｉａ", "Ｇórska"}, {"zofia", "gorska"}},
		{{"Zofia\u200b", "Gór\u00adska"}, {"Zofia", "Górska"}},
	}
	for _, s := range same {
		a, b := PersonNameKey(s[0][0], s[0][1]), PersonNameKey(s[1][0], s[1][1])
		if a != b {
			t.Errorf("PersonNameKey(%q)=%q != PersonNameKey(%q)=%q", s[0], a, s[1], b)
		}
	}
}

func TestPersonNameKeyValues(t *testing.T) {
	tests := []struct{ first, last, want string }{
		{"Zofia", "Górska", "gorska zofia"},
		{"Jan Maria", "Kowalski", "jan kowalski maria"},
		{"三", "张", "三 张"},
		{"张三", "", "三 张"},
		{"David", "Johnson", "david johnson"},
		{"", "", ""},
		{" ", "-", ""},
	}
	for _, tc := range tests {
		if got := PersonNameKey(tc.first, tc.last); got != tc.want {
			t.Errorf("PersonNameKey(%q, %q) = %q, want %q", tc.first, tc.last, got, tc.want)
		}
	}
}

func TestPersonNameKeyDistinct(t *testing.T) {
	pairs := [][2][2]string{
		{{"Jan", "Kowalski"}, {"Jan", "Kowalska"}},
		{{"Anna", "Nowak"}, {"Anna Maria", "Nowak"}},
		{{"张三", ""}, {"张四", ""}},
		{{"李", "娜"}, {"李", "娜娜"}},
	}
	for _, p := range pairs {
		if PersonNameKey(p[0][0], p[0][1]) == PersonNameKey(p[1][0], p[1][1]) {
			t.Errorf("%v and %v share the key %q", p[0], p[1], PersonNameKey(p[0][0], p[0][1]))
		}
	}
}

func TestSplitFullName(t *testing.T) {
	tests := []struct{ in, first, last string }{
		{"Jan Kowalski", "Jan", "Kowalski"},
		{"  Jan   Kowalski ", "Jan", "Kowalski"},
		{"Jan Maria Kowalski", "Jan Maria", "Kowalski"},
		{"Anna Nowak-Kowalska", "Anna", "Nowak-Kowalska"},
		{"Kowalski, Jan", "Jan", "Kowalski"},
		{"Kowalski,Jan Maria", "Jan Maria", "Kowalski"},
		{"Nowak-Kowalska, Anna", "Anna", "Nowak-Kowalska"},
		{"Kowalska, Pani Anna", "Anna", "Kowalska"},
		{"Dr. Anna Nowak", "Anna", "Nowak"},
		{"dr Anna Nowak", "Anna", "Nowak"},
		{"Mr. David Johnson", "David", "Johnson"},
		{"Mrs Linda Jones", "Linda", "Jones"},
		{"Ms. Karen Davis", "Karen", "Davis"},
		{"Pan Tomasz Kowalski", "Tomasz", "Kowalski"},
		{"Pani Zofia Górska", "Zofia", "Górska"},
		{"prof. dr hab. inż. Józef Stępień", "Józef", "Stępień"},
		{"Prof. Jan Miodek", "Jan", "Miodek"},
		{"mgr Żaneta Szymańska", "Żaneta", "Szymańska"},
		{"John Smith Jr.", "John", "Smith"},
		{"Smith, John, PhD", "John", "Smith"},
		{"Jan Kowalski, MBA", "Jan", "Kowalski"},
		{"Ludwig van Beethoven", "Ludwig", "van Beethoven"},
		{"Vincent van der Berg", "Vincent", "van der Berg"},
		{"Leonardo da Vinci", "Leonardo", "da Vinci"},
		{"Pan", "Pan", ""},
		{"Mr. Smith", "", "Smith"},
		{"Pan Kowalski", "", "Kowalski"},
		{"Dr House", "", "House"},
		{"Kowalska, Pani", "", "Kowalska"},
		{"Madonna", "Madonna", ""},
		{"Dr.", "Dr.", ""},
		{"  ", "", ""},
		{"", "", ""},
		{",", "", ""},
		// Chinese: surname first, no space
		{"张三", "三", "张"},
		{"李四", "四", "李"},
		{"郭娜", "娜", "郭"},
		{"王小明", "小明", "王"},
		{"欧阳娜娜", "娜娜", "欧阳"},
		{"司马光", "光", "司马"},
		{"诸葛亮", "亮", "诸葛"},
		{"上官婉儿", "婉儿", "上官"},
		{"歐陽娜娜", "娜娜", "歐陽"},
		{"欧阳", "", "欧阳"},
		{"王先生", "", "王"},
		{"李女士", "", "李"},
		{"张经理", "", "张"},
		{"王总", "", "王"},
		{"欧阳先生", "", "欧阳"},
		{"王", "", "王"},
		{"王 先生", "", "王"},
		// Chinese with a space: the common surname decides, else given name first
		{"敏 朱", "敏", "朱"},
		{"娜 郭", "娜", "郭"},
		{"朱 敏", "敏", "朱"},
		{"郭 娜", "娜", "郭"},
		{"娜娜 欧阳", "娜娜", "欧阳"},
		{"欧阳 娜娜", "娜娜", "欧阳"},
		{"王 林", "王", "林"},
		// transliterated names
		{"迈克尔·乔丹", "迈克尔", "乔丹"},
		{"迪丽热巴·迪力木拉提", "迪丽热巴", "迪力木拉提"},
		{"Zhang San", "Zhang", "San"},
	}
	for _, tc := range tests {
		f, l := SplitFullName(tc.in)
		if f != tc.first || l != tc.last {
			t.Errorf("SplitFullName(%q) = %q, %q; want %q, %q", tc.in, f, l, tc.first, tc.last)
		}
	}
}

func TestSplitFullNameKeepsNameKey(t *testing.T) {
	// Splitting never changes who the name is (honorifics aside).
	for _, in := range []string{"Jan Maria Kowalski", "Kowalski, Jan", "张三", "欧阳娜娜", "敏 朱", "Ludwig van Beethoven", "迈克尔·乔丹",
		"김민준", "텬司", "김 민준"} {
		f, l := SplitFullName(in)
		if PersonNameKey(f, l) != PersonNameKey(in, "") {
			t.Errorf("SplitFullName(%q) = %q, %q: key %q, want %q", in, f, l, PersonNameKey(f, l), PersonNameKey(in, ""))
		}
	}
}
