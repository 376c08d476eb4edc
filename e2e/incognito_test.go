package e2e

// Issue 12 item 10 in real Chromium: with "incognito": "split" and the
// extension allowed in incognito, an incognito tab's diagnosis, clear and
// Undo use the incognito cookie store only; the regular jar is never read
// or written.

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/internal/browserkit"
	"github.com/authdoctor/authdoctor/lab"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allowInIncognito switches the extension's "Allow in Incognito" on from
// chrome://extensions (developer mode first: without it Chromium disables a
// command-line unpacked extension when it reloads for the change), then
// waits until its pages load again.
func allowInIncognito(ctx context.Context, t *testing.T, b *browserkit.Chromium) context.Context {
	t.Helper()
	tctx, cancel := chromedp.NewContext(b.Browser)
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(tctx, chromedp.Navigate("chrome://extensions/")))
	got, err := chromedp.Run(tctx, chromedp.Evaluate[string](`(async () => {
	  await chrome.developerPrivate.updateProfileConfiguration({inDeveloperMode: true});
	  await chrome.developerPrivate.updateExtensionConfiguration({extensionId: `+strconv.Quote(b.ExtensionID)+`, incognitoAccess: true});
	  return JSON.stringify((await chrome.developerPrivate.getExtensionInfo(`+strconv.Quote(b.ExtensionID)+`)).incognitoAccess);
	})()`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	require.Equal(t, `{"isActive":true,"isEnabled":true}`, got)
	// The extension reloads: a new control page once its pages load again.
	cctx, cancel2 := chromedp.NewContext(b.Browser)
	t.Cleanup(cancel2)
	var navErr error
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if navErr = chromedp.Do(cctx, chromedp.Navigate(b.ExtensionURL("manifest.json"))); navErr == nil {
			ok, err := chromedp.Run(cctx, chromedp.Evaluate[bool](`chrome.extension.isAllowedIncognitoAccess()`, chromedp.EvalAwaitPromise))
			if err == nil && ok {
				return cctx
			}
		}
	}
	t.Fatal("the extension did not come back allowed in incognito:", navErr)
	return nil
}

// findTarget waits for a target that match says is the one.
func findTarget(ctx context.Context, t *testing.T, b *browserkit.Chromium, what string, match func(*target.Info) bool) *target.Info {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline) && ctx.Err() == nil; time.Sleep(100 * time.Millisecond) {
		ts, err := chromedp.Targets(b.Browser)
		require.NoError(t, err)
		for _, tg := range ts {
			if match(tg) {
				return tg
			}
		}
	}
	t.Fatal("no target:", what)
	return nil
}

func attach(t *testing.T, b *browserkit.Chromium, id target.ID) context.Context {
	t.Helper()
	c, cancel := chromedp.NewContext(b.Browser, chromedp.WithTargetID(id), chromedp.WithDetachOnCancel())
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(c))
	return c
}

