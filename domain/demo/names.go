package demo

// Word lists for the demo data. Real-looking, invented combinations.

var plMaleFirst = []string{"Jan", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz", "Grzegorz",
	"Jakub", "Adam", "Mateusz", "Wojciech", "Rafał", "Marek", "Kamil", "Dariusz", "Maciej", "Szymon", "Józef", "Zbigniew"}
var plFemaleFirst = []string{"Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Magdalena", "Elżbieta",
	"Joanna", "Aleksandra", "Monika", "Zofia", "Natalia", "Beata", "Dorota", "Iwona", "Justyna", "Żaneta", "Łucja", "Jadwiga"}

// plSurnames holds masculine forms; feminine forms are derived (-ski → -ska).
var plSurnames = []string{"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
	"Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Nowakowski",
	"Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel", "Górski", "Stępień", "Łuczak", "Żak", "Sikora", "Ostrowski", "Baran"}

var enFirst = []string{"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William",
	"Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Emily", "Daniel", "Olivia", "Noah"}
var enLast = []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Wilson",
	"Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "O'Brien"}

var zhSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗", "欧阳", "司马"}
var zhGiven = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国", "小红", "志强"}

var plCompanyStems = []string{"Budimex", "Drutex", "Techmal", "Pomorska Energia", "Mazowiecka Logistyka", "Zakład Mięsny Żabka", "Gdańskie Stocznie",
	"Śląskie Huty", "Wielkopolska Spedycja", "Łódzkie Tekstylia", "Krakowskie Wodociągi", "Polskie Młyny", "Bałtyckie Porty", "Tatrzańskie Drewno",
	"Warmińska Mleczarnia", "Kujawskie Zboża", "Lubelskie Ogrody", "Podlaskie Meble", "Opolskie Cementy", "Żuławy Agro"}
var plCompanySuffixes = []string{"Sp. z o.o.", "S.A.", "sp. j.", "Sp. z o.o. sp.k.", "sp. z o.o."}
var plCompanyKinds = []string{"", " Serwis", " Logistyka", " Systemy", " Handel", " Invest", " Technologie", " Produkcja"}

var enCompanyStems = []string{"Acme", "Globex", "Initech", "Umbrella", "Stark Industries", "Wayne Enterprises", "Cyberdyne Systems", "Soylent",
	"Hooli", "Vandelay Industries", "Wonka Foods", "Tyrell", "Massive Dynamic", "Oscorp", "Aperture Science", "Blue Sun", "Gringotts", "Monarch"}
var enCompanySuffixes = []string{"Inc.", "LLC", "Ltd", "Corp.", "PLC", "GmbH"}
var enCompanyKinds = []string{"", " Labs", " Holdings", " Logistics", " Software", " Foods", " Energy", " Group"}

var zhCompanyCities = []string{"上海", "北京", "广州", "深圳", "杭州", "成都", "南京", "武汉", "西安", "苏州"}
var zhCompanyStems = []string{"华夏", "恒信", "东方", "长城", "金桥", "盛世", "鼎新", "宏远", "瑞丰", "天和", "博雅", "中科"}
var zhCompanyTrades = []string{"科技", "实业", "贸易", "物流", "软件", "电子", "医药", "建设"}
var zhCompanySuffixes = []string{"有限公司", "股份有限公司", "有限责任公司"}

var plCities = []string{"Warszawa", "Kraków", "Łódź", "Wrocław", "Poznań", "Gdańsk", "Szczecin", "Bydgoszcz", "Lublin", "Białystok", "Katowice", "Gdynia", "Częstochowa", "Toruń", "Rzeszów"}
var enCities = []string{"London", "Manchester", "New York", "Boston", "Austin", "Chicago", "Seattle", "Dublin", "Sydney", "Toronto"}
var zhCities = []string{"上海", "北京", "广州", "深圳", "杭州", "成都", "南京", "武汉"}

var plStreets = []string{"ul. Marszałkowska", "ul. Piotrkowska", "ul. Długa", "ul. Słoneczna", "al. Jerozolimskie", "ul. Świętokrzyska", "ul. Łąkowa", "ul. Kościuszki"}
var enStreets = []string{"Main Street", "High Street", "Oak Avenue", "Park Lane", "Elm Street", "Market Street", "Church Road"}
var zhStreets = []string{"南京路", "长安街", "中山路", "人民路", "解放路", "建国路"}

var plTitles = []string{"Prezes zarządu", "Dyrektor finansowy", "Kierownik sprzedaży", "Specjalista ds. zakupów", "Księgowa", "Dyrektor handlowy", "Kierownik projektu", "Właściciel"}
var enTitles = []string{"CEO", "CFO", "Head of Sales", "Purchasing Manager", "Account Manager", "Operations Director", "Project Manager", "Founder"}
var zhTitles = []string{"总经理", "财务总监", "销售经理", "采购经理", "项目经理", "技术总监", "市场专员"}

var industries = []string{"Manufacturing", "Logistics", "Finance", "Retail", "Software", "Construction", "Energy", "Healthcare", "Agriculture", "Education"}

var products = map[locale][]string{
	polish:  {"Serwis", "Wdrożenie", "Szkolenie", "Licencja", "Dostawa", "Audyt", "Modernizacja"},
	english: {"Service", "Implementation", "Training", "License", "Supply", "Audit", "Upgrade"},
	chinese: {"软件许可", "系统集成", "培训", "年度服务", "设备采购", "咨询"},
}

// DefaultStages names the stages of Kontor's default pipeline that demo
// deals are spread over, with the share of deals in each (percent).
var stageShares = []struct {
	name        string
	share       int
	probability int
}{
	{"Lead", 30, 10}, {"Qualified", 20, 25}, {"Proposal", 15, 50}, {"Negotiation", 10, 75}, {"Won", 15, 100}, {"Lost", 10, 0},
}
