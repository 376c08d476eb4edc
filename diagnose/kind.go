package diagnose

import (
	"slices"
	"strconv"
	"strings"
)

// Kind says what sort of failure an exchange is; the badge and the words
// used for it follow from it. The zero value means "not a failure".
type Kind uint8

const (
	KindUnspecified Kind = iota
	// KindAuth: 401, or a request the browser had to ask credentials for.
	KindAuth
	// KindForbidden: 403.
	KindForbidden
	// KindProxyAuth: 407.
	KindProxyAuth
	// KindBlocked: a firewall, WAF or rate limit refused it (406/429/503 or
	// an explicit block marker on any error status).
	KindBlocked
	// KindCORS: the browser withheld the response (CORS or a failed preflight).
	KindCORS
	// KindRedirectLoop: the request went round in redirects.
	KindRedirectLoop
	// KindNetworkAuth: an authentication net:: error without a status.
	KindNetworkAuth
)

func (k Kind) String() string {
	switch k {
	case KindAuth:
		return "auth"
	case KindForbidden:
		return "forbidden"
	case KindProxyAuth:
		return "proxy-auth"
	case KindBlocked:
		return "blocked"
	case KindCORS:
		return "cors"
	case KindRedirectLoop:
		return "redirect-loop"
	case KindNetworkAuth:
		return "network-auth"
	}
	return "unspecified"
}

// Badge is the text and colour of the toolbar badge for a failure (or a tab).
type Badge struct {
	Text  string
	Color string // #rrggbb
}

const (
	badgeRed    = "#b3261e"
	badgeOrange = "#b35c00"
	badgePurple = "#6b3fa0"
)

// badgeFor is the badge a failure of kind k with this status shows: the
// status where it says what happened, else a word.
func badgeFor(k Kind, status int) Badge {
	switch k {
	case KindAuth, KindForbidden, KindProxyAuth:
		if status == 0 {
			return Badge{"AUTH", badgeRed}
		}
		return Badge{strconv.Itoa(status), badgeRed}
	case KindBlocked:
		if status == 0 {
			return Badge{"WAF", badgeOrange}
		}
		return Badge{strconv.Itoa(status), badgeOrange}
	case KindCORS:
		return Badge{"CORS", badgeOrange}
	case KindRedirectLoop:
		return Badge{"LOOP", badgePurple}
	case KindNetworkAuth:
		return Badge{"AUTH", badgeRed}
	}
	return Badge{}
}

// kindOf applies the selection documented on Diagnose and says what kind of
// failure the exchange is, KindUnspecified when it is none. findings are the
// exchange's findings, so that an exchange whose only problem is a redirect
// loop or a CORS verdict is reported too.
func (x *view) kindOf(findings []Finding) Kind {
	has := func(id ID) bool {
		return slices.ContainsFunc(findings, func(f Finding) bool { return f.ID == id })
	}
	// A CORS verdict (not the cache-hygiene note about Vary) is a failure.
	cors := slices.ContainsFunc(findings, func(f Finding) bool {
		return strings.HasPrefix(string(f.ID), "cors-") && f.ID != CORSVaryOriginMissing
	})
	// A failed cross-origin fetch is reported even when no rule can say
	// why: the user sees it failed, and the report says so.
	if corsTypes[x.e.Request.Type] && (x.errName() == "ERR_FAILED" && (x.crossOrigin() || x.crossedOrigin()) || x.preflightFailed()) {
		cors = true
	}
	loop := has(LoginRedirectLoop) || x.errName() == "ERR_TOO_MANY_REDIRECTS"
	switch {
	case x.status == 401:
		return KindAuth
	case x.status == 407:
		return KindProxyAuth
	case x.status == 403 && (len(x.challenges) > 0 || x.sentCredentials()):
		return KindForbidden
	case loop:
		return KindRedirectLoop
	case cors:
		return KindCORS
	case has(WAFBlock):
		return KindBlocked
	case authNetErrors[x.errName()]:
		return KindNetworkAuth
	case x.e.AuthChallenge != nil:
		if x.e.AuthChallenge.IsProxy {
			return KindProxyAuth
		}
		return KindAuth
	}
	return KindUnspecified
}
