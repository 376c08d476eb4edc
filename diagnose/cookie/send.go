package cookie

import (
	"slices"
	"strings"

	"github.com/authdoctor/authdoctor/diagnose/psl"
)

// SendResult is whether one jar cookie went with a request, and why not.
type SendResult struct {
	Cookie Cookie
	// Sent says the cookie was attached.
	Sent bool
	// Reasons are every reason Chromium would report, the first to explain.
	Reasons []BlockedReason
	// Expired: the cookie is past its expiry, so it is no longer in the jar.
	Expired bool
	// NoCredentials: the request's credentials mode kept all cookies off.
	NoCredentials bool
	// OtherPartition: a partitioned cookie of another top-level site.
	OtherPartition bool
}

// Reason is the first reason, or BlockedUnspecified.
func (r SendResult) Reason() BlockedReason {
	if len(r.Reasons) == 0 {
		return BlockedUnspecified
	}
	return r.Reasons[0]
}

// Check decides whether the jar cookie c is attached to request r, as
// CookieBase::IncludeForRequestURL and the cookie settings do.
func Check(c Cookie, r Request) SendResult {
	e, err := newEnv(r)
	if err != nil {
		return SendResult{Cookie: c, Reasons: []BlockedReason{BlockedUnknownError}}
	}
	return check(c, &e)
}

func check(c Cookie, e *env) SendResult {
	res := SendResult{Cookie: c}
	if c.expiredAt(e.req.Now) {
		res.Expired = true
		return res
	}
	switch e.req.Credentials {
	case CredentialsOmit:
		res.NoCredentials = true
		return res
	case CredentialsSameOrigin:
		if !e.hasInit || e.opaque || e.init.Origin() != e.url.Origin() {
			res.NoCredentials = true
			return res
		}
	}
	if c.PartitionKey != "" && c.PartitionKey != e.partitionKey() {
		res.OtherPartition = true
		return res
	}
	u := e.url
	block := func(b BlockedReason) { res.Reasons = append(res.Reasons, b) }
	if c.Secure && u.access() == accessNonCryptographic {
		block(BlockedSecureOnly)
	}
	if !domainMatch(c, u.Host) {
		block(BlockedDomainMismatch)
	}
	if !PathMatch(c.Path, u.Path) {
		block(BlockedNotOnPath)
	}
	if b := sameSiteSendReason(c, e); b != BlockedUnspecified {
		block(b)
	}
	if c.SameSite == SameSiteNone && !c.Secure {
		block(BlockedSameSiteNoneInsecure)
	}
	if e.thirdParty() && c.PartitionKey == "" {
		switch e.req.ThirdParty {
		case ThirdPartyBlockedByUser:
			block(BlockedUserPreferences)
		case ThirdPartyPhaseout:
			block(BlockedThirdPartyPhaseout)
		}
	}
	res.Sent = len(res.Reasons) == 0
	return res
}

// effective is CookieEffectiveSameSite.
type effective uint8

const (
	effNone effective = iota
	effLaxAllowUnsafe
	effLax
	effStrict
)

func (c Cookie) effectiveSameSite(e *env) effective {
	switch c.SameSite {
	case SameSiteNone:
		return effNone
	case SameSiteLax:
		return effLax
	case SameSiteStrict:
		return effStrict
	}
	if !c.Created.IsZero() && e.req.Now.Sub(c.Created) <= LaxAllowUnsafeAge {
		return effLaxAllowUnsafe
	}
	return effLax
}

// sameSiteSendReason is the SameSite exclusion under schemeful same-site,
// named as Chromium 156's DevTools names it (always Schemeful, see
// BlockedReason).
func sameSiteSendReason(c Cookie, e *env) BlockedReason {
	ctx := e.requestContext(true)
	var blocked bool
	switch c.effectiveSameSite(e) {
	case effStrict:
		blocked = ctx < ctxStrict
	case effLax:
		blocked = ctx < ctxLax
	case effLaxAllowUnsafe:
		blocked = ctx < ctxLaxMethodUnsafe
	}
	if !blocked {
		return BlockedUnspecified
	}
	switch c.SameSite {
	case SameSiteStrict:
		return BlockedSchemefulSameSiteStrict
	case SameSiteLax:
		return BlockedSchemefulSameSiteLax
	}
	return BlockedSchemefulSameSiteUnspecifiedTreatedAsLax
}

func domainMatch(c Cookie, host string) bool {
	if c.HostOnly {
		return host == c.Domain
	}
	return host == c.Domain || strings.HasSuffix(host, "."+c.Domain) && !psl.IsIPLiteral(host)
}

// PathMatch is RFC 6265 path-match: the cookie path is the request path or
// a prefix of it ending at a '/'.
func PathMatch(cookiePath, reqPath string) bool {
	if cookiePath == "" || !strings.HasPrefix(reqPath, cookiePath) {
		return false
	}
	return len(reqPath) == len(cookiePath) || cookiePath[len(cookiePath)-1] == '/' || reqPath[len(cookiePath)] == '/'
}

// CookiesFor returns the jar cookies attached to r in the order Chromium
// writes them in the Cookie header (longer path first, then earlier
// creation), and the decision for every jar cookie in jar order.
func CookiesFor(jar []Cookie, r Request) (sent []Cookie, results []SendResult) {
	e, err := newEnv(r)
	if err != nil {
		for _, c := range jar {
			results = append(results, SendResult{Cookie: c, Reasons: []BlockedReason{BlockedUnknownError}})
		}
		return nil, results
	}
	if len(jar) > 0 {
		results = make([]SendResult, 0, len(jar))
	}
	for _, c := range jar {
		res := check(c, &e)
		results = append(results, res)
		if res.Sent {
			sent = append(sent, c)
		}
	}
	slices.SortStableFunc(sent, func(a, b Cookie) int {
		if len(a.Path) != len(b.Path) {
			return len(b.Path) - len(a.Path)
		}
		return a.Created.Compare(b.Created)
	})
	return sent, results
}

// Duplicates groups sent cookies that share a name but differ in domain or
// path: the server sees the name twice and usually reads the first.
func Duplicates(sent []Cookie) [][]Cookie {
	var groups [][]Cookie
	seen := map[string]bool{}
	for i, c := range sent {
		if seen[c.Name] {
			continue
		}
		group := []Cookie{c}
		for _, d := range sent[i+1:] {
			if d.Name == c.Name {
				group = append(group, d)
			}
		}
		if len(group) > 1 {
			seen[c.Name] = true
			groups = append(groups, group)
		}
	}
	return groups
}
