package main

import (
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/diagnose/har"
)

func runDiagnose(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("diagnose", stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON (the extension's wire format)")
	asMarkdown := fs.Bool("markdown", false, "print each failure's Markdown report (the popup's Copy report)")
	urlSub := fs.String("url", "", "only failures whose URL contains this text")
	nowArg := fs.String("now", "", "judge the HAR at this RFC 3339 time (default: the end of its last entry)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 1 {
		io.WriteString(stderr, "authdoctor diagnose: expected one HAR file, got "+strconv.Itoa(len(pos))+" arguments\n")
		return 2
	}
	path := pos[0]
	fail := func(msg string) int {
		if *asJSON {
			stdout.Write(diagnose.EncodeError(errString(path + ": " + msg)))
			io.WriteString(stdout, "\n")
		}
		io.WriteString(stderr, "authdoctor diagnose: "+path+": "+msg+"\n")
		return 2
	}
	var opts har.Options
	if *nowArg != "" {
		t, err := time.Parse(time.RFC3339Nano, *nowArg)
		if err != nil {
			io.WriteString(stderr, "authdoctor diagnose: --now "+quote(*nowArg)+" is not an RFC 3339 time (like 2026-03-01T12:00:00Z)\n")
			return 2
		}
		opts.Now = t
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(strings.TrimPrefix(err.Error(), "open "+path+": "))
	}
	defer f.Close()
	res, err := har.Read(f, opts)
	if err != nil {
		return fail(err.Error())
	}
	// Diagnose the redacted snapshot, as the extension does with what it
	// stores: no secret can reach any output mode, whatever the rules print.
	// Redaction keeps what the rules read (lengths, names, JWT times).
	res.Snapshot = diagnose.RedactSnapshot(res.Snapshot)
	rep := diagnose.Diagnose(res.Snapshot)
	if *urlSub != "" {
		kept := rep.Failures[:0]
		for _, fl := range rep.Failures {
			if strings.Contains(fl.URL, *urlSub) {
				kept = append(kept, fl)
			}
		}
		rep.Failures = kept
	}
	if *asJSON {
		stdout.Write(diagnose.EncodeReport(rep))
		io.WriteString(stdout, "\n")
		return 0
	}
	if *asMarkdown {
		for i, f := range rep.Failures {
			if i > 0 {
				io.WriteString(stdout, "\n---\n\n")
			}
			io.WriteString(stdout, diagnose.Markdown(f))
		}
		return 0
	}
	writeHuman(stdout, path, res, rep, *urlSub)
	return 0
}

type errString string

func (e errString) Error() string { return string(e) }

// writeHuman prints failures newest first (the report's order); for each,
// the top finding in full and the others as title and evidence.
func writeHuman(w io.Writer, path string, res *har.Result, rep diagnose.Report, urlSub string) {
	var b strings.Builder
	s := res.Snapshot
	b.WriteString(clean(path) + ": " + plural(len(s.Exchanges), "request") + ", " + plural(len(rep.Failures), "failure"))
	if urlSub != "" {
		b.WriteString(" matching " + quote(urlSub))
	}
	if !s.Now.IsZero() {
		b.WriteString(", judged at " + s.Now.UTC().Format(time.RFC3339))
	}
	if res.Creator != "" {
		b.WriteString(" (recorded by " + clean(res.Creator) + ")")
	}
	b.WriteString("\n")
	for _, p := range rep.Problems { // the snapshot's problems, carried over by Diagnose
		b.WriteString("note: " + clean(p) + "\n")
	}
	if len(rep.Failures) == 0 {
		b.WriteString("\nNo failed authentication or CORS requests found.\n")
	}
	for i, f := range rep.Failures {
		b.WriteString("\n" + diagnose.Text(f, i+1))
	}
	io.WriteString(w, b.String())
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
