package domain

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
	"google.golang.org/protobuf/proto"
)

// fastE164 reads the common shapes of phone numbers without phonenumbers'
// regular-expression parser, which costs ~10 µs a number and dominates
// large imports: an international number ("+48 600 100 200") or a
// national number in a region without a national or trunk prefix to strip
// ("600100200" in Poland). Anything else (letters, a leading 0 or 1,
// extensions, regions with national prefixes) returns ok=false and takes
// the full parser; TestFastE164MatchesParser keeps the two in agreement.
func fastE164(number, region string) (e164 string, ok bool) {
	plus := false
	digits := make([]byte, 0, 20)
	for i := 0; i < len(number); i++ {
		switch c := number[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '+' && len(digits) == 0 && !plus:
			plus = true
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/':
		default:
			return "", false
		}
	}
	if len(digits) < 6 || len(digits) > 15 {
		return "", false
	}
	var cc int
	var nsn []byte
	if plus {
		for n := 1; n <= 3; n++ {
			code := atoi(digits[:n])
			if phonenumbers.GetRegionCodeForCountryCode(code) != phonenumbers.UNKNOWN_REGION {
				cc, nsn = code, digits[n:]
				break
			}
		}
		if cc == 0 {
			return "", false
		}
	} else {
		if region == "" || digits[0] == '0' || digits[0] == '1' {
			return "", false
		}
		if !noTrunkPrefix[region] || phonenumbers.GetNddPrefixForRegion(region, true) != "" {
			return "", false
		}
		cc, nsn = phonenumbers.GetCountryCodeForRegion(region), digits
	}
	if len(nsn) == 0 || nsn[0] == '0' || len(nsn) > 14 {
		return "", false
	}
	num := &phonenumbers.PhoneNumber{CountryCode: proto.Int32(int32(cc)), NationalNumber: proto.Uint64(uint64(atoi(nsn)))}
	if !isPossible(num) {
		return "", false
	}
	var b strings.Builder
	b.WriteByte('+')
	b.WriteString(itoa(cc))
	b.Write(nsn)
	return b.String(), true
}

// noTrunkPrefix lists regions whose national numbers are dialled without
// a trunk prefix and need no other rewriting to parse.
var noTrunkPrefix = map[string]bool{"PL": true, "ES": true, "DK": true, "NO": true, "PT": true, "CZ": true}

func atoi(d []byte) int {
	n := 0
	for _, c := range d {
		n = n*10 + int(c-'0')
	}
	return n
}

func itoa(n int) string {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(buf[i:])
}
