package e2e

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Planted secrets: distinctive strings that must never leave the request.
// Each is unique so a leak names its source.
var planted = map[string]string{
	"bearer":       "BearerSecretZQ1x7",
	"basic":        "BasicPassZQ2x7",
	"cookie":       "CookieSecretZQ3x7",
	"jwt-sig":      "SigSecretZQ4x7",
	"url-password": "UrlPassZQ5x7",
	"access_token": "TokenParamZQ6x7",
	"code":         "CodeParamZQ7x7",
	"api-key":      "ApiKeyZQ8x7",
	"set-cookie":   "SetCookieZQ9x7",
}

// plantedJWT is an expired JWT whose signature segment holds the planted
// signature (its claims are fine to show).
func plantedJWT() string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
		enc([]byte(`{"sub":"alice","iss":"https://id.test","exp":1600000000,"iat":1599990000}`)) + "." + planted["jwt-sig"]
}

// assertNoSecret fails for every planted secret found in text (also in
// base64, the form a Basic credential would take).
func assertNoSecret(t *testing.T, where, text string) {
	t.Helper()
	for name, s := range planted {
		assert.NotContains(t, text, s, "%s leaks the %s secret", where, name)
		assert.NotContains(t, text, strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(s)), "="), "%s leaks the %s secret in base64", where, name)
	}
}

// TestPrivacyNoSecretShown plants each kind of secret in failing requests
// made by a real page (Authorization Bearer and Basic, a JWT signature,
// cookie values, a URL password in a redirect, token-like query parameters,
// a secret-named header, Set-Cookie values) and greps for them in the popup
// DOM for every failure, in the copied Markdown report and in everything
// the extension keeps in chrome.storage.session.
func TestPrivacyNoSecretShown(t *testing.T) {
	rig := browserRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const host = "privacy.test"
	reply401 := func(extra ...[2]string) *lab.Reply {
		return &lab.Reply{Status: 401, Headers: append([][2]string{{"WWW-Authenticate", `Bearer realm="p", error="invalid_token"`}}, extra...)}
	}
	setCookies := rig.Lab.ScriptURL(host, true, lab.Script{ID: "privacy-set", Actual: &lab.Reply{Status: 204, Headers: [][2]string{
		{"Set-Cookie", "psid=" + planted["cookie"] + "; Path=/; Secure; SameSite=None"},
		{"Set-Cookie", "pjwt=" + plantedJWT() + "; Path=/; Secure; SameSite=None"}}}})
	bearer := rig.Lab.ScriptURL(host, true, lab.Script{ID: "privacy-bearer", Actual: reply401(
		[2]string{"Set-Cookie", "sid=" + planted["set-cookie"] + "; Path=/; Secure"})})
	basic := rig.Lab.ScriptURL(host, true, lab.Script{ID: "privacy-basic", Actual: reply401()})
	jwt := rig.Lab.ScriptURL(host, true, lab.Script{ID: "privacy-jwt", Actual: reply401()})
	// A URL password can only reach the extension inside a header (Chromium
	// strips userinfo from requests and fails a fetch redirected to it), so
	// it comes in a Location; the token-like parameters are in the URL.
	port := strconv.Itoa(rig.Lab.HTTPSPort())
	withPassword := "https://alice:" + planted["url-password"] + "@" + host + ":" + port + "/next?code=" + planted["code"]
	tokens := rig.Lab.ScriptURL(host, true, lab.Script{ID: "privacy-tokens", Actual: reply401(
		[2]string{"Location", withPassword}, [2]string{"Content-Location", withPassword})}) +
		"&access_token=" + planted["access_token"] + "&code=" + planted["code"]
	tab, err := rig.OpenTab(ctx, rig.Lab.URL(host, true, "/page"))
	require.NoError(t, err)
	defer tab.Cancel()
	_, err = Eval[string](ctx, tab, `(async () => {
	  await fetch(`+strconv.Quote(setCookies)+`, {credentials: 'include'});
	  const go = (u, h) => fetch(u, {headers: h || {}, credentials: 'include'}).then(r => r.status, e => String(e));
	  return [
	    await go(`+strconv.Quote(bearer)+`, {Authorization: 'Bearer `+planted["bearer"]+`', 'X-Api-Key': '`+planted["api-key"]+`'}),
	    await go(`+strconv.Quote(basic)+`, {Authorization: 'Basic ' + btoa('alice:`+planted["basic"]+`')}),
	    await go(`+strconv.Quote(jwt)+`, {Authorization: 'Bearer `+plantedJWT()+`'}),
	    await go(`+strconv.Quote(tokens)+`),
	  ].join(',');
	})()`)
	require.NoError(t, err)
	// The secrets really went out: the lab received them.
	require.Contains(t, rig.Lab.Log("privacy-bearer")[0].Header("Authorization"), planted["bearer"])
	require.Contains(t, rig.Lab.Log("privacy-bearer")[0].Header("Cookie"), planted["cookie"])
	require.Contains(t, rig.Lab.Log("privacy-tokens")[0].URL, planted["access_token"])

	_, err = Eval[string](ctx, tab, `document.title = "privacy-page"`)
	require.NoError(t, err)
	tabID, err := rig.TabID(ctx, "privacy-page")
	require.NoError(t, err)

	popup := openAuditPopup(ctx, t, rig, tabID)
	defer popup.Cancel()
	n, err := Eval[int](ctx, popup.Tab, `document.querySelectorAll('#failure option').length`)
	require.NoError(t, err)
	require.Equal(t, 4, n, "four failed requests recorded")
	for i := range n {
		t.Run("failure "+strconv.Itoa(i), func(t *testing.T) {
			got, err := Eval[[]string](ctx, popup.Tab, `(async () => {
			  const sel = document.getElementById('failure');
			  sel.value = '`+strconv.Itoa(i)+`';
			  sel.dispatchEvent(new Event('change'));
			  for (const b of document.querySelectorAll('.long button')) b.click();
			  const copied = [];
			  await new Promise(r => setTimeout(r, 0));
			  window.__copied = null;
			  document.getElementById('copy').click();
			  await new Promise(r => setTimeout(r, 0));
			  return [document.documentElement.outerHTML, window.__copied || '', sel.options[sel.selectedIndex].text];
			})()`)
			require.NoError(t, err)
			t.Logf("failure %d: %s", i, got[2])
			assert.NotEmpty(t, got[1], "no Markdown report copied")
			assertNoSecret(t, "the popup DOM", got[0])
			assertNoSecret(t, "the Markdown report", got[1])
		})
	}
	t.Run("storage.session", func(t *testing.T) {
		all, err := ExtEval[string](ctx, rig, `chrome.storage.session.get(null).then(JSON.stringify)`)
		require.NoError(t, err)
		require.Contains(t, all, `"tab:`+strconv.Itoa(tabID)+`"`)
		assertNoSecret(t, "chrome.storage.session", all)
		local, err := ExtEval[string](ctx, rig, `chrome.storage.local.get(null).then(JSON.stringify)`)
		require.NoError(t, err)
		assertNoSecret(t, "chrome.storage.local", local)
	})
}
