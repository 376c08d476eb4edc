package lab

import (
	"bufio"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHostileCases checks the server side of every hostile case: the page,
// then (read as raw bytes, since the payloads are not valid HTTP for a
// strict client) a Set-Cookie response and a 401 that carry the payload
// byte for byte where the case says.
func TestHostileCases(t *testing.T) {
	l := New(Options{})
	require.NoError(t, l.Start())
	defer l.Close()
	cases := l.HostileCases()
	require.GreaterOrEqual(t, len(cases), 50)
	names := map[string]bool{}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			require.False(t, names[c.Name], "duplicate name")
			names[c.Name] = true
			u, err := url.Parse(c.URL)
			require.NoError(t, err)
			get := func(sub string) (int, string, string) {
				conn, err := net.Dial("tcp", "127.0.0.1:"+u.Port())
				require.NoError(t, err)
				defer conn.Close()
				_, err = io.WriteString(conn, "GET "+u.Path+sub+" HTTP/1.1\r\nHost: "+u.Host+"\r\nConnection: close\r\n\r\n")
				require.NoError(t, err)
				all, err := io.ReadAll(bufio.NewReader(conn))
				require.NoError(t, err)
				head, body, _ := strings.Cut(string(all), "\r\n\r\n")
				status, err := strconv.Atoi(strings.Fields(head)[1])
				require.NoError(t, err)
				return status, head, body
			}
			status, _, body := get("")
			assert.Equal(t, 200, status)
			assert.Contains(t, body, "done:hostile-")
			assert.NotContains(t, body, "<script>window.__pwned", "the plan is escaped in the page")

			status, setHead, _ := get("set")
			assert.Equal(t, 204, status)
			status, head, _ := get("api")
			assert.Equal(t, 401, status)
			for _, w := range c.Where {
				switch w {
				case SpotServer, SpotBasic:
					assert.Contains(t, head, "\r\nServer: "+c.Payload+"\r\n")
				case SpotRealm:
					assert.Contains(t, head, `Bearer realm="`+strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(c.Payload)+`"`)
				case SpotSetCookie:
					assert.Contains(t, head, "\r\nSet-Cookie: "+c.Payload+"\r\n")
				case SpotCookieName:
					assert.Contains(t, setHead, "\r\nSet-Cookie: "+c.Payload+"=1;")
				case SpotFlood:
					assert.Equal(t, FloodCookies, strings.Count(setHead, "\r\nSet-Cookie: "))
				}
			}
		})
	}
}
