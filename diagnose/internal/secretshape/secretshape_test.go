package secretshape

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestKey(t *testing.T) {
	for s, prefix := range map[string]string{
		"sk_live_51HqLyjWDarjtT1zdp7dcXYZ": "sk_live_", "ghp_16C7e42F292c6912E7710c838347Ae178B4a": "ghp_",
		"xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy": "xoxb-", "AKIAIOSFODNN7EXAMPLE": "AKIA",
		"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08": "", "Xk29dLq0Pz7Rt5Wm3Nc8Bv1Hy6Gf4Js2": "",
		strings.Repeat("*", 20): "", "sk_live_" + strings.Repeat("*", 24): "sk_live_", strings.Repeat("a1B2c3D4", 3): "",
	} {
		p, ok := Key(s)
		assert.True(t, ok, s)
		assert.Equal(t, prefix, p, s)
		p2, ok := Key(Mask(s))
		assert.True(t, ok, "the mask of %s", s)
		assert.Equal(t, prefix, p2)
	}
	for _, s := range []string{"alice", "bob.smith@example.com", "MyUserName2024Admin", "user.name.with.digits2024", "service-account-prod",
		"projects-2024-q3-report-final-v2", "550e8400-e29b-41d4-a716-446655440000", "sk_live_short", "AWS4-HMAC-SHA256", "Bearer", "averyveryverylongwordwithoutdigits"} {
		_, ok := Key(s)
		assert.False(t, ok, s)
	}
}

func TestShapes(t *testing.T) {
	assert.True(t, JWT("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"))
	assert.False(t, JWT("eyJhbGciOiJIUzI1NiJ9"))
	assert.True(t, BotToken("bot123456:AAH-SECRET"))
	assert.True(t, BotToken("110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"))
	assert.False(t, BotToken("p:batchGet"))
	assert.False(t, BotToken("bot12:AAHdqTcvCH"))
	assert.True(t, Email("alice.liddell@example.com"))
	assert.False(t, Email("alice"))
	assert.False(t, Email("auth0|12345"))
	for _, s := range []string{"+15550100123", "+1 555 0100 1234", "(555) 010-0123"} {
		assert.True(t, Phone(s), s)
	}
	for _, s := range []string{"248289761001", "alice", "+1", "12-34"} {
		assert.False(t, Phone(s), s)
	}
}
