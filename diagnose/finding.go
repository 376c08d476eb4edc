package diagnose

// ID names a finding. The set is closed: the popup, the CLI, the docs and the
// tests all use these strings, and catalog_test checks every one is documented.
type ID string

const (
	MissingCredentials     ID = "missing-credentials"
	RejectedCredentials    ID = "rejected-credentials"
	ExpiredToken           ID = "expired-token"
	TokenNotYetValid       ID = "token-not-yet-valid"
	StaleSessionCookie     ID = "stale-session-cookie"
	CachedBasicCredentials ID = "cached-basic-credentials"
	Cached401Response      ID = "cached-401-response"
	InsufficientScope      ID = "insufficient-scope"
	MissingWWWAuthenticate ID = "missing-www-authenticate"
	ServerBasicAuth        ID = "server-basic-auth"
	CookieNotSent          ID = "cookie-not-sent"
	CookieRejected         ID = "cookie-rejected"
	DuplicateCookies       ID = "duplicate-cookies"
	ClockSkew              ID = "clock-skew"
	WAFBlock               ID = "waf-block"
	SchemeMismatch         ID = "scheme-mismatch"
	HostMismatch           ID = "host-mismatch"
	IPChanged              ID = "ip-changed"
	LoginRedirectLoop      ID = "login-redirect-loop"
	CORSVaryOriginMissing  ID = "cors-vary-origin-missing"
	// The CORS family: "cors-" + kebab-case of Chromium's Network.CorsError.
	CORSDisallowedByMode                     ID = "cors-disallowed-by-mode"
	CORSInvalidResponse                      ID = "cors-invalid-response"
	CORSWildcardOriginNotAllowed             ID = "cors-wildcard-origin-not-allowed"
	CORSMissingAllowOriginHeader             ID = "cors-missing-allow-origin-header"
	CORSMultipleAllowOriginValues            ID = "cors-multiple-allow-origin-values"
	CORSInvalidAllowOriginValue              ID = "cors-invalid-allow-origin-value"
	CORSAllowOriginMismatch                  ID = "cors-allow-origin-mismatch"
	CORSInvalidAllowCredentials              ID = "cors-invalid-allow-credentials"
	CORSCorsDisabledScheme                   ID = "cors-cors-disabled-scheme"
	CORSPreflightInvalidStatus               ID = "cors-preflight-invalid-status"
	CORSPreflightDisallowedRedirect          ID = "cors-preflight-disallowed-redirect"
	CORSPreflightWildcardOriginNotAllowed    ID = "cors-preflight-wildcard-origin-not-allowed"
	CORSPreflightMissingAllowOriginHeader    ID = "cors-preflight-missing-allow-origin-header"
	CORSPreflightMultipleAllowOriginValues   ID = "cors-preflight-multiple-allow-origin-values"
	CORSPreflightInvalidAllowOriginValue     ID = "cors-preflight-invalid-allow-origin-value"
	CORSPreflightAllowOriginMismatch         ID = "cors-preflight-allow-origin-mismatch"
	CORSPreflightInvalidAllowCredentials     ID = "cors-preflight-invalid-allow-credentials"
	CORSPreflightMissingAllowExternal        ID = "cors-preflight-missing-allow-external"
	CORSPreflightInvalidAllowExternal        ID = "cors-preflight-invalid-allow-external"
	CORSInvalidAllowMethodsPreflightResponse ID = "cors-invalid-allow-methods-preflight-response"
	CORSInvalidAllowHeadersPreflightResponse ID = "cors-invalid-allow-headers-preflight-response"
	CORSMethodDisallowedByPreflightResponse  ID = "cors-method-disallowed-by-preflight-response"
	CORSHeaderDisallowedByPreflightResponse  ID = "cors-header-disallowed-by-preflight-response"
	CORSRedirectContainsCredentials          ID = "cors-redirect-contains-credentials"
	CORSInsecureLocalNetwork                 ID = "cors-insecure-local-network"
	CORSInvalidLocalNetworkAccess            ID = "cors-invalid-local-network-access"
	CORSNoCorsRedirectModeNotFollow          ID = "cors-no-cors-redirect-mode-not-follow"
	CORSLocalNetworkAccessPermissionDenied   ID = "cors-local-network-access-permission-denied"
)

// Severity ranks findings: Cause beats Likely beats Possible beats Info.
// The zero value is unspecified and never appears in a report.
type Severity uint8

const (
	SeverityUnspecified Severity = iota
	Info
	Possible
	Likely
	Cause
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Possible:
		return "possible"
	case Likely:
		return "likely"
	case Cause:
		return "cause"
	}
	return "unspecified"
}

// Action is the one thing the popup may offer to do about a finding.
type Action uint8

const (
	ActionUnspecified Action = iota
	ActionNone
	ActionClearSiteData
	ActionClearCookies
	ActionClearCache
	ActionReload
)

func (a Action) String() string {
	switch a {
	case ActionNone:
		return "none"
	case ActionClearSiteData:
		return "clear-site-data"
	case ActionClearCookies:
		return "clear-cookies"
	case ActionClearCache:
		return "clear-cache"
	case ActionReload:
		return "reload"
	}
	return "unspecified"
}

// Finding is one explanation of a failure. Evidence is already redacted:
// names, schemes, usernames, claims and lengths — never a secret.
type Finding struct {
	ID          ID
	Severity    Severity
	Title       string
	Explanation string
	Evidence    []string
	Fixes       []string
	Action      Action
}

// Failure is one failed exchange with its findings, most likely cause first.
type Failure struct {
	ExchangeID string
	URL        string // redacted: no userinfo, token-like query values masked
	Method     string
	Status     int // 0 when the request failed without a response
	Error      string
	Findings   []Finding
	Kind       Kind
	Badge      Badge
	// Action is the top finding's action (ActionNone without findings):
	// the one thing the extension offers first for this failure.
	Action Action
	// Clear is what clearing for this failure would touch.
	Clear ClearPlan
}

// ReportVersion is the version of the JSON report format.
const ReportVersion = 1

// Report is the engine's answer for a snapshot.
type Report struct {
	Version  int
	Failures []Failure
	// Problems is carried over from Snapshot.Problems: input that was left
	// out, so the user knows the report may be incomplete.
	Problems []string
	// Badge is the tab's badge: the newest failure's; zero when nothing failed.
	Badge Badge
}
