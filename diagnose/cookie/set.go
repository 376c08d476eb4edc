package cookie

import (
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/diagnose/psl"
)

// SetResult is what the browser did with one Set-Cookie line.
type SetResult struct {
	// Cookie is the jar entry the line makes (partly filled when the line
	// could not be parsed).
	Cookie Cookie
	// Reasons is empty when the line was accepted; otherwise every reason
	// Chromium would report, the first being the one to explain.
	Reasons []SetBlockedReason
}

// Accepted says the line was not refused. An accepted line with an expiry in
// the past deletes the matching cookie instead of storing one.
func (r SetResult) Accepted() bool { return len(r.Reasons) == 0 }

// Stored says the line left a cookie in the jar.
func (r SetResult) Stored() bool { return r.Accepted() && !r.Cookie.expiredAt(r.Cookie.Created) }

// Reason is the first reason, or SetBlockedUnspecified.
func (r SetResult) Reason() SetBlockedReason {
	if len(r.Reasons) == 0 {
		return SetBlockedUnspecified
	}
	return r.Reasons[0]
}

func (c Cookie) expiredAt(t time.Time) bool {
	return !c.Session && !c.Expires.IsZero() && !c.Expires.After(t)
}

// Expired says the cookie is past its expiry at t, so it is no longer in
// the browser's jar.
func (c Cookie) Expired(t time.Time) bool { return c.expiredAt(t) }

// ParseSetCookie decides one Set-Cookie line received in the response to r,
// without looking at the jar (see Store for OverwriteSecure).
func ParseSetCookie(line string, r Request) SetResult {
	e, err := newEnv(r)
	if err != nil {
		return SetResult{Reasons: []SetBlockedReason{SetUnknownError}}
	}
	return parseSetCookie(line, &e)
}

func parseSetCookie(line string, e *env) SetResult {
	var res SetResult
	fail := func(r SetBlockedReason) { res.Reasons = append(res.Reasons, r) }
	p, why := parseLine(line)
	if why != SetBlockedUnspecified {
		fail(why)
		return res
	}
	u := e.url
	now := e.req.Now
	c := Cookie{Name: p.name, Value: p.value, Created: now}
	res.Cookie = c

	// CanonicalCookie::Create: domain, path, prefix, partitioned.
	domAttr, _ := p.get("domain")
	if d, hostOnly, ok := cookieDomain(u, domAttr); ok {
		c.Domain, c.HostOnly = d, hostOnly
	} else {
		fail(SetInvalidDomain)
	}
	pathAttr, hasPath := p.get("path")
	c.Path = canonPath(u, pathAttr)
	c.Secure = p.has("secure")
	c.HTTPOnly = p.has("httponly")
	ss, _ := p.get("samesite")
	c.SameSite = parseSameSite(ss)
	if !prefixValid(p.name, u, c.Secure, domAttr, pathAttr, hasPath) ||
		p.name == "" && hasHiddenPrefix(p.value) {
		fail(SetInvalidPrefix)
	}
	partitioned := p.has("partitioned")
	if partitioned && (!c.Secure || u.access() == accessNonCryptographic) {
		fail(SetInvalidPartitioned)
	}
	if partitioned {
		c.PartitionKey = e.partitionKey()
	}
	if exp := expiry(p, now, e.req.ServerDate); !exp.IsZero() {
		c.Expires = exp
	} else {
		c.Session = true
	}
	res.Cookie = c
	if len(res.Reasons) > 0 {
		return res
	}

	// Cookie settings come before the jar: a line refused by third-party
	// blocking never reaches IsSetPermittedInContext, so DevTools gives that
	// reason alone. Partitioned cookies are spared.
	if e.thirdParty() && c.PartitionKey == "" {
		switch e.req.ThirdParty {
		case ThirdPartyBlockedByUser:
			fail(SetUserPreferences)
			return res
		case ThirdPartyPhaseout:
			fail(SetThirdPartyPhaseout)
			return res
		}
	}

	// CookieBase::IsSetPermittedInContext.
	if !u.httpish() {
		fail(SetSchemeNotSupported)
	}
	if c.Secure && u.access() == accessNonCryptographic {
		fail(SetSecureOnly)
	}
	if c.SameSite == SameSiteNone && !c.Secure {
		fail(SetSameSiteNoneInsecure)
	}
	if r := sameSiteSetReason(c, e); r != SetBlockedUnspecified {
		fail(r)
	}
	return res
}

