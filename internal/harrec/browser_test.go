package harrec

import (
	"context"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/internal/browserkit"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRecordsFromChromium records a page that exercises what the fixtures
// depend on and checks the HAR against what the server did.
func TestRecordsFromChromium(t *testing.T) {
	if _, err := browserkit.Path(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	api := "http://api.test:" + port
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			http.SetCookie(w, &http.Cookie{Name: "a", Value: "1"})
			http.SetCookie(w, &http.Cookie{Name: "b", Value: "2"})
			w.Write([]byte(`<script>
(async () => {
  try { await fetch("` + api + `/pf?token=x", {headers: {"X-Foo": "1"}}) } catch (e) {}
  try { await fetch("` + api + `/nocors") } catch (e) {}
  await fetch("/redir"); await fetch("/redir");
  document.title = "done";
})()</script>`))
		case "/pf":
			w.WriteHeader(http.StatusUnauthorized)
		case "/nocors":
			w.Header().Add("X-Twice", "1")
			w.Header().Add("X-Twice", "2")
			w.Write([]byte("x"))
		case "/redir":
			w.Header().Set("Cache-Control", "max-age=100")
			http.Redirect(w, r, "/final", http.StatusFound)
		case "/final":
			w.Header().Set("Cache-Control", "max-age=100")
			w.Write([]byte("ok"))
		}
	})}
	go srv.Serve(ln)
	defer srv.Close()

	actx, cancel, err := browserkit.NewAllocator(context.Background(), browserkit.Options{})
	require.NoError(t, err)
	defer cancel()
	rec := New()
	ctx, cancel2 := chromedp.NewContext(actx, rec.Option())
	defer cancel2()
	require.NoError(t, chromedp.Do(ctx))
	tctx, cancel3 := context.WithTimeout(ctx, 20*time.Second)
	defer cancel3()
	require.NoError(t, chromedp.Do(tctx, chromedp.Navigate("http://app.test:"+port+"/")))
	_, err = chromedp.Run(tctx, chromedp.Poll[bool](`document.title == "done"`))
	require.NoError(t, err)
	require.NoError(t, rec.Identify(tctx))
	require.NoError(t, rec.CaptureJar(tctx))
	h := rec.HAR()

	find := func(t *testing.T, method, path, typ string, nth int) Entry {
		t.Helper()
		for _, e := range h.Log.Entries {
			if e.Request.Method == method && e.Request.URL == path && e.ResourceType == typ {
				if nth == 0 {
					return e
				}
				nth--
			}
		}
		require.Failf(t, "no entry", "%s %s %s", method, path, typ)
		return Entry{}
	}

	t.Run("page and browser", func(t *testing.T) {
		require.Len(t, h.Log.Pages, 1)
		assert.Equal(t, "http://app.test:"+port+"/", h.Log.Pages[0].Title)
		require.NotNil(t, h.Log.Browser)
		assert.Contains(t, h.Log.Browser.Name, "Chrome")
	})
	t.Run("document keeps both Set-Cookie lines", func(t *testing.T) {
		doc := find(t, "GET", "http://app.test:"+port+"/", "document", 0)
		assert.Equal(t, 200, doc.Response.Status)
		assert.Equal(t, []Cookie{{Name: "a", Value: "1"}, {Name: "b", Value: "2"}}, doc.Response.Cookies)
		assert.Equal(t, "127.0.0.1", doc.ServerIPAddress)
		assert.Equal(t, "page_1", doc.Pageref)
	})
	t.Run("preflight is its own entry linked to its request", func(t *testing.T) {
		pf := find(t, "OPTIONS", api+"/pf?token=x", "preflight", 0)
		assert.Equal(t, 401, pf.Response.Status)
		require.NotNil(t, pf.Initiator)
		assert.Equal(t, "preflight", pf.Initiator.Type)
		assert.Equal(t, "GET", headerValue(pf.Request.Headers, "Access-Control-Request-Method"))
		actual := find(t, "GET", api+"/pf?token=x", "fetch", 0)
		assert.Equal(t, actual.RequestID, pf.Initiator.RequestID)
		assert.Equal(t, "net::ERR_FAILED", actual.Response.Error)
		assert.Equal(t, "PreflightMissingAllowOriginHeader", actual.Response.CORSError)
		assert.Equal(t, 0, actual.Response.Status, "the real request was never sent")
		assert.Equal(t, []NameValue{{Name: "token", Value: "x"}}, actual.Request.QueryString)
		require.NotNil(t, actual.Initiator)
		assert.Equal(t, "script", actual.Initiator.Type)
	})
	t.Run("CORS-blocked response keeps its raw status and headers", func(t *testing.T) {
		e := find(t, "GET", api+"/nocors", "fetch", 0)
		assert.Equal(t, "MissingAllowOriginHeader", e.Response.CORSError)
		assert.Equal(t, 200, e.Response.Status)
		assert.Equal(t, "OK", e.Response.StatusText)
		var twice []string
		for _, f := range e.Response.Headers {
			if f.Name == "X-Twice" {
				twice = append(twice, f.Value)
			}
		}
		assert.Equal(t, []string{"1", "2"}, twice)
		assert.Equal(t, "http://app.test:"+port, headerValue(e.Request.Headers, "Origin"), "raw request headers come from ExtraInfo")
	})
	t.Run("redirect hops are separate entries, the repeat from disk cache", func(t *testing.T) {
		hop := find(t, "GET", "http://app.test:"+port+"/redir", "fetch", 0)
		assert.Equal(t, 302, hop.Response.Status)
		assert.Equal(t, "/final", hop.Response.RedirectURL)
		assert.Equal(t, "a=1; b=2", headerValue(hop.Request.Headers, "Cookie"))
		assert.Equal(t, []Cookie{{Name: "a", Value: "1"}, {Name: "b", Value: "2"}}, hop.Request.Cookies)
		final := find(t, "GET", "http://app.test:"+port+"/final", "fetch", 0)
		assert.Equal(t, hop.RequestID, final.RequestID)
		assert.Equal(t, 200, final.Response.Status)
		assert.Empty(t, final.FromCache)
		again := find(t, "GET", "http://app.test:"+port+"/final", "fetch", 1)
		assert.Equal(t, "disk", again.FromCache)
	})
	t.Run("jar", func(t *testing.T) {
		names := []string{}
		for _, c := range h.Log.Cookies {
			names = append(names, c.Name+"@"+c.Domain)
			assert.True(t, c.HostOnly)
			assert.True(t, c.Session)
		}
		assert.ElementsMatch(t, []string{"a@app.test", "b@app.test"}, names)
	})
}
