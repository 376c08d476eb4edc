package browserkit

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestStartsAndMapsTestHosts proves the flags work here: a *.test name
// reaches a loopback server through the host-resolver rule.
func TestStartsAndMapsTestHosts(t *testing.T) {
	if _, err := Path(); err != nil {
		t.Skip(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<title>" + r.Host + "</title>"))
	})}
	go srv.Serve(ln)
	defer srv.Close()
	actx, cancel, err := NewAllocator(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	ctx, cancel2 := chromedp.NewContext(actx)
	defer cancel2()
	ctx, cancel3 := context.WithTimeout(ctx, 30*time.Second)
	defer cancel3()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	if err := chromedp.Do(ctx, chromedp.Navigate("http://app.test:"+port+"/")); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if title != "app.test:"+port {
		t.Fatalf("title = %q, want the mapped host", title)
	}
}
