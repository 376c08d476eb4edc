package main

import "github.com/authdoctor/authdoctor/diagnose"

// The engine calls, in one place. Inputs and outputs are wire JSON
// (docs/wire.md); a bad input comes back as an error report, never a panic.

func diagnoseJSON(in []byte) []byte {
	s, err := diagnose.DecodeSnapshot(in)
	if err != nil {
		return diagnose.EncodeError(err)
	}
	return diagnose.EncodeReport(diagnose.Diagnose(s))
}

// redactJSON takes a snapshot (the worker wraps one exchange in it) and
// returns it with every secret masked in the form the rules still read.
func redactJSON(in []byte) []byte {
	s, err := diagnose.DecodeSnapshot(in)
	if err != nil {
		return diagnose.EncodeError(err)
	}
	return diagnose.EncodeSnapshot(diagnose.RedactSnapshot(s))
}

func encodeError(err error) []byte { return diagnose.EncodeError(err) }

// triageJSON says which exchanges of a snapshot are failures and the badge
// they give the tab; the worker asks it before it stores one.
func triageJSON(in []byte) []byte {
	s, err := diagnose.DecodeSnapshot(in)
	if err != nil {
		return diagnose.EncodeError(err)
	}
	return diagnose.EncodeTriage(diagnose.Triage(s))
}

// cookieDomainsJSON maps a JSON array of URLs to the registrable domains
// whose cookies the worker reads for a diagnosis.
func cookieDomainsJSON(in []byte) []byte {
	urls, err := diagnose.DecodeURLs(in)
	if err != nil {
		return diagnose.EncodeError(err)
	}
	return diagnose.EncodeDomains(diagnose.CookieDomains(urls))
}
