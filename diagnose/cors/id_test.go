package cors_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/diagnose/cors"
)

// TestIDsMatchFindingCatalog ties the enum to the closed finding vocabulary:
// every CORS error's ID is a diagnose constant, and every "cors-" constant
// named after a Network.CorsError has an enum value.
func TestIDsMatchFindingCatalog(t *testing.T) {
	want := map[cors.CorsError]diagnose.ID{
		cors.DisallowedByMode:                     diagnose.CORSDisallowedByMode,
		cors.InvalidResponse:                      diagnose.CORSInvalidResponse,
		cors.WildcardOriginNotAllowed:             diagnose.CORSWildcardOriginNotAllowed,
		cors.MissingAllowOriginHeader:             diagnose.CORSMissingAllowOriginHeader,
		cors.MultipleAllowOriginValues:            diagnose.CORSMultipleAllowOriginValues,
		cors.InvalidAllowOriginValue:              diagnose.CORSInvalidAllowOriginValue,
		cors.AllowOriginMismatch:                  diagnose.CORSAllowOriginMismatch,
		cors.InvalidAllowCredentials:              diagnose.CORSInvalidAllowCredentials,
		cors.CorsDisabledScheme:                   diagnose.CORSCorsDisabledScheme,
		cors.PreflightInvalidStatus:               diagnose.CORSPreflightInvalidStatus,
		cors.PreflightDisallowedRedirect:          diagnose.CORSPreflightDisallowedRedirect,
		cors.PreflightWildcardOriginNotAllowed:    diagnose.CORSPreflightWildcardOriginNotAllowed,
		cors.PreflightMissingAllowOriginHeader:    diagnose.CORSPreflightMissingAllowOriginHeader,
		cors.PreflightMultipleAllowOriginValues:   diagnose.CORSPreflightMultipleAllowOriginValues,
		cors.PreflightInvalidAllowOriginValue:     diagnose.CORSPreflightInvalidAllowOriginValue,
		cors.PreflightAllowOriginMismatch:         diagnose.CORSPreflightAllowOriginMismatch,
		cors.PreflightInvalidAllowCredentials:     diagnose.CORSPreflightInvalidAllowCredentials,
		cors.PreflightMissingAllowExternal:        diagnose.CORSPreflightMissingAllowExternal,
		cors.PreflightInvalidAllowExternal:        diagnose.CORSPreflightInvalidAllowExternal,
		cors.InvalidAllowMethodsPreflightResponse: diagnose.CORSInvalidAllowMethodsPreflightResponse,
		cors.InvalidAllowHeadersPreflightResponse: diagnose.CORSInvalidAllowHeadersPreflightResponse,
		cors.MethodDisallowedByPreflightResponse:  diagnose.CORSMethodDisallowedByPreflightResponse,
		cors.HeaderDisallowedByPreflightResponse:  diagnose.CORSHeaderDisallowedByPreflightResponse,
		cors.RedirectContainsCredentials:          diagnose.CORSRedirectContainsCredentials,
		cors.InsecureLocalNetwork:                 diagnose.CORSInsecureLocalNetwork,
		cors.InvalidLocalNetworkAccess:            diagnose.CORSInvalidLocalNetworkAccess,
		cors.NoCorsRedirectModeNotFollow:          diagnose.CORSNoCorsRedirectModeNotFollow,
		cors.LocalNetworkAccessPermissionDenied:   diagnose.CORSLocalNetworkAccessPermissionDenied,
	}
	for e, id := range want {
		t.Run(e.String(), func(t *testing.T) {
			assert.Equal(t, string(id), e.ID())
			assert.Equal(t, e, cors.ParseCorsError(e.String()))
		})
	}
	t.Run("every value is covered", func(t *testing.T) {
		for e := cors.CorsError(1); e.String() != "CorsError("+itoa(int(e))+")"; e++ {
			_, ok := want[e]
			assert.True(t, ok, "%s has no finding ID in this test", e)
		}
	})
	t.Run("zero value", func(t *testing.T) {
		assert.Equal(t, "", cors.ErrNone.String())
		assert.Equal(t, "", cors.ErrNone.ID())
		assert.Equal(t, cors.ErrNone, cors.ParseCorsError(""))
		assert.Equal(t, cors.ErrNone, cors.ParseCorsError("NoSuchError"))
	})
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		n /= 10
		if n == 0 {
			return s
		}
	}
}
