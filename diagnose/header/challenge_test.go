package header

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ps(kv ...string) []Param {
	var out []Param
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, Param{Name: kv[i], Value: kv[i+1]})
	}
	return out
}

var challengeCases = []struct {
	name   string
	values []string
	want   []Challenge
	err    string
}{
	{name: "basic", values: []string{`Basic realm="Lab"`},
		want: []Challenge{{Scheme: "Basic", Params: ps("realm", "Lab")}}},
	{name: "basic with charset", values: []string{`Basic realm="Lab", charset="UTF-8"`},
		want: []Challenge{{Scheme: "Basic", Params: ps("realm", "Lab", "charset", "UTF-8")}}},
	{name: "bearer error", values: []string{`Bearer realm="api", error="invalid_token", error_description="The access token expired"`},
		want: []Challenge{{Scheme: "Bearer", Params: ps("realm", "api", "error", "invalid_token", "error_description", "The access token expired")}}},
	{name: "bare scheme", values: []string{"Bearer"}, want: []Challenge{{Scheme: "Bearer"}}},
	{name: "bare schemes list", values: []string{"Negotiate, NTLM"}, want: []Challenge{{Scheme: "Negotiate"}, {Scheme: "NTLM"}}},
	{name: "token68", values: []string{"Negotiate YIIBhQYGKwYBBQUCoIIBeTCCAXWgMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCg=="},
		want: []Challenge{{Scheme: "Negotiate", Token68: "YIIBhQYGKwYBBQUCoIIBeTCCAXWgMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCg=="}}},
	{name: "token68 then challenge", values: []string{"Negotiate abc/+=, Basic realm=x"},
		want: []Challenge{{Scheme: "Negotiate", Token68: "abc/+="}, {Scheme: "Basic", Params: ps("realm", "x")}}},
	{name: "rfc 9110 example", values: []string{`Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"`},
		want: []Challenge{
			{Scheme: "Newauth", Params: ps("realm", "apps", "type", "1", "title", `Login to "apps"`)},
			{Scheme: "Basic", Params: ps("realm", "simple")},
		}},
	{name: "across fields", values: []string{`Bearer realm="a"`, `Basic realm="b"`},
		want: []Challenge{{Scheme: "Bearer", Params: ps("realm", "a")}, {Scheme: "Basic", Params: ps("realm", "b")}}},
	{name: "case-insensitive names lowercased", values: []string{`BASIC REALM="x", Charset=utf-8`},
		want: []Challenge{{Scheme: "BASIC", Params: ps("realm", "x", "charset", "utf-8")}}},
	{name: "comma inside quoted string", values: []string{`Bearer scope="read, write", realm="a,b"`},
		want: []Challenge{{Scheme: "Bearer", Params: ps("scope", "read, write", "realm", "a,b")}}},
	{name: "empty quoted value", values: []string{`Bearer realm=""`},
		want: []Challenge{{Scheme: "Bearer", Params: ps("realm", "")}}},
	{name: "bws around equals", values: []string{"Basic realm = \"x\" ,\tcharset\t=\tUTF-8"},
		want: []Challenge{{Scheme: "Basic", Params: ps("realm", "x", "charset", "UTF-8")}}},
	{name: "empty list elements", values: []string{`, Bearer realm="a", , error="e",, Basic realm="b",`},
		want: []Challenge{{Scheme: "Bearer", Params: ps("realm", "a", "error", "e")}, {Scheme: "Basic", Params: ps("realm", "b")}}},
	{name: "empty field values", values: []string{"", "  ", `Basic realm="x"`},
		want: []Challenge{{Scheme: "Basic", Params: ps("realm", "x")}}},
	{name: "digest", values: []string{`Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`},
		want: []Challenge{{Scheme: "Digest", Params: ps("realm", "http-auth@example.org", "qop", "auth, auth-int", "algorithm", "SHA-256", "nonce", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "opaque", "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")}}},
	{name: "duplicate params kept", values: []string{`Basic realm="a", realm="b"`},
		want: []Challenge{{Scheme: "Basic", Params: ps("realm", "a", "realm", "b")}}},

	{name: "unterminated quote keeps what was read", values: []string{`Basic realm="Lab`},
		want: []Challenge{{Scheme: "Basic", Params: ps("realm", "Lab")}}, err: `value 0, offset 16: unterminated quoted-string for "realm"`},
	{name: "missing value", values: []string{`Bearer realm=, error="x"`},
		want: []Challenge{{Scheme: "Bearer", Params: ps("realm", "", "error", "x")}}, err: `missing value for "realm"`},
	{name: "param split from scheme by comma", values: []string{`Basic, realm="x"`},
		want: []Challenge{{Scheme: "Basic", Params: ps("realm", "x")}}, err: "auth-param without a challenge"},
	{name: "param with no challenge at all", values: []string{`realm="x"`},
		want: []Challenge{{Params: ps("realm", "x")}}, err: "auth-param without a challenge"},
	{name: "junk after quoted value", values: []string{`Basic realm="x"y, Bearer`},
		want: []Challenge{{Scheme: "Basic", Params: ps("realm", "x")}, {Scheme: "Bearer"}}, err: `offset 15: expected ',' after auth-param, found 'y'`},
	{name: "quoted scheme", values: []string{`"Basic" realm=x, Bearer`},
		want: []Challenge{{Scheme: "Bearer"}}, err: `expected auth-scheme, found '"'`},
	{name: "no space after scheme", values: []string{`Basic"x", Bearer`},
		want: []Challenge{{Scheme: "Basic"}, {Scheme: "Bearer"}}, err: "expected space after auth-scheme"},
	{name: "two bare tokens", values: []string{"Basic foo bar"},
		want: []Challenge{{Scheme: "Basic"}, {Scheme: "foo", Token68: "bar"}}, err: `expected auth-param or token68 after "Basic"`},
	{name: "error names the field value", values: []string{`Basic realm="a"`, `Bearer realm="b`},
		want: []Challenge{{Scheme: "Basic", Params: ps("realm", "a")}, {Scheme: "Bearer", Params: ps("realm", "b")}}, err: "value 1, offset 15"},
	{name: "non-ascii scheme", values: []string{"Bäsic realm=x"},
		want: []Challenge{{Scheme: "B"}}, err: "expected space after auth-scheme"},
	{name: "too long", values: []string{`Basic realm="x"`, strings.Repeat("a", MaxValueLength)},
		want: []Challenge{{Scheme: "Basic", Params: ps("realm", "x")}}, err: "longer than 65536 bytes"},
}

