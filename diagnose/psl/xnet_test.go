package psl

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	xpsl "golang.org/x/net/publicsuffix"
)

// crossCheckSuffixes are rules (and non-rules) whose status did not change
// between Debian's 2023 list and the one golang.org/x/net carries, chosen to
// cover plain, multi-label, wildcard, exception, private and unknown cases.
// "home.arpa" and "za" became rules after 2023, so they are checked against
// the Debian list in TestPublicSuffix instead.
var crossCheckSuffixes = []string{
	"com", "org", "net", "edu", "gov", "io", "dev", "app", "de", "fr", "nl", "ru", "cn", "in", "br", "museum",
	"co.uk", "ac.uk", "gov.uk", "uk", "com.au", "net.au", "edu.au", "au", "co.jp", "jp", "tokyo.jp",
	"kyoto.jp", "ck", "www.ck", "kawasaki.jp", "city.kawasaki.jp", "kitakyushu.jp", "city.kitakyushu.jp",
	"kobe.jp", "city.kobe.jp", "nagoya.jp", "city.nagoya.jp", "er", "fk", "jm", "kh", "mm", "np", "pg",
	"github.io", "blogspot.com", "appspot.com", "herokuapp.com", "cloudfront.net", "s3.amazonaws.com",
	"compute.amazonaws.com", "us-east-1.amazonaws.com", "azurewebsites.net", "netlify.app", "vercel.app",
	"pages.dev", "workers.dev", "web.app", "firebaseapp.com", "fly.dev",
	"test", "localhost", "example", "invalid", "local", "internal", "corp", "arpa",
	"xn--p1ai", "xn--fiqs8s", "xn--80asehdb", "com.cn", "gov.cn", "co.za", "co.nz", "nz",
	"com.br", "gov.br", "k12.ak.us", "ak.us", "us", "pvt.k12.ma.us", "ca", "on.ca", "gc.ca",
}

func crossCheckDomains() []string {
	var out []string
	for _, s := range crossCheckSuffixes {
		for _, p := range []string{"", "a.", "www.", "b.a.", "c.b.a.", "x-y.z9."} {
			out = append(out, p+s)
		}
	}
	return out
}

// TestMatchesXNetPublicSuffix cross-checks PublicSuffix and
// EffectiveTLDPlusOne against golang.org/x/net/publicsuffix.
func TestMatchesXNetPublicSuffix(t *testing.T) {
	domains := crossCheckDomains()
	require.GreaterOrEqual(t, len(domains), 400)
	for _, d := range domains {
		t.Run(d, func(t *testing.T) {
			wantS, wantI := xpsl.PublicSuffix(d)
			gotS, gotI := PublicSuffix(d)
			assert.Equal(t, wantS, gotS, "suffix")
			assert.Equal(t, wantI, gotI, "icann")
			// Case and one trailing dot do not change the answer.
			upS, upI := PublicSuffix(strings.ToUpper(d) + ".")
			assert.Equal(t, wantS, upS, "suffix of upper-case with trailing dot")
			assert.Equal(t, wantI, upI)

			want, wantErr := xpsl.EffectiveTLDPlusOne(d)
			got, err := EffectiveTLDPlusOne(d)
			if wantErr != nil {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
}
