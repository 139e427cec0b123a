package importing

import "kontor/domain"

// countryRegions maps country names as CRMs write them (English, Polish,
// Chinese, ISO codes; folded) to ISO 3166-1 alpha-2 regions. A row's
// country then tells how to read its phone numbers written without a
// country code.
var countryRegions = map[string]string{
	"poland": "PL", "polska": "PL", "pl": "PL", "波兰": "PL",
	"china": "CN", "chiny": "CN", "cn": "CN", "中国": "CN", "prc": "CN", "people s republic of china": "CN",
	"united states": "US", "united states of america": "US", "usa": "US", "us": "US", "stany zjednoczone": "US", "美国": "US",
	"united kingdom": "GB", "uk": "GB", "gb": "GB", "great britain": "GB", "england": "GB", "wielka brytania": "GB", "英国": "GB",
	"germany": "DE", "niemcy": "DE", "deutschland": "DE", "de": "DE", "德国": "DE",
	"france": "FR", "francja": "FR", "fr": "FR", "法国": "FR",
	"ireland": "IE", "irlandia": "IE", "ie": "IE",
	"canada": "CA", "kanada": "CA", "ca": "CA", "加拿大": "CA",
	"australia": "AU", "au": "AU", "澳大利亚": "AU",
	"czech republic": "CZ", "czechia": "CZ", "czechy": "CZ", "cz": "CZ",
	"slovakia": "SK", "slowacja": "SK", "sk": "SK",
	"ukraine": "UA", "ukraina": "UA", "ua": "UA",
	"lithuania": "LT", "litwa": "LT", "lt": "LT",
	"netherlands": "NL", "holandia": "NL", "nl": "NL",
	"spain": "ES", "hiszpania": "ES", "es": "ES",
	"italy": "IT", "wlochy": "IT", "it": "IT",
	"sweden": "SE", "szwecja": "SE", "se": "SE",
	"norway": "NO", "norwegia": "NO", "no": "NO",
	"japan": "JP", "japonia": "JP", "jp": "JP", "日本": "JP",
	"hong kong": "HK", "hk": "HK", "香港": "HK",
	"taiwan": "TW", "tw": "TW", "台湾": "TW",
	"singapore": "SG", "sg": "SG", "新加坡": "SG",
	"india": "IN", "indie": "IN", "in": "IN",
}

// regionForCountry returns the phone region of a country name, or "".
func regionForCountry(name string) string {
	return countryRegions[collapse(domain.Fold(name))]
}
