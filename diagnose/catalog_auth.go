package diagnose

// authCatalog is in rule order (see Catalog). Authentication problems come first,
// most specific first; corsCatalog follows.
var authCatalog = []Entry{
	{
		ID:    ExpiredToken,
		Title: "The access token has expired",
		Explanation: "The request carried a token (a JWT in the Authorization header or in a cookie) whose expiry time has passed. " +
			"The server refuses expired tokens, so every call fails until the app gets a fresh one.",
		Severity: Cause,
		Fixes: []string{
			"Refresh the token or session: sign out and sign in again, or let the app use its refresh token.",
			"If this keeps happening, review the OAuth/JWT configuration: the app should refresh tokens before \"exp\" and retry once on 401.",
			"If the times are in milliseconds, the issuer writes \"exp\" wrongly: JWT times are seconds since 1970 (RFC 7519).",
		},
		Action: ActionClearSiteData,
		Needs:  "A JWT in the request's Authorization header or cookies whose \"exp\" claim is at or before the snapshot time.",
	},
	{
		ID:    TokenNotYetValid,
		Title: "The token is not valid yet",
		Explanation: "The token says it only becomes valid later (its \"nbf\" or \"iat\" time is in the future). " +
			"This nearly always means the clock of the computer or of the server issuing tokens is wrong.",
		Severity: Cause,
		Fixes: []string{
			"Check this computer's date, time and time zone, and turn on automatic time.",
			"Check the clock of the server that issues the tokens (NTP); allow a small leeway when validating \"nbf\" and \"iat\".",
			"Review the OAuth/JWT configuration if the times are in milliseconds instead of seconds.",
		},
		Action: ActionNone,
		Needs:  "A JWT in the request whose \"nbf\" (or \"iat\") claim is after the snapshot time.",
	},
	{
		ID:    InsufficientScope,
		Title: "Signed in, but not allowed to do this",
		Explanation: "The server accepted who you are but says your token or account lacks the permission (scope or role) " +
			"this request needs. Signing in again will not help unless you get more privileges.",
		Severity: Cause,
		Fixes: []string{
			"Check access privileges: ask an administrator to grant the missing role or scope to this account.",
			"Review the OAuth/JWT configuration: request the scope the API names when the app asks for a token.",
			"Server side: answer 403 (not 401) for \"authenticated but not allowed\" (RFC 6750 §3.1).",
		},
		Action: ActionNone,
		Needs:  "WWW-Authenticate Bearer error=\"insufficient_scope\" (its scope parameter compared with the token's scope claims), or a 403 to a request that carried credentials.",
	},
	{
		ID:    StaleSessionCookie,
		Title: "The login session cookie is no longer valid",
		Explanation: "Your browser sent a session cookie, but the server no longer recognises that session (it expired, you were logged out elsewhere, " +
			"or the server restarted). The browser keeps sending the old cookie until it is removed or replaced.",
		Severity: Likely,
		Fixes: []string{
			"Refresh the session: sign out and sign in again.",
			"Clear this site's cookies so the stale session cookie is gone.",
			"Server side: when a session is unknown, delete the cookie (Set-Cookie with Max-Age=0) so browsers stop sending it.",
		},
		Action: ActionClearCookies,
		Needs:  "A session-like cookie (sid, session, connect.sid, PHPSESSID, JSESSIONID, *_session, auth…) sent on a request answered 401, or a response deleting it.",
	},
	{
		ID:    CachedBasicCredentials,
		Title: "The browser keeps sending old saved credentials",
		Explanation: "The browser remembers the user name and password you typed into its sign-in box (HTTP Basic/Digest) and resends them " +
			"automatically. If the password changed, every request fails without asking you again. Extensions cannot see this header, " +
			"so this is inferred from the challenge and earlier successes.",
		Severity: Likely,
		Fixes: []string{
			"Clear this site's cookies: Chromium empties its saved HTTP credentials at the same time.",
			"Or close every browser window (the saved credentials live until the browser exits) and sign in again.",
			"Verify the credentials you type at the next prompt.",
		},
		Action: ActionClearCookies,
		Needs:  "A webRequest.onAuthRequired challenge (scheme, realm) or a 401 Basic/Digest challenge on a request without a script-set Authorization after earlier successes on the same origin.",
	},
	{
		ID:    Cached401Response,
		Title: "An old \"401 Unauthorized\" answer is being reused from cache",
		Explanation: "The error did not come from the server just now: a CDN, a proxy or the browser reused a stored copy of an earlier 401. " +
			"Even after you sign in, the stale error keeps coming back until the cache is cleared.",
		Severity: Cause,
		Fixes: []string{
			"Clear this site's data (its cache and cookies) and reload: a browser's copy goes with the cache, and a CDN that keys its copy on a cookie (an edge or session cookie) asks the server again.",
			"Server side: send Cache-Control: no-store (or private, no-cache) on 401 responses and Vary on Authorization/Cookie, then purge the CDN's copy.",
		},
		// Chromium never stores a 401 itself: the copy is usually a shared
		// cache's, keyed on a cookie more often than not, so the cache alone
		// is not enough.
		Action: ActionClearSiteData,
		Needs:  "fromCache on the response, a cache hit marker (X-Cache: HIT, CF-Cache-Status…) or Age > 0, or a freshness lifetime (Cache-Control max-age or s-maxage, Expires; no no-store or no-cache) that lets a CDN (or, outside Chromium, the browser) reuse the 401.",
	},
	{
		ID:    CookieNotSent,
		Title: "The browser has a cookie for this site but did not send it",
		Explanation: "A cookie that probably carries your login exists in the browser, but the browser's cookie rules kept it off this request " +
			"(for example SameSite, Secure, domain or path rules, or third-party cookie blocking). To the server you look signed out.",
		Severity: Cause,
		Fixes: []string{
			"For cross-site calls the cookie must be set with SameSite=None; Secure, and the page must request with credentials (fetch credentials: \"include\").",
			"Check the URL/endpoint: the cookie's Domain and Path must cover the API address, and https is needed for Secure cookies.",
			"If third-party cookies are blocked, serve the API from the same site as the page or use a Partitioned cookie.",
		},
		Action: ActionNone,
		Needs:  "A jar cookie for the request's site that the cookie model says is not attached, with Chromium's CookieBlockedReason.",
	},
	{
		ID:    CookieRejected,
		Title: "The browser refused a cookie the server tried to set",
		Explanation: "After signing in, the server tried to store a cookie, but the browser rejected it because of how it was set " +
			"(missing Secure with SameSite=None, wrong Domain, a __Host- prefix rule, …). The next requests go out without it.",
		Severity: Cause,
		Fixes: []string{
			"Fix the Set-Cookie line on the server so the browser accepts it (see the reason below).",
			"Review the authentication configuration of the login endpoint (cookie domain, SameSite, Secure).",
		},
		Action: ActionNone,
		Needs:  "A Set-Cookie line in an earlier response that the cookie model refuses, with Chromium's SetCookieBlockedReason.",
	},
	{
		ID:    RejectedCredentials,
		Title: "The server refused the credentials that were sent",
		Explanation: "The request did carry credentials (an Authorization header or a login cookie), but the server answered that they are wrong " +
			"or no longer valid — a mistyped password, a revoked or malformed token, or a session the server has forgotten.",
		Severity: Cause,
		Fixes: []string{
			"Verify the credentials: user name, password, API key or token, and that they belong to this environment (test vs production).",
			"Refresh the token or session by signing out and in again.",
			"If you are an administrator, check that the account is not locked or disabled.",
		},
		Action: ActionClearSiteData,
		Needs:  "A 401 (or 403 with a challenge) to a request that carried an Authorization header or cookies; Bearer error=\"invalid_token\" makes it certain.",
	},
	{
		ID:    DuplicateCookies,
		Title: "Several cookies with the same name are competing",
		Explanation: "The browser holds more than one cookie with the same name (for different domains or paths) and sends them all. " +
			"Many servers read only the first one, which may be an old or wrong session.",
		Severity: Possible,
		Fixes: []string{
			"Clear this site's cookies and sign in again.",
			"Server side: always set the session cookie with the same Domain and Path, and delete old variants.",
		},
		Action: ActionClearCookies,
		Needs:  "Two or more cookies with one name in the request's Cookie header or in the jar entries matching the request.",
	},
	{
		ID:    MissingCredentials,
		Title: "No credentials were sent",
		Explanation: "The server wants you to prove who you are, but the request carried no credentials at all: " +
			"no Authorization header and no cookies. You are probably signed out, or the app forgot to attach its token.",
		Severity: Cause,
		Fixes: []string{
			"Sign in, then retry.",
			"Verify the credentials are attached: the app must send the Authorization header, or use credentials: \"include\" for cookies on cross-origin calls.",
			"Refresh the token or session if the app lost it.",
		},
		Action: ActionNone,
		Needs:  "A 401 with a WWW-Authenticate challenge on a request without Authorization and without Cookie headers.",
	},
	{
		ID:    LoginRedirectLoop,
		Title: "The site keeps sending you back to the login page",
		Explanation: "The request bounced between the page and the login page (or revisited the same address) instead of landing. " +
			"Typically the login succeeds but its cookie is not kept, or an old cookie keeps being judged invalid.",
		Severity: Cause,
		Fixes: []string{
			"Clear this site's cookies and sign in again.",
			"Check the URL/endpoint: the login must send you back to the same scheme and host (www vs no www, http vs https).",
			"Review the authentication configuration: the session cookie must be accepted and sent on the page it redirects to.",
		},
		Action: ActionClearCookies,
		Needs:  "The redirect chain revisits a URL, or goes to a login-like path (login, signin, auth, sso, oauth) and back.",
	},
	{
		ID:    WAFBlock,
		Title: "A firewall or security service blocked the request",
		Explanation: "The refusal came from a web application firewall or security layer in front of the site, not from the login itself. " +
			"It may block your IP address, country, browser or something in the request that looks like an attack.",
		Severity: Likely,
		Fixes: []string{
			"Unblock your IP in the firewall (or ask the site owner to): give them the request ID shown below.",
			"Remove or relax security plugins (for example WordPress Wordfence, iThemes Security) or the rule that matched.",
			"Try from another network to confirm it is an IP block.",
		},
		Action: ActionNone,
		Needs:  "Vendor headers: Cloudflare (cf-ray, Server: cloudflare, cf-mitigated), Akamai (AkamaiGHost, x-akamai-*), AWS (x-amz-cf-id, x-amzn-waf-*, CloudFront/awselb), Sucuri (x-sucuri-id), Imperva (x-iinfo, incap_ses), F5 BIG-IP, ModSecurity.",
	},
	{
		ID:    IPChanged,
		Title: "The site answered from different server addresses",
		Explanation: "The same host name was answered by more than one IP address during this session. " +
			"If one of them is an old or wrong server, it will not know your session, and requests fail at random.",
		Severity: Possible,
		Fixes: []string{
			"Flush DNS on this computer (and in the browser at chrome://net-internals/#dns) and reload.",
			"Check hosts-file entries and VPN or proxy settings that point the name somewhere else.",
			"Server side: share sessions between all servers behind the name.",
		},
		Action: ActionNone,
		Needs:  "Responses for one host with more than one distinct server IP.",
	},
	{
		ID:    SchemeMismatch,
		Title: "http and https are mixed",
		Explanation: "The page and the service it calls use different schemes (http vs https), or a Secure cookie is needed on a plain http address. " +
			"Browsers never send Secure cookies over http and treat http and https as different origins.",
		Severity: Likely,
		Fixes: []string{
			"Check the URL/endpoint: use https everywhere, and redirect http to https on the server.",
			"Update the app's configured API address to https.",
		},
		Action: ActionNone,
		Needs:  "An http request from an https page (or the reverse), or Secure cookies in the jar for a host requested over http.",
	},
	{
		ID:    HostMismatch,
		Title: "The cookies belong to a different host name",
		Explanation: "Your login cookies are stored for one address (for example www.example.com) while the request goes to another " +
			"(example.com). To the browser these are different, so the cookie stays behind.",
		Severity: Likely,
		Fixes: []string{
			"Check the URL/endpoint: always use one host name (pick www or not) and redirect the other to it.",
			"Server side: set the session cookie with Domain=example.com so it covers sub-domains.",
		},
		Action: ActionNone,
		Needs:  "Session-like jar cookies whose host-only domain is the www/apex twin of the request host, or a request to the twin of the page's host.",
	},
	{
		ID:    ClockSkew,
		Title: "This computer's clock disagrees with the server",
		Explanation: "The time on this computer differs from the server's by several minutes or more. " +
			"Tokens and cookies with expiry times then look expired (or not yet valid) when they are not.",
		Severity: Possible,
		Fixes: []string{
			"Set this computer's date, time and time zone correctly (turn on automatic time).",
			"Server side: keep servers synchronised with NTP and allow a small leeway when checking token times.",
		},
		Action: ActionNone,
		Needs:  "A response Date header more than 5 minutes from the snapshot time, or a JWT \"iat\" in the future.",
	},
	{
		ID:    ServerBasicAuth,
		Title: "The web server itself asks for a password",
		Explanation: "The password prompt comes from the web server's own protection (for example an Apache .htaccess/.htpasswd file or nginx auth_basic), " +
			"not from the application's login. Your app account will not open it; you need that separate user name and password.",
		Severity: Likely,
		Fixes: []string{
			"Check the .htaccess file (AuthType Basic, AuthUserFile, Require) or nginx auth_basic / auth_basic_user_file for this path.",
			"Verify the user exists in the .htpasswd file and the password is right.",
			"Remove the protection if it was meant only for staging, or exclude the API path from it.",
		},
		Action: ActionNone,
		Needs:  "A Basic challenge with a Server header naming Apache, nginx, LiteSpeed, IIS or similar.",
	},
	{
		ID:    MissingWWWAuthenticate,
		Title: "The server said 401 without saying how to sign in",
		Explanation: "HTTP requires every 401 answer to include a WWW-Authenticate header naming the sign-in method (RFC 9110 §15.5.2). " +
			"This one has none, so browsers and tools cannot react properly. The status may be wrong (403 or 400 meant) or a proxy stripped it.",
		Severity: Likely,
		Fixes: []string{
			"Server side: add WWW-Authenticate (for example Bearer realm=\"api\") to 401 answers, or use 403 if you are refusing an authenticated user.",
			"Review the authentication configuration of any proxy in front of the server.",
		},
		Action: ActionNone,
		Needs:  "A 401 response without a WWW-Authenticate header.",
	},
}