func TestParseChallenges(t *testing.T) {
	for _, tc := range challengeCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseChallenges(tc.values)
			assert.Equal(t, tc.want, got)
			assertErr(t, err, tc.err)
		})
	}
}

func TestChallengeHelpers(t *testing.T) {
	cs, err := ParseChallenges([]string{`bearer Realm="api", scope="a b"`})
	require.NoError(t, err)
	require.Len(t, cs, 1)
	c := cs[0]
	assert.True(t, c.Is("Bearer"))
	assert.True(t, c.Is("BEARER"))
	assert.False(t, c.Is("Basic"))
	assert.Equal(t, "api", c.Param("realm"))
	assert.Equal(t, "api", c.Param("REALM"))
	assert.Equal(t, "a b", c.Param("scope"))
	assert.Equal(t, "", c.Param("error"))
}

func FuzzParseChallenges(f *testing.F) {
	for _, tc := range challengeCases {
		if len(tc.values) == 1 {
			f.Add(tc.values[0])
		}
	}
	f.Fuzz(func(t *testing.T, v string) {
		cs, err := ParseChallenges([]string{v})
		for _, c := range cs {
			for _, p := range c.Params {
				assert.Equal(t, strings.ToLower(p.Name), p.Name)
				assert.True(t, IsToken(p.Name))
			}
			if c.Scheme != "" {
				assert.True(t, IsToken(c.Scheme))
			}
			if err == nil {
				assert.NotEmpty(t, c.Scheme)
			}
		}
		// Splitting the field in two at a top-level comma must not lose
		// challenges compared with giving it as one value... is not true in
		// general (params follow their scheme), so check only determinism.
		cs2, err2 := ParseChallenges([]string{v})
		assert.Equal(t, cs, cs2)
		assert.Equal(t, err, err2)
	})
}
