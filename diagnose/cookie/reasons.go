package cookie

// SetBlockedReason says why a Set-Cookie line was not stored. The names are
// Chromium's DevTools Network.SetCookieBlockedReason values; the zero value
// means unspecified (the line was stored).
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
)

var setBlockedNames = [...]string{
	"Unspecified", "SecureOnly", "SameSiteStrict", "SameSiteLax", "SameSiteUnspecifiedTreatedAsLax",
	"SameSiteNoneInsecure", "UserPreferences", "ThirdPartyPhaseout", "SyntaxError", "SchemeNotSupported",
	"OverwriteSecure", "InvalidDomain", "InvalidPrefix", "UnknownError", "SchemefulSameSiteStrict",
	"SchemefulSameSiteLax", "SchemefulSameSiteUnspecifiedTreatedAsLax", "NameValuePairExceedsMaxSize",
	"DisallowedCharacter", "NoCookieContent",
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
