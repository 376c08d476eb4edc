package lab

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configure a Lab. The zero value is usable.
type Options struct {
	// HTTPAddr and HTTPSAddr are the listen addresses; "" means
	// 127.0.0.1:0 (a free port). The host must be a loopback IP.
	HTTPAddr  string
	HTTPSAddr string
	// Now is the lab's clock: JWT iat/exp, Date headers and cookie expiries
	// are computed from it. nil means time.Now.
	Now func() time.Time
}

// Lab is the running server. Its methods are safe for concurrent use.
type Lab struct {
	opts Options

	mu   sync.Mutex
	rec  recorder
	sc   scenarioState
	http *http.Server
	tls  *http.Server
	// ports are set by Start and read-only afterwards.
	httpPort, httpsPort int
	cert                *x509.Certificate
	clientOnce          sync.Once
	client              *http.Client
}

// New returns a Lab that is not listening yet.
func New(o Options) *Lab {
	return &Lab{opts: o}
}

func (l *Lab) now() time.Time {
	if l.opts.Now != nil {
		return l.opts.Now()
	}
	return time.Now()
}

// Start listens and serves in the background. It fails when an address is
// not on loopback or is taken; nothing is left listening then.
func (l *Lab) Start() error {
	if l.http != nil {
		return errors.New("lab: already started")
	}
	hln, err := listenLoopback(l.opts.HTTPAddr)
	if err != nil {
		return err
	}
	sln, err := listenLoopback(l.opts.HTTPSAddr)
	if err != nil {
		hln.Close()
		return err
	}
	pair, leaf, err := newCert(time.Now())
	if err != nil {
		hln.Close()
		sln.Close()
		return errors.New("lab: certificate: " + err.Error())
	}
	l.cert = leaf
	l.httpPort = hln.Addr().(*net.TCPAddr).Port
	l.httpsPort = sln.Addr().(*net.TCPAddr).Port
	h := http.HandlerFunc(l.serve)
	l.http = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	l.tls = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{pair}, NextProtos: []string{"h2", "http/1.1"}}}
	go l.http.Serve(hln)
	go l.tls.ServeTLS(sln, "", "")
	return nil
}

func listenLoopback(addr string) (net.Listener, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, errors.New("lab: listen address " + strconv.Quote(addr) + ": " + err.Error())
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, errors.New("lab: listen address " + strconv.Quote(addr) + " is not a loopback IP (the lab serves deliberately broken endpoints; keep it on 127.0.0.1)")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, errors.New("lab: " + err.Error())
	}
	return ln, nil
}

// Close stops both listeners and drops open connections.
func (l *Lab) Close() error {
	if l.http == nil {
		return nil
	}
	// No graceful shutdown: a lab has nothing worth finishing, and waiting
	// for HTTP/2 connections to go idle costs a second per test.
	return errors.Join(l.http.Close(), l.tls.Close())
}

// HTTPPort is the plain-HTTP port (0 before Start).
func (l *Lab) HTTPPort() int { return l.httpPort }

// HTTPSPort is the HTTPS port (0 before Start).
func (l *Lab) HTTPSPort() int { return l.httpsPort }

// Certificate is the self-signed certificate the HTTPS listener presents.
func (l *Lab) Certificate() *x509.Certificate { return l.cert }

// URL is the lab URL for host and path, e.g. URL("app.test", false, "/x")
// = "http://app.test:8401/x". path should start with "/".
func (l *Lab) URL(host string, secure bool, path string) string {
	if secure {
		return "https://" + host + ":" + strconv.Itoa(l.httpsPort) + path
	}
	return "http://" + host + ":" + strconv.Itoa(l.httpPort) + path
}

// Origin is URL without a path: the value a browser sends in Origin.
func (l *Lab) Origin(host string, secure bool) string {
	return l.URL(host, secure, "")
}

// Client is a plain Go HTTP client for tests: every host name dials the lab
// on loopback (the port from the URL), the lab certificate is trusted, and
// redirects are not followed so each hop can be inspected. It has no cookie
// jar. The same client is returned each time (call after Start).
func (l *Lab) Client() *http.Client {
	l.clientOnce.Do(func() { l.client = l.newClient() })
	return l.client
}

func (l *Lab) newClient() *http.Client {
	pool := x509.NewCertPool()
	pool.AddCert(l.cert)
	d := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Client{
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				_, port, err := net.SplitHostPort(addr)
				if err != nil {
					return nil, err
				}
				return d.DialContext(ctx, network, net.JoinHostPort("127.0.0.1", port))
			},
			TLSClientConfig:   &tls.Config{RootCAs: pool},
			ForceAttemptHTTP2: true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       10 * time.Second,
	}
}

// hostname is the Host header without its port, lower-cased.
func hostname(r *http.Request) string {
	h := r.Host
	if hh, _, err := net.SplitHostPort(h); err == nil {
		h = hh
	}
	return strings.ToLower(strings.TrimSuffix(h, "."))
}

func (l *Lab) serve(w http.ResponseWriter, r *http.Request) {
	// Date follows the lab's clock like everything else it generates; a
	// scenario may still overwrite it (clock-skew does).
	w.Header().Set("Date", l.now().UTC().Format(http.TimeFormat))
	switch p := r.URL.Path; {
	case p == "/script":
		l.serveScript(w, r)
	case p == "/script/log":
		l.serveScriptLog(w, r)
	case p == "/page":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte("<!doctype html><meta charset=utf-8><title>page</title><body></body>\n"))
	case p == "/favicon.ico":
		w.WriteHeader(http.StatusNoContent)
	case strings.HasPrefix(p, "/s/"):
		l.serveScenario(w, r)
	case p == "/":
		l.serveIndex(w, r)
	default:
		for prefix, h := range routes {
			if strings.HasPrefix(p, prefix) {
				h(l, w, r)
				return
			}
		}
		http.NotFound(w, r)
	}
}

// routes are path prefixes served by other files of the package, each
// registered from its file's init (hostile.go: "/h/"), so a new set of
// endpoints does not touch serve.
var routes = map[string]func(l *Lab, w http.ResponseWriter, r *http.Request){}
