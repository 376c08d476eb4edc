package jsonlite

import (
	"strconv"
	"strings"
	"testing"
)

// benchInputs are the shapes Parse meets: a JWT payload (its main caller),
// a snapshot-like document with nested objects, arrays and escapes, and a
// long array of numbers.
var benchInputs = func() []struct {
	name string
	data []byte
} {
	var snap strings.Builder
	snap.WriteString(`{"version":1,"exchanges":[`)
	for i := range 200 {
		if i > 0 {
			snap.WriteByte(',')
		}
		snap.WriteString(`{"id":"ex-` + strconv.Itoa(i) + `","url":"https://api.example.com/v1/items?id=` + strconv.Itoa(i) +
			`","method":"GET","status":401,"timeMs":1764199999.5,"request":{"headers":[{"name":"Accept","value":"application/json"},` +
			`{"name":"Authorization","value":"Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln"}]},"response":{"headers":[{"name":"WWW-Authenticate",` +
			`"value":"Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token expired \u00e9\""}]},"fromCache":false,"initiator":null}`)
	}
	snap.WriteString(`]}`)
	var nums strings.Builder
	nums.WriteByte('[')
	for i := range 2000 {
		if i > 0 {
			nums.WriteByte(',')
		}
		nums.WriteString(strconv.FormatFloat(float64(i)*1.25-700, 'g', -1, 64))
	}
	nums.WriteByte(']')
	return []struct {
		name string
		data []byte
	}{
		{"jwt", []byte(`{"iss":"https://idp.test","sub":"u1","aud":["api","web"],"scope":"read write","scp":["admin"],"azp":"spa","client_id":"cid","exp":1764210000,"nbf":1764200000.5,"iat":1764199999,"name":"J\u00f6rg"}`)},
		{"snapshot", []byte(snap.String())},
		{"numbers", []byte(nums.String())},
	}
}()

func BenchmarkParse(b *testing.B) {
	for _, in := range benchInputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(in.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkScannerSkip(b *testing.B) {
	for _, in := range benchInputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			s := NewScanner(nil)
			for b.Loop() {
				s.Reset(in.data)
				s.Skip()
				if err := s.End(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkScannerRead(b *testing.B) {
	for _, in := range benchInputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			s := NewScanner(nil)
			var t Tree
			for b.Loop() {
				t.Reset()
				s.Reset(in.data)
				s.Read(&t)
				if err := s.End(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
