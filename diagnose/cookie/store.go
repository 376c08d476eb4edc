package cookie

import "time"

// Store applies Set-Cookie lines, in order, from the response to r onto jar
// and returns the new jar and one result per line. It adds what parsing
// alone cannot know: an insecure origin may not overwrite (or shadow) a
// Secure cookie, a replaced cookie keeps its creation time when the value is
// unchanged, and an already-expired line deletes instead of storing.
func Store(jar []Cookie, lines []string, r Request) ([]Cookie, []SetResult) {
	out := append([]Cookie(nil), jar...)
	results := make([]SetResult, 0, len(lines))
	e, err := newEnv(r)
	if err != nil {
		for range lines {
			results = append(results, SetResult{Reasons: []SetBlockedReason{SetUnknownError}})
		}
		return out, results
	}
	now := r.Now
	// Expired entries are not in a browser jar.
	out = dropExpired(out, now)
	for _, line := range lines {
		res := parseSetCookie(line, &e)
		if res.Accepted() {
			out, res = apply(out, res, &e)
		}
		results = append(results, res)
	}
	return out, results
}

func dropExpired(jar []Cookie, now time.Time) []Cookie {
	kept := jar[:0]
	for _, c := range jar {
		if !c.expiredAt(now) {
			kept = append(kept, c)
		}
	}
	return kept
}

// apply is CookieMonster::SetCanonicalCookie's jar step.
func apply(jar []Cookie, res SetResult, e *env) ([]Cookie, SetResult) {
	c := res.Cookie
	if !c.Secure && e.url.access() == accessNonCryptographic {
		for _, old := range jar {
			if old.Secure && old.Name == c.Name && old.PartitionKey == c.PartitionKey &&
				(subdomainOf(old.Domain, c.Domain) || subdomainOf(c.Domain, old.Domain)) &&
				PathMatch(old.Path, c.Path) {
				res.Reasons = append(res.Reasons, SetOverwriteSecure)
				return jar, res
			}
		}
	}
	kept := jar[:0]
	for _, old := range jar {
		if equivalent(old, c) {
			if old.Value == c.Value && !old.Created.IsZero() {
				c.Created = old.Created
			}
			continue
		}
		kept = append(kept, old)
	}
	res.Cookie = c
	if !c.expiredAt(e.req.Now) {
		kept = append(kept, c)
	}
	return kept, res
}

func subdomainOf(sub, parent string) bool {
	return sub == parent || len(sub) > len(parent) && sub[len(sub)-len(parent)-1] == '.' && sub[len(sub)-len(parent):] == parent
}

// equivalent is CanonicalCookie::IsEquivalent: same name, domain (host-only
// and domain cookies differ), path and partition.
func equivalent(a, b Cookie) bool {
	return a.Name == b.Name && a.Domain == b.Domain && a.HostOnly == b.HostOnly &&
		a.Path == b.Path && a.PartitionKey == b.PartitionKey
}
