package diagnose

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPlanClear(t *testing.T) {
	tests := []struct {
		name      string
		page, url string
		act       Action
		want      ClearPlan
	}{
		{"stale cookie on the page's own API", "https://app.shop.test/cart", "https://api.shop.test/me", ActionClearCookies,
			ClearPlan{Primary: true, Origins: []string{"https://app.shop.test", "https://api.shop.test"}, Types: cookieTypes, CookieDomains: []string{"shop.test"}}},
		{"same origin", "https://app.test/", "https://app.test/api", ActionClearSiteData,
			ClearPlan{Primary: true, Origins: []string{"https://app.test"}, Types: allTypes, CookieDomains: []string{"app.test"}}},
		{"cross-site request is never cleared by default", "https://app.test/", "https://api.other.test/x", ActionClearCookies,
			ClearPlan{Primary: true, Origins: []string{"https://app.test"}, Types: cookieTypes, CookieDomains: []string{"app.test", "other.test"}, Optional: []string{"https://api.other.test"}}},
		{"server-side cause: a secondary offer for the page only", "https://app.test/", "https://api.other.test/x", ActionNone,
			ClearPlan{Origins: []string{"https://app.test"}, Types: allTypes, CookieDomains: []string{"app.test", "other.test"}, Optional: []string{"https://api.other.test"}}},
		{"cached 401", "https://app.test/", "https://app.test/me", ActionClearCache,
			ClearPlan{Primary: true, Origins: []string{"https://app.test"}, Types: cacheTypes, CookieDomains: []string{"app.test"}}},
		{"public suffix with two labels", "https://shop.co.uk/", "https://api.shop.co.uk/", ActionClearCookies,
			ClearPlan{Primary: true, Origins: []string{"https://shop.co.uk", "https://api.shop.co.uk"}, Types: cookieTypes, CookieDomains: []string{"shop.co.uk"}}},
		{"github.io sites are separate", "https://me.github.io/", "https://you.github.io/x", ActionClearCookies,
			ClearPlan{Primary: true, Origins: []string{"https://me.github.io"}, Types: cookieTypes, CookieDomains: []string{"me.github.io", "you.github.io"}, Optional: []string{"https://you.github.io"}}},
		{"no page known", "", "https://api.test/x", ActionClearSiteData,
			ClearPlan{Primary: true, Origins: []string{"https://api.test"}, Types: allTypes, CookieDomains: []string{"api.test"}}},
		{"non-web page", "chrome://newtab/", "https://api.test/x", ActionClearSiteData,
			ClearPlan{Primary: true, Origins: []string{"https://api.test"}, Types: allTypes, CookieDomains: []string{"api.test"}}},
		{"reload is not a clear", "https://app.test/", "https://app.test/x", ActionReload,
			ClearPlan{Origins: []string{"https://app.test"}, Types: allTypes, CookieDomains: []string{"app.test"}}},
		{"nothing web at all", "about:blank", "data:text/plain,x", ActionClearSiteData,
			ClearPlan{Primary: true, Types: allTypes}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, planClear(tt.page, tt.url, tt.act))
		})
	}
}

func TestCookieDomains(t *testing.T) {
	assert.Equal(t, []string{"shop.co.uk", "me.github.io", "127.0.0.1", "localhost"},
		CookieDomains([]string{"https://a.shop.co.uk/", "http://shop.co.uk/x", "https://me.github.io/", "chrome://x", "http://127.0.0.1:8080/", "http://localhost/"}))
}
