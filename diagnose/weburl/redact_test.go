package weburl

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

var redactCases = []struct {
	name string
	in   string
	want string
}{
	{"nothing to hide", "https://a.test/x?page=2&q=shoes#top", "https://a.test/x?page=2&q=shoes#top"},
	{"password", "https://alice:s3cret@a.test/x", "https://alice@a.test/x"},
	{"password with @", "https://alice:p@ss@a.test/", "https://alice@a.test/"},
	{"username only kept", "https://alice@a.test/", "https://alice@a.test/"},
	{"@ in path is not userinfo", "https://a.test/u:p@x", "https://a.test/u:p@x"},
	{"access token", "https://a.test/cb?access_token=abc.def.ghi&x=1", "https://a.test/cb?access_token=…(11 chars)&x=1"},
	{"many names", "https://a.test/?code=AbC&state=xyz&id_token=t&api-key=k&apiKey=kk&X-Amz-Signature=ff&sig=1&password=p&client_secret=s&sessionid=9&jwt=j",
		"https://a.test/?code=…(3 chars)&state=xyz&id_token=…(1 chars)&api-key=…(1 chars)&apiKey=…(2 chars)&X-Amz-Signature=…(2 chars)&sig=…(1 chars)&password=…(1 chars)&client_secret=…(1 chars)&sessionid=…(1 chars)&jwt=…(1 chars)"},
	{"encoded name", "https://a.test/?access%5Ftoken=abc", "https://a.test/?access%5Ftoken=…(3 chars)"},
	{"empty value kept", "https://a.test/?token=&x", "https://a.test/?token=&x"},
	{"fragment token (implicit flow)", "https://app.test/cb#access_token=xyz&token_type=bearer", "https://app.test/cb#access_token=…(3 chars)&token_type=bearer"},
	{"query and fragment", "https://a.test/?token=a#key=bb", "https://a.test/?token=…(1 chars)#key=…(2 chars)"},
	{"fragment before ? is all fragment, masked anyway", "https://a.test/#x?token=a", "https://a.test/#x?token=…(1 chars)"},
	{"plain fragment untouched", "https://a.test/#section-2", "https://a.test/#section-2"},
	{"unparseable still redacted", "not a url://u:pw@h?token=zz", "not a url://u@h?token=…(2 chars)"},
	{"value counted in runes", "https://a.test/?token=日本", "https://a.test/?token=…(2 chars)"},
	{"no scheme", "/cb?code=1", "/cb?code=…(1 chars)"},
	{"special scheme without slashes", "http::pw@h/", "http:@h/"},
	{"backslashes", "https:\\\\u:pw@h\\x", "https:\\\\u@h\\x"},
	{"tab inside password", "https://u:p\tw@h/", "https://u@h/"},
	{"opaque scheme with //", "ftpx://u:pw@h/", "ftpx://u@h/"},
}

func TestRedacted(t *testing.T) {
	for _, tc := range redactCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Redacted(tc.in))
		})
	}
}

func TestSecret(t *testing.T) {
	for _, n := range []string{"access_token", "ID_TOKEN", "refresh-token", "token", "code", "key", "api_key", "apikey", "password", "secret", "sig", "signature", "auth", "session", "jwt", "client_secret", "x-api-key", "Ocp-Apim-Subscription-Key", "JSESSIONID", "PHPSESSID", "SAMLResponse", "authorization"} {
		assert.True(t, Secret(n), n)
	}
	for _, n := range []string{"page", "q", "state", "redirect_uri", "client_id", "scope", "response_type", "lang", "zipcode", "id"} {
		assert.False(t, Secret(n), n)
	}
}

func FuzzRedacted(f *testing.F) {
	for _, tc := range redactCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Redacted(s)
		// Idempotent: redacting twice changes nothing more.
		assert.Equal(t, r, Redacted(r))
	})
}
