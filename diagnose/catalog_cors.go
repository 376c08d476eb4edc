package diagnose

// corsNeeds is the evidence every CORS verdict rests on; diagnose/cors
// replays Chromium's CORS checks on it.
const corsNeeds = "A cross-origin request (Origin header or initiator ≠ target origin) that failed (net::ERR_FAILED or a failed preflight), " +
	"with the request's method, headers and credentials mode and the response (or preflight response) headers; diagnose/cors returns Chromium's CorsError."

// corsEntry fills the fields every CORS finding shares: the CORS check is
// decided by the browser from the headers, so when it fails it is the cause,
// and nothing in the browser's storage can fix it.
func corsEntry(id ID, title, explanation string, fixes ...string) Entry {
	return Entry{ID: id, Title: title, Explanation: explanation, Severity: Cause, Fixes: fixes, Action: ActionNone, Needs: corsNeeds}
}

const (
	corsIntro     = "The browser blocked the answer because of CORS, the rule that decides which other websites may read a server's responses. "
	preflightNote = "Before the real request the browser asked the server for permission (a \"preflight\" OPTIONS request), and that answer was not acceptable: "
	enableCORS    = "Enable CORS on the server for this page's origin (the exact header lines are below)."
)

// corsCatalog is in finding.go order; the verdict names one of them at most,
// so their relative order only matters for the docs.
var corsCatalog = []Entry{
	corsEntry(CORSDisallowedByMode, "The request was only allowed to its own origin",
		corsIntro+"The page made the request in \"same-origin\" mode, which forbids talking to any other origin.",
		"Check the URL/endpoint: call the API on the page's own origin, or use mode \"cors\" in fetch."),
	corsEntry(CORSInvalidResponse, "The cross-origin answer was unusable",
		corsIntro+"The server's answer was broken or missing (a network error or an invalid response), so the CORS check could not pass.",
		"Check the URL/endpoint and that the server is reachable and answers this request.",
		"Unblock your IP or check the firewall if the connection is being cut."),
	corsEntry(CORSWildcardOriginNotAllowed, "\"Allow any origin\" cannot be used with credentials",
		corsIntro+"The server allowed every origin (Access-Control-Allow-Origin: *) but the request carries cookies or credentials, and browsers forbid that combination.",
		enableCORS, "Echo the page's origin in Access-Control-Allow-Origin instead of *, with Access-Control-Allow-Credentials: true and Vary: Origin."),
	corsEntry(CORSMissingAllowOriginHeader, "The server did not allow this website to read the answer",
		corsIntro+"The answer has no Access-Control-Allow-Origin header, so no other website may read it. Often the error page (401, 403, 500) is sent without the CORS headers the normal answers have.",
		enableCORS, "Send the CORS headers on error answers (401/403/5xx) too, not only on success."),
	corsEntry(CORSMultipleAllowOriginValues, "The server sent several allowed origins",
		corsIntro+"Access-Control-Allow-Origin must hold exactly one origin, but the answer has several (often two layers — app and proxy — each adding the header).",
		"Send Access-Control-Allow-Origin once: remove the duplicate from the proxy or the application.", enableCORS),
	corsEntry(CORSInvalidAllowOriginValue, "The allowed origin is malformed",
		corsIntro+"Access-Control-Allow-Origin is not a valid origin (for example it has a path, a trailing slash or a list).",
		"Send exactly scheme://host[:port] of the page, or *.", enableCORS),
	corsEntry(CORSAllowOriginMismatch, "The server allows a different website",
		corsIntro+"Access-Control-Allow-Origin names another origin than this page's (http vs https, www vs no www, another port…), possibly from a cached answer meant for another site.",
		enableCORS, "Check the URL/endpoint: the page's exact origin must be in the server's allow-list.", "Send Vary: Origin when the value depends on the request."),
	corsEntry(CORSInvalidAllowCredentials, "The server did not allow credentials",
		corsIntro+"The request carries cookies or credentials, so the answer must contain Access-Control-Allow-Credentials: true, and it does not.",
		enableCORS, "Or, if no cookies are needed, send the request without credentials."),
	corsEntry(CORSCorsDisabledScheme, "This kind of address cannot be fetched cross-origin",
		corsIntro+"The URL's scheme (for example file: or chrome-extension:) does not support CORS requests.",
		"Check the URL/endpoint: serve the API over http(s)."),
	corsEntry(CORSPreflightInvalidStatus, "The permission check (preflight) was refused",
		corsIntro+preflightNote+"its status was not 2xx. A server that demands a login on OPTIONS requests causes this, because browsers never send credentials on a preflight.",
		"Answer OPTIONS requests with 204 and the CORS headers, before any authentication check.", enableCORS),
	corsEntry(CORSPreflightDisallowedRedirect, "The permission check (preflight) was redirected",
		corsIntro+preflightNote+"it was a redirect, which is not allowed for a preflight.",
		"Check the URL/endpoint: call the final address directly (mind trailing slashes and http→https redirects).", "Answer OPTIONS at that URL without redirecting."),
	corsEntry(CORSPreflightWildcardOriginNotAllowed, "The preflight allowed any origin, but credentials are used",
		corsIntro+preflightNote+"it allowed every origin (*) while the request carries credentials.",
		enableCORS, "Echo the page's origin instead of * in the preflight answer."),
	corsEntry(CORSPreflightMissingAllowOriginHeader, "The preflight answer had no CORS headers",
		corsIntro+preflightNote+"it has no Access-Control-Allow-Origin header.",
		enableCORS, "Handle OPTIONS for this path (many frameworks need a CORS middleware placed before routing and auth)."),
	corsEntry(CORSPreflightMultipleAllowOriginValues, "The preflight named several allowed origins",
		corsIntro+preflightNote+"Access-Control-Allow-Origin appears more than once.",
		"Send Access-Control-Allow-Origin once: remove the duplicate from the proxy or the application."),
	corsEntry(CORSPreflightInvalidAllowOriginValue, "The preflight's allowed origin is malformed",
		corsIntro+preflightNote+"Access-Control-Allow-Origin is not a valid origin.",
		"Send exactly scheme://host[:port] of the page.", enableCORS),
	corsEntry(CORSPreflightAllowOriginMismatch, "The preflight allows a different website",
		corsIntro+preflightNote+"Access-Control-Allow-Origin names another origin than this page's.",
		enableCORS, "Check the URL/endpoint: the page's exact origin must be in the allow-list."),
	corsEntry(CORSPreflightInvalidAllowCredentials, "The preflight did not allow credentials",
		corsIntro+preflightNote+"Access-Control-Allow-Credentials: true is missing although the request uses credentials.",
		enableCORS),
	corsEntry(CORSPreflightMissingAllowExternal, "The local-network permission header is missing",
		corsIntro+preflightNote+"the page asked to reach a more private network (for example localhost from a public site) and the answer lacks Access-Control-Allow-Private-Network: true.",
		"Answer the preflight with Access-Control-Allow-Private-Network: true (and the usual CORS headers)."),
	corsEntry(CORSPreflightInvalidAllowExternal, "The local-network permission header is wrong",
		corsIntro+preflightNote+"Access-Control-Allow-Private-Network is present but is not exactly \"true\".",
		"Send Access-Control-Allow-Private-Network: true."),
	corsEntry(CORSInvalidAllowMethodsPreflightResponse, "The preflight's list of methods is malformed",
		corsIntro+preflightNote+"Access-Control-Allow-Methods could not be parsed.",
		"Send a comma-separated list of method names, for example Access-Control-Allow-Methods: GET, POST, PUT, DELETE."),
	corsEntry(CORSInvalidAllowHeadersPreflightResponse, "The preflight's list of headers is malformed",
		corsIntro+preflightNote+"Access-Control-Allow-Headers could not be parsed.",
		"Send a comma-separated list of header names, for example Access-Control-Allow-Headers: Authorization, Content-Type."),
	corsEntry(CORSMethodDisallowedByPreflightResponse, "The server does not allow this method",
		corsIntro+preflightNote+"the request's method is not in Access-Control-Allow-Methods.",
		enableCORS, "Add the method to Access-Control-Allow-Methods."),
	corsEntry(CORSHeaderDisallowedByPreflightResponse, "The server does not allow a header the page sends",
		corsIntro+preflightNote+"a request header (often Authorization) is not in Access-Control-Allow-Headers.",
		enableCORS, "List the header by name in Access-Control-Allow-Headers."),
	corsEntry(CORSRedirectContainsCredentials, "A redirect carried a password in its address",
		corsIntro+"The request was redirected to an address containing a user name or password (user:pass@host), which CORS forbids.",
		"Check the URL/endpoint: redirect to an address without credentials in it."),
	corsEntry(CORSInsecureLocalNetwork, "An insecure page may not reach the local network",
		corsIntro+"A page loaded over plain http tried to reach a more private network (localhost, a LAN address), which Chromium blocks.",
		"Serve the page over https.", "Check the URL/endpoint: call a public address instead of a local one."),
	corsEntry(CORSInvalidLocalNetworkAccess, "The local-network request was invalid",
		corsIntro+"A request to a more private network (localhost, a LAN address) did not satisfy Chromium's local network access rules.",
		"Answer the preflight with Access-Control-Allow-Private-Network: true, or call a public address."),
	corsEntry(CORSNoCorsRedirectModeNotFollow, "A no-cors request must follow redirects",
		corsIntro+"The request used mode \"no-cors\" with a redirect mode other than \"follow\", which is not allowed.",
		"Use redirect: \"follow\" with mode \"no-cors\", or use mode \"cors\"."),
	corsEntry(CORSLocalNetworkAccessPermissionDenied, "Local network access was not permitted",
		corsIntro+"The page tried to reach the local network and the browser's local network access permission was denied.",
		"Allow local network access for this site in the browser's site settings, or call a public address."),
	{
		ID:    CORSVaryOriginMissing,
		Title: "CORS answers vary by origin but are cached without Vary: Origin",
		Explanation: "The server chooses Access-Control-Allow-Origin per requesting site but does not say \"Vary: Origin\". " +
			"A browser or CDN cache can then hand one site's answer to another site, which fails the CORS check at random.",
		Severity: Possible,
		Fixes: []string{
			"Server side: add Vary: Origin to every response whose Access-Control-Allow-Origin depends on the request.",
			"Clear the browser cache for this site and reload.",
		},
		Action: ActionClearCache,
		Needs:  "A response with an Access-Control-Allow-Origin naming a specific origin and no Vary header listing Origin (diagnose/cors reports it).",
	},
}
