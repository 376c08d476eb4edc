// Command authdoctor explains failed authentication and CORS requests from
// a HAR file, and serves the lab of broken endpoints.
//
//	authdoctor diagnose FILE.har [--json] [--url SUBSTR] [--now RFC3339]
//	authdoctor lab [--http 127.0.0.1:8401] [--https 127.0.0.1:8443]
//	authdoctor version
//	authdoctor help
//
// diagnose judges the HAR at --now, which defaults to the end of the HAR's
// last entry (not the wall clock), so the same file always gives the same
// report; pass --now to ask "what would it say at this time". Exit status:
// 0 when the diagnosis ran (whatever it found), 2 when the input or the
// command line is unusable.
package main

import (
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `Auth Doctor explains why requests got 401 or failed CORS.

Usage:
  authdoctor diagnose FILE.har [--json] [--url SUBSTR] [--now RFC3339]
      Diagnose the failed requests recorded in a HAR file (Chrome DevTools,
      Firefox, Playwright, chromedp...). --json prints the report in the
      extension's wire format. --url keeps failures whose URL contains SUBSTR.
      --now is the time the HAR is judged at (default: the end of its last
      entry, so results do not depend on when you run it).
  authdoctor lab [--http 127.0.0.1:8401] [--https 127.0.0.1:8443]
      Serve the lab of broken endpoints on loopback and list its scenarios.
  authdoctor version
  authdoctor help

Exit status: 0 when it ran (findings or not), 2 on unusable input.
`

// run is the whole CLI, in-process testable.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		io.WriteString(stderr, usage)
		return 2
	}
	switch args[0] {
	case "diagnose":
		return runDiagnose(args[1:], stdout, stderr)
	case "lab":
		return runLab(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		io.WriteString(stdout, versionLine())
		return 0
	case "help", "--help", "-help", "-h":
		io.WriteString(stdout, usage)
		return 0
	}
	io.WriteString(stderr, "authdoctor: unknown command "+quote(args[0])+"\n\n"+usage)
	return 2
}
