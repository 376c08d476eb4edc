package harrec

import (
	"context"
	"encoding/json"
	"os"
	"strings"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Option makes a new chromedp tab context feed this recorder from its very
// first event: chromedp.NewContext(parent, r.Option()). chromedp enables the
// Network domain on every page target, so nothing else is needed.
func (r *Recorder) Option() chromedp.ContextOption {
	return chromedp.WithListener(r.Handle)
}

// Identify fills log.browser from the browser of ctx.
func (r *Recorder) Identify(ctx context.Context) error {
	v, err := chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		return err
	}
	name, version, _ := strings.Cut(v.Product, "/")
	r.mu.Lock()
	r.Browser = Creator{Name: name, Version: version}
	r.mu.Unlock()
	return nil
}

// CaptureJar stores the browser's cookies for every URL recorded so far, to
// be written as log._cookies.
func (r *Recorder) CaptureJar(ctx context.Context) error {
	urls := r.URLs()
	if len(urls) == 0 {
		return nil
	}
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: urls})
	if err != nil {
		return err
	}
	jar := make([]JarCookie, 0, len(res.Cookies))
	for _, c := range res.Cookies {
		jar = append(jar, jarCookie(c))
	}
	r.mu.Lock()
	r.jar = jar
	r.mu.Unlock()
	return nil
}

// jarCookie converts a protocol cookie to chrome.cookies' shape.
func jarCookie(c *network.Cookie) JarCookie {
	j := JarCookie{
		Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path,
		HostOnly: !strings.HasPrefix(c.Domain, "."),
		Secure:   c.Secure, HTTPOnly: c.HTTPOnly, Session: c.Session,
	}
	switch c.SameSite {
	case network.CookieSameSiteStrict:
		j.SameSite = "strict"
	case network.CookieSameSiteLax:
		j.SameSite = "lax"
	case network.CookieSameSiteNone:
		j.SameSite = "no_restriction"
	default:
		j.SameSite = "unspecified"
	}
	if !c.Session && c.Expires > 0 {
		j.ExpirationDate = c.Expires
	}
	if c.PartitionKey != nil {
		j.PartitionKey = &PartitionKey{TopLevelSite: c.PartitionKey.TopLevelSite}
	}
	return j
}

// WriteFile writes the archive as indented JSON.
func (h *HAR) WriteFile(path string) error {
	b, err := json.MarshalIndent(h, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
