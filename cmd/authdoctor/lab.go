package main

import (
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/authdoctor/authdoctor/lab"
)

// waitForStop blocks until the lab should stop; tests replace it.
var waitForStop = func() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	<-c
	signal.Stop(c)
}

func runLab(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("lab", stderr)
	httpAddr := fs.String("http", "127.0.0.1:8401", "plain-HTTP listen address (loopback only)")
	httpsAddr := fs.String("https", "127.0.0.1:8443", "HTTPS listen address (loopback only)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) > 0 {
		io.WriteString(stderr, "authdoctor lab: unexpected argument "+quote(pos[0])+"\n")
		return 2
	}
	l := lab.New(lab.Options{HTTPAddr: *httpAddr, HTTPSAddr: *httpsAddr})
	if err := l.Start(); err != nil {
		io.WriteString(stderr, "authdoctor "+err.Error()+"\n")
		return 2
	}
	defer l.Close()
	io.WriteString(stdout, "Auth Doctor lab: http on 127.0.0.1:"+strconv.Itoa(l.HTTPPort())+", https on 127.0.0.1:"+strconv.Itoa(l.HTTPSPort())+
		" (self-signed certificate)\n\nStart Chromium with:\n  chromium --host-resolver-rules="+quote(lab.HostRules)+" --ignore-certificate-errors "+
		l.URL("app.test", true, "/")+"\n\nScenarios:\n")
	l.WriteIndex(stdout)
	io.WriteString(stdout, "\nCtrl-C stops the lab.\n")
	waitForStop()
	return 0
}