func evalIn[T any](ctx, in context.Context, expr string) (T, error) {
	c, cancel := joinContext(in, ctx)
	defer cancel()
	return chromedp.Run(c, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// cookieCall is one chrome.cookies call the incognito worker made.
type cookieCall struct {
	Fn      string   `json:"fn"`
	StoreID string   `json:"storeId"`
	Stores  []string `json:"stores"`
	Names   []string `json:"names"`
}

// logCookieCalls makes the worker record every chrome.cookies.getAll / set.
const logCookieCalls = `(() => {
  globalThis.__cookieCalls = [];
  const c = chrome.cookies, getAll = c.getAll.bind(c), set = c.set.bind(c);
  globalThis.__getAll = getAll; // the test's own reads, not logged
  c.getAll = async (f) => {
    const out = await getAll(f);
    __cookieCalls.push({fn: 'getAll', storeId: String(f.storeId), stores: [...new Set(out.map(x => x.storeId))], names: out.map(x => x.name)});
    return out;
  };
  c.set = async (d) => {
    const out = await set(d);
    __cookieCalls.push({fn: 'set', storeId: String(d.storeId), stores: out ? [out.storeId] : [], names: [d.name]});
    return out;
  };
  return true;
})()`

func TestIncognitoUsesItsOwnJar(t *testing.T) {
	rig := browserRig(t) // for its lab; the browser is a second one
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	b, err := browserkit.Launch(ctx, browserkit.Options{Name: "incognito", Extension: rig.Root})
	require.NoError(t, err)
	defer b.Close()
	control := allowInIncognito(ctx, t, b)

	const host = "incognito.test"
	page := rig.Lab.URL(host, true, "/page")
	// The regular jar has a cookie of the same site.
	_, err = evalIn[bool](ctx, control, `chrome.cookies.set({url: `+strconv.Quote(rig.Lab.Origin(host, true)+"/")+`, name: 'regular_only', value: 'R', secure: true, sameSite: 'no_restriction', expirationDate: Date.now() / 1000 + 3600}).then(c => !!c)`)
	require.NoError(t, err)

	// An incognito window (the regular instance does not see it: split mode).
	_, err = evalIn[bool](ctx, control, `chrome.windows.create({incognito: true, url: `+strconv.Quote(page)+`}).then(() => true)`)
	require.NoError(t, err)
	pageTarget := findTarget(ctx, t, b, "the incognito page", func(tg *target.Info) bool { return tg.Type == "page" && tg.URL == page })
	incognito := pageTarget.BrowserContextID
	worker := findTarget(ctx, t, b, "the incognito worker", func(tg *target.Info) bool {
		return tg.Type == "service_worker" && tg.BrowserContextID == incognito && strings.HasPrefix(tg.URL, b.ExtensionURL(""))
	})
	w := attach(t, b, worker.TargetID)
	// Globals may be missing right after the worker starts: poll.
	require.Eventually(t, func() bool {
		ok, err := evalIn[bool](ctx, w, `typeof chrome !== 'undefined' && !!chrome.cookies`)
		if err != nil {
			t.Log(err)
		}
		return ok
	}, 10*time.Second, 100*time.Millisecond)
	_, err = evalIn[bool](ctx, w, logCookieCalls)
	require.NoError(t, err)
	store, err := evalIn[string](ctx, w, `chrome.cookies.getAllCookieStores().then(s => s.map(x => x.id).join(','))`)
	require.NoError(t, err)
	require.NotEqual(t, "0", store, "the incognito instance sees its own cookie store")
	t.Logf("incognito cookie store %q", store)

	set := rig.Lab.ScriptURL(host, true, lab.Script{ID: "incognito-set", Actual: &lab.Reply{Status: 204,
		Headers: [][2]string{{"Set-Cookie", "incog_only=I; Path=/; Secure; SameSite=None; Max-Age=3600"}}}})
	fail := rig.Lab.ScriptURL(host, true, lab.Script{ID: "incognito-401", Actual: &lab.Reply{Status: 401,
		Headers: [][2]string{{"WWW-Authenticate", `Bearer realm="i", error="invalid_token"`}}}})
	p := attach(t, b, pageTarget.TargetID)
	_, err = evalIn[string](ctx, p, `(async () => {
	  await fetch(`+strconv.Quote(set)+`, {credentials: 'include'});
	  await fetch(`+strconv.Quote(fail)+`, {headers: {Authorization: 'Bearer x'}, credentials: 'include'});
	  document.title = 'incognito-page';
	  return 'ok';
	})()`)
	require.NoError(t, err)
	sent := rig.Lab.Log("incognito-401")
	require.Len(t, sent, 1)
	assert.NotContains(t, sent[0].Header("Cookie"), "regular_only", "the incognito request does not carry the regular cookie")

	tabID, err := evalIn[int](ctx, w, `chrome.tabs.query({}).then(ts => ts.find(t => t.title === 'incognito-page').id)`)
	require.NoError(t, err)
	n := strconv.Itoa(tabID)
	require.Eventually(t, func() bool {
		ok, _ := evalIn[bool](ctx, w, `chrome.storage.session.get('report:`+n+`').then(a => !!(a['report:`+n+`'] && a['report:`+n+`'].report))`)
		return ok
	}, 15*time.Second, 50*time.Millisecond, "the incognito worker diagnosed the tab")

	// The popup in the incognito window, as the toolbar would open it there.
	popupURL := b.ExtensionURL("extension/popup.html?tab=" + n)
	_, err = evalIn[bool](ctx, w, `chrome.tabs.create({url: `+strconv.Quote(popupURL)+`}).then(() => true)`)
	require.NoError(t, err)
	pt := findTarget(ctx, t, b, "the incognito popup", func(tg *target.Info) bool { return tg.Type == "page" && tg.URL == popupURL })
	assert.Equal(t, incognito, pt.BrowserContextID)
	pop := attach(t, b, pt.TargetID)
	require.Eventually(t, func() bool {
		ok, _ := evalIn[bool](ctx, pop, `document.getElementById('main').getAttribute('aria-busy') === 'false' && !document.getElementById('clear').disabled`)
		return ok
	}, 15*time.Second, 50*time.Millisecond)
	click := func(css string) {
		c, cancel := joinContext(pop, ctx)
		defer cancel()
		require.NoError(t, chromedp.Do(c, chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible)))
	}
	click(`[data-action="clear-site-data"]`)
	require.Eventually(t, func() bool {
		ok, _ := evalIn[bool](ctx, pop, `document.querySelector('[data-cleared]') !== null`)
		return ok
	}, 15*time.Second, 50*time.Millisecond)

	jar := func(in context.Context) []string {
		s, err := evalIn[string](ctx, in, `(globalThis.__getAll || chrome.cookies.getAll.bind(chrome.cookies))({domain: `+strconv.Quote(host)+`}).then(cs => cs.map(c => c.name).sort().join(','))`)
		require.NoError(t, err)
		return strings.FieldsFunc(s, func(r rune) bool { return r == ',' })
	}
	assert.Empty(t, jar(w), "the incognito jar was cleared")
	assert.Equal(t, []string{"regular_only"}, jar(control), "the regular jar is untouched by the incognito clear")

	click(`[data-action="undo-clear"]`)
	require.Eventually(t, func() bool { return len(jar(w)) == 1 }, 10*time.Second, 50*time.Millisecond)
	assert.Equal(t, []string{"incog_only"}, jar(w), "Undo restored into the incognito jar")
	assert.Equal(t, []string{"regular_only"}, jar(control), "Undo wrote nothing into the regular jar")

	raw, err := evalIn[string](ctx, w, `JSON.stringify(__cookieCalls)`)
	require.NoError(t, err)
	var calls []cookieCall
	require.NoError(t, json.Unmarshal([]byte(raw), &calls))
	require.NotEmpty(t, calls)
	var fns []string
	for _, c := range calls {
		fns = append(fns, c.Fn)
		assert.Equal(t, store, c.StoreID, "%s names the tab's store", c.Fn)
		for _, s := range c.Stores {
			assert.Equal(t, store, s, "%s returned a cookie of store %s", c.Fn, s)
		}
		assert.NotContains(t, c.Names, "regular_only")
	}
	assert.Contains(t, fns, "getAll")
	assert.Contains(t, fns, "set")
	t.Logf("%d cookie calls by the incognito worker: %s", len(calls), raw)
}
