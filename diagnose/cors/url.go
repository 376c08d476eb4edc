package cors

import "github.com/authdoctor/authdoctor/diagnose/weburl"

// URLs are parsed by diagnose/weburl; this file holds the little the CORS
// checks need on top of it.

// canonicalOrigin normalises an origin string given by the caller
// ("https://App.test:443" → "https://app.test"); "null" and "" stay as
// they are, and anything that is not a URL reads as an opaque origin.
func canonicalOrigin(o string) string {
	if o == "null" || o == "" {
		return o
	}
	u, err := weburl.Parse(o)
	if err != nil {
		return "null"
	}
	return u.Origin()
}

// hasUserinfo is GURL's has_username() || has_password(): "@host" with
// nothing before the '@' carries no credentials.
func hasUserinfo(u weburl.URL) bool { return u.Username != "" || u.HasPassword }

// allowOriginIsURL is the last test Chromium's CheckAccess applies to an
// Access-Control-Allow-Origin value that did not match: GURL(value).is_valid().
// It asks "is this a URL at all", not "is this an origin": a value with a
// path, a trailing slash or userinfo is a valid URL and so a mismatch, not an
// invalid value. Chromium tests " ," (MultipleAllowOriginValues) and "null"
// (a mismatch, though GURL rejects it) before this; the caller does too.
func allowOriginIsURL(v string) bool {
	_, err := weburl.Parse(v)
	return err == nil
}

// withoutUserinfo is the URL with no username or password, for the
// Location line a fix suggests (token-like query values still masked).
func withoutUserinfo(u weburl.URL) string {
	return weburl.Redacted(u.WithoutUserinfo())
}
