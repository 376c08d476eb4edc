package jwt

import "testing"

func BenchmarkParse(b *testing.B) {
	token := tok(`{"alg":"RS256","typ":"JWT","kid":"k1"}`,
		`{"iss":"https://idp.test","sub":"u1","aud":["api","web"],"scope":"read  write","scp":["admin"],"azp":"spa","client_id":"cid","exp":1764210000,"nbf":1764200000.5,"iat":1764199999}`,
		"signature")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(token); err != nil {
			b.Fatal(err)
		}
	}
}
