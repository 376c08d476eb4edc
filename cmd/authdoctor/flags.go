package main

import (
	"flag"
	"io"
	"strconv"

	"github.com/authdoctor/authdoctor/diagnose"
)

// parseInterleaved parses flags that may come before or after positional
// arguments ("diagnose FILE --json" and "diagnose --json FILE").
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func quote(s string) string { return strconv.Quote(s) }

// clean makes attacker-controlled text (URLs, header-derived evidence) safe
// for a terminal, as the engine's report text is.
func clean(s string) string { return diagnose.Clean(s) }