// sameSiteSetReason is the SameSite refusal under schemeful same-site,
// named as Chromium 156's DevTools names it (always Schemeful, see
// SetBlockedReason).
func sameSiteSetReason(c Cookie, e *env) SetBlockedReason {
	if c.SameSite == SameSiteNone || e.responseContext(true) >= ctxLax {
		return SetBlockedUnspecified
	}
	switch c.SameSite {
	case SameSiteStrict:
		return SetSchemefulSameSiteStrict
	case SameSiteLax:
		return SetSchemefulSameSiteLax
	}
	return SetSchemefulSameSiteUnspecifiedTreatedAsLax
}

// parseSameSite is StringToCookieSameSite: anything unknown is unspecified.
func parseSameSite(v string) SameSite {
	switch strings.ToLower(v) {
	case "none":
		return SameSiteNone
	case "lax":
		return SameSiteLax
	case "strict":
		return SameSiteStrict
	}
	return SameSiteUnspecified
}

// cookieDomain is GetCookieDomainWithString: the cookie's domain (without a
// leading dot) and whether it is host-only, or ok=false for InvalidDomain.
func cookieDomain(u reqURL, attr string) (domain string, hostOnly, ok bool) {
	for i := 0; i < len(attr); i++ {
		if attr[i] >= 0x80 {
			return "", false, false // non-ASCII Domain attributes are refused
		}
	}
	host := u.Host
	if strings.HasSuffix(host, "..") {
		return "", false, false
	}
	isIP := psl.IsIPLiteral(host)
	if attr == "" || isIP && strings.EqualFold(attr, host) {
		return host, true, true
	}
	if isIP {
		// Chromium's TestIpAddress: an IP host takes only its exact self as
		// Domain; ".1.2.3.4" and "3.4" are refused.
		return "", false, false
	}
	if strings.IndexByte(attr, '%') >= 0 {
		return "", false, false
	}
	d := strings.ToLower(strings.TrimPrefix(attr, "."))
	if d == "" || !hostChars(d) {
		return "", false, false
	}
	urlRD := ""
	if u.httpish() && !isIP {
		urlRD, _ = psl.EffectiveTLDPlusOne(host)
	}
	if urlRD == "" {
		if host == d {
			return host, true, true
		}
		return "", false, false
	}
	if strings.HasSuffix(d, ".") {
		return "", false, false
	}
	if rd, _ := psl.EffectiveTLDPlusOne(d); rd != urlRD {
		return "", false, false
	}
	if host != d && !strings.HasSuffix(host, "."+d) {
		return "", false, false
	}
	return d, false, true
}

// hostChars accepts what URL host canonicalisation would keep as is.
func hostChars(d string) bool {
	for i := 0; i < len(d); i++ {
		c := d[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

// canonPath is CanonPathWithString: a Path attribute starting with '/' is
// taken as is; otherwise the default path of the request URL.
func canonPath(u reqURL, attr string) string {
	if strings.HasPrefix(attr, "/") {
		return attr
	}
	return DefaultPath(u.Path)
}

// DefaultPath is the RFC 6265 default-path of a request path: up to, not
// including, the right-most '/', or "/".
func DefaultPath(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// prefixValid applies the __Secure- and __Host- rules (matched
// case-insensitively, as Chromium does).
func prefixValid(name string, u reqURL, secure bool, domain, path string, hasPath bool) bool {
	secureOK := secure && u.access() != accessNonCryptographic
	switch {
	case hasPrefixFold(name, "__Secure-"):
		return secureOK
	case hasPrefixFold(name, "__Host-"):
		if !secureOK || !hasPath || path != "/" {
			return false
		}
		return domain == "" || psl.IsIPLiteral(u.Host) && u.Host == domain
	}
	return true
}

// hasHiddenPrefix catches "=__Secure-x=1": a nameless cookie whose value
// would read as a prefixed name.
func hasHiddenPrefix(v string) bool {
	v = strings.TrimLeft(v, " \t")
	return hasPrefixFold(v, "__Secure-") || hasPrefixFold(v, "__Host-")
}
