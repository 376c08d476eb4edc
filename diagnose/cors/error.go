// Package cors re-derives Chromium's CORS verdict for one request from what
// webRequest shows: the request, its preflight and the responses. The browser
// only reports net::ERR_FAILED; this package names the exact reason Chromium
// 156 would give (its Network.CorsError) and the header lines that fix it.
//
// The order of the checks follows Chromium's network service
// (services/network/cors/cors_url_loader.cc, preflight_controller.cc,
// preflight_result.cc and public/cpp/cors/cors.cc), because when several
// problems apply only the first one is reported.
package cors

import "strconv"

// CorsError is Chromium's Network.CorsError. The zero value means no error
// (or not known yet).
type CorsError uint8

const (
	ErrNone CorsError = iota
	DisallowedByMode
	InvalidResponse
	WildcardOriginNotAllowed
	MissingAllowOriginHeader
	MultipleAllowOriginValues
	InvalidAllowOriginValue
	AllowOriginMismatch
	InvalidAllowCredentials
	CorsDisabledScheme
	PreflightInvalidStatus
	PreflightDisallowedRedirect
	PreflightWildcardOriginNotAllowed
	PreflightMissingAllowOriginHeader
	PreflightMultipleAllowOriginValues
	PreflightInvalidAllowOriginValue
	PreflightAllowOriginMismatch
	PreflightInvalidAllowCredentials
	PreflightMissingAllowExternal
	PreflightInvalidAllowExternal
	InvalidAllowMethodsPreflightResponse
	InvalidAllowHeadersPreflightResponse
	MethodDisallowedByPreflightResponse
	HeaderDisallowedByPreflightResponse
	RedirectContainsCredentials
	InsecureLocalNetwork
	InvalidLocalNetworkAccess
	NoCorsRedirectModeNotFollow
	LocalNetworkAccessPermissionDenied
	numErrors
)

var errorNames = [numErrors]string{
	ErrNone:                              "",
	DisallowedByMode:                     "DisallowedByMode",
	InvalidResponse:                      "InvalidResponse",
	WildcardOriginNotAllowed:             "WildcardOriginNotAllowed",
	MissingAllowOriginHeader:             "MissingAllowOriginHeader",
	MultipleAllowOriginValues:            "MultipleAllowOriginValues",
	InvalidAllowOriginValue:              "InvalidAllowOriginValue",
	AllowOriginMismatch:                  "AllowOriginMismatch",
	InvalidAllowCredentials:              "InvalidAllowCredentials",
	CorsDisabledScheme:                   "CorsDisabledScheme",
	PreflightInvalidStatus:               "PreflightInvalidStatus",
	PreflightDisallowedRedirect:          "PreflightDisallowedRedirect",
	PreflightWildcardOriginNotAllowed:    "PreflightWildcardOriginNotAllowed",
	PreflightMissingAllowOriginHeader:    "PreflightMissingAllowOriginHeader",
	PreflightMultipleAllowOriginValues:   "PreflightMultipleAllowOriginValues",
	PreflightInvalidAllowOriginValue:     "PreflightInvalidAllowOriginValue",
	PreflightAllowOriginMismatch:         "PreflightAllowOriginMismatch",
	PreflightInvalidAllowCredentials:     "PreflightInvalidAllowCredentials",
	PreflightMissingAllowExternal:        "PreflightMissingAllowExternal",
	PreflightInvalidAllowExternal:        "PreflightInvalidAllowExternal",
	InvalidAllowMethodsPreflightResponse: "InvalidAllowMethodsPreflightResponse",
	InvalidAllowHeadersPreflightResponse: "InvalidAllowHeadersPreflightResponse",
	MethodDisallowedByPreflightResponse:  "MethodDisallowedByPreflightResponse",
	HeaderDisallowedByPreflightResponse:  "HeaderDisallowedByPreflightResponse",
	RedirectContainsCredentials:          "RedirectContainsCredentials",
	InsecureLocalNetwork:                 "InsecureLocalNetwork",
	InvalidLocalNetworkAccess:            "InvalidLocalNetworkAccess",
	NoCorsRedirectModeNotFollow:          "NoCorsRedirectModeNotFollow",
	LocalNetworkAccessPermissionDenied:   "LocalNetworkAccessPermissionDenied",
}

// String is the name DevTools uses (Network.CorsError), "" for ErrNone.
func (e CorsError) String() string {
	if e >= numErrors {
		return "CorsError(" + strconv.Itoa(int(e)) + ")"
	}
	return errorNames[e]
}

// ID is the finding ID: "cors-" followed by the kebab-case of the name,
// e.g. "cors-preflight-invalid-status"; "" for ErrNone or an unknown value.
func (e CorsError) ID() string {
	if e == ErrNone || e >= numErrors {
		return ""
	}
	name := errorNames[e]
	b := make([]byte, 0, len(name)+8)
	b = append(b, "cors"...)
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			b = append(b, '-', c+'a'-'A')
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// IsPreflight says whether the error is about the preflight response.
func (e CorsError) IsPreflight() bool {
	switch e {
	case PreflightInvalidStatus, PreflightDisallowedRedirect, PreflightWildcardOriginNotAllowed,
		PreflightMissingAllowOriginHeader, PreflightMultipleAllowOriginValues,
		PreflightInvalidAllowOriginValue, PreflightAllowOriginMismatch,
		PreflightInvalidAllowCredentials, PreflightMissingAllowExternal,
		PreflightInvalidAllowExternal, InvalidAllowMethodsPreflightResponse,
		InvalidAllowHeadersPreflightResponse, MethodDisallowedByPreflightResponse,
		HeaderDisallowedByPreflightResponse:
		return true
	}
	return false
}

// ParseCorsError maps a DevTools name back to the enum; ErrNone when unknown.
func ParseCorsError(name string) CorsError {
	for i, n := range errorNames {
		if n == name && n != "" {
			return CorsError(i)
		}
	}
	return ErrNone
}

// preflightVariant maps an access-check error to the name Chromium uses when
// the same check fails on a preflight response.
func (e CorsError) preflightVariant() CorsError {
	switch e {
	case WildcardOriginNotAllowed:
		return PreflightWildcardOriginNotAllowed
	case MissingAllowOriginHeader:
		return PreflightMissingAllowOriginHeader
	case MultipleAllowOriginValues:
		return PreflightMultipleAllowOriginValues
	case InvalidAllowOriginValue:
		return PreflightInvalidAllowOriginValue
	case AllowOriginMismatch:
		return PreflightAllowOriginMismatch
	case InvalidAllowCredentials:
		return PreflightInvalidAllowCredentials
	}
	return e
}
