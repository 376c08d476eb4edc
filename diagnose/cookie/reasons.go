package cookie

// SetBlockedReason says why a Set-Cookie line was not stored. The names are
// Chromium's DevTools Network.SetCookieBlockedReason values (except
// SetInvalidPartitioned, which DevTools does not name); the zero value means
// unspecified (the line was stored).
//
// Chromium 156 names every SameSite refusal with its Schemeful name, so the
// engine never gives SetSameSiteStrict, SetSameSiteLax or
// SetSameSiteUnspecifiedTreatedAsLax; they stay for older reports.
type SetBlockedReason uint8

const (
	SetBlockedUnspecified SetBlockedReason = iota
	SetSecureOnly
	SetSameSiteStrict
	SetSameSiteLax
	SetSameSiteUnspecifiedTreatedAsLax
	SetSameSiteNoneInsecure
	SetUserPreferences
	SetThirdPartyPhaseout
	SetSyntaxError
	SetSchemeNotSupported
	SetOverwriteSecure
	SetInvalidDomain
	SetInvalidPrefix
	SetUnknownError
	SetSchemefulSameSiteStrict
	SetSchemefulSameSiteLax
	SetSchemefulSameSiteUnspecifiedTreatedAsLax
	SetNameValuePairExceedsMaxSize
	SetDisallowedCharacter
	SetNoCookieContent
	// SetInvalidPartitioned is Chromium's EXCLUDE_INVALID_PARTITIONED (a
	// Partitioned line without Secure, or from an insecure URL). DevTools
	// has no name for it and leaves the line out of blockedCookies.
	SetInvalidPartitioned
)

var setBlockedNames = [...]string{
	"Unspecified", "SecureOnly", "SameSiteStrict", "SameSiteLax", "SameSiteUnspecifiedTreatedAsLax",
	"SameSiteNoneInsecure", "UserPreferences", "ThirdPartyPhaseout", "SyntaxError", "SchemeNotSupported",
	"OverwriteSecure", "InvalidDomain", "InvalidPrefix", "UnknownError", "SchemefulSameSiteStrict",
	"SchemefulSameSiteLax", "SchemefulSameSiteUnspecifiedTreatedAsLax", "NameValuePairExceedsMaxSize",
	"DisallowedCharacter", "NoCookieContent", "InvalidPartitioned",
}

func (r SetBlockedReason) String() string {
	if int(r) < len(setBlockedNames) {
		return setBlockedNames[r]
	}
	return "Unspecified"
}

// BlockedReason says why a jar cookie was not attached to a request. The
// names are Chromium's DevTools Network.CookieBlockedReason values; the zero
// value means unspecified (the cookie was sent).
//
// Chromium 156 names every SameSite exclusion with its Schemeful name, for a
// cross-site request as for a cross-scheme one (seen in DevTools by
// e2e/cookiediff_test.go), so the engine never gives BlockedSameSiteStrict,
// BlockedSameSiteLax or BlockedSameSiteUnspecifiedTreatedAsLax.
type BlockedReason uint8

const (
	BlockedUnspecified BlockedReason = iota
	BlockedSecureOnly
	BlockedNotOnPath
	BlockedDomainMismatch
	BlockedSameSiteStrict
	BlockedSameSiteLax
	BlockedSameSiteUnspecifiedTreatedAsLax
	BlockedSameSiteNoneInsecure
	BlockedUserPreferences
	BlockedThirdPartyPhaseout
	BlockedUnknownError
	BlockedSchemefulSameSiteStrict
	BlockedSchemefulSameSiteLax
	BlockedSchemefulSameSiteUnspecifiedTreatedAsLax
	BlockedNameValuePairExceedsMaxSize
	BlockedPortMismatch
	BlockedSchemeMismatch
	BlockedAnonymousContext
)

var blockedNames = [...]string{
	"Unspecified", "SecureOnly", "NotOnPath", "DomainMismatch", "SameSiteStrict", "SameSiteLax",
	"SameSiteUnspecifiedTreatedAsLax", "SameSiteNoneInsecure", "UserPreferences", "ThirdPartyPhaseout",
	"UnknownError", "SchemefulSameSiteStrict", "SchemefulSameSiteLax",
	"SchemefulSameSiteUnspecifiedTreatedAsLax", "NameValuePairExceedsMaxSize", "PortMismatch",
	"SchemeMismatch", "AnonymousContext",
}

func (r BlockedReason) String() string {
	if int(r) < len(blockedNames) {
		return blockedNames[r]
	}
	return "Unspecified"
}
